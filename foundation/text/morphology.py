"""Danish word relations learnt from a corpus vocabulary: stems, suffix rules, compounds.

Nothing here is a word list. Every relation is read off the counts of the
documents being indexed, so an agreement from another region gets the same
help as the bundled ones:

* **stems**: Snowball stems group inflected forms (``aftale``/``aftalerne``).
* **suffix rules**: Snowball leaves derivations apart (``henvis``/``henvisning``,
  ``aftal``/``aftalt``). Two stems that share a base of at least
  ``MIN_BASE`` letters and differ only in a short ending are an instance of
  the rule ``(ending_a, ending_b)``; a rule seen on at least ``MIN_RULE_BASES``
  different bases of the vocabulary is kept, and links any other pair of
  known stems it fits.
* **dictionary forms**: a strong verb or noun changes its vowel (``indlagt`` /
  ``indlægge``, ``formænd`` / ``formand``); a form the documents never use
  reaches theirs through its lemma in a general Danish lexicon (simplemma).
* **compounds**: a written-together word is split into two known words
  (``genoptræningsplan`` = ``genoptræning`` + ``plan``), and two words apart in
  a question are joined when the join is a known word, in either order
  (``plan for genoptræning`` → ``genoptræningsplan``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from foundation.text.lemma import lemma
from foundation.text.tokens import Decompounder, stem, stopwords
from foundation.text.wordlist import zipf

MIN_BASE = 4
"""Shortest shared base for two stems to count as one word's derivations."""
MAX_ENDING = 5
"""Longest ending a suffix rule may swap: five for a verb's noun in "-ation" ("reparere"/"reparation",
"dokumentere"/"dokumentation")."""
MIN_RULE_BASES = 5
"""Distinct bases a rule must be seen on before it links anything."""
MAX_RELATED = 6
"""At most this many related stems per word, most frequent first."""
MIN_FORM_COUNT = 2
"""A related stem must occur this often: one occurrence may be a damaged fragment."""
_LINKS = ("", "s", "e")
_PARTICIPLE_ENDINGS = ("et", "ne", "t")
"""How a Danish past participle ends ("skrevet", "skrevne", "valgt")."""
BASE_MIN = MIN_BASE + 4
"""Shortest base an unknown word shares with a known one for ``same_base``."""


def content_word(word: str) -> bool:
    """A word worth relating: letters only, three or more, not a stopword."""
    return len(word) >= 3 and word.isalpha() and word not in stopwords()


def stem_forms(counts: Mapping[str, int]) -> dict[str, dict[str, int]]:
    """stem -> {surface form: count} for the content words of a vocabulary."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for word, n in counts.items():
        if content_word(word):
            out[stem(word)][word] = n
    return dict(out)


def learn_suffix_rules(stems: Iterable[str], min_bases: int = MIN_RULE_BASES) -> list[tuple[str, str]]:
    """Ending swaps (a, b) seen on at least ``min_bases`` shared bases, a < b.

    For ``henvis``/``henvisning`` and ``forebyg``/``forebyggelse``-like pairs
    every split point leaves a base and two endings; each distinct base is one
    vote for the rule of its two endings.
    """
    known = set(stems)
    by_base: dict[str, set[str]] = defaultdict(set)
    for s in known:
        for cut in range(max(MIN_BASE, len(s) - MAX_ENDING), len(s) + 1):
            by_base[s[:cut]].add(s[cut:])
    votes: Counter[tuple[str, str]] = Counter()
    for endings in by_base.values():
        if len(endings) < 2 or len(endings) > 12:
            continue
        ordered = sorted(endings)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if a and b and a[0] == b[0]:
                    continue  # counted at the longer base already
                if _a_word(a, known) or _a_word(b, known):
                    continue  # a word of its own: a compound part, not an ending
                votes[(a, b)] += 1
    return sorted(rule for rule, n in votes.items() if n >= min_bases)


def _a_word(ending: str, known: set[str]) -> bool:
    """The ending is a known word, or one after a compound's linking letter ("splan": "plan")."""
    return len(ending) >= 3 and ending in known or len(ending) >= 4 and ending[0] in _LINKS[1:] and ending[1:] in known


