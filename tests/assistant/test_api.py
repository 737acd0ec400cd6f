"""The Assistant API on a real (hash-embedded) index of the real corpus."""

from __future__ import annotations

import json
import threading

import pytest

from assistant.api import Assistant
from foundation.errors import BadFilter, BadQuestion, EmptyQuestion, IndexMissing
from tests.conftest import fitted_gate, hash_settings


class TestSearch:
    def test_returns_k_ranked_passages(self, hash_assistant):
        ps = hash_assistant.search("dosisdispensering udskrivelse", k=10)
        assert len(ps) == 10 and [p.rank for p in ps] == list(range(1, 11))
        assert ps[0].doc == "region-midtjylland-sundhedsaftale-2015-2018.txt"

    def test_filters_apply_to_both_legs(self, hash_assistant):
        ps = hash_assistant.search("mål for sundhed", filters={"region": "Hovedstaden"}, k=10)
        assert ps and {p.meta["region"] for p in ps} == {"Hovedstaden"}
        ps = hash_assistant.search("genoptræning", filters={"doc": "kkr-midtjylland-2013-naere-sundhedsvaesen-fire-maalsaetninger.txt"})
        assert {p.doc for p in ps} == {"kkr-midtjylland-2013-naere-sundhedsvaesen-fire-maalsaetninger.txt"}

    def test_unknown_filter_value_lists_valid_ones(self, hash_assistant):
        with pytest.raises(BadFilter) as err:
            hash_assistant.search("genoptræning", filters={"region": "Fyn"})
        assert "Midtjylland" in err.value.user_message and "Hovedstaden" in err.value.user_message

    def test_no_overlapping_duplicates(self, hash_assistant):
        ps = hash_assistant.search("genoptræning", k=10)
        for i, a in enumerate(ps):
            for b in ps[i + 1 :]:
                if a.doc == b.doc:
                    assert min(a.end, b.end) - max(a.start, b.start) <= 0.5 * min(a.end - a.start, b.end - b.start)


class TestAsk:
    def test_answer_quotes_and_cites(self, hash_assistant):
        a = hash_assistant.ask("Hvem står for dosisdispensering efter udskrivelse?")
        assert not a.refused and a.lang == "da"
        assert "egen læge" in a.answer.lower()
        assert "[1]" in a.answer and a.citations[0].n == 1
        c = a.citations[0]
        for s, e in c.spans:
            assert c.passage.text[s:e] in a.answer
        assert len(a.answer) <= 700
        assert set(a.timings_ms) == {"retrieve", "answer", "total"}

    def test_json_shape(self, hash_assistant):
        d = json.loads(json.dumps(hash_assistant.ask("hvem star for dosisdispensering efter udskrivelse").to_json()))
        assert set(d) == {"question", "answer", "refused", "notice", "confidence", "lang", "citations", "passages", "timings_ms", "comparison"}
        assert d["comparison"] is None  # only a what-changed question gets one
        assert {"n", "doc", "title", "section", "page", "text", "kind", "binding", "period", "status"} <= set(d["citations"][0])
        assert {"rank", "doc", "title", "section", "page", "text", "score", "kind", "binding", "period", "status"} == set(d["passages"][0])
        assert len(d["passages"]) == 10

    def test_refuses_when_the_agreements_are_silent(self, hash_index):
        a = Assistant(fitted_gate(hash_index)).ask("Hvad koster en MR-scanning på et privathospital i Spanien?")
        assert a.refused and a.answer.startswith("Det fremgår ikke af aftalerne")
        assert not a.citations and a.passages

    def test_english_question_gets_english_lead_in(self, hash_assistant):
        a = hash_assistant.ask("Who restarts dose dispensing (dosisdispensering) after discharge?")
        assert a.lang == "en"
        # in English whether refused or answered, and an answer's quotes introduced in English after any lead line
        # ("Responsible according to the agreements: “egen læge”.")
        assert a.refused and a.answer == "The agreements do not say." or "The agreements say (quoted in Danish):" in a.answer
        assert not a.answer.startswith(("Det fremgår", "Ansvarlig ifølge"))

    def test_follow_up(self, hash_assistant):
        a = hash_assistant.ask("og hvad med kommunen?", history=["Hvem står for dosisdispensering efter udskrivelse?"])
        assert "dosisdispensering" in a.query

    @pytest.mark.parametrize("q", ["", "   ", "\n\t"])
    def test_empty_question(self, hash_assistant, q):
        with pytest.raises(EmptyQuestion):
            hash_assistant.ask(q)

    def test_long_question(self, hash_assistant):
        with pytest.raises(BadQuestion) as err:
            hash_assistant.ask("genoptræning " * 500)
        assert "2000" in err.value.user_message

    @pytest.mark.parametrize("q", ["?!?...", "\x00\x01\x02"])
    def test_no_words(self, hash_assistant, q):
        with pytest.raises((BadQuestion, EmptyQuestion)):
            hash_assistant.ask(q)

    @pytest.mark.parametrize("q", ["'; DROP TABLE chunks; --", "<script>alert(1)</script> genoptræning", "**fed** [link](http://x) genoptræning"])
    def test_injection_is_just_text(self, hash_assistant, q):
        a = hash_assistant.ask(q)
        assert isinstance(a.answer, str)
        assert "<script>" not in a.answer

    def test_control_characters_are_stripped(self, hash_assistant):
        a = hash_assistant.ask("hvem\x07 står for\x1b dosisdispensering?")
        assert "\x07" not in a.query


