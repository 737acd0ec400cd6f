"""Run the question set through ``Assistant.ask`` (and the baselines) and write the report.

``run_eval`` asks every question through the same API as the app and scores it with
``evals.metrics``; with ``baseline=True`` it also runs the tutorial pipeline and BM25-only on
the same questions and corpus. ``evals.report`` writes ``latest.md`` and ``latest.json``;
``write_outputs`` writes one ``ask --json`` object plus ``"id"`` per line.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.baselines import BM25Baseline, TutorialBaseline, corpus_files, corpus_hash
from evals.metrics import QuestionRecord, aggregate, make_record
from evals.questions import Question, load_questions
from foundation.errors import BadQuestion, EmptyQuestion
from index.build import index_fingerprint
from ingest.load import sha256_file

__all__ = [
    "project_relative",
    "EvalResult",
    "SYSTEMS",
    "TARGETS",
    "corpus_fingerprint",
    "redacted_settings",
    "run_eval",
    "write_outputs",
]

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total); stages "ours", "tutorial-embed", "tutorial", "bm25"."""

SYSTEMS: dict[str, str] = {"ours": "Aftale", "tutorial": "Tutorial (LangChain 1000/200, dense)", "bm25": "BM25 only"}

TARGETS: dict[str, tuple[str, float]] = {
    "recall@5": (">=", 0.95),
    "mrr@10": (">=", 0.85),
    "answer_accuracy": (">=", 0.85),
    "citation_accuracy": (">=", 0.95),
    "refusal_rate": (">=", 0.90),
    "false_refusal_rate": ("<=", 0.05),
}
RATIO_METRICS = ("recall@5", "mrr@10", "answer_accuracy")
RECALL_MARGIN = 0.15  # Recall@5 at least 15 points above the tutorial
_SECRET_WORDS = ("key", "secret", "token", "password")


@dataclass
class EvalResult:
    """Everything one evaluation run produced.

    Attributes:
        records: per system name ("ours", "tutorial", "bm25"), one record per question.
        outputs: our ``Answer.to_json()`` per question, plus ``"id"``.
        meta: date, question count, k, settings, corpus fingerprint.
    """

    records: dict[str, list[QuestionRecord]]
    outputs: list[dict[str, Any]]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def metrics(self) -> dict[str, dict[str, Any]]:
        """``aggregate`` of each system's records."""
        return {name: aggregate(recs) for name, recs in self.records.items()}

    @property
    def ours(self) -> list[QuestionRecord]:
        return self.records["ours"]

    def failures(self) -> list[QuestionRecord]:
        """Our questions with a wrong answer or a citation that misses the evidence."""
        return [r for r in self.ours if not r.answer_ok or r.citation_ok is False]

    def to_json(self) -> dict[str, Any]:
        metrics = self.metrics
        return {
            "meta": self.meta,
            "metrics": metrics,
            "comparison": comparison(metrics) if len(metrics) > 1 else None,
            "targets": {m: {"op": op, "value": v} for m, (op, v) in TARGETS.items()},
            "records": {name: [r.to_json() for r in recs] for name, recs in self.records.items()},
            "commitments": self.meta.get("commitments"),
        }


# ---------------------------------------------------------------- settings and corpus facts


ROOT = Path(__file__).resolve().parents[1]


def project_relative(path: str | Path | None) -> str | None:
    """``path`` relative to the project root; outside it, ``…/<last folder>``."""
    if path is None:
        return None
    p = Path(path)
    try:
        return p.resolve().relative_to(ROOT).as_posix() or "."
    except ValueError:
        return f"…/{p.name}"


def redacted_settings(settings: Any) -> dict[str, Any]:
    """``settings.model_dump`` with every secret-looking field that is set replaced by ``***``."""

    def scrub(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: ("***" if v and any(w in k.lower() for w in _SECRET_WORDS) else scrub(v)) for k, v in value.items()
            }
        return value

    dumped = scrub(settings.model_dump(mode="json"))
    for key in ("data_dir", "corpus_dir"):
        if dumped.get(key):
            dumped[key] = project_relative(dumped[key])
    return dumped


def corpus_fingerprint(assistant: Any) -> dict[str, Any]:
    """The index generation, its fingerprints and the sha256 of every indexed file."""
    snap = assistant.snapshot()
    m = snap.manifest
    files = corpus_files(m, Path(assistant.settings.corpus_dir))
    return {
        "settings_fingerprint": index_fingerprint(assistant.settings),
        "index_fingerprint": m.fingerprint,
        "generation": m.generation,
        "embedder": m.embedder,
        "dim": m.dim,
        "chunks": len(snap.chunks),
        "corpus_hash": corpus_hash(files),
        "files": {name: entry.sha256 for name, entry in sorted(m.files.items())},
    }


# ---------------------------------------------------------------- running


