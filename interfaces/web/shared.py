"""What the Streamlit pages share: one cached ``Assistant`` per server process."""

from __future__ import annotations

import streamlit as st

from assistant.api import Assistant
from foundation.settings import get_settings


@st.cache_resource(show_spinner=False)
def get_assistant() -> Assistant:
    """The ``Assistant`` for the current settings, built once and shared by every session and page."""
    return Assistant(get_settings())
