"""Who acts where a clause names its actor indirectly: a passive's agent ("kontaktes af kommunen"), a
sector's body by whose staff or unit it is ("af kommunens børneterapeuter", "Kommunens genoptræningsenhed"),
or a unit the document has named by whose it is ("Misbrugscentret sender …" after "Kommunens misbrugscenter").

A step of ``ingest.commitments.grammar``, which reads the clause; this module only names the body.
"""

from __future__ import annotations

import re

from foundation.text.tokens import stem
from ingest.commitments.actors import actors_in, match_np, np_actors
from ingest.commitments.lexicon import BODY_WORDS, DEPONENT, GENITIVE_ACTORS, NOT_PASSIVE, STAFF_WORDS

SECTOR_AGENTS = ("kommunen", "regionen", "hospitalet", "psykiatrien", "almen praksis")
"""The bodies a genitive names as the one acting for its staff or unit (not "borgerens", "parternes")."""

RELATIVE_CLAUSE = re.compile(r",\s*(?:der|som|hvilket)\b", re.IGNORECASE)
"""Where a relative clause begins: what follows is not the main clause."""

# a passive's agent named by whose staff it is: "af kommunens sygeplejerske", "af regionens læger"
GENITIVE_AGENT = re.compile(r"[a-zæøå]+(?:es|s)\b[^.;:]*?\baf\s+([a-zæøå]+s)\s+[a-zæøå]+", re.IGNORECASE)

# a passive and the agent it names: "kontaktes telefonisk af kommunen", "betales af regionen", "varetages af
# kommunens børneterapeuter" (a relative clause between subject and verb set aside)
_AGENT_OF = re.compile(r"\b([a-zæøå]{3,}(?:es|ås))\s+((?:[a-zæøå]+\s+){0,5}?)af\s+", re.IGNORECASE)
_PREPOSITIONS = frozenset("på i til med for om over under uden efter inden ved hos fra mellem tværs som".split())
_NOT_BETWEEN = _PREPOSITIONS | {"en", "et", "den", "det", "de"}
# a place between passive and agent ("skrives i den gravides journal af jordemoderen") is read where a sector's body
# follows "af" and the noun before it makes no phrase with "af" ("på tværs af", "i løbet af", "ved hjælp af")
_PLACE_FIRST = frozenset("i på ved hos".split())
_FIXED_AF = frozenset("tværs løbet hjælp form følge baggrund grund vegne rammerne lyset udgangen starten slutningen midten "
                      "begyndelsen del brug halvdelen resten række".split())
# a passive with "få" and a participle: "Borgeren får kørsel betalt af kommunen", "får udgifterne dækket af regionen"
_GOT_DONE = re.compile(r"\bf(?:år|å|ik|ået)\s+((?:[a-zæøå]+\s+){1,3}?)([a-zæøå]{3,}(?:et|t))\s+af\s+", re.IGNORECASE)
_NOT_PARTICIPLE = frozenset("meget godt let stort nyt samt mest bedst først sidst rigtigt tidligt hurtigt muligt".split())
_ASIDE = re.compile(r",\s*(?:der|som)\s[^,]{1,120},", re.IGNORECASE)
# an owner named before a passive's agent that is no sector's body: "af borgerens egen læge"
_WHOSE = re.compile(r"[a-zæøå]{3,}(?:ens|ets|ernes|enes)\s+", re.IGNORECASE)


def sector_owner(genitive: str) -> str | None:
    """The sector's body a genitive names ("Kommunens" → kommunen, "Sygehusets" → hospitalet), or None."""
    owners = [a for a in actors_in(genitive[:-1]) if a in SECTOR_AGENTS] if genitive.lower().endswith("s") else []
    return owners[0] if len(owners) == 1 else None


_OWNED = re.compile(r"([A-Za-zæøåÆØÅ]+s)\s+[a-zæøå-]+")
_STAFF_FROM = re.compile(r"(?:(?:en|et|de|den|det)\s+)?([a-zæøå-]+)\s+fra\s+", re.IGNORECASE)


def owned_at(text: str, pos: int = 0) -> tuple[str, re.Match[str]] | None:
    """The sector's body that owns the staff or unit named at ``pos`` ("Kommunens genoptræningsenhed",
    "kommunens børneterapeuter"), with the phrase's match; None where none does."""
    m = _OWNED.match(text, pos)
    body = sector_owner(m.group(1)) if m else None
    return (body, m) if body else None


_UNIT = re.compile("|".join(STAFF_WORDS), re.IGNORECASE)
_BODY = re.compile("|".join(BODY_WORDS), re.IGNORECASE)
"""A word that names staff or a working unit ("misbrugscenter", "lægemiddelkonsulenter"), not a thing ("samarbejde")."""
ADJECTIVE_ENDINGS = ("ive", "iske", "ige", "ale", "ende", "ede", "ære", "elle")
"""Endings of an adjective before the noun ("kommunens kommunale sygeplejersker")."""


