"""The two sides a comparison question names, resolved to the index's documents through their stored facts.

A question compares when it names two different documents, regions or periods: "ifølge Region
Midtjyllands sundhedsaftale og KKR Midtjyllands målsætninger fra 2013", "i aftalen 2015-2018 og i
udspillet til 2019-2023", "the Central Denmark agreement and the Capital Region proposal", "region
midt, både 2015-2018 og den nye fra 2019". Nothing here knows a document: every name is read from
the facts an ingest stores for each document (region, kind, issuer, title, year, period), matched
loosely (case, æøå typed as ae/oe/aa or a/o, a genitive -s, an adjective "midtjyske", a short
form "midt"/"nord" that opens the region's name, an acronym of the issuer: "KKR").

Each word of the question that names a document is a *feature*; the pair of documents that
explains the most features (each feature by the document it fits best; "den gamle"/"the old"
by the earlier period of the two) is the comparison, when each of the two explains at least
one feature the other does not. A side is then every document that fits that side's features
as well as its own document (two regions: each region's documents). The question without the
naming words is the *topic* that each side is searched for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from foundation.text.language import english_stopwords
from foundation.text.tokens import stopwords

# Words for a kind of document, in English, mapped to the Danish kinds and title words they name.
KIND_WORDS_EN: dict[str, tuple[str, ...]] = {
    "agreement": ("aftale",), "agreements": ("aftale",), "proposal": ("udspil", "oplæg", "forslag"),
    "proposals": ("udspil", "oplæg", "forslag"), "goals": ("mål", "målsætning"), "targets": ("mål", "målsætning"),
    "objectives": ("mål", "målsætning"), "strategy": ("strategi",), "plan": ("plan",), "plans": ("plan",),
}
_PLURAL = re.compile(r"(?:erne|ene|rne)$|(?<=[a-z]{4})s$")
_OLD = frozenset("gamle gammel ældste ældre forrige tidligere første old older oldest previous earlier first former".split())
_NEW = frozenset("nye ny nyeste seneste kommende nyere new newer newest latest recent current".split())
# Words that ask for a comparison; they are taken out of the topic too.
COMPARE_WORDS = re.compile(
    r"\b(forskel(?:len|le)?|forskellen|sammenlign\w*|både|bade|begge|enige?|adskil\w*|anderledes|compar\w*|"
    r"differ(?:s|ence|ences|ent)?|unlike|"
    r"both|agree|versus|vs)\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[0-9A-Za-zæøåéÆØÅÉ]+")
_PERIOD = re.compile(r"(?<![\d])((?:19|20)\d\d)(?:\s*(?:[-–—/]|til|to)\s*((?:19|20)?\d\d))?(?![\d])", re.IGNORECASE)
_SUFFIXES = ("", "s", "n", "en", "et", "ne", "ene", "r", "er", "erne", "rne", "let", "get", "ets", "ens")

STRONG, WEAK = 1.0, 0.5


def key(word: str) -> str:
    """A loose spelling key: lower case, æøå and their ASCII spellings alike."""
    w = word.lower()
    for a, b in (("aa", "a"), ("ae", "a"), ("oe", "o"), ("æ", "a"), ("ø", "o"), ("å", "a"), ("é", "e")):
        w = w.replace(a, b)
    return w


def _word_is(word: str, name: str) -> bool:
    """``word`` is ``name`` inflected, or a compound that ends in it (``sundhedsaftalen`` ~ ``aftale``)."""
    w, n = key(word), key(name)
    if len(n) < 3:
        return False
    at = w.find(n)
    while at >= 0:
        if (at == 0 or at >= 3 and len(n) >= 5) and w[at + len(n):] in _SUFFIXES:
            return True
        at = w.find(n, at + 1)
    return False


def _region_word(word: str, region: str) -> float:
    """How well one question word names ``region``: its name, genitive, adjective or opening."""
    w, r = key(word), key(region)
    if w in (r, r + "s"):
        return STRONG
    common = 0
    for a, b in zip(w, r):
        if a != b:
            break
        common += 1
    if common >= 6 and common >= len(r) - 5:  # "midtjyske" ~ Midtjylland, "hovedstadsregionen" ~ Hovedstaden
        return STRONG
    if 3 <= len(w) < len(r) and r.startswith(w) and word.lower() not in stopwords() | english_stopwords():  # "midt", "nord", "syd"
        return STRONG
    return 0.0


@dataclass(frozen=True)
class Feature:
    """One naming word (or phrase) of the question and how well each document fits it."""

    kind: str  # "region" | "year" | "kind" | "issuer" | "title" | "old" | "new"
    start: int
    end: int
    fit: tuple[tuple[str, float], ...] = ()  # (document, weight) for the documents it names

    def weight(self, doc: str) -> float:
        return self._weights.get(doc, 0.0)

    @cached_property
    def _weights(self) -> dict[str, float]:
        weights: dict[str, float] = {}
        for d, w in self.fit:
            weights.setdefault(d, w)
        return weights

    @property
    def strong(self) -> bool:
        """A name that can make a side alone: a region, a year or period, an issuer's acronym, old/new."""
        if self.kind in ("old", "new"):
            return True
        return self.kind in ("region", "year", "issuer") and max((w for _, w in self.fit), default=0.0) >= STRONG


