"""The on-disk index: one immutable generation per ingest, published by a pointer swap.

A generation folder under ``<data_dir>/generations/`` holds everything a
query needs: ``manifest.json`` (fingerprint, embedder, files, their sha256
and version keys), per document under ``shards/`` (``index.shards``; one
file each for the library in generations built before) its passages and
their vectors, its sentences and theirs (for answer selection) and its
cleaned text (for "show in document"), then ``bm25/`` (its segments, most
of them hard-linked from the previous generation; ``index.bm25_segments``), the
register (its documents' keys; their rows are in ``<data_dir>/register/``,
``index.register_library``) and, in embedded mode, ``vectors.json``: the
Chroma segments under ``<data_dir>/vectors/`` that hold its passages
(``index.vector_segments``; ``chroma/`` in generations from before them). An ingest writes a new generation beside the current one and
then replaces ``<data_dir>/CURRENT`` atomically, so a failed or killed
ingest leaves the previous index answering.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from foundation.errors import IndexCorrupt, IndexMissing, IndexOutdated
from foundation.records import Chunk
from index.bm25 import BM25Index

MANIFEST_VERSION = 1
CURRENT = "CURRENT"
GENERATIONS = "generations"


# ---------------------------------------------------------------- manifest


@dataclass
class FileEntry:
    file: str
    path: str
    sha256: str
    pages: int
    chunks: int
    meta: dict[str, Any]


@dataclass
class Manifest:
    generation: str
    fingerprint: str
    embedder: str
    dim: int
    collection: str
    mode: str  # "embedded" or "server"
    created_at: float
    files: dict[str, FileEntry] = field(default_factory=dict)
    version: int = MANIFEST_VERSION
    keys: dict[str, str] = field(default_factory=dict)  # file -> version key: its sentence shards, its server records
    shard_bytes: dict[str, list[int]] = field(default_factory=dict)  # key -> byte size of each of its shard files (``index.shards.PARTS``)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        data = json.loads(text)
        if data.get("version") != MANIFEST_VERSION:
            raise ValueError(f"manifest version {data.get('version')!r}")
        files = {k: FileEntry(**v) for k, v in data.pop("files").items()}
        return cls(files=files, **data)


# ---------------------------------------------------------------- generation files


@dataclass(frozen=True)
class Generation:
    path: Path

    @property
    def id(self) -> str:
        return self.path.name

    manifest_file = property(lambda self: self.path / "manifest.json")
    chunks_file = property(lambda self: self.path / "chunks.jsonl")
    embeddings_file = property(lambda self: self.path / "embeddings.npy")
    sentences_file = property(lambda self: self.path / "sentences.jsonl")
    sentence_embeddings_file = property(lambda self: self.path / "sentence_embeddings.npy")
    documents_file = property(lambda self: self.path / "documents.jsonl")
    bm25_dir = property(lambda self: self.path / "bm25")
    chroma_dir = property(lambda self: self.path / "chroma")
    complete_file = property(lambda self: self.path / "COMPLETE")

    def read_manifest(self) -> Manifest:
        try:
            return Manifest.from_json(self.manifest_file.read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise IndexCorrupt(
                f"Indeksets manifest er beskadiget ({exc}). Kør: aftale ingest --rebuild",
                f"The index manifest is damaged ({exc}). Run: aftale ingest --rebuild",
            ) from exc


def verify(gen: Generation) -> Manifest:
    """Check that every part a query needs is there and fits together; raise IndexCorrupt when not
    (a generation with one file each for the library; ``index.shards.verify`` checks either layout).

    Cheap on a large library (rows counted, arrays' shapes read from their
    headers), so an unchanged re-ingest does not parse the whole index; a row
    file damaged inside is found when it is read (ingest then rebuilds).
    """
    manifest = gen.read_manifest()
    chunks = count_rows(gen.chunks_file)
    array_shape(gen.embeddings_file, chunks, manifest.dim)
    count_rows(gen.documents_file)
    bm25 = BM25Index.load(gen.bm25_dir)
    if bm25.size != chunks:
        raise IndexCorrupt(
            "BM25-indekset passer ikke til passagerne. Kør: aftale ingest --rebuild",
            "The BM25 index does not match the passages. Run: aftale ingest --rebuild",
        )
    return manifest


def new_generation(data_dir: Path) -> Generation:
    root = data_dir / GENERATIONS
    root.mkdir(parents=True, exist_ok=True)
    gen_id = time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]
    path = root / f".building-{gen_id}"
    path.mkdir()
    return Generation(path)


def current_generation(data_dir: Path) -> Generation | None:
    """The published generation, or None when nothing was ever ingested."""
    pointer = data_dir / CURRENT
    if not pointer.exists():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    gen = Generation(data_dir / GENERATIONS / name)
    if not name or not gen.complete_file.exists():
        raise IndexCorrupt(
            f"Indekset i {data_dir} er ufuldstændigt eller beskadiget. Kør: aftale ingest --rebuild",
            f"The index in {data_dir} is incomplete or damaged. Run: aftale ingest --rebuild",
        )
    return gen


def require_generation(data_dir: Path) -> Generation:
    gen = current_generation(data_dir)
    if gen is None:
        raise IndexMissing(
            f"Der er intet indeks i {data_dir}. Kør først: aftale ingest",
            f"There is no index in {data_dir}. First run: aftale ingest",
        )
    return gen


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def publish(data_dir: Path, building: Generation, keep: int = 2) -> Generation:
    """Make a fully written generation the current one (atomic pointer swap).

    Either ``CURRENT`` names the new generation afterwards, or (on any
    error before the swap) the new folder and the temporary pointer are
    gone again and ``CURRENT`` is untouched. Pruning old generations is
    best effort and never undoes a publication.
    """
    building.complete_file.write_text("ok\n", encoding="utf-8")
    final = building.path.with_name(building.path.name.removeprefix(".building-"))
    os.replace(building.path, final)
    tmp = data_dir / f".{CURRENT}.{uuid.uuid4().hex[:6]}"
    try:
        _fsync_dir(final.parent)
        tmp.write_text(final.name + "\n", encoding="utf-8")
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, data_dir / CURRENT)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        shutil.rmtree(final, ignore_errors=True)
        raise
    _fsync_dir(data_dir)
    try:
        prune(data_dir, keep=keep)
    except OSError:
        pass  # leftovers are pruned by the next ingest
    return Generation(final)


def prune(data_dir: Path, keep: int = 2) -> list[str]:
    """Remove old generations and leftovers of interrupted ingests."""
    root = data_dir / GENERATIONS
    if not root.exists():
        return []
    current = (data_dir / CURRENT).read_text(encoding="utf-8").strip() if (data_dir / CURRENT).exists() else ""
    # Publication order (COMPLETE is written just before the swap); names sort
    # by second only, and several ingests can publish within one second.
    done = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: (_published_ns(p), p.name))
    removed = []
    for p in done[:-keep] if keep else done:
        if p.name != current:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p.name)
    for p in root.iterdir():
        if not p.name.startswith(".building-"):
            continue
        try:
            stale = time.time() - p.stat().st_mtime > 3600
        except OSError:
            continue  # removed meanwhile by the ingest that owned it
        if stale:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p.name)
    for p in data_dir.glob(f".{CURRENT}.*"):  # pointer files of interrupted publications
        with contextlib.suppress(OSError):
            if time.time() - p.stat().st_mtime > 3600:
                p.unlink()
    return removed


def _published_ns(path: Path) -> int:
    try:
        return (path / "COMPLETE").stat().st_mtime_ns
    except OSError:
        return 0


def discard(building: Generation) -> None:
    shutil.rmtree(building.path, ignore_errors=True)



# ---------------------------------------------------------------- jsonl and arrays


LINE = "_line"
"""Key of a row kept as its stored line (an ingest copies unchanged documents' rows byte for byte)."""
_STR = rb'[^"\\]*(?:\\.[^"\\]*)*'  # a JSON string's content, unrolled (no alternation per character: 3x faster)
_HEAD = re.compile(rb'\{(?:"id": "(' + _STR + rb')", )?"doc": "(' + _STR + rb')"')


_FILE_HEAD = re.compile(rb'\{"file": "(' + _STR + rb')"')


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    """One JSON object per line; a row read by ``read_lines`` is written back as the very line it was.

    Lines go out in blocks: an ingest copies a large library's unchanged rows, and one
    write per row cost more than the copying.
    """
    block: list[bytes] = []
    with open(path, "wb") as fh:
        for row in rows:
            line = row.get(LINE)
            block.append(line if line is not None else json.dumps(row, ensure_ascii=False).encode("utf-8"))
            if len(block) >= 4096:
                fh.write(b"\n".join(block) + b"\n")
                block.clear()
        if block:
            fh.write(b"\n".join(block) + b"\n")


def read_lines(path: Path) -> list[dict[str, Any]]:
    """Rows as ``{"doc", "id" (chunks), LINE: the stored line}``, read without parsing the rest of each line.

    ``full(row)`` parses one when its content is needed. For the rows of a
    previous generation that an ingest only carries over.
    """
    return _parse_lines(path, _row_head)


def _row_head(line: bytes) -> dict[str, Any]:
    m = _HEAD.match(line)
    if m is None:
        return json.loads(line)
    row = {"doc": _string(m[2]), LINE: line}
    if m[1] is not None:
        row["id"] = _string(m[1])
    return row


def _parse_lines(path: Path, parse: Callable[[bytes], dict[str, Any]]) -> list[dict[str, Any]]:
    """``parse`` of every non-blank stored line; an unreadable or malformed file is a damaged index."""
    try:
        with open(path, "rb") as fh:
            return [parse(line) for line in (raw.rstrip(b"\r\n") for raw in fh) if line.strip()]
    except (OSError, ValueError) as exc:
        raise _damaged(path) from exc


def _string(raw: bytes) -> str:
    """A JSON string's content as matched by ``_HEAD`` (rows are written with ``ensure_ascii=False``:
    only quotes, backslashes and control characters are escaped, so most need no JSON parser)."""
    return raw.decode("utf-8") if b"\\" not in raw else json.loads(b'"' + raw + b'"')


def read_document_lines(path: Path) -> list[dict[str, Any]]:
    """Document rows as ``{"file", LINE}``: the cleaned texts an ingest carries over are not parsed
    (nor encoded again); ``full(row)`` parses one when its text is needed."""
    return _parse_lines(path, _document_head)


def _document_head(line: bytes) -> dict[str, Any]:
    m = _FILE_HEAD.match(line)
    return {"file": _string(m[1]), LINE: line} if m is not None else json.loads(line)


def full(row: dict[str, Any]) -> dict[str, Any]:
    """The whole row of one that ``read_lines`` read."""
    line = row.get(LINE)
    if line is None:
        return row
    try:
        return json.loads(line)
    except ValueError as exc:
        raise IndexCorrupt(
            "En indeksfil er beskadiget. Kør: aftale ingest --rebuild",
            "An index file is damaged. Run: aftale ingest --rebuild",
        ) from exc


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(
            f"Indeksfilen {path.name} er beskadiget. Kør: aftale ingest --rebuild",
            f"Index file {path.name} is damaged. Run: aftale ingest --rebuild",
        ) from exc


def count_rows(path: Path) -> int:
    """Non-empty lines of a row file, without parsing them: newlines counted in blocks (a file with
    an empty line, which ``write_jsonl`` never writes, is counted line by line)."""
    try:
        with open(path, "rb") as fh:
            n, prev, blank = 0, b"\n", False
            while block := fh.read(1 << 24):
                blank = blank or (prev == b"\n" and block[:1] == b"\n") or b"\n\n" in block
                n += block.count(b"\n")
                prev = block[-1:]
            if blank:
                fh.seek(0)
                return sum(1 for line in fh if line.strip())
            return n + (prev != b"\n")
    except OSError as exc:
        raise _damaged(path) from exc


def array_shape(path: Path, rows: int, dim: int) -> None:
    """Check an array file's shape from its header (memory-mapped, not read)."""
    try:
        arr = np.load(path, allow_pickle=False, mmap_mode="r")
    except (OSError, ValueError) as exc:
        raise _damaged(path) from exc
    if arr.shape != (rows, dim):
        raise IndexCorrupt(
            f"Indeksfilen {path.name} passer ikke til manifestet. Kør: aftale ingest --rebuild",
            f"Index file {path.name} does not match the manifest. Run: aftale ingest --rebuild",
        )


def _damaged(path: Path) -> IndexCorrupt:
    return IndexCorrupt(
        f"Indeksfilen {path.name} er beskadiget. Kør: aftale ingest --rebuild",
        f"Index file {path.name} is damaged. Run: aftale ingest --rebuild",
    )


def save_array(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as fh:
        np.save(fh, np.asarray(array, dtype=np.float32), allow_pickle=False)


def load_array(path: Path, rows: int, dim: int, *, mmap: bool = False) -> np.ndarray:
    """The array stored at ``path``, checked against ``(rows, dim)``; ``mmap``: memory-mapped, read as used
    (an ingest takes only the kept rows of the previous generation's arrays, in one copy)."""
    try:
        arr = np.load(path, allow_pickle=False, mmap_mode="r" if mmap else None)
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(
            f"Indeksfilen {path.name} er beskadiget. Kør: aftale ingest --rebuild",
            f"Index file {path.name} is damaged. Run: aftale ingest --rebuild",
        ) from exc
    if arr.shape != (rows, dim):
        raise IndexCorrupt(
            f"Indeksfilen {path.name} passer ikke til manifestet. Kør: aftale ingest --rebuild",
            f"Index file {path.name} does not match the manifest. Run: aftale ingest --rebuild",
        )
    return arr


def chunk_to_row(chunk: Chunk, sentences: list[tuple[int, int]]) -> dict[str, Any]:
    row = asdict(chunk)
    row["sentences"] = [list(s) for s in sentences]
    return row


def chunk_from_row(row: dict[str, Any]) -> Chunk:
    data = {k: v for k, v in row.items() if k != "sentences"}
    return Chunk(**data)


def check_embedder(manifest: Manifest, embedder: Any) -> None:
    if manifest.embedder != embedder.name:
        raise IndexOutdated(
            f"Indekset er bygget med embedderen {manifest.embedder!r}, men indstillingerne bruger {embedder.name!r}. Kør: aftale ingest --rebuild",
            f"The index was built with embedder {manifest.embedder!r} but the settings use {embedder.name!r}. Run: aftale ingest --rebuild",
        )
