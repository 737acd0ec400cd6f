"""Candidate sentences: the quotable sentences of the best passages, with what the reader reads of each.

A sentence is quoted together with its continuation (``assistant.groups``), also across a passage's edge.
Each candidate carries its raw features: its and its passage's similarity to the question, the share of
the question's key terms it holds (rarer terms weigh more), and how well it holds what the question's
type asks (an actor, a time, a number). The reader (``assistant.reader``) scores them; ``assistant.answer``
chooses among them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from assistant.asked import APPROXIMATED, ONE, ORDINALS, counts_asked, speaks_of_money
from assistant.agent_name import subject_doing
from assistant.asked_time import TIME_OF_DAY, WEEKDAY, asks_duration, asks_frequency, duration_phrase, frequency_phrase
from assistant.definition import asks_definition, defined_terms, entry_terms
from assistant.groups import nothing_between, own_groups, sentence_groups, with_neighbours
from assistant.predicate import asked_forms, is_form
from assistant.query import QueryPlan
from assistant.reader import fragment_signs
from assistant.relative import QueryScores, QueryStats
from assistant.types import Passage
from foundation.text.bullets import BULLET
from foundation.text.tokens import stem
from index.snapshot import IndexSnapshot
from ingest.commitments.agents import agent_of
from ingest.commitments.lexicon import ACTOR_WORDS, DURATION_UNITS, MONTHS, NUMBER_WORDS
from ingest.table_columns import asked_cell, with_units

# The actor, time and number words come from the register's lexicon: one list for both sides.
ACTORS = re.compile(r"\b(" + "|".join(ACTOR_WORDS) + r")\b", re.I)
TIME = re.compile(
    r"\b(senest|inden for|inden|frist\w*|" + "|".join((*DURATION_UNITS, "dag", "uge", r"måned\w*", *MONTHS))
    + r"|20\d\d|19\d\d|udgangen af|aftaleperioden|\w*uge\s+\d{1,2}|dagen\s+efter|næste\s+dag|straks|" + TIME_OF_DAY + "|" + WEEKDAY + r")\b",
    re.I,
)
_MORE_NUMBERS = ("elleve", "tyve", "tredive", "hundrede", "tusind", "halvdelen", "halvdel", "tredjedel", "fjerdedel", "procent", "pct")
# a number in digits or words, "én" and "ét" (one, stressed: never the article), or a share in words ("hver tredje borger")
NUMBER = re.compile(r"\d|\b(" + "|".join((*NUMBER_WORDS, *ONE, *_MORE_NUMBERS)) + rf"|hver\s+\w+\s*del|hver\s+{ORDINALS})\b", re.I)
_TOKEN = re.compile(r"[0-9a-zæøåéü]+")
DEFINITE_ENDINGS = ("en", "et", "ne")
"""Endings of a Danish noun in its definite form ("rapporten", "tilbuddet", "planerne")."""
# Sentences that address a reader as an assistant: documents are data, so these are never quoted as answers.
INSTRUCTION = re.compile(
    r"\b(ignor\w*\s+(all\w*\s+|alle\s+)?(previous|prior|above|tidligere|ovenstående|foregående)\s+(instructions?|instruktion\w*|regler|rules)"
    r"|disregard\s+(all\s+|the\s+)?(previous|prior|above)|you are now|du er nu en|svar kun|answer only|reply only|system\s*:|assistant\s*:)",
    re.IGNORECASE,
)

# A run of numbered section titles ("2.3 Udskrivning og hjemkomst 2.4 Særligt for borgere fra Læsø 2.5 …"):
# a table of contents read as text, which states nothing, so it is never quoted.
CONTENTS = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+[A-ZÆØÅ][^.!?]*?\s\d+(?:\.\d+)+\.?\s+[A-ZÆØÅ]")

PASSAGES_CONSIDERED = 6
SOFT_TERM_WEIGHT = 1.0  # an untranslatable English term counts like a common word, not a rare one


@dataclass
class Candidate:
    """One quotable sentence (or a sentence joined with its continuation) of a retrieved passage."""

    passage: Passage
    doc_span: tuple[int, int]
    text: str
    cos: float
    coverage: float  # share of key terms, weighted by how rare each term is in the corpus
    matched: frozenset[tuple[str, ...]]
    fit: float
    score: float  # the reader's probability that this sentence holds the answer
    order: int  # position in the passage
    pcos: float = 0.0  # similarity of the whole passage to the question
    stated: bool = False  # the commitments register holds this sentence as a responsibility or commitment
    actor: str = ""  # the register's actor for this sentence
    section: str | None = None  # section path of the sentence itself
    entry: bool = False  # a glossary's entry of a term the question asks the meaning of (assistant.definition)
    n_in_passage: int = 1  # candidates the passage holds
    # the same scores judged against this question's scores over the whole index (assistant.relative)
    cos_z: float = 0.0  # sentence cosine as a z-score over all index sentences
    cos_lrank: float = 0.0  # its log-rank among them (1: the best)
    cos_gapk: float = 0.0  # its distance to the index's k-th best sentence
    pcos_z: float = 0.0  # passage cosine as a z-score over all passages
    bm25_rel: float = 0.0  # passage BM25 as a share of the question's best
    bm25_z: float = 0.0  # passage BM25 as a z-score over all passages
    stats: QueryStats | None = None

    @property
    def passage_rank(self) -> int:
        return self.passage.rank


def same_words(a: str, b: str) -> bool:
    """The same words in the same order, whatever their case and punctuation."""
    return _TOKEN.findall(a.lower()) == _TOKEN.findall(b.lower())


def term_in(term: str, text_lower: str, tokens: list[str]) -> bool:
    """A key term matches when its stem opens a word of the text or sits inside a compound."""
    st = stem(term)
    if len(st) < 3:
        return term in tokens
    if any(t.startswith(st) for t in tokens):
        return True
    return len(st) >= 5 and st in text_lower


def head_in(term: str, tokens: list[str]) -> bool:
    """The last word of a multi-word alternative is in the text as a word of its own or as the last part of a
    compound ("pleje sengen" in "plejesengen"), not as the first part of another compound: "hjemme hjælp" (a
    split "hjemmehjælp") is no help in "hjemmesygepleje, personlige hjælpemidler", where "hjælp" only opens
    "hjælpemidler"."""
    st = stem(term)
    if len(st) < 3:
        return term in tokens
    return any(stem(t).endswith(st) for t in tokens if st in t)


def group_in(group: tuple[str, ...], text_lower: str, tokens: list[str]) -> bool:
    """One alternative of the group is in the text (every word of a multi-word alternative, its last as a head)."""
    for alt in group:
        parts = alt.split()
        if all(term_in(w, text_lower, tokens) for w in parts) and (len(parts) == 1 or head_in(parts[-1], tokens)):
            return True
    return False


def holds_group(group: tuple[str, ...], text: str) -> bool:
    """``group_in`` for a text not yet lower-cased and split (a section's title, one clause of a sentence)."""
    low = text.lower()
    return group_in(group, low, _TOKEN.findall(low))


def corpus_frequency(group: tuple[str, ...], snapshot: IndexSnapshot) -> int:
    """How often the corpus uses the group's most frequent alternative (0: never).

    A word counts when its stem, or both parts of it as a compound, occur.
    """
    best = 0
    for alt in group:
        best = max(best, min(_word_frequency(p, snapshot) for p in alt.split()))
    return best


def _word_frequency(word: str, snapshot: IndexSnapshot) -> int:
    st = stem(word)
    n = snapshot.stem_counts.get(st, 0)
    if n:
        return n
    if len(st) >= 5:  # an inflection the stemmer does not fold: besluttede / besluttet
        n = snapshot.prefix_count(st[:-1] if len(st) > 6 else st)
        if n:
            return n
    parts = snapshot.decompounder.split(word)
    if parts:
        return min(snapshot.stem_counts.get(stem(p), 0) or snapshot.counts.get(p, 0) for p in parts)
    return 0


_RESPONSIBLE = re.compile(r"\b(ansvar\w*|sørger for|varetager|påhviler|tovholder|forpligte\w*)\b", re.IGNORECASE)


def type_fit(plan: QueryPlan, text: str) -> float:
    """How well a sentence holds what the question's type asks: an actor, a time, a number (0.5: no type)."""
    qtype = plan.qtype
    if qtype == "who":  # best: an actor as the subject, or words of responsibility
        m = ACTORS.search(text)
        if not m and plan.unit is None:  # a body no actor word knows, as the subject of the verb asked: "Formandskabet udpeger …"
            forms = asked_forms(plan.original, plan.key_terms, plan.lang)[0]
            return 1.0 if forms and subject_doing(text, lambda w: is_form(w, forms)) else 0.0
        if not m or plan.unit is not None and not speaks_of_money(text):  # "hvem betaler": an actor that pays
            return 0.0
        # a passive that names its agent says who as plainly ("… varetages af kommunens børneterapeuter")
        return 1.0 if m.start() < 40 or _RESPONSIBLE.search(text) or agent_of(text) else 0.5
    if qtype == "when":  # a frequency or a span where that is what is asked (the test ``missing_asked`` makes)
        if asks_frequency(plan.original):
            return 1.0 if frequency_phrase(text) else 0.0
        if asks_duration(plan.original):
            return 1.0 if duration_phrase(text) else 0.0
        return 1.0 if TIME.search(text) else 0.0
    if qtype == "number":  # a number of what is asked, where the question names it ("hvor mange borgere")
        if plan.unit is not None:
            return 1.0 if counts_asked(text, plan.unit) else 0.0
        return 1.0 if NUMBER.search(counted_text(text)) else 0.0
    if plan.unit is not None:  # whether or what one pays: a sentence of paying, costs or free care
        return 1.0 if speaks_of_money(text) else 0.0
    return 0.5


def row_cell(plan: QueryPlan, text: str, section: str | None) -> str:
    """Where ``text`` is a table row whose header names the asked kind's column, its cell there ("Hvis borgeren
    modtager ydelse" of "Jobcenter | Hvis borgeren modtager ydelse" under "Deltager | Hvornår" for *hvornår*);
    "" otherwise. Who pays is read from a column of paying ("Genoptræningsplan | Regionen" under "Ydelse | Betales
    af"), never from one of who does it; a number question that names what it counts is read from no column."""
    if plan.qtype not in ("who", "when", "number"):
        return ""
    if plan.unit is not None:
        return asked_cell("payer", text, section) if plan.qtype == "who" else ""
    return asked_cell(plan.qtype, text, section)


def row_fit(plan: QueryPlan, text: str, section: str | None) -> float:
    """``type_fit`` of a table row read with its header's units (``with_units``), and full for one whose cell in
    the asked kind's column is filled (``row_cell``)."""
    return 1.0 if row_cell(plan, text, section) else type_fit(plan, with_units(text, section))


# a list item's number or letter at the start of a sentence ("1. Alle kommuner …", "b) …", "Ad 1-a) …")
_ENUMERATOR = re.compile(r"^\s*(?:(?:\d{1,2}(?:\.\d{1,2})*[.)]|[a-z]\)|Ad\s+\d[\w-]*\))\s+)+")
_BARE_YEAR = re.compile(r"(?<!\w)(?<!\d[.,])(?:19|20)\d\d(?!\w|[.,]\d)")


def counted_text(text: str) -> str:
    """The sentence without the numbers that count nothing: a list item's number, and a year unless a word of
    approximation makes it an amount ("i 2013" is a time, "ca. 1900 gravide" a count)."""
    text = _ENUMERATOR.sub("", text)
    return _BARE_YEAR.sub(lambda m: m.group(0) if APPROXIMATED.search(text[: m.start()]) else " ", text)


CONTINUATION_WORDS = 15
# a sentence whose subject points back: a pronoun, or a noun in the definite form alone ("Arbejdet færdiggøres …",
# "Opfølgningen vil ske …"); one that names its own subject ("Telemedicinsk hjemmemonitorering evalueres …")
# states another thing
_POINTS_BACK = re.compile(r"\s*(?:(?:Det|Dette|Denne|Disse|Den|De|(?:Der|Her)(?:for|efter|af|med|til)?|It|This|These|They|That)\b"
                          r"|[A-ZÆØÅ][a-zæøå]+(?:en|et|ne)\s+(?!og\b|eller\b)[a-zæøå])")


def _adjacent(groups: list[list[int]], group: list[int], step: int, spans: list[tuple[int, int]], texts: list[str],
              doc_text: str) -> tuple[list[int], str] | None:
    """The group ``step`` away from ``group`` (1: after it, -1: before it) with nothing of the document between
    the two (a heading between means another topic), and its text."""
    i = groups.index(group) + step
    if not 0 <= i < len(groups):
        return None
    other = groups[i]
    first, second = (group, other) if step > 0 else (other, group)
    if not nothing_between(doc_text, spans[first[-1]][1], spans[second[0]][0]):
        return None
    return other, " ".join(texts[j] for j in other)


def _adds(joined: Candidate, alone: Candidate | None) -> bool:
    """Whether a sentence joined with its continuation holds a key term the continuation alone lacks: "Sygehuset
    sender genoptræningsplanen … senest på udskrivningsdagen." says all a question of it asks without the
    sentence before it, and is quoted alone."""
    return alone is None or not joined.matched <= alone.matched


def continuation(plan: QueryPlan, groups: list[list[int]], group: list[int], spans: list[tuple[int, int]], texts: list[str],
                 doc_text: str) -> list[int] | None:
    """The short sentence right after ``group`` that holds the time a *when* question asks, where the group itself
    does not, and whose subject points back to it: "Kommunerne og regionen beskriver konsekvenserne …" /
    "Arbejdet færdiggøres primo 2015." The time is stated apart from what it is the time of, so the two are
    one more candidate together. Not a footnote ("18 Sundhedsstyrelsens anbefalinger … 2013.")."""
    found = _adjacent(groups, group, 1, spans, texts, doc_text) if plan.qtype == "when" else None
    if found is None:
        return None
    after, text = found
    if len(text.split()) > CONTINUATION_WORDS or not _POINTS_BACK.match(text) or not type_fit(plan, text):
        return None
    return None if fragment_signs(text)[3] else after


LABEL_WORDS = 6
# a label is a list item ("• Start 2015") or a name and a colon ("Frist: 1. juni 2026"); a bare short line may be
# a table cell that extraction put beside an unrelated sentence ("8 timer om ugen")
_LABEL = re.compile(rf"\s*(?:{BULLET}\s*\S|[^\W\d][\w ]{{0,24}}:\s*\S)")


def time_label(plan: QueryPlan, groups: list[list[int]], group: list[int], spans: list[tuple[int, int]], texts: list[str],
               doc_text: str) -> list[int] | None:
    """The line right before ``group`` that is a label of its time, for a *when* question the group itself gives
    no time for: "• Start 2015" / "Der igangsættes et tværsektorielt arbejde, som inddrager et borgerpanel."
    (a box's "Hvem, hvad og hvornår?"). A label is a short list item or "name: time", not closed like a
    sentence: no statement of its own."""
    found = _adjacent(groups, group, -1, spans, texts, doc_text) if plan.qtype == "when" else None
    if found is None:
        return None
    before, text = found
    if len(text.split()) > LABEL_WORDS or not _LABEL.match(text) or not type_fit(plan, text) or not fragment_signs(text)[1]:
        return None
    return before


def term_weights(plan: QueryPlan, snapshot: IndexSnapshot) -> dict[tuple[str, ...], float]:
    """Rare terms weigh more; a term the corpus never uses weighs most."""
    total = max(sum(snapshot.stem_counts.values()), 1)
    return {
        g: SOFT_TERM_WEIGHT if g in plan.soft else math.log(1.0 + total / (1.0 + corpus_frequency(g, snapshot)))
        for g in plan.key_terms
    }


def candidates(
    plan: QueryPlan, passages: list[Passage], snapshot: IndexSnapshot, query_vec: np.ndarray, scores: QueryScores | None = None
) -> list[Candidate]:
    """Every quotable sentence of the top passages with its features' raw values (unscored).

    ``scores``: the question's scores over the index as retrieval computed them (else computed here)."""
    seen: set[tuple[str, int]] = set()
    out: list[Candidate] = []
    weights = term_weights(plan, snapshot)
    stats = QueryStats.compute(snapshot, query_vec, plan.lexical_text, scores)
    heads = compound_heads(weights, snapshot)
    floor = entry_floor(plan, weights)
    for p in passages[:PASSAGES_CONSIDERED]:
        out.extend(_PassageReader(plan, p, snapshot, query_vec, stats, weights, heads, floor).candidates(seen))
    return out


def entry_floor(plan: QueryPlan, weights: dict[tuple[str, ...], float]) -> float | None:
    """For a question of what a term means, the weight of the term it asks about, the rarest of its terms (not
    "indikatorer" of "… hverdagsindikatorer (indicators)"), which a glossary's entry must name; unknown (infinite)
    where an English word of it has no Danish term ("package pathway"). None for any other question."""
    if not asks_definition(plan.original):
        return None
    asked = defined_terms(plan.key_terms)
    return math.inf if any(g in plan.soft for g in asked) else max((weights.get(g, 0.0) for g in asked), default=0.0)


def compound_heads(weights: dict[tuple[str, ...], float], snapshot: IndexSnapshot) -> dict[str, list[tuple[str, ...]]]:
    """The key-term groups by the stem of a compound's last part ("rapport" of "udskrivningsrapporten"), for
    ``_PassageReader._named_before``: read once per question, not per sentence."""
    heads: dict[str, list[tuple[str, ...]]] = {}
    for g in weights:
        for alt in g:
            parts = snapshot.decompounder.split(alt) if " " not in alt else None
            if parts and g not in heads.setdefault(stem(parts[1]), []):
                heads[stem(parts[1])].append(g)
    return heads


class _PassageReader:
    """One passage's sentences as candidates, with the passage-wide values each of them shares."""

    def __init__(self, plan: QueryPlan, p: Passage, snapshot: IndexSnapshot, query_vec: np.ndarray, stats: QueryStats,
                 weights: dict[tuple[str, ...], float], heads: dict[str, list[tuple[str, ...]]],
                 entry_floor: float | None) -> None:
        self.plan, self.p, self.snapshot, self.query_vec, self.stats, self.weights = plan, p, snapshot, query_vec, stats, weights
        self.heads, self.entry_floor = heads, entry_floor
        self.wsum = sum(weights.values())
        ci = snapshot.chunk_index[p.id]
        self.pcos = float(snapshot.embeddings[ci] @ query_vec)
        self.bm25_rel, self.bm25_z = stats.bm25_of(ci)
        self.context = f"{p.title} {p.section or ''}".lower()
        self.ctx_tokens = _TOKEN.findall(self.context)
        rows = [snapshot.sentence_index.get((p.doc, s)) for s, _ in snapshot.sentences[ci]]
        self.rows, self.lo, self.hi = with_neighbours(snapshot, p.doc, [row for row in rows if row is not None])
        self.spans = [(snapshot.sentence_rows[r]["start"], snapshot.sentence_rows[r]["end"]) for r in self.rows]
        self.texts = [snapshot.sentence_rows[r]["text"] for r in self.rows]
        self.doc_text = (snapshot.documents.get(p.doc) or {}).get("text") or ""
        self.groups = sentence_groups(self.spans, self.texts, self.doc_text)

    def candidates(self, seen: set[tuple[str, int]]) -> list[Candidate]:
        """The passage's sentence groups not yet seen in a passage before (``seen`` grows), a question in the
        document only with the sentence that answers it ("Hvem bestiller hjælpemidler …? Det gør kommunens
        visitator."), and for a *when* question a group that lacks the time joined with the short line before or
        after it that states it."""
        mine: list[Candidate] = []
        for order, group in enumerate(own_groups(self.groups, self.lo, self.hi)):
            keys = [(self.p.doc, self.spans[j][0]) for j in group]
            if any(k in seen for k in keys):
                continue
            seen.update(keys)
            c = self.candidate(group, order)
            if c is None:
                continue
            mine.append(c)  # a question is never quoted (``answer._unquotable``) but is read with its answer where it
            if c.text.rstrip().endswith("?") and any(holds_group(g, c.text) for g in self.weights):  # asks of the same
                answer = _adjacent(self.groups, group, 1, self.spans, self.texts, self.doc_text)  # ("Hvorfor?" no)
                if answer is not None and (pair := self.candidate(group + answer[0], order)) is not None:
                    mine.append(pair)
            if c.fit:
                continue
            after = continuation(self.plan, self.groups, group, self.spans, self.texts, self.doc_text)
            if after is not None and (joined := self.candidate(group + after, order)) is not None and _adds(joined, self.candidate(after, order)):
                mine.append(joined)
            label = time_label(self.plan, self.groups, group, self.spans, self.texts, self.doc_text)
            if label is not None and (labelled := self.candidate(label + group, order)) is not None:
                mine.append(labelled)
        for c in mine:
            c.n_in_passage = len(mine)
        return mine

    def _named_before(self, j: int, found: frozenset[tuple[str, ...]]) -> frozenset[tuple[str, ...]]:
        """Key terms the sentence ``j`` names by a compound's last part in its definite form, first, where the
        sentence right before it names the whole compound: "Hospitalet sender en udskrivningsrapport …" /
        "Rapporten skal indeholde …" speaks of the discharge report. Read as context (half weight)."""
        first = _TOKEN.match(self.texts[j].lstrip().lower()) if j > 0 else None
        named = self.heads.get(stem(first.group(0)), []) if first and first.group(0).endswith(DEFINITE_ENDINGS) else []
        if not named or not nothing_between(self.doc_text, self.spans[j - 1][1], self.spans[j][0]):
            return frozenset()
        return frozenset(g for g in named if g not in found and holds_group(g, self.texts[j - 1]))

    def _asked_before(self, j: int, found: frozenset[tuple[str, ...]]) -> frozenset[tuple[str, ...]]:
        """Key terms of the question a paragraph answers, where the paragraph before it is one question: a
        document of questions and answers ("Hvem bestiller hjælpemidler …?" / "Det gør kommunens visitator.").
        Read as context (half weight), as a heading is."""
        line = self.doc_text.rfind("\n", 0, self.spans[j][0])  # a paragraph is a line of the document's text
        if line < 0:
            return frozenset()
        question = self.doc_text[self.doc_text.rfind("\n", 0, line) + 1 : line].strip()
        if not question.endswith("?") or len(question) > 300:
            return frozenset()
        return frozenset(g for g in self.weights if g not in found and holds_group(g, question))

    def _context(self, section: str | None) -> tuple[str, list[str]]:
        """What a sentence is read in beside its own words: the document's title and the sentence's own section
        path (the passage's where the sentence has none). A passage may run on into the next section, and a
        table row's section ends in its header row ("… › Deltager | Hvornår"), which names what its cells are."""
        if not section or section == self.p.section:
            return self.context, self.ctx_tokens
        context = f"{self.p.title} {section}".lower()
        return context, _TOKEN.findall(context)

    def candidate(self, group: list[int], order: int) -> Candidate | None:
        """The group's sentences as one candidate, or None for text that is never quoted."""
        snapshot, weights, spans, rows = self.snapshot, self.weights, self.spans, self.rows
        text = " ".join(self.texts[j].strip() for j in group)
        if INSTRUCTION.search(text) or CONTENTS.search(text):
            return None
        low = text.lower()
        toks = _TOKEN.findall(low)
        matched = frozenset(g for g in weights if group_in(g, low, toks))
        section = snapshot.sentence_rows[rows[group[0]]].get("section")
        context, ctx_tokens = self._context(section)
        in_ctx = frozenset(g for g in weights if g not in matched and group_in(g, context, ctx_tokens))
        in_ctx |= self._named_before(group[0], matched | in_ctx)
        in_ctx |= self._asked_before(group[0], matched | in_ctx)
        floor = self.entry_floor
        entry = entry_terms(section, self.doc_text, spans[group[0]][0], self.plan.key_terms) if floor is not None else frozenset()
        if max((weights.get(g, 0.0) for g in entry), default=0.0) < (floor or 0.0):
            entry = frozenset()  # the heading is a common word of the question ("Indikator"), not the term it asks about
        if entry:  # a glossary's entry: its heading is its subject
            matched, in_ctx = matched | entry, in_ctx - entry
        got = sum(weights[t] for t in matched) + 0.5 * sum(weights[t] for t in in_ctx)
        cos = max(float(snapshot.sentence_embeddings[rows[j]] @ self.query_vec) for j in group)
        reg = [snapshot.register_spans.get((self.p.doc, spans[j][0]), ("", "")) for j in group]
        stated = [(a, kind) for a, kind in reg if kind in ("responsibility", "commitment")]
        stats = self.stats
        return Candidate(
            passage=self.p, doc_span=(spans[group[0]][0], spans[group[-1]][1]), text=text, cos=cos,
            coverage=got / self.wsum if self.wsum else 0.0, matched=matched | in_ctx, fit=row_fit(self.plan, text, section),
            score=0.0, order=order, pcos=self.pcos, entry=bool(entry), stated=bool(stated), actor=stated[0][0] if stated else "",
            section=section,
            cos_z=stats.sentence.z(cos), cos_lrank=stats.sentence.log_rank(cos),
            cos_gapk=cos - stats.sentence.kth(), pcos_z=stats.passage.z(self.pcos),
            bm25_rel=self.bm25_rel, bm25_z=self.bm25_z, stats=stats,
        )
