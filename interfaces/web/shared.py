"""What the Streamlit pages share: one cached ``Assistant`` per server process, warmed up once."""

from __future__ import annotations

import streamlit as st

from assistant.api import Assistant
from foundation.errors import AftaleError
from foundation.settings import Settings, get_settings


@st.cache_resource(show_spinner=False)
def get_assistant() -> Assistant:
    """The ``Assistant`` for the current settings, built once and shared by every session and page."""
    return Assistant(get_settings())


def get_ready_assistant(settings: Settings) -> Assistant:
    """The ``Assistant`` shared with the other pages, warmed up once per process.

    ``get_assistant`` holds one instance for every session
    and page (one embedder in memory); it is rebuilt only when the settings
    changed within the process (tests switch data directories).
    """
    assistant = get_assistant()
    if assistant.settings != settings:
        get_assistant.clear()
        assistant = get_assistant()
    if assistant.has_index():
        _warm_up(settings_key(settings))
    return assistant


@st.cache_resource(show_spinner=False)
def _warm_up(key: str) -> bool:
    """Load the embedder and the index once, before the first question."""
    try:
        get_assistant().warm_up()
    except AftaleError:
        return False  # the error is shown where the index is used
    return True


def settings_key(settings: Settings) -> str:
    """A cache key that changes whenever any setting does."""
    return settings.model_dump_json()
