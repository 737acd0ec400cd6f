"""Embedded mode's passage vectors in Chroma segments that generations share.

A generation used to own a whole Chroma folder: an ingest copied the previous
one (125 MB at a thousand documents) to add one document's vectors. Now the
vectors live in segment folders under ``<data_dir>/vectors/<name>/``, each a
Chroma collection of some documents' passages: Aftale adds to it only while it
is written, never after a generation lists it (Chroma itself records each
client's opening in its SQLite file, and rewrites a small collection's HNSW
files when one first opens it, as it did in a generation's own folder).
A generation lists its segments in ``vectors.json`` with the keys of documents
it no longer holds (``dead``); an ingest adds one segment for the documents it
read and lists the rest again, merging small segments by the policy BM25's
segments use (``index.bm25_segments.merge_plan``), but never into a segment of
more than ``MAX_MERGE_ROWS`` passages, so that no single add re-adds a large
part of the library to Chroma.

Record ids are ``<chunk id>@<key>`` (``index.keyed.record_id``): a query asks
each segment for as many more candidates as it has dead passages (distances
only), drops those of dead keys, rescores the rest exactly (float64 cosine) and
merges the segments' hits by score, then id, so the answer depends on how the
passages are split into segments only through HNSW's approximation. A segment
with more dead passages than live ones is written anew (``merge_plan``).

A segment is written into a ``.building-`` folder and renamed into place when
complete; the building generation lists its segments first, so a concurrent
``collect`` keeps them. ``collect`` deletes the segments no generation on disk
lists, after publication (once they are ten minutes old). A listed segment whose
folder is gone is written again by the next ingest.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from foundation.errors import IndexCorrupt
from index import generation as ix
from index.bm25_segments import carry_plan
from index.keyed import record_id
from index.vectors import ChromaStore, embedded_client

VECTORS_DIR = "vectors"
LIST_FILE = "vectors.json"
COLLECTION = "passages"
MAX_MERGE_ROWS = 20_000
"""No merge writes a segment of more passages than this (about 400 agreement-sized documents).

