"""Extractive answers: pick the sentences that answer the question, cite them, or refuse.

Deterministic and model-free. Sentences of the best passages are scored
by embedding similarity to the question (precomputed at ingest), by how
many of the question's key terms they hold, and by whether they hold what
the question type asks for (an actor for *hvem*, a time for *hvornår*, a
number for *hvor mange*). The answer is refused when the chosen evidence
does not hold enough of what the question asks about.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import numpy as np

from assistant.query import QueryPlan
from assistant.retrieval import IndexSnapshot
from assistant.types import Citation, Passage
from foundation.messages import msg
from foundation.settings import AnswerSettings
from foundation.text.tokens import stem
from ingest.commitments.lexicon import ACTOR_WORDS, DURATION_UNITS, MONTHS, NUMBER_WORDS

# The actor, time and number words come from the register's lexicon: one list for both sides.
ACTORS = re.compile(r"\b(" + "|".join(ACTOR_WORDS) + r")\b", re.I)
TIME = re.compile(
    r"\b(senest|inden for|inden|frist\w*|" + "|".join((*DURATION_UNITS, "dag", "uge", r"måned\w*", *MONTHS))
    + r"|20\d\d|19\d\d|udgangen af|aftaleperioden)\b",
    re.I,
)
_MORE_NUMBERS = ("elleve", "tyve", "tredive", "hundrede", "tusind", "halvdelen", "halvdel", "tredjedel", "fjerdedel", "procent", "pct")
NUMBER = re.compile(r"\d|\b(" + "|".join((*NUMBER_WORDS, *_MORE_NUMBERS)) + r"|hver\s+\w+\s*del)\b", re.I)
_TOKEN = re.compile(r"[0-9a-zæøåéü]+")
# Sentences that address a reader as an assistant: documents are data, so these are never quoted as answers.
INSTRUCTION = re.compile(
    r"\b(ignor\w*\s+(all\w*\s+|alle\s+)?(previous|prior|above|tidligere|ovenstående|foregående)\s+(instructions?|instruktion\w*|regler|rules)"
    r"|disregard\s+(all\s+|the\s+)?(previous|prior|above)|you are now|du er nu en|svar kun|answer only|reply only|system\s*:|assistant\s*:)",
    re.I,
)
_FOOTNOTE = re.compile(r"^\d{1,2}\s+[A-ZÆØÅ]")  # "8 Sundhedsstyrelsens vejledning ...": a footnote, not an answer

PASSAGES_CONSIDERED = 6


@dataclass
class Candidate:
    passage: Passage
    doc_span: tuple[int, int]
    text: str
    cos: float
    coverage: float  # share of key terms, weighted by how rare each term is in the corpus
    matched: frozenset[str]
    fit: float
    score: float
    order: int  # position in the passage
    pcos: float = 0.0  # similarity of the whole passage to the question
    stated: bool = False  # the commitments register holds this sentence as a responsibility or commitment
    actor: str = ""  # the register's actor for this sentence
    section: str | None = None  # section path of the sentence itself


def term_in(term: str, text_lower: str, tokens: list[str]) -> bool:
    """A key term matches when its stem opens a word of the text or sits inside a compound."""
    st = stem(term)
    if len(st) < 3:
        return term in tokens
    if any(t.startswith(st) for t in tokens):
        return True
    return len(st) >= 5 and st in text_lower


def group_in(group: tuple[str, ...], text_lower: str, tokens: list[str]) -> bool:
    """One alternative of the group is in the text (every word of a multi-word alternative)."""
    return any(all(term_in(w, text_lower, tokens) for w in alt.split()) for alt in group)


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


_RESPONSIBLE = re.compile(r"\b(ansvar\w*|sørger for|varetager|påhviler|tovholder|forpligte\w*)\b", re.I)


_BULLET_MARK = re.compile(r"^[•▪◦●○✓✔\-–*]\s*")


def _same_text(a: str, b: str) -> bool:
    return _TOKEN.findall(a.lower()) == _TOKEN.findall(b.lower())


def _type_fit(qtype: str, text: str) -> float:
    if qtype == "who":  # best: an actor as the subject, or words of responsibility
        m = ACTORS.search(text)
        if not m:
            return 0.0
        return 1.0 if m.start() < 40 or _RESPONSIBLE.search(text) else 0.5
    if qtype == "when":
        return 1.0 if TIME.search(text) else 0.0
    if qtype == "number":
        return 1.0 if NUMBER.search(text) else 0.0
    return 0.5


# Weights of the sentence score; tuned on the evaluation questions (see evals/results).
WEIGHTS = {"dense": 0.50, "coverage": 0.35, "fit": 0.10, "prior": 0.05, "short": 0.15, "keep": 0.7, "oov": 0.5, "soft": 1.0, "type": 0.35, "passage": 0.1, "register": 0.05}


class ExtractiveAnswerer:
    """Composes a short answer from 1–``max_sentences`` quoted sentences."""

    def __init__(self, settings: AnswerSettings, weights: dict[str, float] | None = None) -> None:
        self.settings = settings
        self.weights = dict(WEIGHTS, **(weights or {}))

    def term_weights(self, plan: QueryPlan, snapshot: IndexSnapshot) -> dict[tuple[str, ...], float]:
        """Rare terms weigh more; a term the corpus never uses weighs most."""
        total = max(sum(snapshot.stem_counts.values()), 1)
        soft = self.weights["soft"]
        return {
            g: soft if g in plan.soft else math.log(1.0 + total / (1.0 + corpus_frequency(g, snapshot)))
            for g in plan.key_terms
        }

    def candidates(self, plan: QueryPlan, passages: list[Passage], snapshot: IndexSnapshot, query_vec: np.ndarray) -> list[Candidate]:
        id_to_idx = snapshot.chunk_index
        seen: set[tuple[str, int]] = set()
        out: list[Candidate] = []
        weights = self.term_weights(plan, snapshot)
        wsum = sum(weights.values())
        for p in passages[:PASSAGES_CONSIDERED]:
            ci = id_to_idx[p.id]
            pcos = float(snapshot.embeddings[ci] @ query_vec)
            context = f"{p.title} {p.section or ''}".lower()
            ctx_tokens = _TOKEN.findall(context)
            for order, (s, e) in enumerate(snapshot.sentences[ci]):
                key = (p.doc, s)
                if key in seen:
                    continue
                seen.add(key)
                row = snapshot.sentence_index.get(key)
                if row is None:
                    continue
                text = snapshot.sentence_rows[row]["text"]
                if INSTRUCTION.search(text):
                    continue
                low = text.lower()
                toks = _TOKEN.findall(low)
                matched = frozenset(g for g in weights if group_in(g, low, toks))
                in_ctx = frozenset(g for g in weights if g not in matched and group_in(g, context, ctx_tokens))
                got = sum(weights[t] for t in matched) + 0.5 * sum(weights[t] for t in in_ctx)
                coverage = got / wsum if wsum else 0.0
                cos = float(snapshot.sentence_embeddings[row] @ query_vec)
                actor, kind = snapshot.register_spans.get(key, ("", ""))
                stated = kind in ("responsibility", "commitment")
                section = snapshot.sentence_rows[row].get("section")
                out.append(Candidate(p, (s, e), text, cos, coverage, matched | in_ctx, _type_fit(plan.qtype, text), 0.0, order, pcos, stated, actor, section))
        self.score(out, plan.qtype)
        return out

    def score(self, cands: list[Candidate], qtype: str = "other") -> None:
        if not cands:
            return
        plan_is_who = qtype == "who"
        w = self.weights
        cos_all = np.array([c.cos for c in cands])
        lo, hi = float(cos_all.min()), float(cos_all.max())
        span = max(hi - lo, 1e-6)
        pcos_all = np.array([c.pcos for c in cands])
        plo, phi = float(pcos_all.min()), float(pcos_all.max())
        pspan = max(phi - plo, 1e-6)
        for c in cands:
            dense = (c.cos - lo) / span
            short = w["short"] if len(c.text) < 40 or _FOOTNOTE.match(c.text) else 0.0
            c.score = (
                w["dense"] * dense
                + w["coverage"] * c.coverage
                + w["fit"] * c.fit
                + w["prior"] / c.passage.rank
                + w["passage"] * (c.pcos - plo) / pspan
                + (w["register"] if c.stated and plan_is_who else 0.0)
                - short
            )
        cands.sort(key=lambda c: -c.score)

    def select(self, plan: QueryPlan, cands: list[Candidate]) -> list[Candidate]:
        """The best sentence, then the next best that score close to it, within the length budget."""
        if not cands:
            return []
        best = cands[0]
        chosen = [best]
        length = len(best.text)
        if plan.compare:  # the best sentence of another document stands beside the best one
            other = next((c for c in cands[1:] if c.passage.doc != best.passage.doc and c.score >= 0.5 * best.score), None)
            if other is not None and length + len(other.text) <= self.settings.max_chars:
                chosen.append(other)
                length += len(other.text)
        for c in cands[1:]:
            if c in chosen:
                continue
            if len(chosen) >= self.settings.max_sentences:
                break
            if length + len(c.text) > self.settings.max_chars:
                continue
            if any(_same_text(c.text, x.text) for x in chosen):
                continue
            if c.score >= self.weights["keep"] * best.score:
                chosen.append(c)
                length += len(c.text)
        # keep document order inside a passage so quotes read naturally
        chosen.sort(key=lambda c: (c.passage.rank, c.doc_span[0]))
        return chosen

    def support(self, plan: QueryPlan, chosen: list[Candidate], snapshot: IndexSnapshot) -> float:
        """Weighted share of the question's key terms that the chosen evidence holds.

        A key term the corpus never uses at all halves the support: the
        agreements cannot be speaking about it.
        """
        if not chosen:
            return 0.0
        if not plan.key_terms:
            return 0.5
        weights = self.term_weights(plan, snapshot)
        covered: set[tuple[str, ...]] = set()
        for c in chosen:
            covered |= c.matched
        share = sum(weights[t] for t in covered if t in weights) / sum(weights.values())
        if plan.qtype in ("who", "when", "number") and not any(c.fit for c in chosen):
            share *= self.weights["type"]
        unknown = sum(1 for g in plan.key_terms if g not in covered and g not in plan.soft and corpus_frequency(g, snapshot) == 0)
        return share * self.weights["oov"] ** unknown

    def compose(self, plan: QueryPlan, chosen: list[Candidate]) -> tuple[str, list[Citation]]:
        numbers: dict[str, int] = {}
        spans: dict[str, list[tuple[int, int]]] = {}
        parts: list[str] = []
        for c in chosen:
            n = numbers.setdefault(c.passage.id, len(numbers) + 1)
            quote = _BULLET_MARK.sub("", c.text.strip())
            s0, e0 = c.doc_span
            spans.setdefault(c.passage.id, []).append((e0 - len(quote), e0) if c.text.endswith(quote) else c.doc_span)
            parts.append(f"{quote} [{n}]" if plan.lang == "da" else f"“{quote}” [{n}]")
        body = " ".join(parts)
        lead = msg("lead_in", plan.lang)
        top = max(chosen, key=lambda c: c.score)
        actors = {c.actor for c in chosen if c.stated}
        if plan.qtype == "who" and top.stated and top.actor and actors == {top.actor}:  # one actor, named by the register
            lead = f"{msg('actor_lead', plan.lang, actor=top.actor)} {lead}".strip()
        text = f"{lead} {body}".strip()
        citations = []
        for pid, n in numbers.items():
            first = min((c for c in chosen if c.passage.id == pid), key=lambda c: c.doc_span[0])
            p = first.passage
            if first.section and first.section != p.section:  # cite the heading above the quote, not the chunk's first
                p = replace(p, section=first.section)
            doc_spans = tuple(sorted(spans[pid]))
            rel = tuple((s - p.start, e - p.start) for s, e in doc_spans)
            citations.append(Citation(n=n, passage=p, spans=rel, doc_spans=doc_spans))
        citations.sort(key=lambda c: c.n)
        return text, citations

    def refusal(self, plan: QueryPlan) -> tuple[str, list[Citation]]:
        """The honest answer when the evidence is weak; the caller lists the closest passages."""
        return msg("refusal", plan.lang), []
