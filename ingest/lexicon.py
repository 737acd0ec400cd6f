"""What an index knows of its corpus's words, learnt at ingest from the documents themselves.

Query understanding needs to know which words the documents use, how they
inflect and compound, which abbreviations they define, and which Danish terms
an English question word means. None of that may come from the repository's
bundled files: an agreement loaded by a municipality must get the same help.
So ``learn_lexicon`` reads the cleaned text of every indexed document and the
result is stored in the generation folder (``vocabulary.json``) beside the
passages, with the embeddings of its frequent content terms
(``vocabulary_terms.npy``) for mapping English words to the index's Danish.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from foundation.text.morphology import (
    Morphology,
    content_word,
    learn_suffix_rules,
    stem_forms,
)
from foundation.text.tokens import words

LEXICON_VERSION = 1
MIN_TERM_COUNT = 2
"""Content words seen fewer times than this are not embedded (keeps ingest cheap; hapaxes are often damage)."""
_ABBREVIATION = re.compile(r"((?:[\wæøåÆØÅ-]+\s+){1,6})\(([A-ZÆØÅ][A-Za-zÆØÅ]{1,6})\)")


_ABBREVIATION_END = re.compile(r"\(([A-ZÆØÅ][A-Za-zÆØÅ]{1,6})\)")
_LOOK_BACK = 400


def _definitions(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_ABBREVIATION.finditer(text)``, found from the parentheses backwards.

    Scanning every position of a document with the six-word pattern was most of
    ingest's non-embedding time on a large library. A match is words and spaces
    right before its parenthesis, so only the run of such characters before each
    parenthesis (the last ``_LOOK_BACK`` of them) is searched; when the words could
    reach further back, that parenthesis is searched from the previous match, as before.
    """
    done = 0
    for paren in _ABBREVIATION_END.finditer(text):
        q, end = paren.start(), paren.end()
        if q < done:
            continue
        start = q
        floor = max(done, q - _LOOK_BACK)
        while start > floor and (text[start - 1].isspace() or text[start - 1] == "-" or text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        m = _ABBREVIATION.search(text, start, end)
        if m is not None and start == q - _LOOK_BACK > done and not text[start : m.start()].strip():
            m = _ABBREVIATION.search(text, done, end)  # the words may start before the window
        if m is not None:
            done = m.end()
            yield m


def learn_glossary(texts: Iterable[str]) -> dict[str, str]:
    """Abbreviations the texts define as 'Long Form (ABBR)': ABBR -> long form (most frequent first)."""
    found: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for m in _definitions(text):
            abbr = m.group(2)
            if sum(ch.isupper() for ch in abbr) < 2:
                continue
            ws = m.group(1).split()
            initials = [ch.lower() for ch in abbr if ch.isalpha()]
            # take as many trailing words as needed to cover the initials (compounds cover several)
            take = ws[-len(initials) :] if len(ws) >= len(initials) else ws
            while take and take[0][0].lower() != initials[0]:
                take = take[1:]
            if take:
                found[(abbr, " ".join(take))] += 1
    glossary: dict[str, str] = {}
    for (abbr, long), _ in found.most_common():
        glossary.setdefault(abbr, long)
    return glossary


@dataclass
class Lexicon:
    """Word counts, stems, suffix rules, compounds and abbreviations of one index."""

    counts: dict[str, int]
    stems: dict[str, dict[str, int]]
    suffix_rules: list[tuple[str, str]]
    compounds: dict[str, tuple[str, str]]
    abbreviations: dict[str, str]
    terms: list[str] = field(default_factory=list)  # the embedded content terms, row order of the matrix

    def morphology(self) -> Morphology:
        return Morphology(self.counts, self.suffix_rules, self.stems)

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": LEXICON_VERSION,
                "counts": dict(sorted(self.counts.items())),
                "stems": {s: dict(sorted(f.items())) for s, f in sorted(self.stems.items())},
                "suffix_rules": [list(r) for r in self.suffix_rules],
                "compounds": {w: list(p) for w, p in sorted(self.compounds.items())},
                "abbreviations": dict(sorted(self.abbreviations.items())),
                "terms": self.terms,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Lexicon:
        data: dict[str, Any] = json.loads(text)
        return cls(
            counts=dict(data.get("counts", {})),
            stems={s: dict(f) for s, f in data.get("stems", {}).items()},
            suffix_rules=[(a, b) for a, b in data.get("suffix_rules", [])],
            compounds={w: (p[0], p[1]) for w, p in data.get("compounds", {}).items()},
            abbreviations=dict(data.get("abbreviations", {})),
            terms=list(data.get("terms", [])),
        )

    @classmethod
    def from_counts(cls, counts: Mapping[str, int]) -> Lexicon:
        """A lexicon from word counts alone (an index built before lexicons were stored)."""
        return _learn(dict(counts), {})

    @classmethod
    def read(cls, path: Path) -> Lexicon | None:
        return cls.from_json(path.read_text(encoding="utf-8")) if path.exists() else None


def learn_lexicon(texts: Sequence[str], counts: Mapping[str, int] | None = None) -> Lexicon:
    """Everything query understanding needs to know of these documents' words.

    ``counts``: the texts' word counts when the caller already has them (an
    incremental ingest updates the previous library's counts instead of counting every text).
    """
    if counts is None:
        counts = Counter(w for t in texts for w in words(t))
    return _learn(dict(counts), learn_glossary(texts))


def _learn(counts: dict[str, int], abbreviations: dict[str, str]) -> Lexicon:
    stems = stem_forms(counts)
    rules = learn_suffix_rules(stems)
    morph = Morphology(counts, rules, stems)
    compounds = {w: parts for w in counts if content_word(w) and (parts := morph.split(w))}
    lex = Lexicon(counts, stems, rules, compounds, abbreviations)
    lex.terms = embedding_terms(lex)
    return lex


def embedding_terms(lex: Lexicon, min_count: int = MIN_TERM_COUNT) -> list[str]:
    """One surface form per content stem seen at least ``min_count`` times: the most frequent form."""
    out = []
    for forms in lex.stems.values():
        if sum(forms.values()) >= min_count:
            out.append(max(forms, key=lambda w: (forms[w], -len(w), w)))
    return sorted(out)
