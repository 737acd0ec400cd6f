"""The evaluation metrics on small synthetic cases."""

from __future__ import annotations

import pytest

from evals.metrics import (
    aggregate,
    answer_correct,
    citation_correct,
    evidence_needles,
    first_hit_rank,
    is_hit,
    make_record,
    percentile,
    recall_at,
    reciprocal_rank,
    summarise,
)
from evals.questions import Question

EVIDENCE = "Analyser og handleplaner skal være afsluttet indenfor 90 dage, efter hændelsen er rapporteret."


def _q(
    qid: str = "q1",
    evidence: str | list[str] | None = EVIDENCE,
    must: list[str] | None = None,
    type_: str = "deadline",
    lang: str = "da",
) -> Question:
    doc: str | list[str] | None
    if evidence is None:
        doc, type_ = None, "unanswerable"
    elif isinstance(evidence, list):
        doc = [f"d{i}.txt" for i in range(len(evidence))]
    else:
        doc = "d.txt"
    return Question(
        id=qid, question="?", doc=doc, evidence=evidence, answer="", must_include=must or [], type=type_, lang=lang
    )


# ---------------------------------------------------------------- hit rule


def test_whole_evidence_hit_ignores_case_punctuation_and_line_breaks() -> None:
    text = "Indledning.\nANALYSER og handle-\nplaner skal være af-\nsluttet indenfor 90 dage,\n efter hændelsen er rapporteret!"
    assert is_hit(EVIDENCE, text)


def test_unrelated_passage_is_no_hit() -> None:
    assert not is_hit(EVIDENCE, "Kommunen har ansvaret for genoptræning efter udskrivelse.")


@pytest.mark.parametrize("cut", [5, 20, 35, 47, 60, 80])
def test_evidence_split_by_a_chunk_boundary_is_a_hit_on_one_side(cut: int) -> None:
    source = "Forord om samarbejde. " + EVIDENCE + " Næste afsnit om noget andet."
    start = source.index(EVIDENCE)
    left, right = source[: start + cut], source[start + cut :]
    assert not is_hit(EVIDENCE, left[: start]) and not is_hit(EVIDENCE, right[len(EVIDENCE) :])
    assert is_hit(EVIDENCE, left) or is_hit(EVIDENCE, right)
    assert first_hit_rank(EVIDENCE, ["intet her", left, right]) in (2, 3)


def test_half_evidence_hits_first_and_second_half() -> None:
    whole, first, second = evidence_needles(EVIDENCE)
    assert first + second == whole
    assert abs(len(first) - len(second)) <= 1
    # the halves are cut in the middle of "indenfor" (after "afsluttet i")
    assert is_hit(EVIDENCE, "... Analyser og handleplaner skal være afsluttet i")
    assert is_hit(EVIDENCE, "ndenfor 90 dage, efter hændelsen er rapporteret. Mere tekst")
    assert not is_hit(EVIDENCE, "Analyser og handleplaner skal være afsluttet")  # one letter short of the first half
    assert not is_hit(EVIDENCE, "skal være afsluttet indenfor 90 dage")  # straddles the middle, neither half whole


def test_list_evidence_any_one_counts() -> None:
    evidence = ["Kommunen står for genoptræningen.", "Regionen leverer specialiseret rehabilitering."]
    assert is_hit(evidence, "I dag: regionen leverer specialiseret rehabilitering.")
    assert is_hit(evidence, "kommunen står for genoptræningen")
    assert not is_hit(evidence, "Almen praksis har ansvaret.")


def test_missing_or_empty_evidence_is_never_a_hit() -> None:
    assert not is_hit(None, "noget tekst")
    assert not is_hit("", "noget tekst")
    assert not is_hit(["", "  ."], "noget tekst")
    assert first_hit_rank(None, ["a", "b"]) is None


def test_first_hit_rank_recall_and_mrr() -> None:
    texts = ["nej", "heller ikke", EVIDENCE, EVIDENCE]
    rank = first_hit_rank(EVIDENCE, texts)
    assert rank == 3
    assert recall_at(rank, 1) == 0.0
    assert recall_at(rank, 3) == 1.0
    assert recall_at(None, 10) == 0.0
    assert reciprocal_rank(rank) == pytest.approx(1 / 3)
    assert reciprocal_rank(11) == 0.0
    assert reciprocal_rank(None) == 0.0


# ---------------------------------------------------------------- answers, refusals, citations


def test_must_include_is_normalised() -> None:
    q = _q(must=["90 dage", "Handle-planer"])
    assert answer_correct(q, "Inden for 90\ndage skal HANDLEPLANER være klar.", refused=False)
    assert not answer_correct(q, "Inden for 90 dage.", refused=False)


