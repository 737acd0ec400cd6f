"""The rule-based commitments extractor (ingest/commitments/) and its storage (index/register_store.py).

Table-driven Danish sentences → actor, kind and due date; sentences that must
not be extracted; the SQLite register; the optional LLM pass; and a sanity
run over the bundled corpus (spans, lines and fields of every row).
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from pathlib import Path

import pytest

from index.register_store import TABLE, build_register, read_rows
from ingest.commitments.actors import actors_in, combine_actors
from ingest.commitments.dates import find_due
from ingest.commitments.extract import extract
from ingest.commitments.lexicon import ACTORS
from ingest.commitments.llm import refine_with_llm
from ingest.commitments.record import COLUMNS, KINDS, Commitment
from ingest.commitments.topics import TOPIC_NAMES, find_situation, find_topic
from ingest.split import units

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"

AGREEMENT = {"title": "Sundhedsaftale 2015–2018", "issuer": "Region Midtjylland og de 19 kommuner", "region": "Midtjylland",
             "period": "2015–2018", "year": 2015, "kind": "sundhedsaftale"}
KKR_GOALS = {"title": "KKR-mål for sundhed", "issuer": "KKR Hovedstaden", "region": "Hovedstaden",
             "period": "2017–2019", "year": 2016, "kind": "målsætninger"}
PROPOSAL = {"title": "Udspil til indhold i Sundhedsaftalen 2019–2023", "issuer": "Sundhedskoordinationsudvalget i Region Midtjylland",
            "region": "Midtjylland", "period": "2019–2023", "year": 2018, "kind": "udspil"}


def run(text: str, meta: dict | None = None, file: str = "test.txt") -> list[Commitment]:
    """Extract from one small document given as cleaned text (one logical line per paragraph)."""
    sentences = [{"doc": file, "start": u.start, "end": u.end, "text": text[u.start : u.end]} for u in units(text) if not u.is_heading]
    doc = {"file": file, "path": None, "meta": meta or AGREEMENT, "page_offsets": [], "text": text}
    return extract(sentences, [], [doc])


# sentence, document metadata, expected actor, kind, due (None: no due)
POSITIVE = [
    ("Kommunen skal sikre, at borgeren får tilbud om genoptræning.", AGREEMENT, "kommunen", "responsibility", None),
    ("Regionen har ansvaret for at sikre rådgivning til kommunerne.", AGREEMENT, "regionen", "responsibility", None),
    ("Efter udskrivelse kan egen læge evt. genopstarte dosisdispenseringen.", AGREEMENT, "almen praksis", "responsibility", "efter udskrivelse"),
    ("I aftaleperioden vil kommunerne udvikle nye tilbud til unge.", AGREEMENT, "kommunen", "commitment", "i aftaleperioden (2015–2018)"),
    ("Ved udskrivelse skal hospitalet sende en udskrivningsrapport til kommunen.", AGREEMENT, "hospitalet", "responsibility", "ved udskrivelse"),
    ("Hospitalet sørger for, at medicinlisten er opdateret.", AGREEMENT, "hospitalet", "responsibility", None),
    # "yde" (provide) is a duty verb; a passive's agent named by whose it is acts itself
    ("Sygehusets palliative team yder rådgivning til kommunens sygeplejersker.", AGREEMENT, "hospitalet", "responsibility", None),
    ("Behandlingen under opholdet varetages af borgerens egen læge.", AGREEMENT, "almen praksis", "responsibility", None),
    ("Det påhviler kommunerne at udlevere hjælpemidler og træningsredskaber.", AGREEMENT, "kommunen", "responsibility", None),
    ("Region Midtjylland, kommunerne og almen praksis forpligter sig til at medvirke i fælles analysearbejde.", AGREEMENT, "parterne", "commitment", None),
    ("Praktiserende læge er ansvarlig for den medicinske behandling.", AGREEMENT, "almen praksis", "responsibility", None),
    ("Kommunerne varetager den borgerrettede sundhedsfremme og forebyggelse.", AGREEMENT, "kommunen", "responsibility", None),
    ("Vi vil i aftaleperioden styrke samarbejdet om akut syge ældre.", AGREEMENT, "parterne", "commitment", "i aftaleperioden (2015–2018)"),
    ("Sammen vil vi derfor prioritere de unges sundhed, særligt unge med de største behov.", KKR_GOALS, "kommunen", "commitment", None),
    ("Alle kommuner skal inden udgangen af 2017 sikre sine borgere adgang til en akutfunktion.", KKR_GOALS, "kommunen", "deadline", "inden udgangen af 2017"),
    ("Kommunerne skal senest 2018 have etableret akutpladser.", KKR_GOALS, "kommunen", "deadline", "senest 2018"),
    ("Henvendelser fra kommunen besvares inden for 24 timer.", AGREEMENT, "parterne", "deadline", "inden for 24 timer"),
    ("Sundhedskoordinationsudvalget følger én gang årligt op på aftalens mål.", AGREEMENT, "Sundhedskoordinationsudvalget", "responsibility", "én gang årligt"),
    ("Mål: Vi vil mindske social og geografisk ulighed i sundhed.", PROPOSAL, "parterne", "commitment", None),
    ("Hospitaler og praktiserende læger henviser relevante borgere til kommunale forebyggelsestilbud.", AGREEMENT, "parterne", "responsibility", None),
    ("De enkelte hospitaler og regionens praksisafdeling er forpligtet til at formidle oplysninger.", AGREEMENT, "regionen", "responsibility", None),
    ("Det er kommunens ansvar at sikre, at borgeren kommer i kontakt med en sagsbehandler.", AGREEMENT, "kommunen", "responsibility", None),
    ("Derfor skal kommuner, hospitaler og almen praksis have fokus på at udvikle indsatser.", PROPOSAL, "parterne", "commitment", None),
    ("Regionspsykiatrien – på lige fod med somatikken - udreder og igangsætter relevant behandling.", AGREEMENT, "psykiatrien", "responsibility", None),
    ("Kommunerne er enige om at anvende Triple Aim-tilgangen.", AGREEMENT, "kommunen", "commitment", None),
    ("Hvor det er muligt, støtter og vejleder hospitalerne familien i at udfylde ansøgningen.", AGREEMENT, "hospitalet", "responsibility", None),
    ("I 2017 vil kommunerne som startskud afholde en workshop.", KKR_GOALS, "kommunen", "deadline", "i 2017"),
    ("Temagruppen for forebyggelse har til opgave at følge op på forløbsprogrammerne.", AGREEMENT, "Temagrupperne", "responsibility", None),
    ("KKR Midtjylland ønsker at genoptage samarbejdet og gennemføre en ny analyse.", PROPOSAL, "KKR", "commitment", None),
    ("Siden 2007 har kommunerne haft ansvaret for behandlingen af borgere med afhængighed af stoffer og alkohol.", KKR_GOALS, "kommunen", "responsibility", None),
    ("Indsatsen evalueres af parterne i 2019-2023, og resultaterne deles.", PROPOSAL, "parterne", "deadline", "i 2019–2023"),
    # a goal with a due time names no actor: it is the document's "vi"
    ("Målet er, at ventetiden på en plads i et rusmiddeltilbud er halveret i 2026.", AGREEMENT, "parterne", "deadline", "i 2026"),
    # a passive's agent named by whose staff it is: that body does it
    ("Borgere over 75 år tilbydes et opfølgende hjemmebesøg af kommunens sygeplejerske inden for fem hverdage efter udskrivelsen.",
     AGREEMENT, "kommunen", "deadline", "inden for fem hverdage"),
    # a time of day bound by "senest", with its day, is due; "inden kl. 12" is as often a condition
    ("Sygehuset giver kommunen besked om udskrivelsen senest kl. 12 dagen før.", AGREEMENT, "hospitalet", "deadline",
     "senest kl. 12 dagen før"),
    # a goal is due by its year, not by a span of what it measures
    ("Målet er, at andelen af akutte genindlæggelser inden for 30 dage er under 8 procent i 2029.", AGREEMENT, "parterne",
     "deadline", "i 2029"),
    ("Det er målet, at alle plejecentre har en tilknyttet læge inden udgangen af 2018.", KKR_GOALS, "kommunen", "deadline",
     "inden udgangen af 2018"),
    # or by the end of the agreement period, where it gives no year
    ("Målet er, at andelen af genindlæggelser inden for 30 dage er under 8 procent ved aftaleperiodens udgang.", AGREEMENT,
     "parterne", "deadline", "ved aftaleperiodens udgang (2015–2018)"),
    # a subject named by whose unit or staff it is: that body acts
    ("Kommunens genoptræningsenhed kontakter borgeren inden for fire hverdage efter modtagelsen af planen.", AGREEMENT,
     "kommunen", "deadline", "inden for fire hverdage"),
    ("Regionens lægemiddelkonsulenter tilbyder hver kommune to temadage om medicinhåndtering.", AGREEMENT, "regionen",
     "responsibility", None),
    # an actor named by whose it is acts itself ("Borgerens egen læge"), but "Hvis" is no genitive
    ("Borgerens egen læge har ansvaret for den somatiske behandling.", AGREEMENT, "almen praksis", "responsibility", None),
    # the main clause after a semicolon names the actor where the first names none
    ("Borgeren må ikke udskrives til gaden; kommunens socialafdeling skal finde et opholdssted inden udskrivningen.",
     AGREEMENT, "kommunen", "responsibility", "inden udskrivningen"),
    # a passive names its agent: the agent acts, not the subject
    ("Forældrene kontaktes telefonisk af kommunen senest tre hverdage efter, at planen er modtaget.", AGREEMENT, "kommunen",
     "deadline", "senest tre hverdage"),
    ("Genoptræning af børn under 18 år varetages af kommunens børneterapeuter.", AGREEMENT, "kommunen", "responsibility", None),
    ("Specialiseret genoptræning, der kræver sygehusets udstyr, foregår på sygehuset og betales af regionen.", AGREEMENT,
     "regionen", "responsibility", None),
]


@pytest.mark.parametrize("sentence, meta, actor, kind, due", POSITIVE, ids=[p[0][:40] for p in POSITIVE])
def test_positive_sentences(sentence: str, meta: dict, actor: str, kind: str, due: str | None) -> None:
    rows = run(sentence, meta)
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row.actor, row.kind, row.due) == (actor, kind, due)
    assert row.statement == sentence
    assert row.title == meta["title"] and row.region == meta["region"] and row.period == meta["period"]


NEGATIVE = [
    "Hvis almen praksis vurderer, at en borgers sundhed er truet, består opgaven i at bringe borgeren i kontakt med kommunen.",
    "Mere begunstigede borgere vil være langt mere tilbøjelige til selv at opsøge tilbud.",
    "Borgeren skal behandles værdigt og opleve os som et team.",
    "Sundhedsaftalen skal understøtte et fortsat fokus på patientrettet forebyggelse.",
    "Kommunerne har i dag en bred vifte af socialpsykiatriske tilbud.",
    "Alle kommuner har allerede tilbud til borgere med diabetes.",
    "Vi sætter borgeren først.",
    "Vi anvender en sundhedsfremmende tilgang, der bygger på en anerkendende dialog.",
    "Regionspsykiatrien kan være involveret i længerevarende forløb.",
    "Det betyder, at vi bevæger os væk fra serielle forløb.",
    "Kommunerne i den midtjyske region har i 2012 iværksat en efteruddannelse.",
    "Vi vil sammen gøre en forskel på det kommunale sundhedsområde.",
    "Der fastholdes et koordinerende forum for samarbejdet.",
    "Kun på denne måde kan vi sammen gøre en forskel for vores fælles borgere.",
    "Indgår region eller kommune aftale med en privat aktør, har man en forpligtigelse til at sikre kvaliteten.",
    "Almen praksis har behov for let adgang til rådgivning.",
    "Det Tværsektorielle Netværk er sammensat af alle risikomanagere.",
    "Der er udarbejdet en arbejdsplan for implementeringen.",
    "På KKR møde den 28. januar 2013 drøftes forslaget til det forpligtende samarbejde.",
    "Det gode forløb er en fælles opgave – værdier og lederskab",
    "I stedet vil vi integrere",
    "Borgerne skal være omdrejningspunktet.",
    "Hvis en borger har et samtidigt forløb, vil borgeren ofte have en koordinerende sagsbehandler der.",
    "Målet er, at den enkelte borger oplever en sammenhængende indsats.",  # a goal with no time: an aim, not a pledge
    "Udskrivelseskonferencer via video udbredes på tværs af hospitaler og kommuner.",  # a place, not an agent
    "Sygehusets administrative opgaver er udført i et sådant omfang, at patienten kan udskrives.",  # a state, not a task
]


@pytest.mark.parametrize("sentence", NEGATIVE, ids=[n[:40] for n in NEGATIVE])
def test_negative_sentences_are_not_extracted(sentence: str) -> None:
    assert run(sentence) == []


def test_reasons_of_a_why_block_are_skipped_but_the_who_block_is_not() -> None:
    text = (
        "Opfølgende hjemmebesøg\n"
        "Hvorfor?\n"
        "• Kommunerne skal sikre færre genindlæggelser.\n"
        "Hvem, hvad og hvornår?\n"
        "• Kommunerne gennemfører opfølgende hjemmebesøg efter udskrivelse."
    )
    rows = run(text)
    assert [r.statement for r in rows] == ["Kommunerne gennemfører opfølgende hjemmebesøg efter udskrivelse."]
    assert rows[0].section == "Opfølgende hjemmebesøg"
    assert rows[0].situation == "udskrivelse" and rows[0].due == "efter udskrivelse"


def test_goal_bullets_inherit_the_open_goal() -> None:
    text = "Mål: Vi vil derfor\n• forbedre den mentale sundhed hos børn og unge\n• forbedre sundheden for voksne med svær psykisk sygdom."
    rows = run(text, PROPOSAL)
    assert [(r.actor, r.kind) for r in rows] == [("parterne", "commitment")] * 2
    assert rows[0].statement == "forbedre den mentale sundhed hos børn og unge"


def test_a_numbered_paragraphs_number_is_read_past_to_its_subject() -> None:
    text = ("3.4 Hospitalet skal bestille hjælpemidler hos kommunen senest 3 hverdage før den planlagte udskrivning.\n"
            "3.2. Kommunen udleverer hjælpemidler til borgere med et varigt behov.")
    rows = run(text)
    assert [(r.actor, r.due) for r in rows] == [("hospitalet", "senest 3 hverdage"), ("kommunen", None)]


def test_the_bullets_after_what_a_body_shall_do_are_its_tasks() -> None:
    """"Hospitalet skal:" (two words are enough) and its bullets: the hospital's tasks, a deadline where one is given."""
    text = ("Hospitalet skal:\n• vurdere borgerens behov for rehabilitering\n• sende genoptræningsplanen senest på udskrivningsdagen\n"
            "Kommunen skal:\n• kontakte borgeren inden for 5 hverdage efter modtagelsen af planen")
    rows = run(text)
    assert [(r.actor, r.kind, r.due) for r in rows] == [
        ("hospitalet", "responsibility", None), ("hospitalet", "deadline", "senest på udskrivningsdagen"),
        ("kommunen", "deadline", "inden for 5 hverdage")]
    assert rows[0].statement == "vurdere borgerens behov for rehabilitering"


