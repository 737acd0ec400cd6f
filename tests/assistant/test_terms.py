"""English words mapped to an index's own Danish terms through an embedder."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.terms import NearestTerms, general_terms, translate
from foundation.text.language import english_stopwords
from foundation.text.tokens import english_stem


class FakeEmbedder:
    """Fixed unit vectors per word: translations share a direction, everything else is apart."""

    name = "fake"
    AXES = {"genoptræning": 0, "rehabilitation": 0, "rehabilitering": 0, "udskrivelse": 1, "discharge": 1,
            "kommune": 2, "municipality": 2, "frist": 3}

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), 8), np.float32)
        for i, t in enumerate(texts):
            out[i, self.AXES.get(t, 4 + hash(t) % 4)] = 1.0
            out[i, 7] += 0.1 * (len(t) % 3)  # a little noise so ties are not exact
        return out / np.linalg.norm(out, axis=1, keepdims=True)


TERMS = ["frist", "genoptræning", "kommune", "rehabilitering", "udskrivelse"]


def _nearest(embedder, **kw) -> NearestTerms:
    return NearestTerms(TERMS, embedder.embed_documents(TERMS), embedder, **kw)


def test_maps_english_words_to_the_nearest_index_terms_in_one_batch() -> None:
    emb = FakeEmbedder()
    near = _nearest(emb, threshold=0.9, margin=0.05)
    emb.calls.clear()
    found = near.lookup(["rehabilitation", "discharge", "weather"])
    assert set(found["rehabilitation"]) == {"genoptræning", "rehabilitering"}
    assert found["discharge"] == ["udskrivelse"]
    assert "weather" not in found  # nothing near enough
    assert emb.calls == [["rehabilitation", "discharge", "weather"]]
    near.lookup(["discharge"])
    assert len(emb.calls) == 1  # cached


def test_threshold_and_top_limit_the_terms() -> None:
    emb = FakeEmbedder()
    assert _nearest(emb, threshold=1.01).lookup(["discharge"]) == {}
    assert len(_nearest(emb, threshold=0.5, margin=1.0, top=1).lookup(["rehabilitation"])["rehabilitation"]) == 1


def test_in_passages_picks_the_nearest_term_among_the_passages_words_only() -> None:
    emb = FakeEmbedder()
    near = _nearest(emb)
    passages = [["borgeren", "skal", "have", "genoptræning"], ["efter", "udskrivelse", "fra", "sygehuset"]]
    assert near.in_passages(["rehabilitation", "discharge", "weather"], passages, threshold=0.9) == ["genoptræning", "udskrivelse"]
    assert near.in_passages(["rehabilitation"], [["kommune", "frist"]], threshold=0.9) == []  # its term is not in them
    assert near.in_passages(["discharge"], passages, threshold=1.01) == []


def test_an_index_without_term_vectors_maps_nothing() -> None:
    near = NearestTerms(TERMS, None, FakeEmbedder())
    assert not near and near.lookup(["discharge"]) == {}


@pytest.mark.slow
def test_e5_maps_english_to_danish_terms_of_a_tiny_vocabulary() -> None:
    from ingest.embed import E5Embedder

    emb = E5Embedder()
    vocab = ["genoptræning", "udskrivelse", "kommunen", "sygeplejerske", "budget", "børn", "frist"]
    near = NearestTerms(vocab, emb.embed_documents(vocab), emb, threshold=0.8, margin=0.03, top=2)
    found = near.lookup(["rehabilitation", "discharge", "children", "nurse"])
    assert "genoptræning" in found["rehabilitation"]
    assert "udskrivelse" in found["discharge"]
    assert "børn" in found["children"]
    assert "sygeplejerske" in found["nurse"]


def test_the_hand_list_is_general_and_small() -> None:
    table = general_terms()
    assert 30 <= len(table) <= 510
    assert "sygehus" in table["hospital"] and "kommune" in table["municipality"]
    assert "praktiserende læge" in table["general practitioner"]


def test_another_form_of_an_english_word_takes_the_hand_lists_terms() -> None:
    """"nurses", "admissions", "referred": the list holds "nurse", "admission", "refer"; an irregular form
    ("paid", "sent") takes its dictionary form's ("pay", "send"); a word the list lacks takes nothing."""
    table = general_terms()
    assert english_stem("nurses") == english_stem("nurse")
    assert set(table["nurse"]) <= set(translate("nurses"))  # and "nursing", of the same stem
    assert translate("admissions") == table["admission"]
    assert translate("referred") == table["refer"]
    assert translate("paid") == table["pay"] and translate("sent") == table["send"]
    assert translate("zebras") == []


def test_an_irregular_plural_the_list_holds_is_reached_from_its_singular() -> None:
    """The list holds "women" and "children"; "woman" and "child"'s dictionary form reach them."""
    table = general_terms()
    assert "woman" not in table and translate("woman") == table["women"]
    assert set(table["children"]) <= set(translate("child"))


def test_an_english_number_spelled_out_takes_the_danish_word_and_digits() -> None:
    """"four" asks of "fire" or "4", as a document writes either; "one" is a pronoun as often, and stays as it is."""
    assert translate("four") == ["fire", "4"] and translate("twelve") == ["tolv", "12"]
    assert translate("one") == []


def test_english_grammar_words_are_no_key_terms() -> None:
    """Modal verbs, adverbs and indefinite pronouns name nothing a sentence could hold."""
    assert {"must", "may", "already", "whether", "someone", "something"} <= english_stopwords()
    assert not {"nurse", "discharge", "together", "pay"} & english_stopwords()


def test_a_clipped_word_takes_the_one_listed_word_it_begins() -> None:
    """"rehab" begins only "rehabilitation"; "psych" begins psychiatry and psychology, so it stays untranslated."""
    table = general_terms()
    assert translate("rehab") == table["rehabilitation"]
    assert translate("psych") == []
    assert translate("reh") == []  # too short to be read as a clipping


def test_weekdays_and_months_take_their_danish_names_from_the_locale_data() -> None:
    """The calendar's names come from CLDR (babel), not from the hand list: "Friday" asks about "fredag"."""
    assert translate("friday") == ["fredag"] and translate("fridays") == ["fredag"]
    assert translate("march") == ["marts"] and translate("december") == ["december"]
    assert not {"friday", "march"} & set(general_terms())  # the hand list spends no entries on them


def test_a_question_on_a_weekday_has_the_danish_day_as_its_term() -> None:
    from assistant.query import QueryUnderstanding

    plan = QueryUnderstanding({}, {}).plan("When does the centre call a patient discharged on a Friday?")
    assert any("fredag" in g for g in plan.key_terms)
