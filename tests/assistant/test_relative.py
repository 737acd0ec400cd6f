"""Query-relative scores: a similarity judged against the same question's similarities over the whole index."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.relative import GAP_K, TOP, Distribution, QueryStats
from foundation.text.tokens import query_tokens


class TestDistribution:
    def test_matches_the_full_sort(self):
        values = np.random.default_rng(0).normal(0.8, 0.05, 5000).astype(np.float32)
        d = Distribution.of(values)
        full = np.sort(values)[::-1]
        assert d.n == 5000 and len(d.top) == TOP
        assert np.allclose(d.top, full[:TOP])
        assert d.mean == pytest.approx(float(values.mean()), rel=1e-5) and d.sd == pytest.approx(float(values.std()), rel=1e-5)
        assert d.kth() == pytest.approx(float(full[GAP_K - 1]))
        assert d.z(float(full[0])) == pytest.approx((full[0] - values.mean()) / values.std(), rel=1e-4)
        assert d.peak() == pytest.approx((full[0] - full[GAP_K - 1]) / values.std(), rel=1e-4)

    def test_log_rank_is_one_for_the_best_and_falls_to_zero(self):
        values = np.arange(1000, dtype=float)
        d = Distribution.of(values)
        assert d.log_rank(999.0) == 1.0
        assert d.log_rank(998.0) < 1.0
        assert d.log_rank(999.0 - TOP) == 0.0 and d.log_rank(-5.0) == 0.0
        ranks = [d.log_rank(v) for v in (999.0, 990.0, 950.0, 900.0)]
        assert ranks == sorted(ranks, reverse=True)

    def test_small_and_empty_indexes(self):
        d = Distribution.of(np.array([0.5, 0.7, 0.6]))
        assert list(d.top) == [0.7, 0.6, 0.5] and d.kth() == 0.5
        empty = Distribution.of(np.zeros(0))
        assert empty.n == 0 and empty.z(0.3) == pytest.approx(0.3)

    def test_a_constant_score_has_unit_spread(self):
        d = Distribution.of(np.full(50, 0.4))
        assert d.sd == 1.0 and d.z(0.4) == pytest.approx(0.0, abs=1e-12) and d.peak() == 0.0


def test_candidates_carry_their_scores_relative_to_the_whole_index(hash_assistant):
    """On a real index: a candidate's z-score and BM25 share are taken over every sentence and passage."""
    question = "Hvem udarbejder genoptræningsplanen ved udskrivelse?"
    plan, cands, snap = hash_assistant.reader_candidates(question)
    assert cands
    vec = hash_assistant.embedder.embed_query(plan.dense_text)
    sims = snap.sentence_embeddings @ vec
    bm25 = snap.bm25.scores(query_tokens(plan.lexical_text, snap.decompounder))
    for c in cands[:10]:
        assert c.cos_z == pytest.approx((c.cos - sims.mean()) / sims.std(), rel=1e-3, abs=1e-4)
        assert c.cos_gapk == pytest.approx(c.cos - np.sort(sims)[::-1][GAP_K - 1], abs=1e-5)
        ci = snap.chunk_index[c.passage.id]
        assert c.bm25_rel == pytest.approx(bm25[ci] / bm25.max(), abs=1e-5)
        assert c.cos_lrank == pytest.approx(Distribution.of(sims).log_rank(c.cos))
    stats = cands[0].stats
    assert isinstance(stats, QueryStats) and stats.sentence.n == len(snap.sentence_embeddings)
    assert stats.passage.n == len(snap.chunks)
