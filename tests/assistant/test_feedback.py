"""The feedback store: rows in SQLite, safe from many threads, exported as CSV."""

from __future__ import annotations

import csv
import json
import sqlite3
import threading
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from assistant.feedback import CSV_COLUMNS, FeedbackStore, feedback_path
from foundation.errors import AftaleError
from interfaces.cli.feedback import APP_FILE, register, streamlit_command

CITES = [{"n": 1, "doc": "a.txt", "title": "Sundhedsaftale", "section": "2.4 › Dosis", "page": None, "text": "Egen læge …", "spans": [[0, 9]], "lines": [1, 3]}]


def _add(store: FeedbackStore, **kw) -> int:
    args = dict(session_id="s1", question="Hvem står for dosisdispensering?", answer="Egen læge. [1]", refused=False, citations=CITES, rating=1)
    args.update(kw)
    return store.add(**args)


def test_add_stores_every_field(tmp_path: Path) -> None:
    store = FeedbackStore(feedback_path(tmp_path / "data"))
    row_id = _add(store, comment="Præcist 👍 <b>ok</b>")
    assert (tmp_path / "data" / "feedback.sqlite").exists()
    with sqlite3.connect(tmp_path / "data" / "feedback.sqlite") as conn:
        row = conn.execute("SELECT id, timestamp, session_id, question, answer, refused, citations, rating, comment FROM feedback").fetchone()
    assert row[0] == row_id
    assert row[1][:2] == "20"
    assert row[2:6] == ("s1", "Hvem står for dosisdispensering?", "Egen læge. [1]", 0)
    assert json.loads(row[6]) == CITES
    assert row[7:] == (1, "Præcist 👍 <b>ok</b>")


def test_update_changes_rating_and_comment(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "f.sqlite")
    row_id = _add(store, rating=1)
    store.update(row_id, rating=-1)
    store.update(row_id, comment="Forkert kilde")
    (row,) = store.rows()
    assert (row.rating, row.comment) == (-1, "Forkert kilde")
    with pytest.raises(ValueError):
        store.update(row_id, rating=5)


def test_refusal_and_rating_none(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "f.sqlite")
    _add(store, refused=True, citations=[], rating=None, comment="mangler")
    (row,) = store.rows()
    assert row.refused is True and row.rating is None and row.citations == []


def test_threads_lose_nothing(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "f.sqlite")
    errors: list[BaseException] = []

    def worker(k: int) -> None:
        try:
            for i in range(25):
                _add(store, session_id=f"s{k}", question=f"q{k}-{i}", rating=1 if i % 2 else -1)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    rows = store.rows()
    assert len(rows) == 200
    assert len({r.id for r in rows}) == 200
    assert {r.question for r in rows} == {f"q{k}-{i}" for k in range(8) for i in range(25)}


def test_export_csv_round_trips_danish_text(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "f.sqlite")
    _add(store, comment='Godt, men "æøå",\nny linje')
    _add(store, refused=True, citations=[], rating=-1, question="Hvad koster kaffe på Mars?", answer="Det fremgår ikke af aftalerne.")
    out = tmp_path / "out" / "feedback.csv"
    out.parent.mkdir()
    assert store.export_csv(out) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows æøå
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert rows[0]["comment"] == 'Godt, men "æøå",\nny linje'
    assert json.loads(rows[0]["citations"]) == CITES
    assert rows[1]["refused"] == "1" and rows[1]["rating"] == "-1"
    assert not list(out.parent.glob(".*.tmp"))


def test_export_of_empty_store_writes_header_only(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "never-written.sqlite")
    out = tmp_path / "empty.csv"
    assert store.export_csv(out) == 0
    assert out.read_text(encoding="utf-8-sig").strip() == ",".join(CSV_COLUMNS)


@pytest.mark.parametrize("target", ["missing-folder/out.csv", "a-directory"])
def test_export_to_unwritable_target_is_a_clear_error(tmp_path: Path, target: str) -> None:
    store = FeedbackStore(tmp_path / "f.sqlite")
    _add(store)
    (tmp_path / "a-directory").mkdir()
    with pytest.raises(AftaleError) as info:
        store.export_csv(tmp_path / target)
    assert "CSV" in info.value.message("da") and "Kan ikke skrive" in info.value.message("da")
    assert "Cannot write" in info.value.message("en")


def test_store_in_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = FeedbackStore(blocker / "feedback.sqlite")  # parent is a file
    with pytest.raises(AftaleError) as info:
        _add(store)
    assert "Feedback kan ikke gemmes" in info.value.message("da")


# ---------------------------------------------------------------- the CLI commands


def _cli() -> typer.Typer:
    app = typer.Typer(add_completion=False)

    @app.callback()
    def _root() -> None:
        """Test root."""

    register(app)
    return app


def test_cli_feedback_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("AFTALE_DATA_DIR", str(data))
    monkeypatch.setenv("AFTALE_PRESET", "test")
    _add(FeedbackStore(feedback_path(data)), comment="fin")
    out = tmp_path / "fb.csv"
    result = CliRunner().invoke(_cli(), ["feedback", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 " in result.output
    assert "fin" in out.read_text(encoding="utf-8-sig")


def test_cli_feedback_export_unwritable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTALE_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(_cli(), ["feedback", "export", "--out", str(tmp_path / "nope" / "fb.csv")])
    assert result.exit_code != 0
    assert "Kan ikke skrive CSV-filen" in result.output


def test_cli_app_command_line() -> None:
    result = CliRunner().invoke(_cli(), ["app", "--port", "8600", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "streamlit run" in result.output and str(APP_FILE) in result.output
    cmd = streamlit_command(8600)
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    assert cmd[cmd.index("--server.port") + 1] == "8600"
    assert cmd[cmd.index("--server.headless") + 1] == "true"
    assert cmd[cmd.index("--browser.gatherUsageStats") + 1] == "false"
    assert APP_FILE.exists()


def test_rows_carry_the_signed_in_user_and_old_stores_gain_the_column(tmp_path: Path) -> None:
    path = feedback_path(tmp_path / "data")
    path.parent.mkdir()
    with sqlite3.connect(path) as conn:  # a store written before sign-in existed
        conn.execute(
            "CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp TEXT NOT NULL, session_id TEXT NOT NULL,"
            " question TEXT NOT NULL, answer TEXT NOT NULL, refused INTEGER NOT NULL, citations TEXT NOT NULL, rating INTEGER,"
            " comment TEXT NOT NULL DEFAULT '')"
        )
        conn.execute("INSERT INTO feedback (timestamp, session_id, question, answer, refused, citations, rating) VALUES ('t', 's0', 'q', 'a', 0, '[]', 1)")
    store = FeedbackStore(path)
    _add(store, user="laeser@kommune.dk")
    rows = store.rows()
    assert [(r.session_id, r.user) for r in rows] == [("s0", ""), ("s1", "laeser@kommune.dk")]
    out = tmp_path / "fb.csv"
    store.export_csv(out)
    exported = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [r["user"] for r in exported] == ["", "laeser@kommune.dk"]
