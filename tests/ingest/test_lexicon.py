"""The lexicon an ingest learns from the documents it indexes, and its stored form."""

from __future__ import annotations

from ingest.lexicon import Lexicon, embedding_terms, learn_glossary, learn_lexicon

TEXTS = [
    "Kommunen udarbejder en genoptræningsplan. Planen for genoptræning sendes til kommunen. "
    "Borgeren henvises af egen læge; henvisningen ses i et Fælles Medicinkort (FMK).",
    "Kommunen og regionen aftaler opgaver. Aftalen er aftalt i Sundhedskoordinationsudvalget (SKU). "
    "Genoptræning efter udskrivelse er kommunens opgave. Genoptræning og plan.",
]


def test_learns_counts_stems_and_abbreviations_from_the_texts() -> None:
    lex = learn_lexicon(TEXTS)
    assert lex.counts["kommunen"] == 3
    assert "kommunen" in lex.stems["kommun"]
    assert lex.abbreviations == {"FMK": "Fælles Medicinkort", "SKU": "Sundhedskoordinationsudvalget"}
    assert lex.compounds["genoptræningsplan"] == ("genoptræning", "plan")


def test_only_content_words_seen_twice_are_embedded() -> None:
    lex = learn_lexicon(TEXTS)
    assert "genoptræning" in lex.terms and "kommunen" in lex.terms
    assert "udskrivelse" not in lex.terms  # seen once
    assert "og" not in lex.terms and "er" not in lex.terms  # stopwords
    assert lex.terms == embedding_terms(lex)


def test_round_trips_through_json() -> None:
    lex = learn_lexicon(TEXTS)
    back = Lexicon.from_json(lex.to_json())
    assert back == lex


def test_from_counts_for_an_index_without_a_stored_lexicon() -> None:
    lex = Lexicon.from_counts({"henvisning": 3, "henvise": 2})
    assert lex.abbreviations == {} and "henvisning" in lex.terms


def test_glossary_needs_two_capitals() -> None:
    assert learn_glossary(["Fælles Medicinkort (FMK) og hjemmeplejen (Hjem)"]) == {"FMK": "Fælles Medicinkort"}


def test_glossary_search_from_parentheses_equals_a_full_scan():
    """``_definitions`` finds exactly what ``_ABBREVIATION.finditer`` finds, also where the words run long."""
    import random

    from ingest.lexicon import _ABBREVIATION, _definitions

    rng = random.Random(0)
    parts = ["ab", "Cd", "x", " ", "  ", "\n", "-", "(", ")", "FMK", "(FMK)", "(Ab)", "(DFS)", ".", "æø", "_", "é", "1", "(AB) (CD)"]
    for _ in range(5000):
        s = "".join(rng.choice(parts) for _ in range(rng.randint(1, 60)))
        if rng.random() < 0.3:  # words reaching back past the search window
            s = " ".join(["ord"] * rng.randint(50, 200)) + " " + s
        assert [(m.span(), m.groups()) for m in _definitions(s)] == [(m.span(), m.groups()) for m in _ABBREVIATION.finditer(s)], s
