"""The conversation: asking through the API, and each turn shown with its answer, sources and actions.

A turn is the question, the ``Answer`` (or the error), the filters it was
asked with and its language; the turns live in this browser session's state.
Under an answer sit its sources (``sources``), the filters used, the thumbs
and comment (one SQLite row per answer), a download and a copy as markdown.
"""

from __future__ import annotations

import html
import uuid
from typing import Any

import streamlit as st

from assistant.api import Assistant, language_of
from assistant.applies import SCOPE_FIELDS
from assistant.feedback import FeedbackStore, feedback_path
from assistant.retrieval import FILTER_FIELDS
from assistant.types import Answer
from foundation.errors import AftaleError
from foundation.settings import Settings
from interfaces.web.comparison import comparison_html
from interfaces.web.markup import esc, md_escape, t
from interfaces.web.signin import session_actor
from interfaces.web.sources import answer_html, render_sources


@st.cache_resource(show_spinner=False)
def _feedback_store(path: str) -> FeedbackStore:
    """One feedback database handle per file, shared by the sessions."""
    return FeedbackStore(path)


# ---------------------------------------------------------------- showing a turn


def save_feedback(turn: dict[str, Any]) -> None:
    """Callback of the thumbs and the comment: one SQLite row per answer."""
    ss = st.session_state
    answer: Answer = turn["answer"]
    value = ss.get(f"fb-{turn['id']}")
    rating = None if value is None else (1 if value == 1 else -1)
    comment = (ss.get(f"fbc-{turn['id']}") or "").strip()
    store = _feedback_store(str(feedback_path(turn["data_dir"])))
    rows: dict[str, int] = ss["feedback_rows"]
    try:
        if turn["id"] in rows:
            store.update(rows[turn["id"]], rating=rating, comment=comment)
        else:
            rows[turn["id"]] = store.add(
                session_id=ss["session_id"],
                question=turn["question"],
                answer=answer.answer,
                refused=answer.refused,
                citations=[c.to_json() for c in answer.citations],
                rating=rating,
                comment=comment,
                user=turn.get("user", ""),
            )
        ss[f"fb-saved-{turn['id']}"] = True
        ss.pop(f"fb-error-{turn['id']}", None)
    except AftaleError as exc:
        ss[f"fb-error-{turn['id']}"] = exc.message(turn["lang"])


def render_actions(turn: dict[str, Any], lang: str) -> None:
    """Feedback (thumbs and comment), download and copy as markdown."""
    answer: Answer = turn["answer"]
    tid = turn["id"]
    cols = st.columns([1.1, 1.6, 2.3], vertical_alignment="center")
    with cols[0]:
        st.feedback("thumbs", key=f"fb-{tid}", on_change=save_feedback, args=(turn,))
    with cols[1]:
        st.download_button(
            t("app_download", lang),
            data=answer.to_markdown(),
            file_name=f"aftale-svar-{tid[:8]}.md",
            mime="text/markdown",
            key=f"dl-{tid}",
            icon=":material/download:",
        )
    with cols[2]:
        with st.expander(t("app_copy", lang)):
            st.code(answer.to_markdown(), language="markdown", wrap_lines=True)
    ss = st.session_state
    if ss.get(f"fb-{tid}") is not None:
        st.text_input(
            t("app_feedback_comment", lang),
            key=f"fbc-{tid}",
            on_change=save_feedback,
            args=(turn,),
            placeholder=t("app_feedback_placeholder", lang),
            max_chars=2000,
        )
    if ss.get(f"fb-error-{tid}"):
        st.error(md_escape(ss[f"fb-error-{tid}"]))
    elif ss.get(f"fb-saved-{tid}"):
        st.caption(t("app_feedback_thanks", lang))


