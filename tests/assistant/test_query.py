"""Query understanding: language, casual Danish, abbreviations, English terms, follow-ups."""

from __future__ import annotations

import pytest

from assistant.query import QueryUnderstanding, Speller, learn_glossary
from foundation.text.language import detect_language

COUNTS = {"står": 40, "når": 50, "læge": 80, "egen": 30, "genoptræning": 60, "udskrivelse": 45, "dosisdispensering": 5,
          "hvornår": 10, "fælles": 30, "medicinkort": 8, "kommunen": 90, "børn": 30, "på": 300, "sygehus": 3}


class TestLanguage:
    @pytest.mark.parametrize("q", ["Who is responsible for rehabilitation after discharge?", "When must the GP be informed?",
                                   "Who draws up the rehabilitation plan (genoptræningsplan) when a patient leaves hospital?"])
    def test_english(self, q):
        assert detect_language(q) == "en"

    @pytest.mark.parametrize("q", ["hvem star for dosisdispensering efter udskrivelse", "Hvornår skal kommunen have planen?", "FMK?"])
    def test_danish(self, q):
        assert detect_language(q) == "da"


class TestSpeller:
    def test_restores_aeoeaa(self):
        s = Speller(COUNTS)
        assert s.correct("star") == "står"
        assert s.correct("laege") == "læge"
        assert s.correct("genoptraening") == "genoptræning"
        assert s.correct("bon") == "bon"

    def test_restores_aeoeaa_in_a_form_the_index_lacks(self):
        s = Speller({"færdigmeldt": 3, "færdigmeldes": 2, "både": 9, "kommunen": 5})
        assert s.correct("faerdigmeldte") == "færdigmeldte"  # the index has the stem, not this form
        assert s.correct("baade") == "både"
        assert s.correct("koerestol") == "koerestol"  # no known stem: left as typed

    def test_one_letter_typo(self):
        s = Speller(COUNTS)
        assert s.correct("udskrivlse") == "udskrivelse"
        assert s.correct("genoptrænning") == "genoptræning"

    def test_known_words_untouched(self):
        assert Speller(COUNTS).correct("kommunen") == "kommunen"

    def test_a_common_danish_word_is_not_corrected_into_an_index_word(self):
        s = Speller({"borger": 40, "ambulante": 6, "mellem": 30, "finder": 5, "kommunen": 90})
        # one letter from an index word, but words the user meant: a general Danish list knows them
        assert [s.correct(w) for w in ("sorger", "ambulance", "medlem", "binder")] == ["sorger", "ambulance", "medlem", "binder"]
        assert s.correct("borgre") == "borger"  # a typo is still fixed


def test_glossary_learnt_from_corpus_and_curated():
    g = learn_glossary(["Alle bruger Fælles Medicinkort (FMK) og Det Fælles Sprog (DFS)."])
    assert g["FMK"].lower() == "fælles medicinkort"
    assert "KOL" in g


