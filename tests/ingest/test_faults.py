"""Storage faults during ingest: a full disk, a read-only data directory, a file in the way.

Each must give one clear ``StorageError`` line (Danish first), leave no
half-written generation behind, and keep the previous index answering.
In-process tests inject ``OSError(ENOSPC)`` at every write of a build; the
subprocess tests make the fault real (``RLIMIT_FSIZE`` for a full disk, a
0o555 data directory with root's override capability dropped) and go
through the ``aftale`` CLI.
"""

from __future__ import annotations

import ctypes
import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.api import Assistant
from foundation.errors import StorageError
from index import generation as ix
from index.bm25_segments import Segment
from index.build import run_ingest
from index.vector_segments import read_list, vectors_root
from interfaces.cli.main import app
from tests.conftest import OPEN_GATE_ENV, ROOT, hash_settings

DOC_A = """1. Genoptræning
Kommunerne skal tilbyde genoptræning til borgere med en genoptræningsplan. Genoptræningen starter senest 7 dage efter udskrivelse.
2. Medicin
Efter udskrivelse kan egen læge genopstarte dosisdispenseringen. Hospitalet sender epikrise til egen læge samme dag.
"""
DOC_B = """Forebyggelse
Regionen og kommunerne vil i fællesskab styrke indsatsen mod rygning. Målet er at halvere antallet af rygere inden 2025.
"""
QUESTION = "Hvem kan genopstarte dosisdispenseringen efter udskrivelse?"


@pytest.fixture()
def indexed(tmp_path):
    """A small folder ingested once; returns (settings, folder, the answer to QUESTION)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(DOC_A, encoding="utf-8")
    (folder / "b.md").write_text(DOC_B, encoding="utf-8")
    s = hash_settings(tmp_path / "data")
    assert run_ingest([folder], s).ok
    answer = Assistant(s).ask(QUESTION)
    assert not answer.refused and "egen læge" in answer.answer
    return s, folder, answer.answer


def leftovers(data_dir: Path) -> list[str]:
    """Anything an interrupted ingest could leave: build folders, pointer temp files."""
    gens = data_dir / "generations"
    found = [p.name for p in gens.iterdir() if p.name.startswith(".")] if gens.exists() else []
    return found + [p.name for p in data_dir.glob(".CURRENT.*")]


def assert_unchanged(s, before_gen: ix.Generation, answer: str) -> None:
    data_dir = Path(s.data_dir)
    assert leftovers(data_dir) == []
    assert ix.require_generation(data_dir) == before_gen
    assert [p.name for p in (data_dir / "generations").iterdir()] == [before_gen.id], "no orphan generation"
    assert Assistant(s).ask(QUESTION).answer == answer


def assert_one_clear_line(err: StorageError) -> None:
    for text in (err.user_message, err.english):
        assert "\n" not in text and "Traceback" not in text
    assert err.user_message.startswith("Kan ikke skrive indekset i ")
    assert "aftale ingest" in err.user_message


# ---------------------------------------------------------------- injected faults, in process


def _enospc(*_a, **_k):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _fail_on_call(n: int, real):
    calls = {"n": 0}

    def wrapper(*a, **k):
        calls["n"] += 1
        if calls["n"] == n:
            _enospc()
        return real(*a, **k)

    return wrapper


class _FullPath:
    """Stands in for a path on a full disk."""

    write_text = write_bytes = staticmethod(_enospc)

    def exists(self) -> bool:
        return False


def _sqlite_disk_full(*_a, **_k):
    import sqlite3

    err = sqlite3.OperationalError("database or disk is full")
    err.sqlite_errorcode = 13  # SQLITE_FULL
    raise err


def _chroma_disk_full(*_a, **_k):
    from chromadb.errors import InternalError

    raise InternalError("database or disk is full")


FAULTS = {
    "chunks.jsonl": lambda mp: mp.setattr(ix, "write_jsonl", _fail_on_call(1, ix.write_jsonl)),
    "sentences.jsonl": lambda mp: mp.setattr(ix, "write_jsonl", _fail_on_call(2, ix.write_jsonl)),
    "embeddings.npy": lambda mp: mp.setattr(ix, "save_array", _fail_on_call(1, ix.save_array)),
    "bm25": lambda mp: mp.setattr(Segment, "save", _enospc),
    "commitments.sqlite": lambda mp: mp.setattr("sqlite3.connect", _sqlite_disk_full),
    "chroma": lambda mp: mp.setattr("chromadb.api.models.Collection.Collection.add", _chroma_disk_full),
    "COMPLETE": lambda mp: mp.setattr(ix.Generation, "complete_file", property(lambda self: _FullPath())),
    "CURRENT pointer": lambda mp: mp.setattr(ix.os, "replace", _fail_on_call(2, os.replace)),
    "new generation folder": lambda mp: mp.setattr(ix, "new_generation", _enospc),
}


@pytest.mark.parametrize("where", list(FAULTS))
def test_write_failure_anywhere_leaves_previous_index(indexed, monkeypatch, where):
    s, folder, answer = indexed
    before = ix.require_generation(Path(s.data_dir))
    (folder / "a.txt").write_text(DOC_A.replace("7 dage", "14 dage"), encoding="utf-8")
    with monkeypatch.context() as mp:
        FAULTS[where](mp)
        with pytest.raises(StorageError) as info:
            run_ingest([folder], s)
    assert_one_clear_line(info.value)
    if where not in ("chroma", "commitments.sqlite"):
        assert "disken er fuld" in info.value.user_message or "mappe" in info.value.user_message
    assert_unchanged(s, before, answer)
    report = run_ingest([folder], s)
    assert report.ok and report.updated == ["a.txt"], "the next ingest completes"


def test_data_dir_under_a_regular_file(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    s = hash_settings(blocker / "data")
    with pytest.raises(StorageError) as info:
        run_ingest(None, s)
    assert_one_clear_line(info.value)
    assert "en del af stien er en fil" in info.value.user_message
    assert blocker.read_text() == "a file, not a folder"


def test_cli_storage_error_is_one_line(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    env = {"AFTALE_PRESET": "test", "AFTALE_DATA_DIR": str(blocker / "data")}
    result = CliRunner().invoke(app, ["ingest", "--quiet"], env=env)
    assert result.exit_code == StorageError.exit_code
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Fejl: Kan ikke skrive indekset i "), result.output
    assert "Traceback" not in result.output


def test_rapid_reingests_keep_current_and_previous(tmp_path):
    """Generations published within one second are pruned in publication order, not by name."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(DOC_A, encoding="utf-8")
    s = hash_settings(tmp_path / "data")
    published = [run_ingest([folder], s, rebuild=True).generation for _ in range(5)]
    kept = sorted(p.name for p in (Path(s.data_dir) / "generations").iterdir())
    assert kept == sorted(published[-2:])
    assert ix.require_generation(Path(s.data_dir)).id == published[-1]