@dataclass(frozen=True)
class Side:
    docs: tuple[str, ...]
    label: str


@dataclass(frozen=True)
class Sides:
    """A comparison question's two sides and the question's topic without the naming words."""

    sides: tuple[Side, ...]
    topic: str
    explicit: bool  # the question also asks in words ("forskel", "both", "compare")


class DocumentNames:
    """Names of the indexed documents, read from their stored facts, for finding the sides of a question."""

    def __init__(self, metas: Mapping[str, Mapping[str, Any]], region_aliases: Mapping[str, str] | None = None) -> None:
        self.metas = {d: dict(m) for d, m in metas.items()}
        self.docs = sorted(self.metas)
        regions = {str(m.get("region")) for m in self.metas.values() if m.get("region")}
        self.regions = sorted(regions)
        by_key = {key(r): r for r in regions}
        # names of the known regions in other words (English), kept only where the index holds that region
        self.aliases = {
            key(alias): by_key[key(value)] for alias, value in (region_aliases or {}).items()
            if key(value) in by_key and " " in alias
        }
        sw = stopwords()
        self.acronyms: dict[str, set[str]] = {}
        self.titles: dict[str, set[str]] = {}
        region_keys = {key(r) for r in regions}
        for d, m in self.metas.items():
            stem_of_file = re.sub(r"\.[A-Za-z0-9]+$", "", d)
            for tok in re.split(r"[^0-9a-zæøåé]+", stem_of_file.lower()):  # the file name an ingest stores
                if len(tok) >= 3 and not tok.isdigit() and tok not in sw and key(tok) not in region_keys:
                    self.titles.setdefault(d, set()).add(tok)
            text = f"{m.get('issuer') or ''} {m.get('title') or ''}"
            for tok in _TOKEN.findall(text):
                if tok.isupper() and len(tok) >= 2 and not tok.isdigit():
                    self.acronyms.setdefault(tok.lower(), set()).add(d)
                elif len(tok) >= 5 and tok.lower() not in sw and not tok.isdigit() and key(tok) not in region_keys:
                    self.titles.setdefault(d, set()).add(tok.lower())

        self._kind_docs: dict[str, list[str]] = {}
        for d, m in self.metas.items():
            if m.get("kind"):
                self._kind_docs.setdefault(str(m["kind"]), []).append(d)
        self._title_docs: dict[str, list[str]] = {}
        for d, toks in self.titles.items():
            for t in toks:
                self._title_docs.setdefault(t, []).append(d)
        self._kind_cache: dict[str, tuple[tuple[str, float], ...]] = {}

    # ---------------------------------------------------------------- features

    def _span(self, m: Mapping[str, Any]) -> tuple[int, int] | None:
        lo, hi = m.get("period_from"), m.get("period_to")
        if isinstance(lo, int) and isinstance(hi, int):
            return lo, hi
        return (m["year"], m["year"]) if isinstance(m.get("year"), int) else None

    def _year_fit(self, lo: int, hi: int) -> tuple[tuple[str, float], ...]:
        """Documents of a year or period: its own period or year, or a period that opens with it, fit best."""
        out = []
        for d, m in self.metas.items():
            span = self._span(m)
            if span == (lo, hi) or lo == hi and (m.get("year") == lo or span and span[0] == lo):
                out.append((d, STRONG))
            elif span and span[0] <= hi and lo <= span[1]:
                out.append((d, 0.4 if lo == hi else 0.3))
        return tuple(out)

    def _kind_fit(self, word: str) -> tuple[tuple[str, float], ...]:
        """The documents whose kind the word names (strong) or a title word of which it names (weak).

        Each distinct kind and title word is tested once, not once per document, and a word's answer is
        kept: a library of a thousand documents has a few kinds and far fewer title words than documents.
        """
        cached = self._kind_cache.get(word)
        if cached is not None:
            return cached
        names = KIND_WORDS_EN.get(word.lower(), (word,))
        kinds = [k for k in self._kind_docs if any(_word_is(n, k) or _word_is(word, k) for n in names)]
        titles = [t for t in self._title_docs if any(_word_is(n, t) or _word_is(t, n) and len(key(n)) >= 5 for n in names)]
        strong = {d for k in kinds for d in self._kind_docs[k]}
        weak = {d for t in titles for d in self._title_docs[t]}
        out = tuple((d, STRONG if d in strong else WEAK) for d in self.metas if d in strong or d in weak)
        self._kind_cache[word] = out
        return out

    def features(self, question: str) -> list[Feature]:
        """Every word or phrase of ``question`` that names an indexed document, in question order."""
        out: list[Feature] = []
        taken: list[tuple[int, int]] = []
        for m in _PERIOD.finditer(question):
            lo = int(m.group(1))
            hi = int(m.group(2)) if m.group(2) else lo
            if hi < 100:
                hi += lo // 100 * 100
            fit = self._year_fit(lo, hi)
            if fit:
                out.append(Feature("year", m.start(), m.end(), fit))
                taken.append((m.start(), m.end()))
        for alias, region in self.aliases.items():
            span = _find_words(question, alias)
            if span:
                out.append(Feature("region", span[0], span[1], self._region_docs(region)))
                taken.append(span)
        tokens = list(_TOKEN.finditer(question))
        for i, m in enumerate(tokens):
            s, e, tok = m.start(), m.end(), m.group(0)
            if any(a <= s < b for a, b in taken) or tok.isdigit():
                continue
            low_tok = tok.lower()
            best = max(((_region_word(tok, r), r) for r in self.regions), default=(0.0, ""))
            if best[0]:
                out.append(Feature("region", s, e, self._region_docs(best[1])))
                continue
            if low_tok in self.acronyms and (tok.isupper() or len(tok) >= 3):
                holders = self.acronyms[low_tok]
                weak = [(d, WEAK) for d in self.docs if d not in holders and low_tok in self.titles.get(d, ())]
                out.append(Feature("issuer", s, e, (*((d, STRONG) for d in sorted(holders)), *weak)))
                continue
            fit = self._kind_fit(tok) if len(tok) >= 3 and low_tok not in stopwords() else ()
            if fit:
                out.append(Feature("kind" if any(w >= STRONG for _, w in fit) else "title", s, e, fit))
                continue
            if low_tok in _OLD | _NEW and _near_name(tokens, i, self):
                out.append(Feature("old" if low_tok in _OLD else "new", s, e))
                continue
            issued = tuple((d, WEAK) for d in self.docs if low_tok == "region" and "region" in
                           str(self.metas[d].get("issuer") or "").lower().split())
            if issued:
                out.append(Feature("issuer", s, e, issued))
        out.sort(key=lambda f: f.start)
        return _anchored(question, out)

    def _region_docs(self, region: str) -> tuple[tuple[str, float], ...]:
        return tuple((d, STRONG) for d, m in self.metas.items() if key(str(m.get("region") or "")) == key(region))

    # ---------------------------------------------------------------- sides

    def sides(self, question: str) -> Sides | None:
        """The two sides ``question`` compares, or None when it names fewer than two."""
        feats = self.features(question)
        if len(self.docs) < 2 or len(feats) < 2:
            return None
        explicit = bool(COMPARE_WORDS.search(question))
        pair = self._best_pair(feats)
        if pair is None:
            return None
        a, b = pair
        _, owner = self._pair(feats, a, b)
        own = {d: [feats[i] for i, o in owner.items() if o == d] for d in (a, b)}
        if not all(any(f.strong or f.kind == "kind" for f in own[d]) for d in (a, b)):
            return None
        if not _apart(question, [f for f in own[a] if f.kind != "title" and not f.weight(b)],
                      [f for f in own[b] if f.kind != "title" and not f.weight(a)], explicit):
            return None
        # a single document that explains every feature as well is no comparison
        total = sum(max(f.weight(a), f.weight(b), 1.0 if f.kind in ("old", "new") else 0.0) for f in feats)
        if any(sum(f.weight(d) for f in feats) >= total for d in self.docs):
            return None
        shared = [f for i, f in enumerate(feats) if i not in owner and f.weight(a) >= STRONG]
        first, second = sorted((a, b), key=lambda d: min((f.start for f in own[d]), default=0))
        sides = []
        for d, other in ((first, second), (second, first)):
            wanted = [f for f in (*own[d], *shared) if f.kind not in ("old", "new", "title") and f.weight(d) > WEAK]
            docs = [x for x in self.docs if all(f.weight(x) >= f.weight(d) for f in wanted) and x != other] if wanted else [d]
            if d not in docs:
                docs = [d]
            sides.append((d, docs))
        first_docs = set(sides[0][1])
        sides[1] = (sides[1][0], [x for x in sides[1][1] if x not in first_docs] or [sides[1][0]])
        if set(sides[0][1]) == set(sides[1][1]):
            return None
        out = tuple(Side(tuple(docs), self.label(docs, own[d])) for d, docs in sides)
        return Sides(out, self.topic(question, feats), explicit)

    def named_document(self, question: str) -> str | None:
        """The one indexed document ``question`` names by two kinds of its facts, or None.

        "det midtjyske udspil" (region and kind), "the Central Denmark proposal", "KKR Hovedstadens mål"
        (issuer and region): every naming word fits that document strongly and no other document as well.
        One kind of fact alone ("aftalen", "i Midtjylland") names a set of documents, not one.
        """
        feats = [f for f in self.features(question) if f.kind != "title"]
        if any(f.kind in ("old", "new") for f in feats):
            return None  # "den nye midtjyske sundhedsaftale": which one is new is the periods' to tell
        # a kind in the plural ("aftalerne i Region X", "the agreements") names all of that kind, not one
        feats = [f for f in feats if not (f.kind == "kind" and _PLURAL.search(question[f.start : f.end].lower()))]
        if len({f.kind for f in feats}) < 2:
            return None
        score = {d: sum(f.weight(d) for f in feats) for d in self.docs}
        ranked = sorted(score, key=lambda d: -score[d])
        best = ranked[0]
        if len(ranked) > 1 and score[ranked[1]] >= score[best] or not all(f.weight(best) >= STRONG for f in feats):
            return None
        return best

    def unnamed(self, question: str) -> str:
        """``question`` without the words that name indexed documents (regions, periods, issuers, kinds), paired or not."""
        return self.topic(question, self.features(question))

    def _best_pair(self, feats: list[Feature]) -> tuple[str, str] | None:
        """The pair of documents that explains the most features (then the most weight), the first such pair
        in document order: ``_pair``'s score for every pair, computed at once over the ``_contenders``."""
        docs = self._contenders(feats)
        if len(docs) < 2:
            return None
        plain = [f for f in feats if f.kind not in ("old", "new")]
        w = np.array([[f.weight(d) for f in plain] for d in docs], dtype=float).reshape(len(docs), len(plain))
        a, b = np.triu_indices(len(docs), 1)  # every pair, in the order of itertools.combinations
        covered = np.maximum(w[a], w[b]).sum(axis=1)
        total = (w[a] + w[b]).sum(axis=1)
        if len(plain) < len(feats):  # "old"/"new": explained by any pair of two different periods
            spans = [self._span(self.metas[d]) for d in docs]
            rank = {sp: i for i, sp in enumerate(sorted({sp for sp in spans if sp is not None}))}
            r = np.array([rank.get(sp, -1) if sp is not None else -1 for sp in spans])
            covered = covered + (len(feats) - len(plain)) * ((r[a] >= 0) & (r[b] >= 0) & (r[a] != r[b]))
        covered, total = covered.round(9), total.round(9)
        top = covered == covered.max()
        first = int(np.flatnonzero(top & (total == total[top].max()))[0])
        return docs[int(a[first])], docs[int(b[first])]

    def _contenders(self, feats: list[Feature]) -> list[str]:
        """The documents the best pair is among, in document order. Two documents that every feature fits
        alike and that share a period score alike with any partner, and the later one comes later in the
        order, so it never wins a tie: of each such class the first two are kept (the pair of those two is
        still a candidate). A thousand documents of a few regions and periods are a few dozen contenders.
        """
        seen: dict[tuple[Any, ...], int] = {}
        out = []
        for d in self.docs:
            sig = (self._span(self.metas[d]), *(f.weight(d) for f in feats))
            if seen.get(sig, 0) < 2:
                seen[sig] = seen.get(sig, 0) + 1
                out.append(d)
        return out

    def _pair(self, feats: list[Feature], a: str, b: str) -> tuple[tuple[float, float], dict[int, str]]:
        """((features explained, sum of both documents' fits), which document owns each feature)."""
        covered = total = 0.0
        owner: dict[int, str] = {}
        older = self._older(a, b)
        for i, f in enumerate(feats):
            if f.kind in ("old", "new"):
                if older is None:
                    continue
                covered += 1.0
                owner[i] = older if f.kind == "old" else (b if older == a else a)
                continue
            wa, wb = f.weight(a), f.weight(b)
            covered += max(wa, wb)
            total += wa + wb
            if wa != wb:
                owner[i] = a if wa > wb else b
        return (covered, total), owner

    def _older(self, a: str, b: str) -> str | None:
        sa, sb = self._span(self.metas[a]), self._span(self.metas[b])
        if not sa or not sb or sa == sb:
            return None
        return a if sa < sb else b

    def label(self, docs: list[str], own: list[Feature]) -> str:
        """How the answer names a side: one document's title (and region), else what its documents share."""
        if len(docs) == 1:
            m = self.metas[docs[0]]
            title = str(m.get("title") or docs[0])
            region = str(m.get("region") or "")
            return f"{title} ({region})" if region and key(region) not in key(title) else title
        metas = [self.metas[d] for d in docs]
        region = {m.get("region") for m in metas}
        period = {m.get("period") for m in metas}
        parts = [str(next(iter(region)))] if len(region) == 1 and None not in region else []
        if len(period) == 1 and None not in period:
            parts.append(str(next(iter(period))).replace("-", "–"))
        return " ".join(parts) or ", ".join(str(m.get("title") or d) for d, m in zip(docs, metas))

    @staticmethod
    def topic(question: str, feats: list[Feature]) -> str:
        """The question without its naming words and comparison words: what each side is searched for."""
        def beside(i: int) -> bool:  # a title word right next to a name is part of it: "Region Nordjyllands"
            near = [feats[j] for j in (i - 1, i + 1) if 0 <= j < len(feats) and feats[j].kind != "title"]
            return any(not _TOKEN.search(question[min(f.end, g.end):max(f.start, g.start)]) for f in [feats[i]] for g in near)

        out, at = [], 0
        for i, f in enumerate(feats):
            if f.kind == "title" and not beside(i) or f.start < at:
                continue
            out.append(question[at:f.start])
            at = f.end
        out.append(question[at:])
        text = COMPARE_WORDS.sub(" ", "".join(out))
        text = re.sub(r"(?<=\w)'s\b|\b(ifølge|according to|i|in|fra|from|til|og|and|det|den|de|the)\s+(?=(og|and|,|\?|$))",
                      " ", text, flags=re.IGNORECASE)
        return re.sub(r"\s+", " ", text).strip(" ,–-") or question


