"""Measure how well PDF readers recover the reading order of the layout test set.

For every rendering (``render.RENDERINGS``) and every reader tried:

* similarity = 1 − normalised Levenshtein distance between the extracted text and the
  reference reading-order text (``reference.reference_text``), both whitespace-collapsed;
* seconds per page (the whole ``ingest.load.load`` for ours: open, read, OCR);
* furniture leaks: running-header and footer strings found in a page's text (ours) or in
  a passage after clean and split.

Readers: ``aftale`` (``ingest.load.load``, the layout reader), ``pypdf`` (what ingest did
before: ``extract_text`` page by page) and ``pdfminer`` (pdfminer.six's own layout analysis,
default ``LAParams``) when installed. ``python -m evals.layouts.measure [--out FILE.md]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from evals.layouts.reference import HEADER_LEFT, HEADER_RIGHT, collapse, reference_text
from evals.layouts.render import RENDERINGS, render
from foundation.records import PAGE_SEPARATOR
from ingest.clean import clean
from ingest.load import load
from ingest.split import split

Reader = Callable[[Path], tuple[str, int]]  # text and page count


def similarity(extracted: str, reference: str) -> float:
    """1 − normalised Levenshtein distance of the whitespace-collapsed texts."""
    return Levenshtein.normalized_similarity(collapse(extracted), collapse(reference))


def furniture_strings(pages: int) -> list[str]:
    """The running header and footer texts the renderer put on the pages."""
    return [HEADER_LEFT, HEADER_RIGHT] + [f"Side {n} af {pages}" for n in range(1, pages + 1)]


def read_aftale(path: Path) -> tuple[str, int]:
    doc = load(path)
    return PAGE_SEPARATOR.join(p.text for p in doc.pages), len(doc.pages)


def read_pypdf(path: Path) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    return "\n\n".join(p.extract_text() or "" for p in reader.pages), len(reader.pages)


def read_pdfminer(path: Path) -> tuple[str, int]:
    from pdfminer.high_level import extract_pages, extract_text

    pages = sum(1 for _ in extract_pages(str(path)))
    return extract_text(str(path)), pages


def readers() -> dict[str, Reader]:
    """The readers available in this environment."""
    found: dict[str, Reader] = {"aftale": read_aftale, "pypdf": read_pypdf}
    try:
        import pdfminer.high_level  # noqa: F401

        found["pdfminer"] = read_pdfminer
    except ImportError:
        pass
    return found


def leaks(text: str, pages: int, reference: str) -> int:
    """Running header/footer strings in ``text`` beyond those the document itself holds
    (the header repeats the start of the title, which is not a leak)."""
    text, reference = collapse(text), collapse(reference)
    return sum(max(text.count(s) - reference.count(s), 0) for s in furniture_strings(pages))


def passage_leaks(path: Path) -> int:
    """Passages (after clean and split) that hold a running header or footer string
    beyond what the reference passage text holds."""
    doc = load(path)
    reference = collapse(reference_text())
    needles = [s for s in furniture_strings(len(doc.pages)) if s not in reference]
    return sum(any(n in collapse(c.text) for n in needles) for c in split(clean(doc)))


def measure(pdf_dir: Path) -> list[dict[str, object]]:
    """One row per (rendering, reader)."""
    reference = reference_text()
    rows = []
    for kind in RENDERINGS:
        path = pdf_dir / f"{kind}.pdf"
        if not path.exists():
            path.write_bytes(render(kind))
        for name, read in readers().items():
            start = time.perf_counter()
            text, pages = read(path)
            seconds = time.perf_counter() - start
            leaked = leaks(text, pages, reference)
            row: dict[str, object] = {
                "rendering": kind,
                "reader": name,
                "similarity": round(similarity(text, reference), 4),
                "s_per_page": round(seconds / max(pages, 1), 3),
                "pages": pages,
                "furniture_in_text": leaked,
            }
            if name == "aftale":
                row["furniture_in_passages"] = passage_leaks(path)
            rows.append(row)
    return rows


def as_markdown(rows: list[dict[str, object]]) -> str:
    head = "| rendering | reader | similarity | s/page | pages | furniture in page text | furniture in passages |"
    lines = [head, "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(
            f"| {r['rendering']} | {r['reader']} | {r['similarity']:.4f} | {r['s_per_page']:.3f} | {r['pages']} "
            f"| {r['furniture_in_text']} | {r.get('furniture_in_passages', '')} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=Path, help="folder with the rendered PDFs (rendered if missing)")
    parser.add_argument("--out", type=Path, help="also write the table to this markdown file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aftale-layouts-") as tmp:
        folder = args.pdfs or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        table = as_markdown(measure(folder))
    print(table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
