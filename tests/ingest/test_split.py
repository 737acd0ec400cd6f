"""The splitter: headings, sentences, chunk bounds and citations."""

from __future__ import annotations

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from foundation.records import CleanDocument, DocMeta, LoadedDocument, Page
from foundation.text.sentences import split_sentences
from ingest.split import SECTION_SEPARATOR, detect_heading, split, units


def _doc(text: str, pages: list[str] | None = None) -> CleanDocument:
    if pages is None:
        src = LoadedDocument("t.txt", "t.txt", "0" * 64, DocMeta("Testaftale"), (Page(None, text),), False)
        return CleanDocument(src, text, tuple(range(len(text))))
    src = LoadedDocument("t.pdf", "t.pdf", "0" * 64, DocMeta("Testaftale"), tuple(Page(i + 1, p) for i, p in enumerate(pages)), True)
    raw = src.raw
    return CleanDocument(src, raw, tuple(range(len(raw))))


class TestDetectHeading:
    def test_numbered(self):
        h = detect_heading("2.3.1 Medicin ved udskrivelse")
        assert h is not None and h.level == 3 and h.number == (2, 3, 1)

    def test_numbered_with_dot(self):
        h = detect_heading("5. Sammenhængende forløb")
        assert h is not None and h.level == 1

    def test_markdown(self):
        h = detect_heading("## Ambitiøse mål")
        assert h is not None and h.level == 2 and h.title == "Ambitiøse mål"

    def test_short_title_line(self):
        assert detect_heading("Særligt om dosisdispensering") is not None

    def test_body_sentence_is_not_heading(self):
        assert detect_heading("Kommunen skal sikre genoptræning inden for 7 dage.") is None
        assert detect_heading("Egen læge kan genopstarte dosisdispenseringen") is None

    def test_heading_printed_twice_is_read_once(self):
        h = detect_heading("4. Træning4. Træning")
        assert h is not None and h.title == "4. Træning" and h.number == (4,)

    def test_footnote_is_not_heading(self):
        assert detect_heading("9 Marianne Lisby, ”Stafet”, præsentation") is None

    def test_year_is_not_heading(self):
        assert detect_heading("2015 Aftalen træder i kraft") is None

    def test_bullet_is_not_heading(self):
        assert detect_heading("• Sammen om ældre borgere") is None

    def test_an_appendix_is_a_top_level_heading(self):
        h = detect_heading("Bilag 1. Tidsfrister i overblik")
        assert h is not None and h.level == 1 and h.number == ()
        assert detect_heading("Appendix B Glossary").level == 1
        assert detect_heading("Bilag 1 beskriver fristerne.") is None
        assert detect_heading("Bilag i overblik").level == 99  # a title, but no appendix's number or letter

    def test_an_appendix_after_a_numbered_section_is_under_no_chapter(self):
        text = (
            "10. Organisering\n10.3 Uenighed og revision\nUenighed løses i styregruppen.\n"
            "Bilag 1. Tidsfrister i overblik\nGenoptræningsplanen sendes senest på udskrivningsdagen.\n"
            "Bilag 2. Ordliste\nEn plejeforløbsplan beskriver borgerens behov.\n"
        )
        chunks = split(_doc(text), min_chars=20, max_chars=80, overlap=0)
        sections = {c.text.split("\n")[-1]: c.section for c in chunks}
        assert sections["Genoptræningsplanen sendes senest på udskrivningsdagen."] == "Bilag 1. Tidsfrister i overblik"
        assert sections["En plejeforløbsplan beskriver borgerens behov."] == "Bilag 2. Ordliste"


