"""Whether the actor a quote names does what a *who* question asks.

"Who offers smoking cessation?" is not answered by "Praktiserende læger og hospital henviser borgere
til kommunale rygestoptilbud": the sentence's subject refers, the question asks who offers. A *who*
question with a verb of its own ("hvem sender", "hvem bliver inviteret", "who draws up") is led by
the quote's actor only where that verb, in any of its forms or as the last part of a compound
("sætter" in "igangsætter"), stands in the actor's clause. A question whose verb only says "is
responsible" ("hvem står for", "hvem er tovholder", "who is in charge of") asks about any act of
the actor: it is read by the verb after "for at" / "for …-ing" where it has one, else not checked.

A passive question ("hvem bliver inviteret", "hvem skal inddrages", "who should be brought in") asks
for the one the act is done to: the subject of an active sentence is the one who does it
("Kommunerne inviterer …"), so only a passive form of the verb leads ("Repræsentanterne inviteres"),
and where the verb's Danish form is unknown nothing leads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.asked import function_words
from foundation.text.tokens import danish_letters, stem, words

# words between "hvem" and its verb that are no verb of their own: modal and passive auxiliaries
_AUXILIARIES = frozenset(
    "skal kan må bør vil skulle kunne ville burde mon bliver blev blive være været "
    "should must will can could would shall may might does do did be been being to".split()
)
# verbs that only say the actor is responsible (or is something): the act asked is elsewhere, if at all
_LIGHT = frozenset(
    "er var har havde står stod sørger sørgede tager tog laver lavede gør gjorde "
    "is are was were has have had handles takes makes".split()
)
# "sørger for at henvise", "står for at screene"; "is responsible for launching", "in charge of drawing up"
_ACT_AFTER_LIGHT = {
    "hvem": re.compile(r"\bfor\s+at\s+([a-zæøå]{3,})"),
    "who": re.compile(r"\b(?:for|of)\s+([a-z]{3,}ing)\b"),
}
# the passive: "er inviteret", "blev udarbejdet", "is invited", "be brought"; Danish "inddrages", "inviteres"
_BE = frozenset("bliver blev blive blevet være været er var is are was were be been being".split())
# the perfect: "hvem har godkendt planen", "who has approved it"; not "hvem har ansvaret for …" (a noun in -et)
_HAVE = frozenset({"har", "havde", "has", "have", "had"})
_AFTER_NOUN = frozenset({"for", "til", "over", "med", "på", "of", "about"})
_PARTICIPLE = {
    "hvem": re.compile(r"[a-zæøå]{3,}(?:et|dt|gt)"),  # inviteret, godkendt, valgt (not "formanden")
    "who": re.compile(r"[a-z]{3,}(?:ed|en|ght)|sent|made|held|told|paid|kept|led|met|set|put"),
}
_S_PASSIVE = re.compile(r"[a-zæøå]{4,}es")
# between "hvem" / "who" and its verb: adverbs of the question's frame, and a phrase that says where it is
# written ("ifølge aftalen", "according to the agreement"), skipped with its noun
_ADVERBS = frozenset("egentlig typisk normalt også typically normally usually actually also".split())
_FRAME = re.compile(
    r"\b(?:ifølge|iflg\.?|jf\.?)\s+(?:de[nt]?\s+)?[\wæøå-]+|\baccording\s+to\s+(?:the\s+|its\s+|this\s+)?[\w-]+",
    re.IGNORECASE,
)
# a sentence ends at a full stop before a capital or the end (not an abbreviation's: "egen læge evt. genopstarte");
# a clause also at a colon, a semicolon, a bracket or a comma, but for a relative clause that says what the actor
# does ("byrådene, der træffer")
_FULL_STOP = r"\.(?=\s+[A-ZÆØÅ]|\s*$)"
_SENTENCE_END = re.compile(_FULL_STOP)
_CLAUSE_END = re.compile(_FULL_STOP + r"|[;:()]|,(?!\s+(?:der|som)\b)")
# content words of the actor's clause read before it (Danish V2: "I 2015 udarbejder regionen") and after it
# ("Kommunerne skal tilbyde", "byrådene, der træffer"): where the verb stands, not its object ("… til rygestoptilbud");
# and a second verb joined to the first ("Hospitalerne vurderer behovet og udarbejder en genoptræningsplan")
_BEFORE, _AFTER = 2, 3
_JOINED = re.compile(r"\b(?:og|samt|eller|and|or)\s+([\wæøåÆØÅ]+)", re.IGNORECASE)
# a predicate joined after a clause of its own ("Sygehuset vurderer, om …, og udarbejder en plan")
_JOINED_LATER = re.compile(r",\s+(?:og|samt)\s+([\wæøåÆØÅ]+)", re.IGNORECASE)
# an actor that sees to it that something is done, is responsible or obliged to do it, answers any act asked:
# "Kommunen sørger for, at sygehuset har en indlæggelsesrapport" says who sends it, "Det påhviler kommunerne at
# udlevere …", "er forpligtet til at formidle"; not "sørger kommunen for en vurdering": that sees to another thing
_RESPONSIBLE = re.compile(
    r"\b(?:sørger|sørge|ansvar(?:et|lig|lige)?|forpligtet|forpligtede|forpligter|påhviler|varetager)\b"
    r"(?:\s+[\wæøå]+){0,2}?,?\s+at\b",
    re.IGNORECASE,
)
# the agent of a passive: the actor right after "<participle> af" does that act alone ("udarbejdet af
# Praksisplanudvalget og godkendt af regionsrådet": the committee drew the plan up, the council approved it)
_AGENT_END = re.compile(r"([a-zæøå]{3,})\s+(?:af|by)\s+(?:de\s+|den\s+|det\s+|the\s+)?$", re.IGNORECASE)
_RESPONSIBLE_REACH = 40  # characters after the actor where "sørger for, at" may stand
# an actor that has the responsibility for a thing answers any act on it: "Den praktiserende læge har ansvaret for
# opsporing og diagnose" says who makes the diagnosis ("hvem stiller diagnosen?"); only where what follows "for" holds
# what the question asks about
_RESPONSIBLE_FOR = re.compile(r"^\s*(?:\w+\s+){0,3}?(?:har|have|has|is|are)\s+(?:\w+\s+){0,2}?"
                              r"(?:ansvaret|ansvar|responsible|responsibility)\s+for\s+([^.;:]{1,80})", re.IGNORECASE)


@dataclass(frozen=True)
class AskedAct:
    """The verb a who-question asks about, and whether it asks for the one the act is done to."""

    verb: str
    passive: bool = False


def asked_verb(question: str, skip: frozenset[str] = frozenset()) -> AskedAct | None:
    """The verb a who-question asks about ("sender", "inviteret", "draws", "henvise"), or None where it
    asks only who is responsible or its verb cannot be told. ``skip``: function words, never the verb."""
    tokens = words(_FRAME.sub(" ", question))
    asking = next((w for w in ("hvem", "who") if w in tokens), None)
    if asking is None:
        return None
    start = tokens.index(asking) + 1
    passive = False
    for i in range(start, len(tokens)):
        word = tokens[i]
        if word in _BE and i + 1 < len(tokens) and _PARTICIPLE[asking].fullmatch(tokens[i + 1]):
            passive = True  # "er inviteret", "is involved", "should be brought"
            continue
        if word in _AUXILIARIES or word in _ADVERBS:
            continue
        if word in _HAVE and i + 2 < len(tokens) and _PARTICIPLE[asking].fullmatch(tokens[i + 1]) and tokens[i + 2] not in _AFTER_NOUN:
            continue  # "hvem har godkendt praksisplanen": the participle is the verb asked
        if word in _LIGHT:
            act = _ACT_AFTER_LIGHT[asking].search(" ".join(tokens[i + 1:]))
            return AskedAct(act.group(1)) if act else None
        if word in ("af", "of", "i", "in"):
            return None  # "hvem af parterne …": the verb comes after a phrase this does not read
        if word not in skip:
            return AskedAct(word, passive or asking == "hvem" and _S_PASSIVE.fullmatch(word) is not None)
    return None


@lru_cache(maxsize=256)
def asked_forms(question: str, key_terms: tuple[tuple[str, ...], ...], lang: str) -> tuple[tuple[str, ...], bool]:
    """The verb a who-question asks about and its Danish forms among the question's key terms (none
    where the question asks only who is responsible, or an English verb has no Danish form to look
    for), and whether the question is passive."""
    act = asked_verb(question, skip=function_words())
    if act is None:
        return (), False
    verb, spelt = act.verb, danish_letters(act.verb)  # "traeffer" is "træffer" in the key terms
    group = next((g for g in key_terms if any(alt in (verb, spelt) or alt.startswith(verb + " ") for alt in g)), ())
    if lang != "da":
        return tuple(alt for alt in group if alt.split()[0] != verb), act.passive  # "draws up": its Danish forms
    return (verb, *group), act.passive


def is_form(word: str, forms: Sequence[str]) -> bool:
    """``word`` is a form of the asked verb (``forms``: its word and Danish alternatives), or ends in one."""
    return any(_same(form, word) for f in forms for form in f.split())


def _same(form: str, word: str) -> bool:
    a, b = stem(form), stem(word)
    if len(a) < 3 or len(b) < 3:
        return False
    short, long = sorted((a, b), key=len)
    return short == long or len(short) >= 4 and long.startswith(short) or long.endswith(short)


def _content(part: str, skip: frozenset[str]) -> list[tuple[str, str]]:
    """The content words of ``part``, each with the word before it."""
    ws = words(part)
    return [(ws[i - 1] if i else "", w) for i, w in enumerate(ws) if w not in skip]


def _passive(before: str, word: str) -> bool:
    return _S_PASSIVE.fullmatch(word) is not None or before in _BE and _PARTICIPLE["hvem"].fullmatch(word) is not None


def does_asked(text: str, phrase: str, forms: Sequence[str], skip: frozenset[str] = frozenset(), passive: bool = False,
               objects: Sequence[Sequence[str]] = ()) -> bool:
    """Whether a form of the asked verb (``forms``: the question's word and its Danish alternatives)
    stands in the clause of ``text`` that names the actor ``phrase``, next to it (``skip``: function
    words, not counted); for a ``passive`` question, in a passive form; or the actor has the responsibility for a
    thing that holds one of ``objects`` (the question's key-term groups). True where the phrase is not found:
    this reads a quote's clause, it does not guess."""
    found = re.search(re.escape(phrase), text, re.IGNORECASE)
    if found is None:
        return True
    if not forms:
        return not passive  # an active sentence's subject does the act a passive question asks who it is done to
    before = _CLAUSE_END.split(text[: found.start()])[-1]
    agent = _AGENT_END.search(before)
    if agent and (_PARTICIPLE["hvem"].fullmatch(agent.group(1).lower()) or _S_PASSIVE.fullmatch(agent.group(1).lower())):
        return not passive and is_form(agent.group(1).lower(), forms)  # "udarbejdet af X og godkendt af Y": X drew it up
    after = _CLAUSE_END.split(text[found.end():])[0]
    rest = _SENTENCE_END.split(text[found.end():])[0]
    joined = [*_JOINED.findall(after), *_JOINED_LATER.findall(rest)]
    near = _content(before, skip)[-_BEFORE:] + _content(after, skip)[:_AFTER] + [("og", w.lower()) for w in joined]
    if not passive and _RESPONSIBLE.search(" ".join([*words(before)[-2:], phrase, rest[:_RESPONSIBLE_REACH]])):
        return True
    owned = _RESPONSIBLE_FOR.match(rest)
    if not passive and owned and any(_same(alt, w) for g in objects for alt in g for w in words(owned.group(1)) if w not in skip):
        return True
    said = [w for form in forms for w in form.split()]
    return any(_same(form, w) and (_passive(prev, w) if passive else not _done_to_subject(prev, w)) for form in said for prev, w in near)


def _done_to_subject(before: str, word: str) -> bool:
    """A passive joined after the actor ("Blodprøver tages af akutteamet og analyseres på laboratoriet"): done to
    the sentence's subject, like the passive the actor is the agent of, not by the actor."""
    return before in ("og", "and") and _S_PASSIVE.fullmatch(word) is not None
