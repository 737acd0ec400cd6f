"""One set of list-item marks for every reader of text (``foundation.text.bullets``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from foundation.text.bullets import BULLET, BULLET_GLYPHS, BULLET_IN_PDF, TYPED_BULLETS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("mark", [*BULLET_GLYPHS, *TYPED_BULLETS])
def test_every_mark_is_a_bullet_of_text_and_of_a_pdf(mark):
    assert re.fullmatch(BULLET, mark) and re.fullmatch(BULLET_IN_PDF, mark)


def test_a_symbol_fonts_private_use_bullet_only_in_a_pdf():
    assert re.fullmatch(BULLET_IN_PDF, "\uf0b7") and not re.fullmatch(BULLET, "\uf0b7")
    assert not re.fullmatch(BULLET, "a") and not re.fullmatch(BULLET, ".")


def test_no_module_spells_a_bullet_set_of_its_own():
    """The readers of PDFs, the splitter, the register and the quotes once had five sets that differed."""
    own = ROOT / "foundation" / "text" / "bullets.py"
    offenders = [
        str(p.relative_to(ROOT))
        for folder in ("foundation", "ingest", "index", "assistant", "interfaces", "evals")
        for p in (ROOT / folder).rglob("*.py")
        if p != own and re.search("[•▪◦●○][•▪◦●○■□►▸✓✔]", p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_a_lettered_items_mark_is_skipped_where_a_continuation_is_told_from_a_sentence():
    from foundation.text.sentences import starts_lower

    assert not starts_lower("b) Sondeernæring: Hospitalet udleverer sondemad til de første 14 dage.")
    assert not starts_lower("(c) Kommunen betaler.")
    assert starts_lower("b) og derefter søger borgeren om tilskud.")  # the item's own first word is lower-case
    assert starts_lower("behandling i hjemmet.")
