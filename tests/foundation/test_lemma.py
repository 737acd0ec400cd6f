"""The dictionary form of a Danish word comes from a general lexicon, not from any corpus."""

from __future__ import annotations

from foundation.text.lemma import english_base, lemma


def test_strong_forms_have_their_dictionary_form() -> None:
    assert lemma("indlagt") == "indlægge"
    assert lemma("udskrevet") == "udskrive"
    assert lemma("formænd") == "formand"


def test_a_word_the_lexicon_does_not_know_is_itself() -> None:
    assert lemma("xqzv") == "xqzv"


def test_an_english_words_base_is_its_dictionary_forms_stem() -> None:
    """Regular and irregular forms of one English word share a base; other words do not."""
    assert english_base("followed") == english_base("follows") == english_base("follow")
    assert english_base("took") == english_base("take") and english_base("women") == english_base("woman")
    assert english_base("follow") != english_base("fellow")
