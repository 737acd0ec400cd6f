"""The corpus catalog and the metadata guessed for files that are not in it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from fpdf import FPDF

from foundation.errors import AftaleError
from foundation.records import DocMeta
from foundation.text.regions import REGIONS
from ingest.catalog import KINDS, load_catalog, meta_for
from ingest.load import load
from tests import pdfs

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
CATALOG = CORPUS / "catalog.yaml"


@pytest.fixture(scope="module")
def catalog() -> dict[str, DocMeta]:
    return load_catalog(CATALOG)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _catalog_error(path: Path) -> AftaleError:
    with pytest.raises(AftaleError) as info:
        load_catalog(path)
    assert info.value.user_message.startswith("catalog.yaml: ")
    assert "\n" not in info.value.user_message
    return info.value


# --- the bundled corpus ----------------------------------------------------------


def test_every_corpus_file_has_a_complete_entry(catalog: dict[str, DocMeta]) -> None:
    files = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".txt", ".md", ".pdf"))
    assert len(files) == 5
    assert sorted(catalog) == files, "one entry per corpus file, none for missing files"
    for name, meta in catalog.items():
        assert all(getattr(meta, f) is not None for f in ("title", "issuer", "region", "period", "year", "kind")), name
        assert meta.region in REGIONS and meta.region in ("Midtjylland", "Hovedstaden"), name
        assert meta.kind in KINDS, name
        assert re.fullmatch(r"(19|20)\d\d–(19|20)\d\d", meta.period), name
        assert 2010 <= meta.year <= 2020, name
        assert meta.title[:1].isupper() and "-" not in meta.title.replace("KKR-", ""), name


def test_corpus_entries_match_the_documents(catalog: dict[str, DocMeta]) -> None:
    """Spot checks against the documents' own text."""
    udspil = catalog["kkr-midtjylland-2018-udspil-sundhedsaftale-2019-2023.txt"]
    assert (udspil.kind, udspil.period, udspil.year) == ("udspil", "2019–2023", 2018)
    aftale = catalog["region-midtjylland-sundhedsaftale-2015-2018.txt"]
    assert (aftale.kind, aftale.issuer) == ("aftale", "Region Midtjylland og de 19 kommuner")
    assert catalog["kkr-hovedstaden-2016-kkr-maal-for-sundhed.txt"].title == "KKR-mål for sundhed"
    assert catalog["hovedstaden-oplaeg-sundhedsaftale-III-somatik.txt"].kind == "oplæg"
    for name, meta in catalog.items():
        head = (CORPUS / name).read_text(encoding="utf-8")[:3000]
        first_words = meta.title.split()[0].rstrip(".")
        assert first_words.casefold() in head.casefold(), name


def test_name_guesses_agree_with_the_catalog(catalog: dict[str, DocMeta]) -> None:
    for name, meta in catalog.items():
        guess = meta_for(CORPUS / name, {})
        assert (guess.region, guess.kind) == (meta.region, meta.kind), name


def test_corpus_files_load_with_catalog_metadata(catalog: dict[str, DocMeta]) -> None:
    for name, meta in catalog.items():
        doc = load(CORPUS / name, catalog)
        stated = {f: getattr(meta, f) for f in ("title", "issuer", "region", "period", "year", "kind")}
        assert {f: getattr(doc.meta, f) for f in stated} == stated, name
        assert not doc.has_pages and doc.pages[0].number is None


# --- loading and validation --------------------------------------------------------


def test_valid_catalog(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "documents:\n"
        "  a.pdf:\n    title: Sundhedsaftale 2019–2023\n    region: Hovedstaden\n    period: 2019-2023\n"
        "    year: 2019\n    kind: sundhedsaftale\n    issuer: Region Hovedstaden\n"
        "  b.txt:\n    title: Kun en titel\n",
    )
    result = load_catalog(path)
    assert result["a.pdf"] == DocMeta(
        title="Sundhedsaftale 2019–2023",
        issuer="Region Hovedstaden",
        region="Hovedstaden",
        period="2019–2023",  # a hyphen is normalised to an en dash
        year=2019,
        kind="aftale",  # the old name is an alias of the one kind vocabulary (ingest.facts.KINDS)
    )
    assert result["b.txt"] == DocMeta(title="Kun en titel")


