"""Tables read as rows of cells from real PDFs (fpdf2 tables): a wrapped cell stays in its row however
the row's cells are aligned, ruled or not, and the text after the table stays out of it."""

from __future__ import annotations

import pytest
from fpdf import FPDF

from ingest.pdf_layout import read_pdf

ROWS = (
    ("Opgave", "Ansvarlig", "Frist"),
    ("Udarbejde en genoptræningsplan med mål", "Sygehusets terapeut", "Før udskrivelsen"),
    ("Sende planen", "Sygehuset", "Senest på udskrivningsdagen kl. 12 til bopælskommunen"),
    ("Kontakte borgeren", "Kommunens genoptræningsenhed", "Inden for fire hverdage"),
)
READ = [" | ".join(row) for row in ROWS]
AFTER = "Teksten efter tabellen står her."


def _draw(pdf: FPDF, rows, **table: object) -> None:
    """``rows`` as an fpdf2 table drawn with ``table``'s options."""
    with pdf.table(**table) as drawn:
        for cells in rows:
            row = drawn.row()
            for cell in cells:
                row.cell(cell)


def _table_pdf(rows=ROWS, *, v_align: str = "TOP", ruled: bool = True, text_align: str = "LEFT",
               col_widths: tuple[float, ...] = (40, 30, 25), heading: str = "") -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, "Tabellen viser opgaverne.")
    pdf.ln(2)
    _draw(pdf, rows, col_widths=col_widths, line_height=4.5, v_align=v_align, text_align=text_align,
          borders_layout="ALL" if ruled else "NONE", padding=1 if ruled else 0)
    pdf.ln(3)
    if heading:
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, AFTER)
    return bytes(pdf.output())


def _lines(data: bytes) -> list[str]:
    return [line for line in read_pdf(data).pages[0].text.splitlines() if line.strip()]


@pytest.mark.parametrize("v_align", ["TOP", "MIDDLE", "BOTTOM"])
def test_a_ruled_table_reads_row_by_row_however_its_cells_are_aligned(v_align: str) -> None:
    lines = _lines(_table_pdf(v_align=v_align))
    assert lines[1:5] == READ  # "Senest på … bopælskommunen" wraps over two lines of its cell
    assert lines[5] == AFTER


@pytest.mark.parametrize("v_align", ["TOP", "MIDDLE", "BOTTOM"])
def test_a_first_cell_that_fills_its_column_is_parted_from_the_next_at_the_ruled_line(v_align: str) -> None:
    # fpdf2 ends the wrapped cell's line with a space, right where the next cell begins
    wrapped = ("Følge op, hvis borgeren udebliver fra træningen to gange i træk uden at melde afbud",
               "Kommunens terapeut", "Inden for 14 dage")
    lines = _lines(_table_pdf((*ROWS, wrapped), v_align=v_align))
    assert lines[5] == " | ".join(wrapped)
    assert lines[6] == AFTER


def test_two_cells_wrapped_alike_in_a_drawn_row_stay_in_their_row() -> None:
    # fpdf2's default table (cells drawn, centred on the row): the row's second line fills two cells as its first
    # line does, and the third cell's one line lies between them; the drawn cells, not the cells filled, tell a row
    rows = (("Indsats", "Ansvarlig", "Frist"),
            ("Gennemgang af borgerens medicin", "Egen læge", "Inden for 4 uger efter udskrivelsen"),
            ("Udlevering af hjælpemidler til badeværelset", "Kommunens hjælpemiddeldepot", "Senest ved hjemkomsten"))
    from evals.unseen.make_pdf import find_font_dir

    pdf = FPDF(format="A4")
    for style, name in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
        pdf.add_font("D", style, str(find_font_dir() / name))
    pdf.add_page()
    pdf.set_font("D", size=9.5)
    _draw(pdf, rows, col_widths=(60, 45, 55))
    pdf.ln(3)
    pdf.multi_cell(0, 6, AFTER)
    assert _lines(bytes(pdf.output())) == [*(" | ".join(row) for row in rows), AFTER]


def test_a_justified_cell_keeps_its_words_in_its_cell() -> None:
    rows = (("Indikator", "Udgangspunkt", "Mål"),
            ("Genoptræning påbegyndt inden for fristen efter udskrivelse", "82 procent", "95 procent"),
            ("Medicingennemgang på plejecentre", "61 procent", "85 procent"))
    lines = _lines(_table_pdf(rows, text_align="JUSTIFY"))
    assert lines[1:4] == [" | ".join(row) for row in rows]


