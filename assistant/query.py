"""Query understanding: language, casual Danish, abbreviations, English terms, follow-ups."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from symspellpy import SymSpell, Verbosity

from assistant.asked import COST_TERMS, FREE_TERMS, AskedUnit, asked_payer, asked_unit, pay_word
from assistant.asked_time import DURATION_FRAME, FREQUENCY_ASKED
from assistant.english_query import EnglishTerms, english_content
from assistant.measures import AGE_ASKED, DISTANCE_ASKED
from assistant.members import MEMBER_TERMS, MEMBER_VERBS, asks_members
from assistant.places import Places
from assistant.question_type import GENERIC, QUESTION_WORDS, classify, danish_interrogative
from assistant.side_names import COMPARE_WORDS, DocumentNames, Side
from assistant.terms import NearestTerms
from foundation.text.language import detect_language
from foundation.text.morphology import Morphology, other_prefix
from foundation.text.regions import REGION_NAMES, REGION_PATTERN, regions_named
from foundation.text.tokens import DIGRAPH_LETTERS, DIGRAPHS, stem, stopwords, words
from foundation.text.wordlist import is_common
from ingest.lexicon import learn_glossary as learn_defined_abbreviations

# Casual spellings without æøå, and frequent short function words that folding can't recover alone.
_CASUAL = {
    "star": "står", "nar": "når", "hvornar": "hvornår", "pa": "på", "fa": "få", "far": "får", "ma": "må",
    "sa": "så", "ogsa": "også", "hvad": "hvad", "ae": "æ", "laege": "læge", "lage": "læge", "laeger": "læger",
    "lager": "læger", "boern": "børn", "born": "børn", "aeldre": "ældre", "aldre": "ældre", "skal": "skal",
}

# General Danish health terms written two ways (not fitted to any question or corpus).
GENERAL_SYNONYMS: dict[str, list[str]] = {
    "læge": ["egen læge", "almen praksis", "praktiserende læge"], "lægen": ["egen læge", "almen praksis", "praktiserende læge"],
    "sygehus": ["hospital"], "sygehuset": ["hospitalet"], "sygehusene": ["hospitalerne"],
    "hospital": ["sygehus"], "hospitalet": ["sygehuset"],
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

# The same in Danish: a word that says what kind of answer is asked (a time limit, a count, a share, a price), which
# the quote states in its own way ("senest 3 hverdage", "70 %", "er gratis", "400.000 kr."), not a topic it must name
DA_LEXICAL_ONLY = re.compile(r"(?:tids)?frist\w*|deadline\w*|antal(?:let)?|procent(?:del|en)?|andel(?:en)?|koste(?:r|de|t)?|pris(?:en)?")


_NUMBER_RANGE = re.compile(r"\d+-\d+")


def _dash_spellings(group: tuple[str, ...]) -> tuple[str, ...]:
    """A range of numbers typed with a hyphen ("2024-2027", "15-25") also as print sets it, with an en dash
    ("2024–2027"): a document's own typography must not hide the period or ages a question names."""
    extra = [alt.replace("-", "\u2013") for alt in group if _NUMBER_RANGE.fullmatch(alt)]
    return (*group, *extra) if extra else group


_FOLLOWUP_START = re.compile(r"^\s*(og|men|hvad med|hvad så med|hvad sa med|and|what about|how about|også|ogsa)\b", re.I)
_PRONOUN = re.compile(r"\b(det|den|de|dem|dette|disse|it|they|them|this|that|those)\b", re.I)


