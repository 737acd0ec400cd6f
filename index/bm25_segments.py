"""BM25 over segments: word pieces written once per batch of documents, scored at query time.

A generation's lexical index used to be one score matrix over every passage,
rebuilt and rewritten whole by every ingest (at a thousand documents, 59 MB
for one added file). Now each ingest that adds or changes documents writes one
*segment* for them: their passages' word-piece counts (passage x piece, the
library-independent half of BM25's input; ``index.lexical``). Unchanged
segments are hard-linked into the new generation, like the document shards.

What depends on the whole library is small and is rewritten each time: the
*expansion* (piece x token: a piece's stem plus the stems of its compound
parts, which depend on the library's word counts) over the union of the
segments' pieces. A query token's term frequencies are then the segments'
piece columns times the expansion's column for that token, and its idf, the
passage lengths and their mean are taken over the live passages of all
segments. The scores are the very numbers one matrix built from scratch over
the same passages gives (``BM25Index.from_tf``; tests compare them).

A removed or replaced document's rows stay in their segment but are not live:
the generation's manifest no longer lists the document's key. Segments are
merged, oldest first, whenever the one before is not more than
``MERGE_FACTOR`` times the size of the one after it, and a segment with more
dead rows than live ones is rewritten: each passage is rewritten a logarithmic
number of times over the library's life, and the number of segments stays
logarithmic in its size.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from foundation.errors import IndexCorrupt
from index.bm25 import BM25Index, idf_of, term_scores

SEGMENTS_FILE = "segments.json"
EXPANSION_FILE = "expansion.npz"
SEGMENT_FORMAT = 1
MERGE_FACTOR = 2
"""Merge a segment into the one before it while that one is at most this many times its size.

