"""The one a sentence names as doing something by Danish syntax rather than by a known actor word.

The focus of a cleft ("Det er byrådene, der …"), the agent of a passive ("er udarbejdet af KOSU", "foretages af
sygehuslægen"), the body something was done in ("er behandlet i Sundhedssamarbejdsudvalget") or the subject of the
verb a question asks about ("Formandskabet udpeger medlemmerne"), for the lead line of a *who* question
(``assistant.lead``) where the quote names no actor the register's lexicon knows.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from foundation.text.tokens import stopwords, words
from ingest.commitments.agents import ADJECTIVE_ENDINGS
from ingest.commitments.lexicon import NOT_PASSIVE

_NEXT_WORD = re.compile(r"\s+[a-zæøå-]+")


def tidy_phrase(phrase: str) -> str:
    """A phrase cut from a quote as a lead shows it: one space between words, no edge punctuation or full stop."""
    return re.sub(r"\s+", " ", phrase).strip(" ,;:–-").rstrip(".")


def to_noun(text: str, end: int) -> int:
    """Where a phrase ending at ``end`` ends once an adjective it ends in reaches its noun ("Sygehusets palliative"
    goes on to "… team"); ``end`` where its last word is no adjective."""
    noun = _NEXT_WORD.match(text, end) if text[:end].endswith(ADJECTIVE_ENDINGS) else None
    return noun.end() if noun else end


# A name the grammar's actor words do not know ("byrådene", "Sundhedsstyrelsen", "KOSU", "Center for Sundhed"): a
# capitalised word or acronym, with "for" before a capitalised word of it, or a noun in its definite form; several joined
# by "og" or a comma
_NAME = r"(?:[A-ZÆØÅ][\wæøåÆØÅ-]*(?:\s+(?:for\s+)?[A-ZÆØÅ][\wæøåÆØÅ-]*){0,2}|[a-zæøå][a-zæøå-]*(?:en|et|ne))"
_NAMES = rf"{_NAME}(?:(?:\s*,\s*|\s+og\s+){_NAME}){{0,3}}"
# "Det er byrådene, der træffer beslutningerne": the cleft names who
_CLEFT = re.compile(rf"^Det\s+er\s+(?:(?:de|den|det)\s+)?({_NAMES}),?\s+(?:der|som)\s")
# "… er udarbejdet (administrativt) af KOSU": the agent of a passive past participle
# or of an s-passive ("foretages af sygehuslægen", "varetages af kommunen")
_AGENT = re.compile(rf"\b(?:(?:er|blev|bliver|være|været|var)\s+[a-zæøå]+(?:et|t)|[a-zæøå]{{3,}}es)\s+(?:[a-zæøå]+\s+)?af\s+"
                    rf"(?:de\s+|den\s+|det\s+)?({_NAMES})(?=[\s.,;:()]|$)")


# "Rapporten er behandlet i Sundhedssamarbejdsudvalget": a body that deliberates does what is done in it
_IN_BODY = r"[\wæøåÆØÅ-]*(?:udvalg(?:et)?|rådet|bestyrelsen|styregruppen)"
_AGENT_IN = re.compile(rf"\b(?:er|blev|bliver|være|været|var)\s+([a-zæøå]+(?:et|t))\s+i\s+(?:det\s+)?({_IN_BODY})(?=[\s.,;:()]|$)",
                       re.IGNORECASE)


# "… og godkendt af regionsrådet", "godkendes af byrådet": any participle or s-passive with its agent
_ANY_AGENT = re.compile(rf"\b([a-zæøå]{{3,}}(?:et|t|es))\s+af\s+(?:de\s+|den\s+|det\s+)?({_NAMES})(?=[\s.,;:()]|$)")


def agent_of(text: str, acts: Callable[[str], bool]) -> str:
    """The agent of the passive of the verb a question asks about (``acts``: whether a word is a form of it):
    "godkendt af regionsrådet" for "hvem har godkendt planen?"; "" where the quote names none."""
    for m in (*_ANY_AGENT.finditer(text), *_AGENT_IN.finditer(text)):
        if m.group(1) not in NOT_PASSIVE and acts(m.group(1)) and words(m.group(2))[0] not in stopwords():
            return tidy_phrase(_owned_noun(text, m.start(2), m.end(2)) or m.group(2))
    return ""


# "Formandskabet udpeger medlemmerne", "Styregruppen skal godkende planen": a name or definite noun, then its verb
# (a noun in its definite form, with what it is for ("Styregruppen for ældreområdet"), an acronym or a name of two words:
# not an adverb that opens the sentence, "Herunder")
_SUBJECT = r"[A-ZÆØÅa-zæøå][a-zæøå-]*(?:en|et|ne)(?:\s+for\s+[a-zæøå-]+)?|[A-ZÆØÅ]{2,}[\wæøåÆØÅ-]*|[A-ZÆØÅ][\wæøå-]*(?:\s+(?:for\s+)?[A-ZÆØÅ][\wæøåÆØÅ-]*){1,2}"
_SUBJECT_VERB = re.compile(rf"^\s*(?:[^\w\s]\s*)?({_SUBJECT})\s+(?:(?:skal|kan|vil|må|bør)\s+([a-zæøå]{{2,}}e)|([a-zæøå]{{3,}}(?:er|de|te)))\b")


def subject_doing(text: str, acts: Callable[[str], bool]) -> str:
    """The subject that opens the sentence where its verb is the one a question asks about (``acts``): "Formandskabet"
    of "Formandskabet udpeger medlemmerne" for "hvem udpeger medlemmerne?"; "" for any other sentence."""
    m = _SUBJECT_VERB.match(text)
    if m is None or words(m.group(1))[0] in stopwords() or not acts(m.group(2) or m.group(3)):
        return ""
    return tidy_phrase(m.group(1))


def named_agent(text: str) -> str:
    """The one the sentence says does it, by Danish syntax rather than by a known actor word: the
    focus of a cleft ("Det er byrådene, der …"), the agent of a passive ("er udarbejdet af KOSU",
    "foretages af sygehuslægen") or the body it was done in ("er behandlet i Sundhedssamarbejdsudvalget")."""
    for rx in (_CLEFT, _AGENT):
        for m in rx.finditer(text):
            if m.group(0).split()[0].lower() in NOT_PASSIVE:
                continue  # "fælles efteruddannelse af personalet": an adjective in -es, no s-passive
            if words(m.group(1))[0] not in stopwords():
                return tidy_phrase(_owned_noun(text, m.start(1), m.end(1)) or m.group(1))
            break
    held = _AGENT_IN.search(text)  # "behandlet i Sundhedssamarbejdsudvalget"
    return tidy_phrase(held.group(2)) if held else ""


def _owned_noun(text: str, start: int, end: int) -> str:
    """A name in the genitive with the noun it owns ("af Sundhedssamarbejdsudvalgets sekretariat", "Region
    Midtjyllands sekretariat"): the genitive alone names no one. "" where the name ``text[start:end]`` is none."""
    name = text[start:end]
    noun = _NEXT_WORD.match(text, end) if name.endswith("s") and name[:1].isupper() else None
    if noun is None or noun.group(0).strip() in stopwords():
        return ""
    return text[start : to_noun(text, noun.end())]  # "Region Midtjyllands palliative team"
