"""The evaluation question set: loading, validation and the evidence-matching rule.

A question file is JSON Lines, one object a line, with exactly these fields (unknown extra
fields are ignored so that other files with the same fields run too)::

    {"id": "q001", "question": str, "doc": file name | [file names] | null,
     "evidence": verbatim text from that document | [one per doc] | null,
     "answer": reference answer, "must_include": [key terms],
     "type": "responsibility" | ... | "unanswerable", "lang": "da" | "en"}

``normalise`` is the one normalisation used everywhere evidence or key terms are compared with
text: NFC, lowercase, keep only letters and digits. It makes whitespace, line breaks, bullets,
punctuation and line-break hyphenation (``sund-\\nhedsvæsen``) vanish.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

__all__ = [
    "FIELDS",
    "LANGS",
    "TYPES",
    "Question",
    "evidence_in",
    "is_casual_danish",
    "load_questions",
    "normalise",
    "parse_question",
    "term_in",
]

FIELDS: tuple[str, ...] = (
    "id",
    "question",
    "doc",
    "evidence",
    "answer",
    "must_include",
    "type",
    "lang",
)
TYPES: tuple[str, ...] = (
    "responsibility",
    "deadline",
    "number",
    "definition",
    "commitment",
    "organisation",
    "yesno",
    "comparison",
    "unanswerable",
)
LANGS: tuple[str, ...] = ("da", "en")

_DROP = re.compile(r"[^0-9a-zæøåéü]")
_DANISH_LETTERS = re.compile(r"[æøåÆØÅ]")


def normalise(s: str) -> str:
    """NFC, lowercase, keep only ``[0-9a-zæøåéü]``."""
    return _DROP.sub("", unicodedata.normalize("NFC", s).lower())


def evidence_in(evidence: str | Iterable[str] | None, text: str) -> bool:
    """True when the evidence (or, for a list, any one evidence string) is contained in
    ``text`` after normalising both. Empty or missing evidence is never found."""
    if evidence is None:
        return False
    items = [evidence] if isinstance(evidence, str) else list(evidence)
    haystack = normalise(text)
    for item in items:
        needle = normalise(item)
        if needle and needle in haystack:
            return True
    return False


def term_in(term: str, text: str) -> bool:
    """True when a key term is contained in ``text`` after normalising both."""
    needle = normalise(term)
    return bool(needle) and needle in normalise(text)


def is_casual_danish(question: "Question") -> bool:
    """A Danish question typed without æ, ø or å (how a busy nurse types in a chat)."""
    return question.lang == "da" and not _DANISH_LETTERS.search(question.question)


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    doc: str | list[str] | None
    evidence: str | list[str] | None
    answer: str
    must_include: list[str] = field(default_factory=list)
    type: str = "unanswerable"
    lang: str = "da"

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"

    @property
    def docs(self) -> list[str]:
        """The document file names as a list (empty for unanswerable questions)."""
        if self.doc is None:
            return []
        return [self.doc] if isinstance(self.doc, str) else list(self.doc)

    @property
    def evidences(self) -> list[str]:
        """The evidence strings as a list, aligned with ``docs``."""
        if self.evidence is None:
            return []
        return [self.evidence] if isinstance(self.evidence, str) else list(self.evidence)

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in FIELDS}


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def parse_question(obj: object) -> Question:
    """Validate one decoded JSON object and build a ``Question``; raises ``ValueError``."""
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
    missing = [name for name in FIELDS if name not in obj]
    if missing:
        raise ValueError(f"missing field(s): {', '.join(missing)}")

    for name in ("id", "question", "answer", "type", "lang"):
        if not isinstance(obj[name], str):
            raise ValueError(f"field {name!r} must be a string")
    if not obj["id"].strip():
        raise ValueError("field 'id' is empty")
    if not obj["question"].strip():
        raise ValueError("field 'question' is empty")
    if obj["type"] not in TYPES:
        raise ValueError(f"unknown type {obj['type']!r} (allowed: {', '.join(TYPES)})")
    if obj["lang"] not in LANGS:
        raise ValueError(f"unknown lang {obj['lang']!r} (allowed: {', '.join(LANGS)})")
    if not _is_str_list(obj["must_include"]):
        raise ValueError("field 'must_include' must be a list of strings")

    doc, evidence = obj["doc"], obj["evidence"]
    if doc is None or evidence is None:
        if not (doc is None and evidence is None):
            raise ValueError("'doc' and 'evidence' must both be null or both be given")
    elif isinstance(doc, str):
        if not isinstance(evidence, str):
            raise ValueError("a single 'doc' needs a single 'evidence' string")
        if not doc.strip() or not evidence.strip():
            raise ValueError("'doc' and 'evidence' must not be empty")
    elif _is_str_list(doc):
        if not _is_str_list(evidence):
            raise ValueError("a list 'doc' needs a list 'evidence' of strings")
        if len(doc) != len(evidence) or not doc:
            raise ValueError("'doc' and 'evidence' lists must be non-empty and of equal length")
        if any(not d.strip() for d in doc) or any(not e.strip() for e in evidence):
            raise ValueError("'doc' and 'evidence' entries must not be empty")
    else:
        raise ValueError("'doc' must be a file name, a list of file names or null")

    if (obj["type"] == "unanswerable") != (doc is None):
        raise ValueError("type 'unanswerable' if and only if 'doc' is null")

    return Question(
        id=obj["id"],
        question=obj["question"],
        doc=list(doc) if isinstance(doc, list) else doc,
        evidence=list(evidence) if isinstance(evidence, list) else evidence,
        answer=obj["answer"],
        must_include=list(obj["must_include"]),
        type=obj["type"],
        lang=obj["lang"],
    )


def load_questions(path: str | Path) -> list[Question]:
    """Read and validate a JSONL question file. Blank lines are skipped, unknown extra fields
    ignored. Raises ``ValueError`` naming the file and line number of the first bad line
    (invalid JSON, a missing or mistyped field, a duplicate id)."""
    path = Path(path)
    questions: list[Question] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{lineno}: invalid JSON: {exc.msg}") from exc
            try:
                question = parse_question(obj)
            except ValueError as exc:
                raise ValueError(f"{path}:{lineno}: {exc}") from exc
            if question.id in seen:
                raise ValueError(
                    f"{path}:{lineno}: duplicate id {question.id!r} (first on line {seen[question.id]})"
                )
            seen[question.id] = lineno
            questions.append(question)
    return questions
