"""Uploaded files are stored only under ``<data_dir>/uploads/`` with a sanitised name, never overwriting."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.uploads import MAX_NAME_BYTES, sanitise_filename, store_upload
from foundation.errors import StorageError

PDF = b"%PDF-1.4\n% test\n"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\System32\\evil.PDF", "evil.pdf"),
        ("/abs/path/aftale.txt", "aftale.txt"),
        ("Sundhedsaftale for Ærø og Åbenrå.PDF", "Sundhedsaftale-for-Ærø-og-Åbenrå.pdf"),
        ("møde  referat\t2024.md", "møde-referat-2024.md"),
        ("CON.pdf", "CON-fil.pdf"),
        ("lpt1.txt", "lpt1-fil.txt"),
        ("nul.tar.gz", "nul-fil.tar.gz"),
        ("", "dokument"),
        (None, "dokument"),
        ("..", "dokument"),
        (".pdf", "dokument.pdf"),
        ("\x00\x07ond\u202e\u200b.txt", "ond.txt"),
        ("<script>alert(1)</script>.md", "script.md"),  # "/" is a path separator
        ("<b>fed</b> & [link](x).md", "b-linkx.md"),
        ("rapport: version *2*?.pdf", "rapport-version-2.pdf"),
        ("rapport.tar.gz", "rapport.tar.gz"),
        ("Navn.Med.Punktum.Pdf", "Navn.Med.Punktum.pdf"),
        ("ingen-endelse", "ingen-endelse"),
    ],
)
def test_sanitise_filename(name, expected):
    assert sanitise_filename(name) == expected


def test_long_name_is_cut_and_keeps_its_suffix():
    out = sanitise_filename("a" * 300 + ".PDF")
    assert out.endswith(".pdf") and out.startswith("aaa")
    assert len(out.encode("utf-8")) == MAX_NAME_BYTES
    danish = sanitise_filename("æ" * 300 + ".pdf")
    assert danish.endswith(".pdf") and len(danish.encode("utf-8")) <= MAX_NAME_BYTES
    assert set(danish.removesuffix(".pdf")) == {"æ"}, "never cut inside a multi-byte letter"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_name_gives_one_safe_component(name):
    out = sanitise_filename(name)
    assert out and out not in (".", "..")
    assert "/" not in out and "\\" not in out and "\x00" not in out
    assert not out.startswith(".") and not out.startswith("-")
    assert len(out.encode("utf-8")) <= MAX_NAME_BYTES
    assert all(ch.isalnum() or ch in "._-" for ch in out)
    assert sanitise_filename(out) == out, "idempotent"


def test_store_upload_only_under_uploads(tmp_path):
    data_dir = tmp_path / "data"
    path = store_upload(data_dir, "../../etc/passwd.pdf", PDF)
    assert path == (data_dir / "uploads" / "passwd.pdf").resolve()
    assert path.read_bytes() == PDF
    assert not (tmp_path / "etc").exists()
    assert [p.name for p in (data_dir / "uploads").iterdir()] == ["passwd.pdf"], "no temporary file left"


def test_store_upload_never_overwrites(tmp_path):
    names = [store_upload(tmp_path, "Sundhedsaftale for Ærø.pdf", f"{i}".encode()).name for i in range(4)]
    assert names == ["Sundhedsaftale-for-Ærø.pdf", "Sundhedsaftale-for-Ærø-2.pdf", "Sundhedsaftale-for-Ærø-3.pdf", "Sundhedsaftale-for-Ærø-4.pdf"]
    assert [(tmp_path / "uploads" / n).read_bytes() for n in names] == [b"0", b"1", b"2", b"3"]


def test_store_upload_numbering_keeps_long_names_in_bounds(tmp_path):
    first = store_upload(tmp_path, "b" * 300 + ".txt", b"1")
    second = store_upload(tmp_path, "b" * 300 + ".txt", b"2")
    assert second.name.endswith("-2.txt") and len(second.name.encode()) <= MAX_NAME_BYTES
    assert first.read_bytes() == b"1" and second.read_bytes() == b"2"


@pytest.mark.parametrize("name", ["CON.pdf", "", "..", "   "])
def test_store_upload_odd_names(tmp_path, name):
    path = store_upload(tmp_path, name, b"x")
    assert path.parent == (tmp_path / "uploads").resolve() and path.read_bytes() == b"x"


def test_concurrent_uploads_of_one_name_all_kept(tmp_path):
    paths: list[Path] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        p = store_upload(tmp_path, "samme navn.md", f"udgave {i}".encode())
        with lock:
            paths.append(p)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len({p.name for p in paths}) == 8
    assert sorted(p.read_text() for p in paths) == [f"udgave {i}" for i in range(8)]


def test_disk_full_is_a_clear_error_and_leaves_nothing(tmp_path, monkeypatch):
    real_open = open

    class FullFile:
        def __init__(self, fh):
            self._fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self._fh.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fake_open(file, mode="r", *a, **k):
        fh = real_open(file, mode, *a, **k)
        return FullFile(fh) if "x" in mode else fh

    monkeypatch.setattr("builtins.open", fake_open)
    with pytest.raises(StorageError) as err:
        store_upload(tmp_path, "aftale.pdf", PDF)
    assert "disken er fuld" in err.value.user_message and "\n" not in err.value.user_message
    assert list((tmp_path / "uploads").iterdir()) == []


def test_data_dir_that_is_a_file(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError):
        store_upload(blocker, "aftale.pdf", PDF)
