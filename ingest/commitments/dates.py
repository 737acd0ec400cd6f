"""Due dates: the time expression of a statement (a date, a time limit, the agreement period, a situation)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.commitments.lexicon import (
    DURATION_UNITS,
    DURATION_UNITS_ONE,
    MONTHS,
    NUMBER_WORDS,
)

_MONTHS = "|".join(MONTHS)
_NUM = r"(?:\d+|få|en|et|én|ét|" + "|".join(NUMBER_WORDS) + ")"
_UNITS = "|".join((*DURATION_UNITS, *DURATION_UNITS_ONE))
_SHORT_UNITS = "|".join(u for u in (*DURATION_UNITS, *DURATION_UNITS_ONE) if u not in ("måneder", "måned", "år"))  # "senest N …" reads
_TIME_PATTERNS = [
    rf"\b(?:inden\s*for|indenfor)\s+{_NUM}\s+(?:{_UNITS})\b",
    rf"\bsenest\s+(?:i\s+)?(?:den\s+)?(?:\d{{1,2}}\.\s+(?:{_MONTHS})\s+)?(?:20\d\d|{_NUM}\s+(?:{_SHORT_UNITS}))\b",
    # a bound on the time before or after an event ("mindst to hverdage før udskrivelsen", "højst 3 dage efter"),
    # which the answer reads with what it counts from; not a span of a measure ("mindst 2 timer om ugen")
    rf"\b(?:mindst|højst|tidligst)\s+{_NUM}\s+(?:{_UNITS})\b(?=\s+(?:før|efter)\s)",
    # the end of a year or month; bare in a table's cell of deadlines ("Udgangen af 2028")
    rf"\b(?:(?:inden|ved)\s+)?udgangen\s+af\s+(?:20\d\d|(?:{_MONTHS})(?:\s+måned)?(?:\s+20\d\d)?)",
    rf"\b(?:primo|medio|ultimo)\s+(?:(?:{_MONTHS})\s+)?20\d\d\b",
    rf"\bi\s+løbet\s+af\s+(?:20\d\d|(?:{_MONTHS})(?:-(?:{_MONTHS}))?(?:\s+måned)?)",
    r"\bi\s+\d\.\s+kvartal(?:\s+(?:hvert\s+år|20\d\d))?",
    rf"\b(?:den\s+)?\d{{1,2}}\.\s+(?:{_MONTHS})(?:\s+20\d\d)?",
    # a month of a year ("første gang i marts 2027", "fra januar 2027", "senest i juni 2028", "senest januar 2029")
    rf"\b(?:(?:senest|tidligst)\s+(?:(?:i|inden|før)\s+)?|(?:i|fra|inden|før|efter|pr\.)\s+)(?:{_MONTHS})\s+20\d\d\b",
    r"\b(?:i|fra|frem\s+mod|inden|før|pr\.)\s+(?:år\s+)?20\d\d(?:\s*[-–]\s*20\d\d)?\b",
    # part of a year ("i starten af 2018", "i efteråret 2017", "i første halvår 2019")
    rf"\bi\s+(?:(?:starten|begyndelsen|midten|slutningen)\s+af|foråret|sommeren|efteråret|vinteren|"
    rf"(?:første|andet)\s+halvår|(?:første|anden)\s+halvdel\s+af)\s+(?:(?:{_MONTHS})\s+)?20\d\d\b",
    # a time of day bound by "senest", with its day ("senest kl. 12 dagen før", "senest kl. 10 på udskrivningsdagen");
    # not "inden kl. 12", which is as often a condition ("meldes … inden kl. 12.00, skal …"), nor opening hours
    r"\bsenest\s+(?:kl\.?|klokken)\s*\d{1,2}(?:[.:]\d{2})?"
    r"(?:\s+(?:dagen\s+(?:før|efter)|samme\s+dag|på\s+[a-zæøå]+dagen|den\s+følgende\s+hverdag))?",
    # a limit bound to the day of an event ("senest på udskrivningsdagen", "senest dagen efter udskrivelsen")
    r"\bsenest\s+(?:på\s+[a-zæøå]+dagen|dagen\s+(?:før|efter)\s+[a-zæøå]+)",
    # the day of an event named with it ("samme dag, som borgeren udskrives", "samme dag som udskrivelsen"); not
    # "samme dag" alone, whose day another sentence names
    r"\bsamme\s+dag,?\s+(?:som|hvor)\s+(?:(?:den|det|[a-zæøå]+(?:en|et|ne))\s+)?[a-zæøå]{4,}",
    # "inden kl. 12" with the day it is bound to ("inden kl. 12 den følgende hverdag") is a limit, no condition
    r"\binden\s+(?:kl\.?|klokken)\s*\d{1,2}(?:[.:]\d{2})?"
    r"\s+(?:dagen\s+(?:før|efter)|samme\s+dag|på\s+[a-zæøå]+dagen|den\s+følgende\s+hverdag)",
    # a numbered week, of the year or of a pregnancy ("senest i uge 24", "i graviditetsuge 14-16", "inden uge 16")
    r"\b(?:(?:senest|tidligst)\s+)?(?:(?:i|inden|før|fra|efter|ved)\s+)?(?:[a-zæøå]+s)?uge\s+\d{1,2}(?:\s*[-–]\s*\d{1,2})?\b",
    # a period named by its years ("i perioden 2018-2028", "i årene 2019–2023"), not the bare agreement period
    r"\bi\s+(?:(?:sundhedsaftale\s?|aftale)?perioden|årene)\s+(?:fra\s+)?20\d\d\s*[-–]\s*(?:20)?\d\d\b",
]
_TIME_RE = [re.compile(p, re.IGNORECASE) for p in _TIME_PATTERNS]
_PERIOD_RE = re.compile(
    r"(?<!undervejs )\b(?:i\s+løbet\s+af\s+|løbende\s+i\s+|i\s+hele\s+|i\s+den\s+kommende\s+|i\s+denne\s+|i\s+)"
    r"(?:sundhedsaftale\s?|aftale)?perioden?\b|\bi\s+denne\s+aftaleperiode\b",
    re.IGNORECASE,
)
# the end of the agreement period ("ved aftaleperiodens udgang", "ved udgangen af aftaleperioden", "inden periodens udløb"):
# a time limit, as "udgangen af 2031" is, and what a goal is to be met by
_PERIOD_END_RE = re.compile(
    r"\b(?:ved|inden|før|senest\s+ved)\s+(?:(?:udgangen|afslutningen|slutningen|udløbet)\s+af\s+(?:sundhedsaftale|aftale)?perioden"
    r"|(?:sundhedsaftale|aftale)?periodens\s+(?:udgang|afslutning|slutning|udløb|ophør))\b",
    re.IGNORECASE,
)
_SITUATION_DUE_RE = re.compile(
    r"\b(?:ved|efter|under|før|inden|i\s+forbindelse\s+med)\s+(?:en\s+|den\s+)?(?:indlæggelse(?:n)?|udskrivelse(?:n)?|"
    r"udskrivning(?:en)?|henvisning(?:en)?|fødsel(?:en)?|sygebesøg|opstart)\b",
    re.IGNORECASE,
)
# a condition before the main clause: "Hvis …, skal …", or a passive verb first ("Udskrives familien inden for 24
# timer efter fødslen, ringer hospitalet … inden kl. 12 den følgende hverdag"): the main clause's time is the due,
# the condition's says when it applies
_CONDITION = re.compile(r"^\s*(?:(?:[Hh]vis|[Ss]åfremt|[Dd]ersom)\b|[A-ZÆØÅ][a-zæøå]{3,}es\b)[^,.]*,\s+")
_RECURRING_RE = re.compile(
    r"\b(?:hvert\s+år|én\s+gang\s+årligt|årligt|hvert\s+kvartal|hvert\s+halve\s+år|hvert\s+halvår|halvårligt)\b",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"20\d\d")


@dataclass(frozen=True)
class Due:
    """A due expression and its type: "time" (concrete), "period" (the agreement period), "recurring" or "situation"."""

    text: str
    type: str


# a past tense right before a time: the time tells when something was, as "blev gennemført i 2025" does
_PAST_BEFORE = re.compile(r"\b(?:blev|var|havde|fandt\s+sted)\s+(?:[a-zæøå]+\s+){0,2}$", re.IGNORECASE)


def _first_time(text: str, min_year: int | None, dated: bool = False, past: bool = False) -> str | None:
    """The statement's first concrete time (``dated``: the first that names a year; ``past``: also when something
    was, after a past tense, which is no due but may answer when it happened)."""
    best: tuple[int, str] | None = None
    for rx in _TIME_RE:
        for m in rx.finditer(text):
            years = [int(y) for y in _YEAR_RE.findall(m.group(0))]
            if min_year and years and max(years) < min_year or dated and not years:
                continue
            if not past and _PAST_BEFORE.search(text, max(0, m.start() - 40), m.start()):
                continue  # "som senest blev gennemført i 2025", "hvor langt vi var i 2026": when it was, not a due
            if best is None or m.start() < best[0]:
                best = (m.start(), m.group(0))
            break
    return best[1] if best else None


def find_dated_due(text: str, min_year: int | None = None, period: str | None = None, past: bool = False) -> Due | None:
    """The statement's first concrete time that names a year, else the end of the agreement period: what a goal is
    to be met by, where a span of its measure comes first ("andelen af genindlæggelser inden for 30 dage er under 8
    procent i 2029", "… skal være under 8 procent ved aftaleperiodens udgang")."""
    best = _first_time(text, min_year, dated=True, past=past)
    if best is not None:
        return Due(_tidy_due(best), "time")
    m = _PERIOD_END_RE.search(text)
    return Due(_of_period(m.group(0), period), "time") if m else None


def _of_period(phrase: str, period: str | None) -> str:
    """A phrase of the agreement period, with the period's years where the document gives them."""
    due = _tidy_due(phrase)
    return f"{due} ({period})" if period else due


def find_due(text: str, period: str | None = None, min_year: int | None = None, past: bool = False) -> Due | None:
    """The due expression of a statement, or None.

    Concrete times come first (``inden for 24 timer``, ``senest 2016``,
    ``inden udgangen af 2017``, ``i 2018``), then the agreement period
    (``i aftaleperioden``, given as ``i aftaleperioden (2015–2018)`` when the
    document's period is known), then recurring times and situations
    (``ved udskrivelse``).

    Args:
        text: the statement.
        period: the document's period, e.g. ``2015–2018``.
        min_year: years before this are history, not due dates.
        past: a time after a past tense counts too ("blev gennemført i efteråret 2013"): when something happened,
            for an answer's time, where the register's due is always to come.
    """
    condition = _CONDITION.match(text)
    best = (condition and _first_time(text[condition.end():], min_year, past=past)) or _first_time(text, min_year, past=past)
    if best is not None:
        return Due(_tidy_due(best), "time")
    m = _PERIOD_END_RE.search(text)
    if m:  # the period's end is a time limit, as "udgangen af 2031" is
        return Due(_of_period(m.group(0), period), "time")
    m = _PERIOD_RE.search(text)
    if m:
        return Due(_of_period(m.group(0), period), "period")
    m = _RECURRING_RE.search(text)
    if m:
        return Due(_tidy_due(m.group(0)), "recurring")
    m = _SITUATION_DUE_RE.search(text)
    if m:
        return Due(_tidy_due(m.group(0)), "situation")
    return None


def _tidy_due(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    text = re.sub(r"(20\d\d)\s*[-–]\s*(20\d\d)", r"\1–\2", text)
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and (len(first) == 1 or not first.isupper()):
        text = text[0].lower() + text[1:]  # "I aftaleperioden" -> "i aftaleperioden"; keep "KKR"
    return text
