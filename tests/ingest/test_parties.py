"""Who an agreement is between: a party's kind, count and names as the text prints them, a title's municipalities,
and the sentence that states the parties (``ingest.parties``)."""

from __future__ import annotations

import pytest

from ingest.parties import (
    party_count,
    party_kind,
    party_names,
    states_parties,
    title_municipalities,
)


@pytest.mark.parametrize(
    ("party", "kind"),
    [("Region Syddanmark", "region"), ("22 kommuner", "kommuner"), ("Aalborg, Jammerbugt og Rebild Kommuner", "kommuner"),
     ("kommunerne Herning, Holstebro og Struer", "kommuner"), ("Regionshospitalet Randers", "hospital"),
     ("Bispebjerg og Frederiksberg Hospital", "hospital"), ("Svendborg Sygehus", "hospital"), ("almen praksis", "almen praksis"),
     ("Københavns Kommune", "kommuner"), ("Sundhedsstyrelsen", None)],
)
def test_a_partys_kind_is_read_from_its_name(party: str, kind: str | None) -> None:
    assert party_kind(party) == kind


@pytest.mark.parametrize(
    ("party", "count"),
    [("22 kommuner", 22), ("Næstved, Slagelse og Ringsted Kommuner", 3), ("kommunerne Herning, Holstebro og Struer", 3),
     ("de fynske kommuner Odense, Svendborg, Faaborg-Midtfyn og Nyborg", 4), ("Randers, Norddjurs og Syddjurs kommuner", 3),
     ("Københavns Kommune", 1), ("Bispebjerg og Frederiksberg Hospital", 1), ("kommunerne", None), ("almen praksis", None)],
)
def test_how_many_bodies_a_party_is(party: str, count: int | None) -> None:
    assert party_count(party) == count


@pytest.mark.parametrize(
    ("party", "names"),
    [("Næstved, Slagelse og Ringsted Kommuner", ("Næstved", "Slagelse", "Ringsted")), ("Herning Kommune", ("Herning",)),
     ("kommunerne Herning, Holstebro og Struer", ("Herning", "Holstebro", "Struer")), ("Københavns Kommune", ("Københavns",)),
     ("de fynske kommuner Odense, Svendborg, Faaborg-Midtfyn og Nyborg", ("Odense", "Svendborg", "Faaborg-Midtfyn", "Nyborg")),
     ("22 kommuner", ()), ("kommunerne", ()), ("Region Syddanmark", ()), ("Aalborg Universitetshospital", ()),
     ("Bispebjerg og Frederiksberg Hospital", ())],
)
def test_the_municipalities_a_party_names(party: str, names: tuple[str, ...]) -> None:
    assert party_names(party) == names


def test_the_municipalities_a_title_names() -> None:
    assert title_municipalities("Kolding Kommunes handleplan for sundhedsaftalen 2027–2030") == ("Kolding",)
    assert title_municipalities("Sundhedspolitik for Lyngby-Taarbæk Kommune") == ("Lyngby-Taarbæk",)
    assert title_municipalities("Sundhedsaftale 2024–2027 mellem regionen og kommunerne") == ()


@pytest.mark.parametrize(
    ("sentence", "states"),
    [
        ("Aftalen er indgået mellem Region Syddanmark, de 22 kommuner og almen praksis.", True),
        ("Sundhedsaftalen er rammen om samarbejdet mellem region, kommuner og almen praksis.", True),
        ("Vi indgår aftaler med regionen om genoptræning.", False),  # a counterparty, not between whom
        ("Der skal være en god dialog mellem hospital og borger.", False),  # no agreement or collaboration
    ],
)
def test_a_sentence_states_the_parties_only_by_between(sentence: str, states: bool) -> None:
    assert states_parties(sentence) is states