_ANCHORS = ("region", "issuer")
# What joins two names compared: "X og Y", "X, and Y", "X versus Y", "X sammenlignet med Y", "X compared with Y".
_JOIN = re.compile(r"\b(og|and|samt|versus|vs|overfor|sammenlignet med|i forhold til|compared (?:with|to)|against)\b|,|;", re.I)


_WITH = re.compile(r"\b(med|with|mod|fra|from|end|than)\b", re.IGNORECASE)


def _apart(question: str, one: list[Feature], other: list[Feature], explicit: bool = False) -> bool:
    """The two sides' names stand apart, one side's before the other's, joined by "og"/"and"/"compared with"
    (or by "med"/"with" in a question that asks to compare: "sammenlign X med Y", "compare X with Y")."""
    if not one or not other:
        return False
    first, second = (one, other) if min(f.start for f in one) < min(f.start for f in other) else (other, one)
    end, start = max(f.end for f in first), min(f.start for f in second)
    between = question[end:start]
    return end <= start and bool(_JOIN.search(between) or explicit and _WITH.search(between))


def _anchored(question: str, feats: list[Feature]) -> list[Feature]:
    """The features that name a document: a region, a period range or an issuer's acronym anywhere; a
    year alone, a kind word ("aftalen", "proposal") or old/new only beside another naming word (at most
    two words apart: "udspillet fra 2018", "KKR Midtjylland (2013)"), unless the question names nothing
    else and asks for a comparison in words ("forskel på aftalen og udspillet")."""
    def anchor(f: Feature) -> bool:
        return f.strong and (f.kind in _ANCHORS or f.kind == "year" and bool(re.search(r"\d\D+\d", question[f.start:f.end])))

    def gap(a: Feature, b: Feature) -> int:
        return len(_TOKEN.findall(question[a.end:b.start]))

    clusters: list[list[Feature]] = []
    for f in feats:
        if clusters and gap(clusters[-1][-1], f) <= 2:
            clusters[-1].append(f)
        else:
            clusters.append([f])
    def solid(f: Feature) -> bool:  # a name in its own right, not a title word or "region" alone
        return f.kind in ("old", "new") or max((w for _, w in f.fit), default=0.0) >= STRONG

    kept = [f for c in clusters if any(anchor(f) for f in c) or sum(solid(f) for f in c) > 1 for f in c]
    if not any(anchor(f) for f in kept) and COMPARE_WORDS.search(question):
        return [f for f in feats if f.kind in ("kind", "year", "old", "new")]
    return kept


def _find_words(question: str, alias: str) -> tuple[int, int] | None:
    """The span of the words of ``question`` whose keys spell ``alias``."""
    toks = list(_TOKEN.finditer(question))
    want = alias.split()
    for i in range(len(toks) - len(want) + 1):
        if [key(t.group(0)) for t in toks[i:i + len(want)]] == want:
            return toks[i].start(), toks[i + len(want) - 1].end()
    return None


def _near_name(tokens: list[re.Match[str]], i: int, names: DocumentNames) -> bool:
    """An old/new word counts when a kind word or a year follows within three words ("den nye fra 2019")."""
    for m in tokens[i + 1:i + 4]:
        tok = m.group(0)
        if tok.isdigit() and len(tok) == 4 or names._kind_fit(tok):
            return True
    return False
