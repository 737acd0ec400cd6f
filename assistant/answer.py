"""Extractive answers: pick the sentences that answer the question, or refuse.

Sentences of the best passages become candidates (``assistant.candidates``: a sentence that starts
lower-case is joined to the one before it, so a bad split never leaves a fragment to quote). The learned
reader (``assistant.reader``) scores each candidate and gives the answer a ``confidence``;
below the model's threshold the answer is a refusal. ``assistant.compose`` writes the text.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from assistant.asked import (
    PERSON_ROLE,
    AskedUnit,
    asked_rate,
    asks_names,
    names_a_body,
    speaks_of_money,
    without_who_clause,
)
from assistant.asked_time import (
    asks_actual,
    asks_date,
    asks_duration,
    asks_frequency,
    duration_phrase,
    frequency_phrase,
    states_date,
)
from assistant.candidates import (
    Candidate,
    candidates,
    corpus_frequency,
    holds_group,
    same_words,
    term_weights,
    type_fit,
)
from assistant.contact import asks_contact, states_contact
from assistant.definition import asks_definition, defines
from assistant.doc_period import asks_a_documents_bound, states_a_year
from assistant.figure_year import asked_year, of_another_year, of_year
from assistant.goal import asks_goal, states_goal, states_target, topic_groups
from assistant.lead import actor_phrase
from assistant.members import asks_members, states_members
from assistant.period_rows import period_rows
from assistant.query import QueryPlan
from assistant.reader import (
    ReaderModel,
    fragment_signs,
    question_features,
    sentence_features,
)
from assistant.relative import QueryScores
from assistant.sides import cover_sides
from assistant.types import Passage
from assistant.yes_no import asks_yes_no, denies
from foundation.settings import AnswerSettings
from foundation.text.tokens import without_links
from index.snapshot import IndexSnapshot
from ingest.commitments.dates import find_due
from ingest.split import SECTION_SEPARATOR
from ingest.table_columns import asked_cell, row_of, with_units


def _pays_for(unit: AskedUnit, c: Candidate) -> bool:
    """The quote speaks of paying, or is a table row with a cell under a header of paying ("Betales af"), and of
    what the question asks is paid for where it names it ("hvem betaler for plejesengen": not a sentence on the
    costs of medicine). Paying asked of in an indirect question ("Aftalen beskriver, hvem der … betale …") is
    not spoken of."""
    paying = speaks_of_money(without_who_clause(c.text)) or bool(asked_cell("payer", c.text, c.section))
    return paying and (not unit.groups or any(g in c.matched for g in unit.groups))


def _of_the_asked(plan: QueryPlan, snapshot: IndexSnapshot | None) -> Callable[[Candidate], bool]:
    """Whether a quote that names a person names the one asked for: only where what the question asks about, besides
    the role, is in the quote or in the title it stands under ("Mette Frandsen, borgmester Nyborg Kommune (formand)"
    under "Styregruppen for …" for the steering group's chair), and the documents speak of it at all: "Pia Lindholm,
    direktør Odense Universitetshospital" is no one asked for by "Hvem er direktør for Svendborg Sygehus?" when no
    document names Svendborg. What the documents speak of is the question's, read once."""
    topic = [g for g in plan.key_terms if g not in plan.soft and not any(PERSON_ROLE.fullmatch(w) for alt in g for w in alt.split())]
    if snapshot is not None and any(corpus_frequency(g, snapshot) == 0 for g in topic):
        return lambda c: False

    def of_it(c: Candidate) -> bool:
        if not topic or any(g in c.matched for g in topic):
            return True
        title = (c.section or "").split(SECTION_SEPARATOR)[-1]
        return any(holds_group(g, title) for g in topic)

    return of_it


def missing_asked(plan: QueryPlan, chosen: list[Candidate], snapshot: IndexSnapshot | None = None) -> str:
    """What is asked that no quote states: "frequency" (*hvor ofte* and no "hvert år", "årligt", "løbende" …),
    "duration" (*hvor lang tid*, *how long* and no span or limit: "inden for 90 dage", "senest", "indtil"),
    "when" (a *hvornår* question and no time: a date, a limit, a period or a situation such as "ved
    udskrivelse"), "date" (*what date* and no day of a month: "i 2017" is none), "number" (a *hvor mange*
    question and no number of what it counts), "payer" (*hvem betaler* and no word of paying or costs),
    "payment" (another question of paying, "skal borgeren selv betale …", and no such word), "names"
    (*hvilke kommuner*, *which hospital* and no quote names one; *hvem er formand for …* and no quote names
    someone where what is asked about stands, ``_of_the_asked``), "contact_phone" and its kin (*hvad er telefonnummeret*, and no quote holds a
    number to call; ``assistant.contact``), or "" when some quote can answer. A quote
    without it answers another question, however close its words.

    Not a plain *who*: the actor words do not know every body a sentence may name ("byrådene", "KOSU"),
    so a right answer can lack one; *who pays* (``plan.unit``: money) asks for a payer, and a quote that
    speaks of no payment names none."""
    if plan.qtype == "when" and asks_frequency(plan.original):
        if not any(frequency_phrase(c.text) for c in chosen):
            return "frequency"
    elif plan.qtype == "when" and asks_duration(plan.original):
        if not any(duration_phrase(c.text) for c in chosen):
            return "duration"
    elif plan.qtype == "when" and not any(c.fit or find_due(c.text, past=True) is not None for c in chosen):
        return "when"
    elif plan.qtype == "when" and chosen and asks_a_documents_bound(plan.original) and not states_a_year(chosen[0].text):
        return "when"  # when an agreement ends or starts: the leading quote's year, not "i aftaleperioden"
    elif plan.qtype == "when" and asks_date(plan.original) and not any(states_date(c.text) for c in chosen):
        return "date"
    if plan.qtype == "number" and not any(_states_number(plan, c, chosen[0]) for c in chosen):
        return "number"
    rate = asked_rate(plan.original, plan.key_terms) if plan.qtype == "number" and plan.unit and plan.unit.kind == "money" else None
    if rate is not None and not any(_names_rate(rate, c) for c in chosen if c.fit):
        return "number"  # "What does the team cost per visit?" is not answered by a sum a year for its training
    year = asked_year(plan.original) if plan.qtype == "number" else ""
    if year and chosen and not any(of_year(c, year) for c in chosen):
        return "number"  # "hvad var andelen i 2025?" is not answered by a figure of no year in a report on 2024–2027
    if plan.qtype == "number" and asks_actual(plan.original) and chosen and states_target(chosen[0].text):
        return "number"  # "hvor mange … i dag" is not answered by the figure to be reached in 2030, which would lead
    if plan.qtype != "number" and plan.unit is not None and not any(_pays_for(plan.unit, c) for c in chosen):
        return "payer" if plan.qtype == "who" else "payment"
    kind = asks_names(plan.original)
    if kind:
        of_it = _of_the_asked(plan, snapshot) if kind == "person" else (lambda c: True)
        if not any(names_a_body(c.text, plan.original, kind) and of_it(c) for c in chosen):
            return "names"
    contact = asks_contact(plan.original)
    if contact and not any(states_contact(c.text, contact) for c in chosen):
        return f"contact_{contact}"
    return ""


class ExtractiveAnswerer:
    """Chooses 1–``max_sentences`` sentences to quote with the reader model, or refuses."""

    def __init__(self, settings: AnswerSettings, model: ReaderModel) -> None:
        self.settings = settings
        self.model = model

    def term_weights(self, plan: QueryPlan, snapshot: IndexSnapshot) -> dict[tuple[str, ...], float]:
        return term_weights(plan, snapshot)

    def candidates(
        self, plan: QueryPlan, passages: list[Passage], snapshot: IndexSnapshot, query_vec: np.ndarray, scores: QueryScores | None = None
    ) -> list[Candidate]:
        """Every quotable sentence of the top passages, unscored (``assistant.candidates``)."""
        return candidates(plan, passages, snapshot, query_vec, scores)

    def rank(self, plan: QueryPlan, cands: list[Candidate], probs: np.ndarray | None = None) -> None:
        """Score every candidate with the sentence model (or given ``probs``) and sort best first."""
        if not cands:
            return
        if probs is None:
            probs = self.model.sentence.predict(sentence_features(plan, cands))
        for c, prob in zip(cands, probs):
            c.score = float(prob)
        cands.sort(key=lambda c: -c.score)

    def select(self, plan: QueryPlan, cands: list[Candidate], keep: float | None = None) -> list[Candidate]:
        """The sentences to quote, the one that answers what is asked first.

        The best candidate, then others scoring at least ``keep`` times its probability within
        the sentence and length budget. A comparison takes the best sentence of each document.
        A fragment the split could not repair is never quoted.
        """
        keep = self.model.keep if keep is None else keep
        pool = [c for c in cands if not _unquotable(c.text)]
        if not pool:
            return []
        best = pool[0]
        chosen = [best]
        length = len(best.text)
        budget = self.settings.max_chars
        if plan.compare:  # one sentence per document: both sides of the comparison
            for c in pool[1:]:
                if len(chosen) >= self.settings.max_sentences:
                    break
                if all(c.passage.doc != x.passage.doc for x in chosen) and c.score >= keep * best.score and length + len(c.text) <= budget:
                    chosen.append(c)
                    length += len(c.text)
            chosen = cover_sides(plan.standalone, plan.regions, pool, chosen, self.settings.max_sentences)
        else:
            for c in pool[1:]:
                if len(chosen) >= self.settings.max_sentences:
                    break
                if c.score < keep * best.score or length + len(c.text) > budget:
                    continue
                if any(same_words(c.text, x.text) or _overlap(c, x) for x in chosen):
                    continue
                chosen.append(c)
                length += len(c.text)
            chosen = _with_asked(plan, pool, chosen, keep * best.score, self.settings.max_sentences, budget)
            if asks_yes_no(plan):
                chosen = _most_of_the_question(plan, pool, chosen, keep * best.score, self.settings.max_sentences)
            chosen = period_rows(plan, pool, chosen, 2 * self.settings.max_sentences)  # a timeline's rows are short
        return _answer_first(plan, chosen)

    def evidence(self, plan: QueryPlan, chosen: list[Candidate], snapshot: IndexSnapshot) -> tuple[float, int]:
        """(rarity-weighted share of key terms the chosen sentences hold, key terms the corpus never uses)."""
        weights = self.term_weights(plan, snapshot)
        covered: set[tuple[str, ...]] = set()
        for c in chosen:
            covered |= c.matched
        total = sum(weights.values())
        share = sum(weights[t] for t in covered if t in weights) / total if total else 0.5
        unknown = sum(1 for g in plan.key_terms if g not in covered and g not in plan.soft and corpus_frequency(g, snapshot) == 0)
        return share, unknown

    def evidence_features(self, plan: QueryPlan, cands: list[Candidate], chosen: list[Candidate], snapshot: IndexSnapshot) -> dict[str, float]:
        """``EVIDENCE_FEATURES``: whether the retrieval legs agree on the lead passage, and what of the
        question's rare terms the quoted sentences and their passage leave out.

        A question about something the agreements do not say usually shares its common words with
        some passage but not its rarest one; untranslatable English words are left out (soft).
        """
        out: dict[str, float] = {}
        if chosen:
            ranks = chosen[0].passage.meta.get("leg_ranks") or (0, 0, 0)
            rr = [1.0 / r if r else 0.0 for r in ranks]
            out.update(dense_rr=rr[0], lexical_rr=rr[1], sentence_rr=rr[2],
                       legs_agree=1.0 if all(0 < r <= 3 for r in ranks[:2]) else 0.0)
        weights = self.term_weights(plan, snapshot)
        hard = {g: w for g, w in weights.items() if g not in plan.soft}
        covered: set[tuple[str, ...]] = set()
        for c in chosen:
            covered |= c.matched
        in_passage: set[tuple[str, ...]] = set()
        if chosen:
            for c in cands:
                if c.passage.id == chosen[0].passage.id:
                    in_passage |= c.matched
        total, top = sum(hard.values()), max(hard.values(), default=0.0)
        missing = [g for g in hard if g not in covered]
        if total > 0:
            out["uncovered_known"] = sum(hard[g] for g in missing if corpus_frequency(g, snapshot) > 0) / total
            out["uncovered_max"] = max((hard[g] / top for g in missing), default=0.0)
            out["passage_uncovered"] = sum(w for g, w in hard.items() if g not in in_passage) / total
        if chosen and cands:
            out["cos_gap"] = chosen[0].cos - float(np.median([c.cos for c in cands]))
        first = plan.key_terms[0] if plan.key_terms else None
        out["asked_unknown"] = 1.0 if first and first not in plan.soft and corpus_frequency(first, snapshot) == 0 else 0.0
        out.update(_relative_features(cands, chosen))
        return out

    def question_row(self, plan: QueryPlan, cands: list[Candidate], chosen: list[Candidate], snapshot: IndexSnapshot) -> np.ndarray:
        """The decision model's features for this question (candidates already ranked)."""
        share, unknown = self.evidence(plan, chosen, snapshot)
        probs = np.array([c.score for c in cands], dtype=float)
        return question_features(plan, cands, probs, chosen, share, unknown, self.evidence_features(plan, cands, chosen, snapshot))

    def confidence(self, plan: QueryPlan, cands: list[Candidate], chosen: list[Candidate], snapshot: IndexSnapshot) -> float:
        """Calibrated probability that the agreements answer the question with these sentences."""
        if not chosen:
            return 0.0
        return float(self.model.decision.predict(self.question_row(plan, cands, chosen, snapshot))[0])


def _relative_features(cands: list[Candidate], chosen: list[Candidate]) -> dict[str, float]:
    """The query-relative ``EVIDENCE_FEATURES``: the lead sentence and the question's score distributions."""
    stats = next((c.stats for c in cands if c.stats is not None), None)
    if stats is None:
        return {}
    out = {
        "top_z": stats.sentence.z(float(stats.sentence.top[0])),
        "peak": stats.sentence.peak(),
        "passage_peak": stats.passage.peak(),
        "bm25_peak": stats.bm25.peak(),
        "cand_z_max": max(c.cos_z for c in cands),
    }
    if chosen:
        lead = chosen[0]
        out.update(lead_z=lead.cos_z, lead_lrank=lead.cos_lrank, lead_gapk=lead.cos_gapk, lead_pz=lead.pcos_z,
                   lead_bm25_rel=lead.bm25_rel, lead_bm25_z=lead.bm25_z)
    return out


def _states_number(plan: QueryPlan, c: Candidate, lead: Candidate) -> bool:
    """``c`` states a number of what is asked: a table row's bare figure read with its header's unit ("1,2" under
    "2027 (mio. kr.)"), and in the leading quote's document, since a figure of another document is another thing's
    ("hvad koster den fælles plan …?" led by the plan's decision, a budget row of another plan quoted after it)."""
    return bool(c.fit) and c.passage.doc == lead.passage.doc and bool(type_fit(plan, without_links(with_units(c.text, c.section))))


def _names_rate(rate: tuple[str, ...], c: Candidate) -> bool:
    """``c`` names what a sum is asked per ("per visit": "Et besøg af akutteamet koster 900 kr."). In a table row,
    a header or a cell after the row's label must name it ("Pris pr. besøg (kr.)"): the label says what the row's
    sums are for, not per ("Videokonsultationer | 2,5 | 3,0" under "2027 (mio. kr.)" is no price of one)."""
    table = row_of(c.text, c.section)
    if table is None:
        return rate in c.matched
    header, cells = table
    return holds_group(rate, " ".join((*header[1:], *cells[1:])))


def _states_asked(plan: QueryPlan, best: Candidate) -> Callable[[Candidate], bool] | None:
    """How a sentence states what the question asks beyond its type, or None: the payer of *who pays*
    ("Regionen godtgør kommunernes udgifter"), who a body consists of ("TSN er sammensat af …"), a goal of what
    is asked ("Mål: Vi vil derfor nedbringe antallet af dagligrygere …"), what a term means ("…, hvilket vil
    sige …"). ``best``: the reader's best sentence, whose topic a goal must share."""
    if plan.qtype == "who" and plan.unit is not None:
        unit = plan.unit  # who pays: a sentence of paying for what is asked that names a payer
        return lambda c: _pays_for(unit, c) and _names_payer(c)
    if plan.qtype in ("yesno", "other") and plan.unit is not None and plan.unit.kind == "money":
        unit = plan.unit  # whether one pays: a sentence of paying (or of free care) for what is asked
        return lambda c: _pays_for(unit, c)
    if asks_members(plan.original):
        return lambda c: states_members(c.text)
    if plan.qtype == "who":
        # a table's row that says who does a task (a matrix's marks, an "Ansvarlig" column) and matches every word
        # of what is asked: "Levere almindelig genoptræning | | X |" under "Opgave | Hospital | Kommune"
        return lambda c: _row_says_who(plan, c)
    if plan.qtype == "other" and asks_goal(plan.original):
        # one that names a word of the topic the best sentence names too ("Mål: … ældre" is no goal for
        # "unsafe sex among 16-24 year olds", whose best sentence names sex and 16-24)
        topic = topic_groups(plan.key_terms) & best.matched
        # a table's row is a goal by its column ("Akutte genindlæggelser … | Under 9 % | …" under "Mål for 2027")
        return lambda c: (states_goal(c.text) or bool(asked_cell("goal", c.text, c.section))) and bool(c.matched & topic)
    if asks_definition(plan.original):
        return lambda c: c.entry or defines(c.text, plan.key_terms, plan.soft)
    return None


def _names_payer(c: Candidate) -> bool:
    """``c`` names who pays: an actor as its subject ("Kommunen betaler …") or a table row's cell under a header of
    paying ("Indlæggelse | Hospitalet | Regionen" under "Situation | Bestiller | Betaler"); "Den sektor, der har
    samtalen med patienten, bestiller og betaler tolken" names a rule, not a payer."""
    return c.stated or bool(asked_cell("payer", c.text, c.section)) or bool(actor_phrase(c.text))


def _row_says_who(plan: QueryPlan, c: Candidate) -> bool:
    """``c`` is a table's row that says who does a task (a matrix's marks, an "Ansvarlig" column) and matches
    every key term of the question: what a who-question asks, said in one row."""
    return set(plan.key_terms) <= c.matched and bool(asked_cell("who", c.text, c.section))


def _with_asked(plan: QueryPlan, pool: list[Candidate], chosen: list[Candidate], floor: float, limit: int,
                budget: int) -> list[Candidate]:
    """What is asked (``_states_asked``), quoted where the reader ranks it within reach (``floor``) and no
    chosen sentence states it, in the weakest one's place at ``limit``. A glossary's entry of the asked term is
    within reach wherever its passage is among the retrieved: the reader ranks it low, since the words it shares
    with the question stand in its heading, not in it."""
    states = _states_asked(plan, chosen[0])
    if states is None or any(states(c) for c in chosen):
        return chosen
    kept = chosen if len(chosen) < limit else chosen[:-1]
    length = sum(len(x.text) for x in kept)
    for c in pool:
        if c.score < floor and not c.entry:
            continue
        if all(c is not x for x in chosen) and length + len(c.text) <= budget and states(c):
            return [*kept, c]
    return chosen


def _most_of_the_question(plan: QueryPlan, pool: list[Candidate], chosen: list[Candidate], floor: float,
                          limit: int) -> list[Candidate]:
    """A yes/no question is answered first by the sentence of the reader's first document, within reach
    (``floor``), that holds more of its key terms than any chosen one, in the weakest one's place at ``limit``:
    "Tolken må ikke give råd …" for "kan tolken give patienten gode råd?", where the reader's first ("Ved samtaler om
    alvorlig sygdom skal tolken være til stede …") holds the interpreter and the patient only. Its "Ja"/"Nej" is
    read from the quote that speaks of what is asked. Another document's sentence that holds the words is no
    better ("… så borgeren kan komme hjem – også aften og weekend" beside a Q&A's "Må en borger udskrives efter
    kl. 15? Nej, …")."""
    hard = [g for g in plan.key_terms if g not in plan.soft]
    most = max((len(c.matched.intersection(hard)) for c in chosen), default=0)
    better = [c for c in pool if c.score >= floor and len(c.matched.intersection(hard)) > most
              and c.passage.doc == chosen[0].passage.doc and all(c is not x for x in chosen)]
    if not better:
        return chosen
    top = max(better, key=lambda c: (len(c.matched.intersection(hard)), c.score))
    kept = chosen if len(chosen) < limit else chosen[:-1]
    return [top, *kept]


def stated_first(plan: QueryPlan, chosen: list[Candidate]) -> list[Candidate]:
    """The quotes in the order they are shown: for a question of no asked type (a goal, a definition, who a body
    consists of), the sentence that states what is asked first. Only the order shown: the confidence is the
    reader's, on the order it chose."""
    if not chosen or plan.qtype != "other":
        return chosen
    states = _states_asked(plan, chosen[0])
    first = next((c for c in chosen if states(c)), None) if states is not None else None
    return chosen if first is None else [first, *(c for c in chosen if c is not first)]


def _unquotable(text: str) -> bool:
    """A fragment left by a bad split (lower-case start, a few words), a footnote without a verb (a
    reference: "8 Sundhedsstyrelsens vejledning …") or a question (it states nothing; its answer follows it) is not
    quoted. A footnote that states something
    ("4 Det Fælles Medicinkort (FMK) er en central database …") often is the document's only definition:
    it is quoted without its footnote number (``assistant.compose``)."""
    lower, _, verbless, footnote = fragment_signs(text)
    return bool(lower) or bool(footnote and verbless) or len(text.strip()) < 25 or text.rstrip().endswith("?")


def _overlap(a: Candidate, b: Candidate) -> bool:
    return a.passage.doc == b.passage.doc and a.doc_span[0] < b.doc_span[1] and b.doc_span[0] < a.doc_span[1]


def _answer_first(plan: QueryPlan, chosen: list[Candidate]) -> list[Candidate]:
    """The sentence that holds what is asked (actor, time, number) first; then the rest of its passage, and the
    other passages' sentences, each in document order (a passage ranked above the lead's does not come
    between the lead and the sentence after it)."""
    if not chosen:
        return chosen
    lead = chosen[0]
    if (plan.qtype in ("who", "when", "number") or plan.unit is not None) and not lead.fit:
        lead = next((c for c in chosen if c.fit), lead)  # whether one pays too: a sentence of paying leads
    if plan.qtype == "who" and plan.unit is not None and not _names_payer(lead):
        # who pays: a quote that names the payer and holds what the lead leaves out of the question ("indlagt" of
        # "Indlæggelse … | Hospitalet | Regionen"); beside a rule for every case ("Den sektor, der …, betaler
        # tolken") a row of one case answers only its own
        lead = next((c for c in chosen if c.fit and _names_payer(c) and c.matched - lead.matched), lead)
    if plan.qtype == "who" and plan.unit is None and not asked_cell("who", lead.text, lead.section):
        lead = next((c for c in chosen if _row_says_who(plan, c)), lead)  # a table's row that says who does the task
    hard = {g for g in plan.key_terms if g not in plan.soft}
    if plan.qtype in ("who", "when", "number") and not plan.compare and hard and not hard <= lead.matched:
        # a quote that states what is asked and holds every term of the question before one that leaves a term out:
        # "… øges til 30 fra 1. juni 2027" before "… har siden 1. januar 2025 haft 24 akutpladser" for "… from June 2027?"
        lead = next((c for c in chosen if hard <= c.matched), lead)
    if plan.qtype == "who" and denies(lead.text) and not denies(plan.original):
        # "Kommunens sundhedscenter kan ikke stille diagnosen" says who does not: a quote that says who does leads
        lead = next((c for c in chosen if c.fit and not denies(c.text) and lead.matched & hard <= c.matched), lead)
    year = asked_year(plan.original) if plan.qtype == "number" else ""
    if year and (of_another_year(lead.text, year) or not of_year(lead, year)):  # the figure of the year asked
        lead = next((c for c in chosen if c.fit and of_year(c, year)), lead)
    if plan.compare:
        return [lead] + [c for c in chosen if c is not lead]
    rest = sorted((c for c in chosen if c is not lead),
                  key=lambda c: (c.passage.rank != lead.passage.rank, c.passage.rank, c.doc_span[0]))
    return [lead, *rest]
