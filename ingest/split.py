"""Section-aware splitting of a cleaned document into citable chunks.

The cleaned text has one logical line per paragraph, heading or bullet
item. Headings are detected per line (numbered ``2.3.1 Titel``, markdown
``# Titel``, an appendix ``Bilag 1. Titel`` at the top level, short title
lines) and kept as a section path on every chunk.
Body lines are cut into sentences (guarding Danish abbreviations); chunks
are runs of whole sentences of roughly ``min_chars``–``max_chars``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from foundation.records import Chunk, CleanDocument
from foundation.text.sentences import split_sentences, starts_lower, trim_span
from ingest.entries import LIST_ITEM, entry_lines

SECTION_SEPARATOR = " › "

_NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,4})(?P<dot>\.?)\s+(?P<title>[A-ZÆØÅ\"'“‘].*)$")
_MARKDOWN = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*$")
_APPENDIX = re.compile(r"^(?i:bilag|appendiks|appendix|annex|anneks)\s+(?:\d{1,2}|[A-Z])\b")


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    number: tuple[int, ...] = ()

    def contains(self, other: "Heading") -> bool:
        """True when ``other`` belongs under this heading."""
        if self.number and other.number:
            n = len(self.number)
            return n < len(other.number) and other.number[:n] == self.number
        return self.level < other.level


@dataclass(frozen=True)
class Unit:
    """A sentence, bullet item or heading line: ``text[start:end]`` of the cleaned document."""

    start: int
    end: int
    section: tuple[str, ...]
    is_heading: bool = False


def detect_heading(line: str) -> Heading | None:
    """Classify one logical line as a heading, or None for body text.

    Args:
        line: one logical line of cleaned text, without the newline.
    """
    s = line.strip().strip("*_").strip()
    if not s or len(s) > 120:
        return None
    doubled = re.fullmatch(r"(.{4,60}?)\s*\1", s)
    if doubled:  # "4. Træning4. Træning": a heading the PDF extraction printed twice
        s = doubled.group(1).strip()
    m = _MARKDOWN.match(s)
    if m:
        title = m.group("title").strip().strip("*_ ").strip()
        return Heading(len(m.group("hashes")), title) if title else None
    if _APPENDIX.match(s) and s[0].isupper() and _title_sized(s):
        return Heading(1, s)  # "Bilag 1. Tidsfrister i overblik": an appendix is a part of its own, under no chapter
    m = _NUMBERED.match(s)
    if m and _title_sized(s):
        num = m.group("num")
        if "." not in num and not m.group("dot"):  # "9 Marianne Lisby, ..." is a footnote, not a heading
            return None
        if re.fullmatch(r"(19|20)\d\d", num):  # a year starting a sentence
            return None
        return Heading(num.count(".") + 1, s, tuple(int(x) for x in num.split(".")))
    if LIST_ITEM.match(line.strip()):
        return None
    words = s.split()
    if (
        1 <= len(words) <= 9
        and len(s) <= 70
        and s[0].isupper()
        and not s.endswith((".", ",", ";", ":", "!", "?", "-", "–"))
        and sum(ch.isalpha() for ch in s) >= 0.6 * len(s)
        and not re.search(r"\b(er|skal|vil|har|kan|bliver|blev)\b", s)
    ):
        return Heading(99, s)
    return None


def _title_sized(s: str) -> bool:
    """A numbered or appendix title's size and end: no sentence, at most 14 words."""
    return len(s) <= 100 and not s.endswith((".", ",", ";")) and len(s.split()) <= 14


_TABLE_ROW = " | "


