"""The kind of a register statement (responsibility, commitment, deadline) from its cue, due date, document
and actor: a due time makes a deadline, "har ansvaret" a responsibility, "vil" and a goal a commitment; a duty or
a modal in an agreement binds its party (a responsibility), elsewhere it states an intention (a commitment).
"""

from __future__ import annotations

import re

from ingest.commitments.dates import Due
from ingest.commitments.grammar import Context
from ingest.commitments.lexicon import NAMED_BODIES

_MODAL_WORD = re.compile(r"\b(?:skal|vil)\b", re.IGNORECASE)


def classify_kind(cue: str, due: Due | None, ctx: Context, actor: str, statement: str = "") -> str:
    """The kind of a statement from its cue, due date, document and actor (see the module docstring)."""
    if due is not None and due.type == "time":
        return "deadline"
    if cue == "resp":
        return "responsibility"
    if cue in ("commit", "goal") or cue == "modal:vil":
        return "commitment"
    if due is not None and due.type == "period":
        return "commitment"
    if cue == "agentless" and _MODAL_WORD.search(statement):
        return "commitment"
    if cue == "duty" or cue == "agentless":
        return "responsibility" if ctx.is_agreement else "commitment"
    if cue == "modal:kan":
        return "responsibility"
    if cue.startswith("modal:"):
        if ctx.is_agreement and actor not in ("parterne",) and actor not in NAMED_BODIES:
            return "responsibility"
        return "commitment"
    return "commitment"
