"""``Assistant``: the one API that the CLI, the app and the evals call."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from assistant import library
from assistant.access import Actor
from assistant.answer import ExtractiveAnswerer, missing_asked, stated_first
from assistant.applies import Scope, prefer, restrict, scope, split_scope
from assistant.both_sides import (
    SIDE_FLOOR,
    answered,
    compose_sides,
    interleave,
    read_sides,
)
from assistant.candidates import Candidate
from assistant.compare import ChangeQuestion, compare_periods, parse_change_question
from assistant.compose import compose, with_sentence_pages
from assistant.doc_facts import facts_for
from assistant.doc_period import asked_period, period_answer
from assistant.generate import rephrase, stream_rephrase
from assistant.llm import make_llm
from assistant.periods import document_facts, notice, source_facts
from assistant.query import QueryPlan, QueryUnderstanding
from assistant.reader import ReaderModel, load_model
from assistant.refusal import refusal, region_notice
from assistant.register import Register, register_for, register_path_for
from assistant.relative import QueryScores
from assistant.retrieval import HybridRetriever, normalise_filters
from assistant.types import Answer, Passage
from foundation.errors import BadQuestion, EmptyQuestion, IndexMissing
from foundation.messages import msg
from foundation.settings import Settings, get_settings
from foundation.text.language import detect_language
from foundation.text.lemma import warm_up as lemma_warm_up
from index import generation as ix
from index.backends import make_embedder
from index.snapshot import IndexSnapshot

_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


class Assistant:
    """Search and ask over the published index.

    Cheap to construct; the embedder and the index load on first use (or
    ``warm_up()``). After an ingest the next call sees the new generation.
    Thread-safe: a snapshot is immutable and swapped whole.
    """

    def __init__(self, settings: Settings, embedder: Any = None, llm: Any = None, reader: ReaderModel | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._llm = llm
        self._snapshot: IndexSnapshot | None = None
        self._understanding: QueryUnderstanding | None = None
        self._lock = threading.RLock()
        self.retriever = HybridRetriever(settings)
        self._answerer = ExtractiveAnswerer(settings.answer, reader) if reader is not None else None

    @classmethod
    def from_settings(cls, settings: Settings | dict[str, Any] | str | None = None) -> "Assistant":
        return cls(get_settings(settings))

    # ------------------------------------------------------------ loading

    @property
    def embedder(self) -> Any:
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    self._embedder = make_embedder(self.settings)
        return self._embedder

    @property
    def answerer(self) -> ExtractiveAnswerer:
        """The reader, loaded on first use (``warm_up`` at start): a missing model file is a clear error then.

        Ingest and search do not need it, so an index can be built before the model is trained.
        """
        if self._answerer is None:
            with self._lock:
                if self._answerer is None:
                    self._answerer = ExtractiveAnswerer(self.settings.answer, load_model())
        return self._answerer

    @property
    def llm(self) -> Any:
        if self._llm is None and self.settings.llm.mode != "none":
            self._llm = make_llm(self.settings)
        return self._llm

    def generation(self) -> ix.Generation:
        """The published index generation (the ``CURRENT`` pointer), without loading embedder or vectors.

        Raises:
            IndexMissing: the data directory does not exist, or nothing was ingested yet.
        """
        data_dir = Path(self.settings.data_dir)
        if not data_dir.exists():
            raise IndexMissing(
                f"Datamappen {data_dir} findes ikke. Kør først: aftale ingest",
                f"The data directory {data_dir} does not exist. First run: aftale ingest",
            )
        return ix.require_generation(data_dir)

    def snapshot(self) -> IndexSnapshot:
        """The current index, reloaded when a newer generation was published."""
        gen = self.generation()
        snap = self._snapshot
        if snap is not None and snap.generation.path == gen.path:
            return snap
        with self._lock:
            snap = self._snapshot
            if snap is None or snap.generation.path != gen.path:
                snap = IndexSnapshot.load(gen, self.settings, self.embedder)
                self._understanding = QueryUnderstanding.from_snapshot(snap, self.embedder)
                self._snapshot = snap
        return snap

    def understanding(self) -> QueryUnderstanding:
        self.snapshot()
        assert self._understanding is not None
        return self._understanding

    def warm_up(self) -> None:
        _ = self.answerer
        snap = self.snapshot()
        self.embedder.embed_query("varm op")
        lemma_warm_up()
        if snap.chunks:
            self.search("sundhedsaftale", k=1)

    def has_index(self) -> bool:
        try:
            return ix.current_generation(Path(self.settings.data_dir)) is not None
        except Exception:  # noqa: BLE001 - a damaged index counts as none here
            return False

    # ------------------------------------------------------------ ingest

    # Every library change takes the ``Actor`` behind it, refuses unless it is an editor
    # (``assistant.access.NotAllowed``) and writes the audit log (``assistant.library``).

    def ingest(
        self, paths: Sequence[Path] | None = None, *, rebuild: bool = False, progress: Callable[..., None] | None = None,
        actor: Actor | None = None,
    ):
        """Ingest files or folders (default the corpus); ``actor`` defaults to the person at the machine."""
        return library.ingest_as(self, paths, actor or Actor.operator(), rebuild=rebuild, progress=progress)

    def index_outdated(self) -> bool:
        return library.index_outdated(self)

    def read_again(self, actor: Actor, progress: Callable[..., None] | None = None):
        """Read an index of an earlier version again from its sources (``library.read_again``); None when current."""
        return library.read_again(self, actor, progress)

    def add_documents(self, paths: Sequence[Path], actor: Actor, progress: Callable[..., None] | None = None):
        """Add or replace documents as ``actor``; raises ``NotAllowed`` unless an editor."""
        return library.add_documents(self, paths, actor, progress)

    def remove_document(self, file: str, actor: Actor, progress: Callable[..., None] | None = None):
        """Take one document out of the index as ``actor``; raises ``NotAllowed`` unless an editor."""
        return library.remove_document(self, file, actor, progress)

    def correct_document(self, file: str, facts: Mapping[str, Any], actor: Actor, progress: Callable[..., None] | None = None):
        """Correct a document's title, region, kind, period or status as ``actor``; ``NotAllowed`` unless an editor."""
        return library.correct_document(self, file, facts, actor, progress)

    def audit(self, actor: Actor):
        """The audit log of library changes, newest first; editors only."""
        return library.audit_rows(self, actor)

    # ------------------------------------------------------------ search and ask

    def _check_question(self, question: str) -> str:
        if question is None or not str(question).strip():
            raise EmptyQuestion(msg("empty_question", "da"), msg("empty_question", "en"))
        q = str(question).translate(_CONTROL).strip()
        limit = self.settings.answer.max_question_chars
        if len(q) > limit:
            raise BadQuestion(msg("long_question", "da", n=len(q), max=limit), msg("long_question", "en", n=len(q), max=limit))
        if not any(ch.isalnum() for ch in q):
            raise BadQuestion(msg("no_words", "da"), msg("no_words", "en"))
        return q

    def search(self, query: str, filters: Mapping[str, Any] | None = None, k: int | None = None) -> list[Passage]:
        q = self._check_question(query)
        snap = self.snapshot()
        plan = self.understanding().plan(q)
        flt, sc = self._scoped(q, filters, snap, plan.regions, plan.places)
        passages, _, _ = self._retrieve(snap, plan, flt, k)
        return _with_source_facts(passages, snap.document_metas(), sc.day)

    def _scoped(
        self, question: str, filters: Mapping[str, Any] | None, snap: IndexSnapshot, regions: tuple[str, ...] = (),
        places: tuple[str, ...] = (),
    ) -> tuple[dict[str, list[str]], Scope]:
        """The index filters narrowed by status, as-of and what the question pins or names: a region, a
        municipality (``assistant.applies``, ``assistant.places``)."""
        rest, wanted, as_of = split_scope(filters)
        metas = snap.document_metas()
        asked = question if self.settings.answer.prefer_applicable else ""  # the preference off: nothing pinned
        named = self.understanding().places if places else None
        kept = named.kept(places) if named is not None else None
        sc = scope(asked, metas, self.settings.today_date(), wanted, as_of, regions, kept)
        names = self.understanding().names if asked and not sc.pinned else None
        one = names.named_document(asked) if names is not None else None
        if one is not None and (sc.docs is None or one in sc.docs):  # "det midtjyske udspil": that document
            sc = replace(sc, docs=frozenset({one}), pinned=frozenset({one}))
        return restrict(normalise_filters(rest, snap), sc.docs), sc

    def plan(self, question: str, history: Sequence[str] | None = None) -> QueryPlan:
        return self.understanding().plan(self._check_question(question), history)

    def _retrieve(self, snap: IndexSnapshot, plan: QueryPlan, filters: dict[str, list[str]], k: int | None):
        vec = self.embedder.embed_query(plan.dense_text)
        feedback = self.understanding().feedback(plan)
        scores = QueryScores.compute(snap, vec, plan.lexical_text)  # once: retrieval and the reader share them
        passages = self.retriever.search(snap, vec, plan.lexical_text, filters, k, plan.regions, plan.lang, feedback, scores)
        return with_sentence_pages(snap, passages, vec), vec, scores

    def reader_candidates(self, question: str, k: int | None = None) -> tuple[QueryPlan, list[Candidate], IndexSnapshot]:
        """The unscored candidate sentences of a question, as the reader sees them when answering (for training):
        from the documents the question's scope keeps (a region or document it names, what is in force)."""
        q = self._check_question(question)
        snap = self.snapshot()
        plan = self.understanding().plan(q)
        flt, _ = self._scoped(q, None, snap, plan.regions, plan.places)
        passages, vec, scores = self._retrieve(snap, plan, flt, k)
        return plan, self.answerer.candidates(plan, passages, snap, vec, scores), snap

    def _extractive(
        self, question: str, history: Sequence[str] | None, filters: Mapping[str, Any] | None, k: int | None
    ) -> tuple[Answer, QueryPlan, float]:
        """The model-free answer (or refusal), its plan and its start time."""
        t0 = time.perf_counter()
        q = self._check_question(question)
        snap = self.snapshot()
        plan = self.understanding().plan(q, [h for h in (history or []) if h and h.strip()])
        flt, sc = self._scoped(q, filters, snap, plan.regions, plan.places)
        # a question about a document's own period is answered from the facts stored with the index
        period = None if sc.absent else asked_period(q, snap.document_metas(), plan.key_terms)
        in_scope = sorted({d for side in plan.sides for d in side.docs}) if plan.sides else sc.docs
        facts = None if period is None else period_answer(period, plan, snap, in_scope, flt, sc.day)
        if plan.sides and facts is None:
            return self._both_sides(question, plan, filters, k, snap, t0), plan, t0
        passages, vec, scores = self._retrieve(snap, plan, flt, k)
        t1 = time.perf_counter()
        metas = snap.document_metas()
        threshold = self.settings.answer.min_confidence
        if facts is not None:
            (text, citations), refused, confidence, support = facts, False, 1.0, 1.0
        else:
            text, citations, refused, confidence, support = self._read(plan, passages, vec, scores, snap, sc, threshold)
        citations = _with_source_facts(citations, metas, sc.day)
        t2 = time.perf_counter()
        answer = Answer(
            question=question,
            answer=text,
            refused=refused,
            lang=plan.lang,
            citations=citations,
            passages=_with_source_facts(passages, metas, sc.day),
            timings_ms={"retrieve": (t1 - t0) * 1000, "answer": (t2 - t1) * 1000, "total": (t2 - t0) * 1000},
            support=support,
            confidence=confidence,
            query=plan.standalone,
            notice=region_notice(plan.lang, () if refused else sc.missing,
                                  notice([(c.n, metas.get(c.doc, c.passage.meta)) for c in citations], sc.day, plan.lang)),
        )
        fitted = self.answerer.model.info.get("embedder")
        if threshold is None and fitted and fitted != self.embedder.name:
            # the fitted gate's confidence is calibrated for one embedder only: say so rather than hide it
            answer.notes.append(f"reader fitted with {fitted}, index embedder {self.embedder.name}: run python -m evals.train_reader")
        return answer, plan, t0

    def _read(self, plan: QueryPlan, passages: list[Passage], vec: Any, scores: QueryScores, snap: IndexSnapshot, sc: Scope,
              threshold: float | None) -> tuple[str, list, bool, float, float]:
        """The reader's answer: (text, citations, refused, confidence, support)."""
        cands = self.answerer.candidates(plan, passages, snap, vec, scores)
        self.answerer.rank(plan, cands)
        metas = snap.document_metas()
        pool = (prefer(cands, metas, sc.day, self.settings.answer.prefer_margin, self.settings.answer.prefer_in_force_margin)
                if self.settings.answer.prefer_applicable else cands)
        chosen = self.answerer.select(plan, pool)
        # a region the question names that no document is of: another region's rules are no answer; nor
        # are quotes without the time, number or payer that the question asks for
        unstated = missing_asked(plan, chosen, snap)
        confidence = 0.0 if sc.absent or unstated else self.answerer.confidence(plan, cands, chosen, snap)
        support = self.answerer.evidence(plan, chosen, snap)[0] if chosen else 0.0
        gate = self.answerer.model.threshold if threshold is None else threshold
        refused = not chosen or bool(sc.absent) or bool(unstated) or confidence < gate  # the two rules hold whatever the gate
        text, citations = (refusal(plan.lang, sc.absent, unstated if chosen else ""), []) if refused else compose(plan, stated_first(plan, chosen), snap)
        return text, citations, refused, confidence, support

    def _both_sides(
        self, question: str, plan: QueryPlan, filters: Mapping[str, Any] | None, k: int | None, snap: IndexSnapshot, t0: float
    ) -> Answer:
        """A comparison: each side searched in its own documents and quoted, or said to be silent."""
        flt, sc = self._scoped("", filters, snap)  # the sides, not a pinned period, choose the documents
        threshold = self.settings.answer.min_confidence
        gate = self.answerer.model.threshold if threshold is None else threshold
        sides = read_sides(plan, self.answerer, snap, lambda side: self._retrieve(snap, plan, restrict(flt, frozenset(side.docs)), k),
                           min(SIDE_FLOOR, gate))
        t1 = time.perf_counter()
        quoted = [s for s in sides if s.quote is not None]
        refused = not answered(sides, gate)
        text, citations = (msg("refusal", plan.lang), []) if refused else compose_sides(plan, sides, snap)
        metas = snap.document_metas()
        citations = _with_source_facts(citations, metas, sc.day)
        passages = interleave([s.passages for s in sides])
        t2 = time.perf_counter()
        return Answer(
            question=question, answer=text, refused=refused, lang=plan.lang, citations=citations,
            passages=_with_source_facts(passages, metas, sc.day),
            timings_ms={"retrieve": (t1 - t0) * 1000, "answer": (t2 - t1) * 1000, "total": (t2 - t0) * 1000},
            support=max((self.answerer.evidence(plan, [s.quote], snap)[0] for s in quoted), default=0.0),
            confidence=sum(s.confidence for s in sides) / len(sides), query=plan.standalone,
            notice=notice([(c.n, metas.get(c.doc, c.passage.meta)) for c in citations], sc.day, plan.lang),
        )

    def ask(
        self,
        question: str,
        history: Sequence[str] | None = None,
        filters: Mapping[str, Any] | None = None,
        k: int | None = None,
    ) -> Answer:
        """Answer a question with quoted, cited sentences, or refuse honestly.

        Args:
            question: the user's question, Danish or English.
            history: earlier user questions of this conversation, oldest first.
            filters: {"doc"|"region"|"period"|"kind"|"status": value or list of values, "as_of": "YYYY-MM-DD"}.
            k: passages to retrieve (default ``retrieval.k``).
        """
        answer, plan, t0 = self._extractive(question, history, filters, k)
        if not answer.refused and self.llm is not None:
            answer.answer, answer.notes = rephrase(self.llm, plan, answer.answer, answer.citations, answer.passages)
            self._finish_timing(answer, t0)
        return self._with_comparison(answer)

    def _with_comparison(self, answer: Answer) -> Answer:
        """A "what changed between two periods" question also gets the comparison, led by its summary."""
        names = self.understanding().names
        change = parse_change_question(answer.question, names.unnamed if names is not None else None)
        if change is None:
            return answer
        result = self.compare_change(change)
        if result["topics"]:
            answer.comparison = result
            answer.answer = result["summary"] + ("" if answer.refused else "\n\n" + answer.answer)
            answer.refused = False
        return answer

    def compare(self, topic: str, period_from: str, period_to: str, region: str | None = None) -> dict[str, Any]:
        """What changed about ``topic`` from one period to another (``"2015-2018"``, ``"2019-2023"`` or years).

        Returns the comparison (``assistant.compare``): topic by topic, the best
        sentences of each period side by side, marked ``new``, ``kept`` or ``gone``.

        Raises:
            BadQuestion: an empty topic or a period without a year.
        """
        topic = self._check_question(topic)
        change = ChangeQuestion.from_parts(topic, period_from, period_to, region)
        return self.compare_change(change)

    def compare_change(self, change: ChangeQuestion) -> dict[str, Any]:
        return compare_periods(self, change, facts_for(self))

    def stream_ask(
        self,
        question: str,
        history: Sequence[str] | None = None,
        filters: Mapping[str, Any] | None = None,
        k: int | None = None,
    ) -> Iterator[str | Answer]:
        """Like ``ask``, but yields the answer text as it is written, then the final ``Answer``.

        Without an LLM the whole extractive answer is one piece. With one, the
        model's tokens stream; if its finished output fails the source check,
        the final ``Answer`` carries the extractive text instead (and a note).
        """
        answer, plan, t0 = self._extractive(question, history, filters, k)
        if answer.refused or self.llm is None:
            answer = self._with_comparison(answer)
            yield answer.answer
            yield answer
            return
        parts: list[str] = []
        for piece in stream_rephrase(self.llm, plan, answer.answer, answer.citations, answer.passages):
            if piece.startswith("\x00"):
                status = piece[1:]
                if status == "ok":
                    answer.answer, answer.notes = "".join(parts).strip(), ["llm"]
                else:
                    answer.notes = [status.replace("fallback:", "llm rejected: ", 1)]
                break
            parts.append(piece)
            yield piece
        self._finish_timing(answer, t0)
        yield self._with_comparison(answer)

    @staticmethod
    def _finish_timing(answer: Answer, t0: float) -> None:
        total = (time.perf_counter() - t0) * 1000
        answer.timings_ms["answer"] = total - answer.timings_ms["retrieve"]
        answer.timings_ms["total"] = total

    # ------------------------------------------------------------ index facts

    def status(self) -> dict[str, Any]:
        data_dir = Path(self.settings.data_dir)
        gen = ix.current_generation(data_dir) if data_dir.exists() else None
        if gen is None:
            return {"data_dir": str(data_dir), "indexed": False, "documents": 0, "chunks": 0}
        m = gen.read_manifest()
        day = self.settings.today_date()
        return {
            "data_dir": str(data_dir),
            "indexed": True,
            "generation": m.generation,
            "created_at": m.created_at,
            "embedder": m.embedder,
            "dim": m.dim,
            "fingerprint": m.fingerprint,
            "mode": m.mode,
            "collection": m.collection,
            "documents": len(m.files),
            "chunks": sum(f.chunks for f in m.files.values()),
            "pages": sum(f.pages for f in m.files.values()),
            "today": day.isoformat(),
            "files": [
                {"file": f.file, **_listed(document_facts(f.meta, day)), "chunks": f.chunks, "pages": f.pages, "sha256": f.sha256[:12]}
                for f in m.files.values()
            ],
        }

    def document_facts(self, today: date | None = None) -> dict[str, dict[str, Any]]:
        """Document id → {title, kind, binding, period ("2015-2018" or None), period_from, period_to,
        region, status, parties, approved, ...}; status on ``today`` (default ``AFTALE_TODAY`` or the real date).

        Read from the published manifest, without loading the embedder. Raises ``IndexMissing``.
        """
        day = today or self.settings.today_date()
        return {name: document_facts(f.meta, day) for name, f in sorted(self.generation().read_manifest().files.items())}

    def document(self, file: str) -> dict[str, Any] | None:
        """The cleaned text and metadata of one indexed document."""
        return self.snapshot().documents.get(file)

    def filter_values(self) -> dict[str, list[str]]:
        return self.snapshot().filter_values()

    def register(self) -> Register:
        """The commitments register of the published generation (who does what, by when).

        Raises:
            IndexMissing: nothing was ingested yet.
            IndexOutdated: the generation was built before the register existed.
        """
        return register_for(self)

    def register_path(self) -> Path:
        """The commitments register file of the published generation, found without loading the embedder.

        The pages open the register through this, so only the API knows where
        the index keeps it. Raises ``IndexMissing`` or ``IndexOutdated``.
        """
        return register_path_for(self)


def _listed(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts ``status`` lists for a document (kind, binding, period, status, region ...)."""
    keys = ("title", "kind", "binding", "period", "period_from", "period_to", "status", "region", "approved")
    return {k: facts[k] for k in keys}


def language_of(text: str) -> str:
    return detect_language(text)


def _with_source_facts(items: list, metas: Mapping[str, Mapping[str, Any]], day: date) -> list:
    """Passages or citations with their document's kind, binding, period and status on ``day``
    (from the stored facts; the passage's own meta where the manifest lacks the document)."""
    return [replace(x, **source_facts(metas.get(x.doc, getattr(x, "passage", x).meta), day)) for x in items]
