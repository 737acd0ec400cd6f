"""The on-disk index: one immutable generation per ingest, published by a pointer swap.

A generation folder under ``<data_dir>/generations/`` holds everything a
query needs: ``manifest.json`` (fingerprint, embedder, files and their
sha256), ``chunks.jsonl`` and ``embeddings.npy``, ``sentences.jsonl`` and
``sentence_embeddings.npy`` (for answer selection), ``documents.jsonl``
(cleaned text for "show in document"), ``bm25/`` and, in embedded mode,
``chroma/``. An ingest writes a new generation beside the current one and
then replaces ``<data_dir>/CURRENT`` atomically, so a failed or killed
ingest leaves the previous index answering.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Protocol

import numpy as np

from assistant.errors import AftaleError, IndexCorrupt, IndexMissing, IndexOutdated, StorageError, StoreUnavailable
from ingest.types import Chunk

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
    """Read everything a query needs once; raise IndexCorrupt when any part is damaged."""
    manifest = gen.read_manifest()
    chunks = read_jsonl(gen.chunks_file)
    load_array(gen.embeddings_file, len(chunks), manifest.dim)
    sentences = read_jsonl(gen.sentences_file)
    load_array(gen.sentence_embeddings_file, len(sentences), manifest.dim)
    read_jsonl(gen.documents_file)
    bm25 = BM25Index.load(gen.bm25_dir)
    if bm25.size != len(chunks):
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


_STORAGE_REASONS = {
    errno.ENOSPC: ("disken er fuld", "the disk is full"),
    errno.EDQUOT: ("diskkvoten er opbrugt", "the disk quota is used up"),
    errno.EFBIG: ("en fil overstiger den tilladte filstørrelse", "a file exceeds the allowed file size"),
    errno.EROFS: ("filsystemet er skrivebeskyttet", "the file system is read-only"),
    errno.EACCES: ("ingen skriveadgang til mappen", "no write permission for the folder"),
    errno.EPERM: ("ingen skriveadgang til mappen", "no write permission for the folder"),
    errno.ENOTDIR: ("en del af stien er en fil, ikke en mappe", "part of the path is a file, not a folder"),
    errno.EEXIST: ("stien findes allerede som en fil", "the path already exists as a file"),
    errno.EIO: ("fejl ved skrivning til disken", "an I/O error while writing to the disk"),
}


def storage_error(exc: BaseException, data_dir: Path | str) -> StorageError:
    """One clear, bilingual line for an ingest that could not write its index."""
    code = getattr(exc, "errno", None)
    detail = (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__).splitlines()[0][:200]
    da, en = _STORAGE_REASONS.get(code, (detail, detail)) if code is not None else (detail, detail)
    return StorageError(
        f"Kan ikke skrive indekset i {data_dir}: {da}. Intet halvfærdigt er efterladt; et tidligere indeks er uændret. "
        "Frigør plads eller ret skriveadgangen, og kør aftale ingest igen.",
        f"Cannot write the index in {data_dir}: {en}. Nothing half-written was left behind; a previous index is unchanged. "
        "Free some space or fix the permissions, then run aftale ingest again.",
    )


# ---------------------------------------------------------------- jsonl and arrays


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(
            f"Indeksfilen {path.name} er beskadiget. Kør: aftale ingest --rebuild",
            f"Index file {path.name} is damaged. Run: aftale ingest --rebuild",
        ) from exc


def save_array(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as fh:
        np.save(fh, np.asarray(array, dtype=np.float32), allow_pickle=False)


def load_array(path: Path, rows: int, dim: int) -> np.ndarray:
    try:
        arr = np.load(path, allow_pickle=False)
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


# ---------------------------------------------------------------- BM25


class BM25Index:
    """bm25s over our Danish tokens; built at ingest, loaded at query time."""

    def __init__(self, model: Any) -> None:
        self._model = model

    @classmethod
    def build(cls, token_lists: list[list[str]]) -> "BM25Index":
        import bm25s

        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index([toks or [""] for toks in token_lists], show_progress=False)
        return cls(model)

    def save(self, path: Path) -> None:
        self._model.save(str(path))

    @classmethod
    def load(cls, path: Path) -> "BM25Index":
        import bm25s

        try:
            return cls(bm25s.BM25.load(str(path)))
        except Exception as exc:  # bm25s raises many kinds on damaged files
            raise IndexCorrupt(
                "BM25-indekset er beskadiget. Kør: aftale ingest --rebuild",
                "The BM25 index is damaged. Run: aftale ingest --rebuild",
            ) from exc

    @property
    def size(self) -> int:
        return int(self._model.scores["num_docs"])

    def scores(self, tokens: list[str]) -> np.ndarray:
        known = [t for t in tokens if t in self._model.vocab_dict]
        n = int(self._model.scores["num_docs"])
        if not known:
            return np.zeros(n, dtype=np.float32)
        return np.asarray(self._model.get_scores(known), dtype=np.float32)


# ---------------------------------------------------------------- vector store


class VectorStore(Protocol):
    """What the index needs from a vector database."""

    def add(self, ids: list[str], embeddings: np.ndarray, metadatas: list[dict[str, Any]], documents: list[str]) -> None: ...

    def query(self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]: ...

    def count(self) -> int: ...

    def drop(self) -> None: ...


class ChromaEmbeddingFunction:
    """Our embedder as a Chroma embedding function, so Chroma never loads its default model."""

    def __init__(self, embedder: Any) -> None:
        self._embedder = embedder

    def __call__(self, input: list[str]) -> list[np.ndarray]:  # noqa: A002 - Chroma's signature
        if self._embedder is None:
            raise RuntimeError("Aftale passes embeddings explicitly; no embedder is attached")
        return list(self._embedder.embed_documents(list(input)))

    def embed_query(self, input: list[str]) -> list[np.ndarray]:  # noqa: A002
        return [self._embedder.embed_query(t) for t in input]

    @staticmethod
    def name() -> str:
        return "aftale"

    def get_config(self) -> dict[str, Any]:
        return {"embedder": getattr(self._embedder, "name", "unknown")}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "ChromaEmbeddingFunction":
        """Chroma rebuilds the function from its stored config; Aftale always passes embeddings itself."""
        return ChromaEmbeddingFunction(None)

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]

    def is_legacy(self) -> bool:
        return False


HNSW_PARAMS = {"hnsw:construction_ef": 400, "hnsw:search_ef": 400}
"""Wider HNSW search than Chroma's default (100): near-exact neighbours at this corpus size, at a negligible cost."""


def chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


class ChromaStore:
    """A Chroma collection in cosine space; embeddings are always passed in.

    ``server`` ("host:port") marks a Chroma server: a connection that fails
    or times out becomes ``StoreUnavailable``.
    """

    def __init__(self, client: Any, name: str, embedder: Any, *, server: str | None = None) -> None:
        self._client = client
        self.name = name
        self.server = server
        with self._guard():
            self._collection = client.get_or_create_collection(
                name=name,
                embedding_function=ChromaEmbeddingFunction(embedder),
                metadata={"hnsw:space": "cosine", **HNSW_PARAMS, "embedder": getattr(embedder, "name", "unknown")},
            )

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except AftaleError:
            raise
        except Exception as exc:
            if self.server is not None and _is_transport_error(exc):
                raise _unavailable(self.server, exc) from exc
            raise

    def add(self, ids: list[str], embeddings: np.ndarray, metadatas: list[dict[str, Any]], documents: list[str]) -> None:
        step = 500
        with self._guard():
            for i in range(0, len(ids), step):
                self._collection.add(
                    ids=ids[i : i + step],
                    embeddings=[e.tolist() for e in embeddings[i : i + step]],
                    metadatas=[_chroma_meta(m) for m in metadatas[i : i + step]],
                    documents=documents[i : i + step],
                )

    def query(self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """The ``k`` nearest passages as ``(id, cosine similarity)``, best first.

        HNSW search is approximate, its graph differs between two builds of the
        same vectors (embedded, server, or a re-ingest), and the distances of
        the two engines differ by float noise (~1e-8), so near-equal passages
        came back in varying order. We fetch a margin more with their stored
        vectors, score them exactly (float64 cosine) and order by score, then
        id: the same candidates always give the same ranking in either mode.
        """
        n = self.count()
        if n == 0:
            return []
        with self._guard():
            res = self._collection.query(
                query_embeddings=[embedding.tolist()],
                n_results=min(n, max(2 * k, k + 20)),
                where=where or None,
                include=["embeddings"],
            )
        ids = list(res["ids"][0])
        if not ids:
            return []
        # Stored vectors are float32; a server sends them as shortest decimals, so
        # round to float32 first to score the very same numbers in both modes.
        vecs = np.asarray(res["embeddings"][0], dtype=np.float32).astype(np.float64)
        q = np.asarray(embedding, dtype=np.float32).astype(np.float64)
        norms = np.linalg.norm(vecs, axis=1) * (np.linalg.norm(q) or 1.0)
        scores = (vecs @ q) / np.where(norms > 0, norms, 1.0)
        hits = sorted(zip(ids, scores.tolist()), key=lambda h: (-h[1], h[0]))
        return hits[:k]

    def count(self) -> int:
        with self._guard():
            return int(self._collection.count())

    def drop(self) -> None:
        try:
            self._client.delete_collection(self.name)
        except Exception:  # noqa: BLE001 - dropping an already missing collection is fine
            pass


def _is_transport_error(exc: BaseException) -> bool:
    import httpx

    return isinstance(exc, (httpx.TransportError, ConnectionError, TimeoutError))


_SQLITE_STORAGE_CODES = {3, 8, 10, 13, 14}  # PERM, READONLY, IOERR, FULL, CANTOPEN (primary codes)


def is_write_error(exc: BaseException, server_mode: bool = False) -> bool:
    """Did a build fail because the data directory could not be written?

    OSError (disk full, read-only, file too large …), SQLite's storage
    errors (the commitments register), and in embedded mode Chroma's
    ``InternalError`` (its SQLite and segment files live in the generation
    folder; it reports a full disk as "disk I/O error" or a failed compaction).
    """
    import sqlite3

    if isinstance(exc, OSError):
        return True
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return code is not None and (code & 0xFF) in _SQLITE_STORAGE_CODES
    if not server_mode:
        from chromadb.errors import InternalError

        return isinstance(exc, InternalError)
    return False


def _unavailable(where: str, exc: BaseException) -> StoreUnavailable:
    return StoreUnavailable(
        f"Chroma-serveren på {where} svarer ikke ({type(exc).__name__}). Tjek AFTALE_CHROMA_HOST/AFTALE_CHROMA_PORT, eller at serveren kører.",
        f"The Chroma server at {where} does not answer ({type(exc).__name__}). Check AFTALE_CHROMA_HOST/AFTALE_CHROMA_PORT, or that the server runs.",
    )


def _chroma_meta(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in meta.items() if v is not None and isinstance(v, (str, int, float, bool))}


def embedded_client(path: Path) -> Any:
    import chromadb

    return chromadb.PersistentClient(path=str(path), settings=chroma_settings())


def server_client(host: str, port: int, timeout_s: float) -> Any:
    """A Chroma HttpClient that fails fast (and says so) when the server is unreachable."""
    import chromadb
    import httpx

    url = f"http://{host}:{port}/api/v2/heartbeat"
    try:
        httpx.get(url, timeout=timeout_s).raise_for_status()
    except Exception as exc:  # noqa: BLE001 - any failure means unreachable
        raise _unavailable(f"{host}:{port}", exc) from exc
    try:
        client = chromadb.HttpClient(host=host, port=port, settings=chroma_settings())
    except Exception as exc:  # noqa: BLE001 - the server vanished between heartbeat and handshake
        if _is_transport_error(exc):
            raise _unavailable(f"{host}:{port}", exc) from exc
        raise
    session = getattr(getattr(client, "_server", None), "_session", None)
    if session is not None:  # Chroma's client waits forever by default
        session.timeout = httpx.Timeout(timeout_s * 6, connect=timeout_s)
    return client


def check_embedder(manifest: Manifest, embedder: Any) -> None:
    if manifest.embedder != embedder.name:
        raise IndexOutdated(
            f"Indekset er bygget med embedderen {manifest.embedder!r}, men indstillingerne bruger {embedder.name!r}. Kør: aftale ingest --rebuild",
            f"The index was built with embedder {manifest.embedder!r} but the settings use {embedder.name!r}. Run: aftale ingest --rebuild",
        )
