"""What a term means: a question that asks it, and a sentence that says it.

"Hvad går initiativpligten ud på?" is answered by "Initiativpligten betyder, at …", not by "Initiativpligten er
et centralt begreb": both name the term, only one says what it means. The marks are the general ones of
Danish and English writing ("betyder", "forstås ved", "hvilket vil sige", "dækker over", "means", "refers
to", a long form with its abbreviation in brackets), not one corpus's.
"""

from __future__ import annotations

import re

from foundation.text.bullets import BULLET

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
_MARK = re.compile(
    r"\b(?:betyder|betød|forstås|defineres|defineret\s+som|dækker\s+over|handler\s+om|indebærer|menes|"
    r"vil\s+sige|dvs\b|means|is\s+defined|refers\s+to|stands\s+for)",
    re.IGNORECASE,
)


def asks_definition(question: str) -> bool:
    """The question asks what a term means ("hvad menes der med …", "hvad går … ud på", "what does … mean")."""
    return bool(_ASKED.search(question))


def defines(text: str, key_terms: tuple[tuple[str, ...], ...]) -> bool:
    """The sentence says what one of the key terms means: a mark of definition and the term, the term as an
    abbreviation in brackets after its long form ("Landsdækkende Undersøgelse af Patientoplevelser (LUP)"), or
    the term and a colon opening a glossary line ("Pakkeforløb: …")."""
    low = text.lower()
    alternatives = [alt for group in key_terms for alt in group if len(alt) >= 2]
    if any(re.search(rf"\(\s*{re.escape(alt)}\s*\)", low) for alt in alternatives):
        return True
    # a glossary line or a footnote: the term and a colon ("10 Pakkeforløb: på psykiatriområdet er der udviklet …")
    if any(re.match(rf"\s*(?:{BULLET}\s*|\d{{1,3}}\s+)?{re.escape(alt)}\w*\s*:", low) for alt in alternatives):
        return True
    return bool(_MARK.search(text)) and any(alt in low for alt in alternatives)
