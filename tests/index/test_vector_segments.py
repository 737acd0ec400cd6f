"""Embedded Chroma in segments: an ingest writes a segment for the documents it read, lists the rest
again, never copies a generation's vectors, and every generation's dense search finds exactly
what one search over all its passages finds."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from assistant.api import Assistant
from foundation.errors import IndexCorrupt
from index import generation as ix
from index import vector_segments as vs
from index.bm25_segments import merge_plan
from index.build import run_ingest
from index.shards import chunk_vectors, read_chunks
from ingest.embed import HashEmbedder
from tests.conftest import hash_settings
from tests.index.small_library import cut_documents, ingested

QUERIES = ["hvem står for dosisdispensering efter udskrivelse", "genoptræningsplan kommunen frist", "sygehusets ansvar for medicin"]


def _assert_exact(s, gen: ix.Generation) -> None:
    """The store's top 10 are the 10 best passages by cosine over the generation's own vectors."""
    manifest = gen.read_manifest()
    ids = [r["id"] for r in read_chunks(gen, manifest)]
    vecs = chunk_vectors(gen, manifest).astype(np.float64)
    store = Assistant(s).snapshot().store
    assert isinstance(store, vs.SegmentedStore) and store.count() == len(ids)
    embedder = HashEmbedder(dim=manifest.dim)
    for q in QUERIES:
        qv = np.asarray(embedder.embed_query(q), np.float32)
        sims = vecs @ qv.astype(np.float64) / (np.linalg.norm(vecs, axis=1) * np.linalg.norm(qv))
        want = sorted(zip(ids, sims.tolist()), key=lambda h: (-h[1], h[0]))[:10]
        got = store.query(qv, 10)
        assert [i for i, _ in got] == [i for i, _ in want], q
        assert np.allclose([x for _, x in got], [x for _, x in want])


def _inode(path: Path) -> int:
    return os.stat(path / "chroma.sqlite3").st_ino


def test_segments_are_written_once_and_shared(tmp_path):
    docs = cut_documents(7)
    folder = tmp_path / "corpus"
    folder.mkdir()
    s = hash_settings(tmp_path / "data")
    root = vs.vectors_root(Path(s.data_dir))
    names = sorted(docs)
    (folder / names[0]).write_text(docs[names[0]], encoding="utf-8")
    assert run_ingest([folder], s).ok
    gen = ix.require_generation(Path(s.data_dir))
    assert not gen.chroma_dir.exists(), "a generation owns no Chroma folder"
    for name in names[1:]:
        before = {seg.name: _inode(root / seg.name) for seg in vs.read_list(gen)}
        (folder / name).write_text(docs[name], encoding="utf-8")
        assert run_ingest([folder], s).added == [name]
        gen = ix.require_generation(Path(s.data_dir))
        listed = vs.read_list(gen)
        for seg in listed:
            if seg.name in before:
                assert _inode(root / seg.name) == before[seg.name], "a listed segment is never written again"
        vs.collect(Path(s.data_dir), min_age_s=0)
        assert sorted(p.name for p in root.iterdir()) == sorted({seg.name for g in _generations(s) for seg in vs.read_list(g)})
        _assert_exact(s, gen)

    removed = folder / names[2]
    text = removed.read_text(encoding="utf-8")
    removed.unlink()
    assert run_ingest([folder], s).removed == [names[2]]
    gen = ix.require_generation(Path(s.data_dir))
    assert any(seg.dead for seg in vs.read_list(gen)), "the removed document's passages stay in their segment, dead"
    _assert_exact(s, gen)
    held = {p.doc for q in QUERIES for p in Assistant(s).search(q, k=20)}
    assert names[2] not in held

    removed.write_text(text, encoding="utf-8")  # back again: its key is the dead one's, and it must not count twice
    assert run_ingest([folder], s).added == [names[2]]
    _assert_exact(s, ix.require_generation(Path(s.data_dir)))
    (folder / "extra.txt").write_text(docs[names[1]][:400], encoding="utf-8")  # …and it stays dead in the old segment
    assert run_ingest([folder], s).added == ["extra.txt"]
    _assert_exact(s, ix.require_generation(Path(s.data_dir)))


def _generations(s) -> list[ix.Generation]:
    root = Path(s.data_dir) / ix.GENERATIONS
    return [ix.Generation(p) for p in root.iterdir() if (p / vs.LIST_FILE).exists()]


def test_no_merge_passes_the_cap():
    assert merge_plan([(15_000, 0), (10_000, 0)]) == [([0, 1], True)]
    assert merge_plan([(15_000, 0), (10_000, 0)], cap=vs.MAX_MERGE_ROWS) == [([0], False), ([1], False)]
    assert merge_plan([(9_000, 0), (6_000, 0)], cap=vs.MAX_MERGE_ROWS) == [([0, 1], True)]


def test_collect_removes_what_no_generation_lists(tmp_path):
    folder, s, docs = ingested(tmp_path, 2)
    root = vs.vectors_root(Path(s.data_dir))
    (root / "seg-nobodys").mkdir()
    old = root / ".building-seg-x-1234"
    old.mkdir()
    os.utime(old, (1, 1))
    fresh = root / ".building-seg-y-5678"
    fresh.mkdir()
    assert vs.collect(Path(s.data_dir)) == [".building-seg-x-1234"], "an unlisted folder this young may be a concurrent ingest's"
    assert vs.collect(Path(s.data_dir), min_age_s=0) == ["seg-nobodys"]
    assert fresh.exists(), "a segment being written now is left alone"
    assert all((root / seg.name).is_dir() for seg in vs.read_list(ix.require_generation(Path(s.data_dir))))


def test_a_missing_segment_is_damage_and_the_next_ingest_rebuilds(tmp_path):
    folder, s, docs = ingested(tmp_path, 2)
    gen = ix.require_generation(Path(s.data_dir))
    root = vs.vectors_root(Path(s.data_dir))
    for seg in vs.read_list(gen):
        os.rename(root / seg.name, root / f"gone-{seg.name}")
    with pytest.raises(IndexCorrupt) as err:
        Assistant(s).search("genoptræning")
    assert "--rebuild" in err.value.user_message
    (folder / "extra.txt").write_text(docs["d00.txt"][:400], encoding="utf-8")
    assert run_ingest([folder], s).added == ["extra.txt"]
    gen = ix.require_generation(Path(s.data_dir))
    assert all((root / seg.name).is_dir() for seg in vs.read_list(gen)), "the next ingest writes the lost segment again"
    _assert_exact(s, gen)
