"""The unseen agreement sets (issue 12, item 6): fictional agreements as PDFs (Nordjylland 2024–2027 and
Sjælland 2025–2028), each with 30 questions and 10 register statements (and Nordjylland a facts row), all
kept out of fitting.

What must hold for the set to measure anything: every answerable question's evidence and key
terms, and every gold statement, are in the PDF's text *as pypdf extracts it* (the loader's
evidence rule, so a quote broken by a page header or a bad render is caught here, not in a
confusing eval number); the mix of the questions is the one issue 12 asks for; the committed PDF
draws, page by page, what the script renders from the committed source; and no code outside ``evals/`` names
the set (a rule or word list that reads it would make it a tuning set).
"""

from __future__ import annotations

import collections
import io
import json
from dataclasses import dataclass
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
FACTS = UNSEEN / "facts_gold.json"


@dataclass(frozen=True)
class UnseenSet:
    """One unseen agreement: its PDF, questions (ids ``prefix``01–30) and register statements."""

    name: str
    questions: Path
    gold: Path
    prefix: str
    period_line: str  # on the title page
    header: str  # in every later page's running header
    max_pages: int

    @property
    def agreement(self) -> make_pdf.Agreement:
        return make_pdf.AGREEMENTS[self.name]

    @property
    def pdf(self) -> Path:
        return self.agreement.output


SETS = (
    UnseenSet("nordjylland", UNSEEN / "questions.jsonl", UNSEEN / "commitments_gold.jsonl", "u",
              "gælder for perioden 1. januar 2024 – 31. december 2027", "Sundhedsaftale 2024–2027", 12),
    UnseenSet("sjaelland", UNSEEN / "sjaelland-questions.jsonl", UNSEEN / "sjaelland-commitments_gold.jsonl", "v",
              "Aftaleperiode: 1. januar 2025 – 31. december 2028.", "Sundhedsaftale 2025–2028", 14),
)
NORDJYLLAND = SETS[0]
each_set = pytest.mark.parametrize("unseen", SETS, ids=lambda u: u.name)


@lru_cache(maxsize=4)
def pdf_pages(unseen: UnseenSet) -> tuple[str, ...]:
    return tuple(page.extract_text() for page in PdfReader(unseen.pdf).pages)


def pdf_text(unseen: UnseenSet) -> str:
    return "\n".join(pdf_pages(unseen))


def gold_rows(unseen: UnseenSet) -> list[dict]:
    return [json.loads(line) for line in unseen.gold.read_text(encoding="utf-8").splitlines() if line.strip()]


@each_set
def test_pdf_is_a_small_agreement_of_eight_to_fourteen_pages(unseen: UnseenSet) -> None:
    pages = pdf_pages(unseen)
    assert 8 <= len(pages) <= unseen.max_pages
    assert unseen.pdf.stat().st_size < 200_000
    assert unseen.period_line in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Side {number} af {len(pages)}" in text, number
        assert unseen.header in text, number


@each_set
def test_questions_have_the_mix_issue_12_asks_for(unseen: UnseenSet) -> None:
    questions = load_questions(unseen.questions)
    assert [q.id for q in questions] == [f"{unseen.prefix}{i:02d}" for i in range(1, 31)]
    n = len(questions)
    unanswerable = sum(not q.answerable for q in questions)
    english = sum(q.lang == "en" for q in questions)
    casual = sum(is_casual_danish(q) for q in questions)
    assert 0.15 <= unanswerable / n <= 0.25, unanswerable
    assert english / n >= 0.35, english
    assert casual / n >= 0.20, casual
    types = collections.Counter(q.type for q in questions if q.answerable)
    assert len(types) >= 6, types


@pytest.mark.parametrize(
    ("unseen", "question"),
    [(u, q) for u in SETS for q in load_questions(u.questions) if q.answerable],
    ids=lambda x: x.id if hasattr(x, "id") else x.name,
)
def test_answerable_evidence_and_key_terms_are_in_the_extracted_pdf_text(unseen: UnseenSet, question) -> None:
    text = pdf_text(unseen)
    assert question.docs == [unseen.agreement.pdf_name]
    assert evidence_in(question.evidence, text), question.evidence
    # On a single page: a quote split by a header and footer is not one passage.
    assert any(evidence_in(question.evidence, page) for page in pdf_pages(unseen)), question.evidence
    for term in question.must_include:
        assert term_in(term, text), term


