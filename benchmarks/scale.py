"""How ingest, search, ask and the register grow with the size of the library (numbers, not tests).

Usage:
    python -m benchmarks.scale --docs 10 50 200 [--embedder e5|hash]
        [--chroma-host H --chroma-port P] [--questions 50] [--work DIR] --out F.json

For each N it writes N synthetic agreements (``benchmarks/synth.py``) to a
folder, ingests them into a fresh data dir through the real pipeline
(``index.build.run_ingest``), then measures re-ingest with nothing changed,
adding one document, removing it again, and warm search / ask / register
latencies (``register_query_ms``: the first page and the counts, what the app's
register page asks, warm like ask and search: the median of ``REGISTER_REPEATS``
asks after a first one, which ``register_first_query_ms`` times on its own;
``register_full_query_ms``: every matching row, what an export reads). Every phase runs in a fresh subprocess so peak memory (max RSS) is
that phase's own. Ingest also records when each stage (files, embed, bm25,
chroma, manifest) began, so the curve shows which stage grows.

Timings on a shared machine are noisy: repeat the key ones.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: our packages live beside benchmarks/
    sys.path.insert(0, str(ROOT))

from benchmarks.synth import default_sources, make_docs, write_docs

QUESTIONS = ROOT / "evals" / "questions_tune.jsonl"
REGISTER_REPEATS = 5
COLUMNS = (
    "docs", "passages", "sentences", "ingest_s", "peak_rss_mb", "index_mb", "add_one_s", "remove_one_s",
    "reingest_unchanged_s", "add_one_written_mb", "ask_p50_ms", "ask_p95_ms", "search_p50_ms", "register_query_ms", "register_full_query_ms",
)


# ---------------------------------------------------------------- phases (each in its own process)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Stages:
    """A progress callback that notes when each stage of an ingest began."""

    def __init__(self) -> None:
        self.t0 = time.perf_counter()
        self.marks: dict[str, float] = {}

    def __call__(self, stage: str, done: int, total: int, detail: str) -> None:
        key = f"{stage}:{detail}" if stage == "index" else stage
        if key not in self.marks and (stage != "index" or detail):
            self.marks[key] = round(time.perf_counter() - self.t0, 3)


def _written_bytes() -> int:
    """Bytes this process caused to be written to storage so far (Linux ``/proc/self/io``; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("write_bytes:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _own_bytes(gen_path: Path) -> int:
    """Bytes of a generation's files that no other generation shares (hard links counted once, elsewhere)."""
    return sum(st.st_size for p in gen_path.rglob("*") if p.is_file() and (st := p.stat()).st_nlink == 1)


def _ingest(corpus: Path, rebuild: bool) -> dict[str, Any]:
    from foundation.settings import Settings
    from index import generation as ix
    from index.build import run_ingest

    settings = Settings()
    stages = _Stages()
    written = _written_bytes()
    t = time.perf_counter()
    report = run_ingest([corpus], settings, rebuild=rebuild, progress=stages)
    seconds = time.perf_counter() - t
    written = _written_bytes() - written
    if not report.ok:
        raise SystemExit(f"ingest failed: {report.failed}")
    out = {"seconds": seconds, "chunks": report.chunks, "documents": report.documents, "changed": report.changed, "stages": stages.marks}
    gen = ix.require_generation(Path(settings.data_dir))
    out["written_mb"] = round(written / 2**20, 2)  # what the OS was asked to write, the Chroma server's writes not included
    out["own_mb"] = {p.name: round(_own_bytes(p) / 2**20 if p.is_dir() else (p.stat().st_size if p.stat().st_nlink == 1 else 0) / 2**20, 2) for p in sorted(gen.path.iterdir())}
    new_segments = [p for p in _vector_segments(gen) if p.name.startswith(f"vec-{gen.id}-")]  # written by this ingest
    out["own_mb"]["vectors"] = round(sum(_own_bytes(p) for p in new_segments) / 2**20, 2)
    return out


def _vector_segments(gen: Any) -> list[Path]:
    """The folders of the embedded vector segments a generation lists (none in server mode)."""
    from index import vector_segments as vs

    if not vs.segmented(gen):
        return []
    root = vs.vectors_root(vs.data_dir_of(gen))
    return [root / seg.name for seg in vs.read_list(gen)]


def phase_ingest(corpus: Path) -> dict[str, Any]:
    """Cold ingest of the whole folder into an empty data dir."""
    from foundation.settings import Settings
    from index import generation as ix
    from index.shards import read_sentences

    out = _ingest(corpus, rebuild=True)
    gen = ix.require_generation(Path(Settings().data_dir))
    out["sentences"] = len(read_sentences(gen, gen.read_manifest())[0])
    files = [p for folder in (gen.path, *_vector_segments(gen)) for p in folder.rglob("*") if p.is_file()]
    out["index_mb"] = sum(p.stat().st_size for p in files) / 2**20
    out["peak_rss_mb"] = _rss_mb()
    return out


def phase_changes(corpus: Path, extra_file: Path) -> dict[str, Any]:
    """Re-ingest with nothing changed, add one document, remove it again (embedder warmed first)."""
    from foundation.settings import Settings
    from index.backends import make_embedder

    make_embedder(Settings()).embed_query("varm op")  # a running app has its model loaded
    unchanged = _ingest(corpus, rebuild=False)
    target = corpus / extra_file.name
    shutil.copy(extra_file, target)
    added = _ingest(corpus, rebuild=False)
    target.unlink()
    removed = _ingest(corpus, rebuild=False)
    return {"unchanged": unchanged, "added": added, "removed": removed, "peak_rss_mb": _rss_mb()}


def phase_queries(n_questions: int) -> dict[str, Any]:
    """Warm latencies of ask and search over the first questions of the tune set, and of register queries."""
    from assistant.api import Assistant
    from assistant.register import PAGE_ROWS, register_for
    from evals.questions import load_questions
    from foundation.settings import Settings

    t = time.perf_counter()
    a = Assistant(Settings())
    a.warm_up()
    a.ask("Hvem står for dosisdispensering efter udskrivelse?")
    load_s = time.perf_counter() - t
    qs = [q.question for q in load_questions(QUESTIONS)][:n_questions]
    ask_ms, search_ms = [], []
    for q in qs:
        t = time.perf_counter()
        a.ask(q)
        ask_ms.append((time.perf_counter() - t) * 1000)
    for q in qs:
        t = time.perf_counter()
        a.search(q)
        search_ms.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    reg = register_for(a)
    open_ms = (time.perf_counter() - t) * 1000
    reg_ms, first_ms, full_ms, matched = [], [], [], []
    for kw in ({"actor": "kommunen"}, {"text": "udskrivelse"}, {"kind": "commitment", "text": "genoptræning"}, {"actor": "regionen", "text": "borgere"}):
        try:
            times = []
            for _ in range(1 + REGISTER_REPEATS):  # the first ask reads the pages from disk; the app's later ones find them cached
                t = time.perf_counter()
                page = reg.page(**kw, limit=PAGE_ROWS)  # what the app's register page asks: its first page and the counts
                times.append((time.perf_counter() - t) * 1000)
            first_ms.append(times[0])
            reg_ms.append(statistics.median(times[1:]))
            t = time.perf_counter()
            rows = reg.query(**kw)  # every matching row (an export, the brief)
            full_ms.append((time.perf_counter() - t) * 1000)
        except Exception as exc:  # noqa: BLE001 - a value this register does not hold: note it, time the rest
            print(f"register query {kw} failed: {exc}", file=sys.stderr)
            continue
        assert page.total == len(rows)
        matched.append(len(rows))
    return {
        "load_and_first_answer_s": load_s,
        "ask_ms": ask_ms,
        "search_ms": search_ms,
        "register_open_ms": open_ms,
        "register_rows": len(reg),
        "register_query_ms": reg_ms,
        "register_first_query_ms": first_ms,
        "register_full_query_ms": full_ms,
        "register_matched": matched,
        "register_page_rows": PAGE_ROWS,
        "peak_rss_mb": _rss_mb(),
    }


# ---------------------------------------------------------------- driver


def _env(args: argparse.Namespace, data: Path) -> dict[str, str]:
    env = dict(os.environ, AFTALE_DATA_DIR=str(data), AFTALE_EMBEDDER__MODE=args.embedder, PYTHONPATH=str(ROOT))
    if args.chroma_host:
        env["AFTALE_CHROMA_HOST"] = args.chroma_host
        env["AFTALE_CHROMA_PORT"] = str(args.chroma_port or 8000)
    return env


def _run(env: dict[str, str], *phase_args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale", "--phase", *phase_args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"phase {phase_args[0]} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))] if s else float("nan")


