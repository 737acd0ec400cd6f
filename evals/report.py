"""The evaluation report: markdown and JSON of one run, or of the tune and test splits side by side.

Paths in a report are relative to the project (a data directory outside it is named by its last
folder only), so a committed report says nothing about the machine that wrote it.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from evals.commitments_eval import summary
from evals.metrics import METRIC_LABELS, QuestionRecord
from evals.questions import term_in
from evals.runner import (
    RATIO_METRICS,
    RECALL_MARGIN,
    SYSTEMS,
    TARGETS,
    EvalResult,
    comparison,
)
from evals.splits import DEFECT_GAP, FIT_ALLOWED, compare_splits, render_comparison

__all__ = ["render_markdown", "write_report", "write_split_report"]

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


def _reason(record: QuestionRecord) -> str:
    """The kind of failure, without the question's own terms."""
    why = _why(record)
    return why.split(":", 1)[0] if why.startswith(("missing", "error")) else why


HELD_OUT_RECORD_FIELDS = ("id", "type", "lang", "answerable", "rank", "refused", "answer_ok", "citation_ok", "latency_ms", "error")


def _counted_only(data: dict[str, Any]) -> dict[str, Any]:
    """A held-out split's JSON: its metrics, and per question only the id and the scored flags
    (no question, expected terms or answer text to design from)."""
    records = {
        name: [{k: r.get(k) for k in HELD_OUT_RECORD_FIELDS} for r in recs] for name, recs in (data.get("records") or {}).items()
    }
    return {**data, "records": records}


def _failure_counts(failures: list[QuestionRecord]) -> list[str]:
    counts = Counter((_reason(r), r.type, r.lang) for r in failures)
    rows = [[why, typ, lang, str(n)] for (why, typ, lang), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return [
        "Counted, not listed: this split is scored only, and its questions are not to be read for design.",
        "",
        *_table(["why", "type", "lang", "questions"], rows),
    ]


def render_markdown(result: EvalResult, list_failures: bool = True) -> str:
    """The human-readable report.

    Args:
        list_failures: list each failing question; off for a split nothing may be fitted on, whose
            failures are counted by reason and type instead, so that reading the report does not
            show which of its questions to design for.
    """
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
    if failures and not list_failures:
        lines += _failure_counts(failures)
    elif failures:
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


def _demoted(markdown: str, title: str) -> list[str]:
    """One run's report as a section of a larger one: its title replaced, its headings one level down."""
    out = []
    for line in markdown.splitlines():
        if line.startswith("# "):
            out.append(f"## {title}")
        elif line.startswith("#"):
            out.append("#" + line)
        else:
            out.append(line)
    return out


def write_split_report(
    results: dict[str, EvalResult],
    directory: str | Path,
    commitments: dict[str, Any] | None = None,
    listed: frozenset[str] = FIT_ALLOWED,
) -> tuple[Path, Path]:
    """Write ``latest.md``/``latest.json`` with the splits side by side, then each split in full.

    Only the splits in ``listed`` list their failing questions one by one; the others count them by
    reason, type and language (a held-out split is scored, not read for design).

    The comparison table leads: each metric per split with its 95% bootstrap interval and the
    tune − test gap, marked a defect when the gap's whole interval lies above ``DEFECT_GAP``.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    by_split = {name: res.ours for name, res in results.items()}
    comp = compare_splits(by_split)
    first = next(iter(results.values())).meta
    lines = [
        "# Aftale evaluation",
        "",
        f"- Date: {first.get('date')}",
        "- Splits: " + "; ".join(
            f"{name} = `{res.meta.get('questions_file')}` ({res.meta['n_questions']} questions, sha256 "
            f"{str(res.meta.get('questions_sha256', ''))[:12]})" for name, res in results.items()
        ),
        "",
        "## Splits side by side",
        "",
        "`tune` is what weights, thresholds, word lists and models may be fitted on; `test` was frozen before any "
        "of that and is only scored. Values are the metric with its 95% bootstrap interval over questions; the gap is "
        f"signed so that positive means worse on test, and a gap whose whole interval lies above {DEFECT_GAP:.2f} "
        "is a defect.",
        "",
        *render_comparison(comp, {name: res.meta["n_questions"] for name, res in results.items()}),
        "",
    ]
    for name, res in results.items():
        lines += _demoted(render_markdown(res, list_failures=name in listed), f"Split `{name}`")
        lines.append("")
    if commitments:
        lines += ["## Commitments register (evals/commitments_gold.jsonl)", "", "```", summary(commitments), "```", ""]
    md = directory / "latest.md"
    js = directory / "latest.json"
    md.write_text("\n".join(lines), encoding="utf-8")
    payload = {
        "splits": {name: res.to_json() if name in listed else _counted_only(res.to_json()) for name, res in results.items()},
        "comparison": comp,
        "commitments": commitments,
    }
    js.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return md, js
