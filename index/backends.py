"""The one place that turns settings into index backends: the embedder and the vector store.

The language model, an answer-side backend, is made in ``assistant.llm``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from foundation.errors import MissingDependency
from foundation.settings import Settings
from index import vector_segments
from index.generation import Generation, Manifest
from index.keyed import KeyedStore
from index.vectors import ChromaStore, VectorStore, embedded_client, server_client
from ingest.embed import E5Embedder, Embedder, HashEmbedder, SentenceTransformerEmbedder


def make_embedder(settings: Settings) -> Embedder:
    s = settings.embedder
    match s.mode:
        case "e5":
            return E5Embedder(batch_size=s.batch_size)
        case "sentence-transformers":
            if not s.model:
                raise MissingDependency(
                    "embedder.mode=sentence-transformers kræver AFTALE_EMBEDDER__MODEL (navn eller sti).",
                    "embedder.mode=sentence-transformers needs AFTALE_EMBEDDER__MODEL (name or path).",
                )
            return SentenceTransformerEmbedder(s.model, batch_size=s.batch_size)
        case "hash":
            return HashEmbedder(dim=s.hash_dim)
    raise AssertionError(s.mode)  # pragma: no cover - pydantic checks the literal


def collection_name(settings: Settings, generation_id: str) -> str:
    """``<store.collection>-<generation>``, always a valid Chroma name (3-63 of ``[A-Za-z0-9_-]``).

    The generation part is unique per ingest and is never cut off, so two
    generations (or two data directories sharing one server) never share a
    collection; a long or odd ``store.collection`` is shortened and cleaned.
    """
    safe = re.sub(r"[^A-Za-z0-9-]", "-", generation_id.removeprefix(".building-"))[-40:].strip("-") or "x"
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", settings.store.collection)
    prefix = prefix[: 62 - len(safe)].strip("-_") or "aftale"
    return f"{prefix}-{safe}"


def _server_address(settings: Settings) -> tuple[str, int]:
    return settings.chroma_host or "127.0.0.1", settings.chroma_port or 8000


def make_store(settings: Settings, generation: Generation, collection: str, embedder: Embedder, keys: Iterable[str] | None = None) -> VectorStore:
    """Chroma embedded (the generation's segments, ``index.vector_segments``, or in a generation from
    before them its own folder) or a Chroma server; ``keys``: the version keys of a server generation
    whose collection is shared with other generations (``index.keyed``)."""
    if settings.server_mode:
        host, port = _server_address(settings)
        client = server_client(host, port, settings.chroma_timeout_s)
        store = ChromaStore(client, collection, embedder, server=f"{host}:{port}")
        return KeyedStore(store, keys) if keys is not None else store
    if vector_segments.segmented(generation):
        return vector_segments.SegmentedStore.of(generation, embedder)
    return ChromaStore(embedded_client(generation.chroma_dir), collection, embedder)


def check_server(settings: Settings) -> None:
    """Raise ``StoreUnavailable`` now (within ``chroma_timeout_s``) when server mode cannot reach its server."""
    if settings.server_mode:
        server_client(*_server_address(settings), settings.chroma_timeout_s)


def drop_collections(settings: Settings, names: list[str]) -> None:
    """Best effort: delete these collections on the Chroma server (missing ones are fine)."""
    if not settings.server_mode or not names:
        return
    try:
        client = server_client(*_server_address(settings), settings.chroma_timeout_s)
    except Exception:  # noqa: BLE001 - clean-up never fails an ingest
        return
    for name in names:
        try:
            client.delete_collection(name)
        except Exception:  # noqa: BLE001 - already gone, or the server went away
            pass


def manifest_keys(manifest: Manifest) -> list[str] | None:
    """The version keys a server generation is made of; None for a generation that owns its collection
    (embedded, or built in server mode before records were keyed)."""
    if manifest.mode != "server" or not (manifest.keys or not manifest.files):
        return None
    return list(manifest.keys.values())
