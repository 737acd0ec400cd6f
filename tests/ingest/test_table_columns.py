"""A table row read as its header says: the cell of the column that holds who, when, how many or who pays."""

from __future__ import annotations

from ingest.table_columns import (
    asked_cell,
    column,
    embedding_text,
    header_label,
    header_of,
    row_reading,
    with_units,
    without_header,
)

SECTION = "4. Koordinerende møder › Deltager | Hvornår"


def test_the_header_row_ends_a_table_rows_section_path() -> None:
    assert header_of(SECTION) == ["Deltager", "Hvornår"]
    assert header_of("4. Koordinerende møder") is None and header_of(None) is None


def test_a_column_is_named_by_general_header_words() -> None:
    assert column(["Opgave", "Ansvarlig", "Frist"], "who") == 1
    assert column(["Opgave", "Ansvarlig", "Frist"], "when") == 2
    assert column(["Task", "Who", "Deadline"], "when") == 2
    assert column(["Indsats", "Antal"], "number") == 1
    assert column(["Indikator", "Mål for 2027", "2024", "2026"], "goal") == 1  # a goal's column by its year too
    assert column(["Indikator", "Målsætning 2030"], "goal") == 1
    assert column(["Indikator", "Målgruppe"], "goal") is None
    assert column(["Deltager", "Hvornår"], "who") is None  # "Deltager" names who takes part, not who does it
    assert column(["Ydelse", "Betales af", "Bemærkning"], "payer") == 1
    assert column(["Service", "Paid by"], "payer") == 1 and column(["Ydelse", "Udgiften afholdes af"], "payer") == 1
    assert column(["Opgave", "Ansvarlig", "Frist"], "payer") is None  # who does a task need not pay for it


def test_the_asked_cell_of_a_row() -> None:
    assert asked_cell("when", "Jobcenter | Hvis borgeren modtager ydelse", SECTION) == "Hvis borgeren modtager ydelse"
    assert asked_cell("who", "Jobcenter | Hvis borgeren modtager ydelse", SECTION) == ""  # no such column
    assert asked_cell("when", "Deltager | Hvornår", SECTION) == ""  # the header row itself
    assert asked_cell("when", "Jobcenter | Altid | Ekstra", SECTION) == ""  # not a row of that table
    assert asked_cell("when", "Mødet holdes senest ti hverdage efter indkaldelsen.", "4. Koordinerende møder") == ""


def test_who_does_a_task_is_read_off_a_matrix_of_crosses() -> None:
    matrix = "2. Ansvarsfordeling › Opgave | Hospital | Kommune | Almen praksis"
    assert asked_cell("who", "Udarbejde genoptræningsplan | X | |", matrix) == "Hospital"
    assert asked_cell("who", "Vurdere behov for hjælpemidler | X | X |", matrix) == "Hospital og Kommune"
    assert asked_cell("who", "Følge op på smertebehandlingen |  |  | ✓", matrix) == "Almen praksis"
    assert asked_cell("who", "Følge op | Efter behov | X |", matrix) == ""  # a cell that holds more than a mark
    assert asked_cell("when", "Udarbejde genoptræningsplan | X | |", matrix) == ""
    assert asked_cell("who", "Kursus i hjælpemidler | X |", "Plan › Indsats | 2027 | 2028") == ""  # years are no actors


def test_a_municipality_named_by_its_role_heads_a_matrix_column() -> None:
    matrix = "Hvem gør hvad › Opgave | Sygehus | Bopælskommune | Egen læge"
    assert asked_cell("who", "Følge op på rygestop | | ✓ | ✓", matrix) == "Bopælskommune og Egen læge"


def test_a_table_row_is_embedded_as_its_header_reads_it() -> None:
    """The embedder knows no columns: a row is given to it with its header's words, a matrix's row with the actors
    it marks; any other sentence as it is."""
    assert embedding_text("Jobcenter | Hvis borgeren modtager ydelse", SECTION) == "Deltager: Jobcenter. Hvornår: Hvis borgeren modtager ydelse"
    matrix = "2. Ansvarsfordeling › Opgave | Hospital | Kommune | Almen praksis"
    assert embedding_text("Vurdere behov for hjælpemidler | X | X |", matrix) == "Vurdere behov for hjælpemidler: Hospital og Kommune"
    assert embedding_text("Deltager | Hvornår", SECTION) == "Deltager | Hvornår"  # the header row itself
    assert embedding_text("Mødet holdes senest ti hverdage efter indkaldelsen.", "4. Koordinerende møder") == (
        "Mødet holdes senest ti hverdage efter indkaldelsen.")