# ---------------------------------------------------------------- real faults, through the CLI in a subprocess

CLI = "import sys; from interfaces.cli.main import app; sys.argv[0] = 'aftale'; app()"
FSIZE_CLI = (
    "import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
    "lim = int(sys.argv.pop(1)); resource.setrlimit(resource.RLIMIT_FSIZE, (lim, lim)); " + CLI
)


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTALE_")}
    env.update(AFTALE_PRESET="test", AFTALE_DATA_DIR=str(data_dir), CI="1", **OPEN_GATE_ENV)
    return env


def _run(args: list[str], data_dir: Path, preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", *args], cwd=ROOT, env=_env(data_dir), capture_output=True, text=True, timeout=120, preexec_fn=preexec,
    )


def _file_sizes(gen: ix.Generation) -> tuple[int, int]:
    """(largest file of the generation, largest sqlite file of the Chroma segments it lists)."""
    own = max(p.stat().st_size for p in gen.path.rglob("*") if p.is_file())
    root = vectors_root(gen.path.parent.parent)
    return own, max((root / seg.name / "chroma.sqlite3").stat().st_size for seg in read_list(gen))


@pytest.mark.parametrize("target", ["index files", "chroma"])
def test_real_disk_full_via_cli(indexed, target):
    """``RLIMIT_FSIZE`` makes the kernel refuse writes past a size (EFBIG), as a full disk would."""
    s, folder, answer = indexed
    data_dir = Path(s.data_dir)
    before = ix.require_generation(data_dir)
    own, sqlite = _file_sizes(before)
    if target == "index files":
        limit = own - 1
    else:
        if sqlite <= own + 1:
            pytest.skip("the chroma file is not the largest here")
        limit = own + 1
    proc = _run([FSIZE_CLI, str(limit), "ingest", str(folder), "--rebuild", "--quiet"], data_dir)
    assert proc.returncode == StorageError.exit_code, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Fejl: Kan ikke skrive indekset i "), proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert_unchanged(s, before, answer)


def _drop_override_capabilities() -> None:
    """In the child: drop root's capabilities that bypass file permissions (bounding set; lost at exec)."""
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop = 24
    for cap in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_read_only_data_dir_via_cli(indexed):
    """A 0o555 data directory: ingest fails clearly, nothing is written, asking still works."""
    s, folder, answer = indexed
    data_dir = Path(s.data_dir)
    before = ix.require_generation(data_dir)
    preexec = None
    if os.geteuid() == 0:  # root ignores file modes unless it gives up CAP_DAC_OVERRIDE
        probe = subprocess.run([sys.executable, "-c", "pass"], preexec_fn=_drop_override_capabilities, capture_output=True)
        if probe.returncode != 0:
            pytest.skip("running as root without CAP_SETPCAP: cannot make a directory read-only for this process")
        preexec = _drop_override_capabilities
    ro = [data_dir, data_dir / "generations"]
    modes = {p: stat.S_IMODE(p.stat().st_mode) for p in ro}
    try:
        for p in ro:
            p.chmod(0o555)
        proc = _run([CLI, "ingest", str(folder), "--rebuild", "--quiet"], data_dir, preexec)
        asked = _run([CLI, "ask", QUESTION], data_dir, preexec)
    finally:
        for p, mode in modes.items():
            p.chmod(mode)
    assert proc.returncode == StorageError.exit_code, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "ingen skriveadgang" in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert asked.returncode == 0, asked.stderr
    assert answer.splitlines()[0] in asked.stdout, "a read-only index still answers"
    assert_unchanged(s, before, answer)
