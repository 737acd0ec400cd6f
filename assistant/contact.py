"""Contact details a question asks for (a phone number, an e-mail or web address, a postal address) and
whether a sentence states one.

A sentence about the telephone service is no answer to "hvad er telefonnummeret til telefonvagten": the
quote must hold a number one can call. The forms are those of Danish and English writing in general
(eight digits in pairs or fours, ``@``, ``www.``, a street with its number, a postcode with its town), not
one corpus's.
"""

from __future__ import annotations

import re

_ASKED: dict[str, re.Pattern[str]] = {
    "phone": re.compile(
        r"\b(?:telefon\s*-?\s*num(?:mer|re)\w*|tlf\b\.?(?:\s*-?\s*(?:nr\b\.?|numre?\w*))?"
        r"|(?:tele)?phone\s+numbers?|numbers?\s+to\s+(?:call|ring|phone))",
        re.IGNORECASE,
    ),
    "email": re.compile(r"\b(?:e-?mail\s*-?\s*adresse\w*|mailadresse\w*|e-?mail\s+address\w*)", re.IGNORECASE),
    # the address itself, not a yes/no on what a website holds ("Står det på kommunens hjemmeside?")
    "web": re.compile(
        r"\b(?:hjemmesideadresse\w*|webadresse\w*|web\s*address\w*|url"
        r"|(?:hvad|what)\s+(?:er|is)\s+(?:the\s+|its\s+|their\s+|deres\s+|dens\s+)?(?:hjemmeside\w*|website|web\s*site|link\w*))\b",
        re.IGNORECASE,
    ),
    "address": re.compile(
        r"\b(?:adresse[nr]?|postadresse\w*|besøgsadresse\w*)\b"
        r"|\b(?:the|its|their|what's|what\s+is)\s+(?:postal\s+|street\s+|visiting\s+|office\s+)?address\b"
        r"(?!\s+(?:the|this|these|that|those|it|them|issues?|problems?|challenges?|needs?))",
        re.IGNORECASE,
    ),
}
_STATED: dict[str, re.Pattern[str]] = {
    # eight digits, in pairs or fours ("87 28 47 00", "8728 4700", "87284700"); not two years ("2014 2015")
    "phone": re.compile(r"(?<![\d.,])(?:\d{2}\s\d{2}\s\d{2}\s\d{2}|\d{8}|(?!19|20)\d{4}\s\d{4})(?![\d.,]?\d)"),
    "email": re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    "web": re.compile(r"\bwww\.|https?://|\b[\w-]+\.(?:dk|com|org|net|eu)\b", re.IGNORECASE),
    # a street with its number ("Nordmarks Allé 1"), or a postcode with its town ("2620 Albertslund"; not a year)
    "address": re.compile(
        r"(?i:\b[\wæøå-]*(?:allé|alle|vej|vejen|gade|gaden|plads|pladsen|stræde|torv|torvet|boulevard)\s+\d{1,3}[a-z]?\b)"
        r"|\b(?!19\d\d|20\d\d)\d{4}\s+[A-ZÆØÅ][a-zæøå]+"
    ),
}


def asks_contact(question: str) -> str:
    """The contact detail the question asks for: "phone", "email", "web", "address", or ""."""
    for kind, pattern in _ASKED.items():
        if pattern.search(question):
            return kind
    return ""


def states_contact(text: str, kind: str) -> bool:
    """The sentence states a contact detail of that kind."""
    return bool(_STATED[kind].search(text))
