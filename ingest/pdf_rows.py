"""A PDF row's parts: where a wide gap parts two columns or cells, and where it is a justified line's word gap.

A step of ``ingest.pdf_glyphs``: a baseline row of characters is cut where a gap holds no space at all (a column
gutter, a table's cell gap), at a drawn vertical line, and between a label and the justified line beside it; each
part is then judged (``justified``): justified text stretches its word gaps alike until one is as wide as a
gutter, and cutting there would read the words of one line as columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from foundation.text.bullets import BULLET_IN_PDF

WORD_GAP = 0.12
"""A gap between glyphs wider than this many font sizes parts two words."""
WIDE_GAP = 0.9
"""A gap wider than this many font sizes may be a column gutter or a table's cell gap (or a stretched word gap)."""
GENERATED_SPACE = "\t"
"""Marks a space pdfium guessed in a gap (the file has none there); never text."""
SPACES = (" ", GENERATED_SPACE)
MIN_JUSTIFIED_GAPS = 2
"""Word gaps a row without space characters needs before its alike gaps count as justification."""
MIN_LONE_JUSTIFIED_GAPS = 4
"""Word gaps such a row needs when no line beside it is justified, only another line of the page as wide."""
COLUMN_LINES = 3
"""Other lines with a row's two edges that make them a justified column's (``_edges_of_a_column``)."""
EVEN_SPREAD = 1.0
"""Points by which a justified line's stretched gaps may differ (glyph boxes' side bearings), ``_spread_evenly``."""
OUTSTANDING = 2.0
"""Times a justified line's word gaps the gap before it must be to part a label in front of it (``_label_gap``)."""
LIST_MARKER = re.compile(rf"^(?:{BULLET_IN_PDF}|\d{{1,2}}[.)]|[a-zA-Z][.)]|\(\d{{1,2}}\)|\([a-zA-Z]\))$")
"""A list item's marker: a bullet (symbol fonts' private-use bullets too), ``1.``, ``a)``, ``(2)``."""
HANGING_INDENT = 4.0
"""Widest gap (in font sizes) between a list marker and its text that still belongs to one item."""


def in_a_cell(glyphs: Sequence[tuple], walls: Sequence[tuple[float, float, float]]) -> bool:
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
class Segment:
    """A part of a row between gaps that hold no space: a line, or a line of one column."""

    glyphs: list[tuple]
    kind: str  # _stretch of its gaps with the file's own spaces
    guessed_kind: str  # _stretch of its gaps with pdfium's guessed spaces too
    guessed_gaps: list[float]  # those gaps ([] when one holds no space)


def segments(row: Sequence[tuple], walls: Sequence[tuple[float, float, float]] = (),
              beside: Sequence[float] = ()) -> tuple[list[tuple], list[Segment]]:
    """A row's list marker hanging apart from its text (or none), and the row's parts between
    gaps that hold no space; a marker is set aside, so that its item's text is judged, and lines
    up with the item's next lines, on its own. A label before a justified line is a part of its own where
    the line begins where a row above or below does (``beside``: those rows' left edges), as a field's
    value or a paragraph beside a margin heading wraps to its own left edge (``_label_gap``)."""
    glyphs = [c for c in row if c[0] not in SPACES]
    real = [c for c in row if c[0] == " "]
    every = [c for c in row if c[0] in SPACES]
    marker = _hanging_marker(glyphs)
    head, glyphs = glyphs[:marker], glyphs[marker:]
    parts, start = [], 0
    first_wide = True
    for k in range(1, len(glyphs)):
        prev, ch = glyphs[k - 1], glyphs[k]
        walled = any(prev[3] <= x <= ch[1] and top <= ch[5] <= bottom for x, top, bottom in walls)
        wide = ch[1] - prev[3] > WIDE_GAP * max(ch[6], prev[6])
        label = wide and first_wide and any(abs(ch[1] - x) <= 2.0 for x in beside) and _label_gap(glyphs, k)
        first_wide = first_wide and not wide
        if walled or wide and (not _holds_space(prev, ch, every, anywhere=True) or label):
            parts.append(glyphs[start:k])
            start = k
    parts.append(glyphs[start:])
    out = []
    for part in parts:
        lo, hi = part[0][1] - 1.0, part[-1][3] + 1.0
        spaces = [c for c in real if lo <= c[1] <= hi]
        guessed_gaps = _word_gaps(part, [c for c in every if lo <= c[1] <= hi], anywhere=True)
        out.append(Segment(part, _stretch(part, _word_gaps(part, spaces)), _stretch(part, guessed_gaps), guessed_gaps or []))
    return head, out


