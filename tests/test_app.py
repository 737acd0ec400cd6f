"""The Streamlit app's logic through ``streamlit.testing.v1.AppTest``.

A small index is built once from the real corpus with the hash embedder
(``AFTALE_PRESET=test``) in a temporary data directory; every test drives
``app.py`` as a browser session would: asking, refusing, filtering, feedback,
"Ny samtale", uploads and escaping of untrusted text.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.api import Assistant
from foundation.settings import get_settings
from interfaces.web import pdf_view, sidebar, sources, upload
from tests.conftest import GATE_ENV

APP = str(Path(__file__).resolve().parent.parent / "app.py")
DOSIS = "Hvem står for dosisdispensering efter udskrivelse?"
MARS = "Hvad koster en kop kaffe på Mars?"
HOVEDSTADEN_DOCS = {"hovedstaden-oplaeg-sundhedsaftale-III-somatik.txt", "kkr-hovedstaden-2016-kkr-maal-for-sundhed.txt"}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data directory with the real corpus indexed by the hash embedder (~2 s)."""
    path = tmp_path_factory.mktemp("appdata")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AFTALE_PRESET", "test")
        mp.setenv(GATE_ENV, "0")  # see tests.conftest.OPEN_GATE
        mp.setenv("AFTALE_DATA_DIR", str(path))
        report = Assistant(get_settings()).ingest()
        assert report.ok and report.documents == 5
        yield path


@pytest.fixture
def env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv(GATE_ENV, "0")  # see tests.conftest.OPEN_GATE
    monkeypatch.setenv("AFTALE_DATA_DIR", str(data_dir))
    return data_dir


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def _html(at: AppTest) -> list[str]:
    return [h.value for h in at.get("html")]


def _cards(at: AppTest) -> list[str]:
    return [h for h in _html(at) if h.startswith('<div class="aft-card">')]


def _user_messages(at: AppTest) -> list[str]:
    return [h for h in _html(at) if h.startswith('<div class="aft-user">')]


