"""The optional LLM pass: a chat model confirms or corrects each row's actor and kind."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ingest.commitments.lexicon import ACTORS
from ingest.commitments.record import KINDS, Commitment, commitment_id


LLM_PROMPT = """Du kontrollerer et register over forpligtelser i danske sundhedsaftaler.
Sætning: "{statement}"
Afsnit: {section}
Foreslået aktør: {actor}; foreslået type: {kind}.
Gyldige aktører: {actors}. Gyldige typer: responsibility, commitment, deadline.
Svar KUN med JSON: {{"keep": true/false, "actor": "...", "kind": "..."}}.
"keep" er false, hvis sætningen ikke udtrykker et ansvar, en forpligtelse, et mål eller en frist."""


def refine_with_llm(rows: Sequence[Commitment], llm: Any) -> list[Commitment]:
    """Let a LangChain chat model confirm or correct each row's actor and kind.

    Never called by default; the lead may call it when ``settings.llm.mode``
    is not ``"none"``. An answer that is not valid JSON, or that names an
    unknown actor or kind, leaves the row as it was; ``"keep": false`` drops it.

    Args:
        rows: extracted rows.
        llm: a LangChain chat model (``invoke(messages) -> AIMessage``).
    """
    from langchain_core.messages import HumanMessage

    out: list[Commitment] = []
    for row in rows:
        prompt = LLM_PROMPT.format(
            statement=row.statement, section=row.section or "-", actor=row.actor, kind=row.kind, actors=", ".join(ACTORS)
        )
        try:
            reply = llm.invoke([HumanMessage(content=prompt)])
            verdict = _parse_verdict(getattr(reply, "content", reply))
        except Exception:  # noqa: BLE001 - the LLM pass must never break an ingest
            verdict = None
        if verdict is None:
            out.append(row)
            continue
        if verdict.get("keep") is False:
            continue
        actor = verdict.get("actor") if verdict.get("actor") in ACTORS else row.actor
        kind = verdict.get("kind") if verdict.get("kind") in KINDS else row.kind
        out.append(replace(row, actor=actor, kind=kind, id=commitment_id(row.doc, row.start, row.end, actor)))
    return out


def _parse_verdict(content: Any) -> dict[str, Any] | None:
    text = content if isinstance(content, str) else str(content)
    m = re.search(r"\{.*\}", text, re.DOTALL)
    if not m:
        return None
    try:
        data = json.loads(m.group(0))
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
