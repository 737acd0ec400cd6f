"""Forpligtelser: the commitments register in the app.

Filters, a table a politician reads (the statement widest and wrapped, with
actor, deadline, period and the document's status beside it; a chosen row
shows its source passage), a printable meeting brief that keeps commitments
in force, expired ones and proposals apart (markdown and HTML download,
print-friendly view), and one topic compared across two regions or two periods.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from assistant.register import PAGE_ROWS, Register
from assistant.register_export import (
    EMPTY_RESULT,
    brief_html,
    brief_markdown,
    brief_title,
    citation,
    kind_label,
    md_escape,
    passage_html,
    status_label,
    to_csv,
)
from foundation.errors import AftaleError
from interfaces.web.register_table import table_html
from interfaces.web.shared import get_assistant

PRINT_CSS = """
<style>
.aft-passage{background:#fafafa;border-left:3px solid #bbb;padding:.6em .9em;line-height:1.5;white-space:pre-wrap}
.aft-passage mark{background:#ffe58a;padding:0 .1em}
@media print {
  header, footer, [data-testid="stSidebar"], [data-testid="stToolbar"], [data-testid="stHeader"],
  [data-testid="stDecoration"], .stTabs [role="tablist"], .stDownloadButton, .stMultiSelect, .stTextInput,
  .stCheckbox, .stToggle, .aft-noprint {display:none !important;}
  .block-container {padding:0 !important; max-width:none !important;}
}
</style>
"""


@st.cache_resource(show_spinner=False)
def _register(path: str, day: str) -> Register:
    """One loaded register per generation file and day (a new ingest writes a new path; status moves with the day)."""
    return get_assistant().register()


def _open() -> Register:
    """The register of the index the API serves, each row with its document's status today."""
    try:
        return _register(str(get_assistant().register_path()), date.today().isoformat())
    except AftaleError as exc:
        st.error(exc.user_message)
        st.stop()
        raise  # pragma: no cover - st.stop() ends the script


def _filters(reg: Register) -> dict[str, object]:
    values = reg.values()
    c1, c2, c3 = st.columns(3)
    actor = c1.multiselect("Aktør", values["actor"], placeholder="Alle aktører")
    topic = c2.multiselect("Emne", values["topic"], placeholder="Alle emner")
    kind = c3.multiselect("Type", values["kind"], format_func=kind_label, placeholder="Alle typer")
    c4, c5, c6, c7 = st.columns(4)
    region = c4.multiselect("Region", values["region"], placeholder="Alle regioner")
    period = c5.multiselect("Periode", values["period"], placeholder="Alle perioder")
    status = c6.multiselect("Status", values.get("status", []), placeholder="Alle", help="Dokumentets status i dag.")
    text = c7.text_input("Søg i udsagn", placeholder="fx udskrivelse, genoptræningsplan")
    return {
        "actor": actor, "topic": topic, "kind": kind, "region": region, "period": period, "status": status,
        "text": text.strip() or None,
    }


def _table(rows: list, every: Callable[[], list] | None = None) -> int | None:
    """The wrapped table, then a choice of row whose source passage is shown.

    ``every``: all matching rows, when ``rows`` is one page of them: the CSV then holds them all,
    queried when the button is pressed."""
    st.html(table_html(rows))
    data = to_csv(rows) if every is None else (lambda: to_csv(every()))
    st.download_button("Hent tabellen (CSV)", data, file_name="forpligtelser.csv", mime="text/csv")
    return st.selectbox(
        "Vis kilden til udsagn",
        list(range(len(rows))),
        index=None,
        format_func=lambda i: f"{i + 1}. {rows[i].statement[:110]}{'…' if len(rows[i].statement) > 110 else ''}",
        placeholder="Vælg et nummer fra tabellen",
        key="forpligtelser_kilde",
    )


def _source(reg: Register, row) -> None:
    st.subheader("Kilde")
    st.markdown(f"**{md_escape(row.title)}**  \n{md_escape(row.section or '–')} · {md_escape(row.location())} · `{md_escape(row.doc)}`")
    st.markdown(passage_html(*reg.passage(row)), unsafe_allow_html=True)
    meta = [f"Aktør: {row.actor}", f"Type: {kind_label(row.kind)}"]
    if row.period:
        meta.append(f"Periode: {row.period}")
    if row.status is not None or row.binding is not None:
        meta.append(f"Status: {status_label(row)}")
    if row.due:
        meta.append(f"Hvornår: {row.due}")
    if row.situation:
        meta.append(f"Situation: {row.situation}")
    st.caption(" · ".join(meta))


def _brief(rows: list, filters: dict[str, object]) -> None:
    md = brief_markdown(rows, "da", filters)
    st.caption(brief_title(rows))
    c1, c2 = st.columns(2)
    c1.download_button("Hent mødebrief (Markdown)", md, file_name="moedebrief.md", mime="text/markdown")
    c2.download_button(
        "Hent printvenlig udgave (HTML)", brief_html(rows, "da", filters), file_name="moedebrief.html", mime="text/html"
    )
    if st.toggle("Printvenlig visning", help="Skjuler filtre og knapper ved udskrift (Ctrl+P / Cmd+P)."):
        st.caption("Brug browserens Udskriv; filtre, faner og knapper kommer ikke med på papiret.")
        st.markdown(md)
    else:
        with st.expander("Forhåndsvisning", expanded=False):
            st.markdown(md)


def _brief_of_all(every: Callable[[], list], total: int, filters: dict[str, object]) -> None:
    """The brief of a result larger than a page: built from every row when asked for."""
    st.caption(f"Mødebriefen samler alle {total} udsagn; den bygges, når du henter eller viser den.")
    c1, c2 = st.columns(2)
    c1.download_button("Hent mødebrief (Markdown)", lambda: brief_markdown(every(), "da", filters), file_name="moedebrief.md", mime="text/markdown")
    c2.download_button(
        "Hent printvenlig udgave (HTML)", lambda: brief_html(every(), "da", filters), file_name="moedebrief.html", mime="text/html"
    )
    if st.toggle(f"Vis mødebriefen ({total} udsagn)", key="forpligtelser_brief_alle"):
        _brief(every(), filters)


def _page_start(total: int) -> int:
    """Offset of the page chosen in the table tab (the first while there is one page)."""
    pages = max(1, -(-total // PAGE_ROWS))
    number = min(int(st.session_state.get("forpligtelser_side", 1) or 1), pages)
    if "forpligtelser_side" in st.session_state and st.session_state["forpligtelser_side"] != number:
        st.session_state["forpligtelser_side"] = number  # the filters narrowed the result: its last page
    return (number - 1) * PAGE_ROWS


def _compare(reg: Register) -> None:
    values = reg.values()
    c1, c2 = st.columns([2, 1])
    topic = c1.selectbox("Emne", values["topic"], key="cmp_topic")
    by = c2.radio("Sammenlign", ["region", "period"], format_func=lambda x: "regioner" if x == "region" else "perioder", horizontal=True)
    options = values[by]
    if len(options) < 2:
        st.info("Registret har kun én " + ("region" if by == "region" else "periode") + " at vise.")
        return
    c3, c4 = st.columns(2)
    a = c3.selectbox("Første", options, index=0, key=f"cmp_a_{by}")
    b = c4.selectbox("Anden", options, index=1, key=f"cmp_b_{by}")
    if a == b:
        st.warning("Vælg to forskellige værdier.")
        return
    try:
        rows_a, rows_b = reg.compare(topic, a, b, by=by)
    except AftaleError as exc:
        st.error(exc.user_message)
        return
    for col, label, rows in ((c3, a, rows_a), (c4, b, rows_b)):
        with col:
            st.markdown(f"#### {md_escape(label)} ({len(rows)})")
            if not rows:
                st.caption(EMPTY_RESULT["da"])
            for r in rows:
                due = f", {md_escape(r.due)}" if r.due else ""
                st.markdown(f"**{md_escape(r.actor)}** ({md_escape(kind_label(r.kind))}{due}): {md_escape(r.statement)}")
                st.caption(citation(r))


def main() -> None:
    st.set_page_config(page_title="Forpligtelser · Aftale", layout="wide")
    st.markdown(PRINT_CSS, unsafe_allow_html=True)
    st.title("Forpligtelser og ansvar")
    st.caption("Hvem gør hvad, og hvornår – udtrukket fra aftalerne, med dokumentets status i dag. Vælg et nummer for at se udsagnet i sin sammenhæng.")
    reg = _open()
    filters = _filters(reg)
    try:  # one page of rows and the counts, in SQL; everything only for the downloads and the brief
        page = reg.page(**filters, limit=PAGE_ROWS)  # type: ignore[arg-type]
        if page.total > PAGE_ROWS and _page_start(page.total):
            page = reg.page(**filters, limit=PAGE_ROWS, offset=_page_start(page.total))  # type: ignore[arg-type]
    except AftaleError as exc:
        st.error(exc.user_message)
        return
    rows = page.rows
    every = None if page.complete else (lambda: reg.query(**filters))  # type: ignore[arg-type]
    tab_table, tab_brief, tab_compare = st.tabs(["Tabel", "Mødebrief", "Sammenligning"])
    with tab_table:
        if not rows:
            st.info(EMPTY_RESULT["da"])
        else:
            kinds = {k: page.kinds.get(k, 0) for k in ("responsibility", "commitment", "deadline")}
            shown = "" if page.complete else f" · viser {page.offset + 1}–{page.offset + len(rows)}"
            st.caption(f"{page.total} udsagn · " + " · ".join(f"{kind_label(k)}: {n}" for k, n in kinds.items()) + shown)
            if not page.complete:
                st.number_input("Side", min_value=1, max_value=-(-page.total // PAGE_ROWS), step=1, key="forpligtelser_side")
            picked = _table(rows, every)
            if picked is not None and picked < len(rows):
                _source(reg, rows[picked])
    with tab_brief:
        if not rows:
            st.info(EMPTY_RESULT["da"])
        elif every is None:
            _brief(rows, filters)
        else:
            _brief_of_all(every, page.total, filters)
    with tab_compare:
        _compare(reg)


main()
