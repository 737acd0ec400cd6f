"""Choose the English nearest-term similarity threshold on the tune split by cross-validation.

Runs the tune split's English questions once per candidate threshold through the same API as
the app, then 5-fold cross-validates the choice: in each fold the threshold that does best on the
other four folds is scored on the held-out one. The score per question is answer correctness
(answerable and unanswerable alike), with Recall@5 breaking ties. Never touches the test split.

    python -m evals.fit_term_threshold [--grid 0.80,0.83,...]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence

from assistant.api import Assistant
from evals.metrics import make_record
from evals.splits import load_split
from foundation.settings import Settings

GRID = (0.91, 0.93, 0.95, 1.01)  # 1.01: nearest terms off
FOLDS = 5


def score_grid(assistant: Assistant, grid: Sequence[float]) -> dict[float, dict[str, tuple[float, float]]]:
    """threshold -> question id -> (answer correct, recall@5) for the tune split's English questions."""
    questions = [q for q in load_split("tune", purpose="fit") if q.lang == "en"]
    understanding = assistant.understanding()
    out: dict[float, dict[str, tuple[float, float]]] = {}
    for t in grid:
        if understanding.nearest is not None:
            understanding.nearest.threshold = t
        rows = {}
        for q in questions:
            a = assistant.ask(q.question)
            r = make_record(q, [p.text for p in a.passages], a.answer, a.refused, [c.passage.text for c in a.citations], 0.0)
            rows[q.id] = (float(r.answer_ok), 1.0 if r.rank is not None and r.rank <= 5 else 0.0)
        out[t] = rows
        acc = sum(v[0] for v in rows.values()) / max(len(rows), 1)
        rec = sum(v[1] for v in rows.values()) / max(len(rows), 1)
        print(f"threshold {t:.2f}: answer accuracy {acc:.3f}  recall@5 {rec:.3f}  (n={len(rows)})", flush=True)
    return out


def cross_validate(scores: dict[float, dict[str, tuple[float, float]]], folds: int = FOLDS, seed: int = 0) -> tuple[float, float]:
    """(threshold chosen on all of tune, cross-validated accuracy of choosing that way)."""
    ids = sorted(next(iter(scores.values())))
    random.Random(seed).shuffle(ids)
    parts = [ids[i::folds] for i in range(folds)]

    def best(on: Sequence[str]) -> float:
        return max(scores, key=lambda t: (sum(scores[t][i][0] for i in on), sum(scores[t][i][1] for i in on), -abs(t - 0.93)))

    held = []
    for k, part in enumerate(parts):
        train = [i for j, p in enumerate(parts) if j != k for i in p]
        t = best(train)
        held += [scores[t][i][0] for i in part]
    return best(ids), sum(held) / len(held)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", default=",".join(str(g) for g in GRID))
    args = parser.parse_args(argv)
    grid = [float(x) for x in args.grid.split(",")]
    scores = score_grid(Assistant(Settings()), grid)
    chosen, cv = cross_validate(scores)
    print(f"chosen threshold {chosen:.2f}; {FOLDS}-fold cross-validated English answer accuracy {cv:.3f}")


if __name__ == "__main__":
    main()
