"""Lines that are entries, not titles: a list of people, a postal address, a schedule's rows.

A short capitalised line without a verb reads as a title (``ingest.split.detect_heading``), and so did each line of
a signature block ("Nils Borring, borgmester Favrskov Kommune"), of an address ("Nordmarks Allé 1" over "2620
Albertslund") and of a timeline table read line by line ("5. oktober 2018" / "12-14, Viborg" / "Præsentation af
hovedresultater i styregruppe"). As titles they were never quotable. Each kind is told by its shape in Danish
writing in general and only where its lines come together (two people in a row, a street over a postcode, two
dated lines near each other), not by one corpus's words.
"""

from __future__ import annotations

import re

from foundation.text.bullets import BULLET, LETTER_ITEM
from ingest.lines import DATED_LINE

# a list item's mark: a bullet, "o", "1)", "a)"
LIST_ITEM = re.compile(rf"^(?:{BULLET}|o(?=\s)|\d{{1,2}}\)|{LETTER_ITEM})\s*")


def entry_lines(lines: list[str]) -> dict[int, int]:
    """The entries among a cleaned text's lines: first line -> last line of each (one line for a person)."""
    return {**{i: i for i in _name_role_lines(lines)}, **_schedule_rows(lines), **_address_blocks(lines)}


# "Nils Borring, borgmester Favrskov Kommune": a person's name (two to four capitalised words), a comma and a role
_NAME_ROLE = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ.'-]+(?:\s+[A-ZÆØÅ][\wæøåÆØÅ.'-]+){1,3},\s+\S")
NAME_ROLE_WORDS = 16


def _name_role_lines(lines: list[str]) -> set[int]:
    """Lines of a list of people (a signature block, a steering group's members): two or more name-and-role
    lines in a row. Each is short and verbless like a title, but is an entry that says who someone is."""
    shaped = [bool(_NAME_ROLE.match(t.strip())) and len(t.split()) <= NAME_ROLE_WORDS for t in lines]
    return {i for i, ok in enumerate(shaped) if ok and ((i > 0 and shaped[i - 1]) or (i + 1 < len(shaped) and shaped[i + 1]))}


# a postal address's last line: a Danish postcode and its town ("2620 Albertslund"); not a year ("2015 Aftalen …")
_POSTCODE_TOWN = re.compile(r"^(?!19\d\d|20\d\d)\d{4}\s+[A-ZÆØÅ][\wæøå-]+(?:\s+[A-ZÆØÅ][\wæøå-]*)?\s*$")
# a street and its number ("Nordmarks Allé 1", "Skottenborg 26")
_STREET = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ.' -]{2,40}\s\d{1,3}[A-Za-z]?(?:,\s*\d+\.?\s*\w*)?\s*$")


def _address_blocks(lines: list[str]) -> dict[int, int]:
    """Postal addresses written over several lines: first line -> last line. The postcode line closes the block;
    the street line with its number before it, and one short line before that (a building: "Albertslund rådhus"),
    belong to it. Each line alone reads as a title; together they are the one statement of where something is."""
    blocks: dict[int, int] = {}
    for i, line in enumerate(lines):
        if i == 0 or not _POSTCODE_TOWN.match(line.strip()) or not _STREET.match(lines[i - 1].strip()):
            continue
        first = i - 1
        before = lines[first - 1].strip() if first > 0 else ""
        if before and len(before.split()) <= 4 and not before.endswith((".", ":", ";", ",")) and before[:1].isupper():
            first -= 1
        blocks[first] = i
    return blocks


ROW_LINES = 4
"""A schedule row's lines at most: its date line and the short lines under it."""
ROW_LINE_WORDS = 10
SCHEDULE_GAP = 6
"""Two dated lines at most this many lines apart make a schedule."""


def _schedule_rows(lines: list[str]) -> dict[int, int]:
    """A schedule (a timeline table read line by line): a dated line and the short lines under it, up to the next
    dated line, are one row: first line -> last line. "5. oktober 2018" / "12-14, Viborg" / "Præsentation af
    hovedresultater i styregruppe" state one event, its time and place; apart, the event reads as a title and
    the date as a fragment. A dated line counts only where another is near (a schedule, not one sentence)."""
    dated = [i for i, t in enumerate(lines) if DATED_LINE.match(t.strip())]
    near = {i for a, b in zip(dated, dated[1:]) if b - a <= SCHEDULE_GAP for i in (a, b)}
    rows: dict[int, int] = {}
    for i in sorted(near):
        end = i
        for j in range(i + 1, min(i + ROW_LINES, len(lines))):
            t = lines[j].strip()
            if not t or j in near or LIST_ITEM.match(t) or len(t.split()) > ROW_LINE_WORDS or t.endswith((".", "!", "?")):
                break
            end = j
        if end > i or len(lines[i].split()) <= ROW_LINE_WORDS:
            rows[i] = end
    return rows
