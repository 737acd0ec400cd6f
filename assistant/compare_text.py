"""The comparison's text: its one-line summary and its markdown (tables side by side), from the comparison dict.

Kept apart from ``assistant.compare`` so that ``Answer.to_markdown`` can
render a comparison without importing the retrieval.
"""

from __future__ import annotations

import re
from typing import Any

MARKS = ("new", "kept", "gone")
MARK_LABELS = {
    "da": {"new": "ny", "kept": "fastholdt", "gone": "udgået"},
    "en": {"new": "new", "kept": "kept", "gone": "gone"},
}
MARK_LEGEND = {
    "da": "ny: kun i den senere periode · fastholdt: i begge, de mest ens sætninger parret · udgået: kun i den tidligere (nævnes ikke i den senere)",
    "en": "new: only in the later period · kept: in both, the most similar sentences paired · gone: only in the earlier (not mentioned in the later)",
}

_SUMMARY = {
    "da": "Sammenligning af {topic}, {a} → {b}: {new} nye, {kept} fastholdt og {gone} udgået (sætninger side om side nedenfor).",
    "en": "Comparison of {topic}, {a} → {b}: {new} new, {kept} kept and {gone} gone (sentences side by side below; quoted in Danish).",
}
_NO_SIDE = {
    "da": "Indekset har ingen dokumenter fra {period} at sammenligne med.",
    "en": "The index holds no documents from {period} to compare with.",
}


def summary(result: dict[str, Any]) -> str:
    """One line that says what the comparison holds, or which period has no documents."""
    lang = "en" if result["lang"] == "en" else "da"
    for side in ("from", "to"):
        if not result[side]["documents"]:
            return _NO_SIDE[lang].format(period=result[side]["period"])
    c = result["counts"]
    return _SUMMARY[lang].format(topic=result["topic"], a=result["from"]["period"], b=result["to"]["period"], **c)


def to_markdown(result: dict[str, Any]) -> str:
    """The comparison as markdown: one table per sub-topic, the earlier period left, the later right."""
    lang = "en" if result["lang"] == "en" else "da"
    labels = MARK_LABELS[lang]
    out = [f"**{result['summary']}**", ""]
    for side in ("from", "to"):
        docs = "; ".join(_doc_label(d, lang) for d in result[side]["documents"]) or "–"
        out.append(f"- {result[side]['period']}: {docs}")
    out += ["", f"*{MARK_LEGEND[lang]}*"]
    for t in result["topics"]:
        out += ["", f"### {t['label']}", "", f"| | {result['from']['period']} | {result['to']['period']} |", "|---|---|---|"]
        for row in t["rows"]:
            cells = [_cell(row[s], lang) for s in ("from", "to")]
            out.append(f"| {labels[row['mark']]} | {cells[0]} | {cells[1]} |")
    return "\n".join(out) + "\n"


def _doc_label(d: dict[str, Any], lang: str) -> str:
    extra = [x for x in (d.get("kind"), d.get("status")) if x]
    if d.get("binding") is False:
        extra.append("ikke bindende" if lang == "da" else "not binding")
    return f"{d.get('title') or d['doc']} ({', '.join(extra)})" if extra else str(d.get("title") or d["doc"])


def _cell(s: dict[str, Any] | None, lang: str) -> str:
    if s is None:
        return "–"
    where = f"{'s.' if lang == 'da' else 'p.'} {s['page']}" if s.get("page") else (s.get("section") or "")
    text = re.sub(r"([\\`*_{}\[\]<>#|~])", r"\\\1", " ".join(s["text"].split()))
    return f"{text} *({s['title']}{', ' + where if where else ''})*"
