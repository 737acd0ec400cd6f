"""Every passage's vector of a generation being built, the kept documents' read only when asked for.

An ingest that adds one document to a thousand needs the vectors of the new
passages (their shards, the vector store's new records). The kept documents'
vectors (77 MB at a thousand documents) are needed only when a store must be
filled anew (a copied Chroma folder that does not add up, a server that lost
records), so they are stacked from their shards on first use, not on every ingest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

import numpy as np


class PassageVectors:
    """Rows in the generation's stored order: ``order[i]`` is stored row ``i``'s place among the kept
    passages (first ``n_kept``) and then the new ones."""

    def __init__(self, order: Sequence[int], n_kept: int, new: np.ndarray, load_kept: Callable[[], np.ndarray] | None, dim: int) -> None:
        self._src = np.asarray(order, dtype=np.intp)
        self._n_kept = int(n_kept)
        self._new = new
        self._kept = cache(load_kept) if load_kept is not None else None
        self.dim = int(dim)

    def __len__(self) -> int:
        return len(self._src)

    def rows(self, idx: Sequence[int] | np.ndarray) -> np.ndarray:
        """The vectors of stored rows ``idx``, in that order."""
        src = self._src[np.asarray(idx, dtype=np.intp)]
        out = np.empty((len(src), self.dim), dtype=self._new.dtype if self._new.size else np.float32)
        fresh = src >= self._n_kept
        out[fresh] = self._new[src[fresh] - self._n_kept].reshape(-1, self.dim)
        if not fresh.all():
            if self._kept is None:
                raise ValueError("kept passages without their vectors")
            out[~fresh] = self._kept()[src[~fresh]]
        return out

    def all(self) -> np.ndarray:
        """Every passage's vector in stored order (reads the kept documents' shards)."""
        return self.rows(np.arange(len(self._src)))
