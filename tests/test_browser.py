"""End to end in a real browser: ``streamlit run app.py`` driven by headless Chromium.

Starts the app on a free port on 127.0.0.1 with an empty data directory and
the real default embedder (e5), so the first start ingests the bundled
corpus (about 90 s; the page shows a progress bar meanwhile). Then asks as a
nurse would, opens the source, uploads a PDF and measures the time from
Enter to the answer and its sources on screen. Screenshots go to pytest's
``tmp_path``; their paths are printed (``pytest -s`` shows them).

Needs Debian's chromium (``apt-get install chromium``); never ``playwright install``.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
FIRST_START_TIMEOUT_S = 900  # the first start ingests the corpus with e5 (~90 s alone, longer on a busy machine)
ANSWER_TIMEOUT_MS = 60_000

DOSIS = "Hvem står for dosisdispensering efter udskrivelse?"
WARM_QUESTIONS = (
    "Hvor hurtigt skal borgeren kontaktes, når genoptræningsplanen er modtaget?",
    "Hvor lang tid har man til at afslutte analyser og handleplaner efter en utilsigtet hændelse?",
    "Hvor meget erfaring skal sygeplejersker på kommunale akutpladser have?",
    "Hvem sender udskrivningsrapporten?",
    "Hvornår skal telemedicinsk sårvurdering være udbredt til alle kommuner?",
)

# The last chat message holds a source card or a refusal: the answer is on screen.
# The question just asked is the last one on screen (a rerun can briefly show the conversation as it was
# before it) and its answer, a card or a refusal, is below it and not stale.
ANSWER_ON_SCREEN_JS = """({n, q}) => {
  const users = document.querySelectorAll('[data-testid="stChatMessage"] .aft-user');
  if (users.length < n || !users[users.length - 1].innerText.includes(q)) return false;
  const msgs = document.querySelectorAll('[data-testid="stChatMessage"]');
  const last = msgs[msgs.length - 1];
  return !!(last && last.querySelector('.aft-card, .aft-refusal') && !last.closest('[data-stale="true"]'));
}"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:  # noqa: S310 - loopback only
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer in {timeout_s} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=15)


@pytest.fixture(scope="module")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``streamlit run app.py`` on a free loopback port with an empty data directory."""
    data = tmp_path_factory.mktemp("browser-data")
    log_path = data.parent / "streamlit.log"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTALE_")}
    env["AFTALE_DATA_DIR"] = str(data)
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait_http(f"http://127.0.0.1:{port}/_stcore/health", proc, 60)
            yield f"http://127.0.0.1:{port}", data
        finally:
            _stop(proc)
            print(f"\nstreamlit log: {log_path}")


def _launch(playwright, chromium: str):
    return playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)


def _ask(page, question: str) -> float:
    """Type a question, press Enter and wait for the answer and its sources; seconds taken."""
    box = page.get_by_test_id("stChatInputTextArea")
    n = page.locator('[data-testid="stChatMessage"] .aft-user').count()
    box.fill(question)
    t0 = time.perf_counter()
    box.press("Enter")
    page.wait_for_function(ANSWER_ON_SCREEN_JS, arg={"n": n + 1, "q": question[:20]}, timeout=ANSWER_TIMEOUT_MS, polling="raf")
    return time.perf_counter() - t0


def _last_message(page):
    return page.locator('[data-testid="stChatMessage"]').last


def test_closing_the_tab_does_not_stop_the_first_start(server: tuple[str, Path], chromium_path: str) -> None:
    """The first start's ingest belongs to the app, not to the tab: with its only visitor gone it still finishes."""
    from playwright.sync_api import sync_playwright

    url, data = server
    with sync_playwright() as pw:
        browser = _launch(pw, chromium_path)
        try:
            page = browser.new_page()
            page.goto(url)
            page.get_by_test_id("stProgress").first.wait_for(timeout=60_000)  # the ingest has begun
            assert not (data / "CURRENT").exists()
        finally:
            browser.close()  # the only session goes while the ingest runs
    deadline = time.monotonic() + FIRST_START_TIMEOUT_S
    while not (data / "CURRENT").exists() and time.monotonic() < deadline:
        time.sleep(1)
    assert (data / "CURRENT").exists(), "the first start's ingest stopped when its tab closed"


