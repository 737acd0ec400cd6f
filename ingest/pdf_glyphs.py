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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from foundation.text.bullets import BULLET_IN_PDF

WORD_GAP = 0.12
"""A gap between glyphs wider than this many font sizes parts two words."""
WIDE_GAP = 0.9
"""A gap wider than this many font sizes may be a column gutter or a table's cell gap (or a stretched word gap)."""
GENERATED_SPACE = "\t"
"""Marks a space pdfium guessed in a gap (the file has none there); never text."""
_SPACES = (" ", GENERATED_SPACE)
MIN_JUSTIFIED_GAPS = 2
"""Word gaps a row without space characters needs before its alike gaps count as justification."""
MIN_LONE_JUSTIFIED_GAPS = 4
"""Word gaps such a row needs when no line beside it is justified, only another line of the page as wide."""
COLUMN_LINES = 3
"""Other lines with a row's two edges that make them a justified column's (``_edges_of_a_column``)."""
EVEN_SPREAD = 1.0
"""Points by which a justified line's stretched gaps may differ (glyph boxes' side bearings), ``_spread_evenly``."""
LIST_MARKER = re.compile(rf"^(?:{BULLET_IN_PDF}|\d{{1,2}}[.)]|[a-zA-Z][.)]|\(\d{{1,2}}\)|\([a-zA-Z]\))$")
"""A list item's marker: a bullet (symbol fonts' private-use bullets too), ``1.``, ``a)``, ``(2)``."""
HANGING_INDENT = 4.0
"""Widest gap (in font sizes) between a list marker and its text that still belongs to one item."""


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
            if pdfium_c.FPDFText_GetUnicode(raw, i) == 32 and out and out[-1][0] not in _SPACES:
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
    (``_justified``).
    """
    rows: list[list[tuple]] = []
    for ch in sorted(chars, key=lambda c: (c[5], c[1])):
        if rows and abs(ch[5] - rows[-1][0][5]) <= 0.3 * max(ch[6], rows[-1][0][6]):
            rows[-1].append(ch)
        else:
            rows.append([ch])
    ordered = [sorted(r, key=lambda c: c[1]) for r in rows]
    split = [_segments(r, walls) for r in ordered if any(c[0] not in _SPACES for c in r)]
    segments = [row for _, row in split]
    frags: list[Frag] = []
    for i, (marker, row) in enumerate(split):
        for n, seg in enumerate(row):
            justified = _in_a_cell(seg.glyphs, walls) or _justified(i, seg, segments)
            lead = marker if n == 0 else []  # a list marker hanging apart: one fragment with its text
            run, item = [*lead, seg.glyphs[0]], bool(lead)
            for ch in seg.glyphs[1:]:
                if ch[1] - run[-1][3] > WIDE_GAP * max(ch[6], run[-1][6]) and not justified:
                    frags.append(_frag(run, item))
                    run, item = [], False
                run.append(ch)
            frags.append(_frag(run, item))
    return _lift_markers(frags)


def _in_a_cell(glyphs: Sequence[tuple], walls: Sequence[tuple[float, float, float]]) -> bool:
    """Whether a run of glyphs lies between two drawn vertical lines of a row that three or more cross
    (a ruled table's cell, not a framed box or page)."""
    baseline = glyphs[0][5]
    xs = sorted(x for x, top, bottom in walls if top <= baseline <= bottom)
    return len(xs) >= 3 and xs[0] <= glyphs[0][1] and glyphs[-1][3] <= xs[-1]


def _hanging_marker(glyphs: Sequence[tuple]) -> int:
    """The glyph count of a list marker that opens a row apart from its text ("1." / "•", then a
    gap of a hanging indent, then the item's text); 0 for none."""
    for k in range(1, min(len(glyphs), 5)):
        prev, ch = glyphs[k - 1], glyphs[k]
        size = max(ch[6], prev[6])
        gap = ch[1] - prev[3]
        if gap > WORD_GAP * size:
            word = "".join(c[0] for c in glyphs[:k])
            return k if WIDE_GAP * size < gap <= HANGING_INDENT * size and LIST_MARKER.match(word) else 0
    return 0


@dataclass
class _Segment:
    """A part of a row between gaps that hold no space: a line, or a line of one column."""

    glyphs: list[tuple]
    kind: str  # _stretch of its gaps with the file's own spaces
    guessed_kind: str  # _stretch of its gaps with pdfium's guessed spaces too
    guessed_gaps: list[float]  # those gaps ([] when one holds no space)


def _segments(row: Sequence[tuple], walls: Sequence[tuple[float, float, float]] = ()) -> tuple[list[tuple], list[_Segment]]:
    """A row's list marker hanging apart from its text (or none), and the row's parts between
    gaps that hold no space; a marker is set aside, so that its item's text is judged, and lines
    up with the item's next lines, on its own."""
    glyphs = [c for c in row if c[0] not in _SPACES]
    real = [c for c in row if c[0] == " "]
    every = [c for c in row if c[0] in _SPACES]
    marker = _hanging_marker(glyphs)
    head, glyphs = glyphs[:marker], glyphs[marker:]
    parts, start = [], 0
    for k in range(1, len(glyphs)):
        prev, ch = glyphs[k - 1], glyphs[k]
        walled = any(prev[3] <= x <= ch[1] and top <= ch[5] <= bottom for x, top, bottom in walls)
        if walled or (ch[1] - prev[3] > WIDE_GAP * max(ch[6], prev[6]) and not _holds_space(prev, ch, every, anywhere=True)):
            parts.append(glyphs[start:k])
            start = k
    parts.append(glyphs[start:])
    out = []
    for part in parts:
        lo, hi = part[0][1] - 1.0, part[-1][3] + 1.0
        spaces = [c for c in real if lo <= c[1] <= hi]
        guessed_gaps = _word_gaps(part, [c for c in every if lo <= c[1] <= hi], anywhere=True)
        out.append(_Segment(part, _stretch(part, _word_gaps(part, spaces)), _stretch(part, guessed_gaps), guessed_gaps or []))
    return head, out


def _justified(i: int, seg: _Segment, rows: Sequence[Sequence[_Segment]]) -> bool:
    """Whether a segment is a line of justified text, whose stretched gaps are word gaps.

    With the file's own spaces: its gaps are stretched alike, or it has one stretched gap and a
    justified neighbour. Without them (justified text in an embedded font is drawn word by
    word, and only pdfium's guessed spaces mark its gaps, as they mark a table's cell gaps):
    at least ``MIN_JUSTIFIED_GAPS`` gaps stretched alike, beside a line of the same paragraph
    (same edges, spaced alike) or as wide as another evenly spaced line of the page; or one stretched gap, or gaps
    equal to within ``EVEN_SPREAD``, on a line with the edges of ``COLUMN_LINES`` other lines (a narrow column's
    two or three long words); and words that do not line up with those of the rows above and below as table cells
    do (``_aligned_like_a_table``).
    """
    if seg.kind == "justified":
        return True
    if seg.kind == "one":
        return _beside_justified(i, seg, rows, lambda s: s.kind)
    if seg.kind == "" and _spread_evenly(seg) and _edges_of_a_column(i, seg, rows):
        # a line of a narrow justified column: few long words, so one or two stretched gaps and neighbours alike
        return not _aligned_like_a_table(i, seg, rows)
    return (
        seg.kind == ""
        and seg.guessed_kind == "justified"
        and len(seg.guessed_gaps) >= MIN_JUSTIFIED_GAPS
        and (_beside_justified(i, seg, rows, lambda s: s.guessed_kind) or _as_wide_as_a_justified_line(i, seg, rows))
        and not _aligned_like_a_table(i, seg, rows)
    )


def _as_wide_as_a_justified_line(i: int, seg: _Segment, rows: Sequence[Sequence[_Segment]]) -> bool:
    """Whether another line of the page, evenly spaced, has the segment's edges: the first line of a
    paragraph of two, whose only neighbour is its short last line, spans the column as the page's
    other justified lines do (read as columns, its last word went to the end of the page). Only a line
    of ``MIN_LONE_JUSTIFIED_GAPS`` gaps or more, or of fewer with its short last line right below it
    (``_short_last_line_below``): a table cell's few words spaced alike are no line."""
    if len(seg.guessed_gaps) < MIN_LONE_JUSTIFIED_GAPS and not _short_last_line_below(i, seg, rows):
        return False
    return any(j != i and (s.kind in ("justified", "even") or s.guessed_kind in ("justified", "even")) and _same_edges(seg.glyphs, s.glyphs)
               for j, row in enumerate(rows) for s in row)


def _spread_evenly(seg: _Segment) -> bool:
    """Whether a segment's stretched gaps are one, or equal to within ``EVEN_SPREAD`` points: justification shares a
    line's room out equally, where a table's cells leave gaps as wide as their columns happen to make them."""
    gaps = seg.guessed_gaps
    return seg.guessed_kind == "one" or seg.guessed_kind == "justified" and max(gaps) - min(gaps) <= EVEN_SPREAD


def _edges_of_a_column(i: int, seg: _Segment, rows: Sequence[Sequence[_Segment]]) -> bool:
    """Whether ``COLUMN_LINES`` other lines of the page begin and end where the segment does: the edges of a column
    of justified text, which every full line of it fills, whatever its words' gaps."""
    same = sum(1 for j, row in enumerate(rows) if j != i for s in row if _same_edges(seg.glyphs, s.glyphs))
    return same >= COLUMN_LINES


def _short_last_line_below(i: int, seg: _Segment, rows: Sequence[Sequence[_Segment]]) -> bool:
    """Whether the next row holds, a line's step below and at the segment's left edge, an evenly spaced
    line that ends short of the segment's right edge: the last line of the paragraph the segment opens.
    In a narrow column (a glossary set in two) a justified line has few words, three gaps or fewer."""
    if i + 1 >= len(rows):
        return False
    first, last = seg.glyphs[0], seg.glyphs[-1]
    return any(
        abs(s.glyphs[0][1] - first[1]) <= 2.0
        and s.glyphs[-1][3] < last[3] - 2.0
        and s.glyphs[0][5] - first[5] <= 2.0 * first[6]
        and "even" in (s.kind, s.guessed_kind)
        for s in rows[i + 1]
    )


def _word_edges(glyphs: Sequence[tuple], wide_only: bool = False) -> list[tuple[str, float]]:
    """Where the words of a run of glyphs start (``s``) and end (``e``); ``wide_only``: only at its
    wide gaps."""
    edges = [] if wide_only else [("s", glyphs[0][1])]
    for prev, ch in zip(glyphs, glyphs[1:]):
        if ch[1] - prev[3] > (WIDE_GAP if wide_only else WORD_GAP) * max(ch[6], prev[6]):
            edges += [("e", prev[3]), ("s", ch[1])]
    return edges if wide_only else [*edges, ("e", glyphs[-1][3])]


def _aligned_like_a_table(i: int, seg: _Segment, rows: Sequence[Sequence[_Segment]], tol: float = 0.5) -> bool:
    """Whether half or more of the word starts and ends at a segment's wide gaps line up (within
    ``tol``) with word starts and ends on the row above or below: table cells, set to one column
    edge, not the scattered words of justified lines."""
    edges = _word_edges(seg.glyphs, wide_only=True)
    near = [e for j in (i - 1, i + 1) if 0 <= j < len(rows) for other in rows[j] for e in _word_edges(other.glyphs)]
    aligned = sum(any(k == m and abs(x - y) <= tol for m, y in near) for k, x in edges)
    return bool(edges) and aligned >= len(edges) / 2


def _holds_space(prev: tuple, ch: tuple, spaces: Sequence[tuple], anywhere: bool) -> bool:
    reach = ch[1] + 1.0 if anywhere else prev[3] + 0.5 * max(ch[6], prev[6])
    return any(prev[3] - 1.0 <= s[1] <= reach and s[3] <= ch[1] + 1.0 for s in spaces)


def _word_gaps(glyphs: Sequence[tuple], spaces: Sequence[tuple], anywhere: bool = False) -> list[float] | None:
    """The row's gaps between words, each holding a space (None: a gap holds none).

    ``anywhere``: a space may stand anywhere in its gap (pdfium's guessed spaces), not only
    right after the word before it."""
    gaps = []
    for prev, ch in zip(glyphs, glyphs[1:]):
        size = max(ch[6], prev[6])
        gap = ch[1] - prev[3]
        if gap <= WORD_GAP * size:
            continue
        if not _holds_space(prev, ch, spaces, anywhere):
            return None  # a gap without a space: a gutter or a table gap
        gaps.append(gap)
    return gaps


def _stretch(glyphs: Sequence[tuple], gaps: list[float] | None) -> str:
    """From a row's word gaps (``_word_gaps``; None: a gap holds no space):
    ``"justified"`` for a row whose word gaps all hold a space and are stretched alike
    beyond a gutter's width, ``"even"`` when alike but narrow, ``"one"`` for a row with one
    such wide gap only, ``"word"`` for a row without word gaps; else ``""``.

    Why: justified text stretches the spaces of a short line until a gap is as wide as a
    column gutter, and splitting there reads the words of one line as two columns. A gutter
    or a table gap holds no space character, or stands out from the row's other word gaps.
    One stretched gap alone cannot be told from a gutter after a trailing space, so such a
    row counts as justified only beside a justified row with the same edges.
    """
    if gaps is None:
        return ""  # a gap without a space: a gutter or a table gap
    if not gaps:
        return "word"  # one word: says nothing about the paragraph's spacing
    wide = max(gaps) > WIDE_GAP * max(c[6] for c in glyphs)
    if len(gaps) == 1:
        return "one" if wide else ""
    if max(gaps) > 1.6 * min(gaps):
        return ""
    return "justified" if wide else "even"


def _beside_justified(i: int, seg: _Segment, rows: Sequence[Sequence[_Segment]], kind: Callable[[_Segment], str], reach: int = 3) -> bool:
    """Whether the nearest lines above and below in the same column (same left edge) that have
    word gaps include an evenly spaced one with the same right edge too (a line of the same
    justified paragraph)."""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(rows) and abs(j - i) <= reach:
            other = next((s for s in rows[j] if abs(s.glyphs[0][1] - seg.glyphs[0][1]) <= 2.0), None)
            if other is None or kind(other) == "word":
                j += step
                continue
            if kind(other) in ("justified", "even") and _same_edges(seg.glyphs, other.glyphs):
                return True
            break
    return False


def _same_edges(a: Sequence[tuple], b: Sequence[tuple], tol: float = 2.0) -> bool:
    return abs(a[0][1] - b[0][1]) <= tol and abs(a[-1][3] - b[-1][3]) <= tol


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

    kind: str  # para, heading, table, footnote
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
