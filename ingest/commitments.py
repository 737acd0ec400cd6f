"""The commitments and responsibilities register: who does what, by when.

Rule-based Danish extraction over the sentences of an ingest, stored as an
SQLite table ``commitments`` inside each index generation (so a re-ingested
document replaces its rows with the generation).

What counts as a statement (the conventions the gold set in
``evals/commitments_gold.jsonl`` follows too):

* an identified actor *shall*, *will*, *may* (a competence in an agreement)
  do something, is responsible for it (``har ansvaret for``, ``påhviler``,
  ``varetager``, ``er forpligtet til``, ``er tovholder``), commits to it
  (``forpligter sig til``, ``ønsker at``, ``er enige om``) or has it as a
  goal (``Mål: Vi vil …``, ``N. Målsætning: …``); in an agreement or a goal
  list a present-tense task (``Hospitalet sender udskrivningsrapport``)
  counts too;
* something is to be done by a stated time (a date, a year, ``inden for 90
  dage``, ``i aftaleperioden``) even when no agent is named; the actor is
  then the one of the statement just before (``Arbejdet afsluttes i
  2019.``), a body named as the place of the work (``i klyngerne``), or the
  document's *vi*.

Not extracted: background and history, descriptions of the current state
(``har allerede``, ``i dag``), the reasons of a ``Hvorfor?`` block,
present-tense *vi* values (``Vi sætter borgeren først``), possibilities
(``kan`` outside an agreement), needs (``har behov for``), passives without
agent and time, and sentences whose subject is the agreement, a goal or an
effort rather than an actor.

Actors are normalised: ``kommunen``, ``regionen``, ``hospitalet``,
``psykiatrien``, ``almen praksis`` (egen/praktiserende læge, vagtlæge),
``borgeren``, ``pårørende``, ``parterne`` (*vi* in an agreement, parterne,
or several sectors together) or a named body (``Sundhedskoordinationsudvalget``,
``Sundhedsstyregruppen``, ``Temagrupperne``, ``Klyngerne``, ``KKR``, ``KL``).
*Vi* is the municipalities in a paper issued by KKR or the municipalities,
and a named body where the text says so (``Vi er i
Sundhedskoordinationsudvalget …``). Region-side actors together (hospitals
and the region's practice department) are ``regionen``.

Kinds: ``deadline`` when a concrete time limit is stated; ``responsibility``
for duties, competences and task distribution; ``commitment`` for
intentions, pledges, goals and development work in the agreement period.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from foundation.text.sentences import split_sentences
from ingest.clean import clean
from ingest.load import load
from ingest.split import SECTION_SEPARATOR, units

KINDS = ("responsibility", "commitment", "deadline")
"""Kinds of statement, in the order the brief groups them."""

SECTOR_ACTORS = ("kommunen", "regionen", "hospitalet", "psykiatrien", "almen praksis", "borgeren", "pårørende", "parterne")
"""The normalised actors that are not named bodies."""

NAMED_BODIES = ("Sundhedskoordinationsudvalget", "Sundhedsstyregruppen", "Temagrupperne", "Klyngerne", "KKR", "KL")
"""Named bodies the extractor recognises (more may come from an LLM pass)."""

ACTORS = SECTOR_ACTORS + NAMED_BODIES

TABLE = "commitments"
DB_NAME = "commitments.sqlite"
REGISTER_VERSION = "1"

_REGION_SIDE = {"regionen", "hospitalet", "psykiatrien"}
_WE = "<vi>"


# ---------------------------------------------------------------- the record


@dataclass(frozen=True)
class Commitment:
    """One statement of responsibility, commitment or deadline, tied to its source.

    ``start``/``end`` are offsets in the cleaned document text;
    ``line_start``/``line_end`` are 1-based lines of the source file;
    ``actors`` lists every actor named in the subject (``actor`` is their
    normalised sum: several sectors make ``parterne``).
    """

    id: str
    actor: str
    kind: str
    statement: str
    situation: str | None
    due: str | None
    topic: str
    doc: str
    title: str
    region: str | None
    period: str | None
    kind_of_doc: str | None
    section: str | None
    page: int | None
    line_start: int
    line_end: int
    start: int
    end: int
    actors: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``actors`` as a list)."""
        data = asdict(self)
        data["actors"] = list(self.actors)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Commitment":
        """Rebuild from ``to_dict`` output or an SQLite row mapping."""
        values = {f.name: data.get(f.name) for f in fields(cls)}
        actors = values.get("actors") or ()
        if isinstance(actors, str):
            actors = tuple(a for a in actors.split("; ") if a)
        values["actors"] = tuple(actors)
        return cls(**values)

    def location(self, lang: str = "da") -> str:
        """``side 4`` for a PDF, else ``linje 12–14`` (``page``/``lines`` in English)."""
        if self.page is not None:
            return f"{'side' if lang == 'da' else 'page'} {self.page}"
        word = "linje" if lang == "da" else "lines"
        if self.line_start == self.line_end:
            return f"{word} {self.line_start}"
        return f"{word} {self.line_start}–{self.line_end}"


COLUMNS = tuple(f.name for f in fields(Commitment))


# ---------------------------------------------------------------- lexicon

_DET = r"(?:(?:de|den|det|alle|hver|både|samtlige)\s+)?(?:(?:enkelte|\d{1,2}|midtjyske)\s+){0,2}"
_TERMS: tuple[tuple[str, str], ...] = (
    (r"sundhedskoordinationsudvalg(?:et)?", "Sundhedskoordinationsudvalget"),
    (r"sundhedsstyregrupp(?:en|e)", "Sundhedsstyregruppen"),
    (r"temagrupp(?:en|erne|er)(?:\s+for\s+[a-zæøå\-]+)?", "Temagrupperne"),
    (r"klyngerne|klyngen", "Klyngerne"),
    (r"KKR(?:[- ](?:Midtjylland|Hovedstaden))?(?![\w-])", "KKR"),
    (r"KL(?![\w-])", "KL"),
    (r"(?:regions|børne-\s*og\s*ungdoms|børne–\s*og\s*ungdoms|behandlings|voksen)?psykiatri(?:en)?", "psykiatrien"),
    (r"(?:akut)?hospital(?:et|erne|er)?|sygehuse(?:t|ne)|sygehus|somatikken|fødestedet", "hospitalet"),
    (r"regionens\s+praksisafdeling|hospitalsapoteket", "regionen"),
    (r"region(?:en|erne|er)?(?:\s+(?:Midtjylland|Hovedstaden))?", "regionen"),
    (r"(?:kommunale\s+)?akutfunktion(?:erne|er)", "kommunen"),
    (r"kommun(?:en|erne|er|e)(?:\(r\))?|kommunale\s+(?:sundhedspersoner|medarbejdere)", "kommunen"),
    (
        r"almen\s+praksis|egen\s+læge|praktiserende\s+læge(?:r|n|rne)?|vagtlæge(?:n)?|praksissektor(?:en)?|lægepraksis",
        "almen praksis",
    ),
    (r"borger(?:en|ne)|patient(?:en|erne)|de\s+unge|den\s+unge|den\s+gravide", "borgeren"),
    (r"pårørende|familien|forældrene", "pårørende"),
    (
        r"sundhedsaftalens\s+parter|parterne|alle\s+parter|alle\s+aktører(?:\s+i\s+forløbet)?|risikomanagerne|"
        r"ledelserne\s+i\s+de\s+enkelte\s+enheder|de\s+professionelle",
        "parterne",
    ),
    (r"vi", _WE),
)
_CASE_SENSITIVE = {"KKR", "KL"}
_TERM_RE = "|".join(f"(?:{t})" for t, _ in _TERMS)
_MOD_BODY = (
    r"\s+(?:i\s+(?:Region\s+Midtjylland|Region\s+Hovedstaden|regionen|KKR-Hovedstaden|hovedstadsregionen|"
    r"den\s+midtjyske\s+region|klyngerne)|fra\s+(?:de\s+involverede\s+sektorer|den\s+enkelte\s+sektor)|"
    r"\([^()]{0,60}\)|[–-]\s+herunder\s+[^–-]{0,40}\s+[–-])"
)
_MOD = f"(?:{_MOD_BODY})?"  # place and aside after an actor: "Kommunerne i Region Midtjylland", "Hospitalerne (læger, …)"
_ONE = rf"{_DET}(?:{_TERM_RE}){_MOD}"
_NP = rf"{_ONE}(?:(?:\s*,\s*|\s+(?:og/eller|og|eller|samt)\s+(?:i\s+)?|\s*/\s*){_ONE})*"
_NP_RE = re.compile(_NP, re.IGNORECASE)
_TERM_COMPILED = [(re.compile(rf"(?<![\w-])(?:{t})(?![\w])", re.IGNORECASE), label) for t, label in _TERMS]

