"""The register carries each row's document kind, binding and status; the brief parts them and says so.

On the bundled corpus (hash-embedder index) every document's period is over
and two are proposals, so nothing is in force today; with the facts of one
document moved into force, its rows lead the brief.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.api import Assistant
from assistant.doc_facts import facts_for
from assistant.register import Register, register_for
from assistant.register_export import (
    NONE_IN_FORCE,
    brief_html,
    brief_markdown,
    brief_title,
    to_csv,
)
from interfaces.cli.main import app

AGREEMENT = "region-midtjylland-sundhedsaftale-2015-2018.txt"
PROPOSALS = {"kkr-midtjylland-2018-udspil-sundhedsaftale-2019-2023.txt", "hovedstaden-oplaeg-sundhedsaftale-III-somatik.txt"}


@pytest.fixture(scope="module")
def reg(hash_index) -> Register:
    return register_for(Assistant(hash_index))


def test_rows_carry_their_documents_kind_binding_and_status(reg: Register) -> None:
    rows = reg.rows
    assert rows and all(r.status in ("gældende", "udløbet", "fremtidig", "ukendt") for r in rows)
    assert {r.binding for r in rows if r.doc in PROPOSALS} == {False}
    assert {r.binding for r in rows if r.doc == AGREEMENT} == {True}
    assert {r.kind_of_doc for r in rows if r.doc == AGREEMENT} == {"aftale"}
    assert {r.status for r in rows} == {"udløbet"}  # every bundled period is over
    assert reg.values()["status"] == ["udløbet"]
    assert reg.query(status="udløbet") == rows and reg.query(status="gældende") == []
    header = to_csv(rows[:1]).splitlines()[0].split(",")
    assert "binding" in header and "status" in header


def test_brief_separates_in_force_expired_and_proposals_and_says_so_in_its_heading(reg: Register) -> None:
    rows = reg.rows
    proposals = sum(1 for r in rows if r.binding is False)
    expired = len(rows) - proposals
    md = brief_markdown(rows)
    first = md.splitlines()[0]
    assert first == f"# Mødebrief: forpligtelser og ansvar – 0 gældende · {expired} udløbne · {proposals} fra forslag (ikke bindende)"
    heads = [line for line in md.splitlines() if line.startswith("## ")]
    assert heads == [
        "## Gældende forpligtelser (0)",
        f"## Udløbne forpligtelser (perioden er slut) ({expired})",
        f"## Forslag – ikke bindende (udspil, oplæg, forslag, udkast) ({proposals})",
    ]
    assert NONE_IN_FORCE["da"] in md
    gone, proposed = md.split("## Udløbne")[1].split("## Forslag")
    assert "Sundhedsaftale 2015–2018" in gone and "udløbet" in gone and "ikke bindende" not in gone
    assert "ikke bindende" in proposed and "Sundhedsaftale 2015–2018," not in proposed
    assert brief_html(rows).count("<h2>") == 3 and "0 gældende" in brief_html(rows)
    assert brief_markdown(rows, "en").startswith("# Meeting brief: commitments and responsibilities – 0 in force")


def test_as_of_a_day_inside_a_period_its_binding_documents_lead_the_brief(hash_index) -> None:
    assistant = Assistant(hash_index.model_copy(update={"today": date(2017, 6, 1)}))  # AFTALE_TODAY=2017-06-01
    facts = facts_for(assistant)
    assert facts[AGREEMENT]["status"] == "gældende"
    rows = register_for(assistant).rows
    in_force = [r for r in rows if r.binding and facts[r.doc]["status"] == "gældende"]
    assert in_force and {r.status for r in in_force} == {"gældende"} and AGREEMENT in {r.doc for r in in_force}
    assert brief_title(rows).startswith(f"Mødebrief: forpligtelser og ansvar – {len(in_force)} gældende · ")
    heads = [line for line in brief_markdown(rows).splitlines() if line.startswith("## ")]
    assert heads[0] == f"## Gældende forpligtelser ({len(in_force)})"
    assert all(r.binding is False for r in rows if r.doc in PROPOSALS)  # a proposal stays a proposal in its period


def test_cli_brief_and_status_filter(hash_index, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv("AFTALE_DATA_DIR", str(hash_index.data_dir))
    runner = CliRunner()
    res = runner.invoke(app, ["commitments", "--format", "md"])
    assert res.exit_code == 0 and res.stdout.startswith("# Mødebrief: forpligtelser og ansvar – 0 gældende · ")
    res = runner.invoke(app, ["commitments", "--status", "gældende"])
    assert res.exit_code == 0 and "Ingen forpligtelser matcher filtrene." in res.output
    res = runner.invoke(app, ["commitments", "--status", "udløbet", "--actor", "almen praksis"])
    assert res.exit_code == 0 and "STATUS" in res.stdout and "udløbet" in res.stdout
    res = runner.invoke(app, ["commitments", "--status", "forældet"])
    assert res.exit_code == 2 and "gældende" in res.output
