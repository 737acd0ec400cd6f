"""What every ``aftale`` subcommand shares: settings loading and one-line failures."""

from __future__ import annotations

from typing import NoReturn

import typer

from foundation.errors import AftaleError
from foundation.settings import get_settings


def load_settings():
    """The settings, or one line and exit 2 when they are invalid."""
    from pydantic import ValidationError
    try:
        return get_settings()
    except (ValidationError, ValueError) as exc:
        typer.echo(f"Fejl i indstillingerne: {exc}", err=True)
        raise typer.Exit(2) from exc


def fail(exc: AftaleError, lang: str = "da") -> NoReturn:
    """Print the error's user message on one line and exit with its code."""
    typer.echo(f"Fejl: {exc.message(lang)}" if lang == "da" else f"Error: {exc.message(lang)}", err=True)
    raise typer.Exit(exc.exit_code)
