"""Records that flow between the ingest steps.

Every step takes and returns these frozen dataclasses: ``load`` gives a
``LoadedDocument`` of ``Page``s, ``clean`` gives a ``CleanDocument`` whose
offsets map back to the source, ``split`` gives ``Chunk``s. Page numbers,
section paths and offsets are fields, never markers inside the text.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class DocMeta:
    """What one document is: its catalog entry over the facts read from its own text.

    ``period`` is the display form ("2015–2018", en dash) that the ``--period`` filter matches;
    ``period_from``/``period_to`` are its years. ``binding`` is None where nothing says
    (an index built before facts were stored); ``approved`` an ISO date where one is stated.
    """

    title: str
    issuer: str | None = None
    region: str | None = None
    period: str | None = None
    year: int | None = None
    kind: str | None = None
    binding: bool | None = None
    period_from: int | None = None
    period_to: int | None = None
    parties: tuple[str, ...] = ()
    approved: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "issuer": self.issuer,
            "region": self.region,
            "period": self.period,
            "year": self.year,
            "kind": self.kind,
            "binding": self.binding,
            "period_from": self.period_from,
            "period_to": self.period_to,
            "parties": list(self.parties),
            "approved": self.approved,
        }


@dataclass(frozen=True)
class Page:
    """The raw text of one page (PDF) or of a whole text file (number None).

    A PDF page's text is what *starts* on it in reading order: a paragraph that runs over
    the page break is kept whole here, so no sentence is cut by a page break. ``spans``
    then says from which offset of ``text`` on the characters physically sit on another
    page (``(offset, page number)``, sorted; empty: all on ``number``), so a citation can
    name the page where a sentence starts and the range it covers. ``furniture`` holds the
    running header, footer and page number taken out of the text; ``ocr_confidence`` the
    mean Tesseract word confidence (0–100) of a scanned page.
    """

    number: int | None
    text: str
    spans: tuple[tuple[int, int], ...] = ()
    furniture: tuple[str, ...] = ()
    ocr_confidence: float | None = None

    def page_of(self, offset: int) -> int | None:
        """The physical page of character ``offset`` of ``text``."""
        page = self.number
        for start, number in self.spans:
            if start > offset:
                break
            page = number
        return page


@dataclass(frozen=True)
class LoadedDocument:
    """A file as read from disk, before any repair.

    ``raw`` is the pages' text joined by ``PAGE_SEPARATOR``; ``page_starts``
    holds the offset in ``raw`` where each page begins.
    """

    file: str
    path: str
    sha256: str
    meta: DocMeta
    pages: tuple[Page, ...]
    has_pages: bool
    unread_pages: tuple[int, ...] = ()  # PDF pages that could not be read (text nor OCR)

    @cached_property
    def raw(self) -> str:
        return PAGE_SEPARATOR.join(p.text for p in self.pages)

    @cached_property
    def page_starts(self) -> tuple[int, ...]:
        starts, pos = [], 0
        for p in self.pages:
            starts.append(pos)
            pos += len(p.text) + len(PAGE_SEPARATOR)
        return tuple(starts)


PAGE_SEPARATOR = "\n\n"


def compact_offsets(offsets: Iterable[int]) -> array:
    """Offsets as an int array: 32-bit while they fit (every source below 2 GiB), else 64-bit."""
    values = offsets if isinstance(offsets, Sequence) else list(offsets)
    return array("i" if not values or max(values) < 2**31 else "q", values)


@dataclass(frozen=True)
class CleanDocument:
    """Repaired text of one document with a map back to the raw source.

    ``offsets[i]`` is the offset in ``source.raw`` of cleaned character ``i``
    (inserted characters map to the nearest source character before them).
    ``compact_offsets`` stores them as a machine-int array (4 bytes a character
    instead of a Python int and a pointer, ~40 bytes): an ingest holds the cleaned
    documents of a whole batch at once. Logical lines (paragraphs, headings, bullets) are separated by ``\\n``;
    hard-wrapped lines are already joined.
    """

    source: LoadedDocument
    text: str
    offsets: Sequence[int]

    def source_offset(self, i: int) -> int:
        if not self.offsets:
            return 0
        i = min(max(i, 0), len(self.offsets) - 1)
        return self.offsets[i]

    def page_at(self, i: int) -> int | None:
        """Page number of cleaned offset ``i`` (None for text files)."""
        if not self.source.has_pages:
            return None
        offset = self.source_offset(i)
        idx = max(bisect_right(self.source.page_starts, offset) - 1, 0)
        page = self.source.pages[idx]
        return page.page_of(offset - self.source.page_starts[idx]) if page.spans else page.number

    def page_range(self, i: int, j: int) -> tuple[int | None, int | None]:
        """Pages of cleaned ``text[i:j]``: where it starts, and the last page it touches.

        Not simply the page of its last character: a footnote placed after the paragraph
        that runs onto the next page sits physically on the earlier page.
        """
        first, last = self.page_at(i), self.page_at(max(j - 1, i))
        if not self.source.has_pages or first is None or last is None:
            return first, last
        lo, hi = self.source_offset(i), self.source_offset(max(j - 1, i))
        pages = {first, last}
        for page, start in zip(self.source.pages, self.source.page_starts):
            if start > hi or start + len(page.text) < lo:
                continue
            for offset, number in ((0, page.number), *page.spans):
                if lo <= start + offset <= hi and number is not None:
                    pages.add(number)
        return first, max(pages)

    def line_at(self, i: int) -> int:
        """1-based line number in the raw source of cleaned offset ``i``."""
        return self.source.raw.count("\n", 0, self.source_offset(i)) + 1


@dataclass(frozen=True)
class Chunk:
    """One retrievable passage, with everything a citation needs."""

    id: str
    doc: str
    title: str
    section: str | None
    text: str
    start: int
    end: int
    page_start: int | None
    page_end: int | None
    line_start: int
    line_end: int
    meta: dict[str, str | int | None] = field(default_factory=dict)

    def embed_text(self) -> str:
        """Text given to the embedder: title and section path lead the passage."""
        head = self.title if not self.section else f"{self.title} › {self.section}"
        return f"{head}\n{self.text}"
