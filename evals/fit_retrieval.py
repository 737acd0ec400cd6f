"""Choose the fusion weights and rank constant on the tune split by grouped cross-validation.

Every answerable tune question is planned and searched once through the app's own code
(``Assistant.plan``, the question's scope, ``HybridRetriever.legs``); the legs' candidate lists
are then fused again for each point of a grid (``HybridRetriever.fuse``), which is cheap, and
scored by where the first passage holding the evidence lands (Recall@1/5/10, MRR@10).

The choice is cross-validated: questions are grouped by family (one stretch of one document, so
a Danish and an English wording of one rule never straddle folds, as in ``evals.train_reader``)
and in each fold the grid point best on the other folds is scored on the held-out one. Both a
shared setting and one per question language are cross-validated; the per-language one is kept
only when it does better out of fold. The result is written to ``assistant/data/retrieval.json``
with the grid, the folds and the out-of-fold numbers. Never touches the test split.

    python -m evals.fit_retrieval [--folds 5] [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import GroupKFold

from assistant.api import Assistant
from assistant.query import QueryPlan
from assistant.retrieval import FUSION_JSON, LEGS, Fusion
from evals.metrics import is_hit
from evals.query_cache import cache_query_vectors
from evals.questions import Question, normalise
from evals.splits import load_split
from foundation.settings import Settings, get_settings

WEIGHTS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)
RRF_KS = (1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 60.0)
FAMILY_SPAN = 6000  # characters of one document that make one question family (as evals.train_reader)
PER_LANG_MARGIN = 0.01  # per-language settings must gain Recall@5 on 1% of the questions out of fold
DEFAULT = Fusion((1.0, 1.0, 1.0), 60.0)


@dataclass
class Searched:
    """One question's legs and the chunks that hold its evidence."""

    question: Question
    regions: tuple[str, ...]
    legs: list[list[tuple[int, float]]]
    hits: frozenset[int]


def planned(assistant: Assistant, questions: Sequence[Question]) -> Iterator[tuple[Question, QueryPlan, Any]]:
    """Each answerable question with its plan and its scope filters, as ``Assistant.ask`` makes them."""
    snap = assistant.snapshot()
    for q in questions:
        if q.answerable:
            plan = assistant.plan(q.question)
            yield q, plan, assistant._scoped(q.question, None, snap, plan.regions)[0]


def collect(assistant: Assistant, questions: Sequence[Question], cache: Path | None = None) -> list[Searched]:
    """Plan and search each answerable question once, as ``Assistant.ask`` does.

    ``cache``: query vectors kept between runs (``evals.query_cache``, the same file the reader's
    and the adapter's tools keep; embedding is most of the cost).
    """
    if cache is not None:
        cache_query_vectors(assistant, cache)
    snap = assistant.snapshot()
    out = []
    for q, plan, flt in planned(assistant, questions):
        vec = assistant.retriever.query_vector(snap, np.asarray(assistant.embedder.embed_query(plan.dense_text), np.float32))
        legs = assistant.retriever.legs(snap, vec, plan.lexical_text, flt, assistant.understanding().feedback(plan))
        cand = {i for leg in legs for i, _ in leg}
        hits = frozenset(i for i in cand if is_hit(q.evidence, snap.chunks[i].text))
        out.append(Searched(q, plan.regions, legs, hits))
    if cache is not None:
        assistant.embedder.save_cache()
    return out


def ranks(assistant: Assistant, items: Sequence[Searched], fusion: Fusion, k: int = 10) -> np.ndarray:
    """First-hit rank per question (0: not in the top ``k``)."""
    snap = assistant.snapshot()
    out = np.zeros(len(items), dtype=int)
    for n, it in enumerate(items):
        passages = assistant.retriever.fuse(snap, it.legs, fusion, k, it.regions)
        for p in passages:
            if snap.chunk_index[p.id] in it.hits:
                out[n] = p.rank
                break
    return out


def summary(r: np.ndarray) -> dict[str, float]:
    """Recall@1/5/10 and MRR@10 of first-hit ranks."""
    if not len(r):
        return {}
    found = r > 0
    return {
        "recall@1": round(float(np.mean(found & (r <= 1))), 3),
        "recall@5": round(float(np.mean(found & (r <= 5))), 3),
        "recall@10": round(float(np.mean(found)), 3),
        "mrr@10": round(float(np.mean(np.where(found, 1.0 / np.maximum(r, 1), 0.0))), 3),
        "n": int(len(r)),
    }


def utility_rows(r: np.ndarray) -> np.ndarray:
    """Each question's share of ``utility``: found in the top 5, plus a tenth of its reciprocal rank."""
    found = r > 0
    return (found & (r <= 5)).astype(float) + 0.1 * np.where(found, 1.0 / np.maximum(r, 1), 0.0)


def utility(r: np.ndarray) -> float:
    """What the choice maximises: Recall@5, then MRR@10 (a tenth as much)."""
    return float(utility_rows(r).sum())


def grid() -> list[Fusion]:
    out = []
    for w in itertools.product(WEIGHTS, repeat=len(LEGS)):
        if not any(w) or max(w) != max(w[0], w[1], w[2]) or (max(w) < 1.0):
            continue  # all zero, or a scaled copy of another point (at least one weight >= 1)
        for rk in RRF_KS:
            out.append(Fusion(tuple(w), rk))  # type: ignore[arg-type]
    return out


