"""Tables from aligned fragments: one ``cell | cell | cell`` line per row.

A step of ``ingest.pdf_layout``: bands of fragments on one baseline, aligned in three or
more columns on consecutive bands, are a table; the rows keep together as one block so a
row can be found and quoted as a row.
"""

from __future__ import annotations

import statistics

from ingest.pdf_glyphs import Block, Frag


def _bands(frags: list[Frag]) -> list[list[Frag]]:
    bands: list[list[Frag]] = []
    for f in sorted(frags, key=lambda f: (f.baseline, f.x0)):
        if bands and abs(f.baseline - bands[-1][0].baseline) <= 0.35 * f.size:
            bands[-1].append(f)
        else:
            bands.append([f])
    return [sorted(b, key=lambda f: f.x0) for b in bands]


def find_tables(frags: list[Frag], number: int) -> tuple[list[Block], list[Frag]]:
    """Blocks of ``a | b | c`` rows for runs of bands aligned in three or more columns.

    A band whose fragments all start at known column starts continues the table; a band
    with fragments only in later columns continues the previous row's cells (wrapped cells).
    """
    bands = _bands(frags)
    tables: list[Block] = []
    used: set[int] = set()
    i = 0
    while i < len(bands):
        band = bands[i]
        if len(band) < 3:
            i += 1
            continue
        cols = [(f.x0, f.x1) for f in band]
        rows: list[list[list[str]]] = []
        members: list[Frag] = []
        j, last = i, None
        while j < len(bands):
            b = bands[j]
            idx = [_column(f, cols) for f in b]
            gap_ok = last is None or b[0].baseline - last <= 3.2 * b[0].size
            if None in idx or not gap_ok or len(set(idx)) != len(idx):
                break
            if len(b) >= 2 and 0 in idx:
                rows.append([[] for _ in cols])
            elif not rows or 0 in idx:
                break
            for f, c in zip(b, idx):
                rows[-1][c].append(f.text)
            members.extend(b)
            last = b[0].baseline
            j += 1
        if len(rows) >= 2:
            lines = [" | ".join(" ".join(cell) for cell in row) for row in rows]
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


def _column(f: Frag, cols: list[tuple[float, float]]) -> int | None:
    """The table column a fragment belongs to: left-aligned with it, or right-aligned
    (figures)."""
    for k, (x0, x1) in enumerate(cols):
        if abs(f.x0 - x0) <= 4 or abs(f.x1 - x1) <= 4:
            return k
    return None
