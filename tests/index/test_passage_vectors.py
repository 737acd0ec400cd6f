"""The passages' vectors of a generation being built: the new ones at hand, the kept ones read only when asked for."""

from __future__ import annotations

import numpy as np
import pytest

from index.passage_vectors import PassageVectors


def _vectors(calls: list[int]) -> PassageVectors:
    kept = np.arange(6, dtype=np.float32).reshape(3, 2)  # kept passages 0..2
    new = np.arange(100, 104, dtype=np.float32).reshape(2, 2)  # new passages 3, 4
    order = [0, 3, 1, 4, 2]  # stored order: kept 0, new 0, kept 1, new 1, kept 2

    def load() -> np.ndarray:
        calls.append(1)
        return kept

    return PassageVectors(order, 3, new, load, 2)


def test_new_rows_never_read_the_kept_vectors() -> None:
    calls: list[int] = []
    v = _vectors(calls)
    assert np.array_equal(v.rows([3, 1]), [[102, 103], [100, 101]])
    assert calls == []


def test_every_row_equals_stacking_kept_and_new_in_stored_order() -> None:
    calls: list[int] = []
    v = _vectors(calls)
    stacked = np.concatenate([np.arange(6, dtype=np.float32).reshape(3, 2), np.arange(100, 104, dtype=np.float32).reshape(2, 2)])[[0, 3, 1, 4, 2]]
    assert np.array_equal(v.all(), stacked) and len(v) == 5
    assert np.array_equal(v.rows([2, 0]), stacked[[2, 0]])
    assert calls == [1], "read once, then kept"


def test_kept_rows_without_a_loader_are_an_error() -> None:
    v = PassageVectors([0, 1], 1, np.zeros((1, 2), np.float32), None, 2)
    with pytest.raises(ValueError):
        v.rows([0])
