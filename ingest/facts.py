"""Document facts: what a document is, whether it binds, when it applies, and whose it is.

Why: a correct quote from an expired agreement or from a proposal misleads a
nurse or a politician unless the answer says what the source is. These facts
are inferred from the document's own text (title page, preface and the usual
Danish phrasing of agreements), so an uploaded PDF gets them without a
catalog entry. Nothing here knows the bundled documents: the rules are general
conventions (titles, "gælder for perioden", "træder i kraft", "godkendt den",
"høringsversion", the five regions and their adjectives).

Kinds (``KINDS``), one vocabulary for catalog, filters and answers:

- ``aftale``   an agreement (sundhedsaftale, samarbejdsaftale, delaftale ...).
- ``bilag``    an annex that labels itself "Bilag" on its title line.
- ``udspil``, ``oplæg``, ``forslag``  proposals. Kept apart because documents
  name themselves with exactly these words and users search by them; what
  they share (not binding) is carried by ``binding``, and ``PROPOSAL_KINDS``
  groups them for a filter.
- ``mål``, ``strategi``  goals and strategies (målsætninger, KKR-mål ...).
  Two kinds, because a strategy is not a list of targets, yet both state
  intent rather than a division of tasks.
- ``plan``     a body's own plan for carrying out an agreement (handleplan,
  handlingsplan, implementeringsplan, indsatsplan): "Kolding Kommunes
  handleplan for Sundhedsaftalen …" is a plan, not the agreement it carries out.
- ``referat``  minutes of a meeting.
- ``andet``    anything else.

The old catalog kinds map as ``sundhedsaftale`` → ``aftale`` and
``målsætninger`` → ``mål`` (``KIND_ALIASES``). A document that calls itself a
proposal on its title page is a proposal of whatever it proposes ("Udspil til
Sundhedsaftalen 2019–2023" is an ``udspil``; "Forslag til ... målsætninger"
is a ``forslag``).

``binding`` is False for proposals, drafts (udkast) and consultation versions
(høringsversion). ``status`` is not stored: it depends on the day asked, so
``status_of(facts, today)`` computes it and the caller supplies ``today``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from contextlib import suppress
from dataclasses import asdict, dataclass
from datetime import date

from foundation.text.regions import REGION_TEXT_PATTERNS
from ingest.commitments.lexicon import MONTHS
from ingest.parties import document_parties

KINDS = ("aftale", "bilag", "udspil", "oplæg", "forslag", "mål", "strategi", "plan", "referat", "andet")
PROPOSAL_KINDS = frozenset({"udspil", "oplæg", "forslag"})
PLAN_WORDS = r"(?:handle|handlings|implementerings|indsats)plan"  # the words a "plan" calls itself, without endings
KIND_ALIASES = {"sundhedsaftale": "aftale", "målsætninger": "mål", "målsætning": "mål"}
STATUSES = ("gældende", "udløbet", "fremtidig", "ukendt")

HEAD_CHARS = 8000  # the "first pages" of a text file: title page, preface, introduction
TITLE_CHARS = 400  # the title page: the first lines of the head
MAX_SPAN = 10  # an agreement period longer than this is more likely two unrelated years


@dataclass(frozen=True)
class DocFacts:
    """The facts of one document, as read from its own text."""

    kind: str = "andet"
    binding: bool = True
    period_from: int | None = None
    period_to: int | None = None
    region: str | None = None
    parties: tuple[str, ...] = ()
    approved: str | None = None  # ISO date, only where the document states one

    @property
    def period(self) -> str | None:
        """``"2015–2018"`` (en dash), ``"2024–"`` with no end, or None."""
        if self.period_from is None and self.period_to is None:
            return None
        if self.period_from == self.period_to:
            return str(self.period_from)
        return f"{self.period_from or ''}–{self.period_to or ''}"

    def as_dict(self, today: date | None = None) -> dict:
        """Plain JSON-ready fields; with ``today`` also the ``status`` on that day."""
        out = asdict(self)
        out["parties"] = list(self.parties)
        if today is not None:
            out["status"] = status_of(self, today)
        return out


def status_of(facts: DocFacts, today: date) -> str:
    """``gældende``, ``udløbet``, ``fremtidig`` or ``ukendt`` by the period's years.

    Years, not days: an agreement for 2015–2018 is in force through 2018. An
    open end (only "træder i kraft") is in force from its first year on.
    """
    start, end = facts.period_from, facts.period_to
    if start is None and end is None:
        return "ukendt"
    if end is not None and end < today.year:
        return "udløbet"
    if start is not None and start > today.year:
        return "fremtidig"
    return "gældende"


def infer_facts(text: str, first_pages: str | None, file_name: str, pdf_title: str | None) -> DocFacts:
    """Infer a document's facts from its text.

    Args:
        text: The whole document text (raw or cleaned).
        first_pages: The text of the first pages (title page, preface) when the
            source has pages; None uses the start of ``text``.
        file_name: The file's name; only a last resort for the period and the
            region when the text states neither.
        pdf_title: The PDF's ``/Title``; used as part of the title unless it is
            a placeholder ("Microsoft Word - x.docx", "Untitled").
    """
    body = _normalise(text)
    head = _normalise(first_pages) if first_pages else body[:HEAD_CHARS]
    title = " ".join(filter(None, (_usable_title(pdf_title), head[:TITLE_CHARS])))
    kind = _kind(title, head)
    period = _period(title, head, body) or next(iter(_ranges(re.sub(r"[_\s]+", "-", file_name))), None)
    region = _region(title, body) or _region(_name_words(file_name), "")
    return DocFacts(
        kind=kind,
        binding=kind not in PROPOSAL_KINDS and not _DRAFT.search(title) and not _SELF_DRAFT.search(head),
        period_from=period[0] if period else None,
        period_to=period[1] if period else None,
        region=region,
        parties=document_parties(head, body, region),
        approved=_approved(head) or _approved(body[-3000:]),
    )


# --- text -------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """NFC, hyphenation across line breaks joined, markdown marks and whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    text = re.sub(r"(?<=[a-zæøå])-[ \t]*\n\s*(?=[a-zæøå])", "", text)
    text = re.sub(r"(?m)^\s*#+\s*|[*_`]+|</?sup>", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_JUNK_TITLE = re.compile(
    r"^(microsoft (word|powerpoint|excel)\b|untitled|unknown|ukendt|uden titel|dokument\d*|document\d*)"
    r"|\.(docx?|pdf|pptx?|indd|rtf|odt)$",
    re.IGNORECASE,
)


def _usable_title(title: str | None) -> str | None:
    title = " ".join((title or "").split())
    return title if len(title) >= 3 and not _JUNK_TITLE.search(title) else None


def _name_words(file_name: str) -> str:
    return re.sub(r"[-_.]+", " ", unicodedata.normalize("NFC", file_name))


# --- kind and binding -------------------------------------------------------------

_KIND_WORDS = {
    "referat": r"(?:møde|beslutnings)?referat(?:et)?\b",
    "udspil": r"udspil(?:let|lene)?\b",
    "oplæg": r"oplæg(?:get|gene)?\b",
    "forslag": r"forslag(?:et|ene)?\b",
    "strategi": r"\w*strategi(?:en|er|erne)?\b",
    "plan": rf"{PLAN_WORDS}(?:en|er|erne)?\b",
    "mål": r"(?:\w+-)?mål(?:et|ene|sætning\w*)?\b",
    "aftale": r"\w*aftale(?:n|r|rne)?\b",
}
_RANKS = (("referat",), ("udspil", "oplæg", "forslag"), ("strategi", "mål", "plan", "aftale"))
_SELF_REFERENCE = re.compile(r"\b(?:denne|dette|nærværende) (\w+)|\bdokument betegnes (\w+)", re.IGNORECASE)
_DRAFT = re.compile(r"høringsversion|høringsudkast|\budkast\b|\bi høring\b|\btil høring\b|foreløbig version", re.IGNORECASE)
_SELF_DRAFT = re.compile(r"\b(?:denne|dette|nærværende)(?: \w+)? er (?:et|en) (?:udkast|høringsversion|høringsudkast)", re.IGNORECASE)


def _first_kind(text: str, kinds: tuple[str, ...], titled: bool = False) -> str | None:
    """The kind whose word comes first in ``text``.

    ``titled``: only a word used as a title counts, i.e. capitalised ("Udspil
    til ...", "REFERAT") or right after a capitalised word ("Fælleskommunalt
    oplæg"), so "aftalen bygger på forslag fra ..." in a preface does not
    make an agreement a proposal.
    """
    hits = []
    for k in kinds:
        for m in re.finditer(r"(?<![\w-])" + _KIND_WORDS[k], text, re.IGNORECASE):
            before = text[max(0, m.start() - 40) : m.start()].split()
            if not titled or m.group(0)[0].isupper() or (before and before[-1][0].isupper()):
                hits.append((m.start(), k))
                break
    return min(hits)[1] if hits else None


def _kind(title: str, head: str) -> str:
    """The title page decides; proposal words outrank what is proposed.

    Without a kind word on the title page: what the text calls itself
    ("denne sundhedsaftale", "dette udspil"), else the kind word the first
    pages use most.
    """
    if re.match(r"bilag\b", title, re.IGNORECASE):
        return "bilag"
    for rank in _RANKS:
        if kind := _first_kind(title, rank, titled=rank != _RANKS[-1]):
            return kind
    for m in _SELF_REFERENCE.finditer(head):
        if kind := _first_kind(m.group(1) or m.group(2), tuple(_KIND_WORDS)):
            return kind
    counts = Counter(
        k for k, pat in _KIND_WORDS.items() for _ in re.finditer(r"(?<![\w-])" + pat, head, re.IGNORECASE)
    )
    return counts.most_common(1)[0][0] if counts else "andet"


# --- period ------------------------------------------------------------------------

_MONTH = "(" + "|".join(MONTHS) + ")"
_DATE = r"(\d{1,2})\.\s*" + _MONTH + r"\s+((?:19|20)\d\d)"
# "2027–2030", "2027-30", not "1. marts 2027 til 28. februar 2031" (a day of a month is no year)
_RANGE = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*(?:[-–—‐‑]|til)\s*((?:19|20)?\d\d)(?![\d%])(?!\.\s*(?:" + "|".join(MONTHS) + "))")
_DATE_RANGE = re.compile(_DATE + r"\s*(?:til|[-–—])\s*(?:og med\s+)?(?:den\s+)?" + _DATE, re.IGNORECASE)
# "gælder for perioden" binds a range to the document anywhere; "i perioden" only on the first pages,
# since further on it as often dates something else ("en analyse af behovet i perioden 2018-2028").
_PERIOD_CUE = re.compile(
    r"(?:gælder|gældende|dækker|omfatter|for)\s+(?:aftale)?perioden\s+(?:fra\s+)?(?:den\s+)?|aftaleperioden?\s+",
    re.IGNORECASE,
)
_WEAK_PERIOD_CUE = re.compile(r"\bi\s+(?:aftale)?perioden\s+(?:fra\s+)?(?:den\s+)?", re.IGNORECASE)
# "træder i kraft den 1. april 2012", "med virkning fra 1. marts 2027", "gælder fra og med den 1. maj 2026"
_IN_FORCE = re.compile(r"(?:(?:træder|trådte)\s+i\s+kraft|(?:med\s+virkning|gældende|gælder)\s+fra(?:\s+og\s+med)?)\s+(?:den\s+|pr\.\s*)?"
                       + _DATE, re.IGNORECASE)
_ENDS = re.compile(r"(?:udløber|ophører|gælder (?:frem )?til)\s+(?:den\s+|med udgangen af\s+|ved udgangen af\s+)?(?:\d{1,2}\.\s*" + _MONTH + r"\s+)?((?:19|20)\d\d)", re.IGNORECASE)
# Words that put a range in the past: "afløser Sundhedsaftalen 2019–2023", "den tidligere aftale for ...".
_RETROSPECT = re.compile(r"\b(?:tidligere|forrige|afløser|udløb\w*|sidste|hidtidige)\b", re.IGNORECASE)
_DEADLINE = re.compile(
    r"(?:inden|senest ved|ved) udgangen af\s+((?:19|20)\d\d)|senest i\s+((?:19|20)\d\d)|i løbet af\s+((?:19|20)\d\d)"
    r"|frem mod\s+((?:19|20)\d\d)|afsluttes i\s+((?:19|20)\d\d)|\b(?:i|fra)\s+((?:19|20)\d\d)\s+(?:vil|skal)\b",
    re.IGNORECASE,
)


def _span(start: str, end: str) -> tuple[int, int] | None:
    a = int(start)
    b = int(end) if len(end) == 4 else a - a % 100 + int(end)
    return (a, b) if 0 < b - a <= MAX_SPAN else None


def _ranges(text: str) -> list[tuple[int, int]]:
    return [s for m in _RANGE.finditer(text) if (s := _span(m.group(1), m.group(2)))]


def _date_range(text: str) -> tuple[int, int] | None:
    """The years of the first range of days in ``text`` ("1. januar 2025 til 31. december 2028"), or None."""
    return next((s for m in _DATE_RANGE.finditer(text) if (s := _span(m.group(3), m.group(6)))), None)


def _period(title: str, head: str, body: str) -> tuple[int | None, int | None] | None:
    """The agreement period, by the strongest cue the text gives.

    In order: a range after "gælder for perioden"/"aftaleperioden"/"i
    perioden" on the title page; a range of days on the title page ("1. marts
    2027 til 28. februar 2031"); a year range on the title page that is not
    the previous agreement's ("afløser ...", "den tidligere aftale for ...");
    a cued range or date range further on; any "1. januar X til
    31. december Y"; "træder i kraft" (with "udløber"/"gælder til" if stated);
    the year range the text repeats most; the span of its goals' deadlines
    ("inden udgangen af 2017", "senest i 2014", "I 2018 vil").
    """
    if cued := _cued_range(title) or _cued_range(title, _WEAK_PERIOD_CUE):
        return cued
    if dated := _date_range(title):  # "Gældende fra 1. marts 2027 til 28. februar 2031" before a bare range of
        return dated  # another agreement it names ("en del af Sundhedsaftalen 2027–2030")
    start = _IN_FORCE.search(title)
    for m in _RANGE.finditer(title):
        if (s := _span(m.group(1), m.group(2))) and not _RETROSPECT.search(title[max(0, m.start() - 40) : m.start()]):
            if start and int(start.group(3)) > s[0]:  # "Kommunal akutfunktion efter Sundhedsaftalen 2024–2027 …
                return _from_start(start, body)  # Gælder fra 1. februar 2027": the agreement it serves began earlier
            return s
    if cued := _cued_range(head) or _cued_range(body) or _cued_range(head, _WEAK_PERIOD_CUE):
        return cued
    if dated := _date_range(body):
        return dated
    if start := _IN_FORCE.search(head) or _IN_FORCE.search(body):
        return _from_start(start, body)
    if ranges := _ranges(body):
        return Counter(ranges).most_common(1)[0][0]
    years = [int(next(g for g in m.groups() if g)) for m in _DEADLINE.finditer(body)]
    if len(years) >= 2 and max(years) - min(years) <= MAX_SPAN:
        return min(years), max(years)
    return None


def _from_start(start: re.Match[str], body: str) -> tuple[int, int | None]:
    """The period from an in-force date (``_IN_FORCE``) to the end the text states ("udløber …"), or open."""
    end = _ENDS.search(body)
    return int(start.group(3)), int(end.group(2)) if end else None


def _cued_range(text: str, cues: re.Pattern[str] = _PERIOD_CUE) -> tuple[int, int] | None:
    """The range or date range right after a period cue ("gælder for perioden ...")."""
    for cue in cues.finditer(text):
        after = text[cue.end() : cue.end() + 60]
        if (m := _DATE_RANGE.match(after)) and (s := _span(m.group(3), m.group(6))):
            return s
        if (m := _RANGE.match(after)) and (s := _span(m.group(1), m.group(2))):
            return s
    return None


# --- region ---------------------------------------------------------------------------------

def _region(title: str, body: str) -> str | None:
    """The region the title page names first, else the one the text names most."""
    hits = [(m.start(), r) for r, pat in REGION_TEXT_PATTERNS.items() if (m := re.search(pat, title, re.IGNORECASE))]
    if hits:
        return min(hits)[1]
    counts = {r: len(re.findall(pat, body, re.IGNORECASE)) for r, pat in REGION_TEXT_PATTERNS.items()}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else None


# --- approval ----------------------------------------------------------------------------

_APPROVED = re.compile(
    r"\b(godkendt|vedtaget|underskrevet|tiltrådt)\b[^.]{0,80}?\bden\s+(?:" + _DATE + r"|(\d{1,2})[./-](\d{1,2})[./-]((?:19|20)\d\d))",
    re.IGNORECASE,
)
_NOT_YET = re.compile(r"\b(?:forventes|forventet|skal|vil|kan|planlagt|bliver|endnu ikke)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _approved(text: str) -> str | None:
    """The ISO date of "godkendt/vedtaget ... den 12. december 2023", unless only expected."""
    for m in _APPROVED.finditer(text):
        if _NOT_YET.search(text[max(0, m.start() - 30) : m.start()]):
            continue
        day, month, year = m.group(2, 3, 4) if m.group(2) else m.group(5, 6, 7)
        month = MONTHS.index(month.lower()) + 1 if month.isalpha() else int(month)
        with suppress(ValueError):
            return date(int(year), month, int(day)).isoformat()
    return None
