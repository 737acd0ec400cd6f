"""The wired pipeline: incremental re-ingest, failures, atomic publication."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from assistant.api import Assistant
from foundation.errors import IndexCorrupt, IndexOutdated
from foundation.settings import Settings
from index import generation as ix
from index.build import index_fingerprint, run_ingest
from index.shards import (
    CHUNKS,
    SENTENCE_VECTORS,
    SENTENCES,
    read_chunks,
    read_documents,
    shard_file,
    verify,
)
from tests.conftest import CORPUS, ROOT, hash_settings
from tests.pdfs import text_pdf, write

DOC_A = """1. Genoptræning
Kommunerne skal tilbyde genoptræning til borgere med en genoptræningsplan. Genoptræningen starter senest 7 dage efter udskrivelse.
2. Medicin
Efter udskrivelse kan egen læge genopstarte dosisdispenseringen. Hospitalet sender epikrise til egen læge samme dag.
"""
DOC_B = """Forebyggelse
Regionen og kommunerne vil i fællesskab styrke indsatsen mod rygning. Målet er at halvere antallet af rygere inden 2025.
"""


@pytest.fixture()
def folder(tmp_path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    (d / "a.txt").write_text(DOC_A, encoding="utf-8")
    (d / "b.md").write_text(DOC_B, encoding="utf-8")
    return d


def test_corpus_chunks_are_citable(hash_index):
    gen = ix.require_generation(Path(hash_index.data_dir))
    rows = read_chunks(gen, gen.read_manifest())
    docs = {r["file"]: r for r in read_documents(gen, gen.read_manifest())}
    assert {r["doc"] for r in rows} == {p.name for p in CORPUS.glob("*.txt")}
    for r in rows:
        assert r["section"] is None or r["section"].strip()
        assert len(r["text"]) >= 100, "no tiny chunks"
        assert len(r["text"]) <= 1200 or len(r["sentences"]) == 1
        assert docs[r["doc"]]["text"][r["start"] : r["end"]] == r["text"]
        assert r["line_start"] <= r["line_end"]
        assert r["meta"]["region"] in {"Midtjylland", "Hovedstaden"}
    sized = [len(r["text"]) for r in rows]
    assert sorted(sized)[len(sized) // 2] >= 500, "median chunk within the 500-1200 target"


def test_incremental_reingest(folder, tmp_path):
    s = hash_settings(tmp_path / "data")
    first = run_ingest([folder], s)
    assert first.ok and sorted(first.added) == ["a.txt", "b.md"] and first.changed
    gen1 = ix.require_generation(Path(s.data_dir))

    again = run_ingest([folder], s)
    assert not again.changed and sorted(again.skipped) == ["a.txt", "b.md"]
    assert ix.require_generation(Path(s.data_dir)) == gen1, "nothing changed: no new generation"

    (folder / "a.txt").write_text(DOC_A.replace("7 dage", "14 dage"), encoding="utf-8")
    (folder / "b.md").unlink()
    (folder / "c.txt").write_text(DOC_B.replace("rygning", "alkohol"), encoding="utf-8")
    third = run_ingest([folder], s)
    assert third.updated == ["a.txt"] and third.removed == ["b.md"] and third.added == ["c.txt"]
    a = Assistant(s)
    texts = " ".join(p.text for p in a.search("genoptræning dage", k=10))
    assert "14 dage" in texts and "7 dage" not in texts
    assert {p.doc for p in a.search("rygning alkohol", k=10)} <= {"a.txt", "c.txt"}

    rebuilt = run_ingest([folder], s, rebuild=True)
    assert sorted(rebuilt.added) == ["a.txt", "c.txt"]


def test_bad_files_reported_good_files_ingested(folder, tmp_path):
    (folder / "tom.txt").write_bytes(b"")
    (folder / "program.pdf").write_bytes(b"\x7fELF" + b"\x00" * 200)
    (folder / "kopi af a.txt").write_text(DOC_A, encoding="utf-8")
    s = hash_settings(tmp_path / "data")
    report = run_ingest([folder], s)
    assert {p.file for p in report.failed} == {"tom.txt", "program.pdf"}
    assert all(p.reason for p in report.failed)
    assert [d.file for d in report.duplicates] == ["kopi af a.txt"]
    assert report.documents == 2 and not report.ok


def test_pdf_pages_are_cited(tmp_path):
    d = tmp_path / "pdfs"
    d.mkdir()
    pages = [
        "Side et handler om samarbejdet mellem kommuner og region i aftaleperioden. " * 8,
        "Kommunen har ansvaret for rehabilitering efter udskrivelse fra hospitalet. " * 8,
        "Regionen sørger for specialiseret genoptræning på hospitalet. " * 8,
    ]
    write(d / "aftale.pdf", text_pdf(pages))
    s = hash_settings(tmp_path / "data")
    assert run_ingest([d], s).pages == 3
    hits = Assistant(s).search("specialiseret genoptræning hospitalet", k=3)
    assert hits[0].doc == "aftale.pdf" and hits[0].page_end == 3 and hits[0].page >= 2
    assert "side 2–3" in hits[0].location() or "side 3" in hits[0].location()


def test_embedder_mismatch_is_a_clear_error(hash_index):
    other = hash_index.model_copy(update={"embedder": hash_index.embedder.model_copy(update={"hash_dim": 128})})
    with pytest.raises(IndexOutdated) as err:
        Assistant(other).ask("hvem står for genoptræning?")
    assert "aftale ingest --rebuild" in err.value.user_message


def test_damaged_bm25_is_detected(folder, tmp_path):
    s = hash_settings(tmp_path / "data")
    run_ingest([folder], s)
    gen = ix.require_generation(Path(s.data_dir))
    for f in gen.bm25_dir.iterdir():
        f.write_bytes(b"garbage")
    with pytest.raises(IndexCorrupt) as err:
        Assistant(s).ask("genoptræning")
    assert "--rebuild" in err.value.user_message
    assert run_ingest([folder], s).ok, "the next ingest rebuilds a damaged index"
    assert Assistant(s).search("genoptræning")


def _assert_next_change_rebuilds(folder, s) -> None:
    """Change a.txt and ingest: both files are added again from the source (a rebuild), and the change is found."""
    (folder / "a.txt").write_text(DOC_A.replace("7 dage", "14 dage"), encoding="utf-8")
    report = run_ingest([folder], s)
    assert report.ok and sorted(report.added) == ["a.txt", "b.md"], "rebuilt from the files"
    assert "14 dage" in " ".join(p.text for p in Assistant(s).search("genoptræning dage", k=10))


def test_row_file_damaged_inside_is_rebuilt_by_the_next_change(folder, tmp_path):
    """verify only counts rows; a damaged line is found when an ingest reads the rows it keeps, and it rebuilds."""
    s = hash_settings(tmp_path / "data")
    run_ingest([folder], s)
    gen = ix.require_generation(Path(s.data_dir))
    rows_file = shard_file(gen, gen.read_manifest().keys["b.md"], CHUNKS)  # b.md is kept by the change below
    lines = rows_file.read_text(encoding="utf-8").splitlines()
    rows_file.write_text("\n".join(["{broken", *lines[1:]]) + "\n", encoding="utf-8")
    _assert_next_change_rebuilds(folder, s)


def test_damaged_vector_shard_is_rebuilt_by_the_next_ingest(folder, tmp_path):
    """verify reads every shard's array header; one that does not fit its rows makes the next ingest rebuild."""
    s = hash_settings(tmp_path / "data")
    run_ingest([folder], s)
    gen = ix.require_generation(Path(s.data_dir))
    ix.save_array(shard_file(gen, gen.read_manifest().keys["b.md"], SENTENCE_VECTORS), np.zeros((1, 3), np.float32))
    _assert_next_change_rebuilds(folder, s)


