"""Changing the library: add, remove and correct documents, each checked against the actor's role and logged.

Every change goes through the one ingest path (``index.build.run_ingest``: a
new generation, published by the atomic pointer swap), so a reader keeps
getting answers from the previous index while a change is built. Removals
and corrections are editors' decisions kept beside the index
(``index.overrides``) that every later ingest applies; every change an ingest
made is one row of the audit log (``index.audit_store``): who, what, which
document and its sha256.

``Assistant`` exposes these as ``ingest``, ``add_documents``,
``remove_document``, ``correct_document`` and ``audit``; each refuses with
``NotAllowed`` unless the actor is an editor.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from assistant.access import Actor, require_editor
from assistant.uploads import UPLOADS
from foundation.errors import AftaleError
from index import generation as ix
from index.audit_store import AuditRow, AuditStore
from index.build import IngestReport, index_fingerprint, run_ingest
from index.overrides import FACT_FIELDS, Overrides
from index.previous import outdated, sources_to_reread
from ingest.load import sha256_file

MAX_FACT_CHARS = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class UnknownDocument(AftaleError):
    """The document named is not in the index."""

    exit_code = 2


class BadCorrection(AftaleError):
    """A correction names an unknown fact or has an unusable value."""

    exit_code = 2


def _published(data_dir: Path) -> dict[str, ix.FileEntry]:
    gen = ix.current_generation(data_dir) if data_dir.exists() else None
    return dict(gen.read_manifest().files) if gen is not None else {}


def _record(store: AuditStore, actor: Actor, before: dict[str, ix.FileEntry], after: dict[str, ix.FileEntry], detail: str = "") -> None:
    """One audit row for every document the published index gained, replaced, lost or got new facts for.

    Compared manifest to manifest, so a rebuild that changes nothing logs nothing.
    """
    for name, new in after.items():
        old = before.get(name)
        if old is None:
            store.add(actor.user, "added", name, new.sha256, detail)
        elif old.sha256 != new.sha256:
            store.add(actor.user, "replaced", name, new.sha256, detail)
        elif old.meta != new.meta:
            store.add(actor.user, "corrected", name, new.sha256, detail)
    for name, old in before.items():
        if name not in after:
            store.add(actor.user, "removed", name, old.sha256, detail)


def ingest_as(
    owner: Any,
    paths: Sequence[Path] | None,
    actor: Actor,
    *,
    rebuild: bool = False,
    progress: Callable[..., None] | None = None,
    detail: str = "",
) -> IngestReport:
    """Ingest as ``actor`` (an editor), and log what changed.

    ``owner`` is the ``Assistant`` (its settings and embedder; the embedder is
    loaded only after the role check passed).

    Raises:
        NotAllowed: ``actor`` is not an editor (nothing is read or written).
    """
    require_editor(actor, "ingest")
    data_dir = Path(owner.settings.data_dir)
    before = _published(data_dir)
    report = run_ingest(paths, owner.settings, rebuild=rebuild, embedder=owner.embedder, progress=progress)
    if report.changed:
        _record(AuditStore(data_dir), actor, before, _published(data_dir), detail)
    return report


def index_outdated(owner: Any) -> bool:
    """Whether the published index was built by an earlier version (or other settings) of the ingest."""
    return outdated(Path(owner.settings.data_dir), index_fingerprint(owner.settings))


def read_again(owner: Any, actor: Actor, progress: Callable[..., None] | None = None) -> IngestReport | None:
    """Read every document of an index built by an earlier version again from its sources, as this version
    reads them (None when the index is current). After an upgrade the app does this on start, so its answers
    rest on what the new reader sees (a table read row by row) rather than waiting for the next ingest.

    Raises:
        IndexOutdated: a document's source file is gone (the index is left as it was, and still answers).
    """
    data_dir = Path(owner.settings.data_dir)
    if not index_outdated(owner):
        return None
    sources = sources_to_reread(data_dir, [])
    return ingest_as(owner, sources, actor, progress=progress, detail="read again by a new version")


def add_documents(owner: Any, paths: Sequence[Path], actor: Actor, progress: Callable[..., None] | None = None) -> IngestReport:
    """Add (or replace) files; a document an editor removed earlier comes back when an editor adds it again."""
    require_editor(actor, "add")
    data_dir = Path(owner.settings.data_dir)
    overrides = Overrides.load(data_dir)
    cleared = False
    for p in paths:
        with contextlib.suppress(OSError):
            cleared = overrides.removed.pop(sha256_file(Path(p)), None) is not None or cleared
    if cleared:
        overrides.save(data_dir)
    return ingest_as(owner, list(paths), actor, progress=progress)


def _entry(data_dir: Path, file: str) -> ix.FileEntry:
    entry = _published(data_dir).get(file)
    if entry is None:
        raise UnknownDocument(f"Dokumentet {file} findes ikke i indekset.", f"The document {file} is not in the index.")
    return entry


def remove_document(owner: Any, file: str, actor: Actor, progress: Callable[..., None] | None = None) -> IngestReport:
    """Take a document out of the index (a new generation); an uploaded copy is deleted too.

    Raises:
        NotAllowed: ``actor`` is not an editor.
        UnknownDocument: ``file`` is not indexed.
    """
    require_editor(actor, "remove")
    data_dir = Path(owner.settings.data_dir)
    entry = _entry(data_dir, file)
    previous = Overrides.load(data_dir)
    overrides = Overrides.load(data_dir)
    overrides.removed[entry.sha256] = file
    overrides.facts.pop(file, None)
    overrides.save(data_dir)
    try:
        report = ingest_as(owner, [Path(entry.path)], actor, progress=progress)
    except BaseException:
        previous.save(data_dir)
        raise
    source = Path(entry.path)
    if (data_dir / UPLOADS).resolve() in source.resolve().parents:
        with contextlib.suppress(OSError):
            source.unlink()
    return report


def clean_facts(facts: Mapping[str, Any]) -> dict[str, str]:
    """The facts of a correction, checked: known fields, one line of text each ("" clears a correction).

    Raises:
        BadCorrection: an unknown field, or a value with control characters or over ``MAX_FACT_CHARS``.
    """
    unknown = sorted(set(facts) - set(FACT_FIELDS))
    if unknown:
        raise BadCorrection(
            f"Ukendt oplysning: {', '.join(unknown)} (kan rettes: {', '.join(FACT_FIELDS)}).",
            f"Unknown fact: {', '.join(unknown)} (can be corrected: {', '.join(FACT_FIELDS)}).",
        )
    out: dict[str, str] = {}
    for key, value in facts.items():
        text = "" if value is None else str(value).strip()
        if _CONTROL.search(text) or len(text) > MAX_FACT_CHARS:
            raise BadCorrection(
                f"{key}: skal være én linje tekst på højst {MAX_FACT_CHARS} tegn.",
                f"{key}: must be one line of text of at most {MAX_FACT_CHARS} characters.",
            )
        out[key] = text
    if out.get("title") == "":
        raise BadCorrection("Titlen kan ikke være tom.", "The title cannot be empty.")
    return out


def correct_document(
    owner: Any, file: str, facts: Mapping[str, Any], actor: Actor, progress: Callable[..., None] | None = None
) -> IngestReport:
    """Correct a document's facts (title, region, kind, period, status): re-read with the correction, new generation.

    Raises:
        NotAllowed: ``actor`` is not an editor.
        UnknownDocument: ``file`` is not indexed, or its source file is gone (it cannot be re-read).
        BadCorrection: an unknown fact or an unusable value.
    """
    require_editor(actor, "correct")
    wanted = clean_facts(facts)
    data_dir = Path(owner.settings.data_dir)
    entry = _entry(data_dir, file)
    if not Path(entry.path).is_file():
        raise UnknownDocument(
            f"Kildefilen til {file} findes ikke længere, så dokumentet kan ikke læses igen med rettelsen.",
            f"The source file of {file} no longer exists, so the document cannot be re-read with the correction.",
        )
    previous = Overrides.load(data_dir)
    overrides = Overrides.load(data_dir)
    current = overrides.facts.setdefault(file, {})
    for key, value in wanted.items():
        if value:
            current[key] = value
        else:
            current.pop(key, None)
    if not current:
        overrides.facts.pop(file, None)
    overrides.save(data_dir)
    detail = ", ".join(f"{k}={v}" for k, v in wanted.items())
    try:
        report = ingest_as(owner, [Path(entry.path)], actor, progress=progress, detail=detail)
    except BaseException:
        previous.save(data_dir)
        raise
    return report


def audit_rows(owner: Any, actor: Actor) -> list[AuditRow]:
    """The audit log, newest first; editors only."""
    require_editor(actor, "audit")
    return AuditStore(Path(owner.settings.data_dir)).rows(newest_first=True)
