"""What a number question counts, and whether a sentence states a number of that (assistant.asked).

The sentences are written here, about an invented agreement: nothing is read from the corpus.
"""


from assistant.asked import (
    AskedUnit,
    asked_payer,
    asked_unit,
    counts_asked,
    names_of,
    speaks_of_money,
    without_who_clause,
)
from assistant.measures import measure_phrase

CITIZENS = ("borgere", "borgerne", "citizens")
NURSES = ("sygeplejersker",)


def test_unit_is_the_word_after_the_count_phrase_in_either_language():
    terms = (CITIZENS, ("hjemmedialyse",))
    assert asked_unit("hvor mange borgere er i hjemmedialyse", terms) == AskedUnit("thing", (CITIZENS,))
    assert asked_unit("How many citizens are in home dialysis?", terms) == AskedUnit("thing", (CITIZENS,))
    assert asked_unit("Hvor mange af de borgere er i hjemmedialyse?", terms).groups == (CITIZENS,)


def test_unit_is_the_noun_phrase_not_words_after_the_verb():
    elderly = ("ældre",)
    terms = (elderly, CITIZENS, ("hjemmedialyse",))
    # leading function words are skipped; the phrase ends at the next one ("er"), so the place is no unit
    assert asked_unit("Hvor mange af de ældre borgere er i hjemmedialyse?", terms).groups == (elderly, CITIZENS)
    assert asked_unit("How many of the citizens are in home dialysis?", terms).groups == (CITIZENS,)


def test_money_and_shares_are_units_of_the_language():
    assert asked_unit("Hvor mange penge er der afsat til akutteams?", ()).kind == "money"
    assert asked_unit("How much does the app cost?", ()).kind == "money"
    assert asked_unit("Hvor mange procent af de unge ryger?", ()).kind == "share"
    # one list of money nouns types "Hvad er udgiften …" and names its unit: a sum, not any number
    assert asked_unit("Hvad er udgiften til akutteams?", ()).kind == "money"
    # a word that only starts like a money word counts what it names: employees, not wages
    employees = ("lønmodtagere",)
    assert asked_unit("Hvor mange lønmodtagere er ansat i teamet?", (employees,)) == AskedUnit("thing", (employees,))
    # how much is paid or contributed is a sum, though no money word is said
    assert asked_unit("hvor meget betaler skolerne til analysen", ()).kind == "money"
    assert asked_unit("How much does the college contribute to the analysis?", ()).kind == "money"
    assert asked_unit("Hvor meget træning får borgeren?", ()) is None


def test_no_unit_when_the_question_does_not_name_one():
    assert asked_unit("hvor mange i regionen drikker for meget", (("regionen",),)) is None
    assert asked_unit("Hvad er status for projektet?", (("status",),)) is None
    # an English word with no Danish term cannot be looked for in a Danish sentence: unknown, not missing
    soft = ("widgets",)
    assert asked_unit("How many widgets are there?", (soft,), frozenset({soft})) is None


def test_a_number_of_another_thing_does_not_count():
    unit = AskedUnit("thing", (CITIZENS,))
    assert not counts_asked("Ad 2) 11 ud af 14 kommuner har allerede akutpladser.", unit)
    assert counts_asked("I 2021 blev 340 borgere henvist til forløbet.", unit)
    assert counts_asked("11 ud af 14 borgere takkede ja.", unit)


def test_a_hyphenated_name_counts_by_its_first_part():
    """"hvor mange fra plo …": "to fra PLO-Syddanmark" counts PLO's; a name of another first part does not."""
    plo = AskedUnit("thing", (("plo",),))
    assert counts_asked("Til stede var otte fra kommunerne og to fra PLO-Syddanmark.", plo)
    assert not counts_asked("Til stede var otte fra kommunerne og to fra KKR-Syddanmark.", plo)


