"""Hybrid retrieval: dense (Chroma) and BM25 fused by reciprocal rank fusion."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from assistant.types import Passage
from foundation.errors import BadFilter
from foundation.messages import msg
from foundation.records import Chunk
from foundation.settings import Settings
from foundation.text.tokens import query_tokens
from index.snapshot import FILTER_FIELDS, IndexSnapshot

__all__ = ["FILTER_FIELDS", "HybridRetriever", "IndexSnapshot", "normalise_filters", "top_k"]


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


def _chroma_where(filters: dict[str, list[str]], snapshot: IndexSnapshot) -> dict[str, Any] | None:
    """The filters for the vector store: the documents that pass them (every passage carries its document)."""
    return snapshot.field_index().where(filters)


def _mask(snapshot: IndexSnapshot, filters: dict[str, list[str]]) -> np.ndarray:
    """Chunks that pass every filter (any of a field's values), from the per-document code arrays."""
    return snapshot.field_index().mask(filters)


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
        mask = _mask(snapshot, filters)
        hits = snapshot.store.query(query_vec, n, _chroma_where(filters, snapshot)) if mask.any() else []
        dense = [(id_to_idx[i], s) for i, s in hits if i in id_to_idx]

        tokens = query_tokens(lexical_text, snapshot.decompounder)
        scores = snapshot.bm25.scores(tokens)
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
