"""``Assistant.document_facts``: the facts stored with the index generation, status on a day."""

from __future__ import annotations

from datetime import date

from assistant.api import Assistant
from foundation.settings import Settings
from index.build import run_ingest
from tests.conftest import CORPUS, hash_settings


def test_facts_are_stored_with_the_index_and_status_follows_the_day(hash_index: Settings) -> None:
    facts = Assistant(hash_index).document_facts(today=date(2026, 12, 3))
    assert sorted(facts) == sorted(p.name for p in CORPUS.glob("*.txt"))
    aftale = facts["region-midtjylland-sundhedsaftale-2015-2018.txt"]
    assert aftale["title"] == "Sundhedsaftale 2015–2018"  # the catalog's title
    assert (aftale["kind"], aftale["binding"], aftale["period"], aftale["status"]) == ("aftale", True, "2015-2018", "udløbet")
    assert (aftale["period_from"], aftale["period_to"], aftale["region"]) == (2015, 2018, "Midtjylland")
    assert facts["kkr-midtjylland-2018-udspil-sundhedsaftale-2019-2023.txt"]["binding"] is False
    in_2016 = Assistant(hash_index).document_facts(today=date(2016, 5, 1))
    assert in_2016["region-midtjylland-sundhedsaftale-2015-2018.txt"]["status"] == "gældende"
    assert in_2016["kkr-midtjylland-2018-udspil-sundhedsaftale-2019-2023.txt"]["status"] == "fremtidig"


def test_aftale_today_setting_is_the_default_day(hash_index: Settings, monkeypatch) -> None:
    assert Settings().today_date() == date.today()
    monkeypatch.setenv("AFTALE_TODAY", "")
    assert Settings().today_date() == date.today()
    monkeypatch.setenv("AFTALE_TODAY", "2017-06-30")
    assert Settings().today_date() == date(2017, 6, 30)
    assistant = Assistant(hash_index.model_copy(update={"today": date(2017, 6, 30)}))
    assert assistant.document_facts()["region-midtjylland-sundhedsaftale-2015-2018.txt"]["status"] == "gældende"


def test_catalog_switched_off_stores_the_inferred_facts(tmp_path) -> None:
    settings = hash_settings(tmp_path, ingest={"catalog": False})
    assert run_ingest(None, settings).ok
    facts = Assistant(settings).document_facts(today=date(2026, 12, 3))
    maal = facts["kkr-midtjylland-2013-naere-sundhedsvaesen-fire-maalsaetninger.txt"]
    assert (maal["kind"], maal["binding"], maal["period"]) == ("forslag", False, "2013-2014")  # the catalog says målsætninger
    assert facts["region-midtjylland-sundhedsaftale-2015-2018.txt"]["title"] != "Sundhedsaftale 2015–2018"
