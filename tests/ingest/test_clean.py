"""Step 2 of ingest: repairs of real extraction damage, legitimate forms kept, offset map."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foundation.records import PAGE_SEPARATOR, DocMeta, LoadedDocument, Page
from ingest.clean import clean, clean_text
from ingest.vocabulary import Vocabulary, build_vocabulary

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
REGION = "region-midtjylland-sundhedsaftale-2015-2018.txt"
KKR2013 = "kkr-midtjylland-2013-naere-sundhedsvaesen-fire-maalsaetninger.txt"
KKR2018 = "kkr-midtjylland-2018-udspil-sundhedsaftale-2019-2023.txt"
KKRH = "kkr-hovedstaden-2016-kkr-maal-for-sundhed.txt"
OPLAEG = "hovedstaden-oplaeg-sundhedsaftale-III-somatik.txt"
CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*.txt"))


@lru_cache(maxsize=None)
def raw_of(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def batch_vocabulary() -> Vocabulary:
    """What ingest checks repairs against when the five files are ingested together: their own words."""
    return build_vocabulary([raw_of(n) for n in CORPUS_FILES])


@lru_cache(maxsize=None)
def cleaned_of(name: str) -> tuple[str, tuple[int, ...]]:
    text, offsets = clean_text(raw_of(name), batch_vocabulary())
    return text, tuple(offsets)


def cleaned(snippet: str) -> str:
    return clean_text(snippet, batch_vocabulary().merged(build_vocabulary([snippet])))[0]


# (corpus file, damaged substring exactly as in the file, repaired form)
REPAIRS = [
    # line-break hyphenation, with and without blank lines between the parts
    (KKR2013, "det nære sund-\nhedsvæsen", "det nære sundhedsvæsen"),
    (KKR2013, "aftaler om kompeten-\n ceudvikling", "aftaler om kompetenceudvikling"),
    (KKR2013, "gøre dem mere selv-\n\nhjulpne.", "gøre dem mere selvhjulpne."),
    (KKR2013, "uhensigtsmæssi-\n\nge indlæggelser", "uhensigtsmæssige indlæggelser"),
    (REGION, "Sundhedsstyregruppen er et overord-\nnet forum", "Sundhedsstyregruppen er et overordnet forum"),
    (REGION, "Med ’vi’ i sundhedsaf-\n\ntalen menes", "Med ’vi’ i sundhedsaftalen menes"),
    (REGION, "sammenhæng og koor-\n\ndinering af indsatsen", "sammenhæng og koordinering af indsatsen"),
    (REGION, "beskæftigelses- og uddan-\n\nnelsesområdet.", "beskæftigelses- og uddannelsesområdet."),
    (REGION, "´Sundhedsstrategisk Ledel-\n\nse´ (link)", "´Sundhedsstrategisk Ledelse´ (link)"),
    (REGION, "forløbsprogrammer-\nne fortsættes", "forløbsprogrammerne fortsættes"),
    (REGION, "fælles mellem kommuner-\nne i klyngen", "fælles mellem kommunerne i klyngen"),
    (REGION, "implementeringsrækkefølgen for initiati-\n\nver i sundhedsaftalen.",
     "implementeringsrækkefølgen for initiativer i sundhedsaftalen."),
    (KKRH, "psykiatri-  \nske sundhedsområde", "psykiatriske sundhedsområde"),
    (KKRH, "fritidsaktivi-\n\nteter.", "fritidsaktiviteter."),
    # a hyphen before a digit or an abbreviation is real: keep it, drop the break
    (REGION, "i perioden 2015-\n\n2018.", "i perioden 2015-2018."),
    (KKR2018, "sundhedsaftalen 2019-\n\n2023.", "sundhedsaftalen 2019-2023."),
    (KKR2018, "SOSU- \nskolerne.", "SOSU-skolerne."),
    # the ff ligature printed as &
    (REGION, "vores indsatsers \ne&ekt.", "vores indsatsers effekt."),
    (REGION, "2.6. Di&erentieret indsats", "2.6. Differentieret indsats"),
    (REGION, "Redskab til di&erentiering.", "Redskab til differentiering."),
    (REGION, "e&ektive omkostningsniveau.", "effektive omkostningsniveau."),
    (REGION, "• E&ektivisere behandlingen.", "• Effektivisere behandlingen."),
    (REGION, "det er omkostningse&ektivt.", "det er omkostningseffektivt."),
    (REGION, "og e&ektueringer).", "og effektueringer)."),
    (REGION, "på e&ektmål for de kommunale", "på effektmål for de kommunale"),
    (REGION, "di&erentieret indsats) kan have brug", "differentieret indsats) kan have brug"),
    # words split by a stray space (and the splits a hyphenation left behind)
    (KKR2013, "de fire må lsætninger", "de fire målsætninger"),
    (KKR2013, "truffet beslu t-\n\nning om", "truffet beslutning om"),
    (KKR2013, "foreslåede pol i-\n\ntiske målsætninger", "foreslåede politiske målsætninger"),
    (KKR2013, "tolkebistand el ler andet", "tolkebistand eller andet"),
    (KKR2013, "indsats ift . faldforebyg-\n\ngelse.", "indsats ift. faldforebyggelse."),
    (REGION, "akutte indlæggelser kan forebygges , når vi", "akutte indlæggelser kan forebygges, når vi"),
    # hard-wrapped lines joined, across blank lines too
    (KKRH, "borgeren kan forblive i sit nærmiljø længst muligt, således\n\nat kun borgere",
     "borgeren kan forblive i sit nærmiljø længst muligt, således at kun borgere"),
    (KKRH, "Det vil stille os stærkere ift.\n\n\n\nudbydere af rusmiddelbehandling",
     "Det vil stille os stærkere ift. udbydere af rusmiddelbehandling"),
    (KKR2018, "input har vi i \n\nSundhedskoordinationsudvalget udarbejdet",
     "input har vi i Sundhedskoordinationsudvalget udarbejdet"),
    (KKR2018, "hvor der tænkes \n\n”ud af boksen”.", "hvor der tænkes ”ud af boksen”."),
    (KKR2013, "op til at inddrage Region \n\nMidtjylland som samarbejdspart",
     "op til at inddrage Region Midtjylland som samarbejdspart"),
    (REGION, "Det gode forløb er en \nfælles opgave \n– værdier og lederskab",
     "Det gode forløb er en fælles opgave – værdier og lederskab"),
    (REGION, "blev der i efteråret \n\n2013 gennemført", "blev der i efteråret 2013 gennemført"),
    (REGION, "(se \n\n4.2.3).", "(se 4.2.3)."),
    (OPLAEG,
     "I boksen neden for ses forslaget til fælleskommunal vision for den somatiske del af sundhedsaftale \n"
     "III. Herefter udfoldes elementerne i visionen.",
     "for den somatiske del af sundhedsaftale III. Herefter udfoldes"),
    # addresses broken at a line end
    (REGION, "på www.\n\nsundhedsaftalen.rm.dk)", "på www.sundhedsaftalen.rm.dk)"),
    (REGION, "brugen af sundhed.\ndk til frontpersonalet.", "brugen af sundhed.dk til frontpersonalet."),
    # bullets and markdown decoration
    (KKRH, "- ✓ Er ambitiøse, så de vil", "• Er ambitiøse, så de vil"),
    (KKRH, "## ✓ **Ambitiøse mål**", "## Ambitiøse mål"),
    (KKRH, "- Fra 2018 skal akutfunktionerne", "• Fra 2018 skal akutfunktionerne"),
    (KKR2018, "o At der tilvejebringes nye/eksterne midler", "• At der tilvejebringes nye/eksterne midler"),
    (REGION, "–  Fælles beskrivelse af kapacitet i kom-\nmunale akutfunktioner.",
     "• Fælles beskrivelse af kapacitet i kommunale akutfunktioner."),
    (KKRH, "klyngesamarbejde<sup>1</sup> og et stigende", "klyngesamarbejde og et stigende"),
    (KKRH, "Vi vil *sammen* gøre en forskel", "Vi vil sammen gøre en forskel"),
]


@pytest.mark.parametrize(("name", "damaged", "repaired"), REPAIRS, ids=[r[2][:40] for r in REPAIRS])
def test_real_damage_is_repaired(name: str, damaged: str, repaired: str) -> None:
    assert damaged in raw_of(name), "the case must be real: copied from the corpus"
    assert repaired in cleaned(damaged)
    assert repaired in cleaned_of(name)[0]


def test_a_space_left_where_a_footnote_marker_was_lifted_goes_after_a_number_too() -> None:
    assert "en del af Sundhedsaftalen 2027–2030. Den gælder" in cleaned("en del af Sundhedsaftalen 2027–2030 . Den gælder")
    assert "efter serviceloven, og" in cleaned("efter serviceloven , og")
    assert "kl. 8 .30" in cleaned("kl. 8 .30")  # no stop: a number's part


def test_the_table_is_large_enough() -> None:
    assert len(REPAIRS) >= 30


# Forms that must come out exactly as they went in.
UNTOUCHED = [
    "KKR-mål for sundhed",
    "ramme- og målsætningspapir",
    "beskæftigelses- og socialområder",
    "sundheds-, beskæftigelses- og socialområder",
    "Social- og sundhedsassistenter",
    "Ib Lauritsen, borgmester Ikast-Brande Kommune (næstformand)",
    "Christian Møller-Nielsen, regionsrådet",
    "næstformand PLO-Midtjylland",
    "fælles drift af akutteams mv.",
    "Triple Aim-tilgangen",
    "Triple Aim mind-settet",
    "det politiske kick-off om den nye sundhedsaftale",
    "specielt med ikke-psykotiske lidelser",
    "velfungerende sundheds-it afgørende",
    "i perioden 2015-2018",
    "2015 – 2018",
    "den 10.-11. januar 2013",
    "Kommunerne i hovedstadsregionen er meget forskellige, bl.a. i størrelse",
    "f.eks. hvad angår",
    "hjælpemidler o.lign.",
    "helroe@rm.dk.",
    "[www.fks-h.dk](http://www.fks-h.dk)",
    "http://www.kd-net.dk/media/2742822/Behovet-for-velfaerdsuddannede-i-Midtjylland-PIXI-Januar-2013-FINAL.pdf",
    "Den nære psykiatri omhandler borgerens hverdagsliv i et 0-100 års perspektiv,",
    "ca. 50 % af de ordinerede doser",
    "også selvom borgerens problemstilling er kompleks.",
    "Sundhedsaftalens parter skal derfor i fællesskab skabe",
    "I boksen neden for ses forslaget",
    "på tværs af kommuner i KKR-Hovedstaden med henblik på",
    # a real ampersand (not in this corpus, but in others)
    "R&D-afdelingen",
    "Sundhed & Omsorg",
    "B&O og AT&T",
    "Tom &amp; Jerry",
]


@pytest.mark.parametrize("form", UNTOUCHED)
def test_legitimate_forms_stay_untouched(form: str) -> None:
    assert cleaned(form) == form.strip()


@pytest.mark.parametrize("form", [f for f in UNTOUCHED if any(f in raw_of(n) for n in CORPUS_FILES)])
def test_legitimate_corpus_forms_survive_in_context(form: str) -> None:
    name = next(n for n in CORPUS_FILES if form in raw_of(n))
    assert form in cleaned_of(name)[0]


def test_the_untouched_list_is_large_enough() -> None:
    assert len(UNTOUCHED) >= 15
    assert sum(any(f in raw_of(n) for n in CORPUS_FILES) for f in UNTOUCHED) >= 15


# --- logical lines ----------------------------------------------------------------


def test_wrapped_paragraph_with_blank_lines_becomes_one_line() -> None:
    raw = (
        "Sundhedsaftalen er den formelle ramme om det tværsektorielle samarbejde i \n\n"
        "sundhedsvæsenet mellem region, kommuner og almen praksis i perioden 2015-\n\n"
        "2018. Sundhedsaftalens formål er at bidrage til at sikre sammenhæng og koor-\n\n"
        "dinering af indsatsen i de patientforløb, der går på tværs af hospitaler, almen \n\n"
        "praksis og kommune.\n"
    )
    text = cleaned(raw)
    assert "\n" not in text
    assert text == (
        "Sundhedsaftalen er den formelle ramme om det tværsektorielle samarbejde i sundhedsvæsenet mellem "
        "region, kommuner og almen praksis i perioden 2015-2018. Sundhedsaftalens formål er at bidrage til "
        "at sikre sammenhæng og koordinering af indsatsen i de patientforløb, der går på tværs af "
        "hospitaler, almen praksis og kommune."
    )


def test_a_name_after_a_blank_line_continues_a_full_line() -> None:
    raw = (
        "Modellen for opfølgende hjemmebesøg efter udskrivelse blev oprindeligt beskrevet af den svenske \n\n"
        "Socialstyrelsen i et notat fra 2009, og den er siden afprøvet i flere kommuner i regionen med gode \n\n"
        "resultater for de ældre borgere, der var i målgruppen for indsatsen i hele forsøgsperioden.\n\n"
        "Nordklyngen: Hospitalet i Nord, Brønderslev, Hjørring og Frederikshavn kommuner samt almen praksis\n\n"
        "Sydklyngen: Hospitalet i Syd, Aalborg, Rebild og Mariagerfjord kommuner samt praktiserende læger og\n\n"
        "hjemmesygeplejen i de fire kommuner.\n"
    )
    lines = cleaned(raw).split("\n")
    assert lines[0].startswith("Modellen for") and "svenske Socialstyrelsen i et notat" in lines[0]
    assert lines[0].endswith("hele forsøgsperioden.")
    assert lines[1].startswith("Nordklyngen:") and lines[2].startswith("Sydklyngen:")  # labelled items stay apart


def test_a_name_cut_by_the_line_break_is_joined() -> None:
    raw = (
        "Kommunerne har i flere år arbejdet med forebyggende hjemmebesøg, og det er nu aftalt med Ældre \n"
        "Sagen, at besøgene også skal tilbydes borgere over 75 år, der bor alene og ikke modtager hjemmehjælp.\n\n"
        "Status på hjemmebesøgene og deres effekt for borgerne følges hvert år af styregruppen for det nære \n"
        "Sundhedsvæsen i regionen, som også kan foreslå ændringer i målgruppen og i besøgenes indhold og form.\n\n"
        "Arbejdsgruppens kommuner:\n"
        "Aarhus, Randers og Viborg\n"
        "Herning\n"
    )
    lines = cleaned(raw).split("\n")
    assert lines[0].endswith("hjemmehjælp.") and "Ældre Sagen, at" in lines[0]
    assert lines[1].endswith("indhold og form.") and "det nære Sundhedsvæsen i regionen" in lines[1]
    assert lines[-2:] == ["Aarhus, Randers og Viborg", "Herning"]  # short lines of names stay apart


def test_a_name_cut_in_text_of_one_paragraph_per_line_is_joined() -> None:
    """No text width to go by (each line is a paragraph): a long line stopping inside a name joins the
    line that ends its sentence; a heading ending on a name, or a line that does not end a sentence, stays."""
    raw = (
        "Udvalget består af politiske repræsentanter fra henholdsvis regionen og kommunerne, samt repræsentanter fra Praktiserende\n"
        "Lægers Organisation i regionen.\n"
        "Styregruppen er det øverste administrative organ med repræsentanter fra kommuner, region og almen praksis, og den mødes hver måned i året.\n"
        "Samarbejde med Praktiserende\n"
        "Lægers Organisation er beskrevet i bilaget.\n"
        "Aftalen blev drøftet på et møde i efteråret med repræsentanter for de fem kommuner og for Danske\n"
        "Regioner\n"
    )
    lines = cleaned(raw).split("\n")
    assert lines[0].endswith("fra Praktiserende Lægers Organisation i regionen.")
    assert "Samarbejde med Praktiserende" in lines and "Lægers Organisation er beskrevet i bilaget." in lines  # a heading
    assert lines[-1] == "Regioner"  # the next line ends no sentence: no evidence it continues
    apart = (
        "4.1 Samarbejde om genoptræning efter udskrivning mellem kommunerne i regionen og KL\n\n"
        "Parterne har aftalt en fælles model.\n"
        "Vejledningen om genoptræning er revideret i 2024 og udgivet i en ny version af Sundhedsstyrelsen\n\n"
        "Den gælder for alle.\n"
    )
    lines = cleaned(apart).split("\n")
    assert "Parterne har aftalt en fælles model." in lines  # not pulled into the numbered heading
    assert "Den gælder for alle." in lines  # not across a blank line
    item = (
        "Parterne har aftalt en fælles model.\n"
        "• Samarbejdet omfatter genoptræning og rehabilitering mellem kommunerne, almen praksis og Regionen\n"
        "Den gælder fra 2025.\n"
    )
    assert cleaned(item).split("\n")[-1] == "Den gælder fra 2025."  # not pulled into the bullet item


def test_region_paragraph_is_one_logical_line() -> None:
    text = cleaned_of(REGION)[0]
    line = next(li for li in text.split("\n") if li.startswith("Sundhedsaftalen er den formelle ramme"))
    assert line.endswith("uanset antallet af kontakter eller karakteren af den indsats, der er behov for.")


HEADINGS = [
    (REGION, "2.3.1. Økonomiaftaler mellem Regeringen, regioner og kommuner"),
    (REGION, "2.4.1 Opfølgning på utilsigtede hændelser"),
    (REGION, "Indledning"),
    (REGION, "Værdier"),
    (REGION, "Vi sætter borgeren først"),
    (REGION, "Hvem, hvad og hvornår?"),
    (REGION, "Det gode forløb er en fælles opgave – værdier og lederskab"),
    (KKR2013, "1. Målsætning: Kommunerne skal medvirke til at forebygge uhensigtsmæssige indlæggelser og genindlæggelser"),
    (KKR2013, "Udgangspunkt for indfrielse af mål"),
    (KKR2018, "3.1 Fælles investering i forebyggelse"),
    (KKR2018, "Mere lighed i sundhed"),
    (OPLAEG, "3.2. Pleje og behandling"),
    (KKRH, "# Indledning"),
    (KKRH, "### KKR-mål om akutfunktioner"),
]


@pytest.mark.parametrize(("name", "heading"), HEADINGS)
def test_headings_stay_alone_on_their_line(name: str, heading: str) -> None:
    assert heading in cleaned_of(name)[0].split("\n")


def test_bullets_are_normalised_and_stay_separate() -> None:
    raw = "Mål: Vi vil derfor  \n• forbedre den mentale sundhed \n\n- Alle kommuner skal \nsikre adgang\n✓ Er ambitiøse\n"
    assert cleaned(raw) == "Mål: Vi vil derfor\n• forbedre den mentale sundhed\n• Alle kommuner skal sikre adgang\n• Er ambitiøse"


def test_a_schedules_dated_line_stays_a_line_of_its_own() -> None:
    # a narrow table read line by line: the next row's date does not continue the event before it
    raw = ("Sundhedsaftalen beskriver samarbejdet om borgere, der udskrives fra hospitalet til eget hjem.\n"
           "Temadag for ledere i hjemmeplejen\n3. september 2026\nEvalueringen præsenteres\n")
    assert cleaned(raw).split("\n")[1:] == ["Temadag for ledere i hjemmeplejen", "3. september 2026", "Evalueringen præsenteres"]
    # a wrapped sentence that ends open before its date goes on
    assert cleaned("Temadagen for ledere holdes den\n3. september 2026 i Odense.\n") == "Temadagen for ledere holdes den 3. september 2026 i Odense."


def test_a_tables_rows_stay_lines_of_their_own() -> None:
    # wide rows of a table in a text file look like a wrapped paragraph's lines; a row never continues another
    raw = ("Ydelse | Betales af | Bemærkning\nGenoptræningsplan | Regionen | Udarbejdes af sygehuset\n"
           "Kørsel til genoptræning | Kommunen | Efter visitation\n")
    assert cleaned(raw).split("\n") == ["Ydelse | Betales af | Bemærkning", "Genoptræningsplan | Regionen | Udarbejdes af sygehuset",
                                        "Kørsel til genoptræning | Kommunen | Efter visitation"]


def test_dash_continuing_a_sentence_is_no_bullet() -> None:
    raw = "gør brug af flere forskellige hospitaler \n- alt efter hvad de skal udredes for."
    assert cleaned(raw) == "gør brug af flere forskellige hospitaler - alt efter hvad de skal udredes for."


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_has_no_line_break_hyphens_or_empty_lines_left(name: str) -> None:
    text = cleaned_of(name)[0]
    assert not re.search(r"[^\W\d_]-\n[a-zæøå]", text)
    assert "\n\n" not in text
    assert not re.search(r" \n|\n | $|^ ", text)
    assert "  " not in text
    assert "&e" not in text
    assert unicodedata.is_normalized("NFC", text)


# --- characters ------------------------------------------------------------------------


def test_odd_characters_are_normalised() -> None:
    raw = "sund\u00adhed\u00a0og  tr\u200bivsel\r\nA\u030arhus ﬁnansiering \u2010 \u00a0\n"
    assert cleaned(raw) == "sundhed og trivsel\nÅrhus finansiering -"


def test_soft_hyphen_at_line_end_joins_the_word() -> None:
    assert cleaned("sundheds\u00ad\n\nvæsenet") == "sundhedsvæsenet"


# --- offsets ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_offsets_map_back_into_raw(name: str) -> None:
    raw = raw_of(name)
    text, offsets = cleaned_of(name)
    assert len(offsets) == len(text)
    assert all(a <= b for a, b in zip(offsets, offsets[1:]))
    assert 0 <= offsets[0] and offsets[-1] < len(raw)
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    copied = [i for i in letters[:: max(1, len(letters) // 2000)] if not _repaired_ff(text, i)]
    assert all(raw[offsets[i]] == text[i] for i in copied)


def _repaired_ff(text: str, i: int) -> bool:
    return text[i] == "f" and (text[i - 1 : i + 1] == "ff" or text[i : i + 2] == "ff")


def test_offsets_of_a_repaired_word() -> None:
    raw = "vores indsatsers \n\ne&ekt og sund-\n\nhedsvæsen"
    text, offsets = clean_text(raw)
    assert text == "vores indsatsers effekt og sundhedsvæsen"
    e = text.index("effekt")
    assert [raw[o] for o in offsets[e : e + 6]] == ["e", "&", "&", "e", "k", "t"]
    s = text.index("sundhedsvæsen")
    assert raw[offsets[s + 4]] == "h" and raw[offsets[s + 3]] == "d"
    assert raw.index("hedsvæsen") == offsets[s + 4]


def test_clean_document_keeps_its_offsets_compact() -> None:
    """An ingest holds a batch's cleaned documents at once: their offsets are machine ints
    (4 bytes a character), the same values ``clean_text`` computed."""
    raw = raw_of(REGION)
    doc = clean(LoadedDocument(file=REGION, path=str(CORPUS / REGION), sha256="x", meta=DocMeta(title="t"), pages=(Page(None, raw),), has_pages=False), batch_vocabulary())
    _, offsets = clean_text(raw, batch_vocabulary())
    assert list(doc.offsets) == list(offsets)
    assert doc.offsets.itemsize == 4
    assert doc.source_offset(len(doc.text) + 10) == offsets[-1] and doc.line_at(0) == 1


def test_clean_document_maps_pages() -> None:
    pages = (Page(1, "Det gode forløb er en fælles opga-\nve for sund-"), Page(2, "hedsvæsenet og kommunerne."))
    doc = LoadedDocument("x.pdf", "/tmp/x.pdf", "0" * 64, DocMeta(title="X"), pages, has_pages=True)
    result = clean(doc)
    assert result.text == "Det gode forløb er en fælles opgave for sundhedsvæsenet og kommunerne."
    assert len(result.offsets) == len(result.text)
    assert doc.raw.startswith("Det gode") and PAGE_SEPARATOR in doc.raw
    assert result.page_at(result.text.index("opgave")) == 1
    assert result.page_at(result.text.index("kommunerne")) == 2
    assert result.page_at(result.text.index("hedsvæsenet") - 4) == 1


def test_clean_of_an_empty_document() -> None:
    doc = LoadedDocument("e.txt", "/tmp/e.txt", "0" * 64, DocMeta(title="E"), (Page(None, " \n\n "),), False)
    result = clean(doc)
    assert result.text == "" and list(result.offsets) == []


_ALPHABET = st.sampled_from(
    list("abcdeæøå ABCÆØÅ") + ["-", "&", "\n", "\n\n", " \n\n", "•", "# ", "*", "1", "2.", "\u00ad", "\u00a0",
                               "\r\n", "ﬁ", "\u030a", "e&ekt", "sund-\n\nhed", "(", ")", ".", ","]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_offset_invariants_on_random_text(raw: str) -> None:
    text, offsets = clean_text(raw)
    assert len(offsets) == len(text)
    assert all(a <= b for a, b in zip(offsets, offsets[1:]))
    assert all(0 <= o < len(raw) for o in offsets)
    assert "\n\n" not in text and not text.startswith((" ", "\n")) and not text.endswith((" ", "\n"))
    # Copied characters map to themselves; only ligatures (``ﬁ``, ``&`` for ``ff``) and
    # composed letters map to a different source character.
    for i, ch in enumerate(text):
        if ch.isascii() and ch.isalpha() and ch not in "fil":
            assert raw[offsets[i]] == ch


# --- vocabulary ----------------------------------------------------------------------------


def test_vocabulary_counts_words_but_not_line_break_fragments() -> None:
    vocabulary = build_vocabulary(["Det nære sund-\nhedsvæsen og KKR-mål. Di&erentieret sundhedsvæsen"])
    assert "sundhedsvæsen" in vocabulary and vocabulary.count("Sundhedsvæsen") == 1
    assert "sund" not in vocabulary and "hedsvæsen" not in vocabulary
    assert "kkr-mål" in vocabulary and "mål" in vocabulary
    assert "differentieret" in vocabulary


def test_batch_vocabulary_knows_the_batch() -> None:
    vocabulary = batch_vocabulary()
    assert vocabulary.count("målsætninger") > 10 and vocabulary.count("sundheds-it") > 5
    assert vocabulary.pair_count("Region", "Midtjylland") > 10


def test_vocabulary_decides_ambiguous_hyphens() -> None:
    known_compound = Vocabulary({"data-arbejde": 3})
    known_word = Vocabulary({"dataarbejde": 3})
    assert clean_text("bedre data-\narbejde", known_compound)[0] == "bedre data-arbejde"
    assert clean_text("bedre data-\narbejde", known_word)[0] == "bedre dataarbejde"
    assert clean_text("sundheds-\nog omsorgsområdet", Vocabulary({}))[0] == "sundheds- og omsorgsområdet"
    assert clean_text("KKR-\nmål", Vocabulary({}))[0] == "KKR-mål"


def test_a_word_hyphenated_inside_a_table_cell_is_joined_as_between_lines() -> None:
    """A cell's wrapped lines arrive joined by a space ("graviditets- undersøgelse"); the hyphen rule decides."""
    text = "Opgave | Ansvarlig\nFørste graviditets- undersøgelse | Praktiserende læge\nSundheds- og omsorgsområdet | KKR- mål\n"
    cleaned = clean_text(text, Vocabulary({}))[0]
    assert "Første graviditetsundersøgelse | Praktiserende læge" in cleaned
    assert "Sundheds- og omsorgsområdet | KKR-mål" in cleaned
    assert clean_text("data- arbejde | Kommunen\nPleje | Regionen", Vocabulary({"data-arbejde": 3}))[0].startswith(
        "data-arbejde | Kommunen"
    )


