"""Fit a query-side linear adapter for the dense legs on the tune split, and compare it with cheaper variants.

The adapter maps a query embedding ``q`` to ``normalize(q + q @ W)``; ``W = U V`` (low rank) is trained
(torch, full batch) so that the adapted query is closer to the passages and sentences that hold its evidence than to
every other passage and sentence of the index (a softmax over the whole index: the hard negatives are
in it), with a ridge penalty ``lam * |W|^2`` that keeps it near the identity.

Everything is judged out of fold: tune questions are grouped by family (one stretch of one document, as
``evals.fit_retrieval``), so the paraphrases of one fact never straddle folds. For each ridge penalty the adapter is
trained on the other folds and searched on the held-out fold through the app's own
``HybridRetriever`` with today's fitted fusion. Compared on the same folds: dense pseudo-relevance
feedback (Rocchio: the query mixed with the mean of its top sentences), a sentence-window sentence
representation, and the query centred on the index's mean sentence. Never touches the test split or
``evals/unseen``. ``--write`` stores the adapter (trained on all tune) only when it beats today's
retrieval out of fold by more than ``MARGIN``; the measurements of 2026-12-03 are in
``docs/query-adapter.md`` (none was kept).

    python -m evals.fit_adapter [--folds 5] [--vectors cache.npz] [--only adapter] [--write]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from sklearn.model_selection import GroupKFold

from assistant.adapter import ADAPTER_FILE, apply_matrix
from assistant.api import Assistant
from assistant.retrieval import fitted_fusion
from evals.adapter_data import (
    Item,
    collect,
    groups,
    search_ranks,
)
from evals.fit_retrieval import summary, utility, utility_rows
from evals.query_cache import cache_query_vectors
from evals.splits import load_split
from foundation.settings import Settings

LAMBDAS = (1.0, 10.0)
CENTRES = (0.25, 0.5, 0.75)
RANK = 8
TEMPERATURE = 0.03
STEPS = 200
LEARNING_RATE = 1e-2
ROCCHIO = tuple((beta, k) for beta in (0.25, 0.5, 1.0) for k in (3, 10))
WINDOWS = (0.25, 0.5)
MARGIN = 0.01  # a variant is kept only with an out-of-fold gain of Recall@5 on more than 1% of the questions


def train(items: Sequence[Item], passages: np.ndarray, sentences: np.ndarray, lam: float, rank: int = RANK, seed: int = 0) -> np.ndarray:
    """``W = U V`` (d × d, rank ``rank``) minimising the evidence's softmax loss over the whole index plus ``lam * |W|^2``.

    Low rank keeps it cheap: the scores ``q' . x`` are ``(q . x + (q U) . (V x)) / |q'|``, with ``q . x``
    computed once, so a step costs ``rank / d`` of a full matrix's.
    """
    torch.manual_seed(seed)
    torch.set_num_threads(1)  # the machine is shared; the matrices are small
    q = torch.tensor(np.vstack([it.vec for it in items]), dtype=torch.float32)
    d = q.shape[1]
    u = (torch.randn(d, rank) / d**0.5).requires_grad_()
    v = torch.zeros(rank, d, requires_grad=True)
    blocks = []
    for mat, rows_of in ((passages, lambda it: list(it.hits)), (sentences, lambda it: it.sentences.tolist())):
        x = torch.tensor(mat, dtype=torch.float32)
        mask = torch.zeros(len(items), len(mat), dtype=torch.bool)
        for n, it in enumerate(items):
            mask[n, rows_of(it)] = True
        rows = mask.any(dim=1)
        blocks.append((x, q[rows] @ x.T, q[rows], mask[rows]))
    opt = torch.optim.Adam([u, v], lr=LEARNING_RATE)
    for _ in range(STEPS):
        opt.zero_grad()
        loss = lam * ((u.T @ u) * (v @ v.T)).sum() + 1e-4 * ((u * u).sum() + (v * v).sum())  # |U V|^2, and a tie on scale
        for x, qx, qq, mask in blocks:
            a = qq @ u
            qv = qq @ v.T
            norm = torch.sqrt(1.0 + 2.0 * (a * qv).sum(1) + ((a @ v) ** 2).sum(1))
            logits = (qx + a @ (v @ x.T)) / norm[:, None] / TEMPERATURE
            loss = loss + (torch.logsumexp(logits, 1) - torch.logsumexp(logits.masked_fill(~mask, -1e9), 1)).mean()
        loss.backward()
        opt.step()
    return (u @ v).detach().numpy().astype(np.float32)


def centred(vecs: np.ndarray, sentences: np.ndarray, gamma: float) -> np.ndarray:
    """Each query minus ``gamma`` times the index's mean sentence vector (what every sentence shares)."""
    out = vecs - gamma * sentences.mean(axis=0)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def rocchio(vecs: np.ndarray, sentences: np.ndarray, beta: float, k: int) -> np.ndarray:
    """Each query mixed with the mean of its ``k`` nearest sentences (dense pseudo-relevance feedback)."""
    sims = vecs @ sentences.T
    top = np.argsort(-sims, axis=1)[:, :k]
    out = vecs + beta * sentences[top].mean(axis=1)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def windowed(sentences: np.ndarray, docs: Sequence[str], alpha: float) -> np.ndarray:
    """Each sentence vector plus ``alpha`` times its neighbours' in the same document."""
    out = sentences.copy()
    for n in range(len(sentences)):
        for m in (n - 1, n + 1):
            if 0 <= m < len(sentences) and docs[m] == docs[n]:
                out[n] += alpha * sentences[m]
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def oof_choice(table: np.ndarray, grp: np.ndarray, folds: int) -> np.ndarray:
    """Out-of-fold ranks of picking, per fold, the variant row best on the other folds."""
    util = np.vstack([utility_rows(r) for r in table])
    held = np.zeros(table.shape[1], dtype=int)
    for tr, te in GroupKFold(n_splits=folds).split(table.T, groups=grp):
        held[te] = table[int(np.argmax(util[:, tr].sum(1))), te]
    return held


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--vectors", type=Path, help="a .npz of query vectors kept between runs (evals.query_cache)")
    ap.add_argument("--by-doc", action="store_true", help="group the folds by document (a new document's questions) instead of by family")
    ap.add_argument("--only", choices=("adapter", "rocchio", "window", "centre", "all"), default="all")
    ap.add_argument("--write", action="store_true", help=f"train on all tune and store the adapter in {ADAPTER_FILE.name} (if kept)")
    args = ap.parse_args(argv)
    assistant = Assistant(Settings(retrieval={"adapter": False}))  # raw query vectors: the adapter is what is fitted
    if args.vectors:
        cache_query_vectors(assistant, args.vectors)
    snap = assistant.snapshot()
    items = collect(assistant, load_split("tune", purpose="fit"))
    if args.vectors:
        assistant.embedder.save_cache()
    fusion = fitted_fusion(snap.manifest.embedder)["default"]
    grp = np.array([it.question.docs[0] if it.question.docs else "" for it in items]) if args.by_doc else groups(items)
    raw = np.vstack([it.vec for it in items])
    index = (np.asarray(snap.embeddings, np.float32), np.asarray(snap.sentence_embeddings, np.float32), snap.sentence_chunks)
    rows: dict[str, np.ndarray] = {"baseline": search_ranks(assistant, items, raw, fusion, snap)}
    report: dict[str, object] = {}
    if args.only in ("rocchio", "all"):
        table = np.vstack([search_ranks(assistant, items, rocchio(raw, index[1], b, k), fusion, snap) for b, k in ROCCHIO])
        for (b, k), r in zip(ROCCHIO, table):
            report[f"rocchio beta={b} k={k} (all tune, not out of fold)"] = _by_group(items, r)
        rows["rocchio (grid chosen out of fold)"] = oof_choice(table, grp, args.folds)
    if args.only in ("window", "all"):
        docs = [s.get("doc", "") for s in snap.sentence_rows]
        table = []
        for alpha in WINDOWS:
            wsnap = dataclasses.replace(snap, sentence_embeddings=windowed(index[1], docs, alpha))
            table.append(search_ranks(assistant, items, raw, fusion, wsnap))
            report[f"sentence window alpha={alpha} (all tune)"] = _by_group(items, table[-1])
        rows["sentence window (alpha chosen out of fold)"] = oof_choice(np.vstack(table), grp, args.folds)
    if args.only in ("centre", "all"):
        table = np.vstack([search_ranks(assistant, items, centred(raw, index[1], g), fusion, snap) for g in CENTRES])
        for g, r in zip(CENTRES, table):
            report[f"centred gamma={g} (all tune)"] = _by_group(items, r)
        rows["centred (gamma chosen out of fold)"] = oof_choice(table, grp, args.folds)
    if args.only in ("adapter", "all"):
        table = []
        for lam in LAMBDAS:
            held = np.zeros(len(items), dtype=int)
            for tr, te in GroupKFold(n_splits=args.folds).split(raw, groups=grp):
                w = train([items[i] for i in tr], index[0], index[1], lam)
                held[te] = search_ranks(assistant, [items[i] for i in te], apply_matrix(raw[te], w), fusion, snap)
            table.append(held)
            report[f"adapter rank {RANK} lambda={lam} (out of fold)"] = _by_group(items, held)
            print(f"adapter lambda={lam}", json.dumps(_by_group(items, held)), flush=True)
        rows["adapter (lambda chosen per fold on the other folds)"] = oof_choice(np.vstack(table), grp, args.folds)
    for name, r in rows.items():
        report[name] = _by_group(items, r)
    for name, value in report.items():
        print(name, json.dumps(value, ensure_ascii=False))
    key = "adapter (lambda chosen per fold on the other folds)"
    if key in rows:
        gain = utility(rows[key]) - utility(rows["baseline"])
        lam = LAMBDAS[int(np.argmax([utility(r) for r in table]))]
        kept = gain > MARGIN * len(items)
        print(f"adapter out-of-fold utility gain {gain:.1f} ({'kept' if kept else 'not kept'}, margin {MARGIN * len(items):.1f})")
        if args.write and kept:
            w = train(items, index[0], index[1], lam)
            how = (
                f"python -m evals.fit_adapter --write: {len(items)} answerable tune questions, W trained with a softmax over all "
                f"{len(index[0])} passages and {len(index[1])} sentences of the index (temperature {TEMPERATURE}, {STEPS} Adam steps), "
                f"rank {RANK}, ridge penalty {lam} (best out of fold of {list(LAMBDAS)}); "
                f"{args.folds}-fold cross-validation grouped by question family"
            )
            meta = {"embedder": snap.manifest.embedder, "how": how, "date": dt.date.today().isoformat(), "measured": report}
            np.savez_compressed(ADAPTER_FILE, w=w, meta=np.array(json.dumps(meta, ensure_ascii=False)))
            print("written", ADAPTER_FILE.name)


def _by_group(items: Sequence[Item], r: np.ndarray) -> dict[str, dict[str, float]]:
    langs = np.array([it.question.lang for it in items])
    para = np.array([it.paraphrased for it in items])
    return {
        "all": summary(r),
        "da": summary(r[langs == "da"]),
        "en": summary(r[langs == "en"]),
        "paraphrased": summary(r[para]),
        "original": summary(r[~para]),
    }


if __name__ == "__main__":
    main()
