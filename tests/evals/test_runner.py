"""A small end-to-end eval against a real index (test preset, hash embedder) built here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from assistant.api import Assistant
from evals.cli import register
from evals.questions import load_questions
from evals.report import write_report
from evals.runner import run_eval, write_outputs
from foundation.settings import Settings
from index.build import run_ingest
from ingest.embed import HashEmbedder

GENOPTRAENING = """Genoptræning efter udskrivelse

Kommunen har ansvaret for genoptræning efter udskrivelse fra sygehus. Genoptræningsplanen sendes til kommunen senest på udskrivelsesdagen. Borgeren skal tilbydes en første samtale inden for syv kalenderdage efter at kommunen har modtaget planen.

Specialiseret rehabilitering

Regionen leverer specialiseret genoptræning på sygehuset, når borgerens behov kræver sygehusets ekspertise. Almen praksis bliver orienteret om forløbet i epikrisen.
"""

MEDICIN = """Medicinhåndtering og dosisdispensering

Dosisdispensering tilbydes alle egnede borgere. Ved indlæggelse pauseres dosisdispenseringen, og efter udskrivelse kan egen læge genopstarte den.

Utilsigtede hændelser

Utilsigtede hændelser i sektorovergangen rapporteres til Dansk Patientsikkerhedsdatabase. Analyser og handleplaner skal være afsluttet indenfor 90 dage, efter hændelsen er rapporteret.
"""

QUESTIONS = [
    {
        "id": "t1",
        "question": "Hvor lang tid har man til at afslutte analyser og handleplaner efter en utilsigtet hændelse?",
        "doc": "medicin.txt",
        "evidence": "Analyser og handleplaner skal være afsluttet indenfor 90 dage, efter hændelsen er rapporteret.",
        "answer": "Inden for 90 dage.",
        "must_include": ["90 dage"],
        "type": "deadline",
        "lang": "da",
    },
    {
        "id": "t2",
        "question": "Who is responsible for rehabilitation (genoptræning) after discharge?",
        "doc": "genoptraening.txt",
        "evidence": "Kommunen har ansvaret for genoptræning efter udskrivelse fra sygehus.",
        "answer": "The municipality (kommunen).",
        "must_include": ["kommunen"],
        "type": "responsibility",
        "lang": "en",
        "note": "unknown extra fields are ignored",
    },
    {
        "id": "t3",
        "question": "Hvad koster en parkeringsbillet ved Aarhus Universitetshospital om natten?",
        "doc": None,
        "evidence": None,
        "answer": "Det står ikke i aftalerne.",
        "must_include": [],
        "type": "unanswerable",
        "lang": "da",
    },
]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("evalrun")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "genoptraening.txt").write_text(GENOPTRAENING, encoding="utf-8")
    (corpus / "medicin.txt").write_text(MEDICIN, encoding="utf-8")
    questions = root / "questions.jsonl"
    questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS) + "\n", encoding="utf-8")
    data = root / "data"
    settings = Settings.from_preset("test", data_dir=str(data), corpus_dir=str(corpus))
    report = run_ingest([corpus], settings, embedder=HashEmbedder(settings.embedder.hash_dim))
    assert report.ok and report.documents == 2
    return {"root": root, "corpus": corpus, "data": data, "questions": questions}


def _assistant(env: dict[str, Path]) -> Assistant:
    settings = Settings.from_preset("test", data_dir=str(env["data"]), corpus_dir=str(env["corpus"]))
    return Assistant(settings)


def test_run_eval_with_baselines_and_report(env: dict[str, Path], tmp_path: Path) -> None:
    questions = load_questions(env["questions"])
    result = run_eval(_assistant(env), questions, k=10, baseline=True)

    assert set(result.records) == {"ours", "tutorial", "bm25"}
    assert all(len(recs) == 3 for recs in result.records.values())
    ours = {r.id: r for r in result.ours}
    assert ours["t1"].rank is not None and ours["t1"].rank <= 5  # two small files: the evidence is retrieved
    assert ours["t3"].rank is None and not ours["t3"].answerable
    tutorial = {r.id: r for r in result.records["tutorial"]}
    assert not any(r.refused for r in tutorial.values())  # the tutorial never refuses
    assert tutorial["t1"].rank == 1  # each small file is a single 1000-character chunk

    metrics = result.metrics
    overall = metrics["ours"]["overall"]
    assert (overall["n"], overall["n_answerable"], overall["n_unanswerable"]) == (3, 2, 1)
    assert set(metrics["ours"]["by_lang"]) == {"da", "en"}
    assert set(metrics["ours"]["by_type"]) == {"deadline", "responsibility", "unanswerable"}
    assert metrics["tutorial"]["overall"]["refusal_rate"] == 0.0

    md, js = write_report(result, tmp_path / "results")
    assert md == tmp_path / "results" / "latest.md" and js.name == "latest.json"
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["meta"]["n_questions"] == 3
    assert data["meta"]["corpus"]["embedder"] == "hash-256"
    assert set(data["meta"]["corpus"]["files"]) == {"genoptraening.txt", "medicin.txt"}
    assert data["meta"]["settings"]["embedder"]["mode"] == "hash"
    assert data["metrics"]["ours"]["overall"] == pytest.approx(overall)
    assert set(data["comparison"]) == {"tutorial", "bm25"}
    assert [r["id"] for r in data["records"]["ours"]] == ["t1", "t2", "t3"]

    text = md.read_text(encoding="utf-8")
    for heading in ("## Overall", "## By type", "## By language", "## Baselines", "## Settings", "## Failing questions"):
        assert heading in text
    assert f"{overall['recall@5']:.3f}" in text and "MRR@10" in text and "Aftale ÷ Tutorial" in text

    out = write_outputs(result, tmp_path / "answers.jsonl")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["t1", "t2", "t3"]
    assert {"answer", "refused", "citations", "passages", "timings_ms"} <= set(rows[0])


def test_tutorial_embeddings_are_cached(env: dict[str, Path]) -> None:
    run_eval(_assistant(env), load_questions(env["questions"])[:1], baseline=True)
    cached = list((env["data"] / "eval-cache").glob("tutorial-*.npy"))
    assert len(cached) == 1
    mtime = cached[0].stat().st_mtime_ns
    run_eval(_assistant(env), load_questions(env["questions"])[:1], baseline=True)
    assert cached[0].stat().st_mtime_ns == mtime


def _cli() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:  # a callback keeps "eval" a named subcommand
        pass

    register(app)
    return app


def _cli_env(env: dict[str, Path], data: Path | None = None) -> dict[str, str]:
    return {
        "AFTALE_PRESET": "test",
        "AFTALE_DATA_DIR": str(data or env["data"]),
        "AFTALE_CORPUS_DIR": str(env["corpus"]),
    }


def test_cli_eval_writes_out_and_report(env: dict[str, Path], tmp_path: Path) -> None:
    out, report = tmp_path / "answers.jsonl", tmp_path / "report"
    result = CliRunner().invoke(
        _cli(),
        ["eval", "--questions", str(env["questions"]), "--out", str(out), "-k", "5", "--report", str(report)],
        env=_cli_env(env),
    )
    assert result.exit_code == 0, result.output
    assert "recall@5" in result.output and "answer_accuracy" in result.output
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["t1", "t2", "t3"]
    data = json.loads((report / "latest.json").read_text(encoding="utf-8"))
    run = data["splits"][env["questions"].stem]
    # a file outside the project is named by its last part only: reports carry no machine paths
    assert run["meta"]["k"] == 5 and run["meta"]["questions_file"] == "…/" + env["questions"].name
    assert str(tmp_path) not in (report / "latest.md").read_text(encoding="utf-8")
    assert str(tmp_path) not in (report / "latest.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "needle"),
    [(None, "not found"), ('{"id": "x"}\n', "missing field"), ("not json\n", "invalid JSON")],
)
def test_cli_eval_rejects_bad_question_files(env: dict[str, Path], tmp_path: Path, content: str | None, needle: str) -> None:
    path = tmp_path / "q.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(_cli(), ["eval", "--questions", str(path), "--report", str(tmp_path / "r")], env=_cli_env(env))
    assert result.exit_code == 2
    message = result.output.strip()
    assert message.startswith("Error:") and needle in message and "\n" not in message
    assert not (tmp_path / "r").exists()


def test_cli_eval_without_index_fails_clearly(env: dict[str, Path], tmp_path: Path) -> None:
    result = CliRunner().invoke(
        _cli(), ["eval", "--questions", str(env["questions"]), "--report", str(tmp_path / "r")], env=_cli_env(env, tmp_path / "empty")
    )
    assert result.exit_code == 3
    message = result.output.strip()
    assert message.startswith("Error: no index in") and "aftale ingest" in message and "\n" not in message
