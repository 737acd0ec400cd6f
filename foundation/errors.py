"""Typed errors with a user-facing message (Danish first, English beside it)."""

from __future__ import annotations

import errno
from pathlib import Path


class AftaleError(Exception):
    """Base of every error a user may see. ``user_message`` is Danish."""

    exit_code = 1

    def __init__(self, user_message: str, english: str | None = None):
        super().__init__(english or user_message)
        self.user_message = user_message
        self.english = english or user_message

    def message(self, lang: str = "da") -> str:
        return self.english if lang == "en" else self.user_message


class EmptyQuestion(AftaleError):
    exit_code = 2


class BadQuestion(AftaleError):
    exit_code = 2


class BadFilter(AftaleError):
    exit_code = 2


class UnreadableDocument(AftaleError):
    """A file that cannot be ingested: the message names the file and reason."""

    def __init__(self, file: str, reason_da: str, reason_en: str | None = None):
        super().__init__(f"{file}: {reason_da}", f"{file}: {reason_en or reason_da}")
        self.file = file
        self.reason = reason_da


class IndexMissing(AftaleError):
    exit_code = 3


class IndexOutdated(AftaleError):
    exit_code = 3


class IndexCorrupt(AftaleError):
    exit_code = 3


class StoreUnavailable(AftaleError):
    exit_code = 4


class StorageError(AftaleError):
    """The data directory cannot be written: read-only, disk full, not a folder.

    Raised by ingest after everything it wrote was removed again; the
    previously published index is untouched and still answers.
    """

    exit_code = 6


class MissingDependency(AftaleError):
    exit_code = 5


class SettingsError(AftaleError):
    exit_code = 2


# The one errno -> reason table for every place that writes a file: the data directory, uploads, exports.
STORAGE_REASONS = {
    errno.ENOSPC: ("disken er fuld", "the disk is full"),
    errno.EDQUOT: ("diskkvoten er opbrugt", "the disk quota is used up"),
    errno.EFBIG: ("en fil overstiger den tilladte filstørrelse", "a file exceeds the allowed file size"),
    errno.EROFS: ("filsystemet er skrivebeskyttet", "the file system is read-only"),
    errno.EACCES: ("ingen skriveadgang til mappen", "no write permission for the folder"),
    errno.EPERM: ("ingen skriveadgang til mappen", "no write permission for the folder"),
    errno.ENOTDIR: ("en del af stien er en fil, ikke en mappe", "part of the path is a file, not a folder"),
    errno.EEXIST: ("stien findes allerede som en fil", "the path already exists as a file"),
    errno.EIO: ("fejl ved skrivning til disken", "an I/O error while writing to the disk"),
    errno.ENOENT: ("mappen findes ikke", "the folder does not exist"),
    errno.EISDIR: ("det er en mappe", "it is a folder"),
}


def storage_error(exc: BaseException, data_dir: Path | str) -> StorageError:
    """One clear, bilingual line for an ingest that could not write its index."""
    code = getattr(exc, "errno", None)
    detail = (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__).splitlines()[0][:200]
    da, en = STORAGE_REASONS.get(code, (detail, detail)) if code is not None else (detail, detail)
    return StorageError(
        f"Kan ikke skrive indekset i {data_dir}: {da}. Intet halvfærdigt er efterladt; et tidligere indeks er uændret. "
        "Frigør plads eller ret skriveadgangen, og kør aftale ingest igen.",
        f"Cannot write the index in {data_dir}: {en}. Nothing half-written was left behind; a previous index is unchanged. "
        "Free some space or fix the permissions, then run aftale ingest again.",
    )

