"""A word's dictionary form, from simplemma's general Danish and English lexicons (not from any corpus).

The learnt morphology (``foundation.text.morphology``) links forms that share a
base and differ in an ending. A strong verb changes its vowel instead
("indlagt" / "indlægge" / "indlæggelse", "udskrevet" / "udskrive"), which no
suffix rule can learn; a dictionary of the language knows it. An English question's irregular forms
("sent", "paid", "met") reach the hand list's entries the same way.
"""

from __future__ import annotations

from functools import lru_cache

from foundation.text.tokens import english_stem


@lru_cache(maxsize=8192)
def lemma(word: str, lang: str = "da") -> str:
    """The dictionary form of a lower-case Danish (or English: ``lang="en"``) word; the word itself where
    the lexicon has none."""
    import simplemma

    return simplemma.lemmatize(word, lang=lang)


def english_base(word: str) -> str:
    """The stem of an English word's dictionary form: "followed", "follows" and "follow" are one, and "took" is
    "take" ("women" is "woman"), where a stem alone reaches only the regular forms."""
    return english_stem(lemma(word, "en").lower())


def warm_up() -> None:
    """Load the lexicons now (about half a second each), not on a user's first question."""
    lemma("indlagt")
    lemma("sent", "en")
