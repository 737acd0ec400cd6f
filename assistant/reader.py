"""The learned reader: which sentence answers, and whether to answer at all.

Two logistic regressions stored as data (``assistant/data/reader.json``), fitted on the
``tune`` questions by ``python -m evals.train_reader``:

* the *sentence* model scores each candidate sentence from general features (dense
  similarity of the sentence and of its passage, rarity-weighted key-term coverage, the
  asked type's fit, position, passage rank, length, fragment signs, the register);
* the *decision* model turns question-level features (the best sentence probabilities,
  coverage, unknown terms, top similarity) into a calibrated ``confidence`` that the quoted
  sentences answer the question; below ``threshold`` the answer is a refusal.

Inference is plain numpy so the app needs no scikit-learn; features are computed here
and nowhere else, so training and answering cannot drift apart.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from foundation.errors import AftaleError
from foundation.text.sentences import starts_lower

MODEL_FILE = Path(__file__).resolve().parent / "data" / "reader.json"
MODEL_VERSION = 3

SENTENCE_FEATURES: tuple[str, ...] = (
    "cos",
    "cos_rel",
    "cos_rank",
    "pcos",
    "pcos_rel",
    "coverage",
    "coverage_rel",
    "matched_share",
    "fit_who",
    "fit_when",
    "fit_number",
    "position",
    "first_in_passage",
    "passage_rrank",
    "log_len",
    "short",
    "starts_lower",
    "no_end_punct",
    "verbless",
    "footnote",
    "stated",
    "stated_who",
    # query-relative (assistant.relative): where the sentence and its passage stand among all of the
    # index's sentences and passages for this question; comparable across languages and wordings
    "cos_z",
    "cos_lrank",
    "cos_gapk",
    "pcos_z",
    "bm25_rel",
    "bm25_z",
)
RELATIVE_SENTENCE_FEATURES: tuple[str, ...] = SENTENCE_FEATURES[-6:]

QUESTION_FEATURES: tuple[str, ...] = (
    "p_max",
    "p_second",
    "p_top3_mean",
    "cov_max",
    "cov_top",
    "covered_share",
    "unknown_terms",
    "n_terms",
    "soft_share",
    "cos_max",
    "pcos_max",
    "typed_fit_missing",
    "lang_en",
    # where the retrieval legs put the lead sentence's passage (1/rank, 0: not a candidate of that leg)
    "dense_rr",
    "lexical_rr",
    "sentence_rr",
    "legs_agree",
    # what of the question the evidence leaves out (rarity-weighted, untranslatable English excluded)
    "uncovered_known",
    "uncovered_max",
    "passage_uncovered",
    "cos_gap",
    # the first key term, what the question is about, is a word the index never uses and the embedder
    # maps to no index term ("lønnen" in "hvad er lønnen for …"): the documents likely do not speak of it
    "asked_unknown",
    # query-relative: the lead sentence and passage against the whole index for this question
    "lead_z",
    "lead_lrank",
    "lead_gapk",
    "lead_pz",
    "lead_bm25_rel",
    "lead_bm25_z",
    "top_z",
    "peak",
    "passage_peak",
    "bm25_peak",
    "cand_z_max",
)
RELATIVE_QUESTION_FEATURES: tuple[str, ...] = QUESTION_FEATURES[-11:]
EVIDENCE_FEATURES: tuple[str, ...] = QUESTION_FEATURES[13:]
"""Computed by ``assistant.answer.ExtractiveAnswerer.evidence_features`` and passed in as ``extra``."""

_TOKEN = re.compile(r"[0-9a-zæøåéü]+")
_FOOTNOTE = re.compile(r"^\d{1,2}\s+[A-ZÆØÅ]")
_END = re.compile(r"[.!?:;)\"”»]\s*$")
# Finite verbs and auxiliaries of general Danish and English grammar: a sentence without any
# (and without a passive -es verb) is likely a heading, a list item or a fragment of a bad split.
_FINITE = frozenset(
    ["er", "var", "være", "skal", "skulle", "kan", "kunne", "vil", "ville", "må", "måtte", "bør", "burde", "har", "havde", "bliver", "blev", "får", "fik", "gør", "gjorde", "sker", "skete", "gælder", "gjaldt", "findes", "fandtes", "ses", "indgår", "indgik", "betyder", "betød", "omfatter", "sikrer", "står", "stod", "ligger", "lå", "is", "are", "was", "were", "be", "has", "have", "had", "will", "shall", "must", "should", "can", "could", "may", "does", "do", "did"]
)


class ReaderModelError(AftaleError):
    """The reader model file is missing or invalid: answering cannot start without it."""


class CandidateLike(Protocol):
    """What the features read from a candidate sentence (``assistant.candidates.Candidate``)."""

    text: str
    cos: float
    pcos: float
    coverage: float
    matched: frozenset[tuple[str, ...]]
    fit: float
    order: int
    n_in_passage: int
    passage_rank: int
    stated: bool
    cos_z: float
    cos_lrank: float
    cos_gapk: float
    pcos_z: float
    bm25_rel: float
    bm25_z: float


class PlanLike(Protocol):
    qtype: str
    lang: str
    key_terms: tuple[tuple[str, ...], ...]
    soft: frozenset[tuple[str, ...]]


@dataclass(frozen=True)
class LinearModel:
    """A standardised logistic regression: ``sigmoid(((x - mean) / scale) · coef + intercept)``.

    ``limit``: each standardised value is held within ``±limit`` (None: not held). A feature far outside
    what the model was fitted on moves the confidence no further than one at the edge of it: a rare
    word's BM25 z-score grows with the index (a one-word question on a term one passage holds had a BM25
    peak of 16, five standard deviations above the fitted questions' mean of 3.9), and a linear model
    would follow it into a refusal.
    """

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    limit: float | None = None

    def standardise(self, x: np.ndarray) -> np.ndarray:
        z = (x - self.mean) / self.scale
        return z if self.limit is None else np.clip(z, -self.limit, self.limit)

    def predict(self, x: np.ndarray) -> np.ndarray:
        if x.ndim != 2 or x.shape[1] != len(self.features):
            raise ValueError(f"expected {len(self.features)} features, got shape {x.shape}")
        z = self.standardise(x) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "features": list(self.features),
            "mean": [float(v) for v in self.mean],
            "scale": [float(v) for v in self.scale],
            "coef": [float(v) for v in self.coef],
            "intercept": float(self.intercept),
        }
        if self.limit is not None:
            out["limit"] = float(self.limit)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any], expected: Sequence[str]) -> LinearModel:
        features = tuple(data["features"])
        if features != tuple(expected):
            raise ValueError(f"feature list {list(features)} does not match the code's {list(expected)}")
        arrays = [np.asarray(data[k], dtype=float) for k in ("mean", "scale", "coef")]
        if any(a.shape != (len(features),) for a in arrays) or not all(np.isfinite(a).all() for a in arrays):
            raise ValueError("mean, scale and coef must be finite lists of one value per feature")
        if (arrays[1] <= 0).any():
            raise ValueError("scale must be positive")
        intercept = float(data["intercept"])
        if not math.isfinite(intercept):
            raise ValueError("intercept must be finite")
        limit = data.get("limit")
        if limit is not None and not (math.isfinite(float(limit)) and float(limit) > 0):
            raise ValueError("limit must be a positive number")
        return cls(features, arrays[0], arrays[1], arrays[2], intercept, None if limit is None else float(limit))


@dataclass(frozen=True)
class ReaderModel:
    """The fitted sentence and decision models, the refusal threshold and the keep ratio.

    ``keep``: a further sentence is quoted when its probability is at least ``keep`` times the
    best one's. ``threshold``: answer when ``confidence >= threshold``.
    """

    version: int
    sentence: LinearModel
    decision: LinearModel
    threshold: float
    keep: float
    info: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "sentence": self.sentence.to_json(),
            "decision": self.decision.to_json(),
            "threshold": self.threshold,
            "keep": self.keep,
            "info": self.info,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReaderModel:
        if data.get("version") != MODEL_VERSION:
            raise ValueError(f"model version {data.get('version')!r}, this code reads version {MODEL_VERSION}")
        threshold, keep = float(data["threshold"]), float(data["keep"])
        if not (0.0 <= threshold <= 1.0 and 0.0 <= keep <= 1.0):
            raise ValueError("threshold and keep must lie in [0, 1]")
        return cls(
            version=MODEL_VERSION,
            sentence=LinearModel.from_json(data["sentence"], SENTENCE_FEATURES),
            decision=LinearModel.from_json(data["decision"], QUESTION_FEATURES),
            threshold=threshold,
            keep=keep,
            info=dict(data.get("info") or {}),
        )

    @classmethod
    def neutral(cls) -> ReaderModel:
        """All-zero coefficients: only for the training script, which needs candidates before a model exists."""
        def zero(features: tuple[str, ...]) -> LinearModel:
            n = len(features)
            return LinearModel(features, np.zeros(n), np.ones(n), np.zeros(n), 0.0)

        return cls(MODEL_VERSION, zero(SENTENCE_FEATURES), zero(QUESTION_FEATURES), 0.5, 0.5, {"neutral": True})

    def save(self, path: Path = MODEL_FILE) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def load_model(path: Path = MODEL_FILE) -> ReaderModel:
    """Read the model file; a missing or invalid file is a clear error, never a silent fallback."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ReaderModel.from_json(data)
    except FileNotFoundError as exc:
        raise ReaderModelError(
            f"Læsermodellen {path.name} mangler. Kør: python -m evals.train_reader",
            f"The reader model {path.name} is missing. Run: python -m evals.train_reader",
        ) from exc
    except (ValueError, KeyError, TypeError) as exc:  # json.JSONDecodeError is a ValueError
        raise ReaderModelError(
            f"Læsermodellen {path.name} er ugyldig ({exc}). Kør: python -m evals.train_reader",
            f"The reader model {path.name} is invalid ({exc}). Run: python -m evals.train_reader",
        ) from exc


