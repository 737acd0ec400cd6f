"""The pages beside the chat, driven through ``streamlit.testing.v1.AppTest``.

The commitments page opens the register through the API
(``Assistant.register_path``): it shows the register of the index the
assistant serves, and the API's own message when there is no index.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import assistant.register as register_module
from assistant.api import Assistant
from foundation.settings import Settings
from interfaces.web.shared import get_assistant

COMMITMENTS_PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "1_Forpligtelser.py")


@pytest.fixture(autouse=True)
def _fresh_assistant() -> Iterator[None]:
    """Each test's data directory gets its own cached ``Assistant``."""
    get_assistant.clear()
    yield
    get_assistant.clear()


def _page(data_dir: Path | str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv("AFTALE_DATA_DIR", str(data_dir))
    at = AppTest.from_file(COMMITMENTS_PAGE, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def test_commitments_page_shows_the_served_register(hash_index: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _page(hash_index.data_dir, monkeypatch)
    assert not at.error
    assert at.title[0].value == "Forpligtelser og ansvar"
    picker = at.selectbox(key="forpligtelser_kilde")
    rows = len(picker.options)
    assert rows > 200
    assert at.caption[1].value.startswith(f"{rows} udsagn")
    table = next(h.proto.body for h in at.get("html") if "aft-reg" in h.proto.body)
    assert table.count("<tr>") == rows + 1  # the header and one row per statement, numbered
    assert "<th>Udsagn</th>" in table and "<th>Status</th>" in table and "<th>Situation</th>" not in table
    picker.set_value(0).run()
    assert at.subheader[0].value == "Kilde"
    assert any("Status: forslag" in c.value for c in at.caption)  # the first row is from a proposal (oplæg)


def test_commitments_page_without_an_index_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _page(tmp_path / "nothing", monkeypatch)
    assert len(at.error) == 1 and "aftale ingest" in at.error[0].value
    assert not at.dataframe


def test_commitments_page_shows_one_page_and_counts_all(hash_index: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """A result larger than a page: the table holds one page (cut in SQL), the caption the total and
    each kind's count, a page number moves through it; the brief is built from every row when asked."""
    monkeypatch.setattr(register_module, "PAGE_ROWS", 100)
    total = len(Assistant(Settings.from_preset("test", data_dir=str(hash_index.data_dir))).register().query())
    assert total > 200
    at = _page(hash_index.data_dir, monkeypatch)
    assert at.caption[1].value.startswith(f"{total} udsagn") and at.caption[1].value.endswith("viser 1–100")
    table = next(h.proto.body for h in at.get("html") if "aft-reg" in h.proto.body)
    assert table.count("<tr>") == 101 and len(at.selectbox(key="forpligtelser_kilde").options) == 100
    at.number_input(key="forpligtelser_side").set_value(3).run()
    assert not at.exception, at.exception
    assert at.caption[1].value.endswith(f"viser 201–{min(300, total)}")
    assert any(c.value.startswith(f"Mødebriefen samler alle {total} udsagn") for c in at.caption)
    at.toggle(key="forpligtelser_brief_alle").set_value(True).run()
    assert any(c.value.startswith("Mødebrief") and "forpligtelser" in c.value for c in at.caption), [c.value for c in at.caption]
