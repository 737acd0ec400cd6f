"""A timeline's rows for the period a question names (assistant.period_rows)."""

from __future__ import annotations

import pytest

from assistant.period_rows import named_columns
from ingest.table_columns import period_keys
from tests.assistant.fakes import one_document

HEADER = ["Indsats", "Ansvarlig", "1. halvår 2027", "2. halvår 2027", "1. halvår 2028", "2. halvår 2028"]


def test_a_period_is_read_as_its_year_and_part_in_either_language():
    assert period_keys("hvilke indsatser skal der arbejdes med i 1. halvår 2027?") == [("2027", "H1")]
    assert period_keys("What will the parties work on in the second half of 2028?") == [("2028", "H2")]
    assert period_keys("H1 2027, Q3 2028, i foråret 2027, in January 2028") == [
        ("2027", "H1"), ("2028", "Q3"), ("2027", "S1"), ("2028", "M1")]
    assert period_keys("hvad sker der i 2028?") == [("2028", "")]
    assert period_keys("Hvad står der i Sundhedsaftalen 2027–2030?") == []  # a span of years names no column


def test_the_columns_a_question_names_a_year_names_each_of_its_parts():
    assert named_columns(HEADER, "hvad sker der i 1. halvår 2027?") == [2]
    assert named_columns(HEADER, "hvad sker der i 2028?") == [4, 5]
    assert named_columns(HEADER, "hvad sker der i 2029?") == []
    assert named_columns(["Indsats", "2027 (mio. kr.)", "2028 (mio. kr.)"], "hvad koster det i 2028?") == []  # no timeline
    assert named_columns(["Indsats", "Ansvarlig", "2027"], "hvad sker der i 2027?") == []  # one period is no timeline


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    """A document of my own: a timeline of crosses under half-years, and a paragraph about the plan."""
    root = tmp_path_factory.mktemp("period-rows")
    text = (
        "Implementeringsplan\n\n"
        "Planen blev godkendt af udvalget den 9. december 2026.\n"
        "Indsats | Ansvarlig | 1. halvår 2027 | 2. halvår 2027 | 1. halvår 2028\n"
        "Forløbsbeskrivelse for demens | Kommunerne | X | X | \n"
        "Videokonsultationer i almen praksis | Praktiserende læger |  | X | X\n"
        "Opsporing af underernæring | Kommunerne | X |  | \n"
        "Evaluering af udskrivningsforløb | Sekretariatet |  |  | X\n"
    )
    return one_document(root, "plan.txt", text)


def test_a_period_asked_is_answered_by_every_row_that_marks_it_in_table_order(plan):
    a = plan.ask("Hvilke indsatser skal der arbejdes med i 1. halvår 2027?")
    assert not a.refused
    lead = "I 1. halvår 2027 ifølge aftalerne: Forløbsbeskrivelse for demens; Opsporing af underernæring."
    assert a.answer.startswith(lead)
    quotes = a.answer[len(lead):]
    assert "Videokonsultationer" not in quotes and "Evaluering" not in quotes
    assert quotes.index("Forløbsbeskrivelse") < quotes.index("Opsporing")
    a = plan.ask("What will the parties work on in 2028?")
    assert "Videokonsultationer i almen praksis; Evaluering af udskrivningsforløb" in a.answer.split("The agreements say")[0]
