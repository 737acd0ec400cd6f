"""The answer a nurse reads: quoted whole sentences, the answering one first, with pages.

``compose`` turns the chosen sentences into the answer text and numbered citations. A yes/no
question gets a "Ja,"/"Nej," lead only where the first quote says so (a negation in the quote
and none in the question: "Nej"; no negation on either side and the quote holds every key
term: "Ja"); otherwise the quote speaks for itself. Every citation names the page of its
first quoted sentence, and ``with_sentence_pages`` gives search hits the page of their
best-matching sentence, so a passage that spans pages never sends the reader to the wrong one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Any

import numpy as np

from assistant.answer import Candidate
from assistant.query import QueryPlan
from assistant.types import Citation, Passage
from foundation.messages import msg
from index.snapshot import IndexSnapshot

_BULLET_MARK = re.compile(r"^[•▪◦●○✓✔\-–*]\s*")
_NEGATION = re.compile(r"\b(ikke|ingen|intet|aldrig|hverken|ej|not|no|never|neither|nor|none|cannot|can't|doesn't|don't|isn't|aren't)\b", re.IGNORECASE)


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


def yes_no_lead(plan: QueryPlan, first: Candidate) -> str:
    """"yes_lead", "no_lead" or "" for a yes/no question, from the first quote's own words."""
    if plan.qtype != "yesno":
        return ""
    quote_neg = bool(_NEGATION.search(first.text))
    question_neg = bool(_NEGATION.search(plan.original))
    if quote_neg and not question_neg:
        return "no_lead"
    holds_all = all(g in first.matched for g in plan.key_terms if g not in plan.soft)
    if not quote_neg and not question_neg and plan.key_terms and holds_all:
        return "yes_lead"
    return ""


def compose(plan: QueryPlan, chosen: list[Candidate], snapshot: IndexSnapshot) -> tuple[str, list[Citation]]:
    """Answer text (quotes with [n] marks, in the chosen order) and its citations."""
    numbers: dict[str, int] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    parts: list[str] = []
    for c in chosen:
        n = numbers.setdefault(c.passage.id, len(numbers) + 1)
        quote = _BULLET_MARK.sub("", c.text.strip())
        _, e0 = c.doc_span
        spans.setdefault(c.passage.id, []).append((e0 - len(quote), e0) if c.text.endswith(quote) else c.doc_span)
        parts.append(f"{quote} [{n}]" if plan.lang == "da" else f"“{quote}” [{n}]")
    lead = msg("lead_in", plan.lang)
    yes_no = yes_no_lead(plan, chosen[0]) if chosen else ""
    if yes_no:
        lead = msg(yes_no, plan.lang)
    top = chosen[0]
    actors = {c.actor for c in chosen if c.stated}
    if plan.qtype == "who" and top.stated and top.actor and actors == {top.actor}:  # one actor, named by the register
        lead = f"{msg('actor_lead', plan.lang, actor=top.actor)} {lead}".strip()
    text = f"{lead} {' '.join(parts)}".strip()
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
