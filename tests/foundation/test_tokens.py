"""Danish tokens for BM25: stems, stopwords, compounds on both sides."""

from __future__ import annotations

from foundation.text.tokens import (
    Decompounder,
    danish_letters,
    document_tokens,
    query_tokens,
    stem,
    without_links,
)

VOCAB = ["dosis", "dispensering", "dosisdispensering", "genoptræning", "plan", "genoptræningsplan", "medicin", "kort"]


class TestTokens:
    def test_stems_and_stopwords(self):
        toks = document_tokens("Kommunerne skal sikre genoptræningen af borgerne")
        assert stem("kommunerne") in toks and stem("genoptræningen") in toks
        assert "af" not in toks and "skal" not in toks
        # Snowball's Danish function words that bm25s's list lacks
        assert not {"hos", "disse"} & set(document_tokens("Tolkning hos sundhedsplejersken for disse borgere"))

    def test_hyphenated_compound_yields_joined_form_and_parts(self):
        toks = query_tokens("dosis-dispensering")
        assert stem("dosisdispensering") in toks and stem("dosis") in toks

    def test_written_apart_query_meets_written_together_document(self):
        d = Decompounder(VOCAB)
        doc = set(document_tokens("dosisdispensering", d))
        q = set(query_tokens("dosis dispensering", d))
        assert stem("dosisdispensering") in doc & q

    def test_document_compound_is_found_by_its_part(self):
        d = Decompounder(VOCAB)
        assert stem("dispensering") in document_tokens("dosisdispensering", d)
        assert d.split("genoptræningsplan") == ("genoptræning", "plan")

    def test_short_words_are_not_split(self):
        assert Decompounder(VOCAB).split("medicin") is None


def test_casual_spelling_reads_as_danish_letters():
    assert danish_letters("hvornaar skal planen vaere klar") == "hvornår skal planen være klar"
    assert danish_letters("foerste besoeg") == "første besøg"


def test_web_and_mail_addresses_are_left_out():
    text = "Se http://www.eksempel.dk/media/2742822/rapport-2013.pdf eller skriv til sekr@region.dk inden 1. maj."
    assert without_links(text).split() == ["Se", "eller", "skriv", "til", "inden", "1.", "maj."]
    assert without_links("Læs mere på www.sundhedsaftalen.dk.") == "Læs mere på  "