def _plain(markdown: str) -> str:
    """Text of a markdown element without the app's backslash escapes."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _button(at: AppTest, label: str, last: bool = True):
    buttons = [b for b in at.button if b.label == label]
    assert buttons, f"no button {label!r} among {[b.label for b in at.button]}"
    return buttons[-1] if last else buttons[0]


def _feedback_rows(data_dir: Path) -> list[tuple]:
    with sqlite3.connect(data_dir / "feedback.sqlite") as conn:
        return conn.execute(
            "SELECT session_id, question, answer, refused, citations, rating, comment FROM feedback ORDER BY id"
        ).fetchall()


# ---------------------------------------------------------------- asking


def test_start_page_is_danish_with_examples_and_index_facts(env: Path) -> None:
    at = _app()
    assert at.title[0].value == "Aftale"
    labels = [b.label for b in at.button]
    assert "Ny samtale" in labels
    for q in sidebar.EXAMPLE_QUESTIONS["da"]:
        assert q in labels
    facts = next(h for h in _html(at) if "aft-facts" in h)
    assert "5 dokumenter" in facts and "passager" in facts and "Senest opdateret" in facts
    assert {m.label for m in at.multiselect} == {"Dokument", "Region", "Periode", "Type", "Status"}
    assert at.chat_input[0].placeholder.startswith("Stil et spørgsmål")


def test_question_gives_answer_with_numbered_sources(env: Path) -> None:
    at = _ask(_app(), DOSIS)
    html = _html(at)
    answer = next(h for h in html if h.startswith('<div class="aft-answer">') and "egen læge" in h)
    assert '<span class="aft-cite">1</span>' in answer
    assert any("Kilder" in h for h in html)
    cards = _cards(at)
    assert cards
    first = cards[0]
    assert '<span class="aft-n">1</span>Sundhedsaftale 2015–2018' in first
    assert "2.4. Patientsikkerhed" in first and "dosisdispensering af medicin" in first  # the section path above the quote
    assert "linje" in first
    assert '<mark class="aft-q">' in first and "egen læge" in first.split('<mark class="aft-q">', 1)[1]
    turn = at.session_state["turns"][-1]
    assert not turn["answer"].refused and turn["answer"].citations
    # Download and copy as markdown.
    md = turn["answer"].to_markdown()
    assert "egen læge" in md and "Sundhedsaftale 2015–2018" in md
    assert any(c.value == md.rstrip("\n") for c in at.code)
    assert at.get("download_button")


def test_notice_above_the_sources_and_a_period_badge_on_each_card(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _ask(_app(), DOSIS)
    html = _html(at)
    notice = next(i for i, h in enumerate(html) if h.startswith('<div class="aft-notice">'))
    assert "Bemærk: " in html[notice] and "Sundhedsaftale 2015–2018, som udløb med udgangen af 2018" in html[notice]
    assert notice < next(i for i, h in enumerate(html) if h.startswith('<div class="aft-card">'))
    assert '<span class="aft-badge aft-not-in-force">2015–2018 · udløbet</span>' in _cards(at)[0]
    md = at.session_state["turns"][-1]["answer"].to_markdown()
    assert "> Bemærk: " in md and "[2015–2018 · udløbet]" in md  # the export keeps both
    monkeypatch.setenv("AFTALE_TODAY", "2016-05-01")  # while the 2015–2018 agreement was in force
    at = _app()
    next(m for m in at.multiselect if m.label == "Dokument").set_value(["region-midtjylland-sundhedsaftale-2015-2018.txt"]).run()
    _ask(at, DOSIS)
    assert not any(h.startswith('<div class="aft-notice">') for h in _html(at))
    assert '<span class="aft-badge aft-in-force">2015–2018 · gældende</span>' in _cards(at)[0]


def test_status_and_as_of_filters_in_the_sidebar(env: Path) -> None:
    at = _app()
    status = next(m for m in at.multiselect if m.label == "Status")
    assert list(status.options) == ["gældende", "udløbet", "fremtidig", "periode ukendt"]
    status.set_value(["gældende"]).run()
    at.date_input[0].set_value(date(2014, 6, 1)).run()
    _ask(at, "Hvad er målene for akutpladser?")
    answer = at.session_state["turns"][-1]["answer"]
    assert {p.doc for p in answer.passages} == {"kkr-midtjylland-2013-naere-sundhedsvaesen-fire-maalsaetninger.txt"}
    assert any("Søgt i:" in h and "2014-06-01" in h for h in _html(at))


def test_show_in_document_opens_the_text_at_the_passage(env: Path) -> None:
    at = _ask(_app(), DOSIS)
    _button(at, "Vis i dokumentet", last=False).click().run()
    assert not at.exception
    views = [h for h in _html(at) if '<div class="aft-doc"' in h]
    assert len(views) == 1
    view = views[0]
    assert '<span class="aft-hit"' in view and '<mark class="aft-q">' in view
    marked = view.split('<mark class="aft-q">', 1)[1].split("</mark>", 1)[0]
    assert "egen læge" in marked
    assert "scrollTop" in view  # scrolled to the passage
    assert "Skjul dokumentet" in [b.label for b in at.button]
    _button(at, "Skjul dokumentet").click().run()
    assert not [h for h in _html(at) if '<div class="aft-doc"' in h]


def test_refusal_offers_three_closest_passages(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(GATE_ENV)  # the refusal path with the shipped gate
    at = _ask(_app(), MARS)
    html = _html(at)
    assert any('class="aft-refusal"' in h and "Det fremgår ikke af aftalerne" in h for h in html)
    assert any("De nærmeste passager" in h for h in html)
    assert len(_cards(at)) == 3
    assert at.session_state["turns"][-1]["answer"].refused
    assert [b.label for b in at.button].count("Vis i dokumentet") == 3


def test_follow_up_passes_history_and_new_conversation_clears_it(env: Path) -> None:
    at = _ask(_app(), DOSIS)
    _ask(at, "Og ved indlæggelse?")
    assert len(_user_messages(at)) == 2
    assert [t["question"] for t in at.session_state["turns"]] == [DOSIS, "Og ved indlæggelse?"]
    _button(at, "Ny samtale").click().run()
    assert not at.exception
    assert at.session_state["turns"] == []
    assert _user_messages(at) == []
    assert not _cards(at)


def test_filters_restrict_the_sources(env: Path) -> None:
    at = _app()
    region = next(m for m in at.multiselect if m.label == "Region")
    assert set(region.options) == {"Hovedstaden", "Midtjylland"}
    region.set_value(["Hovedstaden"]).run()
    _ask(at, DOSIS)
    answer = at.session_state["turns"][-1]["answer"]
    assert answer.passages
    assert {p.doc for p in answer.passages} <= HOVEDSTADEN_DOCS
    assert any("Søgt i:" in h and "Hovedstaden" in h for h in _html(at))

    doc = next(m for m in at.multiselect if m.label == "Dokument")
    doc.set_value(["kkr-hovedstaden-2016-kkr-maal-for-sundhed.txt"]).run()
    _ask(at, "Hvad er målene for sundhed?")
    answer = at.session_state["turns"][-1]["answer"]
    assert {p.doc for p in answer.passages} == {"kkr-hovedstaden-2016-kkr-maal-for-sundhed.txt"}


def test_error_from_the_assistant_is_shown(env: Path) -> None:
    at = _ask(_app(), "?!? …")
    assert [_plain(e.value) for e in at.error] == ["Spørgsmålet indeholder ingen ord at søge på."]
    long = _ask(_app(), "ord " * 1000)
    assert "for langt" in long.error[0].value


def test_english_interface_and_english_question(env: Path) -> None:
    at = _app()
    at.radio(key="ui_lang_choice").set_value("en").run()
    labels = [b.label for b in at.button]
    assert "New conversation" in labels
    assert sidebar.EXAMPLE_QUESTIONS["en"][0] in labels
    _ask(at, "Who is responsible for dose dispensing after discharge?")
    answer = at.session_state["turns"][-1]["answer"]
    assert answer.lang == "en"
    headings = {'<div class="aft-heading">Sources</div>', '<div class="aft-heading">The closest passages, which may be relevant:</div>'}
    assert headings & set(_html(at))  # English labels whether or not the hash embedder finds it
    assert "Show in the document" in [b.label for b in at.button]


def test_example_question_button_asks_it(env: Path) -> None:
    at = _app()
    _button(at, sidebar.EXAMPLE_QUESTIONS["da"][0]).click().run()
    assert not at.exception
    assert [t["question"] for t in at.session_state["turns"]] == [sidebar.EXAMPLE_QUESTIONS["da"][0]]
    assert _cards(at)


# ---------------------------------------------------------------- feedback


def test_feedback_is_stored_in_sqlite(env: Path) -> None:
    at = _ask(_app(), DOSIS)
    session_id = at.session_state["session_id"]
    at.feedback[0].set_value(1).run()  # thumbs up
    assert not at.exception
    rows = [r for r in _feedback_rows(env) if r[0] == session_id]
    assert len(rows) == 1
    sid, question, answer, refused, citations, rating, comment = rows[0]
    assert (question, refused, rating, comment) == (DOSIS, 0, 1, "")
    assert "egen læge" in answer
    cites = json.loads(citations)
    assert cites[0]["n"] == 1 and cites[0]["title"] == "Sundhedsaftale 2015–2018"
    assert "Tak for din feedback." in [c.value for c in at.caption]

    turn_id = at.session_state["turns"][-1]["id"]
    at.text_input(key=f"fbc-{turn_id}").set_value("Præcist svar <b>tak</b>").run()
    at.feedback[0].set_value(0).run()  # changed to thumbs down
    rows = [r for r in _feedback_rows(env) if r[0] == session_id]
    assert len(rows) == 1
    assert rows[0][5:] == (-1, "Præcist svar <b>tak</b>")


def test_feedback_on_a_refusal(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(GATE_ENV)  # the refusal path with the shipped gate
    at = _ask(_app(), MARS)
    at.feedback[0].set_value(0).run()
    rows = [r for r in _feedback_rows(env) if r[0] == at.session_state["session_id"]]
    assert rows and rows[0][3] == 1 and rows[0][5] == -1 and json.loads(rows[0][4]) == []


# ---------------------------------------------------------------- untrusted text


INJECTION = '<script>alert("x")</script> **fed** [klik](http://evil.example) <img src=x onerror=alert(1)> dosisdispensering'


def test_html_and_markdown_in_a_question_are_escaped(env: Path) -> None:
    at = _ask(_app(), INJECTION)
    (user,) = _user_messages(at)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in user
    assert "&lt;img src=x onerror=alert(1)&gt;" in user
    assert "**fed** [klik](http://evil.example)" in user  # shown as typed: st.html renders no markdown
    for h in _html(at):
        assert "<script>alert" not in h and "<img" not in h
    for m in at.markdown:
        assert "evil.example" not in m.value and "<script>" not in m.value
    # The question is in the downloadable markdown only as text of a file, never rendered.
    assert at.session_state["turns"][-1]["question"] == INJECTION


def test_two_sessions_keep_their_own_conversations(env: Path) -> None:
    one, two = _app(), _app()
    _ask(one, DOSIS)
    _ask(two, MARS)
    _ask(one, "Og ved indlæggelse?")
    assert [t["question"] for t in one.session_state["turns"]] == [DOSIS, "Og ved indlæggelse?"]
    assert [t["question"] for t in two.session_state["turns"]] == [MARS]
    assert one.session_state["session_id"] != two.session_state["session_id"]


# ---------------------------------------------------------------- upload


def _upload(at: AppTest, name: str, data: bytes, mime: str = "text/plain") -> AppTest:
    at.file_uploader[0].set_value((name, data, mime)).run()
    assert not at.exception, at.exception
    return at


UPLOAD_TEXT = (
    "Aftale om sårpleje i Testkommune\n\n"
    "1. Frister\n"
    "Hjemmesygeplejen skal foretage en sårvurdering senest 2 hverdage efter, at henvisningen er modtaget. "
    "Hvis såret ikke er i bedring efter 4 uger, skal egen læge kontaktes.\n\n"
    "2. Sikkerhed\n"
    'Dokumentet indeholder <script>alert("doc")</script> og **markdown** som ren tekst om sårvurdering.\n'
)


@pytest.fixture
def upload_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data directory for tests that change the index."""
    data = tmp_path / "data"
    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv(GATE_ENV, "0")  # see tests.conftest.OPEN_GATE
    monkeypatch.setenv("AFTALE_DATA_DIR", str(data))
    Assistant(get_settings()).ingest()
    return data


