"""``aftale feedback export`` and ``aftale app``: wired into the CLI with ``register(app)``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer

from assistant.access import check_exposure
from assistant.feedback import FeedbackStore, feedback_path
from foundation.errors import AftaleError
from foundation.settings import get_settings
from interfaces.auth_secrets import write_auth_secrets
from interfaces.cli.common import load_settings

APP_FILE = Path(__file__).resolve().parents[2] / "app.py"


def streamlit_command(port: int = 8501, address: str = "127.0.0.1", app_file: Path = APP_FILE, secrets_file: Path | None = None) -> list[str]:
    """The command line that starts the Streamlit app.

    Args:
        port: TCP port to listen on.
        address: Address to bind (loopback by default: nothing is exposed).
        app_file: The Streamlit script.
        secrets_file: The ``[auth]`` secrets for sign-in (``interfaces.auth_secrets``), if any.

    Returns:
        The argv list for ``subprocess``.
    """
    return [
        sys.executable, "-m", "streamlit", "run", str(app_file),
        "--server.address", address,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--client.toolbarMode", "minimal",
        "--runner.magicEnabled", "false",
        "--theme.base", "light",
    ] + (["--secrets.files", str(secrets_file)] if secrets_file is not None else [])


def register(app: typer.Typer) -> None:
    """Add the ``feedback`` group and the ``app`` command to the ``aftale`` CLI.

    Args:
        app: The root Typer application.
    """
    feedback = typer.Typer(add_completion=False, no_args_is_help=True, help="Feedback fra appen.")

    @feedback.command("export")
    def export(
        out: Path = typer.Option(Path("feedback.csv"), "--out", "-o", help="CSV-fil der skal skrives."),
    ) -> None:
        """Skriv al feedback (tommel op/ned og kommentarer) til en CSV-fil."""
        from pydantic import ValidationError
        try:
            settings = get_settings()
        except (ValidationError, ValueError) as exc:
            typer.echo(f"Fejl i indstillingerne: {exc}", err=True)
            raise typer.Exit(2) from exc
        store = FeedbackStore(feedback_path(settings.data_dir))
        try:
            n = store.export_csv(out)
        except AftaleError as exc:
            typer.echo(f"Fejl: {exc.message('da')}", err=True)
            raise typer.Exit(exc.exit_code) from exc
        typer.echo(f"{n} svar med feedback skrevet til {out}")

    app.add_typer(feedback, name="feedback")

    @app.command("app")
    def run_app(
        port: int = typer.Option(8501, "--port", "-p", min=1, max=65535, help="Port på 127.0.0.1."),
        address: str = typer.Option("127.0.0.1", "--address", help="Adresse der lyttes på."),
        dry_run: bool = typer.Option(False, "--dry-run", hidden=True, help="Vis kommandoen uden at starte den."),
    ) -> None:
        """Start chat-appen i browseren (Streamlit)."""
        settings = load_settings()
        try:
            check_exposure(settings, address)  # no sign-in: loopback only, unless chosen on purpose
            secrets = write_auth_secrets(settings, address, port)
        except AftaleError as exc:
            typer.echo(f"Fejl: {exc.message('da')}", err=True)
            raise typer.Exit(exc.exit_code) from exc
        cmd = streamlit_command(port, address, secrets_file=secrets)
        if dry_run:
            typer.echo(" ".join(cmd))
            return
        typer.echo(f"Aftale kører på http://{address}:{port}  (Ctrl+C stopper)")
        try:
            code = subprocess.call(cmd, env=os.environ.copy())
        except KeyboardInterrupt:
            code = 0
        raise typer.Exit(code)


__all__ = ["register", "streamlit_command", "APP_FILE"]