class TestPlan:
    def setup_method(self):
        self.qu = QueryUnderstanding(COUNTS, learn_glossary(["Fælles Medicinkort (FMK)"]))

    def test_casual_danish_is_normalised_for_search(self):
        plan = self.qu.plan("hvem star for dosisdispensering efter udskrivelse")
        assert "står" in plan.lexical_text and plan.lang == "da" and plan.qtype == "who"
        flat = {t for g in plan.key_terms for t in g}
        assert "dosisdispensering" in flat and "udskrivelse" in flat

    def test_an_english_word_of_latin_stock_takes_the_danish_spelling_the_index_uses(self):
        qu = QueryUnderstanding({**COUNTS, "antipsykotisk": 2, "antipsykotika": 1}, {})
        plan = qu.plan("What is the goal for antipsychotic medication?")
        group = next(g for g in plan.key_terms if "antipsychotic" in g)
        assert {"antipsykotisk", "antipsykotika"} <= set(group) and group not in plan.soft
        # a word the index spells no way stays soft: it weighs little and proves nothing
        bare = QueryUnderstanding(COUNTS, {}).plan("What is the goal for antipsychotic medication?")
        assert ("antipsychotic",) in bare.soft

    def test_an_untranslated_english_word_makes_a_compound_as_a_danish_loanword(self):
        # "café" has no translation: Danish writes it the same, in the compound the index uses
        qu = QueryUnderstanding({**COUNTS, "demens": 4, "demenscaféen": 1}, {})
        plan = qu.plan("Who pays for the dementia café?")
        cafe = next(g for g in plan.key_terms if "café" in g)
        assert "demenscaféen" in cafe and plan.unit is not None and plan.unit.groups == (cafe,)

    def test_an_untranslated_english_word_takes_the_compounds_it_opens_as_danish_spells_it(self):
        # "nicotine" is "nikotin", which the index has only in "nikotinerstatning"
        qu = QueryUnderstanding({**COUNTS, "nikotinerstatning": 1, "betales": 3}, {})
        plan = qu.plan("Who pays for nicotine replacement?")
        nicotine = next(g for g in plan.key_terms if "nicotine" in g)
        assert "nikotinerstatning" in nicotine and nicotine not in plan.soft

    def test_an_inflected_english_word_takes_the_compounds_its_base_opens(self):
        # "mentoring" is the loan word "mentor", which the index has only in "mentorordning"
        qu = QueryUnderstanding({**COUNTS, "mentorordning": 1}, {})
        plan = qu.plan("Who runs the mentoring scheme?")
        mentoring = next(g for g in plan.key_terms if "mentoring" in g)
        assert "mentorordning" in mentoring and mentoring not in plan.soft

    def test_a_support_verb_is_no_key_term_its_noun_is(self):
        # "stille en diagnose", "stille krav": the noun says what is done, a sentence may say it with another verb
        plan = self.qu.plan("hvem stiller diagnosen?")
        flat = {t for g in plan.key_terms for t in g}
        assert "stiller" not in flat and "diagnosen" in flat

    def test_the_frame_of_a_frequency_question_is_no_key_term(self):
        # "hvor tit", "how often" ask how often; a sentence stating "hvert kvartal" need not hold "tit"
        for question, frame in (("hvor tit mødes styregruppen", "tit"), ("hvor ofte mødes styregruppen", "ofte"),
                                ("How often does the steering group meet?", "often")):
            plan = self.qu.plan(question)
            assert plan.qtype == "when" and all(frame not in g for g in plan.key_terms), question
            assert any("mødes" in g or "meet" in g for g in plan.key_terms), question

    def test_the_frame_of_a_how_long_question_is_no_key_term(self):
        for question, frame in (("hvor lang tid tager oplæringen", {"lang", "tid"}), ("hvor snart sendes planen", {"snart"}),
                                ("How long can a patient stay in an acute bed?", {"long"}), ("How fast does the team come?", {"fast"})):
            plan = self.qu.plan(question)
            assert plan.qtype == "when" and not frame & {t for g in plan.key_terms for t in g}, question

    def test_the_frame_of_an_age_question_is_no_key_term(self):
        for question, frame in (("hvor gamle skal borgerne være for at få tilbuddet?", {"gamle"}),
                                ("What is the age limit for the offer?", {"age", "limit"}),
                                ("Hvad er aldersgrænsen for tilbuddet?", {"aldersgrænsen"})):
            plan = self.qu.plan(question)
            assert plan.qtype == "number" and plan.unit is not None and plan.unit.kind == "age", question
            assert not frame & {t for g in plan.key_terms for t in g}, question

    def test_the_frame_of_a_distance_question_and_its_bound_are_no_key_terms(self):
        for question, frame in (("hvor langt må der højst være til lægen?", {"langt", "højst"}),
                                ("How far is it at most to the hospital?", {"far", "most"}),
                                ("Hvad er afstanden til sygehuset?", {"afstanden"})):
            plan = self.qu.plan(question)
            assert plan.qtype == "number" and plan.unit is not None and plan.unit.kind == "distance", question
            assert not frame & {t for g in plan.key_terms for t in g}, question
        # how far back in time, how far a piece of work has come: no distance
        for question in ("hvor langt tilbage kan man se recepterne?", "hvor langt er man nået med planen?"):
            unit = self.qu.plan(question).unit
            assert unit is None or unit.kind != "distance", question
        # a bound with no measure asked stays a word of the question
        assert any("mindst" in g for g in self.qu.plan("skal der mindst være to sygeplejersker?").key_terms)

    def test_abbreviation_expanded_both_ways(self):
        assert "fælles medicinkort" in self.qu.plan("hvem opdaterer FMK?").lexical_text.lower()
        assert "fmk" in self.qu.plan("hvem opdaterer fælles medicinkort?").lexical_text.lower()
        assert ("fælles medicinkort", "fmk") in self.qu.plan("hvem opdaterer fælles medicinkort?").key_terms

    def test_english_words_apart_match_the_danish_compound_of_their_terms(self):
        qu = QueryUnderstanding({**COUNTS, "familie": 6, "klinik": 3, "familieklinikken": 2}, learn_glossary([]))
        plan = qu.plan("Who pays for the family clinic?")
        assert [g for g in plan.key_terms if "familieklinikken" in g] == [g for g in plan.key_terms if "family" in g or "clinic" in g]
        assert len([g for g in plan.key_terms if "familieklinikken" in g]) == 2

    def test_a_hyphenated_english_word_nothing_translates_whole_is_read_as_its_words_apart(self):
        qu = QueryUnderstanding({**COUNTS, "fald": 5, "forebyggelse": 7, "faldforebyggelse": 2}, learn_glossary([]))
        plan = qu.plan("Who offers fall-prevention for older citizens?")
        parts = [g for g in plan.key_terms if "fall" in g or "prevention" in g]
        assert len(parts) == 2 and all("faldforebyggelse" in g for g in parts)
        assert not any("fall-prevention" in g for g in plan.key_terms)
        # a word the list translates whole, and one with a number, stay whole
        whole = qu.plan("Who does the follow-up before end-2017?")
        assert any("opfølgning" in g and "follow-up" in g for g in whole.key_terms)
        assert any("end-2017" in g for g in whole.key_terms) and not any("2017" in g for g in whole.key_terms)

    def test_a_phrase_of_the_list_is_found_in_any_of_its_words_forms(self):
        # "follow up" and "take part" are listed; "followed up" and "took part" say them too
        for question, danish in (("How often is the plan followed up?", "følge op"), ("Who took part in the meeting?", "deltage"),
                                 ("Who is taking part in the project?", "deltage")):
            plan = self.qu.plan(question)
            assert any(danish in g for g in plan.key_terms), question
            assert not plan.soft, question  # "followed", "took": no word left untranslated

    def test_english_terms_translated_for_lexical_leg(self):
        plan = self.qu.plan("Who is responsible for rehabilitation after discharge?")
        assert plan.lang == "en"
        assert "genoptræning" in plan.lexical_text and "udskrivelse" in plan.lexical_text
        assert any("genoptræning" in g and "rehabilitation" in g for g in plan.key_terms)
        # the embedding reads the English question with its Danish interrogative and terms beside it
        assert plan.dense_text.startswith("Who is responsible") and "hvem" in plan.dense_text.split()
        assert "genoptræning" in plan.dense_text

    def test_follow_up_uses_previous_turn(self):
        plan = self.qu.plan("og hvad med kommunen?", ["hvem står for dosisdispensering efter udskrivelse?"])
        assert "dosisdispensering" in plan.standalone and "kommunen" in plan.standalone

    def test_the_plan_says_what_a_number_or_payer_question_asks(self):
        unit = self.qu.plan("hvor mange kommuner tilbyder genoptræning?").unit
        assert unit is not None and unit.kind == "thing" and any("kommuner" in g for g in unit.groups)
        assert self.qu.plan("Hvem betaler for genoptræning?").unit.kind == "money"
        assert self.qu.plan("Skal borgeren selv betale for genoptræning?").unit.kind == "money"
        assert self.qu.plan("Hvad skal borgeren betale for hjælpemidler?").unit.kind == "money"
        assert self.qu.plan("Hvornår skal kommunen betale regningen?").unit is None  # a time is asked, not a payer
        assert self.qu.plan("Hvem tilbyder genoptræning?").unit is None
        assert self.qu.plan("Hvornår starter genoptræning?").unit is None

    def test_who_pays_is_answered_by_a_sentence_of_costs_too(self):
        # "afholder udgiften til genoptræning" names who pays as "betaler for genoptræning" does
        for q in ("Hvem betaler for genoptræning?", "Who pays for rehabilitation?"):
            plan = self.qu.plan(q)
            assert plan.unit.kind == "money" and any("genoptræning" in g for g in plan.key_terms)
            paying = next(g for g in plan.key_terms if any(alt.startswith(("betal", "pay")) for alt in g))
            assert "udgift" in paying
        yes_no = self.qu.plan("Betaler kommunen for genoptræning?").key_terms  # a yes/no question keeps its own words
        assert not any("udgift" in g for g in yes_no)

    def test_whether_one_pays_is_answered_by_a_sentence_of_free_care(self):
        # "Forløbet er gratis for borgeren" answers whether the citizen pays: the word of paying takes the words of
        # free care, and the search looks for them; who pays is no such question
        for q in ("Skal borgeren selv betale for genoptræning?", "Does the citizen pay for rehabilitation?"):
            plan = self.qu.plan(q)
            paying = next(g for g in plan.key_terms if any(alt.startswith(("betal", "pay")) for alt in g))
            assert "gratis" in paying and "gratis" in plan.lexical_text.split()
        assert not any("gratis" in g for g in self.qu.plan("Hvem betaler for genoptræning?").key_terms)
        costs = self.qu.plan("Koster det noget at få genoptræning?")  # a cost asked of, no word of paying
        assert costs.unit is not None and costs.unit.kind == "money" and "gratis" in costs.lexical_text.split()

    def test_a_named_region_scopes_the_question_and_is_no_key_term(self):
        # the region's agreement seldom names the region in a sentence: as a term it would only lower
        # the coverage of the sentences that answer, so the question keeps the terms it has without it
        plain = self.qu.plan("Who is responsible for rehabilitation after discharge?")
        for q in ("Who is responsible for rehabilitation after discharge in the Central Denmark Region?",
                  "Who in Central Jutland is responsible for rehabilitation after discharge?"):
            plan = self.qu.plan(q)
            assert plan.key_terms == plain.key_terms and plan.regions == ("Midtjylland",)
            assert "midtjylland" not in plan.lexical_text
        da = self.qu.plan("hvem står for genoptræning i region midt")
        assert da.key_terms == self.qu.plan("hvem står for genoptræning").key_terms and da.regions == ("Midtjylland",)

    def test_a_word_for_the_kind_of_answer_is_no_key_term_in_either_language(self):
        # "frist", "antal", "andel" say what is asked (a time limit, a count, a share), which a quote states in its
        # own way ("senest 3 hverdage"); as a term the documents may never use, it made a right quote look unsupported
        for q, asked in (("Hvilken frist gælder for genoptræningsplanen?", "when"),
                         ("Hvad er tidsfristen for genoptræningsplanen?", "when"),
                         ("Hvad er antallet af genoptræningsplaner?", "number"),
                         ("Hvor stor en andel af genoptræningsplanerne sendes samme dag?", "number")):
            plan = self.qu.plan(q)
            flat = {t for g in plan.key_terms for t in g}
            assert plan.qtype == asked and not {"frist", "tidsfristen", "antallet", "andel"} & flat, q
            assert any(w in plan.lexical_text for w in ("frist", "tidsfristen", "antallet", "andel"))  # still searched
        assert not any("deadline" in g for g in self.qu.plan("What is the deadline for the plan?").key_terms)  # as in English
        # a price: "er gratis", "400.000 kr." answer "koster det noget", which no quote need say with "koste"
        for q in ("Koster det noget at være på hospice?", "Hvad koster en plads på hospice?", "Hvad er prisen for en plads?"):
            flat = {t for g in self.qu.plan(q).key_terms for t in g}
            assert not {"koster", "prisen"} & flat and ("hospice" in flat or "plads" in flat), q
            assert any(w in self.qu.plan(q).lexical_text for w in ("koster", "prisen"))

    def test_a_region_inside_a_bodys_name_stays_a_term(self):
        plan = self.qu.plan("Hvem er formand for PLO-Midtjylland?")
        assert any("plo-midtjylland" in g for g in plan.key_terms)

    def test_standalone_question_is_left_alone(self):
        q = "Hvornår skal kommunen tilbyde genoptræning efter udskrivelse?"
        assert self.qu.plan(q, ["hvem står for dosisdispensering?"]).standalone == q


