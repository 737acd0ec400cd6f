"""The words of a refusal and a region notice (``assistant.refusal``)."""

from __future__ import annotations

from assistant.refusal import refusal, region_notice
from foundation.messages import msg


def test_a_refusal_names_what_is_missing():
    assert refusal("da", ()) == msg("refusal", "da")
    assert "Syddanmark og Sjælland" in refusal("da", ("Syddanmark", "Sjælland"))
    assert "Syddanmark and Sjælland" in refusal("en", ("Syddanmark", "Sjælland"))
    assert refusal("da", (), "frequency") == msg("unstated_frequency", "da")


def test_a_region_notice_leads_the_other_notice():
    assert region_notice("da", (), "Bemærk: udløbet.") == "Bemærk: udløbet."
    both = region_notice("da", ("Nordjylland",), "Bemærk: udløbet.")
    assert both.startswith(msg("region_missing", "da", regions="Nordjylland")) and both.endswith("Bemærk: udløbet.")
    assert region_notice("en", ("Nordjylland",), None) == msg("region_missing", "en", regions="Nordjylland")
