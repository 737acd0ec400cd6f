"""A yes/no question's "Ja," / "Nej," lead, from the first quote's own words.

"Nej" when the quote's main clause is negated and the question is not; "Ja" when the quote negates nothing, sets
nothing against an alternative and holds what the question asks: every key term, the circumstance it names (a
weekend, a night, an hour), the place, the bound, "every" and "themselves" where the question says so. Otherwise
no lead: the quote speaks for itself.
"""

from __future__ import annotations

import re

from assistant.asked import free_of_charge, function_words, said_free, speaks_of_money
from assistant.asked_time import TIME_OF_DAY
from assistant.candidates import Candidate, holds_group
from assistant.predicate import does_asked, is_form
from assistant.query import QueryPlan, region_words
from assistant.question_type import YESNO_VERB
from assistant.reader import fragment_signs
from foundation.text.tokens import words
from ingest.commitments.actors import actors_in, first_named
from ingest.pdf_tables import CELL

_CONTRAST = re.compile(r"\b(frem\s?for|i\s+stedet\s+for|snarere\s+end|modsat|rather\s+than|instead\s+of)\b", re.IGNORECASE)
# a quote that only means to look into the matter ("undersøge om der er behov for …", "overveje", "se på
# muligheden for") says neither yes nor no
_TENTATIVE = re.compile(
    r"\b(?:undersøg\w*|vurder\w*|afklar\w*|afdæk\w*)\s+(?:om|hvorvidt|muligheden|behovet)\b|\bovervej\w*"
    r"|\bse(?:s)?\s+på\s+muligheden|\b(?:examin|investigat|explor|assess)\w*\s+(?:whether|if|the\s+possibility)"
    r"|\bconsider(?:s|ed|ing)?\s+(?:whether|if)\b"
    # … nor one that reports a request or a proposal: "Kommunerne bad om, at hospitalerne sender brevet samme dag"
    # (a that-clause: "ønsker, at hospitalerne …", not a wish of one's own, "når borgeren ønsker at dø i eget hjem")
    r"|\b(?:bad|beder|bedt)\s+om,?\s+at\b|\b(?:ønsker|ønskede|foreslår|foreslog|forslag\s+om),\s*at\b"
    r"|\b(?:asked|requested|proposed|suggested)\s+that\b",
    re.IGNORECASE,
)
_BRACKET = re.compile(r"\([^()]*\)")
# a clause set against the one before ("Forløbet er gratis for borgeren, men borgeren betaler selv for transport")
_BUT = re.compile(r",\s*(?:men|dog|but|however)\b", re.IGNORECASE)
_SUBORDINATE = re.compile(r",\s*(?:at|der|som|hvis|når|fordi|så|hvor|hvilket|mens|da)\b|\bfor\s+at\b", re.IGNORECASE)
# a time of day, week or year the question asks about ("om natten", "i weekenden"): a quote that does not
# name it says nothing of that time, however much else of the question it holds
_CIRCUMSTANCE = re.compile(r"^(?:weekend\w*|nat|natten|nætter\w*|aften\w*|morgen\w*|helligdag\w*|ferie\w*|sommer\w*|jul\w*"
                           r"|weekends?|nights?|evenings?|mornings?|holidays?|overnight)$", re.IGNORECASE)
_CLOCK = re.compile(rf"\b{TIME_OF_DAY}\b|\b\d{{1,2}}(?:[.:]\d{{2}})?\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{{1,2}}[.:]\d{{2}}\b(?![.:]\d)", re.IGNORECASE)
"""A time of day ("kl. 15", "3 pm", "15.30")."""
# a yes/no question that asks whether nothing else holds ("kun", "just", "always"): the quote that
# holds its words still does not say "only", so it earns no "Ja"
_RESTRICTED = re.compile(r"\b(kun|bare|alene|udelukkende|altid|just|only|merely|solely|always)\b", re.IGNORECASE)
# a yes/no question whether someone did it themselves ("selv", "on their own"): a quote that does not say so
_SELF = re.compile(r"\b(selv|themselves|itself|on\s+(?:their|its)\s+own)\b", re.IGNORECASE)
_SELF_SAID = re.compile(r"\b(selv\w*|themselves|itself|own)\b", re.IGNORECASE)  # "som en selvstændig ydelse" too
# a place the question names after "in"/"i" ("developed in Denmark", "i Aarhus"), capitalised: a quote that does
# not name it does not say that it holds there (a region the question names scopes the documents instead)
_IN_PLACE = re.compile(r"\b(?:in|i)\s+((?:the\s+)?[A-ZÆØÅ][a-zæøå]+(?:\s+[A-ZÆØÅ][a-zæøå]+)*)")


