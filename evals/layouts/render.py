"""Render the layout test set's source text as the PDFs agreements arrive in.

Four renderings of ``source.md`` (see ``reference.py`` for its dialect), all with a running
header and a "Side N af M" footer, deterministic byte for byte:

* ``single``: one column;
* ``two-column``: a full-width title and table, two balanced columns around them, the text
  written to the content stream in reading order (left column, then right);
* ``two-column-rows``: the same page geometry, but the content stream holds the lines sorted
  by their position on the page: left line 1, right line 1, left line 2 … (as some layout
  tools write it; read in stream order it interleaves two paragraphs);
* ``two-column-justified``: the two columns with their paragraphs justified the way a file in
  an embedded font often draws them: every word placed on its own, no space characters, the
  gaps of each line but a paragraph's last stretched to the column's width;
* ``scan``: the single-column pages rasterised at 300 dpi with mild noise and a rotation under
  half a degree, embedded as images only (no text layer).

The layout is our own (fixed line slots, greedy wrapping with the font's widths) so that the
renderer also knows where every line lands: ``break_sentences`` tells which sentences run over
a page break, for the tests. Run ``python -m evals.layouts.render OUTDIR`` to write the PDFs.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF

from evals.layouts.page import _EPOCH, PAGE_W
from evals.layouts.reference import (
    HEADER_LEFT,
    HEADER_RIGHT,
    Block,
    Source,
    load_source,
    strip_markers,
)
from evals.layouts.scan import scan

RENDERINGS: tuple[str, ...] = ("single", "two-column", "two-column-rows", "two-column-justified", "scan")

LEFT, WIDTH, GUTTER = 20.0, 170.0, 8.0
TOP, BOTTOM = 26.0, 275.0
BODY, LEAD = 10.5, 5.2  # body font size (pt) and line height (mm)
FOOT, FOOT_LEAD = 8.0, 3.8
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


def _shift(op: Op, dx: float, dy: float) -> Op:
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


def _new_pdf() -> FPDF:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(_EPOCH)
    for style, file in _FONT_FILES.items():
        pdf.add_font("DejaVu", style, str(font_dir() / file))
    return pdf


class _Measure:
    """String widths in mm from the real font metrics."""

    def __init__(self) -> None:
        self.pdf = _new_pdf()

    def width(self, text: str, size: float, style: str = "") -> float:
        self.pdf.set_font("DejaVu", style, size)
        return self.pdf.get_string_width(text)


# --- building units -----------------------------------------------------------


def _wrap(m: _Measure, text: str, width: float, size: float, style: str = "") -> list[list[str]]:
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


def _line_segs(m: _Measure, words: list[str], size: float, style: str) -> tuple[list[tuple[float, Seg]], tuple[str, ...]]:
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


def _text_lines(m: _Measure, text: str, width: float, size: float, lead: float, style: str = "") -> list[Unit]:
    units = []
    for words in _wrap(m, text, width, size, style):
        segs, markers = _line_segs(m, words, size, style)
        ops: list[Op] = [TextOp(dx, lead * 0.78 - s.rise, (s,)) for dx, s in segs]
        units.append(Unit(lead, ops, markers=markers, plain=strip_markers(" ".join(words))))
    return units


def _heading(m: _Measure, block: Block, width: float) -> Unit:
    size, lead, before = (15.0, 7.0, 2.0) if block.level == 1 else (12.0, 6.0, 4.0)
    lines = _text_lines(m, block.text, width, size, lead, "B")
    ops = [_shift(op, 0, before + i * lead) for i, u in enumerate(lines) for op in u.ops]
    return Unit(before + lead * len(lines) + 1.5, ops, keep_with_next=True)


def _table(m: _Measure, block: Block, width: float) -> Unit:
    """Full-width table: bold shaded header row, rules between rows, wrapped cells."""
    fractions = (0.30, 0.45, 0.25)
    widths = [width * f for f in fractions]
    ops: list[Op] = []
    y = 2.0
    for r, row in enumerate(block.rows):
        style = "B" if r == 0 else ""
        cells = [_text_lines(m, cell, w - 3.0, 9.5, 4.6, style) for cell, w in zip(row, widths)]
        height = max(len(c) for c in cells) * 4.6 + 2.4
        if r == 0:
            ops.append(RectOp(0, y, width, height, 225))
        x = 0.0
        for cell, w in zip(cells, widths):
            for i, line in enumerate(cell):
                ops.extend(_shift(op, x + 1.5, y + 1.2 + i * 4.6) for op in line.ops)
            x += w
        y += height
        ops.append(RuleOp(0, y, width))
    return Unit(y + 4.0, ops)


def _box(m: _Measure, block: Block, width: float) -> Unit:
    """A shaded fact box: bold title, text, padding; never split."""
    pad = 3.0
    title = _text_lines(m, block.title, width - 2 * pad, 10.0, 5.0, "B")
    body = _text_lines(m, block.text, width - 2 * pad, 9.5, 4.8)
    ops: list[Op] = []
    y = pad
    for u in title + body:
        ops.extend(_shift(op, pad, y) for op in u.ops)
        y += u.height
    height = y + pad
    return Unit(height + 4.0, [RectOp(0, 0, width, height, 235), *ops])


def _justify(m: _Measure, text: str, width: float, size: float, lines: list[Unit]) -> None:
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


def _units(m: _Measure, source: Source, ncols: int, justify: bool = False) -> list[tuple[str, Unit]]:
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
            lines = _text_lines(m, block.text, colw, BODY, LEAD)
            if justify:
                _justify(m, block.text, colw, BODY, lines)
            lines[-1].height += 2.6
            for u in lines:
                u.block = index
                out.append(("flow", u))
    return out


# --- placing units on pages ---------------------------------------------------


@dataclass
class _Placed:
    pages: list[list[Op]] = field(default_factory=lambda: [[]])
    marker_page: dict[str, int] = field(default_factory=dict)
    lines: list[tuple[int, int, str]] = field(default_factory=list)  # (block, page, plain)


def _fill(units: list[Unit], height: float) -> int:
    """How many units fit in ``height``, not leaving a keep-with-next unit last."""
    used, n = 0.0, 0
    while n < len(units) and used + units[n].height <= height + 1e-6:
        used += units[n].height
        n += 1
    while n > 0 and n < len(units) and units[n - 1].keep_with_next:
        n -= 1
    return n


def _layout(stream: list[tuple[str, Unit]], ncols: int, reserve: dict[int, float]) -> _Placed:
    placed = _Placed()
    colw = WIDTH if ncols == 1 else (WIDTH - GUTTER) / 2
    state = {"y": TOP}

    def bottom() -> float:
        return BOTTOM - reserve.get(len(placed.pages), 0.0)

    def new_page() -> None:
        placed.pages.append([])
        state["y"] = TOP

    def put(units: list[Unit], x: float, y: float) -> float:
        for u in units:
            page = len(placed.pages)
            placed.pages[-1].extend(_shift(op, x, y) for op in u.ops)
            for mk in u.markers:
                placed.marker_page[mk] = page
            if u.block >= 0:
                placed.lines.append((u.block, page, u.plain))
            y += u.height
        return y

    def place_run(run: list[Unit]) -> None:
        while run:
            room = bottom() - state["y"]
            total = sum(u.height for u in run)
            k, left = 0, 0.0
            while k < len(run) and left < total / 2 - 1e-6:
                left += run[k].height
                k += 1
            while 0 < k < len(run) and run[k - 1].keep_with_next:
                left += run[k].height
                k += 1
            if left <= room and total - left <= room:
                y0 = state["y"]
                end_l = put(run[:k], LEFT, y0)
                end_r = put(run[k:], LEFT + colw + GUTTER, y0)
                state["y"] = max(end_l, end_r)
                return
            taken, ends = 0, [state["y"]]
            for col in range(2):
                n = _fill(run[taken:], room)
                if n == 0 and taken == 0 and state["y"] == TOP:
                    n = 1  # a unit taller than a page: place it anyway
                ends.append(put(run[taken : taken + n], LEFT + col * (colw + GUTTER), state["y"]))
                taken += n
            run = run[taken:]
            if run:
                new_page()
            else:
                state["y"] = max(ends)

    def place_run_single(run: list[Unit]) -> None:
        while run:
            n = _fill(run, bottom() - state["y"])
            if n == 0 and state["y"] == TOP:
                n = 1
            state["y"] = put(run[:n], LEFT, state["y"])
            run = run[n:]
            if run:
                new_page()

    run: list[Unit] = []
    for where, unit in stream:
        if where == "flow":
            run.append(unit)
            continue
        (place_run_single if ncols == 1 else place_run)(run)
        run = []
        if state["y"] + unit.height > bottom():
            new_page()
        state["y"] = put([unit], LEFT, state["y"])
    (place_run_single if ncols == 1 else place_run)(run)
    return placed


def _footnote_units(m: _Measure, source: Source, numbers: list[str]) -> tuple[float, list[Op]]:
    ops: list[Op] = [RuleOp(0, 1.0, 45.0)]
    y = 2.5
    for n in numbers:
        for u in _text_lines(m, f"{n} {source.footnotes[n]}", WIDTH, FOOT, FOOT_LEAD):
            ops.extend(_shift(op, 0, y) for op in u.ops)
            y += FOOT_LEAD
    return y + 1.0, ops


def _furniture(m: _Measure, page: int, total: int) -> list[Op]:
    size = 8.5
    right = HEADER_RIGHT
    footer = f"Side {page} af {total}"
    return [
        TextOp(LEFT, 15.0, (Seg(HEADER_LEFT, size),)),
        TextOp(LEFT + WIDTH - m.width(right, size), 15.0, (Seg(right, size),)),
        RuleOp(LEFT, 17.0, LEFT + WIDTH),
        TextOp(PAGE_W / 2 - m.width(footer, size) / 2, 287.0, (Seg(footer, size),)),
    ]


def layout_pages(kind: str, source: Source | None = None) -> tuple[list[list[Op]], _Placed]:
    """Every page's drawing operations in content-stream order, and where lines landed."""
    source = source or load_source()
    m = _Measure()
    ncols = 2 if kind.startswith("two-column") else 1
    stream = _units(m, source, ncols, justify=kind.endswith("justified"))
    reserve: dict[int, float] = {}
    for _ in range(6):
        placed = _layout(stream, ncols, reserve)
        by_page: dict[int, list[str]] = {}
        for mk, page in sorted(placed.marker_page.items()):
            by_page.setdefault(page, []).append(mk)
        notes = {p: _footnote_units(m, source, mks) for p, mks in by_page.items()}
        wanted = {p: h for p, (h, _) in notes.items()}
        if wanted == reserve:
            break
        reserve = wanted
    pages = []
    total = len(placed.pages)
    for number, ops in enumerate(placed.pages, start=1):
        page_ops = list(ops)
        if number in notes:
            height, note_ops = notes[number]
            page_ops.extend(_shift(op, LEFT, BOTTOM - height + 1.0) for op in note_ops)
        page_ops.extend(_furniture(m, number, total))
        if kind == "two-column-rows":
            shapes = [op for op in page_ops if not isinstance(op, TextOp)]
            texts = sorted((op for op in page_ops if isinstance(op, TextOp)), key=lambda o: (round(o.y, 1), o.x))
            page_ops = shapes + texts
        pages.append(page_ops)
    return pages, placed


