"""Questions about a document's own period, answered from the facts ingest stores and quoted from the
document's sentence that states them.

The two PDFs here are our own, ingested with the catalog switched off, so every fact the answers
give was read from their text at ingest: an agreement of Region Syddanmark for 2021–2024 (expired
on the day the tests judge status on), and a KKR proposal for the next agreement, 2025–2028.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.doc_period import asked_period
from index.build import run_ingest
from tests.conftest import hash_settings, pdf_index
from tests.pdfs import write

DAY = date(2026, 12, 3)
AGREEMENT = (
    "Sundhedsaftale 2021–2024\nRegion Syddanmark og de 22 kommuner i regionen",
    "Forord\nAftalen er indgået mellem Region Syddanmark, de 22 kommuner og almen praksis.\n"
    "Aftalen gælder for perioden 1. januar 2021 til 31. december 2024.\n"
    "Aftalen blev godkendt af Sundhedskoordinationsudvalget den 4. december 2020.",
    "Genoptræning\nKommunen starter genoptræningen senest syv dage efter, at genoptræningsplanen er modtaget.\n"
    "De tidligere aftaler udløb ved udgangen af 2020, og der skulle derfor indgås en ny aftale for 2021-2024.",
)
PROPOSAL = (
    "Udspil til sundhedsaftalen 2025–2028\nKKR Syddanmark",
    "Indledning\nKommunerne i Region Syddanmark sender hermed et udspil til den kommende sundhedsaftale.\n"
    "Udspillet beskriver kommunernes ønsker til sundhedsaftalen for 2025-2028.",
    "Forebyggelse\nKommunerne vil tilbyde rygestop til alle borgere, der henvises fra almen praksis.",
)
AGREEMENT_PDF = "syddanmark-sundhedsaftale-2021-2024.pdf"  # titles come from the first lines here (no catalog, no PDF title)
PROPOSAL_PDF = "kkr-syddanmark-udspil-sundhedsaftale-2025-2028.pdf"
STATED = "Aftalen gælder for perioden 1. januar 2021 til 31. december 2024."


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    settings = pdf_index(tmp_path_factory, "period", {AGREEMENT_PDF: AGREEMENT, PROPOSAL_PDF: PROPOSAL})
    return Assistant(settings.model_copy(update={"today": DAY}))


@pytest.mark.parametrize(
    ("question", "aspect", "kinds"),
    [
        ("Hvornår udløber sundhedsaftalen?", "end", ("aftale",)),
        ("hvornaar udloeber sundhedsaftalen i region syddanmark", "end", ("aftale",)),  # casual spelling
        ("Hvornår træder den nye sundhedsaftale i kraft?", "start", ("aftale",)),
        ("Hvilken periode dækker udspillet?", "span", ("udspil",)),
        ("hvilke år gælder aftalen 2021-2024 for", "span", ("aftale",)),
        ("Hvor længe gælder KKR-målene i Hovedstaden?", "end", ("mål",)),
        ("When does the health agreement for the Capital Region expire?", "end", ("aftale",)),
        ("When does the agreement come into force?", "start", ("aftale",)),
        ("Which years does the proposal cover?", "span", ("forslag", "oplæg", "udspil")),
        ("Which periods do the agreement and the proposal cover?", "span", ("aftale", "forslag", "oplæg", "udspil")),
        ("Hvilken periode dækker dokumentet?", "span", None),
        ("Hvad er aftaleperioden?", "span", ("aftale",)),
        ("hvornår stopper aftalen med at gælde", "end", ("aftale",)),
        ("hvornår begyndte aftalen at gælde", "start", ("aftale",)),  # in the past tense too
        ("hvornår sluttede sundhedsaftalen", "end", ("aftale",)),
        ("When did the agreement start?", "start", ("aftale",)),
        ("how long does the agreement last", "end", ("aftale",)),
        ("Hvornår starter udspillets aftaleperiode?", "start", ("udspil",)),  # the period of the proposal named
        ("When does the agreement period end?", "end", ("aftale",)),
        ("Er sundhedsaftalen 2021-2024 stadig gældende?", "in_force", ("aftale",)),
        ("Is the agreement still in force?", "in_force", ("aftale",)),
        ("Er udspillet udløbet?", "expired", ("udspil",)),
        ("Hvornår blev sundhedsaftalen godkendt?", "approved", ("aftale",)),
        ("Er udspillet til sundhedsaftalen 2025-2028 udløbet?", "expired", ("udspil",)),  # the proposal, not an agreement
        ("Which years does the proposal for the new health agreement cover?", "span", ("forslag", "oplæg", "udspil")),
        ("When was the agreement signed?", "approved", ("aftale",)),
        ("Hvem er parterne i sundhedsaftalen?", "parties", ("aftale",)),
        ("hvem har indgået aftalen i syddanmark", "parties", ("aftale",)),
        ("Who are the parties to the health agreement?", "parties", ("aftale",)),
        ("hvilke kommuner er med i aftalen?", "parties", ("aftale",)),  # which of a kind of party takes part
        ("Hvilke kommuner i Region Sjælland er med i sundhedsaftalen?", "parties", ("aftale",)),
        ("Which municipalities are part of the agreement?", "parties", ("aftale",)),
        ("which hospitals signed the agreement?", "parties", ("aftale",)),
        ("Which hospital is party to the agreement?", "parties", ("aftale",)),
        ("hvilket hospital er med i aftalen?", "parties", ("aftale",)),
        ("mellem hvem er aftalen indgået?", "parties", ("aftale",)),
        ("Who is the agreement between?", "parties", ("aftale",)),
        ("hvem er med i sundhedsaftalen?", "parties", ("aftale",)),
        ("hvem står bag udspillet?", "parties", ("udspil",)),
        ("hvornår blev handleplanen vedtaget?", "approved", ("plan",)),  # a body's plan for carrying out an agreement
        ("When does the action plan expire?", "end", ("plan",)),
    ],
)
def test_a_period_question_is_read_with_its_aspect_and_kinds(question: str, aspect: str, kinds) -> None:
    asked = asked_period(question)
    assert asked is not None and (asked.aspect, asked.kinds) == (aspect, kinds)


@pytest.mark.parametrize(
    ("question", "party"),
    [
        ("hvilke kommuner er med i aftalen?", "kommuner"),
        ("Which municipalities are part of the agreement?", "kommuner"),
        ("hvilket hospital er med i aftalen?", "hospital"),
        ("which hospitals signed the agreement?", "hospital"),
        ("hvilke regioner står bag aftalen?", "region"),
        ("hvilke parter står bag aftalen?", None),  # every party
        ("Hvem er parterne i sundhedsaftalen?", None),
        ("hvor mange kommuner er med i aftalen?", "kommuner"),  # and how many
        ("How many municipalities signed the agreement?", "kommuner"),
    ],
)
def test_a_parties_question_says_which_kind_of_party_it_asks(question: str, party: str | None) -> None:
    asked = asked_period(question)
    assert asked is not None and asked.aspect == "parties" and asked.party == party
    assert asked.count == question.lower().startswith(("hvor mange", "how many"))


@pytest.mark.parametrize(
    "question",
    [
        "Hvornår udløber en udskrivningsaftale?",  # an agreement on one matter, not the document
        "Hvornår starter aftalen om dosisdispensering?",  # something inside the document
        "Hvornår skal kommunen starte genoptræningen?",  # no document named
        "Hvornår udløber de gældende sundhedsaftaler ifølge oplægget?",  # what a document says of another period
        "Hvornår udløb den forrige sundhedsaftale?",  # another document
        "When does the agreement say rehabilitation must start?",
        "Hvilken periode skal borgeren vente på genoptræning ifølge aftalen?",
        "When did the last agreement end?",
        "Hvad er sundhedsaftalen?",  # no period asked
        "Hvornår skal aftalen evalueres?",
        "Er kommunerne stadig forpligtet til at tilbyde genoptræning?",
        "Gælder aftalen også for private sygehuse?",
        "Hvornår blev genoptræningsplanen godkendt af kommunen?",
        "Hvem er parterne?",  # no document named
        "hvem har underskrevet aftalen om genoptræning",
        "hvilke kommuner er med i vestklyngen",  # a body of the document, not the document
        "Hvilke kommuner indgår i klyngen omkring Nordsjællands Hospital?",
        "Which municipalities are taking part in the trial projects?",
        "hvilke kommuner har allerede åbnet en ungemodtagelse i aftaleperioden?",
    ],
)
def test_a_question_about_something_else_is_no_period_question(question: str) -> None:
    assert asked_period(question) is None


def test_expiry_is_answered_from_the_stored_facts_and_the_stating_sentence(assistant: Assistant) -> None:
    answer = assistant.ask("Hvornår udløber sundhedsaftalen?")
    assert not answer.refused and answer.confidence == 1.0
    assert answer.answer.startswith("Udløber ifølge aftalerne: 31. december 2024.")  # the day the quote states
    assert STATED in answer.answer and "2020" not in answer.answer.split("[1]")[0]  # not the earlier agreements' end
    assert [c.doc for c in answer.citations] == [AGREEMENT_PDF] and answer.citations[0].page == 2
    assert "udløb med udgangen af 2024" in (answer.notice or "")  # expired on the day asked


def test_the_proposal_is_answered_for_its_own_kind(assistant: Assistant) -> None:
    answer = assistant.ask("Hvilken periode dækker udspillet?")
    assert answer.answer.startswith("Periode ifølge aftalerne: 2025–2028.")
    assert "Udspillet beskriver kommunernes ønsker til sundhedsaftalen for 2025-2028." in answer.answer
    assert [c.doc for c in answer.citations] == [PROPOSAL_PDF] and "ikke bindende" in (answer.notice or "")


def test_an_end_the_quote_states_by_its_year_only_is_the_end_of_that_year(assistant: Assistant) -> None:
    answer = assistant.ask("Hvornår udløber udspillet?")
    assert answer.answer.startswith("Udløber ifølge aftalerne: med udgangen af 2028.")  # "sundhedsaftalen for 2025-2028"


@pytest.mark.parametrize(
    ("question", "titled"),
    [
        ("hvornår udløber samarbejdsaftalen på Fyn?", ("fyn.pdf",)),  # a compound and a place that is no region
        ("hvornaar udloeber samarbejdsaftalen om genoptraening", ("genoptraening.pdf",)),
        ("Hvilken periode dækker aftalen om genoptræning og hjælpemidler?", ("genoptraening.pdf",)),
        ("hvornår blev samarbejdsaftalerne godkendt?", ("fyn.pdf", "genoptraening.pdf")),
        ("hvilke kommuner er med i aftalen om medicin?", ("medicin.pdf",)),  # a compound of the title begins with it
        ("hvilke parter står bag medicinaftalen?", ("medicin.pdf",)),  # the agreement named by a word of its title
    ],
)
def test_a_document_may_be_named_by_the_words_of_its_title(question: str, titled: tuple[str, ...]) -> None:
    metas = {"fyn.pdf": {"title": "Samarbejdsaftale om det nære sundhedsvæsen på Fyn 2026-2029"},
             "genoptraening.pdf": {"title": "Samarbejdsaftale om genoptræning og hjælpemidler"},
             "medicin.pdf": {"title": "Delaftale om medicinhåndtering ved overgange"},
             "other.pdf": {"title": "Sundhedsaftale 2024-2027"}}
    asked = asked_period(question, metas)
    assert asked is not None and asked.titled == titled


def test_an_english_question_names_a_danish_title_by_the_forms_of_its_words() -> None:
    metas = {"genoptraening.pdf": {"title": "Samarbejdsaftale om genoptræning og hjælpemidler"},
             "other.pdf": {"title": "Sundhedsaftale 2024-2027"}}
    terms = (("genoptræning", "rehabilitering", "rehabilitation"), ("hjælpemidler", "assistive devices"))
    asked = asked_period("When does the agreement on rehabilitation and assistive devices expire?", metas, terms)
    assert asked is not None and asked.titled == ("genoptraening.pdf",)
    assert asked_period("When does the agreement on rehabilitation expire?", metas) is None  # no forms: no title holds it


@pytest.mark.parametrize(
    "question",
    [
        "hvornår udløber samarbejdsaftalen om dosisdispensering?",  # a word no title holds: something in a document
        "hvornår starter genoptræningen?",  # no document named
        "hvornår udløber en udskrivningsaftale?",
        "hvornår udløber hjemmeplejeaftalen?",  # the matter of no title
    ],
)
def test_words_no_title_holds_name_no_document(question: str) -> None:
    metas = {"genoptraening.pdf": {"title": "Samarbejdsaftale om genoptræning og hjælpemidler"}}
    assert asked_period(question, metas) is None


def test_a_document_is_named_by_the_kind_its_title_opens_with() -> None:
    # "Kvalitetsstandard for …", "Forretningsorden for …": no agreement, plan or proposal, but the document by its name
    metas = {"akut.pdf": {"title": "Kvalitetsstandard for Akutteamet i Esbjerg Kommune"},
             "fo.pdf": {"title": "Forretningsorden for Sundhedssamarbejdsudvalget"}}
    for question, titled in (("hvornår gælder kvalitetsstandarden fra?", ("akut.pdf",)),
                             ("hvornår trådte forretningsordenen i kraft?", ("fo.pdf",))):
        asked = asked_period(question, metas)
        assert asked is not None and asked.titled == titled, question
    assert asked_period("hvornår gælder kvalitetsstandarden fra?", {}) is None  # no such title: a question inside one
    assert asked_period("hvornår gælder akutteamets åbningstid fra?", metas) is None  # the title's other words name none


def test_a_document_is_named_by_the_last_part_of_the_word_its_title_opens_with() -> None:
    # "programmet" for "Forløbsprogram for …", "standarden" for "Kvalitetsstandard for …"
    metas = {"kol.pdf": {"title": "Forløbsprogram for borgere med KOL"},
             "akut.pdf": {"title": "Kvalitetsstandard for Akutteamet i Esbjerg Kommune"}}
    for question, aspect, titled in (("hvornår gælder programmet fra?", "start", ("kol.pdf",)),
                                     ("hvornår udløber standarden?", "end", ("akut.pdf",))):
        asked = asked_period(question, metas)
        assert asked is not None and (asked.aspect, asked.titled) == (aspect, titled), question
    assert asked_period("hvornår starter forløbet?", {"x.pdf": {"title": "Samarbejdsaftale om genoptræning"}}) is None


@pytest.mark.parametrize(
    ("question", "aspect"),
    [("When does the health agreement apply from?", "start"), ("When is the agreement valid from?", "start"),
     ("When does the agreement apply until?", "end"), ("When is the health agreement in force until?", "end"),
     ("Until when is the agreement valid?", "end"), ("From when does the health agreement apply?", "start")],
)
def test_an_english_question_of_when_a_document_applies_from_or_until(question: str, aspect: str) -> None:
    asked = asked_period(question)
    assert asked is not None and asked.aspect == aspect


def test_the_day_an_agreement_starts_or_ends_is_the_one_its_bound_names() -> None:
    from assistant.doc_period import _dated

    stated = "Aftalen gælder fra den 1. april 2027 til den 31. marts 2030 og er godkendt af udvalget den 14. januar 2027."
    assert _dated(stated, 2027) == "2027-04-01"  # not the approval day of the same year
    assert _dated(stated, 2030) == "2030-03-31"
    assert _dated("Aftalen gælder for perioden 2027-2030.", 2027) is None  # a year only: the lead says the year


def test_an_english_question_gets_an_english_lead(assistant: Assistant) -> None:
    answer = assistant.ask("When does the health agreement come into force?")
    assert answer.answer.startswith("Starts, according to the agreements: 1 January 2021. The agreements say (quoted in Danish):")


def test_several_documents_are_each_named_with_their_period(assistant: Assistant) -> None:
    answer = assistant.ask("Which periods do the agreement and the proposal cover?")
    lead = answer.answer.split("(quoted in Danish)")[0]
    assert "Sundhedsaftale 2021-2024 (Syddanmark): 2021–2024" in lead
    assert "Udspil til sundhedsaftalen 2025-2028" in lead and "(Syddanmark): 2025–2028" in lead
    assert {c.doc for c in answer.citations} == {AGREEMENT_PDF, PROPOSAL_PDF}


def test_the_filters_choose_the_documents(assistant: Assistant) -> None:
    """No agreement in scope: the proposal for one is the agreement the question can mean."""
    answer = assistant.ask("Hvornår udløber aftalen?", filters={"doc": [PROPOSAL_PDF]})
    assert answer.answer.startswith("Udløber ifølge aftalerne: med udgangen af 2028.")


def test_another_region_is_still_refused(assistant: Assistant) -> None:
    answer = assistant.ask("Hvornår udløber Region Nordjyllands sundhedsaftale?")
    assert answer.refused and "Nordjylland" in answer.answer


def test_a_question_inside_the_document_goes_to_the_reader(assistant: Assistant) -> None:
    answer = assistant.ask("Hvornår skal kommunen starte genoptræningen?")
    assert not answer.answer.startswith(("Udløber", "Periode", "Start"))


def test_the_current_agreement_is_the_one_in_force(assistant: Assistant) -> None:
    """With the day moved into the agreement's period, "det gældende" leaves out the proposal for later."""
    during = Assistant(assistant.settings.model_copy(update={"today": date(2023, 6, 1)}))
    answer = during.ask("Hvilken periode dækker det gældende dokument?")
    assert answer.answer.startswith("Periode ifølge aftalerne: 2021–2024.")
    assert [c.doc for c in answer.citations] == [AGREEMENT_PDF]


