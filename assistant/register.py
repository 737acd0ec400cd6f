"""The commitments register at query time: filters, meeting brief, comparison and exports.

The register is the SQLite file ``commitments.sqlite`` that the ingest
writes into each index generation (``index.register_store.build_register``).
``Register`` loads its rows (a few hundred) and filters them in memory;
``register_for(assistant)`` opens the one of the published generation.
"""

from __future__ import annotations

import csv
import errno
import html
import io
import json
import re
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from foundation.errors import (
    AftaleError,
    BadFilter,
    IndexCorrupt,
    IndexMissing,
    IndexOutdated,
)
from foundation.messages import msg
from index import generation as ix
from index.register_store import DB_NAME, read_rows
from ingest.catalog import REGIONS
from ingest.commitments.lexicon import ACTORS
from ingest.commitments.record import COLUMNS, KINDS, Commitment
from ingest.commitments.topics import TOPIC_NAMES

FIELDS = ("actor", "topic", "kind", "region", "period")
"""Fields ``query`` filters on (besides free text)."""

EXPORT_FORMATS = ("table", "md", "csv", "json")

FIELD_LABELS = {
    "da": {"actor": "aktør", "topic": "emne", "kind": "type", "region": "region", "period": "periode", "by": "sammenlign efter"},
    "en": {"actor": "actor", "topic": "topic", "kind": "kind", "region": "region", "period": "period", "by": "compare by"},
}
KIND_LABELS = {
    "da": {"responsibility": "ansvar", "commitment": "forpligtelse/mål", "deadline": "frist"},
    "en": {"responsibility": "responsibility", "commitment": "commitment/goal", "deadline": "deadline"},
}
EMPTY_RESULT = {"da": "Ingen forpligtelser matcher filtrene.", "en": "No commitments match the filters."}

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


class ExportError(AftaleError):
    """An export file cannot be written."""

    exit_code = 1


# ---------------------------------------------------------------- opening


def register_path(generation_path: Path | str) -> Path:
    """``<generation>/commitments.sqlite``."""
    return Path(generation_path) / DB_NAME


def register_path_for(assistant: Any) -> Path:
    """``<generation>/commitments.sqlite`` of the generation ``assistant.snapshot()`` serves.

    The generation is looked up with ``index.generation`` (the same ``CURRENT``
    pointer the snapshot follows), so the embedder and vectors need not be
    loaded for it.

    Raises:
        IndexMissing: nothing was ingested yet.
        IndexOutdated: the generation was built before the register existed
            ("kør aftale ingest --rebuild").
    """
    data_dir = Path(assistant.settings.data_dir)
    if not data_dir.exists():
        raise IndexMissing(
            f"Datamappen {data_dir} findes ikke. Kør først: aftale ingest",
            f"The data directory {data_dir} does not exist. First run: aftale ingest",
        )
    path = register_path(ix.require_generation(data_dir).path)
    if not path.exists():
        raise _outdated()
    return path


def register_for(assistant: Any) -> "Register":
    """The register of the assistant's published index generation (see ``register_path_for``)."""
    return Register(register_path_for(assistant))


def _outdated() -> IndexOutdated:
    return IndexOutdated(
        "Indekset har intet forpligtelsesregister (det er bygget før registret fandtes). Kør: aftale ingest --rebuild",
        "The index has no commitments register (it was built before the register existed). Run: aftale ingest --rebuild",
    )


# ---------------------------------------------------------------- the register


