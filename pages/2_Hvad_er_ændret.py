"""Hvad er ændret: one topic compared between two agreement periods, the two periods side by side.

For a politician preparing a meeting or a nurse checking what is new: pick
the earlier and the later period (the periods of the indexed documents),
write a topic, and see, per sub-topic, the sentences of each period in two
columns marked *ny*, *fastholdt* or *udgået* (``Assistant.compare``), with
each period's documents, their kind and their status above. The same view
appears under a chat answer to "Hvad er ændret om … fra … til …?".
"""

from __future__ import annotations

import streamlit as st

from assistant.compare import parse_period
from assistant.compare_text import to_markdown
from foundation.errors import AftaleError
from interfaces.web.comparison import comparison_html
from interfaces.web.markup import md_escape
from interfaces.web.shared import get_assistant


def _periods(facts: dict[str, dict]) -> list[str]:
    """The periods of the indexed documents, earliest first (``2015-2018``)."""
    found = {(f["period_from"], f["period_to"], f["period"]) for f in facts.values() if f.get("period") and f.get("period_from")}
    return [p for _, _, p in sorted(found, key=lambda x: (x[0], x[1] or x[0]))]


def main() -> None:
    st.set_page_config(page_title="Hvad er ændret · Aftale", layout="wide")
    st.title("Hvad er ændret?")
    st.caption("Et emne i to aftaleperioder side om side: hvad er nyt, hvad er fastholdt, og hvad er udgået.")
    assistant = get_assistant()
    try:
        facts = assistant.document_facts()
    except AftaleError as exc:
        st.error(md_escape(exc.user_message))
        return
    periods = _periods(facts)
    if len(periods) < 2:
        st.info("Indekset har dokumenter fra færre end to perioder; der er intet at sammenligne.")
        return
    c1, c2, c3 = st.columns([1, 1, 2])
    latest = parse_period(periods[-1])
    before = [i for i, p in enumerate(periods) if (parse_period(p) or latest)[1] < latest[0]]  # type: ignore[index]
    first = c1.selectbox("Fra periode", periods, index=before[-1] if before else 0, key="chg_from")
    later = [p for p in periods if p != first]
    second = c2.selectbox("Til periode", later, index=len(later) - 1, key="chg_to")
    topic = c3.text_input("Emne", placeholder="fx genoptræning, akutpladser, medicin", key="chg_topic")
    regions = sorted({f["region"] for f in facts.values() if f.get("region")})
    region = st.selectbox("Region", regions, index=None, placeholder="Regioner med dokumenter i begge perioder", key="chg_region")
    if not topic.strip():
        st.caption("Skriv et emne for at se de to perioder side om side.")
        return
    try:
        with st.spinner("Sammenligner …"):
            result = assistant.compare(topic, first, second, region)
    except AftaleError as exc:
        st.error(md_escape(exc.user_message))
        return
    st.markdown(f"**{md_escape(result['summary'])}**")
    st.html(comparison_html(result))
    st.download_button("Hent sammenligningen (Markdown)", to_markdown(result), file_name="hvad-er-aendret.md", mime="text/markdown")


main()
