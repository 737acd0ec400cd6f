"""What editors decided about the library, applied by every ingest: removed documents and corrected facts.

The decisions live in one JSON file in the data directory
(``<data_dir>/library-overrides.json``), written whole and moved into place:

- ``removed``: sha256 → file name. A document with that content is left out
  of the index by every later ingest (``aftale ingest`` of the corpus does not
  bring it back) until an editor adds it again.
- ``facts``: file name → the facts an editor set (title, region, kind,
  period, status). An ingest applies them over what the catalog or the
  document's own text says, and re-reads a file whose published facts differ.

Why a file beside the index and not an edit of the index: removal and
correction then go through the same ingest path as an upload (a new
generation, published by the atomic swap), and a rebuild keeps them.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from foundation.errors import storage_error

OVERRIDES_FILE = "library-overrides.json"
FACT_FIELDS = ("title", "region", "kind", "period", "status")
CORRECTED = "corrected"  # the manifest meta key that records which facts an editor set


@dataclass
class Overrides:
    """The editors' decisions; ``load`` reads them, ``save`` writes them atomically."""

    removed: dict[str, str] = field(default_factory=dict)
    facts: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, data_dir: Path | str) -> "Overrides":
        path = Path(data_dir) / OVERRIDES_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError):
            return cls()  # an unreadable file is treated as no decisions; the next save rewrites it
        removed = raw.get("removed") if isinstance(raw, dict) else None
        facts = raw.get("facts") if isinstance(raw, dict) else None
        return cls(
            removed={str(k): str(v) for k, v in (removed or {}).items()},
            facts={str(k): {f: str(v) for f, v in (d or {}).items() if f in FACT_FIELDS} for k, d in (facts or {}).items()},
        )

    def save(self, data_dir: Path | str) -> None:
        path = Path(data_dir) / OVERRIDES_FILE
        tmp = path.with_name(f".{path.name}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"removed": self.removed, "facts": self.facts}, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            raise storage_error(exc, data_dir) from exc

    # ------------------------------------------------------------ as ingest sees them

    def withheld(self, sha256: str) -> bool:
        """An editor removed a document with this content."""
        return sha256 in self.removed

    def meta(self, name: str, meta: dict[str, Any]) -> dict[str, Any]:
        """A document's published facts with the editors' corrections over them (and which those were)."""
        wanted = self.facts.get(name)
        return {**meta, **wanted, CORRECTED: dict(wanted)} if wanted else dict(meta)

    def current(self, name: str, published: dict[str, Any]) -> bool:
        """The published facts of ``name`` carry exactly today's corrections (no re-read needed)."""
        return (published.get(CORRECTED) or {}) == self.facts.get(name, {})

    def apply(self, loaded: Any) -> Any:
        """A loaded document with the corrected facts that its metadata record holds."""
        wanted = self.facts.get(loaded.file)
        if not wanted:
            return loaded
        names = {f.name for f in dataclasses.fields(loaded.meta)}
        known = {k: v for k, v in wanted.items() if k in names}
        return dataclasses.replace(loaded, meta=dataclasses.replace(loaded.meta, **known)) if known else loaded
