"""The answer/refuse decision of ``evals.train_reader``: its feature sets, fit, held-out utility and threshold.

Everything here works on the question features and labels the training script collects: which
features a decision may use (and which may ship), the logistic fit, the utility that weighs a wrong
answer against an honest refusal (unanswerable questions weighed to the protocol's share), and the
out-of-fold and nested-threshold estimates that choose among them. No index, no questions read.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sklearn.linear_model import LogisticRegression

from assistant.reader import (
    EVIDENCE_FEATURES,
    QUESTION_FEATURES,
    RELATIVE_QUESTION_FEATURES,
    LinearModel,
)

THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 0.96, 0.01))


_ABSOLUTE = ("cos_max", "pcos_max", "cos_gap")
_DENSE = ("p_max", "p_second", "p_top3_mean", "cos_max", "pcos_max", "cos_gap", "dense_rr", "sentence_rr", "typed_fit_missing", "unknown_terms", "asked_unknown")
# Decision feature sets compared by held-out utility; a left-out feature keeps a zero coefficient.
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "all": QUESTION_FEATURES,
    "without evidence features": tuple(f for f in QUESTION_FEATURES if f not in EVIDENCE_FEATURES),
    "all but relative": tuple(f for f in QUESTION_FEATURES if f not in RELATIVE_QUESTION_FEATURES),
    # counts and the language flag shift with how a question is worded, not with what the documents say
    "without n_terms, lang_en": tuple(f for f in QUESTION_FEATURES if f not in ("n_terms", "lang_en")),
    "uncovered terms, without n_terms, lang_en": tuple(f for f in QUESTION_FEATURES if f not in ("n_terms", "lang_en", *EVIDENCE_FEATURES[:4])),
    # no lexical coverage: a paraphrased question shares few words with its answer, so coverage
    # learnt on questions in the documents' wording refuses it; the embedder's similarity does not
    "dense and sentence probabilities": _DENSE,
    # query-relative (assistant.relative): the lead's distance to the index's k-th best sentence for this
    # question and how far the index's best stands out; comparable across languages, unlike the raw cosine
    "dense, and relative similarity": (*_DENSE, "lead_gapk", "peak"),
    "relative instead of absolute similarity": (*(f for f in _DENSE if f not in _ABSOLUTE), "lead_gapk", "peak"),
    "small, relative similarity": ("p_max", "lead_gapk", "peak", "unknown_terms", "asked_unknown", "typed_fit_missing", "sentence_rr", "dense_rr"),
}
DECISION_C_GRID = (0.03, 0.1, 0.3, 1.0)


def eligible(features: tuple[str, ...]) -> bool:
    """Can a decision on these features ship? Only with an absolute similarity among them.

    Query-relative features measure how the lead stands out among this question's candidates, which
    looks the same whether the index's nearest sentence is close or far: on its own it cannot refuse a
    question nothing in the index is near (an off-topic question, or any question under an embedder the
    reader was not fitted with). Such sets are still fitted and printed, for comparison.
    """
    return any(f in _ABSOLUTE for f in features)


# Decision configurations whose held-out utility lies this close to the best one's are ties: among them the
# one refusing the fewest answerable questions is kept (issue 12: false refusals are the reader's main loss).
UTILITY_SLACK = 0.01


# Standardised decision features are held within this many standard deviations, in fitting as in use
# (``LinearModel.limit``): three, the usual bound beyond which a value is an outlier, not more of the same.
DECISION_LIMIT = 3.0


def fit_decision(x: np.ndarray, y: np.ndarray, c: float = 1.0, features: tuple[str, ...] = QUESTION_FEATURES) -> LinearModel:
    """Logistic regression on the ``features`` columns; the others get coefficient 0."""
    cols = np.array([QUESTION_FEATURES.index(f) for f in features])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    held = LinearModel(QUESTION_FEATURES, mean, scale, np.zeros(len(QUESTION_FEATURES)), 0.0, DECISION_LIMIT)
    lr = LogisticRegression(C=c, max_iter=3000).fit(held.standardise(x)[:, cols], y)
    coef = np.zeros(len(QUESTION_FEATURES))
    coef[cols] = lr.coef_[0]
    return LinearModel(QUESTION_FEATURES, mean, scale, coef, float(lr.intercept_[0]), DECISION_LIMIT)


def outcome(conf: np.ndarray, correct: np.ndarray, answerable: np.ndarray, t: float) -> tuple[float, float, float]:
    """(answer accuracy, false-refusal rate, refusal rate of unanswerable) at threshold ``t``."""
    answered = conf >= t
    ok = np.where(answerable, answered & correct, ~answered)
    return float(ok.mean()), float((~answered[answerable]).mean()), float((~answered[~answerable]).mean())


# What a wrong answer costs against a right one; an honest refusal costs nothing. Users act on answers:
# a wrong one is worse than "the agreements do not say", so it weighs at least as much as a right one.
WRONG_COST = 1.0


# The share of unanswerable questions the protocol writes (issue 12: 20%). Tune may hold more (hard
# unanswerable questions are added to it to learn refusing); utility weighs them back to this share,
# so the threshold is not pushed towards refusing by the mix of the training questions.
UNANSWERABLE_PRIOR = 0.2


def prior_weights(answerable: np.ndarray) -> np.ndarray:
    """Per-question weights (mean 1) giving unanswerable questions ``UNANSWERABLE_PRIOR`` of the total."""
    n_un = int((~answerable).sum())
    n_ans = len(answerable) - n_un
    if not n_un or not n_ans:
        return np.ones(len(answerable))
    w = np.where(answerable, (1 - UNANSWERABLE_PRIOR) / n_ans, UNANSWERABLE_PRIOR / n_un)
    return w * len(answerable)


def utility(conf: np.ndarray, correct: np.ndarray, answerable: np.ndarray, t: float) -> float:
    """Right answers minus ``WRONG_COST`` times wrong ones (an unanswerable question answered is wrong),
    per question, with unanswerable questions weighed to ``UNANSWERABLE_PRIOR``."""
    answered = conf >= t
    right = answered & correct & answerable
    value = right.astype(float) - WRONG_COST * (answered & ~right)
    w = prior_weights(answerable)
    return float((w * value).sum() / w.sum())


def best_threshold(conf: np.ndarray, correct: np.ndarray, answerable: np.ndarray) -> float:
    """Maximise ``utility``; among ties the lowest false-refusal rate, then the middle threshold."""
    scored = [((utility(conf, correct, answerable, t), outcome(conf, correct, answerable, t)[1]), t) for t in THRESHOLDS]
    top = max(s[0][0] for s in scored)
    ties = [(s[1], t) for s, t in scored if abs(s[0] - top) < 1e-12]
    lowest_fr = min(fr for fr, _ in ties)
    ts = [t for fr, t in ties if fr == lowest_fr]
    return ts[len(ts) // 2]


def oof_decision(
    qx: np.ndarray, label: np.ndarray, fold_idx: list[np.ndarray], c: float = 1.0, features: tuple[str, ...] = QUESTION_FEATURES
) -> np.ndarray:
    """Out-of-fold confidences of the decision model."""
    conf = np.zeros(len(label))
    all_idx = np.arange(len(label))
    for test in fold_idx:
        train = np.setdiff1d(all_idx, test)
        conf[test] = fit_decision(qx[train], label[train], c, features).predict(qx[test])
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


def nested_answered(conf: np.ndarray, correct: np.ndarray, answerable: np.ndarray, fold_idx: list[np.ndarray]) -> np.ndarray:
    """Per question: answered or not, each fold at the threshold the other folds chose."""
    all_idx = np.arange(len(conf))
    answered = np.zeros(len(conf), dtype=bool)
    for test in fold_idx:
        train = np.setdiff1d(all_idx, test)
        answered[test] = conf[test] >= best_threshold(conf[train], correct[train], answerable[train])
    return answered


def nested_utility(conf: np.ndarray, correct: np.ndarray, answerable: np.ndarray, fold_idx: list[np.ndarray]) -> float:
    """Held-out ``utility``, each fold at the threshold the other folds chose."""
    all_idx = np.arange(len(conf))
    total = 0.0
    for test in fold_idx:
        train = np.setdiff1d(all_idx, test)
        t = best_threshold(conf[train], correct[train], answerable[train])
        total += utility(conf[test], correct[test], answerable[test], t) * len(test)
    return total / len(conf)


def selection_cv(
    confs: dict[tuple, np.ndarray], correct: np.ndarray, answerable: np.ndarray, fold_idx: list[np.ndarray],
    choose: Callable[[dict, dict], tuple],
) -> tuple[float, float, float, list[tuple]]:
    """(accuracy, false refusals, refusals, chosen keys) of choosing the configuration inside the training folds.

    ``confs`` maps each configuration to its out-of-fold confidences; ``choose(utilities, false_refusals)``
    picks one from its held-out utility and false-refusal rate. For each fold the choice is made on the
    other folds' questions only (their utility, each inner fold at the threshold the rest chose), and the
    chosen configuration is scored on the fold at the threshold the other folds choose. This estimates the
    whole selection; the winner's own held-out score is the best of many noisy ones, so biased upward.
    It is not fully nested: the other folds' confidences come from models that saw the held-out fold's
    questions, so it still leans a little to the optimistic side.
    """
    all_idx = np.arange(len(correct))
    rows, keys = [], []
    for k, test in enumerate(fold_idx):
        train = np.setdiff1d(all_idx, test)
        where = {int(old): new for new, old in enumerate(train)}
        inner = [np.array([where[int(i)] for i in f]) for j, f in enumerate(fold_idx) if j != k]
        c, a = correct[train], answerable[train]
        utilities = {key: nested_utility(conf[train], c, a, inner) for key, conf in confs.items()}
        false_refusals = {key: nested_threshold_cv(conf[train], c, a, inner)[1] for key, conf in confs.items()}
        key = choose(utilities, false_refusals)
        t = best_threshold(confs[key][train], c, a)
        rows.append((len(test), *outcome(confs[key][test], correct[test], answerable[test], t)))
        keys.append(key)
    n = sum(r[0] for r in rows)
    acc, fr, ref = (sum(r[0] * r[i] for r in rows) / n for i in (1, 2, 3))
    return acc, fr, ref, keys
