"""The scale benchmark's document generator: deterministic, as many documents as asked, not copies."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from benchmarks.synth import (
    MUNICIPALITIES,
    blocks,
    default_sources,
    disguise,
    make_docs,
    write_docs,
)
from foundation.text.regions import REGIONS
from ingest.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sources() -> list[str]:
    return default_sources(ROOT / "corpus")


def test_same_seed_same_documents_and_one_more_extends(sources: list[str]) -> None:
    a = make_docs(6, sources)
    assert a == make_docs(6, sources)
    assert make_docs(7, sources)[:6] == a  # "add one" document is the next one, the rest unchanged
    assert make_docs(1, sources, start=6) == make_docs(7, sources)[6:]
    assert make_docs(6, sources, seed=1) != a


def test_n_distinct_documents_with_catalog(sources: list[str], tmp_path: Path) -> None:
    docs = make_docs(12, sources)
    assert len(docs) == 12 and len({d.name for d in docs}) == 12 and len({d.text for d in docs}) == 12
    write_docs(docs, tmp_path)
    catalog = load_catalog(tmp_path / "catalog.yaml")  # the real catalog validator accepts it
    assert sorted(catalog) == sorted(d.name for d in docs)
    for d in docs:
        assert catalog[d.name].region == d.meta["region"]
        assert (tmp_path / d.name).read_text(encoding="utf-8") == d.text


def test_documents_are_recombined_not_copied(sources: list[str]) -> None:
    for d in make_docs(5, sources):
        body = d.text.split("\n\n", 1)[1]
        assert not any(body.strip() in s for s in sources)
        pieces = [b for s in sources for b in blocks(s)]
        assert sum(1 for b in pieces if b[:200] in body) < len(pieces)
        others = [r for r in REGIONS if r != d.meta["region"]]
        assert not any(re.search(rf"\b{r}\b", d.text) for r in others), "every region name is the document's own"


def test_disguise_changes_names_years_and_numbers() -> None:
    text = "Region Midtjylland og Aarhus Kommune aftalte i 2015, at 250 borgere inden 2018 skal have tilbud nr. 3."
    out = disguise(text, random.Random(0), "Nordjylland", 2)
    assert "Region Nordjylland" in out and "Midtjylland" not in out
    assert "Aarhus" not in out and any(m in out for m in MUNICIPALITIES)
    assert "2017" in out and "2020" in out and "2015" not in out and "2018" not in out  # years move together
    assert "250" not in out and re.search(r"at \d{3} borgere", out)
    assert "nr. 3." in out  # one-digit numbers (sections, small counts) are kept
    assert disguise(text, random.Random(0), "Nordjylland", 2) == out
