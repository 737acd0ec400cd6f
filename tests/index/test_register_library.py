"""The register's rows live in one library file shared by the generations: an ingest writes the rows of
the documents it changed, each generation reads its own documents' rows, and rows no generation lists go."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from assistant.register import Register
from foundation.errors import IndexCorrupt
from index import generation as ix
from index.build import run_ingest
from index.register_library import KEYS_TABLE, LIBRARY_DIR, collect, write_register
from index.register_store import (
    DB_NAME,
    QUERY_FIELDS,
    distinct_values,
    library_file,
    read_rows,
    register_path,
)
from tests.conftest import hash_settings

DOC_A = """1. Genoptræning
Kommunen skal tilbyde genoptræning til borgere med en genoptræningsplan. Kommunen skal starte genoptræningen senest 7 dage efter udskrivelse.
2. Medicin
Egen læge skal genopstarte dosisdispenseringen efter udskrivelse. Hospitalet skal sende epikrise til egen læge samme dag.
"""
DOC_B = """Forebyggelse
Regionen skal styrke indsatsen mod rygning. Kommunen skal tilbyde rygestop til alle borgere inden 2025.
"""
DOC_C = """Rehabilitering
Kommunen skal sikre rehabilitering af borgere med hjerneskade. Regionen skal udarbejde en plan inden 1. januar 2026.
"""


def _library_rows(lib: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(lib)
    try:
        return con.execute("SELECT doc, vkey FROM commitments ORDER BY doc, start").fetchall()
    finally:
        con.close()


def _rowids(lib: Path, doc: str) -> list[int]:
    con = sqlite3.connect(lib)
    try:
        return [r for (r,) in con.execute("SELECT rowid FROM commitments WHERE doc = ? ORDER BY rowid", (doc,))]
    finally:
        con.close()


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    (d / "a.txt").write_text(DOC_A, encoding="utf-8")
    (d / "b.md").write_text(DOC_B, encoding="utf-8")
    return d


def test_an_added_document_writes_its_rows_only_and_older_generations_keep_theirs(folder: Path, tmp_path: Path) -> None:
    s = hash_settings(tmp_path / "data")
    assert run_ingest([folder], s).ok
    first = ix.require_generation(Path(s.data_dir))
    lib = library_file(register_path(first.path))
    assert lib is not None and lib.parent.name == LIBRARY_DIR and lib.parent.parent == Path(s.data_dir).resolve()
    before = read_rows(register_path(first.path))
    assert {r.doc for r in before} == {"a.txt", "b.md"}
    kept_ids = _rowids(lib, "a.txt")

    (folder / "c.txt").write_text(DOC_C, encoding="utf-8")
    assert run_ingest([folder], s).ok
    second = ix.require_generation(Path(s.data_dir))
    assert library_file(register_path(second.path)) == lib, "the same library: nothing copied"
    assert _rowids(lib, "a.txt") == kept_ids, "the unchanged document's rows were not written again"
    now = read_rows(register_path(second.path))
    assert {r.doc for r in now} == {"a.txt", "b.md", "c.txt"}
    assert [r for r in now if r.doc != "c.txt"] == before
    # the previous generation, still on disk, reads exactly what it read before
    assert read_rows(register_path(first.path)) == before
    assert Register(register_path(first.path)).query(text="rehabilitering") == []
    assert Register(register_path(second.path)).query(text="rehabilitering")
    assert register_path(second.path).stat().st_size < 64 * 1024, "a generation's register file lists keys, not rows"


def test_rows_no_generation_lists_are_collected(folder: Path, tmp_path: Path) -> None:
    s = hash_settings(tmp_path / "data")
    assert run_ingest([folder], s).ok
    lib = library_file(register_path(ix.require_generation(Path(s.data_dir)).path))
    (folder / "a.txt").write_text(DOC_A.replace("7 dage", "14 dage"), encoding="utf-8")
    assert run_ingest([folder], s).ok
    assert len({k for d, k in _library_rows(lib) if d == "a.txt"}) == 2, "both versions: the old generation is on disk"
    (folder / "b.md").unlink()
    assert run_ingest([folder], s).ok  # publishes a third generation; the first is pruned (two are kept)
    gens = [p for p in (Path(s.data_dir) / ix.GENERATIONS).iterdir() if not p.name.startswith(".")]
    listed = set()
    for g in gens:
        con = sqlite3.connect(g / DB_NAME)
        listed |= {k for (k,) in con.execute("SELECT vkey FROM members")}
        con.close()
    assert {k for _, k in _library_rows(lib)} == listed, "only the keys of generations on disk keep rows"
    assert len({k for d, k in _library_rows(lib) if d == "a.txt"}) == 1
    con = sqlite3.connect(lib)
    assert {k for (k,) in con.execute(f"SELECT vkey FROM {KEYS_TABLE}")} == listed
    (orphans,) = con.execute("SELECT COUNT(*) FROM commitment_actors WHERE rid NOT IN (SELECT rowid FROM commitments)").fetchone()
    (unsearched,) = con.execute("SELECT COUNT(*) FROM commitments_search WHERE rowid NOT IN (SELECT rowid FROM commitments)").fetchone()
    con.close()
    assert orphans == 0 and unsearched == 0, "a deleted row takes its actors and search text with it"
    path = register_path(ix.require_generation(Path(s.data_dir)).path)
    reg = Register(path)
    assert {r.doc for r in reg.rows} == {"a.txt"} and reg.query(text="14 dage") and not reg.query(text="7 dage")
    rows = read_rows(path)
    scanned = {f: sorted({str(getattr(r, f)) for r in rows if getattr(r, f)}) for f in QUERY_FIELDS}
    scanned["actor"] = sorted(set(scanned["actor"]) | {a for r in rows for a in r.actors if a})
    assert distinct_values(path) == scanned, "the filter lists are those of the generation's rows"


def test_a_rebuild_starts_a_new_library_and_the_old_one_goes_with_its_generations(folder: Path, tmp_path: Path) -> None:
    s = hash_settings(tmp_path / "data")
    assert run_ingest([folder], s).ok
    old = library_file(register_path(ix.require_generation(Path(s.data_dir)).path))
    assert run_ingest([folder], s, rebuild=True).ok
    new = library_file(register_path(ix.require_generation(Path(s.data_dir)).path))
    assert new != old and old.exists(), "the previous generation still reads the old library"
    (folder / "c.txt").write_text(DOC_C, encoding="utf-8")
    assert run_ingest([folder], s).ok  # the first generation is pruned: no generation names the old library
    assert not old.exists() and new.exists()


def test_collect_keeps_the_keys_of_a_build_in_progress(tmp_path: Path) -> None:
    data = tmp_path / "data"
    building = ix.new_generation(data)
    lib = data / LIBRARY_DIR / "commitments-test.sqlite"
    write_register(register_path(building.path), lib, {"x.txt": "k1"}, [], extracted=["x.txt"])
    assert collect(data) == [] and lib.exists(), "a generation being built names the library"
    con = sqlite3.connect(lib)
    assert [k for (k,) in con.execute(f"SELECT vkey FROM {KEYS_TABLE}")] == ["k1"]
    con.close()
    ix.discard(building)
    assert collect(data) == [lib.name] and not lib.exists()


def test_missing_rows_of_an_unchanged_document_make_the_ingest_build_anew(folder: Path, tmp_path: Path) -> None:
    s = hash_settings(tmp_path / "data")
    assert run_ingest([folder], s).ok
    gen = ix.require_generation(Path(s.data_dir))
    lib = library_file(register_path(gen.path))
    con = sqlite3.connect(lib)
    con.execute(f"DELETE FROM {KEYS_TABLE} WHERE vkey = ?", (gen.read_manifest().keys["b.md"],))
    con.commit()
    con.close()
    with pytest.raises(IndexCorrupt):
        write_register(tmp_path / "g" / DB_NAME, lib, gen.read_manifest().keys, [], extracted=[])
    (folder / "c.txt").write_text(DOC_C, encoding="utf-8")
    report = run_ingest([folder], s)
    assert report.ok
    rows = read_rows(register_path(ix.require_generation(Path(s.data_dir)).path))
    assert {r.doc for r in rows} == {"a.txt", "b.md", "c.txt"}


def test_a_register_of_other_rules_is_extracted_again_though_no_document_changed(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new ``REGISTER_VERSION`` (the rules that read commitments changed) makes the next ingest build anew with the
    register extracted again, even when every document is as it was; the one after it changes nothing."""
    import index.register_library as register_library

    s = hash_settings(tmp_path / "data")
    assert run_ingest([folder], s).ok
    first = ix.require_generation(Path(s.data_dir))
    assert not run_ingest([folder], s).changed
    monkeypatch.setattr(register_library, "REGISTER_VERSION", str(int(register_library.REGISTER_VERSION) + 1))
    report = run_ingest([folder], s)
    assert report.ok and report.changed
    again = ix.require_generation(Path(s.data_dir))
    assert again.id != first.id
    assert library_file(register_path(again.path)) != library_file(register_path(first.path))
    assert {r.doc for r in read_rows(register_path(again.path))} == {r.doc for r in read_rows(register_path(first.path))}
    assert not run_ingest([folder], s).changed


