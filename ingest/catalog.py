"""The document catalog (``corpus/catalog.yaml``) and metadata guessing.

The catalog maps a file name to its ``DocMeta``. Files that are not in the
catalog get metadata guessed from the PDF's document info (``/Title``,
``/CreationDate``) and from the file name: region, year, period and kind.

Catalog format::

    documents:
      region-midtjylland-sundhedsaftale-2015-2018.txt:
        title: Sundhedsaftale 2015–2018
        issuer: Region Midtjylland og de 19 kommuner
        region: Midtjylland
        period: 2015–2018
        year: 2015
        kind: aftale          # ingest.facts.KINDS; old names (sundhedsaftale, målsætninger) are aliases
        binding: false        # optional: a proposal or draft (default: read from the text)
        approved: 2023-12-12  # optional: the approval date

Every field is optional but the title; a field the entry states wins over what
ingest reads from the document's own text (``ingest/document_meta.py``).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from foundation.errors import AftaleError
from foundation.records import DocMeta
from foundation.text.regions import REGIONS
from ingest.facts import KIND_ALIASES, KINDS

# The fields an entry may state; the period's years and the parties follow from ``period`` and the text.
FIELDS = tuple(f.name for f in dataclasses.fields(DocMeta) if f.name not in ("period_from", "period_to", "parties"))
_TOP_LEVEL_KEYS = ("documents",)
_YEAR_RANGE = range(1970, 2101)


class CatalogError(AftaleError):
    """The catalog file is missing, not valid YAML, or has invalid entries."""

    exit_code = 2


# --- loading ---------------------------------------------------------------


def load_catalog(path: Path) -> dict[str, DocMeta]:
    """Read and validate a catalog file.

    Args:
        path: The YAML catalog, e.g. ``corpus/catalog.yaml``.

    Returns:
        Metadata keyed by file name (NFC-normalised). An empty file gives {}.

    Raises:
        CatalogError: (an ``AftaleError``) the file is missing or unreadable,
            is not valid YAML, has duplicate or unknown keys, or an entry has
            a missing title or a field of the wrong type or value.
    """
    path = Path(path)
    doc = _parse_yaml(path)
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise _error(path, "skal være en YAML-mapping med nøglen 'documents'", "must be a YAML mapping with the key 'documents'")
    unknown = sorted(str(k) for k in doc if k not in _TOP_LEVEL_KEYS)
    if unknown:
        raise _error(
            path,
            f"ukendt nøgle {', '.join(unknown)} (tilladt: {', '.join(_TOP_LEVEL_KEYS)})",
            f"unknown key {', '.join(unknown)} (allowed: {', '.join(_TOP_LEVEL_KEYS)})",
        )
    entries = doc.get("documents") or {}
    if not isinstance(entries, dict):
        raise _error(path, "'documents' skal være en mapping fra filnavn til metadata", "'documents' must map file names to metadata")
    return {_check_file_name(path, name): _entry(path, name, fields) for name, fields in entries.items()}


def _parse_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _error(path, "katalogfilen findes ikke", "the catalog file does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _error(path, f"katalogfilen kan ikke læses ({exc})", f"the catalog file cannot be read ({exc})") from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        where = _yaml_position(exc)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise _error(path, f"ugyldig YAML{where}: {problem}", f"invalid YAML{where}: {problem}") from None


def _yaml_position(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    return f" (linje {mark.line + 1}, kolonne {mark.column + 1})" if mark is not None else ""


def _check_file_name(path: Path, name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise _error(path, f"ugyldigt filnavn {name!r}", f"invalid file name {name!r}")
    if "/" in name or "\\" in name:
        raise _error(path, f"{name!r}: brug kun filnavnet, ikke en sti", f"{name!r}: use the file name only, not a path")
    return unicodedata.normalize("NFC", name)


def _entry(path: Path, name: str, fields: object) -> DocMeta:
    """Validate one entry and build its ``DocMeta``."""
    if not isinstance(fields, dict):
        raise _error(path, f"posten {name!r} skal være en mapping af felter", f"entry {name!r} must be a mapping of fields")
    unknown = sorted(str(k) for k in fields if k not in FIELDS)
    if unknown:
        raise _error(
            path,
            f"posten {name!r} har ukendt felt {', '.join(unknown)} (tilladte felter: {', '.join(FIELDS)})",
            f"entry {name!r} has unknown field {', '.join(unknown)} (allowed fields: {', '.join(FIELDS)})",
        )
    title = fields.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _error(path, f"posten {name!r} mangler en titel (title)", f"entry {name!r} has no title")
    for key in ("issuer", "region", "period", "kind"):
        if fields.get(key) is not None and not isinstance(fields[key], str):
            raise _error(path, f"posten {name!r}: {key} skal være tekst", f"entry {name!r}: {key} must be text")
    if fields.get("binding") is not None and not isinstance(fields["binding"], bool):
        raise _error(path, f"posten {name!r}: binding skal være true eller false", f"entry {name!r}: binding must be true or false")
    kind = fields.get("kind")
    return DocMeta(
        title=title.strip(),
        issuer=_opt_str(fields.get("issuer")),
        region=_check_choice(path, name, "region", fields.get("region"), REGIONS),
        period=_check_period(path, name, fields.get("period")),
        year=_check_year(path, name, fields.get("year")),
        kind=_check_choice(path, name, "kind", KIND_ALIASES.get(kind, kind), KINDS),
        binding=fields.get("binding"),
        approved=_check_date(path, name, fields.get("approved")),
    )


def _check_date(path: Path, name: str, value: object) -> str | None:
    """An ISO date (YAML reads ``2023-12-12`` as a date; a quoted one is text)."""
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, date) else str(value).strip()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise _error(path, f"posten {name!r}: approved {value!r} skal være en dato (ÅÅÅÅ-MM-DD)", f"entry {name!r}: approved {value!r} must be a date (YYYY-MM-DD)") from None


def _opt_str(value: str | None) -> str | None:
    return (value.strip() or None) if value is not None else None


def _check_choice(path: Path, name: str, key: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is None or value in allowed:
        return value
    raise _error(
        path,
        f"posten {name!r}: {key} {value!r} er ukendt (tilladt: {', '.join(allowed)})",
        f"entry {name!r}: unknown {key} {value!r} (allowed: {', '.join(allowed)})",
    )


def _check_period(path: Path, name: str, value: str | None) -> str | None:
    if value is None:
        return None
    period = _find_period(value) if _PERIOD.fullmatch(value.strip()) else None
    if period is None:
        raise _error(path, f"posten {name!r}: period {value!r} skal have formen 2015–2018", f"entry {name!r}: period {value!r} must look like 2015–2018")
    return period


def _check_year(path: Path, name: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in _YEAR_RANGE:
        raise _error(path, f"posten {name!r}: year skal være et årstal, ikke {value!r}", f"entry {name!r}: year must be a year, not {value!r}")
    return value


def _error(path: Path, reason_da: str, reason_en: str) -> CatalogError:
    return CatalogError(f"{path.name}: {reason_da}", f"{path.name}: {reason_en}")


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser: a 1,000-document catalog in a blink
    """SafeLoader that refuses duplicate mapping keys instead of keeping the last."""


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[object] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            duplicate = key in seen
        except TypeError:  # unhashable key; construct_mapping reports it
            continue
        if duplicate:
            raise yaml.constructor.ConstructorError(None, None, f"nøglen {key!r} står to gange / duplicate key", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


# --- lookup and guessing ---------------------------------------------------


def catalog_entry(name: str, catalog: Mapping[str, DocMeta]) -> DocMeta | None:
    """The catalog's entry for a file name (exactly, then ignoring case and Unicode form), or None."""
    return _lookup(name, catalog)


