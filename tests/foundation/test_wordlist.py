"""The general word-frequency list: common words of a language, rare strings not."""

from __future__ import annotations

from foundation.text.wordlist import is_common, zipf


def test_common_danish_words():
    assert is_common("sorger") and is_common("Ambulance") and is_common("hvem")


def test_typos_and_other_languages_are_not_common_danish():
    assert not is_common("udskrivlse") and not is_common("borgre")
    assert not is_common("rehab", "da") and is_common("rehab", "en")


def test_zipf_is_zero_for_unknown():
    assert zipf("qzxqzx", "da") == 0.0