def _restorations(word: str) -> list[str]:
    """The word with its ae/oe/aa written as æ/ø/å, each digraph either way (the word itself left out)."""
    parts = DIGRAPHS.split(word)
    found = DIGRAPHS.findall(word)
    if not found or len(found) > 4:
        return []
    out = [parts[0]]
    for dg, rest in zip(found, parts[1:]):
        out = [v + o + rest for v in out for o in (dg, DIGRAPH_LETTERS[dg])]
    return [v for v in out if v != word]


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
    A word that is common in Danish by a general frequency list is never "corrected" into another.
    """

    counts: Mapping[str, int]
    _folded: dict[str, str] = field(default_factory=dict)
    _stems: frozenset[str] = frozenset()
    _sym: SymSpell | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        best: dict[str, tuple[int, str]] = {}
        for w, c in self.counts.items():
            if any(ch in w for ch in "æøåé"):
                for v in _fold(w):
                    if v not in self.counts and (v not in best or best[v][0] < c):
                        best[v] = (c, w)
        self._folded = {k: w for k, (c, w) in best.items()}
        self._stems = frozenset(stem(w) for w in self.counts if any(ch in w for ch in "æøå"))
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
        for r in _restorations(w):  # "faerdigmeldte": a form the index lacks of a stem it has (færdigmeldt)
            if stem(r) in self._stems:
                return r
        if len(w) >= 6 and self._sym is not None and not is_common(w, "da"):  # "sorger" is a word, not a typo of "borger"
            hits = self._sym.lookup(w, Verbosity.TOP, max_edit_distance=1, transfer_casing=False)
            if hits:
                return hits[0].term
        return w


def learn_glossary(texts: Iterable[str]) -> dict[str, str]:
    """Abbreviations the texts define, over the general curated ones."""
    glossary = dict(CURATED_GLOSSARY)
    for abbr, long in learn_defined_abbreviations(texts).items():
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
    content_words: tuple[str, ...] = ()  # an English question's content words (for the BM25 leg's feedback)
    sides: tuple[Side, ...] = ()  # a comparison's two sides, resolved to the index's documents (assistant.side_names)
    unit: AskedUnit | None = None  # what a number question counts, or money for who pays (assistant.asked); None: not said
    places: tuple[str, ...] = ()  # municipalities the question names (assistant.places), a scope as regions are




def named_regions(text: str) -> tuple[str, ...]:
    """The regions a question names: by name in Danish or English, or as ingest reads a document's region."""
    low = " ".join(words(text))
    # "Region Nordjyllands sundhedsaftale", "the Capital Region's": a possessive names the region too
    found = {region for name, region in REGION_NAMES.items() if re.search(rf"\b{re.escape(name)}(?:s|'s)?\b", low)}
    return tuple(sorted(found.union(regions_named(text))))


_REGION_NAME = re.compile(
    r"(?<![\w-])(?:region\s+(?:of\s+)?)?("
    + "|".join(sorted(map(re.escape, REGION_NAMES), key=len, reverse=True))
    + "|" + REGION_PATTERN.pattern
    + r")(?:s|'s)?(?:\s+regions?)?\b"
)


def region_words(low: str) -> set[str]:
    """The words that name a region in a lower-cased question, with a "region" before or after the name.

    ("central jutland", "region midt", "nordjyske", "the Central Denmark Region"); not a region inside
    a hyphenated name ("PLO-Midtjylland", "KKR-Hovedstaden"), which names a body.
    """
    return {w for m in _REGION_NAME.finditer(low) for w in m.group(0).split()}


_PERIOD = re.compile(r"\b(19|20)\d\d(\s*[-–]\s*(19|20)\d\d)?\b")


def is_comparison(question: str) -> bool:
    """Asks in words for a comparison, or names two regions or periods (without the index's document facts;
    a plan compares only when ``assistant.side_names`` resolves two sides to the index's documents)."""
    return bool(COMPARE_WORDS.search(question)) or len(named_regions(question)) > 1 or len(set(_PERIOD.findall(question))) > 1


# the types whose question may ask about paying ("hvem betaler …", "skal borgeren selv betale …", "hvad skal
# borgeren betale for …"): a time or a count asked of a payment is still a time or a count
_PAYMENT_TYPES = frozenset({"who", "yesno", "other"})


