"""Who a body consists of: asked (assistant.members.asks_members) and said (states_members)."""

import pytest

from assistant.members import MEMBER_TERMS, asks_members, states_members
from tests.assistant.fakes import one_document


@pytest.mark.parametrize(
    ("question", "asks"),
    [("Hvem er med i det tværsektorielle netværk?", True), ("hvem sidder med i saarbarteamet", True),
     ("Hvem udgør formandskabet?", True), ("Hvad er styregruppen, og hvem består den af?", True),
     ("Who makes up the network?", True), ("Who sits on the steering group?", True), ("Who is on the committee?", True),
     ("Who is in charge of the analysis?", False), ("Hvem betaler for netværket?", False)],
)
def test_who_belongs_to_a_body_is_asked(question: str, asks: bool) -> None:
    assert asks_members(question) is asks


def test_a_sentence_that_says_who_a_body_consists_of() -> None:
    assert states_members("TSN er sammensat af alle risikomanagere fra hospitalerne og kommunerne.")
    assert states_members("Teamet består af sundhedsplejerske, jordemoder og obstetriker.")
    assert states_members("Vestklyngen: Hospitalsenheden Vest, Herning, Holstebro og Struer kommuner")
    assert not states_members("Audit på henvisninger (gravide som indgår i sårbarteam).")
    assert not states_members("I netværket formidles viden om utilsigtede hændelser.")


@pytest.fixture(scope="module")
def working_group(tmp_path_factory):
    """A document of my own that names a body's members by the representatives it has, not by who sits in it."""
    root = tmp_path_factory.mktemp("members")
    text = (
        "7. Opfølgning\n\n"
        "Aftalen følges op af en arbejdsgruppe med repræsentanter fra kommunen, sygehuset og almen praksis.\n"
        "Arbejdsgruppen afrapporterer til Sundhedssamarbejdsudvalget én gang om året.\n"
    )
    return one_document(root, "demens.txt", text)


def test_the_verb_a_question_of_members_asks_with_is_answered_by_a_sentence_of_members(working_group):
    plan = working_group.plan("Hvem sidder i arbejdsgruppen?")
    sitting = next(g for g in plan.key_terms if "sidder" in g)
    assert set(MEMBER_TERMS) <= set(sitting)
    _, cands, _ = working_group.reader_candidates("Hvem sidder i arbejdsgruppen?")
    members = next(c for c in cands if c.text.startswith("Aftalen følges op"))
    assert sitting in members.matched  # "repræsentanter" answers "sidder"
    assert "sidder" in working_group.plan("Hvem sidder på kontoret?").key_terms[0]  # no question of members: as it is
    assert set(MEMBER_TERMS).isdisjoint(working_group.plan("Hvem sidder på kontoret?").key_terms[0])
