"""What a table's column holds, read off its header cell: who does it, when, how many.

A table row is one line of cells (``ingest.pdf_tables.CELL``) and its header row ends the row's section path
(``ingest.split``), so a row can be read as its header says: "Jobcenter | Hvis borgeren modtager ydelse" under
"Deltager | Hvornår" says when the job centre takes part. The header words are the general ones of Danish and
English planning tables, not one corpus's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.commitments.actors import np_actors
from ingest.commitments.lexicon import EN_MONTHS, MONTHS
from ingest.pdf_tables import CELL, row_cells
from ingest.split import SECTION_SEPARATOR

COLUMNS: dict[str, re.Pattern[str]] = {
    "who": re.compile(r"^(?:hvem|ansvarlig\w*|ansvar|aktør\w*|udføres\s+af|udfører|who|responsible)$", re.IGNORECASE),
    "when": re.compile(r"^(?:hvornår|frist\w*|tidsfrist\w*|tidspunkt\w*|deadline|when|time\s+limit)$", re.IGNORECASE),
    "task": re.compile(r"^(?:handling\w*|opgave\w*|aktivitet\w*|indsats\w*|tasks?|actions?|activit(?:y|ies))$", re.IGNORECASE),
    "number": re.compile(r"^(?:antal|hvor\s+mange|number|how\s+many)$", re.IGNORECASE),
    # a goal's column, by the year it is for too: "Mål for 2027", "Målsætning 2027", "Target 2030"
    "goal": re.compile(r"^(?:mål|målsætning\w*|\w+mål|goals?|targets?|objectives?)(?:\s+(?:for\s+|i\s+|in\s+)?(?:19|20)\d\d)?$",
                       re.IGNORECASE),
    # who pays: "Betales af", "Betaler", "Udgiften afholdes af", "Finansiering", "Paid by"
    "payer": re.compile(r"^(?:betales\s+af|betaler|betalingsansvar\w*|udgift\w*(?:\s+afholdes\s+af)?|afholdes\s+af"
                        r"|finansier\w*(?:\s+af)?|paid\s+by|payer|funded\s+by|cost\s+borne\s+by)$", re.IGNORECASE),
}
"""A header cell that names the kind of what its column's cells say."""


def header_of(section: str | None) -> list[str] | None:
    """The header row's cells at the end of a table row's section path, or None where it ends in none."""
    last = (section or "").split(SECTION_SEPARATOR)[-1]
    return row_cells(last) if CELL in last else None


def column(header: list[str], kind: str) -> int | None:
    """The column whose header names ``kind`` ("who", "when", "number", "payer", "task", "goal"), or None."""
    rx = COLUMNS.get(kind)
    return next((k for k, h in enumerate(header) if rx is not None and rx.match(h.strip())), None)


def row_of(row: str, section: str | None) -> tuple[list[str], list[str]] | None:
    """The header's and the row's cells where ``row`` is a row of the table its section path ends in (not the
    header row itself); None for any other line."""
    header = header_of(section)
    cells = row_cells(row)
    return (header, cells) if header is not None and len(cells) == len(header) and cells != header else None


MARK = re.compile(r"^(?:x|×|✓|✔|☑|●|\(x\))$", re.IGNORECASE)
"""A cell that only marks its column: a cross or a tick in a matrix of who does what."""


def marked_actors(header: list[str], cells: list[str]) -> list[str]:
    """The header cells of the columns a row of a matrix marks, where each of them names an actor: "Hospital",
    "Kommune" for "Vurdere behov for hjælpemidler | X | X | " under "Opgave | Hospital | Kommune | Almen praksis".
    [] where a cell after the first holds more than a mark, none is marked, or a marked column is no actor's
    ("2027", "Børn")."""
    rest = cells[1:]  # cells as ``row_cells`` reads them, stripped
    if not any(MARK.match(c) for c in rest) or not all(not c or MARK.match(c) for c in rest):
        return []
    heads = [header[k] for k, c in enumerate(rest, 1) if MARK.match(c)]
    return heads if all(np_actors(h) for h in heads) else []


