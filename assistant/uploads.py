"""Uploaded files: a safe name, stored only under ``<data_dir>/uploads/``, never overwriting.

``sanitise_filename`` turns whatever a browser sends as a file name into one
path component that is safe on Linux, macOS and Windows; ``store_upload``
writes the bytes there under a fresh name (``navn.pdf``, ``navn-2.pdf``, …).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import unicodedata
import uuid
from pathlib import Path

from foundation.errors import STORAGE_REASONS, StorageError

UPLOADS = "uploads"
MAX_NAME_BYTES = 150  # well under the 255-byte limit of common file systems, æøå count 2
MAX_SUFFIX = 10
FALLBACK_STEM = "dokument"
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def sanitise_filename(name: str | None) -> str:
    """One safe file name (never empty) for an uploaded file.

    Drops every directory part and ``..``, control and format characters and
    anything but letters of any alphabet (æøå stay), digits, ``_``, ``-`` and
    ``.``; spaces become ``-``; Windows device names (``CON``, ``LPT1`` …) get
    ``-fil`` appended; the suffix is lower-cased and kept; the result is at
    most ``MAX_NAME_BYTES`` bytes of UTF-8.

    >>> sanitise_filename("../../etc/Sundhedsaftale for Ærø.PDF")
    'Sundhedsaftale-for-Ærø.pdf'
    """
    text = unicodedata.normalize("NFC", str(name or ""))
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)
    text = re.split(r"[\\/]", text)[-1]  # the last path part, from either OS
    text = re.sub(r"\s+", "-", text.strip())
    text = re.sub(r"[^\w.\-]", "", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"-{2,}", "-", text)

    stem, suffix = _split_suffix(text)
    stem = stem.strip(".-_ ")
    if not stem:
        stem = FALLBACK_STEM
    first, dot, rest = stem.partition(".")
    if first.lower() in _WINDOWS_RESERVED:  # Windows reserves CON, CON.txt, CON.tar.gz …
        stem = f"{first}-fil{dot}{rest}"
    budget = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    stem = _cut_utf8(stem, budget).rstrip(".-_ ") or FALLBACK_STEM
    return stem + suffix


def _split_suffix(text: str) -> tuple[str, str]:
    """``("rapport", ".pdf")``; a name that is only a suffix (``.PDF``) keeps it."""
    head, dot, tail = text.rpartition(".")
    if dot and tail and len(tail) <= MAX_SUFFIX and tail.isascii() and tail.isalnum():
        return head, "." + tail.lower()
    return text, ""


def _cut_utf8(text: str, max_bytes: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    return data[:max_bytes].decode("utf-8", errors="ignore")


def uploads_dir(data_dir: str | Path) -> Path:
    return Path(data_dir) / UPLOADS


def store_upload(data_dir: str | Path, name: str | None, data: bytes) -> Path:
    """Write ``data`` to ``<data_dir>/uploads/<sanitised name>`` without overwriting anything.

    An existing name gets ``-2``, ``-3`` … before the suffix. The bytes are
    written to a hidden temporary file first and linked into place, so a
    half-written upload is never visible under its name (and ingest skips
    hidden files). Two sessions storing the same name at once both succeed,
    under different names.

    Returns:
        The stored file's path (always directly inside ``uploads/``).

    Raises:
        StorageError: the data directory cannot be written (read-only, disk full).
    """
    folder = uploads_dir(data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        root = folder.resolve()
    except OSError as exc:
        raise _storage_error(exc, folder) from exc
    safe = sanitise_filename(name)
    stem, suffix = _split_suffix(safe)
    tmp = root / f".upload-{uuid.uuid4().hex}.part"
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        for n in range(1, 10_000):
            candidate = root / (safe if n == 1 else _numbered(stem, suffix, n))
            if candidate.parent != root:  # cannot happen after sanitising; never write elsewhere
                raise StorageError("Ugyldigt filnavn.", "Invalid file name.")
            try:
                _link_exclusive(tmp, candidate)
                return candidate
            except FileExistsError:
                continue
        raise StorageError(
            f"For mange uploads med navnet {safe} i {root}.",
            f"Too many uploads named {safe} in {root}.",
        )
    except OSError as exc:
        raise _storage_error(exc, folder) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _numbered(stem: str, suffix: str, n: int) -> str:
    tag = f"-{n}"
    return _cut_utf8(stem, MAX_NAME_BYTES - len((tag + suffix).encode("utf-8"))).rstrip(".-_ ") + tag + suffix


def _link_exclusive(src: Path, dst: Path) -> None:
    """Give ``src``'s content the name ``dst``; FileExistsError when ``dst`` exists (never overwrites)."""
    try:
        os.link(src, dst)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
    # A file system without hard links: claim the name exclusively, then copy.
    with open(dst, "xb") as out:
        try:
            with open(src, "rb") as inp:
                while block := inp.read(1 << 20):
                    out.write(block)
        except BaseException:
            out.close()
            dst.unlink(missing_ok=True)
            raise


def _storage_error(exc: OSError, folder: Path) -> StorageError:
    da, en = STORAGE_REASONS.get(exc.errno, (exc.strerror or str(exc), exc.strerror or str(exc)))
    return StorageError(
        f"Kan ikke gemme filen i {folder}: {da}.",
        f"Cannot store the file in {folder}: {en}.",
    )