def _label_gap(glyphs: Sequence[tuple], k: int) -> bool:
    """Whether the row's first wide gap, before glyph ``k``, parts a label or a margin heading from a justified line:
    the gaps after it are two or more word gaps alike, and it is more than ``OUTSTANDING`` times the widest of them.
    A guessed space may fill such a gap, and judged with the line it would make the line's gaps unlike."""
    after = [b[1] - a[3] for a, b in zip(glyphs[k:], glyphs[k + 1 :]) if b[1] - a[3] > WORD_GAP * max(a[6], b[6])]
    gap = glyphs[k][1] - glyphs[k - 1][3]
    return len(after) >= 2 and max(after) <= 1.6 * min(after) and gap > OUTSTANDING * max(after)


def justified(i: int, seg: Segment, rows: Sequence[Sequence[Segment]]) -> bool:
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
    if seg.kind == "" and _spread_evenly(seg) and len(seg.guessed_gaps) >= MIN_LONE_JUSTIFIED_GAPS:
        # many gaps equal to within a point: justification shares the line's room out so, a table's cells do not
        # (a wrapped line of a field's value beside its label, "KKR Hovedstaden),  Sofie  Dahl  (PLO-…),  Peter  Krogh")
        return not _aligned_like_a_table(i, seg, rows)
    return (
        seg.kind == ""
        and seg.guessed_kind == "justified"
        and len(seg.guessed_gaps) >= MIN_JUSTIFIED_GAPS
        and (_beside_justified(i, seg, rows, lambda s: s.guessed_kind) or _as_wide_as_a_justified_line(i, seg, rows))
        and not _aligned_like_a_table(i, seg, rows)
    )


def _as_wide_as_a_justified_line(i: int, seg: Segment, rows: Sequence[Sequence[Segment]]) -> bool:
    """Whether another line of the page, evenly spaced, has the segment's edges: the first line of a
    paragraph of two, whose only neighbour is its short last line, spans the column as the page's
    other justified lines do (read as columns, its last word went to the end of the page). Only a line
    of ``MIN_LONE_JUSTIFIED_GAPS`` gaps or more, or of fewer with its short last line right below it
    (``_short_last_line_below``): a table cell's few words spaced alike are no line."""
    if len(seg.guessed_gaps) < MIN_LONE_JUSTIFIED_GAPS and not _short_last_line_below(i, seg, rows):
        return False
    return any(j != i and (s.kind in ("justified", "even") or s.guessed_kind in ("justified", "even")) and _same_edges(seg.glyphs, s.glyphs)
               for j, row in enumerate(rows) for s in row)


def _spread_evenly(seg: Segment) -> bool:
    """Whether a segment's stretched gaps are one, or equal to within ``EVEN_SPREAD`` points: justification shares a
    line's room out equally, where a table's cells leave gaps as wide as their columns happen to make them."""
    gaps = seg.guessed_gaps
    return seg.guessed_kind == "one" or seg.guessed_kind == "justified" and max(gaps) - min(gaps) <= EVEN_SPREAD


def _edges_of_a_column(i: int, seg: Segment, rows: Sequence[Sequence[Segment]]) -> bool:
    """Whether ``COLUMN_LINES`` other lines of the page begin and end where the segment does: the edges of a column
    of justified text, which every full line of it fills, whatever its words' gaps."""
    same = sum(1 for j, row in enumerate(rows) if j != i for s in row if _same_edges(seg.glyphs, s.glyphs))
    return same >= COLUMN_LINES


def _short_last_line_below(i: int, seg: Segment, rows: Sequence[Sequence[Segment]]) -> bool:
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


def _aligned_like_a_table(i: int, seg: Segment, rows: Sequence[Sequence[Segment]], tol: float = 0.5) -> bool:
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


def _beside_justified(i: int, seg: Segment, rows: Sequence[Sequence[Segment]], kind: Callable[[Segment], str], reach: int = 3) -> bool:
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
