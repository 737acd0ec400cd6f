"""English question words mapped to the index's own Danish terms.

Two sources, neither fitted to a corpus:

* a hand list (``data/en_da.tsv``) of the health and administration domain's everyday
  vocabulary, a few hundred words in their sense in that domain (``hospital`` →
  ``hospital``/``sygehus``, ``municipality`` → ``kommune``, ``goal`` → ``mål``); without it
  such words stay soft and an English question can rarely prove its answer;
* the multilingual embedder: ingest embeds the index's frequent content terms
  (``vocabulary_terms.npy``); a question's English content words are embedded
  in one batch and each takes the Danish terms nearest to it, when they are
  at least ``threshold`` similar (chosen on the tune split by cross-validation)
  and within ``margin`` of the best. multilingual-e5-small puts most single words
  0.88-0.92 apart whatever they mean; above that it is mostly cognates and
  near-cognates (``telemedicine``/``telemedicin``, ``dementia``/``demens``), so
  the mapping is a high-precision complement to the hand list, not a dictionary.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from foundation.text.lemma import english_base, lemma
from foundation.text.tokens import english_stem
from ingest.commitments.lexicon import NUMBER_WORDS

EN_DA_TSV = Path(__file__).parent / "data" / "en_da.tsv"

THRESHOLD = 0.95
"""Lowest cosine between an English word and a Danish term that maps them.

Chosen on tune English questions with `python -m evals.fit_term_threshold` (grid 0.91/0.93/0.95/off):
answer accuracy 0.564/0.532/0.574/0.553; 5-fold CV of the choice 0.553, i.e. no measurable gain over off.
"""
CONTEXT_THRESHOLD = 0.88
"""Lowest cosine for an English word and a Danish term of the passages the dense legs found first.

Among the few hundred words of three or so passages a word's nearest term is far more often its
translation than in the whole vocabulary, so the bar is lower than ``THRESHOLD``. Measured on the
tune split's English questions (0.86/0.88/0.90/0.92 × 3/5/10 passages, fusion fixed): BM25 alone
Recall@5 0.545 -> 0.685, fused Recall@1 0.506 -> 0.573, Recall@5 0.820 -> 0.831.
"""
CONTEXT_PASSAGES = 3
"""Passages of each dense leg whose words are candidates."""
MARGIN = 0.015
"""Terms further than this below the nearest one are left out."""
TOP = 2
"""At most this many Danish terms per English word."""


def parse_table(text: str) -> dict[str, list[str]]:
    """``english<TAB>dansk1|dansk2`` lines; ``#`` starts a comment."""
    table: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        en, da = line.split("\t", 1)
        forms = [f.strip() for f in da.split("|") if f.strip()]
        key = en.strip().lower()
        table[key] = list(dict.fromkeys(table.get(key, []) + forms))
    return table


@lru_cache(maxsize=1)
def general_terms() -> dict[str, list[str]]:
    """The hand list of general health and administration terms."""
    return parse_table(EN_DA_TSV.read_text(encoding="utf-8")) if EN_DA_TSV.exists() else {}


@lru_cache(maxsize=1)
def calendar_terms() -> dict[str, list[str]]:
    """English names of the weekdays and months and their Danish names ("friday" → fredag, "march" → marts), from
    the Unicode CLDR's locale data (babel): a general bilingual resource, where the hand list would spend 19
    entries. "may" is an English grammar word and never a key term, so the month is not asked by it."""
    from babel.dates import get_day_names, get_month_names

    out: dict[str, list[str]] = {}
    for names in (get_day_names, get_month_names):
        for context in ("format", "stand-alone"):
            en, da = names("wide", context, locale="en"), names("wide", context, locale="da")
            for key, word in en.items():
                if key in da:
                    forms = out.setdefault(word.lower(), [])
                    if da[key].lower() not in forms:
                        forms.append(da[key].lower())
    return out


_COUNTED = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve")
"""English numbers spelled out, in the order of ``NUMBER_WORDS``' Danish ones ("to" … "tolv"); "one" is also a
pronoun ("which one"), and Danish "en"/"et" are also articles, so neither is read as a number."""


@lru_cache(maxsize=1)
def number_terms() -> dict[str, list[str]]:
    """An English number spelled out and its Danish word and digits ("four" → fire, 4): a document writes a count
    either way ("fire fokusområder", "4 indsatsområder")."""
    values = (2, 3, 4, 5, 6, 7, 8, 9, 10, 12)
    return {en: [da, str(n)] for en, da, n in zip(_COUNTED, NUMBER_WORDS, values, strict=True)}


@lru_cache(maxsize=1)
def term_table() -> dict[str, list[str]]:
    """Every English→Danish term a question's word may take by its form: the hand list, the calendar's names and the
    numbers spelled out."""
    return {**calendar_terms(), **number_terms(), **general_terms()}