_KILLED_WRITER = """
import os, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("PRAGMA cache_size = 1")  # pages spill into the file before the commit: a hot journal if killed
con.execute("BEGIN IMMEDIATE")
for i in range(3000):
    con.execute("INSERT INTO commitments (id, doc, statement, vkey) VALUES (?, 'z.txt', ?, 'zz')", (f"z{i}", "x" * 200))
os._exit(9)
"""


def test_a_writer_killed_mid_transaction_leaves_the_answering_register_readable(folder: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    s = hash_settings(tmp_path / "data")
    assert run_ingest([folder], s).ok
    path = register_path(ix.require_generation(Path(s.data_dir)).path)
    lib = library_file(path)
    before = read_rows(path)
    done = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(lib)], timeout=60)
    assert done.returncode == 9
    assert lib.with_name(lib.name + "-journal").exists(), "the killed writer left its journal"
    assert read_rows(path) == before
    assert Register(path).page(text="genoptræning").rows == [r for r in before if "genoptræning" in r.statement.lower()]
    (folder / "c.txt").write_text(DOC_C, encoding="utf-8")
    assert run_ingest([folder], s).ok, "the next ingest writes to the library"


def test_rows_another_ingest_adds_stay_unseen_by_an_open_register(folder: Path, tmp_path: Path) -> None:
    s = hash_settings(tmp_path / "data")
    assert run_ingest([folder], s).ok
    gen = ix.require_generation(Path(s.data_dir))
    path = register_path(gen.path)
    reg = Register(path)
    before = reg.page(actor="kommunen")
    assert before.total > 0
    # another ingest's build writes a new document version's rows into the library, not yet published
    row = next(r for r in read_rows(path) if r.actor == "kommunen")
    extra = [dataclasses.replace(row, id=f"new{i}", doc="new.txt", start=i, end=i + 1) for i in range(3)]
    building = ix.new_generation(Path(s.data_dir))
    write_register(register_path(building.path), library_file(path), {**gen.read_manifest().keys, "new.txt": "knew"}, extra, extracted=["new.txt"])
    assert reg.page(actor="kommunen") == before, "the open register reads only its own documents' rows"
    assert Register(path).query(actor="kommunen") == before.rows
    assert Register(register_path(building.path)).page(actor="kommunen").total == before.total + 3


