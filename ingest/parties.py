"""Who an agreement is between: its parties as the text prints them ("mellem Region Nordjylland og de 11 kommuner",
"Hospitalsenheden Gødstrup og kommunerne Herning, Holstebro og Struer"), each with its kind, and a title's
municipalities ("Kolding Kommunes handleplan"). General Danish phrasings of an agreement's parties; nothing here
knows the bundled documents. Part of a document's facts (``ingest.facts``)."""

from __future__ import annotations

import re
from collections import Counter

from foundation.messages import listed

_PARTY_TERMS = (
    ("region", r"\bregion(?:en|erne|er|s|sråd\w*)?\b"),
    ("hospital", r"\b\w*(?:hospital|sygehus)\w*"),
    ("kommuner", r"\bkommune(?:r|rne|n)?\b|\bkommunalbestyrelse\w*"),
    ("almen praksis", r"\balmen praksis\b|\bpraksissektor\w*|\bpraktiserende læge\w*|\bplo\b"),
)
_SENTENCE = re.compile(r"[^.!?]+[.!?]?")
_AGREEMENT_CUE = re.compile(r"aftale\w*.*\b(?:mellem|indgå\w*)\b|\b(?:mellem|indgå\w*)\b.*aftale", re.IGNORECASE)
_COLLABORATION_CUE = re.compile(r"\b(?:samarbejd\w*|forpligt\w*|aftale\w*|indgå\w*)", re.IGNORECASE)
_COUNT = re.compile(r"\b(?:de|alle|som|af|for) (\d{1,3}) (?:\w+ )?kommuner\b", re.IGNORECASE)
_JOINT_MUNICIPAL = re.compile(r"fælleskommunal\w*|kommunernes fælles", re.IGNORECASE)
# a name as a party list prints it: "Herning", "Ikast-Brande", "Ringkøbing-Skjern", "Hospitalsenheden Gødstrup"
_NAME = r"[A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ]?[a-zæøåéü]+)*"
# "kommunerne Herning", "de fynske kommuner Odense", then more names
_MUNICIPALITIES_HEAD = r"(?:(?:de|alle)\s+)?(?:[a-zæøå]+\s+)?kommuner(?:ne)?"  # "kommunerne", "de fynske kommuner"
_NAMED_MUNICIPALITIES = re.compile(rf"^{_MUNICIPALITIES_HEAD}\s+{_NAME}$")
_MUNICIPALITIES_NAMED_BEFORE = re.compile(rf"^{_NAME}\s+[Kk]ommuner$")  # "… og Rebild Kommuner"
_NAMED_MUNICIPALITY = re.compile(rf"^{_NAME}(?:\s+{_NAME})?\s+Kommune$")  # "Herning Kommune"
# what follows a party's name: what it is of ("Odense Universitetshospital om udskrivning"), the unit it acts by
# ("Region Nordjylland ved Børne- og Ungdomspsykiatrien"), a title's period
_TAIL = re.compile(r"\s+(?:om|i|til|for|på|ved|vedr\.?|vedrørende|omkring|med|fra|under)\s.*$|\s+(?:19|20)\d\d\b.*$")
# a list's items: "A, B og C"; "Børne- og Ungdomspsykiatrien", a compound's parts joined by "og" after a hyphen, is one
_ITEMS = re.compile(r",\s*|(?<!-)\s+og\s+")
_NAMED_HOSPITAL = re.compile(rf"^(?:{_NAME}\s+)*\w*(?:[Hh]ospital|[Ss]ygehus)\w*(?:\s+{_NAME})*$")  # "Hospitalsenheden Gødstrup"


def _party_list(after: str) -> list[tuple[str, str | None]]:
    """The coordinated parties right after "mellem", each its label and the name it is printed with where it
    names one: "region, kommuner og almen praksis" → (region, None), (kommuner, None), (almen praksis, None);
    "Hospitalsenheden Gødstrup og kommunerne Herning, Holstebro og Struer" → (hospital, "Hospitalsenheden
    Gødstrup"), (kommuner, "kommunerne Herning, Holstebro og Struer"); "… og Aalborg, Jammerbugt og Rebild
    Kommuner" → (kommuner, "Aalborg, Jammerbugt og Rebild Kommuner"); "Bispebjerg og Frederiksberg Hospital" is
    one hospital."""
    found: list[tuple[str, str | None]] = []
    towns: list[str] = []  # a list of municipalities "kommunerne Herning, Holstebro …", while it goes on
    bare: list[str] = []  # names before what they are ("Aalborg, Jammerbugt og Rebild Kommuner")
    for item in _ITEMS.split(after):
        whole = re.sub(r"\s*\([^)]*\)", "", item).strip().rstrip(".!?").strip()
        item = _TAIL.sub("", whole)  # the name without what it is of: "Odense Universitetshospital (OUH) om udskrivning"
        if len(item.split()) > 5:
            break  # no party's name: the list has ended in a clause
        if re.fullmatch(_NAME, item):
            (towns if towns else bare).append(item)
            continue
        if towns:
            found.append(("kommuner", listed(towns)))
            towns = []
        if bare:  # the names before what they are: "Aalborg, Jammerbugt og Rebild Kommuner", "Bispebjerg og Frederiksberg Hospital"
            label = "kommuner" if _MUNICIPALITIES_NAMED_BEFORE.match(item) else "hospital" if _NAMED_HOSPITAL.match(item) else None
            if label is None or not item[0].isupper():
                break  # names of something else
            found.append((label, listed([*bare, item])))
            bare = []
            continue
        hits = [(m.start(), label) for label, pat in _PARTY_TERMS if (m := re.search(pat, whole, re.IGNORECASE))]
        if not hits:
            break  # "praksisudvalget for almen praksis" is general practice by what follows its name
        label = min(hits)[1]
        if label == "kommuner" and _NAMED_MUNICIPALITIES.match(item):
            towns = [item]
            continue
        named = item if (label == "kommuner" and _NAMED_MUNICIPALITY.match(item)) or (
            label == "hospital" and _NAMED_HOSPITAL.match(item) and item[0].isupper()) else None
        if (label, named) not in found and not (named is None and any(lab == label for lab, _ in found)):
            found.append((label, named))
    if towns:
        found.append(("kommuner", listed(towns)))
    return found