_PARTS: dict[str, str] = {
    **{w: "H1" for w in ("1. halvår", "første halvår", "first half", "h1")},
    **{w: "H2" for w in ("2. halvår", "andet halvår", "second half", "h2")},
    **{f"{n}. {w}": f"Q{n}" for n in range(1, 5) for w in ("kvartal", "kvt.", "kvt")},
    **{f"{p}{n}": f"Q{n}" for n in range(1, 5) for p in ("k", "q")},
    **{w: f"Q{n}" for n, w in enumerate(("first quarter", "second quarter", "third quarter", "fourth quarter"), 1)},
    **{w: "S1" for w in ("forår", "foråret", "spring")},
    **{w: "S2" for w in ("sommer", "sommeren", "summer")},
    **{w: "S3" for w in ("efterår", "efteråret", "autumn", "fall")},
    **{w: "S4" for w in ("vinter", "vinteren", "winter")},
    **{m: f"M{n}" for months in (MONTHS, EN_MONTHS) for n, month in enumerate(months, 1) for m in (month, month[:3], month[:3] + ".")},
    "sept": "M9", "sept.": "M9",
}
"""The part of a year a period names, by its Danish and English words ("2. halvår", "Q3", "efteråret", "jan.")."""
_PART_KEYS = {k.replace(". ", "."): v for k, v in _PARTS.items()}  # looked up with no space after a point
_PART_RX = "|".join(re.escape(p).replace(r"\ ", r"\s*") for p in sorted(_PARTS, key=len, reverse=True))
_PERIOD = re.compile(
    rf"(?<![\w.])(?:(?P<part>{_PART_RX})(?:\s+(?:of|af))?\s*)?(?<![-–]\s)(?<![-–])(?P<year>(?:19|20)\d\d)"
    rf"(?!\s*[-–]\s*(?:19|20)?\d\d)(?:\s*[-/]?\s*(?P<after>[hkq][1-4])\b)?",
    re.IGNORECASE,
)


def period_keys(text: str) -> list[tuple[str, str]]:
    """The periods a text names, each as (year, part): ("2027", "H1") for "1. halvår 2027", "first half of 2027"
    or "H1 2027"; ("2027", "") for a year alone; none for a span of years ("Sundhedsaftalen 2027–2030")."""
    out = []
    for m in _PERIOD.finditer(text):
        part = re.sub(r"\s+", " ", (m.group("part") or m.group("after") or "").lower()).replace(". ", ".")
        out.append((m.group("year"), _PART_KEYS.get(part, "")))
    return out


def is_period(head: str) -> bool:
    """A header cell that names a period of a timeline, and nothing else: a year, a half-year, a quarter, a month or
    a season of one ("2027", "2. halvår 2027", "K3 2028", "Q1 2027", "jan. 2028", "efterår 2028")."""
    return _PERIOD.fullmatch(head.strip()) is not None


def period_columns(header: Sequence[str]) -> list[int]:
    """The columns of a timeline's header: those after the first that name a period, where two or more do; [] for
    a header of no timeline."""
    periods = [k for k, h in enumerate(header) if k and is_period(h)]
    return periods if len(periods) >= 2 else []


def marked_columns(header: Sequence[str], cells: Sequence[str]) -> list[int]:
    """The period columns a row of a timeline marks ("2. halvår 2027", "1. halvår 2028" for "Videokonsultationer |
    PLO | | X | X" under "Indsats | Ansvarlig | 1. halvår 2027 | 2. halvår 2027 | 1. halvår 2028"). The other
    columns may hold anything. [] for a header of no timeline, where a period's cell holds more than a mark ("2027
    (mio. kr.)" of amounts is no timeline), or where none is marked."""
    periods = period_columns(header)
    if any(cells[k] and not MARK.match(cells[k]) for k in periods):
        return []
    return [k for k in periods if MARK.match(cells[k])]


def timeline(header: Sequence[str], cells: Sequence[str]) -> str:
    """When a row of a timeline says its work is done: each run of marked periods from its first to its last
    ("2. halvår 2027 – 2. halvår 2028"; "1. halvår 2027 og 1. halvår 2028" with a gap), "" for no such row."""
    runs: list[list[int]] = []
    for k in marked_columns(header, cells):
        if runs and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    parts = [header[run[0]] if len(run) == 1 else f"{header[run[0]]} – {header[run[-1]]}" for run in runs]
    return " og ".join(parts) if len(parts) < 3 else ", ".join(parts[:-1]) + " og " + parts[-1]


