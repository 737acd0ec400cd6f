"""Partial top-k selection and indexed filter masks give exactly the passages the full sorts and loops gave."""

from __future__ import annotations

import numpy as np
import pytest

from assistant import retrieval
from assistant.retrieval import HybridRetriever, top_k
from evals.questions import load_questions
from tests.conftest import ROOT


def _full_sort(scores: np.ndarray, k: int) -> np.ndarray:
    """What the retriever did before: sort everything, stable, and cut."""
    return np.argsort(-scores, kind="stable")[:k]


def _loop_mask(snapshot, filters) -> np.ndarray:
    """What the retriever did before: one Python pass over every chunk per filter field."""
    mask = np.ones(len(snapshot.chunks), dtype=bool)
    for field, vals in filters.items():
        allowed = set(vals)
        if field == "doc":
            col = np.array([c.doc in allowed for c in snapshot.chunks])
        else:
            col = np.array([str(c.meta.get(field)) in allowed for c in snapshot.chunks])
        mask &= col
    return mask


def _field_where(filters, snapshot=None):
    """What the dense leg was filtered by before: each field on the passages' own metadata."""
    clauses = [{f: {"$in": v}} for f, v in filters.items()]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


@pytest.mark.parametrize("n", [0, 1, 7, 50, 1000])
@pytest.mark.parametrize("k", [0, 1, 5, 30, 2000])
def test_top_k_equals_stable_full_sort_with_ties(n: int, k: int) -> None:
    rng = np.random.default_rng(n * 7 + k)
    for scores in (
        rng.random(n).astype(np.float32),
        rng.integers(0, 4, n).astype(np.float32),  # many ties, also at the cut
        np.where(rng.random(n) < 0.7, -1.0, rng.random(n)).astype(np.float32),  # filtered rows at -1
        np.zeros(n, dtype=np.float32),
    ):
        assert top_k(scores, k).tolist() == _full_sort(scores, k).tolist()


def _filters(snapshot) -> list[dict[str, list[str]]]:
    values = snapshot.filter_values()
    out: list[dict[str, list[str]]] = [{}]
    out += [{"doc": [d]} for d in values["doc"][:3]]
    out += [{"region": [r]} for r in values["region"]]
    out += [{"kind": values["kind"][:2]}, {"region": values["region"][:1], "period": values["period"]}]
    return out


def test_filter_values_equal_a_pass_over_every_chunk(hash_assistant) -> None:
    snap = hash_assistant.snapshot()
    values: dict[str, set[str]] = {"doc": {c.doc for c in snap.chunks}}
    for f in ("region", "period", "kind"):
        values[f] = {str(c.meta[f]) for c in snap.chunks if c.meta.get(f)}
    assert snap.filter_values() == {f: sorted(v) for f, v in values.items()}


def test_search_results_identical_to_full_sort_on_bundled_corpus(hash_assistant, monkeypatch) -> None:
    snap = hash_assistant.snapshot()
    retriever = HybridRetriever(hash_assistant.settings)
    questions = [q.question for q in load_questions(ROOT / "evals" / "questions_tune.jsonl")][:60]
    cases = []
    for i, q in enumerate(questions):
        plan = hash_assistant.plan(q)
        vec = hash_assistant.embedder.embed_query(plan.dense_text)
        for filters in _filters(snap)[i % 3 :: 3]:
            cases.append((vec, plan.lexical_text, filters, plan.regions))

    def run() -> list[list[tuple[str, float]]]:
        return [[(p.id, p.score) for p in retriever.search(snap, v, t, f, 10, r)] for v, t, f, r in cases]

    new = run()
    with monkeypatch.context() as m:
        m.setattr(retrieval, "top_k", _full_sort)
        m.setattr(retrieval, "_mask", _loop_mask)
        m.setattr(retrieval, "_chroma_where", _field_where)
        old = run()
    assert len(cases) > 100 and sum(1 for r in new if r) > 100
    assert new == old