class TestSentences:
    def test_abbreviations_guarded(self):
        text = "Det gælder bl.a. børn og unge, jf. aftalen. Kommunen betaler ca. 50 kr. pr. borger. Regionen skal følge op."
        spans = split_sentences(text)
        got = [text[s:e] for s, e in spans]
        assert got == [
            "Det gælder bl.a. børn og unge, jf. aftalen.",
            "Kommunen betaler ca. 50 kr. pr. borger.",
            "Regionen skal følge op.",
        ]

    def test_a_list_item_that_opens_lower_case_keeps_its_whole_sentences_apart(self):
        # "- behandling …": a line whose beginning the extraction lost; the sentence after it is whole
        text = ("6.6. Respirationspatienter i eget hjem\n- behandling i hjemmet og tilknyttes hjælpere. "
                "Ofte kræver disse borgere hjælp fra deres bopælskommune.\n• Kommunen skal sikre x. Det gælder y.\n- at sikre z")
        got = [text[u.start:u.end] for u in units(text) if not u.is_heading]
        assert got == [
            "- behandling i hjemmet og tilknyttes hjælpere.",
            "Ofte kræver disse borgere hjælp fra deres bopælskommune.",
            "• Kommunen skal sikre x. Det gælder y.",  # an item that opens a sentence stays whole
            "- at sikre z",
        ]

    def test_a_list_of_people_is_entries_not_headings(self):
        # a signature block: each "name, role" line says who someone is; a lone one stays a title
        text = ("Styregruppen for projektet\nMarianne Holt, borgmester Egeby Kommune (formand)\n"
                "Peter Aaby Lund, regionsrådet\nSidsel Kragh, praktiserende læge\nNæste afsnit\n"
                "Karen Bech, sygeplejerske\nDer er aftalt et møde.")
        got = [(text[u.start:u.end], u.is_heading) for u in units(text)]
        assert got == [
            ("Styregruppen for projektet", True),
            ("Marianne Holt, borgmester Egeby Kommune (formand)", False),
            ("Peter Aaby Lund, regionsrådet", False),
            ("Sidsel Kragh, praktiserende læge", False),
            ("Næste afsnit", True),
            ("Karen Bech, sygeplejerske", True),
            ("Der er aftalt et møde.", False),
        ]

    def test_a_postal_address_over_several_lines_is_one_unit(self):
        text = ("Kontakt\nSundhedssekretariatet\nEgeby Rådhus\nTorvegade 12\n4700 Egeby\n"
                "Sekretariatet svarer på hverdage.\n2015 Aftalen træder i kraft.")
        got = [(text[u.start:u.end], u.is_heading) for u in units(text)]
        assert ("Egeby Rådhus\nTorvegade 12\n4700 Egeby", False) in got
        assert ("Sundhedssekretariatet", True) in got  # the line before the building stays the block's title
        assert ("2015 Aftalen træder i kraft.", False) in got  # a year opening a sentence is no postcode

    def test_a_schedules_row_is_one_unit_with_its_date(self):
        # a timeline table read line by line: each dated line and the short lines under it state one event
        text = ("Tidsplan\n2. marts 2026 Møde i projektgruppen:\n• Kommissorium godkendes\n12. maj 2026\n10-12, Ringsted\n"
                "Præsentation af resultater\nUge 40 Rapporten afleveres\nEfter planen følger en evaluering.")
        got = [(text[u.start:u.end], u.is_heading) for u in units(text)]
        assert ("2. marts 2026 Møde i projektgruppen:", False) in got
        assert ("• Kommissorium godkendes", False) in got  # a list item under a row stays an item
        assert ("12. maj 2026\n10-12, Ringsted\nPræsentation af resultater", False) in got
        assert ("Uge 40 Rapporten afleveres", False) in got
        assert ("Efter planen følger en evaluering.", False) in got
        # one dated line alone is no schedule: the title under it stays a title
        lone = "1. januar 2026\nNy organisering\nKommunen overtager opgaven."
        assert ("Ny organisering", True) in [(lone[u.start:u.end], u.is_heading) for u in units(lone)]

    def test_a_number_a_clock_time_or_a_paragraph_labels_ends_a_sentence(self):
        # "22." after "kl. 8 og" is an hour, not an ordinal: the next sentence is another statement
        text = ("Teamet kan kontaktes alle dage mellem kl. 8 og 22. Hospice modtager borgere efter henvisning. "
                "Udskrivning sker mellem kl. 8 og kl. 15. Borgeren ringer senest kl. 15. Retten følger af § 84. "
                "Kommunen svarer den 22. Januar og i 3. Kvartal.")
        assert [text[s:e] for s, e in split_sentences(text)] == [
            "Teamet kan kontaktes alle dage mellem kl. 8 og 22.", "Hospice modtager borgere efter henvisning.",
            "Udskrivning sker mellem kl. 8 og kl. 15.", "Borgeren ringer senest kl. 15.", "Retten følger af § 84.",
            "Kommunen svarer den 22. Januar og i 3. Kvartal.",  # an ordinal stays one, whatever its next word
        ]

    def test_no_cut_before_lowercase(self):
        text = "Der er 3 mål. mv. og mere. Næste sætning."
        assert [text[s:e] for s, e in split_sentences(text)][-1] == "Næste sætning."


