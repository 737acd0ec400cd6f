"""English words of Greek and Latin stock as Danish spells them (foundation.text.cognates)."""

import pytest

from foundation.text.cognates import danish_spellings

# a vocabulary of my own, as an index would know it
KNOWN = {"antipsykotisk", "antipsykotika", "kronisk", "kroniske", "fysioterapi", "kvalitet", "kvaliteten", "strategi",
         "universitet", "palliativ", "primære", "psykiatri", "klinik", "elektronisk", "teknologi", "kapacitet"}


@pytest.mark.parametrize(
    ("word", "danish"),
    [("antipsychotic", ["antipsykotisk", "antipsykotika"]), ("chronic", ["kronisk", "kroniske"]),
     ("physiotherapy", ["fysioterapi"]), ("quality", ["kvalitet", "kvaliteten"]), ("university", ["universitet"]),
     ("palliative", ["palliativ"]), ("primary", ["primære"]), ("psychiatry", ["psykiatri"]), ("clinic", ["klinik"]),
     ("electronic", ["elektronisk"]), ("technology", ["teknologi"]), ("capacity", ["kapacitet"])],
)
def test_a_word_is_spelt_as_danish_spells_it_where_the_vocabulary_uses_it(word: str, danish: list[str]) -> None:
    assert danish_spellings(word, KNOWN.__contains__) == danish


def test_no_spelling_where_the_vocabulary_has_none_or_the_word_is_short_or_unchanged() -> None:
    assert danish_spellings("municipality", KNOWN.__contains__) == []  # "municipalitet" is no Danish word here
    assert danish_spellings("logic", {"logik"}.__contains__) == []  # too short to tell from another word
    assert danish_spellings("palliativ", {"palliativ"}.__contains__) == []  # already the index's word: no cognate
    assert danish_spellings("covid-19", KNOWN.__contains__) == []


def test_a_silent_e_after_ine_is_dropped_as_danish_drops_it() -> None:
    assert danish_spellings("medicine", {"medicin", "medicinen"}.__contains__) == ["medicin", "medicinen"]
    assert danish_spellings("nicotine", {"nikotin"}.__contains__) == ["nikotin"]


def test_a_word_danish_has_only_inside_compounds_finds_the_compounds_it_opens() -> None:
    from foundation.text.cognates import compounds_opened_by

    vocabulary = ["nikotinerstatning", "nikotinen", "medicinhåndtering", "kronisk", "kroniker"]

    def opening(prefix: str) -> list[str]:
        return [v for v in vocabulary if v.startswith(prefix)]

    assert compounds_opened_by("nicotine", opening) == ["nikotinerstatning"]  # "nikotinen" is an inflection
    assert compounds_opened_by("medicine", opening) == ["medicinhåndtering"]
    assert compounds_opened_by("chronic", opening) == []  # "kroniker" adds too little to be a word of its own
    assert compounds_opened_by("care", opening) == []  # short words are too often another word
    # a loan word Danish writes as English does opens compounds as it is, where asked to
    assert compounds_opened_by("mentor", lambda p: ["mentorordning"] if "mentorordning".startswith(p) else []) == []
    assert compounds_opened_by("mentor", lambda p: ["mentorordning"] if "mentorordning".startswith(p) else [], as_is=True) == [
        "mentorordning"]
