"""The municipalities a question names: read from the documents' stored parties and titles, a scope, no key term.

The unit tests use made-up documents of municipalities the bundled corpus does not name; the end-to-end test
ingests two PDFs of our own with the hash embedder.
"""

from __future__ import annotations

import pytest

from assistant.api import Assistant
from assistant.places import Places, places_of
from assistant.query import QueryUnderstanding
from foundation.settings import Settings
from tests.conftest import pdf_index

PLAN = {"title": "Skanderborg Kommunes handleplan for sundhedsaftalen 2027–2030", "region": "Midtjylland",
        "parties": ["Region Midtjylland", "19 kommuner"]}
CLUSTER = {"title": "Samarbejdsaftale om genoptræning, Horsensklyngen", "region": "Midtjylland",
           "parties": ["Regionshospitalet Horsens", "Horsens, Hedensted og Odder Kommuner"]}
TOWN = {"title": "Samarbejdsaftale om fald", "region": None, "parties": ["Aarhus Universitetshospital", "Aarhus Kommune"]}
SOUTH = {"title": "Vejen Kommunes plan for forebyggelse", "region": "Syddanmark", "parties": []}
REGION = {"title": "Sundhedsaftale 2027–2030", "region": "Syddanmark", "parties": ["Region Syddanmark", "22 kommuner"]}
METAS = {"plan.pdf": PLAN, "cluster.pdf": CLUSTER, "town.pdf": TOWN, "south.pdf": SOUTH, "region.pdf": REGION}


def test_a_document_is_of_the_municipalities_its_parties_and_title_name() -> None:
    assert places_of(PLAN) == {"skanderborg"}
    assert places_of(CLUSTER) == {"horsens", "horsen", "hedensted", "odder"}  # a name in s is read as a genitive too
    assert places_of(TOWN) == {"aarhus", "aarhu"}
    assert places_of(REGION) == frozenset()  # a region's agreement with all its municipalities names none
    assert places_of({"title": "Københavns Kommunes sundhedspolitik"}) == {"københavns", "københavn"}


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("hvor hurtigt skal genoptræningen begynde i skanderborg?", ("skanderborg",)),  # lower case: a proper name
        ("hvor ofte revideres skanderborgs handleplan?", ("skanderborg",)),  # the genitive
        ("How often is Skanderborg's action plan revised?", ("skanderborg",)),
        ("Hvad gør Horsens og Hedensted ved genoptræning?", ("horsens", "hedensted")),
        ("hvad gør kommunen i Odder ved fald?", ("odder",)),  # a common word too: named with its capital
        ("hvor mange odder er der i søen?", ()),  # the animal
        ("Vejen til genoptræning er lang", ()),  # the first word of a question is capitalised anyway
        ("hvad er vejen til genoptræning i Vejen?", ("vejen",)),
        ("hvem står for genoptræning i Silkeborg?", ("silkeborg",)),  # no document names it: the country's list does
        ("hvem står for genoptræning i Tjørnelund?", ()),  # no municipality
    ],
)
def test_the_municipalities_a_question_names(question: str, named: tuple[str, ...]) -> None:
    assert tuple(name for _, name in Places(METAS).named(question)) == named


def test_a_named_municipality_keeps_its_documents_and_those_that_name_none() -> None:
    places = Places(METAS)
    assert places.kept(("skanderborg",)) == {"plan.pdf", "region.pdf"}  # not the Horsens cluster's, nor Aarhus'
    assert places.kept(("horsens", "aarhus")) == {"cluster.pdf", "town.pdf", "region.pdf"}
    assert places.kept(()) is None
    assert Places({"plan.pdf": PLAN, "region.pdf": REGION}).kept(("skanderborg",)) is None  # no other municipality's


