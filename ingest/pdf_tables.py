"""Tables from aligned fragments: one ``cell | cell | cell`` line per row.

A step of ``ingest.pdf_layout``: bands of fragments on one baseline, aligned in three or
more columns on consecutive bands, are a table; so are two such columns where drawn lines part
their rows (two columns alone may be a page set in two columns). A cell's text aligns with its header
cell at the left, the right or the middle (a matrix's crosses); where each cell is drawn, the drawn
cells are the columns. The rows keep together as one block so a row can be found and quoted as a row.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from ingest.pdf_glyphs import Block, Frag


def _bands(frags: list[Frag]) -> list[list[Frag]]:
    bands: list[list[Frag]] = []
    for f in sorted(frags, key=lambda f: (f.baseline, f.x0)):
        if bands and abs(f.baseline - bands[-1][0].baseline) <= 0.35 * f.size:
            bands[-1].append(f)
        else:
            bands.append([f])
    return [sorted(b, key=lambda f: f.x0) for b in bands]


def find_tables(
    frags: list[Frag], number: int, rules: Sequence[tuple[float, float, float]] = ()
) -> tuple[list[Block], list[Frag]]:
    """Blocks of ``a | b | c`` rows for runs of bands aligned in three or more columns, or in two where
    drawn lines part every row (``a | b``: a "Deltager | Hvornår" table).

    A band with fragments in two or more columns, the first among them, opens a row. Any other band
    whose fragments all start at known column starts is a wrapped cell's line: it belongs to the row
    whose opening band is nearest, so a cell of two lines set beside cells centred on the row
    ("Senest på" above "Sende planen til kommunen | Sygehuset", "udskrivningsdagen" below) joins the
    row it is centred with, and a cell written on below its row's first line stays with that row.
    A line in the first column alone continues the table only inside that column and a line's height
    below the band above (a first cell wrapped); else it is the text below the table or a heading of
    its rows.

    Where drawn lines (``rules``: x0, x1, y) part the table's rows, they decide: every line between
    two rules is of one row, however its cells are aligned, and a line in the first column alone
    inside the ruled table is a wrapped first cell. Where they are drawn cell by cell, the cells are the
    columns: a cell's text belongs to the cell its middle lies in (a cross centred under "Kommune"), a
    header cell wrapped above the header's line is the header's, the table ends where rows with other
    cells begin, and a last row drawn without a line under it is the table's.
    """
    bands = _bands(frags)
    tables: list[Block] = []
    used: set[int] = set()
    i = 0
    while i < len(bands):
        band = bands[i]
        ruled = _rules_across(band, rules) if len(band) >= 2 else []
        if len(band) < 3 and len(ruled) < 3:  # two columns only where lines part the rows
            i += 1
            continue
        spans = _cell_spans(band, ruled, rules)
        cols = spans or [(f.x0, f.x1) for f in band]
        run: list[tuple[list[Frag], list[int]]] = []
        j, last = i, None
        drawn = ruled
        if spans:  # the rows drawn with the same cells; a table below with other cells is another table
            ruled = ruled[: next((n for n, y in enumerate(ruled) if not _same_cells(_segments_at(y, rules), spans)), len(ruled))]
            top = _row_top(band, spans, rules)
            if top is not None and top < ruled[0]:  # a header cell wrapped above the header's line ("Almen" over "praksis")
                ruled = [top, *ruled]
                run = _header_lines_above(bands, i, top, spans, used)
        while j < len(bands):
            b = bands[j]
            idx = [_column(f, cols, spans=bool(spans)) for f in b]
            gap_ok = last is None or b[0].baseline - last <= 3.2 * b[0].size
            if None in idx or not gap_ok or len(set(idx)) != len(idx):
                break
            if spans and b[0].baseline > ruled[-1]:  # below the last drawn line: a last row drawn without its bottom
                if run and run[-1][0][0].baseline > ruled[-1] or not _opens_row(idx) or any(ruled[-1] < y < b[0].baseline for y in drawn):
                    break
                ruled = [*ruled, b[0].baseline + b[0].size]
            inside = len(ruled) >= 2 and ruled[0] < b[0].baseline < ruled[-1]
            if idx == [0] and not inside and (b[0].baseline - last > 1.5 * b[0].size or b[0].x1 > cols[1][0]):
                break  # a line at the left, apart from the row above: the text below, or a heading of rows
            run.append((b, idx))
            last = b[0].baseline
            j += 1
        keys = _between_rules(run, ruled, cells_drawn=bool(spans))
        if not keys and len(cols) >= 3:
            keys = _nearest_opening(run)
        rows = _cells(run, keys, len(cols)) if keys else []
        if len(rows) >= 2:
            members = [f for b, _ in run for f in b]
            lines = [CELL.join(" ".join(cell) for cell in row) for row in rows]
            tables.append(
                Block(
                    "table", lines, number,
                    min(f.x0 for f in members), min(f.top for f in members),
                    max(f.x1 for f in members), max(f.bottom for f in members),
                    statistics.median(f.size for f in members), False,
                )
            )
            used.update(id(f) for f in members)
            i = j
        else:
            i += 1
    return tables, [f for f in frags if id(f) not in used]


CELL = " | "
"""How a table row's cells are joined into its one line (what the register reads a row by)."""
_BETWEEN_CELLS = re.compile(r"\s*(?<!\S)\|(?!\S)\s*")