def guess_meta(path: Path, pdf_info: Mapping[str, str] | None = None, first_line: str | None = None) -> DocMeta:
    """Title, region, year, period and kind guessed from the file name and the PDF's document info; the title
    from the PDF's ``/Title``, else ``first_line`` (the document's own, where it reads as a title), else the name."""
    return _guess_meta(Path(path), pdf_info or {}, first_line)


def meta_for(path: Path, catalog: Mapping[str, DocMeta], pdf_info: Mapping[str, str] | None = None) -> DocMeta:
    """Metadata of one file: its catalog entry, else a guess.

    Args:
        path: The document's path; only its name is used.
        catalog: Entries keyed by file name (matched exactly, then ignoring
            case and Unicode normalisation).
        pdf_info: The PDF's document info (``/Title``, ``/CreationDate`` ...),
            keys with or without the leading slash.

    Returns:
        The catalog's ``DocMeta``, or one with the title from the PDF's
        ``/Title`` (when it is a real title) or the file name, and region,
        year, period and kind guessed from the name and title.
    """
    path = Path(path)
    entry = _lookup(path.name, catalog)
    return entry if entry is not None else _guess_meta(path, pdf_info or {})


def _lookup(name: str, catalog: Mapping[str, DocMeta]) -> DocMeta | None:
    if name in catalog:
        return catalog[name]
    wanted = unicodedata.normalize("NFC", name).casefold()
    for key, meta in catalog.items():
        if unicodedata.normalize("NFC", key).casefold() == wanted:
            return meta
    return None