def test_the_number_of_what_is_asked_counts_it_and_so_does_a_table_row_it_labels():
    """"Antallet af færdigbehandlede patienter … er faldet fra 32 til 14": the subject says what the figures count;
    a table row's label says what its cells count. A year is still no count, and a row of another thing counts none."""
    patients = AskedUnit("thing", (("færdigbehandlede",), ("patienter",)))
    assert counts_asked("Antallet af færdigbehandlede patienter, der venter på en plads, er faldet fra 32 til 14.", patients)
    assert counts_asked("The number of patients waiting fell to 14 a day.", AskedUnit("thing", (("patients",),)))
    assert not counts_asked("Antallet af færdigbehandlede patienter skal nedbringes i 2027.", patients)
    assert not counts_asked("Antallet af genindlæggelser er faldet til 14.", patients)
    assert counts_asked("Færdigbehandlede patienter, der venter på kommunen | Under 15 pr. dag | 32 pr. dag | 14 pr. dag", patients)
    assert not counts_asked("Ventetid til genoptræning efter udskrivelse | Højst 7 dage | 12 dage", patients)
    assert not counts_asked("Færdigbehandlede patienter | 2024 | 2026", patients)


def test_years_list_numbers_and_far_words_are_not_counts():
    nurses = AskedUnit("thing", (NURSES,))
    assert not counts_asked("Sygeplejerskerne har minimum 3 års erfaring som sygeplejersker.", nurses)
    assert not counts_asked("2. Alle kommuner ansætter i 2024 sygeplejersker til teamet.", nurses)
    assert counts_asked("Teamet har tre erfarne sygeplejersker i dagvagt.", nurses)
    # a number of a year's shape, approximated, right before what it counts is a count, not a year
    assert counts_asked("I regionen svarer det til ca. 1900 sygeplejersker.", nurses)
    assert not counts_asked("Regionen ansætter i 2015 sygeplejersker.", nurses)


def test_inflections_and_compounds_name_the_unit():
    assert counts_asked("Der er 4 hjemmesygeplejersker i hvert team.", AskedUnit("thing", (NURSES,)))
    assert counts_asked("Gravide har i gennemsnit 21 sygefraværsdage.", AskedUnit("thing", (("dage",),)))
    assert counts_asked("En dagligryger dør mere end 10 år tidligere.", AskedUnit("thing", (("år", "years"),)))  # a short unit


def test_the_same_compound_with_a_part_put_in_between_names_the_unit():
    """"sygedage" are counted by "48 sygefraværsdage"; a compound that only begins or only ends alike is another thing."""
    sick_days = AskedUnit("thing", (("sygedage",),))
    assert counts_asked("Gravide har i gennemsnit 48 sygefraværsdage under graviditeten.", sick_days)
    assert not counts_asked("Gravide har i gennemsnit 3 sygeplejebesøg under graviditeten.", sick_days)
    assert not counts_asked("Der er afsat 12 temadage til kurser om graviditet.", sick_days)


def test_the_head_of_a_hyphenated_compound_names_the_unit_and_one_with_its_stress_mark_counts():
    """"it-systemer" asks for systems, which "10 praksissystemer" count; "én" is a count, the article "en" is not."""
    assert counts_asked("Lægerne bruger i alt 10 praksissystemer.", AskedUnit("thing", (("it-systemer",),)))
    assert not counts_asked("Lægerne bruger i alt 10 praksisklinikker.", AskedUnit("thing", (("it-systemer",),)))
    agreements = AskedUnit("thing", (("sundhedsaftaler",),))
    assert counts_asked("Der skal fremover kun være én sundhedsaftale pr. region.", agreements)
    assert not counts_asked("Der skal fremover være en sundhedsaftale pr. region.", agreements)


