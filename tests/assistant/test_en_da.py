"""The English→Danish term list for the lexical leg: well formed, and every Danish form is real corpus text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EN_DA_TSV = ROOT / "assistant" / "data" / "en_da.tsv"
CORPUS = ROOT / "corpus"


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def _parse(path: Path) -> list[tuple[str, list[str]]]:
    entries = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"line {n}: blank line"
        parts = line.split("\t")
        assert len(parts) == 2, f"line {n}: expected 'english<TAB>danish1|danish2', got {line!r}"
        en, da = parts
        forms = da.split("|")
        assert en and en == en.strip(), f"line {n}: empty or padded key {en!r}"
        assert all(f and f == f.strip() for f in forms), f"line {n}: empty or padded Danish form in {da!r}"
        entries.append((en, forms))
    return entries


@pytest.fixture(scope="module")
def entries() -> list[tuple[str, list[str]]]:
    return _parse(EN_DA_TSV)


@pytest.fixture(scope="module")
def corpus_text() -> str:
    files = sorted(CORPUS.glob("*.txt"))
    assert files, f"no corpus files in {CORPUS}"
    return "\n".join(_norm(f.read_text(encoding="utf-8")) for f in files)


def test_file_parses_with_enough_entries(entries):
    assert len(entries) >= 300


def test_keys_lowercase_and_unique(entries):
    keys = [en for en, _ in entries]
    assert all(k == _norm(k) for k in keys), [k for k in keys if k != _norm(k)]
    dups = sorted({k for k in keys if keys.count(k) > 1})
    assert not dups, dups


def test_keys_are_single_words_or_short_phrases(entries):
    assert all(1 <= len(en.split()) <= 4 and "  " not in en for en, _ in entries)


def test_no_repeated_forms_within_an_entry(entries):
    repeated = [en for en, forms in entries if len({_norm(f) for f in forms}) != len(forms)]
    assert not repeated, repeated


def test_every_danish_form_occurs_in_corpus(entries, corpus_text):
    missing = [(en, f) for en, forms in entries for f in forms if _norm(f) not in corpus_text]
    assert not missing, missing


@pytest.mark.parametrize(
    "en, expected",
    [
        ("discharge", "udskrivelse"),
        ("readmission", "genindlæggelser"),
        ("gp", "almen praksis"),
        ("general practitioner", "praktiserende læge"),
        ("dose dispensing", "dosisdispensering"),
        ("medication record", "fælles medicinkort"),
        ("training plan", "genoptræningsplan"),
        ("steering group", "sundhedsstyregruppen"),
        ("how many", "antal"),
        ("percent", "andelen"),
    ],
)
def test_core_vocabulary_present(entries, en, expected):
    table = dict(entries)
    assert en in table and expected in table[en]
