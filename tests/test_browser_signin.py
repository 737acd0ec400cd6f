"""Sign-in end to end: ``aftale app`` with a real OpenID Connect provider (``oidc-provider-mock``) and headless Chromium.

The provider runs in this process on 127.0.0.1 with two predefined users,
a reader and an editor; the app is started the way an operator starts it
(``aftale app``, which writes Streamlit's ``[auth]`` secrets from the
``AFTALE_AUTH__*`` settings) on another loopback port, with an empty data
directory and the default embedder (e5), so the first signed-in visit
ingests the bundled corpus. Then, as a municipality's staff would:

- an anonymous visitor sees the explanation and "Log ind", no chat box, no document;
- the reader signs in, asks (the answer-on-screen times are printed), gives
  feedback (stored with their e-mail), has no upload section and no library page, signs out;
- the editor signs in, uploads a PDF, gets it answered, and sees the audit row;
- another app process with the same settings, at the same address, accepts the editor's session
  (Streamlit ties the session cookie to the origin of the redirect URI, so processes that share
  sessions sit behind one address, as behind a load balancer);
- a tampered session cookie, and one signed with a previous cookie secret, get the sign-in page, not an error.

Every address is loopback; every wait is bounded. Needs Debian's chromium; never ``playwright install``.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import OPEN_GATE_ENV
from tests.test_browser import (
    ANSWER_TIMEOUT_MS,
    CHROMIUM_ARGS,
    DOSIS,
    FIRST_START_TIMEOUT_S,
    ROOT,
    WARM_QUESTIONS,
    _ask,
    _free_port,
    _last_message,
    _stop,
    _wait_http,
    chromium_path,  # noqa: F401 - the fixture
)

pytestmark = pytest.mark.browser

READER = ("laeser", "laeser@kommune.test", "Lis Læser")
EDITOR = ("redaktoer", "redaktoer@kommune.test", "Rie Redaktør")
COOKIE_SECRET = "cookie-secret-for-the-browser-test-0123456789"
OLD_COOKIE_SECRET = "the-previous-cookie-secret-now-rotated-away-42"
USER_COOKIE = "_streamlit_user"
SIGN_IN_TIMEOUT_MS = 60_000
# The first signed-in visit ingests the corpus with e5: ~90 s alone, well over 15 min on a machine shared by many jobs.
FIRST_SIGN_IN_TIMEOUT_MS = 2 * FIRST_START_TIMEOUT_S * 1000


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """``oidc-provider-mock`` on a free port of 127.0.0.1, in a thread of this process."""
    import oidc_provider_mock
    import werkzeug.serving

    users = [oidc_provider_mock.User(sub=sub, claims={"email": email, "name": name}) for sub, email, name in (READER, EDITOR)]
    server = werkzeug.serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(user_claims=users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def _wait_port_free(port: int, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"port {port} still answers after {timeout_s} s")


def _start_app(env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "interfaces.cli.main", "app", "--port", str(port), "--address", "127.0.0.1"]
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_http(f"http://127.0.0.1:{port}/_stcore/health", proc, 60)
    except BaseException:
        _stop(proc)
        raise
    return proc


@pytest.fixture(scope="module")
def app_env(provider: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("signin-data")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTALE_")}
    env.update({
        "AFTALE_DATA_DIR": str(data),
        "AFTALE_AUTH__PROVIDER_URL": f"{provider}/.well-known/openid-configuration",
        "AFTALE_AUTH__CLIENT_ID": "aftale-test",
        "AFTALE_AUTH__CLIENT_SECRET": "client-secret-for-the-browser-test",
        "AFTALE_AUTH__COOKIE_SECRET": COOKIE_SECRET,
        "AFTALE_AUTH__EDITORS": f"someone@else.test,{EDITOR[1].upper()}",
    })
    if os.environ.get("BROWSER_TEST_EMBEDDER") == "hash":  # a quick run while developing: not the measured setup
        env.update({"AFTALE_PRESET": "test", **OPEN_GATE_ENV})
    return env


@pytest.fixture(scope="module")
def app(app_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Callable[[], None]]]:
    """The app's address, its data directory, and ``replace()``: another process with the same settings in its place."""
    port = _free_port()
    logs = tmp_path_factory.mktemp("signin-log")
    procs = [_start_app(app_env, port, logs / "aftale-app-1.log")]

    def replace() -> None:
        _stop(procs[-1])
        _wait_port_free(port, 30)  # the old server's children may still answer for a moment
        procs.append(_start_app(app_env, port, logs / f"aftale-app-{len(procs) + 1}.log"))

    try:
        yield f"http://127.0.0.1:{port}", Path(app_env["AFTALE_DATA_DIR"]), replace
    finally:
        _stop(procs[-1])
        print(f"\naftale app logs: {logs}")


