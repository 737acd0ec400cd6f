"""Query understanding: language, casual Danish, abbreviations, English terms, follow-ups."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from symspellpy import SymSpell, Verbosity

from foundation.text.language import detect_language, english_stopwords
from foundation.text.tokens import stopwords, words

# Casual spellings without æøå, and frequent short function words that folding can't recover alone.
_CASUAL = {
    "star": "står", "nar": "når", "hvornar": "hvornår", "pa": "på", "fa": "få", "far": "får", "ma": "må",
    "sa": "så", "ogsa": "også", "hvad": "hvad", "ae": "æ", "laege": "læge", "lage": "læge", "laeger": "læger",
    "lager": "læger", "boern": "børn", "born": "børn", "aeldre": "ældre", "aldre": "ældre", "skal": "skal",
}

# Danish question words with the words the agreements use for the same thing.
DA_SYNONYMS: dict[str, list[str]] = {
    "koster": ["udgift", "udgiften", "kr", "pris", "beløb"], "pris": ["udgift", "kr", "beløb"],
    "betaler": ["finansieres", "betaling", "udgift", "kr"], "betale": ["finansiere", "betaling", "udgift", "kr"],
    "fristen": ["senest", "frist", "inden"], "frist": ["senest", "inden"], "deadline": ["senest", "frist"],
    "besluttede": ["besluttet", "beslutning"], "stoppes": ["pauseres", "ophører", "stopper"],
    "læge": ["egen læge", "almen praksis", "praktiserende læge"], "lægen": ["egen læge", "almen praksis", "praktiserende læge"],
    "sygehus": ["hospital"], "sygehuset": ["hospitalet"], "sygehusene": ["hospitalerne"],
    "hospital": ["sygehus"], "hospitalet": ["sygehuset"],
}

# Regions named in a question, in Danish or English, and the region value in the catalog.
REGION_NAMES: dict[str, str] = {
    "hovedstaden": "Hovedstaden", "region hovedstaden": "Hovedstaden", "capital region": "Hovedstaden",
    "hovedstadsregionen": "Hovedstaden", "kkr hovedstaden": "Hovedstaden", "copenhagen region": "Hovedstaden",
    "midtjylland": "Midtjylland", "region midtjylland": "Midtjylland", "central denmark": "Midtjylland",
    "central jutland": "Midtjylland", "midt": "Midtjylland", "midtjyske": "Midtjylland", "kkr midtjylland": "Midtjylland",
}

CURATED_GLOSSARY: dict[str, str] = {
    "FMK": "Fælles Medicinkort",
    "KOL": "kronisk obstruktiv lungesygdom",
    "KKR": "Kommunekontaktråd",
    "PLO": "Praktiserende Lægers Organisation",
    "SKU": "Sundhedskoordinationsudvalget",
    "DUT": "Det Udvidede Totalbalanceprincip",
    "KL": "Kommunernes Landsforening",
    "AMK": "akutmodtagelse",
    "MedCom": "elektronisk kommunikation i sundhedsvæsenet",
    "IT": "informationsteknologi",
    "TOBS": "tidlig opsporing af begyndende sygdom",
    "SST": "Sundhedsstyrelsen",
    "PPR": "Pædagogisk Psykologisk Rådgivning",
}

# English → Danish terms for the lexical leg (several Danish forms per English term).
EN_DA: dict[str, list[str]] = {
    "capital region": ["hovedstaden"], "central denmark": ["midtjylland"], "central jutland": ["midtjylland"],
    "danish health authority": ["sundhedsstyrelsen"], "health authority": ["sundhedsstyrelsen"],
    "discharge": ["udskrivelse", "udskrivning"], "discharged": ["udskrevet", "udskrivelse"],
    "admission": ["indlæggelse"], "admitted": ["indlagt", "indlæggelse"], "hospitalisation": ["indlæggelse"],
    "hospitalization": ["indlæggelse"], "readmission": ["genindlæggelse"], "readmissions": ["genindlæggelser"],
    "rehabilitation": ["genoptræning", "rehabilitering"], "training": ["genoptræning", "træning"],
    "gp": ["almen praksis", "egen læge", "praktiserende læge"], "gps": ["almen praksis", "praktiserende læger"],
    "general": ["almen"], "practitioner": ["praktiserende læge", "almen praksis"], "practitioners": ["praktiserende læger"],
    "doctor": ["læge"], "doctors": ["læger"], "physician": ["læge"],
    "municipality": ["kommune", "kommunen"], "municipalities": ["kommuner", "kommunerne"], "municipal": ["kommunal", "kommunale"],
    "region": ["region", "regionen"], "regional": ["regional", "regionen"], "hospital": ["hospital", "sygehus"],
    "hospitals": ["hospitaler", "sygehuse"], "medicine": ["medicin"], "medication": ["medicin", "medicinering"],
    "drug": ["medicin", "lægemiddel"], "drugs": ["medicin"], "dose": ["dosis"], "dispensing": ["dosisdispensering", "dispensering"],
    "prevention": ["forebyggelse"], "preventive": ["forebyggende"], "health": ["sundhed"], "healthcare": ["sundhedsvæsen"],
    "agreement": ["aftale", "sundhedsaftale"], "agreements": ["aftaler", "sundhedsaftaler"],
    "children": ["børn"], "child": ["barn", "børn"], "young": ["unge"], "youth": ["unge"], "elderly": ["ældre"],
    "citizen": ["borger", "borgeren"], "citizens": ["borgere", "borgerne"], "patient": ["patient", "borger"],
    "patients": ["patienter", "borgere"], "relatives": ["pårørende"], "relative": ["pårørende"],
    "mental": ["psykisk", "psykiatri"], "psychiatry": ["psykiatri"], "psychiatric": ["psykiatrisk", "psykiatri"],
    "illness": ["sygdom"], "disease": ["sygdom"], "chronic": ["kronisk", "kroniske"], "diabetes": ["diabetes"],
    "goal": ["mål", "målsætning"], "goals": ["mål", "målsætninger"], "target": ["mål"], "targets": ["mål"],
    "vision": ["vision"], "visions": ["visioner"], "deadline": ["senest", "frist"], "responsible": ["ansvar", "ansvarlig"],
    "responsibility": ["ansvar", "ansvaret"], "pregnant": ["gravide"], "pregnancy": ["graviditet"],
    "birth": ["fødsel"], "alcohol": ["alkohol"], "smoking": ["rygning"], "obesity": ["overvægt"],
    "nursing": ["sygepleje"], "nurse": ["sygeplejerske"], "home": ["hjemme", "eget hjem"], "care": ["pleje", "omsorg"],
    "plan": ["plan"], "period": ["periode", "aftaleperiode"], "emergency": ["akut"], "acute": ["akut"],
    "cooperation": ["samarbejde"], "collaboration": ["samarbejde"], "coordination": ["koordinering", "sammenhæng"],
    "committee": ["udvalg", "sundhedskoordinationsudvalget"], "telemedicine": ["telemedicin"], "welfare": ["velfærd"],
    "technology": ["teknologi"], "digital": ["digital", "digitale"], "communication": ["kommunikation"],
    "information": ["oplysninger", "information"], "record": ["journal"], "training_plan": ["genoptræningsplan"],
    "terminal": ["terminal", "døende"], "dying": ["døende"], "palliative": ["palliativ", "palliation"],
    "death": ["død"], "inequality": ["ulighed"], "equality": ["lighed"], "employment": ["beskæftigelse"],
    "education": ["uddannelse"], "cancer": ["kræft"], "dementia": ["demens"], "pharmacy": ["apotek"],
    "budget": ["økonomi", "budget"], "cost": ["udgifter", "økonomi"], "costs": ["udgifter"], "money": ["penge", "økonomi"],
    "midwife": ["jordemoder"], "heart": ["hjerte"], "lung": ["lunge"], "copd": ["KOL"], "nutrition": ["ernæring"],
    "follow": ["opfølgning"], "followup": ["opfølgning"], "follow-up": ["opfølgning"], "quality": ["kvalitet"],
    "safety": ["sikkerhed", "patientsikkerhed"], "shared": ["fælles"], "joint": ["fælles"], "measure": ["måle"],
    "data": ["data"], "knowledge": ["viden"], "research": ["forskning"], "homes": ["hjem"], "nursing home": ["plejehjem"],
    "dialysis": ["dialyse"], "outpatient": ["ambulant"], "outpatients": ["ambulant"], "week": ["uge"], "weeks": ["uger"],
    "hours": ["timer"], "days": ["dage"], "day": ["dag"], "year": ["år"], "years": ["år"], }

# English phrases that only widen the lexical search; they name no topic the evidence must hold.
LEXICAL_ONLY = frozenset({"how many", "how much", "percent", "percentage", "deadline", "by the end of", "number", "share", "proportion"})


@lru_cache(maxsize=1)
def en_da_terms() -> dict[str, list[str]]:
    """The English→Danish list: the curated table above plus ``data/en_da.tsv``."""
    from pathlib import Path

    table = {k: list(v) for k, v in EN_DA.items()}
    path = Path(__file__).parent / "data" / "en_da.tsv"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#") or "\t" not in line:
                continue
            en, da = line.split("\t", 1)
            forms = [f.strip() for f in da.split("|") if f.strip()]
            table[en.strip().lower()] = list(dict.fromkeys(forms + table.get(en.strip().lower(), [])))
    return table


_FOLLOWUP_START = re.compile(r"^\s*(og|men|hvad med|hvad så med|hvad sa med|and|what about|how about|også|ogsa)\b", re.I)
_PRONOUN = re.compile(r"\b(det|den|de|dem|dette|disse|it|they|them|this|that|those)\b", re.I)


def _fold(word: str) -> list[str]:
    """ASCII spellings a user might type for a word with æøå."""
    variants = [""]
    table = {"æ": ("ae", "a", "e"), "ø": ("oe", "o"), "å": ("aa", "a"), "é": ("e",)}
    for ch in word:
        opts = table.get(ch, (ch,))
        variants = [v + o for v in variants for o in opts]
        if len(variants) > 64:
            return variants[:64]
    return variants


@dataclass
class Speller:
    """Restores æøå and fixes one-letter typos against the corpus vocabulary.

    The æøå folding is ours (symspellpy has none); edit distance 1 is symspellpy's, which picks the
    nearest, most frequent word (measured in docs/decisions.md: 938 of 985 typos vs 929 by hand).
    """

    counts: Mapping[str, int]
    _folded: dict[str, str] = field(default_factory=dict)
    _sym: SymSpell | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        best: dict[str, tuple[int, str]] = {}
        for w, c in self.counts.items():
            if any(ch in w for ch in "æøåé"):
                for v in _fold(w):
                    if v not in self.counts and (v not in best or best[v][0] < c):
                        best[v] = (c, w)
        self._folded = {k: w for k, (c, w) in best.items()}
        self._sym = SymSpell(max_dictionary_edit_distance=1, prefix_length=7)
        for w, c in self.counts.items():
            if len(w) >= 6 and c >= 2:  # short or one-off words make too many false corrections
                self._sym.create_dictionary_entry(w, c)

    def correct(self, word: str) -> str:
        w = word.lower()
        if w in _CASUAL:
            return _CASUAL[w]
        if w in self.counts or len(w) < 3:
            return w
        if w in self._folded:
            return self._folded[w]
        if len(w) >= 6 and self._sym is not None:
            hits = self._sym.lookup(w, Verbosity.TOP, max_edit_distance=1, transfer_casing=False)
            if hits:
                return hits[0].term
        return w


def learn_glossary(texts: Iterable[str]) -> dict[str, str]:
    """Abbreviations defined in the corpus as 'Long Form (ABBR)' or 'ABBR (Long Form)'."""
    found: Counter[tuple[str, str]] = Counter()
    pat = re.compile(r"((?:[\wæøåÆØÅ-]+\s+){1,6})\(([A-ZÆØÅ][A-Za-zÆØÅ]{1,6})\)")
    for text in texts:
        for m in pat.finditer(text):
            abbr = m.group(2)
            if not (sum(ch.isupper() for ch in abbr) >= 2):
                continue
            ws = m.group(1).split()
            initials = [ch.lower() for ch in abbr if ch.isalpha()]
            # take as many trailing words as needed to cover the initials (compounds cover several)
            take = ws[-len(initials):] if len(ws) >= len(initials) else ws
            while take and take[0][0].lower() != initials[0]:
                take = take[1:]
            if take:
                found[(abbr, " ".join(take))] += 1
    glossary = dict(CURATED_GLOSSARY)
    for (abbr, long), _ in found.most_common():
        glossary.setdefault(abbr, long)
    return glossary


@dataclass(frozen=True)
class QueryPlan:
    """How one question is searched and judged."""

    original: str
    standalone: str  # with follow-up context
    lang: str
    dense_text: str
    lexical_text: str
    key_terms: tuple[tuple[str, ...], ...]  # groups of alternatives; the evidence should hold one of each
    qtype: str  # "who" | "when" | "number" | "yesno" | "other"
    regions: tuple[str, ...] = ()  # regions the question names (catalog values)
    soft: frozenset[tuple[str, ...]] = frozenset()  # key groups that weigh little (untranslatable English)
    compare: bool = False  # the question asks about two documents, regions or periods


_QUESTION_WORDS = frozenset(
    "hvem hvad hvornår hvor hvordan hvilke hvilken hvilket hvorfor hvor mange who what when where which why how "
    "står star skal gøre gør er the does do is are in of for to and what's hurtigt hurtig længe laenge".split()
)
_GENERIC = frozenset(
    "aftale aftalen aftalerne aftaler sundhedsaftale sundhedsaftalen sundhedsaftalerne står står sig ansvar ansvaret ansvarlig "
    "agreement agreements say says said according sige siger nævnt nævnes beskrevet fremgår om oplæg udspil dokument dokumentet "
    "papir papiret kkr-papiret kkr's sørge sørger sørges hedder hed skriver står stå siger gælder gælde "
    "findes ifølge vedrørende forhold forbindelse".split()
)


def named_regions(text: str) -> tuple[str, ...]:
    low = " ".join(words(text))
    found = {region for name, region in REGION_NAMES.items() if re.search(rf"\b{re.escape(name)}\b", low)}
    return tuple(sorted(found))


_COMPARE = re.compile(r"\b(både|bade|both|forskel\w*|differ\w*|compare\w*|comparison|sammenlign\w*|enige|agree|versus|vs)\b", re.I)
_PERIOD = re.compile(r"\b(19|20)\d\d(\s*[-–]\s*(19|20)\d\d)?\b")


def is_comparison(question: str) -> bool:
    """Two regions, two periods or an explicit comparison word."""
    return bool(_COMPARE.search(question)) or len(named_regions(question)) > 1 or len(set(_PERIOD.findall(question))) > 1


def classify(question: str) -> str:
    q = question.lower()
    if re.search(r"\bhvem\b|\bwho\b|\bwhose\b|ansvar|responsib", q):
        return "who"
    if re.search(r"hvornår|hvornar|\bwhen\b|frist|deadline|\bsenest\b|\bby when\b|inden for hvor|how soon|how quickly|how fast|how long|hvor hurtigt|hvor lang tid|hvor længe|hvor laenge", q):
        return "when"
    if re.search(r"hvor mange|hvor stor|hvor meget|how many|how much|antal|procent|percent|number of|phone number|telefonnummer|hvad koster|what does .* cost", q):
        return "number"
    if re.match(r"\s*(er|skal|kan|må|har|findes|bliver|is|are|does|do|can|should|must|will|has|have)\b", q):
        return "yesno"
    return "other"


class QueryUnderstanding:
    """Builds a QueryPlan from a question, its history and the corpus vocabulary."""

    def __init__(self, counts: Mapping[str, int], glossary: Mapping[str, str]) -> None:
        self.counts = counts
        self.speller = Speller(counts)
        self.glossary = dict(glossary)
        self._long_to_abbr = {v.lower(): k for k, v in self.glossary.items()}

    def standalone(self, question: str, history: Sequence[str] | None) -> str:
        """Turn a short follow-up into a standalone question using the previous turn."""
        if not history:
            return question
        prev = history[-1]
        content = [w for w in words(question) if w not in _QUESTION_WORDS and len(w) > 2]
        if _FOLLOWUP_START.match(question) or len(content) <= 2 or _PRONOUN.search(question) and len(content) <= 4:
            return f"{question.strip()} ({prev.strip()})"
        return question

    def plan(self, question: str, history: Sequence[str] | None = None) -> QueryPlan:
        lang = detect_language(question)
        standalone = self.standalone(question, history)
        ws = words(standalone)
        fixed = [self.speller.correct(w) for w in ws] if lang == "da" else ws
        raw_words = re.findall(r"[\wæøåÆØÅ-]+", standalone)
        self._lexical_only: list[str] = []
        self._soft: list[tuple[str, ...]] = []
        groups = self._groups(fixed, lang, raw_words, standalone)
        extra = [alt for g in groups for alt in g[1:]] if lang == "da" else [alt for g in groups for alt in g]
        extra += self._lexical_only
        corrected = " ".join(fixed)
        lexical = " ".join([corrected, *extra])
        if lang == "en":  # Danish terms beside the English question bring the embedding closer to the Danish text
            danish = [g[0] for g in groups if len(g) > 1]
            dense = " ".join([standalone, *danish])
        else:
            dense = corrected if corrected != " ".join(ws) else standalone
        return QueryPlan(
            original=question,
            standalone=standalone,
            lang=lang,
            dense_text=dense,
            lexical_text=lexical,
            key_terms=tuple(groups),
            qtype=classify(question),
            regions=named_regions(standalone),
            soft=frozenset(self._soft),
            compare=is_comparison(standalone),
        )

    def _alternatives(self, raw: str) -> list[str]:
        """The same thing written another way: abbreviation <-> long form."""
        alts: list[str] = []
        long = self.glossary.get(raw) or self.glossary.get(raw.upper())
        if long and (raw.isupper() or len(raw) <= 4 and raw.lower() not in self.counts):
            alts.append(long.lower())
        return alts

    def _groups(self, fixed: list[str], lang: str, raw_words: list[str], text: str) -> list[tuple[str, ...]]:
        """Key term groups: the evidence should hold one alternative of each group."""
        sw = stopwords()
        groups: list[tuple[str, ...]] = []
        seen: set[str] = set()

        def add(group: list[str]) -> None:
            group = [g for g in dict.fromkeys(group) if g]
            if group and not seen.intersection(group):
                seen.update(group)
                groups.append(tuple(group))

        low = " ".join(fixed)
        phrase_words: set[str] = set()
        for long, abbr in self._long_to_abbr.items():
            if len(long.split()) > 1 and long in low:
                add([long, abbr.lower()])
                phrase_words.update(long.split())
        if lang == "en":
            en_sw = english_stopwords()
            table = en_da_terms()
            text_l = " " + " ".join(words(text)) + " "
            for en, da in table.items():
                if " " in en and f" {en} " in text_l:
                    phrase_words.update(en.split())
                    if en in LEXICAL_ONLY:
                        self._lexical_only.extend(da)
                    else:
                        add([*da, en])
            for i, raw in enumerate(raw_words):
                w = raw.lower()
                if w in LEXICAL_ONLY:
                    self._lexical_only.extend(table.get(w, []))
                    continue
                if w in phrase_words or w in en_sw or w in _QUESTION_WORDS or w in _GENERIC or len(w) < 3 and w not in table:
                    continue
                alts = [*table.get(w, []), *self._alternatives(raw)]
                named = i > 0 and raw[0].isupper() or raw.isupper() or any(ch.isdigit() for ch in raw)
                if not alts and w not in self.counts and not named:
                    self._soft.append((w,))  # untranslatable: weighs little, proves nothing alone
                add([*alts, w])
            return groups
        raw_by_lower = {r.lower(): r for r in raw_words}
        for w in fixed:
            if w in phrase_words or w in sw or w in _QUESTION_WORDS or w in _GENERIC or len(w) < 3:
                continue
            add([w, *DA_SYNONYMS.get(w, []), *self._alternatives(raw_by_lower.get(w, w))])
        return groups
