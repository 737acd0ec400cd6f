"""Actors named in a phrase, normalised (``Kommunerne`` → ``kommunen``), and several joined into one."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ingest.commitments.lexicon import (
    CASE_SENSITIVE,
    MOD_BODY,
    NP_RE,
    PLACE_NAME,
    PROPER_KIND,
    REGION_SIDE,
    TERM_COMPILED,
)


def actors_in(phrase: str) -> list[str]:
    """Normalised actors named in a noun phrase, in order, without repeats."""
    out: list[str] = []
    for m in _iter_terms(phrase):
        if m[1] not in out:
            out.append(m[1])
    return out


def first_named(text: str, label: str) -> re.Match[str] | None:
    """Where ``text`` first names the actor ``label`` by any of its terms (the longest term where two start there), or
    None."""
    hits = [m for rx, term_label in TERM_COMPILED if term_label == label for m in rx.finditer(text)]
    return min(hits, key=lambda h: (h.start(), -h.end())) if hits else None


def _iter_terms(phrase: str) -> Iterable[tuple[int, str]]:
    hits: list[tuple[int, int, str]] = []
    for rx, label in TERM_COMPILED:
        for m in rx.finditer(phrase):
            if label in CASE_SENSITIVE and not m.group(0)[:2].isupper():
                continue
            hits.append((m.start(), m.end(), label))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    last_end = -1
    for s, e, label in hits:
        if s >= last_end:
            last_end = e
            yield s, label


_MOD_RX = re.compile(MOD_BODY, re.IGNORECASE)


def np_actors(phrase: str) -> list[str]:
    """Actors of a subject phrase, ignoring place modifiers ("Kommunerne i den midtjyske region")."""
    return actors_in(_MOD_RX.sub(" ", phrase))


# a body by its proper name: the place, then its kind capitalised and indefinite ("Vejle Kommune", "Sydvestjysk Sygehus")
_PROPER_NAME_END = re.compile(rf"{PLACE_NAME}\s+{PROPER_KIND}$")


def proper_name_start(text: str, end: int) -> int | None:
    """Where the proper name of a municipality or hospital that ends at ``end`` begins ("Vejle Kommune"), or None."""
    m = _PROPER_NAME_END.search(text, 0, end)
    return m.start() if m else None


def combine_actors(labels: Sequence[str]) -> str | None:
    """One actor for several: a single one stays, region-side ones make ``regionen``, others ``parterne``."""
    labels = [a for a in dict.fromkeys(labels) if a]
    if not labels:
        return None
    if len(labels) == 1:
        return labels[0]
    if set(labels) <= REGION_SIDE:
        return "regionen"
    return "parterne"


def match_np(text: str, pos: int = 0) -> re.Match[str] | None:
    m = NP_RE.match(text, pos)
    if not m or not m.group(0).strip():
        return None
    end = m.end()
    if end < len(text) and (text[end].isalnum() or text[end] in "’'-"):
        # the NP ends inside a word ("Kommunernes", "KKR-målet", "Regioner1"): no subject here
        return None
    if not actors_in(m.group(0)):
        return None
    return m
