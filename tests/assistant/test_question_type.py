"""A question's asked type (assistant.question_type): the first interrogative that opens a clause decides."""

import pytest

from assistant.question_type import classify, danish_interrogative


@pytest.mark.parametrize(
    ("q", "kind"),
    [("hvem står for det?", "who"), ("Hvornår skal planen sendes?", "when"), ("hvor mange kommuner?", "number"),
     ("Skal kommunen betale?", "yesno"), ("Hvad er en forløbsplan?", "other"),
     # an age is a number, in years: "hvor gamle", "how old", "aldersgrænsen"
     ("hvor gamle skal borgerne være?", "number"), ("How old must the patients be?", "number"),
     ("Hvad er aldersgrænsen for tilbuddet?", "number"),
     # a share asked by its noun, as "hvor stor er andelen" asks it; "andelsbolig" is no share
     ("hvad var andelen af genindlæggelser i 2025?", "number"), ("Hvilken andel af borgerne ryger?", "number"),
     ("hvad er en andelsbolig?", "other"),
     # the value of a span asked by its noun is a length; opening hours are a time of day, "tiden" alone nothing
     ("hvad var ventetiden til genoptræning i 2024?", "when"), ("What was the average waiting time in 2024?", "when"),
     ("hvad er åbningstiden for telefonen?", "other"), ("hvad er tidligere aftalt?", "other"),
     # æ/ø/å typed as aa/ae/oe, as on a keyboard without them; English "does" stays English
     ("hvornaar skal planen vaere klar", "when"), ("hvor snart sendes planen", "when"),
     # a phone number is no count: "What is the phone number of the on-call line?" asks a contact
     ("What is the phone number of the on-call line?", "other"), ("What is the number of beds?", "number"), ("hvor laenge varer forloebet", "when"), ("maa kommunen opkraeve betaling", "yesno"),
     ("Does the agreement cover dentists?", "yesno"), ("What does each visit cost?", "number"),
     # English "who"/"when" ask where they open a clause, not as a relative pronoun or a conjunction
     ("By when must the plan be sent?", "when"), ("The plan is sent, but when?", "when"),
     ("In the new period, who pays for the escort?", "who"), ("Can I complain, and to whom?", "who"),
     ("Is the plan sent when the patient goes home?", "yesno"), ("Do patients who live alone get a visit?", "yesno"),
     ("Which patients should we refer when the course starts?", "other"),
     ("When in the year is the plan revised?", "when"), ("When and where is the plan presented?", "when"),
     ("When the nurse visits, does she bring the plan?", "yesno"),
     # the first interrogative decides over words further on; a yes/no question may open with a phrase
     ("Since when have the municipalities been responsible for it?", "when"),
     ("What share of admissions is alcohol responsible for?", "number"), ("Hvornår skal kommunen tage ansvar?", "when"),
     ("In the new period, are patients admitted locally?", "yesno"),
     ("var regionen med i arbejdet", "yesno"), ("Could the plan be sent earlier?", "yesno"),
     # a time asked by its noun, or a frequency
     ("Up to which year does the plan run?", "when"), ("By which week of pregnancy is she referred?", "when"), ("hvilke år gælder aftalen for", "when"),
     ("Hvor ofte gør KKR status?", "when"), ("Which plans do the municipalities share?", "other"),
     # how long a span named by its noun is
     ("Hvor lang ventetid er der på genoptræning?", "when"), ("hvor lang er svartiden", "when"),
     ("Hvor langt er der til sygehuset?", "number"),  # a distance (``assistant.measures``), no span of time
     # every way of asking how often that the frequency check knows (casual "hvor tit" too)
     ("hvor tit mødes udvalget", "when"), ("Hvor hyppigt revideres planen?", "when"), ("How frequently is the plan revised?", "when"),
     # what a sum of money is: a number
     ("Hvad er lønnen for en sygeplejerske?", "number"), ("What is the total budget of the analysis?", "number"),
     ("What is a terminal grant?", "other"), ("Hvad er et tilskud?", "other"),  # what kind of thing: no sum
     ("Hvad er udgiften til akutteams?", "number"), ("What are the fees for the course?", "number"),
     ("Hvad er formålet med planen?", "other"), ("What is the person in charge of the plan called?", "other"),
     ("Hvad er sundhedsstyregruppen, og hvem består den af?", "who"),
     # a question that opens with its verb asks yes or no, whatever a clause inside it asks; not a coordinated one
     ("Har hospitalet pligt til at give besked, hvis det ændrer på, hvor meget det behandler?", "yesno"),
     ("Er antallet af pladser omfattet af målene?", "yesno"), ("Do we know how many mothers are vulnerable?", "yesno"),
     ("Is the municipality responsible for the plan?", "yesno"), ("kan man klage over planen og til hvem", "who"),
     # when something generic counts as a kind asks what makes it so, not a time; one named thing asks a time
     ("Hvornår er en opgave kompleks?", "other"), ("hvornaar regnes en borger for at vaere faerdigbehandlet", "other"),
     ("Hvornår anses en patient for udskrivningsklar?", "other"), ("When is a task considered complex?", "other"),
     ("Hvornår er fristen for høringssvar?", "when"), ("Hvornår er planen færdig?", "when"), ("When is the plan finished?", "when"),
     ("hvornår skal en borger have en plan", "when")],
)
def test_question_types(q, kind):
    assert classify(q) == kind


@pytest.mark.parametrize(
    ("q", "word"),
    [("Who sends the summary?", "hvem"), ("By when must the plan be sent?", "hvornår"), ("Where is it based?", "hvor"),
     ("Which patients are referred?", "hvilke"), ("Why is the plan revised?", "hvorfor"), ("How is care organised?", "hvordan"),
     # a yes/no question has none; one that asks a number or a span leaves it to the answer's typed reading
     ("Does the agreement cover dentists?", ""), ("How many beds are there?", ""), ("How long is the wait?", ""),
     ("Hvem sender planen?", "")],
)
def test_danish_interrogative_of_an_english_question(q, word):
    assert danish_interrogative(q) == word
