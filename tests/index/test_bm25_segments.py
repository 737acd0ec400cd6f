"""BM25 in segments: an ingest writes its documents' pieces once, links the rest, merges by policy,
and every generation scores exactly as one matrix built from scratch over its passages."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from foundation.errors import IndexCorrupt
from foundation.text.tokens import Decompounder, document_tokens, query_tokens, words
from index import bm25_segments as seg
from index import generation as ix
from index.bm25 import BM25Index
from index.build import run_ingest
from index.lexical import chunk_text
from index.shards import read_chunks
from tests.conftest import hash_settings
from tests.index.small_library import cut_documents, ingested

QUERIES = [
    "hvem står for dosisdispensering efter udskrivelse",
    "genoptræningsplan kommunen frist",
    "sygehusets ansvar for medicin",
    "who is responsible for rehabilitation",
    "praktiserende læge og hjemmesygepleje",
]


def test_merge_plan_keeps_a_few_segments_of_growing_size():
    assert seg.merge_plan([(1000, 0), (10, 0)]) == [([0], False), ([1], False)]
    # two of a size merge, and the merged one joins an older one it is no longer much smaller than
    assert seg.merge_plan([(50, 0), (20, 0), (10, 0)]) == [([0, 1, 2], True)]
    assert seg.merge_plan([(1000, 0), (20, 0), (10, 0)]) == [([0], False), ([1, 2], True)]
    # a segment with more dead rows than live ones is rewritten; one without live rows is left out
    assert seg.merge_plan([(1000, 0), (5, 40), (0, 8), (1, 0)]) == [([0], False), ([1], True), ([3], False)]


def test_segment_count_grows_logarithmically():
    sizes: list[tuple[int, int]] = [(5000, 0)]
    most, rewritten = 0, 0
    for _ in range(2000):
        sizes.append((3, 0))
        plan = seg.merge_plan(sizes)
        rewritten += sum(sum(sizes[i][0] for i in g) for g, again in plan if again)
        sizes = [(sum(sizes[i][0] for i in g), 0) for g, _ in plan]
        most = max(most, len(sizes))
    assert sum(s for s, _ in sizes) == 5000 + 2000 * 3
    assert most <= 9
    assert rewritten / (2000 * 3) < 9, "each added passage is rewritten a few times, not once per later add"


def _assert_like_scratch(gen: ix.Generation) -> None:
    manifest = gen.read_manifest()
    rows = read_chunks(gen, manifest)
    counts = Counter(w for r in rows for w in words(r["text"]))
    dec = Decompounder(counts)
    scratch = BM25Index.build([document_tokens(chunk_text(r), dec) or [""] for r in rows])
    built = seg.load_bm25(gen.bm25_dir, manifest)
    assert isinstance(built, seg.SegmentedBM25) and built.size == len(rows)
    for q in QUERIES:
        toks = query_tokens(q, dec)
        assert np.array_equal(built.scores(toks), scratch.scores(toks)), q


def test_adds_removes_and_readds_score_as_from_scratch(tmp_path):
    docs = cut_documents(9)
    folder = tmp_path / "corpus"
    folder.mkdir()
    s = hash_settings(tmp_path / "data")
    names = sorted(docs)
    (folder / names[0]).write_text(docs[names[0]], encoding="utf-8")
    assert run_ingest([folder], s).ok
    counts = []
    for name in names[1:]:  # one at a time: segments are written, linked and merged
        previous = ix.require_generation(Path(s.data_dir))
        (folder / name).write_text(docs[name], encoding="utf-8")
        assert run_ingest([folder], s).added == [name]
        gen = ix.require_generation(Path(s.data_dir))
        _assert_like_scratch(gen)
        info = seg.read_info(gen.bm25_dir)
        counts.append(len(info["segments"]))
        for kept in set(info["segments"]) & set(seg.read_info(previous.bm25_dir)["segments"]):
            a, b = seg.segment_files(previous.bm25_dir, kept)[0], seg.segment_files(gen.bm25_dir, kept)[0]
            assert os.stat(a).st_ino == os.stat(b).st_ino, "an unchanged segment is linked, not written again"
    assert max(counts) <= 4 and any(c > 1 for c in counts)

    removed = folder / names[3]
    text = removed.read_text(encoding="utf-8")
    removed.unlink()
    assert run_ingest([folder], s).removed == [names[3]]
    gen = ix.require_generation(Path(s.data_dir))
    _assert_like_scratch(gen)
    assert seg.read_info(gen.bm25_dir)["dead"], "a removed document's rows stay in their segment, not live"

    removed.write_text(text, encoding="utf-8")  # the same document again: its key is the dead one's
    assert run_ingest([folder], s).added == [names[3]]
    _assert_like_scratch(ix.require_generation(Path(s.data_dir)))
    (folder / "extra.txt").write_text(docs[names[1]][:400], encoding="utf-8")  # …and it stays dead in the old segment
    assert run_ingest([folder], s).added == ["extra.txt"]
    _assert_like_scratch(ix.require_generation(Path(s.data_dir)))

    changed = folder / names[5]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nKommunen sørger for dosisdispensering.", encoding="utf-8")
    assert run_ingest([folder], s).updated == [names[5]]
    _assert_like_scratch(ix.require_generation(Path(s.data_dir)))


def test_a_missing_or_changed_segment_is_damage(tmp_path):
    folder, s, _ = ingested(tmp_path, 3)
    gen = ix.require_generation(Path(s.data_dir))
    order = seg.order_of(gen.read_manifest())
    seg.check(gen.bm25_dir, order)
    with pytest.raises(IndexCorrupt):
        seg.check(gen.bm25_dir, order[1:])  # a document no generation lists
    name = seg.read_info(gen.bm25_dir)["segments"][0]
    arrays = seg.segment_files(gen.bm25_dir, name)[0]
    arrays.write_bytes(arrays.read_bytes()[:-7])
    with pytest.raises(IndexCorrupt) as err:
        seg.check(gen.bm25_dir, order)
    assert "--rebuild" in err.value.user_message
    assert run_ingest([folder], s).ok, "the next ingest rebuilds a damaged index"
    _assert_like_scratch(ix.require_generation(Path(s.data_dir)))
