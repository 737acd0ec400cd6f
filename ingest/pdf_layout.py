"""Reading order from a PDF page's geometry, not from its content stream.

Layout tools write text to a PDF in any order: a two-column report may hold left line 1,
right line 1, left line 2 …, so reading the stream gives pairs of half-lines from two
paragraphs. This module reads character boxes (pypdfium2: already a dependency, Apache/BSD)
and rebuilds what a person reads:

1. characters → line fragments (same baseline, no wide gap), raised small digits are footnote
   markers, not text (``ingest.pdf_glyphs``);
2. page furniture: fragments in the top or bottom band that repeat on nearby pages at the
   same place (a page counter aside: "Side 2 af 5"), or look like a page number, are taken
   out and kept as metadata (``ingest.pdf_furniture``);
3. tables: bands of fragments aligned in three or more columns become one block of
   ``cell | cell | cell`` rows (``ingest.pdf_tables``);
4. the rest is grouped into blocks (same font size and weight, same shaded box, lines close
   together and overlapping horizontally), a column of labels is read with the values beside them
   (``ingest.pdf_fields``), and the blocks are ordered with Breuel's rules (2003): a block
   comes before another that it overlaps horizontally and lies above, and before one to its
   right unless a block between them vertically spans both — columns read left to right,
   headings and tables that span columns keep their place;
5. over the whole document: a paragraph that ends without closing punctuation continues in
   the next paragraph block (next column or next page), footnotes go after the paragraph
   that holds their marker, and each page's text is what *starts* on it, with a map of which
   physical page every character came from.

Scanned pages (no text layer) are OCR'd by ``ingest.ocr`` into the same fragments, so they
get the same reading order and furniture removal.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from foundation.text.bullets import BULLET_IN_PDF
from ingest import ocr as tesseract
from ingest.pdf_fields import pair_fields
from ingest.pdf_furniture import remove_furniture
from ingest.pdf_glyphs import Block, Frag, PageLayout, page_layout
from ingest.pdf_tables import find_tables

PDFIUM_LOCK = threading.RLock()
"""Held around every use of pdfium: the library has global state and is not thread-safe."""
_TERMINAL = (".", "!", "?", ":", ";", "”", '"', ")")
_BULLET = re.compile(rf"^{BULLET_IN_PDF}\s")
_FOOTNOTE_START = re.compile(r"^(\d{1,3})\s+\S")
_LEADER = re.compile(r"[.·…_](?:\s?[.·…_]){3,}\s*\d{1,4}$")
"""A dot leader and a page number ending a line: a contents entry, set on a line of its own."""


@dataclass(frozen=True)
class ReadPage:
    """A page's reading-order text: what starts on it, and where each part physically is.

    ``spans`` holds (offset in ``text``, physical page) wherever the physical page changes
    (a paragraph that runs onto the next page keeps its continuation here).
    """

    number: int
    text: str
    spans: tuple[tuple[int, int], ...]
    furniture: tuple[str, ...]
    ocr_confidence: float | None = None


# --- blocks and reading order -------------------------------------------------


def group_blocks(frags: list[Frag], number: int) -> list[Block]:
    """Lines into blocks: same shaded box, size and weight, close below, overlapping."""
    blocks: list[Block] = []
    last_base: dict[int, float] = {}
    last_frag: dict[int, Frag] = {}
    last_entry: dict[int, bool] = {}  # the block's last line is a contents entry
    for f in sorted(frags, key=lambda f: (f.baseline, f.x0)):
        target = None
        item = f.item or bool(_BULLET.match(f.text))
        entry = bool(_LEADER.search(f.text.rstrip()))
        # a list item and a contents entry start a block of their own
        for k in () if item or entry else range(len(blocks) - 1, -1, -1):
            b = blocks[k]
            step = f.baseline - last_base[k]
            prev = last_frag[k]
            if prev.text.rstrip().endswith(_TERMINAL) and prev.x1 < max(b.x1, f.x1) - 3 * f.size:
                continue  # a short last line that ends a sentence ends the paragraph
            if _broken_on_purpose(prev, f, max(b.x1, f.x1)):
                continue  # a heading or a line ended by hand: the next line's first word had room on it
            if last_entry[k]:
                continue  # the line below a contents entry is no wrapped line of it
            if b.item and f.x0 < b.x0 - 0.5 * f.size:
                continue  # a line that starts left of a list item's marker is no line of that item
            if (
                b.region == f.region
                and abs(b.size - f.size) <= 0.12 * f.size
                and b.bold == f.bold
                and 0.3 * f.size < step <= _line_step(prev, f) * f.size
                and min(b.x1, f.x1) - max(b.x0, f.x0) > 0.3 * min(b.x1 - b.x0, f.x1 - f.x0)
            ):
                target = k
                break
        if target is None:
            blocks.append(Block("para", [f.text], number, f.x0, f.top, f.x1, f.bottom, f.size, f.bold, f.region, list(f.markers), item))
            last_base[len(blocks) - 1] = f.baseline
            last_frag[len(blocks) - 1] = f
            last_entry[len(blocks) - 1] = entry
        else:
            b = blocks[target]
            b.lines.append(f.text)
            b.markers.extend(f.markers)
            b.x0, b.x1 = min(b.x0, f.x0), max(b.x1, f.x1)
            b.bottom = max(b.bottom, f.bottom)
            last_base[target] = f.baseline
            last_frag[target] = f
            last_entry[target] = entry
    return blocks


def _line_step(prev: Frag, nxt: Frag) -> float:
    """How far below ``prev`` (in font sizes) ``nxt`` may stand and still be its paragraph's next line:
    1.55, or 2.0 where ``nxt`` goes on with a lower-case word after a line that ends no sentence (a title
    set with wide line spacing, "… psykisk sygdom og" / "samtidigt misbrug": no new paragraph opens so)."""
    words = nxt.text.split()
    goes_on = bool(words) and words[0][0].islower() and not prev.text.rstrip().endswith(_TERMINAL)
    return 2.0 if goes_on else 1.55


def _broken_on_purpose(prev: Frag, nxt: Frag, right: float) -> bool:
    """Whether ``prev`` ended although ``nxt``'s first word would have fit after it.

    Wrapping moves a word to the next line only when it does not fit, so a line with room
    for the next line's first word was ended on purpose: a heading above its paragraph
    ("Genoptræning" / "Kommunen kontakter …"), or lines set one by one. Only lines of
    more than one word count as the reference width (``right``), so a block of one line
    never splits.
    """
    words = nxt.text.split()
    if not words or prev.x1 >= right - 1.0 or prev.text.rstrip().endswith(("-", "‐", ",")):
        return False  # a word hyphenated over the break, or a list of clauses, goes on
    first = len(words[0]) / len(nxt.text) * (nxt.x1 - nxt.x0)  # width of the first word, from the line's mean glyph width
    return prev.x1 + first + 0.6 * nxt.size < right - 1.0


def reading_order(blocks: list[Block]) -> list[Block]:
    """Breuel's partial order on blocks, topologically sorted (ties: top, then left)."""
    n = len(blocks)
    if n < 2:
        return list(blocks)
    tol = 2.0

    def xover(a: Block, b: Block) -> bool:
        return min(a.x1, b.x1) - max(a.x0, b.x0) > tol

    after: list[set[int]] = [set() for _ in range(n)]
    indeg = [0] * n
    overlaps = [{k for k, c in enumerate(blocks) if k != i and xover(a, c)} for i, a in enumerate(blocks)]
    centre = [(b.top + b.bottom) / 2 for b in blocks]
    for i, a in enumerate(blocks):
        for j, b in enumerate(blocks):
            if i == j:
                continue
            before = False
            if j in overlaps[i]:
                before = a.top < b.top if abs(a.top - b.top) > tol else a.x0 < b.x0
            elif a.x1 <= b.x0 + tol:
                lo, hi = sorted((centre[i], centre[j]))
                before = not any(lo < centre[k] < hi for k in overlaps[i] & overlaps[j])
            if before:
                after[i].add(j)
    for i in range(n):
        for j in after[i]:
            indeg[j] += 1
    done: list[int] = []
    remaining = set(range(n))
    while remaining:
        ready = [i for i in remaining if indeg[i] == 0] or list(remaining)  # a cycle: fall back to position
        pick = min(ready, key=lambda i: (blocks[i].top, blocks[i].x0))
        remaining.remove(pick)
        done.append(pick)
        for j in after[pick]:
            indeg[j] -= 1
    return [blocks[i] for i in done]


