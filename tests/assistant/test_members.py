"""Who a body consists of: asked (assistant.members.asks_members) and said (states_members)."""

import pytest

from assistant.members import asks_members, states_members


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