# ---------------------------------------------------------------- features


def fragment_signs(text: str) -> tuple[float, float, float, float]:
    """(starts lower-case, no closing punctuation, no finite verb, footnote-like) as 0/1."""
    stripped = text.strip()
    starts_lower_ = 1.0 if starts_lower(stripped) else 0.0
    no_end = 0.0 if _END.search(stripped) else 1.0
    toks = _TOKEN.findall(stripped.lower())
    has_verb = any(t in _FINITE or (len(t) >= 6 and t.endswith("es")) for t in toks)
    footnote = 1.0 if _FOOTNOTE.match(stripped) else 0.0
    return starts_lower_, no_end, 0.0 if has_verb else 1.0, footnote


def looks_like_fragment(text: str) -> bool:
    """A piece left by a bad split: lower-case start, or no verb, or very short."""
    lower, _, verbless, footnote = fragment_signs(text)
    return bool(lower or verbless or footnote or len(text.strip()) < 25)


def _relative(values: np.ndarray) -> np.ndarray:
    lo, hi = float(values.min()), float(values.max())
    return (values - lo) / max(hi - lo, 1e-6)


def _rank_score(values: np.ndarray) -> np.ndarray:
    """1 for the highest value, falling linearly to 0 for the lowest (ties share a rank)."""
    n = len(values)
    if n == 1:
        return np.ones(1)
    order = (-values).argsort(kind="stable")
    ranks = np.empty(n)
    ranks[order] = np.arange(n)
    return 1.0 - ranks / (n - 1)


