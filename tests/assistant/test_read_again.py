"""After an upgrade, an index built by an earlier version is read again from its sources as the new
version reads them (``Assistant.read_again``); where a source is gone, the index stays as it was.

Real ingests (hash embedder, real Chroma) into a temporary data directory; "an earlier version" is
an index built with another fingerprint, as a bump of the reader's version makes one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.access import Actor
from assistant.api import Assistant
from foundation.errors import IndexOutdated
from index import generation as ix
from index.audit_store import AuditStore
from tests.conftest import hash_settings

SAAR = ("Aftale om sårpleje i Testkommune\n\n1. Frister\n"
        "Hjemmesygeplejen skal foretage en sårvurdering senest 2 hverdage efter henvisningen.\n")
FALD = ("Aftale om faldforebyggelse\n\n1. Frister\n"
        "Faldscreeningen skal ske senest 10 hverdage efter udskrivelsen fra hospitalet.\n")


@pytest.fixture()
def earlier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Assistant, Path]:
    """An index of two documents built by "the earlier version" (reader version 0), and the assistant of this one."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "saar.txt").write_text(SAAR, encoding="utf-8")
    (docs / "fald.txt").write_text(FALD, encoding="utf-8")
    settings = hash_settings(tmp_path / "data")
    with monkeypatch.context() as old:
        old.setattr("index.build.READER_VERSION", "0")
        assert Assistant(settings).ingest([docs], actor=Actor.system()).ok
    return Assistant(settings), docs


def test_an_index_of_an_earlier_version_is_read_again_with_every_document(earlier: tuple[Assistant, Path]) -> None:
    assistant, _ = earlier
    data_dir = Path(assistant.settings.data_dir)
    before = ix.require_generation(data_dir)
    assert assistant.index_outdated()
    report = assistant.read_again(Actor.system())
    assert report is not None and report.ok and sorted(report.added) == ["fald.txt", "saar.txt"]
    assert not assistant.index_outdated() and ix.require_generation(data_dir) != before
    assert sorted(ix.require_generation(data_dir).read_manifest().files) == ["fald.txt", "saar.txt"]
    answer = assistant.ask("Hvornår skal faldscreeningen ske?")
    assert "10 hverdage" in answer.answer
    assert assistant.read_again(Actor.system()) is None  # current now: nothing to do
    assert not [r for r in AuditStore(data_dir).rows() if r.action == "removed"]


def test_a_gone_source_leaves_the_index_as_it_was(earlier: tuple[Assistant, Path]) -> None:
    assistant, docs = earlier
    data_dir = Path(assistant.settings.data_dir)
    before = ix.require_generation(data_dir)
    (docs / "fald.txt").unlink()
    with pytest.raises(IndexOutdated) as err:
        assistant.read_again(Actor.system())
    assert "fald.txt" in err.value.user_message and "--rebuild" in err.value.user_message
    assert ix.require_generation(data_dir) == before and assistant.index_outdated()
    assert "10 hverdage" in assistant.ask("Hvornår skal faldscreeningen ske?").answer  # still answers as it was
