"""Sentence boundary quality on the corpus: ours vs pysbd (Danish), counted without a gold standard.

A cut inside a line is suspect when the sentence before it ends in a known abbreviation (our list
united with pysbd's Danish list, so neither side grades itself) or the sentence after it starts
lower-case. Run: ``PYTHONPATH=. python benchmarks/sentence_bounds.py [files...]``.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from libswap import split_sentences_pysbd

from foundation.text.sentences import ABBREVIATIONS, split_sentences
from ingest.clean import clean
from ingest.load import load
from ingest.split import detect_heading

ROOT = Path(__file__).resolve().parents[1]


def _abbreviations() -> set[str]:
    from pysbd.lang.danish import Danish

    return {a.lower().rstrip(".") for a in Danish.Abbreviation.ABBREVIATIONS} | {a.rstrip(".") for a in ABBREVIATIONS}


def _lines(paths: list[Path]) -> list[str]:
    out = []
    for p in paths:
        text = clean(load(p)).text
        out += [ln for ln in text.split("\n") if ln.strip() and detect_heading(ln) is None]
    return out


def main() -> None:
    paths = [Path(a) for a in sys.argv[1:]] or sorted((ROOT / "corpus").glob("*.txt"))
    lines = _lines(paths)
    abbr = _abbreviations()
    last_word = re.compile(r"([\wæøåÆØÅ.-]+)\.$")
    for label, fn in (("ours", split_sentences), ("pysbd", split_sentences_pysbd)):
        t = time.perf_counter()
        per_line = [(ln, fn(ln)) for ln in lines]
        secs = time.perf_counter() - t
        n = sum(len(s) for _, s in per_line)
        ends_abbr = starts_lower = 0
        examples: list[str] = []
        for ln, spans in per_line:
            for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
                m = last_word.search(ln[s1:e1])
                bad_end = bool(m and m.group(1).lower().rstrip(".") in abbr)
                first = next((ch for ch in ln[s2:e2] if ch.isalpha()), "")
                bad_start = first.islower()
                ends_abbr += bad_end
                starts_lower += bad_start
                if (bad_end or bad_start) and len(examples) < 8:
                    examples.append(f"{ln[max(s1, e1 - 50):e1]!r} | {ln[s2:s2 + 40]!r}")
        print(f"{label:6s} lines={len(lines)} sentences={n} cut-after-abbreviation={ends_abbr} "
              f"next-starts-lower-case={starts_lower} time={secs:.2f}s ({secs / len(lines) * 1000:.2f} ms/line)")
        for ex in examples:
            print("        ", ex)


if __name__ == "__main__":
    main()
