"""Which sentences are quoted together: a continuation with its sentence, also across a passage's edge."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from assistant.groups import own_groups, sentence_groups, with_neighbours
from tests.assistant.fakes import one_document


@dataclass
class _Snapshot:
    """What ``with_neighbours`` reads of an index: sentence rows and each document's rows in order."""

    sentence_rows: list[dict] = field(default_factory=list)

    def document_rows(self, doc: str) -> list[int]:
        return [i for i, r in enumerate(self.sentence_rows) if r["doc"] == doc]


class TestNeighbours:
    def test_the_sentences_around_a_passage_come_with_it(self):
        rows = [{"doc": "a.txt", "start": s} for s in (0, 40, 80, 120)] + [{"doc": "b.txt", "start": 0}]
        snap = _Snapshot(rows)
        assert with_neighbours(snap, "a.txt", [1, 2]) == ([0, 1, 2, 3], 1, 3)
        assert with_neighbours(snap, "a.txt", [0]) == ([0, 1], 0, 1)  # the document's first: nothing before
        assert with_neighbours(snap, "a.txt", [3]) == ([2, 3], 1, 2)  # its last: nothing after (not b.txt's)
        assert with_neighbours(snap, "a.txt", []) == ([], 0, 0)

    def test_only_groups_that_hold_a_sentence_of_the_passage_are_kept(self):
        texts = ["Der kan ikke altid opnås enighed.", "I disse tilfælde indgås aftaler bilateralt.", "Regionen betaler."]
        groups = sentence_groups([(0, 1)] * 3, texts)
        assert own_groups(groups, 0, 1) == [[0, 1]]  # the passage ends before "I disse tilfælde …": it comes along
        assert own_groups(groups, 2, 3) == [[2]]


@pytest.fixture(scope="module")
def cut_between(tmp_path_factory):
    """A document whose passages are a sentence or two, so that a passage ends just before "I disse tilfælde …"."""
    root = tmp_path_factory.mktemp("cut-between")
    text = (
        "Samarbejdet om genoptræning\n\n"
        "Kommunerne i klyngen går efter at indgå fælles aftaler om genoptræning, der omfatter alle borgere i hele området.\n"
        "Men der kan være situationer, hvor der på grund af lokale prioriteringer og hensyn ikke kan opnås enighed om en fælles aftale.\n"
        "I disse tilfælde kan aftaler i stedet søges indgået bilateralt mellem den enkelte kommune og regionen eller i mindre klynger.\n"
        "Regionen orienterer kommunerne om nye behandlingsformer, der påvirker genoptræningen, i god tid.\n"
    )
    return one_document(root, "klynge.txt", text, ingest={"chunk_min": 60, "chunk_max": 200, "overlap_sentences": 0})


def test_a_sentence_that_points_back_is_quoted_with_its_antecedent_across_passages(cut_between):
    snap = cut_between.snapshot()
    # the document really is cut there: no passage holds both sentences
    assert not any("opnås enighed" in c.text and "I disse tilfælde" in c.text for c in snap.chunks)
    _, cands, _ = cut_between.reader_candidates("Hvordan indgås aftaler, hvis der ikke kan opnås enighed?")
    assert cands and all("I disse tilfælde" in c.text for c in cands if "opnås enighed" in c.text)
    assert any("opnås enighed" in c.text for c in cands)
    # each sentence is quoted once, whichever passage brought it
    assert sum("I disse tilfælde" in c.text for c in cands) == 1


def test_a_schedules_next_row_is_no_continuation():
    texts = ["14. april 2026 Temadag for ledere,", "3. september 2026 Evalueringen præsenteres", "men kun for styregruppen."]
    text = "\n".join(texts)
    starts = [text.index(t) for t in texts]
    spans = [(s, s + len(t)) for s, t in zip(starts, texts)]
    assert sentence_groups(spans, texts, text) == [[0], [1, 2]]


def test_a_lettered_list_item_is_no_continuation():
    texts = ["a) Ilt: Hospitalet betaler for iltbehandling i hjemmet.", "b) Sondeernæring: Hospitalet udleverer sondemad.",
             "c) Kompressionsstrømper betales af kommunen,", "som det fremgår af bilaget."]
    text = "\n".join(texts)
    starts = [text.index(t) for t in texts]
    spans = [(s, s + len(t)) for s, t in zip(starts, texts)]
    assert sentence_groups(spans, texts, text) == [[0], [1], [2, 3]]
