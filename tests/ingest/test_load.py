"""Step 1 (load): real PDFs and text files in, pages with numbers or one clear error out."""

from __future__ import annotations

import codecs
import hashlib
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from foundation.errors import AftaleError, UnreadableDocument
from foundation.records import PAGE_SEPARATOR
from ingest.load import SUPPORTED_SUFFIXES, decode_text, load, sniff_kind
from tests import pdfs

DANISH = "Sundhedsaftalen sikrer sammenhæng på tværs af sektorer: genoptræning, forløb og rådgivning i Århus og Ærø."


def _unreadable(path: Path, **kwargs: object) -> UnreadableDocument:
    """Load ``path`` expecting failure; check the message is one clean line naming the file."""
    with pytest.raises(UnreadableDocument) as info:
        load(path, **kwargs)
    err = info.value
    for text in (err.user_message, err.english):
        assert text.startswith(f"{path.name}: "), text
        assert "\n" not in text
        assert str(path.parent) not in text, "only the file name, never the full path"
        assert "Traceback" not in text
    assert err.file == path.name
    assert isinstance(err, AftaleError)
    return err


# --- PDFs ------------------------------------------------------------------


def test_multi_page_pdf_keeps_page_numbers_and_danish_text(tmp_path: Path) -> None:
    path = pdfs.write(tmp_path / "aftale.pdf", pdfs.text_pdf())
    doc = load(path)
    assert doc.has_pages
    assert [p.number for p in doc.pages] == [1, 2, 3]
    for page, expected in zip(doc.pages, pdfs.DANISH_PAGES, strict=True):
        assert " ".join(page.text.split()) == expected
    assert "tværsektorielle" in doc.pages[0].text
    assert "høj" in doc.pages[1].text
    assert "på tværs" in doc.pages[2].text
    assert doc.file == "aftale.pdf"
    assert doc.path == str(path)
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.raw == PAGE_SEPARATOR.join(p.text for p in doc.pages)
    assert doc.raw[doc.page_starts[2] :].startswith(doc.pages[2].text)


def test_many_pages_from_auto_page_breaks_are_numbered_in_order(tmp_path: Path) -> None:
    long_text = "\n".join(f"Linje {i}: sundhedsvæsenet i Region Midtjylland." for i in range(1, 121))
    doc = load(pdfs.write(tmp_path / "lang.pdf", pdfs.text_pdf([long_text])))
    assert len(doc.pages) >= 3
    assert [p.number for p in doc.pages] == list(range(1, len(doc.pages) + 1))
    assert "Linje 1:" in doc.pages[0].text
    assert "Linje 120:" in doc.pages[-1].text


def test_hyphenated_word_across_line_break_is_kept_raw_for_the_cleaner(tmp_path: Path) -> None:
    lines = ["Vi styrker det nære sund-", "hedsvæsen og KKR-mål for sundheds- og omsorgsområdet."]
    doc = load(pdfs.write(tmp_path / "bindestreg.pdf", pdfs.lines_pdf(lines)))
    text = doc.pages[0].text
    assert "sund-\nhedsvæsen" in text
    assert "KKR-mål" in text
    assert "sundheds- og omsorgsområdet" in text


@pytest.mark.parametrize("aes", [True, False], ids=["aes128", "rc4"])
def test_pdf_with_user_password_is_refused(tmp_path: Path, aes: bool) -> None:
    path = pdfs.write(tmp_path / "hemmelig.pdf", pdfs.encrypted_pdf(user_password="kodeord", aes=aes))
    err = _unreadable(path)
    assert "krypteret" in err.user_message and "fjern adgangskoden" in err.user_message
    assert "password" in err.english


@pytest.mark.parametrize("aes", [True, False], ids=["aes128", "rc4"])
def test_pdf_with_empty_user_password_loads(tmp_path: Path, aes: bool) -> None:
    path = pdfs.write(tmp_path / "kun-ejer.pdf", pdfs.encrypted_pdf(user_password="", aes=aes))
    doc = load(path)
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert "tværsektorielle samarbejde" in doc.pages[0].text


def test_truncated_pdf(tmp_path: Path) -> None:
    path = pdfs.write(tmp_path / "halv.pdf", pdfs.truncated_pdf())
    err = _unreadable(path)
    assert "afkortet" in err.user_message
    assert "truncated" in err.english


def test_truncated_pdf_with_end_marker_appended_is_still_refused(tmp_path: Path) -> None:
    path = pdfs.write(tmp_path / "halv-eof.pdf", pdfs.truncated_pdf() + b"\n%%EOF\n")
    err = _unreadable(path)
    assert "beskadiget" in err.user_message


