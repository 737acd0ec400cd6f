"""Per-browser-session state: its keys and defaults, and the callbacks that reset or queue the conversation.

Streamlit keeps ``st.session_state`` per browser session; nothing of a
conversation lives at module level, so two users never see each other's turns.
"""

from __future__ import annotations

import uuid

import streamlit as st


def init_state() -> None:
    """Per-browser-session state (never module-level)."""
    ss = st.session_state
    ss.setdefault("session_id", uuid.uuid4().hex)
    ss.setdefault("turns", [])
    ss.setdefault("open_views", set())
    ss.setdefault("feedback_rows", {})
    ss.setdefault("uploads_done", set())
    ss.setdefault("upload_result", None)
    ss.setdefault("uploader_key", 0)
    ss.setdefault("ui_lang", "da")
    ss.setdefault("saved_filters", {})


def new_conversation() -> None:
    """Callback of "Ny samtale": forget this session's conversation."""
    ss = st.session_state
    ss["turns"] = []
    ss["open_views"] = set()
    ss["feedback_rows"] = {}
    ss.pop("pending_question", None)


def queue_question(question: str) -> None:
    """Callback of an example question: ask it on the next run as if it was typed."""
    st.session_state["pending_question"] = question
