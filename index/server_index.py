"""Server mode's side of an ingest: add the records of what changed, forget what no generation lists.

See ``index.keyed`` for the layout. A cold build (first ingest, ``--rebuild``,
or a previous generation built before records were keyed) starts a new
collection named after its generation; every later ingest takes the previous
generation's collection over and adds only the records of keys it lacks.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from foundation.errors import IndexCorrupt
from foundation.settings import Settings
from index import generation as ix
from index.backends import collection_name, drop_collections, make_store, manifest_keys
from index.keyed import KEYS_FILE, KeyedStore, version_key
from index.passage_vectors import PassageVectors


@dataclass
class Ref:
    """What one folder under ``generations/`` holds on the server."""

    collection: str
    keys: set[str] = field(default_factory=set)
    published: bool = False


def server_refs(data_dir: Path, settings: Settings) -> dict[Path, Ref]:
    """Collections and keys of the generations (and builds in progress) now on disk, by folder."""
    root = data_dir / ix.GENERATIONS
    out: dict[Path, Ref] = {}
    if not root.exists():
        return out
    for p in root.iterdir():
        if p.name.startswith(".building-"):
            try:
                data = json.loads((p / KEYS_FILE).read_text(encoding="utf-8"))
                out[p] = Ref(str(data["collection"]), set(data["keys"]))
            except (OSError, ValueError, KeyError, TypeError):  # not that far yet, or built cold
                out[p] = Ref(collection_name(settings, p.name))
        elif p.is_dir():
            try:
                m = ix.Generation(p).read_manifest()
            except IndexCorrupt:
                continue
            if m.mode == "server":
                out[p] = Ref(m.collection, set(manifest_keys(m) or ()), published=True)
    return out


def keys_of(manifest_files: dict[str, ix.FileEntry], fingerprint: str, embedder: str) -> dict[str, str]:
    """Each document's version key (``index.keyed``): names its server records and its sentence shards."""
    return {name: version_key(fingerprint, embedder, name, e.sha256, e.meta) for name, e in manifest_files.items()}


def fill_server(
    settings: Settings,
    building: ix.Generation,
    previous: ix.Manifest | None,
    refs: dict[Path, Ref],
    chunk_rows: list[dict[str, Any]],
    all_emb: PassageVectors,
    keys: dict[str, str],
    embedder: Any,
    meta_of: Callable[[dict[str, Any]], dict[str, Any]],
) -> str:
    """Give the generation its records on the server; returns the collection's name.

    Only passages of documents whose key no published generation on disk lists
    are added (with an unchanged library: none); their leftovers from a killed
    build are deleted first. The keys added are noted in the building folder
    before anything is added, so a concurrent ingest never forgets them and a
    failed one can take them back (``forget_build``).
    """
    if previous is not None and manifest_keys(previous) is not None:
        collection = previous.collection
        have = set().union(*(r.keys for r in refs.values() if r.published and r.collection == collection))
    else:
        collection, have = collection_name(settings, building.id), set()
    need = sorted(set(keys.values()) - have)
    (building.path / KEYS_FILE).write_text(json.dumps({"collection": collection, "keys": need}), encoding="utf-8")
    store = make_store(settings, building, collection, embedder, keys.values())
    assert isinstance(store, KeyedStore)
    if have and need:
        store.forget(need)
    wanted = set(need)
    idx = [i for i, r in enumerate(chunk_rows) if keys[r["doc"]] in wanted]
    rows = [ix.full(chunk_rows[i]) for i in idx]
    store.add_keyed([keys[r["doc"]] for r in rows], [r["id"] for r in rows], all_emb.rows(idx), [meta_of(r) for r in rows])
    return collection


def forget_build(settings: Settings, data_dir: Path, building: ix.Generation, embedder: Any) -> None:
    """Best effort, after a failed build: drop its own collection, or delete the records it added that
    nothing else on disk lists."""
    try:
        data = json.loads((building.path / KEYS_FILE).read_text(encoding="utf-8"))
        collection, added = str(data["collection"]), set(data["keys"])
    except (OSError, ValueError, KeyError, TypeError):
        collection, added = collection_name(settings, building.id), set()
    if collection == collection_name(settings, building.id):
        drop_collections(settings, [collection])
        return
    others = {p: r for p, r in server_refs(data_dir, settings).items() if p != building.path}
    _forget(settings, collection, added - set().union(*(r.keys for r in others.values() if r.collection == collection)), embedder)


def collect(settings: Settings, before: dict[Path, Ref], data_dir: Path, embedder: Any) -> None:
    """After a publication: drop collections and forget keys that only pruned generations listed."""
    gone = [r for p, r in before.items() if not _on_disk(p)]
    if not gone:
        return
    still = server_refs(data_dir, settings)
    live = {r.collection for r in still.values()}
    drop_collections(settings, sorted({r.collection for r in gone} - live))
    for collection in sorted({r.collection for r in gone} & live):
        dead = set().union(*(r.keys for r in gone if r.collection == collection))
        _forget(settings, collection, dead - set().union(*(r.keys for r in still.values() if r.collection == collection)), embedder)


def _forget(settings: Settings, collection: str, keys: set[str], embedder: Any) -> None:
    if not keys:
        return
    try:
        store = make_store(settings, ix.Generation(Path(".")), collection, embedder, ())
        assert isinstance(store, KeyedStore)
        store.forget(keys)
    except Exception:  # noqa: BLE001 - clean-up never fails an ingest; the next one forgets them
        pass


def _on_disk(path: Path) -> bool:
    """A generation folder, or an interrupted build that another ingest may have published meanwhile."""
    return path.exists() or path.with_name(path.name.removeprefix(".building-")).exists()
