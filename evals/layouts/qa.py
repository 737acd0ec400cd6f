"""The 30 layout questions through the real system, once per rendering.

For each rendering a fresh data folder gets only that PDF (always named
``samarbejdsaftale.pdf``, the ``doc`` of every question), ingested and evaluated with the
``aftale`` command line in a subprocess, exactly as a user would run it; the metrics come
from the eval report. Uses the embedder of the environment (``AFTALE_EMBEDDER__MODE``,
default e5: the measurement is meant with the real embedder).

``python -m evals.layouts.qa [--pdfs DIR] [--work DIR] [--out FILE.md]``
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from evals.layouts.render import RENDERINGS, render

QUESTIONS = Path(__file__).resolve().parent / "questions.jsonl"
DOC_NAME = "samarbejdsaftale.pdf"
_CLI_MODULES = ("assistant.cli", "interfaces.cli.main")  # before and after the CLI move


def _cli() -> list[str]:
    for module in _CLI_MODULES:
        if importlib.util.find_spec(module) is not None:
            return [sys.executable, "-m", module]
    raise RuntimeError("the aftale command line module was not found")


def run_one(pdf: Path, work: Path) -> dict[str, float]:
    """Ingest ``pdf`` alone into ``work/data`` and run the layout questions against it."""
    if work.exists():
        shutil.rmtree(work)
    (work / "in").mkdir(parents=True)
    shutil.copy(pdf, work / "in" / DOC_NAME)
    env = {**os.environ, "AFTALE_DATA_DIR": str(work / "data")}
    env.setdefault("AFTALE_EMBEDDER__MODE", "e5")
    cli = _cli()
    subprocess.run([*cli, "ingest", str(work / "in")], env=env, check=True, capture_output=True)
    subprocess.run(
        [*cli, "eval", "--questions", str(QUESTIONS), "--out", str(work / "answers.jsonl"), "--report", str(work / "report")],
        env=env, check=False, capture_output=True,
    )
    report = json.loads((work / "report" / "latest.json").read_text(encoding="utf-8"))
    if "splits" in report:  # the report of one question file is a split of its own
        report = next(iter(report["splits"].values()))
    overall = report["metrics"]["ours"]["overall"]
    return {key: overall[key] for key in ("recall@5", "answer_accuracy", "citation_accuracy")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=Path, help="folder with the rendered PDFs (rendered if missing)")
    parser.add_argument("--work", type=Path, help="keep data folders and answers here")
    parser.add_argument("--out", type=Path, help="also write the table to this markdown file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aftale-layout-qa-") as tmp:
        pdfs = args.pdfs or Path(tmp) / "pdfs"
        work = args.work or Path(tmp) / "work"
        pdfs.mkdir(parents=True, exist_ok=True)
        lines = ["| rendering | Recall@5 | answer accuracy | citation accuracy |", "|---|---|---|---|"]
        for kind in RENDERINGS:
            pdf = pdfs / f"{kind}.pdf"
            if not pdf.exists():
                pdf.write_bytes(render(kind))
            m = run_one(pdf, work / kind)
            lines.append(f"| {kind} | {m['recall@5']:.3f} | {m['answer_accuracy']:.3f} | {m['citation_accuracy']:.3f} |")
            print(lines[-1], flush=True)
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
