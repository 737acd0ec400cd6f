"""The query adapter is data for one embedder: it loads, applies only to that embedder, is off when disabled, and says clearly when shapes do not fit."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.adapter import adapt, apply_matrix, load_adapter
from assistant.retrieval import HybridRetriever
from foundation.settings import Settings


def _write(path: Path, w: np.ndarray, embedder: str = "some/embedder") -> Path:
    np.savez(path, w=w.astype(np.float32), meta=np.array(json.dumps({"embedder": embedder, "how": "test"})))
    load_adapter.cache_clear()
    return path


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def test_an_adapter_loads_and_maps_its_embedders_queries(tmp_path) -> None:
    rng = np.random.default_rng(0)
    w = rng.normal(0, 0.1, (8, 8))
    path = _write(tmp_path / "a.npz", w)
    adapter = load_adapter(path)
    assert adapter is not None and adapter.embedder == "some/embedder" and adapter.meta["how"] == "test"
    q = _unit(rng.normal(size=8))
    out = adapt(q, "some/embedder", path=path)
    assert np.allclose(out, _unit(q + q @ w), atol=1e-6)
    assert abs(np.linalg.norm(out) - 1.0) < 1e-5
    rows = np.vstack([q, _unit(rng.normal(size=8))])
    assert np.allclose(apply_matrix(rows, w)[0], out, atol=1e-6)  # a row per query gives the same


def test_other_embedders_and_disabled_settings_keep_the_raw_vector(tmp_path) -> None:
    path = _write(tmp_path / "a.npz", np.eye(8) * 3)
    q = _unit(np.arange(1, 9, dtype=np.float32))
    assert adapt(q, "hash-256", path=path) is q
    assert adapt(q, "some/embedder", enabled=False, path=path) is q
    assert adapt(q, "some/embedder", path=tmp_path / "missing.npz") is q


def test_shapes_that_do_not_fit_are_clear_errors(tmp_path) -> None:
    path = _write(tmp_path / "a.npz", np.zeros((8, 8)))
    with pytest.raises(ValueError, match="8-dimensional"):
        adapt(np.ones(5, np.float32), "some/embedder", path=path)
    with pytest.raises(ValueError, match="square"):
        load_adapter(_write(tmp_path / "b.npz", np.zeros((8, 4))))


def test_an_adapter_without_its_embedder_is_refused(tmp_path) -> None:
    path = tmp_path / "c.npz"
    np.savez(path, w=np.zeros((4, 4), np.float32), meta=np.array(json.dumps({"how": "x"})))
    load_adapter.cache_clear()
    with pytest.raises(ValueError, match="embedder"):
        load_adapter(path)


def test_the_retriever_searches_a_hash_index_with_the_raw_vector(hash_assistant) -> None:
    snap = hash_assistant.snapshot()
    vec = hash_assistant.embedder.embed_query("genoptræning efter udskrivelse")
    for on in (True, False):
        r = HybridRetriever(Settings(retrieval={"adapter": on}))
        assert np.array_equal(r.query_vector(snap, vec), vec)
