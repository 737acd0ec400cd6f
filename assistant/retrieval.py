"""Hybrid retrieval: dense (Chroma) and BM25 fused by reciprocal rank fusion."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.types import Passage
from foundation.errors import BadFilter, IndexCorrupt, IndexOutdated
from foundation.messages import msg
from foundation.records import Chunk
from foundation.settings import Settings
from foundation.text.tokens import Decompounder, query_tokens, stem
from index import generation as ix
from index.backends import make_store
from index.bm25 import BM25Index
from index.lexicon_store import load_lexicon
from index.vectors import VectorStore
from ingest.lexicon import Lexicon

FILTER_FIELDS = ("doc", "region", "period", "kind")


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
    bm25: BM25Index
    store: VectorStore
    decompounder: Decompounder
    counts: dict[str, int]
    stem_counts: dict[str, int]
    chunk_index: dict[str, int]  # chunk id -> position
    register_spans: dict[tuple[str, int], tuple[str, str]]  # (doc, sentence start) -> (actor, kind)
    sentence_chunks: list[list[int]]  # per sentence row: the chunks that hold it
    lexicon: Lexicon | None = None  # what ingest learnt of the documents' words
    term_vectors: np.ndarray | None = None  # embeddings of ``lexicon.terms``, row by row

    @classmethod
    def load(cls, generation: ix.Generation, settings: Settings, embedder: Any) -> "IndexSnapshot":
        manifest = generation.read_manifest()
        ix.check_embedder(manifest, embedder)
        rows = ix.read_jsonl(generation.chunks_file)
        chunks = [ix.chunk_from_row(r) for r in rows]
        sentences = [[tuple(s) for s in r.get("sentences", [])] for r in rows]
        emb = ix.load_array(generation.embeddings_file, len(rows), manifest.dim)
        srows = ix.read_jsonl(generation.sentences_file)
        semb = ix.load_array(generation.sentence_embeddings_file, len(srows), manifest.dim)
        docs = {r["file"]: r for r in ix.read_jsonl(generation.documents_file)}
        vocab_rows = ix.read_jsonl(generation.path / "vocabulary.jsonl")
        counts = dict(vocab_rows[0]["counts"]) if vocab_rows else {}
        bm25 = BM25Index.load(generation.bm25_dir)
        lexicon, term_vectors = load_lexicon(generation, counts)
        if manifest.mode == "server" and not settings.server_mode or manifest.mode == "embedded" and settings.server_mode:
            raise IndexOutdated(
                f"Indekset er bygget i {manifest.mode}-tilstand, men indstillingerne siger noget andet. Kør: aftale ingest --rebuild",
                f"The index was built in {manifest.mode} mode but the settings say otherwise. Run: aftale ingest --rebuild",
            )
        store = make_store(settings, generation, manifest.collection, embedder)
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
            register_spans=_register_spans(generation),
            sentence_chunks=_sentence_chunks(chunks, sentences, srows),
            lexicon=lexicon,
            term_vectors=term_vectors,
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

    def filter_values(self) -> dict[str, list[str]]:
        values: dict[str, set[str]] = {f: set() for f in FILTER_FIELDS}
        for c in self.chunks:
            values["doc"].add(c.doc)
            for f in ("region", "period", "kind"):
                v = c.meta.get(f)
                if v:
                    values[f].add(str(v))
        return {f: sorted(v) for f, v in values.items()}


def _sentence_chunks(chunks: list[Chunk], sentences: list[list[tuple[int, int]]], srows: list[dict[str, Any]]) -> list[list[int]]:
    where: dict[tuple[str, int], list[int]] = {}
    for ci, (chunk, spans) in enumerate(zip(chunks, sentences)):
        for s, _ in spans:
            where.setdefault((chunk.doc, s), []).append(ci)
    return [where.get((r["doc"], r["start"]), []) for r in srows]


def _register_spans(generation: ix.Generation) -> dict[tuple[str, int], tuple[str, str]]:
    """Sentences the commitments register holds, so *hvem* answers can prefer stated responsibilities."""
    import sqlite3

    path = generation.path / "commitments.sqlite"
    if not path.exists():
        return {}
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute('SELECT doc, start, actor, kind FROM commitments').fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return {}
    return {(doc, int(start)): (actor, kind) for doc, start, actor, kind in rows}


def _stem_counts(counts: dict[str, int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for w, c in counts.items():
        k = stem(w)
        out[k] = out.get(k, 0) + c
    return out


def normalise_filters(filters: Mapping[str, Any] | None, snapshot: IndexSnapshot) -> dict[str, list[str]]:
    """Check filter values against what the index holds; values are lists (any of)."""
    if not filters:
        return {}
    valid = snapshot.filter_values()
    out: dict[str, list[str]] = {}
    for field, value in filters.items():
        if value in (None, "", [], ()):
            continue
        if field not in FILTER_FIELDS:
            raise BadFilter(
                msg("unknown_filter", "da", value=field, field="filter", valid=", ".join(FILTER_FIELDS)),
                msg("unknown_filter", "en", value=field, field="filter", valid=", ".join(FILTER_FIELDS)),
            )
        vals = [value] if isinstance(value, str) else list(value)
        fixed = []
        for v in vals:
            match = next((x for x in valid[field] if x.lower() == str(v).lower()), None)
            if match is None:
                options = ", ".join(valid[field]) or "(ingen)"
                raise BadFilter(
                    msg("unknown_filter", "da", value=v, field=field, valid=options),
                    msg("unknown_filter", "en", value=v, field=field, valid=options),
                )
            fixed.append(match)
        out[field] = fixed
    return out


def _chroma_where(filters: dict[str, list[str]]) -> dict[str, Any] | None:
    clauses = [{f: {"$in": v}} for f, v in filters.items()]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _field_index(snapshot: IndexSnapshot) -> dict[str, tuple[dict[str, int], np.ndarray]]:
    """Per filter field: value -> code, and one code per chunk; built once per snapshot.

    Values are compared as ``str(value)`` (``None`` becomes ``"None"``), as the
    filters always were, so a filter never matches a chunk without the field.
    """
    cached = getattr(snapshot, "_filter_index", None)
    if cached is None:
        cached = {}
        for field in FILTER_FIELDS:
            vals = [c.doc if field == "doc" else str(c.meta.get(field)) for c in snapshot.chunks]
            codes: dict[str, int] = {}
            cached[field] = (codes, np.fromiter((codes.setdefault(v, len(codes)) for v in vals), dtype=np.int32, count=len(vals)))
        object.__setattr__(snapshot, "_filter_index", cached)
    return cached


def _mask(snapshot: IndexSnapshot, filters: dict[str, list[str]]) -> np.ndarray:
    """Chunks that pass every filter (any of a field's values), from the per-field code arrays."""
    mask = np.ones(len(snapshot.chunks), dtype=bool)
    index = _field_index(snapshot)
    for field, vals in filters.items():
        codes, per_chunk = index[field]
        wanted = [codes[v] for v in set(vals) if v in codes]
        mask &= np.isin(per_chunk, wanted)
    return mask


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` highest scores, best first, ties by lower index.

    The same as ``np.argsort(-scores, kind="stable")[:k]``, by partial
    selection: O(n + k log k) instead of sorting every passage or sentence.
    Rows tied with the k-th score are taken in index order, so the cut falls
    exactly where the full stable sort puts it.
    """
    n = len(scores)
    if k <= 0 or n == 0:
        return np.zeros(0, dtype=np.intp)
    if k >= n:
        return np.argsort(-scores, kind="stable")
    kth = np.partition(-scores, k - 1)[k - 1]  # the k-th largest, negated
    above = np.flatnonzero(-scores < kth)
    tied = np.flatnonzero(-scores == kth)[: k - len(above)]
    picked = np.concatenate([above, tied])
    return picked[np.lexsort((picked, -scores[picked]))]


class HybridRetriever:
    """Dense + BM25 with weighted reciprocal rank fusion over one snapshot."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings.retrieval
        if self.settings.k <= 0:
            raise ValueError("retrieval.k must be positive")

    def search(
        self,
        snapshot: IndexSnapshot,
        query_vec: np.ndarray,
        lexical_text: str,
        filters: dict[str, list[str]],
        k: int | None = None,
        regions: tuple[str, ...] = (),
    ) -> list[Passage]:
        """Fused top-k passages; chunks from a region the question names get a boost."""
        k = k or self.settings.k
        n = self.settings.candidates
        id_to_idx = snapshot.chunk_index
        dense = [(id_to_idx[i], s) for i, s in snapshot.store.query(query_vec, n, _chroma_where(filters)) if i in id_to_idx]

        tokens = query_tokens(lexical_text, snapshot.decompounder)
        scores = snapshot.bm25.scores(tokens)
        mask = _mask(snapshot, filters)
        scores = np.where(mask, scores, -1.0)
        order = top_k(scores, n)
        lexical = [(int(i), float(scores[i])) for i in order if scores[i] > 0]

        sentence_leg: list[tuple[int, float]] = []
        if self.settings.sentence_weight > 0 and len(snapshot.sentence_embeddings):
            sims = snapshot.sentence_embeddings @ query_vec
            best: dict[int, float] = {}
            for row in top_k(sims, n * 3):
                for ci in snapshot.sentence_chunks[row]:
                    if mask[ci] and ci not in best:
                        best[ci] = float(sims[row])
            sentence_leg = sorted(best.items(), key=lambda x: -x[1])[:n]

        fused: dict[int, float] = {}
        rk = self.settings.rrf_k
        legs = ((self.settings.dense_weight, dense), (self.settings.bm25_weight, lexical), (self.settings.sentence_weight, sentence_leg))
        for weight, ranked in legs:
            for rank, (idx, _) in enumerate(ranked):
                fused[idx] = fused.get(idx, 0.0) + weight / (rk + rank + 1)
        if regions:
            boost = self.settings.region_boost
            for i in fused:
                if snapshot.chunks[i].meta.get("region") in regions:
                    fused[i] *= boost
        ranked_idx = sorted(fused, key=lambda i: (-fused[i], i))
        picked: list[int] = []
        for i in ranked_idx:
            c = snapshot.chunks[i]
            if any(_overlaps(c, snapshot.chunks[j]) for j in picked):
                continue
            picked.append(i)
            if len(picked) == k:
                break
        leg_ranks = [{idx: r + 1 for r, (idx, _) in enumerate(ranked)} for _, ranked in legs]
        out = [_passage(snapshot.chunks[i], r + 1, fused[i]) for r, i in enumerate(picked)]
        for p, i in zip(out, picked):  # where each leg put the passage (0: not among its candidates)
            p.meta["leg_ranks"] = tuple(ranks.get(i, 0) for ranks in leg_ranks)
        return out


def _overlaps(a: Chunk, b: Chunk) -> bool:
    if a.doc != b.doc:
        return False
    inter = min(a.end, b.end) - max(a.start, b.start)
    return inter > 0.5 * min(a.end - a.start, b.end - b.start)


def _passage(c: Chunk, rank: int, score: float) -> Passage:
    return Passage(
        rank=rank,
        id=c.id,
        doc=c.doc,
        title=c.title,
        section=c.section,
        page=c.page_start,
        page_end=c.page_end,
        line_start=c.line_start,
        line_end=c.line_end,
        start=c.start,
        end=c.end,
        text=c.text,
        score=score,
        meta=dict(c.meta),
    )
