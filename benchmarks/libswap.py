"""Library candidates for four hand-written pieces (issue 11, item 3), and a runner that swaps them in.

Each candidate keeps our function's signature so the eval can run with it unchanged:
``PYTHONPATH=. python benchmarks/libswap.py lang,sbd,spell -- ingest`` (or ``-- eval --report DIR``)
patches the named pieces, then runs the ``aftale`` CLI with the remaining arguments.
Nothing here is imported by the application; a kept swap moves into the code proper.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from functools import lru_cache

from assistant.query import _CASUAL
from assistant.query import Speller as _OurSpeller
from foundation.text.sentences import trim_span


# --- 1. language ----------------------------------------------------------------
@lru_cache(maxsize=1)
def _lingua():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.DANISH, Language.ENGLISH).build()


def detect_language_lingua(text: str) -> str:
    """'en' or 'da' by lingua restricted to the two languages (Danish when it cannot tell)."""
    from lingua import Language

    return "en" if text.strip() and _lingua().detect_language_of(text) == Language.ENGLISH else "da"


# --- 2. sentences -----------------------------------------------------------------
@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="da", clean=False, char_span=True)


def split_sentences_pysbd(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` by pysbd's Danish rules, trimmed like ours."""
    end = len(text) if end is None else end
    part = text[start:end]
    if not part.strip():
        return []
    spans = []
    for sp in _segmenter().segment(part):
        s, e = trim_span(text, start + sp.start, start + sp.end)
        if e > s:
            spans.append((s, e))
    return spans


# --- 3. spelling --------------------------------------------------------------------
class SymSpeller(_OurSpeller):
    """Our Speller with its edit-distance-1 part done by symspellpy (æøå folding and casual forms kept)."""

    def __post_init__(self) -> None:
        from symspellpy import SymSpell

        super().__post_init__()
        self._sym = SymSpell(max_dictionary_edit_distance=1, prefix_length=7)
        for w, c in self.counts.items():
            if len(w) >= 6 and c >= 2:  # the same dictionary our deletes table holds
                self._sym.create_dictionary_entry(w, c)

    def correct(self, word: str) -> str:
        from symspellpy import Verbosity

        w = word.lower()
        if w in _CASUAL:
            return _CASUAL[w]
        if w in self.counts or len(w) < 3:
            return w
        if w in self._folded:
            return self._folded[w]
        if len(w) >= 6:
            hits = self._sym.lookup(w, Verbosity.TOP, max_edit_distance=1, transfer_casing=False)
            if hits:
                return hits[0].term
        return w


def symspell_speller(counts: Mapping[str, int]) -> SymSpeller:
    return SymSpeller(counts)


def patch(names: set[str]) -> None:
    """Swap the named pieces in every module that imported ours by name."""
    import importlib

    targets = {
        "lang": ("detect_language", detect_language_lingua, ["foundation.text.language", "assistant.query", "assistant.api"]),
        "sbd": ("split_sentences", split_sentences_pysbd,
                ["foundation.text.sentences", "ingest.split", "ingest.commitments", "assistant.generate"]),
        "spell": ("Speller", symspell_speller, ["assistant.query"]),
    }
    for name in names:
        attr, fn, modules = targets[name]
        for mod in modules:
            m = importlib.import_module(mod)
            assert hasattr(m, attr), (mod, attr)
            setattr(m, attr, fn)


if __name__ == "__main__":
    sep = sys.argv.index("--")
    swaps = {s for s in sys.argv[1].split(",") if s and s != "none"}
    patch(swaps)
    sys.argv = ["aftale", *sys.argv[sep + 1 :]]
    print(f"swapped: {sorted(swaps) or 'none'}", file=sys.stderr)
    from interfaces.cli.main import main

    main()
