"""Read a page without a text layer with Tesseract's Danish model.

The page is rendered with pypdfium2 at 300 dpi and handed to the ``tesseract`` command
(``-l dan``, TSV output); its words become the same line fragments that a text page gives
(``ingest.pdf_glyphs.Frag``), so reading order, tables and furniture removal work the same
on scans. The mean word confidence is kept for the page. Tesseract runs with one thread:
on a shared machine its default thread pool is slower, not faster.

A table's ruled lines are found in the image first (long straight runs of ink) and painted out
before Tesseract reads it: with them, its page segmentation takes a ruled table for a picture and
drops the words of whole columns. They are handed on as a text page's drawn lines are: the
horizontal ones part the table's rows (``PageLayout.rules``), the vertical ones its cells.

Tesseract is a system program (Debian: ``tesseract-ocr-dan``); without it ``available()``
is False and the loader keeps its clear "no text layer" message.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from ingest.pdf_glyphs import Frag, PageLayout

DPI = 300
LANG = "dan"
TIMEOUT_S = 120
_PT_PER_PX = 72 / DPI


class OcrFailed(RuntimeError):
    """Tesseract could not read a page (crashed, timed out, gave nothing)."""


@functools.lru_cache(maxsize=1)
def available() -> bool:
    """True when ``tesseract`` is on PATH and has the Danish model."""
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return LANG in (langs.stdout + langs.stderr).split()


def ocr_page(page: pdfium.PdfPage, number: int) -> PageLayout:
    """The page's fragments as read by Tesseract, and its mean word confidence (0–100).

    Raises:
        OcrFailed: Tesseract failed or found no words.
    """
    width, height = page.get_size()
    image = deskew(page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L"))
    rules, walls = ruled_lines(image)
    with tempfile.TemporaryDirectory(prefix="aftale-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        erase(image, rules, walls).save(png)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            done = subprocess.run(
                ["tesseract", str(png), "stdout", "-l", LANG, "--psm", "3", "tsv"],
                capture_output=True, text=True, timeout=TIMEOUT_S, env=env,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise OcrFailed(f"tesseract failed on page {number}: {exc}") from exc
    if done.returncode != 0:
        raise OcrFailed(f"tesseract failed on page {number}: {done.stderr.strip()[:200]}")
    frags, confidence = _parse_tsv(done.stdout, [(x * _PT_PER_PX, top * _PT_PER_PX, bottom * _PT_PER_PX) for x, top, bottom in walls])
    if not frags:
        raise OcrFailed(f"tesseract found no text on page {number}")
    return PageLayout(number, width, height, frags, [], ocr_confidence=confidence,
                      rules=[(x0 * _PT_PER_PX, x1 * _PT_PER_PX, y * _PT_PER_PX) for x0, x1, y in rules])


RULE_MIN_PX = 150  # a horizontal ruled line: 12.7 mm of unbroken ink at 300 dpi; no run of letters is that long
WALL_MIN_PX = 75  # a vertical one: 6.4 mm, above a 14-point capital
LINE_MAX_PX = 9  # thicker than that it is a bar or a picture's edge, not a rule


def _runs(mask: np.ndarray, min_len: int) -> list[tuple[int, int, int]]:
    """(row, first, end) of every horizontal run of True in ``mask`` at least ``min_len`` long."""
    pad = np.zeros((mask.shape[0], 1), dtype=np.int8)
    change = np.diff(np.hstack([pad, mask.astype(np.int8), pad]), axis=1)
    starts, ends = np.nonzero(change == 1), np.nonzero(change == -1)  # row-major, so paired in order
    keep = ends[1] - starts[1] >= min_len
    return list(zip(starts[0][keep].tolist(), starts[1][keep].tolist(), ends[1][keep].tolist()))


def _lines(mask: np.ndarray, min_len: int) -> list[tuple[int, int, int, int]]:
    """Long runs in adjacent rows that overlap, as one line each: (first row, last row, first, end)."""
    lines: list[list[int]] = []
    for row, first, end in _runs(mask, min_len):
        line = next((ln for ln in lines if ln[1] >= row - 1 and first < ln[3] and ln[2] < end), None)
        if line is None:
            lines.append([row, row, first, end])
        else:
            line[1], line[2], line[3] = row, min(line[2], first), max(line[3], end)
    return [(a, b, c, d) for a, b, c, d in lines if b - a + 1 <= LINE_MAX_PX]


def ruled_lines(image: Image.Image) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """The page's ruled lines in pixels: horizontal ones as (x0, x1, y), vertical ones as (x, top, bottom).

    Ink is what is darker than mid-grey; a pixel's neighbours across the line count too, so a line a
    deskewed scan leaves a fraction of a degree off level stays one run."""
    ink = np.asarray(image) < 160
    rules = [(first, end, (top + bottom) / 2) for top, bottom, first, end in _lines(_across(ink), RULE_MIN_PX)]
    walls = [((left + right) / 2, first, end) for left, right, first, end in _lines(_across(ink.T), WALL_MIN_PX)]
    return rules, walls


def _across(ink: np.ndarray) -> np.ndarray:
    """``ink`` with each pixel's neighbours in the rows above and below counted as its own."""
    out = ink.copy()
    out[1:] |= ink[:-1]
    out[:-1] |= ink[1:]
    return out