WORKING_UNIT = re.compile(r"\b\w*(?:klinik(?:ken|ker|kerne)?|team(?:et|s)?|cent(?:er|eret|ret|re|rene)|enhed(?:en|er|erne)?|"
                          r"afdeling(?:en|er|erne)?|ambulatori(?:um|et|er|erne)|sekretariat(?:et|er)?)\b", re.IGNORECASE)
"""A working unit by its kind's word, in any compound ("Hukommelsesklinikken", "teamet", "Sygehusafdelingen")."""
# a unit and the body it is part of, after it: "Hukommelsesklinikken, Sygehus Lillebælt", "Demensteamet i Vejle Kommune",
# "Hukommelsesklinikken på Sygehus Lillebælt"
_UNIT_OF = re.compile(r"\b([A-Za-zæøåÆØÅ]+)(?:,\s+|\s+(?:på|i|ved)\s+)(?=[A-ZÆØÅ])")


def owned_units(text: str) -> dict[str, str]:
    """The staff and units a document names by whose they are ("Kommunens misbrugscenter", "regionens
    lægemiddelkonsulenter", "Hukommelsesklinikken, Sygehus Lillebælt"), by stem, where one body owns them: what
    the document knows of who they are."""
    owners: dict[str, set[str]] = {}
    for m in _OWNED.finditer(text):
        body, noun = sector_owner(m.group(1)), m.group(0).split()[-1].lower()
        if body and noun.isalpha() and not noun.endswith(ADJECTIVE_ENDINGS) and _UNIT.fullmatch(noun) and not _BODY.fullmatch(noun):
            owners.setdefault(stem(noun), set()).add(body)
    for m in _UNIT_OF.finditer(text):
        noun = m.group(1).lower()
        np = match_np(text, m.end()) if _UNIT.fullmatch(noun) and not _BODY.fullmatch(noun) else None
        named = np_actors(np.group(0)) if np else []
        if len(named) == 1 and named[0] in SECTOR_AGENTS:
            owners.setdefault(stem(noun), set()).add(named[0])
    return {s: next(iter(bodies)) for s, bodies in owners.items() if len(bodies) == 1}


# a unit or staff at the start, named by the body it is at: "Det palliative team på hospitalet …"
_LOCATED = re.compile(r"(?:(?:det|den|de)\s+)?(?:[a-zæøå]+\s+){0,2}?([a-zæøå-]+)\s+(?:på|i|hos)\s+", re.IGNORECASE)


def located_unit(text: str) -> tuple[str, int] | None:
    """The sector's body a sentence's opening unit or staff is at ("Det palliative team på hospitalet yder …",
    "Sygeplejerskerne i hjemmeplejen …"), and where the phrase ends; None where it opens otherwise or names no one
    body of a sector."""
    m = _LOCATED.match(text)
    if not m or not _UNIT.fullmatch(m.group(1)) or _BODY.fullmatch(m.group(1)):
        return None
    np = match_np(text, m.end())
    named = np_actors(np.group(0)) if np else []
    return (named[0], np.end()) if len(named) == 1 and named[0] in SECTOR_AGENTS else None


def unit_owner(text: str, units: dict[str, str]) -> tuple[str, int] | None:
    """The body whose unit ``text`` opens with, by the document's ``owned_units`` ("Misbrugscentret" after
    "Kommunens misbrugscenter": kommunen), and where the unit's word ends; an ending of up to four letters, or the
    compound's head alone."""
    m = re.match(r"[A-Za-zæøåÆØÅ]+", text)
    word = m.group(0).lower() if m and not _BODY.fullmatch(m.group(0)) else ""  # "Sygehusets …" names its body itself
    # or its compound's head, by which a document names a working unit again ("Klinikken" after "Hukommelsesklinikken,
    # Sygehus …"); not a person's ("terapeuten" is any therapist, not the "chefterapeut" of "hospitalets chefterapeut")
    head = stem(word) if len(word) >= 6 and WORKING_UNIT.fullmatch(word) else ""
    found = [body for s, body in units.items()
             if word and (word.startswith(s) and len(word) - len(s) <= 4 or head and len(s) > len(head) and s.endswith(head))]
    return (found[0], m.end()) if m and len(set(found)) == 1 else None