def test_upload_is_sanitised_ingested_and_searchable(upload_env: Path) -> None:
    at = _upload(_app(), "../../tmp/Sår pleje  aftale æøå.TXT", UPLOAD_TEXT.encode("utf-8"))
    assert [_plain(s.value) for s in at.success] == ["Sår-pleje-aftale-æøå.txt er indlæst (1 passage) og kan nu søges i."]
    stored = upload_env / "uploads" / "Sår-pleje-aftale-æøå.txt"
    assert stored.read_bytes() == UPLOAD_TEXT.encode("utf-8")
    assert [p.name for p in (upload_env / "uploads").iterdir()] == ["Sår-pleje-aftale-æøå.txt"]
    assert not (upload_env.parent / "tmp").exists()
    assert "6 dokumenter" in next(h for h in _html(at) if "aft-facts" in h)

    _ask(at, "Hvor hurtigt skal hjemmesygeplejen foretage en sårvurdering?")
    answer = at.session_state["turns"][-1]["answer"]
    assert not answer.refused
    assert answer.citations[0].passage.doc == "Sår-pleje-aftale-æøå.txt"
    card = _cards(at)[0]
    assert "2 hverdage" in card
    assert '&lt;script&gt;alert(&quot;doc&quot;)&lt;/script&gt;' in card and "<script>alert" not in card
    assert "<strong>" not in card and "<em>" not in card
    _button(at, "Vis i dokumentet", last=False).click().run()
    view = next(h for h in _html(at) if '<div class="aft-doc"' in h)
    assert "<script>alert" not in view and "&lt;script&gt;" in view


