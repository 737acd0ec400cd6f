"""The municipalities a question names, learnt from the indexed documents' stored parties and titles.

A question that names a town ("hvor hurtigt skal genoptræning begynde i Kolding?") is asked of the documents of
that municipality and of those that name none (a region's agreement with all of its municipalities). A document
of other named municipalities ("Aalborg Kommune", "Næstved, Slagelse og Ringsted Kommuner") is no answer, as
another region's agreement is not (``assistant.applies``). Where the documents that name the municipality and whose
region is known are all of one region, the question names that region too.

The name is no key term where a document is of it (its own document seldom repeats it in the sentence that answers)
or where no document's text holds it at all; a name the documents hold without being of it stays a term ("Aarhus
Universitetshospital", "Randersklyngen"). A municipality is known by the name its documents give it, read at ingest
into their parties ("Herning Kommune", "kommunerne Herning, Holstebro og Struer") and titles ("Kolding Kommunes
handleplan …"), and by the country's list of municipalities and the region each lies in, a general fact like the
regions' names (``foundation.text.regions``): a question about "Haderslev" is asked of Southern Denmark's documents. A question may write the name in lower case ("i kolding") where the Danish dictionary
knows it as a proper name; a name that is also a common word ("Vejen", "Odder") counts only written with its
capital inside the question.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from foundation.text.lemma import lemma
from foundation.text.regions import MUNICIPALITY_REGIONS
from ingest.parties import party_names, title_municipalities

_WORD = re.compile(r"[A-Za-zÆØÅæøåéü]+(?:-[A-Za-zÆØÅæøåéü]+)*")


def _forms(name: str) -> set[str]:
    """A name and, for one in the genitive ("Københavns Kommune"), the name without its s."""
    low = name.lower()
    return {low, low[:-1]} if low.endswith("s") and len(low) > 4 else {low}


def places_of(meta: Mapping[str, Any]) -> frozenset[str]:
    """The municipalities a document is of, by the lower-case names its parties and title give."""
    names = [n for party in meta.get("parties") or () for n in party_names(str(party))]
    names += title_municipalities(str(meta.get("title") or ""))
    return frozenset(f for n in names for f in _forms(n))


class Places:
    """The indexed documents' municipalities, for the questions that name one."""

    def __init__(self, metas: Mapping[str, Mapping[str, Any]], country: Mapping[str, str] = MUNICIPALITY_REGIONS) -> None:
        """``country``: every municipality's name and its region (``foundation.text.regions``)."""
        self.of = {doc: places_of(meta) for doc, meta in metas.items()}
        self.region = {doc: meta.get("region") for doc, meta in metas.items()}
        self.of_documents = frozenset().union(*self.of.values()) if self.of else frozenset()
        self.country = {f: region for name, region in country.items() for f in _forms(name)}
        self.known = self.of_documents | frozenset(self.country)

    def _place(self, word: str, first: bool) -> str | None:
        low = word.lower()
        name = low if low in self.known else low[:-1] if low.endswith("s") and low[:-1] in self.known else None
        if name is None:
            return None
        written = word[:1].isupper() and not first  # a capital inside the question marks a name
        return name if written or lemma(low)[:1].isupper() else None

    def named(self, question: str) -> tuple[tuple[str, str], ...]:
        """(the word as the question writes it in lower case, the municipality it names) for each one named:
        "koldings handleplan" names kolding, "Kolding's action plan" too."""
        if not self.known:
            return ()
        out = []
        for i, m in enumerate(_WORD.finditer(question)):
            name = self._place(m.group(0), i == 0)
            if name:
                out.append((m.group(0).lower(), name))
        return tuple(dict.fromkeys(out))

    def kept(self, names: tuple[str, ...]) -> frozenset[str] | None:
        """The documents of a named municipality and those that name none; None where that is every document."""
        wanted = set(names)
        kept = frozenset(d for d, places in self.of.items() if not places or places & wanted)
        return None if not wanted or len(kept) == len(self.of) else kept

    def regions(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The region the municipalities lie in, where it is one: the country's, else that of the documents that name
        them whose region is known ("Aalborg Kommune"'s own agreement may name no region)."""
        wanted = set(names)
        found = {self.country[n] for n in wanted if n in self.country}
        found |= {str(self.region[d]) for d, places in self.of.items() if places & (wanted - set(self.country)) and self.region[d]}
        return tuple(found) if len(found) == 1 else ()
