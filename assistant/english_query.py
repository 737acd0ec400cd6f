"""An English question's key terms: the index's Danish words for its English words and phrases.

Each English word takes the hand list's general health and administration terms (``assistant.terms``), an
abbreviation's long form, and its nearest terms in the index's own vocabulary through the multilingual
embedder; a phrase of the list ("follow up", "care home") is one group; neighbouring words take the index's
compounds of their Danish terms, as Danish writes the two as one word.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from assistant.question_type import GENERIC, QUESTION_WORDS
from assistant.terms import NearestTerms, general_terms, translate
from foundation.text.cognates import compounds_opened_by, danish_spellings
from foundation.text.language import english_stopwords
from foundation.text.lemma import english_base
from foundation.text.morphology import Morphology
from foundation.text.tokens import words

# English phrases that only widen the lexical search; they name no topic the evidence must hold.
LEXICAL_ONLY = frozenset({"how many", "how much", "percent", "percentage", "deadline", "by the end of", "number", "share", "proportion"})

Group = tuple[str, ...]
OPENED_BY = 4
"""Compounds an untranslated English word opens that take its place, the most frequent first."""


def phrase_in(phrase: str, said: list[str], bases: list[str]) -> list[str]:
    """The question's words (``said``, and ``bases``: their ``english_base``) that say the list's phrase in any of its
    forms ("followed up", "taking part" for "follow up", "take part"), or []."""
    want = [english_base(w) for w in phrase.split()]
    for i in range(len(said) - len(want) + 1):
        if bases[i : i + len(want)] == want:
            return said[i : i + len(want)]
    return []


def english_content(text: str) -> list[str]:
    """An English question's content words: no stopword, question word, word of the frame or figure."""
    en_sw = english_stopwords()
    ws = (w for w in words(text) if len(w) >= 3 and not any(ch.isdigit() for ch in w))
    return list(dict.fromkeys(w for w in ws if w not in en_sw and w not in QUESTION_WORDS and w not in GENERIC))


@dataclass(frozen=True)
class EnglishTerms:
    """The index's Danish terms for an English question's words (its counts, morphology and embedded vocabulary)."""

    counts: Mapping[str, int]
    morphology: Morphology
    nearest: NearestTerms | None
    alternatives: Callable[[str], list[str]]  # an abbreviation's long form, or the reverse

    def groups(self, raw_words: list[str], text: str, phrase_words: set[str],
               start: Iterable[Group] = ()) -> tuple[list[Group], list[str], list[Group]]:
        """The key term groups after ``start`` (the question's long forms of abbreviations), the Danish words that
        only widen the lexical search, and the groups that weigh little (a word nothing translates).
        ``phrase_words`` (the question's words that name a region, a place or its frame) are no term and are
        extended with the words of the list's phrases the question says."""
        groups: list[Group] = list(start)
        seen: set[str] = {alt for g in groups for alt in g}
        lexical_only: list[str] = []
        soft: list[Group] = []

        def add(group: list[str]) -> None:
            group = [g for g in dict.fromkeys(group) if g]
            if group and not seen.intersection(group):
                seen.update(group)
                groups.append(tuple(group))

        en_sw = english_stopwords()
        table = general_terms()  # the hand list of general health and administration terms
        raw_words = self.parts(raw_words)
        said = words(text)
        bases = [english_base(w) for w in said]
        for en, da in table.items():
            if " " not in en:
                continue
            found = phrase_in(en, said, bases)
            if found and not set(found) <= phrase_words:
                phrase_words.update(found)
                if en in LEXICAL_ONLY:
                    lexical_only.extend(da)
                else:
                    add([*da, en])

        def frame(w: str) -> bool:
            return w in phrase_words or w in en_sw or w in QUESTION_WORDS or w in GENERIC

        wanted = [r.lower() for r in raw_words if not frame(r.lower()) and len(r) >= 3 and r.lower() not in LEXICAL_ONLY
                  and r.lower() not in self.counts and not translate(r.lower())]
        # one embedder call for these and the words the BM25 feedback will look up (``QueryUnderstanding.feedback``)
        near = self.nearest.lookup([*wanted, *english_content(text)]) if self.nearest else {}
        near = {w: near[w] for w in wanted if w in near}
        for i, raw in enumerate(raw_words):
            w = raw.lower()
            if w in LEXICAL_ONLY:
                lexical_only.extend(table.get(w, []))
                continue
            if frame(w) or len(w) < 3 and w not in table:
                continue
            alts = [*translate(w), *self.alternatives(raw), *near.get(w, [])]
            # a word of Greek or Latin stock as Danish spells it ("antipsychotic" -> "antipsykotisk"), where the index uses it
            alts = alts or danish_spellings(w, self.counts.__contains__) or self.opened_by(w)
            named = i > 0 and raw[0].isupper() or raw.isupper() or any(ch.isdigit() for ch in raw)
            if not alts and w not in self.counts and not named:
                soft.append((w,))  # untranslatable: weighs little, proves nothing alone
            add([*alts, w])
        return self.compounds(groups, frozenset(soft)), lexical_only, soft

    def opened_by(self, word: str) -> list[str]:
        """The index's most frequent compounds (up to ``OPENED_BY``) that open with the English word as Danish spells
        it, where the index has the word only inside compounds ("nicotine replacement": "Nikotinerstatning"), or with
        its base ("mentoring" → "mentor": "Mentorordning")."""
        base = english_base(word)  # an inflected word opens what its base opens, as it is where the index lacks it alone
        found = [*compounds_opened_by(word, self.morphology.words_opening),  # "mentoring" -> "mentor" -> "Mentorordning"
                 *(compounds_opened_by(base, self.morphology.words_opening, as_is=base not in self.counts) if base != word else [])]
        return sorted(found, key=lambda w: (-self.counts[w], w))[:OPENED_BY]

    def parts(self, raw_words: list[str]) -> list[str]:
        """A hyphenated English word that nothing translates whole ("cross-sector", "fall-prevention") read as its
        words apart, as the same compound written open is ("fall prevention"): each part takes its Danish terms, and
        neighbouring parts the index's compounds of them (``compounds``). A word the list or the index knows whole
        ("follow-up", "KKR-målene") stays whole, as does one with a number ("2015-2018", "end-2017")."""
        out: list[str] = []
        for raw in raw_words:
            w, parts = raw.lower(), [p for p in raw.split("-") if p]
            whole = (len(parts) < 2 or not all(p.isalpha() for p in parts)  # "2015-2018", "end-2017": a period, a date
                     or translate(w) or w in self.counts or self.alternatives(raw))
            out.extend([raw] if whole else parts)
        return out

    def compounds(self, groups: list[Group], soft: frozenset[Group]) -> list[Group]:
        """English words apart that Danish writes as one compound ("family house": "Familiehuset", "family outpatient
        clinic": "Familieambulatoriet"): both words' groups take the index's compounds of their Danish terms, the
        first word's first, as both languages put the head last ("care home" is "plejehjem", not "hjemmepleje"). A word
        without a translation is tried as it is."""
        out = [list(g) for g in groups]
        # an untranslated word may be Danish too, as loanwords are ("dementia café": "Demenscaféen")
        danish = [[alt for alt in g[:-1] if " " not in alt] if g not in soft else [g[-1]] for g in groups]
        for i in range(len(groups)):
            for j in range(i + 1, min(len(groups), i + 3)):
                for c in dict.fromkeys(c for a in danish[i] for b in danish[j] for c in self.morphology.compounds_of(a, b)):
                    out[i] += [c] if c not in out[i] else []
                    out[j] += [c] if c not in out[j] else []
        return [tuple(g) for g in out]
