"""Questions about a document's own period and facts: "hvornår udløber sundhedsaftalen?", "which years does
the proposal cover?", "er aftalen stadig gældende?", "hvornår blev aftalen godkendt?", "hvem er parterne?".

Why: the period a document applies for is a fact ingest reads from its text and stores with the index
(``ingest.facts``). The sentences that share most words with such a question are often about another
period ("De gældende sundhedsaftaler … udløber ved udgangen af 2014, hvorfor der skal indgås en ny
sundhedsaftale for perioden 2015-2018"), so the reader quoted "ved udgangen af 2014" for the 2015–2018
agreement. Such a question is answered from the stored facts instead, and quotes the document's own
sentence that states its period (the first one, usually the title or the preface).

A question counts only when it asks for nothing but a period: a frame ("hvornår udløber …", "hvilken
periode dækker …", "when does … expire", "which years does … cover"), a word for a document
(aftale, sundhedsaftale, udspil, oplæg, forslag, målsætninger, strategi, agreement, proposal …),
and at most regions, years and small words. "Hvornår udløber en udskrivningsaftale?" or "hvornår
starter aftalen om dosisdispensering?" ask about something inside a document and go to the reader;
so does "… ifølge oplægget", which asks what a document says about another period. A document whose
text states no period, or whose period is not known, is never answered this way.

Whether a document is in force ("er … stadig gældende?", "is … still in force?") is judged on the day
asked (``AFTALE_TODAY``, as the source notices are) and answered Ja or Nej; when it was approved, only
where ingest read an approval day and a sentence states it; who its parties are ("hvem er parterne i …",
"who are the parties to …"), from the parties ingest read, quoting the sentence that says between whom
the agreement is made. "Den gældende aftale" keeps the documents in force, where any is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.candidates import Candidate
from assistant.compose import compose
from assistant.periods import EXPIRED, IN_FORCE, day_text, facts_of, state_said
from assistant.query import QueryPlan
from assistant.retrieval import as_passage
from assistant.types import Citation
from foundation.messages import listed, msg
from foundation.text.regions import REGION_NAMES, REGION_PATTERN
from foundation.text.tokens import danish_letters
from index.fields import DOCUMENT_FIELDS
from index.snapshot import IndexSnapshot
from ingest.commitments.lexicon import MONTHS
from ingest.facts import PLAN_WORDS, PROPOSAL_KINDS, status_of
from ingest.parties import party_count, party_kind, states_parties

MAX_DOCUMENTS = 3  # a lead that lists more periods than this is no longer read at a glance

_DA_END = r"udløber|udløb|slutter|sluttede|ophører|ophørte|stopper|stoppede|løber\s+\w+\s+ud|gælder\s+\w+\s+til|til\s+hvornår"
_DA_START = r"træder\s+.*\bi\s+kraft|starter|startede|begynder|begyndte|trådte\s+.*\bi\s+kraft|gælder\s+\w+\s+fra|fra\s+hvornår"
_EN_END = r"expires?|end|ends|run\s+out|finish|lapse|last\s+until|until\s+when|(?:apply|applies|valid|in\s+force)\s+until"
_EN_START = r"start|starts|begin|begins|come\s+into\s+force|take\s+effect|enter\s+into\s+force|(?:apply|applies|valid|in\s+force)\s+from"
_DA_APPROVED = r"godkendt|vedtaget|underskrevet|indgået"
_PARTY_KINDS = (r"(?:kommuner?|regioner?|regionen|hospital(?:er)?|sygehus(?:e)?|parter|part|municipality|municipalities|councils?"
                r"|regions?|hospitals?|parties|party)")
_EN_APPROVED = r"approved|adopted|signed|agreed"
# which parties of a kind take part, or how many ("hvilke kommuner …", "hvor mange kommuner …", "which hospital …")
_WHICH_DA, _WHICH_EN = r"(?:hvilke[nt]?|hvor\s+mange)", r"(?:which|how\s+many)"
_HOW_MANY = re.compile(r"\bhvor\s+mange\b|\bhow\s+many\b")
# the kind of party a question asks which of, as ``party_kind`` names it
_KIND_ASKED = re.compile(rf"\b(?:{_WHICH_DA}|{_WHICH_EN})\s+({_PARTY_KINDS})\b")
_KIND_OF_WORD = (("kommuner", r"kommun|municipal|council"), ("region", r"region"), ("hospital", r"hospital|sygehus"))
# (aspect, pattern): the frames of a period question, Danish first. "in_force" and "expired" ask yes or no.
_FRAMES = (
    ("approved", re.compile(rf"\bhvornår\s+(?:blev|er)\s+(?:.*\s)?(?:{_DA_APPROVED})\b|\bwhen\s+(?:was|were)\s+(?:.*\s)?(?:{_EN_APPROVED})\b")),
    ("parties", re.compile(r"\bhvem\s+(?:har\s+|blev\s+)?(?:indgået|underskrevet|skrevet\s+under\s+på)\b|\bhvem\s+er\s+part(?:er|erne)?\b"
                           r"|\bhvilke\s+parter\b|\bwho\s+(?:are\s+)?(?:the\s+)?parties\b|\bwhich\s+parties\b"
                           r"|\bwho\s+(?:signed|entered\s+into|is\s+party\s+to|are\s+party\s+to)\b"
                           # which of a kind of party takes part: "hvilke kommuner er med i aftalen?", "which hospitals signed …"
                           rf"|\b{_WHICH_DA}\s+{_PARTY_KINDS}\s+(?:\S+\s+){{0,3}}?(?:er|var)\s+(?:med|part)\b"
                           rf"|\b{_WHICH_DA}\s+{_PARTY_KINDS}\s+(?:\S+\s+){{0,3}}?(?:indgår|deltager|står\s+bag|har\s+(?:indgået|underskrevet|tiltrådt))\b"
                           rf"|\b{_WHICH_EN}\s+{_PARTY_KINDS}\s+(?:\S+\s+){{0,3}}?(?:are|were|is|was)\s+(?:part\s+of|party\s+to|in|covered\s+by)\b"
                           rf"|\b{_WHICH_EN}\s+{_PARTY_KINDS}\s+(?:\S+\s+){{0,3}}?(?:signed|entered|take\s+part|belong)\b"
                           r"|\bmellem\s+hvem\b|\bbetween\s+whom\b|\bwho\s+is\s+(?:the|this|that)\s+\S+\s+between\b"
                           r"|\bhvem\s+(?:er|var)\s+med\s+i\b|\bhvem\s+(?:deltager|deltog)\s+i\b|\bhvem\s+står\s+bag\b|\bwho\s+is\s+behind\b")),
    ("in_force", re.compile(r"^\s*(?:er|gælder)\s+(?:.*\s)?(?:gældende|i\s+kraft|gyldig|stadig)\b"
                            r"|^\s*(?:is|are)\s+(?:.*\s)?(?:in\s+force|valid|current|applicable)\b")),
    ("expired", re.compile(r"^\s*(?:er|har)\s+(?:.*\s)?udløbet\b|^\s*(?:is|are|has|have)\s+(?:.*\s)?expired\b")),
    ("end", re.compile(rf"\bhvornår\s+(?:.*\s)?(?:{_DA_END})\b|\bhvor\s+længe\s+(?:gælder|løber|varer)\b")),
    ("start", re.compile(rf"\bhvornår\s+(?:.*\s)?(?:{_DA_START})\b")),
    ("span", re.compile(r"\bhvilk(?:en|e|et)\s+(?:periode\w*|år|tidsrum|årstal)\b|\bperiode\w*\s+(?:for|af)\b|\bhvornår\s+gælder\b"
                        r"|\bhvad\s+er\s+(?:aftale)?perioden\b")),
    ("end", re.compile(rf"\bwhen\s+(?:does|did|will|do|is|was)\s+(?:.*\s)?(?:{_EN_END})\b|\bhow\s+long\s+(?:does|will|is)\b|\buntil\s+when\b")),
    ("start", re.compile(rf"\bwhen\s+(?:does|did|will|do|is|was)\s+(?:.*\s)?(?:{_EN_START})\b|\bfrom\s+when\b")),
    ("span", re.compile(r"\b(?:which|what)\s+(?:periods?|years?|time\s*frame|timespan)\b|\bperiods?\s+(?:of|for)\b"
                        r"|\bwhat\s+is\s+the\s+(?:agreement\s+)?period\b")),
)
# A word for a document, and the kinds it names (None: any kind). "aftale" alone or "sundhedsaftale",
# never a compound that names an agreement on one matter ("udskrivningsaftale", "samarbejdsaftale").
_NOUNS = (
    (re.compile(r"\b(?:sundheds)?aftale(?:n|r|rne|ns)?\b|\b(?:health\s+)?agreements?(?:'s)?\b"), ("aftale",)),
    (re.compile(r"\budspil(?:let|lene|lets)?\b"), ("udspil",)),
    (re.compile(r"\boplæg(?:get|gets|gene)?\b"), ("oplæg",)),
    (re.compile(r"\bforslag(?:et|ene)?\b"), ("forslag",)),
    (re.compile(r"\bproposals?(?:'s)?\b"), tuple(sorted(PROPOSAL_KINDS))),
    (re.compile(r"\b(?:kkr-)?(?:mål(?:ene|et)?|målsætning(?:en|er|erne)?)\b|\b(?:health\s+)?(?:goals|targets)\b"), ("mål",)),
    (re.compile(r"\bstrategi(?:en|er|erne)?\b|\bstrateg(?:y|ies)\b"), ("strategi",)),
    (re.compile(rf"\b{PLAN_WORDS}(?:en|er|erne|ens)?\b|\b(?:action|implementation)\s+plans?(?:'s)?\b"), ("plan",)),
    (re.compile(r"\bdokument(?:et|er|erne)?\b|\bpapir(?:et)?\b|\bdocuments?\b|\bpapers?\b"), None),
)
# "udspillet til sundhedsaftalen", "the proposal for the new agreement": the proposal is the document asked about
_PROPOSAL_OF = re.compile(r"\b(udspil\w*|oplæg\w*|forslag\w*|proposals?)\s+(?:til|vedr\.?|vedrørende|om|for|to|of)\s+"
                          r"(?:(?:den|det|en|et|the|a)\s+)?(?:(?:nye|kommende|new|next)\s+)?"
                          r"(?:(?:sundheds)?aftale\w*|(?:health\s+)?agreements?)")
# a period the question names ("sundhedsaftalen 2019-2023"): the documents of that period, where any is
_NAMED_RANGE = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*[-–—/]\s*((?:19|20)?\d\d)(?![\d%])")
# "aftaleperioden" asks for a period; it names the agreement only when the question names no other document
_AGREEMENT_PERIOD = re.compile(r"\baftaleperiode(?:n|ns)?\b|\bagreement\s+period\b")
# "den gældende aftale", "the current agreement": the documents in force, where any is
_CURRENT = re.compile(r"\b(?:gældende|nuværende|current|present|in\s+force)\b")
# "… ifølge oplægget": what a document says about another period; "den forrige aftale": another document
_ELSEWHERE = re.compile(r"\bifølge\b|\bi\s+følge\b|\baccording\s+to\b|\bi\s+henhold\s+til\b|\btidligere\b|\bforrige\b"
                        r"|\bprevious\b|\bformer\b|\bgamle\b|\bold\b|\bsidste\b|\blast\b(?!\s*[?.!]?\s*$)")
# the words a pure period question may hold besides its frame, its document and its regions
_SMALL = frozenset(
    "hvornår hvad hvilken hvilke hvilket hvor længe til fra for af i om den det de en et er var vil skal kan gælde gælder gjaldt løber varer "
    "periode perioden perioder år årstal tidsrum dækker dækkede omfatter omfattede kraft træder trådte udløber udløb slutter "
    "ophører ophørte stopper stoppede starter startede begynder begyndte sluttede ud nye nuværende gældende seneste vores jeres region regionen regionens kommunerne "
    "kommunernes kkr sundhed sundhedsområdet og samt begge med at stadig gyldig udløbet blev godkendt vedtaget "
    "underskrevet indgået har hvem parter parterne part skrevet under på mellem kommuner regioner hospitaler sygehuse indgår "
    "kommune hospital sygehus "
    "deltager står bag tiltrådt mange many "
    "when which what how long last does did will do is are was the a an of for in on from to until cover covers covered run runs "
    "apply applies span spans expire expires end ends start starts started begin begins began come into force take effect enter period "
    "periods year years time frame timeframe timespan new current latest our your region region's regions council councils "
    "municipalities municipalities' municipal kkr health and both still valid applicable expired was were has have "
    "approved adopted signed agreed force who parties party entered into between whom hospitals councils take part belong "
    "covered by this that behind municipality council".split()
)
_REGION_NAMES = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, REGION_NAMES), key=len, reverse=True)) + r")(?:s|'s)?\b")
_PERIOD_CUE = re.compile(r"\bgælde(?:[rn]|nde)?\b|\b\w*periode\w*|\bi\s+kraft\b|\budløbe[rt]?\b|\bdækker\b|\bomfatter\b", re.IGNORECASE)
_APPROVAL_CUE = re.compile(r"\bgodkend\w*|\bvedtag\w*|\bunderskre\w*|\bapprov\w*|\badopt\w*|\bsigned\b", re.IGNORECASE)
_SEPARATOR = r"\s*(?:[-–—‐‑/]|til|to)\s*"
_YEARS = re.compile(r"\b(?:19|20)\d\d\b|\b\d\d\b|\b[ivx]+\b")
_WORD = re.compile(r"[\wæøå'’-]+")


@dataclass(frozen=True)
class PeriodQuestion:
    """What a period question asks: its aspect and the kinds of document it names."""

    aspect: str  # "end", "start", "span", "approved", "parties"; "in_force" or "expired" (yes or no)
    kinds: tuple[str, ...] | None  # None: any kind ("dokumentet")
    agreement: bool  # it names an agreement: a proposal for one answers when the index holds no agreement
    current: bool = False  # "den gældende aftale": the documents in force, where any is
    years: tuple[int, int] | None = None  # a period the question names: the documents of that period, where any is
    titled: tuple[str, ...] | None = None  # the documents whose titles hold the question's other words ("samarbejdsaftalen på Fyn")
    health: bool = False  # it names a health agreement ("sundhedsaftalen"): one titled so answers before other agreements
    party: str | None = None  # the kind of party asked which of ("hvilke kommuner er med …": "kommuner"); None: all
    count: bool = False  # how many of them ("hvor mange kommuner er med …")


_ANY_AGREEMENT = re.compile(r"\b[a-zæøå]*aftale(?:n|r|rne|ns)?\b|\bagreements?\b")
_HEALTH_AGREEMENT = re.compile(r"\bsundhedsaftale\w*|\bhealth\s+agreements?\b")
_AGREEMENT_OF = re.compile(r"([a-zæøå]{3,}?)s?aftale(?:n|r|rne|ns)?")  # "faldaftalen": an agreement named by its matter
_A_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def asks_a_documents_bound(question: str) -> bool:
    """Whether ``question`` asks when a document or an agreement ends or starts ("hvornår udløber
    samarbejdsaftalen på Fyn?", "when does the agreement expire?"), a pure period question or not."""
    low = question.lower().replace("’", "'")
    texts = (low, danish_letters(low))
    if not any(rx.search(t) for aspect, rx in _FRAMES if aspect in ("end", "start") for t in texts):
        return False
    documents = [rx for rx, kinds in _NOUNS if kinds != ("mål",)]  # "start breaking the goals down" starts no document
    return any(_ANY_AGREEMENT.search(t) or any(rx.search(t) for rx in documents) for t in texts)


def states_a_year(text: str) -> bool:
    """A sentence that names a year: what an agreement's end or start is told by. A period without one
    ("i aftaleperioden") tells neither ("hvornår udløber aftalen?" is not answered "i aftaleperioden")."""
    return bool(_A_YEAR.search(text))


def asked_period(
    question: str, metas: Mapping[str, Mapping[str, Any]] | None = None, terms: Iterable[Iterable[str]] = ()
) -> PeriodQuestion | None:
    """The period question ``question`` asks, or None when it asks about anything else too.

    With ``metas`` (document → its stored facts, ``IndexSnapshot.document_metas``), a question may also name
    its document by words of its title:
    "hvornår udløber samarbejdsaftalen på Fyn?" asks about the document titled "Samarbejdsaftale om det
    nære sundhedsvæsen på Fyn 2026–2029", where an agreement on one matter ("samarbejdsaftalen") or a
    place that is no region ("Fyn") alone names no document. Every such word must be in one title, itself or
    one of its forms among the question's key ``terms`` (an English word's Danish ones: "the agreement on
    rehabilitation" for "Samarbejdsaftale om genoptræning …")."""
    low = question.lower().replace("’", "'")
    texts = (low, danish_letters(low))  # casual spelling: "hvornaar udloeber"
    aspect = next((a for a, rx in _FRAMES if any(rx.search(t) for t in texts)), None)
    if aspect is None or any(_ELSEWHERE.search(t) for t in texts):
        return None
    text = next(t for t in texts if any(rx.search(t) for _, rx in _FRAMES))
    kinds: set[str] = set()
    anything = False
    named = False
    period_word = bool(_AGREEMENT_PERIOD.search(text))
    rest = _AGREEMENT_PERIOD.sub(" period ", _PROPOSAL_OF.sub(r"\1", text))
    for rx, noun_kinds in _NOUNS:
        if rx.search(rest):
            named = True
            if noun_kinds is None:
                anything = True
            else:
                kinds.update(noun_kinds)
            rest = rx.sub(" ", rest)
    if not named and period_word:
        named, kinds = True, {"aftale"}
    rest = _YEARS.sub(" ", REGION_PATTERN.sub(" ", _REGION_NAMES.sub(" ", rest)))
    other = [w.strip("'-") for w in _WORD.findall(rest) if w.strip("'-") not in _SMALL and len(w.strip("'-")) > 2]
    names_one = named or any(_ANY_AGREEMENT.fullmatch(w) for w in other) or _opens_a_title(other, metas or {})
    titled = _titled(other, metas or {}, terms) if other and names_one else None
    if not named and not titled:
        return None
    if other and not titled:
        return None  # it asks about something in the document, not about the document's period
    current = aspect not in ("in_force", "expired") and bool(_CURRENT.search(text))
    named_range = _NAMED_RANGE.search(text)
    years = (int(named_range.group(1)), int(named_range.group(1)[:2] + named_range.group(2)[-2:])) if named_range else None
    health = bool(_HEALTH_AGREEMENT.search(text))
    party = _party_asked(text) if aspect == "parties" else None
    count = aspect == "parties" and bool(_HOW_MANY.search(text))
    if titled:
        return PeriodQuestion(aspect, None, "aftale" in kinds, current, years, titled, health, party, count)
    return PeriodQuestion(aspect, None if anything else tuple(sorted(kinds)), "aftale" in kinds, current, years, health=health,
                          party=party, count=count)


def _party_asked(text: str) -> str | None:
    """The kind of party ``text`` asks which of ("hvilke kommuner", "which hospital"), or None ("hvilke parter")."""
    m = _KIND_ASKED.search(text)
    return next((kind for kind, rx in _KIND_OF_WORD if m and re.match(rx, m.group(1))), None)


def _opens_a_title(words: list[str], metas: Mapping[str, Mapping[str, Any]]) -> bool:
    """One of ``words`` is the word a document's title opens with, its kind as it names itself ("kvalitetsstandarden"
    for "Kvalitetsstandard for Akutteamet …", "forretningsordenen" for "Forretningsorden for …")."""
    firsts = {found[0].lower() for meta in metas.values() if (found := _WORD.findall(str(meta.get("title") or "")))}
    return any(_same_word(w, f) or _head_of(w, f) for w in words for f in firsts if len(f) > 4)


def _titled(words: list[str], metas: Mapping[str, Mapping[str, Any]], terms: Iterable[Iterable[str]] = ()) -> tuple[str, ...] | None:
    """The documents whose title holds every one of ``words`` (a word or its inflection: "samarbejdsaftalen"
    in "Samarbejdsaftale om …"; or a form of it among ``terms``), or None."""
    groups = [[a.lower() for a in g] for g in terms]

    def holds(title_words: list[str], word: str) -> bool:
        forms = {word} | {a for g in groups if any(word in a.split() for a in g) for a in g if " " not in a}
        if any(_same_word(f, t) or _head_of(f, t) for f in forms for t in title_words):
            return True
        # "faldaftalen" for "Samarbejdsaftale om forebyggelse af fald": the agreement by a word of its title
        part = _AGREEMENT_OF.fullmatch(word)
        if part:
            return any(_ANY_AGREEMENT.fullmatch(t) for t in title_words) and any(_same_word(part.group(1), t) for t in title_words)
        return _compound_of(word, title_words)
    docs = tuple(sorted(d for d, meta in metas.items()
                        if all(holds([w.lower() for w in _WORD.findall(str(meta.get("title") or ""))], w) for w in words)))
    return docs or None


def _compound_of(word: str, title_words: list[str]) -> bool:
    """The question's compound of two words the title has apart ("kræftrehabilitering" for "Samarbejdsaftale om
    rehabilitering af borgere med kræft"), with or without a linking s or e; each part four letters or more."""
    for i in range(4, len(word) - 3):
        head, tail = word[:i], word[i:]
        heads = (head, head[:-1]) if head.endswith(("s", "e")) and len(head) > 4 else (head,)
        if any(_same_word(h, t) for h in heads for t in title_words) and any(_same_word(tail, t) for t in title_words):
            return True
    return False


def _same_word(word: str, title_word: str) -> bool:
    """One word in two inflections: the shorter of five letters or more begins the longer, which adds an
    ending of at most four letters ("samarbejdsaftalen", "samarbejdsaftale"; "fyn", "fyn"); or the title's
    word is a compound that begins with the question's ("medicin" in "Delaftale om medicinhåndtering")."""
    word, title_word = danish_letters(word), danish_letters(title_word)
    short, long = sorted((word, title_word), key=len)
    if short == long or (len(short) >= 5 and long.startswith(short) and len(long) - len(short) <= 4):
        return True
    return len(word) >= 5 and title_word.startswith(word) and len(title_word) - len(word) >= 4


def _head_of(word: str, title_word: str) -> bool:
    """The title's word is a compound that ends in ``word`` ("programmet": "Forløbsprogram"; "standarden")."""
    return any(_same_word(word, title_word[i:]) for i in range(3, len(title_word) - 4))


def documents_for(
    asked: PeriodQuestion,
    snapshot: IndexSnapshot,
    in_scope: Iterable[str] | None,
    filters: Mapping[str, list[str]],
    day: date,
) -> list[str]:
    """The documents a period question is about: those in scope that pass the filters, of the kinds it names
    (for an agreement, proposals of an agreement when no agreement is in scope), with a known period.
    In force first, then binding, then the newest."""
    metas = snapshot.document_metas()
    docs = [d for d in (in_scope if in_scope is not None else metas) if d in snapshot.documents and _passes(snapshot, d, filters)]
    facts = {d: facts_of(metas.get(d) or {}) for d in docs}  # read once: each filter below asks them again
    state = {d: status_of(f, day) for d, f in facts.items()}
    docs = [d for d in docs if facts[d].period_from is not None]
    if asked.titled is not None:
        docs = [d for d in docs if d in asked.titled]
    if asked.kinds is not None:
        chosen = [d for d in docs if facts[d].kind in asked.kinds]
        if not chosen and asked.agreement:  # "Oplæg vedr. sundhedsaftale III" is the agreement the index holds
            chosen = [d for d in docs if facts[d].kind in PROPOSAL_KINDS and "aftale" in _title(snapshot, d).lower()]
        docs = chosen
    health = [d for d in docs if _HEALTH_AGREEMENT.search(_title(snapshot, d).lower())] if asked.health else []
    if health:  # "sundhedsaftalen": the health agreement, where one is in scope, not a cooperation agreement on one matter
        docs = health
    if asked.years and any((facts[d].period_from, facts[d].period_to) == asked.years for d in docs):
        docs = [d for d in docs if (facts[d].period_from, facts[d].period_to) == asked.years]
    if asked.current and any(state[d] == IN_FORCE for d in docs):
        docs = [d for d in docs if state[d] == IN_FORCE]
    if asked.aspect == "approved":
        docs = [d for d in docs if facts[d].approved]
    if asked.aspect == "parties":
        docs = [d for d in docs if facts[d].parties]
    if asked.aspect in ("in_force", "expired"):
        docs = [d for d in docs if state[d] != "ukendt"]
    return sorted(docs, key=lambda d: (state[d] != IN_FORCE, not facts[d].binding, -(facts[d].period_to or 0), d))


def stating_row(snapshot: IndexSnapshot, doc: str, aspect: str = "span") -> int | None:
    """The first sentence of ``doc`` that states its period in words ("Aftalen gælder for perioden 1. januar
    2025 til 31. december 2028", "Aftalen træder i kraft den 1. april 2012 og udløber den 31. marts 2015"),
    else the first that gives the range (a title "Sundhedsaftale 2024–2027"), or None; for ``approved``
    the first that names its approval and the year. Only a sentence a passage holds, so that it can be cited."""
    meta = snapshot.document_metas().get(doc) or {}
    facts = facts_of(meta)
    start, end = facts.period_from, facts.period_to
    if aspect == "approved":
        year = str(meta.get("approved") or "")[:4]
        return _first_row(snapshot, doc, lambda t: bool(year) and year in t and bool(_APPROVAL_CUE.search(t)))
    if aspect == "parties":
        return _first_row(snapshot, doc, states_parties)
    if start is None:
        return None
    years = [re.compile(rf"(?<!\d){y}(?!\d)") for y in {start, end or start}]
    span = _span_pattern(start, end)
    worded = _first_row(snapshot, doc, lambda t: bool(_PERIOD_CUE.search(t)) and all(y.search(t) for y in years))
    return worded if worded is not None else _first_row(snapshot, doc, lambda t: bool(span.search(t)))


def _span_pattern(start: int, end: int | None) -> re.Pattern[str]:
    """A period from ``start`` to ``end`` as a text gives it: "2015-2018", "2015 – 18", "1. januar 2024 – 31. december
    2027", "2025 til 2028"; the year alone for a period of one year."""
    if end is None or end == start:
        return re.compile(rf"(?<!\d){start}(?!\d)")
    return re.compile(rf"(?<!\d){start}{_SEPARATOR}(?:\d{{1,2}}\.\s*\w+\s+)?(?:{end}|{str(end)[2:]})(?!\d)", re.IGNORECASE)


def _first_row(snapshot: IndexSnapshot, doc: str, says: Callable[[str], bool]) -> int | None:
    """The first sentence row of ``doc`` that a passage holds and ``says`` accepts."""
    rows = snapshot.sentence_rows
    return next((i for i in snapshot.document_rows(doc) if snapshot.sentence_chunks[i] and says(rows[i]["text"])), None)


def period_lead(
    asked: PeriodQuestion, snapshot: IndexSnapshot, docs: list[str], lang: str, day: date, quoted: Mapping[str, str] | None = None
) -> str:
    """"Udløber ifølge aftalerne: med udgangen af 2018." for one document; each document's title and
    region before its value for several ("Periode ifølge aftalerne: Sundhedsaftale 2015–2018
    (Midtjylland): 2015–2018; …"). A yes/no question of one document is answered Ja or Nej on ``day``.
    Where the quoted sentence of a document (``quoted``) dates its end or start ("til den 31. marts 2030"),
    that day is the value: the stored facts know only the years."""
    metas = snapshot.document_metas()
    values = []
    counted: list[bool] = []  # a parties value given as how many, per document
    for d in docs:
        facts = facts_of(metas[d])
        said = (quoted or {}).get(d, "")
        if asked.aspect in ("in_force", "expired"):  # by the days the quoted sentence gives its bounds within their years
            start_day, end_day = (bound if bound and not bound.endswith(edge) else None for bound, edge in
                                  ((_dated(said, facts.period_from), "-01-01"), (_dated(said, facts.period_to), "-12-31")))
            state, value = state_said(metas[d], day, start_day, end_day, lang)
            if len(docs) == 1:
                yes = state == (IN_FORCE if asked.aspect == "in_force" else EXPIRED)
                return msg("period_yes" if yes else "period_no", lang, value=value)
            values.append(value)
            continue
        dated = _dated(said, facts.period_to if asked.aspect == "end" else facts.period_from)
        if asked.aspect in ("end", "start") and dated:
            value = day_text(dated, lang)
        elif asked.aspect == "end" and facts.period_to is not None:
            value = msg("period_end_value", lang, end=facts.period_to)
        elif asked.aspect == "start":
            value = str(facts.period_from)
        elif asked.aspect == "approved":
            value = day_text(str(metas[d].get("approved")), lang)
        elif asked.aspect == "parties":  # those of the kind asked, where the document names any; how many, where asked
            parties = [p for p in facts.parties if party_kind(p) == asked.party] or list(facts.parties)
            value = listed(parties, lang)
            counts = [party_count(p) for p in parties] if asked.count else []
            counted.append(bool(counts) and None not in counts)
            total = str(sum(c for c in counts if c is not None))
            if counted[-1] and not value.startswith(total):  # "22 kommuner" says its number itself
                value = f"{total} ({value})"
        else:
            value = facts.period or ""
        if len(docs) > 1:
            where = f" ({facts.region})" if facts.region else ""
            value = f"{_title(snapshot, d)}{where}: {value}"
        values.append(value)
    key = "status" if asked.aspect in ("in_force", "expired") else "count" if counted and all(counted) else asked.aspect
    return msg(f"period_lead_{key}", lang, value="; ".join(values))


_DAY_OF = re.compile(r"(?<![\d.])(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\s+((?:19|20)\d\d)(?!\d)", re.IGNORECASE)


# what stands before the day an agreement starts or ends on: "gælder fra den", "til og med", "udløber den"
_BOUND_CUE = re.compile(r"\b(?:fra|til|indtil|med|kraft|udløber|ophører|starter|begynder|slutter)(?:\s+og\s+med)?(?:\s+den)?\s+$",
                        re.IGNORECASE)


def _dated(sentence: str, year: int | None) -> str | None:
    """The day of ``year`` a sentence names ("1. april 2027", "31. marts 2030") as an ISO date, only where it
    names one day of that year."""
    found = [m for m in _DAY_OF.finditer(sentence) if year and int(m.group(3)) == year and 1 <= int(m.group(1)) <= 31]
    if len({m.group(0).lower() for m in found}) > 1:  # "gælder fra den 1. april 2027 … godkendt … den 14. januar 2027"
        found = [m for m in found if _BOUND_CUE.search(sentence, max(0, m.start() - 30), m.start())]
    days = {date(int(m.group(3)), MONTHS.index(m.group(2).lower()) + 1, int(m.group(1))).isoformat() for m in found}
    return days.pop() if len(days) == 1 else None


def period_answer(
    asked: PeriodQuestion,
    plan: QueryPlan,
    snapshot: IndexSnapshot,
    in_scope: Iterable[str] | None,
    filters: Mapping[str, list[str]],
    day: date,
) -> tuple[str, list[Citation]] | None:
    """The answer to a period question (``asked_period``), from the stored facts with the sentence of each
    document that states its period quoted; None when no document in scope states a period it can be quoted for."""
    stated: list[tuple[str, Candidate]] = []
    for d in documents_for(asked, snapshot, in_scope, filters, day):
        row = stating_row(snapshot, d, asked.aspect)
        quote = _quote(snapshot, row, len(stated) + 1) if row is not None else None
        if quote is None and asked.aspect not in ("approved", "parties"):
            quote = _title_line(snapshot, d, len(stated) + 1)  # "Samarbejdsaftale om … på Fyn 2026-2029" and no sentence
        if quote is not None:
            stated.append((d, quote))
        if len(stated) == MAX_DOCUMENTS:
            break  # a lead that lists more is no longer read at a glance; and a title is sought by scanning passages
    if not stated:
        return None
    quoted = {d: q.text for d, q in stated}
    return compose(plan, [q for _, q in stated], snapshot,
                   lead=period_lead(asked, snapshot, [d for d, _ in stated], plan.lang, day, quoted))


def _title_line(snapshot: IndexSnapshot, doc: str, rank: int) -> Candidate | None:
    """The document's first line as a quote, where it gives the period the facts hold and no sentence states it
    (a title, which is no sentence of a passage: "Samarbejdsaftale om det nære sundhedsvæsen på Fyn 2026-2029")."""
    facts = facts_of(snapshot.document_metas().get(doc) or {})
    text = str((snapshot.documents.get(doc) or {}).get("text") or "")
    first = re.search(r"\S[^\n]*", text)
    if facts.period_from is None or first is None or not _span_pattern(facts.period_from, facts.period_to).search(first.group(0)):
        return None
    start, end = first.start(), first.start() + len(first.group(0).rstrip())
    chunk = next((c for c in snapshot.chunks if c.doc == doc and c.start <= start and end <= c.end), None)
    if chunk is None:
        return None
    return Candidate(passage=as_passage(chunk, rank, 1.0), doc_span=(start, end), text=text[start:end], cos=1.0, coverage=1.0,
                     matched=frozenset(), fit=1.0, score=1.0, order=0, section=chunk.section)


def _quote(snapshot: IndexSnapshot, row: int, rank: int) -> Candidate:
    """The sentence ``row`` as a quote of the first passage that holds it."""
    r = snapshot.sentence_rows[row]
    passage = as_passage(snapshot.chunks[snapshot.sentence_chunks[row][0]], rank, 1.0)
    return Candidate(passage=passage, doc_span=(int(r["start"]), int(r["end"])), text=r["text"], cos=1.0, coverage=1.0,
                     matched=frozenset(), fit=1.0, score=1.0, order=0, section=r.get("section"))


def _passes(snapshot: IndexSnapshot, doc: str, filters: Mapping[str, list[str]]) -> bool:
    row = snapshot.documents[doc]
    return all(str(DOCUMENT_FIELDS[f](row) or "") in values for f, values in filters.items() if f in DOCUMENT_FIELDS)


def _title(snapshot: IndexSnapshot, doc: str) -> str:
    return str((snapshot.document_metas().get(doc) or {}).get("title") or doc)


__all__ = ["MAX_DOCUMENTS", "PeriodQuestion", "asked_period", "documents_for", "period_answer", "period_lead", "stating_row"]
