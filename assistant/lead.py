"""The lead line of an answer: what is asked (the actor, the time, the number), in the quote's own words.

A *hvem* / *who* question leads with the actor phrase of the first quote (``Kommunerne``,
``den praktiserende læge``), a *hvornår* / *when* question with its time expression
(``senest 3 hverdage efter udskrivning``), a *hvor mange* / *how many* question with its
number and what it counts (``18 ud af 19 kommuner``). The phrase is cut from the quoted
sentence, never written: where the quote does not state it, there is no lead line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.asked import (
    ABOUT,
    APPROXIMATED,
    FRACTIONS,
    ORDINALS,
    AskedUnit,
    counts_asked,
    function_words,
    names_of,
    number_kind,
    speaks_of_paying,
)
from assistant.agent_name import agent_of, named_agent, subject_doing, tidy_phrase, to_noun
from assistant.asked_time import (
    after_span,
    is_length,
    asks_duration,
    asks_frequency,
    clock_time,
    day_limit,
    duration_phrase,
    frequency_phrase,
    frequency_spans,
    span_phrase,
    weekday_time,
)
from assistant.candidates import holds_group
from assistant.goal import states_target
from assistant.measures import MEASURES, in_age, measure_phrase
from assistant.predicate import asked_forms, does_asked, is_form
from assistant.query import QueryPlan
from foundation.messages import msg
from foundation.text.bullets import BULLET_GLYPHS, TYPED_BULLETS
from foundation.text.language import english_stopwords
from foundation.text.sentences import split_sentences
from foundation.text.tokens import stem, stopwords, without_links, words
from ingest.commitments.actors import first_named, match_np, proper_name_start
from ingest.commitments.agents import WORKING_UNIT, owned_at
from ingest.commitments.dates import find_dated_due, find_due
from ingest.commitments.grammar import Context, first_hit
from ingest.commitments.lexicon import ACTOR_TERMS, EN_MONTHS, MONTHS, NUMBER_WORDS, WE, WEEKDAYS

_CONTEXT = Context(doc_kind="sundhedsaftale", is_agreement=True, goal_context=False, period=None, min_year=None)
_NUMBER = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)*(?:\s*[-–]\s*\d+(?:[.,]\d+)*)?(?:\s*(?:%|procent|pct\.?))?(?:\s+ud\s+af\s+\d+)?)(?![\d)])"
    r"(\s+(?:mio|mia|mill)\.\s+kr\.|\s+(?:kr\.|[a-zæøå][\wæøå-]*)(?:\s+[a-zæøå][\wæøå-]{2,})?)?",
    re.IGNORECASE,
)
_NOT_COUNTED = re.compile(
    r"^\s+(?:og|eller|i|af|til|for|på|med|som|der|at|er|har|skal|kan|vil|ud|efter|før|inden|om|per|pr|årligt|"
    r"hver|blev|var|bliver|the|and|of|to|in)$",
    re.IGNORECASE,
)
_ANCHOR = re.compile(r",?\s+(?:efter|før|fra|inden|ved)(?:,?\s+at)?\s+(?:(?!\s+og\s)[^.;:,()]){1,60}")
# the finite verb after a fronted adverbial, and the subject after it: "… sender kommunen", "… kontakter vi"
_NOT_A_VERB = r"(?:af|fra|til|for|med|om|på|i|hos|ved|under|over|mellem|mod|og|eller)\s"
_SUBJECT = rf"(?:den|det|de)?\s*(?:{'|'.join(t for t, _ in ACTOR_TERMS)}|vi|man|han|hun)\b"
_VERB_THEN_SUBJECT = re.compile(rf"\s+(?!{_NOT_A_VERB})[a-zæøå]+\s+(?={_SUBJECT})", re.IGNORECASE)
# "1. januar", "3 June": a day of a month. English "may" left out: "1 may" is more often a count and a verb.
MONTH_NAMES = "|".join(dict.fromkeys(m for m in (*MONTHS, *EN_MONTHS) if m != "may"))
_DAY_OF_MONTH = re.compile(rf"\.?\s*(?:{MONTH_NAMES})\b", re.IGNORECASE)
_LIST_MARK = re.compile(r"[.)]\s+[A-ZÆØÅ]")
_DAY_RANGE_START = re.compile(r"\b\d{1,2}\.\s*[-–]\s*$")
_SINCE = re.compile(r"\bsiden\s+(?:(?:den\s+)?\d{1,2}\.\s+[a-zæøå]+\s+)?(?:19|20)\d\d\b", re.IGNORECASE)
_WORD = r"[a-zæøå][\wæøå-]*"
# a share in words with what it is of: "Mere end hver tredje borger", "Omkring en tredjedel af de borgere", "mindst to
# tredjedele af medlemmerne"
_WORD_SHARE = re.compile(
    rf"\b(?:(?:mere end|mindre end|over|under|næsten|knap|godt|omkring|cirka|ca\.|mindst|højst|op til)\s+)?(?:hver\s+{ORDINALS}\s+{_WORD}"
    rf"|(?:(?:en|{'|'.join(NUMBER_WORDS)})\s+)?{FRACTIONS}(?:en|e)?(?:\s+af\s+(?:de\s+|den\s+|det\s+|alle\s+)?{_WORD}(?:\s+{_WORD})?)?)",
    re.IGNORECASE,
)
# "medlemmerne", "borgerne": a plural noun with its article ends what a share is of; the word after it is the verb's
_DEFINITE_PLURAL = ("rne", "ene")
# "17 ud af 19 kommuner": the whole it is counted of names the unit in one word (not "… kommuner svarer")
_OUT_OF = re.compile(r"\sud\s+af\s", re.IGNORECASE)
_ALTERNATIVES = re.compile(r"\s(?:eller|or)\s", re.IGNORECASE)
_FOOTNOTE_DIGITS = re.compile(r"(?<=[a-zæøå])\d{1,2}$")


def _not_counted(word: str) -> bool:
    """A word a number does not count: the few of ``_NOT_COUNTED`` and any Danish or English function word
    of three letters or more (the English list also holds single letters, and "20 m" counts metres)."""
    low = word.lower()
    return bool(_NOT_COUNTED.match(" " + word)) or len(low) >= 3 and (low in stopwords() or low in english_stopwords())


def _modifies(word: str) -> bool:
    """Whether a word after a number in words may stand before what it counts: an adjective's plural
    ("fire strategiske målsætninger") or a genitive ("to års"); a plural noun ("seks medlemmer") is what is
    counted, and the word after it is the sentence's ("følger aftalen"). Digits keep their unit's words
    ("2,5 mio. kr.", "15 – 20 år tidligere")."""
    return word.lower().endswith(("e", "s"))


def actor_phrase(text: str, actor: str = "") -> str:
    """The actor as the quote names it: the register's ``actor`` where the quote names it, else the clause's subject."""
    if actor:
        # the first the quote names of it: "Kommunen betaler for plejeseng … og hjemmesygepleje" names the
        # municipality twice (the service is one of its own), and its subject is the payer
        m = first_named(text, actor)
        if m:
            named = proper_name_start(text, m.end())  # "Vejle Kommune", "Nordsjællands Hospital": the name whole
            start = m.start() if named is None else named
            np = match_np(text, start)
            return tidy_phrase(np.group(0) if np else m.group(0))
        if actor == "parterne":  # several actors together: the phrase that joins them
            np = match_np(text, 0)
            if np and len(np.group(0).split()) > 1:
                return tidy_phrase(np.group(0))
        # a unit the document names as the actor's ("Efter udredningen sender klinikken …" after "Hukommelsesklinikken,
        # Sygehus Lillebælt"): the quote names it by the unit, the first it names
        unit = WORKING_UNIT.search(text)
        if unit:
            return unit.group(0)
    hit = first_hit(text, _CONTEXT)
    if hit is not None and WE not in hit.actors and hit.start < len(text):
        np = match_np(text, hit.start)
        if np:
            return tidy_phrase(np.group(0))
        owned = owned_at(text, hit.start)  # "Kommunens genoptræningsenhed kontakter …", "… af kommunens børneterapeuter"
        if owned:
            return tidy_phrase(text[owned[1].start() : to_noun(text, owned[1].end())])  # "Sygehusets palliative team"
    np = match_np(text, 0)
    if np and np.group(0).strip().lower() != "vi":
        return tidy_phrase(np.group(0))
    return named_agent(text)


def time_phrase(text: str, dated: bool = False) -> str:
    """The time expression of the quote (a limit, a date, a period, a situation), with what it counts from;
    ``dated``: the first that names a year, where there is one (what a goal is to be met by)."""
    due = (find_dated_due(text, past=True) if dated else None) or find_due(text, past=True)
    if due is None:  # a start the register does not take for a due date: "Siden 2007 har kommunerne …"
        since = _SINCE.search(text)
        return tidy_phrase(since.group(0)) if since else ""
    said = due.text.split(" (")[0]  # tidied: one space, years joined by "–" where the text may have "-"
    pattern = r"\s+".join(re.escape(w).replace("–", r"\s*[-–]\s*") for w in said.split())
    found = re.search(pattern, text, re.IGNORECASE)
    if found is None:
        return ""
    start, end = found.span()
    days = _DAY_RANGE_START.search(text, 0, start)  # "den 10.-11. januar 2013": the whole range, not its last day
    if days:
        start = days.start()
    if due.type == "time":  # "senest 3 hverdage" and what it counts from: "efter udskrivning"
        m = _ANCHOR.match(text, end)
        if m and len(m.group(0).split()) <= 7:
            end = m.end()
            # a time that opens the sentence is followed by its verb and subject ("Senest 14 dage efter udskrivelsen
            # sender kommunen …"): what it counts from ends before them
            verb = _VERB_THEN_SUBJECT.search(text, m.start(), m.end()) if start == 0 else None
            end = verb.start() if verb else end
    phrase = tidy_phrase(text[start:end])
    # a time that opens its sentence is capitalised as the sentence is, not as a name: "I april 2015 er det aftalt …"
    return phrase[0].lower() + phrase[1:] if start == 0 and phrase[:2].istitle() else phrase


# a sum by the year: "om året", "årligt", "pr. år", "per year", "a year", "annually"
_BY_THE_YEAR = re.compile(r"\b(?:om\s+året|årligt|årlig|hvert\s+år|pr\.?\s+år|per\s+år|per\s+year|a\s+year|each\s+year"
                          r"|annually|yearly)\b", re.IGNORECASE)
_YEARLY_BEFORE = re.compile(r"\bårlig\w*\s+(?:\w+\s+){0,2}(?:på\s+)?$", re.IGNORECASE)


def _by_the_year(after: str, before: str) -> bool:
    """A sum given by the year: "3,2 mio. kr. årligt" (before the next number after it), "et årligt beløb på …"."""
    return bool(_BY_THE_YEAR.search(re.split(r"\d", after[1:], maxsplit=1)[0][:25]) or _YEARLY_BEFORE.search(before))


def number_phrase(text: str, plan: QueryPlan) -> str:
    """The number of the quote with what it counts; among several, the one of what the question counts
    (``plan.unit``) or else the one beside a word of the question. A change from one figure to another is
    read whole ("fra 60 procent til 80 procent"): its first figure alone would tell today's, not the goal. An age is
    read with the word that bounds it ("over 65 år"), and so is a distance ("inden for 15 kilometer")."""
    if plan.unit is not None and plan.unit.kind in MEASURES:
        return measure_phrase(text, plan.unit.kind)
    phrase = _number_phrase(text, plan)
    change = re.search(rf"\bfra\s+{re.escape(phrase)}\s+til\s+\d[\d.,]*(?:\s*(?:%|procent|pct\.?))?", text, re.IGNORECASE) if phrase else None
    if change:
        return tidy_phrase(change.group(0))
    # a number word that opens its sentence is capitalised as the sentence is: "To af målene er nået"
    return phrase[0].lower() + phrase[1:] if phrase[:1].isupper() and phrase.split()[0].lower() in NUMBER_WORDS else phrase


_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def _number_phrase(text: str, plan: QueryPlan) -> str:
    found: list[tuple[str, str, str]] = []  # (the phrase, the words after it and before it in the sentence)
    given = set(_DIGITS.findall(plan.original))  # "… within 30 days": what the question says itself is not asked
    for m in _NUMBER.finditer(text):
        number, after = m.group(1), m.group(2)
        if _DIGITS.match(number).group(0) in given and not re.search(r"\d\s*[-–]", number):
            continue
        if (re.fullmatch(r"(19|20)\d\d(?:\s*[-–]\s*(19|20)\d\d)?", number) and not re.match(r"\s+(kr|mio|millioner|procent)", after or "")
                and not APPROXIMATED.search(text, 0, m.start(1))):
            continue  # a year (or a span of years) is a time, not a count; not "ca. 1900 gravide"
        if _DAY_OF_MONTH.match(text, m.end(1)) or in_age(text, m.start(1)):
            continue  # "1. januar 2015": a date, not a count; "borgere over 65 år": an age, whom the count is of
        if _LIST_MARK.match(text, m.end(1)) and not text[: m.start(1)].strip(" \t" + BULLET_GLYPHS + TYPED_BULLETS):
            continue  # "1. Alle kommuner skal …": a list item's number, not a count
        follow = (after or "").split()
        if follow and _not_counted(follow[0]):
            after = ""
        elif len(follow) == 2 and (_not_counted(follow[1]) or _OUT_OF.search(number)):
            after = " " + follow[0]  # "2 års erfaring", "55.000 overvægtige børn", but "29 kommuner" before "og" or "have"
        about = ABOUT.search(text, 0, m.start(1))  # "ca. 1900 gravide", not "1900 gravide"
        found.append((_FOOTNOTE_DIGITS.sub("", tidy_phrase((about.group(0).strip().lower() + " " if about else "") + number + (after or ""))),
                      text[m.end(1):m.end(1) + 80], text[max(0, m.start(1) - 40):m.start(1)]))
    worded = _worded_count(text, plan.unit) if plan.unit is not None and plan.unit.kind == "thing" else ""
    if not found and worded:  # "inden for to timer": a count in words only
        return worded
    if not found:  # a share in words: "Mere end hver tredje borger …", "Halvdelen af de voksne …"
        share = _WORD_SHARE.search(text)
        if share is None:
            return ""
        phrase, last = share.group(0).rsplit(" ", 1)
        whole = phrase.endswith(_DEFINITE_PLURAL)  # "to tredjedele af medlemmerne", not "… medlemmerne stemmer"
        return tidy_phrase(phrase if _not_counted(last) or whole else share.group(0))  # "halvdelen af de voksne", not "… voksne er"
    if plan.unit is not None:  # only a number of what is asked leads: never "18 ud af 19 kommuner" for "hvor mange borgere"
        if not counts_asked(text, plan.unit):
            return ""
        asked = [f for f in found if counts_asked(f[0], plan.unit)]
        if plan.unit.kind == "thing":  # the count may be a word: "inden for fem hverdage", not "over 75 år"
            return asked[0][0] if asked else worded or found[0][0]
        asked = asked or found
        # a share or a sum: the one whose next words name what the question asks about ("22% af befolkningen
        # …. Alkohol er skyld i 20 % af alle sygehusindlæggelser" for the share of admissions)
        if plan.unit.kind == "money" and _BY_THE_YEAR.search(plan.original):
            # a sum asked by the year is the one the sentence gives by the year ("et årligt beløb på 2,5 mio. kr.",
            # "3,2 mio. kr. årligt"), not one per citizen beside it ("1 krone pr. borger")
            asked = [f for f in asked if _by_the_year(f[1], f[2])] or asked
        hard = tuple(g for g in plan.key_terms if g not in plan.soft)
        return next((p for p, rest, _ in asked if names_of(rest, hard)), asked[0][0])
    stems = {stem(w) for g in plan.key_terms for alt in g for w in alt.split()}
    for phrase, _, _ in found:
        if any(stem(w) in stems for w in phrase.lower().split()[1:]):
            return phrase
    return found[0][0]


_WORDED = re.compile(rf"\b(?:{'|'.join(NUMBER_WORDS)})\s+[a-zæøå][\wæøå-]*(?:\s+[a-zæøå][\wæøå-]{{2,}})?", re.IGNORECASE)


def _worded_count(text: str, unit: AskedUnit) -> str:
    """A count in words of what is asked ("fem hverdage", "fire strategiske målsætninger"), where no count
    in digits is of it; a second word only where a number counts it, as for digits."""
    for m in _WORDED.finditer(text):
        phrase = m.group(0).split()
        if len(phrase) == 3 and (_not_counted(phrase[2]) or not _modifies(phrase[1]) and not _not_counted(phrase[1])):
            phrase = phrase[:2]  # "seks medlemmer", not "seks medlemmer følger"
        if counts_asked(" ".join(phrase), unit):
            return " ".join(phrase)
    return ""


def named_in_question(phrase: str, question: str) -> bool:
    """Whether the question itself names the actor ``phrase`` (its last word in the same form: not
    ``kommunens`` for ``Kommunen``, which asks about something of the actor's), without offering it as
    one of alternatives (``kommunen eller regionen``)."""
    named = words(phrase)
    if not named or _ALTERNATIVES.search(question):
        return False
    return named[-1] in set(words(question))


def named_by_plan(phrase: str, plan: QueryPlan) -> bool:
    """``named_in_question``, and for a question in English the actor its own words name in Danish: "the GP"
    names "almen praksis" ("Who has to make sure the GP is kept informed …" is not answered by the GP)."""
    if named_in_question(phrase, plan.original):
        return True
    if plan.lang == "da" or _ALTERNATIVES.search(plan.original):
        return False
    named = " ".join(words(phrase))  # the whole actor, as a Danish term of the question's own ("hospital" names no "Hospitalerne")
    return bool(named) and any(named == alt for g in plan.key_terms if g not in plan.soft for alt in g[:-1])


# "hvem sidder i udvalget", "who makes up the network": the members are asked, not who is responsible
_MEMBERSHIP = re.compile(
    r"\bhvem\s+(?:sidder|består|er\s+med|deltager|er\s+medlem\w*|indgår|er\s+repræsenteret)\b"
    r"|\bwho\s+(?:sits|sit|is\s+on|are\s+on|are\s+the\s+members|makes?\s+up|takes?\s+part|participates?|(?:is|are)\s+represented)\b",
    re.IGNORECASE,
)


# "hvem skal have besked", "hvem modtager epikrisen", "who is told": the one who receives is asked, not who acts
_RECIPIENT = re.compile(
    r"\bhvem\s+(?:skal\s+|vil\s+|kan\s+)?(?:modtager|modtage|får\s+(?:besked|information|kopi|underretning|svar\w*|resultat\w*)|"
    r"have\s+(?:besked|information|kopi|underretning|svar\w*|resultat\w*)|informeres|orienteres|underrettes)\b"
    r"|\bwho\s+(?:receives?|gets?\s+(?:the\s+)?(?:\w+\s+)?(?:notification|message|copy|letter|report|results?|answer)|"
    r"(?:is|are|must\s+be|should\s+be)\s+(?:told|informed|notified))\b",
    re.IGNORECASE,
)


# where a sentence joins two main clauses: ", og egen læge modtager …", "; …"
_CLAUSE_JOIN = re.compile(r",\s+(?:og|men|mens|samt)\s+|;\s+")


def _asked_clause(text: str, plan: QueryPlan) -> str:
    """Of a sentence of several main clauses, the one that holds more of what is asked than any other
    ("En medicingennemgang foretages … før udskrivelsen, og egen læge modtager epikrisen samme dag" for when
    the GP gets the discharge letter: "samme dag", not "før udskrivelsen"; "… kontakter borgeren inden for fire
    hverdage …, og genoptræningen starter senest syv kalenderdage …" for how many days before it starts);
    else the whole sentence."""
    clauses = _CLAUSE_JOIN.split(text)
    return (asked_part(clauses, plan) or text) if len(clauses) >= 2 else text


def asked_part(parts: list[str], plan: QueryPlan) -> str | None:
    """The one of ``parts`` (a sentence's main clauses, a list's items) that holds more of the question's key terms
    than any other, or None where none does."""
    groups = [g for g in plan.key_terms if g not in plan.soft]
    held = [sum(holds_group(g, p) for g in groups) for p in parts]
    best = max(held, default=0)
    return parts[held.index(best)] if best and held.count(best) == 1 else None


# two predicates of one subject: "… evalueres hvert år af udvalget og revideres senest januar 2029" (a lower-case
# finite verb after "og"; "Sundheds- og Omsorgsudvalget" is no verb)
_FINITE_VERB = r"[a-zæøå]{3,}(?:es|er|ede|te)"
_PREDICATE_JOIN = re.compile(rf"\s+og\s+(?={_FINITE_VERB}\b)")
# the subject ends at the first finite verb or modal: "Kvalitetsstandarden evalueres …"
_FINITE = re.compile(rf"\b(?:{_FINITE_VERB}|skal|kan|vil|må|bør)\b")


def _asked_predicate(text: str, plan: QueryPlan) -> str:
    """Of a sentence whose subject has two predicates, the one that holds more of what is asked, its subject read
    with each: "Kvalitetsstandarden evalueres hvert år … og revideres senest januar 2029" answers when it is revised
    by its second predicate ("revideres senest januar 2029"), when it is evaluated by its first; else the sentence."""
    parts = _PREDICATE_JOIN.split(text)
    verb = _FINITE.search(parts[0]) if len(parts) >= 2 else None
    if verb is None:
        return text
    subject = parts[0][: verb.start()]
    part = asked_part([parts[0], *(f"{subject}{p}" for p in parts[1:])], plan)
    if part is None:
        return text
    return part if part == parts[0] else part[len(subject):]


def _clause_first(text: str, plan: QueryPlan, read: Callable[[str], str]) -> str:
    """What ``read`` finds in the clause that holds what is asked (``_asked_clause``), else in its predicate that does
    (``_asked_predicate``), else in the whole sentence."""
    clause = _asked_clause(text, plan)
    if clause == text:
        clause = _asked_predicate(text, plan)
    return (clause != text and read(clause)) or read(text)


def when_phrase(plan: QueryPlan, text: str) -> str:
    """The time a when-question asks for, as ``text`` states it ("" for none)."""
    if asks_frequency(plan.original):
        return _nearest_frequency(plan, text)  # not a date for "hvor ofte"
    # a goal or a figure to be reached is met by its dated time, not by a span or week of what it measures (as the
    # register reads it): "… genindlæggelser inden for 30 dage falder med 20 procent inden udgangen af 2029",
    # "Andelen af familier, der har haft et møde før uge 24, skal øges … inden udgangen af 2032"
    phrase = time_phrase(text, dated=states_target(text))
    if phrase and _counts_from_asked(plan, phrase):
        return ""
    if phrase and frequency_phrase(phrase) == phrase:  # "mødes fire gange om året og afrapporterer årligt": the one asked
        return _nearest_frequency(plan, text)
    if asks_duration(plan.original) and not duration_phrase(phrase):
        return span_phrase(text)  # a span or a limit for "hvor lang tid" ("højst 6 måneder"), not "i aftaleperioden"
    # a time of day ("alle dage kl. 17-19"), a day's limit, a day of the week the question does not name itself
    return (phrase or clock_time(text) or day_limit(text) or weekday_time(text, lambda day: _named_day(day, plan))
            or after_span(text) or _nearest_frequency(plan, text))  # "hvornår mødes parterne": "to gange om året"


# what a time counts from: "efter modtagelsen af planen", "før udskrivningen", "after discharge"
_COUNTED_FROM = re.compile(r"\b(?:efter|før|fra|ved|after|before|following|from)\s+"
                           r"(?:(?:at|have|har|er|være|blive|the|a|an|having|being|den|det|de|en|et)\s+)*(\w+)", re.IGNORECASE)


def _counts_from_asked(plan: QueryPlan, phrase: str) -> bool:
    """Whether ``phrase`` counts from the very act the question asks the time of: "inden for fem hverdage
    efter modtagelsen af planen" says when the municipality calls the citizen, not when it receives the
    plan ("When must the municipality receive the plan?"). An act the question counts from itself ("…
    efter udskrivelse?") is no asked act."""
    counted = {stem(m.group(1).lower()) for m in _COUNTED_FROM.finditer(phrase)}
    if not counted:
        return False
    own = {stem(w) for q in (plan.original.lower(), plan.dense_text.lower())  # as asked, and spelt right ("haendelse")
           for m in _COUNTED_FROM.finditer(q) for w in [m.group(1), *words(q[m.end():])[:2]]}  # "efter en utilsigtet hændelse"
    for group in plan.key_terms:
        stems = {stem(w) for alt in group for w in alt.lower().split() if len(w) >= 4}
        if stems & counted and not stems & own:
            return True
    return False


def _nearest_frequency(plan: QueryPlan, text: str) -> str:
    """Of the sentence's statements of how often, the one nearest a word of what is asked: "Følgegruppen mødes hvert
    kvartal og aflægger én gang om året en status" says how often it reports with "én gang om året"."""
    spans = frequency_spans(text)
    if len(spans) < 2:
        return frequency_phrase(text)
    groups = [g for g in plan.key_terms if g not in plan.soft]
    at = [m.start() for m in re.finditer(r"[\wæøå-]+", text) if any(holds_group(g, m.group(0)) for g in groups)]
    if not at:
        return frequency_phrase(text)
    s, e = min(spans, key=lambda span: min(abs(span[0] - a) for a in at))
    return text[s:e]


def _named_day(day: str, plan: QueryPlan) -> bool:
    """The question names this day of the week ("fredag", or "Friday" with its Danish term)."""
    base = next((w for w in WEEKDAYS if day.startswith(w)), day)
    return base in plan.original.lower() or any(alt.startswith(base) for g in plan.key_terms for alt in g)


_LIMIT = re.compile(r"(senest|inden|indenfor|højst|within|at most)\b", re.IGNORECASE)


def time_key(phrase: str, question: str = "") -> str:
    """The lead of a time: a deadline where the phrase sets a limit ("senest …", "within …"), a length where the
    question asks how long and the phrase is an amount of time ("14 uger"), else a time."""
    return "deadline_lead" if _LIMIT.match(phrase) else "length_lead" if is_length(question, phrase) else "time_lead"


def type_lead(plan: QueryPlan, text: str, actor: str = "", cell: str = "") -> str:
    """The lead line for a who / when / number question from the first quote's ``text`` ("" when it does not say);
    ``cell``: where the quote is a table row, its cell in the column its header names the asked kind ("Hvornår":
    "Hvis borgeren modtager ydelse"), which is the answer as the table gives it.

    A *who* question is not answered by the party it names itself ("hvem skal kommunen samarbejde
    med", "who sits on the committee"): that actor leads no answer, the quote speaks for itself. Nor is
    *who pays* answered by the actor of a sentence that speaks of no payment, nor a question of who the
    members are ("hvem sidder i udvalget") by an actor: the quote lists them.
    """
    if cell and not named_in_question(cell, plan.original):  # ``candidates.row_cell``: of a who, when or number question
        phrase = cell
        key = {"who": "actor_lead", "number": "number_lead"}.get(plan.qtype) or time_key(cell, plan.original)
    elif plan.qtype == "who":
        if _MEMBERSHIP.search(plan.original) or _RECIPIENT.search(plan.original):
            # an actor of the quote is no member list ("Ansvarlig: Sundhedsstyregruppen" for who sits in a committee),
            # nor the one told: "hvem skal have besked om graviditeten" is not answered by the hospital that sends it
            return ""
        if plan.unit is not None and not speaks_of_paying(text):
            return ""  # "who pays …": the actor of a sentence that speaks of no payment (or only of free care) is not the payer
        # a quote of two sentences (one joined to its continuation): each is read in turn, then the whole
        spans = split_sentences(text)
        parts = [text[s:e] for s, e in spans] + [text] if len(spans) > 1 else [text]
        # of main clauses, the one that holds what is asked first: "Regionen afholder udgiften til hjælpemidler …,
        # mens kommunen afholder udgiften til plejesengen" says who pays for the bed in its second clause
        clause = _asked_clause(text, plan)
        phrase = actor_phrase(clause, actor) if clause != text else ""
        if not phrase or named_by_plan(phrase, plan):  # the clause's subject is the one asked about
            phrase = next((p for p in (actor_phrase(part, actor) for part in parts) if p), "")
        key = "actor_lead"
        if named_by_plan(phrase, plan):
            return ""
        forms, passive = asked_forms(plan.original, plan.key_terms, plan.lang)
        if not phrase and forms and not passive:  # a body no actor word knows: "Formandskabet udpeger medlemmerne"
            phrase = subject_doing(text, lambda w: is_form(w, forms))
        if plan.unit is None and not does_asked(text, phrase, forms, function_words(), passive, plan.key_terms):
            # the actor does something else than what is asked (who pays: any word of paying, above); the agent of
            # the asked verb's passive does it ("udarbejdet af udvalget og godkendt af regionsrådet")
            phrase = "" if passive else agent_of(text, lambda w: is_form(w, forms))
            if not phrase or named_by_plan(phrase, plan):
                return ""
    elif plan.qtype == "when":
        text = without_links(text)  # a web address's digits are no time nor count
        phrase = _clause_first(text, plan, lambda part: when_phrase(plan, part))  # its time first, where it states one
        key = time_key(phrase, plan.original)
    elif plan.qtype == "number":
        text = without_links(text)
        phrase = _clause_first(text, plan, lambda part: number_phrase(part, plan))  # "…, og genoptræningen starter senest syv kalenderdage …"
        kind = plan.unit.kind if plan.unit is not None and plan.unit.kind in MEASURES else number_kind(phrase)
        key = {"money": "amount_lead", "share": "share_lead", "age": "age_lead", "distance": "distance_lead"}.get(kind, "number_lead")
    else:
        return ""
    if not phrase:
        return ""
    if plan.lang != "da":
        phrase = f"“{phrase}”"
    return msg(key, plan.lang, **{"actor" if key == "actor_lead" else "value": phrase})
