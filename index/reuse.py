"""What a new generation takes over from the previous one, so an ingest costs what changed.

Unchanged documents keep their rows and vectors (sentence shards hard-linked), their word counts (the
library's counts are updated by subtracting what left and adding what came),
their register rows, and the previous generation's document keys, by which
``index.lexical`` and ``index.vector_segments`` list the BM25 and Chroma
segments that hold the kept documents again.
The previous generation is only read: it keeps answering until the pointer swap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from foundation.text.tokens import words
from index import generation as ix
from index.bm25_segments import segmented
from index.lexical import PieceTable
from index.register_library import reusable_library
from index.register_store import register_path
from index.shards import chunk_lines, chunk_vectors, document_lines, kept_sentence_lines


@dataclass
class Reused:
    """The kept part of the previous generation (empty for a cold build)."""

    chunk_rows: list[dict[str, Any]] = field(default_factory=list)  # as ``ix.read_lines`` gives them: ``ix.full`` for content
    kept_vectors: Callable[[], np.ndarray] | None = None  # the kept passages' vectors, stacked from their shards when called
    sent_rows: list[dict[str, Any]] = field(default_factory=list)  # read only when the register is extracted anew
    doc_rows: list[dict[str, Any]] = field(default_factory=list)  # ``ix.read_document_lines``: ``ix.full`` for the text
    counts: Counter[str] = field(default_factory=Counter)  # word counts of the kept chunks
    piece_rows: dict[str, int] = field(default_factory=dict)  # kept chunk id -> row of ``pieces``
    pieces: PieceTable | None = None  # an older generation's BM25 pieces (one table; segments are read by ``index.lexical``)
    keys: dict[str, str] = field(default_factory=dict)  # document name -> key in the previous generation
    register: Path | None = None  # the previous generation's register library, holding the kept rows; None: extract every document again
    dropped_texts: list[str] = field(default_factory=list)  # cleaned texts of those documents
    generation: ix.Generation | None = None


def load_reused(previous: ix.Generation | None, dim: int, keep: set[str]) -> Reused:
    """Read the previous generation once and keep the documents in ``keep``."""
    if previous is None:
        return Reused()
    manifest = previous.read_manifest()
    register = reusable_library(register_path(previous.path))
    chunk_rows = chunk_lines(previous, manifest)  # kept rows are carried as they are, not parsed
    doc_rows = document_lines(previous, manifest)
    ci = [i for i, r in enumerate(chunk_rows) if r["doc"] in keep]
    dropped = [ix.full(r) for r in chunk_rows if r["doc"] not in keep]
    pieces = None if segmented(previous.bm25_dir) else PieceTable.load(previous.bm25_dir)
    if pieces is not None and pieces.matrix.shape[0] != len(chunk_rows):
        pieces = None
    return Reused(
        chunk_rows=[chunk_rows[i] for i in ci],
        kept_vectors=partial(chunk_vectors, previous, manifest, sorted(keep)),
        sent_rows=kept_sentence_lines(previous, manifest, sorted(keep)) if register is None else [],
        doc_rows=[r for r in doc_rows if r["file"] in keep],
        counts=_kept_counts(previous, chunk_rows, dropped, ci),
        piece_rows={chunk_rows[i]["id"]: i for i in ci} if pieces is not None else {},
        pieces=pieces,
        keys=dict(manifest.keys),
        register=register,
        dropped_texts=[ix.full(r)["text"] for r in doc_rows if r["file"] not in keep],
        generation=previous,
    )


def _kept_counts(previous: ix.Generation, chunk_rows: list[dict[str, Any]], dropped: list[dict[str, Any]], kept: list[int]) -> Counter[str]:
    """The previous library's word counts less those of the dropped chunks (counted from the kept chunks if unknown)."""
    try:
        stored = ix.read_jsonl(previous.path / "vocabulary.jsonl")
    except Exception:  # noqa: BLE001 - an older or damaged file: count the kept chunks
        stored = []
    if not stored:
        return Counter(w for i in kept for w in words(ix.full(chunk_rows[i])["text"]))
    counts = Counter(stored[0]["counts"])
    counts.subtract(w for r in dropped for w in words(r["text"]))
    return Counter({w: c for w, c in counts.items() if c > 0})