def test_the_items_of_a_list_of_agreed_goals_are_the_goals_of_whoever_agreed_them() -> None:
    text = (
        "Opfølgning og mål\n"
        "Regionen og kommunerne har aftalt to mål:\n"
        "• Ventetiden fra udskrivelse til første træning er højst fem dage i gennemsnit i 2028.\n"
        "• Andelen af akutte genindlæggelser inden for 30 dage er højst 10 procent i 2029.\n"
        "Styregruppen mødes to gange årligt."
    )
    rows = run(text)
    assert [(r.actor, r.kind, r.due) for r in rows] == [("parterne", "deadline", "i 2028"), ("parterne", "deadline", "i 2029")]
    assert rows[0].statement.startswith("Ventetiden fra udskrivelse")  # its year, not "inden for 30 dage", is when


def test_a_table_with_a_column_of_who_does_it_gives_a_row_per_task() -> None:
    text = (
        "Opgavefordeling\n"
        "Opgave | Ansvarlig | Frist\n"
        "Sende planen til kommunen | Sygehuset | Senest på udskrivningsdagen\n"
        "Kontakte borgeren | Kommunens genoptræningsenhed | Inden for fire hverdage\n"
        "Følge op på planen | Egen læge og hjemmesygeplejen | Inden for 14 dage\n"
        "Klyngerne dækker hver et sygehus og dets kommuner.\n"
        "Klynge | Sygehus | Kommuner\n"
        "Klynge Syd | Nykøbing F. Sygehus | Guldborgsund og Lolland"
    )
    rows = run(text)
    assert [(r.actor, r.due) for r in rows] == [
        ("hospitalet", "senest på udskrivningsdagen"), ("kommunen", "inden for fire hverdage"), ("parterne", "inden for 14 dage")]
    assert rows[1].statement == "Kontakte borgeren | Kommunens genoptræningsenhed | Inden for fire hverdage"
    # the header row is no task, and a table without a column of who does it gives none


