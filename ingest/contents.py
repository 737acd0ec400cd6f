"""A table of contents read as text: found and taken out of the cleaned text.

A contents page lists the document's headings, with page numbers after a dot leader or in a
column of their own that the extractor prints after the titles. Read as text it became
passages of titles and page numbers, and its titles became headings over the text that
follows it: the foreword was cited under the last appendix's title. It states nothing a
reader asks about, so the clean step drops it (the offsets of the text around it are kept).

What counts, with no word list of any document:

- an *entry* is a line whose text the document uses again further on as a line of its own
  (a heading), after a trailing page number is set aside; a line may hold several numbered
  entries side by side (``1.2 Mål 1.3 Principper``), each of which must come again;
- a *contents run* is a stretch of entries, page-number lines (``3``, ``4 4 5``) and at most
  one other short title line between two entries, opened by an optional contents heading
  (``Indhold``, ``Indholdsfortegnelse``, ``Contents``);
- the run is dropped when at least ``MIN_ENTRIES`` of its entries come again after it, and it
  shows that it is a list of contents: page numbers or a contents heading. A list of topics
  that later head sections, numbered or not, with neither, stays: it may be what answers
  "which areas does the agreement cover?".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.edits import Edit, apply_edits

MIN_ENTRIES = 3
"""Entries that must come again after the run: two titles in a row are too few to call a list
of contents."""
MAX_TITLE = 120
"""A longer title is prose, never an entry or a title between entries."""

CONTENTS_HEADINGS = frozenset({"indhold", "indholdsfortegnelse", "contents", "table of contents"})
"""The word a contents page is headed by (Danish, English); general language, not one document's."""

_PAGE_NUMBER = re.compile(r"(?:\s*[.·…_]{2,}\s*|\s+)(\d{1,4})\s*$")
_NUMBERS_ONLY = re.compile(r"^[\d\s.·…_]*\d[\d\s.·…_]*$")
_NUMBERED_SPLIT = re.compile(r"(?<=\S)\s+(?=\d{1,2}(?:\.\d{1,2})*\.?\s+[A-ZÆØÅ])")


def _key(text: str) -> str:
    """A title as compared: case, spacing, end punctuation and the dot after its number aside
    (``1. INDLEDNING`` in the contents is ``1 Indledning`` in the text)."""
    key = re.sub(r"\s+", " ", text).strip().strip(":.").strip().lower()
    return re.sub(r"^(\d{1,2}(?:\.\d{1,2})*)\.? ", r"\1 ", key)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Entry:
    """What one line holds as a contents line."""

    kind: str  # "entry", "numbers", "heading" or "other"
    titles: tuple[str, ...] = ()
    paged: bool = False


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(_Line(pos, pos + len(raw), raw.strip()))
        pos += len(raw) + 1
    return out


def _read(line: str, index: int, last_seen: dict[str, int]) -> _Entry:
    """Read one line as a contents line: the titles it lists that come again later on."""
    if not line:
        return _Entry("other")
    if _NUMBERS_ONLY.match(line):
        return _Entry("numbers")
    if _key(line) in CONTENTS_HEADINGS:
        return _Entry("heading")

    def again(title: str) -> bool:
        return len(title) <= MAX_TITLE and last_seen.get(_key(title), -1) > index

    paged = _PAGE_NUMBER.search(line)
    bare = line[: paged.start()] if paged else line
    for candidate, has_page in ((line, False), (bare, bool(paged))):
        if candidate and again(candidate):
            return _Entry("entry", (candidate,), has_page)
    parts = [p.strip() for p in _NUMBERED_SPLIT.split(line)]
    if len(parts) >= 2:
        titles, has_page = [], False
        for part in parts:
            page = _PAGE_NUMBER.search(part)
            title = part[: page.start()] if page and not again(part) else part
            if not again(title):
                return _Entry("other")
            titles.append(title)
            has_page = has_page or title != part
        return _Entry("entry", tuple(titles), has_page)
    return _Entry("other")


def _short_title(line: str) -> bool:
    return 0 < len(line) <= MAX_TITLE and not line.endswith((".", ",", ";", ":"))


def contents_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of ``text`` (one logical line per paragraph) that are a table
    of contents, each ending after its last line's newline."""
    lines = _lines(text)
    last_seen = {}
    for i, line in enumerate(lines):
        if 0 < len(line.text) <= MAX_TITLE:
            last_seen[_key(line.text)] = i
    read = [_read(line.text, i, last_seen) for i, line in enumerate(lines)]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if read[i].kind != "entry":
            i += 1
            continue
        first = i - 1 if i > 0 and read[i - 1].kind == "heading" else i
        last = i
        j = i + 1
        while j < len(lines):
            kind = read[j].kind
            if kind in ("entry", "numbers") or not lines[j].text:
                j += 1
                if kind != "other":
                    last = j - 1
                continue
            nxt = j + 1
            if _short_title(lines[j].text) and nxt < len(lines) and read[nxt].kind == "entry":
                j = nxt  # one title between two entries that the document does not repeat word for word
                continue
            break
        if _is_contents(read[first : last + 1], last, last_seen):
            end = lines[last].end + 1 if last + 1 < len(lines) else lines[last].end
            spans.append((lines[first].start, min(end, len(text))))
        i = last + 1
    return spans


def _is_contents(run: Sequence[_Entry], last: int, last_seen: dict[str, int]) -> bool:
    """Enough of the run's titles come again after it, and it shows itself a list of contents."""
    entries = [r for r in run if r.kind == "entry"]
    after = [t for r in entries for t in r.titles if last_seen.get(_key(t), -1) > last]
    if len(after) < MIN_ENTRIES:
        return False
    return any(r.kind in ("numbers", "heading") for r in run) or any(r.paged for r in entries)


def drop_contents(text: str, offsets: Sequence[int]) -> tuple[str, list[int]]:
    """Take every table of contents out of ``text``, keeping the offsets of the rest."""
    return apply_edits(text, offsets, (Edit(s, e, "") for s, e in contents_spans(text)))
