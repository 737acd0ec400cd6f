"""``aftale eval``: the evaluation suite as a command. Wired in with ``register(app)``."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, NoReturn, Optional

import typer

from assistant.api import Assistant
from evals import commitments_eval
from evals.questions import load_questions
from evals.report import write_split_report
from evals.runner import SYSTEMS, TARGETS, project_relative, run_eval, write_outputs
from evals.splits import FIT_ALLOWED, SPLITS, FrozenSplitChanged, verify_frozen
from foundation.errors import AftaleError
from foundation.settings import get_settings
from ingest.load import sha256_file

__all__ = ["DEFAULT_REPORT_DIR", "register"]

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_REPORT_DIR = PACKAGE_DIR / "results"

_STAGES = {
    "ours": "Aftale",
    "tutorial-embed": "Tutorial: embedding chunks",
    "tutorial": "Tutorial baseline",
    "bm25": "BM25 baseline",
}


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"Error: {' '.join(message.split())}", err=True)
    raise typer.Exit(code)


def _load(path: Path) -> list[Any]:
    if not path.is_file():
        _fail(f"questions file not found: {path}", 2)
    try:
        questions = load_questions(path)
    except (ValueError, UnicodeDecodeError) as exc:
        _fail(f"malformed questions file: {exc}", 2)
    if not questions:
        _fail(f"questions file holds no questions: {path}", 2)
    return questions


def _settings() -> Any:
    from pydantic import ValidationError
    try:
        return get_settings()
    except (ValidationError, ValueError) as exc:
        _fail(f"invalid settings: {exc}", 2)


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[Any]:
    """A rich progress bar on stderr; a no-op callback when disabled."""
    if not enabled:
        yield lambda *a: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
    ) as bar:
        tasks: dict[str, Any] = {}

        def tick(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(_STAGES.get(stage, stage), total=max(total, 1))
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        yield tick


def _summary(result: Any, split: str) -> None:
    from rich.console import Console
    from rich.table import Table
    metrics = result.metrics
    shown = ["recall@1", "recall@5", "recall@10", "mrr@10", "answer_accuracy", "answer_accuracy_answerable", "citation_accuracy",
             "refusal_rate", "false_refusal_rate", "latency_p50_ms", "latency_p95_ms"]
    table = Table(title=f"Evaluation, {split}: {result.meta['n_questions']} questions")
    table.add_column("Metric")
    for name in metrics:
        table.add_column(SYSTEMS.get(name, name).split(" (")[0], justify="right")
    table.add_column("Target", justify="right")
    for m in shown:
        cells = []
        for name in metrics:
            v = metrics[name]["overall"][m]
            cells.append("–" if v is None else (f"{v:.0f}" if m.startswith("latency") else f"{v:.3f}"))
        target = f"{TARGETS[m][0]} {TARGETS[m][1]:.2f}" if m in TARGETS else ""
        table.add_row(m, *cells, target)
    Console(soft_wrap=True).print(table)


def register(app: typer.Typer) -> None:
    """Add the ``eval`` command to a Typer app."""

    @app.command("eval")
    def eval_command(
        questions: Optional[Path] = typer.Option(None, "--questions", help="A question file (JSONL) instead of the splits."),
        split: str = typer.Option("all", "--split", help="tune, test, or all (tune and test side by side)."),
        out: Optional[Path] = typer.Option(None, "--out", help="Write one line per question: the ask --json object plus \"id\" and \"split\"."),
        k: int = typer.Option(10, "-k", min=1, max=50, help="Passages retrieved per question."),
        baseline: bool = typer.Option(False, "--baseline", help="Also run the tutorial pipeline and BM25-only."),
        report: Optional[Path] = typer.Option(None, "--report", help="Report directory (latest.md, latest.json). Default: evals/results."),
        held_out: bool = typer.Option(False, "--held-out", help="The --questions file is held out of all fitting: count its failures by reason instead of listing them."),
    ) -> None:
        """Evaluate retrieval and answers: the tune and test splits side by side, or one question file."""
        if questions is not None:
            sets = {questions.stem: questions}
        elif split == "all":
            sets = dict(SPLITS)
        elif split in SPLITS:
            sets = {split: SPLITS[split]}
        else:
            _fail(f"unknown split {split!r}; choose tune, test or all", 2)
        try:
            for name in sets:
                if name in SPLITS and sets[name] == SPLITS[name]:
                    verify_frozen(name)
        except FrozenSplitChanged as exc:
            _fail(str(exc), 2)
        loaded = {name: _load(path) for name, path in sets.items()}
        assistant = Assistant(_settings())
        if not assistant.has_index():
            _fail(f"no index in {assistant.settings.data_dir}; first run: aftale ingest", 3)
        results = {}
        try:
            with _progress_bar(sys.stderr.isatty()) as tick:
                for name, qs in loaded.items():
                    result = run_eval(assistant, qs, k=k, baseline=baseline, progress=tick)
                    result.meta["questions_file"] = project_relative(sets[name])
                    result.meta["questions_sha256"] = sha256_file(sets[name])
                    results[name] = result
        except AftaleError as exc:
            _fail(exc.message("en"), exc.exit_code)
            return
        commitments = None
        if questions is None:  # the register's gold set belongs to the bundled corpus
            commitments = commitments_eval.run()
            typer.echo(commitments_eval.summary(commitments))
        if out is not None:
            write_outputs(results, out)
        scored_only = {path.resolve() for name, path in SPLITS.items() if name not in FIT_ALLOWED}
        held_out = held_out or (questions is not None and questions.resolve() in scored_only)
        listed = FIT_ALLOWED if questions is None else (frozenset() if held_out else frozenset(sets))
        md, js = write_split_report(results, report or DEFAULT_REPORT_DIR, commitments, listed)
        for name, result in results.items():
            _summary(result, name)
        typer.echo(f"Report: {md} and {js}" + (f"; answers: {out}" if out is not None else ""))
