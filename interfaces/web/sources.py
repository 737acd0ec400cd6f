"""The sources under an answer: the HTML of cards and quotes, and the source shown in its document.

A card shows the passage around its quoted sentences with the quotes
marked; "Vis i dokumentet" opens the PDF page with the quotes boxed
(``pdf_view``), or the cleaned text scrolled to the passage. All text is
escaped (``markup.esc``) before it is wrapped in markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from assistant.api import Assistant
from assistant.types import Citation, Passage
from foundation.errors import AftaleError
from interfaces.web.markup import esc, md_escape, t
from interfaces.web.pdf_view import render_pdf_page

CARD_CONTEXT_CHARS = 280  # passage characters kept on each side of the quoted sentences on a card
MAX_PDF_PAGES_SHOWN = 2
MAX_PDF_PAGES_SCANNED = 4


# ---------------------------------------------------------------- HTML builders


def merge_spans(spans: Iterable[Sequence[int]], length: int) -> list[tuple[int, int]]:
    """Sorted, clipped, non-overlapping spans."""
    out: list[tuple[int, int]] = []
    for s, e in sorted((max(0, int(a)), min(length, int(b))) for a, b in spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def highlight(text: str, spans: Iterable[Sequence[int]], css_class: str = "aft-q") -> str:
    """HTML of ``text`` (escaped) with ``spans`` wrapped in ``<mark>``."""
    parts: list[str] = []
    pos = 0
    for s, e in merge_spans(spans, len(text)):
        parts.append(esc(text[pos:s]))
        parts.append(f'<mark class="{css_class}">{esc(text[s:e])}</mark>')
        pos = e
    parts.append(esc(text[pos:]))
    return "".join(parts)


def passage_window(text: str, spans: Sequence[Sequence[int]], context: int = CARD_CONTEXT_CHARS) -> tuple[str, list[tuple[int, int]]]:
    """The part of a passage around its quoted sentences, with shifted spans.

    Cuts at word boundaries and marks cuts with an ellipsis, so a card stays
    short while "Vis i dokumentet" shows everything.
    """
    merged = merge_spans(spans, len(text))
    if not merged:  # nothing quoted (closest passages of a refusal): the start of the passage
        limit = context + context // 2
        if len(text) <= limit + 40:
            return text, []
        cut = text.rfind(" ", 0, limit)
        return text[: cut if cut > limit // 2 else limit] + " …", []
    if len(text) <= 2 * context + (merged[-1][1] - merged[0][0]):
        return text, merged
    lo = max(0, merged[0][0] - context)
    hi = min(len(text), merged[-1][1] + context)
    if lo > 0:
        cut = text.find(" ", lo)
        lo = cut + 1 if 0 <= cut < merged[0][0] else lo
    if hi < len(text):
        cut = text.rfind(" ", merged[-1][1], hi)
        hi = cut if cut > merged[-1][1] else hi
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(text) else ""
    shift = len(prefix) - lo
    return prefix + text[lo:hi] + suffix, [(s + shift, e + shift) for s, e in merged]


_ITEM_MARK = re.compile(r" • ")
_CITE_MARK = re.compile(r"\[(\d{1,2})\]")


def answer_html(text: str) -> str:
    """The answer text, escaped, with its ``[n]`` markers shown as small badges and the items of a
    quoted list each on a line of its own (the quote's own line breaks, or `` • `` in running text)."""
    escaped = _ITEM_MARK.sub("<br>• ", esc(text)).replace("\n", "<br>")
    return _CITE_MARK.sub(lambda m: f'<span class="aft-cite">{m.group(1)}</span>', escaped)



def scroll_script(box_id: str, hit_id: str) -> str:
    """A fixed script (no document text) that scrolls a box to its highlighted passage.

    It scrolls only the box, never the page, and puts the first quoted
    sentence (else the passage) a third down the box. (No ``<`` directly before a
    letter or digit: DOMPurify drops a script whose text contains one.)
    """
    return (
        "<script>(function(){var n = 0;function go(){var b = document.getElementById('%s'), h = document.getElementById('%s');"
        "if (b && h && b.clientHeight > 0) {var m = h.querySelector('mark') || h;"
        "b.scrollTop = Math.max(0, m.offsetTop - Math.round(b.clientHeight / 3));} else if (n++ < 40) {setTimeout(go, 50);}}"
        "go();})();</script>" % (box_id, hit_id)
    )


def doc_text_html(text: str, start: int, end: int, marks: Sequence[Sequence[int]], box_id: str, hit_id: str) -> str:
    """The cleaned document, escaped, with the passage framed and its quotes marked."""
    start, end = max(0, start), min(len(text), max(start, end))
    inner = [(s - start, e - start) for s, e in marks if s >= start and e <= end]
    return (
        f'<div class="aft-doc" id="{box_id}">{esc(text[:start])}'
        f'<span class="aft-hit" id="{hit_id}">{highlight(text[start:end], inner)}</span>'
        f"{esc(text[end:])}</div>"
    )


def source_card(n: int | None, passage: Passage, spans: Sequence[Sequence[int]], lang: str, facts: Citation | None = None) -> str:
    """HTML of a source card; every piece of text escaped. ``facts``: the citation whose period and status it shows."""
    text, shifted = passage_window(passage.text, spans)
    badge = f'<span class="aft-n">{n}</span>' if n is not None else ""
    section = f'<div class="aft-sec">{esc(passage.section)}</div>' if passage.section else ""
    period = ""
    if facts is not None and facts.badge(lang):
        applies = facts.status == "gældende" and facts.binding is not False
        period = f'<span class="aft-badge {"aft-in-force" if applies else "aft-not-in-force"}">{esc(facts.badge(lang))}</span>'
    return (
        '<div class="aft-card">'
        f'<div class="aft-card-head">{badge}{esc(passage.title or passage.doc)}{period}</div>'
        f"{section}"
        f'<div class="aft-loc">{esc(passage.location(lang))} · {esc(passage.doc)}</div>'
        f'<div class="aft-passage">{highlight(text, shifted)}</div>'
        "</div>"
    )


# ---------------------------------------------------------------- the source in its document


def toggle_view(key: str) -> None:
    """Callback of "Vis i dokumentet" / "Skjul": open or close one source view."""
    views: set[str] = st.session_state["open_views"]
    views.symmetric_difference_update({key})


def show_source(assistant: Assistant, passage: Passage, doc_spans: Sequence[Sequence[int]], spans: Sequence[Sequence[int]], view_key: str, lang: str) -> None:
    """The source in context: the rendered PDF page, or the cleaned text scrolled to the passage."""
    try:
        doc = assistant.document(passage.doc)
    except AftaleError as exc:
        st.error(md_escape(exc.message(lang)))
        return
    if not doc:
        st.warning(md_escape(t("app_doc_missing", lang, file=passage.doc)))
        return
    text: str = doc.get("text") or ""
    marks = [(int(a), int(b)) for a, b in doc_spans]
    title = doc.get("meta", {}).get("title") or passage.doc
    box_id = f"aftdoc-{view_key}"
    hit_id = f"afthit-{view_key}"
    path = str(doc.get("path") or "")
    if path.lower().endswith(".pdf") and passage.page is not None and Path(path).exists():
        needles = tuple(passage.text[s:e] for s, e in spans) or (passage.text,)
        last = passage.page_end if passage.page_end is not None else passage.page
        mtime = Path(path).stat().st_mtime
        rendered: list[tuple[int, bytes, int]] = []
        for page_no in range(passage.page, min(last, passage.page + MAX_PDF_PAGES_SCANNED - 1) + 1):
            result = render_pdf_page(path, mtime, page_no, needles)
            if result is None:
                break
            rendered.append((page_no, *result))
        # The pages that hold the quoted sentences (else the passage's first page).
        shown = [r for r in rendered if r[2] > 0][:MAX_PDF_PAGES_SHOWN] or rendered[:1]
        for page_no, png, _found in shown:
            st.html(f'<div class="aft-loc">{esc(title)} – {esc(t("page", lang))} {page_no}</div>')
            st.image(png, width="stretch")
        if shown:
            return
        # No renderer: the page's cleaned text instead.
        lo, hi = _page_range(doc, passage.page, len(text))
        st.caption(t("app_pdf_text_fallback", lang, page=passage.page))
        window = text[lo:hi]
        shifted = [(s - lo, e - lo) for s, e in marks if s >= lo and e <= hi]
        pstart, pend = max(passage.start, lo) - lo, min(passage.end, hi) - lo
        st.html(doc_text_html(window, pstart, pend, shifted, box_id, hit_id) + scroll_script(box_id, hit_id), unsafe_allow_javascript=True)
        return
    st.html(f'<div class="aft-loc">{esc(t("app_doc_caption", lang, title=title, location=passage.location(lang)))}</div>')
    st.html(
        doc_text_html(text, passage.start, passage.end, marks, box_id, hit_id) + scroll_script(box_id, hit_id),
        unsafe_allow_javascript=True,
    )


def _page_range(doc: dict[str, Any], page: int, length: int) -> tuple[int, int]:
    """The character range of one page in the cleaned text (the whole text when unknown)."""
    offsets = [(int(p), int(o)) for p, o in doc.get("page_offsets") or []]
    for i, (p, o) in enumerate(offsets):
        if p == page:
            return o, offsets[i + 1][1] if i + 1 < len(offsets) else length
    return 0, length


def render_sources(
    assistant: Assistant,
    turn_id: str,
    items: list[tuple[int | None, Passage, Sequence, Sequence]],
    lang: str,
    citations: Sequence[Citation] = (),
) -> None:
    """One bordered card per source, each with its "Vis i dokumentet" toggle and, when open, the view.

    ``citations``: the answer's citations, in the order of ``items``, for the period and status badges.
    """
    for i, (n, passage, spans, doc_spans) in enumerate(items):
        with st.container(border=True):
            st.html(source_card(n, passage, spans, lang, citations[i] if i < len(citations) else None))
            view_key = f"{turn_id}-{i}"
            is_open = view_key in st.session_state["open_views"]
            st.button(
                t("app_hide_source" if is_open else "app_show_source", lang),
                key=f"view-{view_key}",
                on_click=toggle_view,
                args=(view_key,),
                icon=":material/description:",
            )
            if is_open:
                show_source(assistant, passage, doc_spans, spans, view_key, lang)

