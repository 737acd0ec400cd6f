"""Spelling: our Speller vs symspellpy on one-letter typos of the index vocabulary.

Takes words the speller may correct (6+ letters, seen twice or more), makes one random edit
(delete, insert, substitute, swap neighbours) that is not itself a word, and counts how often
each speller gives the word back. Run: ``AFTALE_DATA_DIR=... PYTHONPATH=. python benchmarks/speller.py``.
"""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

from libswap import symspell_speller

from assistant.query import Speller

LETTERS = "abcdefghijklmnopqrstuvwxyzæøå"


def vocabulary() -> dict[str, int]:
    data = Path(os.environ["AFTALE_DATA_DIR"])
    current = (data / "CURRENT").read_text().strip()
    row = json.loads((data / "generations" / current / "vocabulary.jsonl").read_text().splitlines()[0])
    return row["counts"]


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    kind = rng.choice(("delete", "insert", "substitute", "swap"))
    if kind == "delete":
        return word[:i] + word[i + 1 :]
    if kind == "insert":
        return word[:i] + rng.choice(LETTERS) + word[i:]
    if kind == "substitute":
        return word[:i] + rng.choice(LETTERS.replace(word[i], "")) + word[i + 1 :]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def main() -> None:
    counts = vocabulary()
    rng = random.Random(0)
    pool = sorted(w for w, c in counts.items() if len(w) >= 6 and c >= 2 and w.isalpha())
    pairs = []
    for w in rng.sample(pool, min(1000, len(pool))):
        t = typo(w, rng)
        if t != w and t not in counts:
            pairs.append((w, t))
    for label, make in (("ours", Speller), ("symspellpy", symspell_speller)):
        t0 = time.perf_counter()
        sp = make(counts)
        build = time.perf_counter() - t0
        t0 = time.perf_counter()
        got = [sp.correct(t) for _, t in pairs]
        per = (time.perf_counter() - t0) * 1000 / len(pairs)
        right = sum(g == w for (w, _), g in zip(pairs, got))
        other = sum(g not in (w, t) for (w, t), g in zip(pairs, got))
        print(f"{label:10s} vocab={len(counts)} typos={len(pairs)} fixed={right} ({right / len(pairs):.3f}) "
              f"changed-to-another-word={other} build={build:.2f}s {per:.3f} ms/word")


if __name__ == "__main__":
    main()
