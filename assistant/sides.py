"""Both sides of a comparison: one quoted sentence from each period, region or document compared.

A comparison question ("forskel", "compare", "2015-2018 vs 2019", "både … og …", two regions)
names its sides by years or regions where it can; each side is the documents whose period
holds the year or whose region is named. Without named sides, two documents are the sides.
``cover_sides`` adds the best sentence of a side the chosen quotes leave out, so the answer
never quotes one side only where the retrieved passages hold the other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

_YEARS = re.compile(r"\b((?:19|20)\d\d)(?:\s*(?:[-–]|til|to)\s*((?:19|20)\d\d))?\b")

_COMPARE_WORD = re.compile(
    r"\b(forskel\w*|sammenlign\w*|både|bade|enige|differ(?:s|ent|ence|ences)?|compar\w*|both|agree\w*|versus|vs)\b",
    re.IGNORECASE,
)
"""Words that ask for a comparison ("differentieringen" is not one)."""

Side = Callable[[dict[str, Any]], bool]


def _in_years(lo: int, hi: int) -> Side:
    def holds(meta: dict[str, Any]) -> bool:
        start, end = meta.get("period_from"), meta.get("period_to")
        if isinstance(start, int) and isinstance(end, int):
            return start <= hi and lo <= end
        return isinstance(meta.get("year"), int) and lo <= meta["year"] <= hi

    return holds


def _in_region(region: str) -> Side:
    return lambda meta: str(meta.get("region") or "").lower() == region.lower()


def _both(a: Side, b: Side) -> Side:
    return lambda meta: a(meta) and b(meta)


def question_sides(question: str, regions: Sequence[str]) -> list[Side]:
    """The sides a comparison question names: its years or periods, else its regions (at least two)."""
    spans = []
    for m in _YEARS.finditer(question):
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) else lo
        if (lo, hi) not in spans:
            spans.append((lo, hi))
    if len(spans) >= 2:
        if len(regions) == 1:  # "region midt, både 2015-2018 og 2019": the periods of that region
            return [_both(_in_years(lo, hi), _in_region(regions[0])) for lo, hi in spans]
        return [_in_years(lo, hi) for lo, hi in spans]
    if len(regions) >= 2:
        return [_in_region(r) for r in regions]
    return []


def cover_sides(question: str, regions: Sequence[str], pool: Sequence[Any], chosen: list[Any], limit: int) -> list[Any]:
    """``chosen`` with the best candidate of every side it leaves out (at most ``limit`` quotes).

    ``pool`` holds the quotable candidates best first; a side's candidate must hold a key term
    of the question. A sentence that is the only one of its side is never dropped for another.
    """
    sides = question_sides(question, regions)
    if not sides and not _COMPARE_WORD.search(question):
        return chosen
    if not sides:  # no named sides: two documents
        first_doc = chosen[0].passage.doc if chosen else None
        sides = [lambda meta, d=first_doc: meta.get("_doc") == d, lambda meta, d=first_doc: meta.get("_doc") != d]

    def meta_of(c: Any) -> dict[str, Any]:
        return {**c.passage.meta, "_doc": c.passage.doc}

    out = list(chosen)
    for side in sides:
        if any(side(meta_of(c)) for c in out):
            continue
        extra = next((c for c in pool if c.matched and side(meta_of(c)) and c not in out), None)
        if extra is None:
            continue
        if len(out) >= limit:
            sole = {id(c) for c in out if _only_one(c, out, sides, meta_of)}
            drop = next((c for c in reversed(out[1:]) if id(c) not in sole), None)
            if drop is None:
                continue
            out.remove(drop)
        out.append(extra)
    return out


def _only_one(c: Any, out: Sequence[Any], sides: Sequence[Side], meta_of: Callable[[Any], dict[str, Any]]) -> bool:
    """Whether ``c`` is the only quote of some side."""
    return any(s(meta_of(c)) and sum(1 for x in out if s(meta_of(x))) == 1 for s in sides)
