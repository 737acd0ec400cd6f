"""A listwise sentence model: which of a question's candidate sentences holds the evidence.

The pointwise sentence model (``evals.train_reader.fit_sentence``) learns "is this sentence
evidence" over all candidates of all questions at once, so a feature that separates easy
questions from hard ones (a Danish question in the documents' wording has higher cosines
everywhere) is learnt as if it separated sentences. Reading needs only the order *within* one
question: the listwise model maximises the probability that the softmax over a question's
candidates puts its mass on the evidence sentences (a conditional logit), so only differences
between the candidates of one question count.

The fitted weights are then scaled and shifted by a one-feature logistic regression (Platt,
balanced like the pointwise model) so the stored ``LinearModel`` gives probabilities in the same
range as before: ``keep`` and the decision features read them unchanged.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression

from assistant.reader import SENTENCE_FEATURES, LinearModel


def fit_listwise(xs: list[np.ndarray], ys: list[np.ndarray], c: float = 1.0, features: tuple[str, ...] = SENTENCE_FEATURES) -> LinearModel:
    """Fit on per-question candidate rows ``xs`` with 0/1 evidence labels ``ys``; L2 strength ``1 / c``.

    Questions without an evidence candidate carry no ordering and are left out of the softmax
    (they still shape the standardisation and the Platt scaling).
    """
    cols = np.array([SENTENCE_FEATURES.index(f) for f in features])
    x_all = np.vstack([x for x in xs if len(x)])
    y_all = np.concatenate([y for y in ys if len(y)])
    mean, scale = x_all.mean(axis=0), x_all.std(axis=0)
    scale[scale < 1e-9] = 1.0
    groups = [(((x - mean) / scale)[:, cols], y.astype(bool)) for x, y in zip(xs, ys) if len(y) and y.any()]
    lam = 1.0 / c

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        value, grad = 0.5 * lam * float(w @ w), lam * w
        for x, pos in groups:
            z = x @ w
            e = np.exp(z - z.max())
            p_all, e_pos = e / e.sum(), e[pos]
            value -= float(np.log(e_pos.sum()) - np.log(e.sum()))
            grad = grad - ((e_pos / e_pos.sum()) @ x[pos] - p_all @ x)
        return value, grad

    w = minimize(loss, np.zeros(len(cols)), jac=True, method="L-BFGS-B").x
    z = ((x_all - mean) / scale)[:, cols] @ w
    platt = LogisticRegression(class_weight="balanced", max_iter=2000).fit(z[:, None], y_all)
    coef = np.zeros(len(SENTENCE_FEATURES))
    coef[cols] = float(platt.coef_[0][0]) * w
    return LinearModel(SENTENCE_FEATURES, mean, scale, coef, float(platt.intercept_[0]))