def classify(blocks: list[Block], body_size: float, page_height: float, markers: set[str]) -> list[Block]:
    """Headings (bold, short), footnotes (small, low on the page, numbered), split per note."""
    out = []
    for b in blocks:
        if b.kind in ("table", "field"):
            out.append(b)
            continue
        if b.bold and len(b.lines) <= 3 and b.region < 0:
            b.kind = "heading"
        small = b.size < 0.88 * body_size and b.top > page_height * 0.55

        def numbered(line: str) -> re.Match[str] | None:
            m = _FOOTNOTE_START.match(line)
            return m if m and (not markers or m.group(1) in markers) else None

        if small and numbered(b.lines[0]):
            note: Block | None = None
            for line in b.lines:
                start = numbered(line)
                if start or note is None:
                    note = Block("footnote", [line], b.page, b.x0, b.top, b.x1, b.bottom, b.size, False)
                    note.markers = [start.group(1)] if start else []
                    out.append(note)
                else:
                    note.lines.append(line)
            continue
        out.append(b)
    return out


# --- the whole document -------------------------------------------------------


def body_size(pages: list[PageLayout]) -> float:
    """The font size most characters are set in."""
    weights: dict[float, int] = {}
    for p in pages:
        for f in p.frags:
            key = round(f.size * 2) / 2
            weights[key] = weights.get(key, 0) + len(f.text)
    return max(weights, key=weights.get) if weights else 10.0