@pytest.mark.parametrize(
    ("today", "question", "lead"),
    [
        (DAY, "Er sundhedsaftalen stadig gældende?", "Nej: Sundhedsaftale 2021-2024 udløb med udgangen af 2024."),
        (date(2023, 6, 1), "Er sundhedsaftalen stadig gældende?", "Ja: Sundhedsaftale 2021-2024 gælder til og med 2024."),
        (date(2020, 6, 1), "Is the health agreement in force?", "No: Sundhedsaftale 2021-2024 applies only from 2021."),
        (DAY, "Er sundhedsaftalen udløbet?", "Ja: Sundhedsaftale 2021-2024 udløb med udgangen af 2024."),
    ],
)
def test_whether_an_agreement_is_in_force_is_judged_on_the_day_asked(assistant: Assistant, today: date, question: str,
                                                                      lead: str) -> None:
    answer = Assistant(assistant.settings.model_copy(update={"today": today})).ask(question)
    assert answer.answer.startswith(lead) and STATED in answer.answer


def test_the_approval_day_is_quoted_where_the_document_states_it(assistant: Assistant) -> None:
    answer = assistant.ask("Hvornår blev sundhedsaftalen godkendt?")
    assert answer.answer.startswith("Godkendt ifølge aftalerne: 4. december 2020.")
    assert "Aftalen blev godkendt af Sundhedskoordinationsudvalget den 4. december 2020." in answer.answer
    english = assistant.ask("When was the proposal approved?")  # the proposal states no approval: the reader answers or refuses
    assert not english.answer.startswith("Approved")


