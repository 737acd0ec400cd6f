"""How ``evals.train_reader`` reports held-out quality: by language and by wording, and calibration."""

from __future__ import annotations

import itertools

import numpy as np

from evals.questions import Question

# Tune questions from this id on were written as paraphrases (not the documents' wording) or as
# unanswerable look-alikes; the answerable ones among them form the "paraphrased" stratum.
PARAPHRASED_FROM = 273


def written_as_paraphrase(q: Question) -> bool:
    digits = "".join(ch for ch in q.id if ch.isdigit())
    return bool(q.answerable and digits and int(digits) >= PARAPHRASED_FROM)


def strata(langs: np.ndarray, paraphrased: np.ndarray, answerable: np.ndarray) -> dict[str, np.ndarray]:
    """Masks of the strata reported: all, by language, answerable paraphrased or in the documents' wording."""
    return {"all": np.ones(len(langs), dtype=bool), "da": langs == "da", "en": langs == "en",
            "paraphrased": paraphrased, "documents' wording": answerable & ~paraphrased}


def report_rows(
    answered: np.ndarray, correct: np.ndarray, answerable: np.ndarray, langs: np.ndarray, paraphrased: np.ndarray
) -> dict[str, dict[str, float]]:
    """Held-out (accuracy, false refusals, refusal of unanswerable) overall, by language and by wording."""
    out = {}
    for name, m in strata(langs, paraphrased, answerable).items():
        a, c, ok = answered[m], correct[m], answerable[m]
        right = np.where(ok, a & c, ~a)
        out[name] = {
            "n": int(m.sum()),
            "answer_accuracy": round(float(right.mean()), 4),
            "false_refusal_rate": round(float((~a[ok]).mean()) if ok.any() else 0.0, 4),
            "refusal_rate": round(float((~a[~ok]).mean()) if (~ok).any() else 0.0, 4),
        }
    return out


def calibration(conf: np.ndarray, label: np.ndarray, bins: int = 10) -> tuple[float, float]:
    """(Brier score, expected calibration error) of confidences against 0/1 labels."""
    brier = float(((conf - label) ** 2).mean())
    edges = np.linspace(0, 1, bins + 1)
    ece = 0.0
    for lo, hi in itertools.pairwise(edges):
        m = (conf >= lo) & (conf < hi if hi < 1 else conf <= hi)
        if m.any():
            ece += m.mean() * abs(conf[m].mean() - label[m].mean())
    return brier, float(ece)
