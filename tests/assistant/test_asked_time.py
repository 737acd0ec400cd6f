"""The time a question asks for and the time a sentence states (assistant.asked_time).

The sentences are written here, about an invented agreement: nothing is read from the corpus.
"""

import pytest

from assistant.asked_time import (
    after_span,
    asks_date,
    asks_duration,
    asks_frequency,
    clock_time,
    day_limit,
    duration_phrase,
    frequency_phrase,
    is_length,
    span_phrase,
    states_date,
    weekday_time,
)


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Hvor ofte mødes udvalget?", True),
        ("hvor tit skal planen revideres", True),
        ("hvor ofte skal laegen se patienten", True),
        ("How often does the network meet?", True),
        ("How frequently is the plan revised?", True),
        ("Hvornår mødes udvalget?", False),
        ("When does the network meet?", False),
    ],
)
def test_how_often_is_asked_in_either_language(question: str, asks: bool) -> None:
    assert asks_frequency(question) is asks


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("Vi vil hvert år gøre status på målene.", "hvert år"),
        ("Planen revideres hvert andet år.", "hvert andet år"),
        ("Parterne holder et fagligt møde hvert halve år.", "hvert halve år"),
        ("Udvalget mødes fire gange om året.", "fire gange om året"),
        ("En gang årligt gennemgås medicinen.", "En gang årligt"),
        ("Kommuner og hospitaler opdaterer løbende.", "løbende"),
        ("The committee meets twice a year.", "twice a year"),
        ("Udvalget mødes den 27. september 2018.", ""),  # a date is no frequency
        ("Planen sendes senest tre hverdage efter udskrivelsen.", ""),
    ],
)
def test_a_frequency_in_a_sentence(sentence: str, phrase: str) -> None:
    assert frequency_phrase(sentence) == phrase


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("Udlånet varer som udgangspunkt højst 6 måneder.", "højst 6 måneder"),
        ("Kommunen svarer inden for 14 dage.", "inden for 14 dage"),
        ("The loan lasts at most two weeks.", "at most two weeks"),
        ("Borgeren kontaktes efter to hverdage.", "to hverdage"),
        ("Planen sendes samme dag.", "samme dag"),  # a day's limit answers how soon without an amount of time
        ("Borgeren kan blive udredt dagen efter.", "dagen efter"),
        ("Sundhedsplejen får besked senest dagen efter udskrivningen.", "senest dagen efter"),
        ("Aftalen gælder i perioden 2024-2027.", ""),
        ("Aftalen omfatter voksne borgere over 18 år.", ""),  # an age tells who, not how long
        ("Børn mellem 5 og 18 år ses sjældent i almen praksis.", ""),
        ("Ældre på 65 år og derover tilbydes et besøg.", ""),
        ("People aged 65 years and over are offered a visit.", ""),
        ("Tilbuddet gives i op til 2 år efter udskrivelsen.", "i op til 2 år"),
        # a period bounded by days at both ends, read from its start
        ("Gruppen nedsættes for perioden 1. marts 2027 til 30. juni 2028.", "fra 1. marts 2027 til 30. juni 2028"),
        ("Projektet løber fra den 1. april 2026 til den 31. marts 2027.", "fra den 1. april 2026 til den 31. marts 2027"),
        ("Aftalen gælder fra 2015 til 2018.", ""),
    ],
)
def test_a_span_of_time_with_its_bound(sentence: str, phrase: str) -> None:
    assert span_phrase(sentence) == phrase


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Hvor lang tid har kommunen til at svare?", True),
        ("hvor hurtigt skal borgeren kontaktes", True),
        ("Hvor snart får borgeren en tid?", True),
        ("How soon can a citizen be seen?", True),
        ("How quickly must the letter be sent?", True),
        ("hvor lang ventetid er der paa en plads", True),  # a span named by its noun
        ("Hvor lang er behandlingstiden?", True),
        ("Hvor lange ventetider har kommunerne?", True),
        ("Er der lang ventetid?", False),
        ("Hvornår sendes brevet?", False),  # any time answers when, a period too
        ("When is the letter sent?", False),
    ],
)
def test_how_long_or_how_soon_asks_a_span_or_a_limit(question: str, asks: bool) -> None:
    assert asks_duration(question) is asks


