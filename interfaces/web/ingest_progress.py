"""An ingest started from the app: one lock across browser sessions and one progress bar for its stages.

The first start and uploads both ingest; the lock keeps two sessions from
publishing generations at the same time, and the bar maps the ingest's
(stage, done, total, detail) reports onto one line with a Danish/English label.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import streamlit as st

from interfaces.web.markup import t


@st.cache_resource(show_spinner=False)
def ingest_lock(key: str) -> threading.Lock:
    """Serialises ingests (first start, uploads) across browser sessions; ``key`` is the data directory."""
    return threading.Lock()


_SPANS = {"files": (0.0, 0.3), "embed": (0.3, 0.9), "index": (0.9, 1.0)}


def progress_label(stage: str, done: int, total: int, detail: str, lang: str) -> tuple[float, str]:
    """The bar's fraction (0–1) and its label for one (stage, done, total, detail) report."""
    lo, hi = _SPANS.get(stage, (0.9, 1.0))
    frac = lo + (hi - lo) * (min(done, total) / total if total else 1.0)
    label = t(f"app_stage_{stage}" if stage in _SPANS else "app_stage_index", lang, done=done, total=total)
    if detail and stage == "files":
        label = f"{label} · {detail[:60]}"
    return min(max(frac, 0.0), 1.0), label


def progress_callback(bar: Any, lang: str) -> Callable[[str, int, int, str], None]:
    """Map the ingest's (stage, done, total, detail) onto one progress bar."""

    def tick(stage: str, done: int, total: int, detail: str = "") -> None:
        frac, label = progress_label(stage, done, total, detail, lang)
        bar.progress(frac, text=label)

    return tick
