"""Render the fictional agreements in this folder to PDF, deterministically.

Why: the gold table for document facts must hold documents beyond the five
bundled ones, as real PDFs read back with pypdf exactly like an upload. The
source text lives beside the PDF (``NAME.txt``); a line ``---- side ----``
starts a new page, ``# `` a heading, ``## `` a subheading. The creation date
is fixed so every run gives the same bytes.

Usage: ``python evals/facts/render.py`` (needs fpdf2 and DejaVu Sans from
fonts-dejavu-core).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
PAGE_BREAK = "---- side ----"
FIXED_DATE = datetime(2024, 1, 1, tzinfo=UTC)
# /Title per document: one real title, one placeholder a word processor leaves.
PDF_TITLES = {
    "nordjylland-sundhedsaftale-2024-2027": "Sundhedsaftale 2024–2027",
    "sjaelland-sundhedsaftale-2011-2014-hoeringsversion": "Microsoft Word - hoering_v3.docx",
}


def _font(name: str) -> Path:
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    sys.exit(f"{name} not found: install fonts-dejavu-core")


def render(source: Path, target: Path) -> None:
    """Write ``source`` (the marked-up text) as a PDF at ``target``."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(PDF_TITLES.get(source.stem, ""))
    pdf.add_font("DejaVu", "", str(_font("DejaVuSans.ttf")))
    pdf.add_font("DejaVu", "B", str(_font("DejaVuSans-Bold.ttf")))
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip() == PAGE_BREAK:
            pdf.add_page()
        elif line.startswith("## "):
            pdf.set_font("DejaVu", "B", 14)
            pdf.multi_cell(0, 8, line[3:], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        elif line.startswith("# "):
            pdf.set_font("DejaVu", "B", 18)
            pdf.multi_cell(0, 10, line[2:], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        elif line.strip():
            pdf.set_font("DejaVu", "", 11)
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    pdf.output(str(target))


def main() -> None:
    for source in sorted(HERE.glob("*.txt")):
        render(source, source.with_suffix(".pdf"))
        print(source.with_suffix(".pdf").name)


if __name__ == "__main__":
    main()
