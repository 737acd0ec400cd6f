"""An ingest that adds, changes or removes documents takes over the rest of the previous generation,
and what it writes equals what a build from scratch over the same passages writes."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import bm25s
import numpy as np
import pytest

from assistant.api import Assistant
from assistant.register import Register
from evals.questions import load_questions
from foundation.text.tokens import Decompounder, document_tokens, query_tokens, words
from index import generation as ix
from index.bm25 import BM25Index
from index.bm25_segments import load_bm25, segmented
from index.build import run_ingest
from index.lexical import PieceTable, chunk_text, expansion, piece_matrix
from index.lexicon_store import LEXICON_FILE
from index.register_store import read_rows, register_path
from index.shards import (
    PARTS,
    SHARDS,
    chunk_vectors,
    read_chunks,
    read_documents,
    read_sentences,
    shard_file,
)
from index.vector_segments import read_list
from ingest.commitments.extract import extract
from ingest.embed import HashEmbedder
from ingest.lexicon import Lexicon, learn_lexicon
from tests.conftest import CORPUS, ROOT, hash_settings

QUESTIONS = [q.question for q in load_questions(ROOT / "evals" / "questions_tune.jsonl")][:80]


def _from_scratch(gen: ix.Generation) -> tuple[dict[str, int], BM25Index, Decompounder]:
    rows = read_chunks(gen, gen.read_manifest())
    counts = Counter(w for r in rows for w in words(r["text"]))
    dec = Decompounder(counts)
    return dict(counts), BM25Index.build([document_tokens(chunk_text(r), dec) or [""] for r in rows]), dec


def _assert_like_scratch(gen: ix.Generation) -> None:
    counts, scratch, dec = _from_scratch(gen)
    stored = ix.read_jsonl(gen.path / "vocabulary.jsonl")[0]["counts"]
    assert stored == counts
    texts = [d["text"] for d in read_documents(gen, gen.read_manifest())]  # sorted by file, as ingest passes them
    assert Lexicon.read(gen.path / LEXICON_FILE).to_json() == learn_lexicon(texts).to_json()
    built = load_bm25(gen.bm25_dir, gen.read_manifest())
    for q in QUESTIONS:
        toks = query_tokens(q, dec)
        assert np.array_equal(built.scores(toks), scratch.scores(toks)), q
    docs = read_documents(gen, gen.read_manifest())
    rows = extract(read_sentences(gen, gen.read_manifest())[0], read_chunks(gen, gen.read_manifest()), docs)
    # Line numbers aside: extracting here re-reads each source and cleans it alone, while ingest
    # numbered lines on the text it cleaned against the batch's words (and the copied rows keep those).
    def fields(rs):
        return sorted(({k: v for k, v in r.to_dict().items() if k not in ("line_start", "line_end")} for r in rs), key=lambda r: r["id"])

    stored_rows = fields(read_rows(register_path(gen.path)))
    assert stored_rows and stored_rows == fields(rows)
    _assert_vectors_are_their_texts(gen)
    sql, memory = Register(register_path(gen.path)), Register(register_path(gen.path))
    memory._sql = False  # the search tables, copied and trimmed by the ingest, find what a pass over every row finds
    for kw in ({"text": "udskrivelse"}, {"text": "kommunen genoptræning"}, {"actor": "kommunen", "text": "af"}):
        assert sql.query(**kw) == memory.query(**kw) and sql.page(**kw, limit=3) == memory.page(**kw, limit=3), kw


def _assert_vectors_are_their_texts(gen: ix.Generation) -> None:
    """Every stored vector row is its own row's text embedded (kept, gathered and reordered rows alike)."""
    dim = gen.read_manifest().dim
    embedder = HashEmbedder(dim=dim)
    chunks = read_chunks(gen, gen.read_manifest())
    texts = [ix.chunk_from_row(r).embed_text() for r in chunks]
    assert np.allclose(chunk_vectors(gen, gen.read_manifest()), embedder.embed_documents(texts), atol=1e-6)
    sents, vectors = read_sentences(gen, gen.read_manifest())
    assert np.allclose(vectors, embedder.embed_documents([r["text"] for r in sents]), atol=1e-6)


