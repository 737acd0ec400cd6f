"""What a quote must state to answer what is asked (``assistant.answer.missing_asked``)."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.answer import _answer_first, _with_asked, missing_asked
from assistant.asked import AskedUnit
from assistant.candidates import TIME, Candidate, type_fit
from ingest.split import SECTION_SEPARATOR
from tests.assistant.fakes import Plan, candidate, one_document


def _cand(text: str, fit: float = 0.0) -> Candidate:
    return candidate(text, fit=fit)


def test_a_how_often_question_needs_a_frequency_not_a_date():
    often = Plan("when", original="Hvor ofte mødes udvalget?")
    assert missing_asked(often, [_cand("Udvalget mødes den 27. september 2018.", 1.0)]) == "frequency"
    assert missing_asked(often, [_cand("Udvalget mødes fire gange om året.", 1.0)]) == ""
    assert missing_asked(Plan("when", original="How often is it revised?"), [_cand("Planen revideres hvert andet år.")]) == ""
    assert missing_asked(Plan("when", original="Hvornår mødes udvalget?"), [_cand("Udvalget mødes den 27. september 2018.", 1.0)]) == ""


def test_when_an_agreement_ends_or_starts_is_told_by_a_year_not_by_the_period():
    ends = Plan("when", original="Hvornår udløber samarbejdsaftalen på Fyn?")
    relative = _cand("Parterne vil i aftaleperioden styrke samarbejdet.", 1.0)
    dated = _cand("Sundhedsaftalen løber til udgangen af 2018.", 1.0)
    assert missing_asked(ends, [relative, dated]) == "when"  # the leading quote's "i aftaleperioden" tells no end
    assert missing_asked(ends, [dated, relative]) == ""
    assert missing_asked(Plan("when", original="When does the agreement come into force?"), [relative]) == "when"
    # when an activity starts is no document's bound: a time without a year answers it
    assert missing_asked(Plan("when", original="Hvornår starter genoptræningen?"), [_cand("Genoptræningen starter senest 7 dage efter.", 1.0)]) == ""
    assert missing_asked(Plan("when", original="When does the committee start breaking its goals down?"), [relative]) == ""


def test_a_figure_as_it_is_today_is_not_answered_by_a_target():
    today = Plan("number", original="How many acute team visits end in admission today?")
    target = _cand("Andelen af akutteamets besøg, der fører til indlæggelse, skal være under 20 procent i 2030.", 1.0)
    assert missing_asked(today, [target]) == "number"
    assert missing_asked(today, [_cand("I 2028 førte 23 procent af besøgene til indlæggelse.", 1.0)]) == ""
    assert missing_asked(Plan("number", original="Hvor stor en andel af besøgene skal føre til indlæggelse?"), [target]) == ""


def test_a_sum_asked_per_something_is_not_answered_by_a_sum_of_another_thing():
    per_visit = Plan("number", original="What does the acute team cost per visit?", unit=AskedUnit("money"),
                     key_terms=(("akutteam", "acute team"), ("besøg", "visit")))
    training = dataclasses.replace(_cand("Kommunen afsætter 1,2 mio. kr. om året til akutteamets efteruddannelse.", 1.0),
                                   matched=frozenset({("akutteam", "acute team")}))
    assert missing_asked(per_visit, [training]) == "number"
    visit = dataclasses.replace(_cand("Et besøg af akutteamet koster 900 kr.", 1.0),
                                matched=frozenset({("akutteam", "acute team"), ("besøg", "visit")}))
    assert missing_asked(per_visit, [visit]) == ""
    # a table row's label says what its sums are for, not per: a header or a later cell must name it
    budget = SECTION_SEPARATOR.join(("Økonomi", "Indsats | 2027 (mio. kr.) | 2028 (mio. kr.)"))
    row = dataclasses.replace(_cand("Akutteamets besøg | 2,5 | 3,0", 1.0), section=budget, matched=visit.matched)
    assert missing_asked(per_visit, [row]) == "number"
    priced = SECTION_SEPARATOR.join(("Økonomi", "Indsats | Pris pr. besøg (kr.)"))
    assert missing_asked(per_visit, [dataclasses.replace(row, text="Akutteamet | 900", section=priced)]) == ""


def test_a_number_is_stated_by_the_leads_document_and_a_bare_figure_by_its_headers_unit():
    """A sum in another document than the leading quote's is no sum of what is asked ("hvad koster den fælles plan
    …?" led by the plan's decision, a budget row of another plan after it); a bare figure under "2028 (mio. kr.)"
    is a sum of money."""
    cost = Plan("number", original="hvad koster den fælles plan for genindlæggelser?", unit=AskedUnit("money"))
    decision = _cand("Udvalget besluttede, at hospitalerne og kommunerne skal udarbejde en fælles plan for genindlæggelser.")
    section = SECTION_SEPARATOR.join(("Plan", "Indsats | 2027 (mio. kr.) | 2028 (mio. kr.) | Finansiering"))
    budget = dataclasses.replace(_cand("Forløbsbeskrivelse for demens | 1,2 | 0,4 | Den fælles pulje", 1.0), section=section)
    other = dataclasses.replace(budget, passage=dataclasses.replace(budget.passage, doc="b.pdf"))
    assert missing_asked(cost, [decision, other]) == "number"
    assert missing_asked(cost, [decision, budget]) == ""  # the same document's budget row: "1,2 mio. kr."
    assert missing_asked(cost, [decision, dataclasses.replace(budget, section="Plan")]) == "number"  # no unit named


def test_a_what_date_question_needs_a_day_of_a_month_not_a_year():
    dated = Plan("when", original="What date in 2017 is the workshop held?")
    assert missing_asked(dated, [_cand("I 2017 vil kommunerne afholde en workshop.", 1.0)]) == "date"
    assert missing_asked(dated, [_cand("Workshoppen holdes den 4. maj 2017.", 1.0)]) == ""
    assert missing_asked(Plan("when", original="When is the workshop held?"), [_cand("I 2017 holdes en workshop.", 1.0)]) == ""


def test_a_number_in_words_fits_a_number_question():
    """A share in words ("hver tredje borger") or a stressed "én" states a number; the article "en" does not."""
    many = Plan("number", original="hvor mange lever med en kronisk sygdom")
    assert type_fit(many, "Mere end hver tredje borger lever med en kronisk lidelse.") == 1.0
    assert type_fit(many, "Der skal være én sundhedsaftale pr. region.") == 1.0
    assert type_fit(many, "Der skal være en sundhedsaftale pr. region.") == 0.0


def test_a_list_items_number_or_a_year_is_no_count():
    many = Plan("number", original="hvor mange kommuner har oprettet et akutteam")
    assert type_fit(many, "1. Alle kommuner skal oprette et akutteam.") == 0.0
    assert type_fit(many, "b) Alle kommuner etablerer i 2013 et akutteam.") == 0.0
    assert type_fit(many, "Ad 1-a) 18 ud af 19 kommuner svarer ja.") == 1.0
    assert type_fit(many, "Der er ca. 1900 gravide i ordningen.") == 1.0  # a year's shape made an amount
    assert missing_asked(many, [_cand("2. Kommunerne opretter akutteams i 2016.", 1.0)]) == "number"


def test_the_reader_sees_a_frequency_or_a_span_as_the_fit_of_what_is_asked():
    """The type fit the sentence model reads is the test ``missing_asked`` makes, so it ranks what can answer first."""
    meets, dated = "Udvalget mødes fire gange om året.", "Udvalget mødes den 27. september 2018."
    assert type_fit(Plan("when", original="hvor tit mødes udvalget?"), meets) == 1.0
    assert type_fit(Plan("when", original="hvor tit mødes udvalget?"), dated) == 0.0
    assert type_fit(Plan("when", original="Hvornår mødes udvalget?"), dated) == 1.0
    assert type_fit(Plan("when", original="Hvor lang tid varer udlånet?"), "Udlånet varer højst 6 måneder.") == 1.0
    assert type_fit(Plan("when", original="Hvor lang tid varer udlånet?"), "Udlånet aftales i aftaleperioden.") == 0.0


def test_a_profession_a_unit_or_a_body_of_any_kind_is_an_actor_for_a_who_question():
    who = Plan("who", original="Hvem svarer i telefonen?")
    assert type_fit(who, "Sundhedsplejersken svarer alle dage.") == 1.0
    assert type_fit(who, "Fysioterapeuterne og hjemmesygeplejersken aftaler træningen.") == 1.0
    assert type_fit(who, "Sundhedsstyregruppen forbereder sagerne.") == 1.0
    assert type_fit(who, "Telefonen har åbent alle dage kl. 17-19.") == 0.0
    assert type_fit(who, "De fire udvalgte mål gælder fra 2014.") == 0.0  # "udvalgte" is no committee
    assert type_fit(who, "Modellen blev udviklet af en dansk organisation.") == 1.0
    assert type_fit(who, "Sundhedsministeriet har udgivet modellen.") == 1.0
    assert type_fit(who, "Byrådet vedtog modellen i 2019.") == 1.0
    assert type_fit(who, "Modellen blev udviklet i 2007 og bruges i dag bredt.") == 0.0
    assert type_fit(who, "Borgeren kan få råd og vejledning.") == 1.0  # by "Borgeren", not by "råd"
    # a body no actor word knows, as the subject of the verb asked
    appoints = Plan("who", original="hvem udpeger medlemmerne?", key_terms=(("udpeger", "udpege"), ("medlemmerne",)))
    assert type_fit(appoints, "Formandskabet udpeger medlemmerne.") == 1.0
    assert type_fit(appoints, "Formandskabet drøfter medlemmerne.") == 0.0


def test_a_number_in_a_web_address_answers_no_number_question():
    link = "Se analysen på http://www.kd-net.dk/media/2742822/analyse.pdf"
    assert missing_asked(Plan("number"), [_cand(link, 1.0)]) == "number"
    assert missing_asked(Plan("number"), [_cand(link + " om de 19 kommuner.", 1.0)]) == ""


def test_a_when_question_needs_a_time_or_a_situation():
    assert missing_asked(Plan("when"), [_cand("Planen sendes senest tre hverdage efter udskrivelsen.", 1.0)]) == ""
    # "ved indlæggelse" is when, though no date or limit: a situation answers "hvornår" too
    assert missing_asked(Plan("when"), [_cand("Ved indlæggelse pauseres dosisdispenseringen.")]) == ""
    assert missing_asked(Plan("when"), [_cand("Der er indgået en aftale om borgere med demens.")]) == "when"


def test_a_number_question_needs_a_number_of_what_it_counts():
    # the reader's type fit already asks that the number counts what is asked ("hvor mange borgere")
    assert missing_asked(Plan("number"), [_cand("Det gælder 18 ud af 19 kommuner.", 1.0)]) == ""
    assert missing_asked(Plan("number"), [_cand("Kommunerne tilbyder genoptræning til borgerne.")]) == "number"
    assert missing_asked(Plan("number"), [_cand("Ingen tal her."), _cand("Der er 12 pladser.", 1.0)]) == ""  # any quote


def test_who_pays_needs_a_quote_that_speaks_of_paying():
    pays = Plan("who", AskedUnit("money"))
    assert missing_asked(pays, [_cand("Regionen godtgør kommunernes udgifter hertil.")]) == ""
    assert missing_asked(pays, [_cand("Personale fra kommunens hjemmepleje træder til.")]) == "payer"
    # a plain "hvem" is left to the reader: the actor words do not know every body a sentence names
    assert missing_asked(Plan("who"), [_cand("Byrådene træffer beslutningerne.")]) == ""


def test_who_pays_for_a_thing_needs_a_quote_of_paying_for_that_thing():
    bed = ("plejeseng", "care bed")
    pays = Plan("who", AskedUnit("money", (bed,)))
    medicine = _cand("Lægen søger terminaltilskud, så udgifterne til medicin ikke forsinker hjemkomsten.")
    assert missing_asked(pays, [medicine]) == "payer"  # it pays for medicine, not for the bed
    paid_bed = _cand("Kommunen afholder udgiften til plejesengen.")
    assert missing_asked(pays, [dataclasses.replace(paid_bed, matched=frozenset({bed}))]) == ""


def test_a_who_pays_answer_takes_in_the_payer_the_reader_ranks_within_reach():
    pays = Plan("who", AskedUnit("money"))
    help_, home, payer = (dataclasses.replace(_cand(t), score=s) for t, s in (
        ("Personale fra kommunens hjemmepleje træder til.", 0.96),
        ("Nogle patienter klarer selv opgaven derhjemme.", 0.71),
        ("Regionen godtgør kommunernes udgifter hertil.", 0.51)))
    assert _with_asked(pays, [help_, home, payer], [help_, home], 0.29, 2, 800) == [help_, payer]
    assert _with_asked(pays, [help_, home, payer], [help_, home], 0.6, 2, 800) == [help_, home]  # out of reach
    assert _with_asked(Plan("who"), [help_, home, payer], [help_, home], 0.29, 2, 800) == [help_, home]  # not asked


def test_who_pays_is_led_by_the_row_that_names_the_payer_of_the_case_asked():
    """"hvem betaler for tolk når patienten er indlagt?": the rule for every case names no payer ("Den sektor, der …,
    betaler tolken"); the row of the admission under "Situation | Bestiller | Betaler" names one and holds the case."""
    terms = (("betaler",), ("tolk",), ("patienten",), ("indlagt",))
    asked = Plan("who", AskedUnit("money"), "hvem betaler for tolk når patienten er indlagt?", terms)
    header = f"Hvem bestiller tolken{SECTION_SEPARATOR}Situation | Bestiller | Betaler"
    rule = candidate("Den sektor, der har samtalen med patienten, bestiller og betaler tolken.", 0.99, 1.0,
                     [("betaler",), ("tolk",), ("patienten",)])
    told = candidate("Det betyder, at hospitalet bestiller tolk til indlagte patienter.", 0.98, 0.0,
                     [("tolk",), ("patienten",), ("indlagt",)])
    row = dataclasses.replace(candidate("Indlæggelse og ambulant besøg | Hospitalet | Regionen", 0.93, 1.0,
                                        [("betaler",), ("tolk",), ("indlagt",)]), section=header)
    assert _with_asked(asked, [rule, told, row], [rule, told], 0.3, 2, 800) == [rule, row]
    assert _answer_first(asked, [rule, row])[0] is row
    # asked of every case, the rule leads: the row holds nothing of the question the rule leaves out
    general = Plan("who", AskedUnit("money"), "Who pays for an interpreter?", (("betaler",), ("tolk",)))
    any_row = dataclasses.replace(row, matched=frozenset({("betaler",), ("tolk",)}))
    assert _answer_first(general, [rule, any_row])[0] is rule


def test_a_who_answer_takes_in_and_is_led_by_the_table_row_that_says_who_does_the_task():
    """"hvem har ansvaret for almindelig genoptræning?": the matrix's row "Levere almindelig genoptræning | | X |"
    says who, where the reader put a sentence first that says where the training is; a row that lacks a word of
    what is asked ("specialiseret" for "almindelig") or a row of no actor's column does not."""
    asked = Plan("who", original="hvem har ansvaret for almindelig genoptræning?", key_terms=(("almindelig",), ("genoptræning",)))
    both = (("almindelig",), ("genoptræning",))
    matrix = f"2. Ansvar{SECTION_SEPARATOR}Opgave | Hospital | Kommune | Almen praksis"
    where, pays = (candidate(t, score=s, fit=1.0, matched=both) for t, s in (
        ("Almindelig genoptræning foregår på kommunens træningscentre eller i borgerens hjem.", 0.98),
        ("Kommunerne betaler for almindelig genoptræning.", 0.97)))
    row = dataclasses.replace(candidate("Levere almindelig genoptræning | | X | ", score=0.95, fit=1.0, matched=both), section=matrix)
    other = dataclasses.replace(candidate("Levere specialiseret genoptræning | X | | ", score=0.95, fit=1.0,
                                          matched=[("genoptræning",)]), section=matrix)
    assert _with_asked(asked, [where, pays, row], [where, pays], 0.3, 2, 800) == [where, row]
    assert _answer_first(asked, [where, row])[0] is row
    assert _with_asked(asked, [where, pays, other], [where, pays], 0.3, 2, 800) == [where, pays]
    unmarked = dataclasses.replace(row, section=f"2. Ansvar{SECTION_SEPARATOR}Opgave | 2026 | 2027 | 2028")
    assert _with_asked(asked, [where, pays, unmarked], [where, pays], 0.3, 2, 800) == [where, pays]
    assert _answer_first(asked, [where, row, pays])[0] is row and _answer_first(Plan("when"), [where, row])[0] is where


def test_a_who_is_in_it_answer_takes_in_who_the_body_consists_of():
    members = Plan("who", original="Hvem er med i netværket?")
    does, shares, made = (dataclasses.replace(_cand(t), score=s) for t, s in (
        ("I netværket formidles viden om utilsigtede hændelser.", 0.95),
        ("Relevant viden fra sektorerne formidles til netværket.", 0.80),
        ("Netværket er sammensat af alle risikomanagere fra sektorerne.", 0.58)))
    assert _with_asked(members, [does, shares, made], [does, shares], 0.29, 2, 800) == [does, made]
    assert _with_asked(members, [does, made, shares], [does, made], 0.29, 2, 800) == [does, made]  # already stated


@pytest.mark.parametrize("qtype", ["yesno", "other"])
def test_a_question_of_paying_needs_a_quote_that_speaks_of_money_whatever_its_type(qtype):
    # "Skal borgeren selv betale for …?", "Hvad skal borgeren betale for …": a quote of no payment says nothing of it
    pays = Plan(qtype, AskedUnit("money"))
    assert missing_asked(pays, [_cand("Borgeren betaler selv for sine briller.")]) == ""
    assert missing_asked(pays, [_cand("Kommunen udlåner hjælpemidler til borgeren.")]) == "payment"


def test_a_how_long_question_needs_a_span_or_a_limit_not_a_period():
    long = Plan("when", original="Hvor lang tid har egen læge til at genopstarte dosisdispenseringen?")
    assert missing_asked(long, [_cand("I aftaleperioden arbejdes på registrering i FMK.", 1.0)]) == "duration"
    assert missing_asked(long, [_cand("Lægen genopstarter dosisdispenseringen senest 2 hverdage efter udskrivning.", 1.0)]) == ""
    assert missing_asked(long, [_cand("Afdelingen har ansvaret, indtil behandlingen er afsluttet.")]) == ""
    assert missing_asked(long, [_cand("Sygehuset medgiver medicin til mindst tre døgn.")]) == ""
    english = Plan("when", original="How long may the hospital lend the equipment?")
    assert missing_asked(english, [_cand("Udlånet varer højst 6 måneder.")]) == ""
    assert missing_asked(english, [_cand("Den 1. januar 2024 trådte aftalen i kraft.", 1.0)]) == "duration"


@pytest.mark.parametrize("qtype", ["other", "who"])
def test_which_institutions_by_name_needs_a_quote_that_names_one(qtype):
    which = Plan(qtype, original="Hvilke kommuner i regionen er med i projektet?")
    assert missing_asked(which, [_cand("Alle kommuner skal deltage i projektet.")]) == "names"
    assert missing_asked(which, [_cand("1. Kommunerne i regionen deltager.")]) == "names"  # a list item's first word
    assert missing_asked(which, [_cand("Projektet omfatter Aalborg, Hjørring og Thisted kommuner.")]) == ""
    assert missing_asked(which, [_cand("Ingen navne her."), _cand("Vestklyngen: Hospitalsenheden Vest, Herning og Struer.")]) == ""
    # a role that names the one asked for is an answer too
    pays = Plan(qtype, original="Hvilken kommune betaler for genoptræningen?")
    assert missing_asked(pays, [_cand("Det er bopælskommunen, der afholder udgiften.")]) == ""
    english = Plan(qtype, original="Which pharmacy packs the medicine?")
    assert missing_asked(english, [_cand("Medicinen dosisdispenseres på apoteket.")]) == "names"


def test_a_person_in_a_role_asked_by_name_needs_a_quote_that_names_someone():
    chair = Plan("who", original="Hvem er formand for styregruppen i Region Nordjylland?")
    assert missing_asked(chair, [_cand("Styregruppen består af kommunaldirektører.")]) == "names"
    # a region's name is no one's name
    assert missing_asked(chair, [_cand("Styregruppen i Region Nordjylland mødes hvert kvartal.")]) == "names"
    group = [("styregruppe", "styregruppen")]
    chair = dataclasses.replace(chair, key_terms=(("formand",), *group))
    assert missing_asked(chair, [candidate("Styregruppens formand er Lars Møller, kommunaldirektør.", matched=group)]) == ""
    # someone named where nothing of the question is (an entry of another list of people) is not the one asked for
    assert missing_asked(chair, [_cand("Kim Kofoed, udviklingsdirektør, Region Nordjylland")]) == "names"
    assert missing_asked(chair, [_cand("Styregruppen består af sundhedspersoner.")]) == "names"  # no role compound for a person
    named = Plan("other", original="Hvad hedder formanden for styregruppen?")
    assert missing_asked(named, [_cand("Styregruppen består af kommunaldirektører.")]) == "names"
    assert missing_asked(named, [_cand("2.4 Styregruppen 2.5 Formandskabet")]) == "names"  # a heading's number: no name
    english = Plan("who", original="Who chairs the steering group?")
    assert missing_asked(english, [candidate("Formand: kommunaldirektør Ditte Hughes.", matched=[("formand", "chairs")])]) == ""
    assert missing_asked(Plan("who", original="Hvem er ansvarlig for styregruppen?"), [_cand("Styregruppen består af direktører.")]) == ""


PEOPLE = """Samarbejdsaftale om udskrivning

1. Udskrivning
Hospitalet sender en udskrivningsrapport til kommunen senest på udskrivningsdagen.

Styregruppen for samarbejdsaftalen
Mette Frandsen, borgmester Nyborg Kommune (formand)
Pia Lindholm, direktør Odense Universitetshospital
"""


def test_a_person_named_is_the_one_asked_for_only_where_the_documents_speak_of_what_is_asked(tmp_path):
    snap = one_document(tmp_path, "fyn.txt", PEOPLE).snapshot()
    hospital = ("sygehus", "hospital")
    director = candidate("Pia Lindholm, direktør Odense Universitetshospital", matched=[("direktør",), hospital])
    # no document names Svendborg: a hospital director there is not in them
    svendborg = Plan("who", original="Hvem er direktør for Svendborg Sygehus?", key_terms=(("direktør",), ("svendborg",), hospital))
    assert missing_asked(svendborg, [director], snap) == "names"
    odense = Plan("who", original="Hvem er direktør for Odense Universitetshospital?", key_terms=(("direktør",), hospital))
    assert missing_asked(odense, [director], snap) == ""
    # the list's title says what the people in it are of
    chair = Plan("who", original="Hvem er formand for styregruppen?", key_terms=(("formand",), ("styregruppen",)))
    mayor = candidate("Mette Frandsen, borgmester Nyborg Kommune (formand)", matched=[("formand",)])
    assert missing_asked(chair, [mayor], snap) == "names"
    assert missing_asked(chair, [dataclasses.replace(mayor, section="Styregruppen for samarbejdsaftalen")], snap) == ""


@pytest.mark.parametrize("question", ["Hvilken leverandør står for plejesenge?", "Which doctor restarts dose dispensing?",
                                      "I hvilket forum taler kommunerne med regionen?", "Hvad skal alle kommuner gøre?"])
def test_a_role_or_another_thing_is_not_asked_by_name(question):
    # "kommunen", "egen læge" answer a role; "hvilket forum" asks a forum, though municipalities follow
    assert missing_asked(Plan("other", original=question), [_cand("Kommunen leverer plejesengen.")]) == ""


@pytest.mark.parametrize("qtype", ["yesno", "other", "definition", "commitment"])
def test_other_questions_are_left_to_the_reader(qtype):
    assert missing_asked(Plan(qtype), [_cand("Kommunerne tilbyder genoptræning.")]) == ""


def test_a_week_number_is_a_time():
    # "By which week of pregnancy …": a week number, also as a compound's head, states when
    assert TIME.search("Den gravide er en del af sårbarteam før graviditetsuge 24.")
    assert TIME.search("Materialet sendes ud i uge 12.")
    assert not TIME.search("Der er 24 gravide i sårbarteamet.")
    assert TIME.search("Sundhedsplejen får besked dagen efter udskrivningen.")  # a day's limit is a time
    assert TIME.search("Kommunen kontakter straks borgeren.")


def test_a_table_of_contents_read_as_text_is_never_quoted(tmp_path):
    """An agreement's contents page comes through extraction as runs of numbered titles; they state nothing."""
    from assistant.api import Assistant
    from assistant.candidates import CONTENTS
    from index.build import run_ingest
    from tests.conftest import hash_settings

    toc = ("2.3 Udskrivning og hjemkomst 2.4 Særligt for borgere fra øerne 2.5 Kommunale akutfunktioner "
           "2.6 Borgere i palliativt forløb")
    assert CONTENTS.search(toc) and CONTENTS.search("1.2 Fælles mål for aftaleperioden 1.3 Principper")
    for prose in ("Se afsnit 2.3 Udskrivning og afsnit 4.1 Medicin.", "Sygehuset sender planen, jf. 2.3 og 2.4.",
                  "1. Alle kommuner skal sikre tilbud, jf. 2.3 Genoptræning.", "Kommunen svarer inden 2.5 timer."):
        assert not CONTENTS.search(prose)
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "vestmark-sundhedsaftale-2024-2027.txt").write_text(
        "Sundhedsaftale 2024–2027 for Region Vestmark\nIndhold\n1. Aftalens grundlag\n1.1 Parter og gyldighed\n" + toc + "\n"
        "2.5 Kommunale akutfunktioner\nAlle kommuner har en akutfunktion, som rykker ud døgnet rundt.\n"
        "Akutfunktionen giver intravenøs behandling på ordination fra sygehuset.\n", encoding="utf-8")
    settings = hash_settings(tmp_path / "index")
    assert run_ingest([folder], settings).ok
    assistant = Assistant(settings)
    answer = assistant.ask("Hvad står der om kommunale akutfunktioner og udskrivning og hjemkomst?")
    assert answer.citations and not answer.refused and "2.4 Særligt" not in answer.answer
    assert "Alle kommuner har en akutfunktion" in answer.answer
    only_there = assistant.ask("Hvad gælder for borgere i palliativt forløb og borgere fra øerne?")
    assert "2.4 Særligt" not in only_there.answer  # the titles alone say nothing of it


