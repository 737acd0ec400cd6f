"""What a term means: asked (assistant.definition.asks_definition) and said (defines, a glossary's entry), and an
answer that quotes the defining sentence the reader ranks within reach (assistant.answer._with_asked)."""

import dataclasses

import pytest

from assistant.answer import _with_asked
from assistant.definition import asks_definition, defined_terms, defines, entry_terms
from tests.assistant.fakes import Plan, candidate, one_document


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
    # a term list as a table of two columns; a row of more columns is a table of tasks
    assert defines("Visitation | Kommunens enhed, som modtager genoptræningsplanen.", (("visitation",),))
    assert defines("Basal palliation | Den lindrende indsats, som ydes af personale.", (("basal",), ("palliation",)))
    assert defines("Terminalbevilling | Bevilling efter sundhedsloven til døende.", (("terminal",), ("grant",)), frozenset({("grant",)}))
    # a compound that begins with one of the terms is no entry of the others ("specialised rehabilitation")
    special = (("specialiserede", "specialised"), ("genoptræning", "rehabilitering", "rehabilitation"))
    assert not defines("Genoptræningsplan: En skriftlig plan, som hospitalet udarbejder.", special)
    assert defines("Specialiseret genoptræning: Genoptræning, der kræver særligt udstyr.", special)
    assert not defines("Basal palliation | Den lindrende indsats, som ydes af personale.", (("hospice",),))
    assert not defines("Visitation | OUH | Senest på udskrivningsdagen", (("visitation",),))
    assert not defines("Visitation | Ja", (("visitation",),))


def test_a_what_is_meant_answer_takes_in_the_defining_sentence_within_reach() -> None:
    plan = Plan("other", original="Hvad forstås ved akutfunktioner?", key_terms=(("akutfunktioner",),))
    organised = candidate("Akutfunktioner kan være organiseret som akutpladser eller et udkørende team.", 0.9)
    purpose = candidate("Formålet med akutfunktioner er at forebygge indlæggelser.", 0.8)
    meant = candidate("Udbygning af akutfunktioner, hvilket vil sige indsatser, der leveres inden for få timer.", 0.5)
    assert _with_asked(plan, [organised, purpose, meant], [organised, purpose], 0.27, 2, 800) == [organised, meant]
    far = dataclasses.replace(meant, score=0.2)
    assert _with_asked(plan, [organised, purpose, far], [organised, purpose], 0.27, 2, 800) == [organised, purpose]


def _entry(section, before, terms):
    """``entry_terms`` of a sentence that follows ``before`` in its document."""
    return entry_terms(section, before + "Kommunens enhed, som modtager planen.", len(before), terms)


def test_a_glossary_entry_is_the_sentence_right_under_a_heading_that_is_the_term() -> None:
    terms = (("betyder", "betydning"), ("visitation",))
    before = "Bilag 1. Begreber\nFrit valg\nBorgerens ret til at vælge leverandør.\nVisitation\n"
    assert _entry("Bilag 1. Begreber › Visitation", before, terms) == {("visitation",)}
    assert _entry("Begreber › Visitationen", before.replace("Visitation\n", "Visitationen\n"), terms) == {("visitation",)}
    # a heading of two words the question asks as two key terms
    two = (("menes",), ("almen",), ("genoptræning",))
    assert _entry("Begreber › Almen genoptræning", "Begreber\nAlmen genoptræning\n", two) == {("almen",), ("genoptræning",)}
    # not right under its heading: the section's second sentence
    assert _entry("Bilag 1. Begreber › Visitation", before + "Kommunens enhed, som tildeler træningen.\n", terms) == set()
    # a heading that is more than the term, or a section's title
    assert _entry("Begreber › Visitation og tildeling", "Visitation og tildeling\n", terms) == set()
    assert _entry("4. Kommunens opgaver", "4. Kommunens opgaver\n", terms) == set()
    assert _entry(None, before, terms) == set()


def test_the_words_that_ask_a_meaning_are_not_the_term_asked() -> None:
    assert defined_terms((("menes",), ("almen",), ("genoptræning",))) == (("almen",), ("genoptræning",))
    assert defined_terms((("forstås", "forståelse"), ("frit",), ("valg",))) == (("frit",), ("valg",))
    assert defined_terms((("mean",), ("lup",))) == (("lup",),)


def test_a_glossary_entry_is_quoted_wherever_the_reader_ranks_it() -> None:
    plan = Plan("other", original="Hvad betyder visitation?", key_terms=(("visitation",),))
    uses = candidate("Korrekt visitation er afgørende for den rette indsats.", 0.8)
    entry = dataclasses.replace(candidate("Kommunens enhed, som modtager genoptræningsplanen og tildeler træningen.", 0.1),
                                entry=True)
    assert _with_asked(plan, [uses, entry], [uses], 0.24, 3, 800) == [uses, entry]
    plain = dataclasses.replace(entry, entry=False)  # the same sentence under no heading of the term: out of reach
    assert _with_asked(plan, [uses, plain], [uses], 0.24, 3, 800) == [uses]


@pytest.fixture(scope="module")
def glossary(tmp_path_factory):
    """A document of my own that uses a term in its text and defines it in a term list: the term as a heading,
    its definition on the line below, as word processors set a glossary."""
    root = tmp_path_factory.mktemp("glossary")
    text = (
        "Aftale om genoptræning\n\n"
        "1. Kommunens opgaver\n"
        "Kommunens visitation kontakter borgeren inden for fem hverdage efter modtagelsen af genoptræningsplanen.\n"
        "Visitationen aftaler tid til første træning med borgeren.\n\n"
        "Bilag 1. Begreber\n"
        "Genoptræningsplan\n"
        "Hospitalets plan for borgerens genoptræning efter udskrivelsen, med mål og niveau.\n"
        "Visitation\n"
        "Kommunens enhed, som modtager genoptræningsplanen og tildeler træningen.\n"
        "Hjælpemiddeldepot\n"
        "Hospitalets lager, hvor udlånte hjælpemidler udleveres og afleveres.\n"
    )
    return one_document(root, "genoptraening.txt", text)


@pytest.mark.parametrize("question", ["Hvad betyder visitation?", "hvad menes der med visitationen"])
def test_a_what_is_meant_answer_quotes_the_glossary_entry_first(glossary, question):
    plan, cands, _ = glossary.reader_candidates(question)
    entries = [c.text for c in cands if c.entry]
    assert entries == ["Kommunens enhed, som modtager genoptræningsplanen og tildeler træningen."]
    a = glossary.ask(question)
    assert not a.refused
    assert a.answer.startswith("Kommunens enhed, som modtager genoptræningsplanen")
    assert a.citations[0].passage.section.endswith("Visitation")
