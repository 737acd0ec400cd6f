"""``aftale commitments``: the commitments register on the command line.

Wire it into the main app with ``register(app)``; the command filters the
register of the published index and prints or writes it as a table, the
meeting brief (markdown), CSV or JSON.

Exit codes: 0 (also for an empty result, which says so), 1 (an output file
cannot be written), 2 (unknown filter value or format; the valid values are
listed), 3 (no index, or an index without a register).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from assistant.api import Assistant
from assistant.register_export import EMPTY_RESULT, export, write_export
from foundation.errors import AftaleError
from interfaces.cli.common import fail as _fail
from interfaces.cli.common import load_settings as _settings

SCREEN_ROWS = 50
"""Statements a table on screen shows unless ``--limit`` says otherwise (exports are complete)."""


class Format(str, Enum):
    table = "table"
    md = "md"
    csv = "csv"
    json = "json"






def register(app: typer.Typer) -> None:
    """Add the ``commitments`` command to ``app``."""

    @app.command("commitments")
    def commitments(
        actor: Optional[list[str]] = typer.Option(
            None, "--actor", "-a", help="Aktør, fx kommunen, regionen, almen praksis (kan gentages)."
        ),
        topic: Optional[list[str]] = typer.Option(
            None, "--topic", "-t", help="Emne, fx forebyggelse, medicin, akut (kan gentages)."
        ),
        kind: Optional[list[str]] = typer.Option(
            None, "--kind", "-k", help="responsibility (ansvar), commitment (mål) eller deadline (frist)."
        ),
        region: Optional[list[str]] = typer.Option(None, "--region", help="Region, fx Midtjylland."),
        period: Optional[list[str]] = typer.Option(None, "--period", help="Aftaleperiode, fx 2015–2018."),
        query: Optional[str] = typer.Option(None, "--query", "-q", help="Fritekst; alle ord skal forekomme."),
        status: Optional[list[str]] = typer.Option(
            None, "--status", help="Dokumentets status i dag: gældende, udløbet, fremtidig eller ukendt."
        ),
        fmt: Format = typer.Option(
            Format.table, "--format", "-f", case_sensitive=False, help="table, md (mødebrief), csv eller json."
        ),
        out: Optional[Path] = typer.Option(None, "--out", "-o", help="Skriv til en fil i stedet for skærmen."),
        limit: Optional[int] = typer.Option(
            None, "--limit", "-n", min=0,
            help=f"Højst så mange udsagn (0: alle). Standard: {SCREEN_ROWS} i en tabel på skærmen, ellers alle (csv, json, mødebrief og --out er fuldstændige).",
        ),
    ) -> None:
        """Vis forpligtelser, ansvar og frister fra aftalerne (registret)."""
        fmt_value = fmt.value if isinstance(fmt, Format) else str(fmt)
        if limit is None:
            limit = SCREEN_ROWS if fmt_value == "table" and out is None else 0
        filters = {"actor": actor, "topic": topic, "kind": kind, "region": region, "period": period, "status": status, "text": query}
        try:
            reg = Assistant(_settings()).register()
            page = reg.page(**filters, limit=limit) if limit else None  # type: ignore[arg-type]
            rows = page.rows if page is not None else reg.query(**filters)  # type: ignore[arg-type]
        except AftaleError as exc:
            _fail(exc)
            return
        if not rows:
            if fmt_value == "json" and out is None:
                typer.echo("[]")
            typer.echo(EMPTY_RESULT["da"], err=fmt_value in ("json", "csv"))
            return
        text = export(rows, fmt_value, "da", filters)
        if out is None:
            typer.echo(text, nl=False)
            if page is not None and not page.complete:
                typer.echo(f"Viser {len(rows)} af {page.total} udsagn; --limit 0 viser alle.", err=True)
            return
        try:
            path = write_export(text, out)
        except AftaleError as exc:
            _fail(exc)
            return
        typer.echo(f"Skrev {len(rows)} forpligtelser til {path}", err=True)
