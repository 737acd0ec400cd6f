"""BM25's inputs kept per chunk, so an ingest tokenises only the documents it adds or changes.

A chunk's BM25 tokens are, for every word piece of its title, section and
text, the piece's stem plus the stems of its compound parts. The parts depend
on the whole library's vocabulary (``Decompounder``), so what a generation
stores per chunk is the library-independent half: piece counts (chunk × piece),
in segments (``index.bm25_segments``). A build then
  1. links the previous generation's segments (their kept documents' rows
     stay; removed ones are marked dead), or merges some by the merge policy,
  2. counts the pieces of the new chunks into one new segment,
  3. expands each distinct piece to its tokens with the new vocabulary
     (piece × token; grows with the vocabulary, not the number of passages).
A query multiplies the two for its tokens only. The scores equal tokenising
every chunk again with ``document_tokens``. Generations from before segments
(one piece table, ``pieces.npz``, and one score matrix) are read as they are
and become one segment at the next ingest.
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
from index import bm25_segments as seg
from index import generation as ix
from index.shards import link

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
    keys: Mapping[str, str],
    fresh: set[str],
    counts: Mapping[str, int],
    previous: Path | None = None,
    previous_keys: Mapping[str, str] | None = None,
    legacy: PieceTable | None = None,
    reuse: Mapping[int, int] | None = None,
) -> None:
    """Write the BM25 segments and expansion (``index.bm25_segments``) of a generation's chunk ``rows`` into ``folder``.

    Args:
        rows: every chunk row of the new generation, in stored order.
        keys: document name -> shard key in the new generation.
        fresh: the documents this ingest read (added or changed); their pieces are counted.
        counts: the library's word counts, which decide compound splits.
        previous: the previous generation's BM25 folder. With segments, theirs are
            linked or merged and only ``fresh`` is counted; without (a cold build or an
            older layout), every row goes into one segment.
        previous_keys: document name -> key in the previous generation.
        legacy: an older generation's piece table, ``reuse`` mapping rows to its rows.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if previous is not None and seg.segmented(previous):
        segments = _carry(folder, rows, keys, fresh, previous, previous_keys or {})
    else:
        matrix, piece_vocab = _all_pieces(rows, reuse or {}, legacy)
        segments = [(seg.new_segment(matrix, piece_vocab, _docs(rows, keys)), [])] if rows else []
        for s, _ in segments:
            s.save(folder)
    vocab: dict[str, None] = {}
    for s, _ in segments:
        vocab.update(dict.fromkeys(s.pieces))
    e, tokens = expansion(list(vocab), Decompounder(counts))
    seg.write_index(folder, segments, e, list(vocab), tokens)


def _docs(rows: Sequence[Mapping[str, Any]], keys: Mapping[str, str]) -> list[tuple[str, int]]:
    """(key, passages) of the documents of ``rows``, in their order (rows come grouped by document)."""
    out: list[tuple[str, int]] = []
    last = None
    for r in rows:
        if r["doc"] != last:
            out.append((keys[r["doc"]], 0))
            last = r["doc"]
        out[-1] = (out[-1][0], out[-1][1] + 1)
    return out


def _all_pieces(rows: Sequence[Mapping[str, Any]], reuse: Mapping[int, int], legacy: PieceTable | None) -> tuple[sp.csr_matrix, list[str]]:
    """Piece counts of every row: from an older generation's table where ``reuse`` maps a row into it, counted otherwise."""
    if legacy is None:
        reuse = {}
    vocab: dict[str, int] = {p: i for i, p in enumerate(legacy.vocab)} if legacy is not None else {}
    fresh_rows = [i for i in range(len(rows)) if i not in reuse]
    fresh = piece_matrix([ix.full(rows[i]) for i in fresh_rows], vocab)
    n_vocab = len(vocab)
    parts = []
    if reuse:
        old = legacy.matrix[np.fromiter(reuse.values(), np.int64, len(reuse))]
        parts.append((np.fromiter(reuse.keys(), np.int64, len(reuse)), sp.csr_matrix(old, shape=(len(reuse), legacy.matrix.shape[1]))))
    parts.append((np.array(fresh_rows, np.int64), fresh))
    stacked = sp.vstack([sp.csr_matrix((m.data, m.indices, m.indptr), shape=(m.shape[0], n_vocab)) for _, m in parts], format="csr")
    order = np.argsort(np.concatenate([idx for idx, _ in parts]), kind="stable")
    return stacked[order], [p for p, _ in sorted(vocab.items(), key=lambda kv: kv[1])]


def _carry(
    folder: Path,
    rows: Sequence[Mapping[str, Any]],
    keys: Mapping[str, str],
    fresh: set[str],
    previous: Path,
    previous_keys: Mapping[str, str],
) -> list[tuple[seg.Segment, list[str]]]:
    """The previous generation's segments, linked where kept as they are, plus one of the ``fresh`` documents, merged by policy.

    Returns each segment with the keys of its documents that are not part of the new generation.
    """
    rename = {previous_keys[n]: keys[n] for n in keys if n not in fresh and n in previous_keys}  # kept: old key -> new
    info = seg.read_info(previous)
    old = [seg.Segment.load(previous, name, matrix=False) for name in info["segments"]]
    new_rows = [ix.full(r) for r in rows if r["doc"] in fresh]
    alive, plan = seg.carry_plan([s.docs for s in old], [info.get("dead", {}).get(s.name, ()) for s in old], rename, len(new_rows))
    segments = list(old)
    if new_rows:
        vocab: dict[str, int] = {}
        matrix = piece_matrix(new_rows, vocab)
        segments.append(seg.new_segment(matrix, list(vocab), _docs(new_rows, keys)))
    out: list[tuple[seg.Segment, list[str]]] = []
    for group, as_is in plan:
        if as_is:
            kept = old[group[0]]
            for src, dst in zip(seg.segment_files(previous, kept.name), seg.segment_files(folder, kept.name)):
                link(src, dst)
            out.append((kept, [k for k, _ in kept.docs if k not in alive[group[0]]]))
            continue
        parts = []
        for i in group:
            s = segments[i] if i >= len(old) else seg.Segment.load(previous, old[i].name)
            live = seg.live_mask(s.docs, alive[i]) if i < len(old) else np.ones(s.matrix.shape[0], bool)
            parts.append((seg.Segment(s.name, s.matrix, s.pieces, [(rename.get(k, k), n) for k, n in s.docs]), live))
        written = seg.merged(parts)
        written.save(folder)
        out.append((written, []))
    return out