def test_the_next_day_is_a_limit_a_period_is_not():
    assert duration_phrase("Borgeren kan blive udredt dagen efter.") == "dagen efter"
    assert duration_phrase("The citizen is seen the next day.") == "the next day"
    assert duration_phrase("I aftaleperioden udbygges ambulatoriet.") == ""


def test_the_day_of_an_event_with_its_bound_is_a_days_limit():
    assert day_limit("Hospitalet sender rapporten til kommunen senest på udskrivningsdagen.") == "senest på udskrivningsdagen"
    assert day_limit("Kommunen får besked dagen før udskrivelsen.") == "dagen før"
    assert day_limit("Der holdes møde på mandagen.") == ""  # a day without a bound is no limit



def test_a_date_is_asked_and_stated_as_a_day_of_a_month():
    """"What date in 2017" is not answered by "I 2017"; "frem til den 17. september 2018" gives one."""
    assert asks_date("What date in 2017 is the workshop held?") and asks_date("hvilken dato er fristen")
    assert not asks_date("When is the workshop held?") and not asks_date("Which update is due?")
    assert states_date("Kommentarer kan sendes frem til den 17. september 2018.")
    assert states_date("Aftalen gælder fra 1.1.2025.") and states_date("Mødet holdes den 10.-11. januar 2013.")
    assert not states_date("I 2017 vil kommunerne afholde en workshop.") and not states_date("COWI afleverer i uge 46.")


def test_a_day_of_the_week_with_the_words_that_place_it():
    text = "Udskrives borgeren en fredag, kontakter centret borgeren den følgende mandag."
    assert weekday_time(text) == "fredag"
    assert weekday_time(text, lambda day: day == "fredag") == "den følgende mandag"
    assert weekday_time("Rådgivningen er åben mandag-fredag kl. 8-15.") == "mandag-fredag"
    assert weekday_time("Om fredagen holdes møde.") == "Om fredagen"
    assert weekday_time("Borgeren ringer i hverdagen.") == ""


def test_a_figure_as_it_is_now_or_was_is_asked():
    from assistant.asked_time import asks_actual

    assert asks_actual("How many visits end in admission today?") and asks_actual("hvor mange døde hjemme sidste aar")
    assert not asks_actual("Hvor mange sygeplejersker er der i akutteamet?")


def test_a_time_of_day_with_the_days_it_holds_on():
    assert clock_time("Demenscaféen er åben hver tirsdag kl. 13.00-15.30.") == "hver tirsdag kl. 13.00-15.30"
    assert clock_time("Rådgivningen har åbent mandag-fredag kl. 8-15.") == "mandag-fredag kl. 8-15"
    assert clock_time("Der er åbent om tirsdagen fra kl. 10 til kl. 12.") == "om tirsdagen fra kl. 10 til kl. 12"
    assert clock_time("Telefonen er åben alle dage kl. 17-19.") == "alle dage kl. 17-19"
    assert clock_time("Borgeren ringer i hverdagen.") == ""


def test_a_time_after_an_amount_of_time_is_read_whole():
    """"Ordningen træder i kraft 1. september 2027 og evalueres efter et år": when it is evaluated is "efter et år"."""
    assert after_span("Ordningen evalueres efter et år.") == "efter et år"
    assert after_span("Borgeren kontaktes igen efter 3 måneder.") == "efter 3 måneder"
    assert after_span("The plan is reviewed after two years.") == "after two years"
    assert after_span("Borgeren kontaktes efter udskrivelsen.") == ""


def test_a_length_is_an_amount_of_time_asked_by_how_long():
    """"hvor lang er ventetiden?" answered by "14 uger" is a length; "hvor hurtigt …" asks a limit, and a date or a
    limit word is no length."""
    assert is_length("hvor lang er ventetiden til udredning?", "14 uger")
    assert is_length("How long does a course last?", "8 uger")
    assert is_length("hvor længe er gruppen nedsat?", "fra 1. marts 2027 til 30. juni 2028")
    assert not is_length("hvor hurtigt skal kommunen komme?", "24 timer")
    assert not is_length("hvor længe gælder aftalen?", "1. september 2027")
    assert not is_length("hvornår evalueres ordningen?", "efter et år")