def test_the_items_of_a_list_the_parties_pledge_themselves_to_are_their_commitments() -> None:
    text = ("Vi forpligter os til at:\n"
            "• indføre en fælles tjekliste for udskrivelse senest 1. oktober 2027,\n"
            "• holde et fælles fagligt møde hvert halve år,\n"
            "• dele data om genindlæggelser hvert kvartal.\n"
            "Hospitalet ringer til hjemmeplejen dagen før udskrivelsen.")
    rows = run(text)
    assert [(r.actor, r.kind, r.due) for r in rows] == [
        ("parterne", "deadline", "senest 1. oktober 2027"), ("parterne", "commitment", "hvert halve år"),
        ("parterne", "commitment", "hvert kvartal"), ("hospitalet", "responsibility", "før udskrivelsen")]


def test_a_cost_shared_between_the_parties_is_theirs() -> None:
    rows = run("Udgiften til den fælles tjekliste deles ligeligt mellem regionen og kommunerne. Opgaverne deles mellem medarbejderne. "
               "Der skal i et samarbejde mellem kommuner og region ske en opfølgning.")
    assert [(r.statement.split()[0], r.actor) for r in rows] == [("Udgiften", "parterne"), ("Der", "parterne")]


def test_a_table_of_goals_and_their_deadlines_gives_the_parties_goals() -> None:
    text = (
        "5. Mål\n"
        "Mål | Målt ved | Frist\n"
        "Færre akutte indlæggelser af borgere med demens | Fald på 15 procent | Udgangen af 2028\n"
        "Færre borgere i behandling med antipsykotika | Under 10 procent | 1. juli 2028\n"
        "Flere pårørende på kursus | 200 om året | \n"
        "Indikator | Kilde\n"
        "Genindlæggelser inden for 30 dage | Landspatientregistret"
    )
    rows = run(text)
    assert [(r.actor, r.due) for r in rows] == [("parterne", "udgangen af 2028"), ("parterne", "1. juli 2028")]
    # a goal without its deadline, and a table of no goals, give none


def test_a_cell_that_names_an_actor_by_the_abbreviation_the_document_defines() -> None:
    text = (
        "Aftalen er indgået mellem Odense Kommune og Odense Universitetshospital (OUH).\n"
        "Opgave | Ansvarlig | Frist\n"
        "Genoptræningsplan udarbejdes | OUH | Før udskrivelsen\n"
        "Første kontakt til borgeren | Odense Kommune | Inden for 5 hverdage\n"
        "Status til egen læge | SUH | Ved afslutning"
    )
    assert _task_actors(text) == [
        ("Genoptræningsplan udarbejdes", "hospitalet"), ("Første kontakt til borgeren", "kommunen")]  # SUH is not defined


def _task_actors(text: str) -> list[tuple[str, str | None]]:
    """(the first cell, the actor) of each table row the register takes."""
    return [(r.statement.split(" | ")[0], r.actor) for r in run(text) if "|" in r.statement]


def test_a_municipality_or_hospital_by_its_proper_name_is_the_subject() -> None:
    # a town before the kind, as a document names its own parties; a doctor at the hospital acts for it
    text = (
        "Esbjerg Kommune behandler ansøgningen inden for to hverdage.\n"
        "Sydvestjysk Sygehus sender plejeforløbsplanen senest dagen efter udskrivelsen.\n"
        "Det palliative team på Sydvestjysk Sygehus rådgiver hjemmesygeplejen inden for to timer.\n"
        "Sygehuslægen udfylder ansøgningen om terminalbevilling inden for to hverdage.\n"
        "I 2027 afprøver Aalborg Universitetshospital og to kommuner virtuel genoptræning.\n"
        "Hvis Regionen ikke svarer inden for to hverdage, rykker kommunen."
    )
    rows = run(text)
    assert [(r.statement.split()[0], r.actor) for r in rows[:5]] == [
        ("Esbjerg", "kommunen"), ("Sydvestjysk", "hospitalet"), ("Det", "hospitalet"), ("Sygehuslægen", "hospitalet"),
        ("I", "parterne")]
    assert rows[4].actors == ("hospitalet", "kommunen")
    assert all(r.actor != "regionen" for r in rows)  # "Hvis Regionen …" is a condition, not a subject


