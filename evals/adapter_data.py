"""What the query adapter is fitted and judged on: the tune questions searched once, with their evidence in the index.

Shared by ``evals.fit_adapter`` (fitting, cross-validation, the variants compared). Each answerable
tune question is planned and scoped as ``Assistant.ask`` does; its raw query vector is kept, with the
passages (all chunks of the index, not only the candidates) and the sentences that hold its evidence,
so a changed query vector can be searched again through the app's own ``HybridRetriever.legs``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.api import Assistant
from assistant.query import QueryPlan
from evals.fit_retrieval import Searched, families, planned
from evals.metrics import evidence_needles, is_hit
from evals.questions import Question, normalise

PARAPHRASED_FROM = 273  # tune ids from q273 on were written paraphrased (issue 12)


@dataclass
class Item:
    """One answerable tune question, searched once."""

    question: Question
    plan: QueryPlan
    filters: dict[str, list[str]]
    vec: np.ndarray  # the raw query embedding of ``plan.dense_text``
    hits: frozenset[int]  # chunks holding the evidence
    sentences: np.ndarray  # sentence rows holding (part of) the evidence

    @property
    def paraphrased(self) -> bool:
        return int(self.question.id.lstrip("q") or 0) >= PARAPHRASED_FROM


def evidence_sentences(evidence: Sequence[str], texts: Sequence[str]) -> np.ndarray:
    """Rows of ``texts`` that hold a needle of the evidence or lie inside it (at least 20 characters)."""
    needles = evidence_needles(list(evidence))
    wholes = [normalise(e) for e in evidence]
    rows = []
    for n, t in enumerate(texts):
        s = normalise(t)
        if any(x in s for x in needles) or (len(s) >= 20 and any(s in w for w in wholes)):
            rows.append(n)
    return np.array(rows, dtype=int)


def collect(assistant: Assistant, questions: Sequence[Question]) -> list[Item]:
    snap = assistant.snapshot()
    texts = [s["text"] for s in snap.sentence_rows]
    out = []
    for q, plan, flt in planned(assistant, questions):
        vec = np.asarray(assistant.embedder.embed_query(plan.dense_text), np.float32)
        hits = frozenset(i for i, c in enumerate(snap.chunks) if is_hit(q.evidence, c.text))
        out.append(Item(q, plan, flt, vec, hits, evidence_sentences(q.evidences, texts)))
    return out


def groups(items: Sequence[Item]) -> np.ndarray:
    """Question families (one stretch of one document), as ``evals.fit_retrieval`` groups them."""
    return families([Searched(it.question, (), [], it.hits) for it in items])


def search_ranks(
    assistant: Assistant, items: Sequence[Item], vecs: np.ndarray, fusion: Any, snap: Any = None, k: int = 10
) -> np.ndarray:
    """First-hit rank per question (0: not in the top ``k``) when each question searches with ``vecs[n]``."""
    snap = snap or assistant.snapshot()
    out = np.zeros(len(items), dtype=int)
    for n, it in enumerate(items):
        legs = assistant.retriever.legs(snap, vecs[n], it.plan.lexical_text, it.filters, assistant.understanding().feedback(it.plan))
        for p in assistant.retriever.fuse(snap, legs, fusion, k, it.plan.regions):
            if snap.chunk_index[p.id] in it.hits:
                out[n] = p.rank
                break
    return out
