"""Who a body consists of: a question that asks it, and a sentence that says it.

"Who makes up the cross-sector network (TSN)?" is answered by "TSN er sammensat af alle risikomanagere fra …",
not by what the network does, nor by one member's taking part ("gravide som indgår i sårbarteam"). The
marks are general Danish and English ("består af", "sammensat af", "medlemmer", "consists of", a body's
name, a colon and its members), not one corpus's.
"""

from __future__ import annotations

import re

# "hvem er med i …", "hvem sidder i …", "who makes up …", "who sits on …": who belongs to a body is asked
_MEMBERS_ASKED = re.compile(
    r"\bhvem\s+udgør\b|\bhvem\s+(?:er|var|sidder|sad|indgår|indgik|deltager|deltog)\s+(?:med\s+)?i\b|\bhvem\s+består\s+.{1,60}?\s+af\b"
    r"|\bhvilke\s+(?:\S+\s+){1,2}(?:sidder|er\s+med|deltager|indgår)\s+i\b"
    r"|\bwho\s+(?:makes|make|made)\s+up\b|\bwho\s+(?:sits|sit|sat)\s+(?:on|in)\b|\bwho\s+(?:is|are|was|were)\s+(?:on|in)\s+(?!charge)"
    r"|\bwho\s+(?:takes|take|took)\s+part\s+in\b|\bwho\s+are\s+the\s+members\b|\bmade\s+up\s+of\b",
    re.IGNORECASE,
)
_MEMBERS = re.compile(
    r"\b(?:består\s+af|bestående\s+af|sammensat\s+af|sammensætning\w*|medlemmer\w*|repræsentanter|repræsenteret"
    r"|consists?\s+of|composed\s+of|members?|represented)\b",
    re.IGNORECASE,
)


# the verb a question of members asks with ("hvem sidder i …", "who sits on …"), and the words a sentence states
# members with: the one is answered by the other ("en arbejdsgruppe med repræsentanter fra kommunen, …")
MEMBER_VERBS = frozenset("sidder sad sidde deltager deltog deltage indgår indgik indgå udgør udgjorde består bestod "
                         "sits sit sat".split())
MEMBER_TERMS = ("består", "bestående", "sammensat", "sammensætning", "medlemmer", "repræsentanter", "repræsenteret")


def asks_members(question: str) -> bool:
    """The question asks who belongs to a body, a team or a network."""
    return bool(_MEMBERS_ASKED.search(question))


# a body's name, a colon and its members ("Vestklyngen: Hospitalsenheden Vest, Ikast-Brande, Herning … og Struer")
_MEMBER_LIST = re.compile(r":\s*[A-ZÆØÅ][^.:;]*,[^.:;]*\b(?:og|and)\b")


def states_members(text: str) -> bool:
    """The sentence says who a body consists of ("… er sammensat af alle risikomanagere fra …", or its name, a
    colon and the members); not one member's taking part ("gravide som indgår i sårbarteam")."""
    return bool(_MEMBERS.search(text) or _MEMBER_LIST.search(text))
