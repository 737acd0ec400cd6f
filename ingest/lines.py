"""Cleaning stage 2: hard-wrapped physical lines back into one logical line per paragraph,
heading or bullet item, joining words hyphenated across a line break where the vocabulary agrees."""


from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from foundation.text.bullets import BULLET_GLYPHS
from ingest.chars import BULLET, LETTER, PLAIN_WORD_RE
from ingest.commitments.lexicon import MONTHS
from ingest.edits import Edit, apply_edits
from ingest.pdf_tables import CELL
from ingest.vocabulary import Vocabulary

# --- line level -------------------------------------------------------------

# Words after which a sentence cannot end: a line ending in one continues on
# the next line even when that starts with a capital (``møde i`` /
# ``Sundhedskoordinationsudvalget``).
_OPEN_WORDS = frozenset(
    """
    i på af til med for om og at som der den det de en et ved fra mellem hos under over efter
    inden mod samt eller men hvor når hvis fordi end både enten hverken nemlig sin sit sine
    deres vores vor hans hendes dens dets jeres nogle alle hver hvert hvilke hvilken hvad
    kan skal vil må bør er har var blev bliver være have får gør kunne skulle ville
    jf jf. fx f.eks. bl.a. ift. iht. vedr. ca. evt. inkl. ekskl. pga. dvs. mht. hhv. jvf. via
    herunder eksempelvis især særligt navnlig såsom blandt igennem gennem uden ud ind op ned
    """.split()
)
# Words that follow a suspended hyphen: ``sundheds- og omsorgsområdet``.
_SUSPENSION_WORDS = frozenset({"og", "eller", "samt", "som", "til", "el", "and", "or"})

_BULLET_RE = re.compile(
    rf"(?:[{BULLET_GLYPHS}*]|o(?=\s)|[-–—](?=\s|$))(?:\s+(?:[{BULLET_GLYPHS}]|o(?=\s))(?=\s))*\s*"
)
_DASH_MARKERS = "-–—"
_QUOTES = "\"'“”‘’´«»"
# a line that opens with a date or a time of the year: a schedule's row ("5. oktober 2018", "Uge 46 COWI afleverer
# rapport", "Marts 2026: …", "Q2 2025", "1. kvartal 2026", "primo 2027")
DATED_LINE = re.compile(
    rf"^(?:\d{{1,2}}\.\s*(?:{'|'.join(MONTHS)})\b|(?:{'|'.join(MONTHS)})\s+20\d\d\b|uge\s+\d{{1,2}}\b|Q[1-4]\s+20\d\d\b"
    r"|\d\.\s*kvartal\b|(?:primo|medio|ultimo)\s+20\d\d\b)",
    re.IGNORECASE,
)
_NUMBERED_START_RE = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.?\)?\s+[A-ZÆØÅ\"“'‘]")
_LIST_LETTER_RE = re.compile(r"(?:[a-z]|[ivx]{1,4})\)\s")
_PAGE_NUMBER_RE = re.compile(r"(?:side\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?", re.IGNORECASE)
_RULE_RE = re.compile(r"(?:[-*_=]\s*){3,}")
_URL_END_RE = re.compile(r"(?:https?://|www\.)\S*[./_-]$|www\.$")
_URL_START_RE = re.compile(r"(?:https?://|www\.)\S")
_TLD_START_RE = re.compile(r"(?:dk|com|org|eu|info)(?:[/.,;:)]|\s|$)")
_LABEL_RE = re.compile(r"[^\s:]+(?:\s+[^\s:]+){0,3}:(?:\s|$)")
_CAPTION_RE = re.compile(r"(?:tabel|figur|kilde|bilag|table|figure|source)\s+\d", re.IGNORECASE)
_MD_HEADING_RE = re.compile(r"#{1,6}\s")
_MD_HEADING_DECOR_RE = re.compile(r"(#{1,6}\s+)((?:[✓✔•]\s*)+)")

# --- stage 2: lines -----------------------------------------------------------------