def test_corrupt_pdf(tmp_path: Path) -> None:
    err = _unreadable(pdfs.write(tmp_path / "skrald.pdf", pdfs.corrupt_pdf()))
    assert "beskadiget" in err.user_message
    assert "damaged" in err.english


def test_pdf_without_text_layer_says_ocr_is_needed(tmp_path: Path) -> None:
    err = _unreadable(pdfs.write(tmp_path / "scannet.pdf", pdfs.image_only_pdf()))
    assert "intet tekstlag" in err.user_message and "OCR" in err.user_message
    assert "OCR" in err.english


def test_pdf_noise_stays_out_of_logs_and_stderr(tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    for name, data in (("a.pdf", pdfs.truncated_pdf() + b"%%EOF"), ("b.pdf", pdfs.corrupt_pdf())):
        _unreadable(pdfs.write(tmp_path / name, data))
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert capsys.readouterr().err == ""
    assert logging.getLogger("pypdf").level == logging.NOTSET, "the log level is restored afterwards"


def test_repairable_pdf_loads_quietly(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    doc = load(pdfs.write(tmp_path / "reparer.pdf", pdfs.broken_xref_pdf()))
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert "tværsektorielle" in doc.pages[0].text
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]


def test_concurrent_loads_restore_pypdf_logging(tmp_path: Path) -> None:
    good = pdfs.write(tmp_path / "god.pdf", pdfs.text_pdf())
    bad = pdfs.write(tmp_path / "ond.pdf", pdfs.corrupt_pdf())

    def one(i: int) -> int:
        try:
            return len(load(good if i % 2 else bad).pages)
        except UnreadableDocument:
            return -1

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, range(32)))
    assert results == [-1, 3] * 16
    assert logging.getLogger("pypdf").level == logging.NOTSET


def test_executable_renamed_pdf(tmp_path: Path) -> None:
    elf = b"\x7fELF\x02\x01\x01\x00" + bytes(56) + b"\x00\x01" * 200
    err = _unreadable(pdfs.write(tmp_path / "rapport.pdf", elf))
    assert "program" in err.user_message
    assert "executable" in err.english


def test_windows_executable_renamed_pdf(tmp_path: Path) -> None:
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)
    err = _unreadable(pdfs.write(tmp_path / "setup.pdf", exe))
    assert "Windows-program" in err.user_message


def test_text_named_pdf_is_not_a_pdf(tmp_path: Path) -> None:
    err = _unreadable(pdfs.write(tmp_path / "note.pdf", DANISH.encode()))
    assert "ikke en PDF" in err.user_message


def test_pdf_content_is_recognised_by_magic_bytes_not_suffix(tmp_path: Path) -> None:
    doc = load(pdfs.write(tmp_path / "forkert-endelse.txt", pdfs.text_pdf()))
    assert doc.has_pages and [p.number for p in doc.pages] == [1, 2, 3]


def test_pdf_file_name_with_spaces_and_danish_letters(tmp_path: Path) -> None:
    path = pdfs.write(tmp_path / "Sundhedsaftale for Ærø og Åbenrå.pdf", pdfs.text_pdf())
    doc = load(path)
    assert doc.file == "Sundhedsaftale for Ærø og Åbenrå.pdf"
    assert doc.path == str(path)
    broken = pdfs.write(tmp_path / "Møde i KKR – bilag 2.pdf", pdfs.corrupt_pdf())
    assert _unreadable(broken).user_message.startswith("Møde i KKR – bilag 2.pdf: ")


# --- text files --------------------------------------------------------------


def test_txt_is_one_unnumbered_page(tmp_path: Path) -> None:
    path = pdfs.write(tmp_path / "aftale.txt", (DANISH + "\n\nAnden linje.\n").encode())
    doc = load(path)
    assert not doc.has_pages
    assert len(doc.pages) == 1 and doc.pages[0].number is None
    assert doc.pages[0].text == DANISH + "\n\nAnden linje.\n"
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_markdown_file(tmp_path: Path) -> None:
    text = "# KKR-mål for sundhed\n\n## Indledning\n\n- Ambitiøse mål\n- Fælles løsninger på tværs\n"
    doc = load(pdfs.write(tmp_path / "mål.md", text.encode()))
    assert doc.pages == (doc.pages[0],) and doc.pages[0].number is None
    assert doc.raw == text
    assert doc.file == "mål.md"