def test_a_period_the_question_names_chooses_the_document(assistant: Assistant) -> None:
    answer = assistant.ask("Hvornår udløber dokumentet for 2025-2028?")
    assert answer.answer.startswith("Udløber ifølge aftalerne: med udgangen af 2028.")
    assert [c.doc for c in answer.citations] == [PROPOSAL_PDF]


def test_the_parties_are_those_ingest_read(assistant: Assistant) -> None:
    answer = assistant.ask("Hvem er parterne i sundhedsaftalen?")
    assert answer.answer.startswith("Parter ifølge aftalerne: Region Syddanmark, 22 kommuner og almen praksis.")
    assert "Aftalen er indgået mellem Region Syddanmark, de 22 kommuner og almen praksis." in answer.answer


def test_a_period_stated_only_in_the_title_is_quoted_from_the_title(tmp_path: Path) -> None:
    """A document whose first line is the only place that gives its period: the period question quotes that line."""
    text = ("Samarbejdsaftale om det nære sundhedsvæsen på Fyn 2026-2029\n\n1. Indledning\n"
            "Denne aftale beskriver samarbejdet mellem regionen og de fynske kommuner om udskrivning.\n"
            "Hospitalet sender en udskrivningsrapport til kommunen senest på udskrivningsdagen.\n")
    write(tmp_path / "docs" / "fyn-samarbejdsaftale.txt", text.encode())
    settings = hash_settings(tmp_path / "data", ingest={"catalog": False})
    assert run_ingest([tmp_path / "docs"], settings).ok
    answer = Assistant(settings.model_copy(update={"today": DAY})).ask("hvornår udløber samarbejdsaftalen på Fyn?")
    assert not answer.refused
    assert answer.answer.startswith("Udløber ifølge aftalerne: med udgangen af 2029.")
    assert "Samarbejdsaftale om det nære sundhedsvæsen på Fyn 2026-2029" in answer.answer
    assert [c.doc for c in answer.citations] == ["fyn-samarbejdsaftale.txt"]



