"""Query-relative evidence scores: a similarity judged against the same question's other similarities.

An absolute cosine or BM25 score shifts with the question's language and wording: an English
question gets lower cosines with the Danish sentences than a Danish one, a question in the
documents' own words gets higher BM25 than a paraphrase. Where a sentence stands among *all*
sentences of the index for that same question does not shift that way: a z-score over the
index, its rank, and its distance to the index's k-th best sentence. The same holds for
passages and for BM25 over all passages.

The sentence cosines and BM25 scores are retrieval's own (``QueryScores``, computed once per
question); only the passage embeddings get one more matrix product, and a partial selection of the
top rows; nothing is sorted in full.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from foundation.text.tokens import query_tokens
from index.snapshot import IndexSnapshot

TOP = 200  # rows kept in order per distribution; a rank beyond it counts as TOP
GAP_K = 10  # "the k-th best": a sentence's distance to the index's 10th best for this query


@dataclass(frozen=True)
class Distribution:
    """Mean, spread and the ``TOP`` best values (best first) of one score over the whole index."""

    mean: float
    sd: float
    top: np.ndarray
    n: int

    @classmethod
    def of(cls, values: np.ndarray) -> Distribution:
        n = len(values)
        if n == 0:
            return cls(0.0, 1.0, np.zeros(1), 0)
        k = min(TOP, n)
        part = np.partition(values, n - k)[n - k :]
        top = np.sort(part)[::-1].astype(float)
        sd = float(values.std())
        return cls(float(values.mean()), sd if sd > 1e-9 else 1.0, top, n)

    def z(self, value: float) -> float:
        return (value - self.mean) / self.sd

    def kth(self, k: int = GAP_K) -> float:
        return float(self.top[min(k, len(self.top)) - 1])

    def log_rank(self, value: float) -> float:
        """1 for the index's best row, falling with log(rank) to 0 at rank ``TOP`` or below."""
        rank = int((self.top > value + 1e-9).sum())  # rows scoring higher
        return 1.0 - math.log1p(min(rank, TOP)) / math.log1p(TOP)

    def peak(self, k: int = GAP_K) -> float:
        """How far the best row stands out from the k-th best, in the distribution's spread."""
        return (float(self.top[0]) - self.kth(k)) / self.sd


@dataclass(frozen=True)
class QueryScores:
    """One question's raw scores over the whole index, computed once per question: the cosine of
    every sentence and the BM25 of every passage. Retrieval ranks by them and the reader's
    distributions are made of them, so neither computes them again."""

    sentence: np.ndarray  # per sentence row
    bm25: np.ndarray  # per chunk, unfiltered

    @classmethod
    def compute(cls, snapshot: IndexSnapshot, query_vec: np.ndarray, lexical_text: str) -> QueryScores:
        sims = snapshot.sentence_embeddings @ query_vec if len(snapshot.sentence_embeddings) else np.zeros(0)
        return cls(sims, snapshot.bm25.scores(query_tokens(lexical_text, snapshot.decompounder)))


@dataclass(frozen=True)
class QueryStats:
    """Distributions of one question's scores over the index: sentence cosine, passage cosine, BM25."""

    sentence: Distribution
    passage: Distribution
    bm25: Distribution
    bm25_scores: np.ndarray  # per chunk

    @classmethod
    def compute(cls, snapshot: IndexSnapshot, query_vec: np.ndarray, lexical_text: str, scores: QueryScores | None = None) -> QueryStats:
        """``scores``: the question's scores as retrieval computed them (computed here when None)."""
        scores = scores if scores is not None else QueryScores.compute(snapshot, query_vec, lexical_text)
        psims = snapshot.embeddings @ query_vec if len(snapshot.embeddings) else np.zeros(0)
        return cls(Distribution.of(scores.sentence), Distribution.of(psims), Distribution.of(scores.bm25), scores.bm25)

    def bm25_of(self, chunk_index: int) -> tuple[float, float]:
        """(the passage's BM25 as a share of the query's best, its z-score over all passages)."""
        b = float(self.bm25_scores[chunk_index]) if 0 <= chunk_index < len(self.bm25_scores) else 0.0
        best = float(self.bm25.top[0])
        return (b / best if best > 0 else 0.0), self.bm25.z(b)
