"""Danish tokens for the lexical (BM25) leg, shared by index and query.

Lowercase, NFC, Danish stopwords out, Snowball Danish stems. Compounds are
handled on both sides: a long indexed word that is two known words
(``dosis`` + ``dispensering``, with an optional linking ``s``) also yields
its parts, and a query's neighbouring words and hyphenated parts also yield
their joined form, so ``dosisdispensering``, ``dosis-dispensering`` and
``dosis dispensering`` meet.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_WORD = re.compile(r"[0-9a-zæøåéüöäA-ZÆØÅÉÜÖÄ]+(?:-[0-9a-zæøåéüöäA-ZÆØÅÉÜÖÄ]+)*")
_MIN_PART = 4

TOKENS_VERSION = "2"
"""What the lexical index's tokens are (the stopword list above all); a change re-indexes every document."""


MEANINGFUL_FUNCTION_WORDS = frozenset({"ikke", "mod", "under", "efter", "over", "før", "uden"})
"""Function words of Snowball's list that carry meaning in agreements ("efter udskrivelse" is not "før"): searched for,
so no stopwords; still no word that names a thing."""


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_DANISH

    # Snowball's Danish list has these function words and bm25s's lacks them: "tolk hos sundhedsplejersken"
    # held "hos" as a key term, so the clause paying "… hos den praktiserende læge" tied with the one asked
    snowball = {"hos", "disse", "jer", "thi", "ad"}
    return frozenset(w for w in STOPWORDS_DANISH if w not in MEANINGFUL_FUNCTION_WORDS) | snowball | {"sig", "samt", "mv", "bl", "f", "eks", "fx"}


class _Stemmer:
    """Thread-safe wrapper: PyStemmer objects must not be shared across threads."""

    def __init__(self, language: str = "danish") -> None:
        self._local = threading.local()
        self.language = language

    def stem(self, word: str) -> str:
        stemmer = getattr(self._local, "stemmer", None)
        if stemmer is None:
            import Stemmer

            stemmer = self._local.stemmer = Stemmer.Stemmer(self.language)
        return stemmer.stemWord(word)


_STEMMER = _Stemmer()
_EN_STEMMER = _Stemmer("english")


@lru_cache(maxsize=50_000)
def english_stem(word: str) -> str:
    """Snowball's English stem ("nurses", "nurse" -> "nurs"; "referred" -> "refer")."""
    return _EN_STEMMER.stem(word)


def stem(word: str) -> str:
    return _cached_stem(word)


@lru_cache(maxsize=200_000)
def _cached_stem(word: str) -> str:
    return _STEMMER.stem(word)


def words(text: str) -> list[str]:
    """Lowercased words of ``text``, hyphenated compounds kept whole."""
    text = unicodedata.normalize("NFC", text).lower()
    return _WORD.findall(text)


def _split_hyphen(word: str) -> list[str]:
    parts = [p for p in word.split("-") if p]
    if len(parts) > 1:
        return ["".join(parts), *parts]
    return parts


class Decompounder:
    """Splits a word into two known words (with an optional linking ``s``/``e``)."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.known = frozenset(w for w in vocabulary if len(w) >= _MIN_PART)
        self._memo: dict[str, tuple[str, str] | None] = {}

    def split(self, word: str) -> tuple[str, str] | None:
        """The best split of ``word``, remembered: ingest asks for every occurrence of every word."""
        if len(word) < 2 * _MIN_PART + 1:
            return None
        if word in self._memo:
            return self._memo[word]
        best = self._split(word)
        if len(self._memo) < 500_000:
            self._memo[word] = best
        return best

    def _split(self, word: str) -> tuple[str, str] | None:
        best: tuple[str, str] | None = None
        for i in range(_MIN_PART, len(word) - _MIN_PART + 1):
            head, tail = word[:i], word[i:]
            if tail not in self.known and not self._known_stem(tail):
                continue
            for h in (head, head[:-1] if head.endswith(("s", "e")) else None):
                if h and len(h) >= _MIN_PART - 1 and h in self.known:
                    if best is None or len(tail) > len(best[1]):
                        best = (h, tail)
        return best

    def _known_stem(self, tail: str) -> bool:
        return len(tail) >= 6 and stem(tail) in self.known


def pieces(text: str) -> list[str]:
    """The word pieces ``document_tokens`` indexes: hyphenated words whole and in parts, stopwords and single letters out."""
    sw = stopwords()
    return [p for w in words(text) for p in _split_hyphen(w) if not (p in sw or len(p) < 2 and not p.isdigit())]


def document_tokens(text: str, decompounder: Decompounder | None = None) -> list[str]:
    """Stemmed tokens of an indexed passage, compound parts added."""
    out: list[str] = []
    for piece in pieces(text):
        out.append(stem(piece))
        if decompounder is not None:
            parts = decompounder.split(piece)
            if parts:
                out.extend(stem(p) for p in parts)
    return out


def query_tokens(text: str, decompounder: Decompounder | None = None) -> list[str]:
    """Stemmed query tokens; neighbours are also joined to meet written-together compounds."""
    sw = stopwords()
    ws = [w for w in words(text)]
    out: list[str] = []
    content = []
    for w in ws:
        for piece in _split_hyphen(w):
            if piece in sw or len(piece) < 2 and not piece.isdigit():
                continue
            out.append(stem(piece))
            content.append(piece)
            if decompounder is not None:
                parts = decompounder.split(piece)
                if parts:
                    out.extend(stem(p) for p in parts)
    if decompounder is not None:
        for a, b in zip(content, content[1:]):
            joined = a + b
            if joined in decompounder.known or a + "s" + b in decompounder.known:
                out.append(stem(joined if joined in decompounder.known else a + "s" + b))
    return out


DIGRAPHS = re.compile(r"ae|oe|aa")
DIGRAPH_LETTERS = {"ae": "æ", "oe": "ø", "aa": "å"}  # æ/ø/å as typed on a keyboard without them


def danish_letters(text: str) -> str:
    """``text`` with every "ae", "oe" and "aa" read as æ, ø and å (casual spelling: "hvornaar")."""
    return DIGRAPHS.sub(lambda m: DIGRAPH_LETTERS[m.group(0)], text)


# a web address or an e-mail address: its digits and dates are no numbers or times of the sentence
_LINK = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)


def without_links(text: str) -> str:
    """``text`` with each web or e-mail address replaced by a space ("…/media/2742822/…" is no count)."""
    return _LINK.sub(" ", text)
