"""What Streamlit's ``st.login`` needs, produced from our settings: an ``[auth]`` secrets file only the app's user reads.

Streamlit reads the sign-in configuration from a ``secrets.toml``. We never
ask an operator to write one: ``aftale app`` writes it from ``AFTALE_AUTH__*``
into ``<data_dir>/.auth/secrets-<address>-<port>.toml`` (folder mode 0700,
file mode 0600) and passes it to Streamlit with ``--secrets.files``. One file
per address and port, because Streamlit re-reads a secrets file that changes
and each process needs its own redirect URI. Two app processes given the same
settings sign their session cookies with the same ``cookie_secret``, so a user
signed in on one is signed in on the other.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from foundation.errors import SettingsError
from foundation.settings import Settings

AUTH_DIR = ".auth"
CALLBACK = "/oauth2callback"


def secrets_path(settings: Settings, address: str, port: int) -> Path:
    """Where the ``[auth]`` secrets of the app on ``address``:``port`` are written."""
    safe = "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in address or "all")
    return Path(settings.data_dir) / AUTH_DIR / f"secrets-{safe}-{port}.toml"


def redirect_uri(settings: Settings, address: str, port: int) -> str:
    """``auth.redirect_uri``, or ``http://<address>:<port>/oauth2callback`` of the running app.

    Raises:
        SettingsError: no redirect URI is set and the app listens on all addresses
            (the provider needs the one address users reach it at).
    """
    if settings.auth.redirect_uri:
        return settings.auth.redirect_uri
    host = (address or "").strip()
    if host in ("", "0.0.0.0", "::", "[::]"):
        raise SettingsError(
            "Appen lytter på alle adresser, så sæt AFTALE_AUTH__REDIRECT_URI til den adresse, brugerne når appen på, "
            "fx https://aftale.kommune.dk/oauth2callback (den samme skal være tilladt hos login-udbyderen).",
            "The app listens on all addresses, so set AFTALE_AUTH__REDIRECT_URI to the address users reach it at, "
            "e.g. https://aftale.kommune.dk/oauth2callback (the provider must allow the same one).",
        )
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}{CALLBACK}"


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def auth_secrets_toml(settings: Settings, address: str, port: int) -> str:
    """The ``[auth]`` section Streamlit's ``st.login`` reads."""
    auth = settings.auth
    values = {
        "redirect_uri": redirect_uri(settings, address, port),
        "cookie_secret": auth.cookie_secret or "",
        "client_id": auth.client_id or "",
        "client_secret": auth.client_secret or "",
        "server_metadata_url": auth.provider_url or "",
    }
    lines = ["# Written by Aftale from AFTALE_AUTH__* on every start; edits here are overwritten.", "[auth]"]
    lines += [f"{key} = {_toml_string(value)}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def write_auth_secrets(settings: Settings, address: str, port: int) -> Path | None:
    """Write the secrets file for a signed-in app (mode 0600); None when no provider is set.

    Raises:
        SettingsError: see ``redirect_uri``; or the file cannot be written.
    """
    if not settings.auth.enabled:
        return None
    path = secrets_path(settings, address, port)
    text = auth_secrets_toml(settings, address, port)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SettingsError(
            f"Login-opsætningen kan ikke skrives til {path} ({exc.strerror or exc}).",
            f"The sign-in configuration cannot be written to {path} ({exc.strerror or exc}).",
        ) from exc
    return path