def test_shares_count_what_follows_them():
    unit = AskedUnit("thing", (("ryger",),))
    assert counts_asked("Der er stadig 17 % i regionen, som ryger dagligt.", unit)
    assert not counts_asked("Cirka 17 % har en kronisk sygdom og får tilbud om rehabilitering, og mange ryger.", unit)
    # a clause that turns against the share speaks of something else: "9,8 %, men ligger stadig over målet"
    goals = AskedUnit("thing", (("målene",),))
    assert not counts_asked("Andelen er faldet til 9,8 %, men ligger stadig over målet.", goals)
    assert counts_asked("To af målene er nået, og ét er ikke nået.", goals)


def test_money_and_share_sentences():
    assert counts_asked("Udgiften beløber sig til 1,2 mio. kr. årligt.", AskedUnit("money"))
    assert not counts_asked("Der er 55.000 overvægtige børn i regionen.", AskedUnit("money"))
    assert counts_asked("Andelen er faldet til 12 procent.", AskedUnit("share"))
    # a share in words is a share: "what share of citizens live with a chronic condition"
    assert counts_asked("Mere end hver tredje borger lever med en kronisk lidelse.", AskedUnit("share"))
    assert counts_asked("Halvdelen af de voksne er overvægtige.", AskedUnit("share"))
    assert not counts_asked("Hver borger får en plan.", AskedUnit("share"))
    assert counts_asked("Hver kommune betaler 1 krone pr. indbygger.", AskedUnit("money"))  # singular too


def test_an_abbreviation_point_does_not_end_what_a_sum_is_of():
    research = (("forskning",),)
    assert names_of(" pr. borger til forskning", research)
    assert names_of(" mio. kr. til forskning og udvikling", research)
    assert not names_of(" pr. borger. Forskning er vigtig", research)


def test_an_adverb_of_where_to_ends_what_is_paid_for():
    transport = ("transporten", "transport")
    terms = (transport, ("hjem",), ("hospitalet",))
    assert asked_payer("hvem betaler for transporten hjem fra hospitalet?", terms) == AskedUnit("money", (transport,))


def test_paying_to_go_somewhere_is_paying_for_the_place_after_the_verb_and_its_particle():
    training = ("træningen", "træning")
    terms = (("betale",), ("komme",), ("frem",), training)
    assert asked_payer("skal man selv betale for at komme frem til træningen", terms) == AskedUnit("money", (training,))


def test_an_indirect_question_of_who_names_no_one():
    assert without_who_clause("Aftalen beskriver, hvem der har ansvaret for at betale, når en borger udskrives.") == (
        "Aftalen beskriver,  , når en borger udskrives.")
    assert without_who_clause("Kommunen betaler for kørslen.") == "Kommunen betaler for kørslen."


