"""Labelled fields read with their values (ingest.pdf_fields), on real PDFs made with fpdf2: a minutes' header
of labels beside values, headings set in the margin beside their paragraphs, and a two-column page, which
has no fields."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from evals.unseen.make_pdf import find_font_dir
from ingest.load import load
from ingest.pdf_fields import pair_fields
from ingest.pdf_glyphs import Block

PARTICIPANTS = ("Anne Holm (formand, Region Hovedstaden), Lars Bech (næstformand, KKR Hovedstaden), Sofie Dahl "
                "(PLO-Hovedstaden), Peter Krogh (Københavns Kommune)")


def _pdf() -> FPDF:
    pdf = FPDF(format="A4")
    font = find_font_dir()
    pdf.add_font("dejavu", "", str(font / "DejaVuSans.ttf"))
    pdf.add_font("dejavu", "B", str(font / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(22, 20, 22)
    pdf.add_page()
    return pdf


def _field(pdf: FPDF, label: str, value: str, label_width: float = 28) -> None:
    pdf.set_font("dejavu", "B", 10.5)
    pdf.cell(label_width, 5.4, label)
    pdf.set_font("dejavu", "", 10.5)
    pdf.multi_cell(pdf.w - 44 - label_width, 5.4, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # justified, as by default
    pdf.ln(0.5)


def _text(pdf: FPDF, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(bytes(pdf.output()))
    return load(path).pages[0].text


def test_a_column_of_labels_is_read_with_the_values_beside_them(tmp_path: Path) -> None:
    pdf = _pdf()
    pdf.set_font("dejavu", "B", 16)
    pdf.multi_cell(0, 8, "Referat", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    _field(pdf, "Mødedato", "24. februar 2027, kl. 14.00–16.30")
    _field(pdf, "Deltagere", PARTICIPANTS)  # three lines, the middle one stretched wide by justification
    _field(pdf, "Afbud", "Mette Vang (Region Hovedstaden)")
    pdf.ln(3)
    pdf.set_font("dejavu", "", 10.5)
    pdf.multi_cell(0, 5.4, "Beslutning: Dagsordenen blev godkendt.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    paragraphs = _text(pdf, tmp_path).split("\n\n")
    assert paragraphs == [
        "Referat",
        "Mødedato: 24. februar 2027, kl. 14.00–16.30",
        f"Deltagere: {PARTICIPANTS}",
        "Afbud: Mette Vang (Region Hovedstaden)",
        "Beslutning: Dagsordenen blev godkendt.",
    ]


def test_a_heading_in_the_margin_is_read_before_its_paragraph(tmp_path: Path) -> None:
    pdf = _pdf()
    body = {
        "Formål": "Aftalen skal sikre, at borgeren får en sammenhængende indsats, når ansvaret går fra hospitalet "
                  "til kommunen. Den beskriver, hvem der gør hvad før, under og efter en indlæggelse, og hvordan "
                  "parterne følger op på, om det sker. Aftalen gælder for alle voksne borgere i regionen.",
        "Opgaver": "Hospitalet sender udskrivningsrapporten senest kl. 12 på udskrivningsdagen. Kommunen bekræfter "
                   "modtagelsen inden for to timer i dagtiden og sørger for, at hjemmeplejen er klar, når borgeren "
                   "kommer hjem. Egen læge får besked samme dag, hvis medicinen er ændret under indlæggelsen.",
    }
    for heading, text in body.items():
        y = pdf.get_y()
        pdf.set_font("dejavu", "B", 10.5)
        pdf.cell(32, 5.4, heading)
        pdf.set_xy(22 + 36, y)
        pdf.set_font("dejavu", "", 10.5)
        pdf.multi_cell(pdf.w - 44 - 36, 5.4, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(4)
    paragraphs = _text(pdf, tmp_path).split("\n\n")
    assert paragraphs == ["Formål", body["Formål"], "Opgaver", body["Opgaver"]]


def test_a_two_column_page_has_no_fields(tmp_path: Path) -> None:
    pdf = _pdf()
    pdf.set_font("dejavu", "", 10.5)
    left = ["Kort afsnit.", "Endnu et kort afsnit."]
    right = ["Højre spalte begynder ved siden af det første afsnit og fortsætter over flere linjer i spalten.",
             "Højre spaltes andet afsnit står ud for venstre spaltes andet afsnit og er også langt nok."]
    for k, (a, b) in enumerate(zip(left, right)):
        y = 20 + k * 30
        pdf.set_xy(22, y)
        pdf.multi_cell(75, 5.4, a, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_xy(112, y)
        pdf.multi_cell(75, 5.4, b, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    text = _text(pdf, tmp_path)
    assert ":" not in text
    assert text.index("Kort afsnit.") < text.index("Endnu et kort afsnit.") < text.index("Højre spalte")


def _block(text: str, x0: float, top: float, x1: float, lines: int = 1) -> Block:
    return Block("para", [text] * lines, 1, x0, top, x1, top + 12 * lines, 10.5, False)


def test_one_label_beside_a_value_is_no_column_of_fields() -> None:
    blocks = [_block("Dato", 60, 100, 90), _block("3. marts 2027", 140, 100, 220), _block("Et afsnit.", 60, 140, 500)]
    assert pair_fields(blocks, 595) == blocks


def test_a_value_in_the_right_half_of_the_page_is_another_column() -> None:
    blocks = [_block("Indledning", 60, 100, 120), _block("Tekst i højre spalte.", 320, 100, 540, 4),
              _block("Baggrund", 60, 160, 115), _block("Mere tekst i højre spalte.", 320, 160, 540, 4)]
    assert pair_fields(blocks, 595) == blocks
