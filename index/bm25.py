"""The lexical leg: BM25 (Lucene variant, k1=1.2, b=0.75) over our Danish tokens as a sparse score matrix.

Built from a chunk × token term-frequency matrix (``index.lexical`` makes it
from per-chunk word pieces that an incremental ingest reuses), so a rebuild
is a few vectorised passes instead of re-tokenising every passage. The
numbers are those bm25s computed for the same tokens (same float32 idf,
float64 term part, float32 scores summed in query-token order), so rankings
did not move when we replaced it.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from foundation.errors import IndexCorrupt

K1, B = 1.2, 0.75
SCORES_FILE = "scores.npz"
VOCAB_FILE = "vocab.json"


def idf_of(n: int, df: int) -> np.float32:
    """BM25's idf of a token in ``df`` of ``n`` passages (bm25s's Lucene variant, as float32)."""
    return np.float32(math.log(1 + (n - df + 0.5) / (df + 0.5)))


def term_scores(idf: np.ndarray | np.float32, tf: np.ndarray, lens: np.ndarray, avg: float) -> np.ndarray:
    """One token's BM25 term in passages with these term frequencies and lengths (float32, as bm25s sums them).

    The one formula both the stored matrix (``BM25Index.from_tf``) and the
    segments scored at query time (``index.bm25_segments``) use, so they give the same numbers.
    """
    tfv = np.asarray(tf).astype(np.float32)
    den = K1 * ((1 - B) + B * np.asarray(lens, np.int64) / np.float64(avg)) + tfv
    return (idf * (tfv / den)).astype(np.float32)


class BM25Index:
    """Per-token columns of precomputed BM25 scores; a query sums the columns of its tokens."""

    def __init__(self, matrix: sp.csc_matrix, vocab: list[str]) -> None:
        self._matrix = matrix
        self.vocab = vocab
        self._ids = {t: i for i, t in enumerate(vocab)}

    @classmethod
    def from_tf(cls, tf: sp.csr_matrix, vocab: list[str]) -> "BM25Index":
        """Scores from term frequencies (rows: chunks, columns: ``vocab``); a chunk without tokens counts as the token ``""``."""
        tf = sp.csr_matrix(tf, dtype=np.int64)
        lens = np.asarray(tf.sum(axis=1)).ravel()
        if (lens == 0).any():  # as bm25s was fed: an empty passage is the one token ""
            empty = np.flatnonzero(lens == 0)
            if "" not in vocab:
                vocab = [*vocab, ""]
                tf = sp.hstack([tf, sp.csr_matrix((tf.shape[0], 1), dtype=np.int64)], format="csr")
            col = vocab.index("")
            tf = tf + sp.csr_matrix((np.ones(len(empty), np.int64), (empty, np.full(len(empty), col))), shape=tf.shape)
            lens = np.asarray(tf.sum(axis=1)).ravel()
        n = tf.shape[0]
        tf = tf.tocoo()
        avg = lens.mean() if n else 0.0
        df = np.bincount(tf.col, minlength=len(vocab))
        idf = np.array([idf_of(n, d) if d else 0.0 for d in df.tolist()], dtype=np.float32)
        scores = term_scores(idf[tf.col], tf.data, lens[tf.row], avg)
        matrix = sp.csc_matrix((scores, (tf.row, tf.col)), shape=(n, len(vocab)), dtype=np.float32)
        return cls(matrix, list(vocab))

    @classmethod
    def build(cls, token_lists: list[list[str]]) -> "BM25Index":
        """From one token list per chunk (tests and baselines; ingest goes through ``from_tf``)."""
        vocab: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for r, toks in enumerate(token_lists):
            for t, c in Counter(toks).items():
                rows.append(r)
                cols.append(vocab.setdefault(t, len(vocab)))
                vals.append(c)
        tf = sp.csr_matrix((vals, (rows, cols)), shape=(len(token_lists), len(vocab)), dtype=np.int64)
        return cls.from_tf(tf, list(vocab))

    def save(self, path: Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        m = self._matrix
        np.savez(path / SCORES_FILE, data=m.data, indices=m.indices, indptr=m.indptr, shape=np.array(m.shape))
        (path / VOCAB_FILE).write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "BM25Index":
        shape, matrix, vocab = _read(Path(path), scores=True)
        return cls(matrix, vocab)

    @staticmethod
    def stored_size(path: Path) -> int:
        """The number of passages a saved index scores, from its stored shape alone (not the scores).

        Raises:
            IndexCorrupt: the files are missing or damaged.
        """
        return _read(Path(path), scores=False)[0][0]

    @property
    def size(self) -> int:
        return int(self._matrix.shape[0])

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 of every chunk for these query tokens (repeats count again), summed in query order."""
        out = np.zeros(self.size, dtype=np.float32)
        m = self._matrix
        for t in tokens:
            j = self._ids.get(t)
            if j is None:
                continue
            a, b = m.indptr[j], m.indptr[j + 1]
            out[m.indices[a:b]] += m.data[a:b]
        return out


def _read(path: Path, *, scores: bool) -> tuple[tuple[int, ...], sp.csc_matrix | None, list[str]]:
    """A saved index's shape, score matrix (``scores``; else None, and the scores are not read) and vocabulary."""
    try:
        with np.load(path / SCORES_FILE, allow_pickle=False) as z:
            shape = tuple(int(x) for x in z["shape"])
            matrix = sp.csc_matrix((z["data"], z["indices"], z["indptr"]), shape=shape) if scores else None
        vocab = json.loads((path / VOCAB_FILE).read_text(encoding="utf-8"))
        if len(shape) != 2 or len(vocab) != shape[1]:
            raise ValueError("vocabulary does not match the score matrix")
    except Exception as exc:  # numpy, zip and json raise many kinds on damaged files
        raise IndexCorrupt(
            "BM25-indekset er beskadiget. Kør: aftale ingest --rebuild",
            "The BM25 index is damaged. Run: aftale ingest --rebuild",
        ) from exc
    return shape, matrix, vocab
