"""The first start: an empty index is filled from the bundled corpus, with a progress bar, before the chat opens.
The first start after an upgrade: an index built by an earlier version of the ingest is read again from its
sources the same way (``Assistant.read_again``); where it cannot be (a source is gone), the chat opens on the
index as it is, with the reason and the way out shown.

The ingest runs in a background thread of the app's process, one per data directory, not in the
browser session's script: a visitor who closes the tab or reloads while it runs does not stop it
(Streamlit stops a session's script when its tab goes), and every session that opens meanwhile
shows the same progress and opens the chat when it is done.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import streamlit as st

from assistant.access import Actor
from assistant.api import Assistant
from foundation.errors import AftaleError
from foundation.settings import Settings
from interfaces.web.ingest_progress import ingest_lock, progress_label
from interfaces.web.markup import md_escape, t

POLL_S = 0.3
"""How often a waiting session redraws the bar from the running ingest's last report."""


@dataclass
class FirstIngest:
    """One first-start ingest in the background: its last progress report and how it ended."""

    again: bool = False  # an index of an earlier version read again, not an empty one filled
    report: tuple[str, int, int, str] = ("files", 0, 0, "")
    problems: list[str] = field(default_factory=list)
    error: AftaleError | None = None
    failure: str = ""  # an unexpected error's text (the thread must not die silently)
    finished: threading.Event = field(default_factory=threading.Event)

    def tick(self, stage: str, done: int, total: int, detail: str = "") -> None:
        self.report = (stage, done, total, detail)

    def run(self, assistant: Assistant, lock: threading.Lock) -> None:
        try:
            with lock:
                if not assistant.has_index():
                    result = assistant.ingest(None, progress=self.tick, actor=Actor.system())
                    self.problems = [f"{p.file}: {p.reason}" for p in result.failed]
                elif self.again:
                    result = assistant.read_again(Actor.system(), progress=self.tick)
                    self.problems = [f"{p.file}: {p.reason}" for p in result.failed] if result is not None else []
                if assistant.has_index():
                    assistant.warm_up()
        except AftaleError as exc:
            self.error = exc
        except Exception as exc:  # noqa: BLE001 - shown to the waiting sessions, not lost in a thread
            self.failure = f"{type(exc).__name__}: {exc}"
        finally:
            self.finished.set()


@st.cache_resource(show_spinner=False)
def _jobs() -> tuple[threading.Lock, dict[str, FirstIngest]]:
    """The process's first-start ingests by data directory, and the lock that guards starting one."""
    return threading.Lock(), {}


def start_first_ingest(assistant: Assistant, settings: Settings, again: bool = False) -> FirstIngest:
    """The running first-start ingest of this data directory, started if none runs (again after one ended).
    An index of an earlier version is read again once per process: where that could not bring it up to
    date, every page would otherwise start it anew."""
    key = f"{settings.data_dir}|again" if again else str(settings.data_dir)
    guard, jobs = _jobs()
    with guard:
        job = jobs.get(key)
        if job is None or job.finished.is_set() and not again:
            job = FirstIngest(again=again)
            jobs[key] = job
            # the data directory's one lock: an upload or a library change waits for it, and it for them
            lock = ingest_lock(str(settings.data_dir))
            threading.Thread(target=job.run, args=(assistant, lock), name="aftale-first-ingest", daemon=True).start()
    return job


def first_start(assistant: Assistant, settings: Settings, lang: str) -> None:
    """Ingest the bundled corpus into an empty index (in the background), show its progress, then reopen the chat."""
    st.title(settings.app.title)
    st.info(t("app_first_start", lang))
    bar = st.progress(0.0, text=t("app_stage_files", lang, done=0, total=0))
    job = start_first_ingest(assistant, settings)
    while not job.finished.wait(POLL_S):
        frac, label = progress_label(*job.report, lang)
        bar.progress(frac, text=label)
    if job.error is not None:
        st.error(md_escape(job.error.message(lang)))
        st.stop()
    if job.failure or not assistant.has_index():  # nothing could be ingested: say so, don't loop
        st.error(md_escape(t("app_first_start_failed", lang, corpus=str(settings.corpus_dir))))
        for problem in [*job.problems, *([job.failure] if job.failure else [])]:
            st.warning(md_escape(problem))
        st.stop()
    bar.progress(1.0, text=t("app_ready", lang))
    st.rerun()


def read_again(assistant: Assistant, settings: Settings, lang: str) -> None:
    """Read an index of an earlier version again (in the background) with its progress shown, then reopen
    the chat; where that fails, say why above the chat and let it answer from the index as it is."""
    job = start_first_ingest(assistant, settings, again=True)
    if not job.finished.is_set():
        st.title(settings.app.title)
        st.info(t("app_read_again", lang))
        bar = st.progress(0.0, text=t("app_stage_files", lang, done=0, total=0))
        while not job.finished.wait(POLL_S):
            frac, label = progress_label(*job.report, lang)
            bar.progress(frac, text=label)
    if job.error is not None or job.failure:
        st.warning(md_escape(job.error.message(lang) if job.error is not None else job.failure))
        return
    if assistant.index_outdated():  # read, but nothing could replace the index: it answers as it is
        for problem in job.problems:
            st.warning(md_escape(problem))
        return
    st.rerun()