def measure(n: int, args: argparse.Namespace, sources: list[str], work: Path) -> dict[str, Any]:
    """All measurements for a library of ``n`` synthetic documents."""
    corpus, data, spare = work / f"n{n}" / "corpus", work / f"n{n}" / "data", work / f"n{n}" / "spare"
    for p in (corpus, data, spare):
        shutil.rmtree(p, ignore_errors=True)
    docs = make_docs(n + 1, sources, seed=args.seed)
    write_docs(docs[:n], corpus)
    write_docs(docs[n:], spare)  # document n: the one "add one" adds
    write_docs(docs[n:], corpus)  # …its catalog entry only; the file is copied in when added
    (corpus / docs[n].name).unlink()
    env = _env(args, data)
    cold = _run(env, "ingest", str(corpus))
    changes = _run(env, "changes", str(corpus), str(spare / docs[n].name))
    q = _run(env, "queries", str(args.questions))
    return {
        "docs": cold["documents"],
        "passages": cold["chunks"],
        "sentences": cold["sentences"],
        "corpus_mb": round(sum(len(d.text.encode()) for d in docs[:n]) / 2**20, 2),
        "ingest_s": round(cold["seconds"], 2),
        "peak_rss_mb": round(max(cold["peak_rss_mb"], changes["peak_rss_mb"], q["peak_rss_mb"])),
        "ingest_peak_rss_mb": round(cold["peak_rss_mb"]),
        "query_peak_rss_mb": round(q["peak_rss_mb"]),
        "index_mb": round(cold["index_mb"], 1),
        "add_one_s": round(changes["added"]["seconds"], 2),
        "add_one_written_mb": changes["added"]["written_mb"],
        "add_one_own_mb": changes["added"]["own_mb"],
        "remove_one_written_mb": changes["removed"]["written_mb"],
        "remove_one_s": round(changes["removed"]["seconds"], 2),
        "reingest_unchanged_s": round(changes["unchanged"]["seconds"], 2),
        "ask_p50_ms": round(statistics.median(q["ask_ms"]), 1),
        "ask_p95_ms": round(_pct(q["ask_ms"], 0.95), 1),
        "search_p50_ms": round(statistics.median(q["search_ms"]), 1),
        "register_query_ms": round(statistics.median(q["register_query_ms"]), 2) if q["register_query_ms"] else None,
        "register_first_query_ms": round(statistics.median(q["register_first_query_ms"]), 2) if q["register_first_query_ms"] else None,
        "register_full_query_ms": round(statistics.median(q["register_full_query_ms"]), 2) if q["register_full_query_ms"] else None,
        "register_matched": q["register_matched"],
        "register_page_rows": q["register_page_rows"],
        "register_open_ms": round(q["register_open_ms"], 1),
        "register_rows": q["register_rows"],
        "load_and_first_answer_s": round(q["load_and_first_answer_s"], 2),
        "stages_cold_s": cold["stages"],
        "stages_add_one_s": changes["added"]["stages"],
        "stages_remove_one_s": changes["removed"]["stages"],
        "questions": len(q["ask_ms"]),
    }


