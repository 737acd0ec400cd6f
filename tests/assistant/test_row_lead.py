"""A table row's asked values named by their columns' headers (assistant.row_lead)."""

from __future__ import annotations

from assistant.asked import AskedUnit
from assistant.query import QueryPlan
from assistant.row_lead import labelled_values, row_lead

SECTION = "Status på de fælles mål › 2. Målene og status › Mål | Målsætning 2027 | Status 2026 | Vurdering"
ROW = "Ventetid til børne- og ungdomspsykiatrien | højst 30 dage | 47 dage | Ikke nået"
SHARE_ROW = "Genoptræningsplaner sendt elektronisk ved udskrivelse | 95 % | 93 % | På vej"


def _plan(qtype: str, terms: tuple = (), lang: str = "da", question: str = "?") -> QueryPlan:
    return QueryPlan(original=question, standalone=question, lang=lang, dense_text=question, lexical_text=question,
                     key_terms=terms, qtype=qtype)


def test_each_value_is_named_by_its_column_where_the_question_names_none():
    plan = _plan("number", (("genoptræningsplanerne",), ("elektronisk",)))
    assert labelled_values(plan, SHARE_ROW, SECTION) == [("Målsætning 2027", "95 %"), ("Status 2026", "93 %")]
    assert row_lead(plan, SHARE_ROW, SECTION) == "Andel ifølge aftalerne: 95 % (Målsætning 2027), 93 % (Status 2026)."


def test_the_column_the_question_names_alone():
    status = _plan("number", (("genoptræningsplanerne",), ("2026",)))
    assert labelled_values(status, SHARE_ROW, SECTION) == [("Status 2026", "93 %")]
    target = _plan("when", (("ventetiden",), ("2027",)), question="hvor lang er ventetiden i 2027?")
    assert labelled_values(target, ROW, SECTION) == [("Målsætning 2027", "højst 30 dage")]
    assert row_lead(target, ROW, SECTION) == "Frist ifølge aftalerne: højst 30 dage (Målsætning 2027)."
    now = _plan("when", (("ventetiden",),), question="hvor lang er ventetiden?")
    assert row_lead(now, ROW, SECTION) == "Frist ifølge aftalerne: højst 30 dage (Målsætning 2027), 47 dage (Status 2026)."


def test_a_row_whose_label_names_what_is_counted_gives_its_cells_as_counts():
    """"hvor mange færdigbehandlede patienter ventede i 2024?": the row's label names the patients, its cells
    count them per day ("32 pr. dag" under "2024")."""
    section = "Status › 2. Indikatorer › Indikator | Mål for 2027 | 2024 | 2026"
    row = "Færdigbehandlede patienter, der venter på kommunen | Under 15 pr. dag | 32 pr. dag | 14 pr. dag"
    plan = QueryPlan(original="?", standalone="?", lang="da", dense_text="?", lexical_text="?",
                     key_terms=(("færdigbehandlede",), ("patienter",), ("2024",)), qtype="number",
                     unit=AskedUnit("thing", (("færdigbehandlede",), ("patienter",))))
    assert row_lead(plan, row, section) == "Antal ifølge aftalerne: 32 (2024)."


def test_a_waiting_time_asked_of_a_year_is_led_as_a_length_from_its_column():
    section = "Status › 2. Indikatorer › Indikator | Mål for 2027 | 2024 | 2026"
    row = "Ventetid til genoptræning efter udskrivelse | Højst 7 dage | 12 dage | 6 dage"
    plan = _plan("when", (("ventetiden",), ("genoptræning",), ("2024",)), question="hvad var ventetiden til genoptræning i 2024?")
    assert row_lead(plan, row, section) == "Varighed ifølge aftalerne: 12 dage (2024)."


def test_a_goal_asked_is_led_by_the_rows_cell_in_the_goal_column():
    section = "Status › 2. Indikatorer › Indikator | Mål for 2027 | 2024 | 2026"
    row = "Akutte genindlæggelser inden for 30 dage | Under 9 % | 11,2 % | 9,8 %"
    goal = _plan("other", (("genindlæggelser",),), question="hvad er målet for genindlæggelser i 2027?")
    assert row_lead(goal, row, section) == "Mål ifølge aftalerne: Under 9 %."
    english = _plan("other", (("genindlæggelser",),), lang="en", question="What is the target for readmissions?")
    assert row_lead(english, row, section) == "Goal according to the agreements: “Under 9 %”."
    assert row_lead(_plan("other", (("genindlæggelser",),), question="hvad viser tabellen?"), row, section) == ""


def test_the_rows_label_and_a_column_of_words_give_no_value():
    # "inden for 30 dage" is the row's own label; "Ikke nået" states no number
    row = "Akutte genindlæggelser inden for 30 dage | under 8 % | 9,4 % | Ikke nået"
    assert [h for h, _ in labelled_values(_plan("number"), row, SECTION)] == ["Målsætning 2027", "Status 2026"]


def test_no_lead_for_a_line_of_no_table_or_a_question_of_another_type():
    assert row_lead(_plan("number"), "Ventetiden er 47 dage.", "Status › 2. Målene") == ""
    assert row_lead(_plan("who"), ROW, SECTION) == ""
    assert row_lead(_plan("number"), "Mål | Målsætning 2027 | Status 2026 | Vurdering", SECTION) == ""  # the header row


def test_a_row_of_one_asked_value_keeps_the_plain_lead():
    section = "Klyngeaftale › Roller › Rolle | Opgave | Hvornår"
    row = "Klyngens praksiskoordinator | Samarbejde med almen praksis | 8 timer om ugen"
    assert labelled_values(_plan("number"), row, section) == []


def test_a_value_is_read_with_the_unit_its_header_names():
    """"3,0" under "2028 (mio. kr.)" is a sum of money: the lead names it with its unit and the year alone."""
    section = "Implementeringsplan › 2. Økonomi › Indsats | 2027 (mio. kr.) | 2028 (mio. kr.) | Finansiering"
    row = "Videokonsultationer | 2,5 | 3,0 | Region Syddanmark"
    year = _plan("number", (("videokonsultationer",), ("2028",)), question="hvor mange penge går til videokonsultationer i 2028?")
    assert labelled_values(year, row, section) == [("2028", "3,0 mio. kr.")]
    assert row_lead(year, row, section) == "Beløb ifølge aftalerne: 3,0 mio. kr. (2028)."
    both = _plan("number", (("videokonsultationer",),), question="hvor mange penge går til videokonsultationer?")
    assert row_lead(both, row, section) == "Beløb ifølge aftalerne: 2,5 mio. kr. (2027), 3,0 mio. kr. (2028)."
