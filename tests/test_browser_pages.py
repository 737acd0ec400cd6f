"""The pages in a real browser at 1280 px: the commitments table (the statement widest, never cut off) and the comparison.

``streamlit run app.py`` on a free loopback port over a hash-embedder index of
the bundled corpus (built by the fixture, so no model loads), driven by
Debian's headless Chromium like ``tests/test_browser.py``. On the
Forpligtelser page every statement cell's text fits its cell (it wraps:
``scrollWidth <= clientWidth``), the table ends inside the window, the
statement column is wider than any other, and the brief tab's heading
counts what is in force, expired and proposed. A screenshot goes to ``tmp_path``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import hash_settings
from tests.test_browser import (  # noqa: F401 - fixture
    APP,
    ROOT,
    _free_port,
    _launch,
    _stop,
    _wait_http,
    chromium_path,
)

pytestmark = pytest.mark.browser

WIDTH = 1280

# Per statement cell: does its text fit (no horizontal overflow)? And the geometry of the table and its header.
MEASURE_JS = """() => {
  const table = document.querySelector('table.aft-reg');
  const cells = [...table.querySelectorAll('td.aft-reg-statement')];
  const heads = [...table.querySelectorAll('thead th')].map(th => [th.innerText, th.getBoundingClientRect().width]);
  const lineHeight = parseFloat(getComputedStyle(cells[0]).lineHeight);
  return {
    cells: cells.length,
    cut: cells.filter(td => td.scrollWidth > td.clientWidth + 1).map(td => td.innerText.slice(0, 60)),
    wrapped: cells.filter(td => td.getBoundingClientRect().height > 2.5 * lineHeight).length,
    heads: heads,
    right: table.getBoundingClientRect().right,
    boxRight: table.parentElement.getBoundingClientRect().right,
    window: window.innerWidth,
  };
}"""


@pytest.fixture(scope="module")
def register_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a hash-embedder index of the bundled corpus."""
    from index.build import run_ingest

    data = tmp_path_factory.mktemp("browser-register")
    assert run_ingest(None, hash_settings(data)).ok
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTALE_")}
    env.update({"AFTALE_PRESET": "test", "AFTALE_DATA_DIR": str(data)})
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]
    log_path = data.parent / "streamlit-register.log"
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait_http(f"http://127.0.0.1:{port}/_stcore/health", proc, 60)
            yield f"http://127.0.0.1:{port}"
        finally:
            _stop(proc)
            print(f"\nstreamlit log: {log_path}")


def test_statements_wrap_and_are_the_widest_column_at_1280px(register_server: str, chromium_path: str, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = _launch(pw, chromium_path)
        try:
            page = browser.new_context(viewport={"width": WIDTH, "height": 900}, locale="da-DK").new_page()
            page.goto(f"{register_server}/Forpligtelser")
            page.locator("table.aft-reg td.aft-reg-statement").first.wait_for(timeout=120_000)
            m = page.evaluate(MEASURE_JS)
            shot = tmp_path / "forpligtelser-1280.png"
            page.screenshot(path=str(shot))
            print(f"screenshot: {shot}")
            print({k: v for k, v in m.items() if k != "cut"}, f"cut: {len(m['cut'])}")

            assert m["cells"] > 200
            assert m["cut"] == [], f"statements cut off: {m['cut'][:5]}"
            assert m["wrapped"] > 10  # long statements run over several lines instead of off the table
            assert m["right"] <= m["boxRight"] + 1 <= m["window"] + 1  # the table ends inside its box and the window
            widths = dict(m["heads"])
            assert list(widths) == ["#", "Udsagn", "Aktør", "Hvornår", "Periode", "Status"]  # no empty columns
            assert widths["Udsagn"] > 2 * max(w for h, w in widths.items() if h != "Udsagn")  # the widest by far
            assert widths["Udsagn"] >= 0.45 * sum(widths.values())  # and about half the table

            page.get_by_role("tab", name="Mødebrief").click()
            page.get_by_text("Mødebrief: forpligtelser og ansvar – 0 gældende").first.wait_for(timeout=30_000)
        finally:
            browser.close()


def test_what_changed_shows_two_periods_side_by_side(register_server: str, chromium_path: str, tmp_path: Path) -> None:  # noqa: F811
    """The chat answers a "what changed" question with the two-column comparison; so does its page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = _launch(pw, chromium_path)
        try:
            page = browser.new_context(viewport={"width": WIDTH, "height": 1000}, locale="da-DK").new_page()
            page.goto(register_server)
            box = page.get_by_test_id("stChatInputTextArea")
            box.wait_for(timeout=120_000)
            box.fill("Hvad er ændret om genoptræning fra 2015–2018 til 2019–2023?")
            box.press("Enter")
            table = page.locator("table.aft-cmp-t").first
            table.wait_for(timeout=120_000)
            heads = table.locator("th").all_inner_texts()
            assert heads == ["2015–2018", "2019–2023"]
            left, right = (table.locator("th").nth(i).bounding_box() for i in (0, 1))
            assert left and right and right["x"] > left["x"] + left["width"] - 1  # two columns, side by side
            assert page.locator(".aft-cmp .aft-mark").count() >= 1
            assert "Sammenligning af genoptræning" in page.locator(".aft-answer").last.inner_text()
            page.screenshot(path=str(tmp_path / "chat-comparison.png"), full_page=True)
            print(f"screenshot: {tmp_path / 'chat-comparison.png'}")

            page.goto(f"{register_server}/Hvad_er_ændret")
            page.get_by_label("Emne").wait_for(timeout=60_000)
            page.get_by_label("Emne").fill("akutpladser")
            page.get_by_label("Emne").press("Enter")
            page.locator("table.aft-cmp-t").first.wait_for(timeout=120_000)
            page.screenshot(path=str(tmp_path / "page-comparison.png"), full_page=True)
            print(f"screenshot: {tmp_path / 'page-comparison.png'}")
        finally:
            browser.close()
