"""``aftale compare``: what changed about a topic from one period to another, on the command line.

Wire it into the main app with ``register(app)``. Prints, per sub-topic, the
sentences of the earlier and the later period side by side with their mark
(ny / fastholdt / udgået), or the comparison as JSON with ``--json``.

Exit codes: 0 (also when nothing on the topic was found, which it says),
2 (a period without a year, overlapping periods), 3 (no index).
"""

from __future__ import annotations

import json
import textwrap
from typing import Any, Optional

import typer

from assistant.api import Assistant, language_of
from assistant.compare_text import MARK_LABELS
from foundation.errors import AftaleError
from interfaces.cli.common import fail as _fail
from interfaces.cli.common import load_settings as _settings

COLUMN = 52  # characters per column in the terminal


def _lines(sentence: dict[str, Any] | None, lang: str) -> list[str]:
    if sentence is None:
        return ["–"]
    where = f"{'s.' if lang == 'da' else 'p.'} {sentence['page']}" if sentence.get("page") else (sentence.get("section") or "")
    text = " ".join(sentence["text"].split()) + f" [{sentence['title']}{', ' + where if where else ''}]"
    return textwrap.wrap(text, COLUMN) or ["–"]


def render(result: dict[str, Any]) -> str:
    """The comparison as plain text: a header per sub-topic, then two columns per row."""
    lang = "en" if result["lang"] == "en" else "da"
    out = [result["summary"], ""]
    for side in ("from", "to"):
        titles = "; ".join(f"{d['title']} ({d.get('status') or '?'})" for d in result[side]["documents"]) or "–"
        out.append(f"  {result[side]['period']}: {titles}")
    for topic in result["topics"]:
        out += ["", f"== {topic['label']} =="]
        out.append(f"{'':11}{result['from']['period']:<{COLUMN}}  {result['to']['period']}")
        for row in topic["rows"]:
            left, right = _lines(row["from"], lang), _lines(row["to"], lang)
            mark = MARK_LABELS[lang][row["mark"]]
            for i in range(max(len(left), len(right))):
                lhs = left[i] if i < len(left) else ""
                rhs = right[i] if i < len(right) else ""
                out.append(f"{(mark if i == 0 else ''):<11}{lhs:<{COLUMN}}  {rhs}".rstrip())
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def register(app: typer.Typer) -> None:
    """Add the ``compare`` command to ``app``."""

    @app.command("compare")
    def compare(
        topic: str = typer.Argument(..., help="Emne, fx genoptræning."),
        period_from: str = typer.Option(..., "--from", help="Den tidligere periode, fx 2015-2018 (eller et år)."),
        period_to: str = typer.Option(..., "--to", help="Den senere periode, fx 2019-2023 (eller et år)."),
        region: Optional[str] = typer.Option(None, "--region", help="Kun denne region, fx Midtjylland."),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Hvad er ændret om et emne fra én periode til en anden: nyt, fastholdt og udgået side om side."""
        try:
            result = Assistant(_settings()).compare(topic, period_from, period_to, region)
        except AftaleError as exc:
            _fail(exc, language_of(topic or ""))
            return
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False, indent=1))
            return
        typer.echo(render(result), nl=False)