def _sign_in_page_shown(page) -> None:
    """The visitor's page: the explanation and "Log ind", and neither a chat box nor a document."""
    page.get_by_role("button", name="Log ind").wait_for(timeout=SIGN_IN_TIMEOUT_MS)
    # the explanation is its own element and may render a moment after the button on a loaded machine
    page.get_by_text("Log ind med din arbejdskonto").wait_for(timeout=SIGN_IN_TIMEOUT_MS)
    assert page.get_by_text("Log ind med din arbejdskonto").count() == 1
    assert page.get_by_test_id("stChatInputTextArea").count() == 0
    assert page.get_by_test_id("stException").count() == 0
    assert page.locator(".aft-card, .aft-doc").count() == 0
    assert page.get_by_role("link", name="Forpligtelser").count() == 0


def _sign_in(page, sub: str) -> None:
    """Press "Log ind", pick the user at the provider, and land back in the app."""
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("button", name=sub, exact=True).click(timeout=SIGN_IN_TIMEOUT_MS)  # the provider's page


def _sign_out(page) -> None:
    page.get_by_test_id("stSidebar").get_by_role("button", name="Log ud").click()
    # The provider may ask to confirm ending its session, then sends the browser back to the app.
    confirm = page.get_by_role("button", name="End session")
    try:
        confirm.wait_for(timeout=10_000)
        confirm.click()
    except Exception:  # noqa: BLE001 - providers that end the session without asking
        pass
    _sign_in_page_shown(page)


def _context(browser, outside: list[tuple[str, str]], height: int):
    """A browser context that never leaves the machine: any other request is aborted and noted with its page.

    (The mock provider's own pages ask a CDN for a style sheet; the app's pages must ask for nothing.)
    """
    context = browser.new_context(viewport={"width": 1280, "height": height}, locale="da-DK")

    def guard(route) -> None:
        request = route.request
        if request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
            return
        outside.append((request.url, request.frame.url if request.frame else ""))
        route.abort()

    context.route("**/*", guard)
    return context


def _shot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path))
    print(f"screenshot: {path}")


