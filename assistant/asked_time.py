"""The time a question asks for and the time a sentence states: a frequency ("hvor ofte", "hvert kvartal"),
a span or a limit ("hvor lang tid", "inden for 90 dage", "samme dag"), a date, a time of day ("kl. 8-15")
and a day of the week ("den følgende mandag"). The marks are general Danish and English, not one corpus's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from foundation.text.tokens import danish_letters
from ingest.commitments.lexicon import EN_MONTHS, MONTHS, NUMBER_WORDS, WEEKDAYS

# "hvor ofte", "how often": a time asked as a frequency, which a date or a deadline does not answer
FREQUENCY_WORDS = r"hvor\s+(?:ofte|tit|hyppigt|oft)|how\s+(?:often|frequently)"
FREQUENCY_ASKED = re.compile(rf"\b(?:{FREQUENCY_WORDS})\b", re.IGNORECASE)
_EVERY = r"(?:dag|døgn|uge|måned|kvartal|halvår|år|møde)\w*"
_FREQUENCY = re.compile(
    rf"\bhver(?:t|e)?\s+(?:(?:andet|anden|tredje|fjerde|halve|\d+\.?)\s+)?{_EVERY}"
    rf"|\b(?:en|én|et|to|tre|fire|fem|seks|\d+)\s+gange?\s+(?:(?:om|pr\.?|per|i|hvert|hver)\s*\w+|\w*(?:årligt|månedligt|ugentligt|dagligt))"
    r"|\b(?:once|twice|(?:\d+|two|three|four|five|six)\s+times)\s+(?:a|per|each|every)\s+\w+"
    r"|\b(?:dagligt|ugentligt|månedligt|kvartalsvis|halvårligt|årligt|løbende|regelmæssigt|jævnligt|årlig\w*)\b"
    r"|\b(?:every|each)\s+(?:\w+\s+)?(?:day|week|month|quarter|year|meeting)s?\b|\b(?:daily|weekly|monthly|quarterly|annually|yearly)\b",
    re.IGNORECASE,
)


def _asks(pattern: re.Pattern[str], question: str) -> bool:
    """The question holds ``pattern``, also when typed without æøå ("hvor laenge")."""
    return bool(pattern.search(danish_letters(question)) or pattern.search(question))


def _first(pattern: re.Pattern[str], text: str) -> str:
    m = pattern.search(text)
    return m.group(0) if m else ""


def asks_frequency(question: str) -> bool:
    """The question asks how often ("hvor ofte mødes udvalget?", "how often is the plan revised?")."""
    return _asks(FREQUENCY_ASKED, question)


def frequency_phrase(text: str) -> str:
    """The sentence's statement of how often ("hvert år", "en gang årligt", "løbende"), or ""."""
    return _first(_FREQUENCY, text)


def frequency_spans(text: str) -> list[tuple[int, int]]:
    """Where the sentence states how often, each ("mødes hvert kvartal og aflægger én gang om året en status": two)."""
    return [m.span() for m in _FREQUENCY.finditer(text)]


# "hvor lang tid", "hvor længe", "how long": a time asked as a span, which a date or a period ("i
# aftaleperioden") does not answer; a span ("inden for 90 dage", "samme dag"), a limit ("senest når …") or
# an end ("indtil behandlingen er afsluttet") does
# "hvor lang ventetid", "hvor lang er behandlingstiden": how long a span named by its noun is
_SPAN_BY_NOUN = r"lange?\s+(?:(?:er|var|bliver)\s+)?[a-zæøå]*tid(?:en|er|erne)?"
# "hvad er ventetiden …", "what is the average waiting time …": the value of a span asked by its noun (not "åbningstiden",
# a time of day)
_SPAN_VALUE = (r"(?:hvad|what)\s+(?:er|var|bliver|is|was)\s+(?:den\s+|the\s+)?(?:[a-zæøå]+\s+)?"
               r"(?:(?!åbnings)[a-zæøå]+tid(?:en)?|(?:waiting|processing|response|treatment)\s+time)")
