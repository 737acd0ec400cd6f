"""Build real PDF files for tests with fpdf2 (no mocking of pypdf).

Every builder returns the PDF as ``bytes``; ``write`` puts them on disk. The
core font Helvetica covers Latin-1, so Danish æ, ø and å render and extract
correctly. Typographic dashes and quotes outside Latin-1 are mapped to ASCII.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import EncryptionMethod

# Characters outside Latin-1 that the core fonts cannot draw.
_LATIN1_FALLBACK = str.maketrans({"–": "-", "—": "-", "’": "'", "‘": "'", "”": '"', "“": '"', "…": "..."})

DANISH_PAGES: tuple[str, ...] = (
    "Sundhedsaftalen er den formelle ramme om det tværsektorielle samarbejde "
    "mellem region, kommuner og almen praksis.",
    "Målet er, at den enkelte borger modtager en sammenhængende indsats af høj "
    "kvalitet uanset antallet af kontakter.",
    "Kommunerne og regionen aftaler opgavefordelingen for genoptræning, "
    "forebyggelse og behandling på tværs af sektorerne.",
)
"""Three pages of Danish prose with æ, ø and å; used by several tests."""


def _new_pdf(title: str | None = None) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_font("Helvetica", size=12)
    if title is not None:
        pdf.set_title(title.translate(_LATIN1_FALLBACK))
    return pdf


def _latin1(text: str) -> str:
    return text.translate(_LATIN1_FALLBACK)


def text_pdf(pages: Sequence[str] = DANISH_PAGES, *, title: str | None = None) -> bytes:
    """A PDF with one page per string, text set as wrapped paragraphs.

    Args:
        pages: The text of each page; lines within a page may use ``\\n``.
        title: Optional document-info ``/Title``.

    Returns:
        The PDF file's bytes.
    """
    pdf = _new_pdf(title)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 7, _latin1(text))
    return bytes(pdf.output())


def lines_pdf(lines: Sequence[str], *, title: str | None = None) -> bytes:
    """A one-page PDF that draws each string on its own line, exactly as given.

    Useful for line-break hyphenation: ``["... sund-", "hedsvæsen ..."]``.
    """
    pdf = _new_pdf(title)
    pdf.add_page()
    for line in lines:
        pdf.cell(0, 7, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def encrypted_pdf(
    pages: Sequence[str] = DANISH_PAGES,
    *,
    user_password: str = "hemmelig",
    owner_password: str = "ejer",
    aes: bool = True,
) -> bytes:
    """A text PDF encrypted with the given passwords.

    With ``user_password=""`` any reader opens it without asking (only the
    owner password restricts permissions).
    """
    pdf = _new_pdf()
    method = EncryptionMethod.AES_128 if aes else EncryptionMethod.RC4
    pdf.set_encryption(owner_password=owner_password, user_password=user_password, encryption_method=method)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 7, _latin1(text))
    return bytes(pdf.output())


def image_only_pdf(pages: int = 2) -> bytes:
    """A PDF whose pages hold only vector drawings, no text layer (like a scan)."""
    pdf = _new_pdf()
    for i in range(pages):
        pdf.add_page()
        pdf.set_fill_color(40 * i % 255, 120, 200)
        pdf.rect(20, 20, 120, 80, style="DF")
        pdf.line(20, 120, 180, 200)
    return bytes(pdf.output())


def truncated_pdf(data: bytes | None = None) -> bytes:
    """The first half of a valid PDF: the xref table and trailer are lost."""
    data = data if data is not None else text_pdf()
    return data[: len(data) // 2]


def corrupt_pdf() -> bytes:
    """A PDF header followed by bytes that are not a PDF body at all."""
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes((i * 7919 + 13) % 256 for i in range(4096)) + b"\n%%EOF\n"


def broken_xref_pdf(data: bytes | None = None) -> bytes:
    """A valid PDF whose ``startxref`` offset is wrong: damaged, but readers repair it."""
    data = data if data is not None else text_pdf()
    head, sep, tail = data.rpartition(b"startxref\n")
    offset, _, rest = tail.partition(b"\n")
    return head + sep + b"12".rjust(len(offset)) + b"\n" + rest


def write(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (creating parent folders) and return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
