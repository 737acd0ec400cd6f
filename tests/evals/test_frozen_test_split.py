"""The frozen test split (evals/questions_test.jsonl): written blind to the system, never tuned on.

Issue 12 asks for an honest protocol: 240 questions in evals/questions_tune.jsonl are the ``tune`` set
every weight, threshold and list has been fitted on; this file is the ``test`` set that reports
how the system does on questions nobody fitted anything to. The checks here keep it honest:

* the file is byte-for-byte the one that was frozen (its sha256 is recorded next to it), so a
  question cannot be quietly reworded after someone has seen how the system answers it;
* its composition stays within the bounds the issue sets (size, unanswerable, English, casual
  Danish), so the test numbers measure the same mix of users;
* no test question is a copy of a tune question, so fitting on ``tune`` cannot leak into ``test``
  by the back door;
* every answerable question's evidence is verbatim in its named corpus document, so a scoring
  miss is the system's, not the key's.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest

from evals.questions import (
    TYPES,
    Question,
    evidence_in,
    is_casual_danish,
    load_questions,
    normalise,
    term_in,
)

ROOT = Path(__file__).resolve().parents[2]
TEST_SPLIT = ROOT / "evals" / "questions_test.jsonl"
DIGEST = ROOT / "evals" / "questions_test.sha256"
TUNE_SPLIT = ROOT / "evals" / "questions_tune.jsonl"
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def test_questions() -> list[Question]:
    return load_questions(TEST_SPLIT)


def _recorded_digest() -> tuple[str, str]:
    """The hex digest and file name from the ``sha256sum``-style line in the digest file."""
    line = DIGEST.read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"([0-9a-f]{64})\s+\*?(\S+)", line)
    assert match, f"malformed digest line in {DIGEST.name}: {line!r}"
    return match.group(1), match.group(2)


def test_file_matches_frozen_digest() -> None:
    expected, name = _recorded_digest()
    assert name == TEST_SPLIT.name
    actual = hashlib.sha256(TEST_SPLIT.read_bytes()).hexdigest()
    assert actual == expected, (
        "evals/questions_test.jsonl changed after it was frozen; the test split must not be "
        "edited (write a new split with a new digest instead)"
    )


def test_size_and_ids(test_questions: list[Question]) -> None:
    assert len(test_questions) >= 150
    assert [q.id for q in test_questions] == [f"t{n:03d}" for n in range(1, len(test_questions) + 1)]


def test_composition_bounds(test_questions: list[Question]) -> None:
    n = len(test_questions)
    unanswerable = sum(not q.answerable for q in test_questions) / n
    english = sum(q.lang == "en" for q in test_questions) / n
    casual = sum(is_casual_danish(q) for q in test_questions) / n
    assert 0.15 <= unanswerable <= 0.25, f"{unanswerable:.1%} unanswerable"
    assert english >= 0.35, f"{english:.1%} English"
    assert casual >= 0.20, f"{casual:.1%} casual Danish"


def test_every_type_present(test_questions: list[Question]) -> None:
    counts = Counter(q.type for q in test_questions)
    assert set(counts) == set(TYPES), f"missing: {set(TYPES) - set(counts)}"


def test_no_question_copied_from_tune_split(test_questions: list[Question]) -> None:
    tune = {normalise(q.question): q.id for q in load_questions(TUNE_SPLIT)}
    copies = [(q.id, tune[normalise(q.question)]) for q in test_questions if normalise(q.question) in tune]
    assert not copies, f"test questions equal to tune questions: {copies}"


def test_evidence_verbatim_and_key_terms_present(test_questions: list[Question]) -> None:
    documents: dict[str, str] = {}
    for q in test_questions:
        if not q.answerable:
            assert q.docs == [] and q.must_include == []
            continue
        assert q.must_include, q.id
        for doc, evidence in zip(q.docs, q.evidences, strict=True):
            if doc not in documents:
                documents[doc] = (CORPUS / doc).read_text(encoding="utf-8")
            assert evidence_in(evidence, documents[doc]), f"{q.id}: evidence not in {doc}"
        reference = " ".join(q.evidences) + " " + q.answer
        for term in q.must_include:
            assert term_in(term, reference), f"{q.id}: {term!r} not in evidence or answer"
        if q.type == "comparison":
            assert len(set(q.docs)) >= 2, f"{q.id}: a comparison spans two documents"
