"""English words of Greek and Latin stock written as Danish writes the same word.

"antipsychotic" is "antipsykotisk", "chronic" "kronisk", "physiotherapy" "fysioterapi", "quality" "kvalitet":
the two languages borrowed these words alike and spell them by their own rules. The rules are the general ones
of the two orthographies (ph → f, ch → k, th → t, qu → kv, a hard c → k; -ic → -isk, -ity → -itet, -y → -i …),
not any corpus's words; a caller keeps only the spellings its own vocabulary uses, so a rule that makes a word
Danish does not know ("publik") finds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_LETTERS = (("ph", "f"), ("ch", "k"), ("th", "t"), ("qu", "kv"), ("x", "ks"))
_HARD_C = re.compile(r"c(?=[aoulrtk]|$)")
_ENDINGS = (
    ("ically", ("isk",)), ("ical", ("isk", "iske")), ("ics", ("ik",)), ("ic", ("isk", "iske", "ika", "ik")),
    ("ity", ("itet",)), ("ary", ("ær", "ære")), ("ive", ("iv", "ive")), ("ism", ("isme",)),
    ("ology", ("ologi",)), ("graphy", ("grafi",)), ("ography", ("ografi",)), ("ine", ("in", "ine")), ("y", ("i",)),
)
_INFLECTIONS = ("", "e", "en", "er", "et", "erne")
MIN_LENGTH = 6
"""Shorter words are too often another word in the other language."""
MIN_HEAD = 4
"""A compound's part after the cognate has at least this many letters ("erstatning", not an inflection)."""


def _stems(word: str) -> list[str]:
    """``word`` as Danish spells its stem by the rules (without inflections), or [] for a short word or one the rules
    leave as it is."""
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
    return [f for f in dict.fromkeys(form for stem in stems for form in (stem, _HARD_C.sub("k", stem))) if f != word]


def danish_spellings(word: str, known: Callable[[str], bool]) -> list[str]:
    """The Danish spellings of ``word`` (lower case) that ``known`` accepts, with their inflections; none for a
    word the rules leave as it is (no cognate is told apart from the word itself) or a short one."""
    out: list[str] = []
    for stem in _stems(word):
        out.extend(f for f in (stem + end for end in _INFLECTIONS) if known(f) and f not in out)
    return out


def compounds_opened_by(word: str, opening: Callable[[str], Iterable[str]], as_is: bool = False) -> list[str]:
    """Words of a vocabulary that begin with ``word`` as Danish spells it and go on with a word of their own
    ("nicotine" → "nikotinerstatning", "mentor" → "mentorordning"): where Danish has the word only inside compounds. ``opening(prefix)``: the
    vocabulary's words that begin with ``prefix``; ``as_is``: the word as it is opens them too (a loan word the
    vocabulary does not know alone: "mentor" → "mentorordning")."""
    openers = [word, *_stems(word)] if as_is and len(word) >= MIN_LENGTH and word.isalpha() else _stems(word)
    return list(dict.fromkeys(v for s in openers for v in opening(s) if len(v) - len(s) >= MIN_HEAD))
