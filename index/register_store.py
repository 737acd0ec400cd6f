"""The register's storage: the SQLite file ``commitments.sqlite`` of each index generation, and its queries.

An ingest's generation file (version 4) lists its documents' version keys and
names the library file that holds their rows (``index.register_library``);
``write_rows`` writes a register that holds its rows itself (version 3, and
what older generations hold). The queries read either: ``connect`` attaches a
library and ``Tables`` says where the rows are and which of them are the generation's.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ingest.commitments.extract import extract
from ingest.commitments.llm import refine_with_llm
from ingest.commitments.record import COLUMNS, Commitment

TABLE = "commitments"
ACTORS_TABLE = "commitment_actors"
SEARCH_TABLE = "commitments_search"
DB_NAME = "commitments.sqlite"
REGISTER_VERSION = "34"
"""2: the search table's rowids are the rows' rowids, and ``idx_page`` orders the rows with their ids (pages cut in SQL);
3: the actors table holds each row's rowid too (an actor filter selects rows without looking up their ids);
4: an ingest's register file lists its documents' version keys, and the rows live in a library file
shared by the generations (``index.register_library``), so an ingest writes what changed only;
5: the library's actors table also holds each row's kind and version key (an actor's rows counted from its index);
6: the same format under new rules (a goal with a due time is a row), so an ingest extracts every document's rows anew;
7: the same again (a hospital's department, "sygehusafdelingen", acts for the hospital; a goal is due by its year; a
passive's agent named by whose staff it is, "af kommunens sygeplejerske", is that body; "senest kl. 12 dagen før" is due);
8: the same again (a subject named by whose unit or staff it is, "Kommunens genoptræningsenhed", and a passive's named
agent, "kontaktes af kommunen", give that body); 9: the same again (the items of a list of agreed goals); 10: the same
again (a row of a table whose header has a column of who does it); 11: the same again (an actor named by whose
it is acts itself, "Borgerens egen læge"; the main clause after a semicolon where the first names no actor); 12: the
same again (a unit the document named by whose it is acts for that body later, "Misbrugscentret sender …" after
"Kommunens misbrugscenter"; a table without a column of who does it gives no rows).
A file written by ``write_rows`` (a register of its own) stays version 3."""
OWN_VERSION = "3"
"""The version of a register file that holds its rows itself (``write_rows``)."""
LIBRARY = "lib"
"""The schema name a version-4 register's library file is attached under."""
KEYS_TABLE = "library_keys"
"""In a library: the version keys whose rows it holds (a document may have none)."""
VALUES_TABLE = "key_values"
"""In a library: each key's distinct filter values (``QUERY_FIELDS``; ``actor`` also the co-actors), so
the register's filter lists are read from the generation's keys, not from a scan of every row."""
LIBRARY_META = "library_meta"
IN_GENERATION = "vkey IN (SELECT vkey FROM main.members)"
"""A library row (or key) belongs to the generation whose register file is the main database."""


def register_path(generation_path: Path | str) -> Path:
    """``<generation>/commitments.sqlite``: where a generation keeps its register."""
    return Path(generation_path) / DB_NAME


_SQL_TYPES = {
    "page": "INTEGER",
    "line_start": "INTEGER",
    "line_end": "INTEGER",
    "start": "INTEGER",
    "end": "INTEGER",
    "binding": "INTEGER",
}


def create_table_sql() -> str:
    """The ``CREATE TABLE`` statement: one column per field of ``Commitment``, ``id`` the key."""
    cols = ", ".join(f'"{c}" {_SQL_TYPES.get(c, "TEXT")}' + (" PRIMARY KEY" if c == "id" else "") for c in COLUMNS)
    return f"CREATE TABLE {TABLE} ({cols})"


def write_rows(db_path: Path, rows: Sequence[Commitment], *, previous: Path | None = None, keep: Sequence[str] = ()) -> int:
    """Write ``rows`` as the table ``commitments`` of a new SQLite file at ``db_path`` (atomically replaced).

    ``previous`` and ``keep``: a register file written with its search tables
    (``has_search``) and the documents whose rows stay. The file is copied and
    the other documents' rows deleted from the copy, so the kept rows, their
    co-actors and their search index are not written again.
    """
    with atomic_file(Path(db_path), previous) as con:
        if previous is None:
            con.execute(create_table_sql())
            con.execute("CREATE TABLE register_meta (key TEXT PRIMARY KEY, value TEXT)")
            con.execute("INSERT INTO register_meta VALUES ('version', ?)", (OWN_VERSION,))
            for col in ("actor", "topic", "kind", "doc"):
                con.execute(f'CREATE INDEX idx_{col} ON {TABLE} ("{col}")')
            con.execute(f'CREATE INDEX idx_order ON {TABLE} (doc, start, "end")')
            con.execute(f'CREATE INDEX idx_page ON {TABLE} (doc, start, "end", id, kind)')
            con.execute(f"CREATE TABLE {ACTORS_TABLE} (id TEXT, actor TEXT, rid INTEGER)")
            con.execute(f"CREATE INDEX idx_{ACTORS_TABLE} ON {ACTORS_TABLE} (actor, rid)")
            con.execute(f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(id UNINDEXED, hay, tokenize='trigram')")
        else:
            _keep_only(con, keep)
        placeholders = ", ".join("?" for _ in COLUMNS)
        seen = {i for (i,) in con.execute(f"SELECT id FROM {TABLE}")}
        unique = [r for r in rows if not (r.id in seen or seen.add(r.id))]
        con.executemany(
            f"INSERT INTO {TABLE} VALUES ({placeholders})",
            [tuple("; ".join(r.actors) if c == "actors" else getattr(r, c) for c in COLUMNS) for r in unique],
        )
        con.executemany(
            f"INSERT INTO {ACTORS_TABLE} (id, actor, rid) SELECT id, ?, rowid FROM {TABLE} WHERE id = ?",
            [(a, r.id) for r in unique for a in dict.fromkeys((r.actor, *r.actors)) if a],
        )
        con.executemany(  # the row's own rowid: a text search selects rows without reading the search table's ids
            f"INSERT INTO {SEARCH_TABLE} (rowid, id, hay) SELECT rowid, id, ? FROM {TABLE} WHERE id = ?", [(search_text(r), r.id) for r in unique]
        )
        (count,) = con.execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone()
    return int(count)


@contextmanager
def atomic_file(db_path: Path, previous: Path | None = None) -> Iterator[sqlite3.Connection]:
    """A connection to a new SQLite file (a copy of ``previous``, if given) that replaces ``db_path``
    atomically when the block ends without error, committed; on an error nothing is left behind."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".commitments-", suffix=".sqlite", dir=db_path.parent)
    os.close(fd)
    try:
        if previous is not None:
            shutil.copyfile(previous, tmp)
        con = sqlite3.connect(tmp)
        try:
            yield con
            con.commit()
        finally:
            con.close()
        os.replace(tmp, db_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _keep_only(con: sqlite3.Connection, keep: Sequence[str]) -> None:
    """Delete every row (and its co-actors and search text) of documents not in ``keep``."""
    con.execute("CREATE TEMP TABLE keep (doc TEXT PRIMARY KEY)")
    con.executemany("INSERT OR IGNORE INTO temp.keep VALUES (?)", [(d,) for d in keep])
    con.execute(f"CREATE TEMP TABLE gone AS SELECT id FROM {TABLE} WHERE doc NOT IN (SELECT doc FROM temp.keep)")
    con.execute(f"DELETE FROM {ACTORS_TABLE} WHERE id IN (SELECT id FROM temp.gone)")
    con.execute(f"DELETE FROM {SEARCH_TABLE} WHERE rowid IN (SELECT rowid FROM {TABLE} WHERE id IN (SELECT id FROM temp.gone))")
    con.execute(f"DELETE FROM {TABLE} WHERE id IN (SELECT id FROM temp.gone)")


@dataclass(frozen=True)
class Tables:
    """Where a register's rows are: its own tables (``scope`` empty), or a library's tables limited
    to the version keys the generation's file lists (version 4)."""

    rows: str = TABLE
    actors: str = ACTORS_TABLE
    search: str = SEARCH_TABLE
    scope: str = ""

    def where(self, *conditions: str) -> str:
        parts = [c for c in (self.scope, *conditions) if c]
        return " WHERE " + " AND ".join(parts) if parts else ""


OWN_TABLES = Tables()
SHARED_TABLES = Tables(f"{LIBRARY}.{TABLE}", f"{LIBRARY}.{ACTORS_TABLE}", f"{LIBRARY}.{SEARCH_TABLE}", IN_GENERATION)
ALL_SHARED_TABLES = replace(SHARED_TABLES, scope="")
"""A library that holds no rows of documents the generation does not list: no row needs the scope test."""


@contextmanager
def reading(con: sqlite3.Connection, version: int) -> Iterator[Tables]:
    """Where a query on ``con`` finds the generation's rows, consistent for every statement in the block.

    A version-4 register's library usually holds only rows of the generation's own documents (the
    previous generation's, once pruned, are collected); the scope test then costs a lookup per row for
    nothing, so it is left out. The block is one read transaction: a row another ingest adds meanwhile
    is either seen by the check, or by none of the statements.
    """
    if version < 4:
        yield OWN_TABLES
        return
    con.execute("BEGIN")
    try:
        foreign = con.execute(f"SELECT 1 FROM {LIBRARY}.{KEYS_TABLE} WHERE NOT {IN_GENERATION} LIMIT 1").fetchone()
        yield SHARED_TABLES if foreign else ALL_SHARED_TABLES
    finally:
        con.execute("COMMIT")


def read_meta(db_path: Path, table: str, key: str, mode: str = "ro") -> str | None:
    """One value of a register or library file's meta table; None when it has none or cannot be read.
    ``mode`` "rw" for a library: a killed writer's journal is then rolled back, not an error."""
    try:
        con = sqlite3.connect(f"file:{Path(db_path)}?mode={mode}", uri=True)
        try:
            row = con.execute(f"SELECT value FROM {table} WHERE key = ?", (key,)).fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def library_file(db_path: Path) -> Path | None:
    """The library file a version-4 register file names (relative to its folder); None for a register of its own."""
    rel = read_meta(db_path, "register_meta", "library")
    return (Path(db_path).parent / rel).resolve() if rel else None


def connect(db_path: Path, *, check_same_thread: bool = True) -> tuple[sqlite3.Connection, Tables]:
    """A read-only connection to a register file, its library attached when it has one, and where its rows are."""
    db_path = Path(db_path)
    lib = library_file(db_path)
    # A library is opened for reading and writing, though only read: a writer killed mid-transaction
    # leaves a hot journal that a read-only connection cannot roll back, and the next reader must.
    con = sqlite3.connect(f"file:{db_path}?mode={'ro' if lib is None else 'rw'}", uri=True, check_same_thread=check_same_thread)
    try:
        con.execute("PRAGMA busy_timeout = 10000")  # an ingest adding rows to the library holds its lock briefly
        if lib is None:
            return con, OWN_TABLES
        if not lib.exists():
            raise sqlite3.DatabaseError(f"the register's library {lib.name} is missing")
        con.execute(f"ATTACH DATABASE ? AS {LIBRARY}", (f"file:{lib}?mode=rw",))
        con.execute("PRAGMA query_only = 1")
    except BaseException:
        con.close()
        raise
    return con, SHARED_TABLES


_SELECT = ", ".join(f'"{c}"' for c in COLUMNS)
_ACTORS_AT = COLUMNS.index("actors")


def _commitment(values: tuple[Any, ...]) -> Commitment:
    """A row selected as ``_SELECT`` (the fields in order; ``actors`` joined by "; ")."""
    vals = list(values)
    actors = vals[_ACTORS_AT]
    vals[_ACTORS_AT] = tuple(a for a in actors.split("; ") if a) if isinstance(actors, str) else tuple(actors or ())
    return Commitment(*vals)


def read_rows(db_path: Path) -> list[Commitment]:
    """All rows of a register file, in document order."""
    con, t = connect(db_path)
    try:
        return [_commitment(r) for r in con.execute(f'SELECT {_SELECT} FROM {t.rows}{t.where()} ORDER BY doc, start, "end"')]
    finally:
        con.close()


def build_register(
    db_path: Path,
    chunk_rows: Sequence[Mapping[str, Any]],
    doc_rows: Sequence[Mapping[str, Any]],
    sentence_rows: Sequence[Mapping[str, Any]],
    llm: Any = None,
    *,
    previous: Path | None = None,
    keep: Sequence[str] = (),
) -> int:
    """Extract the register of documents and write it to ``db_path`` (``<generation>/commitments.sqlite``).

    Args:
        db_path: the register file inside the generation being built.
        chunk_rows: the chunk rows of the documents to extract.
        doc_rows: their document rows (cleaned text, meta, path).
        sentence_rows: their body sentences.
        llm: an optional LangChain chat model for ``refine_with_llm``;
            None (the default) keeps the register purely rule-based.
        previous: the previous generation's register (written with its search
            tables); the rows of the documents in ``keep`` are copied from it
            rather than extracted again, so an ingest costs what it changed.

    Returns:
        The number of rows written.
    """
    rows = extract(sentence_rows, chunk_rows, doc_rows)
    if llm is not None:
        rows = refine_with_llm(rows, llm)
    return write_rows(Path(db_path), rows, previous=previous, keep=keep)


def read_spans(db_path: Path) -> dict[tuple[str, int], tuple[str, str]]:
    """``(doc, sentence start) -> (actor, kind)`` of every row: the sentences the register holds.

    Query time uses it to prefer stated responsibilities in *hvem* answers;
    a missing or unreadable register gives none.
    """
    path = Path(db_path)
    if not path.exists():
        return {}
    try:
        con, t = connect(path)
        try:
            rows = con.execute(f"SELECT doc, start, actor, kind FROM {t.rows}{t.where()}").fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return {}
    return {(doc, int(start)): (actor, kind) for doc, start, actor, kind in rows}


# ---------------------------------------------------------------- queries in SQL

QUERY_FIELDS = ("actor", "topic", "kind", "region", "period")


def fold(text: str) -> str:
    """How the register compares text: NFC, trimmed, lower case."""
    return unicodedata.normalize("NFC", str(text)).strip().lower()


def search_text(row: Commitment) -> str:
    """What the register's search box looks in: statement, section and title, folded."""
    return fold(f"{row.statement} {row.section or ''} {row.title}")


def has_search(db_path: Path) -> bool:
    """Was this register written with the SQL search tables (registers of older generations were not)?"""
    return register_version(db_path) >= 1


def register_version(db_path: Path) -> int:
    """0: no SQL search tables (filter in memory); 1: search tables; 2: also the search table's rowids
    aligned with the rows' and ``idx_page``; 3: the actors table holds rowids; 4 (``REGISTER_VERSION``):
    the rows are in a shared library file (``index.register_library``); 5: the library's actors table
    also holds each row's kind and version key, so an actor's rows are counted from its index alone.
    An ingest reuses only a current one."""
    try:
        con = sqlite3.connect(f"file:{Path(db_path)}?mode=ro", uri=True)
        try:
            names = {n for (n,) in con.execute("SELECT name FROM sqlite_master")}
            row = con.execute("SELECT value FROM register_meta WHERE key = 'version'").fetchone() if "register_meta" in names else None
        finally:
            con.close()
    except sqlite3.Error:
        return 0
    version = int(row[0]) if row and str(row[0]).isdigit() else 1
    if version < 4 and not {ACTORS_TABLE, SEARCH_TABLE} <= names:
        return 0
    return version


def _where(wanted: Mapping[str, Sequence[str]], words: Sequence[str], version: int, t: Tables) -> tuple[str, list[Any]]:
    """The SQL condition (with its arguments) of a query: every field filter (any of its values;
    ``actor`` also any named actor) and every one of ``words`` (folded) in the row's folded text.

    A trigram phrase match is a substring match of the folded text
    (``search_text``), so words of three or more letters are found by the
    index alone; ``instr`` tests the shorter ones. The condition selects
    exactly the rows, so a page of them can be cut in SQL. ``version`` 2: the
    search table's rowids are the rows' (no read of its ``id`` column); 4: the
    rows are the library's rows of the generation's documents (``t``, from ``reading``).
    """
    where: list[str] = []
    args: list[Any] = []
    for field, vals in wanted.items():
        vals = list(vals)
        marks = ", ".join("?" for _ in vals)
        if field == "actor":
            key = ("rowid", "rid") if version >= 3 else ("id", "id")
            where.append(f"{key[0]} IN (SELECT {key[1]} FROM {t.actors} WHERE actor IN ({marks}))")  # the row's actor is listed there too
            args += vals
        elif field in QUERY_FIELDS or field == "doc":
            where.append(f'"{field}" IN ({marks})')
            args += vals
    if words:
        long_words = [w for w in words if len(w) >= 3]
        short = [w for w in words if len(w) < 3] if version >= 2 else list(words)
        tests = ["hay MATCH ?"] if long_words else []
        if long_words:
            args.append(" AND ".join('"' + w.replace('"', '""') + '"' for w in long_words))
        tests += ["instr(hay, ?) > 0" for _ in short]
        args += short
        key = "rowid" if version >= 2 else "id"
        where.append(f"{key} IN (SELECT {key} FROM {t.search} WHERE {' AND '.join(tests)})")
    return t.where(*where), args


def query_rows(
    db_path: Path | sqlite3.Connection, wanted: Mapping[str, Sequence[str]], words: Sequence[str], *, limit: int | None = None, offset: int = 0, version: int = 1
) -> list[Commitment]:
    """Rows matching every field filter (any of its values; ``actor`` also any named actor) whose
    folded text contains every one of ``words`` (folded), in document order.

    ``limit`` and ``offset``: one page of them (``LIMIT``/``OFFSET`` in SQL); None: all.
    """
    return query_page(db_path, wanted, words, limit=limit, offset=offset, version=version, counted=False)[0]


def open_reader(db_path: Path) -> sqlite3.Connection:
    """A read-only connection to a register file (its library attached) that a ``Register`` keeps for its queries.

    A generation's rows never change, so one connection serves every
    query on it and SQLite's page cache stays warm between them (a new
    connection per query read the pages and the schema again each time);
    reads go through a memory map. Usable from any thread; the caller serialises.
    """
    con, t = connect(db_path, check_same_thread=False)
    for schema in ("main", LIBRARY) if t.scope else ("main",):
        con.execute(f"PRAGMA {schema}.mmap_size = 1073741824")
        con.execute(f"PRAGMA {schema}.cache_size = -65536")
    return con


def query_page(
    db_path: Path | sqlite3.Connection,
    wanted: Mapping[str, Sequence[str]],
    words: Sequence[str],
    *,
    limit: int | None,
    offset: int = 0,
    version: int = 1,
    counted: bool = True,
) -> tuple[list[Commitment], dict[str, int]]:
    """A page of ``query_rows`` and how many rows match in all, by kind (``counted``), on one connection.

    A page of a large result walks ``idx_page`` in document order and stops
    when the page is full, instead of sorting every matching row.
    """
    own = not isinstance(db_path, sqlite3.Connection)
    con = connect(Path(db_path))[0] if own else db_path
    try:
        with reading(con, version) as t:
            cond, args = _where(wanted, words, version, t)
            kinds = _counts(con, wanted, words, version, t, cond, args) if counted else {}
            source = t.rows
            if limit is not None and version >= 2 and counted and sum(kinds.values()) > 4 * (limit + offset):
                source = f"{t.rows} INDEXED BY idx_page"
            sql = f'SELECT {_SELECT} FROM {source}{cond} ORDER BY doc, start, "end"'
            if limit is not None:
                sql += " LIMIT ? OFFSET ?"
                args = [*args, int(limit), max(0, int(offset))]
            rows = [_commitment(r) for r in con.execute(sql, args)]
    finally:
        if own:
            con.close()
    return rows, kinds


def _counts(con: sqlite3.Connection, wanted: Mapping[str, Sequence[str]], words: Sequence[str], version: int, t: Tables, cond: str, args: list[Any]) -> dict[str, int]:
    """How many rows match, by kind.

    Filtered by actor (and kind) only, the rows are counted in the actors table's
    index (actor, kind, version key, row), which holds all
    the query needs: reading each row of a large actor (every second row of a
    library names "kommunen") took most of a register page's time.
    """
    if version >= 5 and not words and "actor" in wanted and set(wanted) <= {"actor", "kind"} and all(wanted.values()):
        actors, kinds = list(wanted["actor"]), list(wanted.get("kind") or [])
        where = [f"actor IN ({', '.join('?' for _ in actors)})"]
        if kinds:
            where.append(f"kind IN ({', '.join('?' for _ in kinds)})")
        counted = "COUNT(*)" if len(actors) == 1 else "COUNT(DISTINCT rid)"  # a row names an actor once
        sql = f"SELECT kind, {counted} FROM {t.actors}{t.where(*where)} GROUP BY kind"
        return {str(k): int(n) for k, n in con.execute(sql, [*actors, *kinds])}
    return {str(k): int(n) for k, n in con.execute(f"SELECT kind, COUNT(*) FROM {t.rows}{cond} GROUP BY kind", args)}


def count_rows(db_path: Path) -> int:
    con, t = connect(db_path)
    try:
        return int(con.execute(f"SELECT COUNT(*) FROM {t.rows}{t.where()}").fetchone()[0])
    finally:
        con.close()


def distinct_values(db_path: Path) -> dict[str, list[str]]:
    """The values each filter field takes in the register (``actor``: every named actor), sorted."""
    con, t = connect(db_path)
    try:
        if t.scope:  # the library keeps each document version's values (``VALUES_TABLE``)
            found: dict[str, set[str]] = {f: set() for f in QUERY_FIELDS}
            for f, v in con.execute(f"SELECT DISTINCT field, value FROM {LIBRARY}.{VALUES_TABLE}{t.where()}"):
                found[f].add(str(v))
            return {f: sorted(found[f]) for f in QUERY_FIELDS}
        out = {f: sorted({str(v) for (v,) in con.execute(f'SELECT DISTINCT "{f}" FROM {t.rows}') if v}) for f in QUERY_FIELDS}
        out["actor"] = sorted(set(out["actor"]) | {a for (a,) in con.execute(f"SELECT DISTINCT actor FROM {t.actors}") if a})
    finally:
        con.close()
    return out