def _write(pages: list[list[Op]]) -> bytes:
    pdf = _new_pdf()
    pdf.set_title(HEADER_LEFT)
    for ops in pages:
        pdf.add_page()
        for op in ops:
            if isinstance(op, RectOp):
                pdf.set_fill_color(op.gray)
                pdf.rect(op.x, op.y, op.w, op.h, style="F")
            elif isinstance(op, RuleOp):
                pdf.set_line_width(0.2)
                pdf.line(op.x1, op.y1, op.x2, op.y1)
            else:
                x = op.x
                for seg in op.segs:
                    pdf.set_font("DejaVu", seg.style, seg.size)
                    pdf.text(x, op.y, seg.text)
                    x += pdf.get_string_width(seg.text)
    return bytes(pdf.output())


def render(kind: str, source: Source | None = None) -> bytes:
    """The PDF bytes of one rendering (one of ``RENDERINGS``)."""
    if kind not in RENDERINGS:
        raise ValueError(f"unknown rendering {kind!r}; choose from {RENDERINGS}")
    if kind == "scan":
        return scan(render("single", source))
    pages, _ = layout_pages(kind, source)
    return _write(pages)


def break_sentences(kind: str, source: Source | None = None) -> list[tuple[str, int, int]]:
    """Sentences of the running text that start on one page and end on the next.

    Returns (sentence, start page, end page) from the renderer's own placement.
    """
    kind = "single" if kind == "scan" else kind
    _, placed = layout_pages(kind, source)
    by_block: dict[int, list[tuple[int, str]]] = {}
    for block, page, plain in placed.lines:
        by_block.setdefault(block, []).append((page, plain))
    found = []
    for lines in by_block.values():
        text, pages = "", []
        for page, plain in lines:
            piece = (" " if text else "") + plain
            text += piece
            pages.extend([page] * len(piece))
        for mt in re.finditer(r"[^.!?]+(?:\.(?=\s*\d)[^.!?]*)*[.!?]", text):
            start = mt.start() + len(mt.group(0)) - len(mt.group(0).lstrip())
            if pages[start] != pages[mt.end() - 1]:
                found.append((mt.group(0).strip(), pages[start], pages[mt.end() - 1]))
    return found


def render_all(out_dir: Path) -> dict[str, Path]:
    """Write every rendering as ``OUT_DIR/<kind>.pdf``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind in RENDERINGS:
        path = out_dir / f"{kind}.pdf"
        path.write_bytes(render(kind))
        paths[kind] = path
    return paths


if __name__ == "__main__":
    for kind, path in render_all(Path(sys.argv[1] if len(sys.argv) > 1 else "layout-pdfs")).items():
        print(kind, path)
