"""The "Hvad er ændret" page, driven through ``streamlit.testing.v1.AppTest`` over a hash-embedder index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from foundation.settings import Settings
from interfaces.web.shared import get_assistant

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "2_Hvad_er_ændret.py")


@pytest.fixture(autouse=True)
def _fresh_assistant() -> Iterator[None]:
    get_assistant.clear()
    yield
    get_assistant.clear()


def test_the_page_compares_a_topic_between_two_periods(hash_index: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv("AFTALE_DATA_DIR", str(hash_index.data_dir))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="chg_from").options[0] == "2013-2014"
    # by default the latest period and the latest one that ended before it began
    assert (at.selectbox(key="chg_from").value, at.selectbox(key="chg_to").value) == ("2015-2018", "2019-2023")
    at.text_input(key="chg_topic").set_value("genoptræning").run()
    assert not at.exception and not at.error
    view = next(h.proto.body for h in at.get("html") if "aft-cmp" in h.proto.body)
    assert "<th>2015–2018</th><th>2019–2023</th>" in view
    assert "Sundhedsaftale 2015–2018" in view and "ikke bindende" in view  # the later side is a proposal, and says so
    assert any(f"aft-mark-{m}" in view for m in ("new", "kept", "gone"))
    assert "Sammenligning af genoptræning" in at.markdown[0].value


def test_the_page_without_an_index_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv("AFTALE_DATA_DIR", str(tmp_path / "nothing"))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert len(at.error) == 1 and "aftale ingest" in at.error[0].value
