"""Bibliotek: the editors' page. Correct a document's facts, remove a document, and read the audit log.

Only in the navigation of an editor's session; every action still goes
through the API with the session's ``Actor``, which refuses anyone else
(``assistant.access.NotAllowed``), so hiding the page is not the protection.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.access import NotAllowed
from assistant.api import Assistant
from foundation.errors import AftaleError
from foundation.settings import get_settings
from index.overrides import FACT_FIELDS
from interfaces.web.ingest_progress import ingest_lock
from interfaces.web.markup import CSS, esc, md_escape, t
from interfaces.web.shared import get_ready_assistant
from interfaces.web.signin import session_actor

AUDIT_CSS = """
<style>
table.aft-audit{border-collapse:collapse;font-size:.85rem;width:100%}
table.aft-audit th,table.aft-audit td{border-bottom:1px solid #e5e7eb;padding:.25rem .4rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
table.aft-audit td.aft-sha{font-family:monospace;color:#6b7280}
</style>
"""
AUDIT_ROWS_SHOWN = 200


def _run(assistant: Assistant, lang: str, action: Any, done: str) -> None:
    """Run one library change under the ingest lock and keep its outcome for the next run."""
    try:
        with st.spinner(t("app_stage_index", lang)), ingest_lock(str(assistant.settings.data_dir)):
            action()
        st.session_state["library_result"] = ("success", done)
    except AftaleError as exc:
        st.session_state["library_result"] = ("error", exc.message(lang))


def audit_table(rows: list[Any], lang: str) -> str:
    """The audit rows as an escaped HTML table (newest first)."""
    head = "".join(f"<th>{esc(t(k, lang))}</th>" for k in ("lib_col_time", "lib_col_user", "lib_col_action", "lib_col_document"))
    body = "".join(
        "<tr>"
        f"<td>{esc(r.time.replace('T', ' ')[:19])}</td><td>{esc(r.user)}</td>"
        f"<td>{esc(t('lib_action_' + r.action, lang))}</td>"
        f"<td>{esc(r.document)}{(' · ' + esc(r.detail)) if r.detail else ''}</td>"
        f'<td class="aft-sha" title="sha256 {esc(r.sha256)}">{esc(r.sha256[:12])}</td>'
        "</tr>"
        for r in rows[:AUDIT_ROWS_SHOWN]
    )
    return f'<table class="aft-audit"><thead><tr>{head}<th>sha256</th></tr></thead><tbody>{body}</tbody></table>'


def library_page() -> None:
    """Corrections, removal and the audit log, for editors."""
    lang = st.session_state.get("ui_lang", "da")
    settings = get_settings()
    assistant = get_ready_assistant(settings)
    actor = session_actor()
    st.html(CSS + AUDIT_CSS)
    st.title(t("lib_title", lang))
    st.caption(t("lib_intro", lang))
    result = st.session_state.pop("library_result", None)
    if result:
        (st.success if result[0] == "success" else st.error)(md_escape(result[1]))
    try:
        rows = assistant.audit(actor)
        files = assistant.status().get("files", []) if assistant.has_index() else []
    except NotAllowed as exc:
        st.error(md_escape(exc.message(lang)))
        return
    except AftaleError as exc:
        st.error(md_escape(exc.message(lang)))
        rows, files = [], []

    by_file = {f["file"]: f for f in files}
    if by_file:
        file = st.selectbox(
            t("lib_document", lang), sorted(by_file), key="library-doc",
            format_func=lambda name: f"{by_file[name].get('title') or name} ({name})",
        )
        facts = by_file[file]
        with st.form(f"correct-{file}"):
            st.subheader(t("lib_correct", lang))
            values = {
                field: st.text_input(t(f"lib_fact_{field}", lang), value=str(facts.get(field) or ""), key=f"fact-{field}-{file}")
                for field in FACT_FIELDS
            }
            if st.form_submit_button(t("lib_save", lang)):
                changed = {k: v for k, v in values.items() if v.strip() != str(facts.get(k) or "")}
                if changed:
                    _run(assistant, lang, lambda: assistant.correct_document(file, changed, actor), t("lib_saved", lang, file=file))
                    st.rerun()
        confirm = st.checkbox(t("lib_remove_confirm", lang, file=file), key=f"remove-ok-{file}")
        if st.button(t("lib_remove", lang), disabled=not confirm, icon=":material/delete:", key=f"remove-{file}"):
            _run(assistant, lang, lambda: assistant.remove_document(file, actor), t("lib_removed", lang, file=file))
            st.rerun()

    st.subheader(t("lib_audit", lang))
    if rows:
        st.html(audit_table(rows, lang))
    else:
        st.caption(t("lib_audit_empty", lang))
