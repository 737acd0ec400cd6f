"""A table row read as its header says: the cell of the column that holds who, when, how many or who pays."""

from __future__ import annotations

from ingest.table_columns import asked_cell, column, embedding_text, header_of

SECTION = "4. Koordinerende møder › Deltager | Hvornår"


def test_the_header_row_ends_a_table_rows_section_path() -> None:
    assert header_of(SECTION) == ["Deltager", "Hvornår"]
    assert header_of("4. Koordinerende møder") is None and header_of(None) is None


def test_a_column_is_named_by_general_header_words() -> None:
    assert column(["Opgave", "Ansvarlig", "Frist"], "who") == 1
    assert column(["Opgave", "Ansvarlig", "Frist"], "when") == 2
    assert column(["Task", "Who", "Deadline"], "when") == 2
    assert column(["Indsats", "Antal"], "number") == 1
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
