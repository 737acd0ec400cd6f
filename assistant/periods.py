"""Which agreement applies: each document's facts and its status on a given day.

The facts are stored with the index generation (``ingest.document_meta``, in each
file's ``meta``); status is not stored, because it depends on the day asked:
``AFTALE_TODAY`` (``Settings.today_date``) or an "as of" day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from foundation.messages import msg
from ingest.commitments.lexicon import EN_MONTHS, MONTHS
from ingest.document_meta import period_years
from ingest.facts import STATUSES, DocFacts, status_of

IN_FORCE = "gældende"
EXPIRED = "udløbet"
FUTURE = "fremtidig"


def facts_of(meta: Mapping[str, Any]) -> DocFacts:
    """A document's stored facts (an index built before facts were stored: from its ``period`` and ``kind``)."""
    start, end = meta.get("period_from"), meta.get("period_to")
    if start is None and end is None:
        start, end = period_years(meta.get("period"))
    return DocFacts(
        kind=meta.get("kind") or "andet",
        binding=meta.get("binding") is not False,
        period_from=start,
        period_to=end,
        region=meta.get("region"),
        parties=tuple(meta.get("parties") or ()),
        approved=meta.get("approved"),
    )


def period_label(meta: Mapping[str, Any]) -> str | None:
    """``"2015-2018"`` (ASCII hyphen, for JSON), ``"2024-"`` with no end, one year, or None."""
    period = facts_of(meta).period
    return period.replace("–", "-") if period else None


def status(meta: Mapping[str, Any], today: date) -> str:
    """``gældende``, ``udløbet``, ``fremtidig`` or ``ukendt`` on ``today``."""
    return status_of(facts_of(meta), today)


def state_on(meta: Mapping[str, Any], today: date, start_day: str | None = None, end_day: str | None = None) -> str:
    """``status`` on ``today``, told by the days a sentence of the document gives its start and end (ISO dates) where
    it gives them: "gælder fra 1. april 2026 til 31. marts 2029" has expired on 1 June 2029, though its years reach
    through 2029."""
    if end_day and date.fromisoformat(end_day) < today:
        return EXPIRED
    if start_day and date.fromisoformat(start_day) > today:
        return FUTURE
    return status(meta, today)


def state_said(meta: Mapping[str, Any], today: date, start_day: str | None, end_day: str | None, lang: str) -> tuple[str, str]:
    """``state_on`` and the words that say it: by the days a sentence gives the bounds where it gives them ("… gælder
    til og med 31. marts 2029", "… udløb den 31. marts 2029"), else by their years."""
    state = state_on(meta, today, start_day, end_day)
    facts = facts_of(meta)
    by_day = "_day" if end_day and state != FUTURE else ""  # a future start reads the same by its day or its year
    return state, msg(f"period_state_{state}{by_day}", lang, title=titled(meta),
                      start=day_text(start_day, lang) if start_day else facts.period_from,
                      end=day_text(end_day, lang) if end_day else facts.period_to)


