"""The hand list of general English→Danish health and administration terms: well formed and general.

Its forms need not occur in any bundled file: what an index lacks simply never matches, and
everything specific to one corpus comes from the index's own vocabulary (``assistant/terms.py``).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from assistant.terms import EN_DA_TSV, parse_table


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return [ln for ln in Path(EN_DA_TSV).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]


def test_every_line_is_english_tab_danish_forms(lines):
    for n, line in enumerate(lines, 1):
        parts = line.split("\t")
        assert len(parts) == 2, f"line {n}: {line!r}"
        en, da = parts
        assert en and en == en.strip() and en == _norm(en), f"line {n}: key {en!r}"
        forms = da.split("|")
        assert all(f and f == f.strip() for f in forms), f"line {n}: {da!r}"
        assert len({_norm(f) for f in forms}) == len(forms), f"line {n}: repeated form"
        assert 1 <= len(en.split()) <= 3


def test_keys_unique_and_list_small(lines):
    keys = [ln.split("\t")[0] for ln in lines]
    assert len(keys) == len(set(keys))
    # the domain's general vocabulary (care settings, staff, conditions, processes, governance), not a
    # corpus's: a few hundred words, where one corpus's vocabulary runs to thousands of terms
    assert len(keys) <= 510


@pytest.mark.parametrize(
    ("en", "expected"),
    [("hospital", "sygehus"), ("municipality", "kommune"), ("general practitioner", "praktiserende læge"),
     ("discharge", "udskrivelse"), ("rehabilitation", "genoptræning"), ("how many", "antal"),
     ("goal", "mål"), ("staff", "personale"), ("older", "ældre"), ("follow-up", "opfølgning"),
     ("terminate", "opsige"), ("terminal", "terminal"), ("declaration", "erklæring"), ("dying", "dø"), ("notice", "varsel"), ("take place", "foregå"), ("permanent", "varig"), ("interpreter", "tolk"), ("consent", "samtykke")],
)
def test_general_terms_present(en, expected):
    table = parse_table(Path(EN_DA_TSV).read_text(encoding="utf-8"))
    assert expected in table[en]
