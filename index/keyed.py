"""Server mode's one long-lived collection: records keyed by document version, generations by key lists.

A Chroma server is shared by every app process of a team, so a generation
cannot own a copy of the vectors without re-adding all of them on each
ingest. Instead a data directory keeps one collection (until a rebuild starts
a new one) whose records carry a *version key*: a hash of the document's
name and content, its stored facts, the index fingerprint and the embedder. A record's
id is ``<chunk id>@<key>``. A generation's manifest lists the keys it is made
of (``Manifest.keys``) and its queries are filtered to them, so

- an ingest adds only the records of documents whose key no generation on
  disk holds yet, and takes the rest over by listing their keys;
- the generation that answers never sees records it does not list, so a
  build that is killed halfway changes nothing it answers;
- records of keys no generation on disk (nor a build in progress) lists any
  more are deleted after the pointer swap, when ``prune`` removed the last
  generation that listed them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

import numpy as np

from index.vectors import ChromaStore

KEY = "v"
"""Metadata field holding a record's version key."""
FOREIGN_LIMIT = 2000
"""Above this many records of other versions in the collection, searches filter by key instead."""
KEYS_FILE = "vector_keys.json"
"""Written into a building generation before its records are added: the keys (and collection) it adds."""


def version_key(fingerprint: str, embedder: str, name: str, sha256: str, meta: dict[str, Any]) -> str:
    """What decides a document's records and rows: its name (rows and chunk ids carry it), its content,
    its stored facts (filter metadata) and the index's settings."""
    blob = json.dumps([fingerprint, embedder, name, sha256, meta], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def record_id(key: str, chunk_id: str) -> str:
    """``<chunk id>@<key>``: the chunk id first, so records sort as their chunk ids do (Chroma's graph
    depends on that order, and a server index answers as the embedded one only if it is the same)."""
    return f"{chunk_id}@{key}"


def _split(rid: str) -> tuple[str, str]:
    chunk_id, _, key = rid.rpartition("@")
    return chunk_id, key


class KeyedStore:
    """One generation's view of the shared collection: the records of its keys only.

    Same protocol as ``ChromaStore``; ids in and out are chunk ids.
    """

    def __init__(self, store: ChromaStore, keys: Iterable[str]) -> None:
        self._store = store
        self.name = store.name
        self.keys = sorted(set(keys))
        self._keyset = set(self.keys)
        self._count: int | None = None

    def _live(self) -> dict[str, Any]:
        return {KEY: {"$in": self.keys}} if len(self.keys) != 1 else {KEY: self.keys[0]}

    def query(self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """As ``ChromaStore.query``, over this generation's records only.

        Chroma's search with a filter on the keys walks its graph differently
        from the unfiltered search an embedded index does, and came back with
        other candidates for 3% of the tune questions. So the search is not
        filtered: it fetches the usual margin plus one more candidate for every
        record of the collection that is not ours (none, unless documents were
        removed or changed since the last prune, or a build is under way), then
        leaves those out. If more came back than were counted (another process
        added records since), the count is renewed and the search repeated.
        The key filter is used only when the foreign records are many.
        """
        if not self.keys or not self.count():
            return []
        fetch = min(self.count(), max(2 * k, k + 20))
        for _ in range(2):
            foreign = self._store.count() - self.count()
            if foreign > FOREIGN_LIMIT:
                break
            hits = self._store.query(embedding, fetch + foreign, where, fetch=fetch + foreign)
            ours = [(cid, s) for (cid, key), s in ((_split(rid), s) for rid, s in hits) if key in self._keyset]
            if len(hits) - len(ours) <= foreign:
                return ours[:k]
            self._store.forget_count()
        live = self._live()
        hits = self._store.query(embedding, k, {"$and": [where, live]} if where else live, fetch=fetch)
        return [(_split(rid)[0], s) for rid, s in hits]

    def count(self) -> int:
        """Records of this generation's keys (asked once: they never change while a generation lists them)."""
        if self._count is None:
            self._count = self._store.count_where(self._live()) if self.keys else 0
        return self._count

    def add_keyed(self, key_of: list[str], ids: list[str], embeddings: np.ndarray, metadatas: list[dict[str, Any]]) -> None:
        """Add records, each under its document's version key."""
        self._count = None
        self._store.add([record_id(k, i) for k, i in zip(key_of, ids)], embeddings, [{**m, KEY: k} for k, m in zip(key_of, metadatas)])

    def add(self, ids: list[str], embeddings: np.ndarray, metadatas: list[dict[str, Any]], documents: list[str] | None = None) -> None:
        raise TypeError("a keyed store adds records with their version keys (add_keyed)")

    def delete(self, ids: list[str]) -> None:
        raise TypeError("a keyed store's records are deleted by key (forget)")

    def forget(self, keys: Iterable[str]) -> None:
        """Delete every record of these keys (leftovers of a killed build, or keys no generation lists)."""
        keys = sorted(set(keys))
        self._count = None
        for i in range(0, len(keys), 100):
            part = keys[i : i + 100]
            self._store.delete_where({KEY: {"$in": part}} if len(part) > 1 else {KEY: part[0]})

    def drop(self) -> None:
        self._store.drop()
