"""A PDF page as a picture with the quoted sentences boxed: PDFium renders the page, finds the text, draws the boxes.

The text search ignores case, whitespace and hyphens (a PDF's text layer
breaks words at line ends), and falls back to the head or tail of a sentence
that runs onto the next page. pypdfium2 and Pillow are optional: without
them ``render_pdf_page`` returns None and the caller shows the cleaned text.
"""

from __future__ import annotations

import io
import threading
from typing import Any

import streamlit as st

PDF_RENDER_SCALE = 1.6


def _normalise_for_pdf(text: str) -> tuple[str, list[int]]:
    """Lower-cased text without whitespace and hyphens, with each kept char's index."""
    keep: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() or ch in "-\u00ad\u2010\u2011\ufffe\x02":
            continue
        keep.append(ch.lower())
        index.append(i)
    return "".join(keep), index


@st.cache_data(show_spinner=False, max_entries=64)
def render_pdf_page(path: str, mtime: float, page_no: int, needles: tuple[str, ...]) -> tuple[bytes, int] | None:
    """A PDF page as PNG with the needles highlighted, and how many were found.

    Uses pypdfium2 when it is installed; returns None when it is not or the
    page cannot be rendered (the caller falls back to the cleaned text).
    """
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return None
    try:
        with _pdfium_lock():  # PDFium is not thread-safe: sessions render one at a time
            return _render_pdf_page(path, page_no, needles)
    except Exception:  # noqa: BLE001 - any rendering problem falls back to text
        return None


@st.cache_resource(show_spinner=False)
def _pdfium_lock() -> threading.Lock:
    return threading.Lock()


def _render_pdf_page(path: str, page_no: int, needles: tuple[str, ...]) -> tuple[bytes, int] | None:
    """The body of ``render_pdf_page`` (called under the PDFium lock)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    from PIL import Image, ImageDraw

    pdf = pdfium.PdfDocument(path)
    try:
        if not 1 <= page_no <= len(pdf):
            return None
        page = pdf[page_no - 1]
        image = page.render(scale=PDF_RENDER_SCALE).to_pil().convert("RGBA")
        height = page.get_height()
        textpage = page.get_textpage()
        n = textpage.count_chars()
        chars = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(n))
        hay, hay_index = _normalise_for_pdf(chars)
        boxes: list[tuple[float, float, float, float]] = []
        found = 0
        for needle in needles:
            norm, _ = _normalise_for_pdf(needle)
            if len(norm) < 8:
                continue
            hit = hay.find(norm)
            length = len(norm)
            if hit < 0:  # the sentence may run onto the next page or differ slightly
                head = norm[:60]
                hit = hay.find(head)
                if hit < 0:
                    tail = norm[-60:]
                    pos = hay.find(tail)
                    if pos < 0:
                        continue
                    end = pos + len(tail)
                    hit = max(0, end - length)
                    length = end - hit
            found += 1
            for k in range(hit, min(hit + length, len(hay_index))):
                box = textpage.get_charbox(hay_index[k])
                if box[2] > box[0]:
                    boxes.append(box)
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for left, bottom, right, top in _line_rects(boxes):
            draw.rectangle(
                [left * PDF_RENDER_SCALE - 2, (height - top) * PDF_RENDER_SCALE - 2,
                 right * PDF_RENDER_SCALE + 2, (height - bottom) * PDF_RENDER_SCALE + 2],
                fill=(253, 224, 71, 120), outline=(217, 119, 6, 160),
            )
        image = _crop_blank(Image.alpha_composite(image, overlay).convert("RGB"))
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=True)
        return buf.getvalue(), found
    finally:
        pdf.close()


def _line_rects(boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Merge character boxes (left, bottom, right, top) into one rectangle per text line.

    A box joins a line when its vertical middle lies within the line's
    height (so commas and accents do not start lines of their own).
    """
    lines: list[list[float]] = []
    for left, bottom, right, top in sorted(boxes, key=lambda b: (-(b[1] + b[3]) / 2, b[0])):
        middle = (bottom + top) / 2
        for line in lines:
            if line[1] - 1 <= middle <= line[3] + 1 and left <= line[2] + 80 and right >= line[0] - 80:
                line[0], line[1], line[2], line[3] = min(line[0], left), min(line[1], bottom), max(line[2], right), max(line[3], top)
                break
        else:
            lines.append([left, bottom, right, top])
    return [tuple(x) for x in lines]  # type: ignore[misc]


def _crop_blank(image: Any, margin: int = 36) -> Any:
    """Cut the blank bottom (and top) of a rendered page, keeping its full width."""
    from PIL import ImageChops

    background = image.convert("RGB").point(lambda v: 255 if v > 245 else 0)
    bbox = ImageChops.invert(background).getbbox()
    if not bbox:
        return image
    top = max(0, bbox[1] - margin)
    bottom = min(image.height, bbox[3] + margin)
    return image.crop((0, top, image.width, bottom))