@pytest.mark.parametrize(
    ("q", "expected"),
    [("Hvad er forskellen på Midtjylland og Hovedstaden om akutpladser?", True),
     ("Do both the 2015-2018 agreement and the 2019-2023 proposal mention smoking?", True),
     ("hvad siger aftalerne om rygning i 2015-2018 og 2019-2023", True),
     ("Hvem står for dosisdispensering efter udskrivelse?", False)],
)
def test_comparison_questions(q, expected):
    from assistant.query import is_comparison

    assert is_comparison(q) is expected


class TestGeneralDanishMatching:
    """Compounds, derivations and inflections from the index's own words; no per-question entries."""

    COUNTS = {**COUNTS, "plan": 14, "planer": 3, "genoptræningsplan": 8, "henvise": 6, "henvisning": 9, "henvisningen": 4,
              "vurdere": 5, "vurdering": 7, "behandle": 4, "behandling": 12, "koordinere": 3, "koordinering": 5,
              "planlægge": 3, "planlægning": 6, "tilrettelægge": 2, "tilrettelægning": 3, "udskrive": 3}

    def setup_method(self):
        from foundation.text.morphology import (
            Morphology,
            learn_suffix_rules,
            stem_forms,
        )

        rules = learn_suffix_rules(stem_forms(self.COUNTS), min_bases=3)
        self.qu = QueryUnderstanding(self.COUNTS, {}, Morphology(self.COUNTS, rules))

    def test_compound_in_the_question_also_matches_its_parts_apart(self):
        plan = self.qu.plan("hvem laver genoptræningsplanen")
        assert any(alt.startswith("genoptræning plan") for g in plan.key_terms for alt in g)
        plan = self.qu.plan("hvem laver genoptræningsplan")
        assert any("genoptræningsplan" in g and "genoptræning plan" in g for g in plan.key_terms)

    def test_words_apart_in_the_question_also_match_the_compound(self):
        plan = self.qu.plan("hvornår laves planen for genoptræning")
        assert any("genoptræningsplan" in g for g in plan.key_terms)

    def test_verb_matches_its_noun(self):
        plan = self.qu.plan("hvem skal henvise borgeren")
        assert any("henvise" in g and "henvisning" in g for g in plan.key_terms)

    def test_an_unknown_derivation_matches_the_known_word_of_its_base(self):
        from foundation.text.morphology import (
            Morphology,
            learn_suffix_rules,
            stem_forms,
        )

        counts = {**self.COUNTS, "udviklingshæmning": 1}
        qu = QueryUnderstanding(counts, {}, Morphology(counts, learn_suffix_rules(stem_forms(counts), min_bases=3)))
        plan = qu.plan("hvad gør man for udviklingshæmmede med psykisk sygdom")
        assert ("udviklingshæmmede", "udviklingshæmning") in plan.key_terms

    def test_no_synonym_entry_fitted_to_one_question(self):
        from assistant import query

        assert not hasattr(query, "DA_SYNONYMS") and not hasattr(query, "EN_DA")
        assert "stoppes" not in query.GENERAL_SYNONYMS and "fristen" not in query.GENERAL_SYNONYMS


