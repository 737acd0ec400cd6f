"""What the extractor knows about one document: sections, pages, source lines, and who *vi* is."""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.clean import clean
from ingest.commitments.lexicon import NAMED_BODIES
from ingest.lexicon import learn_glossary
from ingest.load import load
from ingest.split import SECTION_SEPARATOR, units


@dataclass
class DocInfo:
    file: str
    text: str
    meta: dict[str, Any]
    unit_starts: list[int]
    unit_sections: list[tuple[str, ...]]
    headings: list[tuple[int, int, tuple[str, ...]]]
    page_offsets: list[tuple[int, int]]
    lines: "_LineMap"
    we_by_section: dict[tuple[str, ...], str] = field(default_factory=dict)
    default_we: str = "parterne"
    abbreviations: dict[str, str] = field(default_factory=dict)
    """What the document defines as "Long Form (ABBR)": ABBR -> long form ("OUH" -> "Odense Universitetshospital")."""

    def spelled_out(self, phrase: str) -> str:
        """``phrase`` with the abbreviations the document defines written out: a table's cell "OUH" names the
        hospital the text introduced as "Odense Universitetshospital (OUH)"."""
        return re.sub(r"\b[A-ZÆØÅ][A-ZÆØÅa-zæøå]*[A-ZÆØÅ]\b", lambda m: self.abbreviations.get(m.group(0), m.group(0)), phrase)

    def section_at(self, pos: int) -> tuple[str, ...]:
        i = bisect.bisect_right(self.unit_starts, pos) - 1
        return self.unit_sections[i] if i >= 0 else ()

    def page_at(self, pos: int) -> int | None:
        if not self.page_offsets:
            return None
        i = bisect.bisect_right([o for _, o in self.page_offsets], pos) - 1
        return self.page_offsets[max(i, 0)][0]

    def we(self, section: tuple[str, ...]) -> str:
        if section in self.we_by_section:
            return self.we_by_section[section]
        joined = SECTION_SEPARATOR.join(section).lower()
        if re.search(r"kommunernes samarbejde|fælleskommunal|tværkommunal|kommunegrænser", joined):
            return "kommunen"
        return self.default_we


class _LineMap:
    """1-based source line of a cleaned offset: exact when the source re-cleans to the same text, else from chunks."""

    def __init__(self, offsets_line: Any = None, chunks: Sequence[Mapping[str, Any]] = ()) -> None:
        self._exact = offsets_line
        self._chunks = sorted(((c["start"], c["end"], c["line_start"], c["line_end"]) for c in chunks), key=lambda c: c[0])

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self._exact is not None:
            return self._exact(start), self._exact(max(start, end - 1))
        for s, e, ls, le in self._chunks:
            if s <= start < e:
                return ls, le
        return (self._chunks[-1][2], self._chunks[-1][3]) if self._chunks else (1, 1)


@lru_cache(maxsize=16)
def _recleaned(path: str, digest: str) -> Any:
    """The source re-cleaned (for exact line numbers), or None when it cannot be read."""
    try:
        return clean(load(Path(path)))
    except Exception:  # noqa: BLE001 - any failure falls back to chunk lines
        return None


def _line_map(doc_row: Mapping[str, Any], chunks: Sequence[Mapping[str, Any]]) -> _LineMap:
    if callable(doc_row.get("line_at")):  # ingest hands over the document it just cleaned: no second load + clean
        return _LineMap(doc_row["line_at"], chunks)
    text = doc_row.get("text") or ""
    path = doc_row.get("path")
    if path and Path(path).exists():
        digest = hashlib.sha1(text.encode()).hexdigest()
        cleaned = _recleaned(str(path), digest)
        if cleaned is not None and cleaned.text == text:
            return _LineMap(cleaned.line_at, chunks)
    return _LineMap(None, chunks)


_WE_BODY_RX = re.compile(
    r"\bvi\b(?:\s+\w+){0,2}\s+i\s+(Sundhedskoordinationsudvalget|Sundhedsstyregruppen)\b|"
    r"\bvores\s+(?:næste\s+)?møde\s+i\s+(Sundhedskoordinationsudvalget|Sundhedsstyregruppen)\b",
    re.IGNORECASE,
)


def doc_info(doc_row: Mapping[str, Any], chunks: Sequence[Mapping[str, Any]]) -> DocInfo:
    text = doc_row.get("text") or ""
    us = units(text)
    meta = dict(doc_row.get("meta") or {})
    info = DocInfo(
        file=doc_row["file"],
        text=text,
        meta=meta,
        unit_starts=[u.start for u in us],
        unit_sections=[u.section for u in us],
        headings=[(u.start, u.end, u.section) for u in us if u.is_heading],
        page_offsets=[(int(p), int(o)) for p, o in (doc_row.get("page_offsets") or [])],
        lines=_line_map(doc_row, chunks),
        abbreviations=learn_glossary([text]),
    )
    issuer = str(meta.get("issuer") or "")
    info.default_we = "kommunen" if re.match(r"(?:KKR|Kommunerne|KL)\b", issuer) else "parterne"
    for u in us:
        if u.is_heading:
            continue
        m = _WE_BODY_RX.search(text[u.start : u.end])
        if m:
            body = next(g for g in m.groups() if g)
            info.we_by_section[u.section] = next(b for b in NAMED_BODIES if b.lower() == body.lower())
    return info
