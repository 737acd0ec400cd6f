"""The sidebar: language, "Ny samtale", example questions, the search filters, the index facts and the upload.

The filter fields are the assistant's (``assistant.retrieval.FILTER_FIELDS``),
so the app offers exactly the filters the API accepts. Widget state is
dropped when the user visits another page, so the choices are also kept in
plain session keys and restored from there.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import streamlit as st

from assistant.api import Assistant
from assistant.applies import STATUSES
from assistant.retrieval import FILTER_FIELDS
from foundation.errors import AftaleError
from foundation.settings import Settings
from interfaces.web.markup import esc, md_escape, t
from interfaces.web.signin import session_actor
from interfaces.web.state import new_conversation, queue_question
from interfaces.web.upload import upload_section

# Questions shown in the sidebar; each is answered by the bundled corpus.
EXAMPLE_QUESTIONS: dict[str, tuple[str, ...]] = {
    "da": (
        "Hvem står for dosisdispensering efter udskrivelse?",
        "Hvor hurtigt skal borgeren kontaktes, når genoptræningsplanen er modtaget?",
        "Hvor lang tid har man til at afslutte analyser og handleplaner efter en utilsigtet hændelse?",
        "Hvor meget erfaring skal sygeplejersker på kommunale akutpladser have?",
    ),
    "en": (
        "Who is responsible for dose dispensing after discharge?",
        "Who sends the discharge report?",
        "Hvor hurtigt skal borgeren kontaktes, når genoptræningsplanen er modtaget?",
        "Hvor meget erfaring skal sygeplejersker på kommunale akutpladser have?",
    ),
}


def format_time(epoch: float | None, lang: str) -> str:
    """When the index was built, the way a Danish or an English reader writes a date."""
    if not epoch:
        return "–"
    fmt = "%d.%m.%Y kl. %H:%M" if lang == "da" else "%Y-%m-%d %H:%M"
    return time.strftime(fmt, time.localtime(epoch))


def _remember(widget_key: str, state_key: str) -> None:
    """Copy a widget's value into a plain session key that survives a visit to another page."""
    st.session_state[state_key] = st.session_state[widget_key]


def _remember_filter(field: str) -> None:
    """Keep one filter's choice in ``saved_filters`` (see ``_remember``)."""
    st.session_state["saved_filters"][field] = list(st.session_state[f"filter-{field}"])


def _scope_filters(saved: dict[str, list[str]], lang: str) -> dict[str, list[str]]:
    """Status (on the as-of day, AFTALE_TODAY or today) and "as of" a day: documents dated later are left out."""
    out: dict[str, list[str]] = {}
    st.session_state["filter-status"] = saved["status"] = [v for v in saved.get("status", []) if v in STATUSES]
    chosen = st.multiselect(
        t("app_filter_status", lang), list(STATUSES), key="filter-status",
        format_func=lambda v: t(f"status_{v}", lang), placeholder=t("app_filter_all", lang),
        on_change=_remember_filter, args=("status",),
    )
    if chosen:
        out["status"] = list(chosen)
    kept = saved.get("as_of") or []
    st.session_state["filter-as_of"] = date.fromisoformat(kept[0]) if kept else None
    day = st.date_input(
        t("app_filter_as_of", lang), key="filter-as_of", format="YYYY-MM-DD",
        min_value=date(1990, 1, 1), max_value=date(2100, 12, 31),
        on_change=_remember_day,
    )
    if isinstance(day, date):
        out["as_of"] = [day.isoformat()]
    return out


def _remember_day() -> None:
    day = st.session_state["filter-as_of"]
    st.session_state["saved_filters"]["as_of"] = [day.isoformat()] if isinstance(day, date) else []


def sidebar(assistant: Assistant, settings: Settings, lang: str, status: dict[str, Any]) -> dict[str, list[str]]:
    """Language, new conversation, examples, filters, index facts and (editors) upload; returns the chosen filters."""
    titles = {f["file"]: f.get("title") or f["file"] for f in status.get("files", [])}
    filters: dict[str, list[str]] = {}
    with st.sidebar:
        # Widget state is dropped on another page; the choices live in plain keys.
        st.session_state["ui_lang_choice"] = lang
        st.radio(
            t("app_language", lang), ["da", "en"], key="ui_lang_choice", horizontal=True,
            format_func=lambda v: "Dansk" if v == "da" else "English",
            on_change=_remember, args=("ui_lang_choice", "ui_lang"),
        )
        st.button(t("app_new_chat", lang), on_click=new_conversation, icon=":material/add_comment:", width="stretch")

        st.subheader(t("app_examples", lang))
        for i, q in enumerate(EXAMPLE_QUESTIONS.get(lang, EXAMPLE_QUESTIONS["da"])):
            st.button(q, key=f"example-{i}", on_click=queue_question, args=(q,), width="stretch")

        saved: dict[str, list[str]] = st.session_state["saved_filters"]
        active = sum(1 for v in saved.values() if v)
        label = t("app_filters", lang) + (f" ({t('app_filters_active', lang, n=active)})" if active else "")
        with st.expander(label, expanded=bool(active), icon=":material/filter_alt:"):
            try:
                values = assistant.filter_values()
            except AftaleError as exc:
                st.error(md_escape(exc.message(lang)))
                values = {}
            for field in FILTER_FIELDS:
                options = list(values.get(field) or [])
                if not options:
                    continue
                key = f"filter-{field}"
                # Widget state is dropped on another page; values gone after a re-ingest are dropped.
                st.session_state[key] = saved[field] = [v for v in saved.get(field, []) if v in options]
                chosen = st.multiselect(
                    t(f"app_filter_{field}", lang), options, key=key,
                    format_func=(lambda v: titles.get(v, v)) if field == "doc" else str,
                    placeholder=t("app_filter_all", lang),
                    on_change=_remember_filter, args=(field,),
                )
                if chosen:
                    filters[field] = list(chosen)
            filters.update(_scope_filters(saved, lang))

        st.subheader(t("app_index", lang))
        if status.get("indexed"):
            st.html(
                '<div class="aft-facts">'
                + esc(t("app_index_facts", lang, documents=status.get("documents", 0), chunks=status.get("chunks", 0)))
                + "<br>"
                + esc(t("app_index_updated", lang, when=format_time(status.get("created_at"), lang)))
                + "</div>"
            )
        else:
            st.caption(t("app_index_empty", lang))

        if session_actor().is_editor:  # readers never see it; the API refuses them too
            upload_section(assistant, settings, lang)
    return filters
