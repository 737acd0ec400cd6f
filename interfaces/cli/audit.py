"""``aftale audit``: the log of library changes (who added, replaced, removed or corrected which document)."""

from __future__ import annotations

import csv
import io
import json

import typer

from assistant.access import Actor
from assistant.api import Assistant
from foundation.errors import AftaleError
from interfaces.cli.common import fail, load_settings

FORMATS = ("table", "json", "csv")
COLUMNS = ("time", "user", "action", "document", "sha256", "detail")


def format_rows(rows: list, fmt: str) -> str:
    """The audit rows (oldest first) as a table, JSON or CSV."""
    dicts = [{c: getattr(r, c) for c in COLUMNS} for r in rows]
    if fmt == "json":
        return json.dumps(dicts, ensure_ascii=False, indent=1)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(dicts)
        return out.getvalue().rstrip("\n")
    if not dicts:
        return "Ingen ændringer i biblioteket endnu."
    shown = [{**d, "sha256": d["sha256"][:12]} for d in dicts]
    widths = {c: max(len(c), *(len(str(d[c])) for d in shown)) for c in COLUMNS}
    lines = ["  ".join(c.ljust(widths[c]) for c in COLUMNS).rstrip()]
    lines += ["  ".join(str(d[c]).ljust(widths[c]) for c in COLUMNS).rstrip() for d in shown]
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add ``aftale audit`` to the CLI."""

    @app.command("audit")
    def audit(
        fmt: str = typer.Option("table", "--format", "-f", help="table, json eller csv."),
    ) -> None:
        """Vis ændringsloggen: hvem tilføjede, erstattede, fjernede eller rettede hvilket dokument."""
        if fmt not in FORMATS:
            typer.echo(f"Fejl: ukendt format {fmt!r} (vælg {', '.join(FORMATS)})", err=True)
            raise typer.Exit(2)
        try:
            # the person at the machine, who can read the data directory anyway, is the operator
            rows = Assistant(load_settings()).audit(Actor.operator())
        except AftaleError as exc:
            fail(exc)
        typer.echo(format_rows(list(reversed(rows)), fmt))


__all__ = ["register", "format_rows"]
