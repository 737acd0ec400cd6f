"""Measures a number question may ask for besides a count: an age ("hvor gamle …", "how old …") and a distance
("hvor langt …", "how far …"), and the phrase of a sentence that states one ("over 65 år", "inden for 15 kilometer").

Both are general units of the language, read the same way in any agreement: a question that asks one is answered by
a quote that states it, and a quote that states none is no answer to it.
"""

from __future__ import annotations

import re

AGE_ASKED = re.compile(r"\bhvor\s+gam(?:le|mel)\b|\bhow\s+old\b|\b(?:what|which)\s+age\b|\bhvilken\s+alder\b"
                       r"|\baldersgrænse\w*|\baldersgruppe\w*|\bage\s+(?:limit|range|group)s?\b", re.IGNORECASE)
"""A question of an age ("hvor gamle skal borgerne være …", "what is the age limit …"): a number, in years of age."""
_AGE = re.compile(r"\b(?:over|under|fra|mellem|op\s+til|above|from|between|aged)\s+\d{1,3}(?:\s*(?:-|–|og|til|and|to)\s*\d{1,3})?"
                  r"\s+(?:år|years?)\b(?:\s+(?:og\s+(?:derover|opefter|ældre)|and\s+(?:over|older)))?"
                  r"|\b\d{1,3}\s*[-–]\s*\d{1,3}\s*(?:år|years?)\b|\b\d{1,3}-årige\b|\b\d{1,3}\s+(?:år|years?)\s+(?:og\s+(?:derover|opefter|ældre)"
                  r"|gamle?|old|and\s+(?:over|older))\b|\balderen\s+\d{1,3}(?:\s*(?:-|–|til|og)\s*\d{1,3})?(?:\s+år)?", re.IGNORECASE)
_YEAR_SPAN = re.compile(r"\d{1,3}\s*[-–]\s*\d{1,3}\s*(?:år|years?)", re.IGNORECASE)

DISTANCE_ASKED = re.compile(r"\bhvor\s+langt\b(?!\s+tilbage)(?!.*\b(?:nået|kommet|fremme)\b)|\bhow\s+far\b(?!\s+back)(?!.*\b(?:along|come|progress\w*)\b)"
                            r"|\bafstand\w*|\bdistances?\b", re.IGNORECASE)
"""A question of a distance ("hvor langt må der højst være til lægen?", "how far …", "afstanden til …"); not how far a
piece of work has come ("hvor langt er man nået med …", "how far along …") nor how far back in time ("hvor langt
tilbage …")."""
_DISTANCE = re.compile(r"\b(?:(?:inden\s+for|indenfor|højst|mindst|under|over|op\s+til|ca\.?|within|up\s+to|at\s+most|at\s+least)\s+)?"
                       r"\d[\d.,]*\s*(?:km|kilomet(?:er|re)s?|met(?:er|re)s?|miles?)\b", re.IGNORECASE)

MEASURES = ("age", "distance")
_STATED = {"age": _AGE, "distance": _DISTANCE}


def asked_measure(question: str) -> str:
    """``age`` or ``distance`` where the question asks one, else ""."""
    if AGE_ASKED.search(question):
        return "age"
    return "distance" if DISTANCE_ASKED.search(question) else ""


def measure_phrase(text: str, kind: str) -> str:
    """The age or distance the sentence states with the word that bounds it ("over 65 år", "mellem 5 og 18 år", "de
    18-årige", "inden for 15 kilometer"), or ""."""
    m = _STATED[kind].search(text)
    return m.group(0) if m else ""


def in_age(text: str, at: int) -> bool:
    """Whether the number at ``at`` is part of an age the sentence states ("borgere over 65 år"): whom a count is of,
    not the count. A bare span of years ("dør 15 – 20 år tidligere") may be a count, and is none."""
    return any(m.start() <= at < m.end() and not _YEAR_SPAN.fullmatch(m.group(0)) for m in _AGE.finditer(text))
