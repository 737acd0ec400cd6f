"""Synthetic agreement-like documents for the scale benchmark, made deterministically from real ones.

Why: the bundled corpus has five documents; the people who use Aftale want a
thousand. To measure how ingest and queries grow we need many documents whose
text behaves like the real thing for BM25 (Danish vocabulary, realistic term
statistics) and for a dense model (real sentences), but that are not copies:
copies would be caught as duplicates by ingest, and identical passages would
make every query a tie. So each synthetic document is a recombination of
section-sized blocks from the source documents, with region and municipality
names, years and other numbers changed per document.

Document ``i`` depends only on ``(seed, i)`` and the sources, never on how many
documents are made, so ``make_docs(n + 1)`` extends ``make_docs(n)`` by one:
the benchmark uses that extra document for "add one".
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from foundation.text.regions import REGIONS
from ingest.catalog import KINDS
from ingest.clean import clean_text
from ingest.split import units

MUNICIPALITIES = (
    "Aarhus", "Odense", "Aalborg", "Esbjerg", "Randers", "Kolding", "Horsens", "Vejle", "Roskilde", "Herning",
    "Silkeborg", "Næstved", "Viborg", "Holbæk", "Slagelse", "Hjørring", "Svendborg", "Frederikshavn", "Skive",
    "Holstebro", "Ringkøbing-Skjern", "Haderslev", "Sønderborg", "Thisted", "Guldborgsund", "Faaborg-Midtfyn",
    "Hillerød", "Gentofte", "Gladsaxe", "Ballerup", "Helsingør", "Favrskov", "Skanderborg", "Syddjurs", "Norddjurs",
    "Lemvig", "Struer", "Ikast-Brande", "Hedensted", "Odder", "Samsø", "Billund", "Varde", "Tønder", "Aabenraa",
)
"""Danish municipalities (general knowledge, not taken from the bundled documents): names to swap."""

_REGION_RE = re.compile(r"\b(" + "|".join(REGIONS) + r")(s?)\b")
_MUNICIPALITY_RE = re.compile(r"\b(" + "|".join(re.escape(m) for m in sorted(MUNICIPALITIES, key=len, reverse=True)) + r")(s?)\b")
_NUMBER_RE = re.compile(r"(?<![\w.,])(\d+)(?![\w])")


@dataclass(frozen=True)
class SynthDoc:
    """One synthetic document: its file name, text and catalog entry."""

    name: str
    text: str
    meta: dict[str, str | int]


def default_sources(corpus_dir: Path) -> list[str]:
    """The text files of a corpus folder, cleaned by our own cleaner (hard wraps and hyphenation repaired).

    PDFs are left out: the benchmark measures scale, not OCR. Cleaning first
    lets ``blocks`` cut at the headings our splitter sees.
    """
    return [clean_text(p.read_text(encoding="utf-8"))[0] for p in sorted(corpus_dir.glob("*.txt"))]


def blocks(text: str) -> list[str]:
    """Section-sized pieces of a cleaned text: each runs from one heading our splitter detects to the next."""
    cuts = sorted({0, *(u.start for u in units(text) if u.is_heading)})
    pieces = [text[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(text)])]
    return [p for p in pieces if p]


def disguise(text: str, rng: random.Random, region: str, year_shift: int) -> str:
    """Rename regions to ``region``, swap municipality names, shift years and redraw other numbers.

    Years (1980–2040) move together by ``year_shift`` so periods stay periods;
    one-digit numbers are kept (section numbers, small counts); other numbers
    get a random value with the same number of digits.
    """
    text = _REGION_RE.sub(lambda m: region + m.group(2), text)
    swap: dict[str, str] = {}

    def municipality(m: re.Match[str]) -> str:
        if m.group(1) not in swap:
            swap[m.group(1)] = rng.choice([x for x in MUNICIPALITIES if x != m.group(1)])
        return swap[m.group(1)] + m.group(2)

    text = _MUNICIPALITY_RE.sub(municipality, text)

    def number(m: re.Match[str]) -> str:
        digits = m.group(1)
        value = int(digits)
        if len(digits) == 4 and 1980 <= value <= 2040:
            return str(value + year_shift)
        if len(digits) == 1:
            return digits
        return str(rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))

    return _NUMBER_RE.sub(number, text)


def make_doc(i: int, source_blocks: Sequence[Sequence[str]], lengths: Sequence[int], seed: int = 0) -> SynthDoc:
    """Document ``i``: runs of blocks from random sources up to a length drawn near a source's length."""
    rng = random.Random(f"aftale-synth:{seed}:{i}")
    region = rng.choice(REGIONS)
    kind = rng.choice(KINDS)
    year_shift = rng.choice([s for s in range(-12, 9) if s != 0])
    target = int(rng.choice(lengths) * rng.uniform(0.6, 1.2))
    parts: list[str] = []
    size = 0
    while size < target:
        src = rng.randrange(len(source_blocks))
        bl = source_blocks[src]
        start = rng.randrange(len(bl))
        run = bl[start : start + rng.randint(2, 6)]
        parts.extend(run)
        size += sum(len(b) + 2 for b in run)
    year = rng.randint(2008, 2024)
    period = f"{year + 1}–{year + 4}"
    title = f"{kind.capitalize()} {period} – Region {region} ({i})"
    body = disguise("\n\n".join(parts), rng, region, year_shift)
    text = f"{title}\n\n{body}\n"
    name = f"synth-{i:05d}-{region.lower()}-{kind}-{year}.txt".replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    meta: dict[str, str | int] = {
        "title": title,
        "issuer": f"Region {region} og kommunerne",
        "region": region,
        "period": period,
        "year": year,
        "kind": kind,
    }
    return SynthDoc(name, text, meta)


def make_docs(n: int, sources: Sequence[str], seed: int = 0, start: int = 0) -> list[SynthDoc]:
    """Documents ``start`` … ``start + n - 1`` made from ``sources`` (deterministic)."""
    if not sources:
        raise ValueError("at least one source document is needed")
    source_blocks = [b for b in (blocks(s) for s in sources) if b]
    lengths = [len(s) for s in sources]
    return [make_doc(i, source_blocks, lengths, seed) for i in range(start, start + n)]


def write_docs(docs: Sequence[SynthDoc], folder: Path) -> None:
    """Write the documents and a ``catalog.yaml`` with their metadata (merged with one already there)."""
    folder.mkdir(parents=True, exist_ok=True)
    cat = folder / "catalog.yaml"
    entries = (yaml.safe_load(cat.read_text(encoding="utf-8")) or {}).get("documents", {}) if cat.exists() else {}
    for d in docs:
        (folder / d.name).write_text(d.text, encoding="utf-8")
        entries[d.name] = d.meta
    cat.write_text(yaml.safe_dump({"documents": entries}, allow_unicode=True, sort_keys=True), encoding="utf-8")
