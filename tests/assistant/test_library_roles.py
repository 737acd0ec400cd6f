"""Roles in the API: every library change is refused for readers and anonymous visitors, done and logged for editors.

Real ingests (hash embedder, real Chroma) into a temporary data directory;
removal and correction publish new generations through the same path as an upload.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.access import Actor, NotAllowed, check_exposure, is_loopback
from assistant.api import Assistant
from assistant.library import BadCorrection, UnknownDocument
from foundation.errors import AftaleError, SettingsError
from foundation.settings import Settings
from index import generation as ix
from index.audit_store import AuditStore
from tests.conftest import hash_settings

SAAR = (
    "Aftale om sårpleje i Testkommune\n\n1. Formål\nAftalen beskriver samarbejdet om sårpleje mellem hjemmesygeplejen, "
    "almen praksis og hospitalet.\n2. Frister\nHjemmesygeplejen skal foretage en sårvurdering senest 2 hverdage efter henvisningen.\n"
)
FALD = (
    "Aftale om faldforebyggelse\n\n1. Formål\nKommunen tilbyder faldscreening til borgere over 65 år.\n"
    "2. Frister\nFaldscreeningen skal ske senest 10 hverdage efter udskrivelsen fra hospitalet.\n"
)
EDITORS = {"auth": {"editors": "Redaktoer@Kommune.dk"}}


@pytest.fixture()
def library(tmp_path: Path) -> tuple[Assistant, Path, Settings]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "saar.txt").write_text(SAAR, encoding="utf-8")
    settings = hash_settings(tmp_path / "data", **EDITORS)
    assistant = Assistant(settings)
    assert assistant.ingest([docs], actor=Actor.system()).ok
    return assistant, docs, settings


def _actors(settings: Settings) -> dict[str, Actor]:
    return {
        "anonymous": Actor.anonymous(),
        "reader": Actor.signed_in("laeser@kommune.dk", "Lis Læser", settings),
    }


def test_roles_come_from_the_editors_setting() -> None:
    s = Settings.from_preset("test", **EDITORS)
    assert Actor.signed_in("REDAKTOER@kommune.dk", "R", s).is_editor
    assert Actor.signed_in("redaktoer@kommune.dk", "R", s).user == "redaktoer@kommune.dk"
    assert Actor.signed_in("andre@kommune.dk", "A", s).role == "reader"
    assert Actor.signed_in(None, "uden mail", s).role == "reader"
    assert Actor.anonymous().role == "anonymous"


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_every_library_change_is_refused_for_readers_and_anonymous(library, tmp_path: Path, who: str) -> None:
    assistant, docs, settings = library
    actor = _actors(settings)[who]
    new = tmp_path / "fald.txt"
    new.write_text(FALD, encoding="utf-8")
    before = ix.current_generation(Path(settings.data_dir)).path
    overrides = Path(settings.data_dir) / "library-overrides.json"
    routes = {
        "ingest": lambda: assistant.ingest([new], actor=actor),
        "rebuild": lambda: assistant.ingest([docs], rebuild=True, actor=actor),
        "add_documents": lambda: assistant.add_documents([new], actor),
        "remove_document": lambda: assistant.remove_document("saar.txt", actor),
        "correct_document": lambda: assistant.correct_document("saar.txt", {"title": "Hacket"}, actor),
        "audit": lambda: assistant.audit(actor),
    }
    for route, call in routes.items():
        with pytest.raises(NotAllowed) as caught:
            call()
        text = caught.value.message("da")
        assert isinstance(caught.value, AftaleError)
        assert ("Log ind først" in text) if who == "anonymous" else ("Kun redaktører" in text and "læser" in text), (route, text)
        assert "editor" in caught.value.message("en"), route
    # nothing changed: same generation, no decisions written, no audit rows beyond the first ingest
    assert ix.current_generation(Path(settings.data_dir)).path == before
    assert not overrides.exists()
    assert [r.action for r in AuditStore(settings.data_dir).rows()] == ["added"]
    assert [f["file"] for f in assistant.status()["files"]] == ["saar.txt"]


def test_editor_adds_corrects_removes_and_every_change_is_logged(library, tmp_path: Path) -> None:
    assistant, docs, settings = library
    editor = Actor.signed_in("redaktoer@kommune.dk", "Rie Redaktør", settings)
    new = tmp_path / "fald.txt"
    new.write_text(FALD, encoding="utf-8")

    report = assistant.add_documents([new], editor)
    assert report.added == ["fald.txt"]
    assert not assistant.ask("Hvornår skal faldscreeningen ske?").refused

    gen = ix.current_generation(Path(settings.data_dir)).path
    assistant.correct_document("saar.txt", {"title": "Sårplejeaftalen", "region": "Midtjylland", "status": "udløbet"}, editor)
    assert ix.current_generation(Path(settings.data_dir)).path != gen, "a correction publishes a new generation"
    facts = {f["file"]: f for f in assistant.status()["files"]}
    assert facts["saar.txt"]["title"] == "Sårplejeaftalen" and facts["saar.txt"]["region"] == "Midtjylland"
    answer = assistant.ask("Hvor hurtigt skal hjemmesygeplejen foretage en sårvurdering?")
    assert answer.citations and answer.citations[0].passage.title == "Sårplejeaftalen"
    # the correction survives a rebuild (which changes nothing, so logs nothing)
    assistant.ingest([docs, new], rebuild=True)
    assert {f["file"]: f["title"] for f in assistant.status()["files"]}["saar.txt"] == "Sårplejeaftalen"

    assistant.remove_document("fald.txt", editor)
    assert [f["file"] for f in assistant.status()["files"]] == ["saar.txt"]
    # an ingest of the file again does not bring back what an editor removed ...
    again = assistant.ingest([new])
    assert again.withheld == ["fald.txt"] and [f["file"] for f in assistant.status()["files"]] == ["saar.txt"]
    # ... an editor adding it again does
    assert assistant.add_documents([new], editor).added == ["fald.txt"]

    rows = assistant.audit(editor)
    got = [(r.user, r.action, r.document) for r in reversed(rows)]
    assert got == [
        ("system", "added", "saar.txt"),
        ("redaktoer@kommune.dk", "added", "fald.txt"),
        ("redaktoer@kommune.dk", "corrected", "saar.txt"),
        ("redaktoer@kommune.dk", "removed", "fald.txt"),
        ("redaktoer@kommune.dk", "added", "fald.txt"),
    ]
    assert all(len(r.sha256) == 64 for r in rows)
    assert "title=Sårplejeaftalen" in rows[-3].detail


def test_bad_corrections_and_unknown_documents_are_clear_errors(library) -> None:
    assistant, _, settings = library
    editor = Actor.signed_in("redaktoer@kommune.dk", "R", settings)
    with pytest.raises(BadCorrection) as bad:
        assistant.correct_document("saar.txt", {"sha256": "x"}, editor)
    assert bad.value.message("da").startswith("Ukendt oplysning: sha256")
    with pytest.raises(BadCorrection) as bad:
        assistant.correct_document("saar.txt", {"title": "a\nb"}, editor)
    assert "én linje" in bad.value.message("da")
    with pytest.raises(UnknownDocument) as unknown:
        assistant.remove_document("nope.txt", editor)
    assert unknown.value.message("da") == "Dokumentet nope.txt findes ikke i indekset."


def test_the_app_refuses_an_open_address_without_sign_in() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.0.0.5")
    check_exposure(Settings(), "127.0.0.1")
    with pytest.raises(SettingsError) as refused:
        check_exposure(Settings(), "0.0.0.0")
    assert "starter ikke på adressen 0.0.0.0 uden login" in refused.value.message("da")
    check_exposure(Settings(auth={"allow_anonymous": True}), "0.0.0.0")
    signed = Settings(auth={
        "provider_url": "https://login.example/v2.0/.well-known/openid-configuration",
        "client_id": "c", "client_secret": "s", "cookie_secret": "x" * 32,
    })
    check_exposure(signed, "0.0.0.0")
