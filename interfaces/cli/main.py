"""The ``aftale`` command: a thin adapter over ``Assistant``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from assistant.api import Assistant, language_of
from foundation.errors import AftaleError
from interfaces.cli.common import fail as _fail
from interfaces.cli.common import load_settings as _settings
from interfaces.cli.compare import render as render_comparison

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Aftale: søg og spørg i sundhedsaftalerne.")






def _filters(
    doc: list[str] | None, region: list[str] | None, period: list[str] | None, kind: list[str] | None,
    status: list[str] | None = None, as_of: str | None = None,
) -> dict[str, Any]:
    given = {"doc": doc, "region": region, "period": period, "kind": kind, "status": status, "as_of": as_of}
    return {k: v for k, v in given.items() if v}


_STATUS_HELP = "gældende, udløbet, fremtidig eller ukendt (på dagen AFTALE_TODAY, --as-of eller i dag)."
_AS_OF_HELP = "ÅÅÅÅ-MM-DD: status på den dag; dokumenter dateret senere udelades."


@app.command()
def ingest(
    paths: Optional[list[Path]] = typer.Argument(None, help="Filer eller mapper (standard: corpus/)."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Byg indekset forfra."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Ingen statuslinje."),
) -> None:
    """Indlæs dokumenter (PDF, txt, md) i indekset."""
    assistant = Assistant(_settings())
    try:
        report = _run_ingest_with_progress(assistant, paths, rebuild, quiet)
    except AftaleError as exc:
        _fail(exc)
        return
    for problem in report.failed:
        typer.echo(f"FEJL  {problem.file}: {problem.reason}", err=True)
    for problem in report.duplicates:
        typer.echo(f"SPRUNGET OVER  {problem.file}: {problem.reason}", err=True)
    for name in report.withheld:
        typer.echo(f"SPRUNGET OVER  {name}: fjernet af en redaktør (tilføj den igen i appen)", err=True)
    typer.echo(
        f"Dokumenter: {report.documents}  sider: {report.pages}  passager: {report.chunks}  "
        f"nye: {len(report.added)}  ændrede: {len(report.updated)}  fjernede: {len(report.removed)}  "
        f"uændrede: {len(report.skipped)}  fejlede: {len(report.failed)}  tid: {report.seconds:.1f} s"
    )
    if report.failed:
        raise typer.Exit(1)


def _run_ingest_with_progress(assistant: Any, paths: Optional[list[Path]], rebuild: bool, quiet: bool):
    if quiet or not sys.stderr.isatty() and os.environ.get("CI"):
        return assistant.ingest(paths, rebuild=rebuild)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    labels = {"files": "Filer", "embed": "Indlejrer", "index": "Indekserer"}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[detail]}"), TimeElapsedColumn(), transient=False) as bar:
        tasks: dict[str, Any] = {}

        def tick(stage: str, done: int, total: int, detail: str) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=max(total, 1), detail="")
            bar.update(tasks[stage], completed=done, total=max(total, 1), detail=detail[:40])

        return assistant.ingest(paths, rebuild=rebuild, progress=tick)


@app.command()
def status(as_json: bool = typer.Option(False, "--json")) -> None:
    """Vis hvad indekset indeholder."""
    try:
        info = Assistant(_settings()).status()
    except AftaleError as exc:
        _fail(exc)
        return
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False, indent=1))
        return
    if not info["indexed"]:
        typer.echo(f"Intet indeks i {info['data_dir']}. Kør: aftale ingest")
        raise typer.Exit(3)
    typer.echo(f"Indeks {info['generation']} ({info['mode']}), embedder {info['embedder']} ({info['dim']} dim), fingerprint {info['fingerprint']}")
    typer.echo(f"{info['documents']} dokumenter, {info['chunks']} passager, {info['pages']} PDF-sider")
    for f in info["files"]:
        facts = [f["region"] or "-", (f["period"] or "-").replace("-", "–"), f["kind"] or "-", f["status"] + ("" if f["binding"] else ", ikke bindende")]
        typer.echo(f"  {f['file']}: {f['title']} [{', '.join(facts)}] {f['chunks']} passager")


@app.command()
def search(
    query: str = typer.Argument(..., help="Søgetekst."),
    k: int = typer.Option(10, "-k", min=1, max=50),
    doc: Optional[list[str]] = typer.Option(None, "--doc"),
    region: Optional[list[str]] = typer.Option(None, "--region"),
    period: Optional[list[str]] = typer.Option(None, "--period"),
    kind: Optional[list[str]] = typer.Option(None, "--kind"),
    status: Optional[list[str]] = typer.Option(None, "--status", help=_STATUS_HELP),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=_AS_OF_HELP),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Find de bedste passager (hybrid søgning)."""
    try:
        passages = Assistant(_settings()).search(query, _filters(doc, region, period, kind, status, as_of), k)
    except AftaleError as exc:
        _fail(exc)
        return
    if as_json:
        typer.echo(json.dumps([p.to_json() for p in passages], ensure_ascii=False, indent=1))
        return
    for p in passages:
        sec = f" › {p.section}" if p.section else ""
        typer.echo(f"[{p.rank}] {p.title}{sec} ({p.location()}) — {p.doc}  score {p.score:.4f}")
        typer.echo("    " + p.text[:300].replace("\n", " ") + ("…" if len(p.text) > 300 else ""))


@app.command()
def ask(
    question: str = typer.Argument(..., help="Spørgsmål på dansk eller engelsk."),
    k: int = typer.Option(10, "-k", min=1, max=50),
    doc: Optional[list[str]] = typer.Option(None, "--doc"),
    region: Optional[list[str]] = typer.Option(None, "--region"),
    period: Optional[list[str]] = typer.Option(None, "--period"),
    kind: Optional[list[str]] = typer.Option(None, "--kind"),
    status: Optional[list[str]] = typer.Option(None, "--status", help=_STATUS_HELP),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=_AS_OF_HELP),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Stil et spørgsmål og få et kort svar med kilder."""
    try:
        answer = Assistant(_settings()).ask(question, filters=_filters(doc, region, period, kind, status, as_of), k=k)
    except AftaleError as exc:
        _fail(exc, language_of(question or ""))
        return
    if as_json:
        typer.echo(json.dumps(answer.to_json(), ensure_ascii=False))
        return
    typer.echo(answer.answer)
    typer.echo("")
    if answer.notice:
        typer.echo(answer.notice)
        typer.echo("")
    if answer.comparison:  # a what-changed question: the two periods side by side
        typer.echo(render_comparison(answer.comparison).split("\n", 1)[1])
    items = answer.citations or []
    if items:
        typer.echo("Kilder:" if answer.lang == "da" else "Sources:")
        for c in items:
            p = c.passage
            sec = f" › {p.section}" if p.section else ""
            badge = f" [{c.badge(answer.lang)}]" if c.badge(answer.lang) else ""
            typer.echo(f"  [{c.n}] {p.title}{sec}, {p.location(answer.lang)} ({p.doc}){badge}")
    elif answer.refused and answer.passages:
        typer.echo("Måske relevant:" if answer.lang == "da" else "Possibly relevant:")
        for p in answer.passages[:3]:
            sec = f" › {p.section}" if p.section else ""
            typer.echo(f"  - {p.title}{sec}, {p.location(answer.lang)} ({p.doc})")


def _register_subcommands() -> None:
    """Commands that live beside their feature: eval, app/feedback, commitments."""
    import importlib

    for module in ("evals.cli", "interfaces.cli.feedback", "interfaces.cli.register", "interfaces.cli.compare", "interfaces.cli.audit"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        mod.register(app)


_register_subcommands()


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