def test_empty_catalog_is_empty(tmp_path: Path) -> None:
    assert load_catalog(_write(tmp_path, "# intet endnu\n")) == {}
    assert load_catalog(_write(tmp_path, "documents:\n")) == {}


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    err = _catalog_error(_write(tmp_path, "documents:\n  a.pdf:\n    title: [ikke lukket\n  b.pdf: {\n"))
    assert "ugyldig YAML" in err.user_message
    assert "linje" in err.user_message
    assert "invalid YAML" in err.english


@pytest.mark.parametrize(
    ("text", "da"),
    [
        ("documents:\n  a.pdf:\n    titel: Forkert nøgle\n", "ukendt felt titel"),
        ("dokumenter:\n  a.pdf:\n    title: X\n", "ukendt nøgle dokumenter"),
        ("documents:\n  a.pdf:\n    region: Midtjylland\n", "mangler en titel"),
        ("documents:\n  a.pdf:\n    title: X\n    kind: rapport\n", "kind 'rapport' er ukendt"),
        ("documents:\n  a.pdf:\n    title: X\n    region: Fyn\n", "region 'Fyn' er ukendt"),
        ("documents:\n  a.pdf:\n    title: X\n    year: '2015'\n", "year skal være et årstal"),
        ("documents:\n  a.pdf:\n    title: X\n    year: true\n", "year skal være et årstal"),
        ("documents:\n  a.pdf:\n    title: X\n    period: snart\n", "period 'snart'"),
        ("documents:\n  a.pdf:\n    title: X\n    issuer: 42\n", "issuer skal være tekst"),
        ("documents:\n  a.pdf: bare en streng\n", "skal være en mapping"),
        ("documents:\n  corpus/a.pdf:\n    title: X\n", "ikke en sti"),
        ("documents:\n  a.pdf:\n    title: X\n  a.pdf:\n    title: Y\n", "står to gange"),
        ("documents:\n  - a.pdf\n", "'documents' skal være en mapping"),
        ("- a.pdf\n- b.pdf\n", "YAML-mapping"),
    ],
)
def test_invalid_catalogs(tmp_path: Path, text: str, da: str) -> None:
    assert da in _catalog_error(_write(tmp_path, text)).user_message


def test_missing_catalog_file(tmp_path: Path) -> None:
    assert "findes ikke" in _catalog_error(tmp_path / "catalog.yaml").user_message


# --- lookup and guessing ------------------------------------------------------------


def test_catalog_entry_wins(catalog: dict[str, DocMeta]) -> None:
    name = "kkr-hovedstaden-2016-kkr-maal-for-sundhed.txt"
    assert meta_for(Path("/anywhere") / name, catalog, {"/Title": "Noget andet"}) is catalog[name]


def test_lookup_ignores_case_and_unicode_normalisation() -> None:
    meta = DocMeta(title="Møde i Ærø")
    catalog = {"Møde-Ærø.pdf": meta}
    decomposed = unicodedata.normalize("NFD", "møde-ærø.PDF")  # as macOS spells file names
    assert meta_for(Path(decomposed), catalog) is meta


def test_uncatalogued_file_gets_metadata_from_its_name() -> None:
    meta = meta_for(Path("kkr_midtjylland-2018-udspil-sundhedsaftale-2019-2023.pdf"), {})
    assert meta == DocMeta(
        title="KKR Midtjylland 2018 udspil sundhedsaftale 2019–2023",
        region="Midtjylland",
        period="2019–2023",
        year=2018,
        kind="udspil",
    )


@pytest.mark.parametrize(
    ("name", "region", "kind", "year", "period"),
    [
        ("Sundhedsaftale Region Hovedstaden 2015_2018.pdf", "Hovedstaden", "aftale", None, "2015–2018"),
        ("oplæg til sundhedsaftale, Region Nordjylland 2014.txt", "Nordjylland", "oplæg", 2014, None),
        ("region-sjaelland-maal-2020.md", "Sjælland", "mål", 2020, None),
        ("Fælles målsætninger for Nordsjælland.pdf", "Hovedstaden", "mål", None, None),
        ("syddanmark_notat.txt", "Syddanmark", None, None, None),
        ("referat.txt", None, None, None, None),
    ],
)
def test_guesses_from_names(name: str, region: str | None, kind: str | None, year: int | None, period: str | None) -> None:
    meta = meta_for(Path(name), {})
    assert (meta.region, meta.kind, meta.year, meta.period) == (region, kind, year, period)
    assert meta.issuer is None


