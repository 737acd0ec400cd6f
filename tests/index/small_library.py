"""Small documents cut from the bundled agreements, for tests that ingest a library one change at a time."""

from __future__ import annotations

from pathlib import Path

from foundation.settings import Settings
from index.build import run_ingest
from tests.conftest import CORPUS, hash_settings


def cut_documents(n: int) -> dict[str, str]:
    """``n`` small documents (``d00.txt`` …): the bundled agreements' long paragraphs dealt out in turn."""
    paras = [p for f in sorted(CORPUS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n") if len(p) > 200]
    return {f"d{i:02d}.txt": "\n\n".join(paras[i::n][:12]) for i in range(n)}


def ingested(tmp_path: Path, n: int) -> tuple[Path, Settings, dict[str, str]]:
    """A folder of ``n`` cut documents ingested with the hash embedder: (folder, settings, documents)."""
    docs = cut_documents(n)
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    s = hash_settings(tmp_path / "data")
    assert run_ingest([folder], s).ok
    return folder, s, docs
