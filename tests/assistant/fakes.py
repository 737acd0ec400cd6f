"""Stand-ins the answer rules' tests share: the parts of a question plan they read, one candidate sentence, and
an index of one text document of a test's own."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.api import Assistant
from assistant.asked import AskedUnit
from assistant.candidates import Candidate
from assistant.types import Passage
from tests.conftest import hash_settings
from tests.pdfs import write


@dataclass
class Plan:
    """What ``missing_asked``, ``_with_asked``, ``stated_first`` and ``_answer_first`` read of a ``QueryPlan``."""

    qtype: str
    unit: AskedUnit | None = None
    original: str = ""
    key_terms: tuple[tuple[str, ...], ...] = ()
    soft: frozenset[tuple[str, ...]] = frozenset()
    compare: bool = False
    lang: str = "da"


def candidate(text: str, score: float = 0.9, fit: float = 0.5, matched: Iterable[tuple[str, ...]] = ()) -> Candidate:
    """``text`` as the one sentence of a one-sentence passage, scored ``score``."""
    p = Passage(rank=1, id="a#0", doc="a.txt", title="a", section=None, page=None, page_end=None, line_start=1,
                line_end=1, start=0, end=len(text), text=text, score=1.0)
    return Candidate(passage=p, doc_span=(0, len(text)), text=text, cos=0.5, coverage=0.5, matched=frozenset(matched),
                     fit=fit, score=score, order=0)


def one_document(root: Path, name: str, text: str, **overrides: Any) -> Assistant:
    """An assistant over ``text`` alone, saved as ``name`` under ``root`` and ingested with the test preset
    (``overrides``: settings sections, e.g. ``ingest={"chunk_max": 200}``)."""
    write(root / "docs" / name, text.encode())
    assistant = Assistant(hash_settings(root / "data", **overrides))
    assert assistant.ingest([root / "docs"]).ok
    return assistant
