"""The pieces a layout-set page is built of: text lines wrapped with the font's real widths,
headings, tables, boxes and, for the justified rendering, lines stretched word by word.

``render`` places these units on pages and writes the PDF; this module only measures and builds
them (ops are relative to a unit's top left).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF

from evals.layouts.page import _EPOCH
from evals.layouts.reference import Block, Source, strip_markers

WIDTH, GUTTER = 170.0, 8.0  # text width and column gap (mm)
BODY, LEAD = 10.5, 5.2  # body font size (pt) and line height (mm)
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu")
_WORD_MARKER = re.compile(r"^(.*?)\[\^(\d+)\](.*)$")


@dataclass(frozen=True)
class Seg:
    """A run of text in one font on a line; ``rise`` lifts superscript markers (mm)."""

    text: str
    size: float
    style: str = ""
    rise: float = 0.0


@dataclass(frozen=True)
class TextOp:
    x: float
    y: float  # baseline
    segs: tuple[Seg, ...]


@dataclass(frozen=True)
class RectOp:
    x: float
    y: float
    w: float
    h: float
    gray: int


@dataclass(frozen=True)
class RuleOp:
    x1: float
    y1: float
    x2: float


Op = TextOp | RectOp | RuleOp


@dataclass
class Unit:
    """A piece of layout that is placed as a whole; ops are relative to its top left."""

    height: float
    ops: list[Op]
    keep_with_next: bool = False
    markers: tuple[str, ...] = ()
    block: int = -1
    plain: str = ""  # the line's text as read (markers left out), for break_sentences


def shift(op: Op, dx: float, dy: float) -> Op:
    if isinstance(op, TextOp):
        return TextOp(op.x + dx, op.y + dy, op.segs)
    if isinstance(op, RectOp):
        return RectOp(op.x + dx, op.y + dy, op.w, op.h, op.gray)
    return RuleOp(op.x1 + dx, op.y1 + dy, op.x2 + dx)


@lru_cache(maxsize=1)
def font_dir() -> Path:
    """Where DejaVu Sans lives (fontconfig first, then the usual Debian/Arch folders)."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
        if found.endswith(_FONT_FILES[""]):
            return Path(found).parent
    except (OSError, subprocess.SubprocessError):
        pass
    for folder in _FONT_DIRS:
        if (Path(folder) / _FONT_FILES[""]).is_file():
            return Path(folder)
    raise RuntimeError("DejaVu Sans not found: install fonts-dejavu-core")


def new_pdf() -> FPDF:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(_EPOCH)
    for style, file in _FONT_FILES.items():
        pdf.add_font("DejaVu", style, str(font_dir() / file))
    return pdf


class Measure:
    """String widths in mm from the real font metrics."""

    def __init__(self) -> None:
        self.pdf = new_pdf()

    def width(self, text: str, size: float, style: str = "") -> float:
        self.pdf.set_font("DejaVu", style, size)
        return self.pdf.get_string_width(text)


# --- building units -----------------------------------------------------------


def _wrap(m: Measure, text: str, width: float, size: float, style: str = "") -> list[list[str]]:
    """Greedy word wrap; a marker ``[^n]`` counts with the width of a small digit."""
    lines: list[list[str]] = [[]]
    used = 0.0
    space = m.width(" ", size, style)
    for word in text.split():
        mk = _WORD_MARKER.match(word)
        w = m.width(_marker_free(word), size, style)
        if mk:
            w += m.width(mk.group(2), size * 0.62, style)
        if lines[-1] and used + space + w > width:
            lines.append([])
            used = 0.0
        used += (space if lines[-1] else 0.0) + w
        lines[-1].append(word)
    return lines


def _marker_free(word: str) -> str:
    return re.sub(r"\[\^\d+\]", "", word)


def _line_segs(m: Measure, words: list[str], size: float, style: str) -> tuple[list[tuple[float, Seg]], tuple[str, ...]]:
    """Segments with x offsets for one wrapped line; markers become raised small digits."""
    segs: list[tuple[float, Seg]] = []
    markers: list[str] = []
    x, buf = 0.0, ""
    text = " ".join(words)
    pos = 0
    for mk in re.finditer(r"\[\^(\d+)\]", text):
        buf = text[pos : mk.start()]
        segs.append((x, Seg(buf, size, style)))
        x += m.width(buf, size, style)
        segs.append((x, Seg(mk.group(1), size * 0.62, style, rise=size * 0.14)))
        x += m.width(mk.group(1), size * 0.62, style)
        markers.append(mk.group(1))
        pos = mk.end()
    if pos < len(text):
        segs.append((x, Seg(text[pos:], size, style)))
    return segs, tuple(markers)


