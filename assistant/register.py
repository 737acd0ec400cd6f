"""The commitments register at query time: open it, check filter values, query, compare, find a passage.

The register is the SQLite file ``commitments.sqlite`` of each index generation: the
version keys of its documents, whose rows the ingest keeps in a library file that
the generations share (``index.register_library``).
``Register`` queries the file in SQL (an FTS5 trigram index for the search box), so
a library of a thousand documents is not read into memory for one filter;
``register_for(assistant)`` opens the one of the generation the assistant
serves (``Assistant.generation()``). Rendering the rows (brief, tables,
exports) is ``assistant.register_export``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypedDict, Unpack

from assistant.doc_facts import facts_for
from assistant.register_export import (
    FIELD_LABELS,
    KIND_LABELS,
    as_list,
    brief_markdown,
    export,
)
from foundation.errors import BadFilter, IndexCorrupt, IndexOutdated
from foundation.messages import msg
from foundation.text.regions import REGIONS
from index.register_store import (
    count_rows,
    distinct_values,
    open_reader,
    query_page,
    read_rows,
    register_path,
    register_version,
)
from ingest.commitments.lexicon import ACTORS
from ingest.commitments.record import KINDS, Commitment
from ingest.commitments.topics import TOPIC_NAMES
from ingest.facts import STATUSES

FIELDS = ("actor", "topic", "kind", "region", "period", "status")
"""Fields ``query`` filters on (besides free text)."""


class RegisterFilters(TypedDict, total=False):
    """What ``Register.query`` and ``Register.page`` filter on: each field a value or a list of values
    (any of them), ``text`` words that must all occur, ``lang`` the language of the error messages."""

    actor: str | Sequence[str] | None
    topic: str | Sequence[str] | None
    kind: str | Sequence[str] | None
    region: str | Sequence[str] | None
    period: str | Sequence[str] | None
    status: str | Sequence[str] | None
    text: str | None
    lang: str

PAGE_ROWS = 500
"""Rows on one page of the register's table (the app's page, the CLI's default on screen)."""


@dataclass(frozen=True)
class RegisterPage:
    """One page of a register query: its rows, where it starts, and how many rows match in all, by kind."""

    rows: list[Commitment]
    total: int
    offset: int
    kinds: dict[str, int]

    @property
    def complete(self) -> bool:
        """Does this page hold every matching row?"""
        return self.offset == 0 and len(self.rows) >= self.total


_KIND_ALIASES = {
    "ansvar": "responsibility",
    "opgave": "responsibility",
    "forpligtelse": "commitment",
    "forpligtelser": "commitment",
    "mål": "commitment",
    "goal": "commitment",
    "frist": "deadline",
    "frister": "deadline",
    "tidsfrist": "deadline",
}
_ACTOR_ALIASES = {
    "kommune": "kommunen",
    "kommuner": "kommunen",
    "kommunerne": "kommunen",
    "region": "regionen",
    "regioner": "regionen",
    "hospital": "hospitalet",
    "hospitaler": "hospitalet",
    "hospitalerne": "hospitalet",
    "sygehus": "hospitalet",
    "sygehuset": "hospitalet",
    "psykiatri": "psykiatrien",
    "regionspsykiatrien": "psykiatrien",
    "almen praksis": "almen praksis",
    "egen læge": "almen praksis",
    "praktiserende læge": "almen praksis",
    "praktiserende læger": "almen praksis",
    "læge": "almen praksis",
    "lægen": "almen praksis",
    "borger": "borgeren",
    "borgerne": "borgeren",
    "patient": "borgeren",
    "patienten": "borgeren",
    "familien": "pårørende",
    "parter": "parterne",
    "vi": "parterne",
    "sku": "Sundhedskoordinationsudvalget",
    "temagruppe": "Temagrupperne",
    "temagruppen": "Temagrupperne",
    "klynger": "Klyngerne",
}
_STOPWORDS = frozenset(
    """hvem hvad hvor hvornår hvordan har er det den de en et og i på for til af med om at skal vil kan
    ansvar ansvaret ansvarlig ansvarlige sørger står tager sig ved who is responsible for the of""".split()
)


# ---------------------------------------------------------------- opening


def register_path_for(assistant: Any) -> Path:
    """``<generation>/commitments.sqlite`` of the generation the assistant serves.

    Asks the API for the published generation (``assistant.generation()``),
    so the embedder and vectors need not be loaded for it.

    Raises:
        IndexMissing: nothing was ingested yet.
        IndexOutdated: the generation was built before the register existed
            ("kør aftale ingest --rebuild").
    """
    path = register_path(assistant.generation().path)
    if not path.exists():
        raise _outdated()
    return path


