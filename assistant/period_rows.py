"""What a timeline holds for the period a question names: the rows that mark its column.

A plan's timeline reads "Tidlig opsporing af underernæring | Kommunerne | X |  | " under "Indsats | Ansvarlig |
1. halvår 2027 | 2. halvår 2027 | …" (``ingest.table_columns.marked_columns``). "hvilke indsatser skal der arbejdes
med i 1. halvår 2027?" and "What will the parties work on in the second half of 2028?" are answered by every row
that marks the named period's column, in the table's order, and led by their labels. A year names each of its
halves, quarters and months. The period words are the general ones of Danish and English, not one corpus's.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.candidates import Candidate
from assistant.query import QueryPlan
from foundation.messages import msg
from ingest.table_columns import MARK, period_columns, period_keys, row_of


def named_columns(header: Sequence[str], question: str) -> list[int]:
    """The columns of a timeline's ``header`` (two or more period columns) whose period the question names: the
    same part of the same year, or any part of a year the question names alone. [] for no timeline."""
    periods = period_columns(header)
    asked = period_keys(question)
    heads = {k: period_keys(header[k]) for k in periods}
    return [k for k in periods if heads[k] and any(y == heads[k][0][0] and p in ("", heads[k][0][1]) for y, p in asked)]


def period_rows(plan: QueryPlan, pool: Sequence[Candidate], chosen: list[Candidate], limit: int) -> list[Candidate]:
    """For a question of no asked type that names a period of a timeline among the quotes: the rows of that
    table that mark the period, in the table's order (at most ``limit``); ``chosen`` where none does."""
    if plan.qtype != "other" or not chosen:
        return chosen
    for c in chosen:
        table = row_of(c.text, c.section)
        columns = named_columns(table[0], plan.original) if table else []
        if columns:
            break
    else:
        return chosen
    rows: list[Candidate] = []
    for x in sorted(pool, key=lambda x: x.doc_span[0]):
        cells = row_of(x.text, x.section) if x.section == c.section and x.passage.doc == c.passage.doc else None
        if cells and any(MARK.match(cells[1][k]) for k in columns) and all(x.text != r.text for r in rows):
            rows.append(x)
    return rows[:limit] or chosen


def period_lead(plan: QueryPlan, chosen: Sequence[Candidate]) -> str:
    """The lead of the rows ``period_rows`` chose: the named period and each row's label ("I 1. halvår 2027 ifølge
    aftalerne: Fælles forløbsbeskrivelse for borgere med demens; Tidlig opsporing af underernæring hos ældre.");
    "" for any other quotes."""
    if plan.qtype != "other" or not chosen:
        return ""
    tables = [row_of(c.text, c.section) for c in chosen]
    if any(t is None for t in tables) or len({c.section for c in chosen}) != 1:
        return ""
    header = tables[0][0]
    columns = named_columns(header, plan.original)
    if not columns or not all(any(MARK.match(t[1][k]) for k in columns) for t in tables):
        return ""
    period = (" og " if plan.lang == "da" else " and ").join(header[k] for k in columns)
    labels = "; ".join(t[1][0] for t in tables)
    return msg("period_rows_lead", plan.lang, period=period, value=labels if plan.lang == "da" else f"“{labels}”")
