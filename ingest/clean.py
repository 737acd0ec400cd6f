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
their counts) of the documents ingested together and of the document itself. A repair is
made only when the vocabulary supports it, so a legitimate hyphen
(``KKR-mål``, ``sundheds- og omsorgsområdet``, ``2015-2018``) or ampersand
(``R&D``) stays as it is.

Stage 1 (characters) lives in ``ingest.chars``, stage 2 (lines) in ``ingest.lines``, stage 4
(a table of contents taken out) in ``ingest.contents``, the word counts in ``ingest.vocabulary``
and the offset-keeping edits in ``ingest.edits``; this module holds stage 3 (inside lines) and
wires the four. All functions are pure.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from foundation.records import CleanDocument, LoadedDocument, compact_offsets
from ingest.chars import LETTER, normalize_chars
from ingest.contents import drop_contents
from ingest.edits import Edit, apply_edits
from ingest.lines import join_lines
from ingest.vocabulary import (
    DOMINANCE_RATIO,
    MIN_DOMINANT_COUNT,
    MIN_KNOWN_FRAGMENT,
    Vocabulary,
    build_vocabulary,
)

# --- inline -----------------------------------------------------------------

_SUP_RE = re.compile(r"<sup>\s*([^<\s]{1,4})\s*</sup>", re.IGNORECASE)
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)([^\n]+?)(?<=\S)\1")
_EMPH_RE = re.compile(r"(?<![\w*])\*(?=[^\s*])([^\n*]+?)(?<=[^\s*])\*(?![\w*])")
_MULTI_SPACE_RE = re.compile(r" {2,}")
_EDGE_SPACE_RE = re.compile(r" +(?=\n|$)|(?<=\n) +|^ +")
# a space before a stop after a word or a number: "serviceloven .", "2027–2030 ." where a footnote marker was lifted
_SPACE_BEFORE_PUNCT_RE = re.compile(r"(?<=[^\W_]) (?=[.,;:](?:[ \n]|$))")
# A footnote's number printed on the line as a plain digit after the word it marks (``Regioner1,``,
# ``MRSA-området3,``): one or two digits after a lowercase letter, then punctuation, a space or the line end.
_FOOTNOTE_REF_RE = re.compile(rf"(?<![\w\-])(?:{LETTER}+-)*({LETTER}*[a-zæøå])(\d{{1,2}})(?=[\s,.;:)]|$)")
MIN_UNGLUED = 1  # times a word must be seen without digits before digits glued to it count as a footnote's
_PAIR_RE = re.compile(rf"(?<![\w\-&@/.])({LETTER}+) ([a-zæøå]{LETTER}*)(?![\w\-&@/])")


# --- stage 3: inside lines ------------------------------------------------------------------


def _strip_markup(text: str, offsets: Sequence[int]) -> tuple[str, list[int]]:
    """Drop footnote ``<sup>`` tags and markdown emphasis markers.

    One pass per kind (``<sup>``, ``**``, then ``*``) so that edits never overlap.
    """
    for regex in (_SUP_RE, _STRONG_RE, _EMPH_RE):
        if regex.search(text):
            text, offsets = apply_edits(text, offsets, _markup_edits_for(regex, text))
    return text, list(offsets)


def _markup_edits_for(regex: re.Pattern[str], text: str) -> list[Edit]:
    """A footnote reference glued to a word goes whole; a footnote keeps its number."""
    if regex is _SUP_RE:
        edits = []
        for match in regex.finditer(text):
            if match.start() > 0 and not text[match.start() - 1].isspace():
                edits.append(Edit(match.start(), match.end(), ""))
            else:
                edits += [Edit(match.start(), match.start(1), ""), Edit(match.end(1), match.end(), "")]
        return edits
    edits = []
    for match in regex.finditer(text):
        marker = len(match.group(1)) if regex is _STRONG_RE else 1
        edits += [Edit(match.start(), match.start() + marker, ""), Edit(match.end() - marker, match.end(), "")]
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


def _rejoin_edits(text: str, vocabulary: Vocabulary) -> list[Edit]:
    edits: list[Edit] = []
    last_end = -1
    pos = 0
    while True:
        match = _PAIR_RE.search(text, pos)
        if match is None:
            return edits
        left, right = match.group(1), match.group(2)
        if match.start() >= last_end and _should_rejoin(left, right, vocabulary):
            edits.append(Edit(match.end(1), match.start(2), ""))
            last_end = match.end()
        pos = match.start(2)


