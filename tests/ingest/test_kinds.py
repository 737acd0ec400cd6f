"""The kind a statement's cue makes of it (ingest.commitments.kinds)."""

from ingest.commitments.dates import Due
from ingest.commitments.grammar import Context
from ingest.commitments.kinds import classify_kind

AGREEMENT = Context(doc_kind="sundhedsaftale", is_agreement=True, goal_context=False, period=None, min_year=None)
PLAN = Context(doc_kind="udspil", is_agreement=False, goal_context=False, period=None, min_year=None)


def test_a_due_time_makes_a_deadline_and_a_period_a_commitment():
    assert classify_kind("duty", Due("senest 3 hverdage", "time"), AGREEMENT, "kommunen") == "deadline"
    assert classify_kind("duty", Due("i aftaleperioden", "period"), AGREEMENT, "kommunen") == "commitment"


def test_a_duty_binds_its_party_in_an_agreement_and_states_an_intention_elsewhere():
    assert classify_kind("duty", None, AGREEMENT, "kommunen") == "responsibility"
    assert classify_kind("duty", None, PLAN, "kommunen") == "commitment"
    assert classify_kind("resp", None, PLAN, "kommunen") == "responsibility"
    assert classify_kind("modal:vil", None, AGREEMENT, "kommunen") == "commitment"
    assert classify_kind("modal:skal", None, AGREEMENT, "parterne") == "commitment"  # the parties together pledge
