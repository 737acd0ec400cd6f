"""BM25's inputs kept per chunk, so an ingest tokenises only the documents it adds or changes.

A chunk's BM25 tokens are, for every word piece of its title, section and
text, the piece's stem plus the stems of its compound parts. The parts depend
on the whole library's vocabulary (``Decompounder``), so what a generation
stores per chunk is the library-independent half: piece counts
(``pieces.npz``, chunk × piece). A build then
  1. keeps the piece rows of unchanged documents (row slices, no text),
  2. counts the pieces of new chunks,
  3. expands each distinct piece to its tokens with the new vocabulary
     (piece × token; grows with the vocabulary, not the number of passages),
  4. multiplies the two into term frequencies and scores them (``BM25Index.from_tf``).
The result equals tokenising every chunk again with ``document_tokens``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from foundation.text.tokens import Decompounder, pieces, stem
from index import generation as ix
from index.bm25 import BM25Index

PIECES_FILE = "pieces.npz"
PIECE_VOCAB_FILE = "pieces.json"


def chunk_text(row: Mapping[str, Any]) -> str:
    """What BM25 indexes of a chunk: its title, section path and text."""
    return f'{row["title"]} {row["section"] or ""} {row["text"]}'


def piece_matrix(rows: Sequence[Mapping[str, Any]], vocab: dict[str, int]) -> sp.csr_matrix:
    """Piece counts of ``rows`` (one row each); new pieces are appended to ``vocab``."""
    indptr, cols, vals = [0], [], []
    for r in rows:
        for p, c in Counter(pieces(chunk_text(r))).items():
            cols.append(vocab.setdefault(p, len(vocab)))
            vals.append(c)
        indptr.append(len(cols))
    return sp.csr_matrix((np.array(vals, np.int32), np.array(cols, np.int32), np.array(indptr, np.int64)), shape=(len(rows), len(vocab)))


def expansion(piece_vocab: Sequence[str], decompounder: Decompounder) -> tuple[sp.csr_matrix, list[str]]:
    """Piece × token counts: the piece's stem and the stems of its compound parts (``document_tokens``)."""
    tokens: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, p in enumerate(piece_vocab):
        toks = [stem(p)]
        parts = decompounder.split(p)
        if parts:
            toks.extend(stem(x) for x in parts)
        for t, c in Counter(toks).items():
            rows.append(i)
            cols.append(tokens.setdefault(t, len(tokens)))
            vals.append(c)
    e = sp.csr_matrix((np.array(vals, np.int32), (np.array(rows, np.int64), np.array(cols, np.int64))), shape=(len(piece_vocab), len(tokens)))
    return e, list(tokens)


class PieceTable:
    """Piece counts of a generation's chunks (rows in ``chunks.jsonl`` order) and their vocabulary."""

    def __init__(self, matrix: sp.csr_matrix, vocab: list[str]) -> None:
        self.matrix = matrix
        self.vocab = vocab

    def save(self, folder: Path) -> None:
        m = self.matrix
        np.savez(folder / PIECES_FILE, data=m.data, indices=m.indices, indptr=m.indptr, shape=np.array(m.shape))
        (folder / PIECE_VOCAB_FILE).write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "PieceTable | None":
        """The stored table, or None when the generation has none (built before it existed) or it is unreadable."""
        try:
            with np.load(folder / PIECES_FILE, allow_pickle=False) as z:
                shape = tuple(int(x) for x in z["shape"])
                matrix = sp.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=shape)
            vocab = json.loads((folder / PIECE_VOCAB_FILE).read_text(encoding="utf-8"))
        except Exception:  # noqa: BLE001 - missing or damaged: the caller counts the pieces again
            return None
        return cls(matrix, vocab) if len(vocab) == shape[1] else None


def build_lexical(
    folder: Path,
    rows: Sequence[Mapping[str, Any]],
    reuse: Mapping[int, int],
    previous: PieceTable | None,
    counts: Mapping[str, int],
) -> BM25Index:
    """Write the piece table and the BM25 index of a generation's chunk ``rows`` into ``folder``.

    Args:
        rows: every chunk row of the new generation, in stored order.
        reuse: row in ``rows`` -> row in ``previous`` for chunks whose pieces are kept.
        previous: the previous generation's piece table (None: count every chunk).
        counts: the library's word counts, which decide compound splits.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if previous is None:
        reuse = {}
    vocab: dict[str, int] = {p: i for i, p in enumerate(previous.vocab)} if previous is not None else {}
    fresh_rows = [i for i in range(len(rows)) if i not in reuse]
    fresh = piece_matrix([ix.full(rows[i]) for i in fresh_rows], vocab)
    n_vocab = len(vocab)
    parts = []
    if reuse:
        old = previous.matrix[np.fromiter(reuse.values(), np.int64, len(reuse))]
        parts.append((np.fromiter(reuse.keys(), np.int64, len(reuse)), sp.csr_matrix(old, shape=(len(reuse), previous.matrix.shape[1]))))
    parts.append((np.array(fresh_rows, np.int64), fresh))
    stacked = sp.vstack([sp.csr_matrix((m.data, m.indices, m.indptr), shape=(m.shape[0], n_vocab)) for _, m in parts], format="csr")
    order = np.argsort(np.concatenate([idx for idx, _ in parts]), kind="stable")
    matrix = stacked[order]
    # drop pieces no chunk holds any more, so the vocabulary follows the library
    used = np.flatnonzero(np.bincount(matrix.indices, minlength=n_vocab))
    piece_vocab = [p for p, _ in sorted(vocab.items(), key=lambda kv: kv[1])]
    piece_vocab = [piece_vocab[i] for i in used]
    matrix = sp.csr_matrix(matrix[:, used])
    PieceTable(matrix, piece_vocab).save(folder)
    e, tokens = expansion(piece_vocab, Decompounder(counts))
    index = BM25Index.from_tf(matrix.astype(np.int64) @ e.astype(np.int64), tokens)
    index.save(folder)
    return index