def register_for(assistant: Any) -> "Register":
    """The register of the assistant's published index generation (see ``register_path_for``),
    each row with its document's kind, binding and status today."""
    return Register(register_path_for(assistant), facts_for(assistant))


def _outdated() -> IndexOutdated:
    return IndexOutdated(
        "Indekset har intet forpligtelsesregister (det er bygget før registret fandtes). Kør: aftale ingest --rebuild",
        "The index has no commitments register (it was built before the register existed). Run: aftale ingest --rebuild",
    )


# ---------------------------------------------------------------- the register


class Register:
    """Filter, summarise and export the statements of one register file."""

    def __init__(self, db_path: Path | str, facts: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        """``facts``: the document facts (``assistant.doc_facts.facts_for``) that give each row its
        document's kind, binding and status; without them those stay as stored."""
        self.db_path = Path(db_path)
        if not self.db_path.exists():
            raise _outdated()
        self._rows: list[Commitment] | None = None
        self._values: dict[str, list[str]] | None = None
        self._facts = dict(facts or {})
        self._version = register_version(self.db_path)
        self._sql = self._version >= 1
        self._con: sqlite3.Connection | None = None  # opened on the first query, kept: the file never changes
        self._lock = threading.Lock()
        if not self._sql:  # a register written before its SQL search tables: filter in memory
            self._load()
        self._documents: dict[str, str] | None = None

    def _reader(self) -> sqlite3.Connection:
        if self._con is None:
            self._con = open_reader(self.db_path)
        return self._con

    def _load(self) -> list[Commitment]:
        if self._rows is None:
            self._rows = self._with_facts(self._guarded(read_rows, self.db_path))
        return self._rows

    def _with_facts(self, rows: list[Commitment]) -> list[Commitment]:
        """Rows with their document's kind, binding and status on the asked day (status is not stored: it depends on the day)."""
        if not self._facts:
            return rows
        return [with_facts(r, self._facts.get(r.doc)) for r in rows]

    @staticmethod
    def _guarded(fn, *args):
        try:
            return fn(*args)
        except sqlite3.Error as exc:
            raise IndexCorrupt(
                f"Forpligtelsesregistret er beskadiget ({exc}). Kør: aftale ingest --rebuild",
                f"The commitments register is damaged ({exc}). Run: aftale ingest --rebuild",
            ) from exc

    @property
    def rows(self) -> list[Commitment]:
        """Every statement, in document order (read on first use: queries go to SQLite)."""
        return list(self._load())

    def __len__(self) -> int:
        return len(self._rows) if self._rows is not None else self._guarded(count_rows, self.db_path)

    # ------------------------------------------------------------ filter values

    def values(self) -> dict[str, list[str]]:
        """Valid filter values (known vocabularies and what the register holds), for the app's filters."""
        if self._values is None:
            self._values = self._present_values()
        vals = self._values
        return {k: list(v) for k, v in vals.items()}

    def _present_values(self) -> dict[str, list[str]]:
        if self._sql:
            present = defaultdict(set, {k: set(v) for k, v in self._guarded(distinct_values, self.db_path).items()})
            docs = present.pop("doc", None)
            present["status"] = {str(f.get("status")) for d, f in self._facts.items() if f.get("status") and (docs is None or d in docs)}
        else:
            present = defaultdict(set)
            for r in self._load():
                for f in FIELDS:
                    v = getattr(r, f)
                    if v:
                        present[f].add(str(v))
                present["actor"].update(r.actors)
        actors = [a for a in ACTORS if a in present["actor"]] + sorted(present["actor"] - set(ACTORS))
        topics = [t for t in TOPIC_NAMES if t in present["topic"]] + sorted(present["topic"] - set(TOPIC_NAMES))
        return {
            "actor": actors,
            "topic": topics,
            "kind": list(KINDS),
            "region": sorted(present["region"]),
            "period": sorted(present["period"]),
            "status": [s for s in STATUSES if s in present["status"]],
        }

    def _valid(self, field: str) -> list[str]:
        vals = self.values()
        if field == "actor":
            return list(dict.fromkeys(list(ACTORS) + vals["actor"]))
        if field == "topic":
            return list(dict.fromkeys(list(TOPIC_NAMES) + vals["topic"]))
        if field == "region":
            return list(dict.fromkeys(vals["region"] + list(REGIONS)))
        if field == "status":
            return list(STATUSES)
        return vals[field]

    def check(self, field: str, value: str, lang: str = "da") -> str:
        """The canonical value for ``value`` of ``field`` (case, aliases, ``2015-2018`` → ``2015–2018``).

        Raises:
            BadFilter: an unknown field or value; the message lists the valid values.
        """
        if field not in FIELDS:
            raise _bad(field, "filter", list(FIELDS), lang)
        valid = self._valid(field)
        key = _fold(value)
        if field == "period":
            key = re.sub(r"\s*[-–—]\s*", "–", key)
        if field == "kind":
            key = _KIND_ALIASES.get(key, key)
        if field == "actor":
            key = _fold(_ACTOR_ALIASES.get(key, key))
        for v in valid:
            if _fold(v) == key or field == "kind" and _fold(KIND_LABELS["da"][v]) == key:
                return v
        raise _bad(value, field, valid, lang)

    # ------------------------------------------------------------ query

    def query(self, **filters: Unpack[RegisterFilters]) -> list[Commitment]:
        """Statements matching every given filter (a list means any of its values).

        ``actor`` also matches rows where the actor is one of several named
        together (``kommunen`` finds "Kommuner og region koordinerer …").
        ``text`` matches when every word occurs in the statement, section or
        title (case-insensitive).

        Raises:
            BadFilter: an unknown value; the message lists the valid ones.
        """
        return self._select(filters, limit=None, offset=0, counted=False)[0]

    def page(self, *, limit: int = PAGE_ROWS, offset: int = 0, **filters: Unpack[RegisterFilters]) -> "RegisterPage":
        """One page of what ``query`` returns (``limit`` rows from ``offset``) with the total and the
        count of each kind: what a screen shows. The page is cut in SQL (``LIMIT``/``OFFSET``) and
        counted there, so a filter that holds tens of thousands of rows reads only the page.

        Raises:
            BadFilter: an unknown value; the message lists the valid ones.
        """
        offset = max(0, int(offset))
        rows, kinds = self._select(filters, limit=limit, offset=offset, counted=True)
        return RegisterPage(rows=rows, total=sum(kinds.values()), offset=offset, kinds=kinds)

    def _select(self, filters: RegisterFilters, *, limit: int | None, offset: int, counted: bool) -> tuple[list[Commitment], dict[str, int]]:
        """The matching rows (a page of them with ``limit``) and, when ``counted``, how many match by kind."""
        wanted, words = self._wanted(filters)
        if self._sql:
            with self._lock:
                rows, kinds = self._guarded(
                    lambda: query_page(self._reader(), wanted, words, limit=limit, offset=offset, version=self._version, counted=counted)
                )
            return self._with_facts(rows), kinds
        every = self._matching(wanted, words)
        kinds = dict(Counter(r.kind for r in every)) if counted else {}
        return (every[offset : offset + limit] if limit is not None else every[offset:]), kinds

    def _wanted(self, filters: RegisterFilters) -> tuple[dict[str, set[str]], list[str]]:
        """The checked filter values by field and the folded words of ``text``; for SQL, a status
        filter becomes the documents that have that status on the asked day."""
        unknown = set(filters) - set(RegisterFilters.__annotations__)
        if unknown:
            raise TypeError(f"unknown register filter: {', '.join(sorted(unknown))}")
        lang = filters.get("lang") or "da"
        wanted: dict[str, set[str]] = {}
        for field in FIELDS:
            vals = as_list(filters.get(field))  # type: ignore[misc]
            if vals:
                wanted[field] = {self.check(field, v, lang) for v in vals}
        words = [_fold(w) for w in (filters.get("text") or "").split() if w.strip()]
        if self._sql and "status" in wanted and self._facts:  # status is the document's on the asked day: a filter on documents
            statuses = wanted.pop("status")
            wanted["doc"] = {d for d, f in self._facts.items() if f.get("status") in statuses}
        return wanted, words

    def _matching(self, wanted: Mapping[str, set[str]], words: Sequence[str]) -> list[Commitment]:
        """``query`` on a register read into memory (one written before its SQL search tables)."""
        out = []
        for r in self._load():
            if "actor" in wanted and not ({r.actor, *r.actors} & wanted["actor"]):
                continue
            if any(f != "actor" and getattr(r, f) not in vals for f, vals in wanted.items()):
                continue
            if words:
                hay = _fold(f"{r.statement} {r.section or ''} {r.title}")
                if not all(w in hay for w in words):
                    continue
            out.append(r)
        return out

    def compare(self, topic: str, a: str, b: str, by: str = "region", lang: str = "da") -> tuple[list[Commitment], list[Commitment]]:
        """The statements on one topic for two regions or two periods, side by side.

        Args:
            topic: a topic (``forebyggelse``, ``akut`` …).
            a: the first region or period.
            b: the second region or period.
            by: ``region`` or ``period``.

        Raises:
            BadFilter: an unknown topic, ``by`` or value.
        """
        if by not in ("region", "period"):
            raise _bad(by, "by", ["region", "period"], lang)
        return self.query(topic=topic, lang=lang, **{by: a}), self.query(topic=topic, lang=lang, **{by: b})

    def actor_for(self, question_terms: str | Iterable[str], limit: int = 5) -> list[Commitment]:
        """Statements that say who is responsible for what a *hvem* question asks about.

        Args:
            question_terms: the question, or its content words.
            limit: at most this many rows.

        Returns:
            The best rows, most relevant first (responsibilities before
            commitments on ties); empty when nothing shares the question's terms.
        """
        if isinstance(question_terms, str):
            question_terms = re.findall(r"[\wæøåÆØÅ-]+", question_terms)
        terms = [_fold(t) for t in question_terms if len(t) > 2 and _fold(t) not in _STOPWORDS]
        if not terms:
            return []
        scored = []
        for r in self._load():
            words = re.findall(r"[\wæøå-]+", _fold(r.statement))
            head = _fold(f"{r.section or ''} {r.topic}")
            score = 0.0
            for t in terms:
                stem = t[: max(4, len(t) - 2)]
                if any(w.startswith(stem) or (len(w) > 5 and w in t) for w in words):
                    score += 2
                elif stem in head:
                    score += 0.5
            if score == 0:
                continue
            score += {"responsibility": 0.5, "deadline": 0.2}.get(r.kind, 0)
            scored.append((score, r))
        if not scored:
            return []
        best = max(s for s, _ in scored)
        need = max(2.0, best * 0.6)
        scored = [(s, r) for s, r in scored if s >= need]
        scored.sort(key=lambda x: (-x[0], x[1].doc, x[1].start))
        return [r for _, r in scored[:limit]]

    # ------------------------------------------------------------ source passage

    def passage(self, row: Commitment, context: int = 350) -> tuple[str, str, str]:
        """(text before, the statement, text after) from the cleaned document, for showing a row in its passage.

        Falls back to ``("", statement, "")`` when the generation has no
        ``documents.jsonl`` next to the register.
        """
        text = self._document_text(row.doc)
        if not text or row.end > len(text):
            return "", row.statement, ""
        start = max(0, row.start - context)
        end = min(len(text), row.end + context)
        cut_start = text.rfind("\n", start, row.start)
        start = cut_start + 1 if cut_start >= 0 else start
        cut_end = text.find("\n", row.end, end)
        end = cut_end if cut_end >= 0 else end
        return text[start : row.start], text[row.start : row.end], text[row.end : end]

    def _document_text(self, doc: str) -> str | None:
        if self._documents is None:
            self._documents = {}
            path = self.db_path.parent / "documents.jsonl"
            if path.exists():
                with open(path, encoding="utf-8") as fh:
                    for line in fh:
                        if line.strip():
                            d = json.loads(line)
                            self._documents[d["file"]] = d.get("text", "")
        return self._documents.get(doc)

    # ------------------------------------------------------------ brief and exports

    def brief_markdown(self, rows: Sequence[Commitment], lang: str = "da", filters: Mapping[str, Any] | None = None) -> str:
        """A printable meeting brief (markdown), grouped by topic, each statement with its citation."""
        return brief_markdown(rows, lang, filters)

    def export(self, rows: Sequence[Commitment], fmt: str = "table", lang: str = "da") -> str:
        """``rows`` as ``table``, ``md`` (the brief), ``csv`` or ``json`` text."""
        return export(rows, fmt, lang)


# ---------------------------------------------------------------- rendering


# ---------------------------------------------------------------- helpers


def with_facts(row: Commitment, facts: Mapping[str, Any] | None) -> Commitment:
    """``row`` with its document's kind, binding and status (and period when the row has none)."""
    if not facts:
        return row
    period = row.period or (facts.get("period") or "").replace("-", "–") or None
    return replace(row, kind_of_doc=facts.get("kind") or row.kind_of_doc, binding=facts.get("binding"), status=facts.get("status"), period=period)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", str(text)).strip().lower()


def _bad(value: str, field: str, valid: Sequence[str], lang: str = "da") -> BadFilter:
    options = ", ".join(valid) or "(ingen)"
    return BadFilter(
        msg("unknown_filter", "da", value=value, field=FIELD_LABELS["da"].get(field, field), valid=options),
        msg("unknown_filter", "en", value=value, field=FIELD_LABELS["en"].get(field, field), valid=options),
    )
