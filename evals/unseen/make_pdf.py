"""Render the unseen agreements (``nordjylland-2024-2027.md``, ``sjaelland-2025-2028.md``) to PDFs, byte for byte
the same every run.

Why a script and not a one-off export: the PDF is the document the evaluation ingests, and its
questions quote text as pypdf extracts it. Anyone who corrects a word in the markdown must be
able to rebuild an identical-looking PDF and rerun ``tests/evals/test_unseen_set.py`` to see
that every quote still holds. The creation date and file id are fixed so that an unchanged
source gives an unchanged file (no spurious diffs in git).

Layout: A4, one column, a title page, a table of contents, a running header with the short
title, and "Side N af M" in the footer. The text is set in DejaVu Sans (a Unicode TrueType
font, so æ, ø, å, en dashes and § survive extraction); the script stops with a clear message
when the font is missing instead of falling back to a core font that cannot draw them.

Usage (from the repository root)::

    python -m evals.unseen.make_pdf                      # writes both PDFs into evals/unseen/
    python -m evals.unseen.make_pdf --doc sjaelland --out X.pdf
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Agreement:
    """One unseen agreement: its source, its PDF and what the PDF's header and metadata say."""

    source: Path
    pdf_name: str
    short_title: str
    title: str
    created: dt.datetime
    """Fixed creation date: the PDF must not change when the source has not."""
    file_id: str

    @property
    def output(self) -> Path:
        return HERE / self.pdf_name


AGREEMENTS = {
    "nordjylland": Agreement(
        HERE / "nordjylland-2024-2027.md", "nordjylland-sundhedsaftale-2024-2027.pdf",
        "Sundhedsaftale 2024–2027 · Region Nordjylland og de 11 nordjyske kommuner", "Sundhedsaftale 2024–2027",
        dt.datetime(2023, 11, 1, 12, 0, 0, tzinfo=dt.UTC), "2A9F1D3C5B7E4A60918F0D2C3B4A5E6F",
    ),
    "sjaelland": Agreement(
        HERE / "sjaelland-2025-2028.md", "sjaelland-sundhedsaftale-2025-2028.pdf",
        "Sundhedsaftale 2025–2028 · Region Sjælland, de 17 kommuner og almen praksis", "Sundhedsaftale 2025–2028",
        dt.datetime(2024, 11, 15, 12, 0, 0, tzinfo=dt.UTC), "7C41E2B09D3A4F5E8B6C1D0A2E9F3B47",
    ),
}
NORDJYLLAND = AGREEMENTS["nordjylland"]

FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",  # Debian, Ubuntu (fonts-dejavu-core)
    "/usr/share/fonts/dejavu",  # Fedora, Arch
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
)
FONT_ENV = "DEJAVU_FONT_DIR"
"""Set this to a folder holding the DejaVu TTF files when they live elsewhere."""

BODY_SIZE = 10.5
LINE_H = 5.6
LEFT, RIGHT, TOP, BOTTOM = 24.0, 24.0, 24.0, 22.0


class FontMissing(RuntimeError):
    """The Unicode font is not installed; rendering with a core font would lose æøå and dashes."""


def find_font_dir() -> Path:
    """The first folder that holds all three DejaVu Sans files; raises ``FontMissing`` otherwise."""
    candidates = [os.environ[FONT_ENV]] if os.environ.get(FONT_ENV) else []
    candidates += list(FONT_DIRS)
    for folder in candidates:
        path = Path(folder)
        if all((path / name).is_file() for name in FONT_FILES.values()):
            return path
    raise FontMissing(
        "DejaVu Sans (DejaVuSans.ttf, DejaVuSans-Bold.ttf, DejaVuSans-Oblique.ttf) was not found in "
        f"{', '.join(candidates)}. Install it (Debian/Ubuntu: apt-get install fonts-dejavu-core) "
        f"or set {FONT_ENV} to the folder that holds the files."
    )


# ------------------------------------------------------------------ the source


@dataclass(frozen=True)
class Block:
    """One unit of the source: kind is title, heading, subheading, para, bullet, numbered, table, pagebreak."""

    kind: str
    text: str = ""
    label: str = ""
    cells: tuple[tuple[str, ...], ...] = ()


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")


def parse(markdown: str) -> list[Block]:
    """Split the small markup of the source into blocks (see the comment at the top of the .md)."""
    text = markdown.replace("<!-- pagebreak -->", "\n@@pagebreak@@\n")
    text = _COMMENT.sub("", text)
    blocks: list[Block] = []
    table: list[tuple[str, ...]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("|"):
            table.append(tuple(c.strip() for c in line.strip("|").split("|")))
            continue
        if table:
            blocks.append(Block("table", cells=tuple(table)))
            table = []
        if not line:
            continue
        if line == "@@pagebreak@@":
            blocks.append(Block("pagebreak"))
        elif line.startswith("### "):
            blocks.append(Block("subheading", line[4:]))
        elif line.startswith("## "):
            blocks.append(Block("heading", line[3:]))
        elif line.startswith("# "):
            blocks.append(Block("title", line[2:]))
        elif line.startswith("- "):
            blocks.append(Block("bullet", line[2:]))
        elif match := _NUMBERED.match(line):
            blocks.append(Block("numbered", match.group(2), label=f"{match.group(1)}."))
        else:
            blocks.append(Block("para", line))
    if table:
        blocks.append(Block("table", cells=tuple(table)))
    return blocks


# ------------------------------------------------------------------ the document


class AgreementPDF(FPDF):
    """A4 pages with the running header and the "Side N af M" footer (none on the title page)."""

    short_title = ""

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font("DejaVu", "", 8)
        self.set_text_color(90, 90, 90)
        self.set_y(12)
        self.cell(0, 4, self.short_title, align="L")
        self.set_draw_color(160, 160, 160)
        self.line(LEFT, 17.5, self.w - RIGHT, 17.5)
        self.set_text_color(0, 0, 0)
        self.set_y(TOP)

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-14)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 4, f"Side {self.page_no()} af {{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _new_pdf(font_dir: Path, agreement: Agreement) -> AgreementPDF:
    pdf = AgreementPDF(format="A4")
    pdf.short_title = agreement.short_title
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(auto=True, margin=BOTTOM)
    for style, name in FONT_FILES.items():
        pdf.add_font("DejaVu", style, str(font_dir / name))
    pdf.alias_nb_pages("{nb}")
    pdf.set_creation_date(agreement.created)
    pdf.set_title(agreement.title)
    pdf.set_subject("Fiktivt eksempel på en sundhedsaftale, skrevet til evaluering af Aftale")
    pdf.set_creator("evals/unseen/make_pdf.py")
    pdf.set_lang("da")
    return pdf