SPAN_ASKED_BY_NOUN = rf"hvor\s+{_SPAN_BY_NOUN}|{_SPAN_VALUE}"
"""How long a span named by its noun is, or what its value is: a question of how long as "hvor lang tid" is one."""
_LENGTH_WORDS = r"hvor\s+(?:lang\s+tid|længe)|how\s+long"
_DURATION_WORDS = rf"{_LENGTH_WORDS}|hvor\s+(?:hurtigt|snart)|how\s+(?:soon|quickly|fast)"
DURATION_FRAME = re.compile(rf"\b(?:{_DURATION_WORDS})\b", re.IGNORECASE)
"""The frame of a question of how long or how soon: it says what kind of answer is asked, no topic a sentence must hold."""
_DURATION_ASKED = re.compile(rf"\b(?:{_DURATION_WORDS}|{SPAN_ASKED_BY_NOUN})\b", re.IGNORECASE)
_SPAN_UNIT = (r"(?:minut\w*|time[rn]?|timers|døgn\w*|dag(?:e|en|es)?|hverdag\w*|kalenderdag\w*|arbejdsdag\w*|uge[rn]?\w*|måned\w*|år(?:et|s)?"
              r"|minutes?|hours?|days?|weekdays?|working\s+days?|weeks?|months?|years?)")
_AMOUNT_OF_TIME = (
    rf"\b(?:\d+(?:[.,]\d+)?|en|et|én|ét|{'|'.join(NUMBER_WORDS)}|one|two|three|four|five|six|seven|eight|nine|ten|"
    rf"twelve|fourteen|thirty)\s+(?:\w+\s+)?{_SPAN_UNIT}\b"
)
# a limit with no amount of time that still answers how soon: the day itself or the next, at once
_DAY_WORDS = (r"samme\s+dag|dagen\s+(?:efter|før)|næste\s+dag|straks|med\s+det\s+samme|same\s+day|the\s+next\s+day|"
              r"the\s+day\s+(?:after|before)|immediately")
# a period bounded at both ends by days: "for perioden 1. marts 2027 til 30. juni 2028"; not years alone ("i perioden
# 2024-2027", an agreement's period, tells no span of what is asked) nor "i aftaleperioden"
_DAY_OF = r"(?:den\s+)?\d{1,2}\.?\s*[a-zæøå]+\s+"
_BOUNDED = rf"\b(?:fra|from|perioden)\s+{_DAY_OF}(?:19|20)\d\d\s*(?:til|to|[-–])\s*{_DAY_OF}(?:19|20)\d\d\b"
_DURATION = re.compile(
    _AMOUNT_OF_TIME
    + rf"|\b(?:{_DAY_WORDS}|senest|indtil|så\s+længe|højst|until|no\s+later\s+than|as\s+long\s+as|at\s+most)\b|{_BOUNDED}",
    re.IGNORECASE,
)


# "what date", "hvilken dato": a day of a month is asked, which a year ("i 2017") or a period does not give
_DATE_ASKED = re.compile(r"\b(?:what|which)\s+(?:\w+\s+)?date\b|\bhvilke[nt]?\s+(?:\w+\s+)?dato(?:er)?\b", re.IGNORECASE)
_DATE = re.compile(
    rf"\b\d{{1,2}}\.?\s*(?:{'|'.join(MONTHS + EN_MONTHS)})\b|\b(?:{'|'.join(EN_MONTHS)})\s+\d{{1,2}}\b"
    r"|\b\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})\b|\b\d{1,2}\.\s*(?:-\s*\d{1,2}\.\s*)?(?:jan|feb|mar|apr|jun|jul|aug|sep|okt|nov|dec)\b",
    re.IGNORECASE,
)


def asks_date(question: str) -> bool:
    """The question asks for a date ("Until what date …", "hvilken dato …")."""
    return bool(_DATE_ASKED.search(question))


def states_date(text: str) -> bool:
    """The sentence holds a day of a month ("den 17. september 2018", "1.1.2025", "May 1")."""
    return bool(_DATE.search(text))


