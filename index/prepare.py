"""One document through the ingest steps that need no vectors: load, clean (against the batch's
words), split, and the rows an index generation stores for it."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foundation.errors import UnreadableDocument
from foundation.records import Chunk, CleanDocument
from foundation.settings import Settings
from index import generation as ix
from ingest.clean import clean
from ingest.load import load
from ingest.split import SECTION_SEPARATOR, split, units
from ingest.vocabulary import Vocabulary, build_vocabulary


@dataclass
class Prepared:
    clean: CleanDocument
    chunks: list[Chunk]
    sentences: list[tuple[int, int]]  # doc-level sentence spans (headings excluded)
    sections: dict[int, str | None]  # sentence start -> its section path

    def chunk_rows(self) -> list[dict[str, Any]]:
        return [ix.chunk_to_row(c, _chunk_sentences(c, self.sentences)) for c in self.chunks]

    def sentence_rows(self) -> list[dict[str, Any]]:
        doc, text = self.clean.source.file, self.clean.text
        return [{"doc": doc, "start": s, "end": e, "text": text[s:e], "section": self.sections.get(s)} for s, e in self.sentences]

    def document_row(self) -> dict[str, Any]:
        return document_row(self.clean)


def prepare(path: Path, catalog: dict[str, Any], settings: Settings, vocabulary: Vocabulary | None = None) -> Prepared:
    """Load, clean and split one file (no embedding).

    ``vocabulary``: the words of the ingest batch the repairs are checked against
    (default: the document's own words).
    """
    loaded = load(path, catalog=catalog, max_bytes=int(settings.ingest.max_file_mb * 2**20))
    return prepare_loaded(loaded, settings, vocabulary)


def prepare_batch(paths: Sequence[Path], catalog: dict[str, Any], settings: Settings) -> list[Prepared]:
    """Load, clean and split files as one ingest batch: repairs checked against all their words."""
    max_bytes = int(settings.ingest.max_file_mb * 2**20)
    loaded = [load(p, catalog=catalog, max_bytes=max_bytes) for p in paths]
    vocabulary = build_vocabulary([doc.raw for doc in loaded])
    return [prepare_loaded(doc, settings, vocabulary) for doc in loaded]


def prepare_loaded(loaded: Any, settings: Settings, vocabulary: Vocabulary | None) -> Prepared:
    own = build_vocabulary([loaded.raw])
    cleaned = clean(loaded, own if vocabulary is None else vocabulary.merged(own))
    chunks = split(cleaned, settings.ingest.chunk_min, settings.ingest.chunk_max, settings.ingest.overlap_sentences)
    if not chunks:
        raise UnreadableDocument(loaded.file, "ingen brugbar tekst efter rensning", "no usable text after cleaning")
    body = [u for u in units(cleaned.text) if not u.is_heading]
    sections = {u.start: SECTION_SEPARATOR.join(u.section) or None for u in body}
    return Prepared(cleaned, chunks, [(u.start, u.end) for u in body], sections)


def _chunk_sentences(chunk: Chunk, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences inside ``chunk``; ``sentences`` are in document order, so bisect instead of scanning all."""
    i = bisect.bisect_left(sentences, (chunk.start, -1))
    out = []
    while i < len(sentences) and sentences[i][0] < chunk.end:
        if sentences[i][1] <= chunk.end:
            out.append(sentences[i])
        i += 1
    return out


def document_row(doc: CleanDocument) -> dict[str, Any]:
    src = doc.source
    page_offsets: list[list[int]] = []
    if src.has_pages:
        last = None
        for i in range(len(doc.text)):
            page = doc.page_at(i)
            if page != last:
                page_offsets.append([page, i])
                last = page
    return {
        "file": src.file,
        "path": src.path,
        "sha256": src.sha256,
        "meta": src.meta.as_dict(),
        "has_pages": src.has_pages,
        "pages": len(src.pages),
        "page_offsets": page_offsets,
        "text": doc.text,
    }
