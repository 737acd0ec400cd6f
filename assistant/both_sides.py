"""A comparison answered side by side: each side searched in its own documents, one whole sentence quoted from each.

``assistant.side_names`` resolves the two sides a question names to the index's documents. Here
each side is retrieved with a document filter (so a side's best passage never loses to the other
side's), read by the same reader as any question, and the best sentence of each side is quoted,
widened to a whole sentence. The lead names both sides.

The answer stands when one side's best sentence passes the reader's gate (the bar of any answer);
the other side is then quoted when its sentence holds a key term of the topic and the reader gives
it at least ``SIDE_FLOOR``, and otherwise is said to say nothing about it, rather than refusing the whole answer or quoting one side
silently. ``SIDE_FLOOR`` was chosen on tune's comparison questions: the highest floor that loses no correct answer
(24 questions: floors 0 to 0.2: 8 correct; 0.25: 8; 0.3: 7; the gate itself, 0.44: 6. Chosen again on 39:
floors 0 to 0.15: 13 correct; 0.2: 11). The floor decides only what the second side shows, never whether to answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from assistant.answer import ExtractiveAnswerer
from assistant.candidates import Candidate
from assistant.compose import compose, whole_quotes
from assistant.query import QueryPlan
from assistant.relative import QueryScores
from assistant.side_names import Side
from assistant.types import Citation, Passage
from foundation.messages import msg
from foundation.text.bullets import BULLET
from index.snapshot import IndexSnapshot

SIDE_FLOOR = 0.15
_BULLET = re.compile(rf"^{BULLET}\s*")
Retrieve = Callable[[Side], tuple[list[Passage], np.ndarray, QueryScores]]


@dataclass
class SideQuote:
    """One side of a comparison: its best sentence (None: nothing found) and the reader's confidence."""

    side: Side
    quote: Candidate | None
    confidence: float
    passages: list[Passage]
    candidates: list[Candidate]


def read_sides(
    plan: QueryPlan, answerer: ExtractiveAnswerer, snapshot: IndexSnapshot, retrieve: Retrieve, floor: float = SIDE_FLOOR
) -> list[SideQuote]:
    """Each side's best sentence from its own documents, kept when the reader's confidence reaches ``floor``
    (the API passes the lower of ``SIDE_FLOOR`` and the gate: an opened gate opens the floor too)."""
    single = replace(plan, compare=False, sides=())
    out = []
    for side in plan.sides:
        passages, vec, scores = retrieve(side)
        cands = answerer.candidates(single, passages, snapshot, vec, scores)
        answerer.rank(single, cands)
        # a sentence that shares no key term of the topic does not support its side, whatever its score:
        # the side's best sentence among those that hold one
        holding = [c for c in cands if any(g not in single.soft for g in c.matched)] if single.key_terms else cands
        chosen = answerer.select(single, holding)[:1]
        confidence = answerer.confidence(single, cands, chosen, snapshot) if chosen else 0.0
        quote = chosen[0] if chosen and confidence >= floor else None
        out.append(SideQuote(side, quote, confidence, passages, cands))
    return out


def answered(sides: list[SideQuote], gate: float) -> bool:
    """Whether the comparison is answered: one side's quote passes the gate of any answer."""
    return any(s.quote is not None and s.confidence >= gate for s in sides)


def compose_sides(plan: QueryPlan, sides: list[SideQuote], snapshot: IndexSnapshot) -> tuple[str, list[Citation]]:
    """The lead naming both sides, then per side its label and quote [n], or that it says nothing about it."""
    quoted = [s.quote for s in sides if s.quote is not None]
    _, citations = compose(replace(plan, compare=False, sides=()), quoted, snapshot)
    whole = whole_quotes(quoted, snapshot)
    number = {c.passage.id: c.n for c in citations}
    labels = [s.side.label for s in sides]
    parts = [msg("compare_lead", plan.lang, a=labels[0], b=" og ".join(labels[1:]) if plan.lang == "da" else " and ".join(labels[1:]))]
    at = 0
    for s in sides:
        if s.quote is None:
            parts.append(msg("side_silent", plan.lang, side=s.side.label))
            continue
        q = whole[at]
        at += 1
        text = _BULLET.sub("", q.text.strip())
        parts.append(f"{s.side.label}: {text} [{number[q.passage.id]}]" if plan.lang == "da"
                     else f"{s.side.label}: “{text}” [{number[q.passage.id]}]")
    return "\n\n".join(parts), citations


def interleave(lists: list[list[Passage]]) -> list[Passage]:
    """The sides' passages taken in turn (each side's best first), without repeats."""
    out: list[Passage] = []
    seen: set[str] = set()
    for i in range(max((len(x) for x in lists), default=0)):
        for x in lists:
            if i < len(x) and x[i].id not in seen:
                seen.add(x[i].id)
                out.append(x[i])
    return out
