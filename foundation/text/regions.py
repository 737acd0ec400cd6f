"""Denmark's five regions: their names in Danish and English, and how a text names them.

General facts of the country, not of any corpus: an agreement from any region is read with the same
names (ingest's region of a document, the register's places, a question's scope).
"""

from __future__ import annotations

import re

REGIONS = ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")
"""The region values a catalog and ingest give documents."""

REGION_NAMES: dict[str, str] = {
    "hovedstaden": "Hovedstaden", "region hovedstaden": "Hovedstaden", "capital region": "Hovedstaden",
    "hovedstadsregionen": "Hovedstaden", "capital region of denmark": "Hovedstaden",
    "midtjylland": "Midtjylland", "region midtjylland": "Midtjylland", "central denmark": "Midtjylland", "central jutland": "Midtjylland",
    "mid jutland": "Midtjylland", "mid-jutland": "Midtjylland", "central region": "Midtjylland",
    "nordjylland": "Nordjylland", "region nordjylland": "Nordjylland", "north denmark": "Nordjylland", "northern jutland": "Nordjylland",
    "north jutland": "Nordjylland",
    "syddanmark": "Syddanmark", "region syddanmark": "Syddanmark", "southern denmark": "Syddanmark", "south denmark": "Syddanmark",
    "sjælland": "Sjælland", "region sjælland": "Sjælland", "zealand": "Sjælland", "region zealand": "Sjælland",
}
"""A region's name in Danish or English, lower-case, and the region it names."""

REGION_TEXT_PATTERNS = {
    "Hovedstaden": r"\bhovedstad(?:en|sregion\w*)\b",
    "Sjælland": r"(?<![\w-])sjælland(?:s|sk\w*)?\b",
    "Syddanmark": r"\bsyddanmark\w*|\bsyddansk\w*|\bregion syd\b",
    "Midtjylland": r"\bmidtjylland\w*|\bmidtjysk\w*|\bregion midt\b",
    "Nordjylland": r"\bnordjylland\w*|\bnordjysk\w*|\bregion nord\b",
}
"""How a Danish text names a region: its name and inflections, its adjective ("nordjyske"), "region midt"."""

REGION_PATTERN = re.compile("|".join(f"(?:{p})" for p in REGION_TEXT_PATTERNS.values()), re.IGNORECASE)
"""Any region's name, the way a text names it (to tell a question's regions from its other words)."""


def regions_named(text: str) -> tuple[str, ...]:
    """The regions ``text`` names the way ingest reads a document's region ("region midt", "nordjyske")."""
    return tuple(sorted(r for r, pat in REGION_TEXT_PATTERNS.items() if re.search(pat, text, re.IGNORECASE)))


_MUNICIPALITIES = {
    "Hovedstaden": "Albertslund Allerød Ballerup Bornholm Brøndby Dragør Egedal Fredensborg Frederiksberg Frederikssund "
                   "Furesø Gentofte Gladsaxe Glostrup Gribskov Halsnæs Helsingør Herlev Hillerød Hvidovre Høje-Taastrup "
                   "Hørsholm Ishøj København Lyngby-Taarbæk Rudersdal Rødovre Tårnby Vallensbæk",
    "Sjælland": "Faxe Greve Guldborgsund Holbæk Kalundborg Køge Lejre Lolland Næstved Odsherred Ringsted Roskilde Slagelse "
                "Solrød Sorø Stevns Vordingborg",
    "Syddanmark": "Assens Billund Esbjerg Fanø Fredericia Faaborg-Midtfyn Haderslev Kerteminde Kolding Langeland Middelfart "
                  "Nordfyn Nyborg Odense Svendborg Sønderborg Tønder Varde Vejen Vejle Ærø Aabenraa",
    "Midtjylland": "Favrskov Hedensted Herning Holstebro Horsens Ikast-Brande Lemvig Norddjurs Odder Randers "
                   "Ringkøbing-Skjern Samsø Silkeborg Skanderborg Skive Struer Syddjurs Viborg Aarhus",
    "Nordjylland": "Brønderslev Frederikshavn Hjørring Jammerbugt Læsø Mariagerfjord Morsø Rebild Thisted Vesthimmerland "
                   "Aalborg",
}
MUNICIPALITY_REGIONS: dict[str, str] = {name: region for region, names in _MUNICIPALITIES.items() for name in names.split()}
"""Denmark's 98 municipalities (since 2007) by their names and the region each lies in."""
