"""What changed between two periods: topic by topic, the best sentences of each side, marked new, kept or gone.

A question such as "Hvad er ændret om genoptræning fra 2015–2018 til 2019–2023?"
names a topic and two periods (ranges or years). ``parse_change_question``
finds them with general rules: a word that asks for a change or a difference,
two period mentions whose years do not overlap, and the rest of the words
(less question and function words) as the topic. Nothing here knows the
bundled documents.

``compare_periods`` then works on the index's stored sentence embeddings:

1. Each period's documents come from the document facts (a range matches
   documents of exactly that period, else overlapping ones; a year matches
   documents that start that year, else contain it). Without a region in the
   question, the two sides keep the regions they share, when they share one.
2. Each side's topic sentences: the sentences of the passages the hybrid
   retrieval finds for the topic within that side's documents, kept when they
   hold a key term of the topic or are close to it (``relevant``), best first.
3. Alignment: sentence pairs across the sides, most similar first, each
   sentence used once; a pair at or above ``kept`` is *kept*, a sentence of
   the earlier period left alone is *gone*, one of the later period *new*.
4. Sub-topics: the aligned rows grouped greedily by their average similarity
   to a group's members (``topic``), labelled by the words their sentences share.

The thresholds are per embedder in ``assistant/data/compare.json``, fitted by
``python -m evals.fit_compare`` on sentence pairs written for that purpose
(``evals/compare_pairs.jsonl``), never on the frozen test split.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.compare_text import MARKS, summary
from assistant.compose import page_at
from assistant.query import named_regions
from foundation.errors import BadQuestion
from foundation.text.language import detect_language, english_stopwords
from foundation.text.regions import REGION_NAMES
from foundation.text.tokens import stem, stopwords, words

THRESHOLDS_FILE = Path(__file__).resolve().parent / "data" / "compare.json"
DEFAULT_THRESHOLDS = {"kept": 0.9, "topic": 0.85, "relevant": 0.8}
MAX_PER_SIDE = 12  # topic sentences per period
MAX_TOPICS = 6
MAX_ROWS = 5  # rows shown per sub-topic
MIN_WORDS = 5  # shorter "sentences" are headings or table cells

_YEAR = r"(?:19|20)\d\d"
_PERIOD = re.compile(rf"(?<![\d])({_YEAR})(?:\s*[-–—/]\s*({_YEAR}|\d\d))?(?![\d])")
_CUE = re.compile(
    r"\b(ændre\w*|ændring\w*|aendr\w*|forskel\w*|anderledes|nyt|nye|sammenlign\w*|udvikle[ts]|"
    r"chang\w*|differ\w*|compar\w*|new|versus|vs)\b",
    re.IGNORECASE,
)
# words of the question that ask, connect or name the genre, not the topic (general Danish and English)
_FRAME = frozenset(
    """hvad hvordan hvilke hvilken hvilket hvor er blevet blev fra til mellem og om i forhold sammenlignet med siden
    aftale aftalen aftaler aftalerne sundhedsaftale sundhedsaftalen sundhedsaftalerne periode perioden perioderne
    udspil udspillet oplæg oplægget forslag forslaget mål målene dokument dokumentet dokumenterne
    siger sagt står skriver nævner nævnt beskriver beskrevet både bade hhv henholdsvis
    say says said describe described mention mentions both respectively
    what how which has have been was were from to between and about regarding in the of on since with
    agreement agreements health period periods proposal proposals document documents regions region""".split()
)


@dataclass(frozen=True)
class ChangeQuestion:
    """A topic and two periods, earlier first: ``period_*`` are (first year, last year)."""

    topic: str
    period_from: tuple[int, int]
    period_to: tuple[int, int]
    lang: str
    regions: tuple[str, ...] = ()

    @classmethod
    def from_parts(cls, topic: str, period_from: str, period_to: str, region: str | None = None) -> "ChangeQuestion":
        """From a topic and two period texts (CLI, app); the earlier period first whatever the order given.

        Raises:
            BadQuestion: a period without a year, or two periods whose years overlap.
        """
        a, b = parse_period(period_from), parse_period(period_to)
        if a is None or b is None:
            bad = period_from if a is None else period_to
            raise BadQuestion(f"Perioden {bad!r} har intet årstal (fx 2015-2018).", f"The period {bad!r} has no year (e.g. 2015-2018).")
        a, b = sorted((a, b))
        if a[1] >= b[0]:
            raise BadQuestion(
                f"Perioderne {period_text(a)} og {period_text(b)} overlapper; vælg to forskellige perioder.",
                f"The periods {period_text(a)} and {period_text(b)} overlap; choose two different periods.",
            )
        regions = named_regions(region) if region else ()
        return cls(topic.strip(), a, b, detect_language(topic), regions or ((region,) if region else ()))


def parse_period(text: str) -> tuple[int, int] | None:
    """``"2015-2018"``, ``"2015–18"`` or ``"2017"`` as (first year, last year); None when there is none."""
    m = _PERIOD.search(text or "")
    return _years(m) if m else None


def _years(m: re.Match[str]) -> tuple[int, int]:
    start = int(m.group(1))
    end = m.group(2)
    if end is None:
        return start, start
    stop = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
    return (start, stop) if stop >= start else (stop, start)


def period_text(period: tuple[int, int]) -> str:
    """``"2015–2018"`` (en dash) or ``"2017"``."""
    return str(period[0]) if period[0] == period[1] else f"{period[0]}–{period[1]}"


def parse_change_question(question: str, unnamed: Callable[[str], str] | None = None) -> ChangeQuestion | None:
    """The topic and the two periods of a "what changed" question, or None when it is not one.

    It is one when it has a change/difference word, two period mentions whose
    years do not overlap, and at least one topic word left over. ``unnamed``: takes out of a
    question the words that name the index's documents (``DocumentNames.unnamed``: titles,
    issuers, regions as the documents' facts give them), asked only of a change question; the
    topic is taken from what it leaves, so "KKR Midtjylland" or "region midt" is not searched
    for as if it were the topic.
    """
    if not _CUE.search(question or ""):
        return None
    periods = list(dict.fromkeys(_years(m) for m in _PERIOD.finditer(question)))
    if len(periods) != 2:
        return None
    a, b = sorted(periods)
    if a[1] >= b[0]:  # overlapping years: a question about one period, not a change between two
        return None
    topic = (topic_words(unnamed(question)) if unnamed else "") or topic_words(question)
    if not topic:
        return None
    return ChangeQuestion(topic, a, b, detect_language(question), named_regions(question))


def topic_words(question: str) -> str:
    """The question less its periods, change words, question and function words and region names."""
    text = _PERIOD.sub(" ", question)
    text = _CUE.sub(" ", text)
    low = " ".join(words(text))
    for name in sorted(REGION_NAMES, key=len, reverse=True):
        low = re.sub(rf"\b{re.escape(name)}\b", " ", low)
    drop = _FRAME | stopwords() | english_stopwords()
    return " ".join(w for w in low.split() if w not in drop and len(w) > 1 and not w.isdigit())


_LABEL_STOP = stopwords() | {"ikke", "mod", "under", "efter", "over", "før", "uden", "skal", "samt", "også", "både", "eller"}


# ---------------------------------------------------------------- thresholds


def thresholds_for(embedder_name: str, path: Path = THRESHOLDS_FILE) -> dict[str, float]:
    """The fitted thresholds of an embedder (``kept``, ``topic``, ``relevant``), defaults when none were fitted."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return dict(DEFAULT_THRESHOLDS)
    fitted = data.get("embedders", {}).get(embedder_name)
    return {k: float((fitted or {}).get(k, v)) for k, v in DEFAULT_THRESHOLDS.items()}