def test_the_lead_s_own_passage_follows_it_before_a_passage_ranked_above():
    """The sentence after the lead in its passage ("Styregruppen ledes skiftevis af …") is read next, not after
    another document's sentence whose passage ranked higher."""
    def at(text: str, rank: int, doc: str, start: int) -> Candidate:
        c = candidate(text)
        p = dataclasses.replace(c.passage, rank=rank, doc=doc)
        return dataclasses.replace(c, passage=p, doc_span=(start, start + len(text)))

    lead = at("En styregruppe med to ledere fra hver part følger aftalen.", 2, "own.pdf", 100)
    other = at("Sundhedsstyregruppen er det øverste organ.", 1, "other.txt", 50)
    after = at("Styregruppen ledes skiftevis af chefjordemoderen og sundhedschefen.", 2, "own.pdf", 160)
    ordered = _answer_first(Plan("other", original="hvem leder styregruppen"), [lead, other, after])
    assert [c.text for c in ordered] == [lead.text, after.text, other.text]


def _of_year(text: str, year: int | None, section: str | None = None) -> Candidate:
    """A quote whose document is of ``year`` (its metadata), in a section ``section`` (a table's header)."""
    c = _cand(text, fit=1.0)
    return dataclasses.replace(c, section=section, passage=dataclasses.replace(c.passage, section=section, meta={"year": year}))


