"""The settings tree: defaults run offline, presets validate, typos fail."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from foundation.settings import PRESET_DIR, Settings, get_settings


def test_defaults_are_offline():
    s = Settings()
    assert s.embedder.mode == "e5"
    assert s.llm.mode == "none"
    assert not s.server_mode


@pytest.mark.parametrize("name", sorted(p.stem for p in PRESET_DIR.glob("*.json")))
def test_every_preset_validates(name):
    assert isinstance(Settings.from_preset(name), Settings)


def test_unknown_preset_lists_known():
    with pytest.raises(ValueError, match="known: .*test"):
        Settings.from_preset("nope")


def test_environment_with_prefix_and_nesting(monkeypatch, tmp_path):
    monkeypatch.setenv("AFTALE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("AFTALE_EMBEDDER__MODE", "hash")
    monkeypatch.setenv("AFTALE_RETRIEVAL__K", "7")
    s = get_settings()
    assert s.data_dir == tmp_path and s.embedder.mode == "hash" and s.retrieval.k == 7


def test_preset_from_environment(monkeypatch):
    monkeypatch.setenv("AFTALE_PRESET", "test")
    assert get_settings().embedder.mode == "hash"


def test_typos_and_bad_values_fail():
    with pytest.raises(ValidationError):
        Settings(retrieval={"kk": 3})
    with pytest.raises(ValidationError):
        Settings(embedder={"mode": "gpt"})
    with pytest.raises(ValidationError):
        Settings(ingest={"chunk_min": 900, "chunk_max": 800})


def test_sign_in_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("AFTALE_AUTH__PROVIDER_URL", "https://login.example/tenant/v2.0/.well-known/openid-configuration")
    monkeypatch.setenv("AFTALE_AUTH__CLIENT_ID", "aftale")
    monkeypatch.setenv("AFTALE_AUTH__CLIENT_SECRET", "hemmelig")
    monkeypatch.setenv("AFTALE_AUTH__COOKIE_SECRET", "k" * 40)
    monkeypatch.setenv("AFTALE_AUTH__EDITORS", " Rie@Kommune.dk, bo@kommune.dk ,")
    auth = get_settings().auth
    assert auth.enabled and auth.editors == ("bo@kommune.dk", "rie@kommune.dk") and auth.redirect_uri is None


def test_sign_in_settings_are_validated():
    url = "https://login.example/.well-known/openid-configuration"
    with pytest.raises(ValidationError, match="client_secret"):
        Settings(auth={"provider_url": url, "client_id": "c", "cookie_secret": "k" * 32})
    with pytest.raises(ValidationError, match="at least 32"):
        Settings(auth={"provider_url": url, "client_id": "c", "client_secret": "s", "cookie_secret": "kort"})
    with pytest.raises(ValidationError, match="oauth2callback"):
        Settings(auth={"provider_url": url, "client_id": "c", "client_secret": "s", "cookie_secret": "k" * 32, "redirect_uri": "https://x/"})
    with pytest.raises(ValidationError, match="not an e-mail"):
        Settings(auth={"editors": "bo"})
    assert not Settings().auth.enabled
