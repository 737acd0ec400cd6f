"""Document facts inferred from a document's own text (ingest/facts.py).

The snippets are made up here, for regions, periods and phrasings none of
the bundled documents use; the gold test compares the inference on the five
bundled documents and two PDFs of our own with ``evals/facts_gold.jsonl``,
which was written by reading them before the inference code existed.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pypdf
import pytest

from ingest.facts import (
    KINDS,
    STATUSES,
    DocFacts,
    infer_facts,
    status_of,
)

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "evals" / "facts_gold.jsonl"
GOLD_DAY = date(2026, 12, 3)


def facts(text: str, *, first_pages: str | None = None, file_name: str = "dokument.pdf", pdf_title: str | None = None) -> DocFacts:
    return infer_facts(text, first_pages, file_name, pdf_title)


# --- region ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Sundhedsaftale for Region Syddanmark og de 22 kommuner", "Syddanmark"),
        ("Fælles mål for de syddanske kommuner", "Syddanmark"),
        ("Samarbejdsaftale mellem Region Sjælland og kommunerne", "Sjælland"),
        ("Strategi for de sjællandske kommuner", "Sjælland"),
        ("Oplæg fra de nordjyske kommuner", "Nordjylland"),
        ("Sundhedsaftalen i Region Nordjylland", "Nordjylland"),
        ("KKR-mål for kommunerne i hovedstadsregionen", "Hovedstaden"),
        ("Udspil fra Region Midt om det nære sundhedsvæsen", "Midtjylland"),
        ("Referat fra møde i det midtjyske sundhedskoordinationsudvalg", "Midtjylland"),
    ],
)
def test_region_from_the_title_in_any_of_the_five_regions(text: str, region: str) -> None:
    assert facts(text).region == region


def test_nordsjaelland_is_not_region_sjaelland_and_the_region_named_most_wins() -> None:
    text = (
        "Indledning. Nordsjællands Hospital samarbejder med kommunerne. "
        + "Region Hovedstaden og kommunerne aftaler følgende. " * 3
        + "Vi har lært af Region Syddanmark."
    )
    assert facts(text).region == "Hovedstaden"
    assert facts("Notat om udskrivning uden stednavne").region is None


# --- period ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("Sundhedsaftale 2024-2027", (2024, 2027)),
        ("Sundhedsaftale 2024–2027", (2024, 2027)),
        ("Sundhedsaftale 2024 — 2027", (2024, 2027)),
        ("Sundhedsaftale 2019-23", (2019, 2023)),
        ("Sundhedsaftale 2007 til 2010", (2007, 2010)),
    ],
)
def test_year_range_on_the_title_page_in_every_dash_style(title: str, period: tuple[int, int]) -> None:
    got = facts(f"{title}\n\nIndledning\nAftalen beskriver opgavefordelingen.")
    assert (got.period_from, got.period_to) == period


def test_period_cue_beats_other_years_mentioned_first() -> None:
    text = (
        "Samarbejdsaftale om genoptræning\n\nDen tidligere aftale for 2016–2019 er udløbet. "
        "Denne aftale gælder for perioden 2020–2023 og revideres i 2022."
    )
    got = facts(text)
    assert (got.period_from, got.period_to, got.period) == (2020, 2023, "2020–2023")


def test_period_written_as_dates() -> None:
    text = "Samarbejdsaftale om hjælpemidler\n\nAftalen dækker tiden fra 1. januar 2015 til 31. december 2018 for alle parter."
    got = facts(text)
    assert (got.period_from, got.period_to) == (2015, 2018)


def test_a_range_of_days_on_the_title_page_before_another_agreement_it_names() -> None:
    # "til 28. februar" is a day of a month, not the year 2028; the agreement it belongs to is another document
    text = ("Samarbejdsaftale om plejesenge\n\nMellem Region Nordjylland og de 11 kommuner. Gældende fra 1. april 2026 "
            "til 31. marts 2029.\n\nAftalen er en del af Sundhedsaftalen 2024–2027.")
    got = facts(text)
    assert (got.period_from, got.period_to) == (2026, 2029)
    assert (facts("Aftale om tolkning 2025 til 28. februar 2027").period_from, facts("Plan 2025 til 28").period_to) == (None, 2028)


def test_in_force_date_alone_gives_an_open_period_and_a_status_by_year() -> None:
    got = facts("Delaftale om palliation\n\nAftalen træder i kraft den 1. april 2024.")
    assert (got.period_from, got.period_to, got.period) == (2024, None, "2024–")
    assert status_of(got, date(2023, 12, 31)) == "fremtidig"
    assert status_of(got, date(2024, 1, 2)) == "gældende"
    assert status_of(got, date(2031, 6, 1)) == "gældende"


@pytest.mark.parametrize("phrase", ["med virkning fra 1. marts 2027", "gælder fra og med den 1. marts 2027",
                                    "er gældende fra 1. marts 2027"])
def test_a_start_said_otherwise_than_in_force_is_one_too(phrase: str) -> None:
    got = facts(f"Forretningsorden for udvalget\n\nVedtaget på udvalgets møde den 4. februar 2027 {phrase}.")
    assert (got.period_from, got.period_to) == (2027, None)


def test_a_start_later_than_the_range_the_title_page_names_is_the_documents_own() -> None:
    # the range is the agreement the document serves; the document itself starts later, with no end stated
    text = ("Kvalitetsstandard for Akutteamet\n\nKommunal akutfunktion efter Sundhedsaftalen 2024–2027\n"
            "Godkendt af udvalget den 12. januar 2027. Gælder fra 1. februar 2027.")
    assert (facts(text).period_from, facts(text).period_to) == (2027, None)
    # a sub-agreement in force from its agreement's first year keeps the agreement's period
    sub = "Delaftale om palliation under Sundhedsaftalen 2024–2027\n\nAftalen træder i kraft den 1. april 2024."
    assert (facts(sub).period_from, facts(sub).period_to) == (2024, 2027)


def test_in_force_with_a_stated_end() -> None:
    text = "Delaftale om palliation\n\nAftalen træder i kraft den 1. april 2024 og udløber med udgangen af 2027."
    got = facts(text)
    assert (got.period_from, got.period_to) == (2024, 2027)


def test_goals_without_a_range_run_from_the_first_to_the_last_deadline() -> None:
    text = (
        "Fælles mål for sundhed\n\nAlle kommuner skal inden udgangen af 2021 tilbyde hjemmebesøg. "
        "I 2022 vil kommunerne evaluere indsatsen. Arbejdet afsluttes i 2023."
    )
    got = facts(text)
    assert (got.kind, got.period_from, got.period_to) == ("mål", 2021, 2023)


def test_no_year_means_no_period_and_status_ukendt() -> None:
    got = facts("Notat om udskrivning\n\nSygehuset ringer til kommunen.")
    assert got.period is None
    assert status_of(got, date(2026, 1, 1)) == "ukendt"


def test_file_name_is_only_a_last_resort_for_the_period() -> None:
    assert facts("Notat uden årstal", file_name="aftale_2020-2023.pdf").period == "2020–2023"
    assert facts("Sundhedsaftale 2011–2014", file_name="aftale_2020-2023.pdf").period == "2011–2014"


def test_pdf_title_counts_as_title_unless_it_is_a_placeholder() -> None:
    body = "Indledning\n\nParterne samarbejder om udskrivning."
    assert facts(body, pdf_title="Sundhedsaftale 2019–2023").period == "2019–2023"
    assert facts(body, pdf_title="Microsoft Word - aftale 2019-2023.docx").period is None


# --- status ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "status"),
    [(date(2014, 12, 31), "fremtidig"), (date(2016, 6, 1), "gældende"), (date(2018, 12, 31), "gældende"), (date(2019, 1, 1), "udløbet")],
)
def test_status_of_a_2015_2018_agreement_on_several_days(today: date, status: str) -> None:
    assert status_of(DocFacts(kind="aftale", period_from=2015, period_to=2018), today) == status
    assert status in STATUSES


# --- kind and binding ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "binding"),
    [
        ("Sundhedsaftale 2024–2027\n\nAftalen er indgået mellem Region Sjælland og kommunerne.", "aftale", True),
        ("HØRINGSVERSION\nSundhedsaftale 2024–2027\n\nBemærkninger sendes til regionen.", "aftale", False),
        ("Udkast til samarbejdsaftale om sårbare gravide", "aftale", False),
        ("Udspil til den kommende sundhedsaftale for de syddanske kommuner", "udspil", False),
        ("Fælleskommunalt oplæg vedrørende sundhedsaftalen", "oplæg", False),
        ("Forslag til fælles målsætninger for kommunerne", "forslag", False),
        ("Strategi for det nære sundhedsvæsen 2022–2025", "strategi", True),
        ("Målsætninger for forebyggelse 2020–2022", "mål", True),
        ("Kolding Kommunes handleplan for Sundhedsaftalen i Region Syddanmark 2027–2030", "plan", True),
        ("Implementeringsplan for genoptræningsaftalen 2026", "plan", True),
        ("Sundhedsaftale 2024–2027 med handleplan for genoptræning", "aftale", True),  # what the title names first
        ("Referat af møde i Sundhedskoordinationsudvalget den 3. maj 2021", "referat", True),
        ("Bilag 4: Retningslinjer for udskrivning", "bilag", True),
        ("Kære borgmestre\n\nHermed en orientering om arbejdet.", "andet", True),
    ],
)
def test_kind_and_binding_from_the_title_page(text: str, kind: str, binding: bool) -> None:
    got = facts(text)
    assert (got.kind, got.binding) == (kind, binding)
    assert got.kind in KINDS


def test_without_a_kind_on_the_title_page_the_text_says_what_it_is() -> None:
    text = "Indledning\n\nSygehuse og kommuner arbejder sammen. Nærværende sundhedsaftale beskriver opgaverne. Målet er færre indlæggelser."
    assert facts(text).kind == "aftale"


def test_a_text_that_calls_itself_a_draft_is_not_binding() -> None:
    text = "Samarbejdsaftale om demens\n\n" + "Indledende tekst. " * 40 + "Dette dokument er et udkast og kan ændres."
    assert facts(text).binding is False


# --- approval and parties -------------------------------------------------------------


def test_approval_date_in_words_and_in_digits_but_not_an_expected_one() -> None:
    assert facts("Aftale\n\nAftalen er godkendt af regionsrådet den 3. maj 2022.").approved == "2022-05-03"
    assert facts("Aftale\n\nVedtaget i kommunalbestyrelsen den 12.06.2019.").approved == "2019-06-12"
    assert facts("Aftale\n\nAftalen forventes godkendt den 20. juni 2025.").approved is None
    assert facts("Aftale\n\nGodkendt i alle byråd, men uden dato.").approved is None


@pytest.mark.parametrize(
    ("sentence", "parties"),
    [
        ("Aftalen er indgået mellem Region Syddanmark og de 22 kommuner i regionen.", ("Region Syddanmark", "22 kommuner")),
        ("Sundhedsaftalen er rammen for samarbejdet mellem regionen, kommunerne og almen praksis i Nordjylland.", ("Region Nordjylland", "kommunerne", "almen praksis")),
        ("Aftalen indgås mellem de 17 kommuner, Region Sjælland og praksissektoren.", ("Region Sjælland", "17 kommuner", "almen praksis")),
        ("Aftalen er indgået mellem Region Syddanmark, de 22 kommuner og praksisudvalget for almen praksis.",
         ("Region Syddanmark", "22 kommuner", "almen praksis")),
        # a hospital and municipalities by the names they are printed with, a list of them whole
        ("Aftalen er indgået mellem Hospitalsenheden Gødstrup og kommunerne Herning, Holstebro, Ikast-Brande og Struer.",
         ("Hospitalsenheden Gødstrup", "kommunerne Herning, Holstebro, Ikast-Brande og Struer")),
        ("Aftale om genoptræning mellem Odense Kommune og Odense Universitetshospital (OUH) 2025–2028.",
         ("Odense Universitetshospital", "Odense Kommune")),
        ("Samarbejdet mellem hospitalerne, kommunerne og almen praksis styrkes.", ("hospitalerne", "kommunerne", "almen praksis")),
        ("Aftalen er indgået mellem Aalborg Universitetshospital og Aalborg, Jammerbugt og Rebild Kommuner.",
         ("Aalborg Universitetshospital", "Aalborg, Jammerbugt og Rebild Kommuner")),  # the names before what they are
        ("Delaftalen er indgået mellem Svendborg Sygehus og de fynske kommuner Odense, Svendborg og Nyborg.",
         ("Svendborg Sygehus", "de fynske kommuner Odense, Svendborg og Nyborg")),
        ("Aftalen er indgået mellem Region Nordjylland og Odense, Aalborg.", ("Region Nordjylland",)),  # names of nothing named
        ("Aftalen er indgået mellem Bispebjerg og Frederiksberg Hospital, Københavns Kommune og Frederiksberg Kommune.",
         ("Bispebjerg og Frederiksberg Hospital", "Københavns Kommune", "Frederiksberg Kommune")),  # one hospital, two names
        # a party by the unit it acts through, whose name joins a compound's parts by "og" after a hyphen
        ("Aftalen er indgået mellem Region Nordjylland ved Børne- og Ungdomspsykiatrien og Hjørring, Brønderslev og Læsø Kommuner.",
         ("Region Nordjylland", "Hjørring, Brønderslev og Læsø Kommuner")),
    ],
)
def test_parties_from_the_between_construction(sentence: str, parties: tuple[str, ...]) -> None:
    assert facts("Sundhedsaftale\n\n" + sentence).parties == parties


def test_counterparties_of_future_agreements_are_not_parties() -> None:
    text = "Strategi\n\nNår vi indgår aftaler med Region Syddanmark og de praktiserende læger, stiller vi krav."
    assert facts(text).parties == ()


def test_as_dict_is_plain_json_with_status_when_a_day_is_given() -> None:
    got = facts("Sundhedsaftale 2024–2027 for Region Nordjylland og de 11 kommuner")
    data = got.as_dict(date(2025, 1, 1))
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["status"] == "gældende" and "status" not in got.as_dict()
    with pytest.raises(AttributeError):
        got.kind = "bilag"  # type: ignore[misc]


# --- gold -------------------------------------------------------------------------------

GOLD_ROWS = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def _read(path: Path) -> tuple[str, str | None, str | None]:
    """Whole text, first two pages and /Title, as ingest would pass them."""
    if path.suffix != ".pdf":
        return path.read_text(encoding="utf-8"), None, None
    reader = pypdf.PdfReader(path)
    pages = [page.extract_text() or "" for page in reader.pages]
    return "\n\n".join(pages), "\n\n".join(pages[:2]), reader.metadata.title if reader.metadata else None


@pytest.mark.parametrize("row", GOLD_ROWS, ids=[Path(r["file"]).name for r in GOLD_ROWS])
def test_inferred_facts_equal_the_gold_table(row: dict) -> None:
    """No catalog: the facts come from the text (the file name is neutral)."""
    text, first_pages, pdf_title = _read(ROOT / row["file"])
    got = infer_facts(text, first_pages, "dokument" + Path(row["file"]).suffix, pdf_title).as_dict(GOLD_DAY)
    wrong = {k: (got[k], v) for k, v in row.items() if k != "file" and got[k] != v}
    assert not wrong, f"(inferred, gold): {wrong}"


def test_gold_table_covers_the_corpus_and_a_pdf_in_force_and_one_expired() -> None:
    corpus = {p.name for p in (ROOT / "corpus").glob("*.txt")}
    assert corpus <= {Path(r["file"]).name for r in GOLD_ROWS}
    pdf_status = {r["status"] for r in GOLD_ROWS if r["file"].endswith(".pdf")}
    assert {"gældende", "udløbet"} <= pdf_status


def test_a_proposal_word_in_a_preface_sentence_does_not_make_an_agreement_a_proposal() -> None:
    text = "Sundhedsaftale 2024–2027\n\nAftalen bygger på forslag fra kommunerne og på regionens udspil fra 2023."
    got = facts(text)
    assert (got.kind, got.binding) == ("aftale", True)


def test_weak_period_cue_far_into_the_text_does_not_date_the_document() -> None:
    text = (
        "Samarbejdsaftale om genoptræning\n\n"
        + "Parterne samarbejder om forløb. " * 400
        + "En analyse af behovet i perioden 2018-2028 indgår også. Aftalen gælder for perioden 2021–2024."
    )
    assert facts(text).period == "2021–2024"