def _footnote_ref_edits(text: str, vocabulary: Vocabulary) -> list[Edit]:
    """Drop a footnote number glued to its word, where the word is seen without digits elsewhere
    (at least ``MIN_UNGLUED`` times in the vocabulary): ``Regioner1,`` → ``Regioner,``, so
    the word is found and quoted as written. Never ``K29`` or ``COVID19`` (no lowercase letter before
    the digits), a word of one or two letters (``m2``, ``a1``), a rare word whose digits may be its own,
    or a word the text also writes with the same number apart (``covid-19``, ``Covid19``); nor the
    number of a heading printed twice (``4. Træning4. Træning``: what follows the digits repeats
    what comes before them on the line), which the splitter reads once."""
    found = list(_FOOTNOTE_REF_RE.finditer(text))
    glued = Counter(m.group(1).lower() for m in found)
    low = text.lower()
    edits = []
    for m in found:
        word, digits = m.group(1).lower(), m.group(2)
        if (
            len(word) >= 3
            and not _printed_twice(text, m.start(2))
            and vocabulary.count(word) - glued[word] >= MIN_UNGLUED
            and f"{word}-{digits}" not in low
            and f"{word} {digits}" not in low
        ):
            edits.append(Edit(m.start(2), m.end(2), ""))
    return edits


def _printed_twice(text: str, at: int) -> bool:
    """Whether the line holding ``at`` is one text twice over, the second copy starting at ``at``."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    return text[start:at].strip() == text[at:end].strip()


def _inline(text: str, offsets: Sequence[int], vocabulary: Vocabulary) -> tuple[str, list[int]]:
    text, offsets = _strip_markup(text, offsets)
    text, offsets = apply_edits(text, offsets, (Edit(m.start(), m.end(), " ") for m in _MULTI_SPACE_RE.finditer(text)))
    text, offsets = apply_edits(text, offsets, (Edit(m.start(), m.end(), "") for m in _SPACE_BEFORE_PUNCT_RE.finditer(text)))
    text, offsets = apply_edits(text, offsets, _rejoin_edits(text, vocabulary))
    text, offsets = apply_edits(text, offsets, _footnote_ref_edits(text, vocabulary))
    # Removing markup may leave spaces at the edge of a line.
    return apply_edits(text, offsets, (Edit(m.start(), m.end(), "") for m in _EDGE_SPACE_RE.finditer(text)))


# --- public API ---------------------------------------------------------------------------


def clean_text(raw: str, vocabulary: Vocabulary | None = None) -> tuple[str, list[int]]:
    """Repair extracted text and map every cleaned character back to ``raw``.

    Args:
        raw: Text as extracted (pages joined by the page separator).
        vocabulary: Known words deciding hyphens and split words; default
            the words of ``raw`` itself.

    Returns:
        The cleaned text (one logical line per paragraph, heading or bullet
        item, separated by single ``\\n``; a table of contents taken out) and ``offsets``, where
        ``offsets[i]`` is the index in ``raw`` of cleaned character ``i``
        (non-decreasing; ``len(offsets) == len(text)``).
    """
    vocabulary = build_vocabulary([raw]) if vocabulary is None else vocabulary
    text, offsets = normalize_chars(raw, range(len(raw)))
    text, offsets = join_lines(text, offsets, vocabulary)
    text, offsets = _inline(text, offsets, vocabulary)
    return drop_contents(text, offsets)


def clean(doc: LoadedDocument, vocabulary: Vocabulary | None = None) -> CleanDocument:
    """Clean a loaded document.

    Args:
        doc: The document as loaded.
        vocabulary: Known words (at ingest: the batch's words merged with
            the document's own); default the document's own words.

    Returns:
        The repaired text with offsets into ``doc.raw``.
    """
    raw = doc.raw
    if vocabulary is None:
        vocabulary = build_vocabulary([raw])
    text, offsets = clean_text(raw, vocabulary)
    return CleanDocument(source=doc, text=text, offsets=compact_offsets(offsets))
