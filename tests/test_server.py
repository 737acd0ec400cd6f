"""Server mode as a user runs it: a real ``chroma run`` on 127.0.0.1, started and stopped by the test.

The bundled corpus is ingested into the server and, separately, into an
embedded index with the same hash embedder; the tune eval questions must give
identical metrics and identical answers. An unreachable or silent server is a
clear ``StoreUnavailable`` within the timeout (never a hang) and one line plus
a non-zero exit in the CLI.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from assistant.api import Assistant
from evals.runner import run_eval
from foundation.errors import StoreUnavailable
from foundation.settings import Settings
from index import generation as ix
from index import vectors
from index.build import run_ingest
from interfaces.cli.main import app
from tests.conftest import OPEN_GATE, OPEN_GATE_ENV, ROOT

pytestmark = pytest.mark.server

CHROMA = Path(sys.executable).parent / "chroma"
QUESTIONS = ROOT / "evals" / "questions_tune.jsonl"
STARTUP_S = 60
DOSIS = "Hvem står for dosisdispensering efter udskrivelse?"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def chroma_server(path: Path) -> Iterator[int]:
    """``chroma run --path <path> --host 127.0.0.1 --port <free>``; yields the port; always stopped."""
    if not CHROMA.exists():
        pytest.skip(f"no chroma executable beside {sys.executable}")
    port = free_port()
    path.mkdir(parents=True, exist_ok=True)
    log_path = path / "server.log"
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "NO_COLOR": "1"}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True,
        )
        try:
            deadline = time.monotonic() + STARTUP_S
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"chroma run exited with {proc.returncode}:\n{log_path.read_text(errors='replace')[-2000:]}")
                try:
                    httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).raise_for_status()
                    break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"chroma run did not answer within {STARTUP_S} s:\n{log_path.read_text(errors='replace')[-2000:]}")
                time.sleep(0.2)
            yield port
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=15)


def server_settings(data_dir: Path, port: int, **overrides: Any) -> Settings:
    overrides.setdefault("answer", dict(OPEN_GATE))
    return Settings.from_preset("test", data_dir=str(data_dir), chroma_host="127.0.0.1", chroma_port=port, **overrides)


def server_collections(port: int) -> set[str]:
    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=port, settings=vectors.chroma_settings())
    return {c.name for c in client.list_collections()}


def comparable(result: Any) -> tuple[dict, list[dict]]:
    """Metrics and per-question outputs without wall-clock fields."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if "latency" not in k and k != "timings_ms"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(result.metrics), strip(result.outputs)