def _title_page(pdf: AgreementPDF, blocks: list[Block]) -> None:
    pdf.add_page()
    pdf.set_y(70)
    seen_title = False
    for i, block in enumerate(blocks):
        if block.kind == "title":
            pdf.set_font("DejaVu", "B", 26)
            pdf.multi_cell(0, 12, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
            seen_title = True
        elif seen_title and i == 1:
            pdf.set_font("DejaVu", "I", 15)
            pdf.multi_cell(0, 8, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(18)
        else:
            pdf.set_font("DejaVu", "", 11)
            pdf.multi_cell(0, 6.2, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(6)


def _keep_with_next(pdf: AgreementPDF, height: float) -> None:
    """Start a new page rather than leave a heading alone at the bottom of one."""
    if pdf.get_y() + height > pdf.h - BOTTOM:
        pdf.add_page()


def _body(pdf: AgreementPDF, blocks: list[Block]) -> None:
    previous = ""
    for block in blocks:
        if previous in ("bullet", "numbered") and block.kind not in ("bullet", "numbered"):
            pdf.ln(1.5)  # air between a list and what follows it
        previous = block.kind
        if block.kind == "pagebreak":
            pdf.add_page()
        elif block.kind == "heading":
            _keep_with_next(pdf, 30)
            if pdf.get_y() > TOP + 1:
                pdf.ln(4)
            pdf.start_section(block.text, level=0)
            pdf.set_font("DejaVu", "B", 14)
            pdf.multi_cell(0, 7.5, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif block.kind == "subheading":
            _keep_with_next(pdf, 24)
            pdf.ln(1.5)
            pdf.start_section(block.text, level=1)
            pdf.set_font("DejaVu", "B", 11.5)
            pdf.multi_cell(0, 6.5, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif block.kind == "para":
            pdf.set_font("DejaVu", "", BODY_SIZE)
            pdf.multi_cell(0, LINE_H, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2.4)
        elif block.kind in ("bullet", "numbered"):
            pdf.set_font("DejaVu", "", BODY_SIZE)
            label = "•" if block.kind == "bullet" else block.label
            pdf.set_x(LEFT + 3)
            pdf.cell(6, LINE_H, label)
            pdf.multi_cell(0, LINE_H, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.2)
        elif block.kind == "table":
            pdf.set_font("DejaVu", "", 9.5)
            widths = (50, 30, 25) if len(block.cells[0]) == 3 else (1,) * len(block.cells[0])
            with pdf.table(col_widths=widths, line_height=5.2, first_row_as_headings=True) as table:
                for row_cells in block.cells:
                    row = table.row()
                    for cell in row_cells:
                        row.cell(cell)
            pdf.ln(3)


def _render_toc(pdf: FPDF, outline: list) -> None:
    """The contents page: sections and subsections with their page numbers."""
    pdf.set_xy(LEFT, TOP)
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 8, "Indhold", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for entry in outline:
        pdf.set_font("DejaVu", "B" if entry.level == 0 else "", 10)
        indent = 0 if entry.level == 0 else 6
        pdf.set_x(LEFT + indent)
        width = pdf.w - LEFT - RIGHT - indent
        pdf.cell(width - 12, 5.6, entry.name)
        pdf.cell(12, 5.6, str(entry.page_number), align="R", new_x="LMARGIN", new_y="NEXT")


def render(agreement: Agreement = NORDJYLLAND, font_dir: Path | None = None) -> bytes:
    """The PDF of ``agreement`` as bytes (same input, same bytes)."""
    blocks = parse(agreement.source.read_text(encoding="utf-8"))
    split = next(i for i, b in enumerate(blocks) if b.kind == "pagebreak")
    pdf = _new_pdf(font_dir or find_font_dir(), agreement)
    _title_page(pdf, blocks[:split])
    pdf.add_page()
    pdf.insert_toc_placeholder(_render_toc, pages=1)  # adds the page the body starts on
    _body(pdf, blocks[split + 1 :])
    pdf.file_id = lambda: f"<{agreement.file_id}><{agreement.file_id}>"
    return bytes(pdf.output())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doc", choices=sorted(AGREEMENTS), help="one agreement (default: all)")
    parser.add_argument("--out", type=Path, help="where to write the PDF (with --doc; default: evals/unseen/)")
    args = parser.parse_args(argv)
    if args.out and not args.doc and len(AGREEMENTS) > 1:
        parser.error("--out needs --doc")
    names = [args.doc] if args.doc else sorted(AGREEMENTS)
    for name in names:
        agreement = AGREEMENTS[name]
        try:
            data = render(agreement)
        except FontMissing as exc:
            print(f"make_pdf: {exc}", file=sys.stderr)
            return 2
        out = args.out or agreement.output
        out.write_bytes(data)
        print(f"wrote {out} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
