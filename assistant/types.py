"""Records the assistant API returns: passages, citations, answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.compare_text import to_markdown as comparison_markdown
from foundation.messages import msg


@dataclass(frozen=True)
class Passage:
    """One retrieved chunk with its rank and fused score."""

    rank: int
    id: str
    doc: str
    title: str
    section: str | None
    page: int | None
    page_end: int | None
    line_start: int
    line_end: int
    start: int
    end: int
    text: str
    score: float
    meta: dict[str, Any] = field(default_factory=dict)
    sentence_page: int | None = None  # page of the sentence that best matches the query
    # the document's facts on the day asked (``assistant.periods.source_facts``), set by ``Assistant.search``
    kind: str | None = None
    binding: bool | None = None
    period: str | None = None
    status: str | None = None

    def location(self, lang: str = "da", page: int | None = None) -> str:
        """Where the passage (or, given ``page``, its quoted sentence) is: page(s) or lines."""
        if page is not None:
            return f"{'side' if lang == 'da' else 'page'} {page}"
        if self.page is not None:
            word = "side" if lang == "da" else "page"
            pages = f"{self.page}" if self.page_end in (None, self.page) else f"{self.page}–{self.page_end}"
            return f"{word} {pages}"
        word = "linje" if lang == "da" else "lines"
        return f"{word} {self.line_start}–{self.line_end}"

    def to_json(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "doc": self.doc,
            "title": self.title,
            "section": self.section,
            "page": self.sentence_page if self.sentence_page is not None else self.page,
            "text": self.text,
            "score": round(float(self.score), 6),
            "kind": self.kind,
            "binding": self.binding,
            "period": self.period,
            "status": self.status,
        }


@dataclass(frozen=True)
class Citation:
    """A numbered source of an answer, with the quoted sentences' spans.

    ``spans`` are character offsets inside ``text`` (the passage);
    ``doc_spans`` the same sentences as offsets in the cleaned document;
    ``page`` the page of the first quoted sentence (a passage may start pages earlier).
    """

    n: int
    passage: Passage
    spans: tuple[tuple[int, int], ...]
    doc_spans: tuple[tuple[int, int], ...]
    page: int | None = None
    kind: str | None = None  # the document's facts (assistant.periods.source_facts), set by the API
    binding: bool | None = None
    period: str | None = None  # "2015-2018"
    status: str | None = None  # gældende, udløbet, fremtidig, ukendt: on the day asked

    def badge(self, lang: str = "da") -> str:
        """"2015–2018 · udløbet" (and "ikke bindende"): the period and status a source card shows."""
        parts = [self.period.replace("-", "–")] if self.period else []
        if self.status:
            parts.append(msg(f"status_{self.status}", lang))
        if self.binding is False:
            parts.append(msg("not_binding_badge", lang))
        return " · ".join(parts)

    @property
    def doc(self) -> str:
        return self.passage.doc

    def to_json(self) -> dict[str, Any]:
        p = self.passage
        return {
            "n": self.n,
            "doc": p.doc,
            "title": p.title,
            "section": p.section,
            "page": self.page if self.page is not None else p.page,
            "text": p.text,
            "spans": [list(s) for s in self.spans],
            "lines": [p.line_start, p.line_end],
            "kind": self.kind,
            "binding": self.binding,
            "period": self.period,
            "status": self.status,
        }


@dataclass
class Answer:
    """What ``Assistant.ask`` returns."""

    question: str
    answer: str
    refused: bool
    lang: str
    citations: list[Citation]
    passages: list[Passage]
    timings_ms: dict[str, float]
    support: float = 0.0  # rarity-weighted share of the question's key terms the quoted sentences hold
    confidence: float = 0.0  # the reader's calibrated probability that the agreements answer the question
    query: str = ""
    notes: list[str] = field(default_factory=list)
    comparison: dict[str, Any] | None = None  # "what changed" questions: assistant.compare's result
    notice: str | None = None  # a quoted source is not in force or not binding (assistant.periods.notice)

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "notice": self.notice,
            "confidence": round(float(self.confidence), 4),
            "lang": self.lang,
            "citations": [c.to_json() for c in self.citations],
            "passages": [p.to_json() for p in self.passages],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
            "comparison": self.comparison,
        }

    def to_markdown(self) -> str:
        lines = [f"**{self.question}**", "", self.answer, ""]
        if self.notice:
            lines += [f"> {self.notice}", ""]
        if self.citations:
            lines.append(f"**{msg('sources', self.lang)}**")
            for c in self.citations:
                p = c.passage
                sec = f" › {p.section}" if p.section else ""
                quotes = " … ".join(p.text[s:e] for s, e in c.spans) or p.text
                badge = f" [{c.badge(self.lang)}]" if c.badge(self.lang) else ""
                lines.append(f"{c.n}. *{p.title}*{sec}, {p.location(self.lang, c.page)} ({p.doc}){badge}")
                lines.append(f"   > {quotes}")
        if self.comparison and self.comparison.get("topics"):
            lines += ["", comparison_markdown(self.comparison)]
        return "\n".join(lines) + "\n"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