_HEAD_UNIT = re.compile(r"\(([^()\d]*[^\W\d][^()]*)\)\s*$|,\s+([^,\d]*[^\W\d][^,\d]*)$")
_BARE_NUMBER = re.compile(r"^(?:ca\.\s*)?\d[\d.,]*(?:\s*[-–]\s*\d[\d.,]*)?$")


def with_units(row: str, section: str | None) -> str:
    """A table row with the unit its header names written after each bare number ("Videokonsultationer | 2,5 mio.
    kr. | 3,0 mio. kr. | Region Syddanmark" under "Indsats | 2027 (mio. kr.) | 2028 (mio. kr.) | Finansiering";
    "Budget, kr.", "Antal (borgere)"), so that a number reads as what it counts; any other text as it is."""
    table = row_of(row, section) if CELL in row else None
    if table is None:
        return row
    header, cells = table
    units = [_HEAD_UNIT.search(h.strip()) for h in header]
    if not any(units[1:]):
        return row
    out = [c if k == 0 or u is None or not _BARE_NUMBER.match(c) else f"{c} {(u.group(1) or u.group(2)).strip()}"
           for k, (c, u) in enumerate(zip(cells, units))]
    return CELL.join(out)


def header_label(head: str) -> str:
    """A header cell without the unit it names ("2028" of "2028 (mio. kr.)"), or the cell as it is."""
    return _HEAD_UNIT.sub("", head).strip() or head.strip()


def asked_cell(kind: str, row: str, section: str | None) -> str:
    """The cell of a table ``row`` in the column its header names ``kind``: what the row says of that kind
    ("" for a row of no such table, the header row itself, or an empty cell). Who does a task is also said by a
    matrix's marks: the actors whose columns the row marks ("Hospital og Kommune"); when, by a timeline's marks: the
    periods whose columns the row marks ("2. halvår 2027 – 2. halvår 2028")."""
    table = row_of(row, section)
    if table is None:
        return ""
    header, cells = table
    k = column(header, kind)
    if k is None and kind == "who":
        return " og ".join(marked_actors(header, cells))
    if k is None and kind == "when":
        return timeline(header, cells)
    return cells[k] if k is not None else ""


def row_reading(row: str, section: str | None) -> str:
    """A table row as a reader of the printed table says it: its first cell, then each other filled cell after its
    header ("Videokonsultationer i almen praksis (Ansvarlig: PLO-Syddanmark)"). A cell that only marks its column
    is left out: who or when the marks say is told beside it (the register's actor and due). Any other text as it
    is."""
    table = row_of(row, section) if CELL in row else None
    if table is None:
        return row
    header, cells = table
    rest = [f"{h}: {c}" for h, c in zip(header[1:], cells[1:]) if h and c and not MARK.match(c)]
    return f"{cells[0]} ({'; '.join(rest)})" if rest else cells[0]


def without_header(section: str | None) -> str | None:
    """A section path without the header row a table row's path ends in ("Plan › 1. Tidsplan"), as a citation
    names where the row stands; the path as it is otherwise."""
    if header_of(section) is None:
        return section
    return SECTION_SEPARATOR.join((section or "").split(SECTION_SEPARATOR)[:-1]) or None


def embedding_text(sentence: str, section: str | None) -> str:
    """A sentence as the embedder is given it: a table row as its header reads it, since the embedder knows no
    columns ("Handling: Kommunen kontakter borgeren. Frist: Inden for 4 hverdage …"), a matrix's row with the
    actors it marks ("Udarbejde genoptræningsplan: Hospital"); any other sentence as it is."""
    table = row_of(sentence, section) if CELL in sentence else None
    if table is None:
        return sentence
    header, cells = table
    marked = marked_actors(header, cells)
    if marked:
        return f"{cells[0]}: {' og '.join(marked)}"
    return ". ".join(f"{h}: {c}" for h, c in zip(header, cells) if c and h)