def in_thread(fn, timeout: float) -> BaseException | Any:
    """Run ``fn`` in a daemon thread; fail the test if it has not returned within ``timeout``."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), f"still running after {timeout} s: the call hangs"
    return box.get("error", box.get("value"))


# ---------------------------------------------------------------- a live server


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[int]:
    with chroma_server(tmp_path_factory.mktemp("chroma-server")) as port:
        yield port


@pytest.fixture(scope="module")
def server_index(server, tmp_path_factory) -> Settings:
    s = server_settings(tmp_path_factory.mktemp("server-data"), server)
    report = run_ingest(None, s)
    assert report.ok and report.documents == 5
    return s


def test_eval_in_server_mode_equals_embedded_mode(server_index, hash_index):
    assert Assistant(server_index).status()["mode"] == "server"
    assert Assistant(hash_index).status()["mode"] == "embedded"
    on_server = run_eval(Assistant(server_index), QUESTIONS)
    embedded = run_eval(Assistant(hash_index), QUESTIONS)
    asked = sum(1 for line in Path(QUESTIONS).read_text(encoding="utf-8").splitlines() if line.strip())
    assert on_server.meta["n_questions"] == embedded.meta["n_questions"] == asked > 0
    server_metrics, server_outputs = comparable(on_server)
    embedded_metrics, embedded_outputs = comparable(embedded)
    assert server_metrics == embedded_metrics
    for a, b in zip(server_outputs, embedded_outputs, strict=True):
        assert a == b, a["id"]


def test_reingest_keeps_previous_collection_until_pruned(server, tmp_path):
    s = server_settings(tmp_path / "data", server, store={"collection": "prune-test"})
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Genoptræning\nKommunen tilbyder genoptræning senest 7 dage efter udskrivelse fra hospitalet. " * 3, encoding="utf-8")

    def ours() -> set[str]:
        return {c for c in server_collections(server) if c.startswith("prune-test-")}

    assert run_ingest([folder], s).ok
    held = Assistant(s).snapshot()  # a reader in the middle of a question holds this
    for _ in range(3):
        assert run_ingest([folder], s, rebuild=True).ok
        if held.generation.path.exists():  # the previous generation still answers for its readers
            assert held.store.count() == len(held.chunks)
            assert held.store.query(held.embeddings[0], 3)[0][0] == held.chunks[0].id
    assert not held.generation.path.exists()
    assert held.manifest.collection not in server_collections(server)
    on_disk = {ix.Generation(p).read_manifest().collection for p in (Path(s.data_dir) / "generations").iterdir() if not p.name.startswith(".")}
    assert len(on_disk) == 2, "current and previous generation are kept"
    assert ours() == on_disk, "collections of pruned generations are dropped, no others kept"


def test_failed_build_drops_its_collection(server, tmp_path, monkeypatch):
    s = server_settings(tmp_path / "data", server, store={"collection": "fail-test"})
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Medicin\nEgen læge genopstarter dosisdispenseringen efter udskrivelse fra hospitalet. " * 3, encoding="utf-8")

    def broken_publish(*a, **k):
        raise RuntimeError("boom after the collection was written")

    monkeypatch.setattr(ix, "publish", broken_publish)
    with pytest.raises(RuntimeError):
        run_ingest([folder], s)
    assert not [c for c in server_collections(server) if c.startswith("fail-test-")]
    assert not list((Path(s.data_dir) / "generations").iterdir())


def test_server_stopping_mid_session_is_store_unavailable(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Medicin\nEgen læge genopstarter dosisdispenseringen efter udskrivelse fra hospitalet. " * 3, encoding="utf-8")
    with chroma_server(tmp_path / "short-lived") as port:
        s = server_settings(tmp_path / "data", port, chroma_timeout_s=2.0)
        assert run_ingest([folder], s).ok
        a = Assistant(s)
        assert not a.ask("hvem genopstarter dosisdispenseringen?").refused
    err = in_thread(lambda: a.ask("hvem genopstarter dosisdispenseringen?"), timeout=30)
    assert isinstance(err, StoreUnavailable), err
    assert f"127.0.0.1:{port}" in err.user_message and "AFTALE_CHROMA_HOST" in err.user_message


# ---------------------------------------------------------------- no server at all


def test_unreachable_server_is_a_quick_clear_error(hash_index, tmp_path):
    port = free_port()  # nothing listens here
    s = server_settings(tmp_path / "data", port, chroma_timeout_s=2.0)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Genoptræning efter udskrivelse starter inden for 7 dage. " * 5, encoding="utf-8")
    err = in_thread(lambda: run_ingest([tmp_path / "docs"], s), timeout=s.chroma_timeout_s + 10)
    assert isinstance(err, StoreUnavailable), err
    assert "svarer ikke" in err.user_message and "\n" not in err.user_message
    assert not (Path(s.data_dir) / "generations").exists(), "checked before anything is built"


def test_silent_server_times_out(tmp_path):
    """A port that accepts connections and never answers: the heartbeat times out after chroma_timeout_s."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        port = silent.getsockname()[1]
        s = server_settings(tmp_path / "data", port, chroma_timeout_s=1.0)
        err = in_thread(lambda: run_ingest(None, s), timeout=s.chroma_timeout_s + 10)
    assert isinstance(err, StoreUnavailable), err
    assert "Timeout" in err.english


def _cli_env(data_dir: Path, port: int) -> dict[str, str]:
    return {
        "AFTALE_PRESET": "test",
        "AFTALE_DATA_DIR": str(data_dir),
        "AFTALE_CHROMA_HOST": "127.0.0.1",
        "AFTALE_CHROMA_PORT": str(port),
        "AFTALE_CHROMA_TIMEOUT_S": "2",
        **OPEN_GATE_ENV,
    }


def _one_clear_line(result) -> str:
    assert result.exit_code == StoreUnavailable.exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


def test_cli_ask_with_unreachable_server(server_index):
    """An index built in server mode, asked while its server is unreachable."""
    env = _cli_env(Path(server_index.data_dir), free_port())
    result = in_thread(lambda: CliRunner().invoke(app, ["ask", DOSIS], env=env), timeout=30)
    line = _one_clear_line(result)
    assert line.startswith("Fejl: Chroma-serveren på 127.0.0.1:") and "svarer ikke" in line


def test_cli_ingest_with_unreachable_server(tmp_path):
    env = _cli_env(tmp_path / "data", free_port())
    result = in_thread(lambda: CliRunner().invoke(app, ["ingest", "--quiet"], env=env), timeout=30)
    assert "svarer ikke" in _one_clear_line(result)


