"""Which agreement applies in an answer: notices, citation facts, pins, filters and the preference.

Unit tests use made-up documents (other regions and periods than the bundled ones); the API
tests ask the real hash-embedder index of the bundled corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from assistant.api import Assistant
from assistant.applies import pins, prefer, question_day, scope, split_scope
from assistant.periods import applies, notice
from foundation.errors import BadFilter
from foundation.settings import Settings

DOSIS = "Hvem står for dosisdispensering efter udskrivelse?"
AFTALE = "region-midtjylland-sundhedsaftale-2015-2018.txt"
DAY = date(2026, 12, 3)

OLD = {"title": "Samarbejdsaftale 2011–2014", "kind": "aftale", "binding": True, "period_from": 2011, "period_to": 2014, "year": 2011}
NOW = {"title": "Sundhedsaftale for Region Sjælland", "kind": "aftale", "binding": True, "period_from": 2024, "period_to": 2027, "year": 2023}
PROPOSAL = {"title": "Udspil til sundhedsaftale", "kind": "udspil", "binding": False, "period_from": 2028, "period_to": 2031, "year": 2026}
DRAFT = {"title": "Høringsudkast om genoptræning", "kind": "aftale", "binding": False, "period_from": 2025, "period_to": 2027, "year": 2025}
UNDATED = {"title": "Notat om udskrivning", "kind": "andet", "binding": True, "period_from": None, "period_to": None}
METAS = {"old.pdf": OLD, "now.pdf": NOW, "proposal.pdf": PROPOSAL, "draft.pdf": DRAFT, "undated.pdf": UNDATED}


# --- the notice -------------------------------------------------------------------------


def test_notice_says_which_source_expired_in_danish_and_english() -> None:
    assert notice([(1, OLD)], DAY, "da") == "Bemærk: citatet er fra Samarbejdsaftale 2011–2014, som udløb med udgangen af 2014."
    assert notice([(1, OLD), (2, OLD)], DAY, "en") == "Note: the quotes are from Samarbejdsaftale 2011–2014, which expired at the end of 2014."


def test_notice_names_only_the_flagged_citations_and_adds_a_missing_period() -> None:
    text = notice([(1, NOW), (2, PROPOSAL)], DAY, "da")
    assert text == "Bemærk: [2] er fra Udspil til sundhedsaftale (2028–2031), som er et udspil og ikke bindende, og som først gælder fra 2028."
    assert "et udkast og ikke bindende" in notice([(1, DRAFT)], DAY, "da")
    assert "ikke angiver, hvornår den gælder" in notice([(1, UNDATED)], DAY, "da")


@pytest.mark.parametrize("meta", list(METAS.values()), ids=list(METAS))
def test_notice_exactly_when_a_source_is_not_in_force_or_not_binding(meta: dict) -> None:
    assert (notice([(1, meta)], DAY, "da") is None) == applies(meta, DAY)
    assert (notice([(1, NOW), (2, meta)], DAY, "da") is None) == (meta is NOW)
    assert notice([(1, OLD)], date(2012, 6, 1), "da") is None  # in force on that day


# --- pins, as-of, filters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "pinned"),
    [
        ("Hvad siger 2011-aftalen om genoptræning?", {"old.pdf"}),
        ("What does the 2028–2031 proposal say about rehabilitation?", {"proposal.pdf"}),
        ("Hvad står der i aftalen for 2024-27 om akutpladser?", {"now.pdf"}),
        ("Hvad siger udspillet fra 2028 om akutpladser?", {"proposal.pdf"}),
        ("Hvad siger den gamle fra 2011 om udskrivning?", {"old.pdf"}),
        ("Er 2011-2014 og 2024–2027 enige om udskrivning?", {"old.pdf", "now.pdf"}),
        ("Hvad skal kommunerne gøre i 2025?", set()),  # a deadline year, not a document
        ("Hvem gør det ifølge samarbejdsaftalen og udspillet fra 2028?", set()),  # two named, one dated
        ("Hvad siger aftalen for 2030-2033?", set()),  # no such document: nothing pinned
    ],
)
def test_a_question_that_names_a_period_or_a_document_year_pins_it(question: str, pinned: set[str]) -> None:
    assert pins(question, METAS) == pinned


def test_a_pinned_period_keeps_the_region_the_question_names() -> None:
    metas = {**METAS, "other.pdf": {**OLD, "region": "Syddanmark"}, "old.pdf": {**OLD, "region": "Sjælland"}}
    assert scope("Hvad sagde 2011-2014 om udskrivning?", metas, DAY, [], None).docs == {"old.pdf", "other.pdf"}
    assert scope("Hvad sagde 2011-2014 om udskrivning?", metas, DAY, [], None, ("Syddanmark",)).docs == {"other.pdf"}
    # neither pinned document is of the region named: nothing is in scope (the others are of no period asked)
    assert scope("Hvad sagde 2011-2014 om udskrivning?", metas, DAY, [], None, ("Hovedstaden",)).docs == set()


def test_a_named_region_keeps_its_documents_and_those_of_no_region() -> None:
    metas = {"syd.pdf": {**NOW, "region": "Syddanmark"}, "sj.pdf": {**NOW, "region": "Sjælland"}, "national.pdf": UNDATED}
    sc = scope("Hvem står for genoptræning i Region Syddanmark?", metas, DAY, [], None, ("Syddanmark",))
    assert sc.docs == {"syd.pdf", "national.pdf"} and sc.absent == () and sc.missing == ()
    both = scope("genoptræning i Syddanmark og Nordjylland", metas, DAY, [], None, ("Syddanmark", "Nordjylland"))
    assert both.docs == {"syd.pdf", "national.pdf"} and both.absent == ()  # one of them is indexed: its documents answer
    assert both.missing == ("Nordjylland",)  # and the answer notes the other
    assert scope("genoptræning", metas, DAY, [], None).docs is None  # no region named: every document


def test_the_documents_a_named_municipality_keeps_are_the_scope() -> None:
    metas = {"syd.pdf": {**NOW, "region": "Syddanmark"}, "town.pdf": NOW, "other.pdf": NOW}
    kept = frozenset({"syd.pdf", "town.pdf"})
    assert scope("genoptræning i Kolding", metas, DAY, [], None, (), kept).docs == kept
    # with a pinned period and the region the municipality's documents are of: what all three keep
    sc = scope("genoptræning i Kolding efter 2024-2027", metas, DAY, [], None, ("Syddanmark",), kept)
    assert sc.docs == {"syd.pdf"} and sc.pinned == {"syd.pdf"}
    assert scope("genoptræning i Kolding efter 2024-2027", metas, DAY, [], None, (), kept).docs == kept
    assert scope("genoptræning", metas, DAY, [], None).docs is None


def test_a_region_no_document_is_of_is_absent() -> None:
    metas = {"syd.pdf": {**NOW, "region": "Syddanmark"}, "sj.pdf": {**OLD, "region": "Sjælland"}}
    sc = scope("Hvornår udløber Region Nordjyllands sundhedsaftale?", metas, DAY, [], None, ("Nordjylland",))
    assert sc.absent == ("Nordjylland",)
    # a document whose region ingest could not tell may be of the region asked about: it answers, nothing is absent
    unknown = scope("Hvornår udløber Region Nordjyllands sundhedsaftale?", {**metas, "x.pdf": UNDATED}, DAY, [], None, ("Nordjylland",))
    assert unknown.absent == () and unknown.docs == {"x.pdf"}


def test_as_of_in_the_question_sets_the_day_and_leaves_later_documents_out() -> None:
    assert question_day("Hvem stod for genoptræning as of 2013?") == date(2013, 12, 31)
    assert question_day("Hvad gjaldt pr. 1. marts 2012?") == date(2012, 3, 1)
    assert question_day("Hvad skal ske i 2013?") is None
    sc = scope("What applied as of 2013?", METAS, DAY, [], None)
    assert sc.day == date(2013, 12, 31) and sc.docs == {"old.pdf", "undated.pdf"}


def test_status_and_as_of_filters() -> None:
    rest, wanted, as_of = split_scope({"region": ["Sjælland"], "status": "gældende", "as_of": "2026-01-01"})
    assert (rest, wanted, as_of) == ({"region": ["Sjælland"]}, ["gældende"], date(2026, 1, 1))
    assert scope("genoptræning", METAS, DAY, wanted, as_of).docs == {"now.pdf", "draft.pdf"}
    assert split_scope({"period": "2015-2018"})[0] == {"period": ["2015–2018"]}  # as ask --json writes periods
    with pytest.raises(BadFilter, match="gyldig"):
        split_scope({"status": "gyldig"})
    with pytest.raises(BadFilter, match="YYYY-MM-DD"):
        split_scope({"as_of": "1. maj"})


# --- the preference -----------------------------------------------------------------------------


@dataclass
class _Passage:
    doc: str


@dataclass
class _Cand:
    doc: str
    score: float

    @property
    def passage(self) -> _Passage:
        return _Passage(self.doc)


def test_in_force_leads_then_binding_then_newest_within_the_margin() -> None:
    cands = [_Cand("old.pdf", 0.9), _Cand("proposal.pdf", 0.85), _Cand("now.pdf", 0.8), _Cand("draft.pdf", 0.3)]
    assert [c.doc for c in prefer(cands, METAS, DAY, 0.8)] == ["now.pdf", "old.pdf", "proposal.pdf", "draft.pdf"]
    assert [c.doc for c in prefer(cands, METAS, date(2012, 1, 1), 0.8)] == ["old.pdf", "now.pdf", "proposal.pdf", "draft.pdf"]
    assert [c.doc for c in prefer(cands, METAS, DAY, 1.0)] == ["old.pdf", "proposal.pdf", "now.pdf", "draft.pdf"]


def test_a_document_in_force_leads_within_its_own_margin_while_other_preferences_break_ties_only() -> None:
    cands = [_Cand("old.pdf", 0.9), _Cand("proposal.pdf", 0.85), _Cand("now.pdf", 0.8), _Cand("draft.pdf", 0.3)]
    # in force within 0.8 of the best: it leads; binding before proposal still only on ties
    assert [c.doc for c in prefer(cands, METAS, DAY, 1.0, 0.8)] == ["now.pdf", "old.pdf", "proposal.pdf", "draft.pdf"]
    # further below the best than the margin: the reader's order
    assert [c.doc for c in prefer(cands, METAS, DAY, 1.0, 0.95)] == ["old.pdf", "proposal.pdf", "now.pdf", "draft.pdf"]
    # on a day nothing is in force, as before
    assert [c.doc for c in prefer(cands, METAS, date(2040, 1, 1), 1.0, 0.8)] == ["old.pdf", "proposal.pdf", "now.pdf", "draft.pdf"]


@dataclass
class _Held(_Cand):
    coverage: float = 0.0


def test_a_document_in_force_leads_a_future_ones_sentence_only_where_it_holds_as_much_of_the_question() -> None:
    # the coming agreement's sentence on tube feeding; an agreement in force on medicine taken home
    coming = _Held("proposal.pdf", 0.99, 0.74)
    other = _Held("now.pdf", 0.9, 0.42)
    assert [c.doc for c in prefer([coming, other], METAS, DAY, 1.0, 0.8)] == ["proposal.pdf", "now.pdf"]
    # the agreement in force says as much: it applies today, so it leads
    like = _Held("now.pdf", 0.9, 0.74)
    assert [c.doc for c in prefer([coming, like], METAS, DAY, 1.0, 0.8)] == ["now.pdf", "proposal.pdf"]
    # before an expired agreement's sentence, as before, whatever share of the question each holds
    old = _Held("old.pdf", 0.99, 0.74)
    assert [c.doc for c in prefer([old, other], METAS, DAY, 1.0, 0.8)] == ["now.pdf", "old.pdf"]


# --- through the API (hash embedder, the bundled corpus) --------------------------------------------


def test_citations_carry_the_facts_and_the_answer_a_notice(hash_index: Settings) -> None:
    answer = Assistant(hash_index.model_copy(update={"today": DAY})).ask(DOSIS)
    data = answer.to_json()
    assert data["citations"]
    for c in data["citations"]:
        assert {"kind", "binding", "period", "status"} <= set(c)
    first = data["citations"][0]
    assert (first["doc"], first["kind"], first["binding"], first["period"], first["status"]) == (AFTALE, "aftale", True, "2015-2018", "udløbet")
    # the notice names every quoted source that is not in force (one or several quotes)
    assert data["notice"].startswith("Bemærk: ") and "Sundhedsaftale 2015–2018, som udløb med udgangen af 2018" in data["notice"]


def test_inside_the_period_the_agreement_applies_and_no_notice(hash_index: Settings) -> None:
    assistant = Assistant(hash_index.model_copy(update={"today": date(2016, 5, 1)}))
    assert assistant.document_facts()[AFTALE]["status"] == "gældende"
    answer = assistant.ask(DOSIS)
    assert all(c.status == "gældende" for c in answer.citations if c.passage.doc == AFTALE)
    applies = all(c.status == "gældende" and c.binding for c in answer.citations)
    assert answer.notice is None if applies else answer.notice.startswith("Bemærk")
    pinned = assistant.ask(DOSIS, filters={"doc": [AFTALE]})
    assert pinned.citations and pinned.notice is None


def test_english_question_gets_an_english_notice(hash_index: Settings) -> None:
    answer = Assistant(hash_index.model_copy(update={"today": DAY})).ask("Who is responsible for dose dispensing after discharge?")
    assert answer.notice.startswith("Note: ")


def test_status_filter_and_as_of_narrow_the_documents(hash_index: Settings) -> None:
    assistant = Assistant(hash_index.model_copy(update={"today": DAY}))
    assert assistant.ask(DOSIS, filters={"status": ["gældende"]}).refused  # nothing bundled is in force today
    hits = assistant.search("akutpladser", filters={"as_of": "2014-06-01"})
    assert hits and {p.doc for p in hits} <= {"kkr-midtjylland-2013-naere-sundhedsvaesen-fire-maalsaetninger.txt", "hovedstaden-oplaeg-sundhedsaftale-III-somatik.txt"}


def test_a_named_period_pins_the_documents_and_the_setting_turns_it_off(hash_index: Settings) -> None:
    question = "Hvad siger udspillet til 2019-2023 om akutpladser?"
    answer = Assistant(hash_index).ask(question)
    assert {p.doc for p in answer.passages} == {"kkr-midtjylland-2018-udspil-sundhedsaftale-2019-2023.txt"}
    off = hash_index.model_copy(update={"answer": hash_index.answer.model_copy(update={"prefer_applicable": False})})
    assert len({p.doc for p in Assistant(off).ask(question).passages}) > 1