def test_nurse_asks_and_opens_the_source(server: tuple[str, Path], chromium_path: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    url, data = server
    shots = tmp_path / "screenshots"
    shots.mkdir()
    outside: list[str] = []

    def shot(name: str, page) -> Path:
        path = shots / f"{name}.png"
        page.screenshot(path=str(path))
        print(f"screenshot: {path}")
        return path

    with sync_playwright() as pw:
        browser = _launch(pw, chromium_path)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="da-DK")
            page = context.new_page()
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
            page.goto(url)

            # First start: the corpus is ingested with a progress bar, then the chat opens.
            try:
                page.get_by_test_id("stProgress").first.wait_for(timeout=60_000)
                shot("01-first-start-progress", page)
            except Exception:  # noqa: BLE001 - the ingest may already be done
                pass
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=FIRST_START_TIMEOUT_S * 1000)
            page.get_by_text("Eksempler på spørgsmål").wait_for()
            assert page.get_by_role("button", name="Ny samtale").is_visible()
            shot("02-chat-ready", page)

            # The question of the issue: the answer names egen læge, a card shows document and section.
            first_s = _ask(page, DOSIS)
            message = _last_message(page)
            answer_text = message.locator(".aft-answer").first.inner_text()
            assert "egen læge" in answer_text
            card = message.locator(".aft-card").first
            card_text = card.inner_text()
            assert "Sundhedsaftale 2015–2018" in card_text
            assert "2.4. Patientsikkerhed" in card_text and "dosisdispensering" in card_text.split("Sundhedsaftale 2015–2018", 1)[1]
            # every quoted sentence is marked in document order; the one naming egen læge is among them
            assert any("egen læge" in m for m in card.locator("mark").all_inner_texts())
            shot("03-answer-with-sources", page)
            print(f"first answer (cold-ish): {first_s * 1000:.0f} ms")

            # "Vis i dokumentet": the cleaned text, scrolled to the highlighted passage.
            message.get_by_role("button", name="Vis i dokumentet").first.click()
            viewer = page.locator(".aft-doc").first
            viewer.locator("mark").first.wait_for(timeout=ANSWER_TIMEOUT_MS)
            page.wait_for_function(
                "() => { const b = document.querySelector('.aft-doc'); return b && b.scrollTop > 0; }", timeout=10_000
            )
            viewer.scroll_into_view_if_needed()
            mark = viewer.locator("mark", has_text="egen læge").first  # the quote naming egen læge is marked
            assert "egen læge" in mark.inner_text()
            box, hit = viewer.bounding_box(), mark.bounding_box()
            assert box and hit and box["y"] <= hit["y"] <= box["y"] + box["height"], "the passage is not in view"
            shot("04-source-in-document", page)

            # Warm questions: time from Enter to the answer and its sources on screen.
            times = [_ask(page, q) for q in WARM_QUESTIONS]
            for q, s in zip(WARM_QUESTIONS, times):
                print(f"{s * 1000:7.0f} ms  {q}")
            p50 = statistics.median(times)
            print(f"p50 Enter → answer with sources on screen (warm, {len(times)} questions): {p50 * 1000:.0f} ms")
            shot("05-after-warm-questions", page)
            for q in WARM_QUESTIONS[:3]:  # the sidebar's examples are answered, not refused
                assert page.locator(".aft-user", has_text=q).count() == 1
            refusals = page.locator('[data-testid="stChatMessage"] .aft-refusal').count()
            assert refusals == 0, f"{refusals} example questions were refused"

            # A second browser session keeps its own conversation.
            other = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
            other.goto(url)
            other.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
            _ask(other, "Hvad koster en kop kaffe på Mars?")
            assert other.locator(".aft-user").count() == 1
            assert "Det fremgår ikke af aftalerne" in other.locator(".aft-refusal").first.inner_text()
            shot("06-second-session-refusal", other)
            _ask(page, "Og ved indlæggelse?")
            assert page.locator(".aft-user", has_text="Mars").count() == 0
            assert page.locator(".aft-user").count() == 1 + len(WARM_QUESTIONS) + 1

            # Injection attempts are shown as text.
            _ask(other, "<img src=x onerror=\"document.body.dataset.pwned=1\"> **fed** dosisdispensering")
            assert other.locator(".aft-user").last.inner_text().startswith("<img src=x")
            assert other.evaluate("() => document.body.dataset.pwned") is None
            assert other.locator('[data-testid="stChatMessage"] img[src="x"]').count() == 0

            # "Ny samtale" starts over.
            page.get_by_role("button", name="Ny samtale").click()
            page.wait_for_function("() => document.querySelectorAll('.aft-user').length === 0", timeout=30_000)
        finally:
            browser.close()
    assert not outside, f"the page fetched from outside the machine: {outside}"