def test_stray_space_joins_are_conservative() -> None:
    vocabulary = Vocabulary({"for": 800, "mål": 200, "formål": 40, "indsats": 130, "er": 500, "indsatser": 100,
                             "målsætninger": 29, "må": 3})
    assert clean_text("for mål og indsats er", vocabulary)[0] == "for mål og indsats er"
    assert clean_text("de fire må lsætninger", vocabulary)[0] == "de fire målsætninger"


def test_merging_takes_the_larger_count() -> None:
    merged = Vocabulary({"a": 2, "b": 1}).merged(Vocabulary({"b": 5, "c": 1}))
    assert dict(merged.counts) == {"a": 2, "b": 5, "c": 1}


def test_a_footnote_number_glued_to_its_word_is_dropped() -> None:
    raw = (
        "Kommunerne og regionerne følger op hvert år. Det er aftalt med regionerne2, at indsatsen for "
        "borgere med kroniske lidelser3. følges i MRSA-området4, hvor kommunerne og lidelser ofte mødes.\n"
        "Arbejdet følger K29 og COVID19 samt skema7, som ikke findes andre steder.\n"
    )
    text = cleaned(raw)
    assert "regionerne, at" in text and "lidelser. følges" in text and "MRSA-området, hvor" in text
    assert "K29" in text and "COVID19" in text  # no lowercase letter before the digits: a name, kept
    assert "skema7" in text  # a word seen only here: its digits may be its own