def test_verify_checks_shard_sizes_without_reading_the_shards(folder, tmp_path, monkeypatch):
    """A manifest records each shard's size: an ingest checks a thousand documents' files by ``stat``,
    and a shard that grew or shrank is still caught; an older manifest without sizes is checked by reading."""
    s = hash_settings(tmp_path / "data")
    run_ingest([folder], s)
    gen = ix.require_generation(Path(s.data_dir))
    manifest = gen.read_manifest()
    assert set(manifest.shard_bytes) == set(manifest.keys.values())
    with monkeypatch.context() as mp:
        mp.setattr(ix, "count_rows", lambda path: pytest.fail(f"read {path.name}"))
        assert verify(gen) == manifest
    old = json.loads(gen.manifest_file.read_text(encoding="utf-8"))
    del old["shard_bytes"]
    gen.manifest_file.write_text(json.dumps(old), encoding="utf-8")
    assert verify(gen).shard_bytes == {}, "an older manifest: every shard is counted, as before"
    gen.manifest_file.write_text(manifest.to_json(), encoding="utf-8")
    with open(shard_file(gen, manifest.keys["b.md"], SENTENCES), "a", encoding="utf-8") as fh:
        fh.write("\n")
    with pytest.raises(IndexCorrupt):
        verify(gen)
    _assert_next_change_rebuilds(folder, s)


