"""Whether a word is a common word of a language, from a general word-frequency list (wordfreq).

The index's vocabulary says which words the documents use; it cannot say whether a word the
documents never use is a real word the user meant ("sorger") or a typo of one they do use
("borger"). A general frequency list of the language can: the speller leaves a common word alone.
"""

from __future__ import annotations

from functools import lru_cache

from wordfreq import zipf_frequency

COMMON_ZIPF = 3.0
"""Zipf frequency (log10 of uses per billion words) from which a word counts as common: about once
in a million words. Chosen on the speller benchmark (``benchmarks/speller.py``), see docs/decisions.md."""


@lru_cache(maxsize=65536)
def zipf(word: str, lang: str) -> float:
    """The word's Zipf frequency in the language (0.0 when the list does not have it)."""
    return float(zipf_frequency(word, lang))


def is_common(word: str, lang: str = "da", threshold: float = COMMON_ZIPF) -> bool:
    """True when ``word`` is a common word of ``lang`` by the general frequency list."""
    return zipf(word.lower(), lang) >= threshold