def erase(image: Image.Image, rules: list[tuple[float, float, float]], walls: list[tuple[float, float, float]]) -> Image.Image:
    """The image with its ruled lines painted white (a copy; the image itself is unchanged)."""
    if not rules and not walls:
        return image
    pixels = np.asarray(image).copy()
    for x0, x1, y in rules:
        pixels[max(0, int(y) - LINE_MAX_PX // 2 - 1) : int(y) + LINE_MAX_PX // 2 + 2, int(x0) : int(x1)] = 255
    for x, top, bottom in walls:
        pixels[int(top) : int(bottom), max(0, int(x) - LINE_MAX_PX // 2 - 1) : int(x) + LINE_MAX_PX // 2 + 2] = 255
    return Image.fromarray(pixels)


def skew_angle(image: Image.Image, limit: float = 2.0, step: float = 0.05) -> float:
    """The rotation (degrees) that makes the text lines horizontal.

    Projection profile: rotated so that lines are level, the rows of a page alternate
    between ink and paper, and the row sums vary most. Searched on a quarter-size copy.
    """
    small = image.reduce(4).point(lambda v: 0 if v < 140 else 255)
    best, best_score = 0.0, -1.0
    steps = int(round(limit / step))
    for k in range(-steps, steps + 1):
        angle = k * step
        rotated = np.asarray(small.rotate(angle, fillcolor=255), dtype=np.float32)
        score = float(np.var((255.0 - rotated).sum(axis=1)))
        if score > best_score:
            best, best_score = angle, score
    return best


def deskew(image: Image.Image) -> Image.Image:
    """The image turned level (scans are rarely put on the glass straight)."""
    angle = skew_angle(image)
    if abs(angle) < 0.01:
        return image
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


def _parse_tsv(tsv: str, walls: Sequence[tuple[float, float, float]] = ()) -> tuple[list[Frag], float]:
    """Words grouped by Tesseract's lines, split at wide gaps and at ruled lines between them (``walls``: (x, top,
    bottom) in points), in points from the top left.

    A gap is wide beside the type's size, and in a line of many words beside its own narrower spaces too, up to two
    sizes: a justified line spreads its words evenly, often by more than a space, where a table's row has a few wide
    gaps among narrow ones. A line of many words whose spaces are all alike is justified and not split at all: a long
    word wrapped to the next line can leave its words spread wider than any two sizes."""
    lines: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    heights: dict[tuple[str, str, str], float] = {}
    confs: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        key = (row["block_num"], row["par_num"], row["line_num"])
        if row["level"] == "4":
            heights[key] = float(row["height"]) * _PT_PER_PX
        if row["level"] != "5" or not (row.get("text") or "").strip():
            continue
        conf = float(row["conf"])
        if conf >= 0:
            confs.append(conf)
        lines.setdefault(key, []).append(row)
    sizes = {key: heights.get(key, 12.0) / 1.05 for key in lines}
    sizes = _paragraph_sizes(sizes)
    typical = statistics.median(sizes.values()) if sizes else 10.0
    frags: list[Frag] = []
    for key, words in lines.items():
        size = sizes[key]
        line_top = min(float(w["top"]) for w in words) * _PT_PER_PX
        boxes = [
            (
                float(w["left"]) * _PT_PER_PX,
                float(w["top"]) * _PT_PER_PX,
                (float(w["left"]) + float(w["width"])) * _PT_PER_PX,
                (float(w["top"]) + float(w["height"])) * _PT_PER_PX,
                w["text"].strip(),
            )
            for w in sorted(words, key=lambda w: int(w["left"]))
        ]
        gaps = [b[0] - a[2] for a, b in zip(boxes, boxes[1:])]
        spaced = 2 * statistics.quantiles(gaps, n=4)[0] if len(gaps) >= 4 else 0.0  # twice its narrower spaces
        even = len(gaps) >= 4 and max(gaps) <= 1.5 * min(gaps)  # a justified line, however wide its spaces
        wide = float("inf") if even else max(1.2 * size, min(spaced, 2 * size))
        middle = line_top + 0.5 * size
        run = [boxes[0]]
        for box in boxes[1:]:
            ruled = any(run[-1][2] <= x <= box[0] and top <= middle <= bottom for x, top, bottom in walls)
            if box[0] - run[-1][2] > wide or ruled:
                frags.append(_frag(run, size, typical, line_top))
                run = []
            run.append(box)
        frags.append(_frag(run, size, typical, line_top))
    return frags, (statistics.fmean(confs) if confs else 0.0)


def _paragraph_sizes(sizes: dict[tuple[str, str, str], float]) -> dict[tuple[str, str, str], float]:
    """Each line's size as the middle size of the lines of its Tesseract paragraph that are of its type.

    A line's box is as tall as its letters reach ("på" above, "udskrivningsdagen" below, "om en" neither), so lines
    of one type measure up to a fifth apart; lines more than a quarter larger than the next smaller of their
    paragraph are of another type and a group of their own (a footnote Tesseract took into the paragraph above it
    keeps its size)."""
    out: dict[tuple[str, str, str], float] = {}
    by_par: dict[tuple[str, str], list[tuple[float, tuple[str, str, str]]]] = {}
    for key, size in sizes.items():
        by_par.setdefault(key[:2], []).append((size, key))
    for found in by_par.values():
        found.sort()
        groups = [[found[0]]]
        for item in found[1:]:
            if item[0] > 1.25 * groups[-1][-1][0]:
                groups.append([])
            groups[-1].append(item)
        for group in groups:
            middle = statistics.median(size for size, _ in group)
            out.update((key, middle) for _, key in group)
    return out


def _frag(run: list[tuple[float, float, float, float, str]], size: float, typical: float, line_top: float) -> Frag:
    """One fragment; the baseline is put at a fixed depth below the line's top, because
    tops (capitals, ascenders) line up across a row better than bottoms (descenders)."""
    top = min(b[1] for b in run)
    bottom = max(b[3] for b in run)
    return Frag(
        x0=run[0][0],
        top=top,
        x1=run[-1][2],
        bottom=bottom,
        baseline=line_top + 0.8 * size,
        size=size,
        bold=size > 1.12 * typical,  # OCR gives no weight: larger type stands in for headings
        text=" ".join(b[4] for b in run),
    )