def test_damaged_manifest_is_rebuilt(folder, tmp_path):
    s = hash_settings(tmp_path / "data")
    run_ingest([folder], s)
    gen = ix.require_generation(Path(s.data_dir))
    gen.manifest_file.write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexCorrupt):
        Assistant(s).status()
    report = run_ingest([folder], s)
    assert report.ok and sorted(report.added) == ["a.txt", "b.md"]


KILL_SCRIPT = """
import sys, time
from pathlib import Path
from foundation.settings import Settings
from index.build import index_fingerprint, run_ingest
from index.shards import CHUNKS, SENTENCE_VECTORS, read_chunks, read_documents, shard_file
from ingest.embed import HashEmbedder

class Slow(HashEmbedder):
    def embed_documents(self, texts):
        print("EMBEDDING", flush=True)
        time.sleep(0.5)
        return super().embed_documents(texts)

s = Settings.from_preset("test", data_dir=sys.argv[1])
run_ingest([Path(sys.argv[2])], s, embedder=Slow(s.embedder.hash_dim), rebuild=True)
"""


def test_killed_ingest_leaves_previous_index_answering(tmp_path):
    s = hash_settings(tmp_path / "data")
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    run_ingest([corpus], s)
    before = [p.id for p in Assistant(s).search("dosisdispensering efter udskrivelse")]

    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(s.data_dir), str(corpus)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "EMBEDDING"
        time.sleep(0.3)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    building = [p for p in (Path(s.data_dir) / "generations").iterdir() if p.name.startswith(".building-")]
    assert building, "the kill happened while a generation was being built"
    after = [p.id for p in Assistant(s).search("dosisdispensering efter udskrivelse")]
    assert after == before
    report = run_ingest([corpus], s, rebuild=True)
    assert report.ok and report.documents == 5


def test_copy_added_later_is_detected_by_hash(folder, tmp_path):
    s = hash_settings(tmp_path / "data")
    run_ingest([folder], s)
    (folder / "a-kopi.txt").write_text(DOC_A, encoding="utf-8")
    report = run_ingest([folder], s)
    assert [(d.file, d.reason) for d in report.duplicates] == [("a-kopi.txt", "samme indhold som a.txt")]
    assert not report.changed and report.documents == 2


def test_fingerprint_changes_with_what_changes_the_index():
    a, b = Settings(), Settings(ingest={"chunk_max": 1000})
    assert index_fingerprint(a) != index_fingerprint(b)
    assert index_fingerprint(a) == index_fingerprint(Settings(embedder={"batch_size": 8}))