def asks_duration(question: str) -> bool:
    """The question asks how long ("hvor lang tid har kommunen …", "hvor længe", "how long …")."""
    return _asks(_DURATION_ASKED, question)


# an age, not a span: "voksne borgere over 18 år", "børn mellem 5 og 18 år", "aged 65 years", "3 år gamle"
_AGE_BEFORE = re.compile(r"\b(?:over|under|mellem\s+\d+\s+og|fra\s+\d+\s+til|alderen|aged?|older\s+than|younger\s+than"
                         r"|between\s+\d+\s+and)\s+$", re.IGNORECASE)
_AGE_AFTER = re.compile(r"\s+(?:gamle?|old|og\s+(?:derover|ældre|opefter|over)|and\s+(?:over|older))\b", re.IGNORECASE)
_YEARS_UNIT = re.compile(r"(?:år(?:et|s)?|years?)$", re.IGNORECASE)


def _first_span(pattern: re.Pattern[str], text: str) -> str:
    """The first match of ``pattern`` that is no age ("over 18 år" tells who, not how long)."""
    for m in pattern.finditer(text):
        if _YEARS_UNIT.search(m.group(0)) and (_AGE_BEFORE.search(text, 0, m.start()) or _AGE_AFTER.match(text, m.end())):
            continue
        return m.group(0)
    return ""


def duration_phrase(text: str) -> str:
    """The sentence's statement of a span or limit ("inden for 90 dage", "samme dag", "senest"), or ""; an age
    ("borgere over 18 år") is none."""
    return _first_span(_DURATION, text)


# a span with the word that bounds it: "højst 6 måneder", "inden for 14 dage", "at most two weeks"
_SPAN = re.compile(
    r"(?:\b(?:højst|mindst|op\s+til|inden\s+for|indenfor|senest|i\s+op\s+til|within|at\s+most|at\s+least|up\s+to)\s+)?"
    + _AMOUNT_OF_TIME,
    re.IGNORECASE,
)


# a day's limit with the word that bounds it: "senest dagen efter", "samme dag"
# … or the day of an event with its bound: "senest på udskrivningsdagen", "inden indlæggelsesdagen"
_DAY_LIMIT = re.compile(rf"\b(?:(?:senest|inden|by|within|no\s+later\s+than)\s+)?(?:{_DAY_WORDS})\b"
                        r"|\b(?:senest|inden)\s+(?:på\s+)?[a-zæøå]{3,}dagen\b", re.IGNORECASE)


def span_phrase(text: str) -> str:
    """The sentence's span of time with its bound ("højst 6 måneder"), or a limit of a day's words
    ("samme dag", "dagen efter", "straks"), or a period bounded at both ends, or ""."""
    return _first_span(_SPAN, text) or day_limit(text) or bounded_period(text)


_BOUNDED_PERIOD = re.compile(_BOUNDED, re.IGNORECASE)


def bounded_period(text: str) -> str:
    """A period the sentence bounds at both ends, read from its start ("for perioden 1. marts 2027 til 30. juni 2028":
    "fra 1. marts 2027 til 30. juni 2028"), or ""."""
    m = _BOUNDED_PERIOD.search(text)
    return re.sub(r"^perioden\b", "fra", m.group(0), flags=re.IGNORECASE) if m else ""


# a time counted from the start of what the sentence speaks of: "evalueres efter et år", "kontaktes efter 3 måneder"
_AFTER_SPAN = re.compile(rf"\b(?:efter|after)\s+{_AMOUNT_OF_TIME}", re.IGNORECASE)


# how long something lasts or takes, not how soon it comes ("hvor hurtigt", "how soon" ask a limit)
_HOW_LONG = re.compile(rf"\b(?:{_LENGTH_WORDS}|hvor\s+laenge|{SPAN_ASKED_BY_NOUN})\b", re.IGNORECASE)
_AN_AMOUNT = re.compile(rf"{_AMOUNT_OF_TIME}|{_BOUNDED}", re.IGNORECASE)