def test_digits_that_belong_to_the_word_stay() -> None:
    raw = (
        "Vaccinationen mod covid-19 fortsætter, og Covid19 nævnes også i planen for covid hvert år.\n"
        "Lokalet er 20 m2 og gangen 15 m2, mens punkt a1 og a2 følges op i planen hvert år.\n"
    )
    text = cleaned(raw)
    assert "Covid19" in text and "20 m2" in text and "15 m2" in text and "a1 og a2" in text


def test_a_label_or_caption_after_a_cut_line_starts_anew() -> None:
    raw = (
        "Samarbejdet i klyngerne omfatter hospitalet, kommunerne og almen praksis i hele det nordlige område\n\n"
        "Klynge Syd: Hospitalet i Syd, Aalborg, Rebild og Mariagerfjord kommuner samt almen praksis i området.\n\n"
        "Samarbejdet i klyngerne omfatter hospitalet, kommunerne og almen praksis i hele området og Region\n"
        "Midtklyngen: Hospitalsenhed Midt, Viborg, Skive og Silkeborg kommuner samt praktiserende læger her.\n\n"
        "Samarbejdet i klyngerne omfatter hospitalet, kommunerne og almen praksis i hele det sydlige område\n\n"
        "Tabel 2 Antal genindlæggelser inden for 30 dage fordelt på kommuner og hospitaler i regionen i 2016\n"
    )
    lines = cleaned(raw).split("\n")
    assert [line.split()[0] for line in lines] == ["Samarbejdet", "Klynge", "Samarbejdet", "Midtklyngen:", "Samarbejdet", "Tabel"]


def test_a_heading_printed_twice_keeps_its_number_for_the_splitter() -> None:
    """"4. Træning4. Træning" is one heading printed twice, not a word with a footnote number glued to it."""
    from foundation.records import DocMeta, LoadedDocument, Page
    from ingest.split import split

    raw = "4. Træning4. Træning\nKommunen tilbyder træning efter udskrivning. Træning er gratis for borgeren.\n"
    text, _ = clean_text(raw)
    assert text.startswith("4. Træning4. Træning\n")
    doc = clean(LoadedDocument("t.txt", "t.txt", "0" * 64, DocMeta("Test"), (Page(None, raw),), False))
    assert {c.section for c in split(doc, min_chars=20, max_chars=200)} == {"4. Træning"}
