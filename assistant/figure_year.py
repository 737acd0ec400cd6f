"""The year a figure is asked of, and the year a quote's figure is of.

"hvor stor var andelen i 2025?" asks the figure of 2025: a quote that names another year gives another year's
figure ("I 2029 skal mindst 90 procent …"), and a figure of no year is of its document's year. A table row's figures
are dated by their columns' headers ("11,2 %" under "2024").
"""

from __future__ import annotations

import re

from assistant.candidates import Candidate
from ingest.table_columns import row_of

# a year the question asks a figure of ("hvor stor var andelen i 2025?", "how many in 2013?"), not a period's bound
_ASKED_YEAR = re.compile(r"\b(?:i|in|for|år|year)\s+((?:19|20)\d\d)\b(?!\s*[-–/])", re.IGNORECASE)
_YEAR_NAMED = re.compile(r"\b(?:19|20)\d\d\b")


def asked_year(question: str) -> str:
    """The one year a question asks a figure of, or ""."""
    years = {m.group(1) for m in _ASKED_YEAR.finditer(question)}
    return years.pop() if len(years) == 1 else ""


def of_another_year(text: str, year: str) -> bool:
    """The sentence names a year, and not ``year``: its figure is another year's ("I 2029 skal mindst 90 procent …"
    for the share in 2025)."""
    named = set(_YEAR_NAMED.findall(text))
    return bool(named) and year not in named


def of_year(c: Candidate, year: str) -> bool:
    """``c`` states a figure of ``year``: the sentence names it, it is a table row with a filled cell under a
    header that names it ("11,2 %" under "2024"), or its document is of that year (a status of 2013 says "17 ud af
    19 kommuner" of 2013). A year only inside the period a title names ("Status på Sundhedsaftalen 2024–2027:
    Årsrapport 2026") dates no figure."""
    if year in c.text or str(c.passage.meta.get("year", "")) == year:
        return True
    table = row_of(c.text, c.section)
    return table is not None and any(year in h and cell for h, cell in zip(table[0][1:], table[1][1:]))
