"""Fit the learned reader on the ``tune`` questions and write ``assistant/data/reader.json``.

    python -m evals.train_reader [--out PATH] [--folds 5] [--dry-run] [--same-config]

Runs every tune question through the same retrieval and candidate code as ``ask`` (the index in
``AFTALE_DATA_DIR``; the embedder it was built with), labels each candidate sentence by the
evaluation's evidence rule, and chooses everything by cross-validation inside tune. Folds are
grouped by question family (one stretch of one document: a Danish and an English wording of one
rule never straddle folds) and stratified by answerable and language (``--ungrouped``: plain folds):

1. the sentence model (pointwise logistic regression, or the listwise softmax over each question's
   candidates of ``evals.listwise``; C from a small grid, gradient boosting as a comparison), scored by
   out-of-fold answer accuracy on answerable questions;
2. ``keep``: how close to the best sentence a further sentence must score to be quoted;
3. the decision model on question features built from *out-of-fold* sentence probabilities,
   so its inputs look like those of unseen questions: its label ("answerable" or "the quoted
   answer would be right"), its feature set (``FEATURE_SETS``) and its regularisation, all by
   held-out utility; its probability is the ``confidence`` a user sees;
4. the refusal threshold, maximising right answers minus wrong ones (a wrong answer is worse than an
   honest refusal; false refusals break ties), with unanswerable questions weighed to the
   protocol's 20% (``UNANSWERABLE_PRIOR``); its CV estimate chooses the threshold on the other
   folds and scores the held-out one. Held-out numbers are printed overall and by language.

``--same-config`` skips the choices: it refits the shipped model's sentence model, keep and decision
configuration on today's tune questions (only the threshold is chosen again), so its held-out numbers
carry no selection bias and a refit on more questions can be judged by them.

Only ``load_split("tune", purpose="fit")`` is read: the test split is never touched. The run is
deterministic (fixed folds, deterministic solvers) and takes about a minute.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from assistant.api import Assistant
from assistant.candidates import Candidate
from assistant.compose import compose
from assistant.query import QueryPlan
from assistant.reader import (
    MODEL_FILE,
    MODEL_VERSION,
    RELATIVE_SENTENCE_FEATURES,
    SENTENCE_FEATURES,
    LinearModel,
    ReaderModel,
    load_model,
    sentence_features,
)
from evals.decision_cv import (
    DECISION_C_GRID,
    FEATURE_SETS,
    UNANSWERABLE_PRIOR,
    UTILITY_SLACK,
    best_threshold,
    eligible,
    fit_decision,
    nested_answered,
    nested_threshold_cv,
    nested_utility,
    oof_decision,
    selection_cv,
)
from evals.listwise import fit_listwise
from evals.metrics import answer_correct, is_hit
from evals.query_cache import cache_query_vectors
from evals.questions import Question, normalise
from evals.reader_report import calibration, report_rows, strata, written_as_paraphrase
from evals.splits import load_split
from foundation.settings import get_settings
from index.snapshot import IndexSnapshot

# "lr": pointwise logistic regression over all candidates; "listwise": a softmax over each question's
# candidates (evals.listwise), which learns only how the candidates of one question differ
SENTENCE_KINDS = ("lr", "listwise")
KEEP_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
C_GRID = (0.1, 1.0, 10.0)
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


def folds(items: list[Item], n: int, grouped: bool = True) -> list[np.ndarray]:
    """Question indices of each held-out fold, stratified by answerable and language.

    ``grouped``: questions of one family (the same document section) stay in one fold, so a
    held-out question never has a near twin in training (see ``families``).
    """
    labels = np.array([2 * int(it.question.answerable) + int(it.question.lang == "en") for it in items])
    if not grouped:
        skf = StratifiedKFold(n_splits=n, shuffle=True, random_state=SEED)
        return [test for _, test in skf.split(np.zeros(len(items)), labels)]
    sgkf = StratifiedGroupKFold(n_splits=n, shuffle=True, random_state=SEED)
    return [test for _, test in sgkf.split(np.zeros(len(items)), labels, families(items))]


FAMILY_SPAN = 6000  # characters of one document that make one question family (about a section)


def families(items: list[Item]) -> np.ndarray:
    """A family per question: its first document and the stretch of it that holds the evidence.

    Questions about the same passage (a Danish and an English wording, a yes/no and a who question
    on one rule) are near twins; cross-validation keeps them in one fold. An unanswerable question
    is its own family.
    """
    texts: dict[str, str] = {}
    out = []
    for k, it in enumerate(items):
        q = it.question
        if not q.answerable or not q.docs:
            out.append(f"unanswerable-{k}")
            continue
        doc = q.docs[0]
        if doc not in texts:
            path = Path(get_settings().corpus_dir) / doc
            texts[doc] = normalise(path.read_text(encoding="utf-8")) if path.exists() else ""
        ev = normalise(q.evidences[0])[:40] if q.evidences else ""
        pos = texts[doc].find(ev) if ev else -1
        out.append(f"{doc}@{pos // FAMILY_SPAN if pos >= 0 else 'x'}")
    return np.array(out)


def _stack(items: list[Item], idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    xs = [items[i].x for i in idx if len(items[i].cands)]
    ys = [items[i].y for i in idx if len(items[i].cands)]
    return np.vstack(xs), np.concatenate(ys)


# Sentence feature sets compared by out-of-fold answer accuracy; a left-out feature keeps a zero coefficient.
SENTENCE_SETS: dict[str, tuple[str, ...]] = {
    "absolute": tuple(f for f in SENTENCE_FEATURES if f not in RELATIVE_SENTENCE_FEATURES),
    "all": SENTENCE_FEATURES,
    # the absolute cosines shift with the question's language; their query-relative forms do not
    "relative instead of absolute": tuple(f for f in SENTENCE_FEATURES if f not in ("cos", "pcos")),
}


def fit_sentence(kind: str, c: float, x: np.ndarray, y: np.ndarray, features: tuple[str, ...] = SENTENCE_FEATURES):
    cols = np.array([SENTENCE_FEATURES.index(f) for f in features])
    if kind == "gb":
        return GradientBoostingClassifier(n_estimators=150, max_depth=3, learning_rate=0.05, subsample=1.0, random_state=SEED).fit(x, y)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    lr = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(((x - mean) / scale)[:, cols], y)
    coef = np.zeros(len(SENTENCE_FEATURES))
    coef[cols] = lr.coef_[0]
    return LinearModel(SENTENCE_FEATURES, mean, scale, coef, float(lr.intercept_[0]))


def _predict(model, x: np.ndarray) -> np.ndarray:
    if isinstance(model, LinearModel):
        return model.predict(x)
    return model.predict_proba(x)[:, 1]


def oof_sentence_probs(
    items: list[Item], fold_idx: list[np.ndarray], kind: str, c: float, features: tuple[str, ...] = SENTENCE_FEATURES
) -> list[np.ndarray]:
    probs: list[np.ndarray] = [np.zeros(0)] * len(items)
    all_idx = np.arange(len(items))
    for test in fold_idx:
        train = np.setdiff1d(all_idx, test)
        if kind == "listwise":
            model = fit_listwise([items[i].x for i in train], [items[i].y for i in train], c, features)
        else:
            model = fit_sentence(kind, c, *_stack(items, train), features)
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


def shipped_config(model: ReaderModel) -> dict:
    """The configuration a fitted model was chosen with, read from its info: sentence (feature set, kind, C),
    keep, decision (label, feature set, C)."""
    info, cv = model.info, model.info.get("cv", {})
    try:
        return {"sentence": (info["sentence_features"], info["sentence_model"], float(info["sentence_C"])),
                "keep": float(model.keep),
                "decision": (cv["decision_label"], cv["decision_features"], float(cv["decision_C"]))}
    except KeyError as exc:
        raise SystemExit(f"the shipped reader model does not record its configuration ({exc}); run without --same-config")


def choose_decision(utilities: dict, false_refusals: dict) -> tuple[str, str, float]:
    """Within UTILITY_SLACK of the best held-out utility (noise on a few hundred questions), the fewest false
    refusals; then the higher utility, the label "right", the fuller feature set, the stronger regularisation.
    Only feature sets that keep an absolute similarity are eligible."""
    shippable = {k: u for k, u in utilities.items() if eligible(FEATURE_SETS[k[1]])}
    top_utility = max(shippable.values())
    near = [k for k in shippable if shippable[k] >= top_utility - UTILITY_SLACK]
    return max(near, key=lambda k: (-round(false_refusals[k], 6), round(utilities[k], 6), k[0] == "right", k[1] == "all", -k[2]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=MODEL_FILE)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--dry-run", action="store_true", help="print the CV metrics, write nothing")
    ap.add_argument("--ungrouped", action="store_true", help="plain stratified folds (near twins may straddle folds)")
    ap.add_argument("--vectors", type=Path, help="keep the questions' query vectors in this .npz between runs (same embedder)")
    ap.add_argument("--dump", type=Path, help="write the out-of-fold decision features and labels to this .npz")
    ap.add_argument("--same-config", action="store_true",
                    help="refit the shipped model's configuration (sentence model, keep, decision) without choosing among "
                         "others: its held-out numbers carry no selection bias")
    args = ap.parse_args(argv)
    pinned = shipped_config(load_model(MODEL_FILE)) if args.same_config else None
    t0 = time.perf_counter()
    questions = load_split("tune", purpose="fit")
    settings = get_settings()
    assistant = Assistant(settings, reader=ReaderModel.neutral())
    if args.vectors:
        cache_query_vectors(assistant, args.vectors)
    assistant.warm_up()
    items = collect(assistant, questions)
    if args.vectors:
        assistant.embedder.save_cache()
    fold_idx = folds(items, args.folds, grouped=not args.ungrouped)
    answerable = np.array([it.question.answerable for it in items])
    has_pos = np.array([bool(it.y.any()) for it in items])
    print(f"{len(items)} tune questions, {sum(len(it.cands) for it in items)} candidates, "
          f"{int(answerable.sum())} answerable ({int(has_pos.sum())} with an evidence sentence among the candidates); "
          f"collected in {time.perf_counter() - t0:.0f}s")

    # 1-2. the sentence model and keep, by out-of-fold answer accuracy on answerable questions
    paraphrased = np.array([written_as_paraphrase(it.question) for it in items])
    langs = np.array([it.question.lang for it in items])
    results = []
    grid = [(n, k, c) for k in SENTENCE_KINDS for n in SENTENCE_SETS for c in C_GRID]
    if pinned:
        grid = [pinned["sentence"]]
    for set_name, kind, c in [*grid, ("all", "gb", 0.0)]:
        probs = oof_sentence_probs(items, fold_idx, kind, c, SENTENCE_SETS[set_name])
        hits = {k: float(np.mean([it.y[int(np.argmax(p))] for it, p, m in zip(items, probs, mask) if it.y.any() and m]))
                for k, mask in strata(langs, paraphrased, answerable).items()}
        results.append((hits["all"], kind, c, probs, set_name))
        print(f"  sentence {set_name:<28} {kind} C={c:<5}: out-of-fold top-1 sentence holds the evidence "
              + ", ".join(f"{k} {v:.3f}" for k, v in hits.items()))
    # per feature set the C with the best top-1; then set and keep by out-of-fold answer accuracy
    keeps: list[tuple[float, float, tuple]] = []
    best_gb = (0.0, 0.0)
    for kind, set_name in [(k, n) for k in SENTENCE_KINDS for n in SENTENCE_SETS]:
        mine = [r for r in results if r[1] == kind and r[4] == set_name]
        if not mine:
            continue
        r = max(mine, key=lambda r: (round(r[0], 6), -abs(np.log10(r[2]))))
        for keep in [pinned["keep"]] if pinned else KEEP_GRID:
            ok = np.array([simulate(assistant, it, p, keep)[0] for it, p in zip(items, r[3])])
            acc = float(ok[answerable].mean())
            keeps.append((acc, keep, r))
            print(f"  {kind} {set_name:<28} C={r[2]:<5} keep={keep:.1f}: answerable accuracy if answered {acc:.3f} "
                  f"(paraphrased {ok[answerable & paraphrased].mean():.3f}, en {ok[answerable & (langs == 'en')].mean():.3f})")
    gb = next(r for r in results if r[1] == "gb")
    for keep in KEEP_GRID:
        best_gb = max(best_gb, (float(np.mean([simulate(assistant, it, p, keep)[0] for it, p in zip(items, gb[3]) if it.question.answerable])), keep))
    # ties: the fuller feature set listed later loses to an earlier one, then the higher keep (fewer sentences)
    # (and the pointwise kind, listed first, before the listwise one)
    acc_best, keep, lr_best = max(keeps, key=lambda k: (round(k[0], 6), -SENTENCE_KINDS.index(k[2][1]), -list(SENTENCE_SETS).index(k[2][4]), k[1]))
    best_lr = (acc_best, keep, lr_best)
    sentence_set, sentence_kind = lr_best[4], lr_best[1]
    print(f"chosen: {sentence_kind} {sentence_set!r} C={lr_best[2]} keep={keep} ({acc_best:.3f}); gradient boosting best {best_gb[0]:.3f} at keep={best_gb[1]}")
    top1, _, c_best, probs, _ = lr_best

    # 3-4. the decision model and threshold on out-of-fold sentence probabilities
    sims = [simulate(assistant, it, p, keep) for it, p in zip(items, probs)]
    correct = np.array([ok for ok, _ in sims])
    qx = np.vstack([row for _, row in sims])
    all_idx = np.arange(len(items))
    # the decision's label, chosen by held-out utility: "answerable", or "the quoted answer would be right"
    # label x feature set x C, all by held-out utility (thresholds chosen on the other folds)
    labels = {"answerable": answerable.astype(int), "right": (answerable & correct).astype(int)}
    confs: dict[tuple[str, str, float], np.ndarray] = {}
    utilities: dict[tuple[str, str, float], float] = {}
    false_refusals: dict[tuple[str, str, float], float] = {}
    decision_grid = [(n, s, c) for n in labels for s in FEATURE_SETS for c in DECISION_C_GRID]
    for name, set_name, c in [pinned["decision"]] if pinned else decision_grid:
        features, y = FEATURE_SETS[set_name], labels[name]
        key = (name, set_name, c)
        confs[key] = oof_decision(qx, y, fold_idx, c, features)
        utilities[key] = nested_utility(confs[key], correct, answerable, fold_idx)
        a = nested_threshold_cv(confs[key], correct, answerable, fold_idx)
        false_refusals[key] = a[1]
        print(f"decision labelled {name!r}, {set_name}, C={c}: held-out utility {utilities[key]:.3f}, "
              f"answer accuracy {a[0]:.3f}, false refusals {a[1]:.3f}, refusal of unanswerable {a[2]:.3f}"
              + ("" if eligible(features) else " (compared only: no absolute similarity)"))
    best_key = choose_decision(utilities, false_refusals)
    shippable = {k: c for k, c in confs.items() if eligible(FEATURE_SETS[k[1]])}
    sel_acc, sel_fr, sel_ref, sel_keys = selection_cv(shippable, correct, answerable, fold_idx, choose_decision)
    print(f"the choice itself, made inside the training folds (selection CV): answer accuracy {sel_acc:.3f}, "
          f"false refusals {sel_fr:.3f}, refusal of unanswerable {sel_ref:.3f}; chosen per fold {sel_keys}")
    label_name, set_name, c_decision = best_key
    label, conf = labels[label_name], confs[best_key]
    other = max((k for k in utilities if k[0] != label_name), key=lambda k: utilities[k], default=None)
    alt = nested_threshold_cv(confs[other], correct, answerable, fold_idx) if other else (float("nan"),)
    print(f"chosen decision: label {label_name!r}, {set_name}, C={c_decision}")
    cv_acc, cv_fr, cv_ref, cv_thresholds = nested_threshold_cv(conf, correct, answerable, fold_idx)
    by_lang = report_rows(nested_answered(conf, correct, answerable, fold_idx), correct, answerable, langs, paraphrased)
    for name, row in by_lang.items():
        print(f"  out-of-fold {name:>18} (n={row['n']}): answer accuracy {row['answer_accuracy']:.3f}, "
              f"false refusals {row['false_refusal_rate']:.3f}, refusal of unanswerable {row['refusal_rate']:.3f}")
    threshold = best_threshold(conf, correct, answerable)
    if args.dump:
        np.savez(args.dump, qx=qx, answerable=answerable, correct=correct, langs=langs, paraphrased=paraphrased,
                 conf=conf, ids=np.array([it.question.id for it in items]), folds=np.concatenate(
                     [np.full(len(f), k) for k, f in enumerate(fold_idx)])[np.argsort(np.concatenate(fold_idx))])
    brier, ece = calibration(conf, label.astype(float))
    print(f"decision CV (nested threshold): answer accuracy {cv_acc:.3f}, false refusals {cv_fr:.3f}, "
          f"refusal of unanswerable {cv_ref:.3f}; per-fold thresholds {[float(t) for t in cv_thresholds]}")
    print(f"confidence calibration (out-of-fold): Brier {brier:.3f}, ECE {ece:.3f}; threshold on all folds {threshold}")

    if sentence_kind == "listwise":
        sentence = fit_listwise([it.x for it in items], [it.y for it in items], c_best, SENTENCE_SETS[sentence_set])
    else:
        sentence = fit_sentence("lr", c_best, *_stack(items, all_idx), SENTENCE_SETS[sentence_set])
    decision = fit_decision(qx, label, c_decision, FEATURE_SETS[set_name])
    info = {
        "trained_on": "tune",
        "questions": len(items),
        "embedder": assistant.snapshot().manifest.embedder,
        "sentence_C": c_best,
        "sentence_features": sentence_set,
        "sentence_model": sentence_kind,
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
            "decision_features": set_name,
            "decision_C": c_decision,
            "unanswerable_prior": UNANSWERABLE_PRIOR,
            "held_out_utility": round(utilities[best_key], 4),
            "selection_cv": {"answer_accuracy": round(sel_acc, 4), "false_refusal_rate": round(sel_fr, 4),
                             "refusal_rate": round(sel_ref, 4)},
            "other_label_answer_accuracy": round(alt[0], 4) if other else None,
            "same_config": bool(pinned),
            "grouped": not args.ungrouped,
            "by_language": by_lang,
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
