"""The register's storage: the SQLite file ``commitments.sqlite`` inside each index generation.

Creates, writes (atomically) and reads the table ``commitments``; a
re-ingested document replaces its rows with the generation.
``build_register`` extracts the rows of a generation being built and writes them.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ingest.commitments.extract import extract
from ingest.commitments.llm import refine_with_llm
from ingest.commitments.record import COLUMNS, Commitment

TABLE = "commitments"
DB_NAME = "commitments.sqlite"
REGISTER_VERSION = "1"


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


def write_rows(db_path: Path, rows: Sequence[Commitment]) -> int:
    """Write ``rows`` as the table ``commitments`` of a new SQLite file at ``db_path`` (atomically replaced)."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".commitments-", suffix=".sqlite", dir=db_path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.execute(create_table_sql())
            con.execute("CREATE TABLE register_meta (key TEXT PRIMARY KEY, value TEXT)")
            con.execute("INSERT INTO register_meta VALUES ('version', ?)", (REGISTER_VERSION,))
            placeholders = ", ".join("?" for _ in COLUMNS)
            seen: set[str] = set()
            unique = [r for r in rows if not (r.id in seen or seen.add(r.id))]
            con.executemany(
                f"INSERT INTO {TABLE} VALUES ({placeholders})",
                [tuple("; ".join(r.actors) if c == "actors" else getattr(r, c) for c in COLUMNS) for r in unique],
            )
            for col in ("actor", "topic", "kind", "doc"):
                con.execute(f'CREATE INDEX idx_{col} ON {TABLE} ("{col}")')
            con.commit()
        finally:
            con.close()
        os.replace(tmp, db_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(unique)


def read_rows(db_path: Path) -> list[Commitment]:
    """All rows of a register file, in document order."""
    con = sqlite3.connect(f"file:{Path(db_path)}?mode=ro", uri=True)
    try:
        con.row_factory = sqlite3.Row
        cur = con.execute(f'SELECT * FROM {TABLE} ORDER BY doc, start, "end"')
        return [Commitment.from_dict(dict(r)) for r in cur.fetchall()]
    finally:
        con.close()


def build_register(
    db_path: Path,
    chunk_rows: Sequence[Mapping[str, Any]],
    doc_rows: Sequence[Mapping[str, Any]],
    sentence_rows: Sequence[Mapping[str, Any]],
    llm: Any = None,
) -> int:
    """Extract the register of every document and write it to ``db_path`` (``<generation>/commitments.sqlite``).

    Args:
        db_path: the register file inside the generation being built.
        chunk_rows: the generation's chunk rows.
        doc_rows: the generation's document rows (cleaned text, meta, path).
        sentence_rows: the generation's body sentences.
        llm: an optional LangChain chat model for ``refine_with_llm``;
            None (the default) keeps the register purely rule-based.

    Returns:
        The number of rows written.
    """
    rows = extract(sentence_rows, chunk_rows, doc_rows)
    if llm is not None:
        rows = refine_with_llm(rows, llm)
    return write_rows(Path(db_path), rows)