_GENITIVE = {
    "kommunens": "kommunen",
    "kommunernes": "kommunen",
    "regionens": "regionen",
    "hospitalets": "hospitalet",
    "hospitalernes": "hospitalet",
    "almen praksis’": "almen praksis",
    "almen praksis'": "almen praksis",
    "almen praksis": "almen praksis",
    "regionspsykiatriens": "psykiatrien",
    "psykiatriens": "psykiatrien",
    "parternes": "parterne",
}

_MODALS = ("skal", "vil", "kan", "må")
_DUTY_VERBS = frozenset(
    """tilbyder henviser sikrer sender screener udarbejder iværksætter koordinerer rådgiver vurderer kontakter
    giver laver gennemfører indkalder aktiverer tydeliggør anfører udvikler afprøver anvender opdaterer støtter
    vejleder inddrager deltager identificerer registrerer godtgører udreder igangsætter etablerer påbegynder
    følger tager udleverer udlåner arrangerer afholder samarbejder implementerer beskriver behandler forbereder
    understøtter indgår nedsætter angiver gennemgår varsler informerer orienterer leverer udpeger fastsætter
    opstiller inviterer varetager skaber""".split()
)
_COMMIT_VERBS = ("forpligter", "forpligtiger")
_ADVERBS = frozenset(
    """endvidere desuden derfor også fortsat selv sammen nu altid løbende dermed således ligeledes ofte
    evt. evt fx f.eks. bl.a. eksempelvis først herefter yderligere aktivt""".split()
)
_STATIVE = frozenset({"være", "blive", "opleve", "vide", "ofte", "typisk", "gerne", "ikke"})
_DEPONENT = frozenset({"lykkes", "synes", "mødes", "findes", "ses", "enes", "færdes", "trives", "skændes"})
_SUBORDINATORS = frozenset({"at", "som", "der", "hvis", "når", "om", "fordi", "hvor", "hvordan", "hvad", "mens", "da"})
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
_GENERIC = re.compile(r"\bgøre\s+en\s+forskel\b|\bvil\s+gerne\b|\bhar\s+en\s+ambition\b", re.IGNORECASE)
_DESCRIPTIVE = re.compile(r"\b(?:i\s+dag|allerede|hidtil|nu\s+i\s+stigende\s+grad)\b", re.IGNORECASE)
_PAST_DONE = re.compile(
    r"\b(?:er|blev|var|har)\s+(?:\S+\s+){0,2}?(?:indgået|udarbejdet|etableret|aftalt|besluttet|iværksat|foretaget|"
    r"nedsat|dannet|indført|ansat|lavet|formuleret|opsat|godkendt|prioriteret)\b",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"^(?:•\s*|[-–]\s+|(?:\d{1,2}[.)]|[a-z]\))\s+|Ad\s+\d[\w-]*\)\s+|\d{1,2}\.\s*Målsætning:\s*|Målsætning:\s*|Mål:\s*|"
    r"(?:Og|Men|Samt)\s+)+",
)
_ANAPHORA = re.compile(r"^(?:Arbejdet|Opfølgningen|Analysen|Indsatsen|Projektet|Planen|Aftalen)\b")
_AGENTLESS_SKIP = re.compile(r"\b(?:drøftes|orienteres|nævnes|fremlægges|ses|fremgår|beskrives)\b", re.IGNORECASE)
_RELATIVE = re.compile(r",\s*(?:der|som|hvilket)\b", re.IGNORECASE)
_STARTS_SUBORDINATE = re.compile(r"^(?:Og\s+)?(?:hvor|som|hvis|når|da|fordi)\b", re.IGNORECASE)
_PASSIVE_WORD = re.compile(r"\b([a-zæøå]{3,}(?:es|ås))\b")
_NOT_PASSIVE = frozenset(
    """jeres deres fælles kommunes regions tværs hinandens dagens livs borgeres unges ældres gravides
    overvejes vurderes""".split()
)  # words ending in -es that are no passive verb (or a passive that reports a judgement)
_PARTICIPLE = re.compile(
    r"\b(?:indgået|udarbejdet|etableret|aftalt|besluttet|iværksat|foretaget|nedsat|dannet|indført|ansat|lavet|"
    r"formuleret|opsat|godkendt|prioriteret|gennemført|oprettet|fået|haft|været|arbejdet|styrket)\b",
    re.IGNORECASE,
)
_MODAL_STATE = re.compile(
    r"\b(?:vil|skal)\s+(?:\S+\s+){0,8}?ske\b|\b(?:vil|skal)\s+(?:\S+\s+)?være\s+[a-zæøå]+(?:et|t)\b", re.IGNORECASE
)
_BLIVE_PARTICIPLE = re.compile(r"\bbliver?\s+(?:\S+\s+)?[a-zæøå]+(?:et|t)\b", re.IGNORECASE)
_BLOCK_MARKERS = {"hvorfor?": "why", "hvordan?": "how", "hvem, hvad og hvornår?": "who"}


# ---------------------------------------------------------------- due dates

