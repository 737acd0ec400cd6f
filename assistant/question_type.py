"""A question's asked type: who, when, number, yesno or other.

The type picks the lead line and the answer-slot checks (``assistant.lead``, ``assistant.answer``) and is
a reader feature. It is read from the first interrogative that opens a clause, in Danish or English, and
from a question's casual spelling ("hvornaar") where its letters alone type it as nothing.
"""

from __future__ import annotations

import re

from assistant.asked import MONEY_NOUN
from assistant.asked_time import FREQUENCY_WORDS, SPAN_ASKED_BY_NOUN
from assistant.measures import asked_measure
from foundation.text.tokens import danish_letters


def classify(question: str) -> str:
    """The asked type: who, when, number, yesno or other (a question in casual spelling, "hvornaar",
    "hvor laenge", read with æ/ø/å)."""
    asked = _classify(question.lower())
    if asked == "other":  # only then: "does" must not become "døs"
        asked = _classify(danish_letters(question.lower()))
    return asked


# An interrogative asks where it opens a clause: the question, a clause after a comma or dash, or a
# coordinated or prepositional one ("…, and who", "by when", "to whom", "i hvor mange"). After a word,
# English "who" and "when" are a relative pronoun or a conjunction ("patients who struggle", "expected to
# … when it comes to prevention"), and "when" followed by its subject opens a condition ("When the social
# worker gets involved, does …"), not a question: it asks when an auxiliary, a coordination or an
# adverbial follows ("when must", "when and where", "when in the year") or nothing does.
# Danish needs none of this: its relative is "der"/"som", its conjunction "når".
_OPENER = (r"(?:^\s*|[,.;:?!–—-]\s*|\b(?:and|or|but|so|then|to|by|for|from|with|of|in|at|on|since|until|till|about"
           r"|og|eller|men|til|fra|inden|efter|i|om|med)\s+)")
_AUX = r"(?:is|are|was|were|does|do|did|can|could|should|must|will|would|shall|has|have|had|may|might)"
_ASKED_WHO = re.compile(_OPENER + r"(?:who|whom|whose)\b")
_WHEN_ASKS = rf"(?=\s+(?:{_AUX}|and|or|in|during|exactly|roughly|approximately)\b|\s*\??\s*$)"
_ASKED_WHEN = re.compile(_OPENER + r"when" + _WHEN_ASKS)
# "which year", "which week", "hvilke år", "hvilken periode", "how often": a time asked by its noun. Not
# "which day" or "at what point": their answers are often a situation ("ved udskrivelse", "før mødet") that
# the time check (``assistant.answer.missing_asked``) cannot see, and on tune it refused right answers
_TIME_NOUN = r"(?:years?|weeks?|dates?|periods?|år|aar|uger?|datoer?|perioder?)\b"
_TIME_BY_NOUN = re.compile(r"(?:what|which|hvilke|hvilken|hvilket)\s+(?:\w+\s+)?" + _TIME_NOUN + "|" + FREQUENCY_WORDS)
# the first interrogative decides over words further on: "Since when have municipalities been responsible
# …" asks a time, "what proportion … is alcohol responsible for" a number, "Hvornår skal kommunen tage
# ansvar" a time; a plain "what"/"hvad" leaves the type to the words that follow
_FIRST_ASKED = re.compile(
    _OPENER + r"(?P<wh>how many|how much|what share|what proportion|what percentage|hvor mange|hvor meget|hvor stor"
    r"|" + _TIME_BY_NOUN.pattern +
    r"|how long|how soon|how quickly|how fast|hvor længe|hvor lang tid|hvor hurtigt|hvor snart|hvornår|hvem|who|whom|whose"
    r"|when" + _WHEN_ASKS + r"|what|which|where|why|how|hvad|hvilke|hvilken|hvilket|hvordan|hvorfor|hvor)\b"
)
_WH_TYPE = {"how many": "number", "how much": "number", "what share": "number", "what proportion": "number",
            "what percentage": "number", "hvor mange": "number", "hvor meget": "number", "hvor stor": "number",
            "how long": "when", "how soon": "when", "how quickly": "when", "how fast": "when", "hvor længe": "when",
            "hvor lang tid": "when", "hvor hurtigt": "when", "hvor snart": "when", "hvornår": "when", "when": "when",
            "hvem": "who", "who": "who", "whom": "who", "whose": "who"}
# the Danish interrogative of an English one: beside an English question's Danish terms it makes the
# embedding's query read as the Danish question it is ("who" … "hvem"), so it sits nearer the Danish sentence.
# "how many", "how long" are left out: they lifted every sentence with a number or a span, and on tune four
# unanswerable number questions were answered (tune 676 -> 674 with them, 678 without)
_DANISH_WH = {"who": "hvem", "whom": "hvem", "whose": "hvis", "when": "hvornår", "what": "hvad", "which": "hvilke",
              "where": "hvor", "why": "hvorfor", "how": "hvordan"}
YESNO_VERB = (r"(?:er|var|skal|skulle|kan|kunne|må|måtte|vil|ville|bør|burde|har|havde|findes|fandtes|bliver|blev|får|fik"
              r"|is|are|was|were|does|do|did|can|could|should|must|will|would|shall|may|has|have|had)")