def test_a_figure_asked_of_a_year_is_led_by_the_sentence_of_that_year():
    """"hvor stor var andelen … i 2025?": the quote of the 2029 target the reader put first gives way to the one that
    names 2025, and so does a figure of no year in a document of another year; a question of no one year, or a
    figure of no year in a document of the year asked, keeps the reader's order."""
    target = _cand("I 2029 skal mindst 90 procent af genoptræningsplanerne være sendt på udskrivningsdagen.", fit=1.0)
    then = _cand("I 2025 var andelen 78 procent.", fit=1.0)
    asked = Plan("number", original="hvor stor var andelen af planer sendt på udskrivningsdagen i 2025?")
    assert _answer_first(asked, [target, then])[0] is then
    assert _answer_first(Plan("number", original="hvor stor skal andelen være i 2029?"), [target, then])[0] is target
    assert _answer_first(asked, [_of_year("Andelen var 78 procent.", 2026), then])[0] is then
    same_year = _of_year("Andelen var 78 procent.", 2025)
    assert _answer_first(asked, [same_year, then])[0] is same_year


def test_a_figure_asked_of_a_year_needs_a_quote_of_that_year():
    """"hvad var andelen af genindlæggelser i 2025?" in a status of 2026 on an agreement for 2024–2027: the figure
    of no year is the report's own, and a table row's figures are dated by their columns' headers."""
    asked = Plan("number", original="hvad var andelen af genindlæggelser i 2025?")
    now = _of_year("Andelen af akutte genindlæggelser er faldet til 9,8 %.", 2026)
    assert missing_asked(asked, [now]) == "number"
    header = "Status på Sundhedsaftalen 2024–2027 › 2. Indikatorer › Indikator | Mål for 2027 | 2025 | 2026"
    row = _of_year("Akutte genindlæggelser inden for 30 dage | Under 9 % | 11,2 % | 9,8 %", 2026, header)
    assert missing_asked(asked, [now, row]) == ""
    assert _answer_first(asked, [now, row])[0] is row
    assert missing_asked(asked, [_of_year("I 2025 var andelen 11,2 %.", 2026)]) == ""
    assert missing_asked(Plan("number", original="hvad er andelen af genindlæggelser?"), [now]) == ""


