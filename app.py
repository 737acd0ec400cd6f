"""Aftale in the browser: chat with cited answers over the health agreements.

Run with ``streamlit run app.py`` (or ``aftale app``). The app only calls the
``assistant`` API; it holds no retrieval logic. Every piece of user or
document text is escaped with ``html.escape`` before it is wrapped in markup
and rendered with ``st.html`` (never as markdown), so a question or a
document containing ``<script>`` or markdown is shown as plain text.
"""

from __future__ import annotations

import contextlib
import html
import io
import math
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from assistant.api import Assistant, language_of
from assistant.feedback import FeedbackStore, feedback_path
from assistant.types import Answer, Passage
from assistant.uploads import sanitise_filename, store_upload
from foundation.errors import AftaleError
from foundation.messages import msg
from foundation.settings import Settings, get_settings
from ingest.load import SUPPORTED_SUFFIXES, load, sniff_kind
from interfaces.web.shared import get_assistant

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
FILTER_FIELDS = ("doc", "region", "period", "kind")
CARD_CONTEXT_CHARS = 280  # passage characters kept on each side of the quoted sentences on a card
PDF_RENDER_SCALE = 1.6
MAX_PDF_PAGES_SHOWN = 2
MAX_PDF_PAGES_SCANNED = 4

CSS = """
<style>
.aft-answer{font-size:1.02rem;line-height:1.6;white-space:pre-wrap;margin:0 0 .2rem 0}
.aft-user{white-space:pre-wrap;overflow-wrap:anywhere}
.aft-cite{font-size:.72em;vertical-align:super;background:#e0e7ff;color:#1e3a8a;border-radius:4px;padding:0 .32em;font-weight:700;margin-left:.1em}
.aft-refusal{background:#fff7e6;border-left:4px solid #d97706;padding:.55rem .8rem;border-radius:4px;font-weight:600;color:#78350f}
.aft-heading{font-weight:700;font-size:.95rem;margin:.6rem 0 .1rem 0;color:#1f2937}
.aft-card-head{font-weight:700;color:#111827;line-height:1.35}
.aft-n{display:inline-block;min-width:1.45em;text-align:center;background:#1e40af;color:#fff;border-radius:999px;margin-right:.45em;font-size:.8em;padding:.05em .2em}
.aft-sec{color:#374151;font-size:.88rem;margin-top:.15rem;line-height:1.35}
.aft-loc{color:#6b7280;font-size:.8rem;margin-top:.1rem}
.aft-passage{margin-top:.45rem;font-size:.92rem;line-height:1.55;white-space:pre-wrap;color:#1f2937;border-left:3px solid #cbd5e1;padding-left:.65rem;overflow-wrap:anywhere}
mark.aft-q{background:#fde68a;color:inherit;padding:0 .08em;border-radius:2px}
.aft-doc{max-height:460px;overflow-y:auto;position:relative;white-space:pre-wrap;font-size:.9rem;line-height:1.6;border:1px solid #e5e7eb;border-radius:6px;padding:.7rem .9rem;background:#fcfcfd;color:#1f2937;overflow-wrap:anywhere}
.aft-hit{background:#eef2ff}
.aft-filters{color:#4b5563;font-size:.82rem;margin-top:.3rem}
.aft-facts{color:#4b5563;font-size:.85rem;line-height:1.5}
</style>
"""


# ---------------------------------------------------------------- text helpers


def t(key: str, lang: str, **kwargs: object) -> str:
    """A user-facing string from ``foundation.messages`` in ``lang``."""
    return msg(key, lang, **kwargs)


def esc(text: object) -> str:
    """Escape text for HTML (quotes too); never returns markup from the input."""
    return html.escape("" if text is None else str(text), quote=True)


def md_escape(text: str) -> str:
    """Escape text shown through a markdown element (``st.error``, labels)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", text)


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


_CITE_MARK = re.compile(r"\[(\d{1,2})\]")


def answer_html(text: str) -> str:
    """The answer text, escaped, with its ``[n]`` markers shown as small badges."""
    escaped = esc(text)
    return _CITE_MARK.sub(lambda m: f'<span class="aft-cite">{m.group(1)}</span>', escaped)


def format_time(epoch: float | None, lang: str) -> str:
    if not epoch:
        return "–"
    fmt = "%d.%m.%Y kl. %H:%M" if lang == "da" else "%Y-%m-%d %H:%M"
    return time.strftime(fmt, time.localtime(epoch))


# ---------------------------------------------------------------- shared resources


def get_ready_assistant(settings: Settings) -> Assistant:
    """The ``Assistant`` shared with the other pages, warmed up once per process.

    ``interfaces.web.shared.get_assistant`` holds one instance for every session
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


