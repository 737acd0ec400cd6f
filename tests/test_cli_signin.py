"""The command line of a team deployment: ``aftale app`` with and without sign-in, and ``aftale audit``."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.access import Actor
from assistant.api import Assistant
from foundation.settings import get_settings
from interfaces.cli.main import app as cli
from tests.conftest import CORPUS

PROVIDER = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0/.well-known/openid-configuration"


def _auth_env(monkeypatch: pytest.MonkeyPatch, data: Path) -> None:
    monkeypatch.setenv("AFTALE_DATA_DIR", str(data))
    monkeypatch.setenv("AFTALE_AUTH__PROVIDER_URL", PROVIDER)
    monkeypatch.setenv("AFTALE_AUTH__CLIENT_ID", "aftale")
    monkeypatch.setenv("AFTALE_AUTH__CLIENT_SECRET", 'hemmelig "med" citat')
    monkeypatch.setenv("AFTALE_AUTH__COOKIE_SECRET", "c" * 40)


def test_app_refuses_an_open_address_without_sign_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTALE_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(cli, ["app", "--address", "0.0.0.0", "--dry-run"])
    assert result.exit_code == 2
    assert "Appen starter ikke på adressen 0.0.0.0 uden login" in result.output
    assert "AFTALE_AUTH__ALLOW_ANONYMOUS=true" in result.output
    monkeypatch.setenv("AFTALE_AUTH__ALLOW_ANONYMOUS", "true")
    assert CliRunner().invoke(cli, ["app", "--address", "0.0.0.0", "--dry-run"]).exit_code == 0
    assert not (tmp_path / "data" / ".auth").exists(), "no secrets are written without a provider"


def test_app_writes_the_sign_in_secrets_for_its_user_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    _auth_env(monkeypatch, data)
    result = CliRunner().invoke(cli, ["app", "--port", "8600", "--dry-run"])
    assert result.exit_code == 0, result.output
    secrets = data / ".auth" / "secrets-127.0.0.1-8600.toml"
    assert f"--secrets.files {secrets}" in result.output
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600 and stat.S_IMODE(secrets.parent.stat().st_mode) == 0o700
    auth = tomllib.loads(secrets.read_text(encoding="utf-8"))["auth"]
    assert auth == {
        "redirect_uri": "http://127.0.0.1:8600/oauth2callback",
        "cookie_secret": "c" * 40,
        "client_id": "aftale",
        "client_secret": 'hemmelig "med" citat',
        "server_metadata_url": PROVIDER,
    }
    # a second process with the same settings writes the same file: the same cookie secret, shared sessions
    before = secrets.read_bytes()
    assert CliRunner().invoke(cli, ["app", "--port", "8600", "--dry-run"]).exit_code == 0
    assert secrets.read_bytes() == before
    # on all addresses the provider needs the address users reach: say so
    result = CliRunner().invoke(cli, ["app", "--address", "0.0.0.0", "--dry-run"])
    assert result.exit_code == 2 and "AFTALE_AUTH__REDIRECT_URI" in result.output
    monkeypatch.setenv("AFTALE_AUTH__REDIRECT_URI", "https://aftale.kommune.dk/oauth2callback")
    assert CliRunner().invoke(cli, ["app", "--address", "0.0.0.0", "--dry-run"]).exit_code == 0
    public = tomllib.loads((data / ".auth" / "secrets-0.0.0.0-8501.toml").read_text(encoding="utf-8"))["auth"]
    assert public["redirect_uri"] == "https://aftale.kommune.dk/oauth2callback" and public["cookie_secret"] == auth["cookie_secret"]


def test_audit_lists_every_change_as_table_json_and_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv("AFTALE_DATA_DIR", str(tmp_path / "data"))
    assert "Ingen ændringer" in CliRunner().invoke(cli, ["audit"]).output
    docs = tmp_path / "docs"
    docs.mkdir()
    source, kept = sorted(CORPUS.glob("*.txt"))[:2]
    for p in (source, kept):
        (docs / p.name).write_bytes(p.read_bytes())
    assert CliRunner().invoke(cli, ["ingest", "-q", str(docs)]).exit_code == 0
    (docs / source.name).unlink()
    assert CliRunner().invoke(cli, ["ingest", "-q", str(docs)]).exit_code == 0

    rows = json.loads(CliRunner().invoke(cli, ["audit", "--format", "json"]).output)
    assert sorted((r["action"], r["document"]) for r in rows[:2]) == sorted([("added", kept.name), ("added", source.name)])
    assert (rows[2]["action"], rows[2]["document"]) == ("removed", source.name) and len(rows) == 3
    assert all(r["user"].startswith("lokal:") and len(r["sha256"]) == 64 for r in rows)
    table = CliRunner().invoke(cli, ["audit"]).output.splitlines()
    assert table[0].split() == ["time", "user", "action", "document", "sha256", "detail"] and len(table) == 4
    got = list(csv.DictReader(io.StringIO(CliRunner().invoke(cli, ["audit", "-f", "csv"]).output)))
    assert [r["action"] for r in got] == ["added", "added", "removed"]
    bad = CliRunner().invoke(cli, ["audit", "--format", "xml"])
    assert bad.exit_code == 2 and "ukendt format" in bad.output
    assert os.environ["AFTALE_PRESET"] == "test"


def test_ingest_says_when_an_editor_removed_a_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv("AFTALE_DATA_DIR", str(tmp_path / "data"))
    docs = tmp_path / "docs"
    docs.mkdir()
    removed, kept = sorted(CORPUS.glob("*.txt"))[:2]
    for p in (removed, kept):
        (docs / p.name).write_bytes(p.read_bytes())
    assert CliRunner().invoke(cli, ["ingest", "-q", str(docs)]).exit_code == 0
    settings = get_settings()
    editor = Actor.signed_in("rie@kommune.dk", "Rie", settings.model_copy(update={"auth": settings.auth.model_copy(update={"editors": ("rie@kommune.dk",)})}))
    Assistant(settings).remove_document(removed.name, editor)
    result = CliRunner().invoke(cli, ["ingest", "-q", str(docs)])
    assert result.exit_code == 0
    assert f"SPRUNGET OVER  {removed.name}: fjernet af en redaktør" in result.output
    assert [f["file"] for f in Assistant(get_settings()).status()["files"]] == [kept.name]