def sentence_features(plan: PlanLike, cands: Sequence[CandidateLike]) -> np.ndarray:
    """One row of ``SENTENCE_FEATURES`` per candidate; relative features are within the question."""
    if not cands:
        return np.zeros((0, len(SENTENCE_FEATURES)))
    cos = np.array([c.cos for c in cands], dtype=float)
    pcos = np.array([c.pcos for c in cands], dtype=float)
    cov = np.array([c.coverage for c in cands], dtype=float)
    n_terms = max(len(plan.key_terms), 1)
    cos_rel, cos_rank, pcos_rel = _relative(cos), _rank_score(cos), _relative(pcos)
    cov_max = float(cov.max())
    rows = []
    for i, c in enumerate(cands):
        lower, no_end, verbless, footnote = fragment_signs(c.text)
        typed = {"who": 0.0, "when": 0.0, "number": 0.0}
        if plan.qtype in typed:
            typed[plan.qtype] = c.fit
        rows.append([
            c.cos,
            cos_rel[i],
            cos_rank[i],
            c.pcos,
            pcos_rel[i],
            c.coverage,
            c.coverage / cov_max if cov_max > 0 else 0.0,
            sum(1 for g in c.matched if g in plan.key_terms) / n_terms,
            typed["who"],
            typed["when"],
            typed["number"],
            c.order / max(c.n_in_passage - 1, 1),
            1.0 if c.order == 0 else 0.0,
            1.0 / max(c.passage_rank, 1),
            math.log(1.0 + len(c.text)),
            1.0 if len(c.text.strip()) < 40 else 0.0,
            lower,
            no_end,
            verbless,
            footnote,
            1.0 if c.stated else 0.0,
            1.0 if c.stated and plan.qtype == "who" else 0.0,
            c.cos_z,
            c.cos_lrank,
            c.cos_gapk,
            c.pcos_z,
            c.bm25_rel,
            c.bm25_z,
        ])
    return np.asarray(rows, dtype=float)


