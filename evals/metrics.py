"""Evaluation metrics: pure functions over question records, no I/O.

The hit rule (``is_hit``): a passage is a hit when the normalised evidence, or its first or
second half (by characters of the normalised string), is contained in the normalised passage
text. A chunk boundary may cut an evidence string in two; wherever the cut falls, one side
holds at least one whole half. With several evidence strings (comparison questions) any one
counts.

Retrieval metrics (Recall@k, MRR@10) and citation accuracy are computed over answerable
questions only; refusal rate over unanswerable ones; answer accuracy over all.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from evals.questions import Question, normalise

__all__ = [
    "METRIC_LABELS",
    "QuestionRecord",
    "aggregate",
    "answer_correct",
    "citation_correct",
    "evidence_needles",
    "first_hit_rank",
    "is_hit",
    "make_record",
    "percentile",
    "recall_at",
    "reciprocal_rank",
    "summarise",
]

MRR_CUTOFF = 10

METRIC_LABELS: dict[str, str] = {
    "recall@1": "Recall@1",
    "recall@5": "Recall@5",
    "recall@10": "Recall@10",
    "mrr@10": "MRR@10",
    "answer_accuracy": "Answer accuracy",
    "answer_accuracy_answerable": "Answer accuracy (answerable only)",
    "citation_accuracy": "Citation accuracy",
    "refusal_rate": "Refusal rate (unanswerable)",
    "false_refusal_rate": "False-refusal rate (answerable)",
    "latency_p50_ms": "Latency p50 (ms)",
    "latency_p95_ms": "Latency p95 (ms)",
}


# ---------------------------------------------------------------- hit rule


def _as_list(evidence: str | Iterable[str] | None) -> list[str]:
    if evidence is None:
        return []
    if isinstance(evidence, str):
        return [evidence]
    return list(evidence)


def evidence_needles(evidence: str | Iterable[str] | None) -> list[str]:
    """The normalised strings any one of which makes a passage a hit.

    For each evidence string: the whole normalised string and its first and second half by
    characters (``n[:len(n)//2]`` and ``n[len(n)//2:]``). Empty strings are dropped.

    Args:
        evidence: one evidence string, a list of them, or None.

    Returns:
        Normalised needles, whole strings first; empty for missing evidence.
    """
    needles: list[str] = []
    for item in _as_list(evidence):
        whole = normalise(item)
        if not whole:
            continue
        mid = len(whole) // 2
        for needle in (whole, whole[:mid], whole[mid:]):
            if needle and needle not in needles:
                needles.append(needle)
    return needles


def is_hit(evidence: str | Iterable[str] | None, text: str) -> bool:
    """True when ``text`` holds the evidence, or half of it, after normalising both.

    Args:
        evidence: one evidence string, a list of them (any one counts), or None.
        text: a passage text.

    Returns:
        Whether the passage is a hit; never for missing or empty evidence.
    """
    needles = evidence_needles(evidence)
    if not needles:
        return False
    haystack = normalise(text)
    return any(n in haystack for n in needles)


def first_hit_rank(evidence: str | Iterable[str] | None, texts: Sequence[str]) -> int | None:
    """The 1-based rank of the first hit among ranked passage texts, or None."""
    needles = evidence_needles(evidence)
    if not needles:
        return None
    for rank, text in enumerate(texts, start=1):
        haystack = normalise(text)
        if any(n in haystack for n in needles):
            return rank
    return None


def recall_at(rank: int | None, k: int) -> float:
    """1.0 when the first hit is within the top ``k``, else 0.0."""
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank(rank: int | None, cutoff: int = MRR_CUTOFF) -> float:
    """1/rank when the first hit is within ``cutoff``, else 0.0."""
    return 1.0 / rank if rank is not None and rank <= cutoff else 0.0


# ---------------------------------------------------------------- answers


def answer_correct(question: Question, answer: str, refused: bool) -> bool:
    """Whether an answer counts as correct.

    Answerable: not refused and every ``must_include`` term (normalised) is in the normalised
    answer. Unanswerable: refused.
    """
    if not question.answerable:
        return refused
    if refused:
        return False
    haystack = normalise(answer)
    return all(normalise(term) in haystack for term in question.must_include)


def citation_correct(evidence: str | Iterable[str] | None, cited_texts: Sequence[str]) -> bool:
    """Whether any cited passage holds the evidence by the hit rule."""
    return first_hit_rank(evidence, cited_texts) is not None


def percentile(values: Sequence[float], p: float) -> float | None:
    """The ``p``-th percentile (0–100) with linear interpolation; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * p / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    if lo == hi:
        return float(ordered[lo])
    return float(ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo))


# ---------------------------------------------------------------- records


@dataclass
class QuestionRecord:
    """The outcome of one question for one system.

    Attributes:
        id: question id.
        question: the question text.
        type: question type.
        lang: question language.
        answerable: False for type ``unanswerable``.
        must_include: expected key terms.
        rank: 1-based rank of the first retrieved passage that is a hit (None: no hit).
        refused: whether the system refused.
        answer_ok: answer accuracy outcome.
        citation_ok: citation outcome for answered answerable questions, else None.
        latency_ms: wall time of the call.
        answer: the answer text (or the baseline's stand-in).
        error: an error message when the call failed (counted as a refusal).
    """

    id: str
    question: str
    type: str
    lang: str
    answerable: bool
    must_include: list[str]
    rank: int | None
    refused: bool
    answer_ok: bool
    citation_ok: bool | None
    latency_ms: float
    answer: str = ""
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def make_record(
    question: Question,
    passage_texts: Sequence[str],
    answer: str,
    refused: bool,
    cited_texts: Sequence[str],
    latency_ms: float,
    error: str | None = None,
) -> QuestionRecord:
    """Score one system's output for one question.

    Args:
        question: the question with its evidence and key terms.
        passage_texts: retrieved passage texts, best first.
        answer: the answer text.
        refused: whether the system refused.
        cited_texts: texts of the passages the answer cites.
        latency_ms: wall time of the call in milliseconds.
        error: an error message when the call failed.
    """
    rank = first_hit_rank(question.evidence, passage_texts) if question.answerable else None
    cited: bool | None = None
    if question.answerable and not refused:
        cited = citation_correct(question.evidence, cited_texts)
    return QuestionRecord(
        id=question.id,
        question=question.question,
        type=question.type,
        lang=question.lang,
        answerable=question.answerable,
        must_include=list(question.must_include),
        rank=rank,
        refused=refused,
        answer_ok=answer_correct(question, answer, refused),
        citation_ok=cited,
        latency_ms=latency_ms,
        answer=answer,
        error=error,
    )


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def summarise(records: Sequence[QuestionRecord]) -> dict[str, Any]:
    """All metrics for a group of records; a metric without a denominator is None.

    Returns:
        ``{"n", "n_answerable", "n_unanswerable", "recall@1", "recall@5", "recall@10", "mrr@10",
        "answer_accuracy", "answer_accuracy_answerable", "citation_accuracy", "refusal_rate", "false_refusal_rate",
        "latency_p50_ms", "latency_p95_ms"}``.
    """
    answerable = [r for r in records if r.answerable]
    unanswerable = [r for r in records if not r.answerable]
    answered = [r for r in answerable if not r.refused]
    latencies = [r.latency_ms for r in records]
    return {
        "n": len(records),
        "n_answerable": len(answerable),
        "n_unanswerable": len(unanswerable),
        "recall@1": _mean([recall_at(r.rank, 1) for r in answerable]),
        "recall@5": _mean([recall_at(r.rank, 5) for r in answerable]),
        "recall@10": _mean([recall_at(r.rank, 10) for r in answerable]),
        "mrr@10": _mean([reciprocal_rank(r.rank) for r in answerable]),
        "answer_accuracy": _mean([1.0 if r.answer_ok else 0.0 for r in records]),
        "answer_accuracy_answerable": _mean([1.0 if r.answer_ok else 0.0 for r in answerable]),
        "citation_accuracy": _mean([1.0 if r.citation_ok else 0.0 for r in answered]),
        "refusal_rate": _mean([1.0 if r.refused else 0.0 for r in unanswerable]),
        "false_refusal_rate": _mean([1.0 if r.refused else 0.0 for r in answerable]),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
    }


def _group(records: Sequence[QuestionRecord], key: str) -> dict[str, list[QuestionRecord]]:
    groups: dict[str, list[QuestionRecord]] = {}
    for r in records:
        groups.setdefault(str(getattr(r, key)), []).append(r)
    return dict(sorted(groups.items()))


def aggregate(records: Sequence[QuestionRecord]) -> dict[str, Any]:
    """Metrics overall, by ``type`` and by ``lang``.

    Returns:
        ``{"overall": summary, "by_type": {type: summary}, "by_lang": {lang: summary}}``.
    """
    return {
        "overall": summarise(records),
        "by_type": {name: summarise(group) for name, group in _group(records, "type").items()},
        "by_lang": {name: summarise(group) for name, group in _group(records, "lang").items()},
    }