@dataclass
class Morphology:
    """Related forms of a word within one index's vocabulary."""

    counts: Mapping[str, int]
    rules: Sequence[tuple[str, str]] = ()
    forms: dict[str, dict[str, int]] = field(default_factory=dict)
    decompounder: Decompounder | None = None
    _by_ending: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _sorted: list[str] = field(default_factory=list, repr=False)
    _sorted_words: list[str] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not self.forms:
            self.forms = stem_forms(self.counts)
        if self.decompounder is None:
            self.decompounder = Decompounder(self.counts)
        swaps: dict[str, list[str]] = defaultdict(list)
        for a, b in self.rules:
            swaps[a].append(b)
            swaps[b].append(a)
        self._by_ending = dict(swaps)

    def frequency(self, s: str) -> int:
        return sum(self.forms.get(s, {}).values())

    def best_form(self, s: str) -> str | None:
        forms = self.forms.get(s)
        return max(forms, key=lambda w: (forms[w], -len(w))) if forms else None

    def related_stems(self, word: str) -> list[str]:
        """Known stems linked to ``word``'s stem by a learnt suffix rule, most frequent first."""
        s = stem(word)
        found: set[str] = set()
        for cut in range(max(MIN_BASE, len(s) - MAX_ENDING), len(s) + 1):
            base, ending = s[:cut], s[cut:]
            for other in self._by_ending.get(ending, ()):
                cand = base + other
                if cand != s and (self.frequency(cand) >= MIN_FORM_COUNT or self._a_known_word(cand)):
                    found.add(cand)
        return sorted(found, key=lambda x: -self.frequency(x))[:MAX_RELATED]

    def _a_known_word(self, s: str) -> bool:
        """A stem the documents use once, in a form the general Danish word list knows ("Jobcenter" once in a
        small document's table): no damaged fragment, which ``MIN_FORM_COUNT`` keeps out."""
        return any(zipf(form, "da") > 0 for form in self.forms.get(s, {}))

    def related_forms(self, word: str) -> list[str]:
        """One known surface form per related stem (``henvise`` -> ``henvisning``)."""
        return [f for f in (self.best_form(s) for s in self.related_stems(word)) if f and f != word]

    def lemma_forms(self, word: str) -> list[str]:
        """For a word whose stem the documents never use, the known forms of its dictionary form
        (``formænd`` -> ``formand``, ``indlagt`` -> ``indlægge`` -> ``indlæggelse``): a vowel change
        that no suffix rule learns. A word the documents use keeps its own forms only, so a common word
        ("børn") is not widened to another ("barn") that shifts what its term matches; but a strong verb's
        participle reaches its verb's forms even so (``strong_participle``: "udskrevet" -> "udskrivelsen")."""
        known = bool(self.frequency(stem(word)))
        if known and not self._participle_base(word):
            return []  # the lexicon is asked only where its answer can be used
        base = lemma(word)
        if known and not self.strong_participle(word, base):
            return []
        s = stem(base)
        if base == word or s == stem(word) or not content_word(base):
            return []
        if self.counts.get(base, 0) >= MIN_FORM_COUNT:
            own: str | None = base
        else:
            own = self.best_form(s) if self.frequency(s) >= MIN_FORM_COUNT else None
        found = [own] if own else []
        return [f for f in dict.fromkeys([*found, *self.related_forms(base)]) if f != word]

    def strong_participle(self, word: str, base: str) -> bool:
        """``word`` is a participle whose verb changes its vowel (``udskrevet``/``udskrevne`` of ``udskrive``,
        ``valgt`` of ``vælge``): it ends as a participle, its dictionary form is a verb's (in "-e") that begins
        as it does, and the documents have no verb formed on the participle's own base ("aftalt" has "aftale",
        so a lexicon's odd "aftælle" is never taken)."""
        own = self._participle_base(word)
        return bool(own) and base.endswith("e") and base[:1] == word[:1] and stem(base) != stem(word)

    def _participle_base(self, word: str) -> str:
        """The base of a word that ends as a participle and has no verb of its own on that base in the documents
        ("udskrev" of "udskrevet"; "" for "aftalt", whose "aftale" the documents use, and for "borger")."""
        own = next((word[: -len(end)] for end in _PARTICIPLE_ENDINGS if word.endswith(end)), "")
        if len(own) < 3 or any(self.counts.get(own + end, 0) for end in ("e", "er", "es")):
            return ""
        return own

    def compounds_of(self, first: str, last: str) -> list[str]:
        """Known compounds of ``first`` then a form of ``last``, with a linking e/s or none ("familie" + "hus" ->
        "familiehuset", "familie" + "ambulatorium" -> "familieambulatoriet": the stemmer keeps "-ium", so the
        last part's final two letters may differ). The most frequent two."""
        lead, tail = first.lower().removesuffix("e"), stem(last.lower())
        tail = tail[:-2] if len(tail) > 6 else tail
        if len(lead) < MIN_BASE or len(tail) < 3:
            return []
        found = []
        for other in self._stems_opening(lead):
            rest = other[len(lead):]
            if any(rest.startswith(link + tail) and len(rest) - len(link + tail) <= 4 for link in ("", "e", "s", "es")):
                found.append(other)
        return self._two_most_frequent(found)

    def same_base(self, word: str) -> list[str]:
        """For a word the vocabulary does not know, its known words of the same base
        (``udviklingshæmmede`` -> ``udviklingshæmning``): the two stems share at least ``BASE_MIN``
        letters, the word's own rest is at most three letters
        and the known word's rest is an ending the suffix rules learnt (or none). A compound with
        another last part ("videreuddanne" / "videreudvikle") shares its first part only."""
        s = stem(word)
        if word in self.counts or s in self.forms or len(s) < BASE_MIN + 1:
            return []
        endings = {""} | set(self._by_ending)
        found = []
        for cut in range(len(s) - 1, max(BASE_MIN, len(s) - 3) - 1, -1):
            base = s[:cut]
            for other in self._stems_opening(base):
                if other != s and other[cut:] in endings and other not in found:
                    found.append(other)
            if found:
                break
        return self._two_most_frequent(found)

    def _stems_opening(self, prefix: str) -> Iterator[str]:
        """The known stems that begin with ``prefix``, in order (the sorted list is made on first use)."""
        if not self._sorted:
            self._sorted = sorted(self.forms)
        return _opening(self._sorted, prefix)

    def words_opening(self, prefix: str) -> Iterator[str]:
        """The vocabulary's words that begin with ``prefix``, in order (the sorted list is made on first use)."""
        if not self._sorted_words:
            self._sorted_words = sorted(self.counts)
        return _opening(self._sorted_words, prefix)

    def _two_most_frequent(self, stems: list[str]) -> list[str]:
        """The best surface forms of the two most frequent of ``stems``."""
        stems.sort(key=lambda x: -self.frequency(x))
        return [f for f in (self.best_form(x) for x in stems[:2]) if f]

    def split(self, word: str) -> tuple[str, str] | None:
        """A compound's two parts, both known words; the split whose rarer part is most frequent.

        ``genoptræningsplan`` could also be read as ``genoptræ`` + ``ningsplan`` if a damaged
        fragment made those "known"; scoring by the rarer part's count prefers real words.
        """
        if len(word) < 2 * MIN_BASE + 1:
            return None
        best: tuple[int, str, str] | None = None
        for i in range(MIN_BASE, len(word) - MIN_BASE + 1):
            head, tail = word[:i], word[i:]
            tail_n = max(self.counts.get(tail, 0), self.frequency(stem(tail)))
            if tail_n < MIN_FORM_COUNT:
                continue
            for h in (head, head[:-1] if head.endswith(_LINKS[1:]) else ""):
                n = min(tail_n, self.counts.get(h, 0)) if len(h) >= MIN_BASE - 1 and content_word(h) else 0
                if n >= MIN_FORM_COUNT and (best is None or n > best[0]):
                    best = (n, h, tail)
        return (best[1], best[2]) if best else None

    def join(self, a: str, b: str) -> str | None:
        """The known compound of two words apart, in either order, with a linking s/e or none."""
        best: tuple[int, str] | None = None
        pairs = [(h, t) for x, y in ((a, b), (b, a)) for h in self._bases(x) for t in self._bases(y)]
        for head, tail in pairs:
            for link in _LINKS:
                for h in {head, head.removesuffix("e")} if link else {head}:
                    cand = h + link + tail
                    n = self.counts.get(cand, 0)
                    if n and (best is None or n > best[0]):
                        best = (n, cand)
        return best[1] if best else None

    def _bases(self, word: str) -> list[str]:
        """The word, and its stem's shortest known form (``planen`` -> ``plan``)."""
        forms = self.forms.get(stem(word))
        shortest = min(forms, key=lambda w: (len(w), w)) if forms else word
        return [word] if shortest == word else [word, shortest]


OWN_ENDING = 5
"""Letters two Danish words must end alike in before a different beginning makes them two words of one base."""


def other_prefix(word: str, term: str) -> bool:
    """Whether ``term`` is ``word``'s base with another particle or first part ("udskrevet" for "underskrevet",
    "indskrevet"): they end alike and begin differently, which the embedder reads as near and Danish as another
    sense (discharged, enrolled, signed). A synonym ("pauseres" for "stoppes") shares no such ending."""
    shared = 0
    for a, b in zip(reversed(word), reversed(term)):
        if a != b:
            break
        shared += 1
    return shared >= OWN_ENDING and shared < min(len(word), len(term))


def _opening(ordered: list[str], prefix: str) -> Iterator[str]:
    """The words of the sorted ``ordered`` that begin with ``prefix``, found by bisection."""
    for other in ordered[bisect_left(ordered, prefix):]:
        if not other.startswith(prefix):
            return
        yield other