@st.cache_resource(show_spinner=False)
def _ingest_lock(key: str) -> threading.Lock:
    """Serialises ingests (first start, uploads) across browser sessions."""
    return threading.Lock()


@st.cache_resource(show_spinner=False)
def _feedback_store(path: str) -> FeedbackStore:
    return FeedbackStore(path)


def settings_key(settings: Settings) -> str:
    return settings.model_dump_json()


# ---------------------------------------------------------------- session state


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


def _remember(widget_key: str, state_key: str) -> None:
    st.session_state[state_key] = st.session_state[widget_key]


def _remember_filter(field: str) -> None:
    st.session_state["saved_filters"][field] = list(st.session_state[f"filter-{field}"])


def queue_question(question: str) -> None:
    st.session_state["pending_question"] = question


def toggle_view(key: str) -> None:
    views: set[str] = st.session_state["open_views"]
    views.symmetric_difference_update({key})


# ---------------------------------------------------------------- ingest with a progress bar


def progress_callback(bar: Any, lang: str) -> Callable[[str, int, int, str], None]:
    """Map the ingest's (stage, done, total, detail) onto one progress bar."""
    spans = {"files": (0.0, 0.3), "embed": (0.3, 0.9), "index": (0.9, 1.0)}

    def tick(stage: str, done: int, total: int, detail: str = "") -> None:
        lo, hi = spans.get(stage, (0.9, 1.0))
        frac = lo + (hi - lo) * (min(done, total) / total if total else 1.0)
        label = t(f"app_stage_{stage}" if stage in spans else "app_stage_index", lang, done=done, total=total)
        if detail and stage == "files":
            label = f"{label} · {detail[:60]}"
        bar.progress(min(max(frac, 0.0), 1.0), text=label)

    return tick


def first_start(assistant: Assistant, settings: Settings, lang: str) -> None:
    """Ingest the bundled corpus into an empty index, then reopen the chat."""
    st.title(settings.app.title)
    st.info(t("app_first_start", lang))
    bar = st.progress(0.0, text=t("app_stage_files", lang, done=0, total=0))
    try:
        with _ingest_lock(str(settings.data_dir)):
            if not assistant.has_index():
                report = assistant.ingest(None, progress=progress_callback(bar, lang))
                problems = [f"{p.file}: {p.reason}" for p in report.failed]
                if not assistant.has_index():  # nothing could be ingested: say so, don't loop
                    st.error(md_escape(t("app_first_start_failed", lang, corpus=str(settings.corpus_dir))))
                    for problem in problems:
                        st.warning(md_escape(problem))
                    st.stop()
            assistant.warm_up()
    except AftaleError as exc:
        st.error(md_escape(exc.message(lang)))
        st.stop()
    bar.progress(1.0, text=t("app_ready", lang))
    st.rerun()


# ---------------------------------------------------------------- upload


def handle_upload(file: Any, assistant: Assistant, settings: Settings, lang: str) -> tuple[str, str]:
    """Check, store and ingest one uploaded file.

    The size is checked against ``app.upload_mb`` and the real type sniffed
    from the bytes before anything is written. The file is stored only under
    ``<data_dir>/uploads/`` with a sanitised name that never overwrites an
    earlier upload (``assistant.uploads.store_upload``), and removed again
    when it cannot be ingested. Nothing already indexed is lost: the ingest
    adds one file to the index.

    Returns:
        ``(kind, message)`` with kind ``"success"``, ``"warning"`` or ``"error"``.
    """
    data: bytes = file.getvalue()
    limit = int(settings.app.upload_mb * 2**20)
    shown = file.name or "?"
    if len(data) > limit:
        return "error", t("app_upload_too_large", lang, file=shown, mb=f"{len(data) / 2**20:.1f}", max=f"{settings.app.upload_mb:g}")
    name = sanitise_filename(shown)
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return "error", t("app_upload_bad_type", lang, file=shown, types=", ".join(SUPPORTED_SUFFIXES))
    try:
        sniff_kind(data, suffix, file=name)
        target = store_upload(settings.data_dir, shown, data)
    except AftaleError as exc:
        return "error", exc.message(lang)
    name = target.name

    def remove() -> None:
        with contextlib.suppress(OSError):
            target.unlink()

    try:
        load(target, max_bytes=limit)  # a clear, bilingual reason before any indexing
    except AftaleError as exc:
        remove()
        return "error", exc.message(lang)

    bar = st.progress(0.0, text=t("app_stage_files", lang, done=0, total=1))
    try:
        with _ingest_lock(str(settings.data_dir)):
            report = assistant.ingest([target], progress=progress_callback(bar, lang))
    except AftaleError as exc:
        remove()
        return "error", exc.message(lang)
    except Exception as exc:  # noqa: BLE001 - the user gets a message; the index is unchanged
        remove()
        return "error", t("app_upload_failed", lang, file=name, reason=type(exc).__name__)
    finally:
        bar.empty()
    for problem in report.failed:
        if problem.file == name:
            remove()
            return "error", f"{name}: {problem.reason}"
    for problem in report.duplicates:
        if problem.file == name:
            remove()
            return "warning", t("app_upload_duplicate", lang, file=shown, reason=problem.reason)
    chunks = 0
    with contextlib.suppress(AftaleError):
        chunks = next((f["chunks"] for f in assistant.status().get("files", []) if f["file"] == name), 0)
    return "success", t("app_upload_done_one" if chunks == 1 else "app_upload_done", lang, file=name, chunks=chunks)


