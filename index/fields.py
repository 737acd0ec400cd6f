"""Filter fields: facts of a document that a search can be narrowed by, indexed once per generation.

Every field is a fact of the whole document, read from its row in
``documents.jsonl``. At load the snapshot turns each field into one small
code array over the documents, and each passage into its document's number,
so a filter is a few array operations over documents and one gather over
passages, never a pass over every passage in Python.

To add a field (say a document's status): one entry in ``DOCUMENT_FIELDS``
that reads it from the document row. Filters, their valid values, the
sidebar and the vector store's ``where`` pick it up from there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

DocumentRow = Mapping[str, Any]


def _meta(key: str) -> Callable[[DocumentRow], Any]:
    return lambda row: (row.get("meta") or {}).get(key)


DOCUMENT_FIELDS: dict[str, Callable[[DocumentRow], Any]] = {
    "doc": lambda row: row["file"],
    "region": _meta("region"),
    "period": _meta("period"),
    "kind": _meta("kind"),
}
FILTER_FIELDS = tuple(DOCUMENT_FIELDS)


@dataclass(frozen=True)
class FieldIndex:
    """Per field, its distinct values and one code per document (-1: the document has no value)."""

    docs: list[str]  # document names, in code order
    chunk_docs: np.ndarray  # per passage: its document's position in ``docs``
    values: dict[str, list[str]]  # field -> distinct values, sorted
    codes: dict[str, np.ndarray]  # field -> per document: position in ``values[field]`` or -1

    @classmethod
    def build(cls, documents: Mapping[str, DocumentRow], chunk_doc_names: Sequence[str]) -> "FieldIndex":
        docs = sorted(documents)
        position = {d: i for i, d in enumerate(docs)}
        chunk_docs = np.fromiter((position[d] for d in chunk_doc_names), dtype=np.int32, count=len(chunk_doc_names))
        values: dict[str, list[str]] = {}
        codes: dict[str, np.ndarray] = {}
        for field, read in DOCUMENT_FIELDS.items():
            raw = [read(documents[d]) for d in docs]
            present = sorted({str(v) for v in raw if v})
            where = {v: i for i, v in enumerate(present)}
            values[field] = present
            codes[field] = np.array([where[str(v)] if v else -1 for v in raw], dtype=np.int32)
        return cls(docs, chunk_docs, values, codes)

    def allowed_documents(self, filters: Mapping[str, Sequence[str]]) -> np.ndarray:
        """Per document: does it pass every filter (any of a field's values)?"""
        ok = np.ones(len(self.docs), dtype=bool)
        for field, vals in filters.items():
            where = {v: i for i, v in enumerate(self.values[field])}
            wanted = [where[v] for v in set(vals) if v in where]
            ok &= np.isin(self.codes[field], wanted)
        return ok

    def mask(self, filters: Mapping[str, Sequence[str]]) -> np.ndarray:
        """Per passage: does its document pass every filter?"""
        if not filters:
            return np.ones(len(self.chunk_docs), dtype=bool)
        return self.allowed_documents(filters)[self.chunk_docs]

    def where(self, filters: Mapping[str, Sequence[str]]) -> dict[str, Any] | None:
        """The same filters as a vector-store ``where`` on the one field every passage carries, its document."""
        if not filters:
            return None
        return {"doc": {"$in": [d for d, ok in zip(self.docs, self.allowed_documents(filters)) if ok]}}