def test_who_pays_asks_for_an_actor_that_pays():
    assert asked_payer("Hvem betaler for kørsel til genoptræning?") == AskedUnit("money")
    assert asked_payer("Who pays for the escort?") == AskedUnit("money")
    assert asked_payer("Hvem sender epikrisen?") is None
    # whether it costs anything asks of paying too, for no thing named as paid for
    assert asked_payer("koster det noget at få besøg af akutteamet?") == AskedUnit("money")
    assert asked_payer("Does it cost anything to get help from the acute team?") == AskedUnit("money")
    # what is paid for, where the question names it: a sentence paying for something else names no payer of it
    bed = ("plejeseng", "care bed")
    assert asked_payer("Who pays for the care bed when a patient goes home?", (bed, ("hjem", "home"))) == AskedUnit("money", (bed,))
    assert asked_payer("Hvem betaler for kørsel til genoptræning?", (("kørsel",), ("genoptræning",))) == AskedUnit("money", (("kørsel",),))
    assert asked_payer("Who pays when staff help patients at home?", (("hjem", "home"),)) == AskedUnit("money")  # no "for"
    # of two words the last is what is paid for, the first whose it is or which
    medicine = ("medicin", "medicine")
    assert asked_payer("Hvem betaler for borgerens medicin mod misbrug?", (("borgerens",), medicine, ("misbrug",))) == AskedUnit("money", (medicine,))
    assert asked_payer("Who pays for the patient's medicine?", (("patient", "borger"), medicine)) == AskedUnit("money", (medicine,))
    # a preposition that is searched for ends what is paid for: home care is paid for, not "efter"
    care = ("hjemmepleje", "hjemme pleje")
    assert asked_payer("hvem betaler for hjemmepleje efter genoptræningen?", (care, ("efter",), ("genoptræningen",))) == AskedUnit("money", (care,))
    # what is paid for named only by an English word with no Danish term: no quote can be seen to pay for it
    funeral = ("funeral",)
    assert asked_payer("Who pays for the funeral?", (("betale", "pays"), funeral), frozenset({funeral})) == AskedUnit("money", (funeral,))
    # what follows its owner is what is paid for, named by a word with no Danish term or not: not the owner
    parking, patients = ("parking",), ("patienter", "patients")
    asked = "Who pays for the heart patients' parking at the hospital?"
    assert asked_payer(asked, (("hjerte", "heart"), patients, parking), frozenset({parking})) == AskedUnit("money", (parking,))
    bars, home = ("grab bars",), ("hjem", "home")
    asked = "Who pays for grab bars in the citizen's home?"  # the owner of a place after the thing: not what is paid for
    assert asked_payer(asked, (bars, ("borger", "citizen"), home), frozenset({bars})) == AskedUnit("money", (bars,))
    assert speaks_of_money("Regionen afholder udgiften til transport.")
    assert speaks_of_money("Kommunen godtgør borgerens egenbetaling.")
    assert not speaks_of_money("Kommunen tilbyder genoptræning til borgere med en plan.")
    assert not speaks_of_money("Borgeren får de nødvendige hjælpemidler.")  # a remedy, not money
    # whole words: "midlertidige" is not "midler", nor is a meeting held ("afholdes") a cost paid
    assert not speaks_of_money("Kommunerne har midlertidige pladser.")
    assert not speaks_of_money("I 2017 afholdes en workshop for kommunerne.")
    assert speaks_of_money("Midlerne fordeles mellem kommunerne.")
    # a verb with its particle written on is the same verb
    assert speaks_of_money("Regionerne udbetaler tilskuddet til køb af høreapparater.")
    assert speaks_of_money("Den kommunale medfinansiering af sundhedsvæsenet ændres.")
    assert asked_payer("Hvem udbetaler tilskuddet?") == AskedUnit("money")


def test_a_person_is_named_by_first_name_and_surname_on_one_line():
    from assistant.asked import names_a_body

    q = "Who is the vice-chair of the steering group?"
    assert names_a_body("Jakob Skovgaard, regionsrådet (næstformand)", q, "person")
    assert names_a_body("Styregruppen er Lars Møller, kommunaldirektør, formand", q, "person")
    assert names_a_body("Henrik Bay Nielsen, praktiserende læge", q, "person")
    # a town, or two lines of a schedule's unit, name no one
    assert not names_a_body("5. oktober 2018\n12-14, Viborg\nPræsentation af hovedresultater i styregruppe", q, "person")
    assert not names_a_body("Region Midtjylland deltager i styregruppen.", q, "person")
    # a hospital question still takes a place's name
    assert names_a_body("Patienten henvises til Horsens.", "Hvilket hospital henvises patienten til?", "hospital")


def test_a_day_is_counted_as_a_day_and_night_too():
    from assistant.asked import AskedUnit, counts_asked

    days = AskedUnit("thing", (("dages", "dage"),))
    assert counts_asked("Sygehuset giver medicin med hjem til de første tre døgn efter udskrivningen.", days)
    assert counts_asked("Et ophold varer højst 5 dage.", AskedUnit("thing", (("døgn",),)))
    assert not counts_asked("Et ophold varer højst 5 uger.", days)


