"""A goal: a question that asks for one, and a sentence that states one.

"Hvad er målet for rygning?" is answered by "Mål: Vi vil derfor nedbringe antallet af dagligrygere …", not by
"Det gør vi, fordi rygning fortsat er den risikofaktor …": both speak of smoking, only one states the goal.
The marks are the general ones of Danish and English planning documents ("Mål:", "målet er", "målsætningen
er", "har som mål", "vi vil", "the goal is", "aims to"), not one corpus's.
"""

from __future__ import annotations

import re

from foundation.text.bullets import BULLET

_GOAL_WORD = r"(?:mål|målet|målene|målsætning|målsætningen|målsætningerne|maal|maalet|maalene)"
_ASKED_DA = re.compile(
    rf"\b(?:hvad|hvilke|hvilket|hvilken)\s+(?:er|var|bliver)\s+(?:\S+\s+){{0,4}}?{_GOAL_WORD}\b"
    rf"|\bhvilke\s+{_GOAL_WORD}\b"
    r"|\bhvad\s+(?:vil|skal|ønsker|oensker)\s+(?:\S+\s+){0,4}?(?:opnå|opnaa|nå|naa)\b",
    re.IGNORECASE,
)
# the goal words in lower case: "the Triple Aim approach" names a method, "the aim" asks a goal
_ASKED_EN = re.compile(
    r"\b(?i:what)\s+(?i:is|are|was|were)\s+(?:\S+\s+){0,5}?(?:goals?|aims?|targets?|objectives?)\b"
    r"|\b(?i:which)\s+(?:goals?|aims?|targets?|objectives?)\b"
    r"|\b(?i:what)\s+(?i:do|does|did)\s+.{1,60}?\s+(?:want|hope|aim|intend)\s+to\s+achieve\b"
    r"|\b(?i:what)\s+(?i:is|are|was|were)\s+.{1,60}?\s+(?:supposed|meant|expected)\s+to\s+achieve\b"
)
_STATED = re.compile(
    rf"^\s*(?:{BULLET}\s*)?(?:mål|målsætning|goal|aim)\s*\d*\s*:"
    r"|\b(?:målet|målsætningen|formålet)\s+(?:er|var)\b(?!\s+(?:(?:dermed|nu|allerede|ikke|delvist|langt\s+fra)\s+)*(?:nået|indfriet|opfyldt)\b)|\bhar\s+(?:som|til)\s+(?:mål|formål)\b|\bvi\s+vil\b"
    r"|\b(?:the|our)\s+(?:goal|aim|objective)\s+is\b|\baims?\s+to\b|\bwe\s+will\b",
    re.IGNORECASE,
)


def asks_goal(question: str) -> bool:
    """The question asks for a goal ("hvad er målet for …", "hvad vil man opnå", "what is the overall goal")."""
    return bool(_ASKED_DA.search(question) or _ASKED_EN.search(question))


def states_goal(text: str) -> bool:
    """The sentence states a goal ("Mål: Vi vil …", "Målet er at …", "The goal is …")."""
    return bool(_STATED.search(text))


_GOAL_TERM = re.compile(rf"{_GOAL_WORD}|goals?|aims?|targets?|objectives?|formål\w*", re.IGNORECASE)


def topic_groups(key_terms: tuple[tuple[str, ...], ...]) -> frozenset[tuple[str, ...]]:
    """The key-term groups that name what the goal is for, not the goal itself ("rygning", not "målet")."""
    return frozenset(g for g in key_terms if not any(_GOAL_TERM.fullmatch(alt) for alt in g))


# a figure to be reached: "… skal være under 20 procent i 2030", "Mindst 70 procent … skal kunne gøre det"
_TARGET = re.compile(
    rf"\b(?:skal|bør|should|must|shall)\s+(?:\S+\s+){{0,2}}?(?:være|kunne|nå|falde|stige|ligge|nedbringes|reduceres|øges|halveres"
    rf"|be|reach|fall|rise|drop)\b|\b{_GOAL_WORD}\b|\b(?:targets?|goals?)\b",
    re.IGNORECASE,
)


def states_target(text: str) -> bool:
    """The sentence states a figure to be reached, or a goal, not one that is."""
    return states_goal(text) or bool(_TARGET.search(text))
