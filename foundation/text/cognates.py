"""English words of Greek and Latin stock written as Danish writes the same word.

"antipsychotic" is "antipsykotisk", "chronic" "kronisk", "physiotherapy" "fysioterapi", "quality" "kvalitet":
the two languages borrowed these words alike and spell them by their own rules. The rules are the general ones
of the two orthographies (ph → f, ch → k, th → t, qu → kv, a hard c → k; -ic → -isk, -ity → -itet, -y → -i …),
not any corpus's words; a caller keeps only the spellings its own vocabulary uses, so a rule that makes a word
Danish does not know ("publik") finds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_LETTERS = (("ph", "f"), ("ch", "k"), ("th", "t"), ("qu", "kv"), ("x", "ks"))
_HARD_C = re.compile(r"c(?=[aoulrtk]|$)")
_ENDINGS = (
    ("ically", ("isk",)), ("ical", ("isk", "iske")), ("ics", ("ik",)), ("ic", ("isk", "iske", "ika", "ik")),
    ("ity", ("itet",)), ("ary", ("ær", "ære")), ("ive", ("iv", "ive")), ("ism", ("isme",)),
    ("ology", ("ologi",)), ("graphy", ("grafi",)), ("ography", ("ografi",)), ("y", ("i",)),
)
_INFLECTIONS = ("", "e", "en", "er", "et", "erne")
MIN_LENGTH = 6
"""Shorter words are too often another word in the other language."""


def danish_spellings(word: str, known: Callable[[str], bool]) -> list[str]:
    """The Danish spellings of ``word`` (lower case) that ``known`` accepts, with their inflections; none for a
    word the rules leave as it is (no cognate is told apart from the word itself) or a short one."""
    if len(word) < MIN_LENGTH or not word.isalpha():
        return []
    base = word
    for en, da in _LETTERS:
        base = base.replace(en, da)
    stems = [base]
    for ending, danish in _ENDINGS:
        if base.endswith(ending):
            stems = [base[: -len(ending)] + d for d in danish]
            break
    out: list[str] = []
    for stem in stems:
        for form in (stem, _HARD_C.sub("k", stem)):
            if form == word:
                continue
            out.extend(f for f in (form + end for end in _INFLECTIONS) if known(f) and f not in out)
    return out