def test_refusal_is_wrong_for_answerable_and_right_for_unanswerable() -> None:
    answerable = _q(must=["90 dage"])
    assert not answer_correct(answerable, "90 dage", refused=True)
    unanswerable = _q(evidence=None)
    assert answer_correct(unanswerable, "Det står ikke i aftalerne.", refused=True)
    assert not answer_correct(unanswerable, "Noget svar.", refused=False)


def test_empty_must_include_only_needs_an_answer() -> None:
    assert answer_correct(_q(must=[]), "svar", refused=False)


def test_citation_uses_the_hit_rule() -> None:
    assert citation_correct(EVIDENCE, ["intet", EVIDENCE.upper()])
    assert not citation_correct(EVIDENCE, ["intet"])
    assert not citation_correct(EVIDENCE, [])


def test_percentile_interpolates() -> None:
    assert percentile([], 50) is None
    assert percentile([5.0], 95) == 5.0
    assert percentile([1, 2, 3, 4], 50) == pytest.approx(2.5)
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)


# ---------------------------------------------------------------- records and aggregation


def _records():
    return [
        # answerable, hit at 1, correct, cited right
        make_record(_q("a", must=["90 dage"], lang="da"), [EVIDENCE], "Inden for 90 dage.", False, [EVIDENCE], 10.0),
        # answerable, hit at 4, wrong answer, citation misses
        make_record(_q("b", must=["90 dage"], lang="en", type_="number"), ["x", "y", "z", EVIDENCE], "30 days", False, ["x"], 20.0),
        # answerable, no hit, refused (false refusal)
        make_record(_q("c", must=["90 dage"], lang="en"), ["x"], "Ved ikke", True, [], 30.0),
        # unanswerable, refused (right)
        make_record(_q("d", evidence=None, lang="da"), ["x"], "Står ikke i aftalerne", True, [], 40.0),
        # unanswerable, answered (wrong)
        make_record(_q("e", evidence=None, lang="en"), ["x"], "Noget", False, ["x"], 50.0),
    ]


def test_make_record_fields() -> None:
    a, b, c, d, e = _records()
    assert (a.rank, a.answer_ok, a.citation_ok) == (1, True, True)
    assert (b.rank, b.answer_ok, b.citation_ok) == (4, False, False)
    assert (c.rank, c.refused, c.citation_ok) == (None, True, None)
    assert (d.rank, d.answer_ok, d.citation_ok, d.answerable) == (None, True, None, False)
    assert (e.answer_ok, e.citation_ok) == (False, None)


def test_summary_overall() -> None:
    s = summarise(_records())
    assert (s["n"], s["n_answerable"], s["n_unanswerable"]) == (5, 3, 2)
    assert s["recall@1"] == pytest.approx(1 / 3)
    assert s["recall@5"] == pytest.approx(2 / 3)
    assert s["recall@10"] == pytest.approx(2 / 3)
    assert s["mrr@10"] == pytest.approx((1 + 1 / 4) / 3)
    assert s["answer_accuracy"] == pytest.approx(2 / 5)
    assert s["answer_accuracy_answerable"] == pytest.approx(1 / 3)
    assert s["citation_accuracy"] == pytest.approx(1 / 2)  # a right, b wrong; c refused, not counted
    assert s["refusal_rate"] == pytest.approx(1 / 2)
    assert s["false_refusal_rate"] == pytest.approx(1 / 3)
    assert s["latency_p50_ms"] == pytest.approx(30.0)
    assert s["latency_p95_ms"] == pytest.approx(48.0)


def test_aggregate_by_type_and_lang() -> None:
    agg = aggregate(_records())
    assert set(agg["by_type"]) == {"deadline", "number", "unanswerable"}
    assert set(agg["by_lang"]) == {"da", "en"}
    unans = agg["by_type"]["unanswerable"]
    assert unans["n"] == 2 and unans["recall@5"] is None and unans["citation_accuracy"] is None
    assert unans["refusal_rate"] == pytest.approx(0.5)
    number = agg["by_type"]["number"]
    assert (number["recall@5"], number["mrr@10"], number["answer_accuracy"]) == (1.0, 0.25, 0.0)
    da, en = agg["by_lang"]["da"], agg["by_lang"]["en"]
    assert (da["n"], da["answer_accuracy"], da["recall@1"]) == (2, 1.0, 1.0)
    assert (en["n"], en["answer_accuracy"], en["recall@5"], en["false_refusal_rate"]) == (3, 0.0, 0.5, 0.5)
    assert agg["overall"] == summarise(_records())
