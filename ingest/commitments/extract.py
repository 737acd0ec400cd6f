"""Extraction: the register's rows from an ingest's sentences, in document order.

Walks the sentences (and goal headings) of each document, skips the
reasons of a ``Hvorfor?`` block, carries an open goal list and an anaphoric
actor from one sentence to the next, and asks the grammar for the actor and
cue of each; see the package docstring for what counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from foundation.text.bullets import BULLET_GLYPHS, LETTER_ITEM
from foundation.text.sentences import split_sentences
from ingest.commitments.actors import combine_actors, match_np, np_actors
from ingest.commitments.agents import owned_at, owned_units
from ingest.commitments.dates import Due, find_dated_due, find_due
from ingest.commitments.document import DocInfo, doc_info
from ingest.commitments.grammar import Context, Hit, agentless_hit, first_hit, subject_first_hits
from ingest.commitments.kinds import classify_kind
from ingest.commitments.lexicon import NP, SECTOR_ACTORS, WE
from ingest.commitments.record import Commitment, commitment_id
from ingest.commitments.topics import find_situation, find_topic
from ingest.pdf_tables import CELL, row_cells
from ingest.split import SECTION_SEPARATOR
from ingest.table_columns import column as table_column
from ingest.table_columns import marked_actors, timeline

_GENERIC = re.compile(r"\bgøre\s+en\s+forskel\b|\bvil\s+gerne\b|\bhar\s+en\s+ambition\b", re.IGNORECASE)


# what opens a sentence before its subject: a bullet, an item's or a paragraph's number ("3.4 Hospitalet skal …")
_LEADING = re.compile(
    rf"^(?:•\s*|[-–]\s+|(?:\d{{1,2}}(?:\.\d{{1,2}})+\.?|\d{{1,2}}[.)]|{LETTER_ITEM})\s+|Ad\s+\d[\w-]*\)\s+|"
    r"\d{1,2}\.\s*Målsætning:\s*|Målsætning:\s*|Mål:\s*|"
    r"(?:Og|Men|Samt)\s+)+",
)
_ANAPHORA = re.compile(r"^(?:Arbejdet|Opfølgningen|Analysen|Indsatsen|Projektet|Planen|Aftalen)\b")


_BLOCK_MARKERS = {"hvorfor?": "why", "hvordan?": "how", "hvem, hvad og hvornår?": "who"}


@dataclass
class _Candidate:
    start: int
    end: int
    text: str
    section: tuple[str, ...]
    heading: bool = False
    bullet: bool = False


def _candidates(info: DocInfo, sentence_spans: Sequence[tuple[int, int]]) -> list[_Candidate]:
    """Sentences (bullets split into their sentences) and goal headings, in document order."""
    out: list[_Candidate] = []
    text = info.text
    for s, e in sentence_spans:
        bullet = text[s : s + 1] in BULLET_GLYPHS
        inner = s + 1 if bullet else s
        for a, b in split_sentences(text, inner, e):
            out.append(_Candidate(a, b, text[a:b], info.section_at(s), bullet=bullet))
    for s, e, section in info.headings:
        head = text[s:e]
        if re.match(r"^\d{1,2}\.\s*Målsætning:|^Mål:", head):
            out.append(_Candidate(s, e, head, section, heading=True))
    out.sort(key=lambda c: c.start)
    return out


def _context(info: DocInfo, section: tuple[str, ...], units: dict[str, str]) -> Context:
    kind = info.meta.get("kind")
    joined = SECTION_SEPARATOR.join(section)
    year = info.meta.get("year")
    return Context(
        doc_kind=kind,
        is_agreement=kind in ("aftale", "sundhedsaftale", "plan"),  # agreed or planned tasks: its present tense is a duty
        goal_context=kind in ("mål", "strategi", "målsætninger") or bool(re.search(r"\b(?:KKR-)?mål(?:sætning\w*)?\b", joined, re.IGNORECASE)),
        period=info.meta.get("period"),
        min_year=(int(year) - 1) if isinstance(year, int) else None,
        units=units,
    )


def _resolve(actors: Sequence[str], info: DocInfo, section: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    named = [info.we(section) if a == WE else a for a in actors]
    named = list(dict.fromkeys(named))
    return combine_actors(named), tuple(named)


def extract(
    sentence_rows: Iterable[Mapping[str, Any]],
    chunk_rows: Iterable[Mapping[str, Any]],
    doc_rows: Iterable[Mapping[str, Any]],
) -> list[Commitment]:
    """Extract the register from an ingest's rows.

    Args:
        sentence_rows: ``{doc, start, end, text}`` body sentences (doc-level spans).
        chunk_rows: the chunks (for line numbers when the source cannot be re-read).
        doc_rows: ``{file, path, meta, page_offsets, text}`` cleaned documents.

    Returns:
        The statements in document order (by file, then offset).
    """
    chunks_by_doc: dict[str, list[Mapping[str, Any]]] = {}
    for c in chunk_rows:
        chunks_by_doc.setdefault(c["doc"], []).append(c)
    spans_by_doc: dict[str, list[tuple[int, int]]] = {}
    for r in sentence_rows:
        spans_by_doc.setdefault(r["doc"], []).append((int(r["start"]), int(r["end"])))
    out: list[Commitment] = []
    for doc_row in sorted(doc_rows, key=lambda d: d["file"]):
        spans = sorted(set(spans_by_doc.get(doc_row["file"], [])))
        if not spans or not doc_row.get("text"):
            continue
        info = doc_info(doc_row, chunks_by_doc.get(doc_row["file"], []))
        out.extend(_extract_doc(info, spans))
    return out


# "Mål: Vi vil derfor", "Vi forpligter os til at:": the pledges follow as list items that open lower-case
_OPEN_GOAL = re.compile(rf"^({NP})\s+(vil|skal|forpligter\s+(?:os|sig)\s+til(?:\s+at)?)(?:\s+(?:derfor|også))?\s*:?\s*$",
                        re.IGNORECASE)
# "Parterne har aftalt to mål:", "Kommunerne har sat sig følgende mål:": the goals follow as list items, each a sentence
_GOAL_LIST = re.compile(
    rf"^({NP})\s+(?:har\s+(?:\S+\s+)?(?:aftalt|fastsat|vedtaget|opstillet|sat\s+sig)|aftaler|sætter\s+sig)\s+"
    r"(?:\S+\s+){0,2}?(?:mål|målsætninger|delmål)\b[^:]{0,40}:\s*$",
    re.IGNORECASE,
)


def _extract_doc(info: DocInfo, spans: Sequence[tuple[int, int]]) -> list[Commitment]:
    rows: list[Commitment] = []
    block: str | None = None
    block_section: tuple[str, ...] | None = None
    open_goal: tuple[str, tuple[str, ...], str] | None = None  # whose tasks or goals the bullets that follow are, and the cue
    goal_list: tuple[str, tuple[str, ...]] | None = None  # whose goals the list items that follow are
    prev_index: int | None = None
    prev_actor: tuple[str, tuple[str, ...]] | None = None
    cands = _candidates(info, spans)
    units = owned_units(info.text)
    for i, cand in enumerate(cands):
        marker = _BLOCK_MARKERS.get(cand.text.strip().lower())
        if cand.section != block_section:
            block, block_section = None, cand.section
        if marker:
            block = marker
            continue
        if cand.heading:
            block = None
        if open_goal and not (cand.bullet and cand.text[:1].islower()):
            open_goal = None
        if goal_list and not cand.bullet:
            goal_list = None
        if block == "why":
            continue
        ctx = _context(info, cand.section, units)
        header = _table_header(info.text, cand.start) if CELL in cand.text else None
        tabled = _table_row(info, cand, ctx, header)
        if tabled is not None:  # "Sende planen til kommunen | Sygehuset | Senest på udskrivningsdagen"
            if tabled[0]:
                when = _timeline_due(header, cand) or _column_due(header, cand, ctx)
                rows.append(_make(info, cand, tabled[0], tabled[1], tabled[2], ctx, when=when))
            continue
        parsed = _LEADING.sub("", cand.text).strip()
        if open_goal:
            actor, actors, cue = open_goal  # a list of what a body shall do is its tasks; of what it will, its goals
            rows.append(_make(info, cand, actor, actors, cue, ctx))
            prev_index, prev_actor = i, (actor, actors)
            continue
        goal = _OPEN_GOAL.match(parsed)
        if goal:  # "Hospitalet skal:", "Mål: Vi vil derfor": its tasks or goals follow as bullets (two words are enough)
            actor, actors = _resolve(np_actors(goal.group(1)), info, cand.section)
            open_goal = (actor, actors, "duty" if goal.group(2).lower() == "skal" else "goal") if actor else None
            continue
        if not parsed or len(parsed.split()) < 3 or parsed.endswith("?") or _GENERIC.search(parsed):
            continue
        listed = _GOAL_LIST.match(parsed)
        if listed:
            actor, actors = _resolve(np_actors(listed.group(1)), info, cand.section)
            goal_list = (actor, actors) if actor else None
            continue
        due = find_due(parsed, ctx.period, ctx.min_year) if goal_list else None
        if goal_list and due is not None and due.type in ("time", "period"):
            actor, actors = goal_list  # "- Ventetiden … er højst fem dage i gennemsnit i 2028."
            rows.append(_make(info, cand, actor, actors, "goal", ctx))
            prev_index, prev_actor = i, (actor, actors)
            continue
        hit = first_hit(parsed, ctx)
        if hit is None and not match_np(parsed, 0):
            hit = agentless_hit(parsed, ctx)
            if hit is not None and hit.actors == (WE,) and prev_actor and prev_index == i - 1 and (
                _ANAPHORA.match(parsed) or _same_paragraph_task(info, cands[i - 1], cand, prev_actor[0])
            ):
                actor, actors = prev_actor
                rows.append(_make(info, cand, actor, actors, hit.cue, ctx))
                prev_index, prev_actor = i, (actor, actors)
                continue
        if hit is None:
            continue
        actor, actors = _resolve(hit.actors, info, cand.section)
        if actor is None:
            continue
        clause_start = cand.text.find(parsed) + hit.clause if hit.clause else 0
        rows.append(_make(info, cand, actor, actors, hit.cue, ctx, clause_start))
        prev_index, prev_actor = i, (actor, actors)
        after = _next_clause_hit(parsed, hit, ctx)
        if after is not None:  # "Regionen betaler for tolkning …, og kommunen betaler for tolkning ved …": each payer
            other, others = _resolve(after.actors, info, cand.section)
            if other is not None and other != actor:
                rows.append(_make(info, cand, other, others, after.cue, ctx, cand.text.find(parsed) + after.clause))
                prev_actor = None  # two actors: a passive after them continues neither's task by itself
    return rows


# where a sentence goes on with a main clause of its own: ", og kommunen betaler …", "; kommunens socialafdeling skal …"
_NEXT_CLAUSE = re.compile(r",\s+(?:og|mens|men)\s+|;\s+")


def _next_clause_hit(parsed: str, hit: Hit, ctx: Context) -> Hit | None:
    """The first later main clause with a subject of its own that does something the register takes."""
    for sep in _NEXT_CLAUSE.finditer(parsed, max(hit.start, hit.clause) + 1):
        hits = subject_first_hits(parsed[sep.end() :], ctx)
        if hits:
            return replace(hits[0], start=sep.end(), clause=sep.end())
    return None


def _table_row(info: DocInfo, cand: _Candidate, ctx: Context,
               header: list[str] | None) -> tuple[str | None, tuple[str, ...], str] | None:
    """For a row of a table whose header names a column of who does it: the actor its cell names, a duty (None
    where it names none, for the header row itself, and for every row of a table without such a column). A row of
    a table of goals and their deadlines ("Mål | Målt ved | Frist") is a goal of the document's parties, as a goal
    in a sentence without its body is. None for any other line, which is read as a sentence. ``header``: the
    cells of the table's header row (``_table_header``), None for a line of no table."""
    if CELL not in cand.text:
        return None
    cells = row_cells(cand.text)
    if header is None or len(header) != len(cells):
        return None
    if cells == header:
        return None, (), ""
    column = table_column(header, "who")
    marked = marked_actors(header, cells) if column is None else []
    if marked:  # a matrix of who does what: "Udarbejde genoptræningsplan | X |  | " under "Opgave | Hospital | …"
        return (*_resolve([a for h in marked for a in np_actors(h)], info, cand.section), "duty")
    if column is None:
        goal, due = table_column(header, "goal"), table_column(header, "when")
        if goal is not None and due is not None and cells[goal] and cells[due]:
            return (*_resolve((WE,), info, cand.section), "goal")
        acts = table_column(header, "task") == 0 and due is not None and cells[due]
        hit = first_hit(cells[0], ctx) if acts else None
        if hit is not None:  # "Kommunen kontakter borgeren | Inden for 4 hverdage …" under "Handling | Frist"
            return (*_resolve(hit.actors, info, cand.section), hit.cue)
        return None, (), ""  # a row of a table with no column of who does it: its cells are no sentence to read a subject in
    cell = cells[column]
    owned = owned_at(cell)  # "Kommunens genoptræningsenhed"
    named = np_actors(cell) or np_actors(info.spelled_out(cell)) or ([owned[0]] if owned else []) or _unit_named(cell, info)
    return (*_resolve(named, info, cand.section), "duty") if named else (None, (), "")