def test_form_feeds_split_text_into_numbered_pages(tmp_path: Path) -> None:
    text = "Side ét om sundhed.\n\fSide to om forløb.\n\f\fSide fire.\n\f"
    doc = load(pdfs.write(tmp_path / "sider.txt", text.encode()))
    assert doc.has_pages
    assert [p.number for p in doc.pages] == [1, 2, 3, 4], "blank page 3 kept, trailing form feed adds no page"
    assert doc.pages[0].text.strip() == "Side ét om sundhed."
    assert doc.pages[2].text == ""
    assert doc.pages[3].text.strip() == "Side fire."
    assert all("\f" not in p.text for p in doc.pages)


def test_cp1252_danish_text_is_decoded(tmp_path: Path) -> None:
    text = "Kommunerne i Region Hovedstaden – fælles mål for ældre, børn og unge: “nærhed” før sygehus. Ø-kommunerne: Ærø, Læsø."
    path = pdfs.write(tmp_path / "gammel.txt", text.encode("cp1252"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert load(path).pages[0].text == text


def test_latin1_danish_text_is_decoded(tmp_path: Path) -> None:
    text = "Sundhedsaftalen for perioden 2015-2018 gælder for Region Midtjylland og de 19 kommuner."
    assert load(pdfs.write(tmp_path / "latin1.txt", text.encode("latin-1"))).raw == text


@pytest.mark.parametrize(
    "data",
    [
        DANISH.encode("utf-8"),
        DANISH.encode("utf-8-sig"),
        DANISH.encode("utf-16"),
        codecs.BOM_UTF16_BE + DANISH.encode("utf-16-be"),
        DANISH.encode("utf-32"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-be-bom", "utf-32-bom"],
)
def test_unicode_encodings(tmp_path: Path, data: bytes) -> None:
    assert load(pdfs.write(tmp_path / "t.txt", data)).raw == DANISH


def test_utf16_without_bom_is_recognised(tmp_path: Path) -> None:
    assert load(pdfs.write(tmp_path / "t.txt", DANISH.encode("utf-16-le"))).raw == DANISH


def test_crlf_newlines_are_normalised(tmp_path: Path) -> None:
    doc = load(pdfs.write(tmp_path / "windows.txt", "Linje ét\r\nLinje to\rLinje tre\r\n".encode()))
    assert doc.raw == "Linje ét\nLinje to\nLinje tre\n"


def test_undecodable_binary_text_file(tmp_path: Path) -> None:
    data = bytes((i * 131 + 7) % 256 for i in range(2048))
    err = _unreadable(pdfs.write(tmp_path / "data.txt", data))
    assert "kan ikke bestemme tegnkodningen" in err.user_message
    assert "encoding" in err.english


def test_mojibake_in_another_legacy_encoding_is_not_guessed(tmp_path: Path) -> None:
    """DOS cp850 Danish decodes under cp1252 to nonsense such as '‘›†'; say so instead."""
    text = "Sundhedsvæsenet skal være nært, så borgerne får hjælp tæt på hjemmet i både Århus og Ærø."
    err = _unreadable(pdfs.write(tmp_path / "dos.txt", text.encode("cp850")))
    assert "tegnkodningen" in err.user_message


def test_text_file_name_with_spaces_and_danish_letters(tmp_path: Path) -> None:
    path = pdfs.write(tmp_path / "Referat fra møde i sundhedsstyregruppen æøå.txt", DANISH.encode())
    doc = load(path)
    assert doc.file == "Referat fra møde i sundhedsstyregruppen æøå.txt"
    assert doc.raw == DANISH


def test_image_named_txt(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(100)
    assert "billede" in _unreadable(pdfs.write(tmp_path / "foto.txt", png)).user_message


# --- files that are not documents at all ---------------------------------------


@pytest.mark.parametrize("name", ["tom.pdf", "tom.txt", "tom.md"])
def test_zero_byte_file(tmp_path: Path, name: str) -> None:
    err = _unreadable(pdfs.write(tmp_path / name, b""))
    assert err.user_message.endswith("filen er tom")
    assert "empty" in err.english


@pytest.mark.parametrize("data", [b"   \n\n\t  \r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")])
def test_whitespace_only_file_is_empty(tmp_path: Path, data: bytes) -> None:
    assert "filen er tom" in _unreadable(pdfs.write(tmp_path / "blank.txt", data)).user_message


def test_unsupported_suffix_lists_supported_types(tmp_path: Path) -> None:
    err = _unreadable(pdfs.write(tmp_path / "aftale.docx", b"PK\x03\x04" + bytes(50)))
    assert "understøttes ikke" in err.user_message
    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in err.user_message


def test_file_without_suffix_is_unsupported(tmp_path: Path) -> None:
    assert "understøttes ikke" in _unreadable(pdfs.write(tmp_path / "README", DANISH.encode())).user_message


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    assert load(pdfs.write(tmp_path / "SCAN.PDF", pdfs.text_pdf())).has_pages


def test_file_over_size_limit_names_the_limit(tmp_path: Path) -> None:
    path = pdfs.write(tmp_path / "stor.txt", ("æ" * 3000).encode())
    err = _unreadable(path, max_bytes=2048)
    assert "for stor" in err.user_message
    assert "grænsen er 2 kB" in err.user_message
    assert "limit is 2 kB" in err.english
    assert load(path, max_bytes=6000).raw == "æ" * 3000


def test_default_size_limit_is_50_mb(tmp_path: Path) -> None:
    path = tmp_path / "kæmpe.txt"
    with path.open("wb") as fh:
        fh.truncate(50 * 2**20 + 1)  # sparse file, nothing is read
    assert "grænsen er 50 MB" in _unreadable(path).user_message


def test_missing_file(tmp_path: Path) -> None:
    assert "findes ikke" in _unreadable(tmp_path / "væk.pdf").user_message


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    (tmp_path / "mappe.pdf").mkdir()
    assert "mappe" in _unreadable(tmp_path / "mappe.pdf").user_message


# --- the helpers on their own ----------------------------------------------------


@pytest.mark.parametrize(
    ("data", "suffix", "kind"),
    [
        (b"%PDF-1.4\n...", ".pdf", "pdf"),
        (b"\xef\xbb\xbf%PDF-1.7", ".pdf", "pdf"),  # junk before the header is tolerated
        (b"%PDF-1.4\n...", ".txt", "pdf"),
        ("Sundhed på tværs".encode(), ".txt", "text"),
        (b"MZ is just text here", ".md", "text"),
        (b"# Om filformater\n\nEn PDF starter med %PDF-1.7 i sin header.", ".md", "text"),
    ],
)
def test_sniff_kind(data: bytes, suffix: str, kind: str) -> None:
    assert sniff_kind(data, suffix) == kind


@pytest.mark.parametrize(
    "data",
    [b"\x7fELF\x02\x01", b"PK\x03\x04rest", b"\x89PNG\r\n\x1a\nrest", b"\xff\xd8\xff\xe0rest", b"\x1f\x8b\x08rest", b"GIF89a", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
)
@pytest.mark.parametrize("suffix", [".pdf", ".txt"])
def test_sniff_kind_refuses_binary_types(data: bytes, suffix: str) -> None:
    with pytest.raises(UnreadableDocument) as info:
        sniff_kind(data, suffix, file="x" + suffix)
    assert "ikke et dokument" in info.value.user_message
    assert "not a document" in info.value.english


def test_decode_text_reports_file_name() -> None:
    with pytest.raises(UnreadableDocument) as info:
        decode_text(b"\x00\x01\x02\x03\xfe\x90\x81", "mystisk.txt")
    assert info.value.user_message == (
        "mystisk.txt: kan ikke bestemme tegnkodningen (forventede UTF-8, UTF-16 med BOM eller Windows-1252)"
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=300))
def test_decode_text_round_trips_any_utf8_text(text: str) -> None:
    assume(not text.startswith("\ufeff"))  # a leading U+FEFF is a BOM and is dropped
    assert decode_text(text.encode("utf-8"), "x.txt") == text


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=512))
def test_decode_text_never_raises_anything_else(data: bytes) -> None:
    try:
        decode_text(data, "x.txt")
    except UnreadableDocument:
        pass


_VALID_PDF = pdfs.text_pdf(pdfs.DANISH_PAGES[:2])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, len(_VALID_PDF) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_damaged_pdf_loads_or_fails_cleanly(tmp_path: Path, flips: list[tuple[int, int]]) -> None:
    data = bytearray(_VALID_PDF)
    for pos, value in flips:
        data[pos] = value
    path = pdfs.write(tmp_path / "fuzz.pdf", bytes(data))
    try:
        doc = load(path)
    except UnreadableDocument as err:
        assert err.user_message.startswith("fuzz.pdf: ") and "\n" not in err.user_message
    else:
        assert all(p.number == i for i, p in enumerate(doc.pages, start=1))
