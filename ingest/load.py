"""Step 1 of ingest: read one file from disk into a ``LoadedDocument``.

PDFs are read in reading order from the page geometry (``ingest.pdf_layout``; scanned
pages through Tesseract when installed) and keep their 1-based page numbers; pypdf opens
and checks them;
``.txt`` and ``.md`` files become one page without a number, or several
numbered pages when they contain form feeds. Every file that cannot be read
raises ``UnreadableDocument`` with one Danish line naming the file and the
reason (English twin beside it), never a pypdf traceback.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import io
import logging
import re
import threading
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Literal

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

from foundation.errors import UnreadableDocument
from foundation.records import DocMeta, LoadedDocument, Page
from ingest.document_meta import document_meta
from ingest.ocr import available as ocr_available
from ingest.pdf_layout import read_pdf

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md")
DEFAULT_MAX_BYTES = 50 * 2**20

log = logging.getLogger(__name__)

# Magic bytes of file types that are never a document we can read.
# (prefix, Danish description, English description)
_FOREIGN_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\x7fELF", "et program (ELF)", "an executable (ELF)"),
    (b"\xcf\xfa\xed\xfe", "et program (Mach-O)", "an executable (Mach-O)"),
    (b"\xfe\xed\xfa\xcf", "et program (Mach-O)", "an executable (Mach-O)"),
    (b"\xca\xfe\xba\xbe", "et program (Mach-O/Java)", "an executable (Mach-O/Java)"),
    (b"PK\x03\x04", "et zip-arkiv (fx .docx, .xlsx eller .zip)", "a zip archive (e.g. .docx, .xlsx or .zip)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "et gammelt Office-dokument (.doc/.xls/.ppt)", "a legacy Office file"),
    (b"\x89PNG\r\n\x1a\n", "et billede (PNG)", "an image (PNG)"),
    (b"\xff\xd8\xff", "et billede (JPEG)", "an image (JPEG)"),
    (b"GIF87a", "et billede (GIF)", "an image (GIF)"),
    (b"GIF89a", "et billede (GIF)", "an image (GIF)"),
    (b"II*\x00", "et billede (TIFF)", "an image (TIFF)"),
    (b"MM\x00*", "et billede (TIFF)", "an image (TIFF)"),
    (b"\x1f\x8b", "et gzip-arkiv", "a gzip archive"),
    (b"Rar!\x1a\x07", "et RAR-arkiv", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "et 7z-arkiv", "a 7z archive"),
    (b"SQLite format 3\x00", "en SQLite-database", "an SQLite database"),
    (b"{\\rtf", "et RTF-dokument", "an RTF document"),
)

# Control characters that never occur in real text (tab, newlines, form feed allowed).
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Non-ASCII characters expected in Danish prose decoded from cp1252.
_DANISH_NON_ASCII = set("æøåÆØÅéÉèüÜöÖäÄ§½°€–—‘’‚“”„…•·«»´\xa0")
_PDF_EOF_WINDOW = 8192


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes, read in blocks (the manifest's identity of a file)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load(
    path: Path,
    catalog: Mapping[str, DocMeta] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> LoadedDocument:
    """Read one PDF, text or markdown file.

    Args:
        path: The file to read.
        catalog: Catalog metadata keyed by file name; it wins over the facts
            read from the text (``ingest.document_meta``) where it states a field.
        max_bytes: Files larger than this are refused.

    Returns:
        The document's pages with page numbers (PDF or form-feed text) or one
        unnumbered page (plain text), its sha256 and metadata.

    Raises:
        UnreadableDocument: The file is missing, empty, too large, of an
            unsupported type, encrypted, damaged, has no text layer, or its
            text encoding cannot be told.
    """
    path = Path(path)
    name = path.name
    data = _read_bytes(path, name, max_bytes)
    if not data.strip(b" \t\r\n\f\v\x00"):
        raise UnreadableDocument(name, "filen er tom", "the file is empty")
    pdf_info: dict[str, str] | None = None
    unread: tuple[int, ...] = ()
    if sniff_kind(data, path.suffix, file=name) == "pdf":
        pages, pdf_info, unread = _load_pdf(data, name)
        has_pages = True
    else:
        pages, has_pages = _split_text_pages(decode_text(data, name), name)
    return LoadedDocument(
        file=name,
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        meta=document_meta(path, pages, has_pages, catalog or {}, pdf_info),
        pages=pages,
        has_pages=has_pages,
        unread_pages=unread,
    )


def sniff_kind(data: bytes, suffix: str, *, file: str = "filen") -> Literal["pdf", "text"]:
    """Tell a PDF from text by its magic bytes, not only by its suffix.

    Args:
        data: The file's bytes.
        suffix: The file name's suffix (``.pdf``, ``.txt`` ...).
        file: File name used in the error message.

    Returns:
        ``"pdf"`` when the data starts with a PDF header, else ``"text"``.

    Raises:
        UnreadableDocument: The data is a known binary type (program, archive,
            image ...), or the suffix says PDF but the header is missing.
    """
    if _has_pdf_header(data, suffix):
        return "pdf"
    for magic, what_da, what_en in _FOREIGN_SIGNATURES:
        if data.startswith(magic):
            raise UnreadableDocument(
                file,
                f"filen er {what_da}, ikke et dokument — den kan ikke indlæses",
                f"the file is {what_en}, not a document — it cannot be ingested",
            )
    if data.startswith(b"MZ") and b"\x00" in data[:512]:
        raise UnreadableDocument(
            file,
            "filen er et Windows-program, ikke et dokument — den kan ikke indlæses",
            "the file is a Windows executable, not a document — it cannot be ingested",
        )
    if suffix.lower() == ".pdf":
        raise UnreadableDocument(
            file,
            "filen hedder .pdf, men er ikke en PDF (PDF-hovedet mangler)",
            "the file is named .pdf but is not a PDF (the PDF header is missing)",
        )
    return "text"


def _has_pdf_header(data: bytes, suffix: str) -> bool:
    """``%PDF-`` at the start; a ``.pdf`` may have junk before it (as readers allow)."""
    if suffix.lower() == ".pdf":
        return b"%PDF-" in data[:1024]
    return data.lstrip(b" \t\r\n\f\x00").removeprefix(codecs.BOM_UTF8).startswith(b"%PDF-")


def decode_text(data: bytes, file: str) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16/32 with BOM, or cp1252.

    Legacy Danish text in Windows-1252 (or Latin-1) is decoded when the result
    reads as plausible Danish. Newlines are normalised to ``\\n`` and NULs and
    the BOM are dropped.

    Args:
        data: The file's bytes.
        file: File name used in the error message.

    Returns:
        The text.

    Raises:
        UnreadableDocument: No encoding gives plausible text.
    """
    text = _decode_with_bom(data)
    if text is None:
        text = _try_decode(data, "utf-8", _is_plausible_text)
    if text is None:
        text = _decode_utf16_without_bom(data)
    if text is None:
        text = _try_decode(data, "cp1252", _is_plausible_danish)
    if text is None:
        raise UnreadableDocument(
            file,
            "kan ikke bestemme tegnkodningen (forventede UTF-8, UTF-16 med BOM eller Windows-1252)",
            "cannot determine the text encoding (expected UTF-8, UTF-16 with BOM or Windows-1252)",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


# --- reading ---------------------------------------------------------------


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """Check existence, type, suffix and size, then read the whole file."""
    if not path.exists():
        raise UnreadableDocument(name, "filen findes ikke", "the file does not exist")
    if path.is_dir():
        raise UnreadableDocument(name, "er en mappe, ikke en fil", "is a folder, not a file")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        shown = path.suffix or "(ingen)"
        raise UnreadableDocument(
            name,
            f"filtypen {shown} understøttes ikke (understøttede typer: {supported})",
            f"file type {path.suffix or '(none)'} is not supported (supported types: {supported})",
        )
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(name, size, max_bytes)
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except PermissionError:
        raise UnreadableDocument(name, "filen kan ikke læses (ingen adgang)", "the file cannot be read (permission denied)") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UnreadableDocument(name, f"filen kan ikke læses ({reason})", f"the file cannot be read ({reason})") from None
    if len(data) > max_bytes:  # grew between stat and read
        raise _too_large(name, len(data), max_bytes)
    return data


def _too_large(name: str, size: int, max_bytes: int) -> UnreadableDocument:
    return UnreadableDocument(
        name,
        f"filen er for stor ({_format_size(size)}; grænsen er {_format_size(max_bytes)})",
        f"the file is too large ({_format_size(size, 'en')}; the limit is {_format_size(max_bytes, 'en')})",
    )


def _format_size(n: int, lang: str = "da") -> str:
    """Human-readable size: ``50 MB``, ``12,5 MB``, ``900 kB``, ``512 byte``."""
    for unit, factor in (("MB", 2**20), ("kB", 2**10)):
        if n >= factor:
            value = f"{n / factor:.1f}".removesuffix(".0")
            return f"{value.replace('.', ',') if lang == 'da' else value} {unit}"
    return f"{n} byte" if lang == "da" else f"{n} bytes"


# --- text ------------------------------------------------------------------


def _split_text_pages(text: str, name: str) -> tuple[tuple[Page, ...], bool]:
    """One unnumbered page, or numbered pages split on form feeds."""
    if not text.strip():
        raise UnreadableDocument(name, "filen er tom", "the file is empty")
    if "\f" not in text:
        return (Page(number=None, text=text),), False
    parts = text.split("\f")
    while len(parts) > 1 and not parts[-1].strip():  # a final form feed ends the last page
        parts.pop()
    return tuple(Page(number=i, text=part) for i, part in enumerate(parts, start=1)), True


def _decode_with_bom(data: bytes) -> str | None:
    boms = (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            return _try_decode(data, encoding, _is_plausible_text)
    return None


def _decode_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM: recognisable by NULs in every other byte of ASCII text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.5 and even_nuls < 0.05:
        return _try_decode(data, "utf-16-le", _is_plausible_text)
    if even_nuls > 0.5 and odd_nuls < 0.05:
        return _try_decode(data, "utf-16-be", _is_plausible_text)
    return None


def _try_decode(data: bytes, encoding: str, plausible: Callable[[str], bool]) -> str | None:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if plausible(text) else None


def _is_plausible_text(text: str) -> bool:
    """Text, not binary: (almost) no control characters besides whitespace."""
    if not text:
        return True
    return len(_BAD_CONTROL.findall(text)) <= len(text) // 1000


def _is_plausible_danish(text: str) -> bool:
    """cp1252-decoded bytes that read as Danish: mostly æøå and typographic marks."""
    if _BAD_CONTROL.search(text):
        return False
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return True
    expected = sum(ch in _DANISH_NON_ASCII for ch in non_ascii)
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    return expected / len(non_ascii) >= 0.8 and letters / len(text) >= 0.5


# --- PDF -------------------------------------------------------------------


_quiet_lock = threading.Lock()
_quiet_depth = 0
_quiet_saved: tuple[int, warnings.catch_warnings] | None = None


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's log records and warnings; our own error line is enough.

    Thread-safe: the first caller raises the ``pypdf`` logger's level, the
    last one to leave restores it.
    """
    global _quiet_depth, _quiet_saved
    logger = logging.getLogger("pypdf")
    with _quiet_lock:
        if _quiet_depth == 0:
            caught = warnings.catch_warnings()
            caught.__enter__()
            warnings.simplefilter("ignore")
            _quiet_saved = (logger.level, caught)
            logger.setLevel(logging.CRITICAL + 1)
        _quiet_depth += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0 and _quiet_saved is not None:
                level, caught = _quiet_saved
                logger.setLevel(level)
                caught.__exit__(None, None, None)
                _quiet_saved = None


def _load_pdf(data: bytes, name: str) -> tuple[tuple[Page, ...], dict[str, str], tuple[int, ...]]:
    """Pages (1-based numbers), document info and unreadable page numbers of a PDF."""
    if b"%%EOF" not in data[-_PDF_EOF_WINDOW:]:
        raise UnreadableDocument(
            name,
            "PDF'en er afkortet (slutmarkøren %%EOF mangler) — filen er ufuldstændig",
            "the PDF is truncated (the %%EOF end marker is missing) — the file is incomplete",
        )
    with _quiet_pypdf():
        reader = _open_pdf(data, name)
        info = _pdf_info(reader)
        pages, unread = _read_pages(data, reader, name)
    if not any(p.text.strip() for p in pages):
        if unread and ocr_available():
            raise UnreadableDocument(
                name,
                "ingen af PDF'ens sider kunne læses, heller ikke med OCR",
                "none of the PDF's pages could be read, not even with OCR",
            )
        raise UnreadableDocument(
            name,
            "PDF'en har intet tekstlag — scannede sider skal først OCR-behandles",
            "the PDF has no text layer — scanned pages need OCR first",
        )
    if _is_garbled("".join(p.text for p in pages)):
        raise UnreadableDocument(
            name,
            "PDF'ens tekstlag kan ikke afkodes (skrifttyper uden Unicode-tabel) — OCR-behandl filen",
            "the PDF's text layer cannot be decoded (fonts without a Unicode map) — run OCR on the file",
        )
    if unread:
        log.warning("%s: side %s kunne ikke læses og mangler i indekset", name, ", ".join(map(str, unread)))
    return pages, info, unread


def _read_pages(data: bytes, reader: PdfReader, name: str) -> tuple[tuple[Page, ...], tuple[int, ...]]:
    """Pages in reading order (``ingest.pdf_layout``); pypdf's stream order if that fails.

    The layout reader takes columns, tables, boxes, footnotes and page furniture from the
    page geometry and OCRs scanned pages; a file pdfium cannot parse still gets today's
    pypdf reading (and its error messages for damaged files).
    """
    try:
        reading = read_pdf(data)
    except Exception as exc:  # pdfium refuses some files pypdf repairs
        log.info("%s: layout-læsning mislykkedes (%s); læser med pypdf", name, type(exc).__name__)
        texts = _extract_pages(reader, name)
        return tuple(Page(number=i, text=t) for i, t in enumerate(texts, start=1)), ()
    pages = tuple(Page(p.number, p.text, p.spans, p.furniture, p.ocr_confidence) for p in reading.pages)
    return pages, reading.unread


def _open_pdf(data: bytes, name: str) -> PdfReader:
    """Open (and if needed decrypt with the empty password) a PDF reader."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:  # pypdf raises many types on damaged input
        raise _damaged(name, "PDF'en kan ikke åbnes", "the PDF cannot be opened") from exc
    if reader.is_encrypted:
        try:
            result = reader.decrypt("")
        except DependencyError as exc:
            raise UnreadableDocument(
                name,
                "PDF'en er krypteret med AES, og pakken cryptography mangler — installér den",
                "the PDF is AES-encrypted and the package cryptography is missing — install it",
            ) from exc
        except Exception as exc:  # unknown or broken encryption dictionary
            raise _encrypted(name) from exc
        if result == PasswordType.NOT_DECRYPTED:
            raise _encrypted(name)
    return reader


def _extract_pages(reader: PdfReader, name: str) -> list[str]:
    """Plain-mode text of every page; a page that fails to parse gives ``""``."""
    try:
        pages = list(reader.pages)
    except Exception as exc:
        raise _damaged(name, "PDF'ens sider kan ikke findes", "the PDF's pages cannot be found") from exc
    if not pages:
        raise _damaged(name, "PDF'en har ingen sider", "the PDF has no pages")
    texts, failed = [], 0
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:
            failed += 1
            text = ""
            log.warning("%s: side %d kunne ikke læses og springes over", name, number)
        texts.append(text.replace("\x00", ""))
    if failed == len(pages):
        raise _damaged(name, "ingen af PDF'ens sider kan læses", "none of the PDF's pages can be read")
    return texts


def _pdf_info(reader: PdfReader) -> dict[str, str]:
    """Document-info entries as plain strings (``/Title`` etc.); {} when unreadable."""
    try:
        meta = reader.metadata or {}
        return {str(k): str(v) for k, v in meta.items() if v is not None}
    except Exception:
        return {}


def _is_garbled(text: str) -> bool:
    """True when most characters are replacement, private-use or control characters."""
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return False
    bad = sum(ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cc") for ch in visible)
    return bad / len(visible) > 0.5


def _damaged(name: str, reason_da: str, reason_en: str) -> UnreadableDocument:
    return UnreadableDocument(
        name,
        f"{reason_da} — filen er beskadiget eller ufuldstændig",
        f"{reason_en} — the file is damaged or incomplete",
    )


def _encrypted(name: str) -> UnreadableDocument:
    return UnreadableDocument(
        name,
        "PDF'en er krypteret med adgangskode — fjern adgangskoden og prøv igen",
        "the PDF is password-protected — remove the password and try again",
    )
