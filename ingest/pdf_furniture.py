"""Page furniture: running headers, footers and page numbers found by repetition.

A step of ``ingest.pdf_layout``: text in the top or bottom band of a page that comes back
at the same place on nearby pages (a page counter aside) is not part of what a person
reads; it is taken out of the page and kept as metadata.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ingest.pdf_glyphs import Frag, PageLayout

EDGE_BAND = 0.075  # top and bottom share of the page where running headers/footers live
# Running text set smaller than the body may stand further in (a header at 2 cm or more, as the
# margins of many word processors' templates put it); a table's repeated header row is set in the
# body's size or larger, so it stays.
SMALL_TEXT_BAND = 0.12
NEIGHBOURS = 3  # pages either way in which a running header must repeat
_PAGE_NUMBER = re.compile(r"^(?:side|page|s\.)?\s*-?\s*\d{1,4}\s*-?(?:\s*(?:af|of|/|ud af)\s*\d{1,4})?$", re.I)


# a running line that ends in its page's number: "Referat · Udvalget · 24. februar 2027 · side 1", "… | Side 2 af 3"
_ENDS_IN_PAGE = re.compile(r"(?:^|\s)(?:side|page|s\.)\s*(\d{1,4})(?:\s*(?:af|of|/)\s*\d{1,4})?$", re.IGNORECASE)


def _counts_its_page(text: str, number: int) -> bool:
    """A line of small type in the band that ends by counting its own page: a running footer or header, also on a
    document of one page, where nothing repeats it."""
    m = _ENDS_IN_PAGE.search(text.strip())
    return m is not None and int(m.group(1)) == number


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def remove_furniture(pages: list[PageLayout], body_size: float | None = None) -> dict[int, list[str]]:
    """Take running headers, footers and page numbers out of the pages' fragments.

    A fragment in the top or bottom band is furniture when a fragment in the same band of
    a nearby page (three pages either way: odd and even pages may differ), at about the
    same place, reads the same but for a page counter (fuzzy, for OCR); or when it is a
    bare page number with no other text on its line but such furniture; or when, set smaller than the body, it ends
    in its own page's number (``_counts_its_page``). Text smaller than ``body_size``
    (the size most text is set in) counts in a wider band. Returns the removed texts by
    page number.
    """
    removed: dict[int, list[str]] = {p.number: [] for p in pages}
    edge = [[f for f in p.frags if _in_band(f, p, body_size)] for p in pages]
    for i, page in enumerate(pages):
        near = range(max(0, i - NEIGHBOURS), min(len(pages), i + NEIGHBOURS + 1))
        drop = [
            f for f in edge[i]
            if any(_same_place(f, g) and _repeats(f.text, g.text, pages[j].number - page.number) for j in near if j != i for g in edge[j])
        ]
        drop += [
            f for f in edge[i]
            if f not in drop and _PAGE_NUMBER.match(f.text.strip()) and not _numbers_in_a_row(f, edge[i])
            and _alone_on_its_line(f, page.frags, drop)
        ]
        drop += [
            f for f in edge[i]
            if f not in drop and body_size is not None and f.size < body_size - 0.5 and _counts_its_page(f.text, page.number)
            and _alone_on_its_line(f, page.frags, drop)
        ]
        for f in drop:
            page.frags.remove(f)
            removed[page.number].append(f.text)
    return removed


def _beside(f: Frag, frags: list[Frag]) -> list[Frag]:
    """The other fragments of ``frags`` on ``f``'s line."""
    return [g for g in frags if g is not f and abs(g.baseline - f.baseline) < 3]


def _alone_on_its_line(f: Frag, frags: list[Frag], furniture: list[Frag]) -> bool:
    """No text but furniture stands on ``f``'s line: a bare number at the end of a table's row ("Fælles akutteam |
    Regionen | 2029", a table carried over to the top of a page and set small) is the row's, not a page number."""
    return all(any(g is d for d in furniture) for g in _beside(f, frags))


def _numbers_in_a_row(f: Frag, band: list[Frag]) -> bool:
    """``f`` stands beside another bare number on its line ("2024 2025 2026"): a table's header or
    row near the page's edge, not a page number (a page carries one)."""
    return any(_PAGE_NUMBER.match(g.text.strip()) for g in _beside(f, band))


def _in_band(f: Frag, page: PageLayout, body_size: float | None) -> bool:
    band = SMALL_TEXT_BAND if body_size is not None and f.size < body_size - 0.5 else EDGE_BAND
    return f.bottom <= page.height * band or f.top >= page.height * (1 - band)


def _same_place(f: Frag, g: Frag) -> bool:
    centre = abs((f.x0 + f.x1) / 2 - (g.x0 + g.x1) / 2) < 30
    edge = abs(f.x0 - g.x0) < 12 or abs(f.x1 - g.x1) < 12
    return abs(f.baseline - g.baseline) < 12 and (centre or edge)


def _repeats(a: str, b: str, page_step: int) -> bool:
    """The same running text on two pages: equal (fuzzy, for OCR) except a page counter.

    Numbers must be equal or differ by exactly the distance between the pages
    (``Side 2 af 9`` / ``Side 5 af 9``), so numbered body lines are not furniture.
    """
    key_a, key_b = _furniture_key(a), _furniture_key(b)
    if key_a != key_b and SequenceMatcher(None, key_a, key_b).ratio() < 0.85:
        return False
    nums_a, nums_b = re.findall(r"\d+", a), re.findall(r"\d+", b)
    if len(nums_a) != len(nums_b):
        return SequenceMatcher(None, a, b).ratio() >= 0.9 and not (nums_a or nums_b)
    return all(x == y or int(y) - int(x) == page_step for x, y in zip(nums_a, nums_b))
