"""The page's sign-in gate through ``AppTest``: with a provider set, nothing but "Log ind" until signed in."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
AUTH = {
    "AFTALE_AUTH__PROVIDER_URL": "http://127.0.0.1:9/.well-known/openid-configuration",  # never contacted here
    "AFTALE_AUTH__CLIENT_ID": "aftale",
    "AFTALE_AUTH__CLIENT_SECRET": "hemmelig",
    "AFTALE_AUTH__COOKIE_SECRET": "c" * 40,
}


@pytest.fixture
def signin_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv("AFTALE_DATA_DIR", str(tmp_path / "data"))
    for key, value in AUTH.items():
        monkeypatch.setenv(key, value)
    return tmp_path / "data"


def test_a_visitor_sees_only_the_sign_in_page(signin_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "c" * 40,
        "client_id": "aftale", "client_secret": "hemmelig", "server_metadata_url": AUTH["AFTALE_AUTH__PROVIDER_URL"],
    }
    at.run()
    assert not at.exception, at.exception
    assert [b.label for b in at.button] == ["Log ind"]
    assert "Log ind med din arbejdskonto" in " ".join(str(h.proto) for h in at.get("html"))
    assert len(at.chat_input) == 0 and len(at.sidebar.button) == 0
    assert not signin_env.exists(), "nothing is ingested for a visitor"


def test_sign_in_without_its_configuration_says_how_to_start(signin_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert "aftale app" in at.error[0].value
    assert len(at.chat_input) == 0 and len(at.button) == 0
