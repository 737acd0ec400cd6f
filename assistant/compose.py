"""The answer a nurse reads: quoted whole sentences, the answering one first, with pages.

``compose`` turns the chosen sentences into the answer text and numbered citations. Quotes are
widened to whole sentences of the document (``sentence_bounds``). A who / when / number question
leads with the actor, time or number cut from the first quote (``assistant.lead``). A yes/no
question gets a "Ja,"/"Nej," lead only where the first quote says so (``assistant.yes_no``);
otherwise the quote speaks for itself. Every citation names the page of its
first quoted sentence, and ``with_sentence_pages`` gives search hits the page of their
best-matching sentence, so a passage that spans pages never sends the reader to the wrong one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Any

import numpy as np

from assistant.candidates import Candidate, row_cell
from assistant.lead import MONTH_NAMES, asked_part, type_lead
from assistant.period_rows import period_lead
from assistant.query import QueryPlan
from assistant.reader import looks_like_fragment
from assistant.row_lead import row_lead
from assistant.types import Citation, Passage
from assistant.yes_no import yes_no_lead
from foundation.messages import msg
from foundation.text.bullets import BULLET
from foundation.text.sentences import split_sentences
from index.snapshot import IndexSnapshot
from ingest.table_columns import with_units

_BULLET_MARK = re.compile(rf"^{BULLET}\s*")
# "4 Det Fælles Medicinkort …", "3 MRSA står for …": a quoted footnote loses its number; a count of an
# acronym's compound ("20 KOL-patienter blev …") keeps it (a lower-case noun after a count is no footnote anyway)
FOOTNOTE_MARK = re.compile(r"^\d{1,2}\s+(?=[A-ZÆØÅ])(?![A-ZÆØÅ]{2,}-)")
# "• Forebyggelse", "1. Rehabilitering", not "5.2.1. …" nor a date ("3. juli 2018 Møde …")
_ITEM = rf"{BULLET}\s|\d{{1,2}}[.)]\s+(?!\d)(?!(?:{MONTH_NAMES})\b)"
_LIST_ITEM = re.compile(_ITEM, re.IGNORECASE)
_LIST_START = re.compile(rf":\s+(?={_ITEM})", re.IGNORECASE)  # where a quote's list begins
LIST_ITEMS = 12
LIST_CHARS = 600
CUT_MARK = "\n…"
"""Ends a quoted list that goes on beyond what is quoted."""


def page_at(document: dict[str, Any] | None, offset: int) -> int | None:
    """The page that holds cleaned offset ``offset`` of an indexed document (None without pages)."""
    if not document or not document.get("page_offsets"):
        return None
    table = document["page_offsets"]  # [[page, first cleaned offset], ...] in document order
    starts = [start for _, start in table]
    i = bisect.bisect_right(starts, offset) - 1
    return int(table[max(i, 0)][0])


def with_sentence_pages(snapshot: IndexSnapshot, passages: list[Passage], query_vec: np.ndarray) -> list[Passage]:
    """Each passage with ``sentence_page``: the page of its sentence most similar to the query."""
    out = []
    for p in passages:
        ci = snapshot.chunk_index.get(p.id)
        doc = snapshot.documents.get(p.doc)
        if ci is None or not doc or not doc.get("page_offsets"):
            out.append(p)
            continue
        rows = [snapshot.sentence_index.get((p.doc, s)) for s, _ in snapshot.sentences[ci]]
        rows = [r for r in rows if r is not None]
        if not rows:
            out.append(p)
            continue
        sims = snapshot.sentence_embeddings[rows] @ query_vec
        best = rows[int(np.argmax(sims))]
        out.append(replace(p, sentence_page=page_at(doc, int(snapshot.sentence_rows[best]["start"]))))
    return out



def sentence_bounds(doc_text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """``(start, end)`` widened to whole sentences of its line(s), inside ``[lo, hi)`` (the passage).

    A quote that starts inside a sentence (``.dk) Se mere …`` after a bad split) or stops before
    its end takes in the rest of the sentence it cuts.
    """
    hi = len(doc_text) if hi is None else hi
    line_start = doc_text.rfind("\n", 0, start) + 1
    line_end = doc_text.find("\n", start)
    line_end = len(doc_text) if line_end < 0 else line_end
    for s, e in split_sentences(doc_text, line_start, line_end):
        if s < start < e:
            start = max(s, lo)
            break
    last = end - 1
    line_start = doc_text.rfind("\n", 0, last) + 1
    line_end = doc_text.find("\n", last)
    line_end = len(doc_text) if line_end < 0 else line_end
    for s, e in split_sentences(doc_text, line_start, line_end):
        if s <= last < e - 1:
            end = min(e, hi)
            break
    return start, end


def list_end(doc_text: str, end: int, hi: int) -> tuple[int, bool]:
    """Where a quote ending at ``end`` stops once the list it announces is taken in, and whether
    the list goes on after that stop (cut by the limits or by ``hi``).

    A sentence that ends in a colon (``inden for følgende områder:``) says nothing without the
    items below it; its quote runs on over the bullet or numbered lines that follow, at most
    ``LIST_ITEMS`` of them and ``LIST_CHARS`` characters, inside ``hi``.
    """
    if not doc_text[:end].rstrip().endswith(":"):
        return end, False
    stop, items = end, 0
    while True:
        line_start = doc_text.find("\n", stop)
        if line_start < 0 or not _LIST_ITEM.match(doc_text, line_start + 1):
            return stop, False
        line_end = doc_text.find("\n", line_start + 1)
        line_end = len(doc_text) if line_end < 0 else line_end
        if items == LIST_ITEMS or line_end - end > LIST_CHARS or line_end > hi:  # an item the passage cuts is left out too
            return stop, True
        stop, items = line_end, items + 1


def quoted_text(doc_text: str, start: int, end: int, hi: int) -> tuple[int, str]:
    """The quote of ``doc_text[start:end]`` with the list it announces: ``(its end, its text)``.

    Whitespace is one space (a line that ends no sentence is followed by " · ": ``_one_line``), but each item of a
    list the quote takes in keeps a line of its own
    (numbered items too, which no mark in running text tells apart), and a list cut by the limits
    ends in a line "…", so a reader never takes the items shown for the whole list.
    """
    stop, cut = list_end(doc_text, end, hi)
    own = _one_line(doc_text[start:end])
    lines = [own, *doc_text[end:stop].split("\n")]
    text = "\n".join(t for t in (re.sub(r"\s+", " ", line).strip() for line in lines) if t)
    return stop, f"{text}{CUT_MARK}" if cut else text


def _one_line(text: str) -> str:
    """Text of several lines as one: a line that ends a sentence or a clause, or that a list item follows, is followed
    by a space; one that does not (a part of a postal address, a schedule's row: "14. april 2026", "9-12, Odense
    Rådhus") by " · ", so its parts stay apart."""
    parts = [t for t in (re.sub(r"\s+", " ", part).strip() for part in text.split("\n")) if t]
    out = parts[:1]
    for prev, part in zip(parts, parts[1:]):
        ends = prev.endswith((".", "!", "?", ":", ";", ",", "-", "–")) or _ITEM_START.match(part)  # a sentence, a list item, a break
        out.append((" " if ends else " · ") + part)
    return "".join(out)


_ITEM_START = re.compile(rf"{_ITEM}|[a-z]\)\s")  # a list item (``_ITEM``), or one marked by a letter


def announcing(text: str) -> str:
    """A quote without the list ``list_end`` took in: the sentence that announces it."""
    m = _LIST_START.search(text)
    return text[: m.start() + 1] if m else text


def whole_quotes(chosen: list[Candidate], snapshot: IndexSnapshot) -> list[Candidate]:
    """The chosen sentences widened to whole sentences, and over the list a sentence announces (a list item
    that is no sentence of its own after that sentence, ``_with_lead_in``); one that a wider quote already
    holds is dropped. The list is read from the document, not the passage: a chunk
    often ends at the colon and the next one holds the items ("… bygget op om tre måleparametre:")."""
    out: list[Candidate] = []
    for c in chosen:
        doc_text = (snapshot.documents.get(c.passage.doc) or {}).get("text") or ""
        s, e = c.doc_span
        if doc_text and doc_text[s:e].strip():
            s2, e2 = sentence_bounds(doc_text, s, e, c.passage.start, c.passage.end)
            stop, text = quoted_text(doc_text, s2, e2, len(doc_text))
            heads = _subsection_heads(c, snapshot) if text.rstrip().endswith(":") else []  # no list lines below it
            if heads:
                text = "\n".join([text, *heads[:LIST_ITEMS]]) + (CUT_MARK if len(heads) > LIST_ITEMS else "")
            if (s2, stop) != (s, e) or text.endswith(CUT_MARK) or heads or "\n" in doc_text[s2:e2]:
                c = replace(c, doc_span=(s2, stop), text=text)
            c = _with_lead_in(c, snapshot, doc_text, chosen)
        if any(_within(c, x) for x in out):
            continue
        out = [x for x in out if not _within(x, c)]  # a list item quoted before the sentence that now takes it in
        out.append(c)
    return out


# an item that is no sentence of its own: it continues the sentence that announces its list
# ("I aftaleperioden indgås aftaler om:" / "– Hvordan, der henvises til kommunale akutfunktioner.")
# (an interrogative or a subordinator opens it; not a preposition: "Med henblik på …, udvikles …" is a sentence)
_CLAUSE_START = re.compile(r"(?:hvordan|hvorfor|hvad|hvem|hvornår|hvor|hvilke|at|som|der|når|hvis)\b", re.IGNORECASE)


def _with_lead_in(c: Candidate, snapshot: IndexSnapshot, doc_text: str, chosen: list[Candidate]) -> Candidate:
    """A list item that is no sentence of its own, quoted after the sentence that announces its list (with
    "…" for the items between); the item alone when no such sentence is right above its list, or when
    another quote lies between them (that one takes the announcing sentence)."""
    start = c.doc_span[0]
    line_start = doc_text.rfind("\n", 0, start) + 1
    item = quote_text(c.text.split("\n")[0])
    if not _LIST_ITEM.match(doc_text, line_start) or not (looks_like_fragment(item) or _CLAUSE_START.match(item)):
        return c
    pos, between = line_start - 1, False
    while pos > c.passage.start and start - pos <= LIST_CHARS:
        above = doc_text.rfind("\n", 0, pos) + 1
        line = doc_text[above:pos].strip()
        if line.endswith(":"):
            if _quoted_between(c, chosen, above, line_start):
                return c
            row = _row_at(snapshot, c.passage.doc, above + len(doc_text[above:pos].rstrip()) - 1)
            if row is None:
                return c
            lead_start = int(snapshot.sentence_rows[row]["start"])
            if _quoted_between(c, chosen, lead_start, line_start):
                return c
            lead = re.sub(r"\s+", " ", quote_text(snapshot.sentence_rows[row]["text"])).strip()
            text = "\n".join([lead, *(["…"] if between else []), quote_text(c.text)])
            return replace(c, doc_span=(lead_start, c.doc_span[1]), text=text)
        if line and _LIST_ITEM.match(line):
            between = True
        elif line and not line[0].islower():  # running text above the list: no sentence announces it
            return c
        pos = above - 1
    return c


def _quoted_between(c: Candidate, chosen: list[Candidate], start: int, end: int) -> bool:
    """Another chosen quote of the same document starts in ``[start, end)``."""
    return any(x.passage.doc == c.passage.doc and start <= x.doc_span[0] < end for x in chosen if x is not c)


def _row_at(snapshot: IndexSnapshot, doc: str, offset: int) -> int | None:
    """The sentence row of ``doc`` that holds the character at ``offset``."""
    rows = snapshot.document_rows(doc)
    starts = [int(snapshot.sentence_rows[i]["start"]) for i in rows]
    k = bisect.bisect_right(starts, offset) - 1
    if k < 0 or offset >= int(snapshot.sentence_rows[rows[k]]["end"]):
        return None
    return rows[k]


def _subsection_heads(c: Candidate, snapshot: IndexSnapshot) -> list[str]:
    """The headings of the subsections that open right after the sentence, in order: the items of a
    sentence that announces them ("… bygger på fire visioner:" and a heading for each vision), in the
    document's own words. Empty when its section goes on after it, or ends."""
    rows = snapshot.sentence_rows
    row = snapshot.sentence_index.get((c.passage.doc, c.doc_span[0]))
    if row is None or not c.section:
        return []
    prefix = f"{c.section} › "
    heads: list[str] = []
    for i in range(row + 1, len(rows)):
        section = rows[i].get("section") or ""
        if rows[i]["doc"] != c.passage.doc or not (section.startswith(prefix) or section == c.section and not heads):
            break
        head = section[len(prefix):].split(" › ")[0] if section.startswith(prefix) else ""
        if head and head not in heads:
            heads.append(head)
            if len(heads) > LIST_ITEMS:
                break
    return heads


def _within(a: Candidate, b: Candidate) -> bool:
    """Quote ``a`` lies inside quote ``b``."""
    return a.passage.doc == b.passage.doc and b.doc_span[0] <= a.doc_span[0] and a.doc_span[1] <= b.doc_span[1]


def quote_text(text: str) -> str:
    """A sentence as quoted: without a list bullet or a footnote's number in front."""
    return FOOTNOTE_MARK.sub("", _BULLET_MARK.sub("", text.strip()))


# a sentence whose last word is broken at a line end and whose rest the document lost ("… som sammenhæn-"
# and then another text): the quote shows that it stops there, as a cut list does
_BROKEN_END = re.compile(r"[^\W\d_]-$")


def marked_cut(quote: str) -> str:
    """The quote, with "…" after a last word the document broke off."""
    return f"{quote}…" if _BROKEN_END.search(quote) else quote


def _marked_span(c: Candidate, snapshot: IndexSnapshot) -> tuple[int, int]:
    """The document span a quote highlights: its span without the bullet or footnote number the quote leaves out."""
    s0, e0 = c.doc_span
    doc = ((snapshot.documents.get(c.passage.doc) or {}).get("text") or "")[s0:e0].rstrip()
    body = quote_text(doc)  # what is left once the marks in front are cut: the end of ``doc``
    return (s0 + len(doc) - len(body), e0) if body else c.doc_span


def _joined(parts: list[str]) -> str:
    """The quotes in a row; the one after a quote of several lines (a list) starts a line of its own."""
    out: list[str] = []
    for i, part in enumerate(parts):
        if i:
            out.append("\n" if "\n" in parts[i - 1] else " ")
        out.append(part)
    return "".join(out)


def _lead_texts(plan: QueryPlan, text: str) -> list[str]:
    """What a lead is read from, in turn: a quote without the list it announces; for a time or a number first the one
    item that holds more of what is asked than any other ("Vi forpligter os til at: • indføre en fælles tjekliste …
    senest 1. oktober 2027, • holde et fælles fagligt møde hvert halve år" for when the checklist is due)."""
    head = announcing(text)
    if head == text or plan.qtype not in ("when", "number"):
        return [head]
    items = [i.strip(" ,;") for i in re.split(rf"(?:^|\s){BULLET}\s", text[len(head):]) if i.strip(" ,;")]
    item = asked_part(items, plan)
    return [item, head] if item else [head]


def _read_lead(plan: QueryPlan, chosen: list[Candidate]) -> str:
    """The lead cut from the first quote: Ja/Nej, or the actor, time or number asked for, then the lead-in."""
    lead = msg("lead_in", plan.lang)
    texts = _lead_texts(plan, with_units(chosen[0].text, chosen[0].section)) if chosen else []
    top = replace(chosen[0], text=texts[-1]) if chosen else None  # the leads read the sentence, not its list
    yes_no = yes_no_lead(plan, top) if top else ""
    if yes_no:
        lead = msg(yes_no, plan.lang)
    cell = row_cell(plan, top.text, top.section) if top is not None else ""
    asked = ""
    if top is not None and not yes_no:
        # a row of a table with the asked value in several columns ("Målsætning 2027", "Status 2026"): each by its header
        asked = period_lead(plan, chosen) or ("" if cell else row_lead(plan, top.text, top.section)) or next(
            (a for t in texts if (a := type_lead(plan, quote_text(t), top.actor if top.stated else "", cell))), "")
    return f"{asked} {lead}".strip()


def compose(plan: QueryPlan, chosen: list[Candidate], snapshot: IndexSnapshot, lead: str | None = None) -> tuple[str, list[Citation]]:
    """Answer text (quotes with [n] marks, in the chosen order) and its citations; ``lead`` in place of the
    one read from the first quote (a period read from the document facts, ``assistant.doc_period``)."""
    chosen = whole_quotes(chosen, snapshot)
    numbers: dict[str, int] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    parts: list[str] = []
    for c in chosen:
        n = numbers.setdefault(c.passage.id, len(numbers) + 1)
        quote = marked_cut(quote_text(c.text))
        spans.setdefault(c.passage.id, []).append(_marked_span(c, snapshot))
        parts.append(f"{quote} [{n}]" if plan.lang == "da" else f"“{quote}” [{n}]")
    lead = f"{lead} {msg('lead_in', plan.lang)}".strip() if lead is not None else _read_lead(plan, chosen)
    text = f"{lead} {_joined(parts)}".strip()
    citations = []
    for pid, n in numbers.items():
        quoted = [c for c in chosen if c.passage.id == pid]
        first = quoted[0]  # the sentence quoted first (the answering one) names the section and page
        p = first.passage
        if first.section and first.section != p.section:  # cite the heading above the quote, not the chunk's first
            p = replace(p, section=first.section)
        doc_spans = tuple(sorted(spans[pid]))
        rel = tuple((s - p.start, e - p.start) for s, e in doc_spans)
        page = page_at(snapshot.documents.get(p.doc), first.doc_span[0])
        citations.append(Citation(n=n, passage=p, spans=rel, doc_spans=doc_spans, page=page))
    citations.sort(key=lambda c: c.n)
    return text, citations