def is_length(question: str, phrase: str) -> bool:
    """The question asks how long, and ``phrase`` is an amount of time or a bounded period ("14 uger", "fra 1. marts
    2027 til 30. juni 2028"): what the answer gives is a length, not a point in time."""
    return bool(_HOW_LONG.search(question) and _AN_AMOUNT.match(phrase))


def after_span(text: str) -> str:
    """The sentence's time after an amount of time ("efter et år"), or ""."""
    return _first(_AFTER_SPAN, text)


def day_limit(text: str) -> str:
    """The sentence's limit of a day's words with its bound ("senest dagen efter", "samme dag"), or ""."""
    return _first(_DAY_LIMIT, text)


# a time of day with its days and bound: "alle dage kl. 17-19", "senest kl. 10 på udskrivningsdagen",
# "fra kl. 15.30 til kl. 23", "at 10 am"
TIME_OF_DAY = r"(?:kl\.?|klokken)\s*\d{1,2}(?:[.:]\d{2})?"
WEEKDAY = r"(?:" + "|".join(WEEKDAYS) + r")(?:en|e|ene)?"
_CLOCK = re.compile(
    r"(?:\b(?:senest|inden|fra|efter|før|mellem|indtil|by|from|before|after)\s+)?"
    r"(?:\b(?:alle(?:\s+ugens)?\s+dage|(?:på\s+)?hverdage|i\s+weekenden|weekender|dagligt|"
    rf"(?:(?:hver|alle|om)\s+)?{WEEKDAY}(?:\s*[-–]\s*{WEEKDAY})?)\s+(?:(?:fra|mellem)\s+)?)?"
    rf"\b{TIME_OF_DAY}(?:\s*(?:[-–]|til|og)\s*(?:{TIME_OF_DAY}|\d{{1,2}}(?:[.:]\d{{2}})?))?(?:\s+på\s+\w*dag(?:en)?)?"
    r"|\b(?:by|at|before|from)\s+\d{1,2}(?:[.:]\d{2})?\s*(?:a\.?m\b|p\.?m\b|o'clock)",
    re.IGNORECASE,
)


def clock_time(text: str) -> str:
    """The sentence's time of day with its days and bound ("alle dage kl. 17-19"), or ""."""
    return _first(_CLOCK, text)


# a day of the week with what places it: "den følgende mandag", "om fredagen", "hver tirsdag", "mandag-fredag"
_WEEKDAY_TIME = re.compile(
    r"\b(?:(?:senest|inden|fra|efter|før|indtil)\s+)?(?:(?:den|på|om|hver|alle|næste|følgende|samme|førstkommende)\s+){0,2}"
    rf"(?P<day>{WEEKDAY})\b(?:\s*(?:[-–]|til)\s*{WEEKDAY}\b)?",
    re.IGNORECASE,
)


def weekday_time(text: str, named: Callable[[str], bool] = lambda day: False) -> str:
    """The sentence's day of the week with the words that place it ("den følgende mandag"), or ""; a day
    ``named`` by the question is its condition, not its answer ("Udskrives borgeren en fredag, kontakter …
    borgeren den følgende mandag" answers "… discharged on a Friday?" with "den følgende mandag")."""
    for m in _WEEKDAY_TIME.finditer(text):
        if not named(m.group("day").lower()):
            return m.group(0)
    return ""


# "hvor mange … i dag", "how many … last year": a figure as it is or was, which a target ("skal være under 20 procent
# i 2030") does not give
_ACTUAL = re.compile(
    r"\b(?:today|now|currently|at\s+present|so\s+far|to\s+date|last\s+year|i\s+dag|idag|lige\s+nu|aktuelt|for\s+tiden"
    r"|indtil\s+nu|sidste\s+år|sidste\s+aar|i\s+fjor)\b",
    re.IGNORECASE,
)


def asks_actual(question: str) -> bool:
    """The question asks a figure as it is now or was ("… i dag", "… last year"), not as it is to be."""
    return _asks(_ACTUAL, question)
