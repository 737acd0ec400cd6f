"""Fusion parameters fitted on tune are data, belong to their embedder, and settings override them."""

from __future__ import annotations

import json

from assistant.retrieval import (
    DEFAULT_FUSION,
    FUSION_JSON,
    LEGS,
    Fusion,
    HybridRetriever,
    fitted_fusion,
)
from foundation.settings import Settings


def test_stored_fusion_says_how_it_was_chosen_and_for_which_embedder() -> None:
    data = json.loads(FUSION_JSON.read_text(encoding="utf-8"))
    assert data["embedder"] and "cross-validation" in data["how"]
    assert set(data["fusion"]["default"]["weights"]) == set(LEGS)
    fitted = fitted_fusion(data["embedder"])
    assert fitted["default"].weights == tuple(data["fusion"]["default"]["weights"][leg] for leg in LEGS)
    assert fitted["default"].rrf_k == data["fusion"]["default"]["rrf_k"]


def test_another_embedder_gets_the_plain_defaults() -> None:
    assert fitted_fusion("hash-512") == {"default": DEFAULT_FUSION}
    r = HybridRetriever(Settings())
    assert r.fusion("da", "hash-512") == DEFAULT_FUSION


def test_a_weight_set_in_the_settings_wins(hash_assistant) -> None:
    data = json.loads(FUSION_JSON.read_text(encoding="utf-8"))
    r = HybridRetriever(Settings(retrieval={"bm25_weight": 0.0, "rrf_k": 7}))
    f = r.fusion("en", data["embedder"])
    assert f.weights[1] == 0.0 and f.rrf_k == 7.0
    snap = hash_assistant.snapshot()
    vec = hash_assistant.embedder.embed_query("genoptræning efter udskrivelse")
    legs = r.legs(snap, vec, "genoptræning efter udskrivelse", {})
    only_bm25 = r.fuse(snap, legs, Fusion((0.0, 1.0, 0.0), 60.0), 5)
    assert [snap.chunk_index[p.id] for p in only_bm25][0] == legs[1][0][0]
    assert all(p.meta["leg_ranks"][1] > 0 for p in only_bm25)
