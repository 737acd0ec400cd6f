"""Hybrid retrieval: dense (Chroma) and BM25 fused by reciprocal rank fusion."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.adapter import adapt
from assistant.relative import QueryScores
from assistant.terms import CONTEXT_PASSAGES
from assistant.types import Passage
from foundation.errors import BadFilter
from foundation.messages import msg
from foundation.records import Chunk
from foundation.settings import Settings
from foundation.text.tokens import query_tokens, words
from index.snapshot import FILTER_FIELDS, IndexSnapshot

__all__ = ["FILTER_FIELDS", "LEGS", "Feedback", "Fusion", "HybridRetriever", "IndexSnapshot", "normalise_filters", "top_k"]


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


FUSION_JSON = Path(__file__).parent / "data" / "retrieval.json"
LEGS = ("dense", "bm25", "sentence")
"""The retrieval legs, in the order of a passage's ``leg_ranks``."""


@dataclass(frozen=True)
class Fusion:
    """Weighted reciprocal rank fusion: a weight per leg and the rank constant."""

    weights: tuple[float, float, float]  # dense, bm25, sentence (``LEGS``)
    rrf_k: float = 60.0


Feedback = Callable[[list[list[str]]], list[str]]
"""Words of the top passages -> words to add to the BM25 query."""
FEEDBACK_PASSAGES = CONTEXT_PASSAGES


DEFAULT_FUSION = Fusion((1.0, 1.0, 1.0), 60.0)


@lru_cache(maxsize=8)
def fitted_fusion(embedder: str, path: Path = FUSION_JSON) -> dict[str, Fusion]:
    """Fusion parameters per question language, chosen on the tune split (``python -m evals.fit_retrieval``).

    ``{"default": Fusion, "da": Fusion, "en": Fusion}``. The legs' ranks mean what they were fitted
    on only with the embedder they were fitted with: an index built with another one (the hash
    embedder of the tests) gets the plain defaults.
    """
    out = {"default": DEFAULT_FUSION}
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if data.get("embedder") == embedder:
        for lang, f in data.get("fusion", {}).items():
            out[lang] = Fusion(tuple(float(f["weights"][leg]) for leg in LEGS), float(f["rrf_k"]))  # type: ignore[arg-type]
    return out


class HybridRetriever:
    """Dense + BM25 + best sentence with weighted reciprocal rank fusion over one snapshot."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings.retrieval
        if self.settings.k <= 0:
            raise ValueError("retrieval.k must be positive")

    def fusion(self, lang: str | None, embedder: str = "") -> Fusion:
        """The fitted parameters for the question's language and the index's embedder; a weight set in the settings wins."""
        fitted = fitted_fusion(embedder)
        base = fitted.get(lang or "", fitted["default"])
        s = self.settings
        weights = tuple(b if w is None else float(w) for w, b in zip((s.dense_weight, s.bm25_weight, s.sentence_weight), base.weights))
        return Fusion(weights, float(s.rrf_k) if s.rrf_k is not None else base.rrf_k)  # type: ignore[arg-type]

    def search(
        self,
        snapshot: IndexSnapshot,
        query_vec: np.ndarray,
        lexical_text: str,
        filters: dict[str, list[str]],
        k: int | None = None,
        regions: tuple[str, ...] = (),
        lang: str | None = None,
        feedback: Feedback | None = None,
        scores: QueryScores | None = None,
    ) -> list[Passage]:
        """Fused top-k passages; chunks from a region the question names get a boost.

        ``scores``: the question's sentence cosines and BM25 over the index for ``query_vec``, when the
        caller has them (not used when a query adapter changes the vector the dense legs search with)."""
        searched = self.query_vector(snapshot, query_vec)
        legs = self.legs(snapshot, searched, lexical_text, filters, feedback, scores if searched is query_vec else None)
        return self.fuse(snapshot, legs, self.fusion(lang, snapshot.manifest.embedder), k or self.settings.k, regions)

    def query_vector(self, snapshot: IndexSnapshot, query_vec: np.ndarray) -> np.ndarray:
        """The vector the dense legs search with: the query adapter fitted for the index's embedder, if any and on."""
        return adapt(query_vec, snapshot.manifest.embedder, self.settings.adapter)

    def legs(
        self,
        snapshot: IndexSnapshot,
        query_vec: np.ndarray,
        lexical_text: str,
        filters: dict[str, list[str]],
        feedback: Feedback | None = None,
        scores: QueryScores | None = None,
    ) -> list[list[tuple[int, float]]]:
        """Each leg's candidates (chunk index, score), best first, in ``LEGS`` order.

        ``feedback``: given the words of the passages the dense legs ranked first, more words for
        the BM25 leg (an English question's words in the index's Danish); BM25 then searches again.
        """
        n = self.settings.candidates
        id_to_idx = snapshot.chunk_index
        mask = _mask(snapshot, filters)
        hits = snapshot.store.query(query_vec, n, _chroma_where(filters, snapshot)) if mask.any() else []
        dense = [(id_to_idx[i], s) for i, s in hits if i in id_to_idx]

        raw = scores if scores is not None else QueryScores.compute(snapshot, query_vec, lexical_text)
        bm25 = np.where(mask, raw.bm25, -1.0)
        lexical = [(int(i), float(bm25[i])) for i in top_k(bm25, n) if bm25[i] > 0]

        sentence_leg: list[tuple[int, float]] = []
        if len(raw.sentence):
            sims = raw.sentence
            best: dict[int, float] = {}
            for row in top_k(sims, n * 3):
                for ci in snapshot.sentence_chunks[row]:
                    if mask[ci] and ci not in best:
                        best[ci] = float(sims[row])
            sentence_leg = sorted(best.items(), key=lambda x: -x[1])[:n]
        if feedback is not None:
            top = dict.fromkeys(i for leg in (dense, sentence_leg) for i, _ in leg[:FEEDBACK_PASSAGES])
            extra = feedback([words(snapshot.chunks[i].text) for i in top])
            if extra:
                bm25 = np.where(mask, snapshot.bm25.scores(query_tokens(" ".join([lexical_text, *extra]), snapshot.decompounder)), -1.0)
                lexical = [(int(i), float(bm25[i])) for i in top_k(bm25, n) if bm25[i] > 0]
        return [dense, lexical, sentence_leg]

    def fuse(
        self,
        snapshot: IndexSnapshot,
        legs: list[list[tuple[int, float]]],
        fusion: Fusion,
        k: int,
        regions: tuple[str, ...] = (),
    ) -> list[Passage]:
        """The top ``k`` passages by weighted reciprocal rank, overlapping chunks left out."""
        fused: dict[int, float] = {}
        rk = fusion.rrf_k
        for weight, ranked in zip(fusion.weights, legs):
            if weight <= 0:
                continue
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
        leg_ranks = [{idx: r + 1 for r, (idx, _) in enumerate(ranked)} for ranked in legs]
        out = [as_passage(snapshot.chunks[i], r + 1, fused[i]) for r, i in enumerate(picked)]
        for p, i in zip(out, picked):  # where each leg put the passage (0: not among its candidates)
            p.meta["leg_ranks"] = tuple(ranks.get(i, 0) for ranks in leg_ranks)
        return out


def _overlaps(a: Chunk, b: Chunk) -> bool:
    if a.doc != b.doc:
        return False
    inter = min(a.end, b.end) - max(a.start, b.start)
    return inter > 0.5 * min(a.end - a.start, b.end - b.start)


def as_passage(c: Chunk, rank: int, score: float) -> Passage:
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
