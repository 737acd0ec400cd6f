"""How evals.train_reader (and evals.decision_cv) estimate held-out quality: grouped folds, the protocol's prior, feature sets.

Pure functions on small arrays and the repository's tune questions; no index is built.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from assistant.reader import (
    EVIDENCE_FEATURES,
    QUESTION_FEATURES,
    SENTENCE_FEATURES,
    load_model,
)
from evals.decision_cv import (
    FEATURE_SETS,
    UNANSWERABLE_PRIOR,
    eligible,
    fit_decision,
    prior_weights,
    utility,
)
from evals.listwise import fit_listwise
from evals.questions import Question
from evals.reader_report import PARAPHRASED_FROM, strata, written_as_paraphrase
from evals.splits import load_split
from evals.train_reader import families, folds, shipped_config


def _items():
    return [SimpleNamespace(question=q) for q in load_split("tune", purpose="fit")]


def test_prior_weights_give_unanswerable_questions_the_protocols_share():
    answerable = np.array([True] * 6 + [False] * 4)  # 40% unanswerable in the sample
    w = prior_weights(answerable)
    assert np.isclose(w.mean(), 1.0)
    assert np.isclose(w[~answerable].sum() / w.sum(), UNANSWERABLE_PRIOR)


def test_utility_weighs_an_answered_unanswerable_question_by_the_prior():
    answerable = np.array([True, True, True, True, False, False, False, False])
    correct = np.array([True, True, True, True, False, False, False, False])
    conf = np.array([0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.1, 0.1])
    # four right answers (weight 0.8 in all) and two of four unanswerable answered (0.2 * 1/2 wrong)
    assert np.isclose(utility(conf, correct, answerable, 0.5), 0.8 - 0.1)
    assert np.isclose(utility(conf, correct, answerable, 0.95), 0.0)


def test_families_keep_questions_on_one_stretch_of_one_document_together():
    items = _items()
    fam = families(items)
    assert len(fam) == len(items)
    for it, f in zip(items, fam):
        if not it.question.answerable:
            assert f.startswith("unanswerable-")
        else:
            assert f.startswith(it.question.docs[0] + "@")
    # several questions share a family (otherwise grouping would change nothing) ...
    answerable = [f for it, f in zip(items, fam) if it.question.answerable]
    assert len(set(answerable)) < len(answerable) / 2
    # ... and the grouped folds never split one
    for test in folds(items, 5, grouped=True):
        inside = set(fam[test])
        rest = set(np.delete(fam, test))
        assert not inside & rest


def test_folds_cover_every_question_once_and_hold_both_languages():
    items = _items()
    idx = np.concatenate(folds(items, 5, grouped=True))
    assert sorted(idx.tolist()) == list(range(len(items)))
    for test in folds(items, 5, grouped=True):
        langs = {items[i].question.lang for i in test}
        assert langs == {"da", "en"}


def test_a_feature_left_out_of_the_set_gets_a_zero_coefficient():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(80, len(QUESTION_FEATURES)))
    y = (x[:, 0] + rng.normal(scale=0.5, size=80) > 0).astype(int)
    features = FEATURE_SETS["without evidence features"]
    model = fit_decision(x, y, 1.0, features)
    assert model.features == QUESTION_FEATURES
    for name, coef in zip(QUESTION_FEATURES, model.coef):
        if name in EVIDENCE_FEATURES:
            assert coef == 0.0
    assert model.coef[0] > 0  # the informative feature is used


def test_every_feature_set_names_known_features_and_one_leaves_lexical_coverage_out():
    for features in FEATURE_SETS.values():
        assert features and set(features) <= set(QUESTION_FEATURES)
    lexical = {"cov_max", "cov_top", "covered_share", "uncovered_known", "uncovered_max", "passage_uncovered"}
    assert any(not (set(f) & lexical) for f in FEATURE_SETS.values())


def test_paraphrased_stratum_is_the_answerable_questions_written_as_paraphrases():
    def q(qid: str, answerable: bool) -> Question:
        return Question(id=qid, question="?", doc="d.txt" if answerable else None, evidence="e" if answerable else None,
                        answer="", must_include=[], type="number" if answerable else "unanswerable", lang="da")

    assert written_as_paraphrase(q(f"q{PARAPHRASED_FROM}", True))
    assert not written_as_paraphrase(q(f"q{PARAPHRASED_FROM}", False)) and not written_as_paraphrase(q("q001", True))
    langs, para, ans = np.array(["da", "en", "en"]), np.array([True, False, False]), np.array([True, True, False])
    s = strata(langs, para, ans)
    assert list(s["paraphrased"]) == [True, False, False] and list(s["documents' wording"]) == [False, True, False]
    assert list(s["en"]) == [False, True, True]


def test_listwise_model_learns_the_order_within_each_question_not_between_questions():
    # feature 0 ("cos") tells the evidence apart within each question; feature 1 ("cos_rel") is high for every
    # candidate of the easy questions, so pointwise it would look like evidence, listwise it carries nothing
    rng = np.random.default_rng(0)
    xs, ys = [], []
    for q in range(40):
        x = np.zeros((6, len(SENTENCE_FEATURES)))
        x[:, 0] = rng.normal(size=6)
        x[0, 0] += 8.0  # the evidence sentence
        x[:, 1] = 5.0 if q % 2 else -5.0
        y = np.zeros(6, dtype=int)
        y[0] = 1 if q % 2 or q % 4 == 0 else 0  # hard questions without evidence still count for Platt
        xs.append(x)
        ys.append(y)
    model = fit_listwise(xs, ys, c=1.0, features=("cos", "cos_rel"))
    assert model.features == SENTENCE_FEATURES
    assert model.coef[0] > 0 and abs(model.coef[1]) < 1e-6
    assert all(int(np.argmax(model.predict(x))) == 0 for x in xs)
    p = model.predict(np.vstack(xs))
    assert ((0 < p) & (p < 1)).all()


def test_a_decision_ships_only_with_an_absolute_similarity() -> None:
    """Relative-only sets are fitted for comparison, but a shippable decision must see how near the best sentence is."""
    shippable = {name for name, feats in FEATURE_SETS.items() if eligible(feats)}
    assert "all" in shippable and "dense, and relative similarity" in shippable
    assert "relative instead of absolute similarity" not in shippable
    assert all(any(f in ("cos_max", "pcos_max", "cos_gap") for f in FEATURE_SETS[n]) for n in shippable)



def test_the_choice_of_a_configuration_is_scored_on_folds_it_was_not_made_on():
    from evals.decision_cv import nested_threshold_cv, selection_cv

    rng = np.random.default_rng(0)
    n = 200
    answerable = rng.random(n) < 0.7
    correct = answerable & (rng.random(n) < 0.8)
    fold_idx = [np.arange(k, n, 5) for k in range(5)]
    informative = np.clip(correct * 0.6 + rng.random(n) * 0.4, 0, 1)
    confs = {("right", "all", 1.0): informative, ("right", "all", 0.1): rng.random(n)}

    def choose(utilities, false_refusals):
        return max(utilities, key=utilities.get)

    acc, fr, ref, keys = selection_cv(confs, correct, answerable, fold_idx, choose)
    assert keys == [("right", "all", 1.0)] * 5  # the informative one, chosen in every fold
    assert (acc, fr, ref) == nested_threshold_cv(informative, correct, answerable, fold_idx)[:3]


def test_the_shipped_model_records_the_configuration_a_refit_can_keep():
    """``--same-config`` refits the shipped sentence model, keep and decision model with no choice among others."""
    model = load_model()
    config = shipped_config(model)
    set_name, kind, c = config["sentence"]
    assert kind in ("lr", "listwise") and c > 0 and config["keep"] == model.keep
    label, features, c_decision = config["decision"]
    assert label in ("answerable", "right") and features in FEATURE_SETS and c_decision > 0