def neighbours(points: Sequence[Fusion]) -> np.ndarray:
    """Point × point: 1 where two grid points are at most one grid step apart in every coordinate."""
    coords = np.array([[*(WEIGHTS.index(w) for w in f.weights), RRF_KS.index(f.rrf_k)] for f in points])
    return (np.abs(coords[:, None, :] - coords[None, :, :]).max(axis=2) <= 1).astype(float)


def smoothed(util: np.ndarray, near: np.ndarray) -> np.ndarray:
    """Each point's utility averaged with its grid neighbours': a choice that does not rest on a lucky point."""
    return (near @ util) / near.sum(axis=1, keepdims=True)


def families(items: Sequence[Searched]) -> np.ndarray:
    """A family per question: its first document and the stretch of it that holds the evidence."""
    texts: dict[str, str] = {}
    out = []
    for it in items:
        q = it.question
        doc = q.docs[0] if q.docs else ""
        if doc and doc not in texts:
            path = Path(get_settings().corpus_dir) / doc
            texts[doc] = normalise(path.read_text(encoding="utf-8")) if path.exists() else ""
        ev = normalise(q.evidences[0])[:40] if q.evidences else ""
        pos = texts.get(doc, "").find(ev) if ev else -1
        out.append(f"{doc}@{pos // FAMILY_SPAN if pos >= 0 else q.id}")
    return np.array(out)


def cross_validate(
    table: np.ndarray, langs: np.ndarray, groups: np.ndarray, folds: int, per_lang: bool, near: np.ndarray
) -> np.ndarray:
    """Out-of-fold first-hit ranks of choosing the best grid point on the other folds.

    ``table``: grid point × question first-hit ranks.
    """
    util = np.vstack([utility_rows(row) for row in table])  # grid × question utility
    held = np.zeros(table.shape[1], dtype=int)
    for train, test in GroupKFold(n_splits=folds).split(table.T, groups=groups):
        for lang in (("da", "en") if per_lang else (None,)):
            tr = train if lang is None else train[langs[train] == lang]
            te = test if lang is None else test[langs[test] == lang]
            best = int(np.argmax(smoothed(util[:, tr].sum(axis=1), near)))
            held[te] = table[best, te]
    return held


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cache", type=Path, help="a .npz of query vectors kept between runs (evals.query_cache)")
    ap.add_argument("--write", action="store_true", help=f"store the choice in {FUSION_JSON.name}")
    args = ap.parse_args(argv)
    assistant = Assistant(Settings())
    items = collect(assistant, load_split("tune", purpose="fit"), args.cache)
    langs = np.array([it.question.lang for it in items])
    groups = families(items)
    report: dict[str, object] = {}

    def by_lang(r: np.ndarray) -> dict[str, dict[str, float]]:
        return {"all": summary(r), **{lang: summary(r[langs == lang]) for lang in ("da", "en")}}

    for n, leg in enumerate(LEGS):
        w = [0.0, 0.0, 0.0]
        w[n] = 1.0
        report[f"{leg} alone"] = by_lang(ranks(assistant, items, Fusion(tuple(w), 60.0)))  # type: ignore[arg-type]
    report["default fusion"] = by_lang(ranks(assistant, items, DEFAULT))
    points = grid()
    table = np.vstack([ranks(assistant, items, f) for f in points])
    util = np.vstack([utility_rows(row) for row in table])
    near = neighbours(points)
    chosen: dict[str, Fusion] = {}
    for lang in (None, "da", "en"):
        cols = np.ones(len(items), bool) if lang is None else langs == lang
        best = int(np.argmax(smoothed(util[:, cols].sum(axis=1), near)))
        chosen[lang or "default"] = points[best]
        report[f"chosen on all tune ({lang or 'all'})"] = {"fusion": _as_json(points[best]), **by_lang(table[best])}
    shared_cv = cross_validate(table, langs, groups, args.folds, per_lang=False, near=near)
    lang_cv = cross_validate(table, langs, groups, args.folds, per_lang=True, near=near)
    report["out-of-fold, one setting"] = by_lang(shared_cv)
    report["out-of-fold, per language"] = by_lang(lang_cv)
    per_lang = utility(lang_cv) > utility(shared_cv) + PER_LANG_MARGIN * len(items)  # a clear gain, not noise
    for name, value in report.items():
        print(name, json.dumps(value, ensure_ascii=False))
    fusion = {"default": chosen["default"]}
    if per_lang:
        fusion.update(da=chosen["da"], en=chosen["en"])
    print("chosen:", {k: _as_json(v) for k, v in fusion.items()}, "per language" if per_lang else "shared")
    if args.write:
        data = {
            "embedder": assistant.snapshot().manifest.embedder,
            "fusion": {k: _as_json(v) for k, v in fusion.items()},
            "how": (
                f"python -m evals.fit_retrieval --write: {len(items)} answerable tune questions, grid of weights "
                f"{list(WEIGHTS)} per leg and rank constants {list(RRF_KS)}, maximising Recall@5 (+0.1 MRR@10) averaged over each point's grid neighbours; "
                f"{args.folds}-fold cross-validation grouped by question family decided shared vs per language (per language only with an "
                f"out-of-fold gain of at least {PER_LANG_MARGIN:.0%} of the questions)"
            ),
            "date": dt.date.today().isoformat(),
            "measured": report,
        }
        FUSION_JSON.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print("written", FUSION_JSON.name)


def _as_json(f: Fusion) -> dict[str, object]:
    return {"weights": dict(zip(LEGS, f.weights)), "rrf_k": f.rrf_k}


if __name__ == "__main__":
    main()