def test_what_is_paid_for_after_an_infinitive_or_before_a_participle():
    # "betale for at ligge på akutpladsen": paying to stay is paying for the place; "akutpladsen" is its term inflected
    place = (("borgeren",), ("betale",), ("ligge",), ("akutpladser", "akutplads"))
    assert asked_payer("skal borgeren betale for at ligge på akutpladsen?", place) == AskedUnit("money", (("akutpladser", "akutplads"),))
    # "aids used only for …": the participle says what the aids are for, the aids are paid for
    aids = (("betale", "pays"), ("hjælpemidler", "aids"), ("brugt", "used"), ("palliativ", "palliative"))
    assert asked_payer("Who pays for aids used only for palliative treatment?", aids) == AskedUnit("money", (("hjælpemidler", "aids"),))
    bed = (("betale", "pays"), ("pleje", "care"), ("seng", "bed"))
    assert asked_payer("Who pays for the care bed?", bed) == AskedUnit("money", (("seng", "bed"),))


def test_a_sum_asked_per_something_names_what_it_is_per():
    from assistant.asked import asked_rate

    visit = ("besøg", "visit")
    assert asked_rate("What does the acute team cost per visit?", (("akutteam",), visit)) == visit
    assert asked_rate("hvad koster kosten pr. døgn", (("kosten",), ("døgn",))) == ("døgn",)
    # a sum per year is also said "årligt" or "om året": no rate the quote must name
    assert asked_rate("How much is put aside each year?", (("år", "year"),)) is None


def test_an_age_is_asked_and_stated_in_years_of_age():
    """"hvor gamle …", "how old …", "aldersgrænsen": an age, stated with the word that bounds it; a span of years or a
    count of years is no age."""
    for q in ("hvor gamle skal borgerne være for at være omfattet?", "How old must patients be to be referred?",
              "Hvad er aldersgrænsen i aftalen?", "What is the age limit for the offer?", "Fra hvilken alder gælder tilbuddet?"):
        assert asked_unit(q, ()) == AskedUnit("age"), q
    age = AskedUnit("age")
    for text, phrase in (("Aftalen omfatter borgere over 65 år med en demensdiagnose.", "over 65 år"),
                         ("Tilbuddet gælder børn mellem 5 og 18 år.", "mellem 5 og 18 år"),
                         ("Borgere på 80 år og derover får et forebyggende besøg.", "80 år og derover"),
                         ("Screeningen tilbydes de 18-årige.", "18-årige"),
                         ("The offer is for patients aged 65 years and over.", "aged 65 years and over")):
        assert counts_asked(text, age) and measure_phrase(text, "age") == phrase, text
    for text in ("Aftalen gælder i fire år fra 2026.", "Genoptræningen starter inden for 7 dage.", "Der er 22 kommuner i regionen."):
        assert not counts_asked(text, age) and measure_phrase(text, "age") == "", text



def test_a_distance_is_asked_and_stated_with_its_unit():
    """"hvor langt …", "how far …", "afstanden": a distance, stated in kilometres or metres with the word that bounds
    it; how far back in time or how far work has come is none, nor is a span of time a distance."""
    for q in ("hvor langt må der være til lægen?", "How far is it to the hospital?", "Hvad er afstanden til sygehuset?"):
        assert asked_unit(q, ()) == AskedUnit("distance"), q
    for q in ("hvor langt tilbage kan man se recepterne?", "hvor langt er man nået med planen?", "How far along is the plan?"):
        assert asked_unit(q, ()) is None, q
    far = AskedUnit("distance")
    for text, phrase in (("Borgeren skal have en læge inden for 15 kilometer fra bopælen.", "inden for 15 kilometer"),
                         ("Der er højst 30 km til nærmeste akutklinik.", "højst 30 km"),
                         ("The clinic is within 500 meters of the station.", "within 500 meters")):
        assert counts_asked(text, far) and measure_phrase(text, "distance") == phrase, text
    for text in ("Genoptræningen starter inden for 7 dage.", "Der er 22 kommuner i regionen."):
        assert not counts_asked(text, far), text