def row_cells(line: str) -> list[str]:
    """The cells of a table row's line, also once its spaces are collapsed ("Opgave |  | X | " read back as
    "Opgave | | X |": four cells, two of them empty)."""
    return _BETWEEN_CELLS.split(line.strip())


NEARER = 0.75
"""A wrapped cell's line joins the row below only this much nearer to it than to the row above: rows
set line under line without spacing (a top-aligned table) have their wrapped lines as near to both."""


def _opens_row(idx: list[int]) -> bool:
    return len(idx) >= 2 and 0 in idx


def _nearest_opening(run: list[tuple[list[Frag], list[int]]]) -> list[int]:
    """The row of each band of ``run`` (the index of the band that opens it): every band that opens no row
    joins the nearest row opening by baseline (the one above unless the one below is clearly nearer);
    [] where no band opens a row."""
    openers = [k for k, (_, idx) in enumerate(run) if _opens_row(idx)]
    if not openers:
        return []
    owner: list[int] = []
    for k, (band, _) in enumerate(run):
        above = max((o for o in openers if o <= k), default=None)
        below = min((o for o in openers if o > k), default=None)
        if above == k or below is None and above is not None:
            owner.append(above)
        elif above is None:
            owner.append(below)
        else:
            to_above = band[0].baseline - run[above][0][0].baseline
            to_below = run[below][0][0].baseline - band[0].baseline
            owner.append(below if to_below < NEARER * to_above else above)
    return owner


def _cells(run: list[tuple[list[Frag], list[int]]], keys: list[int], width: int) -> list[list[list[str]]]:
    """The cells of each row, rows in the order of their keys (one key per band of ``run``)."""
    rows = {key: [[] for _ in range(width)] for key in sorted(set(keys))}
    for (band, idx), key in zip(run, keys):
        for f, c in zip(band, idx):
            rows[key][c].append(f.text)
    return list(rows.values())


def _rules_across(header: list[Frag], rules: Sequence[tuple[float, float, float]]) -> list[float]:
    """The heights of the rules under a table's header row's top that reach across its extent, close
    ones (a cell's bottom edge and the next cell's top edge) as one."""
    x0, x1, top = header[0].x0, header[-1].x1, min(f.top for f in header)
    ys: list[float] = []
    for y in sorted(y for rx0, rx1, y in rules if rx0 < x1 and rx1 > x0 and y >= top - header[0].size):
        if not ys or y - ys[-1] > 1.5:
            ys.append(y)
    return ys


