"""What a loaded document is: the facts read from its own text, with the catalog over them.

Why: every answer must say whether its source is in force and binding, and an
uploaded PDF has no catalog entry. So ingest always reads the facts from the
text (``ingest.facts.infer_facts``: kind, binding, period, region, parties,
approval date) and stores them with the document in the index generation; a
catalog entry (``corpus/catalog.yaml``, or metadata the app passes) wins for
every field it states. ``ingest.catalog = false`` switches the catalog off, so
the inference can be measured on its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from foundation.records import PAGE_SEPARATOR, DocMeta, Page
from ingest.catalog import catalog_entry, guess_meta
from ingest.facts import KIND_ALIASES, PROPOSAL_KINDS, DocFacts, infer_facts
from ingest.lines import breaks_hyphen, ends_open, hyphen_join
from ingest.vocabulary import Vocabulary

FIRST_PAGES = 2  # title page and preface of a paged document
_YEARS = re.compile(r"((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)?")


def document_meta(
    path: Path,
    pages: Sequence[Page],
    has_pages: bool,
    catalog: Mapping[str, DocMeta],
    pdf_info: Mapping[str, str] | None = None,
) -> DocMeta:
    """The document's metadata: its facts inferred from ``pages``, overridden by its catalog entry.

    Args:
        path: The file; its name finds the catalog entry and is the last resort for a title.
        pages: The loaded pages (their raw text).
        has_pages: True for a paged source (PDF): the first pages are the title page and preface.
        catalog: Entries keyed by file name; empty when the catalog is switched off.
        pdf_info: The PDF's document info (``/Title`` ...).
    """
    path = Path(path)
    texts = [p.text for p in pages]
    guessed = guess_meta(path, pdf_info, title_line(texts[0] if texts else ""))  # its own first line before its file name
    first = PAGE_SEPARATOR.join(texts[:FIRST_PAGES]) if has_pages else None
    info = {str(k).lstrip("/").lower(): v for k, v in (pdf_info or {}).items()}
    facts = infer_facts(PAGE_SEPARATOR.join(texts), first, path.name, info.get("title"))
    return merge(facts, guessed, catalog_entry(path.name, catalog))


_TITLE_MARKUP = re.compile(r"^\s*(?:#+|=+)\s*")
_TITLE_WORD = re.compile(r"[^\W\d_]{4,}")
_ONE_WORD = re.compile(r"[A-ZÆØÅ][^\W\d_]{3,}")


TITLE_CHARS = 160
"""A title's longest: 16 words of Danish compounds ("… mellem Odense Kommune og Odense Universitetshospital
2029–2032" is 121 characters in 14 words); the word count and the sentence's end keep sentences out."""


def title_line(text: str) -> str | None:
    """The first line of a document's text where it reads as a title ("Samarbejdsaftale om genoptræning og
    hjælpemidler", "Sundhedsaftale 2024–2027"): 2 to 16 words and at most ``TITLE_CHARS`` characters, opening
    with a capital, a word of four letters or more, no sentence's end (a first line "Side 1", "Udkast.", a date or a sentence is none). What
    names a document without a catalog entry or a PDF title better than its file name does. A title
    wrapped where no title can end ("… positioner mellem" / "Herning Kommune og …") goes on, and a first line of one
    word, the kind of document ("Referat", "Notat"), is read with the line under it: what it is of."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:4]
    line = " ".join(_TITLE_MARKUP.sub("", lines[0]).split()) if lines else ""
    for more in lines[1:]:
        mode = hyphen_join(line, more, Vocabulary({})) if breaks_hyphen(line) else " " if ends_open(line) else None
        if mode is None:
            break
        line = line[:-1] + more if mode == "join" else f"{line}{'' if mode == 'keep' else ' '}{more}"
    if len(lines) > 1 and _ONE_WORD.fullmatch(line) and lines[1][:1].isupper() and _TITLE_WORD.search(lines[1]) and ":" not in lines[1]:
        line = f"{line} – {' '.join(lines[1].split())}"  # a kind's word above what it is of: "Referat" / "Sundhedskoordinationsudvalget …"
    words = line.split()
    if not 2 <= len(words) <= 16 or len(line) > TITLE_CHARS or not line[0].isupper():
        return None
    if line[-1] in ".,;:!?" or not _TITLE_WORD.search(line) or re.match(r"(?i)side\s+\d", line):
        return None
    return line


def merge(facts: DocFacts, guessed: DocMeta, entry: DocMeta | None) -> DocMeta:
    """Catalog fields where the entry states them, else the inferred facts (else the name's guess).

    A stated kind decides binding too when the entry says nothing of it: a
    proposal kind never binds; otherwise a draft the text calls itself stays
    a draft.
    """
    entry = entry or DocMeta(title="")
    kind = KIND_ALIASES.get(entry.kind, entry.kind) if entry.kind else facts.kind
    if entry.binding is not None:
        binding = entry.binding
    else:
        binding = facts.binding and kind not in PROPOSAL_KINDS
    start, end = period_years(entry.period) if entry.period else (facts.period_from, facts.period_to)
    return DocMeta(
        title=entry.title or guessed.title,
        issuer=entry.issuer,
        region=entry.region or facts.region,
        period=period_text(start, end),
        year=entry.year if entry.year is not None else guessed.year,
        kind=kind,
        binding=binding,
        period_from=start,
        period_to=end,
        parties=facts.parties,
        approved=entry.approved or facts.approved,
    )


def period_years(period: str | None) -> tuple[int | None, int | None]:
    """``"2015–2018"`` (any dash) → (2015, 2018); ``"2024–"`` → (2024, None); a lone year → (y, y)."""
    m = _YEARS.search(period or "")
    if m:
        return int(m.group(1)), int(m.group(2)) if m.group(2) else None
    years = re.findall(r"(?:19|20)\d\d", period or "")
    return (int(years[0]), int(years[0])) if years else (None, None)


def period_text(start: int | None, end: int | None) -> str | None:
    """The display and filter form: ``2015–2018`` (en dash), ``2024–``, or one year."""
    return DocFacts(period_from=start, period_to=end).period
