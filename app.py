"""Aftale in the browser: chat with cited answers over the health agreements.

Run with ``streamlit run app.py`` (or ``aftale app``). This page only wires
the pieces in ``interfaces/web/`` together: the sidebar (filters, index
facts, examples, upload), the first ingest, and the chat with its sources.
The app only calls the ``assistant`` API; it holds no retrieval logic, and
all text is escaped before it is shown (``interfaces.web.markup``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from foundation.errors import AftaleError
from foundation.settings import get_settings
from interfaces.web.chat import ask, render_turn
from interfaces.web.first_ingest import first_start, read_again
from interfaces.web.library_page import library_page
from interfaces.web.markup import CSS, esc, md_escape, t
from interfaces.web.shared import get_ready_assistant
from interfaces.web.sidebar import sidebar
from interfaces.web.signin import account_box, current_actor, sign_in_page
from interfaces.web.state import init_state


def chat_page() -> None:
    """The chat: history, the question box, answers with their sources."""
    init_state()
    lang = st.session_state.get("ui_lang", "da")
    try:
        settings = get_settings()
    except (ValueError, AftaleError) as exc:
        st.error(md_escape(t("app_settings_error", lang, reason=str(exc))))
        st.stop()
    assistant = get_ready_assistant(settings)
    st.html(CSS)
    if not assistant.has_index():
        first_start(assistant, settings, lang)
        return
    if assistant.index_outdated():  # the first start after an upgrade: read the documents again
        read_again(assistant, settings, lang)
    try:
        status = assistant.status()
    except AftaleError as exc:
        status = {"indexed": False}
        st.error(md_escape(exc.message(lang)))
    filters = sidebar(assistant, settings, lang, status)
    titles = {f["file"]: f.get("title") or f["file"] for f in status.get("files", [])}

    st.title(settings.app.title)
    st.caption(t("app_tagline", lang))
    turns: list[dict[str, Any]] = st.session_state["turns"]
    if not turns:
        with st.chat_message("assistant"):
            st.html(f'<div class="aft-answer">{esc(t("app_welcome", lang))}</div>')
    for turn in turns:
        render_turn(assistant, turn, titles)

    question = st.chat_input(t("app_input_placeholder", lang))
    pending = st.session_state.pop("pending_question", None)
    question = question if question is not None else pending
    if question is not None:
        turn = ask(assistant, question, filters, settings, lang)
        render_turn(assistant, turn, titles)


def main() -> None:
    """Entry point: sign-in when required, then the chat as the start page, the pages in ``pages/``
    and, for editors, the library page."""
    # No page_icon: a material or emoji icon makes the browser fetch it from a CDN.
    st.set_page_config(page_title="Aftale", layout="centered")
    init_state()
    lang = st.session_state.get("ui_lang", "da")
    try:
        settings = get_settings()
    except (ValueError, AftaleError) as exc:
        st.error(md_escape(t("app_settings_error", lang, reason=str(exc))))
        st.stop()
    actor = current_actor(settings, lang)
    if actor is None:  # not signed in: the sign-in page is the only page there is
        st.html(CSS)
        st.navigation([st.Page(sign_in_page, title=t("auth_login", lang), default=True)], position="hidden").run()
        return
    with st.sidebar:
        account_box(settings, lang)
    pages = [st.Page(chat_page, title=t("app_nav_chat", lang), default=True)]
    pages_dir = Path(__file__).resolve().parent / "pages"
    pages += [st.Page(p) for p in sorted(pages_dir.glob("*.py")) if not p.name.startswith(("_", "."))]
    if actor.is_editor:
        pages.append(st.Page(library_page, title=t("lib_nav", lang), url_path="bibliotek"))
    st.navigation(pages).run()


if __name__ == "__main__":
    main()