def test_uploaded_pdf_opens_on_its_page(server: tuple[str, Path], chromium_path: str, tmp_path: Path) -> None:
    """Upload a PDF in the sidebar, ask about it and open the page it cites."""
    from playwright.sync_api import sync_playwright

    from tests.pdfs import text_pdf

    url, data = server
    pdf = tmp_path / "Sårpleje aftale 2024.pdf"
    pdf.write_bytes(
        text_pdf(
            [
                "Aftale om sårpleje i Testkommune\n\n1. Formål\nAftalen beskriver samarbejdet om sårpleje mellem "
                "hjemmesygeplejen, almen praksis og hospitalets sårcenter.",
                "2. Frister\nHjemmesygeplejen skal foretage en sårvurdering senest 2 hverdage efter, at henvisningen "
                "er modtaget. Hvis såret ikke er i bedring efter 4 uger, skal egen læge kontaktes.",
            ],
            title="Aftale om sårpleje",
        )
    )
    bad = tmp_path / "program.pdf"
    bad.write_bytes(b"\x7fELF\x02\x01\x01" + b"\x00" * 300)
    with sync_playwright() as pw:
        browser = _launch(pw, chromium_path)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 1100}).new_page()
            page.goto(url)
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=FIRST_START_TIMEOUT_S * 1000)
            sidebar = page.get_by_test_id("stSidebar")

            sidebar.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(bad))
            alert = sidebar.get_by_test_id("stAlert").first
            alert.wait_for(timeout=60_000)
            assert "ikke et dokument" in alert.inner_text()

            sidebar.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(pdf))
            sidebar.get_by_text("kan nu søges i").wait_for(timeout=180_000)
            assert (data / "uploads" / "Sårpleje-aftale-2024.pdf").exists()
            assert not (data / "uploads" / "program.pdf").exists()
            sidebar.get_by_text("kan nu søges i").scroll_into_view_if_needed()
            path = tmp_path / "07-upload-done.png"
            page.screenshot(path=str(path))
            print(f"screenshot: {path}")

            _ask(page, "Hvor hurtigt skal hjemmesygeplejen foretage en sårvurdering?")
            message = _last_message(page)
            assert "2 hverdage" in message.locator(".aft-answer").first.inner_text()
            assert "Aftale om sårpleje" in message.locator(".aft-card").first.inner_text()
            message.get_by_role("button", name="Vis i dokumentet").first.click()
            # The page rendered as an image (pypdfium2), or its text when no renderer is installed.
            shown = message.locator('[data-testid="stImage"] img, .aft-doc mark').first
            shown.wait_for(timeout=ANSWER_TIMEOUT_MS)
            shown.scroll_into_view_if_needed()
            time.sleep(0.5)
            assert message.get_by_text("side 2").count() >= 1
            path = tmp_path / "08-pdf-page-highlighted.png"
            page.screenshot(path=str(path))
            print(f"screenshot: {path}")
        finally:
            browser.close()
