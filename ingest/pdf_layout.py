"""Reading order from a PDF page's geometry, not from its content stream.

Layout tools write text to a PDF in any order: a two-column report may hold left line 1,
right line 1, left line 2 …, so reading the stream gives pairs of half-lines from two
paragraphs. This module reads character boxes (pypdfium2: already a dependency, Apache/BSD)
and rebuilds what a person reads:

1. characters → line fragments (same baseline, no wide gap), raised small digits are footnote
   markers, not text;
2. page furniture: fragments in the top or bottom band that repeat on other pages at the same
   place (digits ignored: "Side 2 af 5"), or look like a page number, are taken out and kept
   as metadata;
3. tables: bands of fragments aligned in three or more columns become one block of
   ``cell | cell | cell`` rows;
4. the rest is grouped into blocks (same font size and weight, same shaded box, lines close
   together and overlapping horizontally) and ordered with Breuel's rules (2003): a block
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
import statistics
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.pdf_glyphs import Frag, PageLayout, page_layout

EDGE_BAND = 0.075  # top and bottom share of the page where running headers/footers live
PDFIUM_LOCK = threading.RLock()
"""Held around every use of pdfium: the library has global state and is not thread-safe."""
NEIGHBOURS = 3  # pages either way in which a running header must repeat
_PAGE_NUMBER = re.compile(r"^(?:side|page|s\.)?\s*-?\s*\d{1,4}\s*-?(?:\s*(?:af|of|/|ud af)\s*\d{1,4})?$", re.I)
_TERMINAL = (".", "!", "?", ":", ";", "”", '"', ")")
_BULLET = re.compile(r"^[•▪◦●■►✓✔–*-]\s")
_FOOTNOTE_START = re.compile(r"^(\d{1,3})\s+\S")


@dataclass
class Block:
    """A paragraph, heading, box part, table or footnote on one page."""

    kind: str  # para, heading, table, footnote
    lines: list[str]
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    region: int = -1
    markers: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Table rows one a line; any other block as one line (see ``join_lines``)."""
        return "\n".join(self.lines) if self.kind == "table" else join_lines(self.lines)


def join_lines(lines: Sequence[str]) -> str:
    """Wrapped lines of one paragraph joined by spaces.

    A line that ends in a hyphen after a letter, followed by a lowercase word, keeps its
    line break: whether ``sund-`` + ``hedsvæsen`` is one word or ``sundheds- og`` a
    deliberate hyphen is the cleaner's call, made with its vocabulary.
    """
    out = ""
    for line in lines:
        if not out:
            out = line
        elif re.search(r"[^\W\d_]-$", out) and line[:1].islower():
            out += "\n" + line
        else:
            out += " " + line
    return out


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


# --- page furniture -----------------------------------------------------------


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def remove_furniture(pages: list[PageLayout]) -> dict[int, list[str]]:
    """Take running headers, footers and page numbers out of the pages' fragments.

    A fragment in the top or bottom band is furniture when a fragment in the same band of
    a nearby page (three pages either way: odd and even pages may differ), at about the
    same place, reads the same but for a page counter (fuzzy, for OCR); or when it is a
    bare page number. Returns the removed texts by page number.
    """
    removed: dict[int, list[str]] = {p.number: [] for p in pages}
    edge = [[f for f in p.frags if _in_band(f, p)] for p in pages]
    for i, page in enumerate(pages):
        drop = []
        for f in edge[i]:
            near = range(max(0, i - NEIGHBOURS), min(len(pages), i + NEIGHBOURS + 1))
            repeats = any(
                _same_place(f, g) and _repeats(f.text, g.text, pages[j].number - page.number)
                for j in near
                if j != i
                for g in edge[j]
            )
            if repeats or _PAGE_NUMBER.match(f.text.strip()):
                drop.append(f)
        for f in drop:
            page.frags.remove(f)
            removed[page.number].append(f.text)
    return removed


def _in_band(f: Frag, page: PageLayout) -> bool:
    return f.bottom <= page.height * EDGE_BAND or f.top >= page.height * (1 - EDGE_BAND)


def _same_place(f: Frag, g: Frag) -> bool:
    centre = abs((f.x0 + f.x1) / 2 - (g.x0 + g.x1) / 2) < 30
    edge = abs(f.x0 - g.x0) < 12 or abs(f.x1 - g.x1) < 12
    return abs(f.baseline - g.baseline) < 12 and (centre or edge)


def _repeats(a: str, b: str, page_step: int) -> bool:
    """The same running text on two pages: equal (fuzzy, for OCR) except a page counter.

    Numbers must be equal or differ by exactly the distance between the pages
    (``Side 2 af 9`` / ``Side 5 af 9``), so numbered body lines are not furniture.
    """
    key_a, key_b = _furniture_key(a), _furniture_key(b)
    if key_a != key_b and SequenceMatcher(None, key_a, key_b).ratio() < 0.85:
        return False
    nums_a, nums_b = re.findall(r"\d+", a), re.findall(r"\d+", b)
    if len(nums_a) != len(nums_b):
        return SequenceMatcher(None, a, b).ratio() >= 0.9 and not (nums_a or nums_b)
    return all(x == y or int(y) - int(x) == page_step for x, y in zip(nums_a, nums_b))


# --- tables -------------------------------------------------------------------


def _bands(frags: list[Frag]) -> list[list[Frag]]:
    bands: list[list[Frag]] = []
    for f in sorted(frags, key=lambda f: (f.baseline, f.x0)):
        if bands and abs(f.baseline - bands[-1][0].baseline) <= 0.35 * f.size:
            bands[-1].append(f)
        else:
            bands.append([f])
    return [sorted(b, key=lambda f: f.x0) for b in bands]