def filters_caption(filters: dict[str, list[str]], titles: dict[str, str], lang: str) -> str:
    """The line under an answer that says which filters it was asked with (empty without filters)."""
    parts = []
    for field in (*FILTER_FIELDS, *SCOPE_FIELDS):
        values = filters.get(field) or []
        if values:
            shown = [titles.get(v, v) if field == "doc" else v for v in values]
            parts.append(f"{t('app_filter_' + field, lang)}: {', '.join(shown)}")
    return f'<div class="aft-filters">{esc(t("app_filtered_by", lang))} {esc(" · ".join(parts))}</div>' if parts else ""


def render_turn(assistant: Assistant, turn: dict[str, Any], titles: dict[str, str]) -> None:
    """The question, then the answer with its sources (or the refusal with the closest passages, or the error)."""
    with st.chat_message("user"):
        st.html(f'<div class="aft-user">{esc(turn["question"])}</div>')
    with st.chat_message("assistant"):
        if turn.get("error"):
            st.error(md_escape(turn["error"]))
            return
        answer: Answer = turn["answer"]
        lang = answer.lang if answer.lang in ("da", "en") else turn["lang"]
        if answer.refused:
            st.html(f'<div class="aft-refusal">{esc(answer.answer)}</div>')
            closest = answer.passages[:3]
            if closest:
                st.html(f'<div class="aft-heading">{esc(t("refusal_closest", lang))}</div>')
                render_sources(assistant, turn["id"], [(None, p, (), ()) for p in closest], lang)
        else:
            st.html(f'<div class="aft-answer">{answer_html(answer.answer)}</div>')
            if answer.notice:  # a quoted source is not in force or not binding: said before the sources
                st.html(f'<div class="aft-notice">{esc(answer.notice)}</div>')
            if answer.comparison:
                st.html(comparison_html(answer.comparison))
            if answer.citations:
                st.html(f'<div class="aft-heading">{esc(t("sources", lang))}</div>')
                render_sources(
                    assistant, turn["id"], [(c.n, c.passage, c.spans, c.doc_spans) for c in answer.citations], lang, answer.citations
                )
        caption = filters_caption(turn.get("filters") or {}, titles, lang)
        if caption:
            st.html(caption)
        render_actions(turn, lang)


# ---------------------------------------------------------------- asking


def _stream_answer(assistant: Assistant, question: str, history: list[str], filters: dict[str, list[str]]) -> Answer:
    """Show the model's text as it streams (escaped), and return the final, checked Answer."""
    final: list[Answer] = []

    def pieces():
        for item in assistant.stream_ask(question, history=history, filters=filters or None):
            if isinstance(item, Answer):
                final.append(item)
            else:
                yield html.escape(item)

    with st.chat_message("assistant"):
        st.write_stream(pieces())
    return final[-1]


def ask(assistant: Assistant, question: str, filters: dict[str, list[str]], settings: Settings, ui_lang: str) -> dict[str, Any]:
    """Ask through the API and keep the result as a turn of this session."""
    turns: list[dict[str, Any]] = st.session_state["turns"]
    history = [tr["question"] for tr in turns if tr.get("answer") is not None]
    turn: dict[str, Any] = {
        "id": uuid.uuid4().hex,
        "question": question,
        "answer": None,
        "error": None,
        "filters": {k: list(v) for k, v in filters.items()},
        "lang": ui_lang,
        "data_dir": str(settings.data_dir),
        "user": session_actor().user if settings.auth.enabled else "",  # feedback names the signed-in user
    }
    try:
        if assistant.settings.llm.mode == "none":
            answer = assistant.ask(question, history=history, filters=filters or None)
        else:  # a configured model writes while the user watches; the checked result replaces it below
            answer = _stream_answer(assistant, question, history, filters)
        turn["answer"] = answer
        turn["lang"] = answer.lang
    except AftaleError as exc:
        lang = "en" if ui_lang == "en" or language_of(question or "") == "en" else "da"
        turn["error"] = exc.message(lang)
    turns.append(turn)
    return turn