An engineering bound, not fitted on any eval. Larger means fewer segments and more rewriting;
simulated over 1,000-2,000 single-document adds (``tests/index/test_bm25_segments.py``):
factor 2 rewrites each added passage about 7 times over and keeps at most 8 segments,
4 about 11-13 times and 6, 8 about 18-20 times and 4."""

TOKEN_CACHE = 4096  # query tokens whose scores a loaded index keeps


def _corrupt(what: str) -> IndexCorrupt:
    return IndexCorrupt(
        f"BM25-indekset er beskadiget ({what}). Kør: aftale ingest --rebuild",
        f"The BM25 index is damaged ({what}). Run: aftale ingest --rebuild",
    )


def segmented(folder: Path) -> bool:
    return (Path(folder) / SEGMENTS_FILE).is_file()


# ---------------------------------------------------------------- one segment on disk


@dataclass
class Segment:
    """Piece counts of some documents' passages (rows: by document in ``docs`` order, then stored order)."""

    name: str
    matrix: sp.csc_matrix  # rows x local pieces, int32 counts
    pieces: list[str]  # local piece vocabulary (the matrix's columns)
    docs: list[tuple[str, int]]  # (document key, passages) in row order

    @staticmethod
    def name_for(docs: Sequence[tuple[str, int]]) -> str:
        """A name from the documents it holds: the same documents' pieces are the same content."""
        return "seg-" + hashlib.sha256("\n".join(f"{k}:{n}" for k, n in docs).encode()).hexdigest()[:20]

    def files(self, folder: Path) -> list[Path]:
        return segment_files(folder, self.name)

    def save(self, folder: Path) -> None:
        m = self.matrix
        arrays, meta = segment_files(folder, self.name)
        np.savez(arrays, data=m.data.astype(np.int32), indices=m.indices.astype(np.int32), indptr=m.indptr.astype(np.int64), shape=np.array(m.shape))
        meta.write_text(json.dumps({"pieces": self.pieces, "docs": self.docs}, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, name: str, *, matrix: bool = True) -> "Segment":
        arrays, meta = segment_files(folder, name)
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            docs = [(str(k), int(n)) for k, n in info["docs"]]
            pieces = list(info["pieces"])
            if matrix:
                with np.load(arrays, allow_pickle=False) as z:
                    shape = tuple(int(x) for x in z["shape"])
                    m = sp.csc_matrix((z["data"], z["indices"], z["indptr"]), shape=shape)
                if shape != (sum(n for _, n in docs), len(pieces)):
                    raise ValueError("shape does not match the segment's documents and pieces")
            else:
                m = sp.csc_matrix((sum(n for _, n in docs), len(pieces)), dtype=np.int32)
        except Exception as exc:  # numpy, zip and json raise many kinds on damaged files
            raise _corrupt(name) from exc
        return cls(name, m, pieces, docs)


def segment_files(folder: Path, name: str) -> list[Path]:
    return [Path(folder) / f"{name}.npz", Path(folder) / f"{name}.json"]


def new_segment(matrix: sp.spmatrix, pieces: Sequence[str], docs: Sequence[tuple[str, int]]) -> Segment:
    """A segment of these piece counts, without the pieces no row holds."""
    m = sp.csc_matrix(matrix, dtype=np.int32)
    used = np.flatnonzero(np.diff(m.indptr))
    docs = [(k, int(n)) for k, n in docs]
    return Segment(Segment.name_for(docs), sp.csc_matrix(m[:, used]), [pieces[i] for i in used], docs)


def merged(parts: Sequence[tuple[Segment, np.ndarray]]) -> Segment:
    """One segment of the given segments' live rows (``(segment, live row mask)``), in that order."""
    vocab: dict[str, int] = {}
    blocks, docs = [], []
    for seg, live in parts:
        cols = np.fromiter((vocab.setdefault(p, len(vocab)) for p in seg.pieces), np.int64, len(seg.pieces))
        coo = sp.csr_matrix(seg.matrix)[np.flatnonzero(live)].tocoo()
        blocks.append((coo.row, cols[coo.col], coo.data, coo.shape[0]))
        pos = 0
        for k, n in seg.docs:
            if live[pos : pos + n].all() and n:
                docs.append((k, n))
            elif n and live[pos : pos + n].any():
                raise ValueError("a document's rows are live in part")
            pos += n
    offset, rows, cols, data = 0, [], [], []
    for r, c, d, n in blocks:
        rows.append(r + offset)
        cols.append(c)
        data.append(d)
        offset += n
    m = sp.csc_matrix(
        (np.concatenate(data) if data else np.zeros(0, np.int32), (np.concatenate(rows) if rows else [], np.concatenate(cols) if cols else [])),
        shape=(offset, len(vocab)),
        dtype=np.int32,
    )
    return new_segment(m, list(vocab), docs)


# ---------------------------------------------------------------- merge policy


def merge_plan(sizes: Sequence[tuple[int, int]], factor: int = MERGE_FACTOR, cap: int | None = None) -> list[tuple[list[int], bool]]:
    """Which segments (``(live rows, dead rows)``, oldest first) are written together.

    ``cap``: no merge makes a segment of more live rows than this.

    Returns groups of consecutive segment indices with whether the group is
    written anew (a merge, or one segment with more dead rows than live ones);
    a group not written anew is linked as it is. Segments without live rows
    are left out.
    """
    groups: list[list[int]] = []
    live_of: list[int] = []
    for i, (live, _) in enumerate(sizes):
        if live == 0:
            continue
        groups.append([i])
        live_of.append(live)
        while len(groups) >= 2 and live_of[-2] <= factor * live_of[-1] and (cap is None or live_of[-2] + live_of[-1] <= cap):
            groups[-2:] = [groups[-2] + groups[-1]]
            live_of[-2:] = [live_of[-2] + live_of[-1]]
    return [(g, len(g) > 1 or sizes[g[0]][1] > sizes[g[0]][0]) for g in groups]


def carry_plan(
    docs: Sequence[Sequence[tuple[str, int]]],
    dead: Sequence[Iterable[str]],
    rename: Mapping[str, str],
    fresh_rows: int,
    *,
    cap: int | None = None,
    usable: Sequence[bool] | None = None,
) -> tuple[list[set[str]], list[tuple[list[int], bool]]]:
    """How a new generation takes over the previous one's segments (BM25's and Chroma's alike).

    Args:
        docs, dead: per previous segment, its documents ((key, passages), row order) and the keys dead in it.
        rename: old key -> new key of every document the new generation keeps (not re-read).
        fresh_rows: passages of the new segment for the documents re-read (0: none; it comes last).
        usable: per previous segment, whether it can be listed again as it is (its files are there).

    Returns:
        Per previous segment the keys still live in it (a document dead in a segment stays dead
        there, even when it came back into a newer one), and the groups of ``merge_plan`` (indices,
        the new segment's being ``len(docs)``), each with whether it is listed again as it is
        (otherwise its live rows are written as one new segment).
    """
    alive = [set(rename) - set(d) for d in dead]
    sizes = []
    for seg_docs, keep in zip(docs, alive):
        live = sum(n for k, n in seg_docs if k in keep)
        sizes.append((live, sum(n for _, n in seg_docs) - live))
    if fresh_rows:
        sizes.append((fresh_rows, 0))
    plan = []
    for group, rewrite in merge_plan(sizes, cap=cap):
        first = group[0]
        as_is = (
            not rewrite
            and first < len(docs)
            and (usable is None or usable[first])
            and all(rename[k] == k for k, _ in docs[first] if k in alive[first])
        )
        plan.append((group, as_is))
    return alive, plan


def live_mask(docs: Sequence[tuple[str, int]], live_keys: set[str]) -> np.ndarray:
    """Which rows of a segment with these documents belong to documents in ``live_keys``."""
    return np.concatenate([np.full(n, k in live_keys) for k, n in docs]) if docs else np.zeros(0, bool)


# ---------------------------------------------------------------- the generation's lexical index


def write_index(
    folder: Path, segments: Sequence[tuple[Segment, Sequence[str]]], expansion: sp.spmatrix, pieces: Sequence[str], tokens: Sequence[str]
) -> None:
    """Write the generation's list of segments (already in ``folder``, each with the keys of its
    documents the generation no longer holds) and the expansion over ``pieces``."""
    e = sp.csc_matrix(expansion, dtype=np.int32)
    np.savez(Path(folder) / EXPANSION_FILE, data=e.data, indices=e.indices.astype(np.int32), indptr=e.indptr.astype(np.int64), shape=np.array(e.shape))
    info = {
        "format": SEGMENT_FORMAT,
        "segments": [s.name for s, _ in segments],
        "dead": {s.name: sorted(dead) for s, dead in segments if dead},
        "bytes": {s.name: [p.stat().st_size for p in s.files(folder)] for s, _ in segments},
        "pieces": list(pieces),
        "tokens": list(tokens),
    }
    (Path(folder) / SEGMENTS_FILE).write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")


def read_info(folder: Path) -> dict[str, Any]:
    try:
        info = json.loads((Path(folder) / SEGMENTS_FILE).read_text(encoding="utf-8"))
        if info.get("format") != SEGMENT_FORMAT or not isinstance(info.get("segments"), list):
            raise ValueError("unknown segment format")
    except Exception as exc:  # noqa: BLE001 - damaged or foreign
        raise _corrupt(SEGMENTS_FILE) from exc
    return info


def check(folder: Path, order: Sequence[tuple[str, int]]) -> None:
    """Every segment file is there with its recorded size and the live documents are exactly ``order``.

    Reads the segments' document lists, not their counts, so an unchanged re-ingest stays cheap.
    """
    info = read_info(folder)
    for name in info["segments"]:
        for path, size in zip(segment_files(folder, name), info["bytes"].get(name, [])):
            try:
                found = path.stat().st_size
            except OSError:
                found = -1
            if found != size:
                raise _corrupt(path.name)
    _global_rows([Segment.load(folder, n, matrix=False) for n in info["segments"]], order, info.get("dead", {}))


def _global_rows(segments: Sequence[Segment], order: Sequence[tuple[str, int]], dead: Mapping[str, Sequence[str]]) -> list[np.ndarray]:
    """Per segment, the stored-order row of each of its rows (-1: a document no longer in the generation)."""
    offset: dict[str, tuple[int, int]] = {}
    pos = 0
    for key, n in order:
        offset[key] = (pos, n)
        pos += n
    seen: set[str] = set()
    out = []
    for seg in segments:
        rows = np.full(seg.matrix.shape[0], -1, np.int64)
        gone = set(dead.get(seg.name, ()))
        at = 0
        for key, n in seg.docs:
            if key not in gone:
                if key not in offset:
                    raise _corrupt(f"{seg.name}: {key}")
                start, want = offset[key]
                if want != n or key in seen:
                    raise _corrupt(f"{seg.name}: {key}")
                seen.add(key)
                rows[at : at + n] = np.arange(start, start + n)
            at += n
        out.append(rows)
    missing = [k for k, n in order if n and k not in seen]
    if missing:
        raise _corrupt(f"no segment holds {missing[0]}")
    return out


class SegmentedBM25:
    """BM25 over a generation's segments, in the generation's stored passage order."""

    def __init__(
        self, segments: list[Segment], rows: list[np.ndarray], pieces: list[np.ndarray], expansion: sp.csc_matrix, tokens: list[str], size: int
    ) -> None:
        """``rows``: per segment, each row's stored-order row (-1: dead); ``pieces``: per segment, each of its pieces' row in ``expansion``."""
        self._segments = segments
        self._rows = rows
        self._live = [r >= 0 for r in rows]
        self._expansion = expansion
        self._token_ids = {t: i for i, t in enumerate(tokens)}
        self.size = size
        per_piece = np.asarray(expansion.sum(axis=1)).ravel().astype(np.int64)
        self._local = []  # per segment: each expansion row's local piece (-1: none)
        self._lens = []
        total = 0
        for seg, live, own in zip(segments, self._live, pieces):
            local = np.full(expansion.shape[0], -1, np.int64)
            local[own] = np.arange(len(own))
            self._local.append(local)
            lens = sp.csr_matrix(seg.matrix).astype(np.int64) @ per_piece[own]
            lens[lens == 0] = 1  # as from_tf: a passage without tokens is the one token ""
            self._lens.append(lens)
            total += int(lens[live].sum())
        self._avg = total / size if size else 0.0
        self._token = lru_cache(maxsize=TOKEN_CACHE)(self._token_scores)

    @classmethod
    def load(cls, folder: Path, order: Sequence[tuple[str, int]]) -> "SegmentedBM25":
        """The index in ``folder`` for a generation whose passages are ``order`` ((key, passages) in stored order)."""
        info = read_info(folder)
        segments = [Segment.load(folder, n) for n in info["segments"]]
        try:
            with np.load(Path(folder) / EXPANSION_FILE, allow_pickle=False) as z:
                shape = tuple(int(x) for x in z["shape"])
                expansion = sp.csc_matrix((z["data"], z["indices"], z["indptr"]), shape=shape)
            pieces, tokens = list(info["pieces"]), list(info["tokens"])
            if shape != (len(pieces), len(tokens)):
                raise ValueError("expansion does not match its vocabularies")
            piece_ids = {p: i for i, p in enumerate(pieces)}
            own = [np.fromiter((piece_ids[p] for p in seg.pieces), np.int64, len(seg.pieces)) for seg in segments]
        except Exception as exc:  # noqa: BLE001 - numpy, zip, json and a missing piece
            raise _corrupt(EXPANSION_FILE) from exc
        rows = _global_rows(segments, order, info.get("dead", {}))
        return cls(segments, rows, own, expansion, tokens, sum(n for _, n in order))

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 of every passage for these query tokens (repeats count again), summed in query order."""
        out = np.zeros(self.size, dtype=np.float32)
        for t in tokens:
            hit = self._token(t)
            if hit is not None:
                out[hit[0]] += hit[1]
        return out

    def _token_scores(self, token: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(stored-order rows, float32 scores) of the live passages holding ``token``."""
        j = self._token_ids.get(token)
        if j is None:
            return None
        e = self._expansion
        gp, ev = e.indices[e.indptr[j] : e.indptr[j + 1]], e.data[e.indptr[j] : e.indptr[j + 1]].astype(np.int64)
        found = []
        for seg, live, glob, lens, to_local in zip(self._segments, self._live, self._rows, self._lens, self._local):
            local = to_local[gp]
            ok = local >= 0
            if not ok.any():
                continue
            tf = np.asarray(seg.matrix[:, local[ok]].astype(np.int64) @ ev[ok]).ravel()
            rows = np.flatnonzero(tf)
            rows = rows[live[rows]]
            if len(rows):
                found.append((glob[rows], tf[rows], lens[rows]))
        df = sum(len(r) for r, _, _ in found)
        if not df:
            return None
        idf = idf_of(self.size, df)
        return (
            np.concatenate([r for r, _, _ in found]),
            np.concatenate([term_scores(idf, tf, lens, self._avg) for _, tf, lens in found]),
        )


def load_bm25(folder: Path, manifest: Any) -> "SegmentedBM25 | BM25Index":
    """A generation's lexical index: its segments, or the one score matrix of a generation from before them."""
    if segmented(folder):
        return SegmentedBM25.load(folder, order_of(manifest))
    return BM25Index.load(folder)


def order_of(manifest: Any) -> list[tuple[str, int]]:
    """A manifest's documents as (key, passages) in stored order (by file name)."""
    return [(manifest.keys[name], manifest.files[name].chunks) for name in sorted(manifest.files)]