def find_tables(frags: list[Frag], number: int) -> tuple[list[Block], list[Frag]]:
    """Blocks of ``a | b | c`` rows for runs of bands aligned in three or more columns.

    A band whose fragments all start at known column starts continues the table; a band
    with fragments only in later columns continues the previous row's cells (wrapped cells).
    """
    bands = _bands(frags)
    tables: list[Block] = []
    used: set[int] = set()
    i = 0
    while i < len(bands):
        band = bands[i]
        if len(band) < 3:
            i += 1
            continue
        cols = [(f.x0, f.x1) for f in band]
        rows: list[list[list[str]]] = []
        members: list[Frag] = []
        j, last = i, None
        while j < len(bands):
            b = bands[j]
            idx = [_column(f, cols) for f in b]
            gap_ok = last is None or b[0].baseline - last <= 3.2 * b[0].size
            if None in idx or not gap_ok or len(set(idx)) != len(idx):
                break
            if len(b) >= 2 and 0 in idx:
                rows.append([[] for _ in cols])
            elif not rows or 0 in idx:
                break
            for f, c in zip(b, idx):
                rows[-1][c].append(f.text)
            members.extend(b)
            last = b[0].baseline
            j += 1
        if len(rows) >= 2:
            lines = [" | ".join(" ".join(cell) for cell in row) for row in rows]
            tables.append(
                Block(
                    "table", lines, number,
                    min(f.x0 for f in members), min(f.top for f in members),
                    max(f.x1 for f in members), max(f.bottom for f in members),
                    statistics.median(f.size for f in members), False,
                )
            )
            used.update(id(f) for f in members)
            i = j
        else:
            i += 1
    return tables, [f for f in frags if id(f) not in used]


def _column(f: Frag, cols: list[tuple[float, float]]) -> int | None:
    """The table column a fragment belongs to: left-aligned with it, or right-aligned
    (figures)."""
    for k, (x0, x1) in enumerate(cols):
        if abs(f.x0 - x0) <= 4 or abs(f.x1 - x1) <= 4:
            return k
    return None


# --- blocks and reading order -------------------------------------------------


def group_blocks(frags: list[Frag], number: int) -> list[Block]:
    """Lines into blocks: same shaded box, size and weight, close below, overlapping."""
    blocks: list[Block] = []
    last_base: dict[int, float] = {}
    last_frag: dict[int, Frag] = {}
    for f in sorted(frags, key=lambda f: (f.baseline, f.x0)):
        target = None
        for k in range(len(blocks) - 1, -1, -1):
            if _BULLET.match(f.text):
                break  # a list item starts a block of its own
            b = blocks[k]
            step = f.baseline - last_base[k]
            prev = last_frag[k]
            if prev.text.rstrip().endswith(_TERMINAL) and prev.x1 < max(b.x1, f.x1) - 3 * f.size:
                continue  # a short last line that ends a sentence ends the paragraph
            if (
                b.region == f.region
                and abs(b.size - f.size) <= 0.12 * f.size
                and b.bold == f.bold
                and 0.3 * f.size < step <= 1.55 * f.size
                and min(b.x1, f.x1) - max(b.x0, f.x0) > 0.3 * min(b.x1 - b.x0, f.x1 - f.x0)
            ):
                target = k
                break
        if target is None:
            blocks.append(Block("para", [f.text], number, f.x0, f.top, f.x1, f.bottom, f.size, f.bold, f.region, list(f.markers)))
            last_base[len(blocks) - 1] = f.baseline
            last_frag[len(blocks) - 1] = f
        else:
            b = blocks[target]
            b.lines.append(f.text)
            b.markers.extend(f.markers)
            b.x0, b.x1 = min(b.x0, f.x0), max(b.x1, f.x1)
            b.bottom = max(b.bottom, f.bottom)
            last_base[target] = f.baseline
            last_frag[target] = f
    return blocks


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
        if b.kind == "table":
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


def _continues(prev: Block, nxt: Block) -> bool:
    """A paragraph cut by a column or page break: no closing punctuation, same running text."""
    if prev.kind != "para" or nxt.kind != "para" or prev.region >= 0 or nxt.region >= 0:
        return False
    if abs(prev.size - nxt.size) > 0.12 * prev.size or prev.bold or nxt.bold:
        return False
    return not prev.lines[-1].rstrip().endswith(_TERMINAL)


def assemble(pages: list[PageLayout], furniture: dict[int, list[str]]) -> list[ReadPage]:
    """Per-page reading-order text over the whole document (see the module docstring)."""
    size = body_size(pages)
    markers = {m for p in pages for f in p.frags for m in f.markers}
    ordered: list[Block] = []
    notes: dict[str, Block] = {}
    for p in pages:
        tables, rest = find_tables(p.frags, p.number)
        blocks = classify(reading_order(tables + group_blocks(rest, p.number)), size, p.height, markers)
        if p.ocr_confidence is not None:
            _recover_markers(blocks)
        for b in blocks:
            if b.kind == "footnote" and b.markers and b.markers[0] not in notes:
                notes[b.markers[0]] = b
            else:
                ordered.append(b)
    groups: list[list[Block]] = []
    for b in ordered:
        if groups and _continues(groups[-1][-1], b):
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
    from ingest import ocr as tesseract

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
    furniture = remove_furniture(layouts)
    return PdfReading(tuple(assemble(layouts, furniture)), tuple(unread), tuple(ocr_pages))
