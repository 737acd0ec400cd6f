"""Characters of a PDF page as positioned line fragments (pypdfium2 character boxes).

The records of ``ingest.pdf_layout`` and its first step: every visible character with its box, baseline,
font size and weight, grouped into fragments (a line, or a line of one column: a wide gap
splits it), small raised digits lifted off as footnote markers, and the page's shaded
rectangles (fact boxes, sidebars) so that text inside one stays its own block. Coordinates
are points from the page's top left. OCR (``ingest.ocr``) produces the same records.
"""

from __future__ import annotations

import ctypes
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.pdf_rows import GENERATED_SPACE, SPACES, WIDE_GAP, WORD_GAP, in_a_cell, justified, segments

@dataclass
class Frag:
    """A run of text on one baseline with no wide gap: a line, or a line of one column."""

    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float
    size: float
    bold: bool
    text: str
    region: int = -1  # index of the shaded rectangle it sits in, -1 for none
    markers: list[str] = field(default_factory=list)
    item: bool = False  # opens a list item whose marker stood apart from its text (a hanging indent)


@dataclass
class PageLayout:
    """One page as read: its fragments, shaded rectangles and page size (points, top-down)."""

    number: int
    width: float
    height: float
    frags: list[Frag]
    rects: list[tuple[float, float, float, float]] = field(default_factory=list)
    ocr_confidence: float | None = None
    rules: list[tuple[float, float, float]] = field(default_factory=list)  # (x0, x1, y) of drawn horizontal lines


# --- characters to fragments ---------------------------------------------------