def text_lines(m: Measure, text: str, width: float, size: float, lead: float, style: str = "") -> list[Unit]:
    units = []
    for words in _wrap(m, text, width, size, style):
        segs, markers = _line_segs(m, words, size, style)
        ops: list[Op] = [TextOp(dx, lead * 0.78 - s.rise, (s,)) for dx, s in segs]
        units.append(Unit(lead, ops, markers=markers, plain=strip_markers(" ".join(words))))
    return units


def _heading(m: Measure, block: Block, width: float) -> Unit:
    size, lead, before = (15.0, 7.0, 2.0) if block.level == 1 else (12.0, 6.0, 4.0)
    lines = text_lines(m, block.text, width, size, lead, "B")
    ops = [shift(op, 0, before + i * lead) for i, u in enumerate(lines) for op in u.ops]
    return Unit(before + lead * len(lines) + 1.5, ops, keep_with_next=True)


def _table(m: Measure, block: Block, width: float) -> Unit:
    """Full-width table: bold shaded header row, rules between rows, wrapped cells."""
    fractions = (0.30, 0.45, 0.25)
    widths = [width * f for f in fractions]
    ops: list[Op] = []
    y = 2.0
    for r, row in enumerate(block.rows):
        style = "B" if r == 0 else ""
        cells = [text_lines(m, cell, w - 3.0, 9.5, 4.6, style) for cell, w in zip(row, widths)]
        height = max(len(c) for c in cells) * 4.6 + 2.4
        if r == 0:
            ops.append(RectOp(0, y, width, height, 225))
        x = 0.0
        for cell, w in zip(cells, widths):
            for i, line in enumerate(cell):
                ops.extend(shift(op, x + 1.5, y + 1.2 + i * 4.6) for op in line.ops)
            x += w
        y += height
        ops.append(RuleOp(0, y, width))
    return Unit(y + 4.0, ops)


def _box(m: Measure, block: Block, width: float) -> Unit:
    """A shaded fact box: bold title, text, padding; never split."""
    pad = 3.0
    title = text_lines(m, block.title, width - 2 * pad, 10.0, 5.0, "B")
    body = text_lines(m, block.text, width - 2 * pad, 9.5, 4.8)
    ops: list[Op] = []
    y = pad
    for u in title + body:
        ops.extend(shift(op, pad, y) for op in u.ops)
        y += u.height
    height = y + pad
    return Unit(height + 4.0, [RectOp(0, 0, width, height, 235), *ops])


def _justify(m: Measure, text: str, width: float, size: float, lines: list[Unit]) -> None:
    """Stretch every line of a paragraph but its last to ``width``, each word drawn on its own
    (no space characters); a line with a footnote marker keeps its ordinary spacing."""
    wrapped = _wrap(m, text, width, size)
    for words, unit in list(zip(wrapped, lines))[:-1]:
        if unit.markers or len(words) < 2:
            continue
        widths = [m.width(w, size) for w in words]
        gap = (width - sum(widths)) / (len(words) - 1)
        x, ops = 0.0, []
        for word, w in zip(words, widths):
            ops.append(TextOp(x, LEAD * 0.78, (Seg(word, size),)))
            x += w + gap
        unit.ops = ops


def build_units(m: Measure, source: Source, ncols: int, justify: bool = False) -> list[tuple[str, Unit]]:
    """(placement, unit) in reading order; placement is ``span`` or ``flow``."""
    colw = WIDTH if ncols == 1 else (WIDTH - GUTTER) / 2
    out: list[tuple[str, Unit]] = []
    for index, block in enumerate(source.blocks):
        if block.kind == "heading":
            span = block.level == 1
            out.append(("span" if span else "flow", _heading(m, block, WIDTH if span else colw)))
        elif block.kind == "table":
            out.append(("span", _table(m, block, WIDTH)))
        elif block.kind == "box":
            out.append(("flow", _box(m, block, colw)))
        else:
            lines = text_lines(m, block.text, colw, BODY, LEAD)
            if justify:
                _justify(m, block.text, colw, BODY, lines)
            lines[-1].height += 2.6
            for u in lines:
                u.block = index
                out.append(("flow", u))
    return out
