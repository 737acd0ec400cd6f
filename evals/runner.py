"""Run the question set through ``Assistant.ask`` (and the baselines) and write the report.

``run_eval`` asks every question through the same API as the app and scores it with
``evals.metrics``; with ``baseline=True`` it also runs the tutorial pipeline and BM25-only on
the same questions and corpus. ``write_report`` writes ``latest.md`` and ``latest.json``;
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
from evals.commitments_eval import summary
from evals.metrics import METRIC_LABELS, QuestionRecord, aggregate, make_record
from evals.questions import Question, load_questions, term_in
from foundation.errors import BadQuestion, EmptyQuestion
from index.build import index_fingerprint
from ingest.load import sha256_file

__all__ = [
    "EvalResult",
    "SYSTEMS",
    "TARGETS",
    "corpus_fingerprint",
    "redacted_settings",
    "render_markdown",
    "run_eval",
    "write_outputs",
    "write_report",
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


def redacted_settings(settings: Any) -> dict[str, Any]:
    """``settings.model_dump`` with every secret-looking field that is set replaced by ``***``."""

    def scrub(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: ("***" if v and any(w in k.lower() for w in _SECRET_WORDS) else scrub(v)) for k, v in value.items()
            }
        return value

    return scrub(settings.model_dump(mode="json"))


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
        meta["questions_file"] = str(questions_file)
        meta["questions_sha256"] = sha256_file(Path(questions_file))
    return EvalResult(records=records, outputs=outputs, meta=meta)


# ---------------------------------------------------------------- writing


def write_outputs(result: EvalResult, path: str | Path) -> Path:
    """One line per question: our ``ask --json`` object plus ``"id"``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for row in result.outputs:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
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


def _fmt(metric: str, value: float | None) -> str:
    if value is None:
        return "–"
    if metric.startswith("latency"):
        return f"{value:.0f}" if value >= 10 else f"{value:.1f}"
    return f"{value:.3f}"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _head(text: str, n: int = 180) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[: n - 1] + "…"


def _meets(metric: str, value: float | None) -> str:
    if metric not in TARGETS or value is None:
        return ""
    op, target = TARGETS[metric]
    ok = value >= target if op == ">=" else value <= target
    return "met" if ok else "**missed**"


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


_GROUP_METRICS = (
    "recall@1",
    "recall@5",
    "recall@10",
    "mrr@10",
    "answer_accuracy",
    "answer_accuracy_answerable",
    "citation_accuracy",
    "refusal_rate",
    "false_refusal_rate",
)
_SHORT = {
    "recall@1": "R@1",
    "recall@5": "R@5",
    "recall@10": "R@10",
    "mrr@10": "MRR@10",
    "answer_accuracy": "Answer acc.",
    "answer_accuracy_answerable": "Answer acc. (answerable)",
    "citation_accuracy": "Citation acc.",
    "refusal_rate": "Refusal (unans.)",
    "false_refusal_rate": "False refusal",
    "latency_p50_ms": "p50 ms",
    "latency_p95_ms": "p95 ms",
}


def _group_table(groups: dict[str, dict[str, Any]], label: str) -> list[str]:
    headers = [label, "N", *(_SHORT[m] for m in _GROUP_METRICS), "p50 ms"]
    rows = [
        [name, str(s["n"]), *(_fmt(m, s[m]) for m in _GROUP_METRICS), _fmt("latency_p50_ms", s["latency_p50_ms"])]
        for name, s in groups.items()
    ]
    return _table(headers, rows)


def _why(record: QuestionRecord) -> str:
    if record.error:
        return f"error: {record.error}"
    if not record.answerable:
        return "answered (should refuse)"
    if record.refused:
        return "refused"
    if not record.answer_ok:
        missing = [t for t in record.must_include if not term_in(t, record.answer)]
        return "missing: " + ", ".join(missing)
    return "citation misses evidence"


