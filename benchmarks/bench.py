"""Speed and memory of ingest and ask on the bundled corpus (numbers for the report, not tests).

Usage: python benchmarks/bench.py [--data DIR] [--questions N] [--floor [--repeat R]]
Runs each phase in a fresh subprocess so peak memory (max RSS) and cold
start are measured honestly.

``--floor`` measures cold ingest against the embedder's floor: the time to
embed, alone, the deduplicated texts that ingest embeds (passage texts and
body sentences of the bundled corpus), with the same embedder, batch size and
threads, model already loaded. The two alternate ``--repeat`` times, because
the machine is shared and single timings are noisy; process CPU time (all
threads) is reported beside wall time, as it moves less when other jobs
compete for the cores.
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
c = time.process_time()
r = run_ingest(None, s, rebuild=sys.argv[2] == "rebuild")
print(json.dumps({"seconds": time.perf_counter() - t, "cpu_s": time.process_time() - c, "chunks": r.chunks, "changed": r.changed,
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


FLOOR = """
import json, resource, sys, time
from pathlib import Path
from foundation.settings import Settings
from index.backends import make_embedder
from index.build import _catalogs, discover
from index.prepare import prepare
s = Settings(data_dir=sys.argv[1])
files, roots, _ = discover([Path(s.corpus_dir)])
catalog = _catalogs(s, roots)
texts = []
for f in files:
    p = prepare(f, catalog, s)
    texts += [c.embed_text() for c in p.chunks] + [r["text"] for r in p.sentence_rows()]
unique = list(dict.fromkeys(texts))
emb = make_embedder(s)
t = time.perf_counter(); emb.embed_documents(["varm op"]); load_s = time.perf_counter() - t
batch = max(8, s.embedder.batch_size)
t, c = time.perf_counter(), time.process_time()
for i in range(0, len(unique), batch):
    emb.embed_documents(unique[i : i + batch])
print(json.dumps({"embed_s": time.perf_counter() - t, "embed_cpu_s": time.process_time() - c, "model_load_s": load_s, "texts": len(texts), "unique": len(unique),
                  "batch": batch, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _run(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def floor(data: Path, repeat: int) -> dict:
    """Cold ingest and the embedding floor, alternated ``repeat`` times; the best of each is the estimate."""
    ingests, floors = [], []
    for _ in range(repeat):
        ingests.append(_run(INGEST, str(data), "rebuild"))
        floors.append(_run(FLOOR, str(data)))
    best_ingest = min(r["seconds"] for r in ingests)
    best_floor = min(r["embed_s"] for r in floors)
    return {
        "cold_ingest_s": [round(r["seconds"], 1) for r in ingests],
        "floor_embed_s": [round(r["embed_s"], 1) for r in floors],
        "cold_ingest_cpu_s": [round(r["cpu_s"], 1) for r in ingests],
        "floor_embed_cpu_s": [round(r["embed_cpu_s"], 1) for r in floors],
        "cpu_ratio_best": round(min(r["cpu_s"] for r in ingests) / min(r["embed_cpu_s"] for r in floors), 2),
        "model_load_s": round(min(r["model_load_s"] for r in floors), 2),
        "texts": floors[0]["texts"],
        "unique_texts": floors[0]["unique"],
        "batch": floors[0]["batch"],
        "ratio_best": round(best_ingest / best_floor, 2),
        "ratio_each": [round(i["seconds"] / f["embed_s"], 2) for i, f in zip(ingests, floors)],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--questions", type=int, default=240)
    ap.add_argument("--floor", action="store_true", help="cold ingest against the embedding floor, nothing else")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="aftale-bench-"))
    if args.floor:
        print(json.dumps(floor(data, args.repeat), indent=1))
        return
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
