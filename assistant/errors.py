"""Typed errors with a user-facing message (Danish first, English beside it)."""

from __future__ import annotations


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
