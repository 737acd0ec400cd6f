"""Uploads: the sidebar's file picker, and one uploaded file checked, stored and added to the index.

The size is checked and the real type sniffed before anything is written;
the file lands only under ``<data_dir>/uploads/`` with a sanitised name
(``assistant.uploads``) and is removed again when it cannot be ingested.
"""

from __future__ import annotations

import contextlib
import math
from pathlib import Path
from typing import Any

import streamlit as st

from assistant.access import require_editor
from assistant.api import Assistant
from assistant.uploads import sanitise_filename, store_upload
from foundation.errors import AftaleError
from foundation.settings import Settings
from ingest.load import SUPPORTED_SUFFIXES, load, sniff_kind
from interfaces.web.ingest_progress import ingest_lock, progress_callback
from interfaces.web.markup import md_escape, t
from interfaces.web.signin import session_actor


def handle_upload(file: Any, assistant: Assistant, settings: Settings, lang: str) -> tuple[str, str]:
    """Check, store and ingest one uploaded file.

    The size is checked against ``app.upload_mb`` and the real type sniffed
    from the bytes before anything is written. The file is stored only under
    ``<data_dir>/uploads/`` with a sanitised name that never overwrites an
    earlier upload (``assistant.uploads.store_upload``), and removed again
    when it cannot be ingested. Nothing already indexed is lost: the ingest
    adds one file to the index.

    Returns:
        ``(kind, message)`` with kind ``"success"``, ``"warning"`` or ``"error"``.
    """
    actor = session_actor()
    try:
        require_editor(actor, "add")  # before a byte is written; add_documents checks again
    except AftaleError as exc:
        return "error", exc.message(lang)
    data: bytes = file.getvalue()
    limit = int(settings.app.upload_mb * 2**20)
    shown = file.name or "?"
    if len(data) > limit:
        return "error", t("app_upload_too_large", lang, file=shown, mb=f"{len(data) / 2**20:.1f}", max=f"{settings.app.upload_mb:g}")
    name = sanitise_filename(shown)
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return "error", t("app_upload_bad_type", lang, file=shown, types=", ".join(SUPPORTED_SUFFIXES))
    try:
        sniff_kind(data, suffix, file=name)
        target = store_upload(settings.data_dir, shown, data)
    except AftaleError as exc:
        return "error", exc.message(lang)
    name = target.name

    def remove() -> None:
        with contextlib.suppress(OSError):
            target.unlink()

    try:
        load(target, max_bytes=limit)  # a clear, bilingual reason before any indexing
    except AftaleError as exc:
        remove()
        return "error", exc.message(lang)

    bar = st.progress(0.0, text=t("app_stage_files", lang, done=0, total=1))
    try:
        with ingest_lock(str(settings.data_dir)):
            report = assistant.add_documents([target], actor, progress=progress_callback(bar, lang))
    except AftaleError as exc:
        remove()
        return "error", exc.message(lang)
    except Exception as exc:  # noqa: BLE001 - the user gets a message; the index is unchanged
        remove()
        return "error", t("app_upload_failed", lang, file=name, reason=type(exc).__name__)
    finally:
        bar.empty()
    for problem in report.failed:
        if problem.file == name:
            remove()
            return "error", f"{name}: {problem.reason}"
    for problem in report.duplicates:
        if problem.file == name:
            remove()
            return "warning", t("app_upload_duplicate", lang, file=shown, reason=problem.reason)
    chunks = 0
    with contextlib.suppress(AftaleError):
        chunks = next((f["chunks"] for f in assistant.status().get("files", []) if f["file"] == name), 0)
    return "success", t("app_upload_done_one" if chunks == 1 else "app_upload_done", lang, file=name, chunks=chunks)


def upload_section(assistant: Assistant, settings: Settings, lang: str) -> None:
    """The file picker; a new file is ingested once, and the result shown until the next upload."""
    st.subheader(t("app_upload", lang))
    uploaded = st.file_uploader(
        t("app_upload_label", lang, mb=f"{settings.app.upload_mb:g}"),
        type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES],
        key=f"uploader-{st.session_state['uploader_key']}",
        max_upload_size=max(1, math.ceil(settings.app.upload_mb)),
    )
    if uploaded is not None and uploaded.file_id not in st.session_state["uploads_done"]:
        st.session_state["uploads_done"].add(uploaded.file_id)
        st.session_state["upload_result"] = handle_upload(uploaded, assistant, settings, lang)
        st.session_state["uploader_key"] += 1
        st.rerun()
    result = st.session_state.get("upload_result")
    if result:
        kind, text = result
        {"success": st.success, "warning": st.warning}.get(kind, st.error)(md_escape(text))
