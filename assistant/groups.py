"""Which sentences are quoted together: a sentence and its continuation, also across a passage's edge.

A passage is cut from its document at a size, not at a thought: "Men der kan være situationer, hvor …
ikke kan opnås enighed." may end one passage and "I disse tilfælde kan aftaler i stedet …" open the next.
Each half quoted alone answers nothing, so a passage's sentences are grouped together with the sentence
just before and just after it in the document, and a group that reaches over the edge is kept whole.
"""

from __future__ import annotations

import bisect
import re

from foundation.text.sentences import starts_lower
from index.snapshot import IndexSnapshot
from ingest.lines import DATED_LINE

# a comma or a dash at the end: the sentence goes on in the next one
_JOINS_NEXT = re.compile(r"(?:[,–]|(?<![a-zæøå])-)\s*$")
# a word broken at a line end ("sammenhæn-"): continued only by a lower-case piece ("gende", "- ringskatalog");
# a capital after it is another text (a box, a column) that extraction put there, not its end
_BROKEN_WORD = re.compile(r"[a-zæøå]-\s*$")
_WORD_REST = re.compile(r"^\s*-?\s*[a-zæøå]")
# a sentence that opens by pointing back ("Dette kunne f.eks. ske via Samarbejdsudvalget …", "I disse tilfælde kan
# aftaler i stedet …"): it says nothing without the one before, and that one's words are what a question matches
_REFERS_BACK = re.compile(r"\s*(?:Dette|Disse|Denne|I\s+disse\s+tilfælde|I\s+dette\s+tilfælde|I\s+så\s+fald"
                          r"|This|These|In\s+these\s+cases|In\s+this\s+case|In\s+that\s+case)\b")


def sentence_groups(spans: list[tuple[int, int]], texts: list[str], doc_text: str = "") -> list[list[int]]:
    """Indices of a passage's sentences, grouped so that a continuation joins its sentence.

    A sentence that starts lower-case, or follows one that ends in a comma or dash, was cut
    off by a bad split: it is quoted together with the sentence before it. Not across other
    text of the document (``doc_text``, which ``spans`` index): a heading between the two
    (``… rm.dk)`` / ``6.6. Respirationspatienter …`` / ``- behandling …``) means the second
    one's beginning is lost, not that it continues the first.
    """
    groups: list[list[int]] = []
    for j, text in enumerate(texts):
        adjacent = j == 0 or nothing_between(doc_text, spans[j - 1][1], spans[j][0])
        joins = _JOINS_NEXT.search(texts[j - 1]) or _BROKEN_WORD.search(texts[j - 1]) and _WORD_REST.match(text)
        new_row = DATED_LINE.match(text.lstrip())  # "3. september 2026 …": a schedule's next row, not a continuation
        if groups and adjacent and not new_row and (starts_lower(text) or joins or _REFERS_BACK.match(text)):
            groups[-1].append(j)
        else:
            groups.append([j])
    return groups


def nothing_between(doc_text: str, end: int, start: int) -> bool:
    """Only white space of the document between offsets ``end`` and ``start``: no heading, no other text (a
    document without its text counts as nothing between)."""
    return not doc_text[end:start].strip()


def with_neighbours(snapshot: IndexSnapshot, doc: str, rows: list[int]) -> tuple[list[int], int, int]:
    """A passage's sentence rows with the document's sentence before and after them, and the range of its own.

    ``rows`` are the passage's rows in document order; the result is ``(rows', lo, hi)`` with the passage's
    own rows at ``rows'[lo:hi]``."""
    if not rows:
        return rows, 0, 0
    doc_rows = snapshot.document_rows(doc)
    starts = _starts(snapshot, doc)
    first = bisect.bisect_left(starts, snapshot.sentence_rows[rows[0]]["start"])
    last = bisect.bisect_left(starts, snapshot.sentence_rows[rows[-1]]["start"])
    before = [doc_rows[first - 1]] if 0 < first <= len(doc_rows) else []
    after = [doc_rows[last + 1]] if last + 1 < len(doc_rows) else []
    return before + rows + after, len(before), len(before) + len(rows)


def own_groups(groups: list[list[int]], lo: int, hi: int) -> list[list[int]]:
    """The groups that hold at least one of the passage's own sentences (indices ``lo``–``hi - 1``)."""
    return [g for g in groups if any(lo <= j < hi for j in g)]


def _starts(snapshot: IndexSnapshot, doc: str) -> list[int]:
    cached = getattr(snapshot, "_sentence_starts", None)
    if cached is None:
        cached = {}
        object.__setattr__(snapshot, "_sentence_starts", cached)
    starts = cached.get(doc)
    if starts is None:
        starts = cached[doc] = [snapshot.sentence_rows[r]["start"] for r in snapshot.document_rows(doc)]
    return starts