def test_whether_a_document_is_in_force_is_told_by_the_days_its_sentence_gives(tmp_path: Path) -> None:
    """"gælder fra 1. april 2026 til 31. marts 2029": in force until 31 March 2029, not through 2029, and expired
    on 1 June 2029 though its years reach through 2029."""
    text = ("Forløbsprogram for borgere med KOL\n\nForløbsprogrammet er godkendt den 4. marts 2026 og gælder fra 1. april "
            "2026 til 31. marts 2029.\nDen praktiserende læge har ansvaret for opsporing og diagnose.\n")
    write(tmp_path / "docs" / "kol.txt", text.encode())
    settings = hash_settings(tmp_path / "data", ingest={"catalog": False})
    assert run_ingest([tmp_path / "docs"], settings).ok
    for today, question, lead in (
        (date(2026, 12, 7), "er forløbsprogrammet stadig gældende?", "Ja: Forløbsprogram for borgere med KOL (2026–2029) gælder til og med 31. marts 2029."),
        (date(2026, 12, 7), "Is the programme still in force?", "Yes: Forløbsprogram for borgere med KOL (2026–2029) applies until 31 March 2029."),
        (date(2029, 6, 1), "er forløbsprogrammet stadig gældende?", "Nej: Forløbsprogram for borgere med KOL (2026–2029) udløb den 31. marts 2029."),
        (date(2026, 2, 1), "er forløbsprogrammet stadig gældende?", "Nej: Forløbsprogram for borgere med KOL (2026–2029) gælder først fra 1. april 2026."),
    ):
        answer = Assistant(settings.model_copy(update={"today": today})).ask(question)
        assert answer.answer.startswith(lead), (today, answer.answer)


