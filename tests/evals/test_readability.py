"""The readability counts (evals/readability.py): first sentence, whole sentences, Ja/Nej polarity."""

from __future__ import annotations

from evals.readability import (
    first_sentence,
    names_gold,
    polarity,
    typed_lead,
    whole_sentence,
)


def test_first_sentence_is_the_lead_line_or_the_first_quote():
    assert first_sentence("Ansvarlig ifølge aftalerne: Kommunerne. Kommunerne skal sikre det. [1]") == (
        "Ansvarlig ifølge aftalerne: Kommunerne.")
    assert first_sentence("Der er ca. 55.000 børn i regionen. [1] Mere.") == "Der er ca. 55.000 børn i regionen."
    assert first_sentence("The agreements say (quoted in Danish): “Borgere kontaktes senest 3 hverdage.” [1]") == (
        "Borgere kontaktes senest 3 hverdage.")


def test_whole_sentence_finds_the_cut_ones():
    text = "Intro her. Telefonen har åbent alle dage kl. 17-19.\nSe www.region.rm.dk) for mere. Næste linje"
    s = text.index("Telefonen")
    assert whole_sentence(text, s, text.index("17-19") + 6)
    assert not whole_sentence(text, s, text.index(" 17-19"))  # stops on "kl."
    assert not whole_sentence(text, text.index(".dk)"), text.index("mere.") + 5)  # starts on punctuation
    assert not whole_sentence(text, text.index("åbent"), text.index("17-19") + 6)  # starts inside
    notes = "Brødtekst slutter her.\n4 Det Fælles Medicinkort er en database.\nmed 4 Kilder. Og mere."
    assert whole_sentence(notes, notes.index("Det Fælles"), notes.index("database.") + 9)  # a footnote, quoted without its number
    assert not whole_sentence(notes, notes.index("Kilder"), notes.index("Kilder.") + 7)  # a number inside a sentence is no footnote mark
    count = "Indledning.\n20 KOL-patienter blev genindlagt."
    assert not whole_sentence(count, count.index("KOL"), len(count))  # a count cut off its sentence
    items = "Mål 1.\na) Alle kommuner sikrer kompetencer.\nb) alle kommuner har indsats i drift."
    assert whole_sentence(items, items.index("a)"), items.index("kompetencer.") + 12)  # a lettered item is whole
    assert not whole_sentence(items, items.index("b)"), len(items))  # its own first word lower-case: a lost beginning


def test_polarity_reads_the_first_word():
    assert polarity("Ja, ifølge aftalerne: …") == "ja" and polarity("No, according to …") == "nej"
    assert polarity("Kommunen sørger for det.") == ""


def test_a_typed_lead_is_read_and_held_against_the_gold():
    assert typed_lead("Ansvarlig ifølge aftalerne: egen læge. Efter udskrivelse kan egen læge evt. genopstarte. [1]") == (
        "actor", "egen læge")
    assert typed_lead("Responsible according to the agreements: “Hospitalerne”. The agreements say … [1]") == (
        "actor", "Hospitalerne")
    assert typed_lead("Tidspunkt ifølge aftalerne: den 12. juni 2018. Mødet holdes i Viborg. [1]") == ("time", "den 12. juni 2018")
    assert typed_lead("Share according to the agreements: “15 %”. The agreements say … [1]") == ("number", "15 %")
    assert typed_lead("Kommunerne sender rapporten. [1]") is None
    assert names_gold("Kommuner og praktiserende læger", ["praktiserende læger"])
    assert names_gold("Regionen", ["Regionen godtgører"])  # the gold term holds the actor
    assert not names_gold("Kommunerne", ["behandlingspsykiatrien", "praktiserende læger"])