Re-adding vectors to Chroma costs about 2 ms a passage on 2 cores, so a merge of this size
takes some 40 s; larger segments stay as they are and the number of segments then grows
by one per this many passages added."""
LIST_FORMAT = 1


def vectors_root(data_dir: Path) -> Path:
    return Path(data_dir) / VECTORS_DIR


def data_dir_of(gen: ix.Generation) -> Path:
    return gen.path.parent.parent


@dataclass
class VectorSegment:
    name: str
    docs: list[tuple[str, int]]  # (document key, passages) in record order
    dead: list[str] = field(default_factory=list)  # keys of its documents the generation does not hold

    def dead_rows(self) -> int:
        gone = set(self.dead)
        return sum(n for k, n in self.docs if k in gone)

    def rows(self) -> int:
        return sum(n for _, n in self.docs)


def segmented(gen: ix.Generation) -> bool:
    return (gen.path / LIST_FILE).is_file()


def read_list(gen: ix.Generation) -> list[VectorSegment]:
    try:
        info = json.loads((gen.path / LIST_FILE).read_text(encoding="utf-8"))
        if info.get("format") != LIST_FORMAT:
            raise ValueError("unknown format")
        return [VectorSegment(s["name"], [(str(k), int(n)) for k, n in s["docs"]], list(s.get("dead", []))) for s in info["segments"]]
    except Exception as exc:  # noqa: BLE001 - damaged or foreign
        raise IndexCorrupt(
            "Vektorindeksets segmentliste er beskadiget. Kør: aftale ingest --rebuild",
            "The vector index's list of segments is damaged. Run: aftale ingest --rebuild",
        ) from exc


def write_list(gen: ix.Generation, segments: Sequence[VectorSegment]) -> None:
    info = {"format": LIST_FORMAT, "segments": [{"name": s.name, "docs": s.docs, "dead": sorted(s.dead)} for s in segments]}
    tmp = gen.path / f".{LIST_FILE}.tmp"
    tmp.write_text(json.dumps(info), encoding="utf-8")
    os.replace(tmp, gen.path / LIST_FILE)


# ---------------------------------------------------------------- building


def fill(
    building: ix.Generation,
    previous: ix.Generation | None,
    chunk_rows: Sequence[Mapping[str, Any]],
    keys: Mapping[str, str],
    fresh: set[str],
    previous_keys: Mapping[str, str],
    vectors: Any,
    embedder: Any,
    meta_of: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    """List (and write where needed) the vector segments of ``building``.

    Args:
        chunk_rows: every passage of the new generation in stored order (kept ones as ``ix.read_lines`` gives them).
        keys: document name -> key in the new generation; ``fresh``: the documents this ingest read.
        previous: the previous generation (None, or one without segments: every passage goes into one segment).
        vectors: every passage's vector by stored-order row (``PassageVectors``).
        meta_of: a passage row's metadata for the store (filters).
    """
    root = vectors_root(data_dir_of(building))
    where: dict[str, list[int]] = {}
    for i, r in enumerate(chunk_rows):
        where.setdefault(r["doc"], []).append(i)
    name_of = {keys[n]: n for n in keys}
    docs_in_order = [(keys[n], len(where.get(n, []))) for n in sorted(where)]
    if previous is None or not segmented(previous):
        groups: list[tuple[list[tuple[str, int]], VectorSegment | None]] = [(docs_in_order, None)] if docs_in_order else []
    else:
        present = {p.name for p in root.iterdir() if (p / "chroma.sqlite3").is_file()} if root.is_dir() else set()
        groups = _carry(read_list(previous), keys, fresh, previous_keys, [(k, n) for k, n in docs_in_order if name_of[k] in fresh], present)
    stem = building.id.removeprefix(".building-")
    planned = [old if old is not None else VectorSegment(f"vec-{stem}-{i}", docs) for i, (docs, old) in enumerate(groups)]
    write_list(building, planned)  # listed before written: a concurrent collect keeps them
    for seg, (docs, old) in zip(planned, groups):
        if old is None:
            _write(root / seg.name, [i for k, _ in docs for i in where[name_of[k]]], chunk_rows, vectors, embedder, meta_of, keys)


def _carry(
    old: list[VectorSegment],
    keys: Mapping[str, str],
    fresh: set[str],
    previous_keys: Mapping[str, str],
    fresh_docs: list[tuple[str, int]],
    present: set[str],
) -> list[tuple[list[tuple[str, int]], VectorSegment | None]]:
    """Per segment of the new generation: its documents, and the old segment when it is listed again as it is.

    A segment whose folder is gone (``present``: the folders there are) is written again from the passages' vectors.
    """
    rename = {previous_keys[n]: keys[n] for n in keys if n not in fresh and n in previous_keys}
    fresh_rows = sum(n for _, n in fresh_docs)
    alive, plan = carry_plan([s.docs for s in old], [s.dead for s in old], rename, fresh_rows, cap=MAX_MERGE_ROWS, usable=[s.name in present for s in old])
    parts = [[(rename[k], n) for k, n in s.docs if k in keep] for s, keep in zip(old, alive)] + [fresh_docs]
    out: list[tuple[list[tuple[str, int]], VectorSegment | None]] = []
    for group, as_is in plan:
        if as_is:
            s = old[group[0]]
            out.append((parts[group[0]], VectorSegment(s.name, s.docs, [k for k, _ in s.docs if k not in alive[group[0]]])))
        else:
            out.append(([d for i in group for d in parts[i]], None))
    return out


def _write(
    final: Path,
    idx: list[int],
    chunk_rows: Sequence[Mapping[str, Any]],
    vectors: Any,
    embedder: Any,
    meta_of: Callable[[dict[str, Any]], dict[str, Any]],
    keys: Mapping[str, str],
) -> None:
    """One segment's Chroma folder at ``final`` (a name no other generation uses), written beside it and renamed into place."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".building-{final.name}-{uuid.uuid4().hex[:8]}")
    try:
        store = ChromaStore(embedded_client(tmp), COLLECTION, embedder)
        rows = [ix.full(dict(chunk_rows[i])) for i in idx]
        store.add([record_id(keys[r["doc"]], r["id"]) for r in rows], vectors.rows(idx).reshape(len(idx), -1), [meta_of(r) for r in rows])
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def collect(data_dir: Path, stale_s: float = 3600, min_age_s: float = 600) -> list[str]:
    """Delete segment folders no generation on disk (published or being built) lists, and old leftovers of killed writes.

    A folder younger than ``min_age_s`` is left for a later ingest: an ingest running beside this one
    may have listed and written it after the lists were read here.
    """
    root = vectors_root(data_dir)
    if not root.is_dir():
        return []
    listed: set[str] = set()
    gens = Path(data_dir) / ix.GENERATIONS
    for gen in gens.iterdir() if gens.is_dir() else ():
        if (gen / LIST_FILE).is_file():
            try:
                listed.update(s.name for s in read_list(ix.Generation(gen)))
            except IndexCorrupt:
                return []  # a list cannot be read: keep everything
    removed = []
    for p in root.iterdir():
        if p.name.startswith(".building-"):
            with contextlib.suppress(OSError):
                if time.time() - p.stat().st_mtime > stale_s:
                    shutil.rmtree(p, ignore_errors=True)
                    removed.append(p.name)
        elif p.name not in listed:
            with contextlib.suppress(OSError):
                if time.time() - p.stat().st_mtime >= min_age_s:
                    shutil.rmtree(p, ignore_errors=True)
                    removed.append(p.name)
    return removed