def _passives_with_agent(sentence: str) -> tuple[str, list[re.Match[str]]]:
    """The sentence's main clause, and each passive in it followed by "af" that names who does it: not a deponent
    or a word in -es that is no passive, nor a place between ("udbredes på tværs af hospitaler")."""
    main = _ASIDE.sub("", sentence)
    rel = RELATIVE_CLAUSE.search(main)
    main = main[: rel.start()] if rel else main
    found = []
    for m in _AGENT_OF.finditer(main):
        word = m.group(1).lower()
        if word in DEPONENT or word in NOT_PASSIVE or word.endswith(("ernes", "enes", "ens")):
            continue
        between = m.group(2).lower().split()
        if ((len(between) > 2 or any(w in _NOT_BETWEEN for w in between)) and not _place_then_agent(between, main, m.end())
                and not _object_then_agent(between, main, m.end())):
            continue
        found.append(m)
    found += [m for m in _GOT_DONE.finditer(main) if m.group(2).lower() not in _NOT_PARTICIPLE]
    return main, sorted(found, key=lambda m: m.start())


def _object_then_agent(between: list[str], main: str, at: int) -> bool:
    """A passive's object before its agent ("tilbydes et opfølgende hjemmebesøg af en sygeplejerske fra kommunen"):
    a short phrase without a preposition, not one that makes a phrase with "af" ("en del af"), and an actor after."""
    return (len(between) <= 4 and not any(w in _PREPOSITIONS for w in between) and between[-1] not in _FIXED_AF
            and _agent_at(main, at) is not None)


def _place_then_agent(between: list[str], main: str, at: int) -> bool:
    return len(between) >= 2 and between[0] in _PLACE_FIRST and between[-1] not in _FIXED_AF and bool(match_np(main, at))


def agent_of(sentence: str) -> tuple[tuple[str, ...], int] | None:
    """The actors a passive of the main clause names as its agent, and where in ``sentence`` the phrase that
    names it begins; None where it names none. The agent is a sector's body ("af kommunen", "af regionen og
    kommunerne"), or one by whose staff it is ("af kommunens børneterapeuter")."""
    main, passives = _passives_with_agent(sentence)
    for m in passives:
        agent = _agent_at(main, m.end())
        if agent:
            return agent[0], _where(sentence, m.group(0) + agent[1])
    return None


def _agent_at(main: str, at: int) -> tuple[tuple[str, ...], str] | None:
    """The actors named at ``at``, right after a passive's "af", and the phrase that names them: a sector's body,
    one by whose staff or unit it is ("kommunens terapeut"), staff from a body ("en sygeplejerske fra kommunen"),
    or an actor named by whose it is ("borgerens egen læge", who acts itself); None for anyone else."""
    np = match_np(main, at)
    if np:
        return tuple(np_actors(np.group(0))), np.group(0)
    owned = owned_at(main, at)
    if owned:
        return (owned[0],), owned[1].group(0)
    staff = _STAFF_FROM.match(main, at)
    np = match_np(main, staff.end()) if staff and _UNIT.fullmatch(staff.group(1)) else None
    if staff and np and np_actors(np.group(0)):
        return tuple(np_actors(np.group(0))), staff.group(0) + np.group(0)
    whose = _WHOSE.match(main, at)
    np = match_np(main, whose.end()) if whose else None
    if whose and np:
        return tuple(np_actors(np.group(0))), whose.group(0) + np.group(0)
    return None


# a body named after a passive's "af" the lexicon may not know: a name, or a noun in its definite form
_NAMED_AGENT = re.compile(r"(?:de\s+|den\s+|det\s+)?(?:[A-ZÆØÅ][\wæøåÆØÅ-]+|[a-zæøå]{3,}(?:en|et|ne))\b")


def unknown_agent(sentence: str) -> bool:
    """Whether a passive of the main clause names an agent that is no body the lexicon knows ("Visitationen
    foretages af hospicet selv"): someone named acts, so the statement is not the parties' own."""
    if agent_of(sentence) is not None:
        return False
    main, passives = _passives_with_agent(sentence)
    return any(_NAMED_AGENT.match(main, m.end()) for m in passives)


def _where(sentence: str, passive_and_agent: str) -> int:
    """Where the agent of ``passive_and_agent`` ("kontaktes telefonisk af kommunen") begins in the sentence."""
    at = sentence.find(passive_and_agent)
    return at + passive_and_agent.lower().rindex(" af ") + 4 if at >= 0 else 0


def measure_bodies(measure: str) -> list[str]:
    """The sectors' bodies a goal's measure names, as actors or in the genitive ("Alle sygeplejersker i
    hjemmesygeplejen", "Alle terapeuter i kommunens træningscentre"); not the citizen or relatives, whom a measure
    counts; nor a body in a relative clause that says which of them are counted ("Antallet af nye tryksår hos
    borgere, der udskrives til hjemmepleje, skal halveres …")."""
    measure = RELATIVE_CLAUSE.split(measure, 1)[0]
    owners = [GENITIVE_ACTORS[w] for w in re.findall(r"[a-zæøå]+s\b", measure.lower()) if w in GENITIVE_ACTORS]
    return [a for a in dict.fromkeys([*actors_in(measure), *owners]) if a not in ("borgeren", "pårørende")]