TEXT = """1. Baggrund
Sundhedsaftalen er den formelle ramme om samarbejdet mellem region, kommuner og almen praksis. Den gælder i perioden 2015-2018.
2. Sammenhængende forløb
2.1 Medicin
Efter udskrivelse kan egen læge genopstarte dosisdispenseringen. Hospitalet sender en epikrise til egen læge inden for 24 timer.
• Kommunen sørger for medicinhåndtering i eget hjem.
2.2 Genoptræning
Kommunerne skal tilbyde genoptræning til borgere med en genoptræningsplan."""


class TestSplit:
    def test_section_path_on_every_chunk(self):
        chunks = split(_doc(TEXT), min_chars=50, max_chars=200, overlap=0)
        assert chunks
        med = [c for c in chunks if "dosisdispenseringen" in c.text]
        assert med and med[0].section == SECTION_SEPARATOR.join(["2. Sammenhængende forløb", "2.1 Medicin"])
        gen = [c for c in chunks if "genoptræningsplan" in c.text]
        assert gen[0].section.endswith("2.2 Genoptræning")
        assert "2.1 Medicin" not in gen[0].section

    def test_spans_and_lines_point_into_the_document(self):
        doc = _doc(TEXT)
        for c in split(doc, min_chars=50, max_chars=200, overlap=0):
            assert doc.text[c.start : c.end] == c.text
            assert c.page_start is None
            assert 1 <= c.line_start <= c.line_end <= TEXT.count("\n") + 1

    def test_pages_from_pdf(self):
        pages = ["1. Indledning\n" + "Første side handler om aftalen. " * 20, "2. Ansvar\n" + "Kommunen har ansvaret for genoptræning. " * 20]
        chunks = split(_doc("", pages), min_chars=200, max_chars=600, overlap=0)
        assert chunks[0].page_start == 1
        assert chunks[-1].page_end == 2
        assert any(c.page_start == 2 and "Kommunen" in c.text for c in chunks)

    def test_ids_are_stable(self):
        a = split(_doc(TEXT), min_chars=50, max_chars=200)
        b = split(_doc(TEXT), min_chars=50, max_chars=200)
        assert [c.id for c in a] == [c.id for c in b]
        assert len({c.id for c in a}) == len(a)

    def test_heading_like_lines_that_end_the_document_close_its_last_chunk(self):
        # a timeline's last row read as a title: lost from the index if no chunk held it
        text = TEXT + "\nPræsentation af endelig rapport\nUge 46 Konsulenten afleverer rapport"
        chunks = split(_doc(text), min_chars=50, max_chars=400)
        assert chunks[-1].text.endswith("Uge 46 Konsulenten afleverer rapport")

    def test_embed_text_carries_title_and_section(self):
        c = split(_doc(TEXT), min_chars=50, max_chars=200)[1]
        assert c.embed_text().startswith("Testaftale › ")


_sentence = st.builds(
    lambda w, n: " ".join(w) + ("." if n else "!"),
    st.lists(st.sampled_from(["kommunen", "skal", "sikre", "genoptræning", "borgeren", "regionen", "inden", "for", "dage", "bl.a.", "ca.", "Egen", "læge"]), min_size=3, max_size=30),
    st.booleans(),
).map(lambda s: s[0].upper() + s[1:])
_line = st.one_of(
    st.lists(_sentence, min_size=1, max_size=8).map(" ".join),
    st.sampled_from(["2.1 Medicin", "# Mål", "Særligt om genoptræning", "• Kommunen sørger for transport."]),
)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line, min_size=1, max_size=40), st.integers(min_value=200, max_value=600))
def test_splitter_invariants(lines, min_chars):
    text = "\n".join(lines)
    max_chars = min_chars * 2
    doc = _doc(text)
    chunks = split(doc, min_chars=min_chars, max_chars=max_chars, overlap=1)
    sentence_spans = [(u.start, u.end) for u in units(text) if not u.is_heading]
    starts = {s for s, _ in sentence_spans} | {u.start for u in units(text)}
    ends = {e for _, e in sentence_spans} | {u.end for u in units(text)}
    covered = set()
    for c in chunks:
        assert c.text.strip(), "no empty chunks"
        assert doc.text[c.start : c.end] == c.text
        assert c.start in starts and c.end in ends, "chunks start and end on sentence boundaries"
        longest = max(e - s for s, e in sentence_spans if c.start <= s and e <= c.end)
        assert len(c.text) <= max(max_chars, longest + 200), "bounded unless one sentence alone is longer"
        covered |= {(s, e) for s, e in sentence_spans if c.start <= s and e <= c.end}
    assert covered == set(sentence_spans), "every sentence is in some chunk"
    assert [c.start for c in chunks] == sorted(c.start for c in chunks)
