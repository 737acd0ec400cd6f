"""Scanned pages: ruled lines found and painted out before Tesseract reads, and Tesseract's words made into lines.

The unit tests draw images and write Tesseract's TSV by hand; the slow test scans a PDF of our own (a ruled
table and justified paragraphs, as municipal papers are set) and reads it with Tesseract's Danish model.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw

from evals.layouts.scan import scan
from ingest import ocr
from ingest.load import load

TSV_HEAD = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def _tsv(*lines: list[tuple[int, int, str]]) -> str:
    """Tesseract's TSV for lines of (left, width, word), 40 px high, each line 60 px below the last."""
    rows = [TSV_HEAD]
    for n, words in enumerate(lines, 1):
        top = 100 + 60 * n
        rows.append(f"4\t1\t1\t1\t{n}\t0\t{words[0][0]}\t{top}\t{words[-1][0] + words[-1][1] - words[0][0]}\t40\t-1\t")
        rows += [f"5\t1\t1\t1\t{n}\t{i}\t{left}\t{top}\t{width}\t40\t95\t{word}" for i, (left, width, word) in enumerate(words, 1)]
    return "\n".join(rows)


def _spread(words: list[str], start: int, gap: int, width: int = 120) -> list[tuple[int, int, str]]:
    return [(start + i * (width + gap), width, w) for i, w in enumerate(words)]


def test_a_justified_line_is_one_fragment_however_wide_its_even_spaces() -> None:
    # 40 px high: a 9-point line; its spaces 50 px (12 points) and 110 px (26 points) wide, all alike
    for gap in (50, 110):
        frags, _ = ocr._parse_tsv(_tsv(_spread("Al skriftlig kommunikation om borgerens forløb sker via".split(), 200, gap)))
        assert [f.text for f in frags] == ["Al skriftlig kommunikation om borgerens forløb sker via"], gap


def test_a_table_row_is_split_at_its_wide_gaps_among_narrow_spaces() -> None:
    row = [(200, 300, "Genoptræningsplan"), (720, 120, "Senest"), (860, 50, "på"), (930, 340, "udskrivningsdagen"),
           (1600, 200, "Hospitalet")]
    frags, _ = ocr._parse_tsv(_tsv(row))
    assert [f.text for f in frags] == ["Genoptræningsplan", "Senest på udskrivningsdagen", "Hospitalet"]


def test_a_ruled_line_between_two_words_parts_them() -> None:
    row = [(200, 200, "Sundhed"), (420, 60, "og"), (500, 200, "Omsorg"), (720, 150, "Hjemmeplejen")]
    whole, _ = ocr._parse_tsv(_tsv(row))
    assert [f.text for f in whole] == ["Sundhed og Omsorg Hjemmeplejen"]
    wall = (710 * ocr._PT_PER_PX, 100 * ocr._PT_PER_PX, 300 * ocr._PT_PER_PX)  # x, top, bottom in points
    parted, _ = ocr._parse_tsv(_tsv(row), [wall])
    assert [f.text for f in parted] == ["Sundhed og Omsorg", "Hjemmeplejen"]


def test_the_lines_of_one_paragraph_are_of_one_size_and_a_footnote_in_it_keeps_its_own() -> None:
    # Tesseract's (block, paragraph, line); the sizes as the line boxes give them
    sizes = {("1", "1", "1"): 11.9, ("1", "1", "2"): 10.9, ("1", "1", "3"): 9.2,  # one paragraph: "på", descenders, neither
             ("2", "1", "1"): 10.7, ("2", "1", "2"): 7.5,  # a body line and a footnote Tesseract took into its paragraph
             ("3", "1", "1"): 14.0}
    got = ocr._paragraph_sizes(sizes)
    assert got[("1", "1", "1")] == got[("1", "1", "2")] == got[("1", "1", "3")] == 10.9
    assert (got[("2", "1", "1")], got[("2", "1", "2")], got[("3", "1", "1")]) == (10.7, 7.5, 14.0)


