"""Query vectors kept between runs of the fitting tools (evals.query_cache)."""

import numpy as np

from evals.query_cache import cache_query_vectors


class Counting:
    """An embedder that counts its calls."""

    def __init__(self, name: str) -> None:
        self.name, self.calls = name, 0

    def embed_query(self, text: str) -> np.ndarray:
        self.calls += 1
        return np.full(3, float(len(text)), dtype=np.float32)


class FakeAssistant:
    """The one thing the cache touches: the assistant's embedder (``Assistant._embedder`` behind ``embedder``)."""

    def __init__(self, embedder: Counting) -> None:
        self._embedder = embedder

    @property
    def embedder(self):
        return self._embedder


def _wrapped(name: str, path):
    inner = Counting(name)
    assistant = FakeAssistant(inner)
    cache_query_vectors(assistant, path)
    return assistant.embedder, inner


def test_a_rerun_with_the_same_embedder_embeds_nothing_new(tmp_path):
    path = tmp_path / "vectors.npz"
    first, inner = _wrapped("e5", path)
    v = first.embed_query("hvem betaler?")
    first.save_cache()
    again, inner2 = _wrapped("e5", path)
    assert np.array_equal(again.embed_query("hvem betaler?"), v) and inner2.calls == 0


def test_another_embedders_or_another_formats_vectors_are_not_reused(tmp_path):
    path = tmp_path / "vectors.npz"
    first, _ = _wrapped("e5", path)
    first.embed_query("hvem betaler?")
    first.save_cache()
    other, inner = _wrapped("hash", path)
    other.embed_query("hvem betaler?")
    assert inner.calls == 1
    old = tmp_path / "old.npz"
    np.savez(old, texts=np.array('["hvem betaler?"]'), vectors=np.zeros((1, 3)))  # the format fit_retrieval once wrote
    legacy, inner = _wrapped("e5", old)
    legacy.embed_query("hvem betaler?")
    assert inner.calls == 1
