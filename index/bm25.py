"""The lexical leg: a bm25s index over our Danish tokens, built at ingest and loaded per generation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from foundation.errors import IndexCorrupt


class BM25Index:
    """bm25s over our Danish tokens; built at ingest, loaded at query time."""

    def __init__(self, model: Any) -> None:
        self._model = model

    @classmethod
    def build(cls, token_lists: list[list[str]]) -> "BM25Index":
        import bm25s

        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index([toks or [""] for toks in token_lists], show_progress=False)
        return cls(model)

    def save(self, path: Path) -> None:
        self._model.save(str(path))

    @classmethod
    def load(cls, path: Path) -> "BM25Index":
        import bm25s

        try:
            return cls(bm25s.BM25.load(str(path)))
        except Exception as exc:  # bm25s raises many kinds on damaged files
            raise IndexCorrupt(
                "BM25-indekset er beskadiget. Kør: aftale ingest --rebuild",
                "The BM25 index is damaged. Run: aftale ingest --rebuild",
            ) from exc

    @property
    def size(self) -> int:
        return int(self._model.scores["num_docs"])

    def scores(self, tokens: list[str]) -> np.ndarray:
        known = [t for t in tokens if t in self._model.vocab_dict]
        n = int(self._model.scores["num_docs"])
        if not known:
            return np.zeros(n, dtype=np.float32)
        return np.asarray(self._model.get_scores(known), dtype=np.float32)

