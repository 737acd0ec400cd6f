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

The layout is our own (fixed line slots, greedy wrapping with the font's widths; the units in
``units.py``) so that the renderer also knows where every line lands: ``break_sentences`` tells which sentences run over
a page break, for the tests. Run ``python -m evals.layouts.render OUTDIR`` to write the PDFs.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from evals.layouts.page import PAGE_W
from evals.layouts.reference import HEADER_LEFT, HEADER_RIGHT, Source, load_source
from evals.layouts.scan import scan
from evals.layouts.units import (
    GUTTER,
    WIDTH,
    Measure,
    Op,
    RectOp,
    RuleOp,
    Seg,
    TextOp,
    Unit,
    build_units,
    new_pdf,
    shift,
    text_lines,
)

RENDERINGS: tuple[str, ...] = ("single", "two-column", "two-column-rows", "two-column-justified", "scan")

LEFT = 20.0
TOP, BOTTOM = 26.0, 275.0
FOOT, FOOT_LEAD = 8.0, 3.8


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
            placed.pages[-1].extend(shift(op, x, y) for op in u.ops)
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


def _footnotebuild_units(m: Measure, source: Source, numbers: list[str]) -> tuple[float, list[Op]]:
    ops: list[Op] = [RuleOp(0, 1.0, 45.0)]
    y = 2.5
    for n in numbers:
        for u in text_lines(m, f"{n} {source.footnotes[n]}", WIDTH, FOOT, FOOT_LEAD):
            ops.extend(shift(op, 0, y) for op in u.ops)
            y += FOOT_LEAD
    return y + 1.0, ops


def _furniture(m: Measure, page: int, total: int) -> list[Op]:
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
    m = Measure()
    ncols = 2 if kind.startswith("two-column") else 1
    stream = build_units(m, source, ncols, justify=kind.endswith("justified"))
    reserve: dict[int, float] = {}
    for _ in range(6):
        placed = _layout(stream, ncols, reserve)
        by_page: dict[int, list[str]] = {}
        for mk, page in sorted(placed.marker_page.items()):
            by_page.setdefault(page, []).append(mk)
        notes = {p: _footnotebuild_units(m, source, mks) for p, mks in by_page.items()}
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
            page_ops.extend(shift(op, LEFT, BOTTOM - height + 1.0) for op in note_ops)
        page_ops.extend(_furniture(m, number, total))
        if kind == "two-column-rows":
            shapes = [op for op in page_ops if not isinstance(op, TextOp)]
            texts = sorted((op for op in page_ops if isinstance(op, TextOp)), key=lambda o: (round(o.y, 1), o.x))
            page_ops = shapes + texts
        pages.append(page_ops)
    return pages, placed


def _write(pages: list[list[Op]]) -> bytes:
    pdf = new_pdf()
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