def _unnamed_place(question: str, quote: str) -> bool:
    low = quote.lower()
    for m in _IN_PLACE.finditer(question):
        place = m.group(1).lower()
        if not region_words(place) and not any(w in low for w in place.split() if w != "the"):
            return True
    return False


# a bound set by a number ("borgere under 18", "over 65 år", "at least 3"): a quote that sets the same number as the
# other side's bound ("voksne borgere over 18 år" for "under 18") does not say yes
_BOUND = re.compile(r"\b(under|below|younger\s+than|less\s+than|mindre\s+end|højst|at\s+most|"
                    r"over|above|older\s+than|more\s+than|mere\s+end|mindst|at\s+least)\s+(\d+)", re.IGNORECASE)
_LOW_BOUND = re.compile(r"under|below|younger|less|mindre|højst|at\s+most", re.IGNORECASE)


def _opposite_bound(question: str, quote: str) -> bool:
    def sides(text: str) -> dict[str, set[bool]]:
        out: dict[str, set[bool]] = {}
        for m in _BOUND.finditer(text):
            out.setdefault(m.group(2), set()).add(bool(_LOW_BOUND.match(m.group(1))))
        return out

    asked, said = sides(question), sides(quote)
    return any(said.get(n, set()) - low for n, low in asked.items())


# a yes/no question about all or every one of something ("Gør alle kommuner …?", "Do all … run their own …?"):
# a quote that does not say "alle"/"all"/"hver" says nothing of every one
# ("hvert år", "every year" is a frequency, not every one of something)
_EVERY = re.compile(
    r"\b(alle|samtlige|hver|hvert|enhver|ethvert|all|every|each)\b(?!\s+(?:andet\s+|anden\s+|other\s+)?"
    r"(?:dag|døgn|uge|måned|kvartal|halvår|år|gang|day|week|month|quarter|year|time)\b)",
    re.IGNORECASE,
)
_ALTERNATIVE = re.compile(r",\s*(eller|or)\s", re.IGNORECASE)
_YES_NO_VERB = re.compile(rf"^{YESNO_VERB}\s", re.IGNORECASE)
_VERB_FIRST = re.compile(r"^\s*(?!hv)[a-zæøå]{2,}(?:er|ar|ør|år|es)\s", re.IGNORECASE)
# A "Ja" for a quote that holds most of the question's key-term weight rather than all of it, when
# the reader is sure of the sentence; both chosen on tune (yes/no leads of evals/readability.py)
YES_COVERAGE = 0.6
YES_SCORE = 0.9
_NEGATION = re.compile(r"\b(ikke|ingen|intet|aldrig|hverken|ej|not|no|never|neither|nor|none|cannot|can't|doesn't|don't|isn't|aren't)\b(?!-)"
                       # "målet er langt fra nået", "is far from met"; not a place ("er langt fra det nærmeste sygehus")
                       r"|\b(?:er|var|bliver|blev|is|are|was|were)\s+(?:langt\s+fra|far\s+from)\s+(?!(?:de|den|det|the|a|an)\b)(?=[a-zæøå])",
                       re.IGNORECASE)  # not a compound's first part: "ikke-psykotiske lidelser", "no-show"
# a negation of a condition is a yes under that condition: "skiftes ikke uden et fælles møde", "not unless …"
_ONLY_IF = re.compile(r"\b(?:ikke|not)\s+(?:\w+\s+){0,2}?(?:uden|medmindre|without|unless)\b", re.IGNORECASE)