def test_the_region_a_named_municipality_lies_in_is_named_too() -> None:
    places = Places(METAS)
    assert places.regions(("skanderborg",)) == ("Midtjylland",)
    assert places.regions(("aarhus",)) == ("Midtjylland",)  # its document is of no region ingest could tell; the country's list
    assert places.regions(("silkeborg",)) == ("Midtjylland",)  # no document names it
    assert places.regions(("skanderborg", "vejen")) == ()  # two regions: none
    # without the country's list, the region of the documents that name it, where their region is known
    alone = Places(METAS, country={})
    assert alone.regions(("skanderborg",)) == ("Midtjylland",) and alone.regions(("aarhus",)) == ()
    assert alone.named("hvem står for genoptræning i Silkeborg?") == ()


def test_a_municipality_no_document_is_of_keeps_the_documents_of_none() -> None:
    # a region's agreement answers for its towns; another town's cluster agreement does not
    assert Places(METAS).kept(("silkeborg",)) == {"region.pdf"}



def test_a_named_municipality_is_a_scope_not_a_key_term() -> None:
    counts = {"genoptræning": 30, "begynde": 10, "skanderborg": 2, "handleplan": 3}
    qu = QueryUnderstanding(counts, {}, places=Places(METAS))
    plain = qu.plan("hvornår skal genoptræning begynde?")
    for q in ("hvornår skal genoptræning begynde i skanderborg?", "hvornår skal genoptræning begynde i Skanderborgs plan?"):
        plan = qu.plan(q)
        assert plan.places == ("skanderborg",) and plan.regions == ("Midtjylland",)
        assert not any("skanderborg" in alt or "skanderborgs" in alt for g in plan.key_terms for alt in g)
        assert set(plain.key_terms) <= set(plan.key_terms)
    assert qu.plan("hvornår skal genoptræning begynde?").places == ()
    # a town no document is of: no term where no document holds its name, a term where one does ("Randersklyngen")
    silkeborg = qu.plan("hvornår skal genoptræning begynde i Silkeborg?")
    assert silkeborg.regions == ("Midtjylland",) and set(silkeborg.key_terms) == set(plain.key_terms)
    held = QueryUnderstanding({**counts, "silkeborg": 4}, {}, places=Places(METAS)).plan("hvornår skal genoptræning begynde i Silkeborg?")
    assert held.regions == ("Midtjylland",) and ("silkeborg",) in held.key_terms


# --- end to end: two PDFs of our own, a like passage of another municipality's agreement ---------------

OWN_PLAN = (
    "Skanderborg Kommunes handleplan for sundhedsaftalen 2027–2030",
    "Handleplanen er vedtaget af Sundhedsudvalget den 2. december 2026.\n"
    "Genoptræning efter udskrivelse begynder senest 7 kalenderdage efter, at kommunen har modtaget genoptræningsplanen.",
)
OTHER_CLUSTER = (
    "Samarbejdsaftale om genoptræning 2026–2029",
    "Aftalen er indgået mellem Regionshospitalet Horsens og Horsens, Hedensted og Odder Kommuner.\n"
    "Genoptræning efter udskrivelse begynder senest 3 hverdage efter, at kommunen har modtaget genoptræningsplanen.",
)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return pdf_index(tmp_path_factory, "place", {"handleplan.pdf": OWN_PLAN, "klynge.pdf": OTHER_CLUSTER})


def test_a_question_naming_a_municipality_is_answered_from_its_document_only(settings: Settings) -> None:
    assistant = Assistant(settings)
    assert assistant.document_facts()["klynge.pdf"]["parties"] == ["Regionshospitalet Horsens", "Horsens, Hedensted og Odder Kommuner"]
    unnamed = assistant.search("hvornår begynder genoptræning efter udskrivelse?")
    assert {p.doc for p in unnamed} == {"handleplan.pdf", "klynge.pdf"}  # both answer a question that names no one
    for question, doc in (("hvornår begynder genoptræning efter udskrivelse i skanderborg?", "handleplan.pdf"),
                          ("When does rehabilitation begin after discharge in Hedensted?", "klynge.pdf")):
        assert {p.doc for p in assistant.search(question)} == {doc}, question
        answer = assistant.ask(question)
        assert {c.doc for c in answer.citations} <= {doc}, question
