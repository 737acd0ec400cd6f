"""Language detection: our function-word count vs lingua (Danish+English only), on the eval questions' ``lang``.

Run: ``PYTHONPATH=. python benchmarks/lang_detect.py``. Prints accuracy, errors and ms/question per question set.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from evals.splits import load_split
from foundation.text.language import detect_language


def _lingua():
    from lingua import Language, LanguageDetectorBuilder

    det = LanguageDetectorBuilder.from_languages(Language.DANISH, Language.ENGLISH).build()
    return lambda text: "en" if det.detect_language_of(text) == Language.ENGLISH else "da"


def _sets() -> dict[str, list[tuple[str, str]]]:
    unseen = Path(__file__).resolve().parents[1] / "evals" / "unseen" / "questions.jsonl"
    rows = [json.loads(line) for line in unseen.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {
        "tune": [(q.question, q.lang) for q in load_split("tune")],
        "test": [(q.question, q.lang) for q in load_split("test")],  # score only
        "unseen": [(r["question"], r.get("lang", "da")) for r in rows],
    }


def main() -> None:
    t = time.perf_counter()
    detectors = {"ours": detect_language, "lingua": _lingua()}
    detectors["lingua"]("warm up")
    print(f"lingua build + first call: {(time.perf_counter() - t) * 1000:.0f} ms")
    for name, items in _sets().items():
        for label, fn in detectors.items():
            fn(items[0][0])  # warm up (lingua loads its models on first use)
            t = time.perf_counter()
            got = [fn(q) for q, _ in items]
            ms = (time.perf_counter() - t) * 1000 / len(items)
            wrong = [(q, want) for (q, want), g in zip(items, got) if g != want]
            acc = 1 - len(wrong) / len(items)
            print(f"{name:7s} {label:7s} n={len(items):3d} acc={acc:.3f} wrong={len(wrong):2d} {ms:.2f} ms/q")
            for q, want in wrong[:20]:
                print(f"          want {want}: {q[:110]}")


if __name__ == "__main__":
    main()
