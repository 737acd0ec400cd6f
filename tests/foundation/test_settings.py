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