# ---------------------------------------------------------------- which documents


def documents_of(period: tuple[int, int], facts: dict[str, dict[str, Any]], regions: tuple[str, ...] = ()) -> list[str]:
    """The documents of a period: exactly that period, else overlapping it (a year: starting it, else holding it)."""
    def spans(f: dict[str, Any]) -> tuple[int, int] | None:
        s, e = f.get("period_from"), f.get("period_to")
        if s is None and e is None:
            return None
        return (s if s is not None else e, e if e is not None else s)

    pool = {d: spans(f) for d, f in facts.items() if (not regions or f.get("region") in regions)}
    pool = {d: p for d, p in pool.items() if p is not None}
    first, last = period
    if first != last:
        exact = [d for d, p in pool.items() if p == period]
        return sorted(exact or [d for d, p in pool.items() if p[0] <= last and p[1] >= first])
    starting = [d for d, p in pool.items() if p[0] == first]
    return sorted(starting or [d for d, p in pool.items() if p[0] <= first <= p[1]])


def sides(change: ChangeQuestion, facts: dict[str, dict[str, Any]]) -> tuple[list[str], list[str], tuple[str, ...]]:
    """The documents of each period and the regions kept (the named ones, else those both sides share)."""
    regions = change.regions
    a, b = documents_of(change.period_from, facts, regions), documents_of(change.period_to, facts, regions)
    if not regions:
        shared = {facts[d].get("region") for d in a} & {facts[d].get("region") for d in b} - {None}
        if shared:
            regions = tuple(sorted(shared))
            a = [d for d in a if facts[d].get("region") in shared]
            b = [d for d in b if facts[d].get("region") in shared]
    return a, [d for d in b if d not in a], regions


