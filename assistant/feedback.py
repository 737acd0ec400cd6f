"""Feedback on answers: thumbs up/down and an optional comment, kept in SQLite.

One row per answer that got feedback: when, which browser session and
which signed-in user (empty without sign-in), the question, the answer, whether it was a refusal, its citations (JSON), the
rating (``1`` up, ``-1`` down, ``None`` for a comment without a rating) and
the comment. The store lives in ``<data_dir>/feedback.sqlite`` and is safe to
share between threads (one connection per call, writes serialised by a lock
and by SQLite's own locking between processes).
"""

from __future__ import annotations

import contextlib
import csv
import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foundation.errors import AftaleError

FEEDBACK_FILE = "feedback.sqlite"
CSV_COLUMNS = ("id", "timestamp", "session_id", "question", "answer", "refused", "citations", "rating", "comment", "user")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    timestamp TEXT NOT NULL,
    session_id TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    refused INTEGER NOT NULL,
    citations TEXT NOT NULL,
    rating INTEGER,
    comment TEXT NOT NULL DEFAULT '',
    user TEXT NOT NULL DEFAULT ''
)
"""


class FeedbackError(AftaleError):
    """The feedback store or its export cannot be read or written."""


@dataclass(frozen=True)
class FeedbackRow:
    """One stored piece of feedback."""

    id: int
    timestamp: str
    session_id: str
    question: str
    answer: str
    refused: bool
    citations: list[dict[str, Any]]
    rating: int | None
    comment: str
    user: str = ""


def feedback_path(data_dir: Path | str) -> Path:
    """The feedback database inside a data directory."""
    return Path(data_dir) / FEEDBACK_FILE


def _check_rating(rating: int | None) -> int | None:
    if rating is None:
        return None
    if rating not in (1, -1):
        raise ValueError(f"rating must be 1, -1 or None, not {rating!r}")
    return int(rating)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


class FeedbackStore:
    """Thread-safe SQLite store of feedback on answers.

    Args:
        path: The SQLite file; its folder is created on first write.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=10.0)) as conn:
                if not self._ready:
                    conn.execute(_SCHEMA)
                    if "user" not in {r[1] for r in conn.execute("PRAGMA table_info(feedback)")}:
                        conn.execute("ALTER TABLE feedback ADD COLUMN user TEXT NOT NULL DEFAULT ''")  # stores from before sign-in
                    conn.commit()
                    self._ready = True
                with conn:
                    yield conn
        except sqlite3.Error as exc:
            raise FeedbackError(
                f"Feedback kan ikke gemmes i {self.path} ({exc}).",
                f"Feedback cannot be stored in {self.path} ({exc}).",
            ) from exc
        except OSError as exc:
            raise FeedbackError(
                f"Feedback kan ikke gemmes i {self.path} ({exc.strerror or exc}).",
                f"Feedback cannot be stored in {self.path} ({exc.strerror or exc}).",
            ) from exc

    def add(
        self,
        *,
        session_id: str,
        question: str,
        answer: str,
        refused: bool,
        citations: Sequence[dict[str, Any]] | str = (),
        rating: int | None = None,
        comment: str = "",
        user: str = "",
    ) -> int:
        """Store one piece of feedback.

        Args:
            session_id: The browser session that gave it.
            question: The question as the user asked it.
            answer: The answer text shown.
            refused: Whether the answer was a refusal.
            citations: The answer's citations (``Citation.to_json()`` dicts) or
                a JSON string of them.
            rating: ``1`` (thumbs up), ``-1`` (thumbs down) or None.
            comment: Optional free text.
            user: The signed-in user (their e-mail address); empty without sign-in.

        Returns:
            The new row's id (use it with ``update``).

        Raises:
            FeedbackError: The database cannot be written.
            ValueError: The rating is not 1, -1 or None.
        """
        cites = citations if isinstance(citations, str) else json.dumps(list(citations), ensure_ascii=False)
        row = (_now(), session_id, question, answer, int(bool(refused)), cites, _check_rating(rating), comment or "", user or "")
        with self._lock, self._connect() as conn:
            cur = conn.execute(
                "INSERT INTO feedback (timestamp, session_id, question, answer, refused, citations, rating, comment, user)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cur.lastrowid)

    def update(self, row_id: int, *, rating: int | None = None, comment: str | None = None) -> None:
        """Change the rating and/or comment of a stored row (a later click or comment).

        Args:
            row_id: The id ``add`` returned.
            rating: New rating (``1``/``-1``); None keeps the stored one.
            comment: New comment; None keeps the stored one.

        Raises:
            FeedbackError: The database cannot be written.
        """
        sets: list[str] = []
        args: list[Any] = []
        if rating is not None:
            sets.append("rating = ?")
            args.append(_check_rating(rating))
        if comment is not None:
            sets.append("comment = ?")
            args.append(comment)
        if not sets:
            return
        sets.append("timestamp = ?")
        args.append(_now())
        with self._lock, self._connect() as conn:
            conn.execute(f"UPDATE feedback SET {', '.join(sets)} WHERE id = ?", (*args, row_id))

    def rows(self) -> list[FeedbackRow]:
        """Every stored row, oldest first (empty when nothing was stored yet)."""
        if not self.path.exists():
            return []
        with self._connect() as conn:
            cur = conn.execute(f"SELECT {', '.join(CSV_COLUMNS)} FROM feedback ORDER BY id")
            return [
                FeedbackRow(
                    id=r[0], timestamp=r[1], session_id=r[2], question=r[3], answer=r[4], refused=bool(r[5]),
                    citations=json.loads(r[6] or "[]"), rating=r[7], comment=r[8] or "", user=r[9] or "",
                )
                for r in cur.fetchall()
            ]

    def export_csv(self, out: Path | str) -> int:
        """Write every row to a CSV file (UTF-8 with BOM, so Excel shows æøå).

        The file is written beside the target and moved into place, so a
        failed export never leaves half a file.

        Args:
            out: The CSV file to write.

        Returns:
            The number of rows written.

        Raises:
            FeedbackError: The target cannot be written (missing folder, no
                permission, a directory, disk full).
        """
        out = Path(out)
        rows = self.rows()
        tmp = out.with_name(f".{out.name}.tmp")
        try:
            if out.is_dir():
                raise IsADirectoryError(21, "er en mappe / is a directory")
            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(CSV_COLUMNS)
                for r in rows:
                    writer.writerow([
                        r.id, r.timestamp, r.session_id, r.question, r.answer, int(r.refused),
                        json.dumps(r.citations, ensure_ascii=False), "" if r.rating is None else r.rating, r.comment, r.user,
                    ])
            tmp.replace(out)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            reason = exc.strerror or str(exc)
            raise FeedbackError(
                f"Kan ikke skrive CSV-filen {out} ({reason}).",
                f"Cannot write the CSV file {out} ({reason}).",
            ) from exc
        return len(rows)