def asks_yes_no(plan: QueryPlan) -> bool:
    """A yes/no question: so classified, or a Danish question that opens with its finite verb (``Betyder …?``)."""
    q = plan.original.strip()
    if _ALTERNATIVE.search(q):
        return False  # "Er det kommunens opgave, eller er ansvaret fælles?" asks which, not whether
    if plan.qtype == "yesno":
        return True
    return q.endswith("?") and bool(_YES_NO_VERB.match(q) or plan.qtype == "other" and _VERB_FIRST.match(q))


# a sentence that opens with its condition: "Hvis …, …", "Når …, …", "If …, …", or a finite verb first ("Kan regionen ikke
# få ydernummeret besat, opretter regionen en klinik"): its main clause comes after the comma that ends the condition
_CONDITION_FIRST = re.compile(r"^\s*(?:hvis|når|såfremt|selvom|medmindre|if|when|unless|kan|skal|er|har|bliver|må|vil|får)\s[^,]*,\s*",
                              re.IGNORECASE)


def main_clause(text: str) -> str:
    """The sentence up to its first subordinate clause (``…, at …``, ``…, der …``, ``for at …``), after a condition it
    opens with."""
    text = text[m.end():] if (m := _CONDITION_FIRST.match(text)) else text
    m = _SUBORDINATE.search(text)
    return text[: m.start()] if m else text


def denies(text: str) -> bool:
    """The sentence's main clause is negated ("Kommunens sundhedscenter kan ikke stille diagnosen, men …"), not a
    bracket within it ("… henviser borgere til rygestoptilbud (såfremt der ikke i eget regi er …)")."""
    return bool(_NEGATION.search(main_clause(_BRACKET.sub(" ", text))))


def yes_no_lead(plan: QueryPlan, first: Candidate) -> str:
    """"yes_lead", "no_lead" or "" for a yes/no question, from the first quote's own words.

    "Nej" when the quote's main clause is negated and the question is not; "Ja" when the quote
    negates nothing, sets nothing against an alternative (``fremfor``, ``i stedet for``) and
    either holds every key term of the question or, as the reader's clear first choice
    (sentence score at least ``YES_SCORE``), most of their weight (``YES_COVERAGE``), unless the
    question asks whether *only* that holds (``kun``, ``just``, ``always``); otherwise no lead.
    """
    if not asks_yes_no(plan):
        return ""
    question_neg = bool(_NEGATION.search(plan.original))
    if question_neg:
        return ""
    if _ONLY_IF.search(first.text):
        return ""
    if plan.unit is not None and plan.unit.kind == "money":  # whether one pays, or what it costs
        if not speaks_of_money(first.text):
            return ""  # "koster det noget …?": a quote on what the team does says nothing of paying, "ikke" or not
        if said_free(main_clause(first.text)) and not free_of_charge(plan.original) and not _BUT.search(first.text):
            return "no_lead"  # "Indsatsen er gratis for borgeren": no, the citizen pays nothing (but not "…, men …")
        if free_of_charge(first.text) and not free_of_charge(plan.original):
            return ""  # "henvise borgerne til vederlagsfri fysioterapi": a kind of care, not the price of what is asked
    if _NEGATION.search(main_clause(first.text)):
        return "" if _turned_by_but(plan, first.text) else "no_lead"
    if _NEGATION.search(first.text) or _CONTRAST.search(first.text) or _TENTATIVE.search(first.text):
        return ""
    if _RESTRICTED.search(plan.original):  # "Er målene kun en gentagelse af aftalen?": a quote holding its words says no such thing
        return ""
    if _EVERY.search(plan.original) and not _EVERY.search(first.text):
        return ""
    if _SELF.search(plan.original) and not _SELF_SAID.search(first.text):
        return ""  # "er triple aim noget region midt selv har fundet på?": a quote on the method says nothing of who made it
    if _opposite_bound(plan.original, first.text):
        return ""  # "Does the agreement cover citizens under 18?": "Aftalen omfatter voksne borgere over 18 år" says no "Yes"
    if _unnamed_place(plan.original, first.text):
        return ""  # "Was the Triple Aim method developed in Denmark?": a quote that names no Denmark says no "Yes"
    if _CLOCK.search(plan.original) and not _CLOCK.search(first.text):
        return ""  # "Can a patient be discharged after 3 pm?": a quote that names no hour says no "Yes"
    missing = [g for g in plan.key_terms if g not in first.matched]
    if any(_CIRCUMSTANCE.match(alt) for g in missing for alt in g):  # also an English word left untranslated
        return ""  # "skal kommunen tilbyde genoptræning i weekenden?": a quote silent on weekends says no "Ja"
    hard = [g for g in plan.key_terms if g not in plan.soft]
    if len(hard) < 2:
        return ""  # "gælder aftalen for børn?": a quote that holds the one word the question names says nothing of it
    if hard[-1] in missing:
        return ""  # "Does the acute team visit children?": a quote without what the question ends on, its object, says no "Yes"
    if _heading(first.text):
        return ""  # "Does the agreement cover children?": a heading "Særligt om dækning af udgifter … børn …" asserts nothing
    if done_by_another(plan, first.text):
        return ""  # "skal kommunen betale husleje?": "Kommunen stiller lokaler til rådighed, og regionen betaler husleje"
    holds_all = not missing  # an English word left untranslated, missing, may be what the question turns on ("waiting list")
    holds_most = first.coverage >= YES_COVERAGE and first.score >= YES_SCORE  # the quote's verb may differ ("følge"/"implementere")
    return "yes_lead" if holds_all or holds_most else ""


