"""Danish word relations learnt from a vocabulary: suffix rules, derivations, compounds both ways."""

from __future__ import annotations

from foundation.text.morphology import Morphology, learn_suffix_rules, other_prefix, stem_forms

# A small vocabulary where -ning derivations and -t participles recur on several bases.
COUNTS = {
    "henvise": 6, "henviser": 3, "henvisning": 9, "henvisningen": 4,
    "vurdere": 5, "vurdering": 7, "behandle": 4, "behandling": 12, "koordinere": 3, "koordinering": 5,
    "planlægge": 3, "planlægning": 6, "forebygge": 4, "forebyggelse": 8, "tilrettelægge": 2, "tilrettelægning": 3,
    "aftale": 30, "aftaler": 12, "aftalerne": 5, "aftalt": 4, "fastlagt": 2, "fastlægge": 3, "opgave": 9, "opgaver": 7,
    "genoptræning": 20, "plan": 14, "planer": 3, "genoptræningsplan": 8, "genoptræningsplaner": 2,
    "udskrivelse": 11, "udskrive": 3, "udskrives": 4, "kommune": 40, "kommunen": 30,
}


def test_suffix_rules_are_learnt_from_recurring_pairs() -> None:
    rules = learn_suffix_rules(stem_forms(COUNTS), min_bases=3)
    assert ("", "ning") in rules or ("", "ing") in rules


def test_a_rule_seen_on_too_few_bases_is_not_kept() -> None:
    assert learn_suffix_rules(stem_forms({"henvise": 2, "henvisning": 2}), min_bases=2) == []


def test_derivation_links_verb_and_noun_both_ways() -> None:
    m = Morphology(COUNTS, learn_suffix_rules(stem_forms(COUNTS), min_bases=3))
    assert "henvisning" in m.related_forms("henvise")
    assert any(f.startswith("henvis") and f != "henvisning" for f in m.related_forms("henvisningen"))


def test_compound_split_prefers_real_words() -> None:
    m = Morphology({**COUNTS, "genoptræ": 1, "ningsplan": 1})
    assert m.split("genoptræningsplan") == ("genoptræning", "plan")
    assert m.split("kommune") is None


def test_words_apart_are_joined_in_either_order() -> None:
    m = Morphology(COUNTS)
    assert m.join("plan", "genoptræning") == "genoptræningsplan"
    assert m.join("genoptræning", "plan") == "genoptræningsplan"
    assert m.join("plan", "kommune") is None


def test_an_unknown_derivation_finds_the_known_word_of_its_base() -> None:
    counts = {**COUNTS, "udviklingshæmning": 1, "videreudvikle": 3, "videreudvikling": 2}
    m = Morphology(counts, learn_suffix_rules(stem_forms(counts), min_bases=3))
    assert m.same_base("udviklingshæmmede") == ["udviklingshæmning"]
    # another last part of a compound is another word, not an ending
    assert m.same_base("videreuddanne") == []
    # a word the vocabulary knows keeps its own forms only
    assert m.same_base("henvisning") == []


def test_a_form_the_documents_never_use_reaches_theirs_through_its_dictionary_form() -> None:
    counts = {**COUNTS, "indlæggelse": 9, "indlæggelsen": 4, "indlægges": 3, "formand": 5, "børn": 6, "barn": 2}
    m = Morphology(counts, learn_suffix_rules(stem_forms(counts), min_bases=3))
    assert "indlæggelse" in m.lemma_forms("indlagt")  # a vowel change: indlagt -> indlægge
    assert m.lemma_forms("formænd") == ["formand"]
    assert m.lemma_forms("børn") == []  # a word the documents use keeps its own forms
    assert m.lemma_forms("hjemmeplejen") == []  # the same stem: nothing the stem does not already give


