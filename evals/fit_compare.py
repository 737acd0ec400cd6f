"""Fit the comparison's thresholds (``assistant/data/compare.json``) on sentence pairs written for it.

``evals/compare_pairs.jsonl`` holds, per line, a topic, a statement ``a``,
the same statement reworded ``a2`` and another statement on the same topic
``b``, all written for this purpose (not taken from the corpus). Per embedder:

- ``kept``: separates rewordings (a, a2) from other statements: (a, b),
  (a2, b) and statements of other topics;
- ``topic``: separates statements of one topic (a, a2, b among themselves)
  from statements of different topics;
- ``relevant``: separates a topic's own statements from other topics'
  statements by their similarity to the topic as a query.

Each threshold maximises balanced accuracy; the leave-one-topic-out
accuracy is reported beside it. Run: ``python -m evals.fit_compare [--embedder e5 hash]``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from assistant.compare import THRESHOLDS_FILE
from foundation.settings import Settings
from index.backends import make_embedder

PAIRS = Path(__file__).resolve().parent / "compare_pairs.jsonl"


def best_threshold(pos: np.ndarray, neg: np.ndarray) -> tuple[float, float]:
    """The cut (midpoint of neighbouring scores) with the best balanced accuracy, and that accuracy."""
    values = np.unique(np.concatenate([pos, neg]))
    cuts = (values[:-1] + values[1:]) / 2 if len(values) > 1 else values
    best = (0.0, float(cuts[0]))
    for c in cuts:
        acc = (np.mean(pos >= c) + np.mean(neg < c)) / 2
        if acc > best[0]:
            best = (float(acc), float(c))
    return best[1], best[0]


def samples(rows: list[dict], emb: dict[str, np.ndarray], q: dict[str, np.ndarray]) -> dict[str, list[tuple[int, float, bool]]]:
    """Per threshold: (topic index, similarity, positive) samples."""
    out: dict[str, list[tuple[int, float, bool]]] = {"kept": [], "topic": [], "relevant": []}
    sim = lambda x, y: float(emb[x] @ emb[y])  # noqa: E731
    for i, r in enumerate(rows):
        own = (r["a"], r["a2"], r["b"])
        out["kept"] += [(i, sim(r["a"], r["a2"]), True), (i, sim(r["a"], r["b"]), False), (i, sim(r["a2"], r["b"]), False)]
        out["topic"] += [(i, sim(r["a"], r["b"]), True), (i, sim(r["a2"], r["b"]), True), (i, sim(r["a"], r["a2"]), True)]
        out["relevant"] += [(i, float(q[r["topic"]] @ emb[s]), True) for s in own]
        for j, o in enumerate(rows):
            if j == i:
                continue
            out["relevant"] += [(i, float(q[r["topic"]] @ emb[s]), False) for s in (o["a"], o["b"])]
            if j > i:
                out["kept"].append((i, sim(r["a"], o["a"]), False))
                out["topic"] += [(i, sim(r["a"], o["a"]), False), (i, sim(r["b"], o["b"]), False)]
    return out


def fit(mode: str) -> tuple[str, dict[str, float], dict[str, float]]:
    """Fit the three thresholds for one embedder mode: (embedder name, thresholds, leave-one-topic-out accuracy)."""
    embedder = make_embedder(Settings(embedder={"mode": mode}))
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = list(dict.fromkeys(s for r in rows for s in (r["a"], r["a2"], r["b"])))
    emb = dict(zip(texts, embedder.embed_documents(texts)))
    q = {r["topic"]: embedder.embed_query(r["topic"]) for r in rows}
    fitted: dict[str, float] = {}
    held_out: dict[str, float] = {}
    for name, items in samples(rows, emb, q).items():
        arr = np.array([(i, s, p) for i, s, p in items], dtype=float)
        fitted[name], _ = best_threshold(arr[arr[:, 2] == 1, 1], arr[arr[:, 2] == 0, 1])
        right = []
        for i in range(len(rows)):  # leave one topic out
            train, test = arr[arr[:, 0] != i], arr[arr[:, 0] == i]
            cut, _ = best_threshold(train[train[:, 2] == 1, 1], train[train[:, 2] == 0, 1])
            right += list((test[:, 1] >= cut) == (test[:, 2] == 1))
        held_out[name] = float(np.mean(right))
    return embedder.name, {k: round(v, 4) for k, v in fitted.items()}, {k: round(v, 3) for k, v in held_out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", nargs="+", default=["e5", "hash"])
    parser.add_argument("--out", type=Path, default=THRESHOLDS_FILE)
    args = parser.parse_args()
    data = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    data.setdefault("embedders", {})
    data["source"] = "python -m evals.fit_compare on evals/compare_pairs.jsonl"
    for mode in args.embedder:
        name, thresholds, held_out = fit(mode)
        data["embedders"][name] = {**thresholds, "leave_one_topic_out_accuracy": held_out}
        print(f"{name}: {thresholds}  leave-one-topic-out accuracy {held_out}")
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