def question_features(
    plan: PlanLike,
    cands: Sequence[CandidateLike],
    probs: np.ndarray,
    chosen: Sequence[CandidateLike],
    covered_share: float,
    unknown_terms: int,
    extra: dict[str, float] | None = None,
) -> np.ndarray:
    """One row of ``QUESTION_FEATURES``: how well the best evidence holds what is asked.

    Args:
        plan: the question's plan.
        cands: all candidate sentences.
        probs: the sentence model's probability per candidate.
        chosen: the sentences the answer would quote.
        covered_share: rarity-weighted share of key terms the chosen sentences hold.
        unknown_terms: key terms the corpus never uses and the evidence does not hold.
        extra: the ``EVIDENCE_FEATURES`` (missing ones count 0).
    """
    tail = [float((extra or {}).get(name, 0.0)) for name in EVIDENCE_FEATURES]
    if not cands:
        return _empty_row(plan, unknown_terms, tail)
    order = np.sort(probs)[::-1]
    top = cands[int(np.argmax(probs))]
    typed = plan.qtype in ("who", "when", "number")
    n_terms = len(plan.key_terms)
    soft = sum(1 for g in plan.key_terms if g in plan.soft)
    row = [
        float(order[0]),
        float(order[1]) if len(order) > 1 else 0.0,
        float(order[:3].mean()),
        max(c.coverage for c in cands),
        top.coverage,
        covered_share,
        float(unknown_terms),
        float(n_terms),
        soft / n_terms if n_terms else 0.0,
        max(c.cos for c in cands),
        max(c.pcos for c in cands),
        1.0 if typed and not any(c.fit for c in chosen) else 0.0,
        1.0 if plan.lang == "en" else 0.0,
        *tail,
    ]
    return np.asarray([row], dtype=float)


def _empty_row(plan: PlanLike, unknown_terms: int, tail: list[float]) -> np.ndarray:
    n_terms = len(plan.key_terms)
    soft = sum(1 for g in plan.key_terms if g in plan.soft)
    row = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, float(unknown_terms), float(n_terms), soft / n_terms if n_terms else 0.0, 0.0, 0.0,
           1.0 if plan.qtype in ("who", "when", "number") else 0.0, 1.0 if plan.lang == "en" else 0.0, *tail]
    return np.asarray([row], dtype=float)
