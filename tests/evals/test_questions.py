"""The evaluation question set (evals/questions_tune.jsonl) and its loader (evals/questions.py).

Per question: exact schema, evidence verbatim in its document (after normalising both), 6-25
words of evidence, key terms present in the evidence or the reference answer, unanswerable
questions without document. Over the set: size, shares of unanswerable, English and casual
Danish questions, every type and every corpus document covered.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from evals.questions import (
    FIELDS,
    LANGS,
    TYPES,
    Question,
    evidence_in,
    is_casual_danish,
    load_questions,
    normalise,
    term_in,
)

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ROOT / "evals" / "questions_tune.jsonl"
CORPUS = ROOT / "corpus"

ANSWERABLE_TYPES = [t for t in TYPES if t != "unanswerable"]
MIN_PER_TYPE = 6


def _raw_lines() -> list[tuple[int, str]]:
    return [
        (n, line)
        for n, line in enumerate(QUESTIONS.read_text(encoding="utf-8").splitlines(), start=1)
        if line.strip()
    ]


RAW = _raw_lines()


def _line_id(item: tuple[int, str]) -> str:
    lineno, line = item
    match = re.search(r'"id"\s*:\s*"([^"]+)"', line)
    return match.group(1) if match else f"line{lineno}"


@lru_cache(maxsize=None)
def _document(name: str) -> str:
    """The normalised text of a corpus document (NFC first, inside ``normalise``)."""
    path = CORPUS / name
    assert path.is_file(), f"document {name!r} is not in {CORPUS}"
    return normalise(path.read_text(encoding="utf-8"))


def _corpus_names() -> list[str]:
    return sorted(p.name for p in CORPUS.glob("*.txt"))


@pytest.fixture(scope="module")
def questions() -> list[Question]:
    return load_questions(QUESTIONS)


# --------------------------------------------------------------------------- per question


@pytest.mark.parametrize("item", RAW, ids=[_line_id(i) for i in RAW])
def test_line_schema(item: tuple[int, str]) -> None:
    lineno, line = item
    obj = json.loads(line)
    assert isinstance(obj, dict), f"line {lineno}: not an object"
    assert set(obj) == set(FIELDS), f"line {lineno}: fields {sorted(obj)}"
    assert re.fullmatch(r"q\d{3,}", obj["id"]), obj["id"]
    for name in ("question", "answer"):
        assert isinstance(obj[name], str) and obj[name].strip(), name
    assert obj["type"] in TYPES
    assert obj["lang"] in LANGS
    assert isinstance(obj["must_include"], list)
    assert all(isinstance(t, str) and t.strip() for t in obj["must_include"])

    doc, evidence = obj["doc"], obj["evidence"]
    if obj["type"] == "unanswerable":
        assert doc is None and evidence is None
        assert obj["must_include"] == []
    else:
        assert doc is not None and evidence is not None
        assert 1 <= len(obj["must_include"]) <= 3
        if isinstance(doc, list):
            assert isinstance(evidence, list) and len(doc) == len(evidence) >= 1
            assert all(isinstance(d, str) for d in doc)
            assert all(isinstance(e, str) for e in evidence)
        else:
            assert isinstance(doc, str) and isinstance(evidence, str)
    if obj["type"] == "comparison":
        assert isinstance(doc, list) and len(set(doc)) >= 2, "a comparison spans two documents"


@pytest.mark.parametrize("item", RAW, ids=[_line_id(i) for i in RAW])
def test_evidence_verbatim_in_document(item: tuple[int, str]) -> None:
    question = Question(**json.loads(item[1]))
    for doc, evidence in zip(question.docs, question.evidences):
        words = len(evidence.split())
        assert 6 <= words <= 25, f"{question.id}: evidence has {words} words"
        assert normalise(evidence) in _document(doc), (
            f"{question.id}: evidence not found in {doc}: {evidence!r}"
        )


@pytest.mark.parametrize("item", RAW, ids=[_line_id(i) for i in RAW])
def test_must_include_in_evidence_or_answer(item: tuple[int, str]) -> None:
    question = Question(**json.loads(item[1]))
    reference = " ".join(question.evidences) + " " + question.answer
    for term in question.must_include:
        assert normalise(term), f"{question.id}: term {term!r} normalises to nothing"
        assert term_in(term, reference), f"{question.id}: {term!r} not in evidence or answer"


# --------------------------------------------------------------------------- the whole set


def test_ids_unique_and_in_order(questions: list[Question]) -> None:
    """Ids ascend without gaps inside a block; a block of questions added later (by another
    writer, in parallel) starts at the next free hundred plus one (q401, q601), so blocks
    written at the same time can be merged without renumbering."""
    ids = [q.id for q in questions]
    assert len(ids) == len(set(ids))
    numbers = [int(i[1:]) for i in ids]
    assert numbers[0] == 1
    for previous, number in zip(numbers, numbers[1:]):
        assert number == previous + 1 or (number > previous and number % 100 == 1), (
            f"q{number:03d} follows q{previous:03d}: ids ascend without gaps inside a block, "
            "and a new block starts at q<hundred>01"
        )


def test_size(questions: list[Question]) -> None:
    assert len(questions) >= 120


def test_share_unanswerable(questions: list[Question]) -> None:
    share = sum(not q.answerable for q in questions) / len(questions)
    assert share >= 0.15, f"{share:.1%} unanswerable"


def test_share_english(questions: list[Question]) -> None:
    share = sum(q.lang == "en" for q in questions) / len(questions)
    assert share >= 0.25, f"{share:.1%} English"


def test_share_casual_danish(questions: list[Question]) -> None:
    share = sum(is_casual_danish(q) for q in questions) / len(questions)
    assert share >= 0.15, f"{share:.1%} casual Danish (lang da, no æøå)"


def test_every_type_present(questions: list[Question]) -> None:
    counts = Counter(q.type for q in questions)
    assert set(counts) == set(TYPES), f"missing: {set(TYPES) - set(counts)}"
    for t in ANSWERABLE_TYPES:
        assert counts[t] >= MIN_PER_TYPE, f"only {counts[t]} {t!r} questions"


def test_every_document_covered(questions: list[Question]) -> None:
    covered = Counter(d for q in questions for d in q.docs)
    names = _corpus_names()
    assert names, f"no corpus documents in {CORPUS}"
    assert set(covered) <= set(names), f"unknown documents: {set(covered) - set(names)}"
    for name in names:
        assert covered[name] >= 10, f"{name}: only {covered[name]} questions"


def test_unanswerable_answers_are_refusals(questions: list[Question]) -> None:
    refusals = {"det fremgår ikke af aftalerne", "the agreements do not say"}
    for q in questions:
        if not q.answerable:
            assert normalise(q.answer) in {normalise(r) for r in refusals}, q.id


def test_english_must_include_terms_are_danish_quotes(questions: list[Question]) -> None:
    """English questions are answered by quoting the Danish text, so at least one key term of
    each answerable English question must occur in its (Danish) evidence."""
    for q in questions:
        if q.answerable and q.lang == "en":
            evidence = " ".join(q.evidences)
            assert any(term_in(t, evidence) for t in q.must_include), q.id


# --------------------------------------------------------------------------- the loader


def test_normalise() -> None:
    assert normalise("Sund-\n\nhedsvæsen") == "sundhedsvæsen"
    assert normalise(" 2,5 mio. kr. ") == "25miokr"
    assert normalise("e\u0301n") == "én"  # decomposed é becomes NFC é
    assert normalise("•  Ved indlæggelse") == "vedindlæggelse"


def test_evidence_in() -> None:
    text = "Efter udskrivelse kan egen læge evt. genop-\n\nstarte dosisdispenseringen."
    assert evidence_in("egen læge evt. genopstarte", text)
    assert evidence_in(["ikke her", "kan egen  læge"], text)
    assert not evidence_in("kommunen genopstarter", text)
    assert not evidence_in(None, text)
    assert not evidence_in("", text)
    assert not evidence_in([], text)


def _good() -> dict:
    return {
        "id": "q001",
        "question": "Hvem?",
        "doc": "a.txt",
        "evidence": "en to tre fire fem seks",
        "answer": "Egen læge.",
        "must_include": ["egen læge"],
        "type": "responsibility",
        "lang": "da",
    }


def _write(path: Path, objs: list[object]) -> Path:
    path.write_text(
        "".join((o if isinstance(o, str) else json.dumps(o, ensure_ascii=False)) + "\n" for o in objs),
        encoding="utf-8",
    )
    return path


def test_loader_reads_lists_nulls_and_ignores_extra_fields(tmp_path: Path) -> None:
    comparison = _good() | {
        "id": "q002",
        "doc": ["a.txt", "b.txt"],
        "evidence": ["x", "y"],
        "type": "comparison",
        "lang": "en",
        "source": "extra",
    }
    unanswerable = _good() | {
        "id": "q003",
        "doc": None,
        "evidence": None,
        "must_include": [],
        "type": "unanswerable",
    }
    path = _write(tmp_path / "q.jsonl", [_good(), "", comparison, unanswerable])
    qs = load_questions(path)
    assert [q.id for q in qs] == ["q001", "q002", "q003"]
    assert qs[1].docs == ["a.txt", "b.txt"] and qs[1].evidences == ["x", "y"]
    assert not qs[2].answerable and qs[2].docs == [] and qs[2].evidences == []
    assert set(qs[0].to_dict()) == set(FIELDS)


@pytest.mark.parametrize(
    "bad, message",
    [
        ("{not json", "invalid JSON"),
        ({k: v for k, v in _good().items() if k != "answer"}, "missing field"),
        (_good() | {"type": "opinion"}, "unknown type"),
        (_good() | {"lang": "de"}, "unknown lang"),
        (_good() | {"must_include": "egen læge"}, "must_include"),
        (_good() | {"doc": None}, "both"),
        (_good() | {"doc": ["a.txt", "b.txt"], "evidence": ["x"]}, "equal length"),
        (_good() | {"doc": ["a.txt"], "evidence": "x"}, "list"),
        (_good() | {"doc": None, "evidence": None}, "unanswerable"),
        (_good() | {"id": "q000"}, "duplicate id"),
    ],
)
def test_loader_rejects_bad_lines_with_line_number(tmp_path: Path, bad: object, message: str) -> None:
    path = _write(tmp_path / "q.jsonl", [_good() | {"id": "q000"}, _good(), bad])
    with pytest.raises(ValueError) as excinfo:
        load_questions(path)
    assert ":3:" in str(excinfo.value)
    assert message in str(excinfo.value)