def party_kind(name: str) -> str | None:
    """The kind of party a stored party is ("region", "hospital", "kommuner", "almen praksis"), by the first of the
    kinds' words its name holds: "Regionshospitalet Randers" is a hospital, "Aalborg, Jammerbugt og Rebild Kommuner"
    municipalities, "17 kommuner" too."""
    hits = [(m.start(), label) for label, pat in _PARTY_TERMS if (m := re.search(pat, name, re.IGNORECASE))]
    return min(hits)[1] if hits else None


_HEAD_WORDS = re.compile(rf"^{_MUNICIPALITIES_HEAD}\s+|\s+[Kk]ommuner$")


def party_count(name: str) -> int | None:
    """How many bodies a stored party is: the number it gives ("22 kommuner"), the names it lists ("Næstved, Slagelse og
    Ringsted Kommuner", "kommunerne Herning, Holstebro og Struer": 3), 1 for one body by its name ("Københavns
    Kommune", "Region Syddanmark"); None where it says no number ("kommunerne", "almen praksis")."""
    m = re.match(r"^(\d{1,3})\s", name)
    if m:
        return int(m.group(1))
    listed = _listed(name)
    if listed is not None:
        return len(listed) or None
    return 1 if name[:1].isupper() else None


def _listed(name: str) -> list[str] | None:
    """The names a list of municipalities gives after or before its head ("kommunerne Herning, Holstebro og Struer",
    "Næstved, Slagelse og Ringsted Kommuner"); empty where its items are no names; None where it is no list."""
    names = _HEAD_WORDS.sub("", name)
    if names == name:
        return None
    parts = [p.strip() for p in _ITEMS.split(names) if p.strip()]
    return parts if parts and all(re.fullmatch(_NAME, p) for p in parts) else []


_TITLE_MUNICIPALITY = re.compile(rf"\b({_NAME})\s+[Kk]ommunes?\b")  # "Kolding Kommunes handleplan"


def title_municipalities(title: str) -> tuple[str, ...]:
    """The municipalities a title names by "X Kommune" ("Kolding Kommunes handleplan …": Kolding)."""
    return tuple(_TITLE_MUNICIPALITY.findall(title))


def party_names(name: str) -> tuple[str, ...]:
    """The municipalities a stored party names: "Herning Kommune" and "Københavns Kommune" one each, "Næstved,
    Slagelse og Ringsted Kommuner" three; none where it gives a number or a kind only ("22 kommuner", "kommunerne")
    or is no municipality ("Region Syddanmark", "Aalborg Universitetshospital")."""
    if party_kind(name) != "kommuner":
        return ()
    if _NAMED_MUNICIPALITY.match(name):
        return (name.rsplit(" ", 1)[0],)
    return tuple(_listed(name) or ())


def _between(sentence: str) -> list[tuple[str, str | None]]:
    """The parties a sentence names after its first "mellem" that is followed by any ("… mellem region,
    kommuner og almen praksis"); empty when none is."""
    for m in re.finditer(r"\bmellem\s+", sentence, re.IGNORECASE):
        labels = _party_list(sentence[m.end() :])
        if labels:
            return labels
    return []


def states_parties(sentence: str) -> bool:
    """The sentence says between whom an agreement or collaboration is made ("… indgået mellem Region
    Nordjylland og de 11 kommuner"), as ``_parties`` reads a document's parties."""
    return bool(_COLLABORATION_CUE.search(sentence)) and bool(_between(sentence))


def document_parties(head: str, body: str, region: str | None) -> tuple[str, ...]:
    """Who the document's collaboration is between, in the order region, hospitals, municipalities, general practice.

    Only the "between" construction names parties ("indgået mellem A og B");
    "vi indgår aftaler med A og B" names counterparties, not the document's
    parties. The first sentence on the first pages that says an agreement is
    made between parties wins, else the first collaboration sentence with
    "mellem" naming parties; a joint municipal paper with neither is the
    municipalities'. A hospital or a municipality is given by the name it is
    printed with ("Hospitalsenheden Gødstrup", "kommunerne Herning, Holstebro og
    Struer", "Herning Kommune"); municipalities without names are "N kommuner"
    when the text gives their number ("de 19 kommuner"), else "kommunerne".
    """
    sentences = [s.group(0) for s in _SENTENCE.finditer(head)]
    found: list[tuple[str, str | None]] = []
    for wanted in (_AGREEMENT_CUE, _COLLABORATION_CUE):
        found = next((got for sentence in sentences if wanted.search(sentence) and (got := _between(sentence))), [])
        if found:
            break
    if not found and _JOINT_MUNICIPAL.search(head):
        found = [("kommuner", None)]
    counts = Counter(m.group(1) for m in _COUNT.finditer(body))
    names = {
        "region": f"Region {region}" if region else "regionen",
        "hospital": "hospitalerne",
        "kommuner": f"{counts.most_common(1)[0][0]} kommuner" if counts else "kommunerne",
        "almen praksis": "almen praksis",
    }
    return tuple(named or names[label] for wanted, _ in _PARTY_TERMS for label, named in found if label == wanted)


