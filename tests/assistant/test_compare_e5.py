"""The comparison with the real embedder (e5): two agreements of our own, and the bundled corpus.

The own pair words one commitment differently in the two periods: e5 pairs
the rewording as kept, marks the sentence only in the later agreement new
and the one only in the earlier gone, and leaves a neighbouring topic out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.api import Assistant
from foundation.settings import Settings
from tests.assistant.test_compare import (
    GONE,
    KEPT,
    NEW,
    OTHER,
    _agreement,
    _check_shape,
)

pytestmark = pytest.mark.slow

REWORDED = "Genoptræningen i kommunen skal begynde inden for en uge efter modtagelsen af planen for genoptræning."


@pytest.fixture(scope="module")
def e5_pair(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    folder = tmp_path_factory.mktemp("pair-docs-e5")
    _agreement(folder / "testkommune-sundhedsaftale-2011-2014.pdf", "Sundhedsaftale 2011-2014", [
        "1. Genoptræning\n" + KEPT, GONE, "2. Medicin\n" + OTHER,
    ])
    _agreement(folder / "testkommune-sundhedsaftale-2024-2027.pdf", "Sundhedsaftale 2024-2027", [
        "1. Genoptræning\n" + REWORDED, NEW, "2. Medicin\n" + OTHER,
    ])
    assistant = Assistant(Settings(data_dir=str(tmp_path_factory.mktemp("pair-e5"))))
    assert assistant.ingest([folder]).ok
    return assistant


def test_e5_pairs_a_rewording_as_kept_and_marks_new_and_gone(e5_pair: Assistant) -> None:
    result = e5_pair.compare("genoptræning", "2011-2014", "2024-2027")
    rows = [row for t in result["topics"] for row in t["rows"]]
    marks = sorted((r["mark"], (r["from"] or r["to"])["text"].split("\n")[-1][-40:]) for r in rows)
    assert [m for m, _ in marks] == ["gone", "kept", "new"], marks
    kept = next(r for r in rows if r["mark"] == "kept")
    assert KEPT[-40:] in kept["from"]["text"] and REWORDED[-40:] in kept["to"]["text"]
    assert GONE in next(r for r in rows if r["mark"] == "gone")["from"]["text"]
    assert NEW in next(r for r in rows if r["mark"] == "new")["to"]["text"]


def test_e5_bundled_corpus_compares_within_the_shared_region(e5_assistant: Assistant, tmp_path: Path) -> None:
    result = e5_assistant.compare("genoptræning", "2015-2018", "2019-2023")
    _check_shape(result, ["region-midtjylland-sundhedsaftale-2015-2018.txt"], ["kkr-midtjylland-2018-udspil-sundhedsaftale-2019-2023.txt"])
    texts = [(row["from"] or row["to"])["text"].lower() for t in result["topics"] for row in t["rows"]]
    assert sum("genoptræn" in t or "rehabiliter" in t for t in texts) >= len(texts) // 2
    english = e5_assistant.ask("What changed about rehabilitation between the 2015-2018 and 2019-2023 agreements?")
    assert english.comparison and english.comparison["topics"]