def test_counts_by_actor_from_the_index_agree_with_the_rows(folder: Path, tmp_path: Path) -> None:
    """A page filtered by actor (and kind) is counted from the actors index; the counts are those of the rows
    it returns, also for two actors (a row naming both counts once) and with an older version in the library."""
    from collections import Counter

    s = hash_settings(tmp_path / "data")
    (folder / "c.txt").write_text(DOC_C + "Kommunen og regionen skal i fællesskab udarbejde en plan inden 2027.\n", encoding="utf-8")
    assert run_ingest([folder], s).ok
    (folder / "a.txt").write_text(DOC_A.replace("7 dage", "14 dage"), encoding="utf-8")
    assert run_ingest([folder], s).ok  # the library now also holds the old version of a.txt, out of this generation's scope
    reg = Register(register_path(ix.require_generation(Path(s.data_dir)).path))
    for filters in ({"actor": "kommunen"}, {"actor": "regionen"}, {"actor": ["kommunen", "regionen"]}, {"actor": "kommunen", "kind": "deadline"}):
        rows = reg.query(**filters)
        page = reg.page(**filters)
        assert rows, filters
        assert page.total == len(rows) and page.kinds == dict(Counter(r.kind for r in rows)), filters
        assert page.rows == rows[: len(page.rows)]
    both = reg.query(actor=["kommunen", "regionen"])
    assert len(both) == len({r.id for r in both}) < len(reg.query(actor="kommunen")) + len(reg.query(actor="regionen"))
