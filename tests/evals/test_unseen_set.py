"""The unseen agreement set (issue 12, item 6): a fictional Nordjylland 2024–2027 agreement as a PDF,
30 questions, 10 register statements and a facts row, all kept out of fitting.

What must hold for the set to measure anything: every answerable question's evidence and key
terms, and every gold statement, are in the PDF's text *as pypdf extracts it* (the loader's
evidence rule, so a quote broken by a page header or a bad render is caught here, not in a
confusing eval number); the mix of the questions is the one issue 12 asks for; the committed PDF
is the one the script renders from the committed source; and no code outside ``evals/`` names
the set (a rule or word list that reads it would make it a tuning set).
"""

from __future__ import annotations

import collections
import json
from functools import lru_cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from evals.questions import evidence_in, is_casual_danish, load_questions, term_in
from evals.unseen import make_pdf
from ingest.commitments.lexicon import ACTORS
from ingest.commitments.record import KINDS

ROOT = Path(__file__).resolve().parents[2]
UNSEEN = ROOT / "evals" / "unseen"
PDF_NAME = "nordjylland-sundhedsaftale-2024-2027.pdf"
PDF = UNSEEN / PDF_NAME
QUESTIONS = UNSEEN / "questions.jsonl"
GOLD = UNSEEN / "commitments_gold.jsonl"
FACTS = UNSEEN / "facts_gold.json"


@lru_cache(maxsize=1)
def pdf_pages() -> tuple[str, ...]:
    return tuple(page.extract_text() for page in PdfReader(PDF).pages)


def pdf_text() -> str:
    return "\n".join(pdf_pages())


def gold_rows() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_pdf_is_a_small_agreement_of_eight_to_twelve_pages() -> None:
    pages = pdf_pages()
    assert 8 <= len(pages) <= 12
    assert PDF.stat().st_size < 200_000
    assert "gælder for perioden 1. januar 2024 – 31. december 2027" in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Side {number} af {len(pages)}" in text, number
        assert "Sundhedsaftale 2024–2027" in text, number


def test_questions_have_the_mix_issue_12_asks_for() -> None:
    questions = load_questions(QUESTIONS)
    assert [q.id for q in questions] == [f"u{i:02d}" for i in range(1, 31)]
    n = len(questions)
    unanswerable = sum(not q.answerable for q in questions)
    english = sum(q.lang == "en" for q in questions)
    casual = sum(is_casual_danish(q) for q in questions)
    assert 0.15 <= unanswerable / n <= 0.25, unanswerable
    assert english / n >= 0.35, english
    assert casual / n >= 0.20, casual
    types = collections.Counter(q.type for q in questions if q.answerable)
    assert len(types) >= 6, types


@pytest.mark.parametrize("question", [q for q in load_questions(QUESTIONS) if q.answerable], ids=lambda q: q.id)
def test_answerable_evidence_and_key_terms_are_in_the_extracted_pdf_text(question) -> None:
    text = pdf_text()
    assert question.docs == [PDF_NAME]
    assert evidence_in(question.evidence, text), question.evidence
    # On a single page: a quote split by a header and footer is not one passage.
    assert any(evidence_in(question.evidence, page) for page in pdf_pages()), question.evidence
    for term in question.must_include:
        assert term_in(term, text), term


def test_questions_are_paraphrased_not_copied() -> None:
    """A question that repeats its evidence tests string matching, not reading."""
    for q in load_questions(QUESTIONS):
        if q.answerable:
            assert not evidence_in(q.question, q.evidence), q.id


def test_no_question_repeats_one_from_the_tuning_set() -> None:
    tune = load_questions(ROOT / "evals" / "questions_tune.jsonl")
    tune_ids = {q.id for q in tune}
    tune_texts = {q.question.strip().lower() for q in tune}
    for q in load_questions(QUESTIONS):
        assert q.id not in tune_ids
        assert q.question.strip().lower() not in tune_texts


def test_gold_statements_are_verbatim_with_a_known_actor_and_kind() -> None:
    rows = gold_rows()
    assert len(rows) == 10
    assert len({row["statement"] for row in rows}) == 10
    text = pdf_text()
    for row in rows:
        assert set(row) == {"doc", "statement", "actor", "kind"}, row
        assert row["doc"] == PDF_NAME
        assert row["actor"] in ACTORS, row
        assert row["kind"] in KINDS, row
        assert evidence_in(row["statement"], text), row["statement"]
    assert len({row["actor"] for row in rows}) >= 4


def test_facts_row_matches_the_title_page() -> None:
    facts = json.loads(FACTS.read_text(encoding="utf-8"))
    assert facts["doc"] == PDF_NAME
    assert facts["kind"] == "aftale" and facts["binding"] is True
    assert facts["period"] == "2024-2027"
    assert facts["region"] == "Nordjylland"
    assert facts["approval_date"] == "2023-10-27"
    assert set(facts["status"].values()) <= {"gældende", "udløbet", "fremtidig", "ukendt"}
    title_page = pdf_pages()[0]
    for quote in facts["evidence"].values():
        assert evidence_in(quote, title_page), quote


def test_committed_pdf_is_what_the_script_renders_from_the_source(tmp_path) -> None:
    try:
        data = make_pdf.render()
    except make_pdf.FontMissing as exc:
        pytest.skip(str(exc))
    assert data == PDF.read_bytes(), "rerun: python -m evals.unseen.make_pdf"


def test_missing_font_fails_clearly(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(make_pdf, "FONT_DIRS", (str(tmp_path),))
    monkeypatch.delenv(make_pdf.FONT_ENV, raising=False)
    with pytest.raises(make_pdf.FontMissing, match="fonts-dejavu-core"):
        make_pdf.find_font_dir()
    assert make_pdf.main(["--out", str(tmp_path / "x.pdf")]) == 2
    assert not (tmp_path / "x.pdf").exists()


def test_no_code_outside_evals_reads_the_unseen_set() -> None:
    """Kept out of all fitting: the answer and ingest code must not name the set or its file."""
    needles = ("evals/unseen", "evals.unseen", PDF_NAME, "nordjylland-2024-2027")
    for package in ("foundation", "ingest", "index", "assistant", "interfaces"):
        folder = ROOT / package
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in {".py", ".tsv", ".json", ".txt", ".yaml"}:
                content = path.read_text(encoding="utf-8", errors="ignore")
                for needle in needles:
                    assert needle not in content, f"{path.relative_to(ROOT)} names {needle}"
