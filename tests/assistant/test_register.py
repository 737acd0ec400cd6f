"""The commitments register at query time (assistant/register.py, register_export.py) and its CLI.

A register built from the bundled corpus (clean → split → extract, no
embedding) serves the query, brief, compare and export tests; a tiny
``test``-preset ingest serves ``register_for`` and the CLI.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from assistant.register import Register, register_for
from assistant.register_export import (
    EMPTY_RESULT,
    ExportError,
    brief_html,
    brief_markdown,
    export,
    passage_html,
    source_line,
    to_csv,
    to_json,
    write_export,
)
from foundation.errors import BadFilter, IndexMissing, IndexOutdated
from index.register_store import write_rows
from index.shards import read_chunks, read_documents, read_sentences
from ingest.commitments.extract import extract
from ingest.commitments.record import COLUMNS, KINDS, Commitment
from ingest.commitments.topics import TOPIC_NAMES
from interfaces.cli.register import SCREEN_ROWS
from interfaces.cli.register import register as add_commitments_command

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SA = "region-midtjylland-sundhedsaftale-2015-2018.txt"


@pytest.fixture(scope="module")
def reg(tmp_path_factory: pytest.TempPathFactory) -> Register:
    from evals.commitments_eval import corpus_rows

    sentences, chunks, docs = corpus_rows(CORPUS)
    folder = tmp_path_factory.mktemp("generation")
    write_rows(folder / "commitments.sqlite", extract(sentences, chunks, docs))
    with open(folder / "documents.jsonl", "w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    return Register(folder / "commitments.sqlite")


# ---------------------------------------------------------------- query


def test_query_filters_by_actor_including_co_actors(reg: Register) -> None:
    rows = reg.query(actor="kommunen")
    assert rows and all("kommunen" in (r.actor, *r.actors) for r in rows)
    assert any(r.actor == "parterne" for r in rows)  # "Kommuner og region koordinerer …"
    gp = reg.query(actor="egen læge")
    assert gp and all("almen praksis" in (r.actor, *r.actors) for r in gp)
    assert reg.query(actor="Kommunerne") == rows


def test_query_filters_by_topic_kind_region_period_and_text(reg: Register) -> None:
    medicin = reg.query(topic="medicin")
    assert medicin and {r.topic for r in medicin} == {"medicin"}
    frister = reg.query(kind="frist")
    assert frister and {r.kind for r in frister} == {"deadline"}
    assert reg.query(kind=["ansvar", "deadline"]) == [r for r in reg.rows if r.kind in ("responsibility", "deadline")]
    hovedstaden = reg.query(region="hovedstaden")
    assert hovedstaden and {r.region for r in hovedstaden} == {"Hovedstaden"}
    assert {r.period for r in reg.query(period="2015-2018")} == {"2015–2018"}
    both = reg.query(actor="hospitalet", text="udskrivningsrapport")
    assert [r.statement for r in both] == ["Hospitalet sender udskrivningsrapport ved udskrivelse."]
    assert reg.query(text="ingen sådan tekst findes") == []
    assert reg.query(region="Sjælland") == []  # a known region without documents: empty, not an error


@pytest.mark.parametrize(
    "field, value, listed",
    [
        ("actor", "marsboerne", ["kommunen", "regionen", "almen praksis", "parterne", "Sundhedskoordinationsudvalget"]),
        ("topic", "rumfart", ["medicin", "genoptræning", "forebyggelse"]),
        ("kind", "ønske", list(KINDS)),
        ("region", "Atlantis", ["Hovedstaden", "Midtjylland"]),
        ("period", "1999–2000", ["2015–2018", "2019–2023"]),
    ],
)
def test_unknown_values_list_the_valid_ones(reg: Register, field: str, value: str, listed: list[str]) -> None:
    with pytest.raises(BadFilter) as err:
        reg.query(**{field: value})
    text = err.value.user_message
    assert value in text and "Gyldige værdier" in text
    assert all(v in text for v in listed)
    assert err.value.exit_code == 2
    assert "Valid values" in err.value.message("en")


def test_values_for_the_app_filters(reg: Register) -> None:
    values = reg.values()
    assert set(values) == {"actor", "topic", "kind", "region", "period", "status"}
    assert values["status"] == []  # a register read without document facts has no status
    assert values["kind"] == list(KINDS)
    assert values["actor"][0] == "kommunen" and "almen praksis" in values["actor"]
    assert values["region"] == ["Hovedstaden", "Midtjylland"]


# ---------------------------------------------------------------- brief, compare, actor_for


def test_brief_markdown_groups_by_topic_with_citations(reg: Register) -> None:
    rows = reg.query(actor="hospitalet")
    md = reg.brief_markdown(rows, filters={"actor": "hospitalet"})
    assert md.startswith("# Mødebrief")
    assert "aktør: hospitalet" in md
    topics = {r.topic for r in rows}
    assert md.count("\n## ") == len(topics)
    statements = [line for line in md.splitlines() if line.startswith("- **")]
    sources = [line for line in md.splitlines() if line.strip().startswith("*Kilde:")]
    assert len(statements) == len(sources) == len(rows)
    order = [t for t in TOPIC_NAMES if t in topics]
    expected = [source_line(r) for t in order for r in rows if r.topic == t]  # the citation with the period
    assert [s.strip().removeprefix("*Kilde: ").removesuffix("*").replace("\\", "") for s in sources] == expected
    assert all(("linje" in s or "side" in s) for s in sources)
    assert "# Meeting brief" in brief_markdown(rows, "en")
    assert EMPTY_RESULT["da"] in brief_markdown([], "da")


def test_brief_escapes_markup(reg: Register) -> None:
    row = reg.rows[0]
    evil = Commitment(**{**row.to_dict(), "statement": "Kommunen *skal* <script>alert(1)</script> sikre [link](x)", "actors": ()})
    md = brief_markdown([evil])
    assert "<script>" not in md and "\\*skal\\*" in md and "\\[link\\]" in md
    page = brief_html([evil])
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert passage_html("a<b", "c&d", "e>") == '<div class="aft-passage">a&lt;b<mark>c&amp;d</mark>e&gt;</div>'


def test_a_table_row_is_read_by_its_header_in_the_brief_and_cited_by_its_section(reg: Register) -> None:
    """A timeline's row shows its cells after their header words, its crosses left to the due beside it, and is
    cited by the section the table stands in, not by the header row that ends its path."""
    row = reg.rows[0]
    section = "1. Tidsplan › Indsats | Ansvarlig | 1. halvår 2027 | 2. halvår 2027"
    timeline = Commitment(**{**row.to_dict(), "statement": "Videokonsultationer i almen praksis | PLO-Syddanmark |  | X",
                             "section": section, "due": "2. halvår 2027", "actors": ()})
    md = brief_markdown([timeline])
    assert "Videokonsultationer i almen praksis (Ansvarlig: PLO-Syddanmark)" in md and "| X" not in md
    assert f"{row.title} › 1. Tidsplan, " in source_line(timeline) and "Ansvarlig |" not in source_line(timeline)
    assert "hvornår: 2. halvår 2027" in md
    assert json.loads(export([timeline], "json"))[0]["statement"] == timeline.statement  # the data as written


def test_compare_two_regions_and_two_periods(reg: Register) -> None:
    a, b = reg.compare("forebyggelse", "Hovedstaden", "Midtjylland", by="region")
    assert a and b
    assert {(r.topic, r.region) for r in a} == {("forebyggelse", "Hovedstaden")}
    assert {(r.topic, r.region) for r in b} == {("forebyggelse", "Midtjylland")}
    p, q = reg.compare("forebyggelse", "2015-2018", "2019–2023", by="period")
    assert {r.period for r in p} == {"2015–2018"} and {r.period for r in q} == {"2019–2023"}
    with pytest.raises(BadFilter):
        reg.compare("forebyggelse", "Hovedstaden", "Midtjylland", by="doc")
    with pytest.raises(BadFilter):
        reg.compare("rumfart", "Hovedstaden", "Midtjylland")


def test_actor_for_hvem_questions(reg: Register) -> None:
    rows = reg.actor_for("Hvem udarbejder genoptræningsplanen?")
    assert rows and rows[0].actor == "hospitalet"
    assert "genoptræningsplan" in rows[0].statement
    rows = reg.actor_for(["hvem", "sender", "indlæggelsesrapport"])
    assert rows[0].actor == "kommunen"
    assert reg.actor_for("hvem har ansvaret?") == []


def test_passage_shows_the_statement_in_its_text(reg: Register) -> None:
    row = next(r for r in reg.rows if r.statement == "Hospitalet sender udskrivningsrapport ved udskrivelse.")
    before, sentence, after = reg.passage(row)
    assert sentence == row.statement
    assert before.endswith("") and len(before) + len(after) > 0
    assert "\n" not in before and "\n" not in after


# ---------------------------------------------------------------- exports


def test_json_and_csv_exports_hold_every_field(reg: Register) -> None:
    rows = reg.query(actor="kommunen", kind="deadline")
    data = json.loads(to_json(rows))
    assert len(data) == len(rows) and all(tuple(d) == COLUMNS for d in data)
    parsed = list(csv.DictReader(io.StringIO(to_csv(rows))))
    assert tuple(parsed[0]) == COLUMNS and len(parsed) == len(rows)
    assert parsed[0]["statement"] == rows[0].statement
    table = export(rows, "table")
    assert table.splitlines()[0].startswith("AKTØR") and len(table.splitlines()) == len(rows) + 1
    with pytest.raises(BadFilter):
        export(rows, "xml")


def test_write_export_to_an_unwritable_path(tmp_path: Path) -> None:
    ok = write_export("x", tmp_path / "brief.md")
    assert ok.read_text(encoding="utf-8") == "x"
    for bad in (tmp_path / "no" / "such" / "dir" / "brief.md", tmp_path):
        with pytest.raises(ExportError) as err:
            write_export("x", bad)
        assert err.value.exit_code == 1
        assert "\n" not in err.value.user_message and str(bad) in err.value.user_message


def test_a_missing_register_file_says_rebuild(tmp_path: Path) -> None:
    with pytest.raises(IndexOutdated) as err:
        Register(tmp_path / "commitments.sqlite")
    assert "aftale ingest --rebuild" in err.value.user_message


# ---------------------------------------------------------------- register_for and the CLI


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ``test``-preset index (hash embedder) of the bundled corpus, with its register."""
    from foundation.settings import Settings
    from index import generation as ix
    from index.build import run_ingest
    from index.register_store import build_register

    folder = tmp_path_factory.mktemp("data")
    settings = Settings.from_preset("test", data_dir=str(folder))
    run_ingest(None, settings)
    gen = ix.require_generation(folder)
    if not (gen.path / "commitments.sqlite").exists():  # until the pipeline calls build_register itself
        build_register(
            gen.path / "commitments.sqlite",
            read_chunks(gen, gen.read_manifest()),
            read_documents(gen, gen.read_manifest()),
            read_sentences(gen, gen.read_manifest())[0],
        )
    return folder


