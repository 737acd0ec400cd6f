"""``aftale status --json``, ``ask --json`` and the ``--status``/``--as-of`` filters on the command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from foundation.settings import Settings
from interfaces.cli.main import app
from tests.conftest import GATE_ENV

DOSIS = "Hvem står for dosisdispensering efter udskrivelse?"


@pytest.fixture
def run(hash_index: Settings, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv("AFTALE_DATA_DIR", str(hash_index.data_dir))
    monkeypatch.setenv(GATE_ENV, "0")  # see tests.conftest.OPEN_GATE
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_status_json_lists_every_document_with_its_facts(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTALE_TODAY", "2017-03-01")
    res = run("status", "--json")
    assert res.exit_code == 0, res.output
    info = json.loads(res.output)
    assert info["today"] == "2017-03-01"
    files = {f["file"]: f for f in info["files"]}
    assert len(files) == 5
    for f in files.values():
        assert {"kind", "binding", "period", "status", "region"} <= set(f)
    aftale = files["region-midtjylland-sundhedsaftale-2015-2018.txt"]
    assert (aftale["kind"], aftale["binding"], aftale["period"], aftale["status"], aftale["region"]) == ("aftale", True, "2015-2018", "gældende", "Midtjylland")
    udspil = files["kkr-midtjylland-2018-udspil-sundhedsaftale-2019-2023.txt"]
    assert (udspil["kind"], udspil["binding"], udspil["status"]) == ("udspil", False, "fremtidig")
    plain = run("status")
    assert "2015–2018, aftale, gældende" in plain.output and "udspil, fremtidig, ikke bindende" in plain.output


def test_ask_json_has_the_notice_and_the_citation_facts(run) -> None:
    res = run("ask", "--json", DOSIS)
    data = json.loads(res.output)
    assert data["notice"].startswith("Bemærk: ")
    assert all(c["status"] == "udløbet" and c["period"] for c in data["citations"])
    text = run("ask", DOSIS).output
    assert "Bemærk: " in text and "udløbet]" in text


def test_status_and_as_of_options(run) -> None:
    res = run("search", "--json", "--as-of", "2014-06-01", "--status", "gældende", "akutpladser")
    assert res.exit_code == 0, res.output
    hits = json.loads(res.output)
    assert {p["doc"] for p in hits} == {"kkr-midtjylland-2013-naere-sundhedsvaesen-fire-maalsaetninger.txt"}
    assert all(p["status"] == "gældende" and p["period"] and p["kind"] for p in hits)  # each hit says what its source is
    assert json.loads(run("ask", "--json", "--status", "gældende", DOSIS).output)["refused"]
    bad = run("ask", "--as-of", "31-12-2017", DOSIS)
    assert bad.exit_code != 0 and "ÅÅÅÅ-MM-DD" in bad.output