@pytest.fixture()
def library(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for f in sorted(CORPUS.iterdir()):
        shutil.copy(f, folder / f.name)
    return folder


def test_add_change_remove_equal_a_build_from_scratch(library, tmp_path):
    s = hash_settings(tmp_path / "data")
    spare = tmp_path / "spare"
    spare.mkdir()
    names = sorted(p.name for p in library.glob("*.txt"))
    shutil.move(library / names[0], spare / names[0])
    first = run_ingest([library], s)
    assert first.ok and len(first.added) == 4
    gen1 = ix.require_generation(Path(s.data_dir))

    shutil.copy(spare / names[0], library / names[0])  # add one
    added = run_ingest([library], s)
    assert added.added == [names[0]] and sorted(added.skipped) == names[1:]
    gen2 = ix.require_generation(Path(s.data_dir))
    before, after = read_list(gen1), read_list(gen2)
    assert after[0] == before[0] and len(after) == 2, "the kept documents' vector segment is listed again, not copied or rebuilt"
    _assert_like_scratch(gen2)

    changed = library / names[1]
    changed.write_text(changed.read_text(encoding="utf-8").replace("kommune", "kommunen"), encoding="utf-8")
    (library / names[2]).unlink()  # and remove one, in the same ingest
    third = run_ingest([library], s)
    assert third.updated == [names[1]] and third.removed == [names[2]]
    gen3 = ix.require_generation(Path(s.data_dir))
    _assert_like_scratch(gen3)

    a = Assistant(s)
    assert a.snapshot().store.count() == len(a.snapshot().chunks)
    stored = a.snapshot().store.stores()[0]._collection.get(limit=50, include=["documents", "metadatas"])
    assert stored["documents"] == [None] * 50, "texts live in chunks.jsonl only, not again in Chroma"
    assert all(m["doc"] in names for m in stored["metadatas"])
    held = {p.doc for q in QUESTIONS[:20] for p in a.search(q, k=10)}
    assert names[2] not in held and names[0] in held
    with_ids = {c.id for c in a.snapshot().chunks}
    assert {i for q in QUESTIONS[:20] for i, _ in a.snapshot().store.query(a.embedder.embed_query(q), 10)} <= with_ids


def _shard_files(gen: ix.Generation, name: str) -> list[Path]:
    key = gen.read_manifest().keys[name]
    return [shard_file(gen, key, part) for part in PARTS]


def test_unchanged_documents_shards_are_hard_linked(library, tmp_path):
    """An ingest writes the shards (passages, vectors, sentences, text) of the documents it adds or changes
    and hard-links the rest;
    pruning the generation they were first written in leaves them readable in the ones that link them."""
    s = hash_settings(tmp_path / "data")
    spare = tmp_path / "spare"
    spare.mkdir()
    names = sorted(p.name for p in library.glob("*.txt"))
    shutil.move(library / names[0], spare / names[0])
    assert run_ingest([library], s).ok
    gen1 = ix.require_generation(Path(s.data_dir))
    first = {n: [f.stat().st_ino for f in _shard_files(gen1, n)] for n in names[1:]}

    shutil.copy(spare / names[0], library / names[0])  # add one
    assert run_ingest([library], s).added == [names[0]]
    gen2 = ix.require_generation(Path(s.data_dir))
    for n in names[1:]:
        assert [f.stat().st_ino for f in _shard_files(gen2, n)] == first[n], n
        assert all(f.stat().st_nlink == 2 for f in _shard_files(gen2, n))
    written = [f for f in (gen2.path / SHARDS).iterdir() if f.stat().st_nlink == 1]
    assert sorted(written) == sorted(_shard_files(gen2, names[0])), "only the added document's shard is new"
    _assert_vectors_are_their_texts(gen2)

    changed = library / names[1]
    changed.write_text(changed.read_text(encoding="utf-8").replace("kommune", "kommunen"), encoding="utf-8")
    assert run_ingest([library], s).updated == [names[1]]
    gen3 = ix.require_generation(Path(s.data_dir))
    assert not gen1.path.exists(), "the first generation was pruned"
    for n in names[2:]:
        assert [f.stat().st_ino for f in _shard_files(gen3, n)] == first[n], n
    assert [f.stat().st_ino for f in _shard_files(gen3, names[1])] != first[names[1]]
    _assert_like_scratch(gen3)
    rows, _ = read_sentences(gen3, gen3.read_manifest())
    assert {r["doc"] for r in rows} == set(names)


def test_a_generation_without_shards_is_split_by_the_next_ingest(library, tmp_path):
    """A generation written before shards (one file each for the library) still answers, and the next
    ingest gives the new generation shards with the same rows and vectors."""
    s = hash_settings(tmp_path / "data")
    assert run_ingest([library], s).ok
    gen = ix.require_generation(Path(s.data_dir))
    rows, vectors = read_sentences(gen, gen.read_manifest())
    manifest = gen.read_manifest()
    chunks, chunk_emb, docs = read_chunks(gen, manifest), chunk_vectors(gen, manifest), read_documents(gen, manifest)
    ix.write_jsonl(gen.sentences_file, rows)  # the layout before shards: one file each for the library
    ix.save_array(gen.sentence_embeddings_file, vectors)
    ix.write_jsonl(gen.chunks_file, chunks)
    ix.save_array(gen.embeddings_file, chunk_emb)
    ix.write_jsonl(gen.documents_file, docs)
    shutil.rmtree(gen.path / SHARDS)
    _write_single_bm25(gen, chunks)  # and BM25 as one score matrix, as before segments
    search = [p.id for p in Assistant(s).search("dosisdispensering efter udskrivelse")]
    assert search, "the generation without shards answers"
    (library / "extra.txt").write_text("Tandpleje\nKommunen tilbyder omsorgstandpleje i eget hjem. " * 3, encoding="utf-8")
    assert run_ingest([library], s).added == ["extra.txt"]
    new = ix.require_generation(Path(s.data_dir))
    assert (new.path / SHARDS).is_dir() and not new.sentences_file.exists() and not new.chunks_file.exists()
    assert segmented(new.bm25_dir) and not (new.bm25_dir / "scores.npz").exists()
    _assert_like_scratch(new)
    _assert_vectors_are_their_texts(new)
    new_rows, _ = read_sentences(new, new.read_manifest())
    assert [r for r in new_rows if r["doc"] != "extra.txt"] == sorted(rows, key=lambda r: r["doc"])
    assert [p.id for p in Assistant(s).search("dosisdispensering efter udskrivelse")][:3] == search[:3]


def _write_single_bm25(gen: ix.Generation, chunks: list[dict]) -> None:
    """The lexical index as generations wrote it before segments: one piece table and one score matrix."""
    shutil.rmtree(gen.bm25_dir)
    gen.bm25_dir.mkdir()
    counts = Counter(w for r in chunks for w in words(r["text"]))
    vocab: dict[str, int] = {}
    table = piece_matrix(chunks, vocab)
    PieceTable(table, list(vocab)).save(gen.bm25_dir)
    e, tokens = expansion(list(vocab), Decompounder(counts))
    BM25Index.from_tf(table.astype(np.int64) @ e.astype(np.int64), tokens).save(gen.bm25_dir)


def test_bm25_scores_equal_bm25s(hash_index):
    """Our sparse BM25 gives bm25s's numbers (Lucene variant, k1=1.2, b=0.75) for the same tokens."""
    gen = ix.require_generation(Path(hash_index.data_dir))
    rows = read_chunks(gen, gen.read_manifest())
    counts = Counter(w for r in rows for w in words(r["text"]))
    dec = Decompounder(counts)
    tokens = [document_tokens(chunk_text(r), dec) or [""] for r in rows]
    reference = bm25s.BM25(k1=1.2, b=0.75)
    reference.index(tokens, show_progress=False)
    ours = load_bm25(gen.bm25_dir, gen.read_manifest())
    for q in QUESTIONS:
        known = [t for t in query_tokens(q, dec) if t in reference.vocab_dict]
        expected = np.asarray(reference.get_scores(known), np.float32) if known else np.zeros(len(rows), np.float32)
        assert np.array_equal(ours.scores(query_tokens(q, dec)), expected), q
