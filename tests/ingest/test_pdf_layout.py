"""The layout reader on the rendered layout test set (evals/layouts): reading order of both
two-column variants, tables as rows, furniture out, paragraphs healed over page breaks with
the page where a sentence starts, footnotes after their paragraph, and scans through OCR."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

from evals.layouts.measure import furniture_strings, similarity
from evals.layouts.reference import (
    collapse,
    load_source,
    reference_blocks,
    reference_text,
)
from evals.layouts.render import break_sentences, render
from foundation.errors import UnreadableDocument
from foundation.records import PAGE_SEPARATOR, LoadedDocument
from ingest import ocr
from ingest.clean import clean
from ingest.load import load
from ingest.split import split
from tests import pdfs as pdfs_module

TEXT_RENDERINGS = ("single", "two-column", "two-column-rows", "two-column-justified")


@pytest.fixture(scope="session")
def layout_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("layouts")
    paths = {}
    for kind in TEXT_RENDERINGS:
        paths[kind] = folder / f"{kind}.pdf"
        paths[kind].write_bytes(render(kind))
    return paths


@pytest.fixture(scope="session")
def loaded(layout_pdfs: dict[str, Path]) -> dict[str, LoadedDocument]:
    return {kind: load(path) for kind, path in layout_pdfs.items()}


def _doc_text(doc: LoadedDocument) -> str:
    return PAGE_SEPARATOR.join(p.text for p in doc.pages)


def test_renderings_are_deterministic() -> None:
    assert render("two-column-rows") == render("two-column-rows")


def test_the_line_by_line_rendering_really_interleaves_columns(layout_pdfs: dict[str, Path]) -> None:
    """Guard for the test set itself: read in stream order, two paragraphs interleave."""
    from pypdf import PdfReader

    stream = collapse(PdfReader(layout_pdfs["two-column-rows"]).pages[0].extract_text())
    first_para = collapse(reference_blocks(load_source())[2])
    assert first_para[:80] not in stream
    assert similarity(stream, reference_text()) < 0.5


def test_the_justified_rendering_really_draws_its_words_apart(layout_pdfs: dict[str, Path]) -> None:
    """Its stretched lines hold no space characters (only pdfium's guessed ones), unlike the plain columns."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    def real_spaces(path: Path) -> int:
        page = pdfium.PdfDocument(str(path))[0].get_textpage()
        return sum(
            pdfium_c.FPDFText_GetUnicode(page.raw, i) == 32 and not pdfium_c.FPDFText_IsGenerated(page.raw, i)
            for i in range(page.count_chars())
        )

    assert real_spaces(layout_pdfs["two-column-justified"]) < real_spaces(layout_pdfs["two-column"]) / 2


@pytest.mark.parametrize("kind", TEXT_RENDERINGS)
def test_reading_order_matches_the_reference(loaded: dict[str, LoadedDocument], kind: str) -> None:
    text = _doc_text(loaded[kind])
    assert similarity(text, reference_text()) >= 0.98
    flat = collapse(text)
    positions = [flat.find(collapse(block)) for block in reference_blocks(load_source())]
    assert all(p >= 0 for p in positions), "every block comes out whole"
    assert positions == sorted(positions), "blocks come out in reading order"


@pytest.mark.parametrize("kind", TEXT_RENDERINGS)
def test_table_rows_are_rows(loaded: dict[str, LoadedDocument], kind: str) -> None:
    table = next(b for b in load_source().blocks if b.kind == "table")
    lines = {line for page in loaded[kind].pages for line in page.text.splitlines()}
    for row in table.rows:
        assert " | ".join(row) in lines
    assert "Indlæggelsesrapport | Inden for 4 timer efter indlæggelsen | Kommunen" in lines


@pytest.mark.parametrize("kind", TEXT_RENDERINGS)
def test_running_header_and_footer_are_metadata_not_text(loaded: dict[str, LoadedDocument], kind: str) -> None:
    doc = loaded[kind]
    strings = furniture_strings(len(doc.pages))
    for page in doc.pages:
        assert not any(s in page.text for s in strings)
        assert f"Side {page.number} af {len(doc.pages)}" in page.furniture
        assert len(page.furniture) == 3
    for chunk in split(clean(doc)):
        assert not any(s in chunk.text for s in strings)


@pytest.mark.parametrize("kind", TEXT_RENDERINGS)
def test_sentence_over_a_page_break_is_one_sentence_citing_where_it_starts(
    loaded: dict[str, LoadedDocument], kind: str
) -> None:
    crossing = [s for s in break_sentences(kind) if s[2] == s[1] + 1]
    assert crossing, "the test set has a sentence over a page break in every rendering"
    doc = loaded[kind]
    for sentence, start, end in crossing:
        page = doc.pages[start - 1]
        at = page.text.find(sentence)
        assert at >= 0, f"{sentence!r} is whole on page {start}"
        assert page.page_of(at) == start
        assert page.page_of(at + len(sentence) - 1) == end
        chunks = [c for c in split(clean(doc)) if sentence in c.text]
        assert chunks and all(c.page_start <= start and c.page_end >= end for c in chunks)


@pytest.mark.parametrize("kind", TEXT_RENDERINGS)
def test_footnotes_follow_their_paragraph_and_markers_leave_the_text(
    loaded: dict[str, LoadedDocument], kind: str
) -> None:
    source = load_source()
    text = _doc_text(loaded[kind])
    for block in source.blocks:
        for number in block.markers:
            para = re.sub(r"\[\^\d+\]", "", block.text)
            note = f"{number} {source.footnotes[number]}"
            assert f"{para}\n\n{note}" in text
    assert "indlæggelse.1" not in text and "udskrivningen.2" not in text


def test_numbered_body_lines_at_the_top_are_not_furniture(tmp_path: Path) -> None:
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    for n in range(1, 4):
        pdf.add_page()
        pdf.text(20, 15, f"Side {n} af 3")
        pdf.text(20, 40, f"Punkt {n * 7}: kommunen svarer inden for {n + 2} dage.")
    (tmp_path / "p.pdf").write_bytes(bytes(pdf.output()))
    doc = load(tmp_path / "p.pdf")
    assert [p.furniture for p in doc.pages] == [("Side 1 af 3",), ("Side 2 af 3",), ("Side 3 af 3",)]
    assert "Punkt 14: kommunen svarer inden for 4 dage." in doc.pages[1].text


def test_a_small_running_line_that_counts_its_own_page_is_furniture_on_a_one_page_document(tmp_path: Path) -> None:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.text(20, 40, "Udvalget godkendte, at antallet af akutpladser øges til 30 fra 1. juni 2027.")
    pdf.text(20, 50, "Udgiften på 4,2 mio. kr. årligt afholdes af kommunerne i klyngen.")
    pdf.set_font("Helvetica", size=8)
    pdf.text(60, 285, "Referat - Sundhedskoordinationsudvalget - 24. februar 2027 - side 1")
    pdf.text(20, 270, "Se også bilag 2, side 1.")  # a note in the band that ends a sentence: text, not furniture
    (tmp_path / "p.pdf").write_bytes(bytes(pdf.output()))
    doc = load(tmp_path / "p.pdf")
    assert doc.pages[0].furniture == ("Referat - Sundhedskoordinationsudvalget - 24. februar 2027 - side 1",)
    assert "Se også bilag 2, side 1." in doc.pages[0].text


def test_scan_without_tesseract_keeps_the_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_image_only_pdf(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    ocr.available.cache_clear()
    try:
        with pytest.raises(UnreadableDocument, match="no text layer") as caught:
            load(path)
        assert "intet tekstlag" in caught.value.message("da")
    finally:
        ocr.available.cache_clear()


def _image_only_pdf(tmp_path: Path, text_first: bool = False) -> bytes:
    blank = tmp_path / "blank.png"
    Image.new("L", (400, 560), 255).save(blank)
    pdf = FPDF(format="A4")
    if text_first:
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.text(20, 40, "Kommunen sender en plejeplan inden udskrivningen.")
    pdf.add_page()
    pdf.image(str(blank), x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


@pytest.mark.slow
def test_scan_is_read_with_danish_ocr(tmp_path: Path) -> None:
    assert ocr.available(), "CI installs tesseract-ocr-dan"
    path = tmp_path / "scan.pdf"
    path.write_bytes(render("scan"))
    doc = load(path)
    assert similarity(_doc_text(doc), reference_text()) >= 0.95
    assert all(p.ocr_confidence is not None and p.ocr_confidence > 80 for p in doc.pages)
    strings = furniture_strings(len(doc.pages))
    assert not any(s in p.text for p in doc.pages for s in strings)
    assert doc.unread_pages == ()


@pytest.mark.slow
def test_a_page_ocr_cannot_read_is_reported_and_the_rest_lands(tmp_path: Path) -> None:
    assert ocr.available(), "CI installs tesseract-ocr-dan"
    path = tmp_path / "mixed.pdf"
    path.write_bytes(_image_only_pdf(tmp_path, text_first=True))
    doc = load(path)
    assert doc.unread_pages == (2,)
    assert "Kommunen sender en plejeplan inden udskrivningen." in doc.pages[0].text


def test_concurrent_loads_give_the_same_reading(layout_pdfs: dict[str, Path], loaded: dict[str, LoadedDocument]) -> None:
    """pdfium is not thread-safe; the reader serialises it, so threaded ingest is safe."""
    from concurrent.futures import ThreadPoolExecutor

    paths = [layout_pdfs[k] for k in TEXT_RENDERINGS] * 3
    with ThreadPoolExecutor(max_workers=6) as pool:
        docs = list(pool.map(load, paths))
    for path, doc in zip(paths, docs):
        assert doc.pages == loaded[path.stem].pages


@pytest.mark.parametrize("kind", ["single", "two-column-rows"])
def test_table_rows_are_units_that_travel_with_their_header(loaded: dict[str, LoadedDocument], kind: str) -> None:
    from ingest.split import units

    table = next(b for b in load_source().blocks if b.kind == "table")
    header, rows = " | ".join(table.rows[0]), [" | ".join(r) for r in table.rows[1:]]
    doc = clean(loaded[kind])
    by_text = {doc.text[u.start : u.end]: u for u in units(doc.text)}
    assert by_text[header].is_heading
    for row in rows:  # each row is one quotable unit (not cut at "kl. 12"), headed by the header row
        assert not by_text[row].is_heading and by_text[row].section[-1] == header
    for chunk in split(doc, min_chars=100, max_chars=200):
        if any(row in chunk.text for row in rows):
            assert header in chunk.text or header in (chunk.section or "")


# --- justified text: stretched word gaps are not column gutters ----------------------------

_JUSTIFIED = (
    "Kommunen har ansvaret for genoptræning efter udskrivelse. Dosisdispenseringen videreføres af "
    "kommunalbestyrelsens hjemmesygepleje, medmindre lægefagligt begrundede hensyn taler imod. "
    "Regionsrådet godkendte aftalen den 12. marts 2025."
)


@pytest.mark.parametrize("width", [120, 80, 50])
def test_justified_narrow_text_keeps_its_word_order(tmp_path: Path, width: int) -> None:
    """A justified short line stretches its spaces until a gap is as wide as a gutter; read as one line, in order."""
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(width, 7, _JUSTIFIED, align="J")
    path = tmp_path / f"justified-{width}.pdf"
    path.write_bytes(bytes(pdf.output()))
    text = " ".join(load(path).raw.split())
    assert text == _JUSTIFIED


def test_two_columns_written_line_by_line_with_trailing_spaces_stay_apart(tmp_path: Path) -> None:
    """Each left line ends in a real space before the right column's line: the gutter still splits."""
    left = ["Kommunen sørger for", "genoptræning efter", "udskrivelse."]
    right = ["Regionen sender planen", "senest på dagen for", "udskrivelsen."]
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    for i, (a, b) in enumerate(zip(left, right)):
        y = 30 + 6 * i
        pdf.text(20, y, a + " ")
        pdf.text(110, y, b)
    path = tmp_path / "columns.pdf"
    path.write_bytes(bytes(pdf.output()))
    text = " ".join(load(path).raw.split())
    assert text == " ".join(left) + " " + " ".join(right)


def test_a_heading_on_its_own_line_is_not_glued_to_the_sentence_below(tmp_path: Path) -> None:
    """A line with room for the next line's first word was ended on purpose: a heading stays its own paragraph."""
    page = (
        "Genoptræning\nKommunen kontakter borgeren senest fem hverdage efter, at genoptræningsplanen er modtaget "
        "fra hospitalet og sygehuset.\nHospitalet sender planen."
    )
    raw = load(pdfs_module.write(tmp_path / "heading.pdf", pdfs_module.text_pdf([page]))).raw
    assert raw.startswith("Genoptræning\n\nKommunen kontakter borgeren")
    assert "genoptræningsplanen er modtaget fra hospitalet og sygehuset." in " ".join(raw.split())


def test_a_title_wrapped_with_wide_line_spacing_is_one_paragraph(tmp_path: Path) -> None:
    """A bold title set 1.6 font sizes per line ("… sygdom og" / "samtidigt misbrug") is one title; a
    heading with a capital below it at the same spacing stays apart."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    title = "Lokal samarbejdsaftale om borgere med psykisk sygdom og samtidigt misbrug i kommunen"
    pdf.multi_cell(120, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(120, 9, "Formål", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Aftalen skal sikre en sammenhængende behandling.")
    raw = load(pdfs_module.write(tmp_path / "titel-ombrudt.pdf", bytes(pdf.output()))).raw
    assert raw.split("\n\n")[:3] == [title, "Formål", "Aftalen skal sikre en sammenhængende behandling."]


def test_a_subtitle_without_a_full_stop_is_not_glued_to_the_paragraph_below_a_blank(tmp_path: Path) -> None:
    """A subtitle line that ends no sentence, a blank, and a paragraph at nearly the same size: two paragraphs,
    since no column or page break cut the subtitle; a paragraph's own wrapped lines stay one."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_margins(20, 18, 20)
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, "Implementeringsplan 2027-2028", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    subtitle = "Sundhedsaftalen 2027-2030 mellem Region Syddanmark og de 22 syddanske kommuner"
    pdf.multi_cell(0, 6, subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", size=10.5)
    body = ("Implementeringsplanen blev godkendt af Sundhedssamarbejdsudvalget den 9. december 2026. Den beskriver, "
            "hvordan og hvornår de første fem indsatser sættes i gang, og hvem der er ansvarlig for dem.")
    pdf.multi_cell(0, 5.4, body)
    raw = load(pdfs_module.write(tmp_path / "undertitel.pdf", bytes(pdf.output()))).raw
    assert raw.split("\n\n")[1:3] == [subtitle, body]


_FULL_PAGE = "Sygehuset orienterer kommunen inden for et døgn efter indlæggelsen, og kommunen svarer samme dag. " * 14


def test_a_title_page_line_does_not_run_into_the_next_page(tmp_path: Path) -> None:
    """Only a paragraph that runs down to where a full page's text stops is cut by the page break."""
    pages = ["Sundhedsaftale for Testkommunerne 2030-2033", "Forord\n" + _FULL_PAGE, "Indledning\n" + _FULL_PAGE]
    doc = load(pdfs_module.write(tmp_path / "titel.pdf", pdfs_module.text_pdf(pages)))
    assert doc.pages[0].text == "Sundhedsaftale for Testkommunerne 2030-2033"
    assert doc.pages[1].text.startswith("Forord\n\nSygehuset orienterer")


def test_contents_entries_with_dot_leaders_stay_one_a_line(tmp_path: Path) -> None:
    """A dot leader and a page number end a contents entry: it neither continues nor is continued."""
    contents = "Indholdsfortegnelse\nForord .......... 3\n1. Indlæggelse .......... 3\n1.1 Ved indlæggelse .......... 3"
    doc = load(pdfs_module.write(tmp_path / "indhold.pdf", pdfs_module.text_pdf([contents, "Forord\n" + _FULL_PAGE])))
    assert doc.pages[0].text.split("\n\n") == contents.split("\n")


@pytest.mark.parametrize("width", [170, 120])
def test_justified_text_drawn_word_by_word_keeps_its_lines(tmp_path: Path, width: int) -> None:
    """Justified text in an embedded font is drawn word by word with no space characters; a stretched
    line (gaps wider than a letter) is still one line of its paragraph, not words read as columns."""
    from evals.unseen.make_pdf import find_font_dir

    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", "", str(find_font_dir() / "DejaVuSans.ttf"))
    pdf.set_font("dejavu", size=11)
    pdf.add_page()
    text = "Udskrivning planlægges fra første dag af indlæggelsen, og kommunen får besked i god tid. " * 6
    pdf.multi_cell(width, 6, text.strip(), align="J")
    pdf.ln(4)
    pdf.multi_cell(width, 6, _JUSTIFIED, align="J")
    path = tmp_path / f"justified-ttf-{width}.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert load(path).raw.split("\n\n") == [text.strip(), _JUSTIFIED]


def test_a_two_line_justified_paragraph_drawn_word_by_word_keeps_its_first_line(tmp_path: Path) -> None:
    """A paragraph of one stretched line and a short last one has no justified line beside it; as wide as
    the page's other justified lines, it is still one line, not words read as columns (its last word
    had gone to the end of the page)."""
    from evals.unseen.make_pdf import find_font_dir

    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", "", str(find_font_dir() / "DejaVuSans.ttf"))
    pdf.set_font("dejavu", size=10.5)
    pdf.add_page()
    first = ("En medicingennemgang foretages af sygehuslægen før udskrivelsen, og egen læge modtager "
             "epikrisen samme dag.")
    second = "Formændene for de to lokale samordningsudvalg mødes hvert kvartal og gør status på genindlæggelser."
    third = "Målet er, at andelen af akutte genindlæggelser er under 8 procent i 2029."
    for text in (first, second, third):
        pdf.multi_cell(0, 6, text, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    path = tmp_path / "to-linjer.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert load(path).raw.split("\n\n") == [first, second, third]


def test_a_small_running_header_two_centimetres_down_is_furniture_and_a_repeated_table_header_stays(
    tmp_path: Path,
) -> None:
    """A header set smaller than the body at 2 cm from the top (below the narrow edge band) is still
    furniture; a table's header row repeated at the top of each page in the body's size is text."""
    pdf = FPDF(format="A4")
    for n in range(1, 4):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.text(40, 24, "Samarbejdsaftale om gravide 2030-2033")
        pdf.set_font("Helvetica", size=11)
        pdf.text(20, 31, "Opgave")
        pdf.text(90, 31, "Ansvarlig")
        pdf.text(20, 50, f"Punkt {n}: jordemoderen indkalder til mødet senest i uge {20 + n}, og")
        pdf.text(20, 56, "sundhedsplejersken deltager i mødet med familien.")
    path = tmp_path / "header.pdf"
    path.write_bytes(bytes(pdf.output()))
    doc = load(path)
    assert [p.furniture for p in doc.pages] == [("Samarbejdsaftale om gravide 2030-2033",)] * 3
    for page in doc.pages:
        assert "Samarbejdsaftale" not in page.text and "Ansvarlig" in page.text


def test_a_glossary_in_two_narrow_justified_columns_is_read_column_by_column(tmp_path: Path) -> None:
    """In a narrow column a justified line may have three gaps only. With its short last line right below,
    it is one line: its stretched gaps had been read as cells, and the two columns as one table whose rows
    mixed both columns' terms."""
    from evals.unseen.make_pdf import find_font_dir

    pdf = FPDF(format="A4")
    font = find_font_dir()
    pdf.add_font("dejavu", "", str(font / "DejaVuSans.ttf"))
    pdf.add_font("dejavu", "B", str(font / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    left = [("Almen genoptræning", "Genoptræning, som kommunen leverer efter sundhedslovens § 140, i træningscenter eller hjemmet."),
            ("Genoptræningsplan", "Hospitalets plan for borgerens genoptræning efter udskrivelsen, med mål og niveau.")]
    right = [("Visitation", "Kommunens enhed, som modtager genoptræningsplanen og tildeler træningen."),
             ("Frit valg", "Borgerens ret til at vælge en anden godkendt leverandør af almen genoptræning.")]
    width, top = 78.0, pdf.get_y()
    for x, entries in ((20.0, left), (112.0, right)):
        pdf.set_y(top)
        for term, text in entries:
            pdf.set_x(x)
            pdf.set_font("dejavu", "B", 9.5)
            pdf.multi_cell(width, 4.8, term)
            pdf.set_x(x)
            pdf.set_font("dejavu", "", 9.5)
            pdf.multi_cell(width, 4.8, text, align="J")
            pdf.ln(2)
    path = tmp_path / "begreber.pdf"
    path.write_bytes(bytes(pdf.output()))
    raw = load(path).raw
    assert "|" not in raw
    for _, text in left + right:
        assert text in raw


def test_two_narrow_justified_columns_are_read_paragraph_by_paragraph(tmp_path: Path) -> None:
    """In a column 55 mm wide a justified line holds two or three long Danish words, so it has one or two stretched
    gaps and its neighbours are seldom spaced alike. Lines that begin and end where three others of the page do, with
    their gaps equal, are the column's; a table's header row of three words, whose gaps differ, stays cells."""
    from evals.unseen.make_pdf import find_font_dir

    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", "", str(find_font_dir() / "DejaVuSans.ttf"))
    pdf.set_font("dejavu", size=10)
    pdf.add_page()
    paragraphs = [
        "Kommunalbestyrelsen og regionsrådet forpligter sig til at understøtte sundhedsfremmende indsatser for borgere med kroniske sygdomme.",
        "Sundhedscentrets medarbejdere gennemfører rehabiliteringsforløb efter henvisning fra praktiserende læger og hospitalsafdelinger.",
        "Hospitalsafdelingerne sender epikrisen elektronisk til den praktiserende læge senest tre hverdage efter udskrivelsen.",
        "Tværsektorielle koordinationsmøder afholdes kvartalsvis med deltagelse af repræsentanter for kommunerne, hospitalerne og almen praksis.",
        "Borgere med behov for specialiseret rehabilitering henvises til Regionshospitalets ambulatorium, som vurderer behovet inden for fjorten dage.",
    ]
    top = pdf.get_y()
    for column, texts in enumerate((paragraphs[:3], paragraphs[3:])):
        pdf.set_y(top)
        for text in texts:
            pdf.set_x(20 + column * 63)
            pdf.multi_cell(55, 5, text, align="J")
            pdf.ln(3)
    pdf.set_y(200)
    rows = [("Indsats", "Ansvarlig", "Frist"), ("Opfølgende hjemmebesøg", "Kommunen", "2027"),
            ("Medicingennemgang ved udskrivelse", "Hospitalet", "2028"), ("Fælles akutteam", "Regionen og kommunen", "2029"),
            ("Digital genoptræningsplan", "Hospitalet", "2030")]
    for a, b, c in rows:
        pdf.set_x(20)
        pdf.cell(70, 6, a)
        pdf.cell(60, 6, b)
        pdf.cell(40, 6, c, align="R", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "spalter.pdf"
    path.write_bytes(bytes(pdf.output()))
    raw = load(path).raw
    for text in paragraphs:
        assert text in raw
    assert "Indsats | Ansvarlig | Frist\nOpfølgende hjemmebesøg | Kommunen | 2027" in raw


def test_a_row_of_years_at_the_top_of_a_page_is_no_page_number(tmp_path: Path) -> None:
    """A bare number in the top band is a page number only alone on its line: a table's header of years stays."""
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    for row in (("Mål", "2024", "2025", "2026", "2027"), ("Genindlæggelser", "12", "11", "10", "9"), ("Ventetid", "30", "28", "25", "20")):
        for cell in row:
            pdf.cell(38, 7, cell)
        pdf.ln(7)
    path = tmp_path / "aarstal.pdf"
    path.write_bytes(bytes(pdf.output()))
    doc = load(path)
    assert doc.raw.split("\n")[0] == "Mål | 2024 | 2025 | 2026 | 2027"
    assert doc.pages[0].furniture == ()


def test_a_bare_number_ending_a_table_row_at_the_top_of_a_page_is_the_rows(tmp_path: Path) -> None:
    """A table carried over to the top of the next page and set smaller than the body stands in the band where page
    numbers are; the year ending its first row has text on its line, so it is the row's, not a page number."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for _ in range(3):
        pdf.multi_cell(0, 6, "Parterne følger indsatserne og gør status hvert år i styregruppen.", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    for row in (("Opfolgende hjemmebesog", "Kommunen", "2027"), ("Faelles akutteam", "Regionen", "2029")):
        pdf.set_x(20)
        pdf.cell(70, 6, row[0])
        pdf.cell(60, 6, row[1])
        pdf.cell(40, 6, row[2], align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Tabellen viser indsatserne med deres frister.", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "overfoert.pdf"
    path.write_bytes(bytes(pdf.output()))
    doc = load(path)
    assert "Opfolgende hjemmebesog | Kommunen | 2027" in doc.raw
    assert all("2027" not in f for page in doc.pages for f in page.furniture)


def test_two_justified_columns_in_an_embedded_font_read_column_by_column(tmp_path: Path) -> None:
    """Narrow justified columns stretch a short line's gaps to several letters; drawn word by word,
    the stretched lines of both columns are still read as lines, each column whole and in order."""
    from evals.unseen.make_pdf import find_font_dir

    left = (
        "Når en ældre medicinsk patient udskrives, skal kommunen have modtaget en udskrivningsrapport senest på "
        "udskrivningsdagen kl. 14. Rapporten beskriver borgerens funktionsniveau, medicin og aftalte kontroller."
    )
    right = (
        "Egen læge modtager en epikrise senest dagen efter udskrivningen. Epikrisen angiver, hvem der har ansvaret "
        "for opfølgningen, og hvornår den første kontrol skal finde sted."
    )
    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", "", str(find_font_dir() / "DejaVuSans.ttf"))
    pdf.set_font("dejavu", size=10)
    pdf.add_page()
    top = pdf.get_y()
    pdf.set_xy(10, top)
    pdf.multi_cell(92, 5.5, left, align="J")
    pdf.set_xy(108, top)
    pdf.multi_cell(92, 5.5, right, align="J")
    path = tmp_path / "to-spalter.pdf"
    path.write_bytes(bytes(pdf.output()))
    text = " ".join(load(path).raw.split())
    assert text == f"{left} {right}"


@pytest.mark.parametrize("marks", [("1.", "2.", "3."), ("•", "•", "•"), ("a)", "b)", "c)")])
def test_a_list_whose_markers_hang_apart_from_their_text_reads_item_by_item(tmp_path: Path, marks: tuple[str, ...]) -> None:
    """A hanging indent sets each marker in a column of its own; each item is still its marker and its text,
    one paragraph per item, even when an item ends in a comma."""
    items = [
        "Sygehuset sender en plejeforløbsplan til kommunen senest samtidig med, at borgeren forlader afdelingen, "
        "og planen beskriver de observationer, kommunens sygeplejersker skal foretage,",
        "Kommunen bekræfter modtagelsen af planen inden for to timer i dagtiden,",
        "Egen læge modtager en epikrise senest dagen efter udskrivningen.",
    ]
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Parterne forpligter sig til følgende:", new_x="LMARGIN", new_y="NEXT")
    for mark, text in zip(marks, items):
        y = pdf.get_y()
        pdf.set_xy(20, y)
        pdf.cell(8, 6, mark.replace("•", chr(149)))  # the core font's bullet
        pdf.set_xy(30, y)
        pdf.multi_cell(160, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, "Aftalen følges op hvert år.", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "liste.pdf"
    path.write_bytes(bytes(pdf.output()))
    paragraphs = [" ".join(p.split()) for p in load(path).raw.split("\n\n")]
    assert paragraphs == [
        "Parterne forpligter sig til følgende:",
        *(f"{mark} {text}" for mark, text in zip(marks, items)),
        "Aftalen følges op hvert år.",
    ]


def test_a_symbol_font_bullet_hanging_apart_opens_its_item() -> None:
    """Word processors draw bullets in a symbol font as a private-use glyph (U+F0B7) in a column of its own."""
    from ingest.pdf_glyphs import _fragments

    def glyphs(text: str, x: float) -> list[tuple]:
        out = []
        for ch in text:
            out.append((ch if ch != " " else " ", x, 90.0, x + 5.0, 102.0, 100.0, 10.0, False))
            x += 5.5
        return out

    row = glyphs("\uf0b7", 20.0) + glyphs("Kommunen svarer samme dag.", 38.0)
    frags = _fragments(row)
    assert [(f.text, f.item) for f in frags] == [("\uf0b7 Kommunen svarer samme dag.", True)]


def test_justified_list_items_in_an_embedded_font_keep_their_first_lines(tmp_path: Path) -> None:
    """The item's text, not its marker, is judged for justification and lines up with the item's next lines."""
    from evals.unseen.make_pdf import find_font_dir

    items = [
        "Sygehuset sender en plejeforløbsplan til kommunen senest samtidig med, at borgeren forlader afdelingen, "
        "og planen beskriver de observationer, kommunens sygeplejersker skal foretage i hjemmet.",
        "Kommunen bekræfter modtagelsen af planen inden for to timer i dagtiden og kontakter borgerens pårørende, "
        "hvis borgeren ønsker det, senest dagen efter udskrivningen fra sygehuset.",
    ]
    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", "", str(find_font_dir() / "DejaVuSans.ttf"))
    pdf.set_font("dejavu", size=11)
    pdf.add_page()
    for mark, text in zip(("•", "1."), items):
        y = pdf.get_y()
        pdf.set_xy(20, y)
        pdf.cell(8, 6, mark)
        pdf.set_xy(30, y)
        pdf.multi_cell(100, 6, text, align="J", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "punkter.pdf"
    path.write_bytes(bytes(pdf.output()))
    paragraphs = [" ".join(p.split()) for p in load(path).raw.split("\n\n")]
    assert paragraphs == [f"• {items[0]}", f"1. {items[1]}"]


def test_the_paragraph_after_a_list_is_not_the_last_items_continuation(tmp_path: Path) -> None:
    """Items of a list often end without a full stop; the next paragraph, set left of their markers, opens a
    paragraph of its own ("• … senest på udskrivningsdagen" / "Kommunen skal:"), not the last item's next line."""
    from evals.unseen.make_pdf import find_font_dir

    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", "", str(find_font_dir() / "DejaVuSans.ttf"))
    pdf.set_font("dejavu", size=10.5)
    pdf.set_margins(22, 20, 22)
    pdf.add_page()
    for lead, items in (("Hospitalet skal:", ("vurdere borgerens behov for rehabilitering", "sende planen senest på udskrivningsdagen")),
                        ("Kommunen skal:", ("kontakte borgeren inden for 5 hverdage",))):
        pdf.multi_cell(0, 5.4, lead)
        pdf.ln(2)
        for item in items:
            pdf.set_x(28)
            pdf.multi_cell(0, 5.4, "• " + item)
        pdf.ln(1.5)
    pdf.multi_cell(0, 5.4, "Borgeren kan også selv henvende sig uden henvisning.")
    path = tmp_path / "liste.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert load(path).raw.split("\n\n") == [
        "Hospitalet skal:", "• vurdere borgerens behov for rehabilitering", "• sende planen senest på udskrivningsdagen",
        "Kommunen skal:", "• kontakte borgeren inden for 5 hverdage", "Borgeren kan også selv henvende sig uden henvisning."]