def table(rows: list[dict[str, Any]]) -> str:
    """The measurements as a fixed-width table, one row per N, and the growth between successive N."""
    head = " ".join(f"{c:>12}" for c in COLUMNS)
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(" ".join(f"{r.get(c, ''):>12}" for c in COLUMNS))
    if len(rows) > 1:
        lines.append("")
        lines.append("growth exponent between successive N (1 = linear, 0 = flat): d log(metric) / d log(docs)")
        for a, b in itertools.pairwise(rows):
            parts = []
            for c in ("ingest_s", "add_one_s", "reingest_unchanged_s", "ask_p50_ms", "search_p50_ms", "peak_rss_mb", "index_mb"):
                if a.get(c) and b.get(c):
                    parts.append(f"{c} {math.log(b[c] / a[c]) / math.log(b['docs'] / a['docs']):.2f}")
            lines.append(f"  {a['docs']:>5} → {b['docs']:<5} " + ", ".join(parts))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    ap.add_argument("--docs", type=int, nargs="+", default=[10])
    ap.add_argument("--embedder", choices=("e5", "hash"), default="hash")
    ap.add_argument("--chroma-host")
    ap.add_argument("--chroma-port", type=int)
    ap.add_argument("--questions", type=int, default=50)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, help="folder for the synthetic corpora and data dirs (default: a temporary one, removed)")
    ap.add_argument("--out", type=Path, required=False)
    args = ap.parse_args(argv)
    if args.phase:
        name, *rest = args.phase
        if name == "ingest":
            result = phase_ingest(Path(rest[0]))
        elif name == "changes":
            result = phase_changes(Path(rest[0]), Path(rest[1]))
        else:
            result = phase_queries(int(rest[0]))
        print(json.dumps(result))
        return
    sources = default_sources(ROOT / "corpus")
    work = args.work or Path(tempfile.mkdtemp(prefix="aftale-scale-"))
    rows = []
    try:
        for n in args.docs:
            t = time.perf_counter()
            rows.append(measure(n, args, sources, work))
            if args.out:  # written after every N, so a long curve keeps what it measured
                _write(args, rows)
            print(f"N={n} measured in {time.perf_counter() - t:.0f} s", file=sys.stderr)
            print(table(rows[-1:]) + "\n", file=sys.stderr)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(table(rows))


def _write(args: argparse.Namespace, rows: list[dict[str, Any]]) -> None:
    result = {"embedder": args.embedder, "server": bool(args.chroma_host), "seed": args.seed, "cores": os.cpu_count(), "runs": rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