# ---------------------------------------------------------------- the source viewer


def _normalise_for_pdf(text: str) -> tuple[str, list[int]]:
    """Lower-cased text without whitespace and hyphens, with each kept char's index."""
    keep: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() or ch in "-\u00ad\u2010\u2011\ufffe\x02":
            continue
        keep.append(ch.lower())
        index.append(i)
    return "".join(keep), index


@st.cache_data(show_spinner=False, max_entries=64)
def render_pdf_page(path: str, mtime: float, page_no: int, needles: tuple[str, ...]) -> tuple[bytes, int] | None:
    """A PDF page as PNG with the needles highlighted, and how many were found.

    Uses pypdfium2 when it is installed; returns None when it is not or the
    page cannot be rendered (the caller falls back to the cleaned text).
    """
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return None
    try:
        with _pdfium_lock():  # PDFium is not thread-safe: sessions render one at a time
            return _render_pdf_page(path, page_no, needles)
    except Exception:  # noqa: BLE001 - any rendering problem falls back to text
        return None


@st.cache_resource(show_spinner=False)
def _pdfium_lock() -> threading.Lock:
    return threading.Lock()


def _render_pdf_page(path: str, page_no: int, needles: tuple[str, ...]) -> tuple[bytes, int] | None:
    """The body of ``render_pdf_page`` (called under the PDFium lock)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    from PIL import Image, ImageDraw

    pdf = pdfium.PdfDocument(path)
    try:
        if not 1 <= page_no <= len(pdf):
            return None
        page = pdf[page_no - 1]
        image = page.render(scale=PDF_RENDER_SCALE).to_pil().convert("RGBA")
        height = page.get_height()
        textpage = page.get_textpage()
        n = textpage.count_chars()
        chars = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(n))
        hay, hay_index = _normalise_for_pdf(chars)
        boxes: list[tuple[float, float, float, float]] = []
        found = 0
        for needle in needles:
            norm, _ = _normalise_for_pdf(needle)
            if len(norm) < 8:
                continue
            hit = hay.find(norm)
            length = len(norm)
            if hit < 0:  # the sentence may run onto the next page or differ slightly
                head = norm[:60]
                hit = hay.find(head)
                if hit < 0:
                    tail = norm[-60:]
                    pos = hay.find(tail)
                    if pos < 0:
                        continue
                    end = pos + len(tail)
                    hit = max(0, end - length)
                    length = end - hit
            found += 1
            for k in range(hit, min(hit + length, len(hay_index))):
                box = textpage.get_charbox(hay_index[k])
                if box[2] > box[0]:
                    boxes.append(box)
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for left, bottom, right, top in _line_rects(boxes):
            draw.rectangle(
                [left * PDF_RENDER_SCALE - 2, (height - top) * PDF_RENDER_SCALE - 2,
                 right * PDF_RENDER_SCALE + 2, (height - bottom) * PDF_RENDER_SCALE + 2],
                fill=(253, 224, 71, 120), outline=(217, 119, 6, 160),
            )
        image = _crop_blank(Image.alpha_composite(image, overlay).convert("RGB"))
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=True)
        return buf.getvalue(), found
    finally:
        pdf.close()


def _line_rects(boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Merge character boxes (left, bottom, right, top) into one rectangle per text line.

    A box joins a line when its vertical middle lies within the line's
    height (so commas and accents do not start lines of their own).
    """
    lines: list[list[float]] = []
    for left, bottom, right, top in sorted(boxes, key=lambda b: (-(b[1] + b[3]) / 2, b[0])):
        middle = (bottom + top) / 2
        for line in lines:
            if line[1] - 1 <= middle <= line[3] + 1 and left <= line[2] + 80 and right >= line[0] - 80:
                line[0], line[1], line[2], line[3] = min(line[0], left), min(line[1], bottom), max(line[2], right), max(line[3], top)
                break
        else:
            lines.append([left, bottom, right, top])
    return [tuple(x) for x in lines]  # type: ignore[misc]


