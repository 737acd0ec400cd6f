"""One published index generation loaded for queries: ``IndexSnapshot``, immutable once built.

The assistant keeps one per process and swaps it whole when a newer
generation is published (``assistant.api.Assistant.snapshot``).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

import numpy as np

from foundation.errors import IndexCorrupt, IndexOutdated
from foundation.records import Chunk
from foundation.settings import Settings
from foundation.text.tokens import Decompounder, stem
from index import generation as ix
from index.backends import make_store, manifest_keys
from index.bm25 import BM25Index
from index.bm25_segments import SegmentedBM25, load_bm25
from index.fields import FILTER_FIELDS, FieldIndex
from index.lexicon_store import load_lexicon
from index.register_store import read_spans, register_path
from index.shards import chunk_vectors, read_chunks, read_documents, read_sentences
from index.vectors import VectorStore
from ingest.lexicon import Lexicon


@dataclass
class IndexSnapshot:
    """Everything loaded from one published generation; immutable once built."""

    generation: ix.Generation
    manifest: ix.Manifest
    chunks: list[Chunk]
    sentences: list[list[tuple[int, int]]]  # per chunk: doc-level sentence spans
    embeddings: np.ndarray
    sentence_rows: list[dict[str, Any]]
    sentence_embeddings: np.ndarray
    sentence_index: dict[tuple[str, int], int]  # (doc, start) -> row
    documents: dict[str, dict[str, Any]]
    bm25: BM25Index | SegmentedBM25
    store: VectorStore
    decompounder: Decompounder
    counts: dict[str, int]
    stem_counts: dict[str, int]
    chunk_index: dict[str, int]  # chunk id -> position
    register_spans: dict[tuple[str, int], tuple[str, str]]  # (doc, sentence start) -> (actor, kind)
    sentence_chunks: list[list[int]]  # per sentence row: the chunks that hold it
    lexicon: Lexicon | None = None  # what ingest learnt of the documents' words
    term_vectors: np.ndarray | None = None  # embeddings of ``lexicon.terms``, row by row
    fields: FieldIndex | None = None  # filter fields as code arrays (``index.fields``)

    @classmethod
    def load(cls, generation: ix.Generation, settings: Settings, embedder: Any) -> "IndexSnapshot":
        manifest = generation.read_manifest()
        ix.check_embedder(manifest, embedder)
        rows = read_chunks(generation, manifest)
        chunks = [ix.chunk_from_row(r) for r in rows]
        sentences = [[tuple(s) for s in r.get("sentences", [])] for r in rows]
        emb = chunk_vectors(generation, manifest)
        srows, semb = read_sentences(generation, manifest)
        docs = {r["file"]: r for r in read_documents(generation, manifest)}
        vocab_rows = ix.read_jsonl(generation.path / "vocabulary.jsonl")
        counts = dict(vocab_rows[0]["counts"]) if vocab_rows else {}
        bm25 = load_bm25(generation.bm25_dir, manifest)
        lexicon, term_vectors = load_lexicon(generation, counts)
        if manifest.mode == "server" and not settings.server_mode or manifest.mode == "embedded" and settings.server_mode:
            raise IndexOutdated(
                f"Indekset er bygget i {manifest.mode}-tilstand, men indstillingerne siger noget andet. Kør: aftale ingest --rebuild",
                f"The index was built in {manifest.mode} mode but the settings say otherwise. Run: aftale ingest --rebuild",
            )
        store = make_store(settings, generation, manifest.collection, embedder, manifest_keys(manifest))
        if store.count() != len(chunks):
            raise IndexCorrupt(
                f"Vektorindekset har {store.count()} passager, manifestet {len(chunks)}. Kør: aftale ingest --rebuild",
                f"The vector index holds {store.count()} passages, the manifest {len(chunks)}. Run: aftale ingest --rebuild",
            )
        return cls(
            generation=generation,
            manifest=manifest,
            chunks=chunks,
            sentences=sentences,
            embeddings=emb,
            sentence_rows=srows,
            sentence_embeddings=semb,
            sentence_index={(r["doc"], r["start"]): i for i, r in enumerate(srows)},
            documents=docs,
            bm25=bm25,
            store=store,
            decompounder=Decompounder(counts),
            counts=counts,
            stem_counts=_stem_counts(counts),
            chunk_index={c.id: i for i, c in enumerate(chunks)},
            register_spans=read_spans(register_path(generation.path)),
            sentence_chunks=_sentence_chunks(chunks, sentences, srows),
            lexicon=lexicon,
            term_vectors=term_vectors,
            fields=FieldIndex.build(docs, [c.doc for c in chunks]),
        )

    def prefix_count(self, prefix: str) -> int:
        """Occurrences of corpus words that start with ``prefix``."""
        words = self._sorted_words()
        i = bisect.bisect_left(words, prefix)
        total = 0
        while i < len(words) and words[i].startswith(prefix):
            total += self.counts[words[i]]
            i += 1
        return total

    def _sorted_words(self) -> list[str]:
        cached = getattr(self, "_words_sorted", None)
        if cached is None:
            cached = sorted(self.counts)
            object.__setattr__(self, "_words_sorted", cached)
        return cached

    def document_metas(self) -> dict[str, dict[str, Any]]:
        """Each document's stored facts (its manifest ``meta``), by file name; built once per snapshot."""
        cached = getattr(self, "_document_metas", None)
        if cached is None:
            cached = {name: f.meta for name, f in self.manifest.files.items()}
            object.__setattr__(self, "_document_metas", cached)
        return cached

    def document_rows(self, doc: str) -> list[int]:
        """The sentence rows of one document, in document order; the map is built once per snapshot."""
        cached = getattr(self, "_document_rows", None)
        if cached is None:
            cached = {}
            for i, row in enumerate(self.sentence_rows):
                cached.setdefault(row["doc"], []).append(i)
            object.__setattr__(self, "_document_rows", cached)
        return cached.get(doc, [])

    def filter_values(self) -> dict[str, list[str]]:
        """Every filter field's values in this index, sorted (see ``index.fields``)."""
        return {f: list(self.field_index().values[f]) for f in FILTER_FIELDS}

    def field_index(self) -> FieldIndex:
        if self.fields is None:  # a snapshot assembled by hand (tests): index it on first use
            object.__setattr__(self, "fields", FieldIndex.build(self.documents, [c.doc for c in self.chunks]))
        assert self.fields is not None
        return self.fields


def _sentence_chunks(chunks: list[Chunk], sentences: list[list[tuple[int, int]]], srows: list[dict[str, Any]]) -> list[list[int]]:
    where: dict[tuple[str, int], list[int]] = {}
    for ci, (chunk, spans) in enumerate(zip(chunks, sentences)):
        for s, _ in spans:
            where.setdefault((chunk.doc, s), []).append(ci)
    return [where.get((r["doc"], r["start"]), []) for r in srows]


def _stem_counts(counts: dict[str, int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for w, c in counts.items():
        k = stem(w)
        out[k] = out.get(k, 0) + c
    return out
