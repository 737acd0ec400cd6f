"""The commitments register as a table a politician reads: the statement widest and wrapped, the facts beside it.

An HTML table (not a canvas grid) so long statements wrap instead of being
cut off at the right edge: statement, actor, when, period and the source
document's status. A column that is empty for every shown row is left out,
so it takes no room. Every text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.register_export import read_statement, status_label
from ingest.commitments.record import Commitment
from interfaces.web.markup import esc

TABLE_CSS = """
<style>
.aft-reg-wrap{max-height:72vh;overflow-y:auto;border:1px solid #e5e7eb;border-radius:6px}
table.aft-reg{width:100%;table-layout:fixed;border-collapse:collapse;font-size:.92rem;line-height:1.45}
table.aft-reg th{position:sticky;top:0;background:#f3f4f6;text-align:left;font-weight:600;padding:.45rem .55rem;border-bottom:1px solid #d1d5db;z-index:1}
table.aft-reg td{vertical-align:top;padding:.45rem .55rem;border-bottom:1px solid #eef0f3;white-space:normal;overflow-wrap:anywhere;word-break:normal}
table.aft-reg td.aft-reg-n{color:#6b7280;font-variant-numeric:tabular-nums}
table.aft-reg col.aft-reg-n{width:2.8em}
table.aft-reg col.aft-reg-statement{width:auto}
table.aft-reg col.aft-reg-actor{width:11%}
table.aft-reg col.aft-reg-due{width:12%}
table.aft-reg col.aft-reg-period{width:5.9em}
table.aft-reg col.aft-reg-status{width:6.9em}
.aft-badge{display:inline-block;border-radius:999px;padding:.05em .55em;font-size:.82em;font-weight:600;white-space:nowrap}
.aft-badge-gældende{background:#dcfce7;color:#166534}
.aft-badge-udløbet{background:#e5e7eb;color:#374151}
.aft-badge-fremtidig{background:#dbeafe;color:#1e40af}
.aft-badge-forslag{background:#ffedd5;color:#9a3412}
.aft-badge-ukendt{background:#f3f4f6;color:#6b7280}
</style>
"""

# (key, Danish header, the cell's text of a row)
COLUMNS: tuple[tuple[str, str, Callable[[Commitment], str]], ...] = (
    ("statement", "Udsagn", read_statement),
    ("actor", "Aktør", lambda r: r.actor),
    ("due", "Hvornår", lambda r: r.due or ""),
    ("period", "Periode", lambda r: r.period or ""),
    ("status", "Status", lambda r: "" if r.status is None and r.binding is None else status_label(r)),
)


def shown_columns(rows: Sequence[Commitment]) -> list[tuple[str, str, Callable[[Commitment], str]]]:
    """The columns with a value in at least one row (the statement always)."""
    return [c for c in COLUMNS if c[0] == "statement" or any(c[2](r) for r in rows)]


def _cell(key: str, value: str) -> str:
    if key == "status" and value:
        word = value if value in ("gældende", "udløbet", "fremtidig", "forslag") else "ukendt"
        return f'<span class="aft-badge aft-badge-{word}">{esc(value)}</span>'
    return esc(value)


def table_html(rows: Sequence[Commitment]) -> str:
    """The rows as a numbered, wrapped HTML table inside a scrolling box (header stays in view)."""
    cols = shown_columns(rows)
    parts = [TABLE_CSS, '<div class="aft-reg-wrap"><table class="aft-reg"><colgroup><col class="aft-reg-n">']
    parts += [f'<col class="aft-reg-{key}">' for key, _, _ in cols]
    parts.append('</colgroup><thead><tr><th>#</th>' + "".join(f"<th>{esc(head)}</th>" for _, head, _ in cols) + "</tr></thead><tbody>")
    for i, r in enumerate(rows, 1):
        cells = "".join(f'<td class="aft-reg-{key}">{_cell(key, get(r))}</td>' for key, _, get in cols)
        parts.append(f'<tr><td class="aft-reg-n">{i}</td>{cells}</tr>')
    parts.append("</tbody></table></div>")
    return "".join(parts)
