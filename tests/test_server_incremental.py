"""Server mode's cost follows the change: one long-lived collection, records keyed by document version.

Against a real ``chroma run`` on 127.0.0.1: adding a document adds only its
records, a generation answers only from the records it lists, a failed or
killed ingest leaves the published generation answering, and the records of a
removed document go once no generation on disk lists them.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import chromadb
import numpy as np
import pytest

from assistant.api import Assistant
from foundation.settings import Settings
from index import generation as ix
from index import vectors
from index.build import run_ingest
from index.keyed import KEY
from tests.conftest import CORPUS, OPEN_GATE, ROOT
from tests.test_server import chroma_server, server_settings

pytestmark = pytest.mark.server

EXTRA = """Aftale om tandpleje for hjemmeboende borgere

Kommunen tilbyder omsorgstandpleje til borgere i eget hjem, som ikke kan bruge de almindelige tandplejetilbud.
Tandlægen sender en plan for omsorgstandpleje til hjemmeplejen inden for fem hverdage.
"""
QUESTION = "Hvem står for dosisdispensering efter udskrivelse?"


@pytest.fixture(scope="module")
def port(tmp_path_factory) -> Iterator[int]:
    with chroma_server(tmp_path_factory.mktemp("chroma-keyed")) as p:
        yield p


@pytest.fixture()
def library(tmp_path) -> Path:
    folder = tmp_path / "library"
    shutil.copytree(CORPUS, folder)
    return folder


def _collection(s: Settings):
    client = chromadb.HttpClient(host="127.0.0.1", port=s.chroma_port, settings=vectors.chroma_settings())
    return client.get_collection(ix.require_generation(Path(s.data_dir)).read_manifest().collection)


def _records(s: Settings, key: str | None = None) -> int:
    col = _collection(s)
    return col.count() if key is None else len(col.get(where={KEY: key}, include=[])["ids"])


def _manifest(s: Settings) -> ix.Manifest:
    return ix.require_generation(Path(s.data_dir)).read_manifest()


def _answer(s: Settings) -> dict:
    return {k: v for k, v in Assistant(s).ask(QUESTION).to_json().items() if k != "timings_ms"}


def _embedded_answer(library: Path, data_dir: Path) -> dict:
    """The answer of an embedded index given the same ingests (in ``data_dir``) as the server's."""
    s = Settings.from_preset("test", data_dir=str(data_dir), answer=dict(OPEN_GATE))
    assert run_ingest([library], s).ok
    return _answer(s)


def test_add_one_adds_only_its_records_and_remove_forgets_them_after_publication(port, library, tmp_path, monkeypatch):
    s = server_settings(tmp_path / "data", port, store={"collection": "keyed-add"})
    first = run_ingest([library], s)
    assert first.ok and first.documents == 5
    mirror = tmp_path / "embedded"
    assert _embedded_answer(library, mirror) == _answer(s)
    collection, before = _manifest(s).collection, _records(s)
    assert before == first.chunks

    added_ids: list[str] = []
    real_add = vectors.ChromaStore.add

    def counting_add(self, ids, *args, **kwargs):
        added_ids.extend(ids)
        return real_add(self, ids, *args, **kwargs)

    monkeypatch.setattr(vectors.ChromaStore, "add", counting_add)
    (library / "tandpleje.txt").write_text(EXTRA, encoding="utf-8")
    added = run_ingest([library], s)
    manifest = _manifest(s)
    extra = manifest.files["tandpleje.txt"].chunks
    assert added.added == ["tandpleje.txt"] and manifest.collection == collection, "the collection is taken over"
    assert len(added_ids) == extra and all(i.endswith("@" + manifest.keys["tandpleje.txt"]) for i in added_ids)
    assert _records(s) == before + extra
    assert Assistant(s).search("omsorgstandpleje plan hjemmeplejen")[0].doc == "tandpleje.txt"
    assert _answer(s) == _embedded_answer(library, mirror), "as an index built from scratch answers"

    # removed: the new generation no longer finds it at once; its records stay while the
    # previous generation (kept for readers that still hold it) lists them
    added_ids.clear()
    old = Assistant(s).snapshot()
    (library / "tandpleje.txt").unlink()
    removed = run_ingest([library], s)
    assert _answer(s) == _embedded_answer(library, mirror)
    assert removed.removed == ["tandpleje.txt"] and not added_ids, "removing adds nothing"
    assert all(p.doc != "tandpleje.txt" for p in Assistant(s).search("omsorgstandpleje plan hjemmeplejen"))
    key = manifest.keys["tandpleje.txt"]
    assert _records(s, key) == extra and old.store.query(old.embeddings[-1], 3)
    # the next publication prunes that generation: nothing lists the key any more
    (library / "b.txt").write_text("Genoptræning\nKommunen tilbyder genoptræning senest 7 dage efter udskrivelse. " * 3, encoding="utf-8")
    assert run_ingest([library], s).added == ["b.txt"]
    assert _records(s, key) == 0
    assert _records(s) == before + _manifest(s).files["b.txt"].chunks
    assert _answer(s) == _embedded_answer(library, mirror)


