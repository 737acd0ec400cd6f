"""The register's rows shared by the generations: one library file, each generation a list of version keys.

A generation's ``commitments.sqlite`` (version 4) holds no rows of its own:
it names a library file under ``<data_dir>/register/`` and lists its
documents' version keys (``Manifest.keys``: name, content, facts and index
settings). The library holds the rows of every key some generation lists,
each row tagged with its key, so

- an ingest extracts and writes the rows of documents whose key the library
  does not hold yet, and takes the others over by listing their keys (at a
  thousand documents an added one wrote the whole 120 MB register before);
- a generation reads the rows of its own keys only (``register_store.Tables.scope``),
  so rows a later or killed ingest adds never change what it answers;
- rows of keys that no generation on disk lists any more are deleted after a
  publication (``collect``), and a library no generation names is removed.

A rebuild, or a register written under other rules (``REGISTER_VERSION``),
starts a new library file, so the generation that answers meanwhile keeps its
rows. Writers take SQLite's write lock (``BEGIN IMMEDIATE``); a generation's
file is written before its rows, so ``collect`` (which scans the generations
under the same lock) never deletes rows a build in progress relies on.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from foundation.errors import IndexCorrupt
from index.generation import GENERATIONS
from index.register_store import (
    ACTORS_TABLE,
    DB_NAME,
    KEYS_TABLE,
    LIBRARY_META,
    QUERY_FIELDS,
    REGISTER_VERSION,
    SEARCH_TABLE,
    TABLE,
    VALUES_TABLE,
    atomic_file,
    create_table_sql,
    library_file,
    read_meta,
    register_version,
    search_text,
)
from ingest.commitments.record import COLUMNS, Commitment

LIBRARY_DIR = "register"
"""Beside ``generations/`` in the data directory: the library files."""


def library_dir(generation_path: Path) -> Path:
    """``<data_dir>/register`` of a generation at ``<data_dir>/generations/<id>``."""
    return Path(generation_path).parent.parent / LIBRARY_DIR


def new_library(generation_path: Path) -> Path:
    """A fresh library file's path for a build that takes no rows over (created by ``write_register``)."""
    return library_dir(generation_path) / f"commitments-{uuid.uuid4().hex[:12]}.sqlite"


def reusable_library(db_path: Path) -> Path | None:
    """The library of a previous generation's register when its rows are of today's rules; else None."""
    if register_version(db_path) != int(REGISTER_VERSION):
        return None
    lib = library_file(db_path)
    if lib is None or not lib.exists():
        return None
    return lib if read_meta(lib, LIBRARY_META, "version", mode="rw") == REGISTER_VERSION else None


def write_register(db_path: Path, library: Path, members: Mapping[str, str], rows: Sequence[Commitment], extracted: Iterable[str]) -> int:
    """Write a generation's register: its file at ``db_path`` listing ``members`` (document -> version key)
    in ``library``, and the ``rows`` of the documents in ``extracted`` into the library where their
    key is not held yet.

    Every listed document not in ``extracted`` must already be in the library
    (taken over from the previous generation).

    Returns:
        The number of rows the generation's register holds.

    Raises:
        IndexCorrupt: a taken-over document's rows are missing from the library
            (``run_ingest`` then builds anew).
    """
    db_path, library = Path(db_path), Path(library)
    _write_members(db_path, library, members)  # first: from now on ``collect`` keeps these keys
    library.parent.mkdir(parents=True, exist_ok=True)
    fresh = {members[d] for d in extracted}
    by_key: dict[str, list[Commitment]] = {k: [] for k in fresh}
    for r in rows:
        by_key[members[r.doc]].append(r)
    con = sqlite3.connect(library, timeout=60)
    try:
        con.execute("PRAGMA busy_timeout = 60000")
        _create(con)
        con.execute("BEGIN IMMEDIATE")
        held = {k for (k,) in con.execute(f"SELECT vkey FROM {KEYS_TABLE}")}
        lost = sorted(set(members.values()) - held - fresh)
        if lost:
            con.rollback()
            raise IndexCorrupt(
                "Forpligtelsesregistret mangler rækker for dokumenter, der ikke er ændret. Kør: aftale ingest --rebuild",
                "The commitments register lacks rows of unchanged documents. Run: aftale ingest --rebuild",
            )
        for key in sorted(fresh - held):
            _insert(con, key, by_key[key])
        counts = dict(con.execute(f"SELECT vkey, n FROM {KEYS_TABLE}").fetchall())
        con.commit()
    finally:
        con.close()
    return sum(int(counts.get(k, 0)) for k in set(members.values()))