def test_a_plans_present_tense_states_duties_as_an_agreements_does() -> None:
    text = ("Kolding Kommunes handleplan for sundhedsaftalen 2027–2030\n"
            "Sygehus Lillebælt sender udskrivningsrapporten senest kl. 12 på udskrivningsdagen.\n"
            "Kommunens visitation bekræfter modtagelsen inden for 2 timer i dagtiden.")
    for kind in ("aftale", "plan"):
        rows = run(text, {**AGREEMENT, "kind": kind})
        assert [(r.actor, r.kind, r.due) for r in rows] == [
            ("hospitalet", "deadline", "senest kl. 12 på udskrivningsdagen"), ("kommunen", "deadline", "inden for 2 timer")], kind


def test_a_hospital_named_by_its_kind_before_its_place_is_the_subject() -> None:
    text = ("Sygehus Lillebælt sender udskrivningsrapporten senest kl. 12 på udskrivningsdagen.\n"
            "Hospital Sønderjylland og kommunen holder et møde inden for tre dage.\n"
            "Patienter fra sygehus Syd kan ringe til afdelingen.")
    rows = run(text)
    assert [(r.statement.split()[0], r.actor, r.due) for r in rows] == [
        ("Sygehus", "hospitalet", "senest kl. 12 på udskrivningsdagen"), ("Hospital", "parterne", "inden for tre dage")]


def test_a_cell_of_who_does_it_names_a_body_no_actor_term_knows_as_written() -> None:
    # a municipality's own plan names its administrations; a document defines the abbreviation of a service
    text = (
        "Pædagogisk Psykologisk Rådgivning (PPR) rådgiver skolerne.\n"
        "Indsats | Ansvarlig | Start\n"
        "Akutteam i hjemmeplejen | Sundhed og Omsorg | 1. april 2027\n"
        "Rygestop for gravide | Sundhedscentret | 1. januar 2027\n"
        "Orientere skolen | PPR | Løbende\n"
        "Status til egen læge | SUH | Ved afslutning\n"
        "Samlet budget | 6,9 mio. kr. | 2027"
    )
    assert _task_actors(text) == [  # an abbreviation no one defines, and a figure, name no one
        ("Akutteam i hjemmeplejen", "Sundhed og Omsorg"), ("Rygestop for gravide", "Sundhedscentret"), ("Orientere skolen", "PPR")]
    assert next(r for r in run(text) if "|" in r.statement).due == "1. april 2027"


def test_a_unit_named_with_the_body_it_is_part_of_acts_for_it_and_by_its_compounds_head() -> None:
    text = (
        "Den praktiserende læge henviser borgeren til udredning på Hukommelsesklinikken, Sygehus Lillebælt.\n"
        "Klinikken tilbyder en første samtale inden for 30 dage efter modtagelsen af henvisningen.\n"
        "Efter udredningen sender klinikken en epikrise til egen læge.\n"
        "Demensteamet i Vejle Kommune kontakter borgeren senest 14 dage efter udredningen.\n"
        "Teamet sender en status til egen læge inden for 3 måneder.\n"
        "Hospitalets chefterapeut leder træningen. Hvis borgeren udebliver, kontakter terapeuten borgeren inden for 2 dage."
    )
    rows = run(text)
    got = [(r.statement.split()[0], r.actor) for r in rows]
    assert got[1:5] == [("Klinikken", "hospitalet"), ("Efter", "hospitalet"), ("Demensteamet", "kommunen"),
                        ("Teamet", "kommunen")]
    # a person's title names no unit: "terapeuten" is any therapist, not the hospital's head therapist
    assert all(r.actor != "hospitalet" for r in rows if "terapeuten" in r.statement)


def test_a_forecast_is_no_pledge() -> None:
    text = ("Antallet af borgere med demens forventes at stige med en fjerdedel frem mod 2030. "
            "Udgifterne skønnes at falde med 10 procent inden 2028. "
            "Antallet af indlæggelser skal reduceres med 15 procent inden udgangen af 2028.")
    assert [r.statement.split()[0] for r in run(text)] == ["Antallet"]
    assert run(text)[0].due == "inden udgangen af 2028"


def test_anaphoric_deadline_takes_the_actor_before_it() -> None:
    text = "Kommunerne og regionen beskriver konsekvenserne og udarbejder en implementeringsplan. Arbejdet færdiggøres primo 2015."
    rows = run(text)
    assert [(r.actor, r.kind, r.due) for r in rows] == [
        ("parterne", "responsibility", None),
        ("parterne", "deadline", "primo 2015"),
    ]
    assert rows[1].actors == ("kommunen", "regionen")


# A small agreement written for the register's general rules (another wording than the bundled corpus):
# a task verb outside the list, the V2 order after a fronted adverbial, municipal services by name, and
# a time-limited passive that continues the task just before it in the same paragraph.
OWN_AGREEMENT = (
    "Ved udskrivelsen afslutter hospitalet forløbet i det fælles medicinkort. "
    "Hjemmeplejen tjekker hjælpemidlerne ved første besøg.\n"
    "Hospitalet sender en genoptræningsplan til kommunen. Planen videresendes til egen læge senest 3 hverdage efter udskrivelsen.\n"
    "Henvendelser fra kommunen besvares inden for 24 timer.\n"
    "I særlige tilfælde genstarter den praktiserende læge behandlingen inden for 5 dage.\n"
    "Kommunerne mener, at samarbejdet fungerer godt. Regionen oplever færre genindlæggelser.\n"
    "I aftaleperioden udvikles samarbejdet mellem kommune og praktiserende læge om forebyggelse."
)


def test_own_agreement_names_the_actor_of_every_task() -> None:
    rows = run(OWN_AGREEMENT)
    got = [(r.actor, r.kind, r.statement.split()[0]) for r in rows]
    assert got == [
        ("hospitalet", "responsibility", "Ved"),
        ("kommunen", "responsibility", "Hjemmeplejen"),
        ("hospitalet", "responsibility", "Hospitalet"),
        ("hospitalet", "deadline", "Planen"),
        ("parterne", "deadline", "Henvendelser"),
        ("almen praksis", "deadline", "I"),
        ("parterne", "commitment", "I"),
    ]


def test_an_er_word_is_a_verb_only_after_a_subject_or_a_fronted_adverbial() -> None:
    assert run("Tilbud og indsatser kommunerne har ansvaret for beskrives i bilaget.") == []
    assert [r.actor for r in run("Efter aftale med borgeren kontrollerer hjemmesygeplejen medicinen.")] == ["kommunen"]


def test_bullets_are_split_into_sentences_with_exact_spans() -> None:
    text = "Hvem, hvad og hvornår?\n• Hospitalet sender udskrivningsrapport ved udskrivelse. Hospitalerne inddrager kommunerne."
    rows = run(text)
    assert [r.statement for r in rows] == ["Hospitalet sender udskrivningsrapport ved udskrivelse.", "Hospitalerne inddrager kommunerne."]
    for r in rows:
        assert text[r.start : r.end] == r.statement


