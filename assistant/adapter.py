"""A query-side linear adapter for the dense legs: ``q' = normalize(q + q @ W)``, fitted per embedder.

``W`` is fitted on the tune split by ``python -m evals.fit_adapter --write`` (the adapted question lies
closer to its evidence passages and sentences than to the rest of the index) and stored as data with
the embedder it was fitted for and how it was chosen. It applies only to an index built with that
embedder; any other (the hash embedder of the tests, another model) searches with the raw vector,
as does ``AFTALE_RETRIEVAL__ADAPTER=false``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["ADAPTER_FILE", "QueryAdapter", "apply_matrix", "load_adapter", "adapt"]

ADAPTER_FILE = Path(__file__).parent / "data" / "query_adapter.npz"


def apply_matrix(vecs: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``normalize(v + v @ w)`` for one vector or a row per vector; a clear error on mismatched shapes."""
    v = np.asarray(vecs, dtype=np.float32)
    if w.ndim != 2 or w.shape[0] != w.shape[1]:
        raise ValueError(f"the adapter matrix must be square, not {w.shape}")
    if v.ndim not in (1, 2) or v.shape[-1] != w.shape[0]:
        raise ValueError(f"query vectors of shape {v.shape} do not fit an adapter for {w.shape[0]}-dimensional vectors")
    out = v + v @ w
    norm = np.linalg.norm(out, axis=-1, keepdims=True)
    return (out / np.where(norm > 0, norm, 1.0)).astype(np.float32)


@dataclass(frozen=True)
class QueryAdapter:
    """A fitted matrix, the embedder it applies to, and how it was chosen."""

    embedder: str
    w: np.ndarray = field(repr=False)
    meta: dict[str, Any] = field(default_factory=dict, repr=False)

    def applies_to(self, embedder: str) -> bool:
        return embedder == self.embedder

    def __call__(self, vec: np.ndarray) -> np.ndarray:
        return apply_matrix(vec, self.w)


@lru_cache(maxsize=4)
def load_adapter(path: Path = ADAPTER_FILE) -> QueryAdapter | None:
    """The stored adapter, or None when there is no file."""
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as z:
        meta = json.loads(str(z["meta"]))
        w = np.asarray(z["w"], dtype=np.float32)
    if not meta.get("embedder"):
        raise ValueError(f"{path.name} does not name the embedder it was fitted for")
    apply_matrix(np.zeros(w.shape[0], np.float32), w)  # a malformed matrix fails here, at load
    return QueryAdapter(meta["embedder"], w, meta)


def adapt(vec: np.ndarray, embedder: str, enabled: bool = True, path: Path = ADAPTER_FILE) -> np.ndarray:
    """The query vector the dense legs search with: adapted when enabled and fitted for ``embedder``, else unchanged."""
    adapter = load_adapter(path) if enabled else None
    if adapter is None or not adapter.applies_to(embedder):
        return vec
    return adapter(vec)
