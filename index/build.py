"""The one place that wires the ingest steps: load → clean → split → embed → index."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from foundation.errors import (
    AftaleError,
    IndexCorrupt,
    StoreUnavailable,
    storage_error,
)
from foundation.settings import Settings
from foundation.text.tokens import TOKENS_VERSION
from index import generation as ix
from index.backends import check_server, make_embedder
from index.lexicon_store import store_lexicon
from index.overrides import Overrides
from index.passage_vectors import PassageVectors
from index.prepare import Prepared, prepare_loaded
from index.previous import Previous, previous_index, sources_to_reread
from index.register_library import collect as collect_register
from index.register_library import reusable_library
from index.register_store import register_path
from index.reuse import Reused, load_reused
from index.rows import preload, write_rows_and_lexical
from index.server_index import (
    Ref,
    collect,
    fill_server,
    forget_build,
    keys_of,
    server_refs,
)
from index.shards import (
    CHUNK_VECTORS,
    SENTENCE_VECTORS,
    SENTENCES,
    carry_shards,
    shard_sizes,
    write_rows,
    write_vectors,
)
from index.vector_segments import COLLECTION as VECTOR_COLLECTION
from index.vector_segments import collect as collect_vectors
from index.vector_segments import fill as fill_vector_segments
from index.vectors import is_write_error
from ingest import CLEANER_VERSION, READER_VERSION, SPLITTER_VERSION
from ingest.catalog import load_catalog
from ingest.load import load, sha256_file
from ingest.table_columns import embedding_text
from ingest.vocabulary import build_vocabulary

Progress = Callable[[str, int, int, str], None]
"""progress(stage, done, total, detail): stage is "files", "embed" or "index"."""

SUFFIXES = (".pdf", ".txt", ".md")


def index_fingerprint(settings: Settings) -> str:
    """Hash of everything that changes what the index contains (settings and step versions)."""
    parts = {
        "embedder": settings.embedder.model_dump(exclude={"batch_size"}),
        "ingest": settings.ingest.model_dump(exclude={"max_file_mb"}),
        "reader": READER_VERSION,
        "cleaner": CLEANER_VERSION,
        "splitter": SPLITTER_VERSION,
        "tokens": TOKENS_VERSION,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class FileProblem:
    file: str
    reason: str


@dataclass
class IngestReport:
    """What one ingest did."""

    documents: int = 0
    pages: int = 0
    chunks: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    duplicates: list[FileProblem] = field(default_factory=list)
    failed: list[FileProblem] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)  # removed by an editor (index.overrides)
    seconds: float = 0.0
    generation: str | None = None
    changed: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed


def discover(paths: Sequence[Path]) -> tuple[list[Path], list[Path], list[FileProblem]]:
    """Files to ingest, the folders they came from, and paths that don't exist."""
    files: list[Path] = []
    roots: list[Path] = []
    missing: list[FileProblem] = []
    for p in paths:
        if p.is_dir():
            roots.append(p.resolve())
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith(".")))
        elif p.is_file():
            roots.append(p.resolve())
            files.append(p)
        else:
            missing.append(FileProblem(p.name, "findes ikke / not found"))
    return files, roots, missing