def test_failed_ingest_leaves_previous_generation_answering_and_takes_its_records_back(port, library, tmp_path, monkeypatch):
    s = server_settings(tmp_path / "data", port, store={"collection": "keyed-fail"})
    assert run_ingest([library], s).ok
    gen, before = _manifest(s).generation, _records(s)
    answer = _answer(s)

    def broken_publish(*a, **k):
        raise RuntimeError("boom after the records were added")

    monkeypatch.setattr(ix, "publish", broken_publish)
    (library / "tandpleje.txt").write_text(EXTRA, encoding="utf-8")
    with pytest.raises(RuntimeError):
        run_ingest([library], s)
    assert _manifest(s).generation == gen and _records(s) == before, "the added records are deleted again"
    assert _answer(s) == answer


KILL_SCRIPT = """
import sys, time
from pathlib import Path
from index import generation as ix
from index.build import run_ingest
from tests.test_server import server_settings

def hang(*a, **k):
    print("ADDED", flush=True)
    time.sleep(600)

ix.publish = hang
run_ingest([Path(sys.argv[3])], server_settings(Path(sys.argv[1]), int(sys.argv[2]), store={"collection": "keyed-kill"}))
"""


def test_killed_ingest_leaves_previous_generation_answering(port, library, tmp_path):
    s = server_settings(tmp_path / "data", port, store={"collection": "keyed-kill"})
    assert run_ingest([library], s).ok
    gen, before = _manifest(s).generation, _records(s)
    answer = _answer(s)
    (library / "tandpleje.txt").write_text(EXTRA, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(s.data_dir), str(port), str(library)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ADDED"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert _records(s) > before, "the killed build had added its records"
    assert _manifest(s).generation == gen
    assert _answer(s) == answer, "records no published generation lists are never seen"
    assert all(p.doc != "tandpleje.txt" for p in Assistant(s).search("omsorgstandpleje plan hjemmeplejen"))
    report = run_ingest([library], s)  # the leftovers are replaced, not doubled
    assert report.added == ["tandpleje.txt"]
    assert _records(s) == before + _manifest(s).files["tandpleje.txt"].chunks


def test_records_another_process_adds_never_enter_a_generations_answers(port, library, tmp_path):
    """A generation's search leaves out records it does not list, even ones added after it counted the
    collection (another app process ingesting), which here match the question better than any of its own."""
    s = server_settings(tmp_path / "data", port, store={"collection": "keyed-foreign"})
    assert run_ingest([library], s).ok
    snap = Assistant(s).snapshot()
    vec = snap.embeddings[7]
    before = snap.store.query(vec, 10)
    assert before[0][0] == snap.chunks[7].id
    other = vectors.ChromaStore(chromadb.HttpClient(host="127.0.0.1", port=port, settings=vectors.chroma_settings()), snap.manifest.collection, None)
    other.add([f"{i:020d}@{'f' * 16}" for i in range(40)], np.repeat(vec[None, :], 40, axis=0), [{KEY: "f" * 16, "doc": "x"}] * 40)
    assert snap.store.query(vec, 10) == before
    assert Assistant(s).snapshot().store.query(vec, 10) == before
