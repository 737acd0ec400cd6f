"""The facts of each indexed document (kind, binding, period, status), for the comparison and the register.

One function, ``facts_for``, so the comparison and the register read the
document facts in one place. Until the index stores the facts inferred at
ingest, they are read from the catalog metadata of the published manifest
(title, kind, period, region), with ``ingest.facts`` deciding binding and
status; the keys are those of ``Assistant.document_facts``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ingest.facts import KIND_ALIASES, PROPOSAL_KINDS, DocFacts, status_of

FACT_KEYS = ("title", "kind", "binding", "period", "period_from", "period_to", "region", "status")


def facts_for(assistant: Any, today: date | None = None) -> dict[str, dict[str, Any]]:
    """``{doc: {title, kind, binding, period, period_from, period_to, region, status}}`` of the served index.

    ``period`` is ``"2015-2018"`` (ASCII hyphen) or None; ``status`` is
    ``gældende``/``udløbet``/``fremtidig``/``ukendt`` on ``today`` (default: the real today).
    Reads the manifest only: the embedder and the vectors are not loaded.
    """
    manifest = assistant.generation().read_manifest()
    return {name: facts_from_meta(entry.meta, today or date.today()) for name, entry in manifest.files.items()}


def facts_from_meta(meta: dict[str, Any], today: date) -> dict[str, Any]:
    """The facts of one document from its metadata (catalog entry or guessed)."""
    kind = str(meta.get("kind") or "andet")
    kind = KIND_ALIASES.get(kind, kind)
    years = [int(y) for y in re.findall(r"(?:19|20)\d\d", str(meta.get("period") or ""))]
    start, end = (years[0], years[-1]) if years else (None, None)
    binding = bool(meta["binding"]) if isinstance(meta.get("binding"), bool) else kind not in PROPOSAL_KINDS
    facts = DocFacts(kind=kind, binding=binding, period_from=start, period_to=end, region=meta.get("region"))
    return {
        "title": meta.get("title"),
        "kind": kind,
        "binding": binding,
        "period": period_label(start, end),
        "period_from": start,
        "period_to": end,
        "region": meta.get("region"),
        "status": status_of(facts, today),
    }


def period_label(start: int | None, end: int | None) -> str | None:
    """``"2015-2018"``, ``"2024"`` or None."""
    if start is None and end is None:
        return None
    if start == end or end is None or start is None:
        return str(start or end)
    return f"{start}-{end}"