# ---------------------------------------------------------------- sentences


def _key_stems(plan: Any) -> list[str]:
    out = []
    for group in plan.key_terms:
        for alt in group:
            for w in words(alt):
                if len(w) >= 4 and w not in stopwords():
                    out.append(stem(w))
    return list(dict.fromkeys(out))


def topic_sentences(
    assistant: Any, snap: Any, plan: Any, docs: list[str], vec: np.ndarray, relevant: float, k: int = 8
) -> list[tuple[int, float]]:
    """(sentence row, similarity to the topic) of one side, best first.

    Candidates are the sentences of the passages the hybrid retrieval finds
    within ``docs``; a candidate stays when it holds a key term of the topic,
    or when its similarity reaches ``relevant`` and that of the least similar
    sentence holding a key term (so a paraphrase counts, a neighbour topic not).
    Sentences with a key term come first.
    """
    if not docs:
        return []
    passages = assistant.retriever.search(snap, vec, plan.lexical_text, {"doc": docs}, k, plan.regions)
    stems = _key_stems(plan)
    hits: dict[int, float] = {}
    near: dict[int, float] = {}
    texts: set[str] = set()  # a sentence a document repeats is shown once
    for p in passages:
        ci = snap.chunk_index.get(p.id)
        if ci is None:
            continue
        for s, _ in snap.sentences[ci]:
            row = snap.sentence_index.get((p.doc, s))
            if row is None or row in hits or row in near:
                continue
            text = snap.sentence_rows[row]["text"]
            key = " ".join(words(text))
            if len(words(text)) < MIN_WORDS or key in texts:
                continue
            texts.add(key)
            sim = float(snap.sentence_embeddings[row] @ vec)
            (hits if any(st in text.lower() for st in stems) else near)[row] = sim
    # a sentence without the topic's words must be as close to the topic as the least close one with them
    floor = max(relevant, min(hits.values())) if hits else relevant
    kept = {**{r: v for r, v in near.items() if v >= floor}, **hits}
    ranked = sorted(kept.items(), key=lambda x: (-(x[1] + (1.0 if x[0] in hits else 0.0)), x[0]))[:MAX_PER_SIDE]
    return ranked


def align(emb: np.ndarray, a: list[int], b: list[int], kept: float) -> list[tuple[int | None, int | None, float]]:
    """Rows (earlier, later, similarity): pairs at or above ``kept`` most similar first, then the rest alone."""
    if a and b:
        sims = emb[a] @ emb[b].T
        order = np.dstack(np.unravel_index(np.argsort(-sims, axis=None, kind="stable"), sims.shape))[0]
    else:
        sims, order = np.zeros((len(a), len(b))), []
    used_a: set[int] = set()
    used_b: set[int] = set()
    rows: list[tuple[int | None, int | None, float]] = []
    for i, j in order:
        if sims[i, j] < kept:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(int(i))
        used_b.add(int(j))
        rows.append((a[i], b[j], float(sims[i, j])))
    best_a = sims.max(axis=1) if a and b else np.zeros(len(a))
    best_b = sims.max(axis=0) if a and b else np.zeros(len(b))
    rows += [(a[i], None, float(best_a[i])) for i in range(len(a)) if i not in used_a]
    rows += [(None, b[j], float(best_b[j])) for j in range(len(b)) if j not in used_b]
    return rows


def group_rows(emb: np.ndarray, rows: list[tuple[int | None, int | None, float]], rank: dict[int, int], topic: float) -> list[list[int]]:
    """Row indices grouped into sub-topics, best rows first.

    Each row joins the group whose members it is, on average, most similar to,
    when that average reaches ``topic`` (average linkage, the pairwise
    similarity the threshold was fitted on); else it starts a group.
    """
    def vector(r: tuple[int | None, int | None, float]) -> np.ndarray:
        v = sum(emb[x] for x in r[:2] if x is not None)
        return v / (np.linalg.norm(v) or 1.0)

    order = sorted(range(len(rows)), key=lambda i: min(rank.get(x, 99) for x in rows[i][:2] if x is not None))
    vectors = {i: vector(rows[i]) for i in order}
    groups: list[list[int]] = []
    for i in order:
        sims = [float(np.mean([vectors[i] @ vectors[j] for j in g])) for g in groups]
        g = int(np.argmax(sims)) if sims else -1
        if g >= 0 and sims[g] >= topic:
            groups[g].append(i)
        else:
            groups.append([i])
    return groups