# "skal kommunen betale …?", "does the region pay …?": the actor a yes/no question asks of, and its verb
_ASKED_OF = re.compile(r"^\s*(?:skal|kan|må|bør|vil|should|must|does|do|can|will|may)\s+(?:the\s+)?([\wæøå]+(?:\s+læge)?)\s+([\wæøå]+)",
                       re.IGNORECASE)
# a sum is paid in other words than the question's verb: "afholder udgiften", "dækker", "finansierer"
_PAYING = ("betale", "afholde", "dække", "finansiere", "udgift")


def _turned_by_but(plan: QueryPlan, text: str) -> bool:
    """A negated clause followed by ", men …" that holds a word of the question the negated clause does not: "Psykiatrien
    indgår ikke i denne omgang, men kan inddrages i en senere fase" says no "Nej" to "kan psykiatrien komme med
    senere?" (but "… kan ikke stille diagnosen, men henviser til egen læge" stays "Nej" to who makes the diagnosis)."""
    but = _BUT.search(text)
    if but is None:
        return False
    before, after = text[: but.start()], text[but.end():]
    return any(holds_group(g, after) and not holds_group(g, before) for g in plan.key_terms if g not in plan.soft)


def _group_of(plan: QueryPlan, word: str) -> tuple[str, ...] | None:
    """The key-term group that holds the question's ``word``, or None."""
    return next((g for g in plan.key_terms if word.lower() in g), None)


def done_by_another(plan: QueryPlan, text: str) -> bool:
    """The question asks whether an actor does a thing ("skal kommunen betale husleje for klinikken?") and the quote
    names that actor without it doing the thing, while the thing is done in it ("Kommunen stiller lokaler til rådighed,
    og regionen betaler husleje og drift"): no "Ja". False where the question names no actor, its verb has no Danish
    form, or the quote does not name the actor or the act."""
    m = _ASKED_OF.match(plan.original)
    if not m:
        return False
    actor, verb = (_group_of(plan, w) for w in m.group(1, 2))
    labels = [label for alt in actor or () for label in actors_in(alt)]
    if not labels or verb is None:
        return False
    named = first_named(text, labels[0])
    if named is None:
        return False
    forms = [*verb, *(_PAYING if plan.unit is not None and plan.unit.kind == "money" else ())]
    if not any(is_form(w, forms) for w in words(text)):
        return False  # the quote says the act in other words ("følge" / "implementere"): whose it is, is not read
    return not does_asked(text, named.group(0), forms, function_words())


def _heading(text: str) -> bool:
    """A heading or label: no closing punctuation and no finite verb (a table row's cells are no heading)."""
    _, no_end, verbless, _ = fragment_signs(text)
    return bool(no_end and verbless) and CELL not in text
