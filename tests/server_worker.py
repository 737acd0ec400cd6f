"""One long-lived app process for the many-users test: an ``Assistant`` driven over stdin, one JSON line per command.

``python -m tests.server_worker`` reads settings from the environment (``AFTALE_*``)
and answers ``{"ask": q}``, ``{"search": q}``, ``{"ingest": [paths]}`` and
``{"status": true}`` with one JSON line each, like an app process serving users would.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.api import Assistant
from foundation.settings import get_settings


def main() -> None:
    assistant = Assistant(get_settings())
    for line in sys.stdin:
        cmd = json.loads(line)
        if "ask" in cmd:
            out = {k: v for k, v in assistant.ask(cmd["ask"]).to_json().items() if k != "timings_ms"}
        elif "search" in cmd:
            out = {"passages": [(p.id, p.doc, round(p.score, 12)) for p in assistant.search(cmd["search"], k=10)]}
        elif "ingest" in cmd:
            report = assistant.ingest([Path(p) for p in cmd["ingest"]])
            out = {"ok": report.ok, "added": report.added, "generation": report.generation}
        else:
            out = {"generation": assistant.snapshot().generation.id, "documents": assistant.status()["documents"]}
        print(json.dumps(out, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
