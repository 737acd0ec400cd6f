"""A goal: asked (assistant.goal.asks_goal) and stated (states_goal), and an answer that quotes the goal of what
is asked where the reader ranks it within reach (assistant.answer._with_asked)."""

import dataclasses

import pytest

from assistant.answer import _with_asked, stated_first
from assistant.candidates import Candidate
from assistant.goal import asks_goal, states_goal, topic_groups
from tests.assistant.fakes import Plan, candidate


@pytest.mark.parametrize(
    ("question", "asks"),
    [("Hvad er målet for rygning i udspillet?", True), ("hvad er kkr hovedstadens maal for de unges sundhed", True),
     ("hvad vil man opnaa med rygning i den nye aftale", True), ("Hvilke mål har kommunerne sat for akutfunktioner?", True),
     ("What is the overall regional goal in the proposal?", True), ("What is the aim for older people who fall ill?", True),
     ("What do the partners want to achieve when it comes to smoking?", True),
     ("What are the three measures the Triple Aim approach is built on?", False),  # a method's name, not a goal
     ("Hvem står for dosisdispensering?", False), ("Hvornår er målene nået?", False), ("What does the region pay for?", False)],
)
def test_a_question_asks_for_a_goal(question: str, asks: bool) -> None:
    assert asks_goal(question) is asks


def test_a_sentence_states_a_goal() -> None:
    assert states_goal("Mål: Vi vil derfor nedbringe antallet af dagligrygere i regionen.")
    assert states_goal("Målet er, at flere ældre kan blive i eget hjem.")
    assert states_goal("The goal is fewer admissions among older citizens.")
    assert not states_goal("Det gør vi, fordi rygning fortsat er den største risikofaktor.")
    assert not states_goal("Målene drøftes på det næste møde.")
    # a goal said to be met is a status, not the goal
    assert not states_goal("Ventetiden er nu 6 dage, og målet er dermed nået et år før tid.")
    assert not states_goal("Målet er langt fra nået.")


def test_the_goal_words_are_no_topic() -> None:
    assert topic_groups((("målet", "mål"), ("rygning",), ("goal",))) == frozenset({("rygning",)})


def _cand(text: str, score: float, *matched: tuple[str, ...]) -> Candidate:
    return candidate(text, score, matched=matched)


SMOKING, GOAL, ELDERLY = ("rygning",), ("målet", "mål"), ("ældre",)


def test_the_goal_of_what_is_asked_is_quoted_where_it_is_within_reach() -> None:
    plan = Plan("other", original="Hvad er målet for rygning?", key_terms=(GOAL, SMOKING))
    why = _cand("Det gør vi, fordi rygning fortsat er den største risikofaktor.", 0.94, SMOKING)
    cost = _cand("Desuden er konsekvenserne af rygning dyre for samfundet.", 0.93, SMOKING)
    goal = _cand("Mål: Vi vil derfor nedbringe antallet af dagligrygere.", 0.91, SMOKING, GOAL)
    assert _with_asked(plan, [why, cost, goal], [why, cost], 0.47, 2, 800) == [why, goal]


def test_a_goal_of_another_topic_is_not_taken_in() -> None:
    plan = Plan("other", original="What is the target for unsafe sex among young people?", key_terms=(GOAL, ("sex",), ELDERLY))
    fall = _cand("Færre dyrker usikker sex: et fald fra 23 % til 20 %.", 0.93, ("sex",))
    other = _cand("Unge dyrker usikker sex og går sjældent til egen læge.", 0.46, ("sex",))
    elderly = _cand("Mål: Vi vil nedbringe antallet af akutte indlæggelser blandt ældre.", 0.45, ELDERLY, GOAL)
    assert _with_asked(plan, [fall, other, elderly], [fall, other], 0.3, 2, 800) == [fall, other]


def test_the_goal_is_shown_first_in_the_order_the_reader_chose_the_rest() -> None:
    plan = Plan("other", original="Hvad er målet for rygning?", key_terms=(GOAL, SMOKING))
    why = _cand("Det gør vi, fordi rygning fortsat er den største risikofaktor.", 0.94, SMOKING)
    cost = _cand("Desuden er konsekvenserne af rygning dyre for samfundet.", 0.93, SMOKING)
    goal = _cand("Mål: Vi vil derfor nedbringe antallet af dagligrygere.", 0.91, SMOKING, GOAL)
    assert stated_first(plan, [why, cost, goal]) == [goal, why, cost]
    assert stated_first(plan, [why, cost]) == [why, cost]  # none states it: as chosen
    who = Plan("who", original="Hvem har målet for rygning?", key_terms=(GOAL, SMOKING))
    assert stated_first(who, [why, goal]) == [why, goal]  # a typed question leads with its actor, time or number


def test_a_table_row_is_a_goal_by_its_column() -> None:
    """A status table's row under "Mål for 2027" states the goal of its label; a sentence that says the goal is met
    does not."""
    readmissions = ("genindlæggelser",)
    plan = Plan("other", original="hvad er målet for genindlæggelser i 2027?", key_terms=(GOAL, readmissions))
    met = _cand("Ventetiden er nu 6 dage, og målet er dermed nået et år før tid.", 0.95, GOAL, readmissions)
    row = dataclasses.replace(_cand("Akutte genindlæggelser inden for 30 dage | Under 9 % | 11,2 % | 9,8 %", 0.93, readmissions),
                              section="Status › Indikator | Mål for 2027 | 2024 | 2026")
    assert stated_first(plan, [met, row]) == [row, met]