def label_of(texts: list[str], topic: str, counts: dict[str, int] | None = None) -> str:
    """The words a group's sentences share, rare words of the index first, less the topic's own.

    A word scores by the sentences that hold it (stems counted once per
    sentence) times its rarity in the index (``counts``: the index's word counts).
    """
    own = {stem(w) for w in words(topic)}
    counts = counts or {}
    total = sum(counts.values()) or 1
    df: Counter[str] = Counter()
    rarity: dict[str, float] = {}
    form: dict[str, Counter[str]] = {}
    for text in texts:
        for w in {w for w in words(text) if len(w) > 3 and w not in _LABEL_STOP and not w.isdigit()}:
            s = stem(w)
            if s in own:
                continue
            df[s] += 1
            rarity[s] = max(rarity.get(s, 0.0), float(np.log(total / (1 + counts.get(w, 0)))))
            form.setdefault(s, Counter())[w] += 1
    shared = [s for s in df if df[s] >= 2] or list(df)
    best = sorted(shared, key=lambda s: (-(df[s] * rarity[s]), s))[:3]
    return ", ".join(form[s].most_common(1)[0][0] for s in best) or topic


# ---------------------------------------------------------------- the comparison


def compare_periods(assistant: Any, change: ChangeQuestion, facts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The comparison as a JSON-ready dict (see module doc); ``topics`` is empty when a side has no documents."""
    snap = assistant.snapshot()
    th = thresholds_for(assistant.embedder.name)
    plan = assistant.understanding().plan(change.topic)
    vec = assistant.embedder.embed_query(plan.dense_text)
    docs_a, docs_b, regions = sides(change, facts)
    found_a = topic_sentences(assistant, snap, plan, docs_a, vec, th["relevant"])
    found_b = topic_sentences(assistant, snap, plan, docs_b, vec, th["relevant"])
    emb = snap.sentence_embeddings
    rank = {row: i for i, (row, _) in enumerate(sorted(found_a + found_b, key=lambda x: -x[1]))}
    rows = align(emb, [r for r, _ in found_a], [r for r, _ in found_b], th["kept"])
    score = dict(found_a + found_b)
    topics = []
    for group in group_rows(emb, rows, rank, th["topic"])[:MAX_TOPICS]:
        shown = sorted((rows[i] for i in group), key=lambda r: MARKS.index(_mark(r)))[:MAX_ROWS]
        texts = [snap.sentence_rows[x]["text"] for r in shown for x in r[:2] if x is not None]
        topics.append({
            "label": label_of(texts, change.topic, snap.counts),
            "rows": [
                {
                    "mark": _mark(r),
                    "from": _sentence(snap, r[0], score, facts),
                    "to": _sentence(snap, r[1], score, facts),
                    "similarity": round(r[2], 4),
                }
                for r in shown
            ],
        })
    counts = Counter(row["mark"] for t in topics for row in t["rows"])
    result = {
        "topic": change.topic,
        "lang": change.lang,
        "regions": list(regions),
        "from": _side(change.period_from, docs_a, facts),
        "to": _side(change.period_to, docs_b, facts),
        "topics": topics,
        "counts": {m: counts.get(m, 0) for m in MARKS},
        "thresholds": th,
    }
    result["summary"] = summary(result)
    return result


def _mark(row: tuple[int | None, int | None, float]) -> str:
    return "kept" if row[0] is not None and row[1] is not None else ("gone" if row[0] is not None else "new")


def _sentence(snap: Any, row: int | None, score: dict[int, float], facts: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    if row is None:
        return None
    r = snap.sentence_rows[row]
    return {
        "text": r["text"],
        "doc": r["doc"],
        "title": (facts.get(r["doc"]) or {}).get("title") or r["doc"],
        "section": r.get("section"),
        "page": page_at(snap.documents.get(r["doc"]), int(r["start"])),
        "start": int(r["start"]),
        "end": int(r["end"]),
        "score": round(score.get(row, 0.0), 4),
    }


def _side(period: tuple[int, int], docs: list[str], facts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    keys = ("title", "kind", "binding", "period", "status", "region")
    return {"period": period_text(period), "documents": [{"doc": d, **{k: facts[d].get(k) for k in keys}} for d in docs]}
