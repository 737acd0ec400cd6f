"""Fit the learned reader on the ``tune`` questions and write ``assistant/data/reader.json``.

    python -m evals.train_reader [--out PATH] [--folds 5] [--dry-run]

Runs every tune question through the same retrieval and candidate code as ``ask`` (the index in
``AFTALE_DATA_DIR``; the embedder it was built with), labels each candidate sentence by the
evaluation's evidence rule, and chooses everything by cross-validation inside tune:

1. the sentence model (logistic regression; C from a small grid, gradient boosting as a
   comparison), scored by out-of-fold answer accuracy on answerable questions;
2. ``keep``: how close to the best sentence a further sentence must score to be quoted;
3. the decision model on question features built from *out-of-fold* sentence probabilities,
   so its inputs look like those of unseen questions. Its label is "the quoted answer would be
   right" (answerable and every key term quoted): by CV that beats "answerable" as a label
   (both are printed), and its probability is the ``confidence`` a user sees;
4. the refusal threshold, maximising right answers minus wrong ones (a wrong answer is worse than an
   honest refusal; false refusals break ties); its CV
   estimate chooses the threshold on the other folds and scores the held-out one.

Only ``load_split("tune", purpose="fit")`` is read: the test split is never touched. The run is
deterministic (fixed folds, deterministic solvers) and takes about a minute.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from assistant.answer import Candidate
from assistant.api import Assistant
from assistant.compose import compose
from assistant.query import QueryPlan
from assistant.reader import (
    MODEL_FILE,
    MODEL_VERSION,
    QUESTION_FEATURES,
    SENTENCE_FEATURES,
    LinearModel,
    ReaderModel,
    sentence_features,
)
from evals.metrics import answer_correct, is_hit
from evals.questions import Question, normalise
from evals.splits import load_split
from foundation.settings import get_settings
from index.snapshot import IndexSnapshot

KEEP_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
C_GRID = (0.1, 1.0, 10.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 0.96, 0.01))
SEED = 0


@dataclass
class Item:
    """One tune question with its candidates and their features and labels."""

    question: Question
    plan: QueryPlan
    cands: list[Candidate]
    x: np.ndarray
    y: np.ndarray
    snap: IndexSnapshot


def sentence_label(question: Question, text: str) -> bool:
    """The evaluation's evidence rule on one sentence, plus a sentence wholly inside the evidence.

    A long evidence string spans several sentences, and a sentence shorter than half of it holds
    neither half; it is still evidence when it lies inside the evidence.
    """
    if not question.answerable:
        return False
    if is_hit(question.evidence, text):
        return True
    norm = normalise(text)
    items = [question.evidence] if isinstance(question.evidence, str) else list(question.evidence or [])
    return len(norm) >= 30 and any(norm in normalise(e) for e in items)


def collect(assistant: Assistant, questions: list[Question]) -> list[Item]:
    items = []
    for q in questions:
        plan, cands, snap = assistant.reader_candidates(q.question)
        x = sentence_features(plan, cands)
        y = np.array([sentence_label(q, c.text) for c in cands], dtype=int)
        items.append(Item(q, plan, cands, x, y, snap))
    return items


def folds(items: list[Item], n: int) -> list[np.ndarray]:
    """Question indices of each held-out fold, stratified by answerable."""
    labels = np.array([int(it.question.answerable) for it in items])
    skf = StratifiedKFold(n_splits=n, shuffle=True, random_state=SEED)
    return [test for _, test in skf.split(np.zeros(len(items)), labels)]


def _stack(items: list[Item], idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    xs = [items[i].x for i in idx if len(items[i].cands)]
    ys = [items[i].y for i in idx if len(items[i].cands)]
    return np.vstack(xs), np.concatenate(ys)


def fit_sentence(kind: str, c: float, x: np.ndarray, y: np.ndarray):
    if kind == "gb":
        return GradientBoostingClassifier(n_estimators=150, max_depth=3, learning_rate=0.05, subsample=1.0, random_state=SEED).fit(x, y)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    lr = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit((x - mean) / scale, y)
    return LinearModel(SENTENCE_FEATURES, mean, scale, lr.coef_[0].copy(), float(lr.intercept_[0]))


def _predict(model, x: np.ndarray) -> np.ndarray:
    if isinstance(model, LinearModel):
        return model.predict(x)
    return model.predict_proba(x)[:, 1]


def oof_sentence_probs(items: list[Item], fold_idx: list[np.ndarray], kind: str, c: float) -> list[np.ndarray]:
    probs: list[np.ndarray] = [np.zeros(0)] * len(items)
    all_idx = np.arange(len(items))
    for test in fold_idx:
        train = np.setdiff1d(all_idx, test)
        model = fit_sentence(kind, c, *_stack(items, train))
        for i in test:
            probs[i] = _predict(model, items[i].x) if len(items[i].cands) else np.zeros(0)
    return probs


def simulate(assistant: Assistant, item: Item, probs: np.ndarray, keep: float) -> tuple[bool, np.ndarray]:
    """(would the answer be correct if given, the decision features) with these sentence probabilities."""
    ans = assistant.answerer
    cands = list(item.cands)
    ans.rank(item.plan, cands, probs)
    chosen = ans.select(item.plan, cands, keep)
    row = ans.question_row(item.plan, cands, chosen, item.snap)
    if not chosen:
        return False, row[0]
    text, _ = compose(item.plan, chosen, item.snap)
    return answer_correct(item.question, text, refused=False), row[0]


def fit_decision(x: np.ndarray, y: np.ndarray, c: float = 1.0) -> LinearModel:
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    lr = LogisticRegression(C=c, max_iter=2000).fit((x - mean) / scale, y)
    return LinearModel(QUESTION_FEATURES, mean, scale, lr.coef_[0].copy(), float(lr.intercept_[0]))


def outcome(conf: np.ndarray, correct: np.ndarray, answerable: np.ndarray, t: float) -> tuple[float, float, float]:
    """(answer accuracy, false-refusal rate, refusal rate of unanswerable) at threshold ``t``."""
    answered = conf >= t
    ok = np.where(answerable, answered & correct, ~answered)
    return float(ok.mean()), float((~answered[answerable]).mean()), float((~answered[~answerable]).mean())


# What a wrong answer costs against a right one; an honest refusal costs nothing. Users act on answers:
# a wrong one is worse than "the agreements do not say", so it weighs at least as much as a right one.
WRONG_COST = 1.0


def utility(conf: np.ndarray, correct: np.ndarray, answerable: np.ndarray, t: float) -> float:
    """Right answers minus ``WRONG_COST`` times wrong ones (an unanswerable question answered is wrong)."""
    answered = conf >= t
    right = answered & correct & answerable
    return float(right.sum() - WRONG_COST * (answered & ~right).sum()) / len(conf)


def best_threshold(conf: np.ndarray, correct: np.ndarray, answerable: np.ndarray) -> float:
    """Maximise ``utility``; among ties the lowest false-refusal rate, then the middle threshold."""
    scored = [((utility(conf, correct, answerable, t), outcome(conf, correct, answerable, t)[1]), t) for t in THRESHOLDS]
    top = max(s[0][0] for s in scored)
    ties = [(s[1], t) for s, t in scored if abs(s[0] - top) < 1e-12]
    lowest_fr = min(fr for fr, _ in ties)
    ts = [t for fr, t in ties if fr == lowest_fr]
    return ts[len(ts) // 2]


def oof_decision(qx: np.ndarray, label: np.ndarray, fold_idx: list[np.ndarray]) -> np.ndarray:
    """Out-of-fold confidences of the decision model."""
    conf = np.zeros(len(label))
    all_idx = np.arange(len(label))
    for test in fold_idx:
        train = np.setdiff1d(all_idx, test)
        conf[test] = fit_decision(qx[train], label[train]).predict(qx[test])
    return conf


def nested_threshold_cv(conf: np.ndarray, correct: np.ndarray, answerable: np.ndarray, fold_idx: list[np.ndarray]):
    """(accuracy, false refusals, refusals, thresholds): each fold scored at the threshold the other folds chose."""
    all_idx = np.arange(len(conf))
    rows = []
    for test in fold_idx:
        train = np.setdiff1d(all_idx, test)
        t = best_threshold(conf[train], correct[train], answerable[train])
        rows.append((len(test), *outcome(conf[test], correct[test], answerable[test], t), t))
    n = sum(r[0] for r in rows)
    acc, fr, ref = (sum(r[0] * r[k] for r in rows) / n for k in (1, 2, 3))
    return acc, fr, ref, [r[4] for r in rows]


def nested_utility(conf: np.ndarray, correct: np.ndarray, answerable: np.ndarray, fold_idx: list[np.ndarray]) -> float:
    """Held-out ``utility``, each fold at the threshold the other folds chose."""
    all_idx = np.arange(len(conf))
    total = 0.0
    for test in fold_idx:
        train = np.setdiff1d(all_idx, test)
        t = best_threshold(conf[train], correct[train], answerable[train])
        total += utility(conf[test], correct[test], answerable[test], t) * len(test)
    return total / len(conf)


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=MODEL_FILE)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--dry-run", action="store_true", help="print the CV metrics, write nothing")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    questions = load_split("tune", purpose="fit")
    settings = get_settings()
    assistant = Assistant(settings, reader=ReaderModel.neutral())
    assistant.warm_up()
    items = collect(assistant, questions)
    fold_idx = folds(items, args.folds)
    answerable = np.array([it.question.answerable for it in items])
    has_pos = np.array([bool(it.y.any()) for it in items])
    print(f"{len(items)} tune questions, {sum(len(it.cands) for it in items)} candidates, "
          f"{int(answerable.sum())} answerable ({int(has_pos.sum())} with an evidence sentence among the candidates); "
          f"collected in {time.perf_counter() - t0:.0f}s")

    # 1-2. the sentence model and keep, by out-of-fold answer accuracy on answerable questions
    results = []
    for kind, c in [("lr", c) for c in C_GRID] + [("gb", 0.0)]:
        probs = oof_sentence_probs(items, fold_idx, kind, c)
        top1 = float(np.mean([it.y[int(np.argmax(p))] for it, p in zip(items, probs) if it.y.any()]))
        results.append((top1, kind, c, probs))
        print(f"  sentence {kind} C={c:<5}: out-of-fold top-1 sentence holds the evidence {top1:.3f}")
    lr_best = max((r for r in results if r[1] == "lr"), key=lambda r: (round(r[0], 6), -abs(np.log10(r[2]))))
    gb = next(r for r in results if r[1] == "gb")
    keeps: dict[str, list[tuple[float, float]]] = {}
    for top1, kind, c, probs in (lr_best, gb):
        for keep in KEEP_GRID:
            acc = float(np.mean([simulate(assistant, it, p, keep)[0] for it, p in zip(items, probs) if it.question.answerable]))
            keeps.setdefault(kind, []).append((acc, keep))
            print(f"  {kind} C={c:<5} keep={keep:.1f}: answerable accuracy if answered {acc:.3f}")
    best_lr = (*max(keeps["lr"]), lr_best)  # ties: the higher keep (fewer sentences)
    best_gb = max(keeps["gb"])
    print(f"chosen: LR C={lr_best[2]} keep={best_lr[1]} ({best_lr[0]:.3f}); gradient boosting best {best_gb[0]:.3f} at keep={best_gb[1]}")
    keep, (top1, _, c_best, probs) = best_lr[1], lr_best

    # 3-4. the decision model and threshold on out-of-fold sentence probabilities
    sims = [simulate(assistant, it, p, keep) for it, p in zip(items, probs)]
    correct = np.array([ok for ok, _ in sims])
    qx = np.vstack([row for _, row in sims])
    all_idx = np.arange(len(items))
    # the decision's label, chosen by held-out utility: "answerable", or "the quoted answer would be right"
    labels = {"answerable": answerable.astype(int), "right": (answerable & correct).astype(int)}
    confs = {name: oof_decision(qx, y, fold_idx) for name, y in labels.items()}
    utilities = {name: nested_utility(confs[name], correct, answerable, fold_idx) for name in labels}
    for name in labels:
        a = nested_threshold_cv(confs[name], correct, answerable, fold_idx)
        print(f"decision labelled {name!r}: held-out utility {utilities[name]:.3f}, answer accuracy {a[0]:.3f}, "
              f"false refusals {a[1]:.3f}, refusal of unanswerable {a[2]:.3f}")
    label_name = max(labels, key=lambda n: (utilities[n], n == "right"))
    label, conf = labels[label_name], confs[label_name]
    alt = nested_threshold_cv(confs["answerable" if label_name == "right" else "right"], correct, answerable, fold_idx)
    cv_acc, cv_fr, cv_ref, cv_thresholds = nested_threshold_cv(conf, correct, answerable, fold_idx)
    threshold = best_threshold(conf, correct, answerable)
    brier, ece = calibration(conf, label.astype(float))
    print(f"decision CV (nested threshold): answer accuracy {cv_acc:.3f}, false refusals {cv_fr:.3f}, "
          f"refusal of unanswerable {cv_ref:.3f}; per-fold thresholds {[float(t) for t in cv_thresholds]}")
    print(f"confidence calibration (out-of-fold): Brier {brier:.3f}, ECE {ece:.3f}; threshold on all folds {threshold}")

    sentence = fit_sentence("lr", c_best, *_stack(items, all_idx))
    decision = fit_decision(qx, label)
    info = {
        "trained_on": "tune",
        "questions": len(items),
        "embedder": assistant.snapshot().manifest.embedder,
        "sentence_C": c_best,
        "cv": {
            "folds": args.folds,
            "top1_evidence": round(float(top1), 4),
            "answerable_accuracy_if_answered": round(float(best_lr[0]), 4),
            "gradient_boosting_answerable_accuracy": round(float(best_gb[0]), 4),
            "gradient_boosting_top1_evidence": round(float(gb[0]), 4),
            "answer_accuracy": round(cv_acc, 4),
            "false_refusal_rate": round(cv_fr, 4),
            "refusal_rate": round(cv_ref, 4),
            "decision_label": label_name,
            "held_out_utility": round(utilities[label_name], 4),
            "other_label_answer_accuracy": round(alt[0], 4),
            "brier": round(brier, 4),
            "ece": round(ece, 4),
        },
    }
    model = ReaderModel(MODEL_VERSION, sentence, decision, threshold, keep, info)
    print(json.dumps(info, indent=1))
    if not args.dry_run:
        model.save(args.out)
        print(f"wrote {args.out} in {time.perf_counter() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