@lru_cache(maxsize=1)
def _by_stem() -> dict[str, list[str]]:
    """The term table's single words by their English stem, and by their dictionary form's stem: an irregular
    plural the list holds ("women") is reached from the singular ("woman") too."""
    out: dict[str, list[str]] = {}
    for key in term_table():
        if " " not in key:
            for stem in dict.fromkeys((english_stem(key), english_base(key))):
                out.setdefault(stem, []).append(key)
    return out


CLIPPED_MIN = 5
"""Letters a clipped word needs ("rehab" for rehabilitation) before it is read as the one listed word it begins."""


def translate(word: str) -> list[str]:
    """The hand list's Danish terms for an English word, for another form of it ("nurses", "admissions",
    "referred": the list holds "nurse", "admission", "refer"; "sent", "paid" by their dictionary form), or for the one listed word a clipped form
    begins ("rehab", "physio"; not "psych": psychiatry or psychology)."""
    return list(_translated(word))


@lru_cache(maxsize=8192)
def _translated(word: str) -> tuple[str, ...]:
    """``translate``'s answer, kept: a question asks it twice per word, and a clipped form scans the whole list."""
    table = term_table()
    if word in table:
        return tuple(table[word])
    keys = _by_stem().get(english_stem(word), [])
    if not keys and len(word) >= CLIPPED_MIN:  # a clipped form: "rehab", "physio"; only where one word starts so
        begun = [k for k in table if " " not in k and k.startswith(word)]
        if len({english_stem(k) for k in begun}) == 1:
            keys = begun
    base = lemma(word, "en") if not keys else word
    if base != word:  # an irregular form no stem reaches ("sent", "paid", "met"): its dictionary form's
        keys = [base] if base in table else _by_stem().get(english_stem(base), [])
    return tuple(dict.fromkeys(t for k in keys for t in table[k]))


class NearestTerms:
    """English word -> the index's nearest Danish terms, through the embedder the index was built with."""

    def __init__(
        self,
        terms: Sequence[str],
        matrix: np.ndarray | None,
        embedder: Any,
        threshold: float = THRESHOLD,
        margin: float = MARGIN,
        top: int = TOP,
    ) -> None:
        usable = matrix is not None and len(terms) > 0 and matrix.ndim == 2 and len(matrix) == len(terms)
        self.terms = list(terms) if usable else []
        self.matrix = matrix if usable else np.zeros((0, 0), np.float32)
        self.embedder = embedder if usable else None
        self.threshold = threshold
        self.margin = margin
        self.top = top
        self._cache: dict[str, tuple[list[int], np.ndarray]] = {}
        self._vectors: dict[str, np.ndarray] = {}
        self._index = {t: i for i, t in enumerate(self.terms)}
        self._lock = threading.Lock()

    def __bool__(self) -> bool:
        return self.embedder is not None

    def lookup(self, words: Sequence[str]) -> dict[str, list[str]]:
        """The Danish terms for each word (words with none are left out); one embedder call for the new ones."""
        if not self or not words:
            return {}
        new = [w for w in dict.fromkeys(words) if w not in self._cache]
        if new:
            vecs = np.asarray(self.embedder.embed_documents(new), dtype=np.float32)
            sims = vecs @ self.matrix.T
            with self._lock:
                self._vectors.update(zip(new, vecs))
                for w, row in zip(new, sims):
                    order = np.argsort(-row)[: max(self.top, 8)]
                    self._cache[w] = (order.tolist(), row[order])
        out: dict[str, list[str]] = {}
        for w in words:
            order, scores = self._cache[w]
            if not len(scores) or scores[0] < self.threshold:
                continue
            best = scores[0]
            picked = [self.terms[i] for i, s in zip(order, scores) if s >= self.threshold and s >= best - self.margin]
            out[w] = picked[: self.top]
        return out

    def in_passages(self, words: Sequence[str], term_lists: Sequence[Sequence[str]], threshold: float = CONTEXT_THRESHOLD) -> list[str]:
        """For each English word, the nearest Danish term among the passages' words, when it is ``threshold`` close.

        ``term_lists``: the words of the passages the dense legs ranked first (pseudo-relevance
        feedback: the multilingual legs pick the passages, the embedder picks the words in them).
        """
        if not self or not words:
            return []
        cand = sorted({self._index[w] for ws in term_lists for w in ws if w in self._index})
        if not cand:
            return []
        self.lookup(words)  # embeds the words not seen before
        vecs = np.vstack([self._vectors[w] for w in dict.fromkeys(words)])
        sims = vecs @ self.matrix[cand].T
        best = sims.argmax(axis=1)
        return list(dict.fromkeys(self.terms[cand[j]] for j, row in zip(best, sims) if row[j] >= threshold))