# the bound of a measure asked ("hvor længe må der højst gå", "how many … at least"): the quote may state it as a limit
# in other words ("senest", "inden for") or not at all
_BOUNDS = frozenset({"højst", "mindst", "maksimalt", "minimalt", "most", "least"})
_COUNT_FRAME = re.compile(r"\b(?:hvor\s+mange|how\s+many|how\s+much|hvor\s+meget)\b")


class QueryUnderstanding:
    """Builds a QueryPlan from a question, its history and the corpus vocabulary."""

    def __init__(
        self,
        counts: Mapping[str, int],
        glossary: Mapping[str, str],
        morphology: Morphology | None = None,
        nearest: NearestTerms | None = None,
        names: DocumentNames | None = None,
        places: Places | None = None,
    ) -> None:
        """``counts``, ``morphology``, ``nearest``, ``names`` and ``places`` (the documents' stored facts) come from
        the index."""
        self.counts = counts
        self.speller = Speller(counts)
        self.glossary = dict(glossary)
        self._long_to_abbr = {v.lower(): k for k, v in self.glossary.items()}
        self.morphology = morphology if morphology is not None else Morphology(counts)
        self.nearest = nearest
        self.names = names
        self.places = places
        self._lock = threading.Lock()  # ``_groups`` collects into ``_lexical_only`` and ``_soft``: one plan at a time

    @classmethod
    def from_snapshot(cls, snapshot: Any, embedder: Any) -> QueryUnderstanding:
        """Everything from the published index: its counts, learnt lexicon and term embeddings."""
        lex = snapshot.lexicon
        names = DocumentNames(snapshot.document_metas(), REGION_NAMES)
        places = Places(snapshot.document_metas())
        if lex is None:
            docs = [d["text"] for d in snapshot.documents.values()]
            return cls(snapshot.counts, learn_glossary(docs), names=names, places=places)
        glossary = dict(CURATED_GLOSSARY)
        for abbr, long in lex.abbreviations.items():
            glossary.setdefault(abbr, long)
        # A bag-of-hashed-words embedder (tests) carries no meaning across languages: no nearest terms.
        semantic = not str(getattr(embedder, "name", "")).startswith("hash")
        nearest = NearestTerms(lex.terms, snapshot.term_vectors, embedder) if semantic else None
        return cls(snapshot.counts, glossary, lex.morphology(), nearest, names, places)

    def danish_forms(self, word: str) -> list[str]:
        """The same word in the index's other forms: derivations, dictionary forms, and a compound's parts apart."""
        out = self.morphology.related_forms(word)
        out += [f for f in self.morphology.lemma_forms(word) if f not in out]
        parts = self.morphology.split(word)
        if parts:
            out.append(" ".join(parts))
        return out

    def _joins(self, content: list[str]) -> list[tuple[str, str, str]]:
        """Words written apart in the question whose compound the index knows: (a, b, compound)."""
        out: list[tuple[str, str, str]] = []
        used: set[str] = set()
        for i, a in enumerate(content):
            for b in content[i + 1 : i + 3]:
                joined = self.morphology.join(a, b) if a not in used and b not in used and a != b else None
                if joined and joined not in (a, b):
                    out.append((a, b, joined))
                    used.update((a, b))
        return out

    def standalone(self, question: str, history: Sequence[str] | None) -> str:
        """Turn a short follow-up into a standalone question using the previous turn."""
        if not history:
            return question
        prev = history[-1]
        content = [w for w in words(question) if w not in QUESTION_WORDS and len(w) > 2]
        if _FOLLOWUP_START.match(question) or len(content) <= 2 or _PRONOUN.search(question) and len(content) <= 4:
            return f"{question.strip()} ({prev.strip()})"
        return question

    def plan(self, question: str, history: Sequence[str] | None = None) -> QueryPlan:
        lang = detect_language(question)
        standalone = self.standalone(question, history)
        sides = self.names.sides(standalone) if self.names is not None else None
        # a comparison is searched for its topic: the words that name its sides become document filters
        asked = sides.topic if sides else standalone
        ws = words(asked)
        fixed = [self.speller.correct(w) for w in ws] if lang == "da" else ws
        raw_words = re.findall(r"[\wæøåÆØÅ-]+", asked)
        places = self.places.named(asked) if self.places is not None and not sides else ()
        named_places = tuple(dict.fromkeys(name for _, name in places))
        place_regions = self.places.regions(named_places) if self.places is not None else ()
        with self._lock:
            self._lexical_only: list[str] = []
            self._soft: list[tuple[str, ...]] = []
            groups = self._groups(fixed, lang, raw_words, asked, self._place_words(places))
            lexical_only, soft = list(self._lexical_only), frozenset(self._soft)
        extra = [alt for g in groups for alt in g[1:]] if lang == "da" else [alt for g in groups for alt in g]
        extra += lexical_only
        corrected = " ".join(fixed)
        lexical = " ".join([corrected, *extra])
        if lang == "en":  # Danish terms beside the English question bring the embedding closer to the Danish text
            danish = [g[0] for g in groups if len(g) > 1]
            dense = " ".join(w for w in [asked, danish_interrogative(asked), *danish] if w)
        else:
            dense = corrected if corrected != " ".join(ws) else asked
        qtype = classify(question)
        unit = (asked_unit(corrected if lang == "da" else asked, tuple(groups), soft) if qtype == "number"
                else asked_payer(asked, tuple(groups), soft) if qtype in _PAYMENT_TYPES else None)
        if unit is not None and qtype != "number":
            # who pays: a sentence of costs answers as one of paying does ("deler udgiften til evalueringen",
            # "afholder udgifterne til …" for "hvem betaler for …"), so the word of paying takes the words of costs;
            # whether one pays: a sentence saying it is free answers it ("Indsatsen er gratis for borgeren"), so it
            # takes the words of free care and own payment, and the search looks for them too
            paying = COST_TERMS if qtype == "who" else FREE_TERMS
            groups = [(*g, *paying) if all(pay_word(alt) for alt in g) else g for g in groups]
            if qtype != "who":
                lexical = " ".join([lexical, *FREE_TERMS])
        if asks_members(question):  # who sits on a body: a sentence of its members answers as one of sitting does
            groups = [(*g, *MEMBER_TERMS) if any(alt in MEMBER_VERBS for alt in g) else g for g in groups]
        return QueryPlan(
            original=question,
            standalone=standalone,
            lang=lang,
            dense_text=dense,
            lexical_text=lexical,
            key_terms=tuple(_dash_spellings(g) for g in groups),  # the search tokens split a range's numbers either way
            qtype=qtype,
            unit=unit,
            regions=() if sides else tuple(sorted({*named_regions(standalone), *place_regions})),
            places=named_places,
            soft=soft,
            compare=sides is not None,
            content_words=tuple(english_content(asked)) if lang == "en" else (),
            sides=sides.sides if sides else (),
        )

    def feedback(self, plan: QueryPlan) -> Callable[[list[list[str]]], list[str]] | None:
        """For an English question: its words' nearest Danish terms in the passages the dense legs found first."""
        if plan.lang != "en" or not self.nearest or not plan.content_words:
            return None
        nearest, content = self.nearest, list(plan.content_words)
        return lambda passages: nearest.in_passages(content, passages)

    def _alternatives(self, raw: str) -> list[str]:
        """The same thing written another way: abbreviation <-> long form."""
        alts: list[str] = []
        long = self.glossary.get(raw) or self.glossary.get(raw.upper())
        if long and (raw.isupper() or len(raw) <= 4 and raw.lower() not in self.counts):
            alts.append(long.lower())
        return alts

    def _place_words(self, places: tuple[tuple[str, str], ...]) -> set[str]:
        """The words naming a municipality that are no key term: a document is of it, or no document holds the word."""
        of = self.places.of_documents if self.places is not None else frozenset()
        return {w for pair in places if pair[1] in of or pair[0] not in self.counts for w in pair}

    def _groups(self, fixed: list[str], lang: str, raw_words: list[str], text: str,
                place_words: Iterable[str] = ()) -> list[tuple[str, ...]]:
        """Key term groups: the evidence should hold one alternative of each group.

        A region or a municipality the question names is no term: it scopes the search (``named_regions``,
        ``assistant.places``), and a sentence of that region's or municipality's own document seldom names it,
        so its name would only lower the coverage of the sentences that answer.
        """
        sw = stopwords()
        groups: list[tuple[str, ...]] = []
        seen: set[str] = set()

        def add(group: list[str]) -> None:
            group = [g for g in dict.fromkeys(group) if g]
            if group and not seen.intersection(group):
                seen.update(group)
                groups.append(tuple(group))

        low = " ".join(fixed)
        phrase_words: set[str] = region_words(" ".join(words(text)) if lang == "en" else low) | set(place_words)
        # "hvor tit", "how often", "hvor lang tid", "how long", "hvor gamle": the frame of a question of how often, how
        # long, how old or how far (``asks_frequency``, ``asks_duration``, ``AGE_ASKED``, ``DISTANCE_ASKED``), no topic a
        # sentence must hold
        phrase_words.update(w for src in (text, low) for frame in (FREQUENCY_ASKED, DURATION_FRAME, AGE_ASKED, DISTANCE_ASKED)
                            for m in frame.finditer(src) for w in words(m.group(0).lower()))
        if any(frame.search(low) for frame in (FREQUENCY_ASKED, DURATION_FRAME, AGE_ASKED, DISTANCE_ASKED, _COUNT_FRAME)):
            phrase_words.update(_BOUNDS)  # "hvor langt må der højst være …": the bound of the measure asked, no topic
        for long, abbr in self._long_to_abbr.items():
            if len(long.split()) > 1 and long in low:
                add([long, abbr.lower()])
                phrase_words.update(long.split())
        if lang == "en":
            english = EnglishTerms(self.counts, self.morphology, self.nearest, self._alternatives)
            groups, lexical_only, soft = english.groups(raw_words, text, phrase_words, groups)
            self._lexical_only.extend(lexical_only)
            self._soft.extend(soft)
            return groups
        raw_by_lower = {r.lower(): r for r in raw_words}
        kind_words = {w for w in fixed if DA_LEXICAL_ONLY.fullmatch(w)}
        self._lexical_only.extend(w for w in fixed if w in kind_words)
        content = [w for w in fixed if not (w in phrase_words or w in sw or w in QUESTION_WORDS or w in GENERIC or len(w) < 3
                                            or w in kind_words)]
        joined: set[str] = set()
        for a, b, compound in self._joins(content):  # "plan for genoptræning" <-> "genoptræningsplan"
            add([compound, f"{a} {b}", *self.morphology.related_forms(compound)])
            joined.update((a, b))
        # A Danish word the index never uses and has no form of (a paraphrase: "stoppes" for "stoppe"):
        # its nearest index terms through the embedder, as for English words; a word with none stays
        # unknown, which tells the reader the documents may not speak of it at all ("lønnen").
        forms = {w: [*GENERAL_SYNONYMS.get(w, []), *self._alternatives(raw_by_lower.get(w, w)), *self.danish_forms(w)]
                 for w in content if w not in joined}
        alone = [w for w, f in forms.items() if not f and w not in self.counts]
        near = self.nearest.lookup(alone) if self.nearest and alone else {}
        for w in alone:  # and its known words of the same long base ("udviklingshæmmede" -> "udviklingshæmning")
            near[w] = [*(t for t in near.get(w, []) if not other_prefix(w, t)), *self.morphology.same_base(w)]
        for w in content:
            if w not in joined:
                add([w, *forms[w], *near.get(w, [])])
        return groups