def test_bad_upload_gets_a_clear_message_and_nothing_is_lost(upload_env: Path) -> None:
    at = _app()
    before = Assistant(get_settings()).status()
    _upload(at, "program.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "application/pdf")
    assert "et program (ELF)" in _plain(at.error[0].value)
    assert not list((upload_env / "uploads").glob("*")) if (upload_env / "uploads").exists() else True
    after = Assistant(get_settings()).status()
    assert (after["documents"], after["chunks"], after["generation"]) == (before["documents"], before["chunks"], before["generation"])
    # The index still answers.
    _ask(at, DOSIS)
    assert not at.session_state["turns"][-1]["answer"].refused

    _upload(at, "tom.txt", b"   \n\n  ", "text/plain")
    assert "filen er tom" in _plain(at.error[0].value)
    _upload(at, "billede.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "text/plain")
    assert "PNG" in _plain(at.error[0].value)
    assert not [p for p in (upload_env / "uploads").iterdir() if not p.name.startswith(".")]
    assert Assistant(get_settings()).status()["generation"] == before["generation"]


def test_same_document_again_is_not_indexed_twice(upload_env: Path) -> None:
    at = _upload(_app(), "sår.txt", UPLOAD_TEXT.encode("utf-8"))
    assert at.success
    generation = Assistant(get_settings()).status()["generation"]
    _upload(at, "kopi af sår.txt", UPLOAD_TEXT.encode("utf-8"))
    assert "allerede indlæst" in _plain(at.warning[0].value)
    assert sorted(p.name for p in (upload_env / "uploads").iterdir()) == ["sår.txt"]
    assert Assistant(get_settings()).status()["generation"] == generation
    # A new version under the same name is stored beside it, never over it.
    _upload(at, "sår.txt", UPLOAD_TEXT.replace("2 hverdage", "3 hverdage").encode("utf-8"))
    assert at.success
    assert sorted(p.name for p in (upload_env / "uploads").iterdir()) == ["sår-2.txt", "sår.txt"]
    assert Assistant(get_settings()).status()["documents"] == 7


def test_upload_over_the_size_limit_is_refused(upload_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTALE_APP__UPLOAD_MB", "0.001")
    at = _upload(_app(), "stor.txt", ("sundhedsaftale " * 200).encode(), "text/plain")
    assert "for stor" in _plain(at.error[0].value)
    assert not (upload_env / "uploads" / "stor.txt").exists()


def test_first_start_ingests_the_bundled_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "empty"
    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv(GATE_ENV, "0")  # see tests.conftest.OPEN_GATE
    monkeypatch.setenv("AFTALE_DATA_DIR", str(data))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert Assistant(get_settings()).has_index()
    if not at.chat_input:  # AppTest may stop at the rerun after the ingest
        at.run()
    assert at.chat_input
    _ask(at, DOSIS)
    assert _cards(at)


def test_first_start_without_documents_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tom.txt").write_text("   \n", encoding="utf-8")
    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv(GATE_ENV, "0")  # see tests.conftest.OPEN_GATE
    monkeypatch.setenv("AFTALE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("AFTALE_CORPUS_DIR", str(corpus))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert "Ingen dokumenter kunne indlæses" in _plain(at.error[0].value)
    assert any("filen er tom" in _plain(w.value) for w in at.warning)
    assert not at.chat_input


def _earlier_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A data directory whose index an earlier version (reader version 0) built from two documents."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "saar.txt").write_text("Aftale om sårpleje\n\nHjemmesygeplejen vurderer såret senest 2 hverdage efter henvisningen.\n",
                                   encoding="utf-8")
    (docs / "fald.txt").write_text("Aftale om fald\n\nFaldscreeningen sker senest 10 hverdage efter udskrivelsen.\n", encoding="utf-8")
    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv(GATE_ENV, "0")  # see tests.conftest.OPEN_GATE
    monkeypatch.setenv("AFTALE_DATA_DIR", str(tmp_path / "data"))
    with monkeypatch.context() as old:
        old.setattr("index.build.READER_VERSION", "0")
        assert Assistant(get_settings()).ingest([docs]).ok
    return tmp_path / "data", docs


def test_the_first_start_after_an_upgrade_reads_the_documents_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _earlier_index(tmp_path, monkeypatch)
    assert Assistant(get_settings()).index_outdated()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assistant = Assistant(get_settings())
    assert not assistant.index_outdated(), "read again as this version reads"
    assert sorted(f["file"] for f in assistant.status()["files"]) == ["fald.txt", "saar.txt"]
    if not at.chat_input:  # AppTest may stop at the rerun after the ingest
        at.run()
    assert at.chat_input and not at.warning


def test_an_upgrade_whose_sources_are_gone_opens_the_chat_on_the_index_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, docs = _earlier_index(tmp_path, monkeypatch)
    (docs / "fald.txt").unlink()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert any("fald.txt" in _plain(w.value) and "--rebuild" in _plain(w.value) for w in at.warning)
    assert at.chat_input, "the chat answers from the index as it was"
    _ask(at, "Hvornår sker faldscreeningen?")
    assert "10 hverdage" in " ".join(_html(at))


# ---------------------------------------------------------------- helpers


def test_uploads_use_the_shared_sanitiser() -> None:
    from assistant import uploads

    assert upload.sanitise_filename is uploads.sanitise_filename
    assert upload.store_upload is uploads.store_upload


def test_highlight_escapes_everything() -> None:
    text = 'a <b>"x"</b> & **y**'
    out = sources.highlight(text, [(2, 12)])
    assert out == 'a <mark class="aft-q">&lt;b&gt;&quot;x&quot;&lt;/b&gt;</mark> &amp; **y**'
    assert sources.answer_html("<i>Svar</i> [1] [2]") == (
        '&lt;i&gt;Svar&lt;/i&gt; <span class="aft-cite">1</span> <span class="aft-cite">2</span>'
    )
    assert sources.answer_html("Grupper: • Forebyggelse • Kvalitet [1]") == (
        'Grupper:<br>• Forebyggelse<br>• Kvalitet <span class="aft-cite">1</span>'
    )
    assert sources.answer_html("Målene er:\n1. Færre\n2. Kortere\n… [1]") == (
        'Målene er:<br>1. Færre<br>2. Kortere<br>… <span class="aft-cite">1</span>'
    )


def test_passage_window_keeps_the_quote() -> None:
    text = ("forord " * 100) + "Egen læge genopstarter." + (" efterord" * 100)
    start = text.index("Egen")
    window, spans = sources.passage_window(text, [(start, start + len("Egen læge genopstarter."))])
    assert window.startswith("… ") and window.endswith(" …")
    s, e = spans[0]
    assert window[s:e] == "Egen læge genopstarter."
    assert len(window) < len(text)



def test_pdf_page_is_rendered_with_the_quote_highlighted(tmp_path: Path) -> None:
    pytest.importorskip("pypdfium2")
    from tests.pdfs import text_pdf

    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(text_pdf(["Forside uden indhold.", "Hjemmesygeplejen skal foretage en sårvurdering senest 2 hverdage efter henvisningen."]))
    result = pdf_view._render_pdf_page(str(pdf), 2, ("Hjemmesygeplejen skal foretage en sårvurdering senest 2 hverdage",))
    assert result is not None
    png, found = result
    assert png.startswith(b"\x89PNG") and found == 1
    from io import BytesIO

    import numpy as np
    from PIL import Image

    px = np.asarray(Image.open(BytesIO(png)).convert("RGB")).astype(int)
    yellow = int(((px[..., 0] > 200) & (px[..., 1] > 180) & (px[..., 2] < 150)).sum())
    assert yellow > 500  # the highlight is drawn
    assert pdf_view._render_pdf_page(str(pdf), 1, ("Hjemmesygeplejen skal foretage",))[1] == 0
    assert pdf_view._render_pdf_page(str(pdf), 9, ("x" * 10,)) is None


def test_configured_llm_streams_a_checked_answer(env: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AFTALE_LLM__MODE", "fake")
    at = _ask(_app(), DOSIS)
    answer = at.session_state["turns"][-1]["answer"]
    assert answer.notes == ["llm"] and answer.answer.endswith("[1].")
    assert _cards(at), "sources are still shown under a generated answer"
