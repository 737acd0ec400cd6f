"""A page's labelled fields: short labels in a column, each with its value beside it on the same line.

Minutes, letters and forms set their facts so ("Mødedato   24. februar 2027", "Afbud   Mette Vang (Region
Hovedstaden)"), and documents set headings in the margin beside their paragraphs. Read by position alone, the
labels form a column left of the values and come first, all of them, and then the values: no value is read with
its label. Here a field whose value is short (``FIELD_LINES`` lines or fewer) becomes one paragraph "label:
value"; a label beside a longer paragraph (a heading in the margin) is widened to that paragraph's width at its
top, so that the reading order puts it right before it, as a heading.

Only a column of them counts: two or more labels with one left edge beside values with one left edge, in the
left half of the page (a two-column page's right column is no value), each label a single short line.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from ingest.pdf_glyphs import Block

FIELD_LINES = 3
"""The most lines a value read with its label as one paragraph has; a longer one is a paragraph under its heading."""
LABEL_CHARS = 40
"""The longest label: a word or a few ("Mødedato", "Næste møde", "Ansvarlig for opfølgning")."""
EDGE = 2.0
"""Points by which the labels', or the values', left edges may differ."""


def _label(b: Block) -> bool:
    text = b.text.strip()
    return b.kind == "para" and len(b.lines) == 1 and not b.item and 0 < len(text) <= LABEL_CHARS and len(text.split()) <= 4


def _beside(label: Block, blocks: list[Block]) -> Block | None:
    """The block whose first line stands on the label's line, the nearest to its right."""
    right = [b for b in blocks if b is not label and b.region == label.region and b.x0 > label.x1 + 0.3 * b.size
             and abs(b.top - label.top) <= 0.35 * b.size]
    return min(right, key=lambda b: b.x0, default=None)


def pair_fields(blocks: list[Block], page_width: float) -> list[Block]:
    """The page's blocks with each labelled field read whole (see the module docstring); any other block as it is."""
    pairs: dict[tuple[float, float], list[tuple[Block, Block]]] = defaultdict(list)
    for b in blocks:
        value = _beside(b, blocks) if _label(b) else None
        if value is None or value.x0 > page_width / 2 or value.kind != "para":
            continue
        key = next((k for k in pairs if abs(k[0] - b.x0) <= EDGE and abs(k[1] - value.x0) <= EDGE), (b.x0, value.x0))
        pairs[key].append((b, value))
    column = [(label, value) for found in pairs.values() if len(found) >= 2 for label, value in found]
    if not column:
        return blocks
    used = {id(v) for _, v in column}
    if len(used) < len(column):  # a value beside two labels: no column of fields
        return blocks
    replaced: dict[int, Block | None] = {}
    for label, value in column:
        if len(value.lines) <= FIELD_LINES:
            name = label.text.strip().rstrip(":")
            lines = [f"{name}: {value.lines[0]}", *value.lines[1:]]
            replaced[id(label)] = None
            replaced[id(value)] = Block("field", lines, value.page, label.x0, min(label.top, value.top), value.x1,
                                       max(label.bottom, value.bottom), value.size, value.bold, value.region,
                                       [*label.markers, *value.markers])
        else:  # a heading in the margin: read before its paragraph
            replaced[id(label)] = replace(label, x1=value.x1, top=min(label.top, value.top))
    return [r for b in blocks if (r := replaced.get(id(b), b)) is not None]
