"""The lead of a table row that holds the asked kind of value in more than one column.

A row of goals reads "Ventetid til børne- og ungdomspsykiatrien | højst 30 dage | 47 dage | Ikke nået" under
"Mål | Målsætning 2027 | Status 2026 | Vurdering": its first figure alone would give the target for "hvor lang
er ventetiden nu?". The lead names each value with its column's header, or only the column whose header the
question names ("… in 2026", "the 2027 target"). The first column is the row's own label, no value of it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.asked import counts_asked, number_kind
from assistant.candidates import holds_group
from assistant.goal import asks_goal
from assistant.lead import number_phrase, time_key, when_phrase
from assistant.query import QueryPlan
from foundation.messages import msg
from ingest.table_columns import asked_cell, header_label, row_of, with_units


def labelled_values(plan: QueryPlan, row: str, section: str | None) -> list[tuple[str, str]]:
    """(header, value) of each column after the first whose cell states what a when or number question asks,
    where more than one does; only the one whose header the question's key terms name, where exactly one is
    named. [] for a line of no table, a row of one such value, or a question of another type."""
    if plan.qtype not in ("when", "number"):
        return []
    table = row_of(with_units(row, section), section)  # "3,0 mio. kr." under "2028 (mio. kr.)"
    if table is None:
        return []
    header, cells = table
    if plan.qtype == "number" and plan.unit is not None and plan.unit.kind == "thing" and counts_asked(row, plan.unit):
        plan = replace(plan, unit=None)  # the row's label names what its cells count ("Færdigbehandlede patienter | 32 pr. dag")
    found = [(header_label(h), _abbreviated(v, c)) for h, c in zip(header[1:], cells[1:])
             if h.strip() and c and (v := number_phrase(c, plan) if plan.qtype == "number" else when_phrase(plan, c))]
    if len(found) < 2:  # one value says itself: its header adds nothing ("8 timer" under "Hvornår")
        return []
    named = [(h, v) for h, v in found if any(holds_group(g, h) for g in plan.key_terms)]
    return named if len(named) == 1 else found


def _abbreviated(value: str, cell: str) -> str:
    """The value with the point of the abbreviation it ends in, which a lead phrase drops as a full stop ("3,0 mio.
    kr." read from "3,0 mio. kr."): a header names the value, so no full stop ends it."""
    return f"{value}." if re.search(r"\b[a-zæøå]{1,4}$", value) and f"{value}." in cell else value


def row_lead(plan: QueryPlan, row: str, section: str | None) -> str:
    """The lead line of a table row whose asked values ``labelled_values`` reads: "Frist ifølge aftalerne: højst
    30 dage (Målsætning 2027), 47 dage (Status 2026)."; of a goal asked, its cell in the goal's column ("Mål ifølge
    aftalerne: Under 9 %."). "" where it reads none."""
    goal = asked_cell("goal", row, section) if plan.qtype == "other" and asks_goal(plan.original) else ""
    if goal:
        return msg("goal_lead", plan.lang, value=goal if plan.lang == "da" else f"“{goal}”")
    values = labelled_values(plan, row, section)
    if not values:
        return ""
    phrase = ", ".join(f"{v} ({h})" for h, v in values)
    first = values[0][1]
    if plan.qtype == "number":
        key = {"money": "amount_lead", "share": "share_lead"}.get(number_kind(first), "number_lead")
    else:
        key = time_key(first, plan.original)
    return msg(key, plan.lang, value=phrase if plan.lang == "da" else f"“{phrase}”")
