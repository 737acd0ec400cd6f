"""Speed and memory of ingest and ask on the bundled corpus (numbers for the report, not tests).

Usage: python benchmarks/bench.py [--data DIR] [--questions N]
Runs each phase in a fresh subprocess so peak memory (max RSS) and cold
start are measured honestly.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

INGEST = """
import json, resource, sys, time
from foundation.settings import Settings
from index.build import run_ingest
s = Settings(data_dir=sys.argv[1])
t = time.perf_counter()
r = run_ingest(None, s, rebuild=sys.argv[2] == "rebuild")
print(json.dumps({"seconds": time.perf_counter() - t, "chunks": r.chunks, "changed": r.changed,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

ASK = """
import json, resource, sys, time
t0 = time.perf_counter()
from assistant.api import Assistant
from foundation.settings import Settings
from evals.questions import load_questions
a = Assistant(Settings(data_dir=sys.argv[1]))
first = a.ask("Hvem står for dosisdispensering efter udskrivelse?")
first_s = time.perf_counter() - t0
qs = [q.question for q in load_questions(sys.argv[2])][: int(sys.argv[3])]
lat = []
for q in qs:
    t = time.perf_counter(); a.ask(q); lat.append((time.perf_counter() - t) * 1000)
print(json.dumps({"first_answer_s": first_s, "latencies_ms": lat,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _run(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--questions", type=int, default=240)
    args = ap.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="aftale-bench-"))
    cold = _run(INGEST, str(data), "rebuild")
    warm = _run(INGEST, str(data), "keep")
    ask = _run(ASK, str(data), str(ROOT / "evals" / "questions_tune.jsonl"), str(args.questions))
    lat = sorted(ask["latencies_ms"])
    result = {
        "cold_ingest_s": round(cold["seconds"], 1),
        "cold_ingest_peak_mb": round(cold["max_rss_mb"]),
        "chunks": cold["chunks"],
        "reingest_unchanged_s": round(warm["seconds"], 2),
        "reingest_changed": warm["changed"],
        "first_answer_new_process_s": round(ask["first_answer_s"], 2),
        "ask_p50_ms": round(statistics.median(lat), 1),
        "ask_p95_ms": round(lat[int(0.95 * (len(lat) - 1))], 1),
        "ask_peak_mb": round(ask["max_rss_mb"]),
        "questions": len(lat),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