def test_goal_headings_are_extracted() -> None:
    text = "2. Målsætning: Alle kommuner skal have tilbud af høj kvalitet til kronisk syge\nAlle kommuner har allerede tilbud."
    rows = run(text, KKR_GOALS)
    assert [(r.actor, r.kind, r.statement) for r in rows] == [
        ("kommunen", "commitment", "2. Målsætning: Alle kommuner skal have tilbud af høj kvalitet til kronisk syge")
    ]


def test_we_is_a_named_body_where_the_text_says_so() -> None:
    text = "Kære kollegaer\nVi er i Sundhedskoordinationsudvalget optaget af ejerskab. Med udspillet vil vi sætte en fælles retning for samarbejdet."
    rows = run(text, PROPOSAL)
    assert [(r.actor, r.kind) for r in rows] == [("Sundhedskoordinationsudvalget", "commitment")]


NORTH = {"title": "Sundhedsaftale 2024–2027", "issuer": "Region Nordjylland og de 11 kommuner", "region": "Nordjylland",
         "period": "2024–2027", "year": 2024, "kind": "aftale"}


@pytest.mark.parametrize(
    "text, actor, kind",
    [
        ("Region Nordjylland, kommunerne og almen praksis forpligter sig til at medvirke i fælles analysearbejde.", "parterne", "commitment"),
        ("Kommunerne i Region Syddanmark skal sikre, at borgeren får tilbud om genoptræning.", "kommunen", "responsibility"),
        ("De nordjyske kommuner skal sikre, at borgeren får tilbud om genoptræning.", "kommunen", "responsibility"),
        ("KKR Sjælland vil i aftaleperioden følge op på målene.", "KKR", "commitment"),
    ],
)
def test_any_danish_region_names_a_place_of_the_actor(text: str, actor: str, kind: str) -> None:
    # a region's name after an actor is any of Denmark's five, not only the bundled documents' two
    assert [(r.actor, r.kind) for r in run(text, NORTH)] == [(actor, kind)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Svar gives inden for 24 timer.", ("inden for 24 timer", "time")),
        # a unit counted one, and the day counts of Danish rules (calendar and working days)
        ("Rapporten sendes senest 1 time efter advis.", ("senest 1 time", "time")),
        ("Opfølgning sker inden for en uge.", ("inden for en uge", "time")),
        ("Træningen starter inden for 7 kalenderdage efter udskrivning.", ("inden for 7 kalenderdage", "time")),
        ("Svar gives senest 2 arbejdsdage efter modtagelsen.", ("senest 2 arbejdsdage", "time")),
        # a bound on the time before or after an event; not the span of a measure
        ("Afdelingen bestiller sengen mindst to hverdage før udskrivelsen.", ("mindst to hverdage", "time")),
        ("Borgeren tilbydes mindst 2 timer om ugen.", None),
        # a condition's time says when the main clause applies; the main clause's time is the due
        ("Udskrives familien inden for 24 timer efter fødslen, ringer hospitalet til sundhedsplejen inden kl. 12 den følgende hverdag.",
         ("inden kl. 12 den følgende hverdag", "time")),
        ("Hvis borgeren udskrives inden for 24 timer, skal kommunen kontakte borgeren inden for 2 hverdage.", ("inden for 2 hverdage", "time")),
        ("Hvis borgeren udskrives inden for 24 timer, skal kommunen kontakte borgeren.", ("inden for 24 timer", "time")),
        # a limit bound to the day of an event
        ("Genoptræningsplanen sendes senest på udskrivningsdagen.", ("senest på udskrivningsdagen", "time")),
        ("Sygehuset sender en fødselsanmeldelse senest dagen efter udskrivningen.", ("senest dagen efter udskrivningen", "time")),
        ("Sygehuset sender en plejeforløbsplan samme dag, som borgeren udskrives.", ("samme dag, som borgeren udskrives", "time")),
        ("Epikrisen sendes til egen læge samme dag som udskrivelsen.", ("samme dag som udskrivelsen", "time")),
        ("Sygehuset underretter kommunen samme dag, som bekymringen opstår.", ("samme dag, som bekymringen opstår", "time")),
        ("Hvis planen ikke er modtaget, kontakter kommunen hospitalet samme dag.", None),
        # a numbered week, of the year or of a pregnancy
        ("Senest i graviditetsuge 24 holdes et tværsektorielt møde.", ("senest i graviditetsuge 24", "time")),
        ("Jordemoderen vurderer ved første konsultation i uge 14-16, om der er brug for mere.", ("i uge 14-16", "time")),
        ("Indsatsen skal passe ind i borgerens hverdag.", None),  # an everyday word, no count before it
        ("Arbejdet afsluttes senest 2016.", ("senest 2016", "time")),
        ("Alle kommuner etablerer pladser inden udgangen af 2015.", ("inden udgangen af 2015", "time")),
        ("Frist: udgangen af 2028.", ("udgangen af 2028", "time")),
        ("Høringen starter primo januar 2019.", ("primo januar 2019", "time")),
        ("Udspillet drøftes den 27. september 2018.", ("den 27. september 2018", "time")),
        # a month of a year
        ("Arbejdsgruppen afrapporterer én gang om året, første gang i marts 2027.", ("i marts 2027", "time")),
        ("Planen skal være klar senest i juni 2028.", ("senest i juni 2028", "time")),
        ("Standarden revideres senest januar 2029.", ("senest januar 2029", "time")),
        ("Det gælder for 2019-2023 og i 2019-2023.", ("i 2019–2023", "time")),
        ("Modellen udvikles i aftaleperioden.", ("i aftaleperioden (2015–2018)", "period")),
        # the end of the period is a time limit, as the end of a year is
        ("Modellen skal være udviklet ved udgangen af aftaleperioden.", ("ved udgangen af aftaleperioden (2015–2018)", "time")),
        ("Evalueringen foreligger inden aftaleperiodens udløb.", ("inden aftaleperiodens udløb (2015–2018)", "time")),
        ("Behovet for pædagoger i perioden 2018 - 2028 analyseres.", ("i perioden 2018–2028", "time")),
        ("Analysen blev lavet i starten af 2018.", None),  # when it was done: no due (``past=True`` finds it)
        ("Planen vedtages i første halvår 2019 og evalueres i efteråret 2020.", ("i første halvår 2019", "time")),
        ("I slutningen af 2012 blev der gennemført en analyse.", None),
        ("Hospitalet laver medicingennemgang ved udskrivelse.", ("ved udskrivelse", "situation")),
        ("Der følges op hvert år.", ("hvert år", "recurring")),
        ("Indsatserne tilpasses undervejs i aftaleperioden.", None),
        ("I 2012 blev der gennemført en analyse.", None),
    ],
)
def test_find_due(text: str, expected: tuple[str, str] | None) -> None:
    due = find_due(text, "2015–2018", min_year=2014)
    assert (due.text, due.type) == expected if expected else due is None


@pytest.mark.parametrize(
    "text, situation",
    [
        ("Kommunerne sender indlæggelsesrapport til hospitalet ved indlæggelse.", "indlæggelse"),
        ("Efter udskrivelse kan egen læge genopstarte dosisdispenseringen.", "udskrivelse"),
        ("Hospitalerne udarbejder en genoptræningsplan.", "genoptræning"),
        ("Regionen godtgør kommunernes udgifter.", None),
    ],
)
def test_find_situation(text: str, situation: str | None) -> None:
    assert find_situation(text) == situation


