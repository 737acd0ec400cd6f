"""Shared fixtures: real indexes built from the real corpus (hash embedder, or e5 for slow tests)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from foundation.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(autouse=True)
def _no_preset_leak(monkeypatch):
    """Tests choose their settings explicitly; a developer's environment must not leak in."""
    for key in list(os.environ):
        if key.startswith("AFTALE_"):
            monkeypatch.delenv(key, raising=False)


# The reader's refusal gate is fitted on e5 features, so with the hash embedder tests open it
# (``answer.min_confidence=0``): those indexes test quoting and citing. A test of the gate uses
# ``fitted_gate(settings)`` (the shipped threshold) or the e5 fixtures.
OPEN_GATE = {"min_confidence": 0.0}
GATE_ENV = "AFTALE_ANSWER__MIN_CONFIDENCE"
OPEN_GATE_ENV = {GATE_ENV: "0"}


def fitted_gate(settings: Settings) -> Settings:
    """``settings`` with the reader's refusal threshold as shipped (not opened for the hash embedder)."""
    return settings.model_copy(update={"answer": settings.answer.model_copy(update={"min_confidence": None})})


def hash_settings(data_dir: Path, **overrides) -> Settings:
    """The test preset (hash embedder) in ``data_dir``, with the reader's gate open (see ``OPEN_GATE``)."""
    overrides.setdefault("answer", dict(OPEN_GATE))
    return Settings.from_preset("test", data_dir=str(data_dir), **overrides)


def pdf_index(tmp_path_factory, name: str, pdfs: dict[str, Sequence[str]]) -> Settings:
    """Our own text PDFs (file name: the text of each page) ingested with the hash embedder, the catalog off."""
    from index.build import run_ingest
    from tests.pdfs import text_pdf, write

    folder = tmp_path_factory.mktemp(f"{name}-pdfs")
    paths = [Path(write(folder / file, text_pdf(pages))) for file, pages in pdfs.items()]
    settings = hash_settings(tmp_path_factory.mktemp(f"{name}-index"), ingest={"catalog": False})
    report = run_ingest(paths, settings)
    assert report.ok and report.documents == len(pdfs)
    return settings


@pytest.fixture(scope="session")
def hash_index(tmp_path_factory) -> Settings:
    """The bundled corpus ingested with the hash embedder (fast, deterministic)."""
    from index.build import run_ingest

    settings = hash_settings(tmp_path_factory.mktemp("hash-index"))
    report = run_ingest(None, settings)
    assert report.ok and report.documents == 5
    return settings


@pytest.fixture(scope="session")
def e5_index(tmp_path_factory) -> Settings:
    """The bundled corpus ingested with the real default embedder (about 90 s on 2 cores)."""
    from index.build import run_ingest

    settings = Settings(data_dir=tmp_path_factory.mktemp("e5-index"))
    report = run_ingest(None, settings)
    assert report.ok and report.documents == 5
    return settings


@pytest.fixture(scope="session")
def e5_assistant(e5_index):
    from assistant.api import Assistant

    a = Assistant(e5_index)
    a.warm_up()
    return a


@pytest.fixture(scope="session")
def hash_assistant(hash_index):
    from assistant.api import Assistant

    return Assistant(hash_index)
