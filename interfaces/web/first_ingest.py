"""The first start: an empty index is filled from the bundled corpus, with a progress bar, before the chat opens."""

from __future__ import annotations

import streamlit as st

from assistant.access import Actor
from assistant.api import Assistant
from foundation.errors import AftaleError
from foundation.settings import Settings
from interfaces.web.ingest_progress import ingest_lock, progress_callback
from interfaces.web.markup import md_escape, t


def first_start(assistant: Assistant, settings: Settings, lang: str) -> None:
    """Ingest the bundled corpus into an empty index, then reopen the chat."""
    st.title(settings.app.title)
    st.info(t("app_first_start", lang))
    bar = st.progress(0.0, text=t("app_stage_files", lang, done=0, total=0))
    try:
        with ingest_lock(str(settings.data_dir)):
            if not assistant.has_index():
                report = assistant.ingest(None, progress=progress_callback(bar, lang), actor=Actor.system())
                problems = [f"{p.file}: {p.reason}" for p in report.failed]
                if not assistant.has_index():  # nothing could be ingested: say so, don't loop
                    st.error(md_escape(t("app_first_start_failed", lang, corpus=str(settings.corpus_dir))))
                    for problem in problems:
                        st.warning(md_escape(problem))
                    st.stop()
            assistant.warm_up()
    except AftaleError as exc:
        st.error(md_escape(exc.message(lang)))
        st.stop()
    bar.progress(1.0, text=t("app_ready", lang))
    st.rerun()