class Register:
    """Filter, summarise and export the statements of one register file."""

    def __init__(self, db_path: Path | str) -> None:
        self.db_path = Path(db_path)
        if not self.db_path.exists():
            raise _outdated()
        try:
            self._rows = read_rows(self.db_path)
        except sqlite3.Error as exc:
            raise IndexCorrupt(
                f"Forpligtelsesregistret er beskadiget ({exc}). Kør: aftale ingest --rebuild",
                f"The commitments register is damaged ({exc}). Run: aftale ingest --rebuild",
            ) from exc
        self._documents: dict[str, str] | None = None

    @property
    def rows(self) -> list[Commitment]:
        """Every statement, in document order."""
        return list(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    # ------------------------------------------------------------ filter values

    def values(self) -> dict[str, list[str]]:
        """Valid filter values (known vocabularies and what the register holds), for the app's filters."""
        present: dict[str, set[str]] = defaultdict(set)
        for r in self._rows:
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
        }

    def _valid(self, field: str) -> list[str]:
        vals = self.values()
        if field == "actor":
            return list(dict.fromkeys(list(ACTORS) + vals["actor"]))
        if field == "topic":
            return list(dict.fromkeys(list(TOPIC_NAMES) + vals["topic"]))
        if field == "region":
            return list(dict.fromkeys(vals["region"] + list(REGIONS)))
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

    def query(
        self,
        actor: str | Sequence[str] | None = None,
        topic: str | Sequence[str] | None = None,
        kind: str | Sequence[str] | None = None,
        region: str | Sequence[str] | None = None,
        period: str | Sequence[str] | None = None,
        text: str | None = None,
        lang: str = "da",
    ) -> list[Commitment]:
        """Statements matching every given filter (a list means any of its values).

        ``actor`` also matches rows where the actor is one of several named
        together (``kommunen`` finds "Kommuner og region koordinerer …").
        ``text`` matches when every word occurs in the statement, section or
        title (case-insensitive).

        Raises:
            BadFilter: an unknown value; the message lists the valid ones.
        """
        wanted: dict[str, set[str]] = {}
        for field, value in (("actor", actor), ("topic", topic), ("kind", kind), ("region", region), ("period", period)):
            vals = _as_list(value)
            if vals:
                wanted[field] = {self.check(field, v, lang) for v in vals}
        words = [_fold(w) for w in (text or "").split() if w.strip()]
        out = []
        for r in self._rows:
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
        for r in self._rows:
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


def kind_label(kind: str, lang: str = "da") -> str:
    return KIND_LABELS.get(lang, KIND_LABELS["da"]).get(kind, kind)


def citation(row: Commitment, lang: str = "da") -> str:
    """``Title › section, linje 12–14`` (or ``side 4``)."""
    head = row.title if not row.section else f"{row.title} › {row.section}"
    return f"{head}, {row.location(lang)}"


def passage_html(before: str, sentence: str, after: str) -> str:
    """The passage around a statement as HTML, the statement highlighted; every text is escaped."""
    return (
        f'<div class="aft-passage">{html.escape(before)}<mark>{html.escape(sentence)}</mark>'
        f"{html.escape(after)}</div>"
    )


def md_escape(text: str) -> str:
    """Escape the characters markdown would read as formatting."""
    return re.sub(r"([\\`*_{}\[\]<>#|~])", r"\\\1", text)


def brief_markdown(rows: Sequence[Commitment], lang: str = "da", filters: Mapping[str, Any] | None = None) -> str:
    """A meeting brief: a heading, the filters, then one section per topic with cited statements.

    Args:
        rows: the statements to include (e.g. a query's result).
        lang: ``da`` or ``en`` (labels only; statements stay Danish).
        filters: the filters used, shown under the heading.
    """
    da = lang != "en"
    lines = [
        "# Mødebrief: forpligtelser og ansvar" if da else "# Meeting brief: commitments and responsibilities",
        "",
        f"*{len(rows)} {'udsagn' if da else 'statements'} · {date.today().isoformat()}*",
    ]
    shown = {k: v for k, v in (filters or {}).items() if v not in (None, "", [], ())}
    if shown:
        labels = FIELD_LABELS["da" if da else "en"]
        parts = [f"{labels.get(k, 'søgning' if da and k == 'text' else k)}: {', '.join(_as_list(v))}" for k, v in shown.items()]
        lines.append(f"*{'Filtre' if da else 'Filters'}: {md_escape('; '.join(parts))}*")
    if not rows:
        lines += ["", EMPTY_RESULT["da" if da else "en"]]
        return "\n".join(lines) + "\n"
    groups: dict[str, list[Commitment]] = defaultdict(list)
    for r in rows:
        groups[r.topic].append(r)
    order = [t for t in TOPIC_NAMES if t in groups] + sorted(set(groups) - set(TOPIC_NAMES))
    for topic in order:
        items = groups[topic]
        lines += ["", f"## {md_escape(topic[:1].upper() + topic[1:])} ({len(items)})", ""]
        for r in items:
            meta = [kind_label(r.kind, lang)]
            if r.due:
                meta.append(f"{'hvornår' if da else 'when'}: {r.due}")
            if r.situation:
                meta.append(f"situation: {r.situation}")
            lines.append(f"- **{md_escape(r.actor)}** ({md_escape(', '.join(meta))}): {md_escape(r.statement)}  ")
            lines.append(f"  *{'Kilde' if da else 'Source'}: {md_escape(citation(r, lang))}*")
    return "\n".join(lines) + "\n"


