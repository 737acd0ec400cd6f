"""Would a sentence embedded with its section heading rank the answering sentence higher? (tune only)

    python -m benchmarks.sentence_context

Embeds every body sentence of the bundled corpus with e5 three ways: the sentence alone (what the
index stores), prefixed by its nearest heading, and prefixed by its whole section path; then ranks
all sentences of the corpus by cosine to each answerable ``tune`` question (no adapter, no fusion,
no reader) and reports where the first sentence holding the evidence lands. A sentence holds the
evidence when one contains the other's first 60 normalised characters (evidence often spans two
sentences). Also scores the average of the plain and the prefixed cosine, and the plain cosine plus
a weighted cosine of the section path alone (cheap: a few hundred paths instead of every sentence).
Numbers, not a test; the result is in ``docs/decisions.md``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np

from evals.questions import normalise
from evals.splits import load_split
from foundation.settings import Settings
from index.prepare import prepare_batch
from ingest.embed import E5Embedder

ROOT = Path(__file__).resolve().parents[1]


def _sentences() -> list[tuple[str, str, str]]:
    """(text, nearest heading, section path) of every body sentence of the bundled corpus."""
    paths = sorted((ROOT / "corpus").glob("*.txt"))
    out = []
    for prep in prepare_batch(paths, {}, Settings()):
        text = prep.clean.text
        for s, e in prep.sentences:
            path = prep.sections.get(s) or ""
            out.append((re.sub(r"\s+", " ", text[s:e]).strip(), path.split(" › ")[-1], path))
    return out


def _gold(evidence: list[str], sentences: list[str]) -> list[int]:
    heads = [normalise(e)[:60] for e in evidence if e]
    found = []
    for i, s in enumerate(sentences):
        n = normalise(s)
        if len(n) > 20 and any(h in n or n[:60] in normalise(e) for h, e in zip(heads, evidence)):
            found.append(i)
    return found


def main() -> None:
    sents = _sentences()
    emb = E5Embedder()
    plain = emb.embed_documents([s for s, _, _ in sents])
    heading = emb.embed_documents([f"{h}: {s}" if h else s for s, h, _ in sents])
    path = emb.embed_documents([f"{p}: {s}" if p else s for s, _, p in sents])
    paths = sorted({p for _, _, p in sents if p})
    path_only = emb.embed_documents(paths)
    path_row = {p: i for i, p in enumerate(paths)}
    ranks: dict[str, list[tuple[int, str]]] = {}
    for q in load_split("tune", purpose="fit"):
        if not q.answerable:
            continue
        gold = _gold(q.evidence if isinstance(q.evidence, list) else [q.evidence], [s for s, _, _ in sents])
        if not gold:
            continue
        v = emb.embed_query(q.question)
        a, b, c = plain @ v, heading @ v, path @ v
        p = path_only @ v
        s_cos = np.array([p[path_row[x]] if x else a.mean() for _, _, x in sents])
        variants = {"sentence": a, "heading: sentence": b, "path: sentence": c, "mean(sentence, heading: sentence)": (a + b) / 2,
                    "mean(sentence, path: sentence)": (a + c) / 2, "sentence + 0.25 path": a + 0.25 * s_cos, "sentence + 0.5 path": a + 0.5 * s_cos}
        for name, score in variants.items():
            order = np.argsort(-score)
            rank = min(int(np.flatnonzero(order == g)[0]) for g in gold) + 1
            ranks.setdefault(name, []).append((rank, q.lang))
    print(f"{len(sents)} sentences; answerable tune questions with a located evidence sentence: {len(next(iter(ranks.values())))}", file=sys.stderr)
    for name, rows in ranks.items():
        r = np.array([x for x, _ in rows])
        by = {lang: np.mean([x <= 5 for x, lg in rows if lg == lang]) for lang in ("da", "en")}
        print(f"{name:36s} top1 {np.mean(r == 1):.3f} top5 {np.mean(r <= 5):.3f} top20 {np.mean(r <= 20):.3f} "
              f"MRR {np.mean(1 / r):.3f} | top5 da {by['da']:.3f} en {by['en']:.3f}")


if __name__ == "__main__":
    main()