@each_set
def test_questions_are_paraphrased_not_copied(unseen: UnseenSet) -> None:
    """A question that repeats its evidence tests string matching, not reading."""
    for q in load_questions(unseen.questions):
        if q.answerable:
            assert not evidence_in(q.question, q.evidence), q.id


@each_set
def test_no_question_repeats_one_from_the_tuning_set(unseen: UnseenSet) -> None:
    tune = load_questions(ROOT / "evals" / "questions_tune.jsonl")
    tune_ids = {q.id for q in tune}
    tune_texts = {q.question.strip().lower() for q in tune}
    for q in load_questions(unseen.questions):
        assert q.id not in tune_ids
        assert q.question.strip().lower() not in tune_texts


@each_set
def test_gold_statements_are_verbatim_with_a_known_actor_and_kind(unseen: UnseenSet) -> None:
    rows = gold_rows(unseen)
    assert len(rows) == 10
    assert len({row["statement"] for row in rows}) == 10
    text = pdf_text(unseen)
    for row in rows:
        assert set(row) == {"doc", "statement", "actor", "kind"}, row
        assert row["doc"] == unseen.agreement.pdf_name
        assert row["actor"] in ACTORS, row
        assert row["kind"] in KINDS, row
        assert evidence_in(row["statement"], text), row["statement"]
    assert len({row["actor"] for row in rows}) >= 4


def test_facts_row_matches_the_title_page() -> None:
    facts = json.loads(FACTS.read_text(encoding="utf-8"))
    assert facts["doc"] == NORDJYLLAND.agreement.pdf_name
    assert facts["kind"] == "aftale" and facts["binding"] is True
    assert facts["period"] == "2024-2027"
    assert facts["region"] == "Nordjylland"
    assert facts["approval_date"] == "2023-10-27"
    assert set(facts["status"].values()) <= {"gældende", "udløbet", "fremtidig", "ukendt"}
    title_page = pdf_pages(NORDJYLLAND)[0]
    for quote in facts["evidence"].values():
        assert evidence_in(quote, title_page), quote


@each_set
def test_committed_pdf_is_what_the_script_renders_from_the_source(unseen: UnseenSet) -> None:
    try:
        data = make_pdf.render(unseen.agreement)
    except make_pdf.FontMissing as exc:
        pytest.skip(str(exc))
    rendered, committed = PdfReader(io.BytesIO(data)).pages, PdfReader(unseen.pdf).pages
    assert len(rendered) == len(committed), "rerun: python -m evals.unseen.make_pdf"
    for number, (new, old) in enumerate(zip(rendered, committed), start=1):
        # what each page draws and where, and the text a reader extracts; not the embedded font's bytes,
        # which a new fontTools subsets differently for the same glyphs
        assert new.mediabox == old.mediabox, number
        assert new.get_contents().get_data() == old.get_contents().get_data(), f"page {number}: rerun make_pdf"
        assert new.extract_text() == old.extract_text(), number


def test_missing_font_fails_clearly(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(make_pdf, "FONT_DIRS", (str(tmp_path),))
    monkeypatch.delenv(make_pdf.FONT_ENV, raising=False)
    with pytest.raises(make_pdf.FontMissing, match="fonts-dejavu-core"):
        make_pdf.find_font_dir()
    assert make_pdf.main(["--doc", "sjaelland", "--out", str(tmp_path / "x.pdf")]) == 2
    assert not (tmp_path / "x.pdf").exists()


def test_no_code_outside_evals_reads_the_unseen_set() -> None:
    """Kept out of all fitting: the answer and ingest code must not name the set or its file."""
    needles = ("evals/unseen", "evals.unseen", *(u.agreement.pdf_name for u in SETS), "nordjylland-2024-2027",
               "sjaelland-2025-2028", "sjaelland-questions")
    for package in ("foundation", "ingest", "index", "assistant", "interfaces"):
        folder = ROOT / package
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in {".py", ".tsv", ".json", ".txt", ".yaml"}:
                content = path.read_text(encoding="utf-8", errors="ignore")
                for needle in needles:
                    assert needle not in content, f"{path.relative_to(ROOT)} names {needle}"
