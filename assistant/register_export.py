"""The register's rows rendered: meeting brief (markdown, HTML), tables, CSV, JSON, and export files.

Labels are Danish first; statements stay as the documents wrote them.
Every text that goes into HTML or markdown is escaped.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from foundation.errors import STORAGE_REASONS, AftaleError, BadFilter
from foundation.messages import msg
from ingest.commitments.record import COLUMNS, Commitment
from ingest.commitments.topics import TOPIC_NAMES

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


class ExportError(AftaleError):
    """An export file cannot be written."""

    exit_code = 1


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
        parts = [f"{labels.get(k, 'søgning' if da and k == 'text' else k)}: {', '.join(as_list(v))}" for k, v in shown.items()]
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
        txt = "; ".join(f"{labels.get(k, k)}: {', '.join(as_list(v))}" for k, v in shown.items())
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
        da_reason, en_reason = STORAGE_REASONS.get(exc.errno, (exc.strerror or type(exc).__name__,) * 2)
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


def as_list(value: Any) -> list[str]:
    """A filter value as a list of strings (one value, several, or none)."""
    if value in (None, "", [], ()):
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if str(v).strip()]

