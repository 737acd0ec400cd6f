"""Candidate sentences: a *when* question's time stated in the short sentence after its topic."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from assistant.candidates import continuation, holds_group, row_cell, time_label
from tests.assistant.fakes import one_document


@dataclass
class Plan:
    qtype: str = "when"
    original: str = "Hvornår skal beskrivelsen være færdig?"
    unit: None = None


def _after(texts: list[str], plan: Plan | None = None, between: str = " ") -> list[int] | None:
    doc, spans = "", []
    for t in texts:
        if doc:
            doc += between if len(spans) == 1 else " "
        spans.append((len(doc), len(doc) + len(t)))
        doc += t
    groups = [[j] for j in range(len(texts))]
    return continuation(plan or Plan(), groups, groups[0], spans, texts, doc)


TOPIC = "Kommunerne og regionen beskriver konsekvenserne af de nye regler for samarbejdet."


class TestContinuation:
    def test_a_short_sentence_that_points_back_gives_the_time(self):
        assert _after([TOPIC, "Arbejdet færdiggøres primo 2015."]) == [1]
        assert _after([TOPIC, "Det sker i 2. kvartal hvert år."]) == [1]
        assert _after([TOPIC, "Derfor drøftes det på mødet den 27. september."]) == [1]

    def test_a_sentence_with_a_subject_of_its_own_states_another_thing(self):
        # the time of evaluating is no answer to when the rules were described
        assert _after([TOPIC, "Telemedicinsk hjemmemonitorering evalueres hvert andet år."]) is None

    def test_only_a_time_only_for_when_and_only_short(self):
        assert _after([TOPIC, "Arbejdet er vigtigt for borgerne."]) is None  # no time
        assert _after([TOPIC, "Arbejdet færdiggøres primo 2015."], Plan(qtype="who")) is None
        long = "Arbejdet færdiggøres primo 2015, når alle kommuner og regionen har drøftet udkastet i de lokale udvalg og i styregruppen."
        assert _after([TOPIC, long]) is None

    def test_not_over_a_heading_nor_a_footnote(self):
        assert _after([TOPIC, "Arbejdet færdiggøres primo 2015."], between="\n4. Genoptræning\n") is None
        assert _after([TOPIC, "18 Sundhedsstyrelsens anbefalinger for svangreomsorgen 2013."]) is None


def _label(texts: list[str], plan: Plan | None = None) -> list[int] | None:
    doc, spans = "", []
    for t in texts:
        doc += "\n" if doc else ""
        spans.append((len(doc), len(doc) + len(t)))
        doc += t
    groups = [[j] for j in range(len(texts))]
    return time_label(plan or Plan(), groups, groups[-1], spans, texts, doc)


class TestTimeLabel:
    STATEMENT = "Der igangsættes et tværsektorielt arbejde, som inddrager et borgerpanel."

    def test_a_short_line_without_a_verb_labels_the_time_of_the_statement_after_it(self):
        assert _label(["• Start 2015", self.STATEMENT]) == [0]

    def test_a_statement_of_its_own_is_no_label(self):
        assert _label(["Kommunen starter i 2015.", self.STATEMENT]) is None
        assert _label(["• Tværsektorielt med repræsentanter fra kommuner", self.STATEMENT]) is None  # no time
        assert _label(["• Start 2015", self.STATEMENT], Plan(qtype="who")) is None
        assert _label(["8 timer om ugen", self.STATEMENT]) is None  # a table cell beside it, not its label

    def test_a_name_and_a_colon_is_a_label(self):
        assert _label(["Frist: 1. juni 2026", self.STATEMENT]) == [0]


@pytest.fixture(scope="module")
def apart(tmp_path_factory):
    """A document of my own where the time of a task is stated in the sentence after the task."""
    root = tmp_path_factory.mktemp("time-apart")
    text = (
        "Genoptræning\n\n"
        "Kommunerne og regionen beskriver de konsekvenser, den nye vejledning om genoptræning har for samarbejdet, "
        "og udarbejder en plan for implementeringen.\n"
        "Arbejdet færdiggøres primo 2025.\n"
        "Regionen sender genoptræningsplanen elektronisk til borgerens kommune på udskrivelsesdagen.\n"
    )
    return one_document(root, "genoptraening.txt", text)


def test_the_time_and_what_it_is_the_time_of_are_quoted_together(apart):
    a = apart.ask("Hvornår skal kommunerne og regionen være færdige med at beskrive konsekvenserne af vejledningen?")
    assert not a.refused
    assert "primo 2025" in a.answer.split("\n")[0]  # the lead names the time
    assert "beskriver de konsekvenser" in a.answer and "Arbejdet færdiggøres primo 2025." in a.answer


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    """A document of my own where a sentence that names its own subject in the definite form follows another."""
    root = tmp_path_factory.mktemp("time-whole")
    text = (
        "Genoptræningsplaner\n\n"
        "Planen udarbejdes i samarbejde med borgeren og skal beskrive mål for træningen.\n"
        "Sygehuset sender genoptræningsplanen elektronisk til bopælskommunen senest på udskrivningsdagen.\n"
    )
    return one_document(root, "planer.txt", text)


def test_a_sentence_that_says_all_that_is_asked_is_quoted_without_the_one_before(whole):
    question = "Hvornår sender sygehuset genoptræningsplanen til kommunen?"
    _, cands, _ = whole.reader_candidates(question)
    texts = [c.text for c in cands]
    assert any(t.startswith("Sygehuset sender") for t in texts)
    assert not any("Planen udarbejdes" in t and "Sygehuset sender" in t for t in texts)  # joined, it adds no asked term
    a = whole.ask(question)
    assert not a.refused and "senest på udskrivningsdagen" in a.answer.split("[1]")[0]


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    """A document of my own with a table after a paragraph: its rows are read under their header row."""
    root = tmp_path_factory.mktemp("table-context")
    text = (
        "Koordinerende møder\n\n"
        "Et koordinerende møde indkaldes af tovholderen, når borgeren har haft to indlæggelser inden for et halvt år.\n"
        "Deltager | Hvornår\n"
        "Tovholderen | Altid\n"
        "Jobcenter | Hvis borgeren modtager ydelse\n"
    )
    return one_document(root, "moeder.txt", text)


def test_a_table_row_is_read_with_its_header_row_as_its_context(table):
    plan, cands, _ = table.reader_candidates("Hvornår deltager jobcenter?")
    row = next(c for c in cands if c.text.startswith("Jobcenter |"))
    terms = {t for group in row.matched for t in group}
    assert "jobcenter" in terms and "deltager" in terms  # "deltager" stands in the header row only
    assert row.section.endswith("Deltager | Hvornår")
    assert row.fit == 1.0  # its cell under "Hvornår" says when, though it names no time


def test_a_when_lead_of_a_table_row_is_its_cell_under_the_header_that_asks_when():
    from assistant.lead import type_lead
    from assistant.query import QueryPlan

    question = "Hvornår deltager jobcentret?"
    plan = QueryPlan(original=question, standalone=question, lang="da", dense_text=question, lexical_text=question,
                     key_terms=(("jobcentret",),), qtype="when")
    lead = type_lead(plan, "Jobcenter | Hvis borgeren modtager ydelse", cell="Hvis borgeren modtager ydelse")
    assert lead.startswith("Tidspunkt ifølge aftalerne: Hvis borgeren modtager ydelse")


@pytest.fixture(scope="module")
def payers(tmp_path_factory):
    """A document of my own whose table says who pays for what, and a sentence on who does one of them."""
    root = tmp_path_factory.mktemp("table-payer")
    text = (
        "Genoptræning og hjælpemidler\n\n"
        "Sygehuset udarbejder genoptræningsplanen inden udskrivningen.\n"
        "Ydelse | Betales af | Bemærkning\n"
        "Genoptræningsplan | Regionen | Udarbejdes af sygehuset\n"
        "Kørsel til genoptræning | Kommunen | Efter visitation\n"
    )
    return one_document(root, "betaling.txt", text)


def test_who_pays_is_read_from_a_tables_column_of_paying(payers):
    plan, cands, _ = payers.reader_candidates("Who pays for the rehabilitation plan?")
    row = next(c for c in cands if c.text.startswith("Genoptræningsplan |"))
    assert row.fit == 1.0  # its cell under "Betales af" names the payer
    a = payers.ask("Who pays for the rehabilitation plan?")
    assert not a.refused and "Regionen" in a.answer.split("The agreements say")[0]
    assert row_cell(plan, row.text, row.section) == "Regionen"
    plan, cands, _ = payers.reader_candidates("Hvem udarbejder genoptræningsplanen?")
    row = next(c for c in cands if c.text.startswith("Genoptræningsplan |"))
    assert row_cell(plan, row.text, row.section) == ""  # who pays need not be who does it
    plan, cands, _ = payers.reader_candidates("Hvor mange kroner koster genoptræningsplanen?")
    row = next(c for c in cands if c.text.startswith("Genoptræningsplan |"))
    assert plan.qtype == "number" and plan.unit is not None
    assert row_cell(plan, row.text, row.section) == ""  # a payer is no amount


@pytest.fixture(scope="module")
def plan_tables(tmp_path_factory):
    """A document of my own with a timeline of crosses under periods and a budget whose header names its unit."""
    root = tmp_path_factory.mktemp("table-timeline")
    text = (
        "Implementeringsplan\n\n"
        "Tabellen viser, i hvilke halvår hver indsats gennemføres.\n"
        "Indsats | Ansvarlig | 1. halvår 2027 | 2. halvår 2027 | 1. halvår 2028 | 2. halvår 2028\n"
        "Videokonsultationer i almen praksis | Praktiserende læger |  | X | X | X\n"
        "Tidlig opsporing af underernæring | Kommunerne | X |  |  | \n"
        "\nØkonomi\n\n"
        "Indsatserne finansieres af den fælles pulje.\n"
        "Indsats | 2027 (mio. kr.) | 2028 (mio. kr.) | Finansiering\n"
        "Videokonsultationer | 2,5 | 3,0 | Regionen\n"
        "Underernæring | 0,8 | – | Kommunerne\n"
    )
    return one_document(root, "plan.txt", text)


def test_when_is_read_off_a_timeline_and_a_number_with_its_headers_unit(plan_tables):
    """A timeline row says when by the periods it marks; a bare figure under "2028 (mio. kr.)" is a sum of money for
    a question of money, led by the year the question names."""
    question = "Hvornår gennemføres videokonsultationer i almen praksis?"
    _, cands, _ = plan_tables.reader_candidates(question)
    row = next(c for c in cands if c.text.startswith("Videokonsultationer i almen praksis |"))
    assert row.fit == 1.0
    a = plan_tables.ask(question)
    assert not a.refused and "2. halvår 2027 – 2. halvår 2028" in a.answer.split("[1]")[0]
    question = "Hvor mange penge er der sat af til videokonsultationer i 2028?"
    plan, cands, _ = plan_tables.reader_candidates(question)
    row = next(c for c in cands if c.text.startswith("Videokonsultationer |"))
    assert plan.unit is not None and row.fit == 1.0
    a = plan_tables.ask(question)
    assert not a.refused and a.answer.startswith("Beløb ifølge aftalerne: 3,0 mio. kr. (2028).")


def test_a_split_compound_matches_where_its_last_part_is_a_head():
    """"hjemme hjælp" (the question's "hjemmehjælp" apart) is in "hjælp i hjemmet" and in "hjemmehjælpen", not in a
    sentence where "hjælp" only opens another compound: "hjemmesygepleje og personlige hjælpemidler"."""
    home_help = ("hjemmehjælp", "hjemme hjælp")
    assert not holds_group(home_help, "Kommunen betaler for plejeseng, personlige hjælpemidler og hjemmesygepleje.")
    assert holds_group(home_help, "Borgeren får hjælp i hjemmet.")
    assert holds_group(home_help, "Kommunen visiterer til hjemmehjælpen.")
    assert holds_group(("plejesengen", "pleje sengen"), "Kommunen betaler for plejeseng.")  # the compound itself
    assert holds_group(("almen praksis", "praktiserende læge"), "De praktiserende lægers opgaver beskrives.")
    assert not holds_group(("almen praksis", "praktiserende læge"), "Praktiserende personale bruger lægemiddelkortet.")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """A document of my own where a sentence names the thing of the one before by its compound's last part."""
    root = tmp_path_factory.mktemp("named-before")
    text = (
        "Udskrivning\n\n"
        "Hospitalet sender en udskrivningsrapport til kommunen senest på udskrivningsdagen.\n"
        "Rapporten skal indeholde borgerens ønsker og en plan for smertebehandling.\n"
        "Ved udskrivning aftales en opfølgning med egen læge.\n"
    )
    return one_document(root, "rapport.txt", text)


def test_a_compound_named_by_its_last_part_right_after_it_is_read_as_named(report):
    """"Rapporten skal indeholde …" right after "… en udskrivningsrapport …" speaks of the discharge report."""
    plan, cands, _ = report.reader_candidates("Hvad skal udskrivningsrapporten indeholde?")
    group = next(g for g in plan.key_terms if "udskrivningsrapporten" in g)
    by_text = {c.text.split()[0]: c for c in cands}
    assert group in by_text["Rapporten"].matched
    assert group not in by_text["Ved"].matched  # a sentence that opens otherwise reads only its own words


@pytest.fixture(scope="module")
def faq(tmp_path_factory):
    """A document of my own of questions and answers: each question a line, its answer the line below."""
    root = tmp_path_factory.mktemp("faq")
    text = (
        "Spørgsmål og svar om udskrivning\n\n"
        "Hvem bestiller hjælpemidler, som borgeren skal bruge den første tid hjemme?\n"
        "Det gør kommunens visitator. Hospitalets terapeut beskriver behovet i genoptræningsplanen.\n"
        "Hvor mange dages medicin får borgeren med hjem?\n"
        "Borgeren får medicin med til mindst 3 dage.\n"
        "Hvorfor?\n"
        "Kommunen skal have tid til at bestille medicinen.\n"
    )
    return one_document(root, "faq.txt", text)


def test_a_question_in_a_document_is_read_with_its_answer_and_never_quoted_alone(faq):
    """"Det gør kommunens visitator." answers the question above it: it is read with the question's words as its
    context, and the two are one more candidate; the question alone states nothing and is not quoted. A question
    that asks of nothing the reader asks ("Hvorfor?") is joined with nothing."""
    question = "Hvem bestiller hjælpemidler til borgeren?"
    _, cands, _ = faq.reader_candidates(question)
    answer = next(c for c in cands if c.text.startswith("Det gør kommunens visitator."))
    assert any("hjælpemidler" in g for g in answer.matched)  # a word of the question above it
    assert any(c.text.startswith("Hvem bestiller hjælpemidler") and "Det gør kommunens visitator." in c.text for c in cands)
    assert not any(c.text.startswith("Hvorfor?") and len(c.text) > len("Hvorfor?") for c in cands)
    a = faq.ask(question)
    quotes = [q for q in re.split(r"\s*\[\d\]\s*", a.answer) if q]
    assert not any(q.rstrip().endswith("?") for q in quotes)
    assert "Det gør kommunens visitator." in a.answer
