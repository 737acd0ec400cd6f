"""Which agreement applies: each document's facts and its status on a given day.

The facts are stored with the index generation (``ingest.document_meta``, in each
file's ``meta``); status is not stored, because it depends on the day asked:
``AFTALE_TODAY`` (``Settings.today_date``) or an "as of" day.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ingest.document_meta import period_years
from ingest.facts import DocFacts, status_of

IN_FORCE = "gældende"


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
        "status": status_of(facts, today),
        "parties": list(facts.parties),
        "approved": facts.approved,
        "issuer": meta.get("issuer"),
        "year": meta.get("year"),
    }
