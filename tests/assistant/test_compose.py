"""Answers a nurse reads at a glance: whole sentences, the answer first, Ja/Nej only when quoted, right pages."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field

import pytest

from assistant.answer import (
    ExtractiveAnswerer,
    _answer_first,
)
from assistant.api import Assistant
from assistant.asked import AskedUnit
from assistant.candidates import Candidate, type_fit
from assistant.compose import (
    LIST_ITEMS,
    _lead_texts,
    announcing,
    compose,
    list_end,
    marked_cut,
    page_at,
    quote_text,
    quoted_text,
    whole_quotes,
)
from assistant.groups import sentence_groups
from assistant.lead import actor_phrase, number_phrase, time_phrase, type_lead
from assistant.query import QueryPlan
from assistant.reader import ReaderModel
from assistant.types import Passage
from assistant.yes_no import YES_COVERAGE, YES_SCORE, asks_yes_no, yes_no_lead
from foundation.settings import AnswerSettings
from tests.conftest import hash_settings
from tests.pdfs import text_pdf, write


def _passage(doc: str = "a.pdf", rank: int = 1, start: int = 0, text: str = "") -> Passage:
    return Passage(rank=rank, id=f"{doc}#{start}", doc=doc, title=doc, section=None, page=1, page_end=3, line_start=1,
                   line_end=9, start=start, end=start + len(text), text=text, score=1.0)


def _cand(text: str, score: float, *, doc: str = "a.pdf", start: int = 0, fit: float = 0.0, rank: int = 1,
          matched: frozenset = frozenset()) -> Candidate:
    return Candidate(passage=_passage(doc, rank, 0, "x" * 2000), doc_span=(start, start + len(text)), text=text, cos=0.5,
                     coverage=0.5, matched=matched, fit=fit, score=score, order=0)


@dataclass
class Plan:
    qtype: str = "other"
    lang: str = "da"
    key_terms: tuple[tuple[str, ...], ...] = (("indlæggelse",), ("dosisdispensering",))
    soft: frozenset = field(default_factory=frozenset)
    original: str = "Fortsætter dosisdispensering under indlæggelse?"
    compare: bool = False
    standalone: str = "Fortsætter dosisdispensering under indlæggelse?"
    regions: tuple[str, ...] = ()
    unit: None = None  # what a who-pays or number question asks of (``QueryPlan.unit``)


def _answerer(keep: float = 0.5) -> ExtractiveAnswerer:
    model = ReaderModel.neutral()
    return ExtractiveAnswerer(AnswerSettings(), ReaderModel(model.version, model.sentence, model.decision, 0.5, keep, {}))


class TestWholeSentences:
    def test_a_lower_case_continuation_joins_its_sentence(self):
        texts = ["Kommunen sørger for hjælpemidler,", "herunder kørestole og senge.", "Regionen betaler transporten.",
                 "og dermed også ventetiden."]
        assert sentence_groups([(0, 1)] * 4, texts) == [[0, 1], [2, 3]]

    def test_a_comma_ending_joins_the_next(self):
        assert sentence_groups([(0, 1)] * 2, ["Ved indlæggelse -", "Dosis pauseres."]) == [[0, 1]]

    def test_a_word_broken_at_a_line_end_joins_only_its_lower_case_rest(self):
        # "sammenhæn-" whose rest extraction lost: the capitalised quote after it is another text
        lost = ["Både hospital og kommune har ansvaret for, at forløbet er sammenhæn-", "”En patient er færdigbehandlet, når …"]
        assert sentence_groups([(0, 1)] * 2, lost) == [[0], [1]]
        assert sentence_groups([(0, 1)] * 2, ["Der er et tæt udviklings-", "- samarbejde om hjælpemidler."]) == [[0, 1]]
        assert sentence_groups([(0, 1)] * 2, ["Forløbet skal være sammenhæn-", "gende for borgeren."]) == [[0, 1]]

    def test_a_sentence_that_points_back_joins_the_one_it_points_to(self):
        texts = ["Lægernes rolle skal drøftes.", "Dette kunne ske via Samarbejdsudvalget.", "Det er vigtigt.",
                 "I disse tilfælde kan aftaler indgås i klyngerne.", "Regionen betaler."]
        assert sentence_groups([(0, 1)] * 5, texts) == [[0, 1], [2, 3], [4]]  # not "Det …": an expletive as often

    def test_no_continuation_across_a_heading(self):
        doc = "(Se delaftale på www.region.dk)\n6.6. Respirationspatienter i eget hjem\n- behandling i hjemmet ydes af hjælpere.\n"
        first = (0, doc.index("\n"))
        second = (doc.index("- behandling"), doc.rindex("."))
        texts = [doc[slice(*first)], doc[slice(*second)]]
        assert sentence_groups([first, second], texts, doc) == [[0], [1]]  # the heading between: no join
        wrapped = "Kommunen sørger for hjælpemidler,\nherunder kørestole."
        spans = [(0, wrapped.index("\n")), (wrapped.index("herunder"), len(wrapped))]
        assert sentence_groups(spans, [wrapped[slice(*sp)] for sp in spans], wrapped) == [[0, 1]]  # only a line break between

    def test_whole_sentences_stay_apart(self):
        assert sentence_groups([(0, 1)] * 2, ["Kommunen gør det.", "Regionen gør andet."]) == [[0], [1]]

    def test_an_unrepaired_fragment_is_never_quoted(self):
        cands = [_cand("og i øvrigt efter behov og aftale med borgeren", 0.9),
                 _cand("8 Sundhedsstyrelsens vejledning om genoptræning", 0.8, start=100),
                 _cand("Regionen tilbyder genoptræning efter udskrivelse.", 0.5, start=200)]
        chosen = _answerer(keep=0.1).select(Plan(), cands)
        assert [c.text for c in chosen] == ["Regionen tilbyder genoptræning efter udskrivelse."]

    def test_a_yes_no_question_is_answered_first_by_its_documents_sentence_that_holds_most_of_it(self):
        plan = Plan(qtype="yesno", original="kan tolken give patienten gode råd?",
                    key_terms=(("tolken",), ("give",), ("patienten",), ("råd",)))
        two, three = frozenset({("tolken",), ("patienten",)}), frozenset({("tolken",), ("give",), ("råd",)})
        cands = [_cand("Ved samtaler om alvorlig sygdom skal tolken være til stede, medmindre patienten ønsker andet.", 0.98, matched=two),
                 _cand("Pårørende må kun bruges som tolk, hvis patienten selv ønsker det.", 0.95, start=100, matched=two),
                 _cand("Det betyder, at hospitalet bestiller tolk til indlagte patienter.", 0.93, start=200, matched=two),
                 _cand("Tolken må ikke give råd eller tilføje egne oplysninger under samtalen.", 0.90, start=300, matched=three)]
        chosen = _answerer(keep=0.3).select(plan, cands)
        assert chosen[0].text.startswith("Tolken må ikke give råd") and len(chosen) == 3
        assert yes_no_lead(plan, chosen[0]) == "no_lead"
        # another document's sentence is no better: the reader's first chose the document
        other = [*cands[:3], dataclasses.replace(cands[3], passage=_passage("b.pdf", 2, 0, "x" * 2000))]
        assert _answerer(keep=0.3).select(plan, other)[0].text.startswith("Ved samtaler")

    def test_a_sentence_opening_with_a_number_is_whole(self):
        texts = ["Kommunerne har teams.", "18 ud af 19 kommuner har allerede etableret teams."]
        assert sentence_groups([(0, 1)] * 2, texts) == [[0], [1]]
        cands = [_cand("90 % af forældrene oplever et positivt samarbejde med lægen.", 0.9)]
        assert [c.text for c in _answerer().select(Plan(), cands)] == [cands[0].text]

    def test_a_footnote_that_states_something_is_quoted_without_its_number(self):
        note = "4 Det Fælles Medicinkort (FMK) er en central database hos National Sundheds-it."
        cands = [_cand(note, 0.9), _cand("8 Sundhedsstyrelsens vejledning om genoptræning", 0.8, start=100)]
        chosen = _answerer(keep=0.1).select(Plan(), cands)
        assert [c.text for c in chosen] == [note]
        assert quote_text(chosen[0].text) == "Det Fælles Medicinkort (FMK) er en central database hos National Sundheds-it."
        assert quote_text("• 18 ud af 19 kommuner har teams.") == "18 ud af 19 kommuner har teams."
        assert quote_text("20 KOL-patienter blev genindlagt.") == "20 KOL-patienter blev genindlagt."  # a count, not a footnote
        assert quote_text("3 MRSA står for Methicillin Resistente Staphylococcus Aureus.").startswith("MRSA står")  # a footnote


class TestAnswerFirst:
    def test_the_sentence_with_the_asked_actor_leads(self):
        a = _cand("Opgaven beskrives i afsnit fire om sammenhæng.", 0.9, start=0)
        b = _cand("Kommunen udarbejder planen inden udskrivelsen.", 0.8, start=500, fit=1.0)
        c = _cand("Planen følger borgeren hele vejen.", 0.7, start=50)
        chosen = _answer_first(Plan(qtype="who"), [a, b, c])
        assert chosen[0] is b and chosen[1:] == [a, c]  # the rest in document order

    def test_best_stays_first_when_it_already_fits(self):
        a = _cand("Senest 24 timer efter udskrivelsen sendes epikrisen.", 0.9, start=300, fit=1.0)
        b = _cand("Epikrisen sendes elektronisk.", 0.8, start=0, fit=1.0)
        assert _answer_first(Plan(qtype="when"), [a, b]) == [a, b]

    def test_comparison_quotes_one_sentence_per_document(self):
        cands = [_cand("Region A tilbyder hjemmebesøg efter udskrivelse.", 0.9, doc="a.txt"),
                 _cand("Region A tilbyder også telefonopfølgning.", 0.85, doc="a.txt", start=100),
                 _cand("Region B tilbyder hjemmebesøg ved behov.", 0.6, doc="b.txt")]
        chosen = _answerer().select(Plan(compare=True), cands)
        assert [c.passage.doc for c in chosen] == ["a.txt", "b.txt"]


def _side(text: str, score: float, doc: str, period: tuple[int, int], start: int = 0) -> Candidate:
    c = _cand(text, score, doc=doc, start=start, matched=frozenset({("hjemmebesøg",)}))
    c.passage.meta.update(period_from=period[0], period_to=period[1])
    return c


class TestBothSides:
    def test_each_named_period_gets_its_best_sentence(self):
        old = _side("Kommunerne tilbyder hjemmebesøg efter udskrivelse.", 0.3, "old.txt", (2015, 2018))
        new = [_side("Hjemmebesøg gives til alle over 75 år.", 0.9, "new.txt", (2019, 2023)),
               _side("Hjemmebesøg aftales med egen læge.", 0.8, "new2.txt", (2019, 2023), start=100)]
        plan = Plan(compare=True, standalone="Hjemmebesøg 2015-2018 vs 2019?")
        chosen = _answerer(keep=0.5).select(plan, [*new, old])
        assert {c.passage.doc for c in chosen} >= {"old.txt", "new.txt"}
        assert chosen[0].passage.doc == "new.txt"  # the best sentence still leads

    def test_without_named_sides_two_documents(self):
        a = _side("Region A tilbyder hjemmebesøg efter udskrivelse.", 0.9, "a.txt", (2015, 2018))
        a2 = _side("Region A tilbyder også hjemmebesøg om natten.", 0.85, "a.txt", (2015, 2018), start=200)
        b = _side("Region B tilbyder hjemmebesøg ved behov.", 0.1, "b.txt", (2015, 2018))
        chosen = _answerer(keep=0.5).select(Plan(compare=True, standalone="Forskel på hjemmebesøg?"), [a, a2, b])
        assert [c.passage.doc for c in chosen] == ["a.txt", "b.txt"]


class TestYesNo:
    def test_nej_only_when_the_quote_negates(self):
        first = _cand("Dosisdispensering fortsætter ikke under indlæggelse.", 0.9,
                      matched=frozenset({("indlæggelse",), ("dosisdispensering",)}))
        assert yes_no_lead(Plan(qtype="yesno"), first) == "no_lead"

    def test_a_negated_condition_is_no_nej(self):
        # "not without a meeting" is a yes under a condition: neither Ja nor Nej
        first = _cand("Tovholderen skiftes ikke uden et fælles møde med borgeren.", 0.9,
                      matched=frozenset({("skifte", "skiftes"), ("tovholder", "tovholderen")}))
        assert yes_no_lead(Plan(qtype="yesno", original="kan man skifte tovholder"), first) == ""
        never = _cand("Tovholderen skiftes ikke i forløbet.", 0.9, matched=first.matched)
        assert yes_no_lead(Plan(qtype="yesno", original="kan man skifte tovholder"), never) == "no_lead"

    def test_ja_when_the_quote_holds_every_key_term_without_negation(self):
        first = _cand("Ved indlæggelse pauseres dosisdispensering.", 0.9,
                      matched=frozenset({("indlæggelse",), ("dosisdispensering",)}))
        assert yes_no_lead(Plan(qtype="yesno"), first) == "yes_lead"

    def test_no_lead_when_the_quote_does_not_say(self):
        first = _cand("Ved indlæggelse vurderes medicinen.", 0.9, matched=frozenset({("indlæggelse",)}))
        assert yes_no_lead(Plan(qtype="yesno"), first) == ""
        negated_question = Plan(qtype="yesno", original="Fortsætter dosisdispensering ikke under indlæggelse?")
        assert yes_no_lead(negated_question, _cand("Dosisdispensering fortsætter ikke.", 0.9)) == ""
        assert yes_no_lead(Plan(qtype="who"), first) == ""
        which = Plan(qtype="yesno", original="Er det kun kommunens opgave, eller er ansvaret fælles?")
        assert yes_no_lead(which, _cand("Ansvaret er fælles for region og kommune.", 0.9,
                                        matched=frozenset({("indlæggelse",), ("dosisdispensering",)}))) == ""

    def test_no_ja_where_the_quote_sets_the_other_side_of_the_asked_bound(self):
        # "under 18" asked, "over 18 år" said: the quote covers the other side of the same age
        matched = frozenset({("omfatter", "cover"), ("borgere", "citizens"), ("18",)})
        adults = _cand("Aftalen omfatter voksne borgere over 18 år.", 0.95, matched=matched)
        under = Plan(qtype="yesno", lang="en", key_terms=tuple(sorted(matched)), original="Does the agreement cover citizens under 18?")
        assert yes_no_lead(under, adults) == ""
        over = dataclasses.replace(under, original="Does the agreement cover citizens over 18?")
        assert yes_no_lead(over, adults) == "yes_lead"

    def test_no_ja_from_the_one_word_the_question_names_nor_without_its_object(self):
        # "gælder aftalen for børn?": a quote on children says nothing of whether the agreement covers them
        scope = Plan(qtype="yesno", key_terms=(("børn",),), original="gælder aftalen for børn?")
        assert yes_no_lead(scope, _cand("Ansvaret for det enkelte barn er delt mellem flere love og mange børn.", 0.98,
                                        matched=frozenset({("børn",)}))) == ""
        # "Does the acute team visit children?": a sure quote of the team's visits, without children, says no "Yes"
        visit = Plan(qtype="yesno", lang="en", key_terms=(("akutteam", "acute team"), ("besøg", "visit"), ("børn", "children")),
                     original="Does the acute team visit children?")
        held = frozenset({("akutteam", "acute team"), ("besøg", "visit")})
        sure = dataclasses.replace(_cand("Akutteamets besøg fører sjældent til indlæggelse.", 0.95, matched=held), coverage=0.8)
        assert yes_no_lead(visit, sure) == ""
        kids = dataclasses.replace(sure, matched=frozenset({("akutteam", "acute team"), ("børn", "children")}))
        assert yes_no_lead(visit, kids) == "yes_lead"  # only its verb is missing: the quote may say it in its own words
        # "Is there a waiting list for the palliation team?": the words left untranslated may be what it turns on
        waiting = Plan(qtype="yesno", lang="en", key_terms=(("waiting",), ("list",), ("palliativ", "palliation"), ("team",)),
                       soft=frozenset({("waiting",), ("list",)}), original="Is there a waiting list for the palliation team?")
        team = _cand("Sygehusets palliative team yder rådgivning på hverdage.", 0.8,
                     matched=frozenset({("palliativ", "palliation"), ("team",)}))
        assert yes_no_lead(waiting, team) == ""

    def test_no_ja_from_a_heading(self):
        plan = Plan(qtype="yesno", lang="en", key_terms=(("dække", "cover"), ("børn", "children")),
                    original="Does the agreement cover children?")
        held = frozenset({("dække", "cover"), ("børn", "children")})
        heading = _cand("Særligt om dækning af udgifter i forbindelse med børn og unge med kronisk sygdom", 0.95, matched=held)
        assert yes_no_lead(plan, heading) == ""  # a heading names a topic; it asserts nothing
        stated = dataclasses.replace(heading, text="Aftalen dækker også børn med kronisk sygdom.")
        assert yes_no_lead(plan, stated) == "yes_lead"
        row = dataclasses.replace(heading, text="Børn med kronisk sygdom | Dækning af udgifter | Kommunen")
        assert yes_no_lead(plan, row) == "yes_lead"  # a table row's cells state what its header names

    def test_no_ja_when_the_quote_is_silent_on_the_time_asked_about(self):
        plan = Plan(qtype="yesno", key_terms=(("kommunen",), ("tilbyde",), ("genoptræning",), ("weekenden",)),
                    original="skal kommunen tilbyde genoptræning i weekenden?")
        quote = "Kommunen skal tilbyde genoptræning til borgere med en genoptræningsplan."
        held = frozenset({("kommunen",), ("tilbyde",), ("genoptræning",)})
        sure = dataclasses.replace(_cand(quote, YES_SCORE, matched=held), coverage=0.8)
        assert yes_no_lead(plan, sure) == ""  # "Ja" would say weekends are covered
        says = dataclasses.replace(sure, text=quote + " Også i weekenden.", matched=held | {("weekenden",)})
        assert yes_no_lead(plan, says) == "yes_lead"
        night = Plan(qtype="yesno", key_terms=(("hospital",), ("night",)), soft=frozenset({("night",)}),
                     original="Can patients be discharged at night?")
        assert yes_no_lead(night, dataclasses.replace(_cand("Hospitalet udskriver patienten.", YES_SCORE,
                                                            matched=frozenset({("hospital",)})), coverage=0.8)) == ""

    def test_no_ja_when_the_quote_names_no_hour_the_question_names(self):
        plan = Plan(qtype="yesno", key_terms=(("patient", "borger"), ("udskrevet", "discharged")),
                    original="Can a patient be discharged after 3 pm?")
        held = frozenset({("patient", "borger"), ("udskrevet", "discharged")})
        silent = _cand("Udskrivelsestidspunktet aftales, så patienten er klar til at blive udskrevet.", 0.9, matched=held)
        assert yes_no_lead(plan, silent) == ""  # the hour is what the question turns on
        hour = _cand("Patienten kan udskrives efter kl. 15, når hjemmeplejen er orienteret.", 0.9, matched=held)
        assert yes_no_lead(plan, hour) == "yes_lead"

    def test_no_ja_for_all_or_every_from_a_quote_that_does_not_say_so(self):
        plan = Plan(qtype="yesno", key_terms=(("kommuner",), ("akutfunktion",)), original="Har alle kommuner en akutfunktion?")
        held = frozenset({("kommuner",), ("akutfunktion",)})
        assert yes_no_lead(plan, _cand("Kommunerne har ansvaret for en akutfunktion.", 0.9, matched=held)) == ""
        assert yes_no_lead(plan, _cand("Alle 11 kommuner har en akutfunktion.", 0.9, matched=held)) == "yes_lead"
        # "hvert år" is a frequency, not every one of something
        yearly = Plan(qtype="yesno", key_terms=(("planen",), ("revideres",)), original="Revideres planen hvert år?")
        quote = _cand("Planen revideres årligt.", 0.9, matched=frozenset({("planen",), ("revideres",)}))
        assert yes_no_lead(yearly, quote) == "yes_lead"

    def test_no_ja_for_themselves_or_a_place_from_a_quote_that_does_not_say_so(self):
        held = frozenset({("triple",), ("aim",)})
        topic = dataclasses.replace(_cand("Triple Aim-tilgangen er fokuseret kvalitetsarbejde.", YES_SCORE, matched=held), coverage=0.8)
        themselves = Plan(qtype="yesno", key_terms=(("triple",), ("aim",), ("fundet",)), original="er triple aim noget de selv har fundet paa")
        assert yes_no_lead(themselves, topic) == ""
        place = Plan(qtype="yesno", lang="en", key_terms=(("triple",), ("aim",)), original="Was Triple Aim developed in Denmark?")
        assert yes_no_lead(place, _cand("Triple Aim blev udviklet af en amerikansk organisation.", 0.9, matched=held)) == ""
        assert yes_no_lead(place, _cand("Triple Aim blev udviklet i Denmark.", 0.9, matched=held)) == "yes_lead"
        standalone = Plan(qtype="yesno", lang="en", key_terms=(("genoptræning",), ("ydelse", "service")),
                          original="Can rehab be given as a service on its own?")
        said = _cand("Genoptræning kan gives som en selvstændig ydelse.", 0.9,
                     matched=frozenset({("genoptræning",), ("ydelse", "service")}))
        assert yes_no_lead(standalone, said) == "yes_lead"

    def test_no_ja_from_a_quote_that_only_means_to_look_into_it(self):
        # "Undersøge om der er behov for …" says neither that there will be weekend training nor that there won't
        plan = Plan(qtype="yesno", key_terms=(("genoptræning",), ("weekender",)), original="kan man få genoptræning i weekender?")
        held = frozenset({("genoptræning",), ("weekender",)})
        for quote in ("Undersøge om der er behov for genoptræning i weekender og helligdage.",
                      "Parterne vil overveje genoptræning i weekender.",
                      "Der ses på muligheden for genoptræning i weekender."):
            assert yes_no_lead(plan, _cand(quote, 0.9, matched=held)) == ""
        assert yes_no_lead(plan, _cand("Kommunen tilbyder genoptræning i weekender.", 0.9, matched=held)) == "yes_lead"

    def test_no_ja_where_the_quote_says_another_actor_does_what_is_asked(self):
        # "skal kommunen betale husleje?": the municipality provides the rooms, the region pays the rent
        terms = (("kommunen",), ("betale",), ("husleje",), ("klinikken",))
        plan = Plan(qtype="yesno", key_terms=terms, original="skal kommunen betale husleje for klinikken?")
        held = frozenset(terms)
        other = _cand("Kommunen stiller lokaler til rådighed, og regionen betaler husleje og drift.", 0.9, matched=held)
        assert yes_no_lead(plan, other) == ""
        own = _cand("Kommunen betaler husleje for klinikken.", 0.9, matched=held)
        assert yes_no_lead(plan, own) == "yes_lead"
        region = dataclasses.replace(plan, key_terms=(("regionen",), *terms[1:]), original="skal regionen betale husleje for klinikken?")
        assert yes_no_lead(region, dataclasses.replace(other, matched=frozenset(region.key_terms))) == "yes_lead"

    def test_ja_for_a_sure_quote_that_holds_most_of_what_is_asked(self):
        # "skal kommunerne følge standarderne?": the quote says "implementere", not "følge"
        plan = Plan(qtype="yesno", key_terms=(("kommunerne",), ("følge",), ("standarderne",)),
                    original="skal kommunerne følge standarderne?")
        quote = "Kommunerne skal forpligte sig til at implementere standarderne."
        held = frozenset({("kommunerne",), ("standarderne",)})
        sure = dataclasses.replace(_cand(quote, YES_SCORE, matched=held), coverage=YES_COVERAGE)
        assert yes_no_lead(plan, sure) == "yes_lead"
        assert yes_no_lead(plan, dataclasses.replace(sure, score=YES_SCORE - 0.1)) == ""  # the reader is unsure
        assert yes_no_lead(plan, dataclasses.replace(sure, coverage=YES_COVERAGE - 0.1)) == ""  # too little of it held
        negated = dataclasses.replace(sure, text="Kommunerne skal implementere standarderne, så der ikke opstår forskelle.")
        assert yes_no_lead(plan, negated) == ""  # a negation anywhere in the quote: no "Ja"
        # "only": the quote that holds the question's words does not say that nothing else holds
        only = dataclasses.replace(plan, original="Are the goals just a repeat of the agreement?",
                                   key_terms=(("mål",), ("aftale",)))
        holds = dataclasses.replace(sure, text="Kommunerne sætter mål ud over aftalen.", matched=frozenset({("mål",), ("aftale",)}))
        assert yes_no_lead(only, holds) == ""
        assert yes_no_lead(dataclasses.replace(only, original="Are the goals a repeat of the agreement?"), holds) == "yes_lead"

    def test_nej_needs_the_main_clause_negated_and_ja_no_contrast(self):
        both = frozenset({("indlæggelse",), ("dosisdispensering",)})
        sub = _cand("Dosisdispensering pauseres ved indlæggelse for at sikre, at der ikke gives dobbelt medicin.", 0.9, matched=both)
        assert yes_no_lead(Plan(qtype="yesno"), sub) == ""
        contrast = _cand("Dosisdispensering fortsætter under indlæggelse frem for en ny ordination.", 0.9, matched=both)
        assert yes_no_lead(Plan(qtype="yesno"), contrast) == ""
        verb_first = Plan(qtype="other", original="Betyder indlæggelse, at dosisdispensering stopper?")
        assert yes_no_lead(verb_first, _cand("Indlæggelse betyder ikke, at dosisdispensering stopper.", 0.9, matched=both)) == "no_lead"

    def test_no_nej_where_a_but_clause_says_what_is_asked(self):
        plan = Plan(qtype="yesno", key_terms=(("psykiatrien",), ("senere",)), original="kan psykiatrien komme med senere?")
        turned = _cand("Psykiatrien indgår ikke i denne omgang, men kan inddrages i en senere fase.", 0.9,
                       matched=frozenset(plan.key_terms))
        assert yes_no_lead(plan, turned) == ""
        # a "men" clause about something else leaves the "Nej"
        who = Plan(qtype="yesno", key_terms=(("sundhedscentret",), ("diagnosen",)), original="kan sundhedscentret stille diagnosen?")
        other = _cand("Sundhedscentret kan ikke stille diagnosen, men henviser borgeren til egen læge.", 0.9,
                      matched=frozenset(who.key_terms))
        assert yes_no_lead(who, other) == "no_lead"

    def test_far_from_met_says_no_and_a_reported_request_says_neither(self):
        goal = Plan(qtype="yesno", key_terms=(("målet",), ("rehabilitering",)), original="er målet for rehabilitering nået?")
        held = frozenset(goal.key_terms)
        far = _cand("Kun 58 % får tilbudt rehabilitering, og målet om 80 % er langt fra nået.", 0.9, matched=held)
        assert yes_no_lead(goal, far) == "no_lead"
        place = _cand("Målet er rehabilitering, selv om hjemmet er langt fra det nærmeste center.", 0.9, matched=held)
        assert yes_no_lead(goal, place) != "no_lead"  # a place far away negates nothing
        letter = Plan(qtype="yesno", key_terms=(("hospitalet",), ("udskrivningsbrevet",), ("samme",)),
                      original="skal hospitalet sende udskrivningsbrevet samme dag?")
        asked = _cand("Kommunerne bad om, at hospitalerne sender udskrivningsbrevet samme dag.", 0.9, matched=frozenset(letter.key_terms))
        assert yes_no_lead(letter, asked) == ""
        own = Plan(qtype="yesno", key_terms=(("teamet",), ("hjemme",), ("dø",)), original="kan teamet hjælpe, når borgeren vil dø hjemme?")
        wish = _cand("Teamet kan inddrages, når borgeren ønsker at dø hjemme.", 0.9, matched=frozenset(own.key_terms))
        assert yes_no_lead(own, wish) == "yes_lead"  # a wish of one's own is no reported request

    def test_a_compound_that_opens_with_ikke_negates_nothing(self):
        plan = Plan(qtype="yesno", key_terms=(("psykiatrien",), ("arbejdet",)), original="Indgår psykiatrien i arbejdet?")
        quote = _cand("Borgere med ikke-psykotiske lidelser i psykiatrien får tilbud om arbejdet.", 0.9,
                      matched=frozenset(plan.key_terms))
        assert yes_no_lead(plan, quote) != "no_lead"

    def test_a_negated_condition_the_sentence_opens_with_says_no_nej(self):
        # "Kan regionen ikke …, opretter regionen …": "ikke" is the condition's, the main clause says what happens
        plan = Plan(qtype="yesno", key_terms=(("regionen",), ("klinik",)), original="opretter regionen en klinik?")
        held = frozenset(plan.key_terms)
        for quote in ("Kan regionen ikke få lægen erstattet inden for seks måneder, opretter regionen en klinik.",
                      "Hvis lægen ikke kan findes, opretter regionen en klinik."):
            assert yes_no_lead(plan, _cand(quote, 0.9, matched=held)) != "no_lead", quote
        negated = _cand("Hvis lægen findes, opretter regionen ikke en klinik.", 0.9, matched=held)
        assert yes_no_lead(plan, negated) == "no_lead"

    def test_whether_one_pays_is_said_by_a_quote_of_paying_and_no_by_one_of_free_care(self):
        cost = dataclasses.replace(Plan(qtype="other", original="koster det noget at få besøg af akutteamet?",
                                        key_terms=(("besøg",), ("akutteamet",))), unit=AskedUnit("money"))
        held = frozenset({("akutteamet",)})
        # a quote on what the team does not do says nothing of paying, however it is negated
        other = _cand("Akutteamet hjælper ikke borgere, der har behov for lægelig behandling på hospitalet.", 0.9, matched=held)
        assert yes_no_lead(cost, other) == ""
        assert yes_no_lead(cost, _cand("Indsatsen er gratis for borgeren.", 0.9, matched=held)) == "no_lead"
        # a kind of care named free is no price of what is asked: no "Nej", and no "Ja" either
        kind = _cand("Almen praksis kan henvise borgerne til vederlagsfri fysioterapi i kommunerne.", 0.9, matched=held)
        assert yes_no_lead(cost, kind) == ""
        # asked whether it is free, a quote that says so is no "Nej"
        free = dataclasses.replace(cost, original="er akutteamet gratis for borgeren?")
        assert yes_no_lead(free, _cand("Indsatsen er gratis for borgeren.", 0.9, matched=held)) != "no_lead"
        # free, but something set against it is paid: neither "Nej" nor "Ja"
        mixed = _cand("Forløbet er gratis for borgeren, men borgeren betaler selv for transport til træningsstedet.", 0.9,
                      matched=held)
        assert yes_no_lead(cost, mixed) == ""

    def test_a_question_that_opens_with_its_verb_asks_yes_or_no_whatever_its_type(self):
        # the type's own list of verbs (assistant.query), past and modal ones too: "Er/Var kommunen ansvarlig …?"
        # is typed as a who-question, and still asks whether
        for q in ("Er kommunen ansvarlig for planen?", "Var kommunen ansvarlig for planen?",
                  "Kunne kommunen sende planen?", "Was the municipality responsible for the plan?"):
            assert asks_yes_no(Plan(qtype="who", original=q)), q
        assert not asks_yes_no(Plan(qtype="who", original="Hvem er ansvarlig for planen?"))


def _plan(qtype: str, lang: str = "da", terms: tuple = ()) -> QueryPlan:
    return QueryPlan(original="?", standalone="?", lang=lang, dense_text="?", lexical_text="?", key_terms=terms, qtype=qtype)


class TestLeadLine:
    """The first sentence names what is asked, cut from the quote; nothing when the quote does not state it."""

    def test_actor_as_the_quote_names_it(self):
        assert actor_phrase("Ved indlæggelse sætter sygehuset medicinen i bero.") == "sygehuset"
        assert actor_phrase("Det påhviler kommunerne at udlevere hjælpemidler.", "kommunen") == "kommunerne"
        # a unit named by its owner, with the noun after an adjective
        assert actor_phrase("Sygehusets palliative team yder rådgivning til kommunens sygeplejersker.") == "Sygehusets palliative team"
        assert actor_phrase("Regionen, kommunerne og almen praksis forpligter sig til analysen.", "parterne") == (
            "Regionen, kommunerne og almen praksis")
        assert actor_phrase("Planen følger borgeren hele vejen gennem forløbet.") == ""
        # a passive's agent, not its subject; a body by whose unit or staff it is
        assert actor_phrase("Forældrene kontaktes telefonisk af kommunen senest tre hverdage efter, at planen er modtaget.") == "kommunen"
        assert actor_phrase("Genoptræning af børn under 18 år varetages af kommunens børneterapeuter.") == "kommunens børneterapeuter"
        assert actor_phrase("Kommunens genoptræningsenhed kontakter borgeren inden for fire hverdage.") == "Kommunens genoptræningsenhed"
        # the register's actor named twice, as the subject and as one of its own services paid for: the first
        assert actor_phrase("Kommunen betaler for plejeseng, personlige hjælpemidler og hjemmesygepleje.", "kommunen") == "Kommunen"

    @pytest.mark.parametrize(
        ("kind", "question", "english", "quote", "phrase", "da_lead", "en_lead", "no_measure"),
        [
            ("age", "hvor gamle skal borgerne være?", "How old must citizens be?",
             "Aftalen omfatter borgere over 65 år, som udskrives med en demensdiagnose, og gælder i 3 år.", "over 65 år",
             "Alder", "Age", "Aftalen gælder i 3 år."),  # a span of years is no age
            ("distance", "hvor langt må der højst være til lægen?", "How far may it be to the GP?",
             "Alle borgere skal have en praktiserende læge inden for 15 kilometer fra bopælen, og ventetiden er 3 uger.",
             "inden for 15 kilometer", "Afstand", "Distance", "Ventetiden er 3 uger."),  # a span of time is no distance
        ],
    )
    def test_a_measure_leads_with_the_word_that_bounds_it(self, kind, question, english, quote, phrase, da_lead, en_lead,
                                                           no_measure):
        from assistant.asked import AskedUnit

        asked = dataclasses.replace(_plan("number"), original=question, unit=AskedUnit(kind))
        assert type_lead(asked, quote) == f"{da_lead} ifølge aftalerne: {phrase}."
        en = dataclasses.replace(asked, lang="en", original=english)
        assert type_lead(en, quote) == f"{en_lead} according to the agreements: “{phrase}”."
        assert type_lead(asked, no_measure) == ""

    def test_the_agent_of_the_asked_verb_leads_a_who_answer(self):
        quote = "Planen er udarbejdet af Planudvalget og godkendt af regionsrådet den 3. maj 2027."
        approved = dataclasses.replace(_plan("who", terms=(("godkendt",), ("planen",))), original="hvem har godkendt planen?")
        assert type_lead(approved, quote) == "Ansvarlig ifølge aftalerne: regionsrådet."  # not the committee that drew it up
        drawn = dataclasses.replace(_plan("who", terms=(("udarbejdet",), ("planen",))), original="hvem har udarbejdet planen?")
        assert type_lead(drawn, quote) == "Ansvarlig ifølge aftalerne: Planudvalget."

    def test_a_body_no_actor_word_knows_leads_as_the_subject_of_the_asked_verb(self):
        quote = "Formandskabet udpeger medlemmerne."
        who = dataclasses.replace(_plan("who", terms=(("udpeger", "udpege"), ("medlemmerne",))), original="hvem udpeger medlemmerne?")
        assert type_lead(who, quote) == "Ansvarlig ifølge aftalerne: Formandskabet."
        other = dataclasses.replace(who, original="hvem godkender medlemmerne?", key_terms=(("godkender",), ("medlemmerne",)))
        assert type_lead(other, quote) == ""

    def test_no_actor_lead_when_the_question_names_that_actor(self):
        quote = "Kommunerne udarbejder en fælles skabelon sammen med regionen og almen praksis."
        who = dataclasses.replace(_plan("who"), original="hvem laver kommunerne skabelonen sammen med?")
        assert type_lead(who, quote) == ""  # "Kommunerne" would only repeat the question
        other = dataclasses.replace(_plan("who"), original="hvem laver skabelonen?")
        assert type_lead(other, quote) == "Ansvarlig ifølge aftalerne: Kommunerne."
        either = dataclasses.replace(_plan("who"), original="laver kommunerne eller regionen skabelonen?")
        assert type_lead(either, quote) == "Ansvarlig ifølge aftalerne: Kommunerne."  # offered as one of two: it answers
        owned = dataclasses.replace(_plan("who"), original="hvem udarbejder kommunernes skabelon?")
        assert type_lead(owned, quote) == "Ansvarlig ifølge aftalerne: Kommunerne."  # asks about something of theirs
        committee = "Sundhedskoordinationsudvalget består af politiske repræsentanter fra region og kommuner."
        en = dataclasses.replace(_plan("who", "en"), original="Who sits on the coordination committee (Sundhedskoordinationsudvalget)?")
        assert type_lead(en, committee) == ""

    def test_no_actor_lead_when_the_actor_does_something_else_than_asked(self):
        quote = "Praktiserende læger og hospital henviser borgere til kommunale rygestoptilbud."
        offers = dataclasses.replace(_plan("who"), original="Hvem tilbyder rygestop?")
        assert type_lead(offers, quote) == ""  # they refer; the question asks who offers
        refers = dataclasses.replace(_plan("who"), original="Hvem henviser til rygestop?")
        assert type_lead(refers, quote) == "Ansvarlig ifølge aftalerne: Praktiserende læger og hospital."
        en = dataclasses.replace(_plan("who", "en", (("tilbud", "offers"),)), original="Who offers smoking cessation?")
        assert type_lead(en, quote) == ""  # the English verb's Danish form is looked for where the verb stands
        # an English verb with no Danish form cannot be checked: the lead stays as before
        unknown = dataclasses.replace(_plan("who", "en", (("draws",),)), original="Who draws up the plan?")
        assert type_lead(unknown, quote) == "Responsible according to the agreements: “Praktiserende læger og hospital”."
        # an English phrasal verb is found by its first word, and looked for by its Danish forms
        draws = dataclasses.replace(_plan("who", "en", (("udarbejder", "udarbejde", "draws up"),)), original="Who draws up the plan?")
        assert type_lead(draws, "Hospitalerne udarbejder planen.") == "Responsible according to the agreements: “Hospitalerne”."
        assert type_lead(draws, "Hospitalerne inddrager kommunerne.") == ""
        # a passive question asks who the act is done to: the subject of an active sentence does it
        invited = dataclasses.replace(_plan("who"), original="Hvem bliver inviteret til konferencen?")
        assert type_lead(invited, "Regionen inviterer kommunerne til en konference.") == ""
        assert type_lead(invited, "Kommunerne inviteres til konferencen.") == "Ansvarlig ifølge aftalerne: Kommunerne."
        # "står for" asks who has the task: any act of the actor answers it
        task = dataclasses.replace(_plan("who"), original="Hvem står for rygestop?")
        assert type_lead(task, quote) == "Ansvarlig ifølge aftalerne: Praktiserende læger og hospital."

    def test_who_the_members_are_is_led_by_no_actor(self):
        quote = "Sundhedsstyregruppen forbereder sager til Sundhedskoordinationsudvalget."
        members = dataclasses.replace(_plan("who"), original="Hvem sidder i sundhedskoordinationsudvalget?")
        assert type_lead(members, quote) == ""
        en = dataclasses.replace(_plan("who", "en"), original="Who makes up the network?")
        assert type_lead(en, quote) == ""
        assert type_lead(dataclasses.replace(_plan("who"), original="Hvem forbereder sagerne?"), quote) == (
            "Ansvarlig ifølge aftalerne: Sundhedsstyregruppen.")

    def test_a_sum_or_a_share_leads_as_an_amount_or_a_share(self):
        money = dataclasses.replace(_plan("number", terms=(("forskning",),)), unit=AskedUnit("money"))
        assert type_lead(money, "Der afsættes et årligt beløb på 2,5 mio. kr. til forskning.") == "Beløb ifølge aftalerne: 2,5 mio. kr."
        share = dataclasses.replace(_plan("number", "en", (("gravide",),)), unit=AskedUnit("share"))
        assert type_lead(share, "Det drejer sig om ca. 15 % af de gravide.") == "Share according to the agreements: “ca. 15 %”."
        assert type_lead(_plan("number"), "Der er 19 kommuner i regionen.") == "Antal ifølge aftalerne: 19 kommuner."

    def test_a_count_leads_from_the_clause_that_holds_what_is_asked(self):
        days = dataclasses.replace(_plan("number", terms=(("dage",), ("genoptræningen",), ("starter",))),
                                   unit=AskedUnit("thing", (("dage",),)))
        quote = ("Kommunen kontakter borgeren inden for fire hverdage efter modtagelsen af planen, og genoptræningen starter "
                 "senest syv kalenderdage efter udskrivelsen.")
        assert type_lead(days, quote) == "Antal ifølge aftalerne: syv kalenderdage."
        # a number word that opens the sentence is no name: it leads in lower case
        goals = dataclasses.replace(_plan("number", terms=(("målene",),)), unit=AskedUnit("thing", (("målene",),)))
        assert type_lead(goals, "To af målene er nået, og ét er ikke nået.") == "Antal ifølge aftalerne: to af målene."

    def test_a_web_address_gives_no_number_or_time_lead(self):
        quote = "Se analysen http://www.kd-net.dk/media/2742822/Behovet-Januar-2013-FINAL.pdf"
        assert type_lead(_plan("number"), quote) == ""
        assert type_lead(_plan("when"), quote) == ""
        assert type_lead(_plan("number"), quote + " om de 19 kommuner.") == "Antal ifølge aftalerne: 19 kommuner."

    def test_how_often_is_led_by_the_frequency_not_a_date(self):
        often = dataclasses.replace(_plan("when"), original="Hvor ofte gør udvalget status?")
        quote = "På mødet den 27. september 2018 besluttede udvalget at gøre status hvert år."
        assert type_lead(often, quote) == "Tidspunkt ifølge aftalerne: hvert år."
        assert type_lead(often, "Udvalget gør status på mødet den 27. september 2018.") == ""
        when = dataclasses.replace(_plan("when"), original="Hvornår gør udvalget status?")
        assert type_lead(when, quote) == "Tidspunkt ifølge aftalerne: den 27. september 2018."

    def test_how_long_is_led_by_a_span_not_a_period(self):
        long = dataclasses.replace(_plan("when"), original="Hvor lang tid har man til at afslutte analyserne?")
        assert type_lead(long, "Analyserne skal være afsluttet indenfor 90 dage, efter hændelsen er rapporteret.") == (
            "Frist ifølge aftalerne: indenfor 90 dage, efter hændelsen er rapporteret.")
        assert type_lead(long, "I aftaleperioden arbejdes der med analyserne.") == ""  # "I aftaleperioden" is no span
        # a span with its bound, where the sentence states no time point ("Tidspunkt: højst" before)
        assert type_lead(long, "Udlånet varer som udgangspunkt højst 6 måneder.") == "Frist ifølge aftalerne: højst 6 måneder."
        when = dataclasses.replace(_plan("when"), original="Hvornår arbejdes der med analyserne?")
        assert type_lead(when, "I aftaleperioden arbejdes der med analyserne.") == "Tidspunkt ifølge aftalerne: i aftaleperioden."

    def test_a_time_of_day_leads_a_when_answer(self):
        when = dataclasses.replace(_plan("when"), original="Hvornår har telefonvagten åbent?")
        assert type_lead(when, "Telefonen har åbent alle dage kl. 17-19.") == "Tidspunkt ifølge aftalerne: alle dage kl. 17-19."
        call = dataclasses.replace(_plan("when"), original="Hvornår skal sygehuset ringe til kommunen?")
        assert type_lead(call, "Sygehuset ringer til kommunen senest kl. 10 på udskrivningsdagen.") == (
            "Frist ifølge aftalerne: senest kl. 10 på udskrivningsdagen.")
        assert type_lead(call, "Der er 10 kommuner i klyngen.") == ""

    def test_a_frequency_lead_is_the_one_nearest_what_is_asked(self):
        text = "Følgegruppen mødes hvert kvartal og aflægger én gang om året en status til udvalget."
        status = dataclasses.replace(_plan("when", terms=(("aflægger",), ("status",), ("følgegruppen",))),
                                     original="hvor ofte aflægger følgegruppen status")
        assert type_lead(status, text) == "Tidspunkt ifølge aftalerne: én gang om året."
        meets = dataclasses.replace(_plan("when", terms=(("mødes",), ("følgegruppen",))), original="hvor tit mødes følgegruppen")
        assert type_lead(meets, text) == "Tidspunkt ifølge aftalerne: hvert kvartal."

    def test_no_time_lead_counted_from_the_act_the_question_asks_the_time_of(self):
        text = "Kommunen kontakter borgeren inden for fem hverdage efter modtagelsen af planen."
        receive = dataclasses.replace(_plan("when", "en", (("kommunen", "municipality"), ("modtage", "receive"), ("plan",))),
                                      original="When must the municipality receive the plan?")
        assert type_lead(receive, text) == ""  # five days after receiving it is when the citizen is called
        contact = dataclasses.replace(_plan("when", terms=(("kommunen",), ("kontakte", "kontakter"), ("borgeren",))),
                                      original="Hvornår kontakter kommunen borgeren?")
        assert type_lead(contact, text) == "Frist ifølge aftalerne: inden for fem hverdage efter modtagelsen af planen."
        after = dataclasses.replace(_plan("when", terms=(("kommunen",), ("kontakte",), ("modtaget",), ("planen",))),
                                    original="hvornår skal kommunen kontakte borgeren efter at have modtaget planen")
        assert type_lead(after, text) == "Frist ifølge aftalerne: inden for fem hverdage efter modtagelsen af planen."
        event = dataclasses.replace(_plan("when", terms=(("analyser",), ("afslutte",), ("hændelse",))),
                                    original="Hvor lang tid har man til at afslutte analyser efter en utilsigtet hændelse?")
        assert type_lead(event, "Analyser skal være afsluttet indenfor 90 dage, efter hændelsen er rapporteret.") == (
            "Frist ifølge aftalerne: indenfor 90 dage, efter hændelsen er rapporteret.")

    def test_a_when_lead_that_is_a_frequency_is_the_one_of_what_is_asked(self):
        text = "Styregruppen mødes fire gange om året og afrapporterer årligt til Sundhedsklyngen."
        meet = dataclasses.replace(_plan("when", "en", (("styregruppe", "steering group"), ("mødes", "meet"))),
                                   original="When does the steering group meet?")
        assert type_lead(meet, text) == "When, according to the agreements: “fire gange om året”."
        report = dataclasses.replace(meet, key_terms=(("styregruppe", "steering group"), ("afrapporterer", "report")),
                                     original="When does the steering group report?")
        assert type_lead(report, text) == "When, according to the agreements: “årligt”."
        quarter = dataclasses.replace(_plan("when"), original="Hvornår på året følger udvalget op?")
        assert type_lead(quarter, "Udvalget følger op i 2. kvartal hvert år.") == "Tidspunkt ifølge aftalerne: i 2. kvartal hvert år."
        dialogue = dataclasses.replace(_plan("when"), original="Hvornår holder parterne dialogmøde?")
        assert type_lead(dialogue, "Parterne holder et fælles dialogmøde to gange om året.") == (
            "Tidspunkt ifølge aftalerne: to gange om året.")  # a frequency where the sentence states no other time

    def test_a_day_of_the_week_the_question_does_not_name_leads_a_when_answer(self):
        text = "Udskrives borgeren en fredag, kontakter centret borgeren telefonisk den følgende mandag."
        friday = dataclasses.replace(_plan("when", "en", (("fredag", "friday"),)), original="When does the centre call a patient discharged on a Friday?")
        assert type_lead(friday, text) == "When, according to the agreements: “den følgende mandag”."
        meets = dataclasses.replace(_plan("when"), original="Hvornår mødes teamet?")
        assert type_lead(meets, "Teamet mødes hver tirsdag på sygehuset.") == "Tidspunkt ifølge aftalerne: hver tirsdag."
        assert type_fit(meets, "Teamet mødes hver tirsdag på sygehuset.") == 1.0
        assert type_fit(meets, "Teamet mødes på sygehuset.") == 0.0

    def test_whether_one_pays_is_fit_by_a_sentence_of_paying_or_free_care(self):
        pays = dataclasses.replace(_plan("yesno"), original="Skal borgeren betale for akutteamet?", unit=AskedUnit("money"))
        assert type_fit(pays, "Indsatsen er gratis for borgeren.") == 1.0
        assert type_fit(pays, "Akutteamet er i drift alle ugens dage.") == 0.0
        assert type_fit(_plan("yesno"), "Indsatsen er gratis for borgeren.") == 0.5  # no payment asked: no type

    def test_who_is_read_in_the_clause_that_holds_what_is_asked(self):
        text = "Regionen afholder udgiften til hjælpemidler til den palliative behandling, mens kommunen afholder udgiften til plejesengen."
        bed = dataclasses.replace(_plan("who", terms=(("plejesengen", "plejeseng"),)), original="hvem betaler for plejesengen?",
                                  unit=AskedUnit("money"))
        assert type_lead(bed, text) == "Ansvarlig ifølge aftalerne: kommunen."
        aids = dataclasses.replace(bed, key_terms=(("hjælpemidler",),), original="hvem betaler for hjælpemidler?")
        assert type_lead(aids, text) == "Ansvarlig ifølge aftalerne: Regionen."

    def test_who_pays_is_led_only_by_an_actor_of_a_sentence_that_speaks_of_paying(self):
        pays = dataclasses.replace(_plan("who"), original="hvem betaler for de midlertidige pladser?", unit=AskedUnit("money"))
        assert type_lead(pays, "Kommunerne driver de midlertidige pladser.") == ""  # no payment: not the payer
        assert type_lead(pays, "Kommunerne afholder udgiften til de midlertidige pladser.") == "Ansvarlig ifølge aftalerne: Kommunerne."
        # care that is free names no payer: the one who refers to it does not pay for it
        physio = dataclasses.replace(pays, original="hvem betaler for fysioterapi?")
        assert type_lead(physio, "Almen praksis kan henvise borgerne til vederlagsfri fysioterapi i kommunerne.") == ""
        assert type_lead(physio, "Kommunen betaler for vederlagsfri fysioterapi.") == "Ansvarlig ifølge aftalerne: Kommunen."

    def test_actor_by_syntax_where_no_actor_word_names_it(self):
        # a cleft's focus and a passive's agent name who, also a body the actor words do not know
        assert actor_phrase("Det er byrådene, der sætter retning for den enkelte kommune.") == "byrådene"
        assert actor_phrase("Målene er udarbejdet administrativt af KOSU (den administrative styregruppe).") == "KOSU"
        assert actor_phrase("Indsatsen er beskrevet af Sundhedsstyrelsen og Danske Regioner i 2017.") == (
            "Sundhedsstyrelsen og Danske Regioner")
        assert actor_phrase("Analysen er lavet af hensyn til borgerne.") == ""  # "af hensyn til" names no one
        # the register's actor acting through a unit the document names as its own: the quote names the unit
        assert actor_phrase("Efter udredningen sender klinikken en epikrise til kommunens demenskoordinator.", "hospitalet") == (
            "klinikken")
        assert actor_phrase("Procenten af borgere stiger.", "kommunen") == ""  # "procent" is no centre
        # a body by its proper name is named whole, not by its kind alone
        assert actor_phrase("Vejle Kommune tilbyder alle borgere en fast demenskoordinator.", "kommunen") == "Vejle Kommune"
        assert actor_phrase("Nordsjællands Hospital udpeger en forløbskoordinator.", "hospitalet") == "Nordsjællands Hospital"
        assert actor_phrase("Kommunen tilbyder kurser.", "kommunen") == "Kommunen"
        assert actor_phrase("Det er vigtigt, at indsatsen evalueres.") == ""

    def test_time_with_what_it_counts_from(self):
        assert time_phrase("Borgere kontaktes senest 3 hverdage efter, at planen er modtaget og oplyses om tilbud.") == (
            "senest 3 hverdage efter, at planen er modtaget")
        assert time_phrase("Analyser skal være afsluttet indenfor 90 dage, efter hændelsen er rapporteret.") == (
            "indenfor 90 dage, efter hændelsen er rapporteret")
        assert time_phrase("Planen følger borgeren hele vejen.") == ""
        assert time_phrase("Er der behov for hjælpemidler, bestiller afdelingen dem mindst to hverdage før udskrivelsen, så "
                           "plejesengen står klar.") == "mindst to hverdage før udskrivelsen"  # not only "før udskrivelsen"
        # a range of days is read whole, not as its last day
        assert time_phrase("Oplægget blev fremlagt på forummet den 10.-11. januar 2013 til inspiration.") == "10.-11. januar 2013"
        # a time that opens the sentence: written in lower case, and what it counts from ends before the verb and subject
        assert time_phrase("I april 2015 er det aftalt, at sårvurdering er udbredt.") == "i april 2015"
        assert time_phrase("Senest 14 dage efter udskrivelsen sender kommunen en status.") == "senest 14 dage efter udskrivelsen"
        assert time_phrase("Senest 2 dage efter udskrivelsen af borgeren skal hospitalet ringe.") == (
            "senest 2 dage efter udskrivelsen af borgeren")
        assert time_phrase("Inden for 3 hverdage efter modtagelsen kontakter vi borgeren.") == "inden for 3 hverdage efter modtagelsen"
        assert time_phrase("Arbejdsgruppen afrapporterer én gang om året, første gang i marts 2027.") == "i marts 2027"

    def test_a_when_lead_takes_the_time_of_the_clause_that_holds_what_is_asked(self):
        text = "En medicingennemgang foretages af sygehuslægen før udskrivelsen, og egen læge modtager epikrisen samme dag."
        gp = _plan("when", terms=(("egen",), ("læge",), ("epikrisen",)))
        review = _plan("when", terms=(("medicingennemgangen", "medicingennemgang"),))
        assert "samme dag" in type_lead(gp, text) and "før" not in type_lead(gp, text)
        assert "før udskrivelsen" in type_lead(review, text)
        # a clause without a time leaves the sentence's time: "… akutte problemer, og hvor …" / "åbent alle dage kl. 17-19"
        phone = "Telefonvagten er en rådgivning, som forældre kan kontakte, og hvor der er vejledning. Den har åbent alle dage kl. 17-19."
        assert "kl. 17-19" in type_lead(_plan("when", terms=(("telefonvagten",), ("rådgivning",))), phone)

    def test_a_when_lead_takes_the_time_of_the_predicate_that_holds_what_is_asked(self):
        # one subject, two predicates joined by "og": the time of the one the question asks of
        text = "Kvalitetsstandarden evalueres hvert år af Sundheds- og Omsorgsudvalget og revideres senest januar 2029."
        revised = _plan("when", terms=(("standarden",), ("revideres",)))
        evaluated = _plan("when", terms=(("evalueres",), ("kvalitetsstandarden",)))
        assert "senest januar 2029" in type_lead(revised, text) and "hvert år" not in type_lead(revised, text)
        assert "hvert år" in type_lead(evaluated, text) and "2029" not in type_lead(evaluated, text)
        # a time after an amount of time is the predicate's own: "… træder i kraft 1. september 2027 og evalueres efter et år"
        scheme = "Ordningen træder i kraft 1. september 2027 og evalueres efter et år."
        # how long something takes is led as a length, in either language
        waits = "Den gennemsnitlige ventetid til udredning er 14 uger."
        asked = dataclasses.replace(_plan("when", terms=(("ventetiden",),)), original="hvor lang er ventetiden?")
        assert type_lead(asked, waits) == "Varighed ifølge aftalerne: 14 uger."
        english = dataclasses.replace(asked, lang="en", original="How long is the waiting time?")
        assert type_lead(english, waits) == "How long, according to the agreements: “14 uger”."
        assert type_lead(_plan("when", terms=(("ordningen",), ("evalueres",))), scheme) == "Tidspunkt ifølge aftalerne: efter et år."

    def test_a_goal_is_met_by_its_dated_time_not_a_span_of_what_it_measures(self):
        goal = "Målet er, at antallet af genindlæggelser inden for 30 dage falder med 20 procent inden udgangen af 2029."
        lead = type_lead(_plan("when", terms=(("målet", "mål"), ("genindlæggelser",))), goal)
        assert "inden udgangen af 2029" in lead and "30 dage" not in lead
        # a sentence that states no goal keeps its first time
        task = "Kommunen følger op på genindlæggelser inden for 30 dage og rapporterer inden udgangen af 2029."
        assert "inden for 30 dage" in type_lead(_plan("when", terms=(("genindlæggelser",),)), task)

    def test_the_agent_of_an_s_passive_is_who_does_it(self):
        from assistant.agent_name import named_agent

        assert named_agent("En medicingennemgang foretages af sygehuslægen før udskrivelsen.") == "sygehuslægen"
        assert named_agent("Udgifterne betales af regionen og kommunerne.") == "regionen og kommunerne"
        assert named_agent("Planen er udarbejdet af KOSU.") == "KOSU"
        # a name with "for" inside it, whole: not "Center"
        assert named_agent("Sekretariatet varetages af Center for Sundhed i Region Hovedstaden.") == "Center for Sundhed"
        # an adjective in -es is no s-passive: "af personalet" is whose training, not who pays for it
        assert named_agent("Der er afsat 450.000 kr. om året til fælles efteruddannelse af personalet.") == ""
        # a name in the genitive is named with what it owns: the genitive alone names no one
        assert named_agent("Rapporten er udarbejdet af Sundhedssamarbejdsudvalgets sekretariat og behandlet i marts.") == (
            "Sundhedssamarbejdsudvalgets sekretariat")
        assert named_agent("Opgaven varetages af Region Midtjyllands palliative team.") == "Region Midtjyllands palliative team"
        assert named_agent("Opgaven varetages af Region Midtjyllands og KL.") == "Region Midtjyllands og KL"

    def test_an_english_question_s_own_actor_in_danish_leads_no_answer(self):
        from dataclasses import replace

        gp = (("almen praksis", "egen læge", "praktiserende læge", "gp"),)
        quote = "Det er almen praksis' ansvar at sikre, at henvisningen er fyldestgørende."
        asked = replace(_plan("who", "en", gp), original="Who has to make sure the GP is kept informed?")
        assert type_lead(asked, quote) == ""
        # a word of the question inside a longer actor is no naming of it ("hospital" in "Hospitalerne")
        hospital = replace(_plan("who", "en", (("hospital", "sygehus", "hospital"), ("genoptræningsplan", "rehabilitation plan"))),
                           original="Who draws up the rehabilitation plan when a patient leaves hospital?")
        assert type_lead(hospital, "Hospitalerne udarbejder en genoptræningsplan.").startswith("Responsible")

    def test_a_question_of_who_is_told_is_not_led_by_who_tells(self):
        from dataclasses import replace

        quote = "Med den gravides samtykke sender hospitalet en underretning om graviditeten til kommunens familieafdeling."
        for question in ("hvem skal have besked om graviditeten", "Who is told about the pregnancy?", "hvem modtager underretningen",
                         "Who gets the screening result?", "hvem får svar på screeningen"):
            assert type_lead(replace(_plan("who"), original=question), quote) == "", question
        assert type_lead(replace(_plan("who"), original="hvem sender underretningen"), quote).startswith("Ansvarlig")
        assert type_lead(replace(_plan("who"), original="hvem skal have ansvaret for underretningen"), quote).startswith("Ansvarlig")

    def test_a_figure_to_be_reached_is_met_by_its_dated_time_not_a_week_it_measures(self):
        quote = "Andelen af familier, der har haft et møde før uge 24, skal øges fra 60 procent til 80 procent inden udgangen af 2032."
        assert type_lead(_plan("when"), quote) == "Frist ifølge aftalerne: inden udgangen af 2032."

    def test_a_period_with_its_years_not_the_bare_word(self):
        # "i perioden" alone answers no "hvornår"; the years the text gives after it do
        assert time_phrase("Der analyseres behov for pædagoger i perioden 2018-2028 (analyse, januar 2018).") == (
            "i perioden 2018-2028")
        assert time_phrase("I efteråret 2017 drøftes udspillet med kommunerne.") == "i efteråret 2017"

    def test_number_beside_a_word_of_the_question(self):
        plan = _plan("number", terms=(("kommuner",),))
        assert number_phrase("Ad 3) 18 ud af 19 kommuner har allerede hjemmebesøg.", plan) == "18 ud af 19 kommuner"
        # the whole it is counted of names the unit in one word: not the verb after it
        assert number_phrase("Ad 2) 17 ud af 19 kommuner svarer, at de har pladser.", plan) == "17 ud af 19 kommuner"
        assert number_phrase("I 2016 havde 4 hospitaler og 29 kommuner en aftale.", plan) == "29 kommuner"
        assert number_phrase("Fra 2016 gælder aftalen.", plan) == ""

    def test_an_age_is_whom_a_count_is_of_not_the_count(self):
        # "hvor meget skal … falde": the fall is the figure, "borgere over 65 år" says whom it counts
        plan = _plan("number", terms=(("indlæggelser",), ("falde",)))
        goal = "Antallet af forebyggelige indlæggelser blandt borgere over 65 år skal falde med 15 procent inden 2029."
        assert number_phrase(goal, plan) == "15 procent"
        assert number_phrase("Tilbuddet gælder de 18-årige og 25 kommuner.", plan) == "25 kommuner"
        # a bare span of years is no age: it may be the count
        assert number_phrase("Mennesker med psykisk sygdom dør 15 – 20 år tidligere end andre.", plan) == "15 – 20 år tidligere"

    def test_a_number_the_question_gives_itself_is_not_what_it_asks(self):
        from dataclasses import replace

        plan = replace(_plan("number", "en", (("genindlæggelser", "readmissions"),)),
                       original="How much must readmissions within 30 days be reduced to?")
        stated = "Andelen af genindlæggelser inden for 30 dage skal være under 8 procent ved aftaleperiodens udgang."
        assert number_phrase(stated, plan) == "8 procent"
        assert number_phrase(stated, replace(plan, original="How much must readmissions be reduced to?")) == "30 dage"

    def test_a_count_in_words_of_what_is_asked_leads(self):
        from dataclasses import replace

        from assistant.asked import AskedUnit

        days = replace(_plan("number", terms=(("dage",),)), unit=AskedUnit("thing", (("dage",),)))
        # not the age in digits before it: "over 75 år" counts no days
        assert number_phrase("Borgere over 75 år tilbydes et besøg inden for fem hverdage efter udskrivelsen.", days) == "fem hverdage"
        goals = replace(_plan("number", terms=(("strategiske",), ("mål",))), unit=AskedUnit("thing", (("strategiske",), ("mål",))))
        assert number_phrase("Under visionen er formuleret fire strategiske målsætninger.", goals) == "fire strategiske målsætninger"
        hours = replace(_plan("number", terms=(("timer",),)), unit=AskedUnit("thing", (("timer",),)))
        assert number_phrase("Hjemmeplejen sender inden for to timer et brev.", hours) == "to timer"
        assert number_phrase("Hjemmeplejen sender et brev samme dag.", hours) == ""
        members = replace(_plan("number", terms=(("medlemmer",),)), unit=AskedUnit("thing", (("medlemmer",),)))
        # what is counted, not the verb after it ("følger aftalen")
        assert number_phrase("En fælles styregruppe med seks medlemmer følger aftalen.", members) == "seks medlemmer"

    def test_a_change_from_one_figure_to_another_is_read_whole(self):
        # the first figure alone tells today's share, not the goal the question asks for
        from dataclasses import replace

        from assistant.asked import AskedUnit

        share = replace(_plan("number"), unit=AskedUnit("share"))
        quote = "Andelen af familier med et møde før uge 24 skal øges fra 60 procent til 80 procent inden udgangen af 2032."
        assert number_phrase(quote, share) == "fra 60 procent til 80 procent"
        assert number_phrase("Ventetiden falder fra 30 dage.", _plan("number")) == "30 dage"

    def test_a_range_is_one_number_and_a_span_of_years_none(self):
        # not "80%" for "70-80%", which is what the sentence says
        assert number_phrase("Det skønnes, at 70-80% af ressourcerne bruges på kroniske sygdomme.", _plan("number")) == "70-80%"
        assert number_phrase("Kommunen svarer inden for 1–2 hverdage.", _plan("number")) == "1–2 hverdage"
        assert number_phrase("Fra 2006-2013 faldt andelen, men 18 % i regionen ryger stadig.", _plan("number")) == "18 %"

    def test_a_date_is_no_count_and_a_verb_is_not_what_is_counted(self):
        plan = _plan("number")
        assert number_phrase("1. januar 2015 trådte den nye vejledning i kraft.", plan) == ""  # a day of a month
        assert number_phrase("Den 1. maj skal 29 kommuner have en plan.", plan) == "29 kommuner"  # not "29 kommuner have"
        assert number_phrase("Mindst 2 års erfaring kræves.", plan) == "mindst 2 års erfaring"  # its qualifier kept
        assert number_phrase("En dagligryger dør mere end 10 år tidligere.", plan).startswith("mere end 10 år")
        # a list item's number is no count: not "1" for "1. Alle kommuner skal …"
        assert number_phrase("1. Alle kommuner skal inden udgangen af 2013 sikre tidlig opsporing.", plan) == ""
        assert number_phrase("• 2. Alle 19 kommuner har en plan.", plan) == "19 kommuner"
        assert number_phrase("Ad 3) 18 ud af 19 kommuner har allerede hjemmebesøg.", plan) == "18 ud af 19 kommuner"
        # the whole it is counted of names the unit in one word: not the verb after it
        assert number_phrase("Ad 2) 17 ud af 19 kommuner svarer, at de har pladser.", plan) == "17 ud af 19 kommuner"

    def test_number_of_what_is_asked_or_no_lead(self):
        citizens = dataclasses.replace(_plan("number", terms=(("borgere",),)), unit=AskedUnit("thing", (("borgere",),)))
        assert number_phrase("I 2020 havde 6 kommuner og 312 borgere et forløb.", citizens) == "312 borgere"
        assert number_phrase("Ad 3) 18 ud af 19 kommuner har allerede hjemmebesøg.", citizens) == ""
        money = dataclasses.replace(_plan("number"), unit=AskedUnit("money"))
        assert type_lead(money, "Der er 55.000 overvægtige børn i regionen.") == ""

    def test_a_quote_of_two_sentences_is_read_one_at_a_time_for_its_actor(self):
        # a sentence joined to its continuation: the grammar reads each sentence, not the pair as one
        quote = ("Med afsæt i patientscreeninger på hospitalet gennemfører kommuner og praktiserende læger opfølgende "
                 "hjemmebesøg. I aftaleperioden arbejdes på at afprøve screening allerede ved indlæggelse.")
        assert type_lead(_plan("who"), quote) == "Ansvarlig ifølge aftalerne: kommuner og praktiserende læger."
        assert type_lead(_plan("who"), "Via MedCom sikres dialog fra start. Hospitalet sender udskrivningsrapport.") == (
            "Ansvarlig ifølge aftalerne: Hospitalet.")

    def test_a_start_year_and_a_share_in_words_lead(self):
        # "Since when …": a start the register does not take for a due date; "What share …": a share in words
        assert time_phrase("Siden 2007 har kommunerne haft ansvaret for behandlingen.") == "Siden 2007"
        share = dataclasses.replace(_plan("number"), unit=AskedUnit("share"))
        assert number_phrase("Mere end hver tredje borger i regionen lever med en kronisk lidelse.", share) == "Mere end hver tredje borger"
        assert number_phrase("Over halvdelen af den voksne befolkning er overvægtige.", _plan("number")) == (
            "Over halvdelen af den voksne befolkning")
        assert number_phrase("Halvdelen af de voksne er overvægtige.", _plan("number")) == "Halvdelen af de voksne"
        assert number_phrase("Hver borger får en plan.", _plan("number")) == ""
        assert number_phrase("Omkring en tredjedel af de borgere, der har kræft, har behov for støtte.", _plan("number")) == (
            "Omkring en tredjedel af de borgere")
        # a count of parts and its bound; a noun with its article ends what the share is of
        assert number_phrase("Forretningsordenen kan ændres, når mindst to tredjedele af medlemmerne stemmer for det.", share) == (
            "mindst to tredjedele af medlemmerne")

    def test_the_share_of_what_is_asked_leads(self):
        # "what proportion of hospital admissions …": the share followed by a word of the question, even a compound's part
        share = dataclasses.replace(_plan("number", terms=(("hospital", "sygehus"), ("alkohol",))), unit=AskedUnit("share"))
        quote = "22% af befolkningen har et risikabelt forbrug. Alkohol er skyld i 20 % af alle sygehusindlæggelser."
        assert number_phrase(quote, share) == "20 %"
        assert number_phrase("22% af befolkningen har et risikabelt forbrug.", share) == "22%"  # the only one

    def test_a_time_in_a_list_is_read_from_the_item_that_holds_what_is_asked(self):
        quote = ("Vi forpligter os til at: • indføre en fælles tjekliste for udskrivelse senest 1. oktober 2027, "
                 "• holde et fælles fagligt møde hvert halve år, • dele data om genindlæggelser hvert kvartal.")
        checklist = _plan("when", terms=(("tjekliste",), ("indført", "indføre")))
        head = "Vi forpligter os til at:"
        assert _lead_texts(checklist, quote) == ["indføre en fælles tjekliste for udskrivelse senest 1. oktober 2027", head]
        meeting = dataclasses.replace(_plan("when", terms=(("fagligt",), ("møde",))), original="hvor ofte holder I møde?")
        assert type_lead(meeting, _lead_texts(meeting, quote)[0]) == "Tidspunkt ifølge aftalerne: hvert halve år."
        # no item holds more than another, or a question of who: the sentence that announces the list
        assert _lead_texts(_plan("when", terms=(("parterne",),)), quote) == [head]
        assert _lead_texts(_plan("who", terms=(("tjekliste",),)), quote) == [head]

    def test_a_sum_asked_by_the_year_is_the_yearly_one(self):
        plan = dataclasses.replace(_plan("number", terms=(("penge",), ("regionen",))), unit=AskedUnit("money"),
                                   original="hvor mange penge afsætter regionen om året?")
        quote = "Gennem bidrag på 1 krone pr. borger fra kommunerne og regionen afsættes et årligt beløb på 2,5 mio. kr."
        assert number_phrase(quote, plan) == "2,5 mio. kr"
        assert number_phrase("Regionen afsætter 3,2 mio. kr. årligt og 1 krone pr. borger.", plan) == "3,2 mio. kr"
        # not asked by the year: the sum beside a word of the question, as before
        assert number_phrase(quote, dataclasses.replace(plan, original="hvor mange penge afsætter regionen?")) == "1 krone"

    def test_lead_line_in_the_question_language_and_only_for_its_type(self):
        quote = "Epikrisen sendes til egen læge senest 2 hverdage efter udskrivning."
        assert type_lead(_plan("when"), quote) == "Frist ifølge aftalerne: senest 2 hverdage efter udskrivning."
        assert type_lead(_plan("when", "en"), quote) == "Time limit according to the agreements: “senest 2 hverdage efter udskrivning”."
        assert type_lead(_plan("who"), "Kommunen tilbyder genoptræning.", "kommunen") == "Ansvarlig ifølge aftalerne: Kommunen."
        assert type_lead(_plan("other"), quote) == "" and type_lead(_plan("number"), quote) == "Antal ifølge aftalerne: 2 hverdage."


class TestPages:
    def test_page_at_reads_the_documents_offset_table(self):
        doc = {"page_offsets": [[1, 0], [2, 120], [3, 260]]}
        assert [page_at(doc, i) for i in (0, 119, 120, 259, 260, 999)] == [1, 1, 2, 2, 3, 3]
        assert page_at({"page_offsets": []}, 5) is None and page_at(None, 5) is None



class TestAnnouncedList:
    TEXT = (
        "Der er nedsat arbejdsgrupper for tre områder:\n• Ernæring\n• Faldforebyggelse\n• Tryksår\n"
        "Grupperne mødes fire gange om året.\n"
    )

    def test_a_sentence_ending_in_a_colon_takes_in_its_items(self):
        end = self.TEXT.index(":") + 1
        stop = list_end(self.TEXT, end, len(self.TEXT))[0]
        assert self.TEXT[:stop].endswith("• Tryksår")  # the items, not the sentence after them

    def test_numbered_items_count_and_section_numbers_do_not(self):
        text = "Målene er:\n1. Færre genindlæggelser\n2) Kortere ventetid\n5.2.1. Opfølgning\n"
        assert text[: list_end(text, text.index(":") + 1, len(text))[0]].endswith("2) Kortere ventetid")

    def test_a_date_line_is_no_item(self):
        text = "Møde i styregruppen:\n3. juli 2018 Aftale om indhold\n"
        assert list_end(text, text.index(":") + 1, len(text))[0] == text.index(":") + 1

    def test_the_leads_read_the_sentence_and_the_list_is_quoted_once(self):
        doc = "Den samlede aftale består af fire dele:\n1. Visionerne\n2. Aftalen\n3. Bilagene\n4. Planen\n"
        snap = type("Snap", (), {"documents": {"a.pdf": {"text": doc}}})()
        item = _cand("2. Aftalen", 0.9, start=doc.index("2. Aftalen"))
        intro = _cand("Den samlede aftale består af fire dele:", 0.8)
        item = dataclasses.replace(item, passage=_passage("a.pdf", 1, 0, doc))
        intro = dataclasses.replace(intro, passage=_passage("a.pdf", 1, 0, doc))
        quotes = whole_quotes([item, intro], snap)
        assert [q.text for q in quotes] == [doc.strip()]  # the item once, inside its list, each item on a line
        assert announcing(quotes[0].text) == "Den samlede aftale består af fire dele:"
        text, _ = compose(_plan("number"), quotes, snap)
        assert text.startswith("Den samlede aftale")  # no "Antal: 1": an item's number is not the count

    def test_other_sentences_the_passage_end_and_long_lists_bound_it(self):
        end = self.TEXT.index("Grupperne")
        assert list_end(self.TEXT, end, len(self.TEXT))[0] == end  # no colon: nothing added
        colon = self.TEXT.index(":") + 1
        passage_end = self.TEXT.index("• Faldforebyggelse") + len("• Faldforebyggelse")
        assert self.TEXT[: list_end(self.TEXT, colon, passage_end)[0]].endswith("• Faldforebyggelse")
        many = "Tiltag:\n" + "".join(f"• punkt {i}\n" for i in range(20))
        assert many[: list_end(many, len("Tiltag:"), len(many))[0]].count("•") == LIST_ITEMS

    def test_a_list_the_passage_or_its_first_item_cuts_says_so(self):
        many = "Tiltag:\n" + "".join(f"• punkt {i}\n" for i in range(6))
        hi = many.index("• punkt 3") + 4  # the passage ends inside the fourth item
        stop, text = quoted_text(many, 0, len("Tiltag:"), hi)
        assert text.splitlines() == ["Tiltag:", "• punkt 0", "• punkt 1", "• punkt 2", "…"] and stop < hi
        long = "Tiltag:\n• " + "ord " * 200 + "\n"
        doc = type("Snap", (), {"documents": {"a.pdf": {"text": long}}})()
        intro = dataclasses.replace(_cand("Tiltag:", 0.9), passage=_passage("a.pdf", 1, 0, long))
        assert whole_quotes([intro], doc)[0].text == "Tiltag:\n…"  # not even the first item fits: still marked

    def test_a_list_in_the_next_passage_is_taken_in(self):
        # the chunk ends at the colon; the items are the next chunk's: the quote still gives them
        doc = "Tilgangen er bygget op om tre mål:\n1. Sundhed\n2. Kvalitet\n3. Omkostninger\nDernæst følger planen.\n"
        snap = type("Snap", (), {"documents": {"a.pdf": {"text": doc}}})()
        cut = doc.index(":") + 1
        intro = dataclasses.replace(_cand("Tilgangen er bygget op om tre mål:", 0.9), passage=_passage("a.pdf", 1, 0, doc[:cut]))
        quote = whole_quotes([intro], snap)[0]
        assert quote.text.splitlines() == ["Tilgangen er bygget op om tre mål:", "1. Sundhed", "2. Kvalitet", "3. Omkostninger"]
        assert quote.doc_span == (0, doc.index("\nDernæst"))

    def test_a_quote_after_a_list_starts_a_line_and_highlights_skip_the_marks(self):
        doc = "Indledning.\nTiltag:\n" + "".join(f"• punkt {i}\n" for i in range(14)) + "4 Det Fælles Medicinkort er en database.\n"
        snap = type("Snap", (), {"documents": {"a.pdf": {"text": doc}}})()
        p = _passage("a.pdf", 1, 0, doc)
        listed = dataclasses.replace(_cand("Tiltag:", 0.9, start=doc.index("Tiltag")), passage=p)
        note = dataclasses.replace(_cand("4 Det Fælles Medicinkort er en database.", 0.8, start=doc.index("4 Det")), passage=p)
        text, cits = compose(_plan("other"), [listed, note], snap)
        assert text.endswith("• punkt 11\n… [1]\nDet Fælles Medicinkort er en database. [1]")
        starts = [s for s, _ in cits[0].doc_spans]
        assert starts == [doc.index("Tiltag"), doc.index("Det Fælles")]  # not 2 characters early, not on the footnote's number

    def test_items_keep_their_lines_and_a_cut_list_says_so(self):
        doc = "Indsatsen omfatter:\n1. Rehabilitering  af borgere\n2. Opfølgning\nDen evalueres i 2026.\n"
        stop, text = quoted_text(doc, 0, doc.index(":") + 1, len(doc))
        assert text == "Indsatsen omfatter:\n1. Rehabilitering af borgere\n2. Opfølgning" and doc[:stop].endswith("Opfølgning")
        many = "Tiltag:\n" + "".join(f"• punkt {i}\n" for i in range(20))
        _, text = quoted_text(many, 0, len("Tiltag:"), len(many))
        assert text.splitlines()[1:] == [f"• punkt {i}" for i in range(LIST_ITEMS)] + ["…"]
        short = "Tiltag:\n" + "".join(f"• punkt {i}\n" for i in range(LIST_ITEMS))
        assert not quoted_text(short, 0, len("Tiltag:"), len(short))[1].endswith("…")  # all of it: nothing cut
        assert quoted_text(doc, doc.index("Den"), len(doc) - 1, len(doc))[1] == "Den evalueres i 2026."

    def test_a_unit_of_several_lines_is_quoted_on_one_line_with_its_parts_apart(self):
        row = "12. maj 2026\n10-12, Ringsted\nPræsentation af resultater"
        assert quoted_text(row, 0, len(row), len(row))[1] == "12. maj 2026 · 10-12, Ringsted · Præsentation af resultater"
        two = "Kommunen sørger for hjemmeplejen.\nVentetiden er højst 14 dage"
        assert quoted_text(two, 0, len(two), len(two))[1] == "Kommunen sørger for hjemmeplejen. Ventetiden er højst 14 dage"
        items = "Mål: Vi vil derfor\n• styrke samarbejdet om de unge"
        assert quoted_text(items, 0, len(items), len(items))[1] == "Mål: Vi vil derfor • styrke samarbejdet om de unge"


PAGES = (
    "Sundhedsaftalen er den formelle ramme om samarbejdet mellem region og kommuner.",
    "Målet er, at den enkelte borger modtager en sammenhængende indsats af høj kvalitet.",
    "Kommunen leverer hjælpemidler til borgere med nedsat funktionsevne inden for fem hverdage.",
)


@pytest.fixture(scope="module")
def three_pages(tmp_path_factory):
    """A 3-page PDF small enough to be one passage that starts on page 1 and ends on page 3."""
    root = tmp_path_factory.mktemp("three-pages")
    write(root / "docs" / "tre-sider.pdf", text_pdf(PAGES))
    settings = hash_settings(root / "data")
    assistant = Assistant(settings)
    report = assistant.ingest([root / "docs"])
    assert report.ok
    return assistant


class TestPageOfTheQuote:
    def test_the_only_passage_spans_the_pages(self, three_pages):
        (p,) = three_pages.search("hjælpemidler", k=5)
        assert (p.page, p.page_end) == (1, 3)

    def test_citation_names_the_page_of_the_quoted_sentence(self, three_pages):
        a = three_pages.ask("Hvem leverer hjælpemidler til borgere med nedsat funktionsevne?")
        assert not a.refused and "hjælpemidler" in a.answer
        assert a.citations[0].page == 3
        d = a.to_json()
        assert d["citations"][0]["page"] == 3 and 0.0 <= d["confidence"] <= 1.0
        assert "side 3" in a.to_markdown()

    def test_search_hit_names_the_page_of_its_best_sentence(self, three_pages):
        hits = [p.to_json() for p in three_pages.search("hjælpemidler nedsat funktionsevne", k=5)]
        assert hits[0]["page"] == 3
        hits = [p.to_json() for p in three_pages.search("formelle ramme om samarbejdet", k=5)]
        assert hits[0]["page"] == 1
        assert json.loads(json.dumps(hits))


VISIONS = """1. Visioner
Aftalen for Vesthavn bygger på tre visioner for det fælles sundhedsvæsen:
Mere lighed i sundhed
Borgere med lige behov skal have lige adgang til hjælp, uanset hvor de bor i kommunen.
Tæt på borgeren
Indsatsen skal foregå i eller nær borgerens eget hjem, hvor det er fagligt forsvarligt.
Sammenhæng på tværs
Overgange mellem sygehus, kommune og egen læge skal ske uden tab af viden om borgeren.
2. Organisering
Samarbejdet ledes af et fælles udvalg med repræsentanter fra alle parter i aftalen.
"""


@pytest.fixture(scope="module")
def visions(tmp_path_factory):
    """A document whose sentence announces the subsections below it, one heading per vision."""
    root = tmp_path_factory.mktemp("visions")
    (root / "docs").mkdir()
    (root / "docs" / "vesthavn.txt").write_text(VISIONS, encoding="utf-8")
    many = "".join(f"Indsatsområde {chr(65 + i)}\nOmrådet følges op af udvalget hvert år i aftaleperioden.\n" for i in range(14))
    (root / "docs" / "nørreby.txt").write_text(f"1. Indsatser\nAftalen i Nørreby rummer fjorten indsatsområder:\n{many}", encoding="utf-8")
    assistant = Assistant(hash_settings(root / "data"))
    assert assistant.ingest([root / "docs"]).ok
    return assistant


def _quote_of(assistant: Assistant, sentence: str) -> Candidate:
    snap = assistant.snapshot()
    row = next(r for r in snap.sentence_rows if r["text"].startswith(sentence))
    (p,) = [p for p in assistant.search(sentence, k=5) if p.start <= row["start"] < p.end][:1]
    return Candidate(passage=p, doc_span=(row["start"], row["end"]), text=row["text"], cos=0.5, coverage=0.5,
                     matched=frozenset(), fit=0.0, score=0.9, order=0, section=row["section"])


def test_a_sentence_that_announces_its_subsections_is_quoted_with_their_headings(visions):
    snap = visions.snapshot()
    (quote,) = whole_quotes([_quote_of(visions, "Aftalen for Vesthavn bygger på tre visioner")], snap)
    assert quote.text.splitlines() == ["Aftalen for Vesthavn bygger på tre visioner for det fælles sundhedsvæsen:",
                                       "Mere lighed i sundhed", "Tæt på borgeren", "Sammenhæng på tværs"]
    # a sentence that opens no subsections is quoted alone
    (plain,) = whole_quotes([_quote_of(visions, "Samarbejdet ledes af et fælles udvalg")], snap)
    assert plain.text == "Samarbejdet ledes af et fælles udvalg med repræsentanter fra alle parter i aftalen."
    # more subsections than a quote lists: the first LIST_ITEMS, and a line that says the list goes on
    (long,) = whole_quotes([_quote_of(visions, "Aftalen i Nørreby rummer fjorten indsatsområder")], snap)
    lines = long.text.splitlines()
    assert lines[1:3] == ["Indsatsområde A", "Indsatsområde B"] and len(lines) == 1 + LIST_ITEMS + 1 and lines[-1] == "…"



AGREED = """2. Akutfunktioner
Kommunerne driver akutfunktioner i alle kommuner i Østhavn.
I aftaleperioden indgås aftaler om:
– Beskrivelse af kapacitet i kom-
munale akutfunktioner.
– Hvordan, der henvises til kommunale akutfunktioner.
– Regionen skal have lægelig rådgivning til rådighed døgnet rundt.
"""


@pytest.fixture(scope="module")
def agreed(tmp_path_factory):
    """A list whose items are partly no sentences of their own, below the sentence that announces them
    (ingest writes its dashes as bullets and joins the word broken at the line end)."""
    root = tmp_path_factory.mktemp("agreed")
    (root / "docs").mkdir()
    (root / "docs" / "østhavn.txt").write_text(AGREED, encoding="utf-8")
    assistant = Assistant(hash_settings(root / "data"))
    assert assistant.ingest([root / "docs"]).ok
    return assistant


def test_an_item_that_is_no_sentence_is_quoted_after_the_sentence_announcing_its_list(agreed):
    snap = agreed.snapshot()
    (how,) = whole_quotes([_quote_of(agreed, "• Hvordan, der henvises")], snap)
    assert how.text.splitlines() == ["I aftaleperioden indgås aftaler om:", "…",
                                     "Hvordan, der henvises til kommunale akutfunktioner."]
    (first,) = whole_quotes([_quote_of(agreed, "• Beskrivelse af kapacitet")], snap)  # verbless, right below: no "…"
    assert first.text.splitlines()[0] == "I aftaleperioden indgås aftaler om:" and "…" not in first.text.splitlines()
    (whole,) = whole_quotes([_quote_of(agreed, "• Regionen skal have")], snap)  # a sentence of its own: alone
    assert whole.text.endswith("Regionen skal have lægelig rådgivning til rådighed døgnet rundt.") and "aftaler om" not in whole.text
    # two items of the same list: the first takes the announcing sentence, the second follows it
    both = whole_quotes([_quote_of(agreed, "• Beskrivelse af kapacitet"), _quote_of(agreed, "• Hvordan, der henvises")], snap)
    assert len(both) == 2 and both[0].text.startswith("I aftaleperioden") and both[1].text.startswith("• Hvordan")


BROKEN = """3. Udskrivning
Både sygehus og kommune har ansvaret for, at borgeren oplever udskrivningen som sammenhæn-

En borger er færdigbehandlet, når sygehusets lægelige behandling er afsluttet.
"""


def test_a_sentence_whose_broken_word_lost_its_rest_is_quoted_as_cut(tmp_path):
    """The rest of "sammenhæn-" is not in the document (another text follows): the quote says it stops there."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "vesthavn.txt").write_text(BROKEN, encoding="utf-8")
    assistant = Assistant(hash_settings(tmp_path / "data"))
    assert assistant.ingest([tmp_path / "docs"]).ok
    quote = _quote_of(assistant, "Både sygehus og kommune har ansvaret")
    text, _ = compose(_plan("who"), [quote], assistant.snapshot())
    assert "udskrivningen som sammenhæn-…" in text and "færdigbehandlet" not in text
    # a whole sentence, a hyphen inside a sentence and a number range are no cut
    assert marked_cut("Sygehuset sender planen.") == "Sygehuset sender planen."
    assert marked_cut("Social- og sundhedsassistenter") == "Social- og sundhedsassistenter"
    assert marked_cut("Perioden 2015-") == "Perioden 2015-"
