"""Read a page without a text layer with Tesseract's Danish model.

The page is rendered with pypdfium2 at 300 dpi and handed to the ``tesseract`` command
(``-l dan``, TSV output); its words become the same line fragments that a text page gives
(``ingest.pdf_glyphs.Frag``), so reading order, tables and furniture removal work the same
on scans. The mean word confidence is kept for the page. Tesseract runs with one thread:
on a shared machine its default thread pool is slower, not faster.

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
    with tempfile.TemporaryDirectory(prefix="aftale-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
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
    frags, confidence = _parse_tsv(done.stdout)
    if not frags:
        raise OcrFailed(f"tesseract found no text on page {number}")
    return PageLayout(number, width, height, frags, [], ocr_confidence=confidence)


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


def _parse_tsv(tsv: str) -> tuple[list[Frag], float]:
    """Words grouped by Tesseract's lines, split at wide gaps, in points from the top left."""
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
        run = [boxes[0]]
        for box in boxes[1:]:
            if box[0] - run[-1][2] > 1.2 * size:
                frags.append(_frag(run, size, typical, line_top))
                run = []
            run.append(box)
        frags.append(_frag(run, size, typical, line_top))
    return frags, (statistics.fmean(confs) if confs else 0.0)


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
