"""Evaluation of the commitments register against ``evals/commitments_gold.jsonl``.

The gold set holds hand-checked statements ``{"doc", "statement", "actor",
"kind"}`` read from the five bundled documents (not the extractor's output):
``statement`` is a sentence, or a distinctive part of one, copied from the
cleaned document text; ``actor`` and ``kind`` follow the conventions in the
docstring of the ``ingest.commitments`` package.

Method:

* **Matching.** A gold statement and an extracted row match when they are
  in the same document, have the same actor, and the normalised gold text
  (lowercase, letters and digits only) is contained in the normalised
  statement of the row, or the row's in the gold's.
* **Recall** = matched gold statements / all gold statements. Every gold
  statement counts, wherever it is in its document.
* **Precision** needs a judgement of every extracted row, so the gold set is
  *exhaustive* inside the line spans of ``EXHAUSTIVE_SPANS``: there, every
  statement the conventions call a responsibility, commitment or deadline is
  in the gold set, and nothing else. Precision = rows whose ``line_start`` is
  in such a span and that match a gold statement / all rows in those spans.
  Outside the spans the gold set only samples statements (for recall).
* **Kind accuracy** = share of matched (gold, row) pairs with the same kind.

``evaluate(rows, gold)`` reports these overall and per document;
``run()`` builds the rows from the bundled corpus (clean → split → extract,
no embedding) and evaluates them.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foundation.settings import Settings
from index.prepare import prepare_batch
from ingest.catalog import load_catalog
from ingest.clean import clean
from ingest.commitments.extract import extract
from ingest.load import load

ROOT = Path(__file__).resolve().parent.parent
GOLD_PATH = Path(__file__).resolve().parent / "commitments_gold.jsonl"

SA = "region-midtjylland-sundhedsaftale-2015-2018.txt"
KH = "kkr-hovedstaden-2016-kkr-maal-for-sundhed.txt"
KM = "kkr-midtjylland-2013-naere-sundhedsvaesen-fire-maalsaetninger.txt"
UD = "kkr-midtjylland-2018-udspil-sundhedsaftale-2019-2023.txt"
HO = "hovedstaden-oplaeg-sundhedsaftale-III-somatik.txt"

DEV, HELD_OUT = "dev", "held-out"

EXHAUSTIVE_SPANS: tuple[tuple[str, int, int, str, str], ...] = (
    (SA, 370, 539, "2.3 Økonomi – 2.4.1 Opfølgning på utilsigtede hændelser", DEV),
    (SA, 2658, 2845, "4.2.2 Den velkoordinerede indlæggelse og udskrivelse", DEV),
    (SA, 3121, 3240, "4.4 Genoptræning", DEV),
    (SA, 4243, 4392, "6.1.1 Initiativpligten og parternes opgaver og ansvar", DEV),
    (SA, 5720, 5948, "7 Implementering (organisering, opfølgning, praksisplan)", DEV),
    (KH, 1, 149, "hele dokumentet", DEV),
    (KM, 170, 428, "de fire målsætninger", DEV),
    (UD, 284, 603, "2 Mål, 3 Indsatsområder, 4 Bærende principper", DEV),
    (HO, 86, 236, "3 Strategiske målsætninger", DEV),
    (SA, 560, 846, "2.4.3 Tværsektorielt samarbejde på lægemiddelområdet", HELD_OUT),
    (SA, 1020, 1350, "3 Forebyggelse – 3.3", HELD_OUT),
    (SA, 2081, 2657, "4.2.1 Forebygge akutte patientforløb", HELD_OUT),
    (SA, 4393, 4990, "6.1.2 Børn og unge med psykisk sygdom", HELD_OUT),
    (UD, 1, 283, "følgebrev og 1 Visioner", HELD_OUT),
    (UD, 604, 818, "Kommunernes samarbejde om sundhed", HELD_OUT),
    (HO, 1, 85, "1 Baggrund og proces, 2 Vision", HELD_OUT),
    (KM, 1, 169, "baggrund og forslag til proces", HELD_OUT),
)
"""(document, first line, last line, label, split): spans where the gold set lists every statement.