def test_a_quote_that_holds_every_term_of_the_question_leads_one_that_leaves_a_term_out():
    """"How many acute beds will cluster North have from June 2027?": the decision that names June leads the case's
    figure of today; a term the question cannot be read without (soft) does not count, nor does a comparison."""
    beds, cluster, june = ("akutpladser",), ("klynge",), ("juni", "june")
    today = candidate("Kommunerne i klynge Nord har siden 1. januar 2025 haft 24 akutpladser.", fit=1.0, matched=[beds, cluster])
    decided = candidate("Antallet af akutpladser i klynge Nord øges til 30 fra 1. juni 2027.", fit=0.0, matched=[beds, cluster, june])
    asked = Plan("number", original="How many acute beds will cluster North have from June 2027?", key_terms=(beds, cluster, june))
    assert _answer_first(asked, [today, decided])[0] is decided
    assert _answer_first(dataclasses.replace(asked, soft=frozenset({june})), [today, decided])[0] is today
    assert _answer_first(dataclasses.replace(asked, compare=True), [today, decided])[0] is today
    assert _answer_first(dataclasses.replace(asked, qtype="other"), [today, decided])[0] is today


def test_a_who_answer_is_led_by_who_does_it_not_by_who_does_not():
    """"hvem stiller diagnosen?": "Kommunens sundhedscenter kan ikke stille diagnosen" names who does not; the
    sentence that names who does leads. A bracket's negation is no denial of the main clause."""
    asked = Plan("who", original="hvem stiller diagnosen?", key_terms=(("diagnosen",),))
    held = [("diagnosen",)]
    denied = candidate("Kommunens sundhedscenter kan ikke stille diagnosen, men skal opfordre borgere til at kontakte egen læge.",
                       0.99, 1.0, held)
    stated = candidate("Den praktiserende læge har ansvaret for opsporing og diagnose.", 0.96, 1.0, held)
    assert _answer_first(asked, [denied, stated])[0] is stated
    assert _answer_first(Plan("who", original="hvem kan ikke stille diagnosen?", key_terms=(("diagnosen",),)),
                         [denied, stated])[0] is denied  # asked who cannot: the denial answers
    bracket = candidate("Praktiserende læger henviser borgere til rygestoptilbud (såfremt der ikke i eget regi er et tilbud).",
                        0.99, 1.0, held)
    assert _answer_first(asked, [bracket, stated])[0] is bracket
