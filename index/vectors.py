"""The vector store behind the dense leg: a small protocol and its Chroma adapter (embedded or server)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol

import numpy as np

from foundation.errors import AftaleError, StoreUnavailable


class VectorStore(Protocol):
    """What the index needs from a vector database."""

    def add(self, ids: list[str], embeddings: np.ndarray, metadatas: list[dict[str, Any]], documents: list[str] | None = None) -> None: ...

    def query(self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]: ...

    def delete(self, ids: list[str]) -> None: ...

    def count(self) -> int: ...

    def drop(self) -> None: ...


class ChromaEmbeddingFunction:
    """Our embedder as a Chroma embedding function, so Chroma never loads its default model."""

    def __init__(self, embedder: Any) -> None:
        self._embedder = embedder

    def __call__(self, input: list[str]) -> list[np.ndarray]:  # noqa: A002 - Chroma's signature
        if self._embedder is None:
            raise RuntimeError("Aftale passes embeddings explicitly; no embedder is attached")
        return list(self._embedder.embed_documents(list(input)))

    def embed_query(self, input: list[str]) -> list[np.ndarray]:  # noqa: A002
        return [self._embedder.embed_query(t) for t in input]

    @staticmethod
    def name() -> str:
        return "aftale"

    def get_config(self) -> dict[str, Any]:
        return {"embedder": getattr(self._embedder, "name", "unknown")}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "ChromaEmbeddingFunction":
        """Chroma rebuilds the function from its stored config; Aftale always passes embeddings itself."""
        return ChromaEmbeddingFunction(None)

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]

    def is_legacy(self) -> bool:
        return False


HNSW_PARAMS = {"hnsw:construction_ef": 400, "hnsw:search_ef": 400}
"""Wider HNSW search than Chroma's default (100): near-exact neighbours at this corpus size, at a negligible cost."""


def chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


class ChromaStore:
    """A Chroma collection in cosine space; embeddings are always passed in.

    ``server`` ("host:port") marks a Chroma server: a connection that fails
    or times out becomes ``StoreUnavailable``.
    """

    def __init__(self, client: Any, name: str, embedder: Any, *, server: str | None = None) -> None:
        self._client = client
        self.name = name
        self.server = server
        self._count: int | None = None  # what we added and deleted through this object; a generation's collection is never changed by others
        with self._guard():
            self._collection = client.get_or_create_collection(
                name=name,
                embedding_function=ChromaEmbeddingFunction(embedder),
                metadata={"hnsw:space": "cosine", **HNSW_PARAMS, "embedder": getattr(embedder, "name", "unknown")},
            )

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except AftaleError:
            raise
        except Exception as exc:
            if self.server is not None and _is_transport_error(exc):
                raise _unavailable(self.server, exc) from exc
            raise

    def add(self, ids: list[str], embeddings: np.ndarray, metadatas: list[dict[str, Any]], documents: list[str] | None = None) -> None:
        """Add vectors with their metadata; ``documents`` (texts) only when given: Chroma stores and
        full-text indexes them, and Aftale's queries read ids and vectors only."""
        step = 500
        self._count = None
        with self._guard():
            for i in range(0, len(ids), step):
                self._collection.add(
                    ids=ids[i : i + step],
                    embeddings=[e.tolist() for e in embeddings[i : i + step]],
                    metadatas=[_chroma_meta(m) for m in metadatas[i : i + step]],
                    documents=documents[i : i + step] if documents is not None else None,
                )

    def query(
        self,
        embedding: np.ndarray,
        k: int,
        where: dict[str, Any] | None = None,
        *,
        fetch: int | None = None,
        skip: tuple[int, Callable[[str], bool]] | None = None,
    ) -> list[tuple[str, float]]:
        """The ``k`` nearest passages as ``(id, cosine similarity)``, best first (``fetch``: how many
        candidates to ask Chroma for, when not the usual margin).

        HNSW search is approximate, its graph differs between two builds of the
        same vectors (embedded, server, or a re-ingest), and the distances of
        the two engines differ by float noise (~1e-8), so near-equal passages
        came back in varying order. We fetch a margin more with their stored
        vectors, score them exactly (float64 cosine) and order by score, then
        id: the same candidates always give the same ranking in either mode.

        ``skip``: ``(at most how many, whether an id is one)`` of records to leave out (a segment's dead
        passages, ``index.vector_segments``). The candidates are then fetched by distance alone, with
        that many more, the skipped ones dropped, and only the rest's vectors read: Chroma returns
        distances about six times faster than vectors.
        """
        n = self.count()
        if n == 0:
            return []
        want = min(n, max(2 * k, k + 20) if fetch is None else fetch)
        with self._guard():
            if skip is None:
                res = self._collection.query(query_embeddings=[embedding.tolist()], n_results=want, where=where or None, include=["embeddings"])
                ids, vecs = list(res["ids"][0]), res["embeddings"][0]
            else:
                extra, skipped = skip
                res = self._collection.query(query_embeddings=[embedding.tolist()], n_results=min(n, want + extra), where=where or None, include=["distances"])
                ids = [i for i in res["ids"][0] if not skipped(i)][:want]
                got = self._collection.get(ids=ids, include=["embeddings"]) if ids else {"ids": [], "embeddings": []}
                by_id = dict(zip(got["ids"], got["embeddings"]))
                vecs = [by_id[i] for i in ids]
        if not ids:
            return []
        # Stored vectors are float32; a server sends them as shortest decimals, so
        # round to float32 first to score the very same numbers in both modes.
        vecs = np.asarray(vecs, dtype=np.float32).astype(np.float64)
        q = np.asarray(embedding, dtype=np.float32).astype(np.float64)
        norms = np.linalg.norm(vecs, axis=1) * (np.linalg.norm(q) or 1.0)
        scores = (vecs @ q) / np.where(norms > 0, norms, 1.0)
        hits = sorted(zip(ids, scores.tolist()), key=lambda h: (-h[1], h[0]))
        return hits[:k]

    def delete(self, ids: list[str]) -> None:
        """Remove these passages (an incremental ingest drops removed or changed documents)."""
        step = 500
        self._count = None
        with self._guard():
            for i in range(0, len(ids), step):
                self._collection.delete(ids=ids[i : i + step])

    def delete_where(self, where: dict[str, Any]) -> None:
        """Remove every record whose metadata matches ``where``."""
        self._count = None
        with self._guard():
            self._collection.delete(where=where)

    def count_where(self, where: dict[str, Any]) -> int:
        """Records whose metadata matches ``where`` (their ids fetched, nothing else)."""
        with self._guard():
            return len(self._collection.get(where=where, include=[])["ids"])

    def forget_count(self) -> None:
        """Ask Chroma again next time (another process changed a shared collection)."""
        self._count = None

    def count(self) -> int:
        """Passages in the collection, asked once (Chroma counts its whole log on each call)."""
        if self._count is None:
            with self._guard():
                self._count = int(self._collection.count())
        return self._count

    def drop(self) -> None:
        try:
            self._client.delete_collection(self.name)
        except Exception:  # noqa: BLE001 - dropping an already missing collection is fine
            pass


