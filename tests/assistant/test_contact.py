"""Contact details asked and stated (assistant.contact), and the refusal when no quote holds one."""

import pytest

from assistant.answer import missing_asked
from assistant.contact import asks_contact, states_contact
from tests.assistant.fakes import Plan, candidate


@pytest.mark.parametrize(
    ("question", "kind"),
    [("hvad tlf nummer har sundhedsplejens telefonvagt", "phone"), ("Hvad er telefonnummeret til sekretariatet?", "phone"),
     ("What's the phone number of the secretariat?", "phone"), ("hvad er tlf. nr. til vagten", "phone"),
     ("hvad er deres mailadresse", "email"), ("What is the e-mail address of the unit?", "email"),
     ("Hvad er hjemmesiden for sundhedsaftalen?", "web"), ("Hvor har sekretariatet adresse?", "address"),
     ("What is the address of the secretariat?", "address"),
     # not asked: a verb, a yes/no on what a website holds, hours of a phone line, who calls whom
     ("How will the region address the problem?", ""), ("Kan kommunen sende e-mail til lægen?", ""),
     ("Står det på kommunens hjemmeside?", ""), ("What are the phone hours of the unit?", ""), ("Hvem ringer til borgeren?", "")],
)
def test_the_contact_detail_a_question_asks_for(question: str, kind: str) -> None:
    assert asks_contact(question) == kind


@pytest.mark.parametrize(
    ("text", "kind", "stated"),
    [("Ring på 87 28 47 00 alle dage.", "phone", True), ("Ring på 87284700.", "phone", True),
     ("Planen gælder 2014 2015 og 2016.", "phone", False), ("Beløbet er 2.500.000 kr.", "phone", False),
     ("Sekretariatet ligger på Nordmarks Allé 1.", "address", True), ("Rådhuset, 2620 Albertslund", "address", True),
     ("I 2015 Sundhedsaftalen gælder fortsat.", "address", False), ("1900 sårbare gravide", "address", False),
     ("Se www.sundhedsaftalen.rm.dk.", "web", True), ("Skriv til sekretariat@kommune.dk.", "email", True),
     ("Telefonvagten er en fælles telefonrådgivning for forældre.", "phone", False)],
)
def test_a_sentence_states_a_contact_detail(text: str, kind: str, stated: bool) -> None:
    assert states_contact(text, kind) is stated


def test_a_quote_about_the_phone_line_without_its_number_is_no_answer() -> None:
    plan = Plan("other", original="hvad er telefonnummeret til telefonvagten")
    assert missing_asked(plan, [candidate("Telefonvagten er en fælles telefonrådgivning for forældre.")]) == "contact_phone"
    assert missing_asked(plan, [candidate("Telefonvagten har nummer 70 20 30 40.")]) == ""