def _write_members(db_path: Path, library: Path, members: Mapping[str, str]) -> None:
    """The generation's register file (atomically): version, library (relative) and its documents' keys."""
    with atomic_file(db_path) as con:
        con.execute("CREATE TABLE register_meta (key TEXT PRIMARY KEY, value TEXT)")
        rel = os.path.relpath(library.resolve(), db_path.parent.resolve())
        con.executemany("INSERT INTO register_meta VALUES (?, ?)", [("version", REGISTER_VERSION), ("library", rel)])
        con.execute("CREATE TABLE members (doc TEXT, vkey TEXT PRIMARY KEY)")
        con.executemany("INSERT OR IGNORE INTO members VALUES (?, ?)", sorted(members.items()))


def _create(con: sqlite3.Connection) -> None:
    """The library's tables: the register's row table with each row's ``vkey``, its actors and search text."""
    made = f"SELECT 1 FROM sqlite_master WHERE name = '{LIBRARY_META}'"
    if con.execute(made).fetchone():
        return
    con.execute("BEGIN IMMEDIATE")
    if con.execute(made).fetchone():  # another writer made it
        con.rollback()
        return
    con.execute(create_table_sql().replace(" PRIMARY KEY", "").rstrip(")") + ", vkey TEXT)")
    con.execute(f"CREATE TABLE {KEYS_TABLE} (vkey TEXT PRIMARY KEY, n INTEGER)")
    con.execute(f"CREATE TABLE {VALUES_TABLE} (vkey TEXT, field TEXT, value TEXT, PRIMARY KEY (vkey, field, value)) WITHOUT ROWID")
    for col in ("actor", "topic", "kind", "doc", "vkey"):
        con.execute(f'CREATE INDEX idx_{col} ON {TABLE} ("{col}")')
    con.execute(f'CREATE INDEX idx_page ON {TABLE} (doc, start, "end", id, kind, vkey)')
    con.execute(f"CREATE INDEX idx_vkey_kind ON {TABLE} (vkey, kind)")
    con.execute(f"CREATE TABLE {ACTORS_TABLE} (id TEXT, actor TEXT, rid INTEGER, kind TEXT, vkey TEXT)")
    con.execute(f"CREATE INDEX idx_{ACTORS_TABLE} ON {ACTORS_TABLE} (actor, kind, vkey, rid)")  # an actor's rows, and its counts by kind
    con.execute(f"CREATE INDEX idx_{ACTORS_TABLE}_rid ON {ACTORS_TABLE} (rid)")
    con.execute(f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(id UNINDEXED, hay, tokenize='trigram')")
    con.execute(f"CREATE TABLE {LIBRARY_META} (key TEXT PRIMARY KEY, value TEXT)")
    con.execute(f"INSERT INTO {LIBRARY_META} VALUES ('version', ?)", (REGISTER_VERSION,))
    con.commit()


_COLUMNS = ", ".join('"' + c + '"' for c in COLUMNS)
_INSERT = f"INSERT INTO {TABLE} ({_COLUMNS}, vkey) VALUES ({', '.join('?' for _ in COLUMNS)}, ?)"


def _insert(con: sqlite3.Connection, key: str, rows: Sequence[Commitment]) -> None:
    """One document version's rows, their actors and search text (rowids shared, as in a register of its own)."""
    seen: set[str] = set()
    for r in rows:
        if r.id in seen:
            continue
        seen.add(r.id)
        rid = con.execute(_INSERT, (*("; ".join(r.actors) if c == "actors" else getattr(r, c) for c in COLUMNS), key)).lastrowid
        con.executemany(
            f"INSERT INTO {ACTORS_TABLE} (id, actor, rid, kind, vkey) VALUES (?, ?, ?, ?, ?)",
            [(r.id, a, rid, r.kind, key) for a in dict.fromkeys((r.actor, *r.actors)) if a],
        )
        con.execute(f"INSERT INTO {SEARCH_TABLE} (rowid, id, hay) VALUES (?, ?, ?)", (rid, r.id, search_text(r)))
    con.execute(f"INSERT INTO {KEYS_TABLE} VALUES (?, ?)", (key, len(seen)))
    values = {(f, str(getattr(r, f))) for r in rows for f in QUERY_FIELDS if getattr(r, f)}
    values |= {("actor", a) for r in rows for a in r.actors if a}
    con.executemany(f"INSERT INTO {VALUES_TABLE} VALUES (?, ?, ?)", sorted((key, f, v) for f, v in values))


def collect(data_dir: Path) -> list[str]:
    """After a publication: delete the rows of keys no generation on disk lists, and libraries none names.

    Best effort, like pruning: a failure leaves rows for the next ingest to collect.
    Returns the names of the removed library files.
    """
    folder = Path(data_dir) / LIBRARY_DIR
    if not folder.is_dir():
        return []
    removed = []
    for lib in sorted(folder.glob("commitments-*.sqlite")):
        con = sqlite3.connect(lib, timeout=60)
        try:
            con.execute("PRAGMA busy_timeout = 60000")
            con.execute("BEGIN IMMEDIATE")  # a writer lists its keys before it takes this lock: scan under it
            live = _listed(Path(data_dir), lib)
            if live is _UNKNOWN:  # a generation's list is unreadable: keep every row
                con.rollback()
                continue
            if live is None:
                con.rollback()
                con.close()
                for path in (lib, lib.with_name(lib.name + "-journal")):
                    path.unlink(missing_ok=True)
                removed.append(lib.name)
                continue
            if con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (KEYS_TABLE,)).fetchone():
                dead = [k for (k,) in con.execute(f"SELECT vkey FROM {KEYS_TABLE}") if k not in live]
                _delete(con, dead)
            con.commit()
        finally:
            con.close()
    return removed