# a yes/no question behind a fronted phrase or clause: "In the Capital Region, are patients …",
# "If a municipality cuts …, does it have to …"
_FRONTED_YESNO = re.compile(rf"[^,?]*,\s*{YESNO_VERB}\b")


# "Hvad er lønnen for …", "What is the budget for …": what a sum of money is asks for a number; not "What is a
# terminal grant?", which asks what kind of thing it is (the indefinite article)
_AMOUNT_ASKED = re.compile(
    r"\s*(?:what|hvad)\s+(?:is|are|was|were|er|var|bliver)\s+(?!(?:a|an|en|et)\s)(?:the\s+|det\s+|den\s+)?(?:\w+\s+){0,2}?"
    rf"{MONEY_NOUN}\b"
)


# A question that opens with its finite verb asks yes or no, whatever interrogative or keyword a clause inside
# it holds ("Har hospitalerne pligt til at give besked, hvis de ændrer på, hvor meget …", "Er antallet af
# pladser omfattet …", "Do we know how many …", "Is the municipality responsible …"); not where an
# interrogative opens a coordinated clause of its own ("Can I complain, and to whom?", "… og sammen med hvem")
_YESNO_OPENING = re.compile(rf"\s*{YESNO_VERB}\b")
_COORDINATED = re.compile(r"\b(?:og|eller|and|or)\s+(?:\S+\s+){0,2}$")


# "Hvornår er en genoptræningsopgave kompleks?", "hvornår regnes en patient for udskrivningsklar", "When is a
# task considered complex?": when something generic counts as a kind asks what makes it so, not a time
# ("Hvornår er fristen?", "Hvornår er planen færdig?" name one thing and ask a time)
_CRITERION = re.compile(
    r"\bhvorn(?:år|aar|ar)\s+(?:(?:er|bliver|regnes|betragtes|anses|kaldes|defineres|opfattes)\s+(?:en|et)\s"
    r"|(?:regnes|betragtes|anses|kaldes|defineres|opfattes)\b)"
    r"|\bwhen\s+(?:is|are|does|do)\s+(?:a|an)\s+(?:\S+\s+){1,4}?(?:considered|regarded|deemed|counted|classed|seen\s+as"
    r"|counts?\s+as|qualif(?:y|ies)\s+as)\b"
)


# "hvor lang ventetid …", "hvor lang er ventetiden", "hvad var ventetiden …": how long a span named by its noun is, or its
# value, asks a time, as "hvor lang tid" does
_SPAN_BY_NOUN = re.compile(rf"\b(?:{SPAN_ASKED_BY_NOUN})\b")


def danish_interrogative(question: str) -> str:
    """The Danish word for an English question's first interrogative ("" for none, or a Danish question)."""
    first = _FIRST_ASKED.search(question.lower())
    return _DANISH_WH.get(first.group("wh"), "") if first is not None else ""


def _classify(q: str) -> str:
    if _CRITERION.search(q):
        return "other"
    first = _FIRST_ASKED.search(q)
    span = _SPAN_BY_NOUN.search(q)
    if span and first is not None and first.start("wh") == span.start():
        return "when"
    if _YESNO_OPENING.match(q) and not (
        first is not None and first.group("wh") in _WH_TYPE and _COORDINATED.search(q[: first.start("wh")])
    ):
        return "yesno"
    if first is not None and first.group("wh") in _WH_TYPE:
        return _WH_TYPE[first.group("wh")]
    if _AMOUNT_ASKED.match(q) or asked_measure(q):  # "hvad er aldersgrænsen …", "how old …", "how far …": a measure
        return "number"
    if first is not None and _TIME_BY_NOUN.fullmatch(first.group("wh")):
        return "when"
    if re.search(r"\bhvem\b|ansvar|responsib", q) or _ASKED_WHO.search(q):
        return "who"
    if _ASKED_WHEN.search(q) or re.search(r"hvornår|hvornar|frist|deadline|\bsenest\b|inden for hvor|how soon|how quickly|how fast|how long|hvor hurtigt|hvor lang tid|hvor længe|hvor laenge", q):
        return "when"
    if re.search(r"hvor mange|hvor stor|hvor meget|how many|how much|antal|procent|percent|\bandel(?:en|e|ene)?\b|(?<!phone )number of|hvad koster|what does .* cost", q):
        return "number"
    if first is None and _FRONTED_YESNO.match(q):
        return "yesno"
    return "other"


# The words of a question's frame (its interrogative, its verb of saying, the agreement it asks of): no topic
# a sentence must hold
QUESTION_WORDS = frozenset(
    "hvem hvad hvornår hvor hvordan hvilke hvilken hvilket hvorfor hvor mange who what when where which why how "
    "står star skal gøre gør er the does do is are in of for to and what's hurtigt hurtig længe laenge quickly soon".split()
)
GENERIC = frozenset(
    "aftale aftalen aftalerne aftaler sundhedsaftale sundhedsaftalen sundhedsaftalerne står står sig ansvar ansvaret ansvarlig "
    "agreement agreements say says said according sige siger nævnt nævnes beskrevet fremgår om oplæg udspil dokument dokumentet "
    "papir papiret kkr-papiret kkr's sørge sørger sørges hedder hed skriver står stå siger gælder gælde "
    "findes ifølge vedrørende forhold forbindelse "
    # a support verb: its noun says what is done ("stille en diagnose", "stille krav", "stille til rådighed")
    "stille stiller stillede stilles".split()
)
