"""What a term means: asked (assistant.definition.asks_definition) and said (defines), and an answer that
quotes the defining sentence the reader ranks within reach (assistant.answer._with_asked)."""

import dataclasses

import pytest

from assistant.answer import _with_asked
from assistant.definition import asks_definition, defines
from tests.assistant.fakes import Plan, candidate


@pytest.mark.parametrize(
    ("question", "asks"),
    [("Hvad forstås ved kommunale akutfunktioner?", True), ("hvad menes der med polyfarmaci", True),
     ("hvad gaar initiativpligten ud paa", True), ("hvad er tobs for noget", True), ("hvad star mrsa for", True),
     ("What is FMK?", True), ("What does LUP stand for?", True), ("What is meant by shared care?", True),
     ("Hvad er formålet med planen for udskrivelse af ældre borgere?", False), ("Hvem betaler for transporten?", False),
     ("What does the region pay for?", False)],
)
def test_a_question_asks_what_a_term_means(question: str, asks: bool) -> None:
    assert asks_definition(question) is asks


def test_a_sentence_says_what_a_term_means() -> None:
    term = (("initiativpligten",),)
    assert defines("Initiativpligten betyder, at de professionelle har pligt og ret til at handle.", term)
    assert not defines("Initiativpligten er et centralt begreb i samarbejdet.", term)
    assert not defines("Planen betyder meget for borgeren.", term)  # a mark, but of another term
    assert defines("Systematisk monitorering vha. Landsdækkende Undersøgelse af Patientoplevelser (LUP).", (("lup",),))
    # a glossary line or a footnote that opens with the term and a colon
    assert defines("10 Pakkeforløb: på psykiatriområdet er der udviklet en række behandlingspakker.", (("pakkeforløb",),))
    assert defines("• Udskrivningsklar: En patient er udskrivningsklar, når lægen vurderer det.", (("udskrivningsklar",),))
    assert not defines("Kommunerne: Faxe, Greve og Køge.", (("pakkeforløb",),))


def test_a_what_is_meant_answer_takes_in_the_defining_sentence_within_reach() -> None:
    plan = Plan("other", original="Hvad forstås ved akutfunktioner?", key_terms=(("akutfunktioner",),))
    organised = candidate("Akutfunktioner kan være organiseret som akutpladser eller et udkørende team.", 0.9)
    purpose = candidate("Formålet med akutfunktioner er at forebygge indlæggelser.", 0.8)
    meant = candidate("Udbygning af akutfunktioner, hvilket vil sige indsatser, der leveres inden for få timer.", 0.5)
    assert _with_asked(plan, [organised, purpose, meant], [organised, purpose], 0.27, 2, 800) == [organised, meant]
    far = dataclasses.replace(meant, score=0.2)
    assert _with_asked(plan, [organised, purpose, far], [organised, purpose], 0.27, 2, 800) == [organised, purpose]
