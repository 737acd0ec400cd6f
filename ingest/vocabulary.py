"""The word forms a document's repairs are checked against.

A repair (joining a hyphenated or space-split word, reading ``&`` as ``ff``) is made only when
these counts support it, so legitimate hyphens and ampersands stay. The counts come from the
documents being ingested (the batch, plus the document itself), never from bundled files.
"""


from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ingest.chars import LETTER, WORD_RE, normalize_chars

# A word fragment must occur at least this often to count as a word of its own
# when deciding whether a stray space split a word (one occurrence may be the
# damaged fragment itself).
MIN_KNOWN_FRAGMENT = 2
# ... unless the joined word is this many times more frequent than either part
# (``el ler`` → ``eller``) and occurs at least ``MIN_DOMINANT_COUNT`` times.
DOMINANCE_RATIO = 20
MIN_DOMINANT_COUNT = 10


def _empty_pairs() -> Mapping[str, int]:
    return MappingProxyType({})


def _max_merge(left: Mapping[str, int], right: Mapping[str, int]) -> Mapping[str, int]:
    merged = dict(left)
    for key, n in right.items():
        if n > merged.get(key, 0):
            merged[key] = n
    return MappingProxyType(merged)


@dataclass(frozen=True)
class Vocabulary:
    """Known word forms (lowercased) with their counts, built from corpus text.

    Hyphenated compounds are counted whole (``kkr-mål``) and by their parts.
    Fragments of words hyphenated across a line break are left out, so
    ``sund-`` / ``hedsvæsen`` adds neither ``sund`` nor ``hedsvæsen``.
    ``pairs`` counts two capitalised words in a row (``region midtjylland``),
    so a name wrapped across lines can be told from a heading.
    """

    counts: Mapping[str, int]
    pairs: Mapping[str, int] = field(default_factory=_empty_pairs)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.counts.get(word.lower(), 0) > 0

    def count(self, word: str) -> int:
        """How often ``word`` (any case) occurs; 0 when unknown."""
        return self.counts.get(word.lower(), 0)

    def pair_count(self, first: str, second: str) -> int:
        """How often the capitalised words ``first second`` occur in a row."""
        return self.pairs.get(f"{first} {second}".lower(), 0)

    def merged(self, other: Vocabulary) -> Vocabulary:
        """Both vocabularies; a word's count is the larger of its two counts.

        The maximum, not the sum: a document that is part of the bundled
        corpus must not double the counts of its own damaged fragments.
        """
        return Vocabulary(_max_merge(self.counts, other.counts), _max_merge(self.pairs, other.pairs))


_NAME_PAIR_RE = re.compile(r"(?=\b([A-ZÆØÅ][\w-]*) ([A-ZÆØÅ][\w-]*)\b)")


def build_vocabulary(texts: Iterable[str]) -> Vocabulary:
    """Count the word forms of some texts.

    Args:
        texts: Raw or clean texts; ``&``-for-``ff`` is repaired and words
            hyphenated across a line break are skipped before counting.

    Returns:
        The vocabulary of all the texts together.
    """
    counts: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for text in texts:
        text, _ = normalize_chars(text, range(len(text)))
        text = re.sub(rf"{LETTER}*-[ \t]*\n\s*{LETTER}*", " ", text)
        for match in WORD_RE.finditer(text):
            word = match.group(0).lower()
            counts[word] += 1
            if "-" in word:
                counts.update(word.split("-"))
        pairs.update(f"{m.group(1)} {m.group(2)}".lower() for m in _NAME_PAIR_RE.finditer(text))
    return Vocabulary(MappingProxyType(dict(counts)), MappingProxyType(dict(pairs)))
