"""What a term means: a question that asks it, and a sentence that says it.

"Hvad går initiativpligten ud på?" is answered by "Initiativpligten betyder, at …", not by "Initiativpligten er
et centralt begreb": both name the term, only one says what it means. The marks are the general ones of
Danish and English writing ("betyder", "forstås ved", "hvilket vil sige", "dækker over", "means", "refers
to", a long form with its abbreviation in brackets), not one corpus's.
"""

from __future__ import annotations

import re

from foundation.text.bullets import BULLET
from foundation.text.tokens import stem

_ASKED = re.compile(
    r"\bhvad\s+(?:menes|mentes|forstås|forstaas)\s+(?:der\s+)?(?:med|ved)\b"
    r"|\bhvad\s+(?:betyder|dækker|daekker|indebærer|indebaerer)\b"
    r"|\bhvad\s+(?:går|gaar|gik)\s+.{1,60}?\s+ud\s+(?:på|paa)\b"
    r"|\bhvad\s+(?:er|var)\s+.{1,60}?\s+for\s+noget\b"
    r"|\bhvad\s+(?:står|staar|star)\s+.{1,30}?\s+for\b"
    r"|^\s*(?:hvad|what)\s+(?:er|is|are)\s+(?:\S+\s+){0,3}\S+\s*\??\s*$"
    r"|\bwhat\s+(?:does|do|did)\s+.{1,60}?\s+(?:mean|stand\s+for|refer\s+to)\b"
    r"|\bwhat\s+is\s+meant\s+by\b|\bwhat\s+is\s+understood\s+by\b",
    re.IGNORECASE,
)
ENTRY_WORDS = 4
"""A glossary entry's heading is a term of a few words; a longer heading is a section's title."""

_MARK = re.compile(
    r"\b(?:betyder|betød|forstås|defineres|defineret\s+som|dækker\s+over|handler\s+om|indebærer|menes|"
    r"vil\s+sige|dvs\b|means|is\s+defined|refers\s+to|stands\s+for)",
    re.IGNORECASE,
)


_ASKING = re.compile(r"betydning|mean|meant|menes|mentes|forstås|forstaas|dækker|daekker|indebærer|indebaerer|"
                     r"understood|stand|refer", re.IGNORECASE)


def asks_definition(question: str) -> bool:
    """The question asks what a term means ("hvad menes der med …", "hvad går … ud på", "what does … mean")."""
    return bool(_ASKED.search(question))


def entry_terms(section: str | None, text: str, start: int, key_terms: tuple[tuple[str, ...], ...]) -> frozenset[tuple[str, ...]]:
    """The key terms a sentence is the glossary entry of: its own heading is those terms alone, and the sentence
    stands right under it ("Visitation" over "Kommunens enhed, som modtager genoptræningsplanen …"; "Almen
    genoptræning" over "Genoptræning, som kommunen leverer …"). ``text``: the document's text, the sentence at
    ``start``. A term list set as headings and definitions says what a term means without a mark of definition;
    the heading is the sentence's subject."""
    heading = (section or "").rsplit("›", 1)[-1].strip()
    end = start  # where the text before the sentence ends, blank space left out (read in place, not copied)
    while end and text[end - 1].isspace():
        end -= 1
    if not heading or len(heading.split()) > ENTRY_WORDS or end < len(heading) or not text.startswith(heading, end - len(heading)):
        return frozenset()
    return _named_terms(heading, key_terms)


def _named_terms(phrase: str, key_terms: tuple[tuple[str, ...], ...]) -> frozenset[tuple[str, ...]]:
    """The key terms a short phrase is, and nothing else: one term ("Frit valg" as one key term), or each of its
    words one (a question's "almen genoptræning" read as two key terms); not a compound one of them begins
    ("Genoptræningsplan" is no entry of "genoptræning")."""
    words = _stems(phrase)
    if not words or len(words) > ENTRY_WORDS:
        return frozenset()
    for group in key_terms:
        if any(_stems(alt) == words for alt in group if len(alt) >= 2):
            return frozenset({group})
    named = [next((g for g in key_terms if any(_stems(alt) == [w] for alt in g)), None) for w in words]
    return frozenset(named) if len(named) > 1 and None not in named else frozenset()


def defined_terms(key_terms: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """The key terms whose meaning is asked: not the words that ask it ("menes", "betyder", "forstås")."""
    return tuple(g for g in key_terms if not any(_MARK.fullmatch(alt) or _ASKING.fullmatch(alt) for alt in g))


def _compound_of(phrase: str, key_terms: tuple[tuple[str, ...], ...], untranslated: frozenset[tuple[str, ...]]) -> bool:
    """The phrase is one compound that begins with a key term, and every other key term is an English word with no
    Danish term, which the compound's rest may be ("Terminalbevilling" for "terminal grant"); "Genoptræningsplan"
    says nothing of "specialiseret genoptræning"."""
    if len(phrase.split()) != 1:
        return False
    first = [g for g in key_terms if any(len(alt) >= 2 and phrase.startswith(alt) for alt in g)]
    return len(first) == 1 and all(g in untranslated for g in key_terms if g is not first[0])


def _stems(phrase: str) -> list[str]:
    return [stem(w) for w in re.findall(r"\w+", phrase.lower())]


def defines(text: str, key_terms: tuple[tuple[str, ...], ...], untranslated: frozenset[tuple[str, ...]] = frozenset()) -> bool:
    """The sentence says what one of the key terms means: a mark of definition and the term, the term as an
    abbreviation in brackets after its long form ("Landsdækkende Undersøgelse af Patientoplevelser (LUP)"), the
    term and a colon opening a glossary line ("Pakkeforløb: …"), or the term's row of a table of two columns."""
    low = text.lower()
    alternatives = [alt for group in key_terms for alt in group if len(alt) >= 2]
    if any(re.search(rf"\(\s*{re.escape(alt)}\s*\)", low) for alt in alternatives):
        return True
    # a glossary line or a footnote: the term and a colon ("10 Pakkeforløb: på psykiatriområdet er der udviklet …",
    # "Specialiseret genoptræning: Genoptræning, der …")
    line = re.match(rf"\s*(?:{BULLET}\s*|\d{{1,3}}\s+)?([^:|]{{2,60}}?)\s*:", low)
    if line and (_named_terms(line.group(1), key_terms) or _compound_of(line.group(1), key_terms, untranslated)):
        return True
    # a term list set as a table of two columns: the term's row ("Visitation | Kommunens enhed, som …", "Basal
    # palliation | Den lindrende indsats …"), its first cell the question's terms alone
    row = re.match(r"\s*([^|]+?)\s*\|[^|]{12,}$", low)
    if row and (_named_terms(row.group(1), key_terms) or _compound_of(row.group(1), key_terms, untranslated)):
        return True
    return bool(_MARK.search(text)) and any(alt in low for alt in alternatives)
