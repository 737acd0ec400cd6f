"""Situations and topics: what a statement is about, from keyword tables."""

from __future__ import annotations

import re

SITUATIONS: tuple[tuple[str, str], ...] = (
    ("udskrivelse", r"udskriv\w*|udskrevet|færdigbehandlet"),
    ("indlæggelse", r"indlæggelse\w*|indlagt\w*|indlægges|genindlæggelse\w*"),
    ("genoptræning", r"genoptræning\w*"),
    ("rehabilitering", r"rehabilitering\w*"),
    ("ambulant", r"ambulant\w*"),
    ("akut", r"akut\w*"),
    ("henvisning", r"henvis\w*"),
    ("hjemmebesøg", r"hjemmebesøg\w*"),
    ("graviditet og fødsel", r"gravid\w*|fødsel\w*|nyfødt\w*|svangre\w*"),
    ("sygemelding", r"sygemeld\w*"),
    ("netværksmøde", r"netværks\S*møde\w*"),
)
_SITUATION_RX = [(label, re.compile(rf"\b(?:{rx})", re.IGNORECASE)) for label, rx in SITUATIONS]
_TRIGGER_RX = re.compile(r"\b(?:ved|efter|under|før|inden|når|i\s+forbindelse\s+med)\s+(?:en\s+|den\s+|at\s+)?", re.IGNORECASE)

TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("medicin", ("medicin", "fmk", "dosisdispenser", "lægemiddel", "polyfarmaci", "farmaceut", "medikament")),
    ("genoptræning", ("genoptræning", "rehabilitering", "træning", "fysioterapi", "hjælpemidler", "behandlingsredskaber")),
    ("psykiatri", ("psykiatri", "psykisk", "psykiske", "mental", "mistrivsel", "depression")),
    ("forebyggelse", ("forebyggelse", "forebyggende", "rygning", "rygestop", "ryger", "kram", "alkohol", "overvægt",
                      "sundhedsfremme", "rusmiddel", "misbrug", "screen", "ulighed", "lighed i sundhed")),
    ("børn og unge", ("børn", "unge", "gravide", "gravid", "nyfødte", "sundhedspleje", "svangre", "familie", "forældre")),
    ("ældre", ("ældre", "faldforebyggelse", "hjemmebesøg", "geriatri", "demens")),
    ("it og data", ("it-", "sundheds-it", "digital", "data", "telemedicin", "medcom", "sundhed.dk", "elektronisk",
                    "video", "it ", "telesundhed")),
    ("akut", ("akut", "døgnpladser", "akutpladser", "akutfunktion", "tobs", "tidlig opsporing")),
    ("indlæggelse og udskrivelse", ("indlæggelse", "udskrivelse", "udskrivning", "udskrevet", "indlagt", "færdigbehandle")),
    ("kronisk sygdom", ("kronisk", "kol", "diabetes", "forløbsprogram", "hjertekar", "multisygdom")),
    ("økonomi", ("økonomi", "økonomisk", "udgift", "finansier", "midler", "kr.", "omkostning", "godtgør")),
    ("kvalitet og patientsikkerhed", ("kvalitet", "standard", "audit", "patientsikkerhed", "utilsigtede", "hygiejne",
                                      "kompetence", "monitorering", "indikator")),
    ("arbejdsmarked", ("arbejdsmarked", "sygemeld", "jobcenter", "beskæftigelse", "sygedagpenge")),
    ("organisering", ("sundhedskoordinationsudvalg", "sundhedsstyregrupp", "temagrupp", "klynge", "kkr", "opfølgning",
                      "implementering")),
    ("samarbejde", ("samarbejde", "koordinering", "koordiner", "dialog", "aftale", "sammenhæng")),
)
TOPIC_NAMES = tuple(name for name, _ in TOPICS)
DEFAULT_TOPIC = "samarbejde"


def find_situation(text: str) -> str | None:
    """The situation a statement is about (``udskrivelse``, ``genoptræning``, …), or None.

    A situation after a trigger word (``ved``, ``efter``, ``når`` …) wins;
    otherwise the first situation word in the sentence.
    """
    found: list[tuple[int, int, str]] = []
    for label, rx in _SITUATION_RX:
        for m in rx.finditer(text):
            before = text[max(0, m.start() - 30) : m.start()]
            trig = None
            for trig in _TRIGGER_RX.finditer(before):
                pass
            is_trigger = trig is not None and trig.end() == len(before)
            found.append((0 if is_trigger else 1, m.start(), label))
            break
    if not found:
        return None
    return min(found)[2]


def find_topic(statement: str, section: str | None = None) -> str:
    """The topic of a statement from a keyword table; the section path counts a third as much."""
    text = statement.lower()
    head = (section or "").lower()
    best, best_score = DEFAULT_TOPIC, 0.0
    for name, words in TOPICS:
        score = sum(3 * text.count(w) for w in words) + sum(head.count(w) for w in words)
        if name == DEFAULT_TOPIC:
            score *= 0.5  # the fallback topic wins only when nothing else is named
        if score > best_score:
            best, best_score = name, score
    return best