def test_an_unruled_row_centred_on_a_wrapped_cell_takes_its_lines_above_and_below() -> None:
    lines = _lines(_table_pdf(v_align="MIDDLE", ruled=False))
    assert lines[1:5] == READ


def test_an_unruled_table_set_line_under_line_keeps_a_wrapped_cell_with_its_own_row() -> None:
    lines = _lines(_table_pdf(v_align="TOP", ruled=False))
    assert lines[1:5] == READ
    assert lines[5] == AFTER


def test_a_ruled_table_of_two_columns_reads_row_by_row_and_the_heading_after_it_stays_after_it() -> None:
    # two columns of text alone could be a page set in two columns; the drawn lines parting its rows say table
    rows = (("Deltager", "Hvornår"), ("Tovholderen", "Altid"), ("Egen læge", "Ved behov for ændret medicin"),
            ("Jobcenter", "Hvis borgeren modtager en ydelse fra kommunen og har brug for en plan for at komme i arbejde"))
    lines = _lines(_table_pdf(rows, col_widths=(50, 60), heading="5. Udskrivning"))
    assert lines[1:5] == [" | ".join(row) for row in rows]
    assert lines[5:7] == ["5. Udskrivning", AFTER]


def test_two_columns_of_text_between_two_drawn_lines_read_column_by_column() -> None:
    left = "Venstre spalte begynder her og fortsætter over flere linjer, indtil spalten slutter med et punktum."
    right = "Højre spalte læses først, når venstre spalte er læst til ende, og den slutter også med et punktum."
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.line(10, 20, 200, 20)
    pdf.set_xy(10, 24)
    pdf.multi_cell(85, 5, left)
    pdf.set_xy(115, 24)
    pdf.multi_cell(85, 5, right)
    pdf.line(10, 45, 200, 45)
    text = " ".join(read_pdf(bytes(pdf.output())).pages[0].text.split())
    assert left in text and right in text and "|" not in text


MATRIX = (
    ("Opgave", "Hospital", "Kommune", "Almen praksis"),
    ("Udarbejde genoptræningsplan", "X", "", ""),
    ("Tilbyde borgeren en første træningsaftale", "", "X", ""),
    ("Vurdere behov for hjælpemidler før udskrivelse", "X", "X", ""),
    ("Følge op på smertebehandlingen efter udskrivelse", "", "", "X"),
)
DEADLINES = (("Handling", "Frist"), ("Kommunen kontakter borgeren", "Inden for fire hverdage"))


def _matrix_pdf(col_widths: tuple[float, ...], borders: str = "ALL") -> bytes:
    """A matrix of who does what, its crosses centred under the actors' header cells; one drawn cell by cell has
    a table of two columns right below it."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, "Tabellen viser opgaverne.")
    pdf.ln(2)
    tables = [(MATRIX, col_widths, ("LEFT", "CENTER", "CENTER", "CENTER"))] + ([(DEADLINES, (55, 45), "LEFT")] if borders == "ALL" else [])
    for rows, widths, align in tables:
        _draw(pdf, rows, col_widths=widths, line_height=4.5, text_align=align, v_align="MIDDLE", borders_layout=borders)
        pdf.ln(4)
    pdf.multi_cell(0, 6, AFTER)
    return bytes(pdf.output())


@pytest.mark.parametrize("borders", ["ALL", "NONE", "HORIZONTAL_LINES"])
def test_a_matrix_of_crosses_centred_under_its_header_reads_row_by_row(borders: str) -> None:
    # the crosses align with their header cells by their middle only; empty cells keep their place; lines between
    # the rows alone leave the last row without a line under it
    lines = _lines(_matrix_pdf((52, 16, 16, 24), borders))
    assert lines[1:6] == [" | ".join(row) for row in MATRIX]
    after = [" | ".join(row) for row in DEADLINES] if borders == "ALL" else []  # a table below with cells of its own
    assert lines[6:] == [*after, AFTER]


def test_a_header_cell_wrapped_over_and_under_the_header_line_stays_in_the_header_row() -> None:
    # "Almen praksis" in a narrow drawn cell: "Almen" above the header's line, "praksis" below it
    lines = _lines(_matrix_pdf((52, 16, 16, 16)))
    assert lines[1:6] == [" | ".join(row) for row in MATRIX]
    assert lines[6:8] == [" | ".join(row) for row in DEADLINES]