def _is_transport_error(exc: BaseException) -> bool:
    import httpx

    return isinstance(exc, (httpx.TransportError, ConnectionError, TimeoutError))


_SQLITE_STORAGE_CODES = {3, 8, 10, 13, 14}  # PERM, READONLY, IOERR, FULL, CANTOPEN (primary codes)


def is_write_error(exc: BaseException, server_mode: bool = False) -> bool:
    """Did a build fail because the data directory could not be written?

    OSError (disk full, read-only, file too large …), SQLite's storage
    errors (the commitments register), and in embedded mode Chroma's
    ``InternalError`` (its SQLite and segment files live in the generation
    folder; it reports a full disk as "disk I/O error" or a failed compaction).
    """
    import sqlite3

    if isinstance(exc, OSError):
        return True
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return code is not None and (code & 0xFF) in _SQLITE_STORAGE_CODES
    if not server_mode:
        from chromadb.errors import InternalError

        return isinstance(exc, InternalError)
    return False


def _unavailable(where: str, exc: BaseException) -> StoreUnavailable:
    return StoreUnavailable(
        f"Chroma-serveren på {where} svarer ikke ({type(exc).__name__}). Tjek AFTALE_CHROMA_HOST/AFTALE_CHROMA_PORT, eller at serveren kører.",
        f"The Chroma server at {where} does not answer ({type(exc).__name__}). Check AFTALE_CHROMA_HOST/AFTALE_CHROMA_PORT, or that the server runs.",
    )


def _chroma_meta(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in meta.items() if v is not None and isinstance(v, (str, int, float, bool))}


def embedded_client(path: Path) -> Any:
    import chromadb

    return chromadb.PersistentClient(path=str(path), settings=chroma_settings())


def server_client(host: str, port: int, timeout_s: float) -> Any:
    """A Chroma HttpClient that fails fast (and says so) when the server is unreachable."""
    import chromadb
    import httpx

    url = f"http://{host}:{port}/api/v2/heartbeat"
    try:
        httpx.get(url, timeout=timeout_s).raise_for_status()
    except Exception as exc:  # noqa: BLE001 - any failure means unreachable
        raise _unavailable(f"{host}:{port}", exc) from exc
    try:
        client = chromadb.HttpClient(host=host, port=port, settings=chroma_settings())
    except Exception as exc:  # noqa: BLE001 - the server vanished between heartbeat and handshake
        if _is_transport_error(exc):
            raise _unavailable(f"{host}:{port}", exc) from exc
        raise
    session = getattr(getattr(client, "_server", None), "_session", None)
    if session is not None:  # Chroma's client waits forever by default
        session.timeout = httpx.Timeout(timeout_s * 6, connect=timeout_s)
    return client

