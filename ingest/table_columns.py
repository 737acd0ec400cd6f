"""What a table's column holds, read off its header cell: who does it, when, how many.

A table row is one line of cells (``ingest.pdf_tables.CELL``) and its header row ends the row's section path
(``ingest.split``), so a row can be read as its header says: "Jobcenter | Hvis borgeren modtager ydelse" under
"Deltager | Hvornår" says when the job centre takes part. The header words are the general ones of Danish and
English planning tables, not one corpus's.
"""

from __future__ import annotations

import re

from ingest.pdf_tables import CELL
from ingest.split import SECTION_SEPARATOR

COLUMNS: dict[str, re.Pattern[str]] = {
    "who": re.compile(r"^(?:hvem|ansvarlig\w*|ansvar|aktør\w*|udføres\s+af|udfører|who|responsible)$", re.IGNORECASE),
    "when": re.compile(r"^(?:hvornår|frist\w*|tidsfrist\w*|tidspunkt\w*|deadline|when|time\s+limit)$", re.IGNORECASE),
    "number": re.compile(r"^(?:antal|hvor\s+mange|number|how\s+many)$", re.IGNORECASE),
    "goal": re.compile(r"^(?:mål|målsætning\w*|\w+mål|goals?|targets?|objectives?)$", re.IGNORECASE),
    # who pays: "Betales af", "Betaler", "Udgiften afholdes af", "Finansiering", "Paid by"
    "payer": re.compile(r"^(?:betales\s+af|betaler|betalingsansvar\w*|udgift\w*(?:\s+afholdes\s+af)?|afholdes\s+af"
                        r"|finansier\w*(?:\s+af)?|paid\s+by|payer|funded\s+by|cost\s+borne\s+by)$", re.IGNORECASE),
}
"""A header cell that names the kind of what its column's cells say."""


def header_of(section: str | None) -> list[str] | None:
    """The header row's cells at the end of a table row's section path, or None where it ends in none."""
    last = (section or "").split(SECTION_SEPARATOR)[-1]
    return [c.strip() for c in last.split(CELL)] if CELL in last else None


def column(header: list[str], kind: str) -> int | None:
    """The column whose header names ``kind`` ("who", "when", "number", "payer"), or None."""
    rx = COLUMNS.get(kind)
    return next((k for k, h in enumerate(header) if rx is not None and rx.match(h.strip())), None)


def asked_cell(kind: str, row: str, section: str | None) -> str:
    """The cell of a table ``row`` in the column its header names ``kind``: what the row says of that kind
    ("" for a row of no such table, the header row itself, or an empty cell)."""
    header = header_of(section)
    cells = [c.strip() for c in row.split(CELL)]
    if header is None or len(cells) != len(header) or cells == header:
        return ""
    k = column(header, kind)
    return cells[k] if k is not None else ""
