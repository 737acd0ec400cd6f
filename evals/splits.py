"""The question splits and the honest comparison between them.

``tune`` is the set every weight, threshold, word list and model may be fitted on; ``test`` was
written afterwards, frozen with its sha256, and is only ever scored. The report puts them side by
side with 95% bootstrap intervals and the gap between them: a gap whose whole interval lies above
``DEFECT_GAP`` means something was fitted to ``tune`` that does not generalise, and is reported
as a defect.

Fitting code loads questions through ``load_split(name, purpose="fit")``, which refuses ``test``.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evals.metrics import METRIC_LABELS, QuestionRecord, summarise
from evals.questions import Question, load_questions

__all__ = [
    "DEFECT_GAP",
    "GAP_METRICS",
    "SPLITS",
    "FrozenSplitChanged",
    "compare_splits",
    "load_split",
    "render_comparison",
    "verify_frozen",
]

PACKAGE_DIR = Path(__file__).resolve().parent
SPLITS: dict[str, Path] = {
    "tune": PACKAGE_DIR / "questions_tune.jsonl",
    "test": PACKAGE_DIR / "questions_test.jsonl",
}
FROZEN: dict[str, Path] = {"test": PACKAGE_DIR / "questions_test.sha256"}
FIT_ALLOWED = frozenset({"tune"})

GAP_METRICS = (
    "recall@5",
    "mrr@10",
    "answer_accuracy",
    "citation_accuracy",
    "refusal_rate",
    "false_refusal_rate",
)
LOWER_IS_BETTER = frozenset({"false_refusal_rate"})
DEFECT_GAP = 0.05
RESAMPLES = 1000


class FrozenSplitChanged(ValueError):
    """The frozen test file no longer matches the sha256 recorded when it was frozen."""


def verify_frozen(name: str) -> str:
    """Check a frozen split against its recorded sha256; return the digest."""
    path = SPLITS[name]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    record = FROZEN.get(name)
    if record is not None:
        expected = record.read_text(encoding="utf-8").split()[0]
        if digest != expected:
            raise FrozenSplitChanged(
                f"{path.name} changed after it was frozen (sha256 {digest[:12]} != {expected[:12]}); "
                "a frozen split is never edited: write a new split instead"
            )
    return digest


def load_split(name: str, purpose: str = "score") -> list[Question]:
    """The questions of one split.

    Args:
        name: ``tune`` or ``test``.
        purpose: ``score`` (evaluate) or ``fit`` (choose weights, thresholds, lists or models).

    Raises:
        KeyError: an unknown split.
        PermissionError: fitting on a split other than ``tune``.
        FrozenSplitChanged: the frozen file was edited.
    """
    if name not in SPLITS:
        raise KeyError(f"unknown split {name!r}; known: {', '.join(SPLITS)}")
    if purpose == "fit" and name not in FIT_ALLOWED:
        raise PermissionError(f"the {name} split is never fitted on; fit on: {', '.join(sorted(FIT_ALLOWED))}")
    verify_frozen(name)
    return load_questions(SPLITS[name])


def _metric(records: Sequence[QuestionRecord], metric: str) -> float | None:
    return summarise(records)[metric]


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    pos = q * (len(values) - 1)
    lo, hi = int(pos), min(int(pos) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def _resample(records: Sequence[QuestionRecord], rng: random.Random) -> list[QuestionRecord]:
    return [records[rng.randrange(len(records))] for _ in records]


def compare_splits(
    by_split: dict[str, Sequence[QuestionRecord]], resamples: int = RESAMPLES, seed: int = 0
) -> dict[str, dict[str, Any]]:
    """Each gap metric per split with a 95% bootstrap interval, and the tune − test gap.

    The gap is signed so that a positive value means *worse on test* (for the false-refusal
    rate that is test − tune). Questions are resampled within each split independently.

    Returns:
        ``{metric: {split: value, f"{split}_ci": [lo, hi], "gap": g, "gap_ci": [lo, hi], "defect": bool}}``;
        the gap keys are present only when both ``tune`` and ``test`` are.
    """
    rng = random.Random(seed)
    samples: dict[str, list[dict[str, Any]]] = {
        name: [summarise(_resample(recs, rng)) for _ in range(resamples)] for name, recs in by_split.items() if recs
    }
    out: dict[str, dict[str, Any]] = {}
    for metric in GAP_METRICS:
        row: dict[str, Any] = {}
        for name, recs in by_split.items():
            row[name] = _metric(recs, metric) if recs else None
            vals = [s[metric] for s in samples.get(name, []) if s[metric] is not None]
            row[f"{name}_ci"] = [_percentile(vals, 0.025), _percentile(vals, 0.975)] if vals else None
        if "tune" in samples and "test" in samples and row.get("tune") is not None and row.get("test") is not None:
            sign = -1.0 if metric in LOWER_IS_BETTER else 1.0
            gaps = [
                sign * (a[metric] - b[metric])
                for a, b in zip(samples["tune"], samples["test"])
                if a[metric] is not None and b[metric] is not None
            ]
            row["gap"] = sign * (row["tune"] - row["test"])
            row["gap_ci"] = [_percentile(gaps, 0.025), _percentile(gaps, 0.975)]
            row["defect"] = row["gap_ci"][0] > DEFECT_GAP
        out[metric] = row
    return out


def _ci(value: float | None, ci: list[float] | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f} [{ci[0]:.2f}–{ci[1]:.2f}]" if ci else f"{value:.3f}"


def render_comparison(comparison: dict[str, dict[str, Any]], sizes: dict[str, int]) -> list[str]:
    """Markdown lines: one row per metric, the splits side by side, the gap and its verdict."""
    names = [n for n in SPLITS if n in sizes] + [n for n in sizes if n not in SPLITS]
    headers = ["Metric", *(f"{n} (n={sizes[n]})" for n in names)]
    has_gap = "tune" in sizes and "test" in sizes
    if has_gap:
        headers += ["gap (worse on test)", "verdict"]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for metric, row in comparison.items():
        cells = [METRIC_LABELS.get(metric, metric), *(_ci(row.get(n), row.get(f"{n}_ci")) for n in names)]
        if has_gap:
            if row.get("gap") is None:
                cells += ["–", ""]
            else:
                lo, hi = row["gap_ci"]
                cells += [f"{row['gap']:+.3f} [{lo:+.2f}–{hi:+.2f}]", "**defect**" if row["defect"] else "ok"]
        lines.append("| " + " | ".join(cells) + " |")
    return lines
