"""Query vectors kept on disk between runs of the fitting tools (``evals.train_reader``, ``evals.fit_adapter``,
``evals.fit_retrieval``) with the same embedder: a rerun embeds nothing new."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np


class _CachedEmbedder:
    """The assistant's embedder with its query vectors kept in an .npz file (a rerun embeds nothing new)."""

    def __init__(self, inner: Any, path: Path) -> None:
        self.inner, self.path = inner, path
        self.vectors: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path, allow_pickle=False) as data:
                # another embedder's vectors, or a file of another format, are not reused
                if {"embedder", "texts", "vectors"} <= set(data.files) and str(data["embedder"]) == inner.name:
                    self.vectors = dict(zip(data["texts"].tolist(), data["vectors"]))

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def embed_query(self, text: str) -> np.ndarray:
        if text not in self.vectors:
            self.vectors[text] = self.inner.embed_query(text)
        return self.vectors[text]

    def embed_documents(self, texts: list[str]) -> np.ndarray:  # the English words looked up in the vocabulary
        new = [t for t in dict.fromkeys(texts) if "word\t" + t not in self.vectors]
        if new:
            for t, v in zip(new, np.asarray(self.inner.embed_documents(new))):
                self.vectors["word\t" + t] = v
        return np.vstack([self.vectors["word\t" + t] for t in texts]) if texts else np.asarray(self.inner.embed_documents(texts))

    def save_cache(self) -> None:
        texts = list(self.vectors)
        np.savez(self.path, embedder=self.inner.name, texts=np.array(texts), vectors=np.vstack([self.vectors[t] for t in texts]))


def cache_query_vectors(assistant: Any, path: Path) -> None:
    """Wrap the assistant's embedder before its snapshot and vocabulary load (they keep a reference)."""
    assistant._embedder = _CachedEmbedder(assistant.embedder, path)  # before the snapshot and vocabulary load
