"""Step 2 of ingest: repair the damage that text extraction left in a document.

The loader hands over text as the PDF extractor produced it: lines
hard-wrapped at the page's width (often with blank lines between the wrapped
lines of one paragraph), words hyphenated across those lines (``sund-`` /
``hedsvæsen``), words split by a stray space (``må lsætninger``), the ``ff``
ligature printed as ``&`` (``Di&erentieret``), bullets in several styles.
``clean_text`` turns that into one logical line per paragraph, heading or
bullet item and repairs the words, keeping for every cleaned character the
offset of the raw character it came from, so that a passage can be traced
back to its page and line.

Word-level repairs are decided with a ``Vocabulary``: the word forms (and
their counts) of the bundled corpus and of the document itself. A repair is
made only when the vocabulary supports it, so a legitimate hyphen
(``KKR-mål``, ``sundheds- og omsorgsområdet``, ``2015-2018``) or ampersand
(``R&D``) stays as it is.

All functions are pure; the only state is the cached bundled vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from foundation.records import CleanDocument, LoadedDocument

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
"""The bundled corpus whose words make up ``bundled_vocabulary``."""

WORDLIST_DIR = Path(__file__).resolve().parent / "data"
"""Optional extra word lists (``*.txt``, one ``word`` or ``word<TAB>count`` a line)."""

BULLET = "•"

# A word fragment must occur at least this often to count as a word of its own
# when deciding whether a stray space split a word (one occurrence may be the
# damaged fragment itself).
MIN_KNOWN_FRAGMENT = 2
# ... unless the joined word is this many times more frequent than either part
# (``el ler`` → ``eller``) and occurs at least ``MIN_DOMINANT_COUNT`` times.
DOMINANCE_RATIO = 20
MIN_DOMINANT_COUNT = 10

_LETTER = r"[^\W\d_]"
_WORD_RE = re.compile(rf"{_LETTER}+(?:-{_LETTER}+)*")
_PLAIN_WORD_RE = re.compile(rf"{_LETTER}+")

# --- character level --------------------------------------------------------

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_LINE_BREAKS = "\r\f\v\x85\u2028\u2029"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_HYPHENS = "\u2010\u2011"
# Private-use glyphs that symbol fonts use for bullets (Symbol/Wingdings).
_PUA_BULLETS = "\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0a4"

_CHAR_RE = re.compile(
    "\r\n"
    "|\u00ad[ \t]*(?:\r\n|[\n\r])\\s*"  # soft hyphen at a line end: a certain break
    f"|[\u00ad{_INVISIBLE}]"
    f"|[{_SPACES}]"
    f"|[{_LINE_BREAKS}]"
    f"|[{_HYPHENS}]"
    f"|[{''.join(_LIGATURES)}]"
    f"|[{_PUA_BULLETS}]"
)

# ``Di&erentieret``: an ampersand between a letter and a lowercase letter is a
# lost ``ff`` ligature; ``R&D``, ``Sundhed & Omsorg``, ``&amp;`` are not.
_AMP_FF_RE = re.compile(r"(?<=[^\W\d_])&(?=[a-zæøåäöüé])(?![a-z]{2,6};)")

# NFC: a character with its combining marks.
_CLUSTER_RE = re.compile(r"[^\x00-\x7f][\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]*"
                         r"|[\x00-\x7f][\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")

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
    r"(?:[•●▪■◦‣∙·✓✔➢►▸*]|o(?=\s)|[-–—](?=\s|$))(?:\s+(?:[•●▪■◦‣∙·✓✔➢►▸]|o(?=\s))(?=\s))*\s*"
)
_DASH_MARKERS = "-–—"
_QUOTES = "\"'“”‘’´«»"
_NUMBERED_START_RE = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.?\)?\s+[A-ZÆØÅ\"“'‘]")
_LIST_LETTER_RE = re.compile(r"(?:[a-z]|[ivx]{1,4})\)\s")
_PAGE_NUMBER_RE = re.compile(r"(?:side\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?", re.IGNORECASE)
_RULE_RE = re.compile(r"(?:[-*_=]\s*){3,}")
_URL_END_RE = re.compile(r"(?:https?://|www\.)\S*[./_-]$|www\.$")
_URL_START_RE = re.compile(r"(?:https?://|www\.)\S")
_TLD_START_RE = re.compile(r"(?:dk|com|org|eu|info)(?:[/.,;:)]|\s|$)")
_MD_HEADING_RE = re.compile(r"#{1,6}\s")
_MD_HEADING_DECOR_RE = re.compile(r"(#{1,6}\s+)((?:[✓✔•]\s*)+)")

# --- inline -----------------------------------------------------------------

_SUP_RE = re.compile(r"<sup>\s*([^<\s]{1,4})\s*</sup>", re.IGNORECASE)
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)([^\n]+?)(?<=\S)\1")
_EMPH_RE = re.compile(r"(?<![\w*])\*(?=[^\s*])([^\n*]+?)(?<=[^\s*])\*(?![\w*])")
_MULTI_SPACE_RE = re.compile(r" {2,}")
_EDGE_SPACE_RE = re.compile(r" +(?=\n|$)|(?<=\n) +|^ +")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"(?<=[^\W\d_]) (?=[.,;:](?:[ \n]|$))")
_PAIR_RE = re.compile(rf"(?<![\w\-&@/.])({_LETTER}+) ([a-zæøå]{_LETTER}*)(?![\w\-&@/])")


def _empty_pairs() -> Mapping[str, int]:
    return MappingProxyType({})


def _max_merge(left: Mapping[str, int], right: Mapping[str, int]) -> Mapping[str, int]:
    merged = dict(left)
    for key, n in right.items():
        if n > merged.get(key, 0):
            merged[key] = n
    return MappingProxyType(merged)


@dataclass(frozen=True)
class Vocabulary:
    """Known word forms (lowercased) with their counts, built from corpus text.

    Hyphenated compounds are counted whole (``kkr-mål``) and by their parts.
    Fragments of words hyphenated across a line break are left out, so
    ``sund-`` / ``hedsvæsen`` adds neither ``sund`` nor ``hedsvæsen``.
    ``pairs`` counts two capitalised words in a row (``region midtjylland``),
    so a name wrapped across lines can be told from a heading.
    """

    counts: Mapping[str, int]
    pairs: Mapping[str, int] = field(default_factory=_empty_pairs)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.counts.get(word.lower(), 0) > 0

    def count(self, word: str) -> int:
        """How often ``word`` (any case) occurs; 0 when unknown."""
        return self.counts.get(word.lower(), 0)

    def pair_count(self, first: str, second: str) -> int:
        """How often the capitalised words ``first second`` occur in a row."""
        return self.pairs.get(f"{first} {second}".lower(), 0)

    def merged(self, other: Vocabulary) -> Vocabulary:
        """Both vocabularies; a word's count is the larger of its two counts.

        The maximum, not the sum: a document that is part of the bundled
        corpus must not double the counts of its own damaged fragments.
        """
        return Vocabulary(_max_merge(self.counts, other.counts), _max_merge(self.pairs, other.pairs))


_NAME_PAIR_RE = re.compile(r"(?=\b([A-ZÆØÅ][\w-]*) ([A-ZÆØÅ][\w-]*)\b)")


def build_vocabulary(texts: Iterable[str]) -> Vocabulary:
    """Count the word forms of some texts.

    Args:
        texts: Raw or clean texts; ``&``-for-``ff`` is repaired and words
            hyphenated across a line break are skipped before counting.

    Returns:
        The vocabulary of all the texts together.
    """
    counts: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for text in texts:
        text, _ = _normalize_chars(text, range(len(text)))
        text = re.sub(rf"{_LETTER}*-[ \t]*\n\s*{_LETTER}*", " ", text)
        for match in _WORD_RE.finditer(text):
            word = match.group(0).lower()
            counts[word] += 1
            if "-" in word:
                counts.update(word.split("-"))
        pairs.update(f"{m.group(1)} {m.group(2)}".lower() for m in _NAME_PAIR_RE.finditer(text))
    return Vocabulary(MappingProxyType(dict(counts)), MappingProxyType(dict(pairs)))


def _read_wordlist(path: Path) -> dict[str, int]:
    """Words of one shipped list: ``word`` or ``word<TAB>count`` per line."""
    words: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.strip().split("\t")
        if not parts[0] or parts[0].startswith("#"):
            continue
        n = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
        words[parts[0].lower()] = max(n, words.get(parts[0].lower(), 0))
    return words


@lru_cache(maxsize=1)
def bundled_vocabulary() -> Vocabulary:
    """The vocabulary of the bundled corpus (``corpus/*.txt``, ``*.md``) and word lists.

    Cached: built once per process (about 0.2 s for the bundled corpus).
    """
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.md"))]
    vocabulary = build_vocabulary(texts)
    for path in sorted(WORDLIST_DIR.glob("*.txt")):
        vocabulary = vocabulary.merged(Vocabulary(MappingProxyType(_read_wordlist(path))))
    return vocabulary


# --- offset-preserving edits -------------------------------------------------


@dataclass(frozen=True)
class _Edit:
    """Replace ``text[start:end]`` by ``replacement`` (mapped to the source of ``start``)."""

    start: int
    end: int
    replacement: str = ""


def _apply(text: str, offsets: Sequence[int], edits: Iterable[_Edit]) -> tuple[str, list[int]]:
    """Apply sorted, non-overlapping edits and carry the offset map along.

    Kept characters keep their source offsets; the characters of a
    replacement all map to the source offset of the first replaced character
    (for an insertion, of the character before it).
    """
    pieces: list[str] = []
    new_offsets: list[int] = []
    pos = 0
    for edit in edits:
        if edit.start < pos:
            continue  # overlapping edit: the earlier one wins
        pieces.append(text[pos : edit.start])
        new_offsets.extend(offsets[pos : edit.start])
        if edit.replacement:
            if edit.start < edit.end:
                anchor = offsets[edit.start]
            else:
                anchor = offsets[edit.start - 1] if edit.start > 0 else (offsets[0] if offsets else 0)
            pieces.append(edit.replacement)
            new_offsets.extend([anchor] * len(edit.replacement))
        pos = edit.end
    pieces.append(text[pos:])
    new_offsets.extend(offsets[pos:])
    return "".join(pieces), new_offsets


# --- stage 1: characters ---------------------------------------------------------


def _char_replacement(found: str) -> str:
    if found == "\r\n" or found[0] in _LINE_BREAKS:
        return "\n"
    if found[0] == "\u00ad" or found[0] in _INVISIBLE:
        return ""
    if found[0] in _SPACES:
        return " "
    if found[0] in _HYPHENS:
        return "-"
    if found[0] in _PUA_BULLETS:
        return BULLET
    return _LIGATURES[found]


def _nfc_edits(text: str) -> list[_Edit]:
    if unicodedata.is_normalized("NFC", text):
        return []
    edits = []
    for match in _CLUSTER_RE.finditer(text):
        normal = unicodedata.normalize("NFC", match.group(0))
        if normal != match.group(0):
            edits.append(_Edit(match.start(), match.end(), normal))
    return edits


def _normalize_chars(text: str, offsets: Sequence[int]) -> tuple[str, list[int]]:
    """NFC, odd spaces and line breaks, soft hyphens, ligatures, ``&`` for ``ff``."""
    text, offsets = _apply(text, offsets, _nfc_edits(text))
    edits = [_Edit(m.start(), m.end(), _char_replacement(m.group(0))) for m in _CHAR_RE.finditer(text)]
    text, offsets = _apply(text, offsets, edits)
    edits = [_Edit(m.start(), m.end(), "ff") for m in _AMP_FF_RE.finditer(text)]
    return _apply(text, offsets, edits)


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


def _ends_open(text: str) -> bool:
    """Whether a line ends where no sentence or heading can end (``møde i``, ``,``)."""
    if text.endswith((",", " –", " -", " —", "(", "/", "&")):
        return True
    return _last_word(text).lower() in _OPEN_WORDS or text.count("(") > text.count(")")


def _ends_mid_sentence(text: str) -> bool:
    """Whether a line ends inside a sentence (a lowercase word, comma, open word)."""
    if _ends_open(text):
        return True
    last = _last_word(text).rstrip(")”’\"'")
    return bool(last) and last[-1].isalpha() and last[0].islower()


def _breaks_hyphen(text: str) -> bool:
    """A line ending ``letter-`` (a candidate line-break hyphen)."""
    return len(text) >= 2 and text[-1] == "-" and text[-2].isalpha()


def _hyphen_join(left: str, right: str, vocabulary: Vocabulary) -> str | None:
    """How to join ``left-`` and ``right`` across a line break.

    Returns:
        ``"join"`` (drop the hyphen), ``"keep"`` (keep it, no space),
        ``"space"`` (a suspended hyphen: ``sundheds- og``) or None (no join:
        ``kompetenceudvik-`` followed by ``Kompetenceudvikling`` is another
        column's text, not the rest of the word).
    """
    head_match = re.search(rf"[\w\-]*{_LETTER}$", left[:-1])
    head = head_match.group(0) if head_match else ""
    first = _first_word(right)
    tail_match = _PLAIN_WORD_RE.match(first)
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
    lines are of similar length.
    """
    last = _last_word(prev.content)
    return (
        not cur.after_blank
        and prev.width >= _MIN_WIDTH
        and prev.prose
        and len(prev.content) + 1 + len(_first_word(cur.content)) > prev.width * FULL_LINE
        and (last[-1] in ".!?" or last[0].islower() and last[-1] != ":")  # not ``..., Viborg`` / ``Anette``
        and not _looks_like_heading(cur, nxt)
    )


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
    ``_hyphen_join``).
    """
    if cur.kind in ("bullet", "markdown", "number", "symbol") or prev.kind in ("markdown", "number"):
        return None
    a, b = prev.content, cur.content
    if _URL_END_RE.search(a) and b[0].islower() or _TLD_START_RE.match(b) and a.endswith("."):
        return ""  # ``www.`` / ``sundhedsaftalen.rm.dk``, ``sundhed.`` / ``dk``
    if _URL_START_RE.match(b):
        return " " if _ends_open(a) else None
    if prev.kind == "symbol":
        return " " if b[0].islower() and a in _DASH_MARKERS else None
    if _LIST_LETTER_RE.match(b) or _NUMBERED_START_RE.match(b):
        return None
    if _breaks_hyphen(a):
        return _hyphen_join(a, b, vocabulary) if b[0].isalnum() else None
    if b.lstrip(_QUOTES)[:1].islower():
        return " "  # also ``tænkes`` / ``”ud af boksen”``
    if b[0].isdigit() and a[-1] in "-–" and a[-2:-1].isdigit():
        return ""  # ``2015–`` / ``2018``
    if b[0].isdigit() or b[0] == "(":
        # ``i efteråret`` / ``2013 gennemført``, but not ``Udgangspunkt for mål`` / ``18 ud af 19``
        return " " if _ends_open(a) or _ends_mid_sentence(a) and not _is_short(prev) else None
    if b[0] in _DASH_MARKERS:  # a dash that is no bullet continues the sentence
        return " " if _ends_mid_sentence(a) or b[1:2].isspace() else None
    if _ends_open(a) or _known_pair(a, b, vocabulary) or _short_tail(a, b):
        return " "
    return " " if _continues_full_line(prev, cur, nxt) else None


def _line_edits(lines: list[_Line], text_len: int, vocabulary: Vocabulary) -> list[_Edit]:
    """Edits that join wrapped lines, separate logical lines and mark bullets."""
    if not lines:
        return [_Edit(0, text_len, "")] if text_len else []
    edits = [_Edit(0, lines[0].start, "")]
    for i, line in enumerate(lines):
        if i > 0:
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            edits.append(_gap_edit(lines[i - 1], line, _join(lines[i - 1], line, nxt, vocabulary)))
        if line.kind == "bullet" and line.bullet_end is not None:
            edits.append(_Edit(line.start, line.bullet_end, BULLET + " "))
        elif line.kind == "markdown":
            decor = _MD_HEADING_DECOR_RE.match(line.content)
            if decor:
                edits.append(_Edit(line.start + decor.start(2), line.start + decor.end(2), ""))
    edits.append(_Edit(lines[-1].end, text_len, ""))
    return [e for e in edits if e.start < e.end or e.replacement]


def _gap_edit(prev: _Line, cur: _Line, mode: str | None) -> _Edit:
    if mode is None:
        return _Edit(prev.end, cur.start, "\n")
    if mode == "join":
        return _Edit(prev.end - 1, cur.start, "")
    if mode == "keep":
        return _Edit(prev.end, cur.start, "")
    if mode == "space":
        return _Edit(prev.end, cur.start, " ")
    return _Edit(prev.end, cur.start, mode)


def _join_lines(text: str, offsets: Sequence[int], vocabulary: Vocabulary) -> tuple[str, list[int]]:
    lines = _classify(_physical_lines(text))
    return _apply(text, offsets, _line_edits(lines, len(text), vocabulary))


# --- stage 3: inside lines ------------------------------------------------------------------


def _strip_markup(text: str, offsets: Sequence[int]) -> tuple[str, list[int]]:
    """Drop footnote ``<sup>`` tags and markdown emphasis markers.

    One pass per kind (``<sup>``, ``**``, then ``*``) so that edits never overlap.
    """
    for regex in (_SUP_RE, _STRONG_RE, _EMPH_RE):
        if regex.search(text):
            text, offsets = _apply(text, offsets, _markup_edits_for(regex, text))
    return text, list(offsets)


def _markup_edits_for(regex: re.Pattern[str], text: str) -> list[_Edit]:
    """A footnote reference glued to a word goes whole; a footnote keeps its number."""
    if regex is _SUP_RE:
        edits = []
        for match in regex.finditer(text):
            if match.start() > 0 and not text[match.start() - 1].isspace():
                edits.append(_Edit(match.start(), match.end(), ""))
            else:
                edits += [_Edit(match.start(), match.start(1), ""), _Edit(match.end(1), match.end(), "")]
        return edits
    edits = []
    for match in regex.finditer(text):
        marker = len(match.group(1)) if regex is _STRONG_RE else 1
        edits += [_Edit(match.start(), match.start() + marker, ""), _Edit(match.end() - marker, match.end(), "")]
    return edits


def _should_rejoin(left: str, right: str, vocabulary: Vocabulary) -> bool:
    """Whether ``left right`` is one word split by a stray space.

    Only when the joined form is known and either the second part is no word
    of its own (it occurs fewer than ``MIN_KNOWN_FRAGMENT`` times; once may be
    the damaged fragment itself) or the joined word dwarfs both parts:
    ``må lsætninger`` → ``målsætninger``, ``el ler`` → ``eller``, but never
    ``indsats er`` → ``indsatser`` or ``problemstilling er``.
    """
    joined_n = vocabulary.count(left + right)
    if joined_n < 1:
        return False
    right_n = vocabulary.count(right)
    if right_n < MIN_KNOWN_FRAGMENT:
        return True
    left_n = vocabulary.count(left)
    return joined_n >= MIN_DOMINANT_COUNT and joined_n >= DOMINANCE_RATIO * max(left_n, right_n)


def _rejoin_edits(text: str, vocabulary: Vocabulary) -> list[_Edit]:
    edits: list[_Edit] = []
    last_end = -1
    pos = 0
    while True:
        match = _PAIR_RE.search(text, pos)
        if match is None:
            return edits
        left, right = match.group(1), match.group(2)
        if match.start() >= last_end and _should_rejoin(left, right, vocabulary):
            edits.append(_Edit(match.end(1), match.start(2), ""))
            last_end = match.end()
        pos = match.start(2)


def _inline(text: str, offsets: Sequence[int], vocabulary: Vocabulary) -> tuple[str, list[int]]:
    text, offsets = _strip_markup(text, offsets)
    text, offsets = _apply(text, offsets, (_Edit(m.start(), m.end(), " ") for m in _MULTI_SPACE_RE.finditer(text)))
    text, offsets = _apply(text, offsets, (_Edit(m.start(), m.end(), "") for m in _SPACE_BEFORE_PUNCT_RE.finditer(text)))
    text, offsets = _apply(text, offsets, _rejoin_edits(text, vocabulary))
    # Removing markup may leave spaces at the edge of a line.
    return _apply(text, offsets, (_Edit(m.start(), m.end(), "") for m in _EDGE_SPACE_RE.finditer(text)))


# --- public API ---------------------------------------------------------------------------


def clean_text(raw: str, vocabulary: Vocabulary | None = None) -> tuple[str, list[int]]:
    """Repair extracted text and map every cleaned character back to ``raw``.

    Args:
        raw: Text as extracted (pages joined by the page separator).
        vocabulary: Known words deciding hyphens and split words; default
            ``bundled_vocabulary()``.

    Returns:
        The cleaned text (one logical line per paragraph, heading or bullet
        item, separated by single ``\\n``) and ``offsets``, where
        ``offsets[i]`` is the index in ``raw`` of cleaned character ``i``
        (non-decreasing; ``len(offsets) == len(text)``).
    """
    vocabulary = bundled_vocabulary() if vocabulary is None else vocabulary
    text, offsets = _normalize_chars(raw, range(len(raw)))
    text, offsets = _join_lines(text, offsets, vocabulary)
    return _inline(text, offsets, vocabulary)


def clean(doc: LoadedDocument, vocabulary: Vocabulary | None = None) -> CleanDocument:
    """Clean a loaded document.

    Args:
        doc: The document as loaded.
        vocabulary: Known words; default the bundled vocabulary merged with
            the document's own words.

    Returns:
        The repaired text with offsets into ``doc.raw``.
    """
    raw = doc.raw
    if vocabulary is None:
        vocabulary = bundled_vocabulary().merged(build_vocabulary([raw]))
    text, offsets = clean_text(raw, vocabulary)
    return CleanDocument(source=doc, text=text, offsets=tuple(offsets))