def day_text(iso: str, lang: str) -> str:
    """"27. oktober 2023" or "27 October 2023" from "2023-10-27" (the ISO text itself when it is no date)."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    if lang == "da":
        return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {EN_MONTHS[day.month - 1].capitalize()} {day.year}"


def dated_after(meta: Mapping[str, Any], day: date) -> bool:
    """True when the document did not exist yet on ``day``.

    By its approval date where it states one, else by its year, else by the
    first year of its period (a proposal for 2019–2023 written in 2018 and
    catalogued so is not left out of "as of 2018").
    """
    if approved := meta.get("approved"):
        try:
            return date.fromisoformat(str(approved)) > day
        except ValueError:
            pass
    year = meta.get("year") or facts_of(meta).period_from
    return isinstance(year, int) and year > day.year


def document_facts(meta: Mapping[str, Any], today: date) -> dict[str, Any]:
    """The JSON-ready facts of one document on ``today``."""
    facts = facts_of(meta)
    return {
        "title": meta.get("title"),
        "kind": facts.kind,
        "binding": facts.binding,
        "period": period_label(meta),
        "period_from": facts.period_from,
        "period_to": facts.period_to,
        "region": facts.region,
        "status": _status(meta, facts, today),
        "parties": list(facts.parties),
        "approved": facts.approved,
        "issuer": meta.get("issuer"),
        "year": meta.get("year"),
    }


def source_facts(meta: Mapping[str, Any], today: date) -> dict[str, Any]:
    """What a citation says of its document: kind, binding, period ("2015-2018" or None), status."""
    facts = facts_of(meta)
    return {"kind": facts.kind, "binding": facts.binding, "period": period_label(meta), "status": _status(meta, facts, today)}


def _status(meta: Mapping[str, Any], facts: Any, today: date) -> str:
    """The status an editor set on the document (a correction), else the one its period gives on ``today``."""
    set_by_editor = meta.get("status")
    return set_by_editor if set_by_editor in STATUSES else status_of(facts, today)


def applies(meta: Mapping[str, Any], today: date) -> bool:
    """In force on ``today`` and binding: a quote from it needs no notice."""
    facts = facts_of(meta)
    return facts.binding and status_of(facts, today) == IN_FORCE


def notice(sources: Sequence[tuple[int, Mapping[str, Any]]], today: date, lang: str) -> str | None:
    """One short sentence on the quoted sources that are not in force on ``today`` or not binding.

    Args:
        sources: (citation number, document meta) of every citation of the answer.
        today: The day the status is judged on.
        lang: "da" or "en".

    Returns:
        E.g. "Bemærk: citatet er fra Sundhedsaftale 2015–2018, som udløb med udgangen af 2018.",
        or None when every quoted source is in force and binding.
    """
    flagged: dict[str, list[int]] = {}
    metas: dict[str, Mapping[str, Any]] = {}
    for n, meta in sources:
        if not applies(meta, today):
            key = str(meta.get("title"))
            flagged.setdefault(key, []).append(n)
            metas[key] = meta
    if not flagged:
        return None
    every = sum(len(ns) for ns in flagged.values()) == len(sources)
    parts = []
    for key, numbers in flagged.items():
        what = _describe(metas[key], today, lang)
        if every and len(flagged) == 1:
            parts.append(msg("notice_all_many" if len(numbers) > 1 else "notice_all_one", lang, source=what))
        else:
            parts.append(msg("notice_some", lang, refs=", ".join(f"[{n}]" for n in numbers), source=what))
    return msg("notice", lang, parts="; ".join(parts))


_PROPOSAL_WORD = {"udspil": "notice_udspil", "oplæg": "notice_oplaeg", "forslag": "notice_forslag"}


def titled(meta: Mapping[str, Any]) -> str:
    """The document's title, with its period added when the title lacks it: "KKR-mål for sundhed (2017–2019)"."""
    facts = facts_of(meta)
    title = str(meta.get("title") or "")
    if facts.period and str(facts.period_from or facts.period_to) not in title:
        title = f"{title} ({facts.period})"
    return title


def _describe(meta: Mapping[str, Any], today: date, lang: str) -> str:
    """"Sundhedsaftale 2015–2018, som udløb med udgangen af 2018" (the period added when the title lacks it)."""
    facts = facts_of(meta)
    title = titled(meta)
    clauses = []
    if not facts.binding:
        clauses.append(msg("notice_not_binding", lang, what=msg(_PROPOSAL_WORD.get(facts.kind, "notice_draft"), lang)))
    state = status_of(facts, today)
    if state == EXPIRED:
        clauses.append(msg("notice_expired", lang, end=facts.period_to))
    elif state == FUTURE:
        clauses.append(msg("notice_future", lang, start=facts.period_from))
    elif state == "ukendt":
        clauses.append(msg("notice_unknown", lang))
    return title + msg("notice_which", lang) + msg("notice_and", lang).join(clauses)
