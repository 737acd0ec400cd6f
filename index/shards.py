"""Per-document shards of a generation, hard-linked from the previous generation when unchanged.

A generation's passages, their vectors, its sentence rows and vectors and its
cleaned document texts are most of an index. Written as one file each, every
ingest rewrote them for the whole library. As one set of files per document
version under ``shards/`` (``<key>.<part>``, ``key``: ``Manifest.keys``, a hash
of the document's name, content, facts and the index's settings), a new
generation hard-links the files of unchanged documents (``os.link``; a copy
where linking fails, e.g. across filesystems) and writes only the changed
documents' files. Read back in file-name order, the shards give the rows in
the order the single files had (passages by document, then offset).

Generations stay immutable: a shard is never written after its generation is
published, and a linked file lives on until the last generation naming it is
pruned. A generation built before shards existed keeps its single files
(``chunks.jsonl`` …); the next ingest splits them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from foundation.errors import IndexCorrupt
from index import generation as ix
from index.bm25 import BM25Index
from index.bm25_segments import check, order_of, segmented

SHARDS = "shards"
CHUNKS, CHUNK_VECTORS = "chunks.jsonl", "chunks.npy"
SENTENCES, SENTENCE_VECTORS = "sentences.jsonl", "sentences.npy"
DOCUMENT = "document.jsonl"
PARTS = (CHUNKS, CHUNK_VECTORS, SENTENCES, SENTENCE_VECTORS, DOCUMENT)


def sharded(gen: ix.Generation) -> bool:
    return (gen.path / SHARDS).is_dir()


def shard_file(gen: ix.Generation, key: str, part: str) -> Path:
    return gen.path / SHARDS / f"{key}.{part}"


def _keys(manifest: ix.Manifest, names: Iterable[str] | None = None) -> list[str]:
    """Shard keys in stored order (by file name); a generation with shards lists a key for every file."""
    names = sorted(manifest.files if names is None else names)
    missing = [n for n in names if n not in manifest.keys]
    if missing:
        raise IndexCorrupt(
            f"Indeksets manifest mangler nøgler for {missing[0]}. Kør: aftale ingest --rebuild",
            f"The index manifest lacks keys for {missing[0]}. Run: aftale ingest --rebuild",
        )
    return [manifest.keys[n] for n in names]


# ---------------------------------------------------------------- writing


def write_rows(building: ix.Generation, key: str, part: str, rows: Sequence[dict[str, Any]]) -> None:
    (building.path / SHARDS).mkdir(exist_ok=True)
    ix.write_jsonl(shard_file(building, key, part), rows)


def write_vectors(building: ix.Generation, key: str, part: str, vectors: np.ndarray) -> None:
    (building.path / SHARDS).mkdir(exist_ok=True)
    ix.save_array(shard_file(building, key, part), vectors)


def carry_shards(previous: ix.Generation, manifest: ix.Manifest, building: ix.Generation, keys: Mapping[str, str]) -> None:
    """Give ``building`` the shards of the kept documents (``keys``: file -> key in the new generation)."""
    (building.path / SHARDS).mkdir(exist_ok=True)
    if not sharded(previous):
        split_legacy(previous, building, keys, manifest.dim)
        return
    for name, key in keys.items():
        old = manifest.keys.get(name)
        if old is None or not all(shard_file(previous, old, part).exists() for part in PARTS):
            raise IndexCorrupt(
                f"Indeksets dele for {name} mangler. Kør: aftale ingest --rebuild",
                f"The index's parts of {name} are missing. Run: aftale ingest --rebuild",
            )
        for part in PARTS:
            link(shard_file(previous, old, part), shard_file(building, key, part))


def link(src: Path, dst: Path) -> None:
    """Hard-link ``src`` as ``dst``; a copy where linking fails (another filesystem, or one without links)."""
    try:
        os.link(src, dst)
    except OSError:
        with contextlib.suppress(FileNotFoundError):
            dst.unlink()
        shutil.copyfile(src, dst)


def split_legacy(previous: ix.Generation, building: ix.Generation, keys: Mapping[str, str], dim: int) -> None:
    """Write shards of the kept documents (``keys``: file -> key) from a generation without shards."""
    for rows_file, array_file, rows_part, array_part in (
        (previous.chunks_file, previous.embeddings_file, CHUNKS, CHUNK_VECTORS),
        (previous.sentences_file, previous.sentence_embeddings_file, SENTENCES, SENTENCE_VECTORS),
    ):
        rows = ix.read_lines(rows_file)
        emb = ix.load_array(array_file, len(rows), dim, mmap=True)
        by_doc: dict[str, list[int]] = {}
        for i, r in enumerate(rows):
            by_doc.setdefault(r["doc"], []).append(i)
        for name, key in keys.items():
            idx = by_doc.get(name, [])
            write_rows(building, key, rows_part, [rows[i] for i in idx])
            write_vectors(building, key, array_part, np.asarray(emb[np.asarray(idx, dtype=np.intp)]).reshape(len(idx), dim))
    docs = {r["file"]: r for r in ix.read_document_lines(previous.documents_file)}
    for name, key in keys.items():
        write_rows(building, key, DOCUMENT, [docs[name]] if name in docs else [])


# ---------------------------------------------------------------- reading (either layout)


def _gather(gen: ix.Generation, manifest: ix.Manifest, read: Callable[[Path], list[Any]], whole: Path, part: str) -> list[Any]:
    """``read`` over the generation's one ``whole`` file, or over each document's ``part`` shard in stored order."""
    if not sharded(gen):
        return read(whole)
    return [r for key in _keys(manifest) for r in read(shard_file(gen, key, part))]


def chunk_lines(gen: ix.Generation, manifest: ix.Manifest) -> list[dict[str, Any]]:
    """Every passage row as ``ix.read_lines`` gives them, in stored order."""
    return _gather(gen, manifest, ix.read_lines, gen.chunks_file, CHUNKS)


def read_chunks(gen: ix.Generation, manifest: ix.Manifest) -> list[dict[str, Any]]:
    return _gather(gen, manifest, ix.read_jsonl, gen.chunks_file, CHUNKS)


def document_lines(gen: ix.Generation, manifest: ix.Manifest) -> list[dict[str, Any]]:
    """Every document row as ``ix.read_document_lines`` gives them, by file name."""
    return _gather(gen, manifest, ix.read_document_lines, gen.documents_file, DOCUMENT)


def read_documents(gen: ix.Generation, manifest: ix.Manifest) -> list[dict[str, Any]]:
    return _gather(gen, manifest, ix.read_jsonl, gen.documents_file, DOCUMENT)


def _stack(gen: ix.Generation, keys: list[str], rows_part: str, array_part: str, counts: list[int], dim: int) -> np.ndarray:
    out = np.empty((sum(counts), dim), np.float32)
    pos = 0
    for key, n in zip(keys, counts):
        out[pos : pos + n] = ix.load_array(shard_file(gen, key, array_part), n, dim, mmap=True)
        pos += n
    return out


def chunk_vectors(gen: ix.Generation, manifest: ix.Manifest, names: Iterable[str] | None = None) -> np.ndarray:
    """Passage vectors of these documents (all when None), in stored order."""
    if not sharded(gen):
        rows = ix.read_lines(gen.chunks_file)
        emb = ix.load_array(gen.embeddings_file, len(rows), manifest.dim, mmap=names is not None)
        if names is None:
            return emb
        keep = set(names)
        idx = [i for i, r in enumerate(rows) if r["doc"] in keep]
        return np.array(emb) if len(idx) == len(rows) else emb[np.asarray(idx, dtype=np.intp)]
    keys = _keys(manifest, names)
    return _stack(gen, keys, CHUNKS, CHUNK_VECTORS, [ix.count_rows(shard_file(gen, k, CHUNKS)) for k in keys], manifest.dim)


def read_sentences(gen: ix.Generation, manifest: ix.Manifest) -> tuple[list[dict[str, Any]], np.ndarray]:
    """Every sentence row of a generation and their vectors (one array, filled shard by shard)."""
    if not sharded(gen):
        rows = ix.read_jsonl(gen.sentences_file)
        return rows, ix.load_array(gen.sentence_embeddings_file, len(rows), manifest.dim)
    keys = _keys(manifest)
    parts = [ix.read_jsonl(shard_file(gen, key, SENTENCES)) for key in keys]
    return [r for p in parts for r in p], _stack(gen, keys, SENTENCES, SENTENCE_VECTORS, [len(p) for p in parts], manifest.dim)


def kept_sentence_lines(previous: ix.Generation, manifest: ix.Manifest, names: Sequence[str]) -> list[dict[str, Any]]:
    """Sentence rows of these documents in the previous generation, as ``ix.read_lines`` gives them."""
    if not sharded(previous):
        keep = set(names)
        return [r for r in ix.read_lines(previous.sentences_file) if r["doc"] in keep]
    return [r for key in _keys(manifest, names) for r in ix.read_lines(shard_file(previous, key, SENTENCES))]


def _shape(path: Path, rows: int, dim: int) -> None:
    """``ix.array_shape`` from the header alone (no memory map: a library has thousands of shards)."""
    try:
        with open(path, "rb") as fh:
            version = np.lib.format.read_magic(fh)
            read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, _, _ = read(fh)
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(
            f"Indeksfilen {path.name} er beskadiget. Kør: aftale ingest --rebuild",
            f"Index file {path.name} is damaged. Run: aftale ingest --rebuild",
        ) from exc
    if shape != (rows, dim):
        raise IndexCorrupt(
            f"Indeksfilen {path.name} passer ikke til manifestet. Kør: aftale ingest --rebuild",
            f"Index file {path.name} does not match the manifest. Run: aftale ingest --rebuild",
        )


def shard_sizes(gen: ix.Generation, keys: Iterable[str]) -> dict[str, list[int]]:
    """The byte size of each shard file (``PARTS``) of these keys, for the manifest (``Manifest.shard_bytes``)."""
    return {key: [shard_file(gen, key, part).stat().st_size for part in PARTS] for key in sorted(set(keys))}


def verify(gen: ix.Generation) -> ix.Manifest:
    """``ix.verify`` for either layout: every part is there, vectors fit their rows (headers and newlines
    only) and BM25 fits the passages; raise IndexCorrupt when not.

    A manifest that records its shards' sizes is checked by ``stat`` alone: a thousand documents'
    five thousand files are not read on every ingest, and a shard cut short or replaced is caught
    as before. The passages' total is then the manifest's own count.
    """
    if not sharded(gen):
        manifest = ix.verify(gen)
        ix.array_shape(gen.sentence_embeddings_file, ix.count_rows(gen.sentences_file), manifest.dim)
        return manifest
    manifest = gen.read_manifest()
    keys = _keys(manifest)
    if manifest.shard_bytes and all(k in manifest.shard_bytes for k in keys):
        for key in keys:
            for part, size in zip(PARTS, manifest.shard_bytes[key]):
                try:
                    found = shard_file(gen, key, part).stat().st_size
                except OSError:
                    found = -1
                if found != size:
                    raise IndexCorrupt(
                        f"Indeksfilen {key}.{part} mangler eller er ændret. Kør: aftale ingest --rebuild",
                        f"Index file {key}.{part} is missing or changed. Run: aftale ingest --rebuild",
                    )
        _check_bm25(gen, manifest, sum(e.chunks for e in manifest.files.values()))
        return manifest
    chunks = 0
    for key in keys:
        n = ix.count_rows(shard_file(gen, key, CHUNKS))
        _shape(shard_file(gen, key, CHUNK_VECTORS), n, manifest.dim)
        _shape(shard_file(gen, key, SENTENCE_VECTORS), ix.count_rows(shard_file(gen, key, SENTENCES)), manifest.dim)
        if ix.count_rows(shard_file(gen, key, DOCUMENT)) != 1:
            raise IndexCorrupt(
                f"Indeksfilen {key}.{DOCUMENT} er beskadiget. Kør: aftale ingest --rebuild",
                f"Index file {key}.{DOCUMENT} is damaged. Run: aftale ingest --rebuild",
            )
        chunks += n
    _check_bm25(gen, manifest, chunks)
    return manifest


def _check_bm25(gen: ix.Generation, manifest: ix.Manifest, chunks: int) -> None:
    if segmented(gen.bm25_dir):
        check(gen.bm25_dir, order_of(manifest))
    elif BM25Index.stored_size(gen.bm25_dir) != chunks:
        raise IndexCorrupt(
            "BM25-indekset passer ikke til passagerne. Kør: aftale ingest --rebuild",
            "The BM25 index does not match the passages. Run: aftale ingest --rebuild",
        )