@pytest.mark.parametrize(
    "text, topic",
    [
        ("Hospitalet laver medicingennemgang og opdaterer FMK.", "medicin"),
        ("Praktiserende læger henviser rygere til kommunale rygestoptilbud.", "forebyggelse"),
        ("Regionspsykiatrien screener borgere med psykisk sygdom.", "psykiatri"),
        ("Regionen godtgør kommunernes udgifter hertil.", "økonomi"),
        ("Parterne mødes.", "samarbejde"),
    ],
)
def test_find_topic(text: str, topic: str) -> None:
    assert find_topic(text) == topic
    assert topic in TOPIC_NAMES


def test_actor_normalisation() -> None:
    assert actors_in("Egen læge") == ["almen praksis"]
    assert actors_in("Regionspsykiatrien og/eller almen praksis") == ["psykiatrien", "almen praksis"]
    assert actors_in("Kommunerne i KKR-Hovedstaden") == ["kommunen", "KKR"]
    assert actors_in("Sygehusafdelingen") == ["hospitalet"]  # a department acts for its hospital
    # professions whose sector the law fixes: health visitors and home nurses the municipality's, midwives the hospital's
    assert actors_in("Sundhedsplejersken") == ["kommunen"] and actors_in("hjemmesygeplejerskerne") == ["kommunen"]
    assert actors_in("Jordemoderen") == ["hospitalet"] and actors_in("sygeplejersken") == []
    # a hospital named by its kind: a university or regional hospital
    assert actors_in("Odense Universitetshospital") == ["hospitalet"] and actors_in("Regionshospitalet Randers") == ["hospitalet"]
    assert actors_in("Sygehuslægen") == ["hospitalet"] and actors_in("hospitalslæger") == ["hospitalet"]
    assert combine_actors(["hospitalet", "regionen"]) == "regionen"
    assert combine_actors(["hospitalet", "almen praksis"]) == "parterne"
    assert combine_actors([]) is None
    assert set(ACTORS) >= {"kommunen", "regionen", "hospitalet", "psykiatrien", "almen praksis", "borgeren", "pårørende", "parterne"}


def test_build_register_writes_every_field_and_replaces_the_file(tmp_path: Path) -> None:
    text = "Kommunen skal sikre genoptræning. Regionen har ansvaret for rådgivning."
    sentences = [{"doc": "a.txt", "start": u.start, "end": u.end, "text": text[u.start : u.end]} for u in units(text)]
    docs = [{"file": "a.txt", "path": None, "meta": AGREEMENT, "page_offsets": [], "text": text}]
    db = tmp_path / "gen" / "commitments.sqlite"
    assert build_register(db, [], docs, sentences) == 2
    con = sqlite3.connect(db)
    cols = [r[1] for r in con.execute(f"PRAGMA table_info({TABLE})")]
    con.close()
    assert tuple(cols) == COLUMNS
    rows = read_rows(db)
    assert [r.actor for r in rows] == ["kommunen", "regionen"]
    assert build_register(db, [], docs, sentences[:1]) == 1  # a rebuilt generation replaces its rows
    assert [r.actor for r in read_rows(db)] == ["kommunen"]
    assert not list(db.parent.glob(".commitments-*"))


def test_refine_with_llm_corrects_drops_and_ignores_bad_answers() -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    rows = run("Kommunen skal sikre genoptræning. Regionen har ansvaret for rådgivning. Hospitalet sender udskrivningsrapport.")
    assert len(rows) == 3
    llm = FakeListChatModel(
        responses=['Svar: {"keep": true, "actor": "almen praksis", "kind": "deadline"}', '{"keep": false}', "det ved jeg ikke"]
    )
    out = refine_with_llm(rows, llm)
    assert [(r.actor, r.kind) for r in out] == [("almen praksis", "deadline"), ("hospitalet", "responsibility")]
    assert out[1] == rows[2]


# ---------------------------------------------------------------- the bundled corpus


@lru_cache(maxsize=1)
def corpus_register() -> tuple[list[Commitment], dict[str, str]]:
    from evals.commitments_eval import corpus_rows

    sentences, chunks, docs = corpus_rows(CORPUS)
    return extract(sentences, chunks, docs), {d["file"]: d["text"] for d in docs}


def test_corpus_rows_are_tied_to_their_source() -> None:
    rows, texts = corpus_register()
    assert len(rows) > 200
    assert {r.doc for r in rows} == {p.name for p in CORPUS.glob("*.txt")}
    assert {r.kind for r in rows} == set(KINDS)
    assert len({r.id for r in rows}) == len(rows)
    raw = {name: (CORPUS / name).read_text(encoding="utf-8").split("\n") for name in texts}
    for r in rows:
        assert r.actor and r.topic in TOPIC_NAMES and r.kind in KINDS
        assert re.sub(r"\s+", " ", texts[r.doc][r.start : r.end]).strip() == r.statement
        assert 1 <= r.line_start <= r.line_end <= len(raw[r.doc])
        first = re.sub(r"[^\wæøå]", "", r.statement.split()[0].lower())[:4]
        lines = " ".join(raw[r.doc][r.line_start - 1 : r.line_end]).lower()
        assert first in re.sub(r"[^\wæøå ]", "", lines), (r.statement, r.line_start)


def test_corpus_knows_the_brief_examples() -> None:
    rows, _ = corpus_register()
    by_text = {r.statement: r for r in rows}
    egen_laege = by_text["Efter udskrivelse kan egen læge evt. genopstarte dosisdispenseringen."]
    assert (egen_laege.actor, egen_laege.kind, egen_laege.situation) == ("almen praksis", "responsibility", "udskrivelse")
    akut = next(r for r in rows if r.statement.startswith("Alle kommuner skal inden udgangen af 2017"))
    assert (akut.actor, akut.kind, akut.due, akut.region, akut.period) == ("kommunen", "deadline", "inden udgangen af 2017", "Hovedstaden", "2017–2019")


def test_a_unit_the_document_named_by_whose_it_is_acts_for_that_body_later() -> None:
    text = (
        "Kommunens misbrugscenter har ansvaret for behandlingen af misbruget.\n"
        "Misbrugscentret sender en medarbejder til afsnittet senest tre hverdage efter indlæggelsen.\n"
        "Samarbejdet skal skabe bedre sammenhæng for borgeren.\n"
        "Udskrives borgeren en fredag, kontakter misbrugscentret borgeren den følgende mandag.\n"
    )
    rows = run(text)
    # also after a fronted clause, where the unit follows its verb (V2 order)
    assert [(r.actor, r.statement.split()[0]) for r in rows] == [("kommunen", "Kommunens"), ("kommunen", "Misbrugscentret"),
                                                                 ("kommunen", "Udskrives")]
    # a unit two bodies own in the document ("regionens og kommunens konsulenter") is no one's
    shared = "Regionens konsulent rådgiver kommunerne.\nKommunens konsulent rådgiver borgerne.\nKonsulenten deltager i møderne.\n"
    assert "Konsulenten deltager i møderne." not in [r.statement for r in run(shared)]