def _crop_blank(image: Any, margin: int = 36) -> Any:
    """Cut the blank bottom (and top) of a rendered page, keeping its full width."""
    from PIL import ImageChops

    background = image.convert("RGB").point(lambda v: 255 if v > 245 else 0)
    bbox = ImageChops.invert(background).getbbox()
    if not bbox:
        return image
    top = max(0, bbox[1] - margin)
    bottom = min(image.height, bbox[3] + margin)
    return image.crop((0, top, image.width, bottom))


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
    offsets = [(int(p), int(o)) for p, o in doc.get("page_offsets") or []]
    for i, (p, o) in enumerate(offsets):
        if p == page:
            return o, offsets[i + 1][1] if i + 1 < len(offsets) else length
    return 0, length


# ---------------------------------------------------------------- rendering a turn


def source_card(n: int | None, passage: Passage, spans: Sequence[Sequence[int]], lang: str) -> str:
    """HTML of a source card; every piece of text escaped."""
    text, shifted = passage_window(passage.text, spans)
    badge = f'<span class="aft-n">{n}</span>' if n is not None else ""
    section = f'<div class="aft-sec">{esc(passage.section)}</div>' if passage.section else ""
    return (
        '<div class="aft-card">'
        f'<div class="aft-card-head">{badge}{esc(passage.title or passage.doc)}</div>'
        f"{section}"
        f'<div class="aft-loc">{esc(passage.location(lang))} · {esc(passage.doc)}</div>'
        f'<div class="aft-passage">{highlight(text, shifted)}</div>'
        "</div>"
    )


def render_sources(assistant: Assistant, turn_id: str, items: list[tuple[int | None, Passage, Sequence, Sequence]], lang: str) -> None:
    for i, (n, passage, spans, doc_spans) in enumerate(items):
        with st.container(border=True):
            st.html(source_card(n, passage, spans, lang))
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
    parts = []
    for field in FILTER_FIELDS:
        values = filters.get(field) or []
        if values:
            shown = [titles.get(v, v) if field == "doc" else v for v in values]
            parts.append(f"{t('app_filter_' + field, lang)}: {', '.join(shown)}")
    return f'<div class="aft-filters">{esc(t("app_filtered_by", lang))} {esc(" · ".join(parts))}</div>' if parts else ""


def render_turn(assistant: Assistant, turn: dict[str, Any], titles: dict[str, str]) -> None:
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
            if answer.citations:
                st.html(f'<div class="aft-heading">{esc(t("sources", lang))}</div>')
                render_sources(
                    assistant, turn["id"], [(c.n, c.passage, c.spans, c.doc_spans) for c in answer.citations], lang
                )
        caption = filters_caption(turn.get("filters") or {}, titles, lang)
        if caption:
            st.html(caption)
        render_actions(turn, lang)


# ---------------------------------------------------------------- sidebar


def sidebar(assistant: Assistant, settings: Settings, lang: str, status: dict[str, Any]) -> dict[str, list[str]]:
    """Language, new conversation, examples, filters, index facts and upload; returns the filters."""
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

        st.subheader(t("app_upload", lang))
        uploaded = st.file_uploader(
            t("app_upload_label", lang, mb=f"{settings.app.upload_mb:g}"),
            type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES],
            key=f"uploader-{st.session_state['uploader_key']}",
            max_upload_size=max(1, math.ceil(settings.app.upload_mb)),
        )
        if uploaded is not None and uploaded.file_id not in st.session_state["uploads_done"]:
            st.session_state["uploads_done"].add(uploaded.file_id)
            st.session_state["upload_result"] = handle_upload(uploaded, assistant, settings, lang)
            st.session_state["uploader_key"] += 1
            st.rerun()
        result = st.session_state.get("upload_result")
        if result:
            kind, text = result
            {"success": st.success, "warning": st.warning}.get(kind, st.error)(md_escape(text))
    return filters


# ---------------------------------------------------------------- main


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
    """Entry point: the chat as the start page, then the pages in ``pages/``."""
    # No page_icon: a material or emoji icon makes the browser fetch it from a CDN.
    st.set_page_config(page_title="Aftale", layout="centered")
    init_state()
    lang = st.session_state.get("ui_lang", "da")
    pages = [st.Page(chat_page, title=t("app_nav_chat", lang), default=True)]
    pages_dir = Path(__file__).resolve().parent / "pages"
    pages += [st.Page(p) for p in sorted(pages_dir.glob("*.py")) if not p.name.startswith(("_", "."))]
    st.navigation(pages).run()


if __name__ == "__main__":
    main()
