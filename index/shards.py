"""Per-document shards of a generation's sentence layer, hard-linked from the previous generation.

The sentence rows and their vectors are the largest part of an index (about
half of it). Written as one file each, every ingest rewrote them for the whole
library; as one pair of files per document version under ``sentences/``
(``<key>.jsonl``, ``<key>.npy``, ``key``: ``Manifest.keys``, a hash of the
document's name, content, facts and the index's settings), a new generation
hard-links the pairs of unchanged documents (``os.link``; a copy where linking
fails, e.g. across filesystems) and writes only the changed documents' pairs.

Generations stay immutable: a shard is never written after its generation is
published, and a linked file lives on until the last generation naming it is
pruned. A generation built before shards existed keeps its two files
(``sentences.jsonl``, ``sentence_embeddings.npy``); the next ingest splits them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from foundation.errors import IndexCorrupt
from index import generation as ix

SENTENCES = "sentences"


def sharded(gen: ix.Generation) -> bool:
    return (gen.path / SENTENCES).is_dir()


def _files(gen: ix.Generation, key: str) -> tuple[Path, Path]:
    folder = gen.path / SENTENCES
    return folder / f"{key}.jsonl", folder / f"{key}.npy"


def _keys(manifest: ix.Manifest) -> list[str]:
    """Shard keys in stored order (by file name); a generation with shards lists a key for every file."""
    missing = sorted(set(manifest.files) - set(manifest.keys))
    if missing:
        raise IndexCorrupt(
            f"Indeksets manifest mangler nøgler for {missing[0]}. Kør: aftale ingest --rebuild",
            f"The index manifest lacks keys for {missing[0]}. Run: aftale ingest --rebuild",
        )
    return [manifest.keys[name] for name in sorted(manifest.files)]


def write_shard(building: ix.Generation, key: str, rows: Sequence[dict[str, Any]], vectors: np.ndarray) -> None:
    """One document's sentence rows and their vectors."""
    rows_file, array_file = _files(building, key)
    rows_file.parent.mkdir(exist_ok=True)
    ix.write_jsonl(rows_file, rows)
    ix.save_array(array_file, vectors)


def link_shard(previous: ix.Generation, old: str, building: ix.Generation, key: str) -> None:
    """Hard-link one document's shard from the previous generation (a copy where linking fails)."""
    for src, dst in zip(_files(previous, old), _files(building, key)):
        try:
            os.link(src, dst)
        except OSError:  # another filesystem, or one without hard links
            with contextlib.suppress(FileNotFoundError):
                dst.unlink()
            shutil.copyfile(src, dst)


def carry_shards(previous: ix.Generation, manifest: ix.Manifest, building: ix.Generation, keys: Mapping[str, str]) -> None:
    """Give ``building`` the shards of the kept documents (``keys``: file -> key in the new generation)."""
    (building.path / SENTENCES).mkdir(exist_ok=True)
    if not sharded(previous):
        split_legacy(previous, building, keys, manifest.dim)
        return
    for name, key in keys.items():
        old = manifest.keys.get(name)
        if old is None or not all(f.exists() for f in _files(previous, old)):
            raise IndexCorrupt(
                f"Indeksets sætninger for {name} mangler. Kør: aftale ingest --rebuild",
                f"The index's sentences of {name} are missing. Run: aftale ingest --rebuild",
            )
        link_shard(previous, old, building, key)


def split_legacy(previous: ix.Generation, building: ix.Generation, keys: Mapping[str, str], dim: int) -> None:
    """Write shards of the kept documents (``keys``: file -> key) from a generation without shards."""
    rows = ix.read_lines(previous.sentences_file)
    emb = ix.load_array(previous.sentence_embeddings_file, len(rows), dim, mmap=True)
    by_doc: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_doc.setdefault(r["doc"], []).append(i)
    for name, key in keys.items():
        idx = by_doc.get(name, [])
        write_shard(building, key, [rows[i] for i in idx], np.asarray(emb[np.asarray(idx, dtype=np.intp)]).reshape(len(idx), dim))


def kept_lines(previous: ix.Generation, names: Sequence[str]) -> list[dict[str, Any]]:
    """Sentence rows of these documents in the previous generation, as ``ix.read_lines`` gives them."""
    if not sharded(previous):
        keep = set(names)
        return [r for r in ix.read_lines(previous.sentences_file) if r["doc"] in keep]
    manifest = previous.read_manifest()
    out: list[dict[str, Any]] = []
    for name in sorted(names):
        out.extend(ix.read_lines(_files(previous, manifest.keys[name])[0]))
    return out


def read_sentences(gen: ix.Generation, manifest: ix.Manifest) -> tuple[list[dict[str, Any]], np.ndarray]:
    """Every sentence row of a generation and their vectors (one array, filled shard by shard)."""
    if not sharded(gen):
        rows = ix.read_jsonl(gen.sentences_file)
        return rows, ix.load_array(gen.sentence_embeddings_file, len(rows), manifest.dim)
    parts = [ix.read_jsonl(_files(gen, key)[0]) for key in _keys(manifest)]
    out = np.empty((sum(len(p) for p in parts), manifest.dim), np.float32)
    pos = 0
    for key, part in zip(_keys(manifest), parts):
        out[pos : pos + len(part)] = ix.load_array(_files(gen, key)[1], len(part), manifest.dim, mmap=True)
        pos += len(part)
    return [r for p in parts for r in p], out


def verify_sentences(gen: ix.Generation, manifest: ix.Manifest) -> None:
    """Each shard's vectors fit its rows (headers and newlines only); raise IndexCorrupt when not."""
    if not sharded(gen):
        ix.array_shape(gen.sentence_embeddings_file, ix.count_rows(gen.sentences_file), manifest.dim)
        return
    for key in _keys(manifest):
        rows_file, array_file = _files(gen, key)
        ix.array_shape(array_file, ix.count_rows(rows_file), manifest.dim)