_OCR_MARKER = re.compile(r"(?<=[^\W\d_]|[.,;:])([”\"'’?°¹²³*]|\d{1,2})(?=\s|$)")


def _recover_markers(blocks: list[Block]) -> None:
    """On an OCR page, find the footnote markers Tesseract glued to words.

    A superscript digit comes out as a stray character after a word or its full stop
    (``indlæggelse.”``, ``udskrivningen.?``, ``indlæggelse.1``). When the page holds as many
    such tokens as numbered footnotes, they are taken, in reading order, as those notes'
    markers and removed from the text; otherwise nothing is changed.
    """
    notes = [b.markers[0] for b in blocks if b.kind == "footnote" and b.markers]
    if not notes:
        return
    found = []
    for b in blocks:
        if b.kind != "para":
            continue
        for k, line in enumerate(b.lines):
            for m in _OCR_MARKER.finditer(line):
                quote = m.group(1) in "”\"'’"
                if m.group(1).isdigit() and m.group(1) not in notes:
                    continue
                if quote and any(q in b.text for q in "“„\"'‘"[: 5]) and m.group(1) != "”":
                    continue
                found.append((b, k, m))
    if len(found) != len(notes):
        return
    for (b, k, m), number in sorted(zip(found, notes), key=lambda t: (-t[0][1], -t[0][2].start())):
        b.lines[k] = b.lines[k][: m.start()] + b.lines[k][m.end() :]
    for (b, _, _), number in zip(found, notes):
        b.markers.append(number)


def _continues(prev: Block, nxt: Block, floor: float) -> bool:
    """A paragraph cut by a column or page break: no closing punctuation, same running text, and not below it in
    its column past a blank line (a subtitle without a full stop and the paragraph under it).

    A page break cuts only a paragraph that runs down to where the text stops on a full page
    (``floor``): a title page's one line or a contents page's last entry, high on their
    pages, are not continued by the next page's first paragraph. A contents entry (a dot
    leader and a page number) neither continues nor is continued, and a list item opens a
    paragraph of its own, which the next paragraph set left of the item's marker on its page closes
    ("• … senest på udskrivningsdagen" / "Kommunen skal:").
    """
    if prev.kind != "para" or nxt.kind != "para" or prev.region >= 0 or nxt.region >= 0 or nxt.item:
        return False
    if prev.item and prev.page == nxt.page and nxt.x0 < prev.x0 - 0.5 * prev.size:
        return False  # a list's last item, often without a full stop, is not continued by the paragraph set left of its marker
    if prev.page != nxt.page and prev.bottom < floor - 3 * prev.size:
        return False
    if _LEADER.search(prev.lines[-1].rstrip()) or _LEADER.search(nxt.lines[0].rstrip()):
        return False
    if abs(prev.size - nxt.size) > 0.12 * prev.size or prev.bold or nxt.bold:
        return False
    if prev.page == nxt.page and nxt.top - prev.bottom > nxt.size and min(prev.x1, nxt.x1) > max(prev.x0, nxt.x0):
        return False  # below it in its column past a blank line: a paragraph of its own, no break cut it
    if _heading_line(prev, nxt):
        return False
    return not prev.lines[-1].rstrip().endswith(_TERMINAL)


def _heading_line(prev: Block, nxt: Block) -> bool:
    """A one-line block right above the next block, with room for that block's first word:
    a heading set on its own line, not a paragraph cut by a column or page break."""
    if len(prev.lines) != 1 or prev.page != nxt.page or abs(prev.x0 - nxt.x0) > 2.0 or not nxt.lines:
        return False
    if prev.lines[0].rstrip().endswith(("-", "‐", ",")):
        return False
    line = nxt.lines[0]
    words = line.split()
    if not words or nxt.top < prev.bottom or nxt.top - prev.bottom > 2.0 * nxt.size:
        return False
    first = len(words[0]) / len(line) * (nxt.x1 - nxt.x0)
    return prev.x1 + first + 0.6 * nxt.size < nxt.x1 - 1.0