def test_the_five_regions_are_known_in_both_languages():
    from assistant.query import named_regions

    assert named_regions("Hvad siger Region Nordjylland om akutpladser?") == ("Nordjylland",)
    assert named_regions("What does the Region of Southern Denmark say?") == ("Syddanmark",)
    assert named_regions("Zealand and the Capital Region") == ("Hovedstaden", "Sjælland")
    # the names English speakers use most ("North Jutland", "Mid-Jutland", "the Central Region")
    assert named_regions("How many members does the committee have in North Jutland?") == ("Nordjylland",)
    assert named_regions("What does the Mid-Jutland agreement say?") == ("Midtjylland",)
    assert named_regions("in the Central Region and in South Denmark") == ("Midtjylland", "Syddanmark")


def test_a_region_is_named_in_the_possessive_and_as_ingest_reads_a_documents_region():
    from assistant.query import named_regions

    assert named_regions("Hvornår udløber Region Nordjyllands sundhedsaftale?") == ("Nordjylland",)
    assert named_regions("Who leads the Capital Region's telemedicine work?") == ("Hovedstaden",)
    assert named_regions("hvad siger aftalerne i region midt om rygning") == ("Midtjylland",)
    assert named_regions("Hvad vil det syddanske udspil med genoptræning?") == ("Syddanmark",)
    assert named_regions("Hvad gør kommunerne i Nordsjælland?") == ()  # a part of a region is not the region


def test_a_range_typed_with_a_hyphen_also_matches_one_printed_with_an_en_dash():
    from assistant.candidates import holds_group
    plan = QueryUnderstanding({"målene": 3, "nået": 2, "rygere": 1}, {}).plan("hvor mange af målene i sundhedsaftalen 2024-2027 er nået?")
    period = next(g for g in plan.key_terms if "2024-2027" in g)
    assert "2024\u20132027" in period
    assert holds_group(period, "Sundhedsaftalen 2024\u20132027 mellem Region Midtjylland og kommunerne")
    assert "2024\u20132027" not in plan.lexical_text  # the search tokens already split the range's numbers