def _ask_one(assistant: Any, question: Question, k: int) -> tuple[QuestionRecord, dict[str, Any]]:
    t0 = time.perf_counter()
    try:
        answer = assistant.ask(question.question, k=k)
    except (EmptyQuestion, BadQuestion) as exc:
        latency = (time.perf_counter() - t0) * 1000
        message = exc.message("en")
        record = make_record(question, [], "", True, [], latency, error=message)
        return record, {"id": question.id, "question": question.question, "error": message}
    latency = (time.perf_counter() - t0) * 1000
    record = make_record(
        question,
        [p.text for p in answer.passages],
        answer.answer,
        answer.refused,
        [c.passage.text for c in answer.citations],
        latency,
    )
    record.extra = {"support": round(float(answer.support), 4), "query": answer.query}
    return record, {**answer.to_json(), "id": question.id}


def _run_baseline(
    system: Any, questions: Sequence[Question], k: int, tick: Progress
) -> list[QuestionRecord]:
    records = []
    for i, q in enumerate(questions):
        tick(system.name, i, len(questions))
        out = system.run(q.question, k)
        records.append(make_record(q, out.passages, out.answer, out.refused, out.cited, out.latency_ms))
    tick(system.name, len(questions), len(questions))
    return records


def run_eval(
    assistant: Any,
    questions: Sequence[Question] | str | Path,
    k: int = 10,
    baseline: bool = False,
    progress: Progress | None = None,
) -> EvalResult:
    """Ask every question and score the answers; optionally run the baselines too.

    Args:
        assistant: an ``Assistant`` (anything with ``ask``, ``snapshot``, ``embedder``, ``settings``).
        questions: the questions, or a JSONL file to load them from.
        k: passages retrieved per question (all systems).
        baseline: also run the tutorial pipeline and BM25-only.
        progress: optional ``progress(stage, done, total)``.

    Returns:
        The records of each system, our ``ask`` outputs and the run's metadata.

    Raises:
        AftaleError: the index is missing, outdated or damaged (before any question is asked).
        ValueError: a question file is malformed.
    """
    questions_file = None
    if isinstance(questions, (str, Path)):
        questions_file = Path(questions)
        questions = load_questions(questions_file)
    tick = progress or (lambda *a: None)
    snap = assistant.snapshot()  # fails fast on a missing or damaged index
    warm_up = getattr(assistant, "warm_up", None)
    if callable(warm_up):
        warm_up()  # model loading stays out of the first question's latency
    fingerprint = corpus_fingerprint(assistant)

    ours: list[QuestionRecord] = []
    outputs: list[dict[str, Any]] = []
    for i, q in enumerate(questions):
        tick("ours", i, len(questions))
        record, output = _ask_one(assistant, q, k)
        ours.append(record)
        outputs.append(output)
    tick("ours", len(questions), len(questions))
    records = {"ours": ours}

    if baseline:
        files = corpus_files(snap.manifest, Path(assistant.settings.corpus_dir))
        cache_dir = Path(assistant.settings.data_dir) / "eval-cache"
        tutorial = TutorialBaseline.build(files, assistant.embedder, cache_dir, tick)
        records["tutorial"] = _run_baseline(tutorial, questions, k, tick)
        records["bm25"] = _run_baseline(BM25Baseline(snap), questions, k, tick)
        fingerprint["tutorial_chunks"] = len(tutorial.chunks)

    meta: dict[str, Any] = {
        "date": dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds"),
        "n_questions": len(questions),
        "k": k,
        "baseline": baseline,
        "settings": redacted_settings(assistant.settings),
        "corpus": fingerprint,
    }
    if questions_file is not None:
        meta["questions_file"] = project_relative(questions_file)
        meta["questions_sha256"] = sha256_file(Path(questions_file))
    return EvalResult(records=records, outputs=outputs, meta=meta)


# ---------------------------------------------------------------- writing


def write_outputs(results: "EvalResult | dict[str, EvalResult]", path: str | Path) -> Path:
    """One line per question: our ``ask --json`` object plus ``"id"`` (and ``"split"`` for several splits)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    runs = results if isinstance(results, dict) else {None: results}
    with open(path, "w", encoding="utf-8") as fh:
        for split, result in runs.items():
            for row in result.outputs:
                fh.write(json.dumps(row if split is None else {**row, "split": split}, ensure_ascii=False) + "\n")
    return path


def comparison(metrics: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Our overall metrics beside each baseline's, with our ratio to each."""
    ours = metrics["ours"]["overall"]
    out: dict[str, Any] = {}
    for name in metrics:
        if name == "ours":
            continue
        other = metrics[name]["overall"]
        out[name] = {
            "ratio": {m: _ratio(ours.get(m), other.get(m)) for m in RATIO_METRICS},
            "recall@5_points": _points(ours.get("recall@5"), other.get("recall@5")),
        }
    return out


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return a / b


def _points(a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return None
    return (a - b) * 100