_MONTHS = "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
_NUM = r"(?:\d+|få|to|tre|fire|fem|seks|syv|otte|ni|ti|tolv)"
_TIME_PATTERNS = [
    rf"\b(?:inden\s*for|indenfor)\s+{_NUM}\s+(?:timer|døgn|dage|hverdage|uger|måneder|år)\b",
    rf"\bsenest\s+(?:i\s+)?(?:den\s+)?(?:\d{{1,2}}\.\s+(?:{_MONTHS})\s+)?(?:20\d\d|{_NUM}\s+(?:timer|døgn|dage|hverdage|uger))\b",
    rf"\b(?:inden|ved)\s+udgangen\s+af\s+(?:20\d\d|(?:{_MONTHS})(?:\s+måned)?(?:\s+20\d\d)?)",
    rf"\b(?:primo|medio|ultimo)\s+(?:(?:{_MONTHS})\s+)?20\d\d\b",
    rf"\bi\s+løbet\s+af\s+(?:20\d\d|(?:{_MONTHS})(?:-(?:{_MONTHS}))?(?:\s+måned)?)",
    r"\bi\s+\d\.\s+kvartal(?:\s+(?:hvert\s+år|20\d\d))?",
    rf"\b(?:den\s+)?\d{{1,2}}\.\s+(?:{_MONTHS})(?:\s+20\d\d)?",
    r"\b(?:i|fra|frem\s+mod|inden|før|pr\.)\s+(?:år\s+)?20\d\d(?:\s*[-–]\s*20\d\d)?\b",
]
_TIME_RE = [re.compile(p, re.IGNORECASE) for p in _TIME_PATTERNS]
_PERIOD_RE = re.compile(
    r"(?<!undervejs )\b(?:i\s+løbet\s+af\s+|løbende\s+i\s+|i\s+hele\s+|i\s+den\s+kommende\s+|i\s+denne\s+|i\s+)"
    r"(?:sundhedsaftale\s?|aftale)?perioden?\b|\bi\s+denne\s+aftaleperiode\b",
    re.IGNORECASE,
)
_SITUATION_DUE_RE = re.compile(
    r"\b(?:ved|efter|under|før|inden|i\s+forbindelse\s+med)\s+(?:en\s+|den\s+)?(?:indlæggelse(?:n)?|udskrivelse(?:n)?|"
    r"udskrivning(?:en)?|henvisning(?:en)?|fødsel(?:en)?|sygebesøg|opstart)\b",
    re.IGNORECASE,
)
_RECURRING_RE = re.compile(r"\b(?:hvert\s+år|én\s+gang\s+årligt|årligt|hvert\s+kvartal)\b", re.IGNORECASE)
_YEAR_RE = re.compile(r"20\d\d")


@dataclass(frozen=True)
class Due:
    """A due expression and its type: "time" (concrete), "period" (the agreement period), "recurring" or "situation"."""

    text: str
    type: str