def test_title_from_name_turns_kebab_and_underscores_into_words() -> None:
    assert meta_for(Path("det_naere-sundhedsvaesen.txt"), {}).title == "Det naere sundhedsvaesen"
    assert meta_for(Path("Aftale om genoptræning.pdf"), {}).title == "Aftale om genoptræning"
    assert meta_for(Path("---.txt"), {}).title == "---.txt"


def test_uncatalogued_pdf_title_comes_from_document_info() -> None:
    info = {"/Title": "Sundhedsaftale for Region Midtjylland 2015-2018", "/CreationDate": "D:20141201120000+01'00'"}
    meta = meta_for(Path("dok123.pdf"), {}, info)
    assert meta.title == "Sundhedsaftale for Region Midtjylland 2015-2018"
    assert (meta.region, meta.kind, meta.period) == ("Midtjylland", "aftale", "2015–2018")
    assert meta.year == 2014, "from the creation date when neither name nor title has a lone year"


@pytest.mark.parametrize("junk", ["", "  ", "Microsoft Word - Dokument1.docx", "untitled", "Præsentation1", "dok123", "scan_0001.pdf"])
def test_placeholder_pdf_titles_are_ignored(junk: str) -> None:
    assert meta_for(Path("dok123.pdf"), {}, {"/Title": junk}).title == "Dok123"


def test_info_keys_without_slash_are_accepted() -> None:
    assert meta_for(Path("x.pdf"), {}, {"Title": "KKR-mål for sundhed"}).title == "KKR-mål for sundhed"


def test_load_uses_pdf_title_for_uncatalogued_pdf(tmp_path: Path) -> None:
    path = pdfs.write(tmp_path / "bilag 3.pdf", pdfs.text_pdf(title="Udspil til sundhedsaftalen for Region Hovedstaden"))
    meta = load(path, {}).meta
    assert meta.title == "Udspil til sundhedsaftalen for Region Hovedstaden"
    assert (meta.region, meta.kind) == ("Hovedstaden", "udspil")
    assert meta.year is not None, "fpdf2 writes a creation date"


def test_load_uses_catalog_entry_for_pdf(tmp_path: Path) -> None:
    meta = DocMeta(title="Katalogets titel", region="Midtjylland", year=2019)
    path = pdfs.write(tmp_path / "bilag.pdf", pdfs.text_pdf(title="PDF'ens titel"))
    loaded = load(path, {"bilag.pdf": meta}).meta
    assert (loaded.title, loaded.region, loaded.year) == ("Katalogets titel", "Midtjylland", 2019)


def test_load_without_catalog_guesses_from_name(tmp_path: Path) -> None:
    path = pdfs.write(tmp_path / "kkr-hovedstaden-2016-mål.txt", "Målene skal nås i 2018.".encode())
    meta = load(path).meta
    assert (meta.title, meta.region, meta.year, meta.kind) == ("KKR Hovedstaden 2016 mål", "Hovedstaden", 2016, "mål")


def test_load_without_catalog_or_pdf_title_takes_the_documents_first_line_as_title(tmp_path: Path) -> None:
    """An upload is cited by its own heading, not by its file name; region and year still come from the name."""
    path = pdfs.write(tmp_path / "kkr-hovedstaden-2016-mål.txt", "KKR-mål for sundhed\n\nMålene skal nås i 2018.".encode())
    meta = load(path).meta
    assert (meta.title, meta.region, meta.year) == ("KKR-mål for sundhed", "Hovedstaden", 2016)
    doc = FPDF(format="A4")
    doc.add_page()
    doc.set_font("Helvetica", "B", 16)
    doc.multi_cell(0, 9, "Samarbejdsaftale om genoptræning og hjælpemidler")
    doc.ln(4)
    doc.set_font("Helvetica", size=11)
    doc.multi_cell(0, 6, "Aftalen gælder fra den 1. april 2027 til den 31. marts 2030.")
    pdf = pdfs.write(tmp_path / "syddanmark-genoptraening-2027.pdf", bytes(doc.output()))
    assert load(pdf).meta.title == "Samarbejdsaftale om genoptræning og hjælpemidler"
    titled = pdfs.write(tmp_path / "bilag.pdf", pdfs.text_pdf(["Samarbejdsaftale om genoptræning"], title="PDF'ens titel"))
    assert load(titled).meta.title == "PDF'ens titel"
