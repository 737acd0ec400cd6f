"""The commitments gold set (evals/commitments_gold.jsonl) and its evaluation (evals/commitments_eval.py).

Per statement: schema, verbatim in its document after normalising (lowercase,
letters and digits only), a normalised actor and a kind. Over the set: size,
all five documents, no duplicates. The exhaustive spans are valid, the metric
behaves on small cases, and the extractor meets the targets on the corpus.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from evals.commitments_eval import (
    DEV,
    EXHAUSTIVE_SPANS,
    GOLD_PATH,
    HELD_OUT,
    GoldStatement,
    evaluate,
    load_gold,
    normalise,
    run,
)
from ingest.commitments.lexicon import ACTORS
from ingest.commitments.record import KINDS

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
DOCS = sorted(p.name for p in CORPUS.glob("*.txt"))
EXTRA_BODIES = {"Styregruppen for børne- og ungdomspsykiatri"}


@lru_cache(maxsize=None)
def cleaned(doc: str) -> str:
    from ingest.clean import clean_text

    return normalise(clean_text((CORPUS / doc).read_text(encoding="utf-8"))[0])


@lru_cache(maxsize=1)
def report() -> dict:
    return run(CORPUS)


def test_gold_lines_have_the_schema() -> None:
    lines = [line for line in GOLD_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    for line in lines:
        d = json.loads(line)
        assert set(d) == {"doc", "statement", "actor", "kind"}, d
        assert d["doc"] in DOCS
        assert d["actor"] in ACTORS or d["actor"] in EXTRA_BODIES, d
        assert d["kind"] in KINDS, d
        assert 3 <= len(d["statement"].split()) <= 60, d


def test_gold_set_size_and_spread() -> None:
    gold = load_gold()
    assert len(gold) >= 80
    per_doc = {doc: sum(1 for g in gold if g.doc == doc) for doc in DOCS}
    assert all(n >= 8 for n in per_doc.values()), per_doc
    assert {g.kind for g in gold} == set(KINDS)
    assert len({g.actor for g in gold}) >= 8


@pytest.mark.parametrize("gold", load_gold(), ids=lambda g: f"{g.doc[:12]}:{g.statement[:40]}")
def test_gold_statement_is_in_its_document(gold: GoldStatement) -> None:
    assert normalise(gold.statement) in cleaned(gold.doc)


def test_gold_has_no_duplicates() -> None:
    keys = [(g.doc, normalise(g.statement)) for g in load_gold()]
    assert len(keys) == len(set(keys))


def test_exhaustive_spans_are_valid() -> None:
    for doc, first, last, label, split in EXHAUSTIVE_SPANS:
        assert doc in DOCS and label and split in (DEV, HELD_OUT)
        n_lines = (CORPUS / doc).read_text(encoding="utf-8").count("\n") + 1
        assert 1 <= first < last <= n_lines
    for doc in DOCS:
        spans = sorted((a, b) for d, a, b, _, _ in EXHAUSTIVE_SPANS if d == doc)
        assert all(b1 < a2 for (_, b1), (a2, _) in zip(spans, spans[1:])), spans


def test_evaluate_on_small_cases() -> None:
    doc = DOCS[0]
    gold = [
        GoldStatement(doc, "Kommunerne skal sikre genoptræning", "kommunen", "responsibility"),
        GoldStatement(doc, "Regionen har ansvaret for rådgivning.", "regionen", "responsibility"),
    ]
    first = EXHAUSTIVE_SPANS[[d for d, *_ in EXHAUSTIVE_SPANS].index(doc)][1]
    rows = [
        {"doc": doc, "statement": "1. Kommunerne skal sikre genoptræning til borgerne.", "actor": "kommunen", "kind": "commitment", "line_start": first},
        {"doc": doc, "statement": "Regionen har ansvaret for rådgivning.", "actor": "kommunen", "kind": "responsibility", "line_start": first},
        {"doc": doc, "statement": "Noget helt andet står her.", "actor": "parterne", "kind": "commitment", "line_start": 10**6},
    ]
    rep = evaluate(rows, gold)
    assert rep["recall"] == 0.5  # the second row has the wrong actor
    assert rep["precision"] == 0.5  # two rows in scope, one matches; the third is out of scope
    assert rep["kind_accuracy"] == 0.0
    assert rep["statement_recall"] == 1.0
    assert [m["statement"] for m in rep["missed"]] == ["Regionen har ansvaret for rådgivning."]


def test_extractor_meets_the_targets() -> None:
    rep = report()
    assert rep["precision"] >= 0.85, rep["false_positives"]
    assert rep["recall"] >= 0.75, rep["missed"]
    held = rep["by_split"][HELD_OUT]
    assert held["gold"] >= 80 and held["precision"] >= 0.85 and held["recall"] >= 0.75
    assert rep["kind_accuracy"] >= 0.85
    for doc, d in rep["per_doc"].items():
        assert d["recall"] >= 0.6, (doc, d)