def find_due(text: str, period: str | None = None, min_year: int | None = None) -> Due | None:
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
    """
    best: tuple[int, str] | None = None
    for rx in _TIME_RE:
        for m in rx.finditer(text):
            years = [int(y) for y in _YEAR_RE.findall(m.group(0))]
            if min_year and years and max(years) < min_year:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), m.group(0))
            break
    if best is not None:
        return Due(_tidy_due(best[1]), "time")
    m = _PERIOD_RE.search(text)
    if m:
        due = _tidy_due(m.group(0))
        return Due(f"{due} ({period})" if period else due, "period")
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


# ---------------------------------------------------------------- situation and topic

SITUATIONS: tuple[tuple[str, str], ...] = (
    ("udskrivelse", r"udskriv\w*|udskrevet|færdigbehandlet"),
    ("indlæggelse", r"indlæggelse\w*|indlagt\w*|indlægges|genindlæggelse\w*"),
    ("genoptræning", r"genoptræning\w*"),
    ("rehabilitering", r"rehabilitering\w*"),
    ("ambulant", r"ambulant\w*"),
    ("akut", r"akut\w*"),
    ("henvisning", r"henvis\w*"),
    ("hjemmebesøg", r"hjemmebesøg\w*"),
    ("graviditet og fødsel", r"gravid\w*|fødsel\w*|nyfødt\w*|svangre\w*"),
    ("sygemelding", r"sygemeld\w*"),
    ("netværksmøde", r"netværks\S*møde\w*"),
)
_SITUATION_RX = [(label, re.compile(rf"\b(?:{rx})", re.IGNORECASE)) for label, rx in SITUATIONS]
_TRIGGER_RX = re.compile(r"\b(?:ved|efter|under|før|inden|når|i\s+forbindelse\s+med)\s+(?:en\s+|den\s+|at\s+)?", re.IGNORECASE)

TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("medicin", ("medicin", "fmk", "dosisdispenser", "lægemiddel", "polyfarmaci", "farmaceut", "medikament")),
    ("genoptræning", ("genoptræning", "rehabilitering", "træning", "fysioterapi", "hjælpemidler", "behandlingsredskaber")),
    ("psykiatri", ("psykiatri", "psykisk", "psykiske", "mental", "mistrivsel", "depression")),
    ("forebyggelse", ("forebyggelse", "forebyggende", "rygning", "rygestop", "ryger", "kram", "alkohol", "overvægt",
                      "sundhedsfremme", "rusmiddel", "misbrug", "screen", "ulighed", "lighed i sundhed")),
    ("børn og unge", ("børn", "unge", "gravide", "gravid", "nyfødte", "sundhedspleje", "svangre", "familie", "forældre")),
    ("ældre", ("ældre", "faldforebyggelse", "hjemmebesøg", "geriatri", "demens")),
    ("it og data", ("it-", "sundheds-it", "digital", "data", "telemedicin", "medcom", "sundhed.dk", "elektronisk",
                    "video", "it ", "telesundhed")),
    ("akut", ("akut", "døgnpladser", "akutpladser", "akutfunktion", "tobs", "tidlig opsporing")),
    ("indlæggelse og udskrivelse", ("indlæggelse", "udskrivelse", "udskrivning", "udskrevet", "indlagt", "færdigbehandle")),
    ("kronisk sygdom", ("kronisk", "kol", "diabetes", "forløbsprogram", "hjertekar", "multisygdom")),
    ("økonomi", ("økonomi", "økonomisk", "udgift", "finansier", "midler", "kr.", "omkostning", "godtgør")),
    ("kvalitet og patientsikkerhed", ("kvalitet", "standard", "audit", "patientsikkerhed", "utilsigtede", "hygiejne",
                                      "kompetence", "monitorering", "indikator")),
    ("arbejdsmarked", ("arbejdsmarked", "sygemeld", "jobcenter", "beskæftigelse", "sygedagpenge")),
    ("organisering", ("sundhedskoordinationsudvalg", "sundhedsstyregrupp", "temagrupp", "klynge", "kkr", "opfølgning",
                      "implementering")),
    ("samarbejde", ("samarbejde", "koordinering", "koordiner", "dialog", "aftale", "sammenhæng")),
)
TOPIC_NAMES = tuple(name for name, _ in TOPICS)
DEFAULT_TOPIC = "samarbejde"


def find_situation(text: str) -> str | None:
    """The situation a statement is about (``udskrivelse``, ``genoptræning``, …), or None.

    A situation after a trigger word (``ved``, ``efter``, ``når`` …) wins;
    otherwise the first situation word in the sentence.
    """
    found: list[tuple[int, int, str]] = []
    for label, rx in _SITUATION_RX:
        for m in rx.finditer(text):
            before = text[max(0, m.start() - 30) : m.start()]
            trig = None
            for trig in _TRIGGER_RX.finditer(before):
                pass
            is_trigger = trig is not None and trig.end() == len(before)
            found.append((0 if is_trigger else 1, m.start(), label))
            break
    if not found:
        return None
    return min(found)[2]


def find_topic(statement: str, section: str | None = None) -> str:
    """The topic of a statement from a keyword table; the section path counts a third as much."""
    text = statement.lower()
    head = (section or "").lower()
    best, best_score = DEFAULT_TOPIC, 0.0
    for name, words in TOPICS:
        score = sum(3 * text.count(w) for w in words) + sum(head.count(w) for w in words)
        if name == DEFAULT_TOPIC:
            score *= 0.5  # the fallback topic wins only when nothing else is named
        if score > best_score:
            best, best_score = name, score
    return best


# ---------------------------------------------------------------- actors


def actors_in(phrase: str) -> list[str]:
    """Normalised actors named in a noun phrase, in order, without repeats."""
    out: list[str] = []
    for m in _iter_terms(phrase):
        if m[1] not in out:
            out.append(m[1])
    return out


def _iter_terms(phrase: str) -> Iterable[tuple[int, str]]:
    hits: list[tuple[int, int, str]] = []
    for rx, label in _TERM_COMPILED:
        for m in rx.finditer(phrase):
            if label in _CASE_SENSITIVE and not m.group(0)[:2].isupper():
                continue
            hits.append((m.start(), m.end(), label))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    last_end = -1
    for s, e, label in hits:
        if s >= last_end:
            last_end = e
            yield s, label


_MOD_RX = re.compile(_MOD_BODY, re.IGNORECASE)


def np_actors(phrase: str) -> list[str]:
    """Actors of a subject phrase, ignoring place modifiers ("Kommunerne i den midtjyske region")."""
    return actors_in(_MOD_RX.sub(" ", phrase))


def combine_actors(labels: Sequence[str]) -> str | None:
    """One actor for several: a single one stays, region-side ones make ``regionen``, others ``parterne``."""
    labels = [a for a in dict.fromkeys(labels) if a]
    if not labels:
        return None
    if len(labels) == 1:
        return labels[0]
    if set(labels) <= _REGION_SIDE:
        return "regionen"
    return "parterne"


def _match_np(text: str, pos: int = 0) -> re.Match[str] | None:
    m = _NP_RE.match(text, pos)
    if not m or not m.group(0).strip():
        return None
    end = m.end()
    if end < len(text) and (text[end].isalnum() or text[end] in "’'-"):
        # the NP ends inside a word ("Kommunernes", "KKR-målet", "Regioner1"): no subject here
        return None
    if not actors_in(m.group(0)):
        return None
    return m


# ---------------------------------------------------------------- matching one sentence


@dataclass(frozen=True)
class _Hit:
    actors: tuple[str, ...]  # may contain _WE
    cue: str  # "resp", "commit", "modal:skal", "duty", "agentless", "goal"
    rest: str  # text after the verb (for stative / passive checks)
    start: int  # offset of the actor phrase in the parsed text (for reporting)
    clause: int = 0  # offset of the clause the hit belongs to, when not the whole sentence


@dataclass
class _Context:
    doc_kind: str | None
    is_agreement: bool
    goal_context: bool
    period: str | None
    min_year: int | None


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\wæøåÆØÅ.’'-]+", text)


def _verb_after(rest: str) -> str | None:
    """The first word after a modal (and its subject), skipping adverbs and an "i aftaleperioden"."""
    rest = re.sub(r"^\s*(?:i\s+(?:aftaleperioden|fællesskab)|hver\s+især)\s+", "", rest, flags=re.IGNORECASE)
    for tok in _tokens(rest)[:6]:
        low = tok.lower()
        if low in _ADVERBS:
            continue
        return low
    return None


def _modal_ok(modal: str, rest: str, actors: Sequence[str], ctx: _Context) -> bool:
    """Whether ``ACTOR modal rest`` is an obligation/pledge and not a passive, a state or a possibility."""
    first = _verb_after(rest)
    if first is None or len(_tokens(rest)) < 2:
        return False  # "I stedet vil vi integrere" cut off by the page: nothing is pledged
    if first.endswith(("es", "ås")) and first not in _DEPONENT:
        return False  # passive: the actor is not the agent
    window = [t.lower() for t in _tokens(rest)[:10]]
    if re.match(r"\s*(?:\S+\s+){0,5}?i\s+stigende\s+grad\b", rest):
        return False  # a forecast, not a pledge
    if "være" in window and not re.search(r"\bvære\b[^.]*?\bved\b[^.]*?\bat\b", rest):
        return False
    if any(w in _STATIVE - {"være"} for w in window[:3]):
        return False
    citizen = set(actors) <= {"borgeren", "pårørende"}
    if citizen and (modal in ("vil", "kan", "må") or first in ("have", "kunne")):
        return False
    if modal == "kan":
        if not ctx.is_agreement or _WE in actors or first in ("bidrage", "have", "få", "opleve", "bestå", "ske"):
            return False
    if modal == "må" and first not in ("gerne",):
        return not citizen
    return True


def _clause_hits(text: str, ctx: _Context) -> list[_Hit]:
    """Every actor/verb pattern that matches ``text`` (already stripped of list markers)."""
    hits: list[_Hit] = []
    hits += _genitive_hits(text)
    hits += _subject_first_hits(text, ctx)
    hits += _inverted_hits(text, ctx)
    hits += _embedded_hits(text, ctx)
    colon = re.search(r":\s+(?=[A-ZÆØÅ])", text)
    if colon and not hits:
        # "I aftaleperioden udvikles …: Hospitalet tilbyder subakutte tider …"
        hits += [replace(h, start=colon.end(), clause=colon.end()) for h in _subject_first_hits(text[colon.end() :], ctx)]
    return hits


_GEN_RX = re.compile(
    r"\b(?:det\s+er|er\s+det)\s+(?:\w+\s+)?(kommunens|kommunernes|regionens|hospitalets|hospitalernes|almen\s+praksis[’']?|"
    r"regionspsykiatriens|psykiatriens|parternes)\s+(?:\S+\s+)?(ansvar|opgave|pligt)\s+at\b|"
    r"^(kommunens|kommunernes|regionens|hospitalets|hospitalernes|almen\s+praksis[’']?|regionspsykiatriens|psykiatriens)"
    r"\s+(?:\S+\s+)?(ansvar|opgave|opgaver)\s+er\b",
    re.IGNORECASE,
)
_PAAHVILER_RX = re.compile(rf"\bpåhviler\s+(?:det\s+)?({_NP})", re.IGNORECASE)
_SHARED_RX = re.compile(
    r"\b(?:det\s+)?er\s+(?:\w+\s+)?(?:et|en)\s+(?:fælles|(?:\w+\s+)?(?=mål\b))\s*(mål|opgave|ansvar)\b"
    r"(?=,?\s+(?:at|mellem|for)\b)",
    re.IGNORECASE,
)
_CONSENSUS_RX = re.compile(r"(?<!som\s)\b(?:er\s+der|der\s+er)\s+enighed\s+om\b", re.IGNORECASE)
_SKE_I_RX = re.compile(r"\b(?:vil|skal)\s+(?:der\s+)?(?:\S+\s+)?ske\s+(?:\S+\s+){0,2}?i\s+((?:[^.;]){3,80})", re.IGNORECASE)


def _genitive_hits(text: str) -> list[_Hit]:
    hits = []
    for m in _GEN_RX.finditer(text):
        actor = _GENITIVE.get(re.sub(r"\s+", " ", (m.group(1) or m.group(3)).lower()), None)
        if actor:
            hits.append(_Hit((actor,), "resp", text[m.end() :], m.start()))
    for m in _PAAHVILER_RX.finditer(text):
        labels = actors_in(m.group(1))
        if labels:
            hits.append(_Hit(tuple(labels), "resp", text[m.end() :], m.start()))
    m = _SHARED_RX.search(text)
    if m:
        hits.append(_Hit(("parterne",), "commit" if m.group(1).lower() == "mål" else "resp", text[m.end() :], m.start()))
    m = _CONSENSUS_RX.search(text)
    if m:
        hits.append(_Hit(("parterne",), "commit", text[m.end() :], m.start()))
    m = _SKE_I_RX.search(text)
    if m:
        labels = [a for a in actors_in(m.group(1)) if a != _WE]
        if labels and set(labels) & set(NAMED_BODIES):
            hits.append(_Hit(tuple(labels), "commit", m.group(1), m.start()))
    return hits


def _skip_parenthetical(text: str, pos: int) -> int:
    """Skip adverbs, ``(…)``, ``– … –`` and ``sammen med NP`` after a subject."""
    while True:
        m = re.match(
            r"\s*(?:\([^()]{0,80}\)|[–-]\s[^–-]{1,60}\s[–-]|,\s*(?:der|som)\s[^,]{1,60},|,?\s*sammen\s+med\s+" + _NP + r")",
            text[pos:],
            re.IGNORECASE,
        )
        if m and m.group(0).strip():
            pos += m.end()
            continue
        m = re.match(r"\s*([\w.]+)", text[pos:])
        if m and m.group(1).lower() in _ADVERBS:
            pos += m.end()
            continue
        return pos


def _co_actors(text: str) -> list[str]:
    """Actors joined to a subject by "sammen med" right after it or its verb ("Kommunerne har sammen med …")."""
    m = re.match(r"\s*(?:[\wæøå]+\s+)?,?\s*sammen\s+med\s+(" + _NP + ")", text, re.IGNORECASE)
    return np_actors(m.group(1)) if m else []


def _verb_group(text: str, pos: int, ctx: _Context, actors: Sequence[str]) -> _Hit | None:
    """Classify the finite verb at ``pos`` (after a subject) and what follows it."""
    m = re.match(r"\s*([\wæøå]+)", text[pos:], re.IGNORECASE)
    if not m:
        return None
    verb = m.group(1).lower()
    after = pos + m.end()
    rest = text[after:]
    if verb in _MODALS:
        modal = verb
        m2 = re.match(r"\s+og\s+(skal|vil)\b", rest, re.IGNORECASE)  # "kan og skal"
        if m2:
            modal, rest = m2.group(1).lower(), rest[m2.end() :]
        if re.match(r"\s+forpligte\s+(?:sig|hinanden)\b", rest, re.IGNORECASE):
            return _Hit(tuple(actors), "commit", rest, pos)
        if _modal_ok(modal, rest, actors, ctx):
            return _Hit(tuple(actors), f"modal:{modal}", rest, pos)
        return None
    if verb in _COMMIT_VERBS and re.match(r"\s+(?:sig|hinanden)\b", rest):
        return _Hit(tuple(actors), "commit", rest, pos)
    if verb == "ønsker" and re.match(r"\s+(?:[^.]{0,60}?\s)?at\s+\w", rest):
        return _Hit(tuple(actors), "commit", rest, pos)
    if verb == "er" and re.match(r"\s+enige\s+(?:om|i)\b", rest, re.IGNORECASE):
        return _Hit(tuple(actors), "commit", rest, pos)
    if verb == "har" and re.match(r"\s+sagt\s+ja\s+til\s+at\b", rest, re.IGNORECASE):
        return _Hit(tuple(actors), "commit", rest, pos)
    if verb == "har" and _RESP_AFTER_HAR.match(rest.strip()):
        return _Hit(tuple(actors), "resp", rest, pos)
    if verb == "er" and _RESP_AFTER_ER.match(rest.strip()):
        return _Hit(tuple(actors), "resp", rest, pos)
    if verb in ("varetager", "påtager") or verb == "sørger" and re.match(r"\s+for\b", rest):
        return _Hit(tuple(actors), "resp", rest, pos)
    if verb in _DUTY_VERBS and _present_ok(text, ctx, actors):
        return _Hit(tuple(actors), "duty", rest, pos)
    if verb == "har" and _plan_with_due(text, rest, ctx, actors):
        return _Hit(tuple(actors), "commit", rest, pos)  # "Kommunerne har i løbet af aftaleperioden tilbud …"
    if verb in ("er", "har") and _COORD_RESP.search(rest):
        return _Hit(tuple(actors), "resp", rest, pos)
    m3 = re.match(r"\s+og\s+([\wæøå]+)\b", rest)  # "støtter og vejleder"
    if m3 and m3.group(1).lower() in _DUTY_VERBS and verb in _DUTY_VERBS and _present_ok(text, ctx, actors):
        return _Hit(tuple(actors), "duty", rest, pos)
    return None


def _plan_with_due(text: str, rest: str, ctx: _Context, actors: Sequence[str]) -> bool:
    """``X har i aftaleperioden …``: "har" with a due date or the agreement period is a plan, not a description."""
    if _DESCRIPTIVE.search(_main_clause(text)) or _PARTICIPLE.search(_main_clause(rest)) or not _present_ok(text, ctx, actors):
        return False
    due = find_due(rest, ctx.period, ctx.min_year)
    return due is not None and due.type in ("time", "period") and due.text.split()[0] in ("i", "inden", "senest")


def _has_time(text: str, ctx: _Context) -> bool:
    due = find_due(text, ctx.period, ctx.min_year)
    return due is not None and due.type == "time"


def _present_ok(text: str, ctx: _Context, actors: Sequence[str]) -> bool:
    """Present-tense tasks count in agreements and goal lists, never for "vi" or citizens, never as description."""
    if _WE in actors or set(actors) <= {"borgeren", "pårørende"}:
        return False
    if _DESCRIPTIVE.search(_main_clause(text)):
        return False
    return ctx.is_agreement or ctx.goal_context


def _main_clause(text: str) -> str:
    """``text`` up to its first relative or "at" clause."""
    m = re.search(r",\s*(?:der|som|hvilket|at)\b", text, re.IGNORECASE)
    return text[: m.start()] if m else text


def _subject_first_hits(text: str, ctx: _Context) -> list[_Hit]:
    m = _match_np(text, 0)
    if not m:
        return []
    actors = np_actors(m.group(0)) + _co_actors(text[m.end() : m.end() + 120])
    pos = _skip_parenthetical(text, m.end())
    hit = _verb_group(text, pos, ctx, actors)
    if hit is None:
        # "Almen praksis er en helt central samarbejdspart …, og har ansvar for …"
        cm = _COORD_RESP.search(text, pos)
        if cm and not _STARTS_SUBORDINATE.match(text[pos:]):
            hit = _Hit(tuple(actors), "resp", text[cm.end() :], 0)
    return [replace(hit, start=0)] if hit else []


_INV_VERBS = r"skal|vil|kan|må|har|er|" + "|".join(sorted(_DUTY_VERBS))


def _inverted_hits(text: str, ctx: _Context) -> list[_Hit]:
    """``I aftaleperioden vil kommunerne …``: a fronted adverbial, the finite verb, then the subject."""
    hits = []
    for vm in re.finditer(rf"(?<=\s)(?:(?:{_INV_VERBS})\s+og\s+)?({_INV_VERBS})\s+", text, re.IGNORECASE):
        before = text[: vm.start()].strip()
        if not before:
            continue  # a sentence-initial verb is a question or a condition
        prev = before.split()[-1].lower().strip(",")
        if prev in _SUBORDINATORS or before.endswith(("at", "som")):
            continue
        np = _match_np(text, vm.end())
        if not np:
            continue
        actors = np_actors(np.group(0))
        verb = vm.group(1).lower()
        rest = text[np.end() :]
        hit: _Hit | None = None
        if verb in _MODALS:
            if _modal_ok(verb, rest, actors, ctx):
                hit = _Hit(tuple(actors), f"modal:{verb}", rest, np.start())
        elif verb == "har" and _RESP_AFTER_HAR.match(rest.strip()):
            hit = _Hit(tuple(actors), "resp", rest, np.start())
        elif verb == "har" and _plan_with_due(text, rest, ctx, actors):
            hit = _Hit(tuple(actors), "commit", rest, np.start())
        elif verb == "er" and _RESP_AFTER_ER.match(rest.strip()):
            hit = _Hit(tuple(actors), "resp", rest, np.start())
        elif verb in _DUTY_VERBS and (_present_ok(text, ctx, actors) or _WE in actors and _has_time(text, ctx)):
            # "Det tager vi hul på, på vores næste møde … den 27. september": a dated "vi" step counts
            hit = _Hit(tuple(actors), "duty", rest, np.start())
        if hit:
            hits.append(hit)
            break
    return hits


_COORD_RX = re.compile(rf"(?:,\s*|\s)(?:og|men|mens)\s+({_NP})\s+(skal|vil)\s+", re.IGNORECASE)
_REL_WE_RX = re.compile(r"\b(?:som|hvor)\s+vi\s+(skal|vil)\s+", re.IGNORECASE)
_BETYDER_RX = re.compile(rf"\bbetyder(?:\s+også)?,\s+at\s+({_NP})\s+", re.IGNORECASE)
_SAA_RX = re.compile(rf"\bså\s+({_NP})\s+", re.IGNORECASE)


def _embedded_hits(text: str, ctx: _Context) -> list[_Hit]:
    """Clauses inside a sentence: "…, og parterne skal …", "… som vi skal udmønte", "betyder, at X …"."""
    hits = []
    for m in _COORD_RX.finditer(text):
        actors = np_actors(m.group(1))
        rest = text[m.end() :]
        if actors and _modal_ok(m.group(2).lower(), " " + rest, actors, ctx):
            hits.append(_Hit(tuple(actors), f"modal:{m.group(2).lower()}", rest, m.start(1)))
    for m in _REL_WE_RX.finditer(text):
        rest = text[m.end() :]
        if _modal_ok(m.group(1).lower(), " " + rest, [_WE], ctx):
            hits.append(_Hit((_WE,), f"modal:{m.group(1).lower()}", rest, m.start()))
    for rx in (_BETYDER_RX, _SAA_RX):
        for m in rx.finditer(text):
            np = _match_np(text, m.start(1))
            if not np:
                continue
            actors = np_actors(np.group(0))
            if _WE in actors:
                continue
            hit = _verb_group(text, np.end(), ctx, actors)
            if hit and (rx is _BETYDER_RX or hit.cue == "duty"):
                hits.append(replace(hit, start=m.start(1)))
    return hits


def _agentless_hit(text: str, ctx: _Context) -> _Hit | None:
    """A passive (or ``vil ske``) with a due time or period and no named agent."""
    if text.endswith("?") or _STARTS_SUBORDINATE.match(text) and "," not in text:
        return None
    whole = text
    rel = _RELATIVE.search(text)
    text = text[: rel.start()] if rel else text  # the passive and the place must be in the main clause
    if _AGENTLESS_SKIP.search(text):
        return None  # meetings that discuss or inform ("drøftes", "orienteres") are process, not pledges
    if _PAST_DONE.search(text) and not re.search(r"\b(?:skal|vil)\b", text):
        return None
    passive = any(
        w not in _DEPONENT and w not in _NOT_PASSIVE and not w.endswith(("ernes", "enes", "ens"))
        for w in _PASSIVE_WORD.findall(text.lower())
    )
    passive = passive or bool(_BLIVE_PARTICIPLE.search(text)) or bool(_MODAL_STATE.search(text))
    passive = passive or bool(re.search(r"\bopgaven\s+at\b", text, re.IGNORECASE))
    if not passive:
        return None
    shared = re.search(
        rf"\bi\s+fællesskab\s+(?:\S+\s+){{0,2}}?[a-zæøå]+(?:es|ås)\b|\bi\s+(?:et\s+)?samarbejde\s+mellem\s+({_NP})",
        text,
        re.IGNORECASE,
    )
    due = find_due(whole, ctx.period, ctx.min_year)
    if due is None or due.type not in ("time", "period"):
        if shared and (shared.group(1) is None or len(actors_in(shared.group(1))) > 1):
            return _Hit(("parterne",), "agentless", text, 0)
        return None
    place = re.search(r"\bi\s+klyngerne\b", text, re.IGNORECASE)
    if place:
        return _Hit(("Klyngerne",), "agentless", text, 0)
    if shared and shared.group(1) and len(actors_in(shared.group(1))) > 1:
        return _Hit(("parterne",), "agentless", text, 0)
    return _Hit((_WE,), "agentless", text, 0)


# ---------------------------------------------------------------- kind


_MODAL_WORD = re.compile(r"\b(?:skal|vil)\b", re.IGNORECASE)


def classify_kind(cue: str, due: Due | None, ctx: _Context, actor: str, statement: str = "") -> str:
    """The kind of a statement from its cue, due date, document and actor (see the module docstring)."""
    if due is not None and due.type == "time":
        return "deadline"
    if cue == "resp":
        return "responsibility"
    if cue in ("commit", "goal") or cue == "modal:vil":
        return "commitment"
    if due is not None and due.type == "period":
        return "commitment"
    if cue == "agentless" and _MODAL_WORD.search(statement):
        return "commitment"
    if cue == "duty" or cue == "agentless":
        return "responsibility" if ctx.is_agreement else "commitment"
    if cue == "modal:kan":
        return "responsibility"
    if cue.startswith("modal:"):
        if ctx.is_agreement and actor not in ("parterne",) and actor not in NAMED_BODIES:
            return "responsibility"
        return "commitment"
    return "commitment"


# ---------------------------------------------------------------- document context


@dataclass
class _DocInfo:
    file: str
    text: str
    meta: dict[str, Any]
    unit_starts: list[int]
    unit_sections: list[tuple[str, ...]]
    headings: list[tuple[int, int, tuple[str, ...]]]
    page_offsets: list[tuple[int, int]]
    lines: "_LineMap"
    we_by_section: dict[tuple[str, ...], str] = field(default_factory=dict)
    default_we: str = "parterne"

    def section_at(self, pos: int) -> tuple[str, ...]:
        i = bisect.bisect_right(self.unit_starts, pos) - 1
        return self.unit_sections[i] if i >= 0 else ()

    def page_at(self, pos: int) -> int | None:
        if not self.page_offsets:
            return None
        i = bisect.bisect_right([o for _, o in self.page_offsets], pos) - 1
        return self.page_offsets[max(i, 0)][0]

    def we(self, section: tuple[str, ...]) -> str:
        if section in self.we_by_section:
            return self.we_by_section[section]
        joined = SECTION_SEPARATOR.join(section).lower()
        if re.search(r"kommunernes samarbejde|fælleskommunal|tværkommunal|kommunegrænser", joined):
            return "kommunen"
        return self.default_we


class _LineMap:
    """1-based source line of a cleaned offset: exact when the source re-cleans to the same text, else from chunks."""

    def __init__(self, offsets_line: Any = None, chunks: Sequence[Mapping[str, Any]] = ()) -> None:
        self._exact = offsets_line
        self._chunks = sorted(((c["start"], c["end"], c["line_start"], c["line_end"]) for c in chunks), key=lambda c: c[0])

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self._exact is not None:
            return self._exact(start), self._exact(max(start, end - 1))
        for s, e, ls, le in self._chunks:
            if s <= start < e:
                return ls, le
        return (self._chunks[-1][2], self._chunks[-1][3]) if self._chunks else (1, 1)


@lru_cache(maxsize=16)
def _recleaned(path: str, digest: str) -> Any:
    """The source re-cleaned (for exact line numbers), or None when it cannot be read."""
    try:
        return clean(load(Path(path)))
    except Exception:  # noqa: BLE001 - any failure falls back to chunk lines
        return None


def _line_map(doc_row: Mapping[str, Any], chunks: Sequence[Mapping[str, Any]]) -> _LineMap:
    text = doc_row.get("text") or ""
    path = doc_row.get("path")
    if path and Path(path).exists():
        digest = hashlib.sha1(text.encode()).hexdigest()
        cleaned = _recleaned(str(path), digest)
        if cleaned is not None and cleaned.text == text:
            return _LineMap(cleaned.line_at, chunks)
    return _LineMap(None, chunks)


_WE_BODY_RX = re.compile(
    r"\bvi\b(?:\s+\w+){0,2}\s+i\s+(Sundhedskoordinationsudvalget|Sundhedsstyregruppen)\b|"
    r"\bvores\s+(?:næste\s+)?møde\s+i\s+(Sundhedskoordinationsudvalget|Sundhedsstyregruppen)\b",
    re.IGNORECASE,
)


def _doc_info(doc_row: Mapping[str, Any], chunks: Sequence[Mapping[str, Any]]) -> _DocInfo:
    text = doc_row.get("text") or ""
    us = units(text)
    meta = dict(doc_row.get("meta") or {})
    info = _DocInfo(
        file=doc_row["file"],
        text=text,
        meta=meta,
        unit_starts=[u.start for u in us],
        unit_sections=[u.section for u in us],
        headings=[(u.start, u.end, u.section) for u in us if u.is_heading],
        page_offsets=[(int(p), int(o)) for p, o in (doc_row.get("page_offsets") or [])],
        lines=_line_map(doc_row, chunks),
    )
    issuer = str(meta.get("issuer") or "")
    info.default_we = "kommunen" if re.match(r"(?:KKR|Kommunerne|KL)\b", issuer) else "parterne"
    for u in us:
        if u.is_heading:
            continue
        m = _WE_BODY_RX.search(text[u.start : u.end])
        if m:
            body = next(g for g in m.groups() if g)
            info.we_by_section[u.section] = next(b for b in NAMED_BODIES if b.lower() == body.lower())
    return info


# ---------------------------------------------------------------- extraction


@dataclass
class _Candidate:
    start: int
    end: int
    text: str
    section: tuple[str, ...]
    heading: bool = False
    bullet: bool = False


def _candidates(info: _DocInfo, sentence_spans: Sequence[tuple[int, int]]) -> list[_Candidate]:
    """Sentences (bullets split into their sentences) and goal headings, in document order."""
    out: list[_Candidate] = []
    text = info.text
    for s, e in sentence_spans:
        bullet = text[s : s + 1] in "•▪◦●○✓✔"
        inner = s + 1 if bullet else s
        for a, b in split_sentences(text, inner, e):
            out.append(_Candidate(a, b, text[a:b], info.section_at(s), bullet=bullet))
    for s, e, section in info.headings:
        head = text[s:e]
        if re.match(r"^\d{1,2}\.\s*Målsætning:|^Mål:", head):
            out.append(_Candidate(s, e, head, section, heading=True))
    out.sort(key=lambda c: c.start)
    return out


def _context(info: _DocInfo, section: tuple[str, ...]) -> _Context:
    kind = info.meta.get("kind")
    joined = SECTION_SEPARATOR.join(section)
    year = info.meta.get("year")
    return _Context(
        doc_kind=kind,
        is_agreement=kind == "sundhedsaftale",
        goal_context=kind == "målsætninger" or bool(re.search(r"\b(?:KKR-)?mål(?:sætning\w*)?\b", joined, re.IGNORECASE)),
        period=info.meta.get("period"),
        min_year=(int(year) - 1) if isinstance(year, int) else None,
    )


def _resolve(actors: Sequence[str], info: _DocInfo, section: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    named = [info.we(section) if a == _WE else a for a in actors]
    named = list(dict.fromkeys(named))
    return combine_actors(named), tuple(named)


def _commitment_id(doc: str, start: int, end: int, actor: str) -> str:
    return hashlib.sha1(f"{doc}\x00{start}\x00{end}\x00{actor}".encode()).hexdigest()[:16]


def _first_hit(text: str, ctx: _Context) -> _Hit | None:
    hits = _clause_hits(text, ctx)
    if not hits:
        return None
    return min(hits, key=lambda h: h.start)


def extract(
    sentence_rows: Iterable[Mapping[str, Any]],
    chunk_rows: Iterable[Mapping[str, Any]],
    doc_rows: Iterable[Mapping[str, Any]],
) -> list[Commitment]:
    """Extract the register from an ingest's rows.

    Args:
        sentence_rows: ``{doc, start, end, text}`` body sentences (doc-level spans).
        chunk_rows: the chunks (for line numbers when the source cannot be re-read).
        doc_rows: ``{file, path, meta, page_offsets, text}`` cleaned documents.

    Returns:
        The statements in document order (by file, then offset).
    """
    chunks_by_doc: dict[str, list[Mapping[str, Any]]] = {}
    for c in chunk_rows:
        chunks_by_doc.setdefault(c["doc"], []).append(c)
    spans_by_doc: dict[str, list[tuple[int, int]]] = {}
    for r in sentence_rows:
        spans_by_doc.setdefault(r["doc"], []).append((int(r["start"]), int(r["end"])))
    out: list[Commitment] = []
    for doc_row in sorted(doc_rows, key=lambda d: d["file"]):
        spans = sorted(set(spans_by_doc.get(doc_row["file"], [])))
        if not spans or not doc_row.get("text"):
            continue
        info = _doc_info(doc_row, chunks_by_doc.get(doc_row["file"], []))
        out.extend(_extract_doc(info, spans))
    return out


_OPEN_GOAL = re.compile(rf"^({_NP})\s+(?:vil|skal)(?:\s+(?:derfor|også))?\s*:?\s*$", re.IGNORECASE)


def _extract_doc(info: _DocInfo, spans: Sequence[tuple[int, int]]) -> list[Commitment]:
    rows: list[Commitment] = []
    block: str | None = None
    block_section: tuple[str, ...] | None = None
    open_goal: tuple[str, tuple[str, ...]] | None = None
    prev_index: int | None = None
    prev_actor: tuple[str, tuple[str, ...]] | None = None
    cands = _candidates(info, spans)
    for i, cand in enumerate(cands):
        marker = _BLOCK_MARKERS.get(cand.text.strip().lower())
        if cand.section != block_section:
            block, block_section = None, cand.section
        if marker:
            block = marker
            continue
        if cand.heading:
            block = None
        if open_goal and not (cand.bullet and cand.text[:1].islower()):
            open_goal = None
        if block == "why":
            continue
        ctx = _context(info, cand.section)
        parsed = _LEADING.sub("", cand.text).strip()
        if open_goal:
            actor, actors = open_goal
            rows.append(_make(info, cand, actor, actors, "goal", ctx))
            prev_index, prev_actor = i, (actor, actors)
            continue
        if not parsed or len(parsed.split()) < 3 or parsed.endswith("?") or _GENERIC.search(parsed):
            continue
        goal = _OPEN_GOAL.match(parsed)
        if goal:
            actor, actors = _resolve(np_actors(goal.group(1)), info, cand.section)
            open_goal = (actor, actors) if actor else None  # "Mål: Vi vil derfor" followed by the goals as bullets
            continue
        hit = _first_hit(parsed, ctx)
        if hit is None and not _match_np(parsed, 0):
            hit = _agentless_hit(parsed, ctx)
            if hit is not None and hit.actors == (_WE,) and prev_actor and prev_index == i - 1 and _ANAPHORA.match(parsed):
                actor, actors = prev_actor
                rows.append(_make(info, cand, actor, actors, hit.cue, ctx))
                prev_index, prev_actor = i, (actor, actors)
                continue
        if hit is None:
            continue
        actor, actors = _resolve(hit.actors, info, cand.section)
        if actor is None:
            continue
        clause_start = cand.text.find(parsed) + hit.clause if hit.clause else 0
        rows.append(_make(info, cand, actor, actors, hit.cue, ctx, clause_start))
        prev_index, prev_actor = i, (actor, actors)
    return rows


def _make(
    info: _DocInfo, cand: _Candidate, actor: str, actors: tuple[str, ...], cue: str, ctx: _Context, clause_start: int = 0
) -> Commitment:
    statement = re.sub(r"\s+", " ", cand.text).strip()
    clause = statement[clause_start:] if clause_start else statement
    due = find_due(statement, ctx.period, ctx.min_year)
    section = SECTION_SEPARATOR.join(cand.section) or None
    line_start, line_end = info.lines.span(cand.start, cand.end)
    return Commitment(
        id=_commitment_id(info.file, cand.start, cand.end, actor),
        actor=actor,
        kind=classify_kind(cue, find_due(clause, ctx.period, ctx.min_year) if clause != statement else due, ctx, actor, clause),
        statement=statement,
        situation=find_situation(statement),
        due=due.text if due else None,
        topic=find_topic(statement, section),
        doc=info.file,
        title=str(info.meta.get("title") or info.file),
        region=info.meta.get("region"),
        period=info.meta.get("period"),
        kind_of_doc=info.meta.get("kind"),
        section=section,
        page=info.page_at(cand.start),
        line_start=line_start,
        line_end=line_end,
        start=cand.start,
        end=cand.end,
        actors=actors,
    )


# ---------------------------------------------------------------- SQLite


_SQL_TYPES = {
    "page": "INTEGER",
    "line_start": "INTEGER",
    "line_end": "INTEGER",
    "start": "INTEGER",
    "end": "INTEGER",
}


def create_table_sql() -> str:
    cols = ", ".join(f'"{c}" {_SQL_TYPES.get(c, "TEXT")}' + (" PRIMARY KEY" if c == "id" else "") for c in COLUMNS)
    return f"CREATE TABLE {TABLE} ({cols})"


def write_rows(db_path: Path, rows: Sequence[Commitment]) -> int:
    """Write ``rows`` as the table ``commitments`` of a new SQLite file at ``db_path`` (atomically replaced)."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".commitments-", suffix=".sqlite", dir=db_path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.execute(create_table_sql())
            con.execute("CREATE TABLE register_meta (key TEXT PRIMARY KEY, value TEXT)")
            con.execute("INSERT INTO register_meta VALUES ('version', ?)", (REGISTER_VERSION,))
            placeholders = ", ".join("?" for _ in COLUMNS)
            seen: set[str] = set()
            unique = [r for r in rows if not (r.id in seen or seen.add(r.id))]
            con.executemany(
                f"INSERT INTO {TABLE} VALUES ({placeholders})",
                [tuple("; ".join(r.actors) if c == "actors" else getattr(r, c) for c in COLUMNS) for r in unique],
            )
            for col in ("actor", "topic", "kind", "doc"):
                con.execute(f'CREATE INDEX idx_{col} ON {TABLE} ("{col}")')
            con.commit()
        finally:
            con.close()
        os.replace(tmp, db_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(unique)


def read_rows(db_path: Path) -> list[Commitment]:
    """All rows of a register file, in document order."""
    con = sqlite3.connect(f"file:{Path(db_path)}?mode=ro", uri=True)
    try:
        con.row_factory = sqlite3.Row
        cur = con.execute(f'SELECT * FROM {TABLE} ORDER BY doc, start, "end"')
        return [Commitment.from_dict(dict(r)) for r in cur.fetchall()]
    finally:
        con.close()


def build_register(
    db_path: Path,
    chunk_rows: Sequence[Mapping[str, Any]],
    doc_rows: Sequence[Mapping[str, Any]],
    sentence_rows: Sequence[Mapping[str, Any]],
    llm: Any = None,
) -> int:
    """Extract the register of every document and write it to ``db_path`` (``<generation>/commitments.sqlite``).

    Args:
        db_path: the register file inside the generation being built.
        chunk_rows: the generation's chunk rows.
        doc_rows: the generation's document rows (cleaned text, meta, path).
        sentence_rows: the generation's body sentences.
        llm: an optional LangChain chat model for ``refine_with_llm``;
            None (the default) keeps the register purely rule-based.

    Returns:
        The number of rows written.
    """
    rows = extract(sentence_rows, chunk_rows, doc_rows)
    if llm is not None:
        rows = refine_with_llm(rows, llm)
    return write_rows(Path(db_path), rows)


# ---------------------------------------------------------------- optional LLM pass

LLM_PROMPT = """Du kontrollerer et register over forpligtelser i danske sundhedsaftaler.
Sætning: "{statement}"
Afsnit: {section}
Foreslået aktør: {actor}; foreslået type: {kind}.
Gyldige aktører: {actors}. Gyldige typer: responsibility, commitment, deadline.
Svar KUN med JSON: {{"keep": true/false, "actor": "...", "kind": "..."}}.
"keep" er false, hvis sætningen ikke udtrykker et ansvar, en forpligtelse, et mål eller en frist."""


def refine_with_llm(rows: Sequence[Commitment], llm: Any) -> list[Commitment]:
    """Let a LangChain chat model confirm or correct each row's actor and kind.

    Never called by default; the lead may call it when ``settings.llm.mode``
    is not ``"none"``. An answer that is not valid JSON, or that names an
    unknown actor or kind, leaves the row as it was; ``"keep": false`` drops it.

    Args:
        rows: extracted rows.
        llm: a LangChain chat model (``invoke(messages) -> AIMessage``).
    """
    from langchain_core.messages import HumanMessage

    out: list[Commitment] = []
    for row in rows:
        prompt = LLM_PROMPT.format(
            statement=row.statement, section=row.section or "-", actor=row.actor, kind=row.kind, actors=", ".join(ACTORS)
        )
        try:
            reply = llm.invoke([HumanMessage(content=prompt)])
            verdict = _parse_verdict(getattr(reply, "content", reply))
        except Exception:  # noqa: BLE001 - the LLM pass must never break an ingest
            verdict = None
        if verdict is None:
            out.append(row)
            continue
        if verdict.get("keep") is False:
            continue
        actor = verdict.get("actor") if verdict.get("actor") in ACTORS else row.actor
        kind = verdict.get("kind") if verdict.get("kind") in KINDS else row.kind
        out.append(replace(row, actor=actor, kind=kind, id=_commitment_id(row.doc, row.start, row.end, actor)))
    return out


def _parse_verdict(content: Any) -> dict[str, Any] | None:
    text = content if isinstance(content, str) else str(content)
    m = re.search(r"\{.*\}", text, re.DOTALL)
    if not m:
        return None
    try:
        data = json.loads(m.group(0))
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
