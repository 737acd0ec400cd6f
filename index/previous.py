"""What an ingest takes from the published generation: the index to reuse, or the sources to read again.

An index built with the same fingerprint (settings and step versions) and embedder is reused: unchanged
files keep their rows. One built otherwise cannot be reused, but the documents it holds are read again
from their source files, never dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from foundation.errors import IndexCorrupt, IndexOutdated
from index import generation as ix
from index.shards import verify as verify_shards


@dataclass
class Previous:
    generation: ix.Generation
    manifest: ix.Manifest


def previous_index(data_dir: Path, fingerprint: str, embedder_name: str, rebuild: bool) -> Previous | None:
    if rebuild:
        return None
    try:
        gen = ix.current_generation(data_dir)
        if gen is None:
            return None
        manifest = verify_shards(gen)
    except IndexCorrupt:
        return None  # a damaged index is rebuilt from scratch
    if manifest.fingerprint != fingerprint or manifest.embedder != embedder_name:
        return None
    return Previous(gen, manifest)


def outdated(data_dir: Path, fingerprint: str) -> bool:
    """Whether the published index was built with another fingerprint: by an earlier reader, cleaner or
    splitter, or other settings. It still answers, but as that version read its documents."""
    try:
        gen = ix.current_generation(data_dir)
        manifest = gen.read_manifest() if gen is not None else None
    except (IndexCorrupt, OSError, ValueError):
        return False  # a damaged index is not "of an earlier version": the next ingest rebuilds it
    return manifest is not None and manifest.fingerprint != fingerprint


def sources_to_reread(data_dir: Path, files: Sequence[Path]) -> list[Path]:
    """The source files of an index that cannot be reused, to read again: one built by another reader, cleaner,
    splitter or embedder, or one whose shards are damaged while its manifest reads.

    Such an index cannot be reused, but the documents it holds are the user's: an ingest of one new file
    must not publish an index of that file alone. Every file of it that this ingest does not name is read
    again from where it was ingested (an upload from ``<data_dir>/uploads``). Where a source is gone,
    nothing is built and the user is told which, so no document silently leaves the index.
    """
    try:
        gen = ix.current_generation(data_dir)
        old = gen.read_manifest() if gen is not None else None
    except (IndexCorrupt, OSError, ValueError):
        return []  # a damaged index is rebuilt from what this ingest names, as before
    if old is None:
        return []
    named = {p.name for p in files}
    again = [Path(e.path) for name, e in old.files.items() if name not in named]
    gone = [p.name for p in again if not p.is_file()]
    if gone:
        listed = ", ".join(sorted(gone))
        raise IndexOutdated(
            f"Indekset er bygget af en tidligere version og skal bygges om, men disse dokumenters kildefiler findes "
            f"ikke længere: {listed}. Læg dem tilbage og indlæs igen, eller byg indekset om uden dem: aftale ingest --rebuild",
            f"The index was built by an earlier version and must be rebuilt, but these documents' source files are "
            f"gone: {listed}. Put them back and ingest again, or rebuild the index without them: aftale ingest --rebuild",
        )
    return again
