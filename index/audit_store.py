"""The audit log of the library: who added, replaced, removed or corrected which document, and when.

One SQLite file in the data directory (``<data_dir>/audit.sqlite``), next to
the index it describes; nothing about a user is written anywhere else. Rows
are only ever appended. Safe to share between threads and processes (one
connection per call, SQLite's own locking between processes).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from foundation.errors import AftaleError

AUDIT_FILE = "audit.sqlite"
ACTIONS = ("added", "replaced", "removed", "corrected")
COLUMNS = ("id", "time", "user", "action", "document", "sha256", "detail")
Action = Literal["added", "replaced", "removed", "corrected"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('added', 'replaced', 'removed', 'corrected')),
    document TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
)
"""


class AuditError(AftaleError):
    """The audit log cannot be read or written."""

    exit_code = 6


@dataclass(frozen=True)
class AuditRow:
    """One change to the library."""

    id: int
    time: str
    user: str
    action: str
    document: str
    sha256: str
    detail: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def audit_path(data_dir: Path | str) -> Path:
    """The audit database inside a data directory."""
    return Path(data_dir) / AUDIT_FILE


class AuditStore:
    """Append-only SQLite log of changes to the library."""

    def __init__(self, data_dir: Path | str) -> None:
        self.path = audit_path(data_dir)
        self._lock = threading.Lock()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=10.0)) as conn:
                conn.execute(_SCHEMA)
                with conn:
                    yield conn
        except (sqlite3.Error, OSError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise AuditError(
                f"Revisionsloggen {self.path} kan ikke bruges ({reason}).",
                f"The audit log {self.path} cannot be used ({reason}).",
            ) from exc

    def add(self, user: str, action: Action, document: str, sha256: str, detail: str = "") -> int:
        """Append one row; returns its id."""
        if action not in ACTIONS:
            raise ValueError(f"action must be one of {ACTIONS}, not {action!r}")
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        with self._lock, self._connect() as conn:
            cur = conn.execute(
                "INSERT INTO audit (time, user, action, document, sha256, detail) VALUES (?, ?, ?, ?, ?, ?)",
                (stamp, user, action, document, sha256 or "", detail or ""),
            )
            return int(cur.lastrowid)

    def rows(self, newest_first: bool = False) -> list[AuditRow]:
        """Every row (empty when nothing was changed yet)."""
        if not self.path.exists():
            return []
        order = "DESC" if newest_first else "ASC"
        with self._connect() as conn:
            cur = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM audit ORDER BY id {order}")  # noqa: S608 - fixed columns
            return [AuditRow(*r) for r in cur.fetchall()]