def test_app_shows_a_banner_when_the_server_is_unreachable(server_index, monkeypatch):
    app_py = ROOT / "app.py"
    if not app_py.exists():
        pytest.skip("app.py is not written yet")
    from streamlit.testing.v1 import AppTest

    for key, value in _cli_env(Path(server_index.data_dir), free_port()).items():
        monkeypatch.setenv(key, value)
    at = in_thread(lambda: AppTest.from_file(str(app_py), default_timeout=60).run(), timeout=90)
    assert not isinstance(at, BaseException), at
    assert not at.exception, at.exception
    if at.chat_input:
        at = in_thread(lambda: at.chat_input[0].set_value(DOSIS).run(), timeout=90)
        assert not at.exception, at.exception
    banners = " ".join(e.value for e in at.error).replace("\\", "")
    assert "Chroma-serveren på 127.0.0.1:" in banners and "svarer ikke" in banners, banners


def test_collection_names_are_valid_and_unique():
    from chromadb.api.segment import check_index_name

    from index.backends import collection_name

    for prefix in ("aftale", "Sundhedsaftaler team æøå " * 5, "__", "a.b..c", "x" * 80):
        s = Settings.from_preset("test", data_dir="/tmp/unused", store={"collection": prefix})
        names = {collection_name(s, f".building-20261126-124119-{suffix}") for suffix in ("109579", "97fc95", "b87380")}
        assert len(names) == 3, "the generation part is never cut off"
        for name in names:
            check_index_name(name)


# ---------------------------------------------------------------- many users, one index


class AppProcess:
    """A separate long-lived process holding one ``Assistant`` (``tests/server_worker.py``), as an app instance does."""

    def __init__(self, settings: Settings) -> None:
        env = {**os.environ, **OPEN_GATE_ENV, "PYTHONPATH": str(ROOT), "AFTALE_DATA_DIR": str(settings.data_dir),
               "AFTALE_PRESET": "test", "AFTALE_CHROMA_HOST": "127.0.0.1", "AFTALE_CHROMA_PORT": str(settings.chroma_port)}
        self.log = open(Path(settings.data_dir).parent / "app-process.log", "ab")  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.server_worker"], cwd=ROOT, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
        )

    def __call__(self, **cmd: Any) -> dict[str, Any]:
        import json

        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(cmd, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        line = in_thread(self.proc.stdout.readline, 300)
        assert isinstance(line, str) and line, f"the app process gave no answer to {cmd} (exit {self.proc.poll()})"
        return json.loads(line)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)
        self.log.close()


NEW_DOC = """Aftale om tandpleje for hjemmeboende borgere

Kommunen tilbyder omsorgstandpleje til borgere i eget hjem, som ikke kan bruge de almindelige tandplejetilbud.
Tandlægen sender en plan for omsorgstandpleje til hjemmeplejen inden for fem hverdage.
"""
SECOND_DOC = """Aftale om høreapparater

Regionen udleverer høreapparater efter henvisning fra en øre-næse-halslæge.
Audiologisk afdeling sender en genbestillingsseddel til borgeren hvert fjerde år.
"""


def test_two_app_processes_answer_alike_and_see_each_others_ingest(server, tmp_path):
    """Two app processes share one data dir and one Chroma server: same answers, and a document added
    through either is found by the other on its next question, without a restart."""
    s = server_settings(tmp_path / "data", server, store={"collection": "team-test"})
    library = tmp_path / "library"
    library.mkdir()
    for f in sorted((ROOT / "corpus").iterdir()):
        (library / f.name).write_bytes(f.read_bytes())
    first = run_ingest([library], s)
    assert first.ok and first.documents == 5
    a, b = AppProcess(s), AppProcess(s)
    try:
        questions = [DOSIS, "Hvem har ansvaret for genoptræningsplanen?", "Hvad er forebyggelse?", "What does the municipality do?"]
        for q in questions:
            assert a(ask=q) == b(ask=q), q
        assert a(status=True) == b(status=True)

        (library / "tandpleje.txt").write_text(NEW_DOC, encoding="utf-8")
        added = b(ingest=[str(library)])
        assert added["ok"] and added["added"] == ["tandpleje.txt"]
        hits = a(search="omsorgstandpleje plan hjemmeplejen")
        assert hits["passages"][0][1] == "tandpleje.txt", "A sees B's document without a restart"
        assert a(status=True) == b(status=True) == {"generation": added["generation"], "documents": 6}

        (library / "hoereapparater.txt").write_text(SECOND_DOC, encoding="utf-8")
        again = a(ingest=[str(library)])
        assert again["ok"] and again["added"] == ["hoereapparater.txt"]
        assert b(search="genbestillingsseddel høreapparater")["passages"][0][1] == "hoereapparater.txt"
        for q in [*questions, "Hvem sender en plan for omsorgstandpleje?"]:
            assert a(ask=q) == b(ask=q), q
    finally:
        a.close()
        b.close()
