"""The lexicon and term embeddings stored with a generation; an incremental ingest embeds only new words."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index import generation as ix
from index.lexicon_store import (
    LEXICON_FILE,
    TERM_VECTORS_FILE,
    load_lexicon,
    read_lexicon,
    store_lexicon,
)


class CountingEmbedder:
    dim = 4

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        self.embedded += texts
        return np.array([[len(t), t.count("e"), 1.0, 0.0] for t in texts], np.float32)


def _gen(tmp_path: Path, name: str) -> ix.Generation:
    (tmp_path / name).mkdir()
    return ix.Generation(tmp_path / name)


TEXT_A = "Kommunen tilbyder genoptræning. Kommunen sender planen. Genoptræning efter udskrivelse."
TEXT_B = "Regionen henviser borgeren. Regionen og borgeren aftaler henvisning."


def test_stores_lexicon_and_one_vector_per_term(tmp_path: Path) -> None:
    emb = CountingEmbedder()
    gen = _gen(tmp_path, "g1")
    lex = store_lexicon(gen, None, [TEXT_A], emb, 8, lambda *a: None)
    assert (gen.path / LEXICON_FILE).exists() and (gen.path / TERM_VECTORS_FILE).exists()
    terms, matrix = read_lexicon(gen)
    assert terms == lex.terms and matrix.shape == (len(terms), 4)
    assert "kommunen" in terms and "genoptræning" in terms and "udskrivelse" not in terms
    assert sorted(emb.embedded) == sorted(terms)
    loaded, m2 = load_lexicon(gen, {})
    assert loaded.counts == lex.counts and np.array_equal(m2, matrix)


def test_incremental_ingest_embeds_only_new_terms(tmp_path: Path) -> None:
    emb = CountingEmbedder()
    g1 = _gen(tmp_path, "g1")
    store_lexicon(g1, None, [TEXT_A], emb, 8, lambda *a: None)
    first = list(emb.embedded)
    emb.embedded.clear()
    g2 = _gen(tmp_path, "g2")
    lex = store_lexicon(g2, g1, [TEXT_A, TEXT_B], emb, 8, lambda *a: None)
    assert not set(emb.embedded) & set(first)
    assert set(emb.embedded) == set(lex.terms) - set(first)


def test_an_older_generation_without_a_lexicon_gets_one_from_its_counts(tmp_path: Path) -> None:
    gen = _gen(tmp_path, "old")
    lex, matrix = load_lexicon(gen, {"henvisning": 3, "kommunen": 5})
    assert lex.counts["kommunen"] == 5 and matrix.size == 0 and lex.terms == []
