"""A Danish word's dictionary form, from simplemma's general Danish lexicon (not from any corpus).

The learnt morphology (``foundation.text.morphology``) links forms that share a
base and differ in an ending. A strong verb changes its vowel instead
("indlagt" / "indlægge" / "indlæggelse", "udskrevet" / "udskrive"), which no
suffix rule can learn; a dictionary of the language knows it.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=8192)
def lemma(word: str) -> str:
    """The dictionary form of a lower-case Danish word (the word itself where the lexicon has none)."""
    import simplemma

    return simplemma.lemmatize(word, lang="da")


def warm_up() -> None:
    """Load the Danish lexicon now (about half a second), not on a user's first question."""
    lemma("indlagt")
