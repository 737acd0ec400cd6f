"""Facts read at ingest and stored with each document (ingest/document_meta.py via ingest.load).

The gold table (``evals/facts_gold.jsonl``) is compared through the real loader, so the
facts an index stores for the bundled corpus and two PDFs of our own equal it with the
catalog switched off; with the catalog on, an entry wins for each field it states.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from foundation.records import DocMeta
from ingest.catalog import load_catalog
from ingest.document_meta import title_line
from ingest.facts import KINDS, DocFacts, status_of
from ingest.load import load
from tests.pdfs import text_pdf, write

ROOT = Path(__file__).resolve().parents[2]
GOLD_ROWS = [json.loads(line) for line in (ROOT / "evals" / "facts_gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
FACT_FIELDS = ("kind", "binding", "period_from", "period_to", "region", "parties", "approved")


@pytest.mark.parametrize("row", GOLD_ROWS, ids=[Path(r["file"]).name for r in GOLD_ROWS])
def test_loaded_documents_carry_the_gold_facts_without_a_catalog(row: dict) -> None:
    meta = load(ROOT / row["file"], catalog={}).meta.as_dict()
    wrong = {k: (meta[k], row[k]) for k in FACT_FIELDS if meta[k] != row[k]}
    assert not wrong, f"(loaded, gold): {wrong}"
    if row["period_from"]:
        assert meta["period"] == f"{row['period_from']}–{row['period_to']}"


def test_a_catalog_entry_wins_for_the_fields_it_states() -> None:
    path = ROOT / "corpus" / "kkr-midtjylland-2013-naere-sundhedsvaesen-fire-maalsaetninger.txt"
    entry = DocMeta(title="Fire mål", period="2012–2016", kind="målsætninger")
    meta = load(path, catalog={path.name: entry}).meta
    assert (meta.title, meta.period, meta.period_from, meta.period_to) == ("Fire mål", "2012–2016", 2012, 2016)
    assert meta.kind == "mål"  # the old catalog name maps into the one vocabulary
    assert meta.binding is False  # the text calls itself a proposal and the entry says nothing of binding
    assert meta.region == "Midtjylland"  # not stated in the entry: read from the text
    stated = load(path, catalog={path.name: DocMeta(title="Fire mål", binding=True)}).meta
    assert stated.binding is True and stated.kind == "forslag"


def test_the_bundled_catalog_uses_the_facts_vocabulary() -> None:
    catalog = load_catalog(ROOT / "corpus" / "catalog.yaml")
    assert {m.kind for m in catalog.values()} <= set(KINDS)
    assert catalog["region-midtjylland-sundhedsaftale-2015-2018.txt"].kind == "aftale"


def test_catalog_binding_and_approval_date_are_checked(tmp_path: Path) -> None:
    cat = tmp_path / "catalog.yaml"
    cat.write_text("documents:\n  a.pdf:\n    title: A\n    binding: false\n    approved: 2023-12-12\n", encoding="utf-8")
    assert load_catalog(cat)["a.pdf"] == DocMeta(title="A", binding=False, approved="2023-12-12")
    cat.write_text("documents:\n  a.pdf:\n    title: A\n    approved: i går\n", encoding="utf-8")
    with pytest.raises(Exception, match="approved"):
        load_catalog(cat)


def test_an_uploaded_pdf_without_catalog_entry_gets_its_facts(tmp_path: Path) -> None:
    pdf = write(
        tmp_path / "upload.pdf",
        text_pdf(
            [
                "Høringsversion\nSamarbejdsaftale om genoptræning\nRegion Syddanmark og de 22 kommuner",
                "Aftalen gælder for perioden 2026-2029. Region Syddanmark og kommunerne aftaler opgavefordelingen.",
            ]
        ),
    )
    meta = load(pdf, catalog={}).meta
    assert (meta.kind, meta.binding, meta.period, meta.region) == ("aftale", False, "2026–2029", "Syddanmark")


def test_the_unseen_pdf_gets_the_facts_its_gold_row_states() -> None:
    """``evals/unseen`` was written before any inference code and is never fitted on; only measured here."""
    gold = json.loads((ROOT / "evals" / "unseen" / "facts_gold.json").read_text(encoding="utf-8"))
    meta = load(ROOT / "evals" / "unseen" / gold["doc"], catalog={}).meta
    assert (meta.kind, meta.binding, meta.region, meta.approved) == (gold["kind"], gold["binding"], gold["region"], gold["approval_date"])
    assert f"{meta.period_from}-{meta.period_to}" == gold["period"]
    for day, status in gold["status"].items():
        assert status_of(DocFacts(period_from=meta.period_from, period_to=meta.period_to), date.fromisoformat(day)) == status


@pytest.mark.parametrize(
    ("first_lines", "title"),
    [
        (
            "Samarbejdsaftale om gravide og familier mellem\nHerning Kommune og Gødstrup Hospital 2030-2033\nAftalen er indgået.",
            "Samarbejdsaftale om gravide og familier mellem Herning Kommune og Gødstrup Hospital 2030-2033",
        ),
        ("Opfølgningen på det nære sund-\nhedsvæsen\nIndledning", "Opfølgningen på det nære sundhedsvæsen"),
        ("Sundhedsaftale 2024–2027\nRegion Nordjylland og de 11 kommuner", "Sundhedsaftale 2024–2027"),
        (
            "Aftale om genoptræning og rehabilitering efter udskrivelse mellem Odense Kommune og Odense "
            "Universitetshospital 2029–2032\nAftalen er indgået mellem parterne.",
            "Aftale om genoptræning og rehabilitering efter udskrivelse mellem Odense Kommune og Odense "
            "Universitetshospital 2029–2032",
        ),
    ],
)
def test_a_title_wrapped_where_no_title_can_end_is_read_whole(first_lines: str, title: str) -> None:
    assert title_line(first_lines) == title


@pytest.mark.parametrize(
    ("first_lines", "title"),
    [
        ("Referat\nSundhedskoordinationsudvalget i Region Hovedstaden\nMødedato: 24. februar 2027",
         "Referat – Sundhedskoordinationsudvalget i Region Hovedstaden"),
        ("Referat\nMødedato: 24. februar 2027, kl. 14.00", None),  # a field under it is no title
        ("Indholdsfortegnelse\n1. Indledning 3", None),  # nor a contents entry
    ],
)
def test_a_first_line_of_one_word_is_read_with_the_line_under_it(first_lines: str, title: str | None) -> None:
    assert title_line(first_lines) == title
