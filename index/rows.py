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

from foundation.text.tokens import Decompounder, document_tokens, words
from index import generation as ix
from index.bm25 import BM25Index
from index.register_store import build_register, register_path


def write_rows_and_lexical(
    building: ix.Generation,
    chunk_rows: list[dict[str, Any]],
    sent_rows: list[dict[str, Any]],
    doc_rows: list[dict[str, Any]],
    line_at: Mapping[str, Callable[[int], int]],
) -> None:
    """Write chunks, sentences, documents, the commitments register, the vocabulary and the BM25 index.

    ``line_at`` maps freshly cleaned documents to their line lookup, so the
    register need not load and clean those sources a second time.
    """
    counts = Counter(w for r in chunk_rows for w in words(r["text"]))
    decompounder = Decompounder(counts)
    tokens = [document_tokens(f'{r["title"]} {r["section"] or ""} {r["text"]}', decompounder) for r in chunk_rows]
    ix.write_jsonl(building.chunks_file, chunk_rows)
    ix.write_jsonl(building.sentences_file, sent_rows)
    ix.write_jsonl(building.documents_file, sorted(doc_rows, key=lambda r: r["file"]))
    register_docs = [{**r, "line_at": line_at[r["file"]]} if r["file"] in line_at else r for r in doc_rows]
    build_register(register_path(building.path), chunk_rows, register_docs, sent_rows)
    ix.write_jsonl(building.path / "vocabulary.jsonl", [{"counts": dict(sorted(counts.items()))}])
    BM25Index.build(tokens).save(building.bm25_dir)


def preload(module: str) -> None:
    """Import a heavy optional dependency (chromadb takes seconds) while the embedder runs."""
    try:
        importlib.import_module(module)
    except ImportError:  # the step that needs it reports the missing package
        pass