def _assistant(folder: Path):
    from assistant.api import Assistant
    from foundation.settings import Settings

    return Assistant(Settings.from_preset("test", data_dir=str(folder)))


def test_register_for_opens_the_current_generation(data_dir: Path) -> None:
    assistant = _assistant(data_dir)
    reg = register_for(assistant)
    assert len(reg) > 200
    assert reg.db_path.parent == assistant.snapshot().generation.path


def test_register_for_without_index_or_register(tmp_path: Path, data_dir: Path) -> None:
    with pytest.raises(IndexMissing):
        register_for(_assistant(tmp_path / "nothing"))
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(data_dir, copy)
    from index import generation as ix

    (ix.require_generation(copy).path / "commitments.sqlite").unlink()
    with pytest.raises(IndexOutdated) as err:
        register_for(_assistant(copy))
    assert "aftale ingest --rebuild" in err.value.user_message


@pytest.fixture()
def cli(data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    app = typer.Typer()
    add_commitments_command(app)

    @app.command()
    def other() -> None:  # a second command keeps "commitments" a subcommand
        pass

    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv("AFTALE_DATA_DIR", str(data_dir))
    runner = CliRunner()
    return lambda *args: runner.invoke(app, ["commitments", *args])


def test_cli_json_lists_objects_with_every_field(cli) -> None:
    res = cli("--actor", "hospitalet", "--topic", "indlæggelse og udskrivelse", "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data and all(tuple(d) == COLUMNS and "hospitalet" in (d["actor"], *d["actors"]) for d in data)


def test_cli_csv_and_md_and_table(cli, tmp_path: Path) -> None:
    res = cli("--kind", "deadline", "--region", "Hovedstaden", "--format", "csv")
    assert res.exit_code == 0
    parsed = list(csv.DictReader(io.StringIO(res.stdout)))
    assert parsed and {r["kind"] for r in parsed} == {"deadline"} and {r["region"] for r in parsed} == {"Hovedstaden"}
    out = tmp_path / "brief.md"
    res = cli("--actor", "almen praksis", "--format", "md", "--out", str(out))
    assert res.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# Mødebrief")
    res = cli("--query", "genoptræningsplan")
    assert res.exit_code == 0 and "AKTØR" in res.stdout


def test_cli_unknown_value_lists_valid_ones(cli) -> None:
    res = cli("--actor", "marsboerne")
    assert res.exit_code == 2
    assert "Gyldige værdier" in res.output and "kommunen" in res.output and "almen praksis" in res.output


def test_cli_empty_result_says_so(cli) -> None:
    res = cli("--region", "Sjælland")
    assert res.exit_code == 0
    assert "Ingen forpligtelser matcher filtrene." in res.output
    res = cli("--region", "Sjælland", "--format", "json")
    assert res.exit_code == 0 and res.stdout.strip().splitlines()[0] == "[]"


def test_cli_unwritable_out_path(cli, tmp_path: Path) -> None:
    res = cli("--format", "csv", "--out", str(tmp_path / "missing" / "dir" / "x.csv"))
    assert res.exit_code == 1
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Fejl: Kan ikke skrive til")


def test_cli_without_index_exits_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = typer.Typer()
    add_commitments_command(app)

    @app.command()
    def other() -> None:
        pass

    monkeypatch.setenv("AFTALE_PRESET", "test")
    monkeypatch.setenv("AFTALE_DATA_DIR", str(tmp_path / "none"))
    res = CliRunner().invoke(app, ["commitments"])
    assert res.exit_code == 3 and "aftale ingest" in res.output


def test_sql_queries_equal_filtering_every_row_in_memory(reg: Register) -> None:
    """The SQL path (indexes, FTS5 trigram search) returns exactly what a pass over every row returns."""
    assert reg._sql, "this register was written with its search tables"
    memory = Register(reg.db_path)
    memory._sql = False
    values = reg.values()
    assert values == memory.values()
    cases: list[dict] = [{}, {"text": "udskrivelse"}, {"text": "Genoptræning kommunen"}, {"text": "af i"}, {"text": "æ"}]
    cases += [{"actor": a} for a in values["actor"][:8]]
    cases += [{"topic": t, "text": "plan"} for t in values["topic"][:5]]
    cases += [{"kind": k, "region": values["region"][:1]} for k in values["kind"]]
    cases += [{"actor": ["kommunen", "regionen"], "period": values["period"], "text": "borger"}]
    first, second = Register(reg.db_path), Register(reg.db_path)
    first._version = 1  # a register written before its search rowids were aligned: found through the ids
    second._version = 2  # …before its actors table held rowids
    assert reg._version == 3
    for kw in cases:
        assert reg.query(**kw) == memory.query(**kw) == first.query(**kw) == second.query(**kw), kw
        assert reg.page(**kw, limit=5) == memory.page(**kw, limit=5) == first.page(**kw, limit=5) == second.page(**kw, limit=5), kw
    assert len(reg) == len(memory.rows) > 200


def test_a_page_is_cut_in_sql_and_counted_by_kind(reg: Register) -> None:
    """``page`` gives ``limit`` rows from ``offset`` of what ``query`` gives, with the total and each
    kind's count; pages in a row cover the whole result, and the in-memory path agrees."""
    memory = Register(reg.db_path)
    memory._sql = False
    for kw in ({}, {"text": "udskrivelse"}, {"actor": "kommunen", "text": "af i"}, {"kind": "deadline"}, {"region": "Sjælland"}):
        every = reg.query(**kw)
        kinds = {k: sum(1 for r in every if r.kind == k) for k in {r.kind for r in every}}
        pages = [reg.page(**kw, limit=7, offset=o) for o in range(0, len(every) + 7, 7)]
        assert all(p.total == len(every) and p.kinds == kinds for p in pages), kw
        assert [r for p in pages for r in p.rows] == every, kw
        assert all(len(p.rows) == 7 for p in pages[: len(every) // 7])
        first = reg.page(**kw, limit=7)
        assert first == memory.page(**kw, limit=7) and first.complete == (len(every) <= 7), kw
    whole = reg.page(limit=len(reg))
    assert whole.complete and whole.rows == reg.query()


def test_cli_table_shows_a_page_and_exports_are_complete(cli) -> None:
    everything = json.loads(cli("--format", "json").stdout)
    assert len(everything) > SCREEN_ROWS
    res = cli()
    assert res.exit_code == 0
    assert f"Viser {SCREEN_ROWS} af {len(everything)} udsagn; --limit 0 viser alle." in res.stderr
    shown = cli("--limit", "0")
    assert shown.exit_code == 0 and "Viser" not in shown.stderr and len(shown.stdout) > len(res.stdout)
    assert len(json.loads(cli("--format", "json", "--limit", "3").stdout)) == 3
    assert len(list(csv.DictReader(io.StringIO(cli("--format", "csv").stdout)))) == len(everything)
