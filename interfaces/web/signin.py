"""Sign-in for the page: who this browser session is (``Actor``), the sign-in page, and "Log ud".

With a provider set (``auth.provider_url``), nothing but the sign-in page is
shown until the provider has signed the user in through ``st.login``: no
chat box, no document, no page of the navigation. A session cookie that is
tampered with, or signed with an earlier cookie secret, is simply not a
signed-in user (Streamlit checks the signature), so it gets this page too.
Without a provider the app runs as before on a loopback address, where the
person at the machine is the operator (an editor); on any other address it
refuses to run unless ``auth.allow_anonymous`` says so.
"""

from __future__ import annotations

import streamlit as st

from assistant.access import Actor, check_exposure, is_loopback
from foundation.errors import AftaleError
from foundation.settings import Settings
from interfaces.web.markup import esc, md_escape, t

ACTOR_KEY = "actor"


def _address() -> str:
    # Streamlit listens on every address when server.address is unset.
    return str(st.get_option("server.address") or "0.0.0.0")


def _auth_configured() -> bool:
    """Streamlit was given our ``[auth]`` secrets (``aftale app`` passes them)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all is the same as none for auth
        return False


def current_actor(settings: Settings, lang: str) -> Actor | None:
    """This session's actor, or None when sign-in is required and the visitor has not signed in.

    A page that must not be served (an open address without sign-in, sign-in
    switched on without its configuration) is an error on the page and a stop.

    The actor is kept in ``st.session_state[ACTOR_KEY]`` for the parts of the
    page that change the library; it is worked out again on every run, so
    signing out takes effect at once.
    """
    st.session_state.pop(ACTOR_KEY, None)
    try:
        check_exposure(settings, _address())
    except AftaleError as exc:
        st.error(md_escape(exc.message(lang)))
        st.stop()
    if not settings.auth.enabled:
        actor = Actor.operator() if is_loopback(_address()) else Actor("anonym", "editor")
    elif not _auth_configured():
        st.error(md_escape(t("auth_not_configured", lang)))
        st.stop()
    elif not st.user.get("is_logged_in"):  # also absent when no user info reached the session
        return None
    else:
        actor = Actor.signed_in(st.user.get("email"), st.user.get("name"), settings)
    st.session_state[ACTOR_KEY] = actor
    return actor


def session_actor() -> Actor:
    """The actor ``current_actor`` found for this run (anonymous when none was)."""
    actor = st.session_state.get(ACTOR_KEY)
    return actor if isinstance(actor, Actor) else Actor.anonymous()


def sign_in_page() -> None:
    """What a visitor who has not signed in sees: a short explanation and "Log ind"."""
    lang = st.session_state.get("ui_lang", "da")
    st.title("Aftale")
    st.html(f'<div class="aft-answer">{esc(t("auth_explain", lang))}</div>')
    if st.button(t("auth_login", lang), type="primary", icon=":material/login:"):
        st.login()


def account_box(settings: Settings, lang: str) -> None:
    """In the sidebar: who is signed in, with which role, and "Log ud" (only with sign-in)."""
    if not settings.auth.enabled:
        return
    actor = session_actor()
    role = t("auth_role_editor" if actor.is_editor else "auth_role_reader", lang)
    st.html(f'<div class="aft-facts">{esc(t("auth_signed_in_as", lang, user=actor.name or actor.user, role=role))}</div>')
    if st.button(t("auth_logout", lang), icon=":material/logout:", width="stretch"):
        st.logout()