def render_markdown(result: EvalResult) -> str:
    """The human-readable report."""
    metrics = result.metrics
    meta = result.meta
    ours = metrics["ours"]
    o = ours["overall"]
    corpus = meta.get("corpus", {})
    lines = [
        "# Aftale evaluation",
        "",
        f"- Date: {meta.get('date')}",
        f"- Questions: {o['n']} ({o['n_answerable']} answerable, {o['n_unanswerable']} unanswerable)"
        + (f" from `{meta['questions_file']}` (sha256 {meta['questions_sha256'][:12]})" if meta.get("questions_file") else ""),
        f"- k: {meta.get('k')}",
        f"- Index: generation {corpus.get('generation')}, fingerprint {corpus.get('index_fingerprint')}, "
        f"embedder {corpus.get('embedder')}, {corpus.get('chunks')} chunks, corpus hash {corpus.get('corpus_hash')}",
        "",
        "## Overall",
        "",
    ]
    rows = []
    for m, label in METRIC_LABELS.items():
        target = f"{TARGETS[m][0]} {TARGETS[m][1]:.2f}" if m in TARGETS else ""
        rows.append([label, _fmt(m, o[m]), target, _meets(m, o[m])])
    lines += _table(["Metric", "Aftale", "Target", ""], rows)
    lines += ["", "## By type", "", *_group_table(ours["by_type"], "Type"), ""]
    lines += ["## By language", "", *_group_table(ours["by_lang"], "Lang"), ""]

    if len(metrics) > 1:
        comp = comparison(metrics)
        names = list(metrics)
        lines += ["## Baselines (same questions, same corpus, same embedder)", ""]
        headers = ["Metric", *(SYSTEMS.get(n, n) for n in names)]
        headers += [f"Aftale ÷ {SYSTEMS.get(n, n).split(' (')[0]}" for n in names if n != "ours"]
        rows = []
        for m, label in METRIC_LABELS.items():
            row = [label, *(_fmt(m, metrics[n]["overall"][m]) for n in names)]
            for n in names:
                if n == "ours":
                    continue
                r = comp[n]["ratio"].get(m)
                row.append(f"{r:.2f}×" if r is not None else ("–" if m in RATIO_METRICS else ""))
            rows.append(row)
        lines += _table(headers, rows)
        lines.append("")
        for n in names:
            if n == "ours":
                continue
            pts = comp[n]["recall@5_points"]
            if pts is not None:
                verdict = ""
                if n == "tutorial":
                    verdict = " (target ≥ +15: " + ("met" if pts >= RECALL_MARGIN * 100 else "**missed**") + ")"
                lines.append(f"- Recall@5 vs {SYSTEMS.get(n, n)}: {pts:+.1f} points{verdict}")
        lines += [
            "",
            "Tutorial: raw text, `RecursiveCharacterTextSplitter(1000, 200)`, dense cosine top-k with the same "
            "embedder, no refusal; its answer is its top-4 chunks (also its citations). BM25 only: our chunks, "
            "the question as typed; its answer and citation are the top passage. Both baselines answer with whole "
            "passages (about 3,600 and 900 characters), so their answer accuracy on answerable questions only says "
            "whether the key terms were retrieved: an upper bound, not a composed answer. Neither refuses.",
            "",
            "### Baselines by language",
            "",
        ]
        headers = ["Lang", *(f"R@5 {n}" for n in names), *(f"MRR {n}" for n in names)]
        rows = []
        for lang in ours["by_lang"]:
            row = [lang]
            row += [_fmt("recall@5", metrics[n]["by_lang"].get(lang, {}).get("recall@5")) for n in names]
            row += [_fmt("mrr@10", metrics[n]["by_lang"].get(lang, {}).get("mrr@10")) for n in names]
            rows.append(row)
        lines += _table(headers, rows)
        lines.append("")

    lines += ["## Settings", "", "```json", json.dumps(meta.get("settings", {}), ensure_ascii=False, indent=1), "```", ""]
    lines += ["## Corpus", ""]
    lines += _table(["File", "sha256"], [[f, h] for f, h in corpus.get("files", {}).items()])
    lines.append("")

    failures = result.failures()
    lines += [f"## Failing questions ({len(failures)})", ""]
    if failures:
        rows = []
        for r in failures:
            expected = ", ".join(r.must_include) if r.answerable else "(refusal)"
            rows.append([
                r.id,
                r.type,
                r.lang,
                _cell(r.question),
                _cell(expected),
                str(r.rank) if r.rank is not None else "–",
                _cell(_why(r)),
                _cell(_head(r.answer)),
            ])
        lines += _table(["id", "type", "lang", "question", "must include", "hit rank", "why", "our answer (head)"], rows)
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def write_report(result: EvalResult, directory: str | Path) -> tuple[Path, Path]:
    """Write ``latest.md`` and ``latest.json`` into ``directory``.

    Returns:
        The markdown and JSON paths.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    md = directory / "latest.md"
    js = directory / "latest.json"
    text = render_markdown(result)
    if result.meta.get("commitments"):
        text += "\n## Commitments register (evals/commitments_gold.jsonl)\n\n```\n" + summary(result.meta["commitments"]) + "\n```\n"
    md.write_text(text, encoding="utf-8")
    js.write_text(json.dumps(result.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    return md, js