_UNIT_NAME = re.compile(r"[A-ZÆØÅ][\w-]*(?:,?\s+[\w-]+){0,5}")


def _unit_named(cell: str, info: DocInfo) -> list[str]:
    """A cell of the column of who does it that names a body no actor term knows, as the cell writes it: a
    municipality's administration ("Sundhed og Omsorg", "Børn og Uddannelse"), a centre ("Sundhedscentret"), an
    abbreviation the document defines ("PPR"). The column's header says that the cell is who; a name opens with a
    capital and holds no figure, and an abbreviation nobody defines may be anyone's."""
    name = cell.strip()
    if not _UNIT_NAME.fullmatch(name) or re.search(r"\d", name):
        return []
    return [name] if name != name.upper() or info.spelled_out(name) != name else []


def _table_header(text: str, start: int) -> list[str] | None:
    """The cells of the first of the table lines right above (or at) ``start``: the table's header row."""
    line_start = text.rfind("\n", 0, start) + 1
    header = None
    while True:
        line_end = text.find("\n", line_start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if CELL not in line:
            return header
        header = row_cells(line)
        if line_start == 0:
            return header
        line_start = text.rfind("\n", 0, line_start - 1) + 1


def _same_paragraph_task(info: DocInfo, prev: _Candidate, cand: _Candidate, prev_actor: str) -> bool:
    """A passive right after one actor's task in the same paragraph continues that task.

    ``Sygehuset sender udskrivningsrapporten … Epikrisen sendes … senest 2 hverdage efter udskrivning.``:
    the passive names no agent but a time limit, and the sentence before it in the paragraph names one actor.
    """
    between = info.text[prev.end : cand.start]
    due = find_due(cand.text, info.meta.get("period"), None)
    if due is None or due.type != "time":
        return False  # a period ("i aftaleperioden udvikles …") is shared development work, not the task before
    return "\n" not in between and prev.section == cand.section and prev_actor in SECTOR_ACTORS and prev_actor != "parterne"


def _timeline_due(header: list[str] | None, cand: _Candidate) -> Due | None:
    """When a row of a timeline is due: the periods it marks ("2. halvår 2027 – 2. halvår 2028" for "Videokonsultationer
    | PLO-Syddanmark | | X | X | X" under "Indsats | Ansvarlig | 1. halvår 2027 | 2. halvår 2027 | …"), or None."""
    cells = row_cells(cand.text)
    when = timeline(header, cells) if header is not None and len(header) == len(cells) else ""
    return Due(when, "time") if when else None


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _column_due(header: list[str] | None, cand: _Candidate, ctx: Context) -> Due | None:
    """When a row is due by its cell under a header of when ("2027" under "Frist" in "Flere uddannelsesstillinger |
    Regionen | 2027"), where the cell names a year. None for a table without such a column."""
    cells = row_cells(cand.text)
    at = table_column(header, "when") if header is not None and len(header) == len(cells) else None
    if at is None or not _YEAR.search(cells[at]):
        return None  # "Løbende", "Hverdage kl. 9.00–15.00", "Mindst 3 døgn": no time the row is due by
    return find_due(cells[at], ctx.period, ctx.min_year) or Due(re.sub(r"\s+", " ", cells[at]).strip(), "time")


def _make(
    info: DocInfo, cand: _Candidate, actor: str, actors: tuple[str, ...], cue: str, ctx: Context, clause_start: int = 0,
    when: Due | None = None,
) -> Commitment:
    """The register's row of a statement; ``when``: its due where the statement's words name none (a timeline's)."""
    statement = re.sub(r"\s+", " ", cand.text).strip()
    clause = statement[clause_start:] if clause_start else statement
    due = find_due(statement, ctx.period, ctx.min_year) or when
    if cue == "goal":  # the time a goal is to be met by, not a span of what it measures
        due = find_dated_due(statement, ctx.min_year, ctx.period) or due
    section = SECTION_SEPARATOR.join(cand.section) or None
    line_start, line_end = info.lines.span(cand.start, cand.end)
    return Commitment(
        id=commitment_id(info.file, cand.start, cand.end, actor),
        actor=actor,
        kind=classify_kind(cue, find_due(clause, ctx.period, ctx.min_year) if clause != statement else due, ctx, actor, clause),
        statement=statement,
        situation=find_situation(statement),
        due=due.text if due else None,
        topic=find_topic(statement, section),
        doc=info.file,
        title=str(info.meta.get("title") or info.file),
        region=info.meta.get("region"),
        period=info.meta.get("period"),
        kind_of_doc=info.meta.get("kind"),
        section=section,
        page=info.page_at(cand.start),
        line_start=line_start,
        line_end=line_end,
        start=cand.start,
        end=cand.end,
        actors=actors,
    )