def test_a_table_without_a_column_of_who_does_it_gives_no_rows() -> None:
    text = "Kommunens misbrugscenter deltager.\nDeltager | Hvornår\nMisbrugscentrets behandler | Altid\nEgen læge | Ved behov\n"
    assert not [r.statement for r in run(text) if " | " in r.statement]  # "behandler" is a noun in its cell


def test_a_passive_whose_agent_the_lexicon_does_not_know_is_not_the_parties():
    """"Visitationen foretages af hospicet selv …" names who acts; it is no agentless pledge of the parties."""
    assert run("Visitationen foretages af hospicet selv, og svaret gives normalt inden for to hverdage.") == []
    assert [r.actor for r in run("Aftalen evalueres i efteråret 2034.")] == ["parterne"]  # no agent: the parties
    assert [r.actor for r in run("Planen udarbejdes af kommunen inden 2026.")] == ["kommunen"]  # a known agent


def test_a_target_whose_subject_is_a_measure_is_a_goal_in_a_list_of_goals():
    """Under a heading of goals, "Mindst 60 procent af borgerne … skal …" and "Alle sygeplejersker i
    hjemmesygeplejen skal …" with a due date are goals: the parties', or the body the measure names."""
    text = (
        "6. Mål for aftaleperioden\n\n"
        "Mindst 60 procent af borgerne i målgruppen skal kunne dø det sted, de selv har valgt, inden udgangen af 2026.\n"
        "Alle sygeplejersker i hjemmesygeplejen skal have gennemført et kursus i basal palliation inden 1. juli 2025.\n"
        "Antallet af akutte indlæggelser skal nedbringes med 15 procent i forhold til 2023.\n"
        "Senest i 2026 skal 90 procent af de gravide have haft deres behov vurderet inden uge 16.\n"
    )
    rows = {r.statement.split()[0]: r for r in run(text)}
    assert rows["Senest"].actor == "parterne" and rows["Senest"].due == "senest i 2026"  # the time first
    assert rows["Mindst"].actor == "parterne" and rows["Mindst"].due == "inden udgangen af 2026"
    assert rows["Alle"].actor == "kommunen" and rows["Alle"].due == "1. juli 2025"
    assert "Antallet" not in rows  # no due: a direction, not a dated goal
    # the body a measure names in the genitive ("i kommunens træningscentre") meets it too
    owned = run("6. Mål for aftaleperioden\n\nAlle terapeuter i kommunens træningscentre skal have gennemført et kursus inden 1. januar 2031.\n")
    assert [(r.actor, r.due) for r in owned] == [("kommunen", "1. januar 2031")]
    # outside a list of goals such a sentence is no pledge of anyone
    assert run("Om borgerne\n\nMindst 60 procent af borgerne skal kunne dø hjemme inden udgangen af 2026.\n") == []
    # a measure by any name that shall be a figure, due at the end of the period
    waiting = run("8. Mål\n\nVentetiden fra henvisning til første samtale skal være under 30 dage ved aftaleperiodens udgang.\n")
    assert [(r.actor, r.kind, r.due) for r in waiting] == [("parterne", "deadline", "ved aftaleperiodens udgang (2015–2018)")]
    assert run("Om ventetiden\n\nVentetiden fra henvisning til første samtale skal være under 30 dage ved aftaleperiodens udgang.\n") == []


def test_a_unit_named_by_the_body_it_is_at_acts_for_that_body():
    """"Det palliative team på hospitalet yder rådgivning …": the hospital's team, as "Hospitalets palliative team"."""
    rows = run("Det palliative team på hospitalet yder rådgivning til hjemmesygeplejen alle hverdage mellem kl. 8 og 15.")
    assert [r.actor for r in rows] == ["hospitalet"]
    assert [r.actor for r in run("Sygeplejerskerne i hjemmeplejen kontakter borgeren inden for to dage.")] == ["kommunen"]


def test_a_second_main_clause_with_its_own_subject_is_a_row_of_its_own():
    """"Regionen betaler …, og kommunen betaler …" names two payers; each is a row of the same sentence."""
    rows = run("Regionen betaler for tolkning ved konsultationer på hospitalet, og kommunen betaler for tolkning ved hjemmebesøg.")
    assert sorted(r.actor for r in rows) == ["kommunen", "regionen"]
    assert len({r.id for r in rows}) == 2
    rows = run("Sygehuset giver borgeren medicin med hjem til tre døgn; kommunen overtager derefter dispenseringen.")
    assert sorted(r.actor for r in rows) == ["hospitalet", "kommunen"]
    # the same actor again, or a clause whose subject does nothing the register takes, adds no row
    assert [r.actor for r in run("Kommunen visiterer borgeren, og kommunen betaler kørslen.")] == ["kommunen"]
    assert [r.actor for r in run("Kommunen sender planen, og borgeren er glad for det.")] == ["kommunen"]


def test_a_passive_s_agent_after_a_place_is_read_and_a_phrase_with_af_is_none():
    """"Planen skrives i den gravides journal af jordemoderen": the midwife writes it (the hospital's); "på tværs af",
    "i løbet af" make a phrase with "af" and name no agent."""
    assert [r.actor for r in run("Planen skrives i den gravides journal af jordemoderen senest tre hverdage efter mødet.")] == [
        "hospitalet"
    ]
    assert [r.actor for r in run("Modellen udbredes på tværs af hospitaler og kommuner i 2026.")] == ["parterne"]


def test_a_matrix_of_who_does_what_gives_the_actors_its_crosses_mark() -> None:
    """A table whose columns are the actors and whose cells only mark them ("X") says who does each task."""
    text = (
        "2. Ansvarsfordeling\n"
        "Opgave | Hospital | Kommune | Almen praksis\n"
        "Udarbejde genoptræningsplan | X |  | \n"
        "Tilbyde borgeren en første træningsaftale | | X |\n"  # its empty cells' spaces collapsed
        "Vurdere behov for hjælpemidler før udskrivelse | X | X | \n"
        "Følge op på smertebehandlingen efter udskrivelse |  |  | x\n"
        "Indsats | 2027 | 2028\n"
        "Kursus i hjælpemidler | X | \n"
    )
    rows = run(text)
    assert [(r.statement.split(" |")[0], r.actor) for r in rows] == [
        ("Udarbejde genoptræningsplan", "hospitalet"), ("Tilbyde borgeren en første træningsaftale", "kommunen"),
        ("Vurdere behov for hjælpemidler før udskrivelse", "parterne"), ("Følge op på smertebehandlingen efter udskrivelse", "almen praksis")]
    assert set(rows[2].actors) == {"hospitalet", "kommunen"}  # a column of years marks no actor


def test_a_table_of_actions_and_deadlines_gives_the_actor_its_first_cell_names() -> None:
    text = (
        "3. Tidsfrister\n"
        "Handling | Frist\n"
        "Kommunen kontakter borgeren | Inden for 4 hverdage efter modtagelse af planen\n"
        "Genoptræningen begynder | Senest 7 kalenderdage efter udskrivelsen\n"
    )
    rows = run(text)
    assert [(r.actor, r.due) for r in rows] == [("kommunen", "inden for 4 hverdage")]  # the start of training names no one


