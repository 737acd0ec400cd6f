"""The facts of each indexed document (kind, binding, period, status), for the comparison and the register.

One function, ``facts_for``, so the comparison and the register read the
document facts in one place: ``Assistant.document_facts`` (the facts stored
with the index; status on ``AFTALE_TODAY`` or the real date).
"""

from __future__ import annotations

from datetime import date
from typing import Any


def facts_for(assistant: Any, today: date | None = None) -> dict[str, dict[str, Any]]:
    """``{doc: {title, kind, binding, period, period_from, period_to, region, status, ...}}`` of the served index.

    ``period`` is ``"2015-2018"`` (ASCII hyphen) or None; ``status`` is
    ``gældende``/``udløbet``/``fremtidig``/``ukendt`` on ``today`` (default: ``AFTALE_TODAY`` or the real date).
    Reads the manifest only: the embedder and the vectors are not loaded.
    """
    return assistant.document_facts(today)
