"""What a quote must hold to answer what is asked (``assistant.answer.holds_asked``)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from assistant.answer import STRICT_TYPES, Candidate, holds_asked
from assistant.types import Passage


@dataclass
class Plan:
    qtype: str


def _cand(text: str, fit: float) -> Candidate:
    p = Passage(rank=1, id="a#0", doc="a.txt", title="a", section=None, page=None, page_end=None, line_start=1,
                line_end=1, start=0, end=len(text), text=text, score=1.0)
    return Candidate(passage=p, doc_span=(0, len(text)), text=text, cos=0.5, coverage=0.5, matched=frozenset(), fit=fit,
                     score=0.9, order=0)


def test_a_when_question_needs_a_time_or_a_situation():
    assert holds_asked(Plan("when"), [_cand("Planen sendes senest tre hverdage efter udskrivelsen.", 1.0)])
    # "ved indlæggelse" is when, though no date or limit: a situation answers "hvornår" too
    assert holds_asked(Plan("when"), [_cand("Ved indlæggelse pauseres dosisdispenseringen.", 0.0)])
    assert not holds_asked(Plan("when"), [_cand("Der er indgået en aftale om borgere med demens.", 0.0)])


def test_a_number_question_needs_a_number_of_what_it_counts():
    # the reader's type fit already asks that the number counts what is asked ("hvor mange borgere")
    assert holds_asked(Plan("number"), [_cand("Det gælder 18 ud af 19 kommuner.", 1.0)])
    assert not holds_asked(Plan("number"), [_cand("Kommunerne tilbyder genoptræning til borgerne.", 0.0)])
    assert holds_asked(Plan("number"), [_cand("Ingen tal her.", 0.0), _cand("Der er 12 pladser.", 1.0)])  # any quote


@pytest.mark.parametrize("qtype", ["who", "yesno", "other", "definition"])
def test_other_questions_are_left_to_the_reader(qtype):
    assert qtype not in STRICT_TYPES
    assert holds_asked(Plan(qtype), [_cand("Byrådene træffer beslutningerne.", 0.0)])