def test_missing_index_is_clear(tmp_path):
    with pytest.raises(IndexMissing) as err:
        Assistant(hash_settings(tmp_path / "nothing")).ask("genoptræning")
    assert "aftale ingest" in err.value.user_message


def test_concurrent_answers_equal_sequential(hash_assistant):
    qs = ["hvem står for dosisdispensering?", "hvad er målene for rygning?", "hvornår skal genoptræning starte?",
          "who is responsible for training?", "hvad er sundhedskoordinationsudvalget?"]
    expected = {q: hash_assistant.ask(q).answer for q in qs}
    errors: list[BaseException] = []
    got: list[tuple[str, str]] = []

    def worker():
        try:
            for _ in range(10):
                for q in qs:
                    got.append((q, hash_assistant.ask(q).answer))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    assert len(got) == 8 * 10 * len(qs)
    assert all(expected[q] == a for q, a in got)


def test_citation_names_the_section_above_the_quote(tmp_path):
    from index.build import run_ingest

    d = tmp_path / "docs"
    d.mkdir()
    (d / "saar.txt").write_text(
        "1. Formål\nAftalen beskriver samarbejdet om sårpleje mellem hjemmesygeplejen, almen praksis og hospitalet.\n"
        "2. Frister\nHjemmesygeplejen skal foretage en sårvurdering senest 2 hverdage efter henvisningen.\n",
        encoding="utf-8",
    )
    s = hash_settings(tmp_path / "data")
    run_ingest([d], s)
    a = Assistant(s).ask("Hvor hurtigt skal hjemmesygeplejen foretage en sårvurdering?")
    assert not a.refused
    assert a.citations[0].passage.section == "2. Frister"


@pytest.mark.parametrize("question", ["Hvad skal kommunerne i Region Hovedstaden gøre for akutfunktionerne?",
                                      "What does the Central Denmark Region agreement say about rehabilitation?"])
def test_the_reader_trains_on_the_passages_it_answers_from(hash_assistant, question):
    """Training reads a question's candidates from the documents its scope keeps, as answering does."""
    from assistant.candidates import PASSAGES_CONSIDERED

    plan, cands, _ = hash_assistant.reader_candidates(question)
    answered = hash_assistant.ask(question).passages[:PASSAGES_CONSIDERED]
    assert plan.regions  # the question names a region: answering narrows to its documents
    assert {c.passage.id for c in cands} <= {p.id for p in answered}
    assert {c.passage.doc for c in cands} == {p.doc for p in answered}