def test_a_row_of_a_timeline_is_due_in_the_periods_it_marks() -> None:
    """A timeline ("Indsats | Ansvarlig | 1. halvår 2027 | …", its cells crosses) says when each row's work is done;
    its column of who does it says who."""
    text = (
        "1. Tidsplan\n"
        "Indsats | Ansvarlig | 1. halvår 2027 | 2. halvår 2027 | 1. halvår 2028\n"
        "Videokonsultationer i almen praksis | Kommunerne |  | X | X\n"
        "Tidlig opsporing af underernæring | Hospitalet | X |  | \n"
        "Evaluering af forløbene | Kommunerne |  |  | \n"
    )
    rows = run(text)
    assert [(r.actor, r.due, r.kind) for r in rows] == [
        ("kommunen", "2. halvår 2027 – 1. halvår 2028", "deadline"), ("hospitalet", "1. halvår 2027", "deadline"),
        ("kommunen", None, "responsibility")]


def test_a_row_is_due_by_the_year_its_cell_under_a_header_of_when_names() -> None:
    """"Indsats | Ansvarlig | Frist": a year or a date in the deadline column is when the row is due; "Løbende" or
    opening hours set none."""
    text = (
        "1. Rekruttering\n"
        "Indsats | Ansvarlig | Frist\n"
        "Flere uddannelsesstillinger | Regionen | 2027\n"
        "Lokaler til nye lægepraksis | Kommunerne | Løbende\n"
        "Telefonisk rådgivning | Hospitalet | Hverdage kl. 8.00–15.00\n"
    )
    assert [(r.actor, r.due, r.kind) for r in run(text)] == [
        ("regionen", "2027", "deadline"), ("kommunen", None, "responsibility"), ("hospitalet", None, "responsibility")]


def test_a_passive_after_a_sentence_of_two_actors_continues_neithers_task() -> None:
    text = ("Kommunen stiller lokaler til rådighed, og regionen betaler husleje og drift. "
            "Klinikken skal overdrages til en praktiserende læge inden for tre år.")
    assert [r.actor for r in run(text)][-1] == "parterne"  # not the municipality named first


def test_a_municipality_by_the_role_the_law_gives_it_is_the_municipality() -> None:
    rows = run("Bopælskommunen sender en plan til borgeren inden for tre dage. Handlekommunen betaler for hjælpemidlerne.")
    assert [r.actor for r in rows] == ["kommunen", "kommunen"]


def test_a_passive_whose_agent_is_staff_from_a_body_is_that_bodys() -> None:
    rows = run("Planen udarbejdes af en terapeut fra hospitalet inden udskrivelsen. Opgaven løses af en repræsentant fra hver kommune.")
    assert [(r.statement.split()[0], r.actor) for r in rows] == [("Planen", "hospitalet")]  # "hver kommune" is no body's name


def test_a_passive_with_faa_and_one_with_its_object_before_the_agent_name_who_acts() -> None:
    """"får kørsel betalt af kommunen" (a passive with "få"), also after a relative clause set in commas, and
    "tilbydes et opfølgende hjemmebesøg af en sygeplejerske fra kommunen" (the object before the agent)."""
    rows = run("Borgere, der ikke selv kan komme til træning, får kørsel betalt af kommunen. "
               "Borgere med svær KOL tilbydes et opfølgende hjemmebesøg af en sygeplejerske fra kommunen inden for 5 dage. "
               "Indsatsen udbredes på tværs af hospitaler og kommuner. Borgeren får meget ud af forløbet.")
    assert [(r.statement.split()[0], r.actor) for r in rows] == [("Borgere,", "kommunen"), ("Borgere", "kommunen")]


def test_a_decision_that_a_named_body_shall_do_something_is_that_bodys_task() -> None:
    """Minutes and status reports state duties as decisions: the that-clause names who shall do what, its time set
    between subject and verb as Danish puts a clause's adverbials; a decision on something no body does gives no row."""
    rows = run("Udvalget besluttede, at kommunerne inden 1. juni 2027 skal udarbejde en fælles plan for genindlæggelser.")
    assert [(r.actor, r.due) for r in rows] == [("kommunen", "1. juni 2027")]
    assert run("Udvalget godkendte, at antallet af akutpladser øges til 30 fra 1. juni 2027.") == []


def test_a_verb_of_saying_reports_a_view_not_a_task() -> None:
    """A status report's "Kommunerne peger på mangel på fysioterapeuter" is no task of the municipalities."""
    assert run("Kommunerne peger på mangel på fysioterapeuter.") == []
    assert run("Regionen understreger behovet for flere pladser.") == []
    assert [r.actor for r in run("Kommunerne henviser borgerne til rehabilitering.")] == ["kommunen"]


def test_the_general_practitioners_organisation_is_general_practice() -> None:
    """PLO, by its regional branch too ("PLO-Hovedstaden"), acts for general practice: a decision that it and the
    municipalities shall make a plan is the parties' task; "plo" in lower case is no name."""
    rows = run("Udvalget har besluttet, at PLO-Hovedstaden og kommunerne inden 1. oktober 2027 skal lave en fælles plan.")
    assert [(r.actor, r.due) for r in rows] == [("parterne", "1. oktober 2027")]
    assert [r.actor for r in run("PLO-Midtjylland skal inden 2027 etablere en mentorordning.")] == ["almen praksis"]
    assert [r.actor for r in run("PLO skal inden 2027 etablere en mentorordning.")] == ["almen praksis"]


def test_a_time_after_a_past_tense_is_when_something_was_not_a_due() -> None:
    """"… som senest blev gennemført i 2025", "hvor langt vi var i 2026": no deadline in the register, though an
    answer to when it happened may lead with it (``past=True``)."""
    assert find_due("Målet for rygere måles i den nationale sundhedsprofil, som senest blev gennemført i 2025.") is None
    assert find_due("Tabellen viser, hvor langt vi var i 2026, og udvalgets vurdering.") is None
    was = find_due("Som forberedelse blev der i efteråret 2013 gennemført en undersøgelse.", past=True)
    assert was is not None and was.text == "i efteråret 2013"
    done = find_due("Analysen blev lavet i starten af 2018.", past=True)
    assert done is not None and (done.text, done.type) == ("i starten af 2018", "time")
    assert find_due("Kommunerne skal have etableret tilbuddet i 2026.").text == "i 2026"
    assert run("Målet for rygere måles i den nationale sundhedsprofil, som senest blev gennemført i 2025.") == []


def test_a_goal_is_not_filed_under_a_body_named_in_a_relative_clause_of_what_it_counts():
    # "borgere, der udskrives til hjemmepleje" says which citizens are counted; the goal names no one who acts
    for text in ("Antallet af nye tryksår hos borgere, der udskrives til hjemmepleje, skal halveres inden udgangen af 2029.",
                 "Andelen af borgere, som modtager hjemmepleje, skal øges til 50 procent inden 2028."):
        rows = run(f"6. Mål\n{text}\n")
        assert [(r.actor, r.kind) for r in rows] == [("parterne", "deadline")], text
    # a body the measure itself names still is the actor
    rows = run("6. Mål\nAlle sygeplejersker i hjemmesygeplejen skal have gennemført kurset inden udgangen af 2027.\n")
    assert [r.actor for r in rows] == ["kommunen"]
