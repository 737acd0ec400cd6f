"""Baselines measured beside our system on the same questions and corpus.

* ``TutorialBaseline``: what a RAG tutorial builds. LangChain's
  ``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)`` on the raw, uncleaned
  file text, dense retrieval only with the same embedder as the main system (cosine in numpy),
  top 10 by similarity, no refusal. Its "answer" is the concatenated top-4 chunk texts and
  those four chunks are its "sources".
* ``BM25Baseline``: plain BM25 over our own chunks (the published index's BM25 with our Danish
  tokens), the question as typed; no query understanding, no dense leg, no fusion. Its answer
  is the top passage text, which is also its one "source"; it refuses only when nothing
  scores.

Both return a ``BaselineResult`` per question, which the runner scores like our answers.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from foundation.text.tokens import query_tokens
from ingest.load import load

__all__ = [
    "BM25Baseline",
    "BaselineResult",
    "CorpusFile",
    "TutorialBaseline",
    "corpus_files",
    "corpus_hash",
]

TUTORIAL_CHUNK_SIZE = 1000
TUTORIAL_CHUNK_OVERLAP = 200
TUTORIAL_ANSWER_CHUNKS = 4
CACHE_DIR = "eval-cache"

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total)."""


@dataclass(frozen=True)
class BaselineResult:
    """One baseline's output for one question.

    Attributes:
        passages: retrieved passage texts, best first.
        answer: the answer stand-in.
        cited: texts of the passages the answer stands on.
        refused: whether the baseline gave no answer.
        latency_ms: wall time of the retrieval.
    """

    passages: list[str]
    answer: str
    cited: list[str]
    refused: bool
    latency_ms: float


@dataclass(frozen=True)
class CorpusFile:
    """A corpus file the index was built from."""

    file: str
    path: Path
    sha256: str


def corpus_files(manifest: Any, corpus_dir: Path | None = None) -> list[CorpusFile]:
    """The files of a published index, found at their ingested path or in ``corpus_dir``.

    Args:
        manifest: the index ``Manifest``.
        corpus_dir: where to look for a file whose ingested path is gone.

    Returns:
        The files sorted by name; files found nowhere are left out.
    """
    found: list[CorpusFile] = []
    for name, entry in sorted(manifest.files.items()):
        candidates = [Path(entry.path)]
        if corpus_dir is not None:
            candidates.append(Path(corpus_dir) / name)
        path = next((p for p in candidates if p.is_file()), None)
        if path is not None:
            found.append(CorpusFile(name, path, entry.sha256))
    return found


