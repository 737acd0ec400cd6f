"""Sentence boundaries in Danish text, guarding abbreviations (``bl.a.``, ``jf.``, ``kr.``).

Used by the splitter at ingest and by the answer side when it quotes or checks sentences, so it
lives below both.
"""

from __future__ import annotations

import re

from foundation.text.bullets import LETTER_ITEM

ABBREVIATIONS = {
    "pr", "bl.a", "bla", "kr", "jf", "ca", "mv", "m.v", "f.eks", "feks", "evt", "inkl", "ekskl", "mht", "m.h.t",
    "dvs", "d.v.s", "nr", "stk", "pkt", "osv", "o.l", "ol", "mm", "m.m", "jvf", "vedr", "hhv", "iht", "i.h.t",
    "el", "tlf", "ift", "i.f.t", "mio", "mia", "st", "s", "ff", "t.o.m", "f.o.m", "fx", "vha", "pga", "p.g.a",
    "e.g", "i.e", "etc", "dr", "ass", "spec", "sek", "min", "kap", "bilag", "ang", "inkl", "red", "udg",
    "kl",
}

_SENTENCE_END = re.compile(r"[.!?]['\"”’)]*\s+(?=[\"“'‘(]?[A-ZÆØÅ0-9•])")
_LETTER_MARK = re.compile(rf"^\(?{LETTER_ITEM}\s+")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")
# a number that a time of day, a paragraph or an item labels is a count, never an ordinal: "mellem kl. 8 og 22.",
# "senest kl. 15.", "sundhedslovens § 84.", "stk. 2." end a sentence where a capital follows
_LABELLED_NUMBER = re.compile(
    r"(?:\bkl\.?|\bklokken|§|\bstk\.|\bnr\.)\s*\d{1,2}(?:[.:]\d{2})?"
    r"(?:\s*(?:[-–]|og|til)\s*(?:kl\.?\s*|klokken\s+)?\d{1,2}(?:[.:]\d{2})?)?\.$",
    re.IGNORECASE,
)


def _ends_with_abbreviation(text: str) -> bool:
    m = _WORD_BEFORE.search(text)
    if not m:
        return False
    word = m.group(1).lower()
    if word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS:
        return True
    # single letters and ordinals like "1." or "f." are not sentence ends
    if word.isdigit() and len(word) <= 2:
        return not _LABELLED_NUMBER.search(text)
    return len(word) == 1


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, a single logical line.

    Cuts after ``.``, ``!`` or ``?`` followed by a capital or digit, except
    after a known abbreviation (``bl.a.``, ``jf.``, ``kr.``, ...).
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cur = start
    for m in _SENTENCE_END.finditer(text, start, end):
        cut = m.start() + len(m.group(0).rstrip())
        if _ends_with_abbreviation(text[cur : m.start() + 1]):
            continue
        if cut - cur >= 2:
            spans.append((cur, cut))
        cur = m.end()
    if end - cur >= 1 and text[cur:end].strip():
        spans.append((cur, end))
    return [trim_span(text, s, e) for s, e in spans if text[s:e].strip()]


def trim_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def starts_lower(text: str) -> bool:
    """The text opens with a lower-case word (a continuation cut off by a bad split).

    Bullets, quotes, brackets and a lettered item's mark ("b) Sondeernæring: …") are skipped; a text that
    opens with a number ("18 ud af 19 kommuner …", "90 % af …") is a whole sentence, not a continuation.
    """
    first = next((ch for ch in _LETTER_MARK.sub("", text.strip(), count=1) if ch.isalnum()), "")
    return bool(first) and first.isalpha() and first.islower()