def brief_html(rows: Sequence[Commitment], lang: str = "da", filters: Mapping[str, Any] | None = None) -> str:
    """The meeting brief as a standalone, print-friendly HTML page (every text escaped)."""
    da = lang != "en"
    esc = html.escape
    title = "Mødebrief: forpligtelser og ansvar" if da else "Meeting brief: commitments and responsibilities"
    parts = [
        "<!doctype html>",
        f'<html lang="{"da" if da else "en"}"><head><meta charset="utf-8"><title>{esc(title)}</title>',
        "<style>body{font-family:Georgia,serif;max-width:46em;margin:2em auto;line-height:1.45;color:#111}"
        "h1{font-size:1.5em}h2{font-size:1.15em;border-bottom:1px solid #999;margin-top:1.6em}"
        "li{margin:.5em 0}.src{color:#444;font-size:.9em;font-style:italic}.meta{color:#333}"
        "@media print{body{margin:0;max-width:none}a{color:#000}}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f"<p class=meta>{len(rows)} {'udsagn' if da else 'statements'} · {date.today().isoformat()}</p>",
    ]
    shown = {k: v for k, v in (filters or {}).items() if v not in (None, "", [], ())}
    if shown:
        labels = FIELD_LABELS["da" if da else "en"]
        txt = "; ".join(f"{labels.get(k, k)}: {', '.join(_as_list(v))}" for k, v in shown.items())
        parts.append(f"<p class=meta>{'Filtre' if da else 'Filters'}: {esc(txt)}</p>")
    if not rows:
        parts.append(f"<p>{esc(EMPTY_RESULT['da' if da else 'en'])}</p>")
    groups: dict[str, list[Commitment]] = defaultdict(list)
    for r in rows:
        groups[r.topic].append(r)
    for topic in [t for t in TOPIC_NAMES if t in groups] + sorted(set(groups) - set(TOPIC_NAMES)):
        parts.append(f"<h2>{esc(topic[:1].upper() + topic[1:])} ({len(groups[topic])})</h2><ul>")
        for r in groups[topic]:
            meta = [kind_label(r.kind, lang)] + ([f"{'hvornår' if da else 'when'}: {r.due}"] if r.due else [])
            parts.append(
                f"<li><b>{esc(r.actor)}</b> <span class=meta>({esc(', '.join(meta))})</span>: {esc(r.statement)}"
                f"<br><span class=src>{'Kilde' if da else 'Source'}: {esc(citation(r, lang))}</span></li>"
            )
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


def to_json(rows: Sequence[Commitment]) -> str:
    """A JSON list of objects with every field of the register."""
    return json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=1)


