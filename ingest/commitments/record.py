"""The register's row: one statement of responsibility, commitment or deadline, and its stable id."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

KINDS = ("responsibility", "commitment", "deadline")
"""Kinds of statement, in the order the brief groups them."""


@dataclass(frozen=True)
class Commitment:
    """One statement of responsibility, commitment or deadline, tied to its source.

    ``start``/``end`` are offsets in the cleaned document text;
    ``line_start``/``line_end`` are 1-based lines of the source file;
    ``actors`` lists every actor named in the subject (``actor`` is their
    normalised sum: several sectors make ``parterne``).
    ``binding`` and ``status`` are the source document's: whether it binds
    (False for proposals and drafts) and ``gældende``/``udløbet``/``fremtidig``/
    ``ukendt`` on the day the register is read (set when it is opened, as
    status depends on the day; None in a register read without document facts).
    """

    id: str
    actor: str
    kind: str
    statement: str
    situation: str | None
    due: str | None
    topic: str
    doc: str
    title: str
    region: str | None
    period: str | None
    kind_of_doc: str | None
    section: str | None
    page: int | None
    line_start: int
    line_end: int
    start: int
    end: int
    actors: tuple[str, ...] = ()
    binding: bool | None = None
    status: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``actors`` as a list)."""
        data = asdict(self)
        data["actors"] = list(self.actors)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Commitment":
        """Rebuild from ``to_dict`` output or an SQLite row mapping."""
        values = {f.name: data.get(f.name) for f in fields(cls)}
        actors = values.get("actors") or ()
        if isinstance(actors, str):
            actors = tuple(a for a in actors.split("; ") if a)
        values["actors"] = tuple(actors)
        if values.get("binding") is not None:
            values["binding"] = bool(values["binding"])
        return cls(**values)

    def location(self, lang: str = "da") -> str:
        """``side 4`` for a PDF, else ``linje 12–14`` (``page``/``lines`` in English)."""
        if self.page is not None:
            return f"{'side' if lang == 'da' else 'page'} {self.page}"
        word = "linje" if lang == "da" else "lines"
        if self.line_start == self.line_end:
            return f"{word} {self.line_start}"
        return f"{word} {self.line_start}–{self.line_end}"


COLUMNS = tuple(f.name for f in fields(Commitment))


def commitment_id(doc: str, start: int, end: int, actor: str) -> str:
    """A short hash of document, span and actor: stable across rebuilds, distinct per actor."""
    return hashlib.sha1(f"{doc}\x00{start}\x00{end}\x00{actor}".encode()).hexdigest()[:16]
