"""The layout test set's source text, parsed, and the reading-order text it should give.

``source.md`` is written in a small markdown dialect so that one file drives both the
renderer and the reference:

* ``# Title`` and ``## Section`` headings, paragraphs separated by blank lines;
* a pipe table (``| a | b | c |``) whose first row is the header, ``|---|`` separator;
* a shaded fact box: ``:::box Title`` … ``:::``;
* footnote markers ``[^n]`` in a paragraph and definitions ``[^n]: text`` at the end.

The reference is what a person reads, as plain text: blocks separated by blank lines,
table rows as ``cell | cell | cell`` lines, the box as its own block (title line, text),
footnotes as blocks ``n text`` right after the paragraph holding their marker, marker
digits left out of the running text, and no running header or footer. The measurement
(``measure.py``) and the tests compare extracted text with this reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "source.md"

HEADER_LEFT = "Udskrivningsaftalen 2025–2029"
HEADER_RIGHT = "Region Nordfjord · Version 1.2"
"""Running header of every rendered page (left and right part)."""

_MARKER = re.compile(r"\[\^(\d+)\]")
_FOOTNOTE_DEF = re.compile(r"^\[\^(\d+)\]:\s*(.+)$")


@dataclass(frozen=True)
class Block:
    """One block of the source: ``kind`` is heading, para, table or box."""

    kind: str
    text: str = ""
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()
    title: str = ""
    markers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """The parsed source: blocks in reading order and footnote texts by number."""

    blocks: tuple[Block, ...]
    footnotes: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return next(b.text for b in self.blocks if b.kind == "heading" and b.level == 1)


def parse(text: str) -> Source:
    """Parse the markdown dialect described in the module docstring."""
    blocks: list[Block] = []
    footnotes: dict[str, str] = {}
    lines = text.splitlines()
    i = 0
    para: list[str] = []

    def flush() -> None:
        if para:
            joined = " ".join(para)
            blocks.append(Block("para", text=joined, markers=tuple(_MARKER.findall(joined))))
            para.clear()

    while i < len(lines):
        line = lines[i].rstrip()
        if not line.strip():
            flush()
        elif (m := _FOOTNOTE_DEF.match(line)) is not None:
            flush()
            footnotes[m.group(1)] = m.group(2).strip()
        elif line.startswith("#"):
            flush()
            hashes = len(line) - len(line.lstrip("#"))
            blocks.append(Block("heading", text=line[hashes:].strip(), level=hashes))
        elif line.startswith("|"):
            flush()
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = tuple(c.strip() for c in lines[i].strip().strip("|").split("|"))
                if not all(set(c) <= set("-: ") for c in cells):
                    rows.append(cells)
                i += 1
            blocks.append(Block("table", rows=tuple(rows)))
            continue
        elif line.startswith(":::box"):
            flush()
            title = line.removeprefix(":::box").strip()
            body = []
            i += 1
            while i < len(lines) and lines[i].strip() != ":::":
                body.append(lines[i].strip())
                i += 1
            blocks.append(Block("box", title=title, text=" ".join(body)))
        else:
            para.append(line.strip())
        i += 1
    flush()
    return Source(tuple(blocks), footnotes)


def load_source(path: Path = SOURCE) -> Source:
    return parse(path.read_text(encoding="utf-8"))


def strip_markers(text: str) -> str:
    """Paragraph text as read: footnote markers left out."""
    return _MARKER.sub("", text)


def reference_blocks(source: Source) -> list[str]:
    """The reading-order blocks of the source (see the module docstring)."""
    out: list[str] = []
    for block in source.blocks:
        if block.kind == "heading":
            out.append(block.text)
        elif block.kind == "para":
            out.append(strip_markers(block.text))
            out.extend(f"{n} {source.footnotes[n]}" for n in block.markers)
        elif block.kind == "table":
            out.append("\n".join(" | ".join(row) for row in block.rows))
        elif block.kind == "box":
            out.append(f"{block.title}\n{block.text}")
    return out


def reference_text(source: Source | None = None) -> str:
    """The whole reference reading-order text, blocks separated by blank lines."""
    return "\n\n".join(reference_blocks(source or load_source()))


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces: the form both sides are compared in."""
    return " ".join(text.split())