# ---------------------------------------------------------------- reading


class SegmentedStore:
    """A generation's passages over its vector segments (read only); ids in and out are chunk ids."""

    def __init__(self, root: Path, segments: Sequence[VectorSegment], embedder: Any) -> None:
        self._parts = []
        for s in segments:
            if not (root / s.name).is_dir():
                raise IndexCorrupt(
                    f"Vektorsegmentet {s.name} mangler. Kør: aftale ingest --rebuild",
                    f"The vector segment {s.name} is missing. Run: aftale ingest --rebuild",
                )
            self._parts.append((ChromaStore(embedded_client(root / s.name), COLLECTION, embedder), set(s.dead), s.dead_rows(), s.rows()))
        self.name = COLLECTION

    @classmethod
    def of(cls, gen: ix.Generation, embedder: Any) -> "SegmentedStore":
        """The store over the segments ``gen`` lists, in the data directory's shared ``vectors/`` folder."""
        return cls(vectors_root(data_dir_of(gen)), read_list(gen), embedder)

    def stores(self) -> list[ChromaStore]:
        """Each segment's Chroma collection, in list order."""
        return [store for store, _, _, _ in self._parts]

    def count(self) -> int:
        """Live passages.

        Raises:
            IndexCorrupt: a segment's folder holds another number of records than its list says.
        """
        total = 0
        for store, _, dead, rows in self._parts:
            if store.count() != rows:
                raise IndexCorrupt(
                    f"Vektorsegmentet {store.name} passer ikke til sin liste. Kør: aftale ingest --rebuild",
                    f"The vector segment {store.name} does not match its list. Run: aftale ingest --rebuild",
                )
            total += rows - dead
        return total

    def query(self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """The ``k`` nearest live passages as ``(chunk id, cosine similarity)``, best first, ties by id."""
        hits: dict[str, tuple[str, float]] = {}
        for store, dead, n_dead, _ in self._parts:
            skip = (n_dead, lambda rid, dead=dead: rid.rpartition("@")[2] in dead) if n_dead else None
            for rid, score in store.query(embedding, k, where, skip=skip):
                hits[rid] = (rid.rpartition("@")[0], score)
        best = sorted(hits.items(), key=lambda h: (-h[1][1], h[0]))
        return [(chunk_id, score) for _, (chunk_id, score) in best[:k]]
