"""The comparison view: what changed about a topic between two periods, two columns side by side with marks.

Drawn under the answer to a "what changed" question (and on the
comparison page): per sub-topic a table whose left column is the earlier
period and the right the later, each row marked *ny* (only in the later),
*fastholdt* (in both, the most similar sentences paired) or *udgået*
(only in the earlier). Above it, each period's documents with their kind
and status, so a proposal is not read as a commitment. Every text is escaped.
"""

from __future__ import annotations

from typing import Any

from assistant.compare_text import MARK_LABELS, MARK_LEGEND
from interfaces.web.markup import esc

COMPARE_CSS = """
<style>
.aft-cmp{margin:.5rem 0 .3rem 0}
.aft-cmp-docs{font-size:.85rem;color:#374151;margin:.2rem 0 .5rem 0;line-height:1.5}
.aft-cmp-legend{font-size:.8rem;color:#6b7280;margin:0 0 .4rem 0}
.aft-cmp h4{font-size:.98rem;margin:.8rem 0 .3rem 0;color:#111827}
table.aft-cmp-t{width:100%;table-layout:fixed;border-collapse:separate;border-spacing:0 .3rem;font-size:.9rem;line-height:1.45}
table.aft-cmp-t th{text-align:left;font-weight:600;color:#374151;padding:0 .5rem;font-size:.85rem}
table.aft-cmp-t td{vertical-align:top;padding:.4rem .55rem;border-radius:5px;background:#f9fafb;overflow-wrap:anywhere}
table.aft-cmp-t td.aft-cmp-empty{background:transparent;color:#9ca3af;text-align:center}
tr.aft-cmp-new td.aft-cmp-to{background:#ecfdf5;border-left:3px solid #16a34a}
tr.aft-cmp-gone td.aft-cmp-from{background:#fef2f2;border-left:3px solid #dc2626}
tr.aft-cmp-kept td.aft-cmp-from, tr.aft-cmp-kept td.aft-cmp-to{border-left:3px solid #6b7280}
.aft-mark{display:inline-block;font-size:.75em;font-weight:700;border-radius:999px;padding:0 .5em;margin-right:.35em;text-transform:uppercase;letter-spacing:.02em}
.aft-mark-new{background:#16a34a;color:#fff}
.aft-mark-gone{background:#dc2626;color:#fff}
.aft-mark-kept{background:#6b7280;color:#fff}
.aft-cmp-src{display:block;color:#6b7280;font-size:.8rem;margin-top:.15rem}
</style>
"""

_WORDS = {
    "da": {"binding": "ikke bindende", "page": "side", "none": "Ingen sætninger om emnet i begge perioder."},
    "en": {"binding": "not binding", "page": "page", "none": "No sentences on the topic in both periods."},
}


def _docs(side: dict[str, Any], lang: str) -> str:
    items = []
    for d in side["documents"]:
        extra = [x for x in (d.get("kind"), d.get("status")) if x]
        if d.get("binding") is False:
            extra.append(_WORDS[lang]["binding"])
        items.append(f"{esc(d.get('title') or d['doc'])}" + (f" ({esc(', '.join(extra))})" if extra else ""))
    return f"<b>{esc(side['period'])}</b>: " + ("; ".join(items) or "–")


def _cell(sentence: dict[str, Any] | None, side: str, mark: str, lang: str) -> str:
    if sentence is None:
        return f'<td class="aft-cmp-{side} aft-cmp-empty">–</td>'
    show_mark = mark == "kept" or (mark == "new") == (side == "to")
    badge = f'<span class="aft-mark aft-mark-{mark}">{esc(MARK_LABELS[lang][mark])}</span>' if show_mark else ""
    where = f"{_WORDS[lang]['page']} {sentence['page']}" if sentence.get("page") else (sentence.get("section") or "")
    src = ", ".join(x for x in (sentence.get("title") or sentence["doc"], where) if x)
    text = " ".join(str(sentence["text"]).split())
    return f'<td class="aft-cmp-{side}">{badge}{esc(text)}<span class="aft-cmp-src">{esc(src)}</span></td>'


def comparison_html(result: dict[str, Any]) -> str:
    """The comparison as HTML: the documents of each period, then one two-column table per sub-topic."""
    lang = "en" if result.get("lang") == "en" else "da"
    parts = [COMPARE_CSS, '<div class="aft-cmp">']
    parts.append(f'<div class="aft-cmp-docs">{_docs(result["from"], lang)}<br>{_docs(result["to"], lang)}</div>')
    parts.append(f'<div class="aft-cmp-legend">{esc(MARK_LEGEND[lang])}</div>')
    if not result["topics"]:
        parts.append(f"<p>{esc(_WORDS[lang]['none'])}</p>")
    for topic in result["topics"]:
        parts.append(f"<h4>{esc(topic['label'])}</h4>")
        parts.append(
            '<table class="aft-cmp-t"><colgroup><col><col></colgroup><thead><tr>'
            f"<th>{esc(result['from']['period'])}</th><th>{esc(result['to']['period'])}</th></tr></thead><tbody>"
        )
        for row in topic["rows"]:
            mark = row["mark"]
            parts.append(
                f'<tr class="aft-cmp-{mark}">{_cell(row["from"], "from", mark, lang)}{_cell(row["to"], "to", mark, lang)}</tr>'
            )
        parts.append("</tbody></table>")
    parts.append("</div>")
    return "".join(parts)
