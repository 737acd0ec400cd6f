"""Who is asking: the signed-in user's role, the check every library change passes, and where the app may listen.

Two roles. A *reader* asks, reads the sources, gives feedback and exports.
An *editor* also adds, removes and corrects documents. Who is an editor is
a setting (``auth.editors``, e-mail addresses); everyone else who signed in
is a reader, and a visitor who has not signed in is *anonymous* and may
change nothing. Without a sign-in provider the app runs as before on a
loopback address: the person at the machine is the ``operator``, an editor.

The check lives here, in the API, so that no page, button or route can add
or remove a document for a session whose actor is not an editor.
"""

from __future__ import annotations

import getpass
import ipaddress
from dataclasses import dataclass
from typing import Literal

from foundation.errors import AftaleError, SettingsError
from foundation.settings import Settings

Role = Literal["anonymous", "reader", "editor"]

# What each library change is called in a refusal.
ACTION_NAMES = {
    "ingest": ("indlæse dokumenter", "ingest documents"),
    "add": ("tilføje dokumenter", "add documents"),
    "remove": ("fjerne dokumenter", "remove documents"),
    "correct": ("rette et dokuments oplysninger", "correct a document's facts"),
    "audit": ("se revisionsloggen", "see the audit log"),
}


class NotAllowed(AftaleError):
    """The signed-in user (or an anonymous visitor) may not do this: only editors change the library."""

    exit_code = 7


@dataclass(frozen=True)
class Actor:
    """The person behind a call: what the audit log names, and what they may do."""

    user: str
    role: Role
    name: str = ""

    @classmethod
    def anonymous(cls) -> "Actor":
        return cls("anonym", "anonymous")

    @classmethod
    def operator(cls) -> "Actor":
        """The person at the machine (command line, an app without sign-in on loopback): an editor."""
        try:
            who = getpass.getuser()
        except (KeyError, OSError):
            who = "?"
        return cls(f"lokal:{who}", "editor")

    @classmethod
    def system(cls) -> "Actor":
        """The app itself, ingesting the bundled corpus on its first start."""
        return cls("system", "editor")

    @classmethod
    def signed_in(cls, email: str | None, name: str | None, settings: Settings) -> "Actor":
        """A user the provider signed in: an editor when the e-mail is in ``auth.editors``, else a reader."""
        address = (email or "").strip().lower()
        if not address:
            return cls(name or "ukendt", "reader", name or "")
        role: Role = "editor" if address in settings.auth.editors else "reader"
        return cls(address, role, name or "")

    @property
    def is_editor(self) -> bool:
        return self.role == "editor"


def require_editor(actor: Actor | None, action: str) -> Actor:
    """Refuse with a clear message unless ``actor`` is an editor; returns the actor.

    Raises:
        NotAllowed: ``actor`` is missing, anonymous or a reader.
    """
    da, en = ACTION_NAMES.get(action, (action, action))
    if actor is None or actor.role == "anonymous":
        raise NotAllowed(
            f"Du skal være logget ind som redaktør for at {da}. Log ind først.",
            f"You must be signed in as an editor to {en}. Sign in first.",
        )
    if not actor.is_editor:
        raise NotAllowed(
            f"Kun redaktører kan {da}. Du ({actor.user}) er logget ind som læser; spørg en redaktør.",
            f"Only editors can {en}. You ({actor.user}) are signed in as a reader; ask an editor.",
        )
    return actor


def is_loopback(address: str) -> bool:
    """``127.0.0.1``, ``::1``, ``localhost``: reachable from this machine only."""
    host = (address or "").strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_exposure(settings: Settings, address: str) -> None:
    """Refuse to serve the app on a non-loopback address with no sign-in, unless that was chosen on purpose.

    Raises:
        SettingsError: no provider, ``address`` is not loopback and ``auth.allow_anonymous`` is false.
    """
    if settings.auth.enabled or settings.auth.allow_anonymous or is_loopback(address):
        return
    raise SettingsError(
        f"Appen starter ikke på adressen {address} uden login: alle, der kan nå siden, kunne så tilføje og fjerne "
        "dokumenter. Sæt AFTALE_AUTH__PROVIDER_URL (med CLIENT_ID, CLIENT_SECRET og COOKIE_SECRET) for at kræve login, "
        "eller AFTALE_AUTH__ALLOW_ANONYMOUS=true, hvis appen med vilje skal være åben for alle.",
        f"The app does not start on address {address} without sign-in: anyone reaching the page could add and remove "
        "documents. Set AFTALE_AUTH__PROVIDER_URL (with CLIENT_ID, CLIENT_SECRET and COOKIE_SECRET) to require sign-in, "
        "or AFTALE_AUTH__ALLOW_ANONYMOUS=true if the app is meant to be open to everyone.",
    )
