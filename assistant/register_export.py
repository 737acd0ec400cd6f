"""The register's rows rendered: meeting brief (markdown, HTML), tables, CSV, JSON, and export files.

Labels are Danish first; statements stay as the documents wrote them (a table row read by its header: its cells after
the header words, its marks left to the actor and due beside it).
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
from ingest.table_columns import row_reading, without_header

EXPORT_FORMATS = ("table", "md", "csv", "json")

FIELD_LABELS = {
    "da": {"actor": "aktør", "topic": "emne", "kind": "type", "region": "region", "period": "periode", "by": "sammenlign efter", "status": "status"},
    "en": {"actor": "actor", "topic": "topic", "kind": "kind", "region": "region", "period": "period", "by": "compare by", "status": "status"},
}
# The brief's parts, in the order a meeting needs them: what binds today first, proposals apart.
STANDING = ("in_force", "future", "expired", "proposal", "unknown")
STANDING_LABELS = {
    "da": {"in_force": "gældende", "future": "fremtidige", "expired": "udløbne", "proposal": "fra forslag (ikke bindende)", "unknown": "ukendt status"},
    "en": {"in_force": "in force", "future": "future", "expired": "expired", "proposal": "from proposals (not binding)", "unknown": "status unknown"},
}
STANDING_HEADINGS = {
    "da": {
        "in_force": "Gældende forpligtelser",
        "future": "Fremtidige forpligtelser (perioden er ikke begyndt)",
        "expired": "Udløbne forpligtelser (perioden er slut)",
        "proposal": "Forslag – ikke bindende (udspil, oplæg, forslag, udkast)",
        "unknown": "Ukendt status (dokumentet nævner ingen periode)",
    },
    "en": {
        "in_force": "Commitments in force",
        "future": "Future commitments (the period has not begun)",
        "expired": "Expired commitments (the period is over)",
        "proposal": "Proposals – not binding (proposals, drafts)",
        "unknown": "Status unknown (the document states no period)",
    },
}
NONE_IN_FORCE = {
    "da": "Ingen af udsagnene er fra et bindende dokument, der gælder i dag.",
    "en": "None of the statements is from a binding document in force today.",
}
KIND_LABELS = {
    "da": {"responsibility": "ansvar", "commitment": "forpligtelse/mål", "deadline": "frist"},
    "en": {"responsibility": "responsibility", "commitment": "commitment/goal", "deadline": "deadline"},
}
EMPTY_RESULT = {"da": "Ingen forpligtelser matcher filtrene.", "en": "No commitments match the filters."}


class ExportError(AftaleError):
    """An export file cannot be written."""

    exit_code = 1


def status_label(row: Commitment, lang: str = "da") -> str:
    """``udløbet``, ``gældende`` …, with ``forslag`` for a document that does not bind; ``–`` when unknown."""
    if row.binding is False:
        return "forslag" if lang != "en" else "proposal"
    return row.status or "–"


def kind_label(kind: str, lang: str = "da") -> str:
    return KIND_LABELS.get(lang, KIND_LABELS["da"]).get(kind, kind)


def standing(row: Commitment) -> str:
    """Which part of the brief a row belongs to: a proposal (not binding) whatever its period, else its status."""
    if row.binding is False:
        return "proposal"
    return {"gældende": "in_force", "fremtidig": "future", "udløbet": "expired"}.get(row.status or "", "unknown")


def standing_counts(rows: Sequence[Commitment]) -> dict[str, int]:
    """Rows per part of the brief, in ``STANDING`` order."""
    n = Counter(standing(r) for r in rows)
    return {k: n.get(k, 0) for k in STANDING}


def brief_title(rows: Sequence[Commitment], lang: str = "da") -> str:
    """``Mødebrief: forpligtelser og ansvar – 0 gældende · 120 udløbne · 45 fra forslag (ikke bindende)``.

    Without document facts on the rows (an old register) the title stays plain.
    """
    da = lang != "en"
    title = "Mødebrief: forpligtelser og ansvar" if da else "Meeting brief: commitments and responsibilities"
    if not rows or all(r.status is None and r.binding is None for r in rows):
        return title
    counts = standing_counts(rows)
    labels = STANDING_LABELS["da" if da else "en"]
    parts = [f"{counts[k]} {labels[k]}" for k in STANDING if counts[k] or k == "in_force"]
    return f"{title} – {' · '.join(parts)}"


def _parts(rows: Sequence[Commitment]) -> list[tuple[str | None, list[Commitment]]]:
    """(part, rows) in ``STANDING`` order; one untitled part when the rows carry no document facts."""
    if all(r.status is None and r.binding is None for r in rows):
        return [(None, list(rows))]
    groups: dict[str, list[Commitment]] = defaultdict(list)
    for r in rows:
        groups[standing(r)].append(r)
    return [(k, groups[k]) for k in STANDING if groups[k] or k == "in_force"]


def _by_topic(rows: Sequence[Commitment]) -> list[tuple[str, list[Commitment]]]:
    groups: dict[str, list[Commitment]] = defaultdict(list)
    for r in rows:
        groups[r.topic].append(r)
    return [(t, groups[t]) for t in [t for t in TOPIC_NAMES if t in groups] + sorted(set(groups) - set(TOPIC_NAMES))]


def citation(row: Commitment, lang: str = "da") -> str:
    """``Title › section, linje 12–14`` (or ``side 4``)."""
    section = without_header(row.section)  # a table row is cited by the section the table stands in
    head = row.title if not section else f"{row.title} › {section}"
    return f"{head}, {row.location(lang)}"


def read_statement(row: Commitment) -> str:
    """The statement as the brief and the tables show it: a table row read by its header, its marks left to the
    actor and due beside it (``ingest.table_columns.row_reading``); a sentence as the document wrote it."""
    return row_reading(row.statement, row.section)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


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
    """A meeting brief: a heading that counts what is in force, expired and proposed, the filters,
    then one part per standing (in force, future, expired, proposals) with a section per topic.

    Args:
        rows: the statements to include (e.g. a query's result).
        lang: ``da`` or ``en`` (labels only; statements stay Danish).
        filters: the filters used, shown under the heading.
    """
    da = lang != "en"
    key = "da" if da else "en"
    lines = [f"# {md_escape(brief_title(rows, lang))}", "", f"*{len(rows)} {'udsagn' if da else 'statements'} · {date.today().isoformat()}*"]
    shown = {k: v for k, v in (filters or {}).items() if v not in (None, "", [], ())}
    if shown:
        labels = FIELD_LABELS[key]
        parts = [f"{labels.get(k, 'søgning' if da and k == 'text' else k)}: {', '.join(as_list(v))}" for k, v in shown.items()]
        lines.append(f"*{'Filtre' if da else 'Filters'}: {md_escape('; '.join(parts))}*")
    if not rows:
        lines += ["", EMPTY_RESULT[key]]
        return "\n".join(lines) + "\n"
    for part, part_rows in _parts(rows):
        level = "##"
        if part is not None:
            lines += ["", f"## {STANDING_HEADINGS[key][part]} ({len(part_rows)})"]
            level = "###"
            if not part_rows:
                lines += ["", f"*{NONE_IN_FORCE[key]}*"]
        for topic, items in _by_topic(part_rows):
            lines += ["", f"{level} {md_escape(topic[:1].upper() + topic[1:])} ({len(items)})", ""]
            for r in items:
                meta = [kind_label(r.kind, lang)]
                if r.due:
                    meta.append(f"{'hvornår' if da else 'when'}: {r.due}")
                if r.situation:
                    meta.append(f"situation: {r.situation}")
                lines.append(f"- **{md_escape(r.actor)}** ({md_escape(', '.join(meta))}): {md_escape(read_statement(r))}  ")
                lines.append(f"  *{'Kilde' if da else 'Source'}: {md_escape(source_line(r, lang))}*")
    return "\n".join(lines) + "\n"


def source_line(row: Commitment, lang: str = "da") -> str:
    """The citation with the document's period and status: ``Title › section, side 4 (2015–2018, udløbet)``."""
    extra = [x for x in (row.period, row.status) if x]
    if row.binding is False:
        extra.append("ikke bindende" if lang != "en" else "not binding")
    return citation(row, lang) + (f" ({', '.join(extra)})" if extra else "")


def brief_html(rows: Sequence[Commitment], lang: str = "da", filters: Mapping[str, Any] | None = None) -> str:
    """The meeting brief as a standalone, print-friendly HTML page (every text escaped), parted like the markdown."""
    da = lang != "en"
    key = "da" if da else "en"
    esc = html.escape
    title = brief_title(rows, lang)
    parts = [
        "<!doctype html>",
        f'<html lang="{key}"><head><meta charset="utf-8"><title>{esc(title)}</title>',
        "<style>body{font-family:Georgia,serif;max-width:46em;margin:2em auto;line-height:1.45;color:#111}"
        "h1{font-size:1.5em}h2{font-size:1.25em;margin-top:1.8em}h3{font-size:1.1em;border-bottom:1px solid #999;margin-top:1.4em}"
        "li{margin:.5em 0}.src{color:#444;font-size:.9em;font-style:italic}.meta{color:#333}"
        "@media print{body{margin:0;max-width:none}a{color:#000}}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f"<p class=meta>{len(rows)} {'udsagn' if da else 'statements'} · {date.today().isoformat()}</p>",
    ]
    shown = {k: v for k, v in (filters or {}).items() if v not in (None, "", [], ())}
    if shown:
        labels = FIELD_LABELS[key]
        txt = "; ".join(f"{labels.get(k, k)}: {', '.join(as_list(v))}" for k, v in shown.items())
        parts.append(f"<p class=meta>{'Filtre' if da else 'Filters'}: {esc(txt)}</p>")
    if not rows:
        parts.append(f"<p>{esc(EMPTY_RESULT[key])}</p>")
    for part, part_rows in _parts(rows) if rows else []:
        level = "h2"
        if part is not None:
            parts.append(f"<h2>{esc(STANDING_HEADINGS[key][part])} ({len(part_rows)})</h2>")
            level = "h3"
            if not part_rows:
                parts.append(f"<p class=meta>{esc(NONE_IN_FORCE[key])}</p>")
        for topic, items in _by_topic(part_rows):
            parts.append(f"<{level}>{esc(topic[:1].upper() + topic[1:])} ({len(items)})</{level}><ul>")
            for r in items:
                meta = [kind_label(r.kind, lang)] + ([f"{'hvornår' if da else 'when'}: {r.due}"] if r.due else [])
                parts.append(
                    f"<li><b>{esc(r.actor)}</b> <span class=meta>({esc(', '.join(meta))})</span>: {esc(read_statement(r))}"
                    f"<br><span class=src>{'Kilde' if da else 'Source'}: {esc(source_line(r, lang))}</span></li>"
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
    head = ("AKTØR", "TYPE", "FRIST", "EMNE", "STATUS", "UDSAGN", "KILDE") if da else ("ACTOR", "KIND", "DUE", "TOPIC", "STATUS", "STATEMENT", "SOURCE")
    body = [
        (
            r.actor,
            kind_label(r.kind, lang),
            r.due or "–",
            r.topic,
            status_label(r, lang),
            _cut(read_statement(r), width),
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
        cells = [r.actor, kind_label(r.kind, lang), r.due or "", r.topic, read_statement(r), citation(r, lang)]
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