# A line is "full" when the next line's first word would not fit within this
# share of the text width around it: the extractor wrapped it, so the line
# right below it (no blank line between) continues the paragraph unless it
# looks like a heading.
FULL_LINE = 0.95
# A line shorter than this share of the width, without end punctuation, may be
# a heading and is never pulled into the paragraph above it.
SHORT_LINE = 0.6
# Wrapped prose: at least half the lines around reach this share of the width.
PROSE_LINE = 0.8
_WIDTH_WINDOW = 6
# A line of at least this many words is prose, not a heading, whatever its width.
NAME_CUT_WORDS = 12
_MIN_WIDTH = 40


@dataclass(frozen=True)
class _Line:
    """One non-blank physical line: ``text[start:end]`` without edge whitespace."""

    start: int
    end: int
    content: str
    kind: str  # "text", "bullet", "markdown", "number" (lone page number), "symbol"
    bullet_end: int | None = None  # where the item text starts, for a bullet line
    after_blank: bool = False  # a blank line separates it from the line above
    width: int = 0  # the longest line around it: the text width of the page
    prose: bool = False  # most lines around it fill the width: wrapped paragraphs


def _physical_lines(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, stripped content, after a blank line) of each non-blank line."""
    lines = []
    prev_end = 0
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group(0)
        content = raw.strip()
        if not content or _RULE_RE.fullmatch(content):
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        after_blank = bool(lines) and text.count("\n", prev_end, start) >= 2
        lines.append((start, start + len(content), content, after_blank))
        prev_end = start + len(content)
    return lines


def _starts_dash_item(content: str) -> bool:
    return content[0] in _DASH_MARKERS and (len(content) == 1 or content[1].isspace())


def _bullet_end(content: str, prev: str | None, nxt: str | None) -> int | None:
    """Length of the bullet marker at the start of ``content`` (None: no bullet).

    A dash is a bullet only when the item starts with a capital or a digit,
    or when a neighbouring line is a dash item too, or the line before ends
    a sentence or announces a list; otherwise it continues the sentence
    (``hospitaler`` / ``- alt efter hvad``).
    """
    match = _BULLET_RE.match(content)
    if match is None:
        return None
    rest = content[match.end() :]
    if not rest:
        return None
    if content.startswith("o") and not rest[0].isupper():
        return None
    if content.startswith("*") and not match.group(0)[1:2].isspace():
        return None  # ``*emphasis*``, not a markdown bullet
    if _starts_dash_item(content) and not _dash_is_bullet(rest, prev, nxt):
        return None
    return match.end()


def _dash_is_bullet(rest: str, prev: str | None, nxt: str | None) -> bool:
    if rest[0].isupper() or rest[0].isdigit() or rest[0] in BULLET + "✓✔":
        return True
    if any(line is not None and _starts_dash_item(line) for line in (prev, nxt)):
        return True
    return prev is None or prev.endswith((".", "!", "?", ":"))


def _kind(content: str, prev: str | None, nxt: str | None) -> tuple[str, int | None]:
    bullet = _bullet_end(content, prev, nxt)
    if bullet is not None:
        return "bullet", bullet
    if _MD_HEADING_RE.match(content):
        return "markdown", None
    if _PAGE_NUMBER_RE.fullmatch(content):
        return "number", None
    if not any(ch.isalnum() for ch in content):
        return "symbol", None
    return "text", None


def _classify(lines: list[tuple[int, int, str, bool]]) -> list[_Line]:
    lengths = [end - start for start, end, _, _ in lines]
    out = []
    for i, (start, end, content, after_blank) in enumerate(lines):
        prev = lines[i - 1][2] if i > 0 else None
        nxt = lines[i + 1][2] if i + 1 < len(lines) else None
        kind, bullet = _kind(content, prev, nxt)
        window = lengths[max(0, i - _WIDTH_WINDOW) : i + _WIDTH_WINDOW + 1]
        width = max(window)
        prose = sum(n >= PROSE_LINE * width for n in window) >= len(window) / 2
        bullet_end = None if bullet is None else start + bullet
        out.append(_Line(start, end, content, kind, bullet_end, after_blank, width, prose))
    return out


def _last_word(text: str) -> str:
    parts = text.rsplit(None, 1)
    return parts[-1] if parts else ""


def _first_word(text: str) -> str:
    parts = text.split(None, 1)
    return parts[0] if parts else ""


def ends_open(text: str) -> bool:
    """Whether a line ends where no sentence or heading can end (``møde i``, ``,``)."""
    if text.endswith((",", " –", " -", " —", "(", "/", "&")):
        return True
    return _last_word(text).lower() in _OPEN_WORDS or text.count("(") > text.count(")")


def _ends_mid_sentence(text: str) -> bool:
    """Whether a line ends inside a sentence (a lowercase word, comma, open word)."""
    if ends_open(text):
        return True
    last = _last_word(text).rstrip(")”’\"'")
    return bool(last) and last[-1].isalpha() and last[0].islower()


def breaks_hyphen(text: str) -> bool:
    """A line ending ``letter-`` (a candidate line-break hyphen)."""
    return len(text) >= 2 and text[-1] == "-" and text[-2].isalpha()


def hyphen_join(left: str, right: str, vocabulary: Vocabulary) -> str | None:
    """How to join ``left-`` and ``right`` across a line break.

    Returns:
        ``"join"`` (drop the hyphen), ``"keep"`` (keep it, no space),
        ``"space"`` (a suspended hyphen: ``sundheds- og``) or None (no join:
        ``kompetenceudvik-`` followed by ``Kompetenceudvikling`` is another
        column's text, not the rest of the word).
    """
    head_match = re.search(rf"[\w\-]*{LETTER}$", left[:-1])
    head = head_match.group(0) if head_match else ""
    first = _first_word(right)
    tail_match = PLAIN_WORD_RE.match(first)
    tail = tail_match.group(0) if tail_match else ""
    if not head or not tail:
        return "keep" if head and first[:1].isdigit() else None  # ``type-`` / ``2``
    last_part = head.rsplit("-", 1)[-1]
    joined, hyphened = (head + tail).lower(), f"{head}-{tail}".lower()
    joined_n, hyphened_n = vocabulary.count(joined), vocabulary.count(hyphened)
    if not tail[0].islower():
        if tail.isupper() and last_part.isupper() and joined_n > hyphened_n:
            return "join"  # ``IND-`` / ``SATS``
        if tail.isupper() or last_part.isupper():
            return "keep"  # ``PLO-`` / ``Midtjylland``, ``sundheds-`` / ``IT``
        return None
    if joined_n and joined_n >= hyphened_n:
        return "join"
    if tail.lower() in _SUSPENSION_WORDS:
        return "space"
    if hyphened_n or last_part.isupper() or any(ch.isdigit() for ch in last_part):
        return "keep"  # ``KKR-`` / ``mål``
    return "join"


def _looks_like_heading(line: _Line, nxt: _Line | None) -> bool:
    """A short line without end punctuation that the next line does not continue."""
    if not _is_short(line) or line.content[-1] in ".!?;,":
        return False
    return nxt is None or nxt.after_blank or not nxt.content[0].islower()


def _is_short(line: _Line) -> bool:
    return len(line.content) < SHORT_LINE * line.width


def _continues_full_line(prev: _Line, cur: _Line, nxt: _Line | None) -> bool:
    """A line filled to the text width directly above ``cur`` wraps into it.

    Filled: the first word of ``cur`` would not have fitted on ``prev``. A
    list of short lines (names, table cells) fails this test even when its
    lines are of similar length. A blank line between the two (which some
    extractors put between every wrapped line) still joins them when ``prev``
    stops on a lowercase word, where no sentence ends (``amerikanske
    organisation`` / ``Institute for …``), unless ``cur`` opens an item of its
    own (``Midtklyngen: …``, ``Tabel 2 …``).
    """
    last = _last_word(prev.content)
    mid_word = last[0].islower() and last[-1].isalpha()
    ends = last[-1] in ".!?" or last[0].islower() and last[-1] != ":"  # not ``..., Viborg`` / ``Anette``
    return (
        (not cur.after_blank or mid_word and not _opens_item(cur.content))
        and prev.width >= _MIN_WIDTH
        and prev.prose
        and len(prev.content) + 1 + len(_first_word(cur.content)) > prev.width * FULL_LINE
        and (ends or _name_begun(prev.content) and not _opens_item(cur.content))
        and not _looks_like_heading(cur, nxt)
    )


def _opens_item(text: str) -> bool:
    """A line that opens an item of its own: a label of up to four words and a colon (``Klynge Syd:``),
    or a table's or figure's caption (``Tabel 2 …``)."""
    return bool(_LABEL_RE.match(text) or _CAPTION_RE.match(text))


def _name_begun(text: str) -> bool:
    """A line that stops on a capitalised word right after a word no sentence ends on (``KL og
    Danske`` / ``Regioner``, ``repræsentanter fra Praktiserende`` / ``Lægers Organisation``): a name
    that the line break cut, not the end of a list or heading."""
    parts = text.rsplit(None, 2)
    return len(parts) == 3 and parts[2].isalpha() and parts[2][0].isupper() and parts[1].lower() in _OPEN_WORDS


def _known_pair(a: str, b: str, vocabulary: Vocabulary) -> bool:
    """Whether the last word of ``a`` and the first of ``b`` form a known name (``Region`` / ``Midtjylland``)."""
    left, right = _last_word(a).strip("(“”\"'’‘"), _first_word(b).strip(".,;:)“”\"'’‘")
    return bool(left and right) and vocabulary.pair_count(left, right) >= 2


def _short_tail(a: str, b: str) -> bool:
    """``b`` is the last word of a sentence begun on ``a`` (``værktøjet`` / ``MOEVA.``)."""
    return _ends_mid_sentence(a) and " " not in b and b.endswith((".", ").", ")"))


def _join(prev: _Line, cur: _Line, nxt: _Line | None, vocabulary: Vocabulary) -> str | None:
    """How ``cur`` continues ``prev``: None (a new logical line) or a join mode.

    Modes: ``" "`` (a space), ``""`` (nothing), or for a line ending in
    ``letter-`` one of ``"join"`` / ``"keep"`` / ``"space"`` (see
    ``hyphen_join``).
    """
    if cur.kind in ("bullet", "markdown", "number", "symbol") or prev.kind in ("markdown", "number"):
        return None
    a, b = prev.content, cur.content
    if CELL in a and CELL in b:
        return None  # two rows of a table ("Genoptræningsplan | Regionen" / "Kørsel | Kommunen"), however wide
    if _URL_END_RE.search(a) and b[0].islower() or _TLD_START_RE.match(b) and a.endswith("."):
        return ""  # ``www.`` / ``sundhedsaftalen.rm.dk``, ``sundhed.`` / ``dk``
    if _URL_START_RE.match(b):
        return " " if ends_open(a) else None
    if prev.kind == "symbol":
        return " " if b[0].islower() and a in _DASH_MARKERS else None
    if _LIST_LETTER_RE.match(b) or _NUMBERED_START_RE.match(b):
        return None
    if breaks_hyphen(a):
        return hyphen_join(a, b, vocabulary) if b[0].isalnum() else None
    if b.lstrip(_QUOTES)[:1].islower():
        return " "  # also ``tænkes`` / ``”ud af boksen”``
    if b[0].isdigit() and a[-1] in "-–" and a[-2:-1].isdigit():
        return ""  # ``2015–`` / ``2018``
    if DATED_LINE.match(b) and not ends_open(a) and len(a) + 1 + len(_first_word(b)) <= prev.width * FULL_LINE:
        return None  # a schedule's next row ("Temadag for ledere i hjemmeplejen" / "3. september 2026"): the line did not wrap
    if b[0].isdigit() or b[0] == "(":
        # ``i efteråret`` / ``2013 gennemført``, but not ``Udgangspunkt for mål`` / ``18 ud af 19``
        return " " if ends_open(a) or _ends_mid_sentence(a) and not _is_short(prev) else None
    if b[0] in _DASH_MARKERS:  # a dash that is no bullet continues the sentence
        return " " if _ends_mid_sentence(a) or b[1:2].isspace() else None
    if ends_open(a) or _known_pair(a, b, vocabulary) or _short_tail(a, b):
        return " "
    return " " if _continues_full_line(prev, cur, nxt) or _name_cut(prev, cur) else None


def _name_cut(prev: _Line, cur: _Line) -> bool:
    """A long prose line that stops inside a name (``_name_begun``) continues on a line that ends
    the sentence, whatever the widths: text extracted a paragraph per line has no text width to
    tell a wrapped line by (``… samt repræsentanter fra Praktiserende`` / ``Lægers Organisation i
    Region Midtjylland.``). Never across a blank line, out of a bullet item or a numbered heading."""
    return (
        not cur.after_blank
        and prev.kind == "text"
        and not _NUMBERED_START_RE.match(prev.content)  # a numbered heading, however long
        and len(prev.content.split()) >= NAME_CUT_WORDS
        and _name_begun(prev.content)
        and cur.content[-1] in ".!?"
        and not _opens_item(cur.content)
    )


def _line_edits(lines: list[_Line], text_len: int, vocabulary: Vocabulary) -> list[Edit]:
    """Edits that join wrapped lines, separate logical lines and mark bullets."""
    if not lines:
        return [Edit(0, text_len, "")] if text_len else []
    edits = [Edit(0, lines[0].start, "")]
    for i, line in enumerate(lines):
        if i > 0:
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            edits.append(_gap_edit(lines[i - 1], line, _join(lines[i - 1], line, nxt, vocabulary)))
        if line.kind == "bullet" and line.bullet_end is not None:
            edits.append(Edit(line.start, line.bullet_end, BULLET + " "))
        elif line.kind == "markdown":
            decor = _MD_HEADING_DECOR_RE.match(line.content)
            if decor:
                edits.append(Edit(line.start + decor.start(2), line.start + decor.end(2), ""))
        if CELL in line.content:
            edits.extend(_cell_hyphen_edits(line, vocabulary))
    edits.append(Edit(lines[-1].end, text_len, ""))
    return [e for e in edits if e.start < e.end or e.replacement]


_CELL_HYPHEN_RE = re.compile(rf"(?<={LETTER})- (?=\w)")


def _cell_hyphen_edits(line: _Line, vocabulary: Vocabulary) -> list[Edit]:
    """A table cell's wrapped lines come joined by a space, so a word hyphenated over the cell's line
    break reads "graviditets- undersøgelse": the same rule as between lines decides ("join" drops the
    hyphen, "keep" the space; a suspended hyphen, "sundheds- og omsorgsområdet", stays)."""
    edits = []
    for m in _CELL_HYPHEN_RE.finditer(line.content):
        left = line.content[: m.start() + 1].rsplit(CELL, 1)[-1]
        mode = hyphen_join(left, line.content[m.end() :].split(CELL, 1)[0], vocabulary)
        at = line.start + m.start()
        if mode == "join":
            edits.append(Edit(at, at + 2, ""))
        elif mode == "keep":
            edits.append(Edit(at + 1, at + 2, ""))
    return edits


def _gap_edit(prev: _Line, cur: _Line, mode: str | None) -> Edit:
    if mode is None:
        return Edit(prev.end, cur.start, "\n")
    if mode == "join":
        return Edit(prev.end - 1, cur.start, "")
    if mode == "keep":
        return Edit(prev.end, cur.start, "")
    if mode == "space":
        return Edit(prev.end, cur.start, " ")
    return Edit(prev.end, cur.start, mode)


def join_lines(text: str, offsets: Sequence[int], vocabulary: Vocabulary) -> tuple[str, list[int]]:
    lines = _classify(_physical_lines(text))
    return apply_edits(text, offsets, _line_edits(lines, len(text), vocabulary))