def test_the_health_agreement_is_asked_by_its_name_before_an_agreement_on_one_matter(tmp_path: Path) -> None:
    """"hvem er parterne i sundhedsaftalen?" in an index that also holds a cooperation agreement in force: the health
    agreement's parties, by their printed names where the agreement prints them; the other agreement's for its matter."""
    docs = {
        "sundhedsaftale.txt": "Sundhedsaftale 2028–2031\n\nSundhedsaftalen er indgået mellem Region Syddanmark, de 22 kommuner "
                              "og praksisudvalget for almen praksis. Den gælder fra 1. januar 2028 til 31. december 2031.\n",
        "fald.txt": "Samarbejdsaftale om forebyggelse af fald 2026–2029\n\nAftalen er indgået mellem Aalborg Universitetshospital "
                    "og Aalborg Kommune. Den gælder fra 1. september 2026 til 31. august 2029.\n",
    }
    for name, text in docs.items():
        write(tmp_path / "docs" / name, text.encode())
    settings = hash_settings(tmp_path / "data", ingest={"catalog": False})
    assert run_ingest([tmp_path / "docs"], settings).ok
    assistant = Assistant(settings.model_copy(update={"today": DAY}))
    answer = assistant.ask("hvem er parterne i sundhedsaftalen?")
    assert answer.answer.startswith("Parter ifølge aftalerne: Region Syddanmark, 22 kommuner og almen praksis.")
    assert [c.doc for c in answer.citations] == ["sundhedsaftale.txt"]
    # the parties of the kind asked, quoting the sentence that names them all
    answer = assistant.ask("hvilke kommuner står bag faldaftalen?")
    assert answer.answer.startswith("Parter ifølge aftalerne: Aalborg Kommune. Aftalen er indgået mellem Aalborg Universitetshospital")
    assert [c.doc for c in answer.citations] == ["fald.txt"]
    answer = assistant.ask("Which hospital is party to the falls agreement?")
    assert answer.answer.startswith("Parties, according to the agreements: Aalborg Universitetshospital.")
    # a kind the document names none of: all its parties
    answer = assistant.ask("hvilke regioner står bag faldaftalen?")
    assert answer.answer.startswith("Parter ifølge aftalerne: Aalborg Universitetshospital og Aalborg Kommune.")
    # how many: counted from the parties' names or numbers, told by themselves where they give it
    answer = assistant.ask("hvor mange parter står bag faldaftalen?")
    assert answer.answer.startswith("Antal ifølge aftalerne: 2 (Aalborg Universitetshospital og Aalborg Kommune).")
    answer = assistant.ask("hvor mange kommuner står bag sundhedsaftalen?")
    assert answer.answer.startswith("Antal ifølge aftalerne: 22 kommuner.")
    # the question's compound of two words its title has apart names it ("faldforebyggelse": "forebyggelse af fald")
    answer = assistant.ask("hvor mange kommuner er med i aftalen om faldforebyggelse?")
    assert answer.answer.startswith("Antal ifølge aftalerne: 1 (Aalborg Kommune).")
