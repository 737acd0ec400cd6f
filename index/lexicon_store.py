"""The lexicon an ingest learns, stored in (and read from) a generation folder.

``vocabulary.json`` holds the documents' word counts, stems, learnt suffix
rules, compounds and abbreviations; ``vocabulary_terms.npy`` the embeddings of
its frequent content terms, one row per ``Lexicon.terms`` entry, so English
question words can be mapped to the index's own Danish terms at query time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from foundation.text.tokens import words
from index import generation as ix
from ingest.lexicon import Lexicon, learn_lexicon

LEXICON_FILE = "vocabulary.json"
TERM_VECTORS_FILE = "vocabulary_terms.npy"


def store_lexicon(
    building: ix.Generation,
    previous: ix.Generation | None,
    texts: Sequence[str],
    embedder: Any,
    batch_size: int,
    tick: Callable[[str, int, int, str], None],
    *,
    fresh: Sequence[str] | None = None,
    dropped: Sequence[str] = (),
) -> Lexicon:
    """Learn the documents' words and store them with the index, with embeddings of the frequent terms.

    ``fresh`` and ``dropped``: the texts of the documents this ingest adds and
    removes; given them, the previous lexicon's word counts are updated rather
    than every text counted again.
    Terms the previous generation embedded (same embedder: the caller only passes a previous
    generation built with it) are reused, so an incremental ingest embeds only new words.
    Terms are short, so one batch holds many: the cost stays small beside the passages'.
    """
    lexicon = learn_lexicon(texts, _updated_counts(previous, fresh, dropped))
    known = dict(zip(*read_lexicon(previous))) if previous is not None else {}
    missing = [t for t in lexicon.terms if t not in known]
    batch = max(64, batch_size * 4)
    for i in range(0, len(missing), batch):
        part = missing[i : i + batch]
        known.update(zip(part, embedder.embed_documents(part)))
        tick("embed", i + len(part), len(missing), "ord")
    dim = int(embedder.dim)
    rows = [known[t] for t in lexicon.terms]
    matrix = np.vstack(rows).astype(np.float32) if rows else np.zeros((0, dim), np.float32)
    (building.path / LEXICON_FILE).write_text(lexicon.to_json(), encoding="utf-8")
    np.save(building.path / TERM_VECTORS_FILE, matrix)
    return lexicon


def _updated_counts(previous: ix.Generation | None, fresh: Sequence[str] | None, dropped: Sequence[str]) -> Counter[str] | None:
    old = Lexicon.read(previous.path / LEXICON_FILE) if previous is not None and fresh is not None else None
    if old is None or fresh is None:
        return None
    counts = Counter(old.counts)
    counts.subtract(w for t in dropped for w in words(t))
    counts.update(w for t in fresh for w in words(t))
    return Counter({w: c for w, c in counts.items() if c > 0})


def read_lexicon(generation: ix.Generation) -> tuple[list[str], np.ndarray]:
    """The embedded terms of a generation and their matrix; empty when it has none (an older index)."""
    lex = Lexicon.read(generation.path / LEXICON_FILE)
    path = generation.path / TERM_VECTORS_FILE
    if lex is None or not path.exists():
        return [], np.zeros((0, 0), np.float32)
    matrix = np.load(path)
    if len(matrix) != len(lex.terms):
        return [], np.zeros((0, 0), np.float32)
    return list(lex.terms), matrix


def load_lexicon(generation: ix.Generation, counts: dict[str, int]) -> tuple[Lexicon, np.ndarray]:
    """The generation's lexicon and term matrix; from its counts alone for an index built before lexicons."""
    lex = Lexicon.read(generation.path / LEXICON_FILE)
    if lex is None:
        lex = Lexicon.from_counts(counts)
        lex.terms = []  # nothing embedded: no English nearest terms for this index
        return lex, np.zeros((0, 0), np.float32)
    terms, matrix = read_lexicon(generation)
    if not terms:
        lex.terms = []
    return lex, matrix