def _catalogs(settings: Settings, roots: Iterable[Path]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    seen: set[Path] = set()
    if not settings.ingest.catalog:  # facts from the documents' own text only
        return merged
    for folder in [settings.corpus_dir, *[r if r.is_dir() else r.parent for r in roots]]:
        cat = Path(folder) / "catalog.yaml"
        if cat.exists() and cat.resolve() not in seen:
            seen.add(cat.resolve())
            merged.update(load_catalog(cat))
    return merged


def run_ingest(
    paths: Sequence[Path] | None,
    settings: Settings,
    *,
    rebuild: bool = False,
    embedder: Any = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest files or folders into a new index generation and publish it.

    Unchanged files (same sha256, same index fingerprint) are reused without
    re-embedding; changed files are replaced; files gone from an ingested
    folder are removed. Nothing is published unless every step succeeded.

    Raises:
        StorageError: the data directory cannot be written (read-only, disk
            full, a file in the way); the half-built generation was removed.
        StoreUnavailable: server mode and the Chroma server does not answer
            (checked before any embedding).
    """
    t0 = time.perf_counter()
    report = IngestReport()
    tick = progress or (lambda *a: None)
    data_dir = Path(settings.data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_error(exc, data_dir) from exc
    check_server(settings)
    paths = list(paths) if paths else [Path(settings.corpus_dir)]
    files, roots, missing = discover(paths)
    report.failed.extend(missing)
    embedder = embedder or make_embedder(settings)
    fingerprint = index_fingerprint(settings)

    previous = previous_index(data_dir, fingerprint, embedder.name, rebuild)
    prev_files = previous.manifest.files if previous else {}
    if previous is None and not rebuild:  # an index of an earlier version, or damaged inside: its documents are read again
        files += sources_to_reread(data_dir, files)

    catalog = _catalogs(settings, roots)
    overrides = Overrides.load(data_dir)  # editors' removals and corrections
    entries: dict[str, ix.FileEntry] = {}
    fresh: dict[str, Prepared] = {}
    loaded: dict[str, tuple[Path, str, Any]] = {}
    seen_hashes: dict[str, str] = {}
    indexed: dict[str, list[str]] = {}
    for other, entry in prev_files.items():  # in the manifest's order, as the search over it was
        indexed.setdefault(entry.sha256, []).append(other)
    for i, path in enumerate(files):
        tick("files", i, len(files), path.name)
        try:
            digest = sha256_file(path)
        except OSError as exc:
            report.failed.append(FileProblem(path.name, f"kan ikke læses ({exc.strerror})"))
            continue
        if overrides.withheld(digest):
            report.withheld.append(path.name)
            continue
        twin = seen_hashes.get(digest) or _indexed_twin(digest, path.name, prev_files, indexed)
        if twin is not None:
            report.duplicates.append(FileProblem(path.name, f"samme indhold som {twin}"))
            continue
        old = prev_files.get(path.name)
        seen_hashes[digest] = path.name
        if old is not None and old.sha256 == digest and overrides.current(path.name, old.meta):
            entries[path.name] = old
            report.skipped.append(path.name)
            continue
        try:
            doc = load(path, catalog=catalog, max_bytes=int(settings.ingest.max_file_mb * 2**20))
            loaded[path.name] = (path, digest, overrides.apply(doc))
        except AftaleError as exc:
            report.failed.append(FileProblem(path.name, exc.user_message.split(": ", 1)[-1]))
            continue
    # Repairs are checked against the words of the whole batch, never against bundled files.
    batch_vocabulary = build_vocabulary([doc.raw for _, _, doc in loaded.values()])
    for name, (path, digest, doc) in loaded.items():
        try:
            prepared = prepare_loaded(doc, settings, batch_vocabulary)
        except AftaleError as exc:
            report.failed.append(FileProblem(name, exc.user_message.split(": ", 1)[-1]))
            continue
        fresh[name] = prepared
        src = prepared.clean.source
        entries[name] = ix.FileEntry(
            file=name,
            path=str(path.resolve()),
            sha256=digest,
            pages=len(src.pages) if src.has_pages else 0,
            chunks=len(prepared.chunks),
            meta=overrides.meta(name, src.meta.as_dict()),
        )
        (report.updated if name in prev_files else report.added).append(name)
    tick("files", len(files), len(files), "")

    # Files that were ingested from these roots before and are gone now.
    names_now = {p.name for p in files}
    for name, entry in prev_files.items():
        if name in entries:
            continue
        if overrides.withheld(entry.sha256):
            report.removed.append(name)
            continue
        ep = Path(entry.path)
        under_root = any(ep == r or r in ep.parents for r in roots)
        if under_root and not ep.exists():
            report.removed.append(name)
        elif name not in names_now:
            entries[name] = entry  # kept: not part of this ingest's paths

    # a register written under other rules (``REGISTER_VERSION``) is extracted again, though no document changed;
    # asked only where nothing else changed (``load_reused`` reads the library's version again when building)
    report.changed = bool(fresh or report.removed or entries and (
        previous is None or reusable_library(register_path(previous.generation.path)) is None))
    if not report.changed:
        if previous is not None:
            _summarise(report, previous.manifest.files.values())
            report.generation = previous.generation.id
        report.seconds = time.perf_counter() - t0
        return report

    try:
        building = ix.new_generation(data_dir)
    except OSError as exc:
        raise storage_error(exc, data_dir) from exc
    on_server = server_refs(data_dir, settings) if settings.server_mode else {}
    try:
        _build(building, entries, fresh, previous, embedder, settings, fingerprint, tick, on_server)
        published = ix.publish(data_dir, building)
    except BaseException as exc:
        if settings.server_mode and not isinstance(exc, StoreUnavailable):
            forget_build(settings, data_dir, building, embedder)
        ix.discard(building)
        if isinstance(exc, IndexCorrupt) and previous is not None:  # the previous index is damaged inside: build anew
            return run_ingest(paths, settings, rebuild=True, embedder=embedder, progress=progress)
        if isinstance(exc, Exception) and is_write_error(exc, settings.server_mode):
            raise storage_error(exc, data_dir) from exc
        raise
    if on_server:  # collections and records that only generations publish() pruned from disk held
        collect(settings, on_server, data_dir, embedder)
    with contextlib.suppress(sqlite3.Error, OSError):  # register rows only pruned generations listed; else the next ingest
        collect_register(data_dir)
    with contextlib.suppress(OSError):  # vector segments only pruned generations listed; else the next ingest
        collect_vectors(data_dir)
    _summarise(report, entries.values())
    report.generation = published.id
    report.seconds = time.perf_counter() - t0
    return report


def _indexed_twin(digest: str, name: str, prev_files: dict[str, ix.FileEntry], by_digest: dict[str, list[str]]) -> str | None:
    """An already indexed file with the same content under another name that still exists
    (``by_digest``: the indexed names of each content, so a library is not searched once per file)."""
    for other in by_digest.get(digest, ()):
        if other != name and Path(prev_files[other].path).exists():
            return other
    return None


def _summarise(report: IngestReport, entries: Iterable[ix.FileEntry]) -> None:
    entries = list(entries)
    report.documents = len(entries)
    report.pages = sum(e.pages for e in entries)
    report.chunks = sum(e.chunks for e in entries)


def _build(
    building: ix.Generation,
    entries: dict[str, ix.FileEntry],
    fresh: dict[str, Prepared],
    previous: Previous | None,
    embedder: Any,
    settings: Settings,
    fingerprint: str,
    tick: Progress,
    on_server: dict[Path, Ref] | None = None,
) -> ix.Generation:
    keep = {name for name in entries if name not in fresh}
    prev_gen = previous.generation if previous else None
    reused = load_reused(prev_gen, previous.manifest.dim, keep) if previous else Reused()
    chunk_rows, sent_rows, doc_rows = list(reused.chunk_rows), list(reused.sent_rows), list(reused.doc_rows)

    new_chunks = [c for p in fresh.values() for c in p.chunks]
    fresh_sents = {name: p.sentence_rows() for name, p in fresh.items()}
    new_sents = [row for rows in fresh_sents.values() for row in rows]
    keys = keys_of(entries, fingerprint, embedder.name)
    if previous is not None:  # unchanged documents' shards: hard-linked (or split from an older layout)
        carry_shards(previous.generation, previous.manifest, building, {name: keys[name] for name in keep})
    for p in fresh.values():
        chunk_rows.extend(p.chunk_rows())
        doc_rows.append(p.document_row())
    sent_rows.extend(new_sents)
    n_kept = len(reused.chunk_rows)
    # by document, then offset; kept rows are already in that order in the previous file (and carry only doc and id)
    order = sorted(range(len(chunk_rows)), key=lambda i: (chunk_rows[i]["doc"], chunk_rows[i]["start"] if i >= n_kept else i))
    chunk_rows = [chunk_rows[i] for i in order]
    line_at = {name: p.clean.line_at for name, p in fresh.items()}

    # Everything that needs no vectors is written by a worker while the embedder runs.
    texts = [c.embed_text() for c in new_chunks]
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="aftale-ingest") as pool:  # chromadb imported beside the rows
        side = pool.submit(write_rows_and_lexical, building, chunk_rows, sent_rows, doc_rows, line_at, keys, reused)
        if not settings.server_mode:
            pool.submit(preload, "chromadb")
        sentences = [embedding_text(row["text"], row["section"]) for row in new_sents]  # a table row as its header reads it
        vectors = _embed_unique(texts + sentences, embedder, max(8, settings.embedder.batch_size), len(texts), tick)
        tick("index", 0, 3, "bm25")
        # The arrays (I/O and copies that release the GIL) and the lexicon are written while the worker still writes rows.
        dim = embedder.dim
        all_chunk_emb = _write_arrays(building, reused, vectors, len(texts), order, dim, fresh_sents, keys, chunk_rows)
        del vectors
        store_lexicon(
            building, prev_gen, [ix.full(r)["text"] for r in sorted(doc_rows, key=lambda r: r["file"])], embedder, settings.embedder.batch_size, tick,
            fresh=[p.clean.text for p in fresh.values()] if previous else None, dropped=reused.dropped_texts,
        )
        side.result()

    tick("index", 1, 3, "chroma")
    if settings.server_mode:  # only documents no published generation holds yet are added
        manifest = previous.manifest if previous else None
        collection = fill_server(settings, building, manifest, on_server or {}, chunk_rows, all_chunk_emb, keys, embedder, _store_meta)
    else:
        collection = _fill_store(building, previous, reused, chunk_rows, all_chunk_emb, keys, set(fresh), embedder)
    tick("index", 2, 3, "manifest")
    manifest = ix.Manifest(
        generation=building.id.removeprefix(".building-"),
        fingerprint=fingerprint,
        embedder=embedder.name,
        dim=int(dim),
        collection=collection,
        mode="server" if settings.server_mode else "embedded",
        created_at=time.time(),
        files=dict(sorted(entries.items())),
        keys=dict(sorted(keys.items())),
        shard_bytes=shard_sizes(building, keys.values()),
    )
    building.manifest_file.write_text(manifest.to_json(), encoding="utf-8")
    tick("index", 3, 3, "")
    return building


def _write_arrays(
    building: ix.Generation,
    reused: Reused,
    vectors: tuple[np.ndarray, np.ndarray],
    n_new: int,
    order: list[int],
    dim: int,
    fresh_sents: dict[str, list[dict[str, Any]]],
    keys: dict[str, str],
    chunk_rows: list[dict[str, Any]],
) -> PassageVectors:
    """Write the generation's vector arrays; returns every passage's vectors in stored order, read on demand.

    One gather per array from the distinct vectors (no stacked copies of them
    all). Only the new documents' shards are written (sentence rows and
    vectors, passage vectors); the kept ones were hard-linked (``index.shards``).
    """
    unique, where = vectors
    pos = n_new
    for name, rows in fresh_sents.items():  # new documents' sentence shards (kept ones are linked)
        write_rows(building, keys[name], SENTENCES, rows)
        write_vectors(building, keys[name], SENTENCE_VECTORS, unique[where[pos : pos + len(rows)]].reshape(len(rows), dim))
        pos += len(rows)
    new_chunk_emb = unique[where[:n_new]].reshape(n_new, dim)
    all_chunk_emb = PassageVectors(order, len(reused.chunk_rows), new_chunk_emb, reused.kept_vectors, dim)
    rows_of: dict[str, list[int]] = {name: [] for name in fresh_sents}
    for i, r in enumerate(chunk_rows):  # in stored order, as ``index.rows`` writes the new documents' rows
        if r["doc"] in rows_of:
            rows_of[r["doc"]].append(i)
    for name, idx in rows_of.items():
        write_vectors(building, keys[name], CHUNK_VECTORS, all_chunk_emb.rows(idx).reshape(len(idx), dim))
    return all_chunk_emb


def _fill_store(
    building: ix.Generation,
    previous: Previous | None,
    reused: Reused,
    chunk_rows: list[dict[str, Any]],
    all_emb: PassageVectors,
    keys: dict[str, str],
    fresh: set[str],
    embedder: Any,
) -> str:
    """Put the generation's passages in embedded Chroma; returns the collection's name.

    The passages' texts stay in the row shards: Chroma gets ids, vectors and
    metadata only (it would store and full-text index every text again, for
    nothing a query reads). The vectors go into segments that generations
    share (``index.vector_segments``): an ingest writes one for the documents
    it read and lists the previous generation's others again.
    (Server mode: ``index.server_index``.)
    """
    prev = previous.generation if previous is not None and previous.manifest.mode == "embedded" else None
    fill_vector_segments(building, prev, chunk_rows, keys, fresh, reused.keys, all_emb, embedder, _store_meta)
    return VECTOR_COLLECTION


def _embed_unique(texts: list[str], embedder: Any, batch: int, n_passages: int, tick: Progress) -> tuple[np.ndarray, np.ndarray]:
    """Embed every distinct text once: ``(vectors of the distinct texts, row of each text in them)``.

    Sentences repeat (boilerplate, the same paragraph in two documents), and
    embedding is nearly all of ingest's cost, so each distinct string goes to
    the model once. The vectors are written into one array as the batches come
    (no list of parts stacked at the end), and ``unique[where]`` gives one row
    per text. The first ``n_passages`` texts are passages (for progress).
    """
    slot: dict[str, int] = {}
    where = np.fromiter((slot.setdefault(t, len(slot)) for t in texts), dtype=np.intp, count=len(texts))
    unique = list(slot)
    del slot
    n_unique_passages = len(set(texts[:n_passages]))
    out = np.zeros((len(unique), embedder.dim), np.float32)
    for i in range(0, len(unique), batch):
        out[i : i + batch] = embedder.embed_documents(unique[i : i + batch])
        done = min(i + batch, len(unique))
        tick("embed", done, len(unique), "passager" if done <= n_unique_passages else "sætninger")
    return out, where


def _store_meta(row: dict[str, Any]) -> dict[str, Any]:
    meta = dict(row.get("meta") or {})
    meta.update(doc=row["doc"], section=row["section"], page_start=row["page_start"], start=row["start"])
    return meta