def _guess_meta(path: Path, pdf_info: Mapping[str, str], first_line: str | None = None) -> DocMeta:
    info = {str(k).lstrip("/").lower(): str(v) for k, v in pdf_info.items() if v is not None}
    stem = unicodedata.normalize("NFC", path.stem)
    pdf_title = _usable_pdf_title(info.get("title"), stem)
    haystack = " ".join((stem, pdf_title or "", info.get("subject", ""), info.get("keywords", "")))
    period = _find_period(stem) or _find_period(haystack)
    return DocMeta(
        title=pdf_title or first_line or _title_from_name(stem) or path.name,
        region=_guess_region(haystack),
        period=period,
        year=_find_year(stem) or _find_year(pdf_title or "") or _year_from_pdf_date(info.get("creationdate")),
        kind=_guess_kind(haystack),
    )


_JUNK_TITLE = re.compile(
    r"^(microsoft (word|powerpoint|excel)\b|untitled|unknown|ukendt|uden titel|titel|title"
    r"|dokument\d*|document\d*|præsentation\d*|presentation\d*|slide\d*)$"
    r"|^microsoft (word|powerpoint|excel) - "
    r"|\.(docx?|pdf|pptx?|xlsx?|indd|rtf|odt|txt|qxd)$",
    re.IGNORECASE,
)


def _usable_pdf_title(title: str | None, stem: str) -> str | None:
    """The PDF's ``/Title`` unless it is empty, a placeholder or a file name."""
    if not title:
        return None
    title = " ".join(title.replace("\x00", "").split())
    if len(title) < 3 or _JUNK_TITLE.search(title) or title.casefold() == stem.casefold():
        return None
    return title


_PROPER_WORDS = {
    "kkr": "KKR",
    "kl": "KL",
    "plo": "PLO",
    "hovedstaden": "Hovedstaden",
    "midtjylland": "Midtjylland",
    "nordjylland": "Nordjylland",
    "syddanmark": "Syddanmark",
    "sjælland": "Sjælland",
    "sjaelland": "Sjælland",
}


def _title_from_name(stem: str) -> str:
    """``kkr-midtjylland_udspil-2019-2023`` → ``KKR Midtjylland udspil 2019–2023``."""
    text = re.sub(r"(?<!\d)(\d{4})[-_](\d{4})(?!\d)", r"\1–\2", stem)
    words = [w for w in re.split(r"[-_\s]+", text) if w]
    words = [_PROPER_WORDS.get(w.lower(), w) for w in words]
    if not words:
        return ""
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


def _normalise_ascii(text: str) -> str:
    """Casefold, spell æøå as ae/oe/aa, dashes as '-': for keyword matching."""
    text = unicodedata.normalize("NFC", text).casefold()
    return text.translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "–": "-", "—": "-"}))


_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–—_/]\s*((?:19|20)\d\d)(?!\d)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _find_period(text: str) -> str | None:
    """``2015-2018`` (or ``2015_2018``, ``2015–2018``) → ``2015–2018``."""
    for match in _PERIOD.finditer(text):
        start, end = int(match.group(1)), int(match.group(2))
        if 0 < end - start <= 10:
            return f"{start}–{end}"
    return None


def _find_year(text: str) -> int | None:
    """A lone 4-digit year (not part of a period) in ``text``."""
    remaining = _PERIOD.sub(" ", text)
    match = _YEAR.search(remaining)
    return int(match.group(1)) if match else None


def _year_from_pdf_date(value: str | None) -> int | None:
    match = re.match(r"(?:D:)?((?:19|20)\d\d)", value or "")
    return int(match.group(1)) if match else None


_REGION_PATTERNS = {
    "Hovedstaden": r"hovedstad|nordsjaelland|bornholm|koebenhavn",
    "Midtjylland": r"midtjyl|midtjysk|region[ -]midt\b",
    "Nordjylland": r"nordjyl|nordjysk|region[ -]nord\b",
    "Syddanmark": r"syddanmark|syddansk|region[ -]syd\b",
    "Sjælland": r"(?<!nord)sjaelland",
}


def _guess_region(text: str) -> str | None:
    """The region named first in ``text``, or None."""
    hay = _normalise_ascii(text).replace("_", " ")
    hits = [(m.start(), region) for region, pat in _REGION_PATTERNS.items() if (m := re.search(pat, hay))]
    return min(hits)[1] if hits else None


_KIND_PATTERNS = (
    ("udspil", r"udspil"),
    ("oplæg", r"oplaeg"),
    ("mål", r"maalsaetning|(?<![a-z])maal(ene|et)?(?![a-z])"),
    ("aftale", r"sundhedsaftale"),
)


def _guess_kind(text: str) -> str | None:
    """The most specific kind named in ``text`` (an udspil *to* a sundhedsaftale is an udspil)."""
    hay = _normalise_ascii(text)
    return next((kind for kind, pat in _KIND_PATTERNS if re.search(pat, hay)), None)