def test_an_index_of_an_earlier_version_is_read_again_not_dropped(folder, tmp_path):
    """After an upgrade (another fingerprint), adding one file rebuilds the index with every document it
    held, read again from its source; where a source is gone, nothing is built and the user is told."""
    first = hash_settings(tmp_path / "data")
    assert sorted(run_ingest([folder], first).added) == ["a.txt", "b.md"]
    upgraded = hash_settings(tmp_path / "data", ingest={"chunk_max": 1000})  # another fingerprint, as a version bump
    assert index_fingerprint(upgraded) != index_fingerprint(first)
    new = tmp_path / "c.txt"
    new.write_text(DOC_B.replace("rygning", "alkohol"), encoding="utf-8")
    report = run_ingest([new], upgraded)
    gen = ix.require_generation(Path(upgraded.data_dir))
    assert sorted(gen.read_manifest().files) == ["a.txt", "b.md", "c.txt"] and sorted(report.added) == ["a.txt", "b.md", "c.txt"]

    (folder / "b.md").unlink()
    again = hash_settings(tmp_path / "data", ingest={"chunk_max": 900})
    other = tmp_path / "d.txt"
    other.write_text(DOC_A.replace("7 dage", "21 dage"), encoding="utf-8")
    with pytest.raises(IndexOutdated) as err:
        run_ingest([other], again)
    assert "b.md" in err.value.user_message and "--rebuild" in err.value.user_message
    assert ix.require_generation(Path(again.data_dir)) == gen, "nothing built: the index as it was"
    assert sorted(run_ingest([other], again, rebuild=True).added) == ["d.txt"]  # the user's explicit choice


def test_carried_rows_are_written_back_byte_for_byte(tmp_path):
    """An ingest copies unchanged documents' rows as stored lines (names with quotes, backslashes and
    non-ASCII letters included), writing them in blocks; what it parses equals the stored row."""
    docs = [{"file": name, "text": f"tekst {i} æøå", "meta": {"title": name}} for i, name in enumerate(['a "b".txt', "c\\d.txt", "ø.md"])]
    chunks = [{"id": f"{d['file']}#{i}", "doc": d["file"], "text": "x"} for d in docs for i in range(3000)]
    src_docs, src_chunks = tmp_path / "documents.jsonl", tmp_path / "chunks.jsonl"
    ix.write_jsonl(src_docs, docs)
    ix.write_jsonl(src_chunks, chunks)
    doc_lines, chunk_lines = ix.read_document_lines(src_docs), ix.read_lines(src_chunks)
    assert [r["file"] for r in doc_lines] == [d["file"] for d in docs]
    assert [(r["id"], r["doc"]) for r in chunk_lines] == [(c["id"], c["doc"]) for c in chunks]
    assert [ix.full(r) for r in doc_lines] == docs
    ix.write_jsonl(tmp_path / "d2.jsonl", doc_lines)
    ix.write_jsonl(tmp_path / "c2.jsonl", chunk_lines)
    assert (tmp_path / "d2.jsonl").read_bytes() == src_docs.read_bytes()
    assert (tmp_path / "c2.jsonl").read_bytes() == src_chunks.read_bytes()
    assert ix.read_jsonl(tmp_path / "c2.jsonl") == chunks


@pytest.mark.parametrize("content", [b"", b'{"a": 1}\n', b'{"a": 1}\n{"a": 2}', b'\n{"a": 1}\n\n{"a": 2}\n\n', b'{"a": 1}\n' * 5000])
def test_rows_are_counted_without_parsing(tmp_path, content):
    """``verify`` counts a row file's lines in blocks; blank lines (never written) are not rows."""
    path = tmp_path / "rows.jsonl"
    path.write_bytes(content)
    assert ix.count_rows(path) == sum(1 for line in content.splitlines() if line.strip())
