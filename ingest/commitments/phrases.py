"""Responsibilities and pledges stated by a fixed phrase rather than by a subject and its verb ("det er kommunens
ansvar at …", "påhviler regionen", "Det er et fælles mål, at …", "Der er enighed om …"), and the record of a match
that ``ingest.commitments.grammar`` gives for any clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.commitments.actors import actors_in
from ingest.commitments.lexicon import GENITIVE_ACTORS, NAMED_BODIES, NP, WE


@dataclass(frozen=True)
class Hit:
    actors: tuple[str, ...]  # may contain WE
    cue: str  # "resp", "commit", "modal:skal", "duty", "agentless", "goal"
    rest: str  # text after the verb (for stative / passive checks)
    start: int  # offset of the actor phrase in the parsed text (for reporting)
    clause: int = 0  # offset of the clause the hit belongs to, when not the whole sentence



_GEN_RX = re.compile(
    r"\b(?:det\s+er|er\s+det)\s+(?:\w+\s+)?(kommunens|kommunernes|regionens|hospitalets|hospitalernes|almen\s+praksis[’']?|"
    r"regionspsykiatriens|psykiatriens|parternes)\s+(?:\S+\s+)?(ansvar|opgave|pligt)\s+at\b|"
    r"^(kommunens|kommunernes|regionens|hospitalets|hospitalernes|almen\s+praksis[’']?|regionspsykiatriens|psykiatriens)"
    r"\s+(?:\S+\s+)?(ansvar|opgave|opgaver)\s+er\b",
    re.IGNORECASE,
)
_PAAHVILER_RX = re.compile(rf"\bpåhviler\s+(?:det\s+)?({NP})", re.IGNORECASE)
_SHARED_RX = re.compile(
    r"\b(?:det\s+)?er\s+(?:\w+\s+)?(?:et|en)\s+(?:fælles|(?:\w+\s+)?(?=mål\b))\s*(mål|opgave|ansvar)\b"
    r"(?=,?\s+(?:at|mellem|for)\b)",
    re.IGNORECASE,
)
_CONSENSUS_RX = re.compile(r"(?<!som\s)\b(?:er\s+der|der\s+er)\s+enighed\s+om\b", re.IGNORECASE)
_SKE_I_RX = re.compile(r"\b(?:vil|skal)\s+(?:der\s+)?(?:\S+\s+)?ske\s+(?:\S+\s+){0,2}?i\s+((?:[^.;]){3,80})", re.IGNORECASE)


def phrase_hits(text: str) -> list[Hit]:
    """The responsibilities and pledges a fixed phrase states, whoever the subject: "det er kommunens ansvar at",
    "påhviler regionen", "et fælles mål", "er der enighed om", "skal ske i kommunerne"."""
    hits = []
    for m in _GEN_RX.finditer(text):
        actor = GENITIVE_ACTORS.get(re.sub(r"\s+", " ", (m.group(1) or m.group(3)).lower()), None)
        if actor:
            hits.append(Hit((actor,), "resp", text[m.end() :], m.start()))
    for m in _PAAHVILER_RX.finditer(text):
        labels = actors_in(m.group(1))
        if labels:
            hits.append(Hit(tuple(labels), "resp", text[m.end() :], m.start()))
    m = _SHARED_RX.search(text)
    if m:
        hits.append(Hit(("parterne",), "commit" if m.group(1).lower() == "mål" else "resp", text[m.end() :], m.start()))
    m = _CONSENSUS_RX.search(text)
    if m:
        hits.append(Hit(("parterne",), "commit", text[m.end() :], m.start()))
    m = _SKE_I_RX.search(text)
    if m:
        labels = [a for a in actors_in(m.group(1)) if a != WE]
        if labels and set(labels) & set(NAMED_BODIES):
            hits.append(Hit(tuple(labels), "commit", m.group(1), m.start()))
    return hits