def page_layout(page: pdfium.PdfPage, number: int) -> PageLayout:
    """Fragments and shaded rectangles of a page from pypdfium2's character boxes."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, height)
    finally:
        textpage.close()
    rects, rules, walls = _drawn(page, height)
    frags = _fragments(chars, walls)
    for f in frags:
        cx, cy = (f.x0 + f.x1) / 2, (f.top + f.bottom) / 2
        for i, (x0, top, x1, bottom) in enumerate(rects):
            if x0 <= cx <= x1 and top <= cy <= bottom:
                f.region = i
    return PageLayout(number, width, height, frags, rects, rules=rules)


def _chars(textpage: pdfium.PdfTextPage, height: float) -> list[tuple[str, float, float, float, float, float, float, bool]]:
    """(char, x0, top, x1, bottom, baseline, size, bold) of every visible character; the file's spaces
    as ``" "`` and the spaces pdfium guessed as ``GENERATED_SPACE``, marks of word gaps, never text."""
    raw = textpage.raw
    out = []
    x, y = ctypes.c_double(), ctypes.c_double()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    bold_cache: dict[bytes, bool] = {}
    for i in range(textpage.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(raw, i):
            if pdfium_c.FPDFText_GetUnicode(raw, i) == 32 and out and out[-1][0] not in SPACES:
                # pdfium's own guess of a word gap where the file draws words apart without a space
                # (justified text in an embedded font): a weaker mark, at the gap, on the row before it
                left, _, right, _ = textpage.get_charbox(i, loose=True)
                prev = out[-1]
                out.append((GENERATED_SPACE, left, prev[2], right, prev[4], prev[5], prev[6], False))
            continue
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code == 0:
            continue
        if chr(code).isspace():
            if code == 32:  # a real space in the text: kept as a mark of a word gap, never as text
                left, bottom, right, top = textpage.get_charbox(i, loose=True)
                pdfium_c.FPDFText_GetCharOrigin(raw, i, x, y)
                size = pdfium_c.FPDFText_GetFontSize(raw, i) or (top - bottom)
                out.append((" ", left, height - top, right, height - bottom, height - y.value, size, False))
            continue
        if code == 2:  # pdfium's mark for a hyphen at the end of a line
            code = ord("-")
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        pdfium_c.FPDFText_GetCharOrigin(raw, i, x, y)
        size = pdfium_c.FPDFText_GetFontSize(raw, i) or (top - bottom)
        weight = pdfium_c.FPDFText_GetFontWeight(raw, i)
        pdfium_c.FPDFText_GetFontInfo(raw, i, name, len(name), flags)
        font = name.value
        if font not in bold_cache:
            bold_cache[font] = bool(re.search(rb"bold|black|heavy|semibold|demi", font, re.I))
        bold = weight >= 600 or bold_cache[font]
        out.append((chr(code), left, height - top, right, height - bottom, height - y.value, size, bold))
    return out


def _fragments(
    chars: Sequence[tuple[str, float, float, float, float, float, float, bool]],
    walls: Sequence[tuple[float, float, float]] = (),
) -> list[Frag]:
    """Group characters into baseline rows, split rows at wide gaps, lift footnote markers.

    A row is first cut where a wide gap holds no space at all (a column gutter, a table gap) or a
    drawn vertical line (``walls``: x, top, bottom; a table cell's border, whatever space the cell
    before it ends with); each part is then cut at its other wide gaps unless it is justified text
    (``ingest.pdf_rows.justified``).
    """
    rows: list[list[tuple]] = []
    for ch in sorted(chars, key=lambda c: (c[5], c[1])):
        if rows and abs(ch[5] - rows[-1][0][5]) <= 0.3 * max(ch[6], rows[-1][0][6]):
            rows[-1].append(ch)
        else:
            rows.append([ch])
    ordered = [sorted(r, key=lambda c: c[1]) for r in rows]
    inked = [[c for c in r if c[0] not in SPACES] for r in ordered]
    starts = [r[0][1] for r in inked if r]  # where each row's first word begins
    texts = [r for r, ink in zip(ordered, inked) if ink]
    split = [segments(r, walls, starts[max(i - 1, 0) : i] + starts[i + 1 : i + 2]) for i, r in enumerate(texts)]
    parts = [row for _, row in split]
    frags: list[Frag] = []
    for i, (marker, row) in enumerate(split):
        for n, seg in enumerate(row):
            stretched = in_a_cell(seg.glyphs, walls) or justified(i, seg, parts)
            lead = marker if n == 0 else []  # a list marker hanging apart: one fragment with its text
            run, item = [*lead, seg.glyphs[0]], bool(lead)
            for ch in seg.glyphs[1:]:
                if ch[1] - run[-1][3] > WIDE_GAP * max(ch[6], run[-1][6]) and not stretched:
                    frags.append(_frag(run, item))
                    run, item = [], False
                run.append(ch)
            frags.append(_frag(run, item))
    return _lift_markers(frags)


def _frag(run: Sequence[tuple], item: bool = False) -> Frag:
    text, prev = "", None
    for ch in run:
        if prev is not None and ch[1] - prev[3] > WORD_GAP * max(ch[6], prev[6]):
            text += " "
        text += ch[0]
        prev = ch
    sizes = [c[6] for c in run]
    return Frag(
        x0=min(c[1] for c in run),
        top=min(c[2] for c in run),
        x1=max(c[3] for c in run),
        bottom=max(c[4] for c in run),
        baseline=statistics.median(c[5] for c in run),
        size=statistics.median(sizes),
        bold=sum(c[7] for c in run) > len(run) / 2,
        text=text,
        item=item,
    )


def _lift_markers(frags: list[Frag]) -> list[Frag]:
    """Small raised digits next to a line of larger text are footnote markers, not words."""
    keep = []
    for f in frags:
        host = None
        if re.fullmatch(r"\d{1,3}", f.text):
            for g in frags:
                if g is f or g.size < f.size * 1.25:
                    continue
                raised = 0.1 * g.size < g.baseline - f.baseline < 0.7 * g.size
                near = g.x0 - 2 <= f.x0 <= g.x1 + 2
                if raised and near:
                    host = g
                    break
        if host is None:
            keep.append(f)
        else:
            host.markers.append(f.text)
    return keep


def _drawn(page: pdfium.PdfPage, height: float) -> tuple[
    list[tuple[float, float, float, float]], list[tuple[float, float, float]], list[tuple[float, float, float]]
]:
    """What the page draws besides text, in one pass over its paths:

    - filled rectangles big enough to hold text (fact boxes, sidebars, table headers);
    - horizontal lines as (x0, x1, y), what parts a table's rows where they are ruled;
    - vertical lines as (x, top, bottom), what parts its cells.

    A line is a thin path's middle, or an edge of a stroked rectangle (a table cell's border)."""
    rects, rules, walls = [], [], []
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        left, bottom, right, top = obj.get_bounds()
        pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill_mode, stroke)
        wide, tall = right - left, top - bottom
        if tall >= 8 and wide >= 30 and fill_mode.value:
            pdfium_c.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
            if min(r.value, g.value, b.value) <= 250 and a.value != 0:  # a white fill is a background, not a box
                rects.append((left, height - top, right, height - bottom))
        if tall <= 3 and wide >= 10:  # a line, stroked or drawn as a thin filled bar
            rules.append((left, right, height - (top + bottom) / 2))
        elif wide <= 3 and tall >= 10:
            walls.append(((left + right) / 2, height - top, height - bottom))
        elif stroke.value and wide >= 10 and tall >= 10 and pdfium_c.FPDFPath_CountSegments(obj.raw) <= 5:  # a rectangle, no curve
            rules += [(left, right, height - top), (left, right, height - bottom)]
            walls += [(left, height - top, height - bottom), (right, height - top, height - bottom)]
    return rects, rules, walls


@dataclass
class Block:
    """A paragraph, heading, box part, table or footnote on one page."""

    kind: str  # para, heading, table, footnote, field (a label and its value, ``ingest.pdf_fields``)
    lines: list[str]
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    region: int = -1
    markers: list[str] = field(default_factory=list)
    item: bool = False  # opens with a list item's marker

    @property
    def text(self) -> str:
        """Table rows one a line; any other block as one line (see ``join_lines``)."""
        return "\n".join(self.lines) if self.kind == "table" else join_lines(self.lines)


def join_lines(lines: Sequence[str]) -> str:
    """Wrapped lines of one paragraph joined by spaces.

    A line that ends in a hyphen after a letter, followed by a lowercase word, keeps its
    line break: whether ``sund-`` + ``hedsvæsen`` is one word or ``sundheds- og`` a
    deliberate hyphen is the cleaner's call, made with its vocabulary.
    """
    out = ""
    for line in lines:
        if not out:
            out = line
        elif re.search(r"[^\W\d_]-$", out) and line[:1].islower():
            out += "\n" + line
        else:
            out += " " + line
    return out