def test_visitor_reader_editor_and_bad_cookies(app: tuple[str, Path, Callable[[], None]], app_env: dict[str, str], chromium_path: str, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import sync_playwright
    from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

    from tests.pdfs import text_pdf

    url, data, replace_app = app
    outside: list[tuple[str, str]] = []
    port = url.rsplit(":", 1)[1]
    secrets = data / ".auth" / f"secrets-127.0.0.1-{port}.toml"
    assert secrets.exists() and (secrets.stat().st_mode & 0o777) == 0o600, "the sign-in secrets are for the app's user only"

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            # -- an anonymous visitor
            visitor = _context(browser, outside, 1000)
            page = visitor.new_page()
            page.goto(url)
            _sign_in_page_shown(page)
            _shot(page, tmp_path, "01-visitor-sign-in")
            page.goto(f"{url}/Forpligtelser")  # another page's address: still only the sign-in page (and "page not found")
            _sign_in_page_shown(page)
            page.goto(url)
            _sign_in_page_shown(page)

            # -- the reader signs in (the first signed-in visit ingests the corpus), asks, gives feedback
            _sign_in(page, READER[0])
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=FIRST_SIGN_IN_TIMEOUT_MS)
            sidebar = page.get_by_test_id("stSidebar")
            assert "Logget ind som Lis Læser (læser)" in sidebar.inner_text()
            assert sidebar.get_by_text("Tilføj et dokument").count() == 0
            assert page.get_by_test_id("stFileUploaderDropzoneInput").count() == 0
            assert page.get_by_role("link", name="Bibliotek").count() == 0
            first_s = _ask(page, DOSIS)
            assert "egen læge" in _last_message(page).locator(".aft-answer").first.inner_text()
            times = [_ask(page, q) for q in WARM_QUESTIONS]
            print(f"first answer after sign-in: {first_s * 1000:.0f} ms")
            for q, s in zip(WARM_QUESTIONS, times):
                print(f"{s * 1000:7.0f} ms  {q}")
            print(f"p50 Enter → answer with sources on screen, signed in (warm, {len(times)} questions): {statistics.median(times) * 1000:.0f} ms")
            _last_message(page).get_by_test_id("stFeedback").locator("button").first.click()
            page.get_by_text("Tak for din feedback.").wait_for(timeout=30_000)
            with sqlite3.connect(data / "feedback.sqlite") as conn:
                assert conn.execute("SELECT user FROM feedback").fetchall() == [(READER[1],)]
            _shot(page, tmp_path, "02-reader-answer")
            _sign_out(page)
            assert page.get_by_test_id("stChatInputTextArea").count() == 0
            visitor.close()

            # -- the editor signs in, uploads a PDF, gets it answered and sees the audit row
            context = _context(browser, outside, 1100)
            page = context.new_page()
            page.goto(url)
            _sign_in_page_shown(page)
            _sign_in(page, EDITOR[0])
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=FIRST_SIGN_IN_TIMEOUT_MS)
            sidebar = page.get_by_test_id("stSidebar")
            assert "(redaktør)" in sidebar.inner_text()
            sidebar.get_by_text("Tilføj et dokument").wait_for()
            pdf = tmp_path / "Sårpleje aftale 2024.pdf"
            pdf.write_bytes(text_pdf(
                [
                    "Aftale om sårpleje i Testkommune\n\n1. Formål\nAftalen beskriver samarbejdet om sårpleje mellem "
                    "hjemmesygeplejen, almen praksis og hospitalets sårcenter.",
                    "2. Frister\nHjemmesygeplejen skal foretage en sårvurdering senest 2 hverdage efter, at henvisningen "
                    "er modtaget. Hvis såret ikke er i bedring efter 4 uger, skal egen læge kontaktes.",
                ],
                title="Aftale om sårpleje",
            ))
            sidebar.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(pdf))
            sidebar.get_by_text("kan nu søges i").wait_for(timeout=180_000)
            _ask(page, "Hvor hurtigt skal hjemmesygeplejen foretage en sårvurdering?")
            message = _last_message(page)
            assert "2 hverdage" in message.locator(".aft-answer").first.inner_text()
            assert "Aftale om sårpleje" in message.locator(".aft-card").first.inner_text()
            page.get_by_role("link", name="Bibliotek").click()
            audit = page.locator("table.aft-audit")
            audit.wait_for(timeout=ANSWER_TIMEOUT_MS)
            first_row = audit.locator("tbody tr").first.inner_text()
            assert EDITOR[1] in first_row and "tilføjet" in first_row and "Sårpleje-aftale-2024.pdf" in first_row
            assert audit.locator("tbody tr", has_text="system").count() == 5, "the first start's corpus, by the app itself"
            _shot(page, tmp_path, "03-editor-audit")
            # the editor corrects the new document's title and then removes it, on the same page
            page.get_by_label("Titel").fill("Sårplejeaftalen for Testkommune")
            page.get_by_role("button", name="Gem rettelser").click()
            page.get_by_text("Oplysningerne om Sårpleje-aftale-2024.pdf er rettet.").wait_for(timeout=180_000)
            # the rerun may still show the previous table for a moment: wait for the new row
            audit.locator("tbody tr", has_text="rettet").first.wait_for(timeout=60_000)
            row = audit.locator("tbody tr").first.inner_text()
            assert "rettet" in row and "title=Sårplejeaftalen for Testkommune" in row, row
            page.get_by_text("Ja, fjern Sårpleje-aftale-2024.pdf fra indekset").click()
            page.get_by_role("button", name="Fjern dokumentet").click()
            page.get_by_text("Sårpleje-aftale-2024.pdf er fjernet fra indekset.").wait_for(timeout=180_000)
            audit.locator("tbody tr", has_text="fjernet").first.wait_for(timeout=60_000)
            row = audit.locator("tbody tr").first.inner_text()
            assert "fjernet" in row and EDITOR[1] in row, row
            assert not (data / "uploads" / "Sårpleje-aftale-2024.pdf").exists()
            _shot(page, tmp_path, "04-editor-removed")

            # -- another app process with the same settings, at the same address, accepts the same session
            replace_app()
            page.goto(url)
            page.get_by_test_id("stSidebar").get_by_text("(redaktør)").wait_for(timeout=180_000)
            assert page.get_by_role("button", name="Log ind").count() == 0

            # -- a tampered session cookie gets the sign-in page, not an error
            cookies = context.cookies(url)
            user_cookie = next(c for c in cookies if c["name"] == USER_COOKIE)
            value = user_cookie["value"]
            tampered = value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB")
            context.add_cookies([{**user_cookie, "value": tampered}])
            page.goto(url)
            _sign_in_page_shown(page)
            _shot(page, tmp_path, "05-tampered-cookie")
            context.close()

            # -- a cookie signed with the previous cookie secret gets the sign-in page too
            payload = json.dumps({"is_logged_in": True, "email": EDITOR[1], "name": EDITOR[2], "provider": "default"})
            old = create_signed_value(OLD_COOKIE_SECRET, USER_COOKIE, payload).decode()
            stale = _context(browser, outside, 1000)
            stale.add_cookies([{"name": USER_COOKIE, "value": old, "domain": "127.0.0.1", "path": "/"}])
            page = stale.new_page()
            page.goto(url)
            _sign_in_page_shown(page)
            assert page.get_by_test_id("stSidebar").count() == 0 or "redaktør" not in page.get_by_test_id("stSidebar").inner_text()
            stale.close()
        finally:
            browser.close()
    from_app = [(u, p) for u, p in outside if p.startswith(url)]
    assert not from_app, f"the app's pages fetched from outside the machine: {from_app}"
    print(f"requests to outside the machine, all blocked, none from the app: {sorted({u for u, _ in outside})}")