def text_floor(blocks: list[Block]) -> float:
    """Where the text stops on a typical page: the median over pages of the lowest block's
    bottom (page furniture already taken out, footnotes left out)."""
    lowest: dict[int, float] = {}
    for b in blocks:
        if b.kind != "footnote":
            lowest[b.page] = max(lowest.get(b.page, 0.0), b.bottom)
    bottoms = sorted(lowest.values())
    return bottoms[len(bottoms) // 2] if bottoms else 0.0


def assemble(pages: list[PageLayout], furniture: dict[int, list[str]]) -> list[ReadPage]:
    """Per-page reading-order text over the whole document (see the module docstring)."""
    size = body_size(pages)
    markers = {m for p in pages for f in p.frags for m in f.markers}
    ordered: list[Block] = []
    notes: dict[str, Block] = {}
    for p in pages:
        tables, rest = find_tables(p.frags, p.number, p.rules)
        blocks = classify(reading_order(tables + pair_fields(group_blocks(rest, p.number), p.width)), size, p.height, markers)
        if p.ocr_confidence is not None:
            _recover_markers(blocks)
        for b in blocks:
            if b.kind == "footnote" and b.markers and b.markers[0] not in notes:
                notes[b.markers[0]] = b
            else:
                ordered.append(b)
    floor = text_floor(ordered)
    groups: list[list[Block]] = []
    for b in ordered:
        if groups and _continues(groups[-1][-1], b, floor):
            groups[-1].append(b)
        else:
            groups.append([b])
    placed: set[str] = set()
    texts: dict[int, list[tuple[str, list[tuple[int, int]]]]] = {p.number: [] for p in pages}
    for group in groups:
        text, spans = "", []
        for part in group:
            if text:
                text += "\n" if re.search(r"[^\W\d_]-$", text) and part.text[:1].islower() else " "
            spans.append((len(text), part.page))
            text += part.text
        for mk in (m for part in group for m in part.markers):
            if mk in notes and mk not in placed:
                placed.add(mk)
                text += "\n\n"
                spans.append((len(text), notes[mk].page))
                text += notes[mk].text
        texts[group[0].page].append((text, spans))
    for mk, note in notes.items():
        if mk not in placed:
            texts[note.page].append((note.text, [(0, note.page)]))
    out = []
    for p in pages:
        text, spans = "", []
        for block_text, block_spans in texts[p.number]:
            if text:
                text += "\n\n"
            spans.extend((len(text) + off, page) for off, page in block_spans)
            text += block_text
        merged = [s for k, s in enumerate(spans) if k == 0 or s[1] != spans[k - 1][1]]
        if not merged or merged[0] != (0, p.number):
            merged.insert(0, (0, p.number))
            merged = [s for k, s in enumerate(merged) if k == 0 or s[1] != merged[k - 1][1]]
        out.append(ReadPage(p.number, text, tuple(merged), tuple(furniture.get(p.number, ())), p.ocr_confidence))
    return out


# --- entry point --------------------------------------------------------------


@dataclass(frozen=True)
class PdfReading:
    """The pages as read, and the pages that could not be read (by number)."""

    pages: tuple[ReadPage, ...]
    unread: tuple[int, ...] = ()
    ocr_pages: tuple[int, ...] = ()


def _has_images(page: pdfium.PdfPage) -> bool:
    """A page with pictures but no text: a scan (a page with neither is just blank)."""
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4))


def read_pdf(data: bytes, *, password: str | None = None, ocr: bool = True) -> PdfReading:
    """Read every page of a PDF in reading order; scans are OCR'd when Tesseract is there.

    A page whose text cannot be extracted, or that has no text layer and cannot be OCR'd,
    is listed in ``unread`` (with empty text); the other pages still come through.

    Raises:
        pdfium.PdfiumError: The file cannot be opened at all (the caller reports it).
    """
    with PDFIUM_LOCK:  # pdfium is not thread-safe; ingest may load files in threads
        return _read_pdf(data, password, ocr)


def _read_pdf(data: bytes, password: str | None, ocr: bool) -> PdfReading:
    doc = pdfium.PdfDocument(data, password=password)
    layouts: list[PageLayout] = []
    unread: list[int] = []
    ocr_pages: list[int] = []
    try:
        for index in range(len(doc)):
            number = index + 1
            page = doc[index]
            try:
                layout = page_layout(page, number)
            except Exception:  # pdfium can fail on one damaged page: keep the others
                layout = PageLayout(number, *page.get_size(), [])
                unread.append(number)
            if not layout.frags and number not in unread and _has_images(page):
                if ocr and tesseract.available():
                    try:
                        layout = tesseract.ocr_page(page, number)
                        ocr_pages.append(number)
                    except tesseract.OcrFailed:
                        unread.append(number)
                else:
                    unread.append(number)
            layouts.append(layout)
            page.close()
    finally:
        doc.close()
    furniture = remove_furniture(layouts, body_size(layouts))
    return PdfReading(tuple(assemble(layouts, furniture)), tuple(unread), tuple(ocr_pages))