``dev`` spans were annotated first and used while writing the rules;
``held-out`` spans were annotated afterwards from the text alone, before the
rules were run on them, and measure how the rules generalise.
"""


@dataclass(frozen=True)
class GoldStatement:
    doc: str
    statement: str
    actor: str
    kind: str


def normalise(text: str) -> str:
    """Lowercase, letters and digits only (spaces, punctuation and hyphenation gone)."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def load_gold(path: Path = GOLD_PATH) -> list[GoldStatement]:
    """Read the gold set (one JSON object per line)."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                out.append(GoldStatement(d["doc"], d["statement"], d["actor"], d["kind"]))
    return out


def span_split(doc: str, line: int) -> str | None:
    """``dev`` or ``held-out`` when ``line`` of ``doc`` lies in an exhaustive span, else None."""
    return next((split for d, a, b, _, split in EXHAUSTIVE_SPANS if d == doc and a <= line <= b), None)


def in_scope(doc: str, line: int) -> bool:
    """Whether a row starting at ``line`` of ``doc`` lies in an exhaustive span."""
    return span_split(doc, line) is not None


def gold_lines(gold: Sequence[GoldStatement], doc_texts: Mapping[str, tuple[str, Any]]) -> list[int | None]:
    """The source line of each gold statement, from ``{file: (cleaned text, line_at)}``; None when not found."""
    index: dict[str, tuple[str, list[int]]] = {}
    for doc, (text, _) in doc_texts.items():
        keep = [i for i, ch in enumerate(text) if ch.isalnum()]
        index[doc] = ("".join(text[i].lower() for i in keep), keep)
    out: list[int | None] = []
    for g in gold:
        if g.doc not in index:
            out.append(None)
            continue
        norm, keep = index[g.doc]
        pos = norm.find(normalise(g.statement))
        out.append(doc_texts[g.doc][1](keep[pos]) if pos >= 0 else None)
    return out


def _field(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, Mapping) else getattr(row, name)


def _matches(gold: GoldStatement, row: Any, with_actor: bool = True) -> bool:
    if _field(row, "doc") != gold.doc or with_actor and _field(row, "actor") != gold.actor:
        return False
    g, r = normalise(gold.statement), normalise(_field(row, "statement"))
    return bool(g and r) and (g in r or len(r) >= 12 and r in g)


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def evaluate(
    rows: Iterable[Any], gold: Sequence[GoldStatement], doc_texts: Mapping[str, tuple[str, Any]] | None = None
) -> dict[str, Any]:
    """Precision and recall of (statement, actor) pairs and accuracy of kind.

    Args:
        rows: extracted rows (``Commitment`` objects or dicts with doc,
            statement, actor, kind, line_start).
        gold: the gold statements.
        doc_texts: ``{file: (cleaned text, line_at)}``; when given, the report
            also splits precision and recall into ``dev`` and ``held-out``
            spans (``by_split``).

    Returns:
        ``precision``, ``recall``, ``kind_accuracy``, the counts behind them,
        ``statement_recall`` (ignoring the actor), ``per_doc`` with the same
        figures per document, and the ``missed`` gold statements and
        ``false_positives`` (in-scope rows matching no gold) for inspection.
    """
    rows = list(rows)
    by_doc: dict[str, list[Any]] = defaultdict(list)
    for r in rows:
        by_doc[_field(r, "doc")].append(r)
    matched_gold: dict[int, Any] = {}
    statement_hits = 0
    for i, g in enumerate(gold):
        cands = by_doc.get(g.doc, [])
        hit = next((r for r in cands if _matches(g, r)), None)
        if hit is not None:
            matched_gold[i] = hit
        if any(_matches(g, r, with_actor=False) for r in cands):
            statement_hits += 1
    scoped = [r for r in rows if in_scope(_field(r, "doc"), int(_field(r, "line_start")))]
    gold_by_doc: dict[str, list[GoldStatement]] = defaultdict(list)
    for g in gold:
        gold_by_doc[g.doc].append(g)
    true_pos = [r for r in scoped if any(_matches(g, r) for g in gold_by_doc.get(_field(r, "doc"), []))]
    false_pos = [r for r in scoped if r not in true_pos]
    kind_ok = sum(1 for i, r in matched_gold.items() if _field(r, "kind") == gold[i].kind)

    per_doc: dict[str, dict[str, Any]] = {}
    for doc in sorted({g.doc for g in gold} | set(by_doc)):
        g_idx = [i for i, g in enumerate(gold) if g.doc == doc]
        m_idx = [i for i in g_idx if i in matched_gold]
        s_rows = [r for r in scoped if _field(r, "doc") == doc]
        tp = [r for r in true_pos if _field(r, "doc") == doc]
        per_doc[doc] = {
            "gold": len(g_idx),
            "matched": len(m_idx),
            "recall": _ratio(len(m_idx), len(g_idx)),
            "rows": len(by_doc.get(doc, [])),
            "rows_in_scope": len(s_rows),
            "true_positives": len(tp),
            "precision": _ratio(len(tp), len(s_rows)),
            "kind_accuracy": _ratio(sum(1 for i in m_idx if _field(matched_gold[i], "kind") == gold[i].kind), len(m_idx)),
        }
    by_split: dict[str, dict[str, Any]] = {}
    for split in (DEV, HELD_OUT):
        s_rows = [r for r in scoped if span_split(_field(r, "doc"), int(_field(r, "line_start"))) == split]
        s_tp = [r for r in s_rows if r in true_pos]
        by_split[split] = {"rows_in_scope": len(s_rows), "true_positives": len(s_tp), "precision": _ratio(len(s_tp), len(s_rows))}
    if doc_texts is not None:
        lines = gold_lines(gold, doc_texts)
        for split in (DEV, HELD_OUT):
            idx = [i for i, ln in enumerate(lines) if ln is not None and span_split(gold[i].doc, ln) == split]
            hit = [i for i in idx if i in matched_gold]
            by_split[split].update(
                gold=len(idx),
                matched=len(hit),
                recall=_ratio(len(hit), len(idx)),
                kind_accuracy=_ratio(sum(1 for i in hit if _field(matched_gold[i], "kind") == gold[i].kind), len(hit)),
            )
    return {
        "precision": _ratio(len(true_pos), len(scoped)),
        "recall": _ratio(len(matched_gold), len(gold)),
        "kind_accuracy": _ratio(kind_ok, len(matched_gold)),
        "statement_recall": _ratio(statement_hits, len(gold)),
        "gold": len(gold),
        "matched": len(matched_gold),
        "rows": len(rows),
        "rows_in_scope": len(scoped),
        "true_positives": len(true_pos),
        "per_doc": per_doc,
        "by_split": by_split,
        "missed": [g.__dict__ for i, g in enumerate(gold) if i not in matched_gold],
        "false_positives": [
            {k: _field(r, k) for k in ("doc", "line_start", "actor", "kind", "statement")} for r in false_pos
        ],
        "kind_errors": [
            {"statement": gold[i].statement, "gold": gold[i].kind, "row": _field(r, "kind")}
            for i, r in matched_gold.items()
            if _field(r, "kind") != gold[i].kind
        ],
    }


def corpus_rows(corpus_dir: Path | None = None) -> tuple[list[dict], list[dict], list[dict]]:
    """(sentence_rows, chunk_rows, doc_rows) of a corpus folder, as an ingest makes them, without embedding."""
    corpus_dir = Path(corpus_dir or ROOT / "corpus")
    cat_file = corpus_dir / "catalog.yaml"
    catalog = load_catalog(cat_file) if cat_file.exists() else {}
    settings = Settings(corpus_dir=corpus_dir)
    sentence_rows: list[dict] = []
    chunk_rows: list[dict] = []
    doc_rows: list[dict] = []
    paths = sorted(p for p in corpus_dir.iterdir() if p.suffix.lower() in (".txt", ".md", ".pdf"))
    for prepared in prepare_batch(paths, catalog, settings):
        sentence_rows += prepared.sentence_rows()
        chunk_rows += prepared.chunk_rows()
        doc_rows.append(prepared.document_row())
    return sentence_rows, chunk_rows, doc_rows


def corpus_texts(corpus_dir: Path | None = None) -> dict[str, tuple[str, Any]]:
    """``{file: (cleaned text, line_at)}`` of a corpus folder, to place gold statements on source lines."""
    corpus_dir = Path(corpus_dir or ROOT / "corpus")
    out = {}
    for path in sorted(p for p in corpus_dir.iterdir() if p.suffix.lower() in (".txt", ".md", ".pdf")):
        cleaned = clean(load(path))
        out[path.name] = (cleaned.text, cleaned.line_at)
    return out


def run(corpus_dir: Path | None = None, gold_path: Path = GOLD_PATH) -> dict[str, Any]:
    """Extract the register from the corpus and evaluate it against the gold set."""
    sentence_rows, chunk_rows, doc_rows = corpus_rows(corpus_dir)
    rows = extract(sentence_rows, chunk_rows, doc_rows)
    report = evaluate(rows, load_gold(gold_path), corpus_texts(corpus_dir))
    report["by_actor"] = dict(Counter(r.actor for r in rows).most_common())
    report["by_kind"] = dict(Counter(r.kind for r in rows).most_common())
    return report


def summary(report: Mapping[str, Any]) -> str:
    """A few lines for ``aftale eval``: overall and per-document figures."""
    def pct(x: float | None) -> str:
        return "-" if x is None else f"{x:.1%}"

    lines = [
        f"Forpligtelsesregister: præcision {pct(report['precision'])} ({report['true_positives']}/{report['rows_in_scope']}), "
        f"genkaldelse {pct(report['recall'])} ({report['matched']}/{report['gold']}), "
        f"type korrekt {pct(report['kind_accuracy'])}",
    ]
    for split, d in report.get("by_split", {}).items():
        if "recall" in d:
            lines.append(
                f"  {split}: præcision {pct(d['precision'])} ({d['true_positives']}/{d['rows_in_scope']}), "
                f"genkaldelse {pct(d['recall'])} ({d['matched']}/{d['gold']}), type {pct(d['kind_accuracy'])}"
            )
    for doc, d in report["per_doc"].items():
        lines.append(
            f"  {doc}: præcision {pct(d['precision'])} ({d['true_positives']}/{d['rows_in_scope']}), "
            f"genkaldelse {pct(d['recall'])} ({d['matched']}/{d['gold']}), type {pct(d['kind_accuracy'])}"
        )
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - manual run
    rep = run()
    print(summary(rep))