def _between_rules(run: list[tuple[list[Frag], list[int]]], ruled: list[float], cells_drawn: bool = False) -> list[int]:
    """The row of each band of ``run`` by the ``ruled`` lines it lies between, or [] where the rules do not
    part its rows as finely as its row openings do (a rule under the header only, a table ruled in part).
    Where each cell is drawn (``cells_drawn``), the cells decide: two lines in one drawn cell are one row however many
    cells the second fills ("Udlevering af hjælpemidler til | Kommunens" over "badeværelset | hjælpemiddeldepot")."""
    keys: list[int] = []
    for band, _ in run:
        slot = next((k for k in range(len(ruled) - 1) if ruled[k] < band[0].baseline < ruled[k + 1]), None)
        if slot is None:
            return []
        keys.append(slot)
    if len(set(keys)) < 2 or not cells_drawn and len(set(keys)) < sum(_opens_row(idx) for _, idx in run):
        return []
    return keys


def _column(f: Frag, cols: list[tuple[float, float]], spans: bool = False) -> int | None:
    """The table column a fragment belongs to: left-aligned with its header cell, right-aligned (figures) or
    centred under it (a cross in a matrix of who does what); where ``spans`` are the columns' drawn cells,
    the cell its middle lies in."""
    middle = (f.x0 + f.x1) / 2
    for k, (x0, x1) in enumerate(cols):
        if spans and x0 - 1 <= middle <= x1 + 1:
            return k
        if not spans and (abs(f.x0 - x0) <= 4 or abs(f.x1 - x1) <= 4 or abs(middle - (x0 + x1) / 2) <= 4):
            return k
    return None


def _header_lines_above(
    bands: list[list[Frag]], i: int, top: float, spans: list[tuple[float, float]], used: set[int]
) -> list[tuple[list[Frag], list[int]]]:
    """The lines of the header row above its line ``bands[i]``, below the row's drawn top, each fragment in a cell
    of its own; [] where there are none or one is out of the cells."""
    k = i
    while k > 0 and bands[k - 1][0].baseline > top and all(id(f) not in used for f in bands[k - 1]):
        k -= 1
    run = [(b, [_column(f, spans, spans=True) for f in b]) for b in bands[k:i]]
    return [] if any(None in idx or len(set(idx)) != len(idx) for _, idx in run) else run


def _segments_at(y: float, rules: Sequence[tuple[float, float, float]]) -> list[tuple[float, float]]:
    """The rules drawn at height ``y`` by their edges, left to right, each once (a cell's bottom edge and the next
    cell's top edge are one)."""
    segs: list[tuple[float, float]] = []
    for x0, x1 in sorted((x0, x1) for x0, x1, ry in rules if abs(ry - y) <= 1.5):
        if not any(abs(x0 - a) <= 1.5 and abs(x1 - b) <= 1.5 for a, b in segs):
            segs.append((x0, x1))
    return segs


def _row_top(header: list[Frag], spans: list[tuple[float, float]], rules: Sequence[tuple[float, float, float]]) -> float | None:
    """The height of the drawn top edge of the header's cells: the nearest rule above the header's line drawn
    with the same cell edges, within three lines of it; None where there is none."""
    base, size = header[0].baseline, header[0].size
    ys = sorted({round(y, 1) for _, _, y in rules if base - 3 * size * 1.2 <= y < min(f.top for f in header)}, reverse=True)
    for y in ys:
        if _same_cells(_segments_at(y, rules), spans):
            return y
    return None


def _same_cells(segs: list[tuple[float, float]], spans: list[tuple[float, float]]) -> bool:
    return len(segs) == len(spans) and all(abs(a - c) <= 1.5 and abs(b - d) <= 1.5 for (a, b), (c, d) in zip(segs, spans))


def _cell_spans(header: list[Frag], ruled: list[float], rules: Sequence[tuple[float, float, float]]) -> list[tuple[float, float]]:
    """The columns as the header row's drawn cells give them: the edges of the first rule across the header (its
    cells' top, or their bottom where a cell is wrapped above the header's line) where it is drawn cell by cell
    (segments that abut, every header fragment inside one of its own), else []."""
    if len(ruled) < 2:
        return []
    spans: list[tuple[float, float]] = []
    for x0, x1 in _segments_at(ruled[0], rules):
        if spans and abs(x0 - spans[-1][1]) > 3:  # a gap between them, or a rule across the cells
            return []
        spans.append((x0, x1))
    if len(spans) < 2:
        return []
    inside = [_column(f, spans, spans=True) for f in header]
    return spans if None not in inside and len(set(inside)) == len(inside) else []