def test_a_strong_verbs_participle_reaches_its_verbs_forms_though_the_documents_use_it() -> None:
    # "udskrevet" is in the documents, but only its verb's forms reach "udskrivelsen" (a vowel change); a participle
    # whose own base makes a verb the documents use ("aftalt": "aftale") keeps its forms, whatever the lexicon says
    counts = {**COUNTS, "udskrevet": 7, "aftalt": 4, "aftale": 9, "aftaler": 3,
              "børn": 6, "barn": 2}
    m = Morphology(counts, learn_suffix_rules(stem_forms(counts), min_bases=3))
    assert "udskrive" in m.lemma_forms("udskrevet")  # and through it its nouns (the index's own forms)
    assert m.strong_participle("udskrevet", "udskrive")
    assert not m.strong_participle("aftalt", "aftælle")  # the documents' own verb on its base
    assert m.lemma_forms("aftalt") == []
    assert m.lemma_forms("børn") == []  # no participle: a word the documents use keeps its own forms
    assert not m.strong_participle("fundet", "fund")  # a noun's dictionary form is no verb's


def test_a_form_seen_once_relates_where_it_is_a_known_danish_word() -> None:
    # "Jobcenter" once in a small document's table reaches "jobcentret" of another; a damaged fragment seen once,
    # unknown to the general word list, does not
    counts = {**COUNTS, "jobcentret": 3, "jobcenter": 1, "genoptræningsplanr": 1}
    m = Morphology(counts, [("", "r")])
    assert "jobcenter" in m.related_forms("jobcentret")
    assert "genoptræningsplanr" not in m.related_forms("genoptræningsplan")
    assert "genoptræningsplanr" in Morphology({**counts, "genoptræningsplanr": 2}, [("", "r")]).related_forms("genoptræningsplan")


def test_a_base_with_another_particle_is_no_near_word():
    """"udskrevet" (discharged) is the embedder's nearest to "underskrevet" (signed) by its form; Danish reads another
    particle or first part as another word. A synonym shares no such ending, a compound's head is the word itself."""
    assert other_prefix("underskrevet", "udskrevet") and other_prefix("underskrevet", "indskrevet")
    assert not other_prefix("stoppes", "pauseres")  # a synonym
    assert not other_prefix("drikker", "dyrker")  # alike by three letters only
    assert not other_prefix("hjemmesygepleje", "sygepleje")  # the compound's head
    assert not other_prefix("udskrevet", "udskrevet")


def test_a_compound_of_two_words_is_found_whatever_the_last_part_s_ending() -> None:
    m = Morphology({**COUNTS, "familiehuset": 2, "familieambulatoriet": 3, "familie": 4, "hus": 2, "ambulatorium": 1,
                    "plejehjem": 3, "hjemmepleje": 9, "hjem": 4, "pleje": 6})
    assert m.compounds_of("familie", "hus") == ["familiehuset"]
    assert m.compounds_of("familie", "ambulatorium") == ["familieambulatoriet"]  # the stemmer keeps "-ium"
    assert m.compounds_of("pleje", "hjem") == ["plejehjem"]  # the first word first: never "hjemmepleje"
    assert m.compounds_of("familie", "plan") == []


def test_a_verbs_noun_in_ation_is_a_derivation_and_a_compounds_linked_word_is_no_ending() -> None:
    counts = {
        "dokumentere": 3, "dokumentation": 5, "koordinere": 3, "koordination": 4, "informere": 2, "information": 6,
        "kommunikere": 2, "kommunikation": 5, "organisere": 2, "organisation": 4, "reparere": 2, "reparation": 2,
        "plan": 9, "genoptræning": 6, "genoptræningsplan": 3, "behandling": 5, "behandlingsplan": 3, "pleje": 4,
        "plejeplan": 2, "træning": 4, "træningsplan": 2, "indsats": 3, "indsatsplan": 2, "handling": 3, "handlingsplan": 3,
    }
    rules = learn_suffix_rules(stem_forms(counts), min_bases=3)
    assert ("", "ation") in rules
    assert not [r for r in rules if "plan" in r[0] or "plan" in r[1]]  # "-splan" is "plan" after a linking s
    assert "reparation" in Morphology(counts, rules).related_forms("reparere")
