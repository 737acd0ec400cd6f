"""Denmark's five regions, one place for their names (``foundation.text.regions``)."""

from __future__ import annotations

from collections import Counter

from foundation.text.regions import (
    MUNICIPALITY_REGIONS,
    REGION_NAMES,
    REGION_PATTERN,
    REGION_TEXT_PATTERNS,
    REGIONS,
    regions_named,
)


def test_every_name_and_pattern_is_of_one_of_the_five_regions():
    assert set(REGION_NAMES.values()) == set(REGIONS) == set(REGION_TEXT_PATTERNS)
    assert all(name == name.lower() for name in REGION_NAMES)


def test_a_text_names_a_region_by_its_name_adjective_or_short_name():
    assert regions_named("De nordjyske kommuner og Region Midt") == ("Midtjylland", "Nordjylland")
    assert regions_named("Sundhedsaftale for Region Hovedstaden") == ("Hovedstaden",)
    assert regions_named("KKR Sjællands mål") == ("Sjælland",)
    assert regions_named("Hvad gør kommunerne i Nordsjælland?") == ()  # a part of a region is not the region
    assert REGION_PATTERN.fullmatch("Syddanmark") and not REGION_PATTERN.search("kommunerne")


def test_every_municipality_lies_in_one_of_the_five_regions() -> None:
    # 98 municipalities since 2007: 29, 17, 22, 19 and 11
    assert len(MUNICIPALITY_REGIONS) == 98 and set(MUNICIPALITY_REGIONS.values()) == set(REGIONS)
    assert Counter(MUNICIPALITY_REGIONS.values()) == {"Hovedstaden": 29, "Sjælland": 17, "Syddanmark": 22, "Midtjylland": 19,
                                                      "Nordjylland": 11}
    assert (MUNICIPALITY_REGIONS["Aarhus"], MUNICIPALITY_REGIONS["Høje-Taastrup"], MUNICIPALITY_REGIONS["Læsø"]) == (
        "Midtjylland", "Hovedstaden", "Nordjylland")
