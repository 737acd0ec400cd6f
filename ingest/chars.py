"""Cleaning stage 1: characters. Ligatures, odd spaces and line breaks, invisible marks, private-use
bullets and decomposed letters become the plain characters the later stages expect."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ingest.edits import Edit, apply_edits

BULLET = "•"
LETTER = r"[^\W\d_]"
WORD_RE = re.compile(rf"{LETTER}+(?:-{LETTER}+)*")
PLAIN_WORD_RE = re.compile(rf"{LETTER}+")

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


def _nfc_edits(text: str) -> list[Edit]:
    if unicodedata.is_normalized("NFC", text):
        return []
    edits = []
    for match in _CLUSTER_RE.finditer(text):
        normal = unicodedata.normalize("NFC", match.group(0))
        if normal != match.group(0):
            edits.append(Edit(match.start(), match.end(), normal))
    return edits


def normalize_chars(text: str, offsets: Sequence[int]) -> tuple[str, list[int]]:
    """NFC, odd spaces and line breaks, soft hyphens, ligatures, ``&`` for ``ff``."""
    text, offsets = apply_edits(text, offsets, _nfc_edits(text))
    edits = [Edit(m.start(), m.end(), _char_replacement(m.group(0))) for m in _CHAR_RE.finditer(text)]
    text, offsets = apply_edits(text, offsets, edits)
    edits = [Edit(m.start(), m.end(), "ff") for m in _AMP_FF_RE.finditer(text)]
    return apply_edits(text, offsets, edits)