TIMELINE = "1. Tidsplan › Indsats | Ansvarlig | 1. halvår 2027 | 2. halvår 2027 | 1. halvår 2028 | 2. halvår 2028"


def test_when_is_read_off_a_timeline_of_marked_periods() -> None:
    """A row of a timeline (its header's columns are periods, its cells marks) is done in the periods it marks: a
    run from its first to its last, runs apart joined; the other columns may hold anything."""
    assert asked_cell("when", "Videokonsultationer i almen praksis | PLO-Syddanmark |  | X | X | X", TIMELINE) == (
        "2. halvår 2027 – 2. halvår 2028")
    assert asked_cell("when", "Tidlig opsporing af underernæring | Kommunerne | X |  |  | ", TIMELINE) == "1. halvår 2027"
    assert asked_cell("when", "Kursus | Kommunerne | X |  | ✓ | ✓", TIMELINE) == "1. halvår 2027 og 1. halvår 2028 – 2. halvår 2028"
    assert asked_cell("who", "Kursus | Kommunerne | X |  |  | ", TIMELINE) == "Kommunerne"  # its column of who, as before
    assert asked_cell("when", "Kursus | Kommunerne |  |  |  | ", TIMELINE) == ""  # nothing marked
    assert asked_cell("when", "Kursus | Kommunerne | 1,2 | 0,4 |  | ", TIMELINE) == ""  # amounts under years: no timeline
    quarters = "Plan › Aktivitet | K1 2027 | K2 2027 | Q3 2027 | jan. 2028 | efterår 2028"
    assert asked_cell("when", "Uddannelse | | x | x | | ", quarters) == "K2 2027 – Q3 2027"
    assert asked_cell("when", "Kursus | X", "Plan › Indsats | 2027") == ""  # one period is no timeline


def test_a_number_is_read_with_the_unit_its_header_names() -> None:
    budget = "2. Økonomi › Indsats | 2027 (mio. kr.) | 2028 (mio. kr.) | Finansiering"
    assert with_units("Videokonsultationer | 2,5 | 3,0 | Region Syddanmark", budget) == (
        "Videokonsultationer | 2,5 mio. kr. | 3,0 mio. kr. | Region Syddanmark")
    assert with_units("Underernæring | 0,8 | – | Kommunerne", budget) == "Underernæring | 0,8 mio. kr. | – | Kommunerne"
    assert with_units("Træning | 12", "Plan › Indsats | Antal, borgere") == "Træning | 12 borgere"
    goals = "Status › Mål | Målsætning 2027 | Status 2026"
    assert with_units("Ventetid | højst 30 dage | 47 dage", goals) == "Ventetid | højst 30 dage | 47 dage"  # no unit named
    assert with_units("Ventetiden er 47 dage.", "Status") == "Ventetiden er 47 dage."  # no table row
    assert header_label("2028 (mio. kr.)") == "2028" and header_label("Status 2026") == "Status 2026"


def test_a_row_reads_as_its_header_says_without_its_marks() -> None:
    assert row_reading("Videokonsultationer i almen praksis | PLO-Syddanmark |  | X | X | X", TIMELINE) == (
        "Videokonsultationer i almen praksis (Ansvarlig: PLO-Syddanmark)")
    matrix = "2. Ansvarsfordeling › Opgave | Hospital | Kommune | Almen praksis"
    assert row_reading("Udarbejde genoptræningsplan | X | |", matrix) == "Udarbejde genoptræningsplan"
    assert row_reading("Kommunen sender planen.", "2. Ansvarsfordeling") == "Kommunen sender planen."
    assert without_header(TIMELINE) == "1. Tidsplan" and without_header("1. Tidsplan") == "1. Tidsplan"
    assert without_header(None) is None
