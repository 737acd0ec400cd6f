"""A table of contents is found in the cleaned text and taken out, and nothing else is."""

from __future__ import annotations

from ingest.clean import clean
from ingest.contents import contents_spans, drop_contents
from ingest.load import load
from ingest.split import split
from tests import pdfs

BODY = (
    "Forord\n"
    "Aftalen er skrevet til dem, der arbejder med borgeren hver dag.\n"
    "1. Indlæggelse\n"
    "1.1 Ved indlæggelse\n"
    "Sygehuset orienterer kommunen inden for et døgn.\n"
    "1.2 Under indlæggelsen\n"
    "Kommunen deltager i udskrivningskonferencen.\n"
    "2. Genoptræning\n"
    "Kommunen starter genoptræningen senest syv dage efter udskrivningen.\n"
)


def _dropped(text: str) -> str:
    out, offsets = drop_contents(text, range(len(text)))
    assert len(offsets) == len(out)
    assert all(text[o] == ch for o, ch in zip(offsets, out)), "every kept character keeps its offset"
    return out


def test_a_contents_list_with_a_page_column_is_dropped() -> None:
    # The page numbers printed as a column of their own come after the titles, as a PDF reader gives them.
    text = "Sundhedsaftale 2024\nIndhold\nForord\n1. Indlæggelse\n1.1 Ved indlæggelse 1.2 Under indlæggelsen\n2. Genoptræning\n3\n3 3 4\n5\n" + BODY
    assert _dropped(text) == "Sundhedsaftale 2024\n" + BODY


def test_a_contents_list_with_dot_leaders_and_no_heading_is_dropped() -> None:
    text = "Forord .......... 2\n1. Indlæggelse .......... 3\n1.1 Ved indlæggelse ..... 3\n2. Genoptræning .... 4\n" + BODY
    assert _dropped(text) == BODY


def test_an_english_contents_list_is_dropped() -> None:
    body = "Preface\nThe agreement.\n1. Admission\nThe hospital informs.\n2. Discharge\nThe municipality takes over.\n3. Training\nIt starts.\n"
    text = "Table of contents\nPreface 2\n1. Admission 3\n2. Discharge 4\n3. Training 5\n" + body
    assert _dropped(text) == body


def test_a_list_of_topics_that_later_head_sections_stays() -> None:
    # No page numbers, no numbers, no contents heading: a sentence's list of what follows, not a contents page.
    text = "Aftalen dækker:\nIndlæggelse\nGenoptræning\nMedicin\nIndlæggelse\nTekst.\nGenoptræning\nTekst.\nMedicin\nTekst.\n"
    assert contents_spans(text) == []


def test_numbered_lines_that_do_not_come_again_stay() -> None:
    text = "Indhold\n1. Kommunen sender en plan\n2. Sygehuset svarer\n3. Lægen godkender\n" + BODY
    assert contents_spans(text) == []


def test_two_titles_are_too_few_to_call_a_contents_list() -> None:
    text = "Indhold\n1. Indlæggelse 3\n2. Genoptræning 4\n" + BODY
    assert contents_spans(text) == []


def test_cross_references_in_prose_stay() -> None:
    text = "Se afsnit 1. Indlæggelse og 2. Genoptræning samt 1.1 Ved indlæggelse.\n" + BODY
    assert _dropped(text) == text


def test_a_title_the_contents_words_differently_does_not_end_the_list() -> None:
    text = "Indhold\nForord 2\n1. Indlæggelse i sygehus 3\n1.1 Ved indlæggelse 3\n2. Genoptræning 4\n" + BODY
    assert _dropped(text) == BODY


def test_a_pdf_contents_page_is_not_a_passage_and_heads_nothing(tmp_path) -> None:
    pages = [
        "Sundhedsaftale for Testkommunerne 2030-2033",
        "Indholdsfortegnelse\nForord .......... 3\n1. Indlæggelse .......... 3\n"
        "1.1 Ved indlæggelse .......... 3\n2. Genoptræning .......... 4",
        "Forord\nAftalen er skrevet til dem, der arbejder med borgeren hver dag, i kommunen og på sygehuset.\n"
        "1. Indlæggelse\n1.1 Ved indlæggelse\nSygehuset orienterer kommunen inden for et døgn efter indlæggelsen.",
        "2. Genoptræning\nKommunen starter genoptræningen senest syv dage efter udskrivningen fra sygehuset.",
    ]
    doc = clean(load(pdfs.write(tmp_path / "aftale.pdf", pdfs.text_pdf(pages))))
    assert "Indholdsfortegnelse" not in doc.text
    assert ".........." not in doc.text
    chunks = split(doc, min_chars=40, max_chars=400)
    foreword = next(c for c in chunks if "arbejder med borgeren" in c.text)
    assert foreword.section == "Forord"
    at = doc.text.index("Aftalen er skrevet")
    assert doc.page_range(at, at + 20) == (3, 3)
    training = next(c for c in chunks if "syv dage" in c.text)
    assert training.section == "2. Genoptræning"
    at = doc.text.index("Kommunen starter")
    assert doc.page_range(at, at + 20) == (4, 4)


def test_a_title_is_matched_whatever_its_case_or_the_dot_after_its_number() -> None:
    body = "1 Indlæggelse\nTekst om indlæggelse.\n2 Genoptræning\nTekst om genoptræning.\n3 Medicin\nTekst om medicin.\n"
    text = "INDHOLD\n1. INDLÆGGELSE 2\n2. Genoptræning 3\n3. Medicin: 4\n" + body
    assert _dropped(text) == body


def test_a_numbered_list_of_the_areas_that_later_head_sections_stays() -> None:
    # It answers "which areas does the agreement cover?"; no page numbers and no contents heading.
    areas = "Aftalen har tre indsatsområder:\n1. Indlæggelse\n2. Genoptræning\n3. Medicin\n"
    text = areas + BODY + "3. Medicin\nEgen læge ajourfører medicinkortet.\n"
    assert contents_spans(text) == []