def test_ruled_lines_are_found_and_painted_out_and_text_is_left() -> None:
    image = Image.new("L", (1200, 900), 255)
    draw = ImageDraw.Draw(image)
    for y in (100, 200, 300):  # a table's rows, ruled
        draw.line([(100, y), (1100, y)], fill=0, width=4)
    for x in (100, 600, 1100):  # and its columns
        draw.line([(x, 100), (x, 300)], fill=0, width=3)
    draw.rectangle([(100, 500), (1100, 560)], fill=0)  # a black bar, no rule
    draw.text((150, 140), "Akutteam i hjemmeplejen", fill=0)
    rules, walls = ocr.ruled_lines(image)
    assert sorted(round(y) for _, _, y in rules) == [100, 200, 300]
    assert all(x0 <= 102 and x1 >= 1098 for x0, x1, _ in rules)
    assert sorted(round(x) for x, _, _ in walls) == [100, 600, 1100]
    clean = np.asarray(ocr.erase(image, rules, walls))
    assert clean[95:106, 100:1100].min() == 255 and clean[100:300, 596:605].min() == 255  # the lines are gone
    assert (clean[130:170, 140:400] < 128).sum() == (np.asarray(image)[130:170, 140:400] < 128).sum() > 0  # the words are not
    assert clean[520, 600] == 0  # nor the bar
    assert np.asarray(image)[100, 600] == 0  # the image itself is unchanged


def _municipal_paper() -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_margins(22, 20, 22)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    column = 130  # a justified column spreads its words wider than a space
    pdf.multi_cell(column, 5.6, "Handleplanen beskriver, hvordan kommunen indfrier sine forpligtelser i sundhedsaftalen. De "
                   "samlede udgifter finansieres af kommunens sundhedspulje. Udgiften til akutteamet deles ligeligt med "
                   "regionen i de første to år.", align="J")
    pdf.ln(4)
    with pdf.table(col_widths=(50, 36, 30, 24), text_align="LEFT", line_height=6) as table:
        for cells in (("Indsats", "Ansvarlig", "Start", "Budget"),
                      ("Akutteam i hjemmeplejen", "Sundhed og Omsorg", "1. april 2027", "3,4 mio. kr."),
                      ("Rygestop for gravide", "Sundhedscentret", "1. januar 2027", "0,6 mio. kr."),
                      ("Opsporing af underernæring", "Hjemmeplejen", "1. oktober 2027", "0,8 mio. kr.")):
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(4)
    pdf.multi_cell(column, 5.6, "Al skriftlig kommunikation om borgerens forløb sker via MedCom-korrespondancemeddelelser.",
                   align="J")
    return bytes(pdf.output())


@pytest.mark.slow
def test_a_scanned_ruled_table_and_justified_paragraphs_read_as_printed(tmp_path: Path) -> None:
    assert ocr.available(), "CI installs tesseract-ocr-dan"
    path = tmp_path / "handleplan-scannet.pdf"
    path.write_bytes(scan(_municipal_paper()))
    text = load(path).pages[0].text
    for row in ("Indsats | Ansvarlig | Start | Budget", "Akutteam i hjemmeplejen | Sundhed og Omsorg | 1. april 2027 | 3,4 mio. kr.",
                "Rygestop for gravide | Sundhedscentret | 1. januar 2027 | 0,6 mio. kr.",
                "Opsporing af underernæring | Hjemmeplejen | 1. oktober 2027 | 0,8 mio. kr."):
        assert row in text, row  # every column's words, each row a row
    # each justified paragraph one paragraph, its words in order (Tesseract may misread a letter of a word spread wide)
    first, _, rest = text.partition("Indsats")
    assert "\n" not in first.strip(), first
    assert first.strip().endswith("Udgiften til akutteamet deles ligeligt med regionen i de første to år."), first
    last = rest.strip().splitlines()[-1]
    assert last.startswith("Al") and last.endswith("borgerens forløb sker via MedCom-korrespondancemeddelelser."), last
