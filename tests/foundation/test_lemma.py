"""The dictionary form of a Danish word comes from a general lexicon, not from any corpus."""

from __future__ import annotations

from foundation.text.lemma import lemma


def test_strong_forms_have_their_dictionary_form() -> None:
    assert lemma("indlagt") == "indlægge"
    assert lemma("udskrevet") == "udskrive"
    assert lemma("formænd") == "formand"


def test_a_word_the_lexicon_does_not_know_is_itself() -> None:
    assert lemma("xqzv") == "xqzv"