def corpus_hash(files: list[CorpusFile]) -> str:
    """A short hash of the corpus: file names and their sha256s."""
    payload = json.dumps([[f.file, f.sha256] for f in files], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def raw_text(path: Path) -> str:
    """A file's text as a tutorial would read it: no cleaning at all.

    Text files are decoded as UTF-8 (other encodings through the ingest decoder); PDFs are
    pypdf's page texts joined by newlines.
    """
    if path.suffix.lower() == ".pdf":
        return "\n".join(page.text for page in load(path).pages)
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return "\n".join(page.text for page in load(path).pages)


def tutorial_chunks(texts: list[str]) -> list[str]:
    """Split raw texts with the tutorial's ``RecursiveCharacterTextSplitter``."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=TUTORIAL_CHUNK_SIZE, chunk_overlap=TUTORIAL_CHUNK_OVERLAP)
    chunks: list[str] = []
    for text in texts:
        chunks.extend(splitter.split_text(text))
    return chunks


def _cache_key(files: list[CorpusFile], embedder_name: str) -> str:
    payload = json.dumps(
        {
            "corpus": corpus_hash(files),
            "embedder": embedder_name,
            "chunk_size": TUTORIAL_CHUNK_SIZE,
            "chunk_overlap": TUTORIAL_CHUNK_OVERLAP,
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _load_cached(path: Path, rows: int) -> np.ndarray | None:
    if not path.is_file():
        return None
    try:
        arr = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    return arr if arr.ndim == 2 and arr.shape[0] == rows else None


def _save_cached(path: Path, array: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:6]}")
    with open(tmp, "wb") as fh:
        np.save(fh, np.asarray(array, dtype=np.float32), allow_pickle=False)
    os.replace(tmp, path)


def _top(scores: np.ndarray, k: int) -> list[int]:
    return [int(i) for i in np.argsort(-scores, kind="stable")[:k]]


class TutorialBaseline:
    """Raw text, 1000/200 recursive character chunks, dense cosine top-k, no refusal."""

    name = "tutorial"

    def __init__(self, chunks: list[str], embeddings: np.ndarray, embedder: Any) -> None:
        self.chunks = chunks
        self.embeddings = np.asarray(embeddings, dtype=np.float32)
        self.embedder = embedder

    @classmethod
    def build(
        cls,
        files: list[CorpusFile],
        embedder: Any,
        cache_dir: Path | None = None,
        progress: Progress | None = None,
    ) -> "TutorialBaseline":
        """Chunk the raw corpus and embed the chunks (once per corpus and embedder).

        Args:
            files: the corpus files.
            embedder: the main system's embedder (``embed_documents``/``embed_query``, unit rows).
            cache_dir: where chunk embeddings are cached, keyed by corpus hash and embedder name.
            progress: optional ``progress("tutorial-embed", done, total)``.
        """
        chunks = tutorial_chunks([raw_text(f.path) for f in files])
        cache = None
        if cache_dir is not None:
            cache = Path(cache_dir) / f"tutorial-{_cache_key(files, embedder.name)}.npy"
            cached = _load_cached(cache, len(chunks))
            if cached is not None:
                return cls(chunks, cached, embedder)
        tick = progress or (lambda *a: None)
        parts: list[np.ndarray] = []
        step = 32
        for i in range(0, len(chunks), step):
            tick("tutorial-embed", i, len(chunks))
            parts.append(np.asarray(embedder.embed_documents(chunks[i : i + step]), dtype=np.float32))
        tick("tutorial-embed", len(chunks), len(chunks))
        dim = int(embedder.dim)
        embeddings = np.vstack(parts) if parts else np.zeros((0, dim), dtype=np.float32)
        if cache is not None:
            _save_cached(cache, embeddings)
        return cls(chunks, embeddings, embedder)

    def run(self, question: str, k: int = 10) -> BaselineResult:
        """Retrieve the top ``k`` chunks by cosine; answer with the top four."""
        t0 = time.perf_counter()
        vec = np.asarray(self.embedder.embed_query(question), dtype=np.float32)
        scores = self.embeddings @ vec if len(self.chunks) else np.zeros(0, dtype=np.float32)
        top = [self.chunks[i] for i in _top(scores, k)]
        cited = top[:TUTORIAL_ANSWER_CHUNKS]
        latency = (time.perf_counter() - t0) * 1000
        return BaselineResult(passages=top, answer="\n\n".join(cited), cited=cited, refused=False, latency_ms=latency)


class BM25Baseline:
    """Plain BM25 over our own chunks, the question as typed."""

    name = "bm25"

    def __init__(self, snapshot: Any) -> None:
        self.snapshot = snapshot

    def run(self, question: str, k: int = 10) -> BaselineResult:
        """Retrieve the top ``k`` chunks by BM25; answer with the top one."""
        t0 = time.perf_counter()
        snap = self.snapshot
        scores = snap.bm25.scores(query_tokens(question, snap.decompounder))
        top = [snap.chunks[i].text for i in _top(scores, k) if scores[i] > 0]
        latency = (time.perf_counter() - t0) * 1000
        if not top:
            return BaselineResult(passages=[], answer="", cited=[], refused=True, latency_ms=latency)
        return BaselineResult(passages=top, answer=top[0], cited=top[:1], refused=False, latency_ms=latency)
