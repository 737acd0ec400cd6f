"""Clause grammar: who is the actor of a sentence, and which cue (duty, pledge, modal, passive) says so; the kind
the cue makes of a statement is ``ingest.commitments.kinds``.

Works on one sentence at a time (already stripped of list markers) and on a ``Context`` the extractor gives it (the
kind of document, goal lists, the agreement period).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from foundation.text.tokens import stopwords
from ingest.commitments.actors import actors_in, match_np, np_actors
from ingest.commitments.agents import (
    ADJECTIVE_ENDINGS,
    GENITIVE_AGENT,
    RELATIVE_CLAUSE,
    agent_of,
    located_unit,
    measure_bodies,
    sector_owner,
    unit_owner,
    unknown_agent,
)
from ingest.commitments.dates import find_due
from ingest.commitments.lexicon import (
    ADVERBS,
    COMMIT_VERBS,
    DEPONENT,
    DUTY_VERBS,
    MODALS,
    NOT_PASSIVE,
    NP,
    PRESENT_NOT_TASK,
    STATIVE,
    SUBORDINATORS,
    WE,
)
from ingest.commitments.phrases import Hit, phrase_hits

_RESP_AFTER_HAR = re.compile(
    r"^(?:\S+\s+){0,8}?(?:haft\s+ansvaret|(?<!haft\s)(?:ansvaret|ansvar|initiativpligt|pligt|kompetence|til\s+opgave|"
    r"(?:en|et)\s+(?:\S+\s+){0,3}?(?:opgave|rolle|ansvar)))\b",
    re.IGNORECASE,
)
_RESP_AFTER_ER = re.compile(
    r"^(?:\S+\s+){0,3}?(?:ansvarlig|ansvarlige|forpligtet|forpligtede|tovholder|vært|gennemgående\s+behandler)\b",
    re.IGNORECASE,
)
_COORD_RESP = re.compile(
    r",?\s+og\s+(?:har\s+(?:\S+\s+){0,2}?ansvar\w*|er\s+(?:\S+\s+){0,2}?(?:ansvarlig\w*|forpligtet|tovholder))\b",
    re.IGNORECASE,
)


_DESCRIPTIVE = re.compile(r"\b(?:i\s+dag|allerede|hidtil|nu\s+i\s+stigende\s+grad)\b", re.IGNORECASE)
_PAST_DONE = re.compile(
    r"\b(?:er|blev|var|har)\s+(?:\S+\s+){0,2}?(?:indgået|udarbejdet|etableret|aftalt|besluttet|iværksat|foretaget|"
    r"nedsat|dannet|indført|ansat|lavet|formuleret|opsat|godkendt|prioriteret)\b",
    re.IGNORECASE,
)


_AGENTLESS_SKIP = re.compile(r"\b(?:drøftes|orienteres|nævnes|fremlægges|ses|fremgår|beskrives)\b", re.IGNORECASE)
_STARTS_SUBORDINATE = re.compile(r"^(?:Og\s+)?(?:hvor|som|hvis|når|da|fordi)\b", re.IGNORECASE)
_PASSIVE_WORD = re.compile(r"\b([a-zæøå]{3,}(?:es|ås))\b")


_PARTICIPLE = re.compile(
    r"\b(?:indgået|udarbejdet|etableret|aftalt|besluttet|iværksat|foretaget|nedsat|dannet|indført|ansat|lavet|"
    r"formuleret|opsat|godkendt|prioriteret|gennemført|oprettet|fået|haft|været|arbejdet|styrket)\b",
    re.IGNORECASE,
)
_MODAL_STATE = re.compile(
    r"\b(?:vil|skal)\s+(?:\S+\s+){0,8}?ske\b|\b(?:vil|skal)\s+(?:\S+\s+)?være\s+[a-zæøå]+(?:et|t)\b", re.IGNORECASE
)
_BLIVE_PARTICIPLE = re.compile(r"\bbliver?\s+(?:\S+\s+)?[a-zæøå]+(?:et|t)\b", re.IGNORECASE)


# ---------------------------------------------------------------- matching one sentence


@dataclass
class Context:
    doc_kind: str | None
    is_agreement: bool
    goal_context: bool
    period: str | None
    min_year: int | None
    units: dict[str, str] = field(default_factory=dict)  # the document's ``agents.owned_units``


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\wæøåÆØÅ.’'-]+", text)


def _verb_after(rest: str) -> str | None:
    """The first word after a modal (and its subject), skipping adverbs and an "i aftaleperioden"."""
    rest = re.sub(r"^\s*(?:i\s+(?:aftaleperioden|fællesskab)|hver\s+især)\s+", "", rest, flags=re.IGNORECASE)
    for tok in _tokens(rest)[:6]:
        low = tok.lower()
        if low in ADVERBS:
            continue
        return low
    return None


def _modal_ok(modal: str, rest: str, actors: Sequence[str], ctx: Context) -> bool:
    """Whether ``ACTOR modal rest`` is an obligation/pledge and not a passive, a state or a possibility."""
    first = _verb_after(rest)
    if first is None or len(_tokens(rest)) < 2:
        return False  # "I stedet vil vi integrere" cut off by the page: nothing is pledged
    if first.endswith(("es", "ås")) and first not in DEPONENT:
        return False  # passive: the actor is not the agent
    window = [t.lower() for t in _tokens(rest)[:10]]
    if re.match(r"\s*(?:\S+\s+){0,5}?i\s+stigende\s+grad\b", rest):
        return False  # a forecast, not a pledge
    if "være" in window and not re.search(r"\bvære\b[^.]*?\bved\b[^.]*?\bat\b", rest):
        return False
    if any(w in STATIVE - {"være"} for w in window[:3]):
        return False
    citizen = set(actors) <= {"borgeren", "pårørende"}
    if citizen and (modal in ("vil", "kan", "må") or first in ("have", "kunne")):
        return False
    if modal == "kan":
        if not ctx.is_agreement or WE in actors or first in ("bidrage", "have", "få", "opleve", "bestå", "ske"):
            return False
    if modal == "må" and first not in ("gerne",):
        return not citizen
    return True


def _clause_hits(text: str, ctx: Context) -> list[Hit]:
    """Every actor/verb pattern that matches ``text`` (already stripped of list markers)."""
    hits: list[Hit] = []
    hits += phrase_hits(text)
    hits += subject_first_hits(text, ctx)
    hits += _inverted_hits(text, ctx)
    hits += _embedded_hits(text, ctx)
    # "I aftaleperioden udvikles …: Hospitalet tilbyder subakutte tider …", "Borgeren må ikke …; kommunens socialafdeling skal …"
    for sep in (re.search(r":\s+(?=[A-ZÆØÅ])", text), re.search(r";\s+", text)):
        if sep and not hits:
            hits += [replace(h, start=sep.end(), clause=sep.end()) for h in subject_first_hits(text[sep.end() :], ctx)]
    return hits


def _skip_parenthetical(text: str, pos: int) -> int:
    """Skip adverbs, ``(…)``, ``– … –`` and ``sammen med NP`` after a subject."""
    while True:
        m = re.match(
            r"\s*(?:\([^()]{0,80}\)|[–-]\s[^–-]{1,60}\s[–-]|,\s*(?:der|som)\s[^,]{1,60},|,?\s*sammen\s+med\s+" + NP + r")",
            text[pos:],
            re.IGNORECASE,
        )
        if m and m.group(0).strip():
            pos += m.end()
            continue
        m = re.match(r"\s*([\w.]+)", text[pos:])
        if m and m.group(1).lower() in ADVERBS:
            pos += m.end()
            continue
        return pos


def _co_actors(text: str) -> list[str]:
    """Actors joined to a subject by "sammen med" right after it or its verb ("Kommunerne har sammen med …")."""
    m = re.match(r"\s*(?:[\wæøå]+\s+)?,?\s*sammen\s+med\s+(" + NP + ")", text, re.IGNORECASE)
    return np_actors(m.group(1)) if m else []


def _verb_group(text: str, pos: int, ctx: Context, actors: Sequence[str]) -> Hit | None:
    """Classify the finite verb at ``pos`` (after a subject) and what follows it."""
    m = re.match(r"\s*([\wæøå]+)", text[pos:], re.IGNORECASE)
    if not m:
        return None
    verb = m.group(1).lower()
    after = pos + m.end()
    rest = text[after:]
    if verb in MODALS:
        modal = verb
        m2 = re.match(r"\s+og\s+(skal|vil)\b", rest, re.IGNORECASE)  # "kan og skal"
        if m2:
            modal, rest = m2.group(1).lower(), rest[m2.end() :]
        if re.match(r"\s+forpligte\s+(?:sig|hinanden)\b", rest, re.IGNORECASE):
            return Hit(tuple(actors), "commit", rest, pos)
        if _modal_ok(modal, rest, actors, ctx):
            return Hit(tuple(actors), f"modal:{modal}", rest, pos)
        return None
    if verb in COMMIT_VERBS and re.match(r"\s+(?:sig|hinanden)\b", rest):
        return Hit(tuple(actors), "commit", rest, pos)
    if verb == "ønsker" and re.match(r"\s+(?:[^.]{0,60}?\s)?at\s+\w", rest):
        return Hit(tuple(actors), "commit", rest, pos)
    if verb == "er" and re.match(r"\s+enige\s+(?:om|i)\b", rest, re.IGNORECASE):
        return Hit(tuple(actors), "commit", rest, pos)
    if verb == "har" and re.match(r"\s+sagt\s+ja\s+til\s+at\b", rest, re.IGNORECASE):
        return Hit(tuple(actors), "commit", rest, pos)
    if verb == "har" and _RESP_AFTER_HAR.match(rest.strip()):
        return Hit(tuple(actors), "resp", rest, pos)
    if verb == "er" and _RESP_AFTER_ER.match(rest.strip()):
        return Hit(tuple(actors), "resp", rest, pos)
    if verb in ("varetager", "påtager") or verb == "sørger" and re.match(r"\s+for\b", rest):
        return Hit(tuple(actors), "resp", rest, pos)
    if task_verb(verb) and _present_ok(text, ctx, actors):
        return Hit(tuple(actors), "duty", rest, pos)
    if verb == "har" and _plan_with_due(text, rest, ctx, actors):
        return Hit(tuple(actors), "commit", rest, pos)  # "Kommunerne har i løbet af aftaleperioden tilbud …"
    if verb in ("er", "har") and _COORD_RESP.search(rest):
        return Hit(tuple(actors), "resp", rest, pos)
    m3 = re.match(r"\s+og\s+([\wæøå]+)\b", rest)  # "støtter og vejleder"
    if m3 and task_verb(m3.group(1).lower()) and task_verb(verb) and _present_ok(text, ctx, actors):
        return Hit(tuple(actors), "duty", rest, pos)
    return None


def task_verb(word: str) -> bool:
    """A present-tense verb that can state a task: a known duty verb, or any ``-er`` form that is not a view or state.

    Danish present tense ends in *-r* (``sætter``, ``genoptager``, ``kontrollerer``): after an actor
    as subject, or between a fronted adverbial and the actor, such a word is the finite verb.
    """
    if word in DUTY_VERBS:
        return True
    return len(word) >= 5 and word.isalpha() and word.islower() and word.endswith("er") and word not in PRESENT_NOT_TASK


def _plan_with_due(text: str, rest: str, ctx: Context, actors: Sequence[str]) -> bool:
    """``X har i aftaleperioden …``: "har" with a due date or the agreement period is a plan, not a description."""
    if _DESCRIPTIVE.search(_main_clause(text)) or _PARTICIPLE.search(_main_clause(rest)) or not _present_ok(text, ctx, actors):
        return False
    due = find_due(rest, ctx.period, ctx.min_year)
    return due is not None and due.type in ("time", "period") and due.text.split()[0] in ("i", "inden", "senest")


def _has_time(text: str, ctx: Context) -> bool:
    due = find_due(text, ctx.period, ctx.min_year)
    return due is not None and due.type == "time"


def _present_ok(text: str, ctx: Context, actors: Sequence[str]) -> bool:
    """Present-tense tasks count in agreements and goal lists, never for "vi" or citizens, never as description."""
    if WE in actors or set(actors) <= {"borgeren", "pårørende"}:
        return False
    if _DESCRIPTIVE.search(_main_clause(text)):
        return False
    return ctx.is_agreement or ctx.goal_context


def _main_clause(text: str) -> str:
    """``text`` up to its first relative or "at" clause."""
    m = re.search(r",\s*(?:der|som|hvilket|at)\b", text, re.IGNORECASE)
    return text[: m.start()] if m else text


def subject_first_hits(text: str, ctx: Context) -> list[Hit]:
    m = match_np(text, 0)
    if not m:
        return _genitive_subject_hits(text, ctx)
    actors = np_actors(m.group(0)) + _co_actors(text[m.end() : m.end() + 120])
    pos = _skip_parenthetical(text, m.end())
    hit = _verb_group(text, pos, ctx, actors)
    if hit is None:
        # "Almen praksis er en helt central samarbejdspart …, og har ansvar for …"
        cm = _COORD_RESP.search(text, pos)
        if cm and not _STARTS_SUBORDINATE.match(text[pos:]):
            hit = Hit(tuple(actors), "resp", text[cm.end() :], 0)
    return [replace(hit, start=0)] if hit else []


# a subject named by whose staff or unit it is: "Kommunens genoptræningsenhed kontakter …", "Sygehusets terapeuter udarbejder …"
_GENITIVE_SUBJECT = re.compile(r"^([A-ZÆØÅ][a-zæøå]+s)\s+([a-zæøå-]+)(\s+[a-zæøå-]+)?", re.IGNORECASE)


def _genitive_subject_hits(text: str, ctx: Context) -> list[Hit]:
    """A sector's body in the genitive with one or two words of what of it acts, then the finite verb: that body
    (one of ``SECTOR_AGENTS``, as for a passive's agent "af kommunens sygeplejerske")."""
    unit = located_unit(text) or unit_owner(text, ctx.units)  # "Teamet på hospitalet …", "Misbrugscentret sender …"
    g = None if unit else _GENITIVE_SUBJECT.match(text)
    owner = unit[0] if unit else sector_owner(g.group(1)) if g else None
    if owner is None:  # "Borgerens egen læge har ansvaret …": an actor named by whose it is acts itself
        m = match_np(text, g.start(2)) if g and g.group(1).lower() not in stopwords() else None  # not "Hvis …"
        hit = _verb_group(text, _skip_parenthetical(text, m.end()), ctx, np_actors(m.group(0))) if m else None
        return [replace(hit, start=0)] if hit is not None else []
    # "Kommunens kommunale sygeplejersker …": an adjective's ending before the noun, else the noun is one word
    end = unit[1] if unit else g.end(3) if g.group(3) and g.group(2).lower().endswith(ADJECTIVE_ENDINGS) else g.end(2)
    hit = _verb_group(text, end, ctx, [owner])
    return [replace(hit, start=0)] if hit is not None else []


_INV_VERBS = r"skal|vil|kan|må|har|er|" + "|".join(sorted(DUTY_VERBS)) + r"|[a-zæøå]{3,}er"
_FRONTED = re.compile(
    r"^(?:(?:ved|i|efter|inden|fra|under|før|senest|til|med|om|for|på|hos|hver|herefter|derefter|dernæst|samtidig)\b[^,]{0,60}"
    r"|.{3,120},)$",
    re.IGNORECASE,
)
"""A fronted adverbial (``Ved indlæggelse``, ``I øvrige tilfælde``) or a leading clause ending in a comma:
what may stand before the finite verb when the subject follows it (V2 order)."""


def _inverted_hits(text: str, ctx: Context) -> list[Hit]:
    """``I aftaleperioden vil kommunerne …``: a fronted adverbial, the finite verb, then the subject."""
    hits = []
    for vm in re.finditer(rf"(?<=\s)(?:(?:{_INV_VERBS})\s+og\s+)?({_INV_VERBS})\s+", text, re.IGNORECASE):
        before = text[: vm.start()].strip()
        if not before:
            continue  # a sentence-initial verb is a question or a condition
        prev = before.split()[-1].lower().strip(",")
        if prev in SUBORDINATORS or before.endswith(("at", "som")):
            continue
        np = match_np(text, vm.end())  # or a unit the document names by its owner ("Efter rekvisition skal akutteamet …")
        unit = None if np else unit_owner(text[vm.end() :], ctx.units)
        if not np and not unit:
            continue
        actors, np_start, np_end = (np_actors(np.group(0)), np.start(), np.end()) if np else ([unit[0]], vm.end(), vm.end() + unit[1])
        verb = vm.group(1).lower()
        if verb not in DUTY_VERBS and verb not in MODALS and verb not in ("har", "er"):
            if not task_verb(verb) or not _FRONTED.match(before):
                continue  # a word in -er is read as the verb only after a fronted adverbial
        rest = text[np_end:]
        hit: Hit | None = None
        if verb in MODALS:
            if _modal_ok(verb, rest, actors, ctx):
                hit = Hit(tuple(actors), f"modal:{verb}", rest, np_start)
        elif verb == "har" and _RESP_AFTER_HAR.match(rest.strip()):
            hit = Hit(tuple(actors), "resp", rest, np_start)
        elif verb == "har" and _plan_with_due(text, rest, ctx, actors):
            hit = Hit(tuple(actors), "commit", rest, np_start)
        elif verb == "er" and _RESP_AFTER_ER.match(rest.strip()):
            hit = Hit(tuple(actors), "resp", rest, np_start)
        elif task_verb(verb) and (_present_ok(text, ctx, actors) or WE in actors and _has_time(text, ctx)):
            # "Det tager vi hul på, på vores næste møde … den 27. september": a dated "vi" step counts
            hit = Hit(tuple(actors), "duty", rest, np_start)
        if hit:
            hits.append(hit)
            break
    return hits


_COORD_RX = re.compile(rf"(?:,\s*|\s)(?:og|men|mens)\s+({NP})\s+(skal|vil)\s+", re.IGNORECASE)
_REL_WE_RX = re.compile(r"\b(?:som|hvor)\s+vi\s+(skal|vil)\s+", re.IGNORECASE)
_BETYDER_RX = re.compile(rf"\bbetyder(?:\s+også)?,\s+at\s+({NP})\s+", re.IGNORECASE)
_SAA_RX = re.compile(rf"\bså\s+({NP})\s+", re.IGNORECASE)
# a decision's that-clause: "Udvalget besluttede, at hospitalerne og kommunerne inden 1. juni 2027 skal udarbejde …"
_DECIDED_RX = re.compile(rf"\b(?:besluttede|besluttet|vedtog|vedtaget|godkendte|godkendt|aftalte|aftalt),?\s+at\s+({NP})\s+",
                         re.IGNORECASE)
# a time set between a subordinate clause's subject and its verb, as Danish puts a clause's adverbials there
_TIME_BEFORE_VERB = re.compile(r"(?:inden|senest|fra|i|per|pr\.)\s+[^,;]{1,30}?\s+(?=(?:skal|vil)\b)", re.IGNORECASE)


def _embedded_hits(text: str, ctx: Context) -> list[Hit]:
    """Clauses inside a sentence: "…, og parterne skal …", "… som vi skal udmønte", "betyder, at X …", and what a
    decision says a named body shall do ("Udvalget besluttede, at hospitalerne og kommunerne inden 1. juni 2027 skal
    udarbejde …")."""
    hits = []
    for m in _COORD_RX.finditer(text):
        actors = np_actors(m.group(1))
        rest = text[m.end() :]
        if actors and _modal_ok(m.group(2).lower(), " " + rest, actors, ctx):
            hits.append(Hit(tuple(actors), f"modal:{m.group(2).lower()}", rest, m.start(1)))
    for m in _REL_WE_RX.finditer(text):
        rest = text[m.end() :]
        if _modal_ok(m.group(1).lower(), " " + rest, [WE], ctx):
            hits.append(Hit((WE,), f"modal:{m.group(1).lower()}", rest, m.start()))
    for rx in (_BETYDER_RX, _SAA_RX, _DECIDED_RX):
        for m in rx.finditer(text):
            np = match_np(text, m.start(1))
            if not np:
                continue
            actors = np_actors(np.group(0))
            if WE in actors or rx is _DECIDED_RX and not actors:
                continue
            pos = np.end()
            if rx is _DECIDED_RX and (time := _TIME_BEFORE_VERB.match(text, pos + 1)):
                pos = time.end()
            hit = _verb_group(text, pos, ctx, actors)
            if hit and (rx is _BETYDER_RX or hit.cue == "duty" or rx is _DECIDED_RX and hit.cue == "modal:skal"):
                hits.append(replace(hit, start=m.start(1)))
    return hits


# "Målet er, at …", "Det er målet, at …", "Vores mål er, at …": the sentence states a goal, its subject names no actor
_GOAL_IS = re.compile(
    r"^(?:(?:det|vores|vort|et)\s+(?:\w+\s+)?)?(?:mål|målet|målsætningen)\s+er,?\s+at\b"
    r"|^det\s+er\s+(?:\w+\s+)?(?:målet|målsætningen),?\s+at\b",
    re.IGNORECASE,
)


# in a list of goals, a target whose subject is a measure: "Mindst 60 procent af borgerne … skal … inden udgangen af 2034",
# "Andelen af … skal …", "Alle sygeplejersker … skal have gennemført …", its time first, "Ventetiden … skal være under 30 dage …"
_MEASURE_SHALL = re.compile(
    r"^(?:(?:mindst|højst|under|over|op\s+til)\s+)?(?:\d+(?:[.,]\d+)?\s*(?:procent|%)|(?:antallet|andelen)\s+af|alle)\s"
    r"[^.;:]*?\bskal\b|^(?:senest|inden|i)\s[^,.;:]{0,40}?\bskal\s+(?:(?:mindst|højst)\s+)?(?:\d+(?:[.,]\d+)?\s*(?:procent|%)|alle)\s"
    r"|^[A-ZÆØÅ][a-zæøå]+(?:en|et)\s[^.;:]{0,60}?\bskal\s+være\s+(?:(?:reduceret|nedbragt|øget|steget|faldet)\s+)?(?:under|over|højst|mindst|med|på)\s+\d",
    re.IGNORECASE,
)


def agentless_hit(text: str, ctx: Context) -> Hit | None:
    """A passive (or ``vil ske``) with a due time or period and no named agent; or a goal with a due time or
    period ("Målet er, at andelen af dagligrygere … er under 10 procent i 2028"): the document's *vi* set it."""
    if text.endswith("?") or _STARTS_SUBORDINATE.match(text) and "," not in text:
        return None
    measure = _MEASURE_SHALL.match(text) if ctx.goal_context else None
    if _GOAL_IS.match(text) or measure:
        due = find_due(text, ctx.period, ctx.min_year)
        if due is None or due.type not in ("time", "period"):
            return None
        # a sector's body the measure names is the one to meet it ("Alle sygeplejersker i hjemmesygeplejen", "Alle
        # terapeuter i kommunens træningscentre": by its genitive too); else *vi*
        named = measure_bodies(measure.group(0)) if measure else []
        return Hit((named[0] if len(named) == 1 else WE,), "goal", text, 0)
    whole = text
    rel = RELATIVE_CLAUSE.search(text)
    text = text[: rel.start()] if rel else text  # the passive and the place must be in the main clause
    if _AGENTLESS_SKIP.search(text):
        return None  # meetings that discuss or inform ("drøftes", "orienteres") are process, not pledges
    if _PAST_DONE.search(text) and not re.search(r"\b(?:skal|vil)\b", text):
        return None
    passive = any(
        w not in DEPONENT and w not in NOT_PASSIVE and not w.endswith(("ernes", "enes", "ens"))
        for w in _PASSIVE_WORD.findall(text.lower())
    )
    passive = passive or bool(_BLIVE_PARTICIPLE.search(text)) or bool(_MODAL_STATE.search(text))
    passive = passive or bool(re.search(r"\bopgaven\s+at\b", text, re.IGNORECASE))
    if not passive:
        return None
    shared = re.search(
        rf"\bi\s+fællesskab\s+(?:\S+\s+){{0,2}}?[a-zæøå]+(?:es|ås)\b"
        rf"|\b(?:i\s+(?:et\s+)?samarbejde\s+|deles\s+(?:\w+\s+)?)mellem\s+({NP})",
        text, re.IGNORECASE,
    )
    due = find_due(whole, ctx.period, ctx.min_year)
    if due is None or due.type not in ("time", "period"):
        if shared and (shared.group(1) is None or len(actors_in(shared.group(1))) > 1):
            return Hit(("parterne",), "agentless", text, 0)
        return None
    place = re.search(r"\bi\s+klyngerne\b", text, re.IGNORECASE)
    if place:
        return Hit(("Klyngerne",), "agentless", text, 0)
    agent = GENITIVE_AGENT.search(text)  # "tilbydes … af kommunens sygeplejerske": the municipality does it
    owner = sector_owner(agent.group(1)) if agent else None
    if owner:
        return Hit((owner,), "agentless", text, 0)
    if shared and shared.group(1) and len(actors_in(shared.group(1))) > 1:
        return Hit(("parterne",), "agentless", text, 0)
    if unknown_agent(text):
        return None  # "Visitationen foretages af hospicet selv …": a body the lexicon does not know acts, not the parties
    return Hit((WE,), "agentless", text, 0)


def first_hit(text: str, ctx: Context) -> Hit | None:
    hits = _clause_hits(text, ctx)
    if not hits:
        agent = agent_of(text)  # "Forældrene kontaktes … af kommunen": the agent acts, not the subject
        return Hit(agent[0], "duty", text, agent[1]) if agent else None
    return min(hits, key=lambda h: h.start)
