"""Offset-preserving text edits: every cleaning stage rewrites text through these, so each
cleaned character keeps the offset of the raw character it came from."""


from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement`` (mapped to the source of ``start``)."""

    start: int
    end: int
    replacement: str = ""


def apply_edits(text: str, offsets: Sequence[int], edits: Iterable[Edit]) -> tuple[str, list[int]]:
    """Apply sorted, non-overlapping edits and carry the offset map along.

    Kept characters keep their source offsets; the characters of a
    replacement all map to the source offset of the first replaced character
    (for an insertion, of the character before it).
    """
    pieces: list[str] = []
    new_offsets: list[int] = []
    pos = 0
    for edit in edits:
        if edit.start < pos:
            continue  # overlapping edit: the earlier one wins
        pieces.append(text[pos : edit.start])
        new_offsets.extend(offsets[pos : edit.start])
        if edit.replacement:
            if edit.start < edit.end:
                anchor = offsets[edit.start]
            else:
                anchor = offsets[edit.start - 1] if edit.start > 0 else (offsets[0] if offsets else 0)
            pieces.append(edit.replacement)
            new_offsets.extend([anchor] * len(edit.replacement))
        pos = edit.end
    pieces.append(text[pos:])
    new_offsets.extend(offsets[pos:])
    return "".join(pieces), new_offsets

