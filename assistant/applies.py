"""Prefer what applies: the day an answer is judged on, the documents in scope, and the lead.

- ``status`` and ``as_of`` filters (CLI ``--status``/``--as-of``, the app's sidebar) limit the
  documents: ``as_of`` also moves the day status is judged on and leaves out documents dated
  after it.
- A question that names a period, a year of a document or a day pins it: "i 2015-aftalen",
  "in the 2019–2023 proposal", "udspillet fra 2018", "as of 2017", "pr. 1. januar 2017". The
  rules are general Danish and English phrasings of years and periods, matched against the
  facts the index stores; a pin that matches no document is ignored.
- Among the sentences the reader scores within ``answer.prefer_in_force_margin`` of its best, one from a
  document in force leads: a like passage of an expired agreement ("Sundhedskoordinationsudvalget består af …"
  in two regions' agreements) is not what applies today.
- Among the sentences that answer (within ``answer.prefer_margin`` of the best reader score),
  the one from a document in force leads, then binding over proposal, then the newest
  (``answer.prefer_applicable`` turns this and the pins off). The shipped margin 1.0 breaks
  ties only: a margin of 0.8 moved quotes away from the gold document on the eval's tune split
  (176 → 174 correct of 240) and cost accuracy on the test split too.
- A pinned period shared by documents of several regions keeps the region the question names.
- A question that names a region ("i Region Hovedstaden", "in the Capital Region") is answered from
  that region's documents and those whose region is unknown, never from another region's; when every
  indexed document is of another region, the answer says so (``absent``).
- A question that names a municipality ("i Kolding") is answered from its documents and those that name
  none, never from another municipality's (``assistant.places``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.periods import FUTURE, IN_FORCE, dated_after, facts_of, status
from foundation.errors import BadFilter
from foundation.messages import msg
from ingest.commitments.lexicon import EN_MONTHS, MONTHS
from ingest.facts import STATUSES

SCOPE_FIELDS = ("status", "as_of")
__all__ = ["STATUSES", "SCOPE_FIELDS", "Scope", "prefer", "restrict", "scope", "split_scope"]
NO_DOCUMENT = "\x00"  # a doc filter value no document has: the scope left nothing

_YEAR = r"((?:19|20)\d\d)"
_DASH = r"\s*(?:[-–—‐‑/]|til|to)\s*"
_RANGE = re.compile(r"(?<![\d.])" + _YEAR + _DASH + r"((?:19|20)?\d\d)(?![\d%])", re.IGNORECASE)
_DA_DOC = r"(?:\w*aftale\w*|udspil\w*|oplæg\w*|forslag\w*|\w*mål\w*|\w*strategi\w*)"
_EN_DOC = r"(?:\w*agreements?|proposals?|plans?|goals|strateg(?:y|ies))"
# "2015-aftalen", "the 2019 proposal", "udspillet fra 2018", "aftalen for 2015", "proposal of 2018"
_YEAR_DOC = re.compile(
    r"(?<![\d.–-])" + _YEAR + r"(?:-" + _DA_DOC + r"|\s+" + _EN_DOC + r")\b"
    r"|\b(?:" + _DA_DOC + r"|" + _EN_DOC + r"|(?:den|det|de|the)\s+(?:nye|gamle|forrige|tidligere|new|old|previous))"
    r"\s+(?:fra|for|af|from|of)\s+" + _YEAR + r"(?![\d–-])",
    re.IGNORECASE,
)
# Words that name one document (not "mål" alone, which as often means a goal inside one).
_NAMED_DOC = re.compile(
    r"\b\w*aftale(?:n|r|rne)?\b|\budspil(?:let)?\b|\boplæg(?:get)?\b|\bforslag(?:et)?\b|\bmålsætning(?:en|er|erne)?\b"
    r"|\bstrategi(?:en)?\b|\bagreements?\b|\bproposals?\b",
    re.IGNORECASE,
)
_DAY = r"(?:(\d{1,2})\.?\s*(" + "|".join(MONTHS + EN_MONTHS) + r")\s+)?"
_AS_OF = re.compile(
    r"\b(?:as of|as at|in force in|pr\.|per|som det gjaldt i|som det så ud i|gældende i|gjaldt i|status i)\s+" + _DAY + _YEAR + r"(?![\d–-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Scope:
    """What one question is answered over."""

    day: date  # the day status is judged on
    docs: frozenset[str] | None  # the documents left in scope; None: all
    pinned: frozenset[str]  # documents the question names
    absent: tuple[str, ...] = ()  # the question names only regions no indexed document is of: nothing answers
    missing: tuple[str, ...] = ()  # regions the question names that no indexed document is recorded as of


def split_scope(filters: Mapping[str, Any] | None) -> tuple[dict[str, Any], list[str], date | None]:
    """(the index filters, the wanted statuses, the as-of day) from the API's filters.

    Raises:
        BadFilter: an unknown status or a day that is not YYYY-MM-DD.
    """
    rest = {k: v for k, v in (filters or {}).items() if k not in SCOPE_FIELDS}
    if rest.get("period"):  # "2015-2018" as the JSON writes it is the index's "2015–2018"
        rest["period"] = [re.sub(r"(?<=\d)\s*[-‐‑—]\s*(?=\d)", "–", v) for v in _values(rest["period"])]
    wanted = _values((filters or {}).get("status"))
    for value in wanted:
        if value not in STATUSES:
            options = ", ".join(STATUSES)
            raise BadFilter(
                msg("unknown_filter", "da", value=value, field="status", valid=options),
                msg("unknown_filter", "en", value=value, field="status", valid=options),
            )
    as_of = (filters or {}).get("as_of")
    if isinstance(as_of, list):
        as_of = as_of[0] if as_of else None
    if as_of is not None and not isinstance(as_of, date):
        try:
            as_of = date.fromisoformat(str(as_of).strip())
        except ValueError:
            raise BadFilter(msg("unknown_as_of", "da", value=as_of), msg("unknown_as_of", "en", value=as_of)) from None
    return rest, wanted, as_of


def scope(
    question: str,
    metas: Mapping[str, Mapping[str, Any]],
    today: date,
    wanted: list[str],
    as_of: date | None,
    regions: tuple[str, ...] = (),
    kept: frozenset[str] | None = None,
) -> Scope:
    """The day, the documents in scope and the pinned ones for ``question``.

    Args:
        question: The question as asked (its years, periods and "as of" are read).
        metas: Each indexed document's stored meta, by document id.
        today: ``AFTALE_TODAY`` or the real date.
        wanted: Statuses to keep (empty: all).
        as_of: An as-of day from the filters; one the question names is used when none is given.
        regions: Regions the question names: a pinned period then means that region's documents.
        kept: The documents the municipalities the question names keep (``assistant.places``); None: all.
    """
    asked = as_of or question_day(question)
    day = asked or today
    docs: set[str] | None = None
    if wanted or asked:
        docs = {
            name
            for name, meta in metas.items()
            if (not wanted or status(meta, day) in wanted) and not (asked and dated_after(meta, asked))
        }
    pinned = pins(question, metas)
    if regions and any(metas[n].get("region") in regions for n in pinned):
        pinned = {n for n in pinned if metas[n].get("region") in regions}
    if pinned:
        docs = pinned if docs is None else docs & pinned
    if kept is not None:  # another municipality's document is no answer
        docs = set(kept) if docs is None else docs & kept
    absent: tuple[str, ...] = ()
    held = {meta.get("region") for meta in metas.values()}
    missing = tuple(r for r in regions if r not in held)
    if regions:  # another region's documents are no answer; a document whose region is unknown may be the one
        eligible = {n for n, meta in metas.items() if meta.get("region") in regions or not meta.get("region")}
        if eligible:
            docs = eligible if docs is None else docs & eligible
        else:
            absent = regions
    return Scope(day=day, docs=frozenset(docs) if docs is not None else None, pinned=frozenset(pinned), absent=absent,
                 missing=missing)


def restrict(filters: dict[str, list[str]], docs: frozenset[str] | None) -> dict[str, list[str]]:
    """The index filters with the doc filter narrowed to ``docs``."""
    if docs is None:
        return filters
    allowed = sorted(d for d in docs if "doc" not in filters or d in filters["doc"])
    return {**filters, "doc": allowed or [NO_DOCUMENT]}


def question_day(question: str) -> date | None:
    """The day a question asks "as of": "as of 2017" (its last day), "pr. 1. januar 2017"."""
    m = _AS_OF.search(question)
    if not m:
        return None
    year = int(m.group(3))
    if m.group(2):
        month = m.group(2).lower()
        number = (MONTHS.index(month) if month in MONTHS else EN_MONTHS.index(month)) + 1
        try:
            return date(year, number, int(m.group(1)))
        except ValueError:
            return None
    return date(year, 12, 31)


def pins(question: str, metas: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """The documents a question names by period ("2015-2018") or by a year with a document word.

    A question that names more documents than it dates ("ifølge sundhedsaftalen og
    målsætningerne fra 2013") pins nothing: pinning only the dated one would leave the
    other out.
    """
    pinned: set[str] = set()
    dated = 0
    for m in _RANGE.finditer(question):
        start, end = int(m.group(1)), m.group(2)
        end_year = int(end) if len(end) == 4 else start - start % 100 + int(end)
        found = {n for n, meta in metas.items() if (facts_of(meta).period_from, facts_of(meta).period_to) == (start, end_year)}
        pinned |= found
        dated += bool(found)
    for m in _YEAR_DOC.finditer(question):
        year = int(m.group(1) or m.group(2))
        found = {n for n, meta in metas.items() if year in (facts_of(meta).period_from, meta.get("year"))}
        pinned |= found
        dated += bool(found)
    return pinned if len(_NAMED_DOC.findall(question)) <= dated else set()


def applicability(meta: Mapping[str, Any], day: date) -> tuple[int, int, int]:
    """Sort key, best first: in force, then binding, then the newest period (or year)."""
    facts = facts_of(meta)
    newest = facts.period_to or facts.period_from or meta.get("year") or 0
    return (status(meta, day) != IN_FORCE, not facts.binding, -int(newest))


def prefer(cands: list[Any], metas: Mapping[str, Mapping[str, Any]], day: date, margin: float,
           in_force_margin: float = 1.0) -> list[Any]:
    """Candidates (best reader score first) with those within ``margin`` of the best reordered by applicability,
    and before that those within ``in_force_margin`` of the best by whether their document is in force.

    A stable sort: within one applicability the reader's order stays. ``margin`` 1.0
    breaks exact ties only.
    """
    if not cands:
        return cands
    if in_force_margin < 1.0:  # an agreement in force answers before a like passage of an expired or future one
        best = cands[0]
        near_floor = in_force_margin * best.score
        # before a coming agreement's sentence only one that holds as much of the question; before any other, all
        least = best.coverage if status(metas.get(best.passage.doc, {}), day) == FUTURE else None
        near = sorted((c for c in cands if c.score >= near_floor), key=lambda c: not _applies_before(c, least, metas, day))
        cands = near + [c for c in cands if c.score < near_floor]
    floor = margin * cands[0].score
    head = [c for c in cands if c.score >= floor]
    tail = [c for c in cands if c.score < floor]
    head.sort(key=lambda c: applicability(metas.get(c.passage.doc, {}), day))
    return head + tail


def _applies_before(c: Any, least: float | None, metas: Mapping[str, Mapping[str, Any]], day: date) -> bool:
    """``c``'s document is in force, and ``c`` holds at least ``least`` of the question (``coverage``) where the best
    sentence's document is not yet in force (``least`` None otherwise).

    An agreement in force answers before a like passage of the agreement it replaced, whatever words each uses.
    Before a future one only a passage that holds as much of the question's terms is like it ("hvor længe får
    borgeren sondemad med …": a sentence in force on the days of medicine someone takes home is not what a coming
    agreement's sentence on tube feeding says)."""
    return status(metas.get(c.passage.doc, {}), day) == IN_FORCE and (least is None or c.coverage >= least)


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    items: Iterable[Any] = value if isinstance(value, (list, tuple, set)) else [value]
    return [str(v) for v in items if v not in (None, "")]