def to_csv(rows: Sequence[Commitment]) -> str:
    """CSV with a header of the register's fields (``actors`` joined by ``; ``)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for r in rows:
        d = r.to_dict()
        writer.writerow(["; ".join(d["actors"]) if c == "actors" else ("" if d[c] is None else d[c]) for c in COLUMNS])
    return buf.getvalue()


def to_table(rows: Sequence[Commitment], lang: str = "da", width: int = 72) -> str:
    """A plain-text table for a terminal: actor, kind, due, topic, statement (cut to ``width``) and source."""
    da = lang != "en"
    head = ("AKTØR", "TYPE", "FRIST", "EMNE", "UDSAGN", "KILDE") if da else ("ACTOR", "KIND", "DUE", "TOPIC", "STATEMENT", "SOURCE")
    body = [
        (
            r.actor,
            kind_label(r.kind, lang),
            r.due or "–",
            r.topic,
            r.statement if len(r.statement) <= width else r.statement[: width - 1].rstrip() + "…",
            f"{r.title}, {r.location(lang)}",
        )
        for r in rows
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths[:-1]) + "  {}"
    return "\n".join(fmt.format(*line).rstrip() for line in [head, *body]) + "\n"


def to_markdown_table(rows: Sequence[Commitment], lang: str = "da") -> str:
    """A markdown table with one row per statement and its citation."""
    da = lang != "en"
    head = ["Aktør", "Type", "Frist", "Emne", "Udsagn", "Kilde"] if da else ["Actor", "Kind", "Due", "Topic", "Statement", "Source"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r.actor, kind_label(r.kind, lang), r.due or "", r.topic, r.statement, citation(r, lang)]
        lines.append("| " + " | ".join(md_escape(c).replace("\n", " ") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def export(rows: Sequence[Commitment], fmt: str = "table", lang: str = "da", filters: Mapping[str, Any] | None = None) -> str:
    """``rows`` rendered as ``table``, ``md`` (the meeting brief), ``csv`` or ``json``."""
    if fmt == "json":
        return to_json(rows) + "\n"
    if fmt == "csv":
        return to_csv(rows)
    if fmt == "md":
        return brief_markdown(rows, lang, filters)
    if fmt == "table":
        return to_table(rows, lang)
    raise BadFilter(
        msg("unknown_filter", "da", value=fmt, field="format", valid=", ".join(EXPORT_FORMATS)),
        msg("unknown_filter", "en", value=fmt, field="format", valid=", ".join(EXPORT_FORMATS)),
    )


def write_export(text: str, path: Path | str) -> Path:
    """Write an export to ``path``.

    Raises:
        ExportError: the path cannot be written (a one-line Danish message with the reason).
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "is a directory", str(path))
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        reasons = {
            errno.ENOENT: ("mappen findes ikke", "the folder does not exist"),
            errno.EACCES: ("ingen skriveadgang", "permission denied"),
            errno.EPERM: ("ingen skriveadgang", "permission denied"),
            errno.EISDIR: ("det er en mappe", "it is a folder"),
            errno.EROFS: ("filsystemet er skrivebeskyttet", "read-only file system"),
            errno.ENOSPC: ("disken er fuld", "no space left on device"),
        }
        da_reason, en_reason = reasons.get(exc.errno, (exc.strerror or type(exc).__name__,) * 2)
        raise ExportError(
            f"Kan ikke skrive til {path}: {da_reason}. Vælg en anden fil eller mappe.",
            f"Cannot write to {path}: {en_reason}. Choose another file or folder.",
        ) from exc
    return path


def counts(rows: Sequence[Commitment]) -> dict[str, dict[str, int]]:
    """Rows per actor and per kind."""
    return {
        "actor": dict(Counter(r.actor for r in rows).most_common()),
        "kind": dict(Counter(r.kind for r in rows).most_common()),
    }


# ---------------------------------------------------------------- helpers


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", str(text)).strip().lower()


def _as_list(value: Any) -> list[str]:
    if value in (None, "", [], ()):
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if str(v).strip()]


def _bad(value: str, field: str, valid: Sequence[str], lang: str = "da") -> BadFilter:
    options = ", ".join(valid) or "(ingen)"
    return BadFilter(
        msg("unknown_filter", "da", value=value, field=FIELD_LABELS["da"].get(field, field), valid=options),
        msg("unknown_filter", "en", value=value, field=FIELD_LABELS["en"].get(field, field), valid=options),
    )