_UNKNOWN: set[str] = set()


def _listed(data_dir: Path, lib: Path) -> set[str] | None:
    """The keys that the generations on disk (published or being built) list in ``lib``; None: no
    generation names it; ``_UNKNOWN``: a generation's register file cannot be read."""
    root = data_dir / GENERATIONS
    keys: set[str] | None = None
    for gen in root.iterdir() if root.is_dir() else ():
        path = gen / DB_NAME
        if not path.exists():
            continue
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                names = {n for (n,) in con.execute("SELECT name FROM sqlite_master")}
                row = con.execute("SELECT value FROM register_meta WHERE key = 'library'").fetchone() if "register_meta" in names else None
                if row is None or (path.parent / row[0]).resolve() != lib.resolve():
                    continue
                keys = (keys or set()) | {k for (k,) in con.execute("SELECT vkey FROM members")}
            finally:
                con.close()
        except sqlite3.Error:
            return _UNKNOWN
    return keys


def _delete(con: sqlite3.Connection, keys: Sequence[str]) -> None:
    for key in keys:
        rids = f"SELECT rowid FROM {TABLE} WHERE vkey = ?"
        con.execute(f"DELETE FROM {ACTORS_TABLE} WHERE rid IN ({rids})", (key,))
        con.execute(f"DELETE FROM {SEARCH_TABLE} WHERE rowid IN ({rids})", (key,))
        con.execute(f"DELETE FROM {TABLE} WHERE vkey = ?", (key,))
        con.execute(f"DELETE FROM {KEYS_TABLE} WHERE vkey = ?", (key,))
        con.execute(f"DELETE FROM {VALUES_TABLE} WHERE vkey = ?", (key,))
