"""The part of a generation that needs no vectors: row files, the register, the vocabulary and BM25.

Split from ``index.build`` so ingest can write it in a worker thread while the
embedder (a C engine that releases the GIL) computes the vectors: on a cold
ingest this work then hides behind embedding instead of following it.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from foundation.text.tokens import words
from index import generation as ix
from index.lexical import build_lexical
from index.register_library import new_library, write_register
from index.register_store import register_path
from index.reuse import Reused
from index.shards import CHUNKS, DOCUMENT, write_rows
from ingest.commitments.extract import extract


def write_rows_and_lexical(
    building: ix.Generation,
    chunk_rows: list[dict[str, Any]],
    sent_rows: list[dict[str, Any]],
    doc_rows: list[dict[str, Any]],
    line_at: Mapping[str, Callable[[int], int]],
    keys: Mapping[str, str],
    reused: Reused | None = None,
) -> None:
    """Write the new documents' passage and document rows (``index.shards``; their vectors and
    sentences are written with the vectors), the commitments register, the vocabulary and the BM25 index.

    ``line_at`` maps freshly cleaned documents to their line lookup, so the
    register need not load and clean those sources a second time. What
    ``reused`` holds of unchanged documents (word counts, BM25 pieces,
    register rows) is taken over; only the documents in ``line_at`` are
    counted, tokenised and extracted.
    """
    reused = reused or Reused()
    fresh = set(line_at)
    counts = reused.counts + Counter(w for r in chunk_rows if r["doc"] in fresh for w in words(r["text"]))
    by_doc: dict[str, list[dict[str, Any]]] = {name: [] for name in fresh}
    for r in chunk_rows:
        if r["doc"] in fresh:
            by_doc[r["doc"]].append(r)
    documents = {r["file"]: r for r in doc_rows if r["file"] in fresh}
    for name in sorted(fresh):  # unchanged documents' shards are linked (``index.shards``)
        write_rows(building, keys[name], CHUNKS, by_doc[name])
        write_rows(building, keys[name], DOCUMENT, [documents[name]])
    register_docs = [{**r, "line_at": line_at[r["file"]]} if r["file"] in line_at else r for r in doc_rows]  # kept ones: as read
    members = {r["file"]: keys[r["file"]] for r in doc_rows}
    if reused.register is None:  # nothing reusable: extract every document (re-reading the unchanged ones) into a new library
        rows = extract([ix.full(r) for r in sent_rows], [ix.full(r) for r in chunk_rows], [ix.full(r) for r in register_docs])
        write_register(register_path(building.path), new_library(building.path), members, rows, extracted=members)
    else:  # the unchanged documents' rows stay in the library; their keys are listed
        rows = extract(
            [r for r in sent_rows if r["doc"] in fresh],
            [r for r in chunk_rows if r["doc"] in fresh],
            [r for r in register_docs if r["file"] in fresh],
        )
        write_register(register_path(building.path), reused.register, members, rows, extracted=fresh)
    ix.write_jsonl(building.path / "vocabulary.jsonl", [{"counts": dict(sorted(counts.items()))}])
    reuse = {i: reused.piece_rows[r["id"]] for i, r in enumerate(chunk_rows) if r["doc"] not in fresh and r["id"] in reused.piece_rows}
    previous = reused.generation.bm25_dir if reused.generation is not None else None
    build_lexical(building.bm25_dir, chunk_rows, keys, fresh, counts, previous, reused.keys, reused.pieces, reuse)


def preload(module: str) -> None:
    """Import a heavy optional dependency (chromadb takes seconds) while the embedder runs."""
    try:
        importlib.import_module(module)
    except ImportError:  # the step that needs it reports the missing package
        pass