def units(text: str) -> list[Unit]:
    """Headings and sentences of a cleaned text, each with its section path."""
    out: list[Unit] = []
    path: list[Heading] = []
    table_header: str | None = None
    pos = 0
    lines = text.split("\n")
    entries = entry_lines(lines)
    entry_end = -1
    for n, line in enumerate(lines):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        if not line.strip() or n <= entry_end:
            continue
        if n in entries:  # a person and a role, a postal address, a schedule's row: one unit, never a heading
            entry_end = entries[n]
            s, e = trim_span(text, line_start, line_start + sum(len(x) + 1 for x in lines[n : entry_end + 1]) - 1)
            out.append(Unit(s, e, tuple(h.title for h in path)))
            continue
        if _TABLE_ROW in line:  # a table row ("a | b | c", from the PDF reader): one unit, never a heading
            s, e = trim_span(text, line_start, line_end)
            section = tuple(h.title for h in path)
            if table_header is None:  # the header row heads its rows, so it travels with them
                table_header = text[s:e]
                out.append(Unit(s, e, (*section, table_header), is_heading=True))
            else:
                out.append(Unit(s, e, (*section, table_header)))
            continue
        table_header = None
        heading = detect_heading(line)
        if heading is not None:
            while path and not path[-1].contains(heading):
                path.pop()
            path.append(heading)
            s, e = trim_span(text, line_start, line_end)
            out.append(Unit(s, e, tuple(h.title for h in path), is_heading=True))
            continue
        section = tuple(h.title for h in path)
        item = LIST_ITEM.match(line.strip())
        if item and not starts_lower(line.strip()[item.end():]):
            s, e = trim_span(text, line_start, line_end)
            out.append(Unit(s, e, section))
            continue
        # a list item that opens lower-case ("- behandling i hjemmet … . Ofte har disse borgere …") may be
        # a word or sentence whose beginning the extraction lost: its whole sentences after it are units
        # of their own, so the piece cannot take them with it when it is not quotable
        for s, e in split_sentences(text, line_start, line_end):
            out.append(Unit(s, e, section))
    return out


def _chunk_id(doc: str, text: str, start: int) -> str:
    return hashlib.sha1(f"{doc}\x00{start}\x00{text}".encode()).hexdigest()[:20]


def split(doc: CleanDocument, min_chars: int = 500, max_chars: int = 1200, overlap: int = 1) -> list[Chunk]:
    """Cut a cleaned document into chunks of whole sentences.

    A chunk never crosses into a new top-level section once it has reached
    a useful size, never exceeds ``max_chars`` unless one sentence alone
    does, and repeats the last ``overlap`` sentences of the previous chunk
    of the same section.

    Args:
        doc: the cleaned document.
        min_chars: a chunk shorter than this keeps growing across headings.
        max_chars: a chunk is closed before it grows past this.
        overlap: sentences carried over into the next chunk of the same section.
    """
    us = units(doc.text)
    groups: list[list[Unit]] = []
    cur: list[Unit] = []

    def size(group: list[Unit], extra: Unit | None = None) -> int:
        if not group:
            return 0 if extra is None else extra.end - extra.start
        last = extra or group[-1]
        return last.end - group[0].start

    def body(group: list[Unit]) -> list[Unit]:
        return [u for u in group if not u.is_heading]

    for u in us:
        if u.is_heading:
            if body(cur) and size(cur) >= min_chars:
                groups.append(cur)
                cur = []
            cur.append(u)
            continue
        if body(cur) and size(cur, u) > max_chars:
            groups.append(cur)
            carry = [x for x in body(cur)[-overlap:] if x.section == u.section] if overlap else []
            carry = [x for x in carry if (u.end - x.start) <= max_chars]
            cur = carry
        cur.append(u)
    if cur and body(cur):
        groups.append(cur)
    elif cur and groups and cur[-1].end - groups[-1][0].start <= max_chars:
        # the document ends in heading-like lines ("Uge 46 COWI afleverer rapport", a timeline's last row):
        # they close the last chunk rather than being lost from the index
        groups[-1] = groups[-1] + cur

    # A trailing scrap smaller than a third of min_chars joins the chunk before it when that stays in bounds.
    if len(groups) >= 2 and size(groups[-1]) < min_chars // 3 and groups[-1][-1].end - groups[-2][0].start <= max_chars:
        tail = groups.pop()
        groups[-1] = groups[-1] + [u for u in tail if u.start >= groups[-1][-1].end]

    chunks: list[Chunk] = []
    meta = doc.source.meta.as_dict()
    for group in groups:
        if not body(group):
            continue
        start, end = group[0].start, group[-1].end
        text = doc.text[start:end]
        first_body = body(group)[0]
        section = SECTION_SEPARATOR.join(first_body.section) or None
        page_start, page_end = doc.page_range(start, end)
        chunks.append(
            Chunk(
                id=_chunk_id(doc.source.file, text, start),
                doc=doc.source.file,
                title=doc.source.meta.title,
                section=section,
                text=text,
                start=start,
                end=end,
                page_start=page_start,
                page_end=page_end,
                line_start=doc.line_at(start),
                line_end=doc.line_at(end - 1),
                meta=meta,
            )
        )
    return chunks
