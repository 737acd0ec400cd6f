"""Can a nurse read the answer in one glance? Counts over a question file (issue 12 item 5).

For every answered question (``Assistant.ask``, not refused):

* **lead fit** (who / when / number questions, by the question's asked type): the answer's first
  sentence names what is asked: an actor, a time, a number (the answerer's own patterns);
  ``gold_in_first`` asks that the gold ``must_include`` terms are in the lead line or the first quote;
* **typed leads** ("Ansvarlig ifølge aftalerne: …", "Frist …", "Antal …"), by what they name (actor, time,
  number): how many name the gold, i.e. the phrase holds a gold ``must_include`` term or lies within one;
  one on an unanswerable question never does;
* **fragments**: quoted spans that are not a whole sentence of the cleaned document (the quote
  starts in the middle of a sentence, or the document's sentence goes on after it);
* **yes/no**: for gold yes/no questions whose gold answer starts with Ja/Nej (Yes/No), whether the
  answer starts with the same word; for the others, whether it wrongly starts with one;
* **comparison**: gold comparison questions whose citations come from at least two documents,
  and from both gold documents where the gold names them.

Run ``python -m evals.readability [--questions F ...] [--json]`` on a built index (``AFTALE_DATA_DIR``).
Fitting is on tune only: never pass the frozen test file here to change code by it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.api import Assistant
from assistant.candidates import ACTORS, NUMBER, TIME
from assistant.compose import FOOTNOTE_MARK
from assistant.question_type import classify
from assistant.types import Answer
from evals.questions import Question, load_questions
from evals.splits import SPLITS
from foundation.messages import msg
from foundation.settings import get_settings
from foundation.text.bullets import BULLET_GLYPHS, TYPED_BULLETS
from foundation.text.sentences import ABBREVIATIONS, split_sentences, starts_lower

HERE = Path(__file__).resolve().parent
DEFAULT_FILES = (HERE / "questions_tune.jsonl", HERE / "readability_questions.jsonl")

_MARK = re.compile(r"\s*\[\d+\]")
_YES = re.compile(r"^\s*(ja|yes)\b", re.I)
_NO = re.compile(r"^\s*(nej|no)\b", re.I)
_FIT = {"who": ACTORS, "when": TIME, "number": NUMBER}
_GENERIC_LEADS = tuple(s for s in (msg("lead_in", "en"), msg("lead_in", "da")) if s)
# the heads of the typed lead lines, by what they name: "Ansvarlig ifølge aftalerne:", "Frist ifølge aftalerne:", …
_LEAD_KINDS = {"actor_lead": "actor", "deadline_lead": "time", "time_lead": "time",
               "number_lead": "number", "amount_lead": "number", "share_lead": "number"}
_LEAD_HEADS = tuple(
    (msg(key, lang, **{"actor" if kind == "actor" else "value": ""}).rstrip(". “”"), kind)
    for key, kind in _LEAD_KINDS.items() for lang in ("da", "en")
)


def typed_lead(answer_text: str) -> tuple[str, str] | None:
    """What an answer's lead line names and its phrase ("Ansvarlig ifølge aftalerne: egen læge." ->
    ("actor", "egen læge"); "Frist ifølge aftalerne: senest 3 hverdage …" -> ("time", …)), or None."""
    first = first_sentence(answer_text)
    for head, kind in _LEAD_HEADS:
        if first.startswith(head):
            return kind, first[len(head):].strip(" .")
    return None


def names_gold(phrase: str, must_include: Sequence[str]) -> bool:
    """Whether a lead names the gold: it holds a gold term, or a gold term holds it ("Regionen godtgører")."""
    low = phrase.lower()
    return bool(low) and any(t.lower() in low or low in t.lower() for t in must_include if t)


def first_sentence(answer_text: str) -> str:
    """The first sentence a reader meets: the lead line if there is one, else the first quote."""
    text = answer_text.strip()
    for generic in _GENERIC_LEADS:
        if text.startswith(generic):
            text = text[len(generic):].strip()
    text = _MARK.split(text, maxsplit=1)[0].replace("“", "").replace("”", "")  # nothing after the first citation mark
    spans = split_sentences(text)
    return text[spans[0][0]:spans[0][1]].strip() if spans else text.strip()


def polarity(text: str) -> str:
    """"ja", "nej" or "" by the first word."""
    return "ja" if _YES.match(text) else "nej" if _NO.match(text) else ""


def whole_sentence(doc_text: str, start: int, end: int) -> bool:
    """Whether ``doc_text[start:end]`` starts and ends where the document's sentence does.

    Not whole: a quote that starts in lower case or on punctuation, or after text that does not end
    a sentence on the same line; that stops on an abbreviation (``kl.``, ``ca.``) or before a comma or
    a lower-case word on the same line; or that stops without a full stop where the next line goes on
    in lower case.
    """
    quote = doc_text[start:end].strip()
    if not quote:
        return False
    if quote[0] in ".,;:)]" or starts_lower(quote):  # a lettered item's mark ("b) Alle kommuner …") opens a whole one
        return False
    before = doc_text[:start].rstrip(" \t")
    line_head = before[before.rfind("\n") + 1 :]
    footnote = FOOTNOTE_MARK.match(f"{line_head} {quote}")  # the number the quote leaves out, as ``compose`` cuts it
    if before and before[-1] not in ".!?:;\n|)”\"" + BULLET_GLYPHS + TYPED_BULLETS and not footnote:
        return False  # (a footnote's number before it is no sentence of its own: quotes leave it out, not a count)
    after = doc_text[end:]
    same_line = after.split("\n", 1)[0].strip()
    if same_line:
        if same_line[0].islower() or same_line[0] in ",;" or _abbreviated(quote):
            return False
        return quote[-1] in ".!?:”\")"
    next_line = after.lstrip().split("\n", 1)[0]
    return quote[-1] in ".!?:”\")" or not next_line[:1].islower()


def _abbreviated(quote: str) -> bool:
    m = re.search(r"([\w.]+)\.$", quote)
    return bool(m) and m.group(1).lower() in ABBREVIATIONS | {"kl"}


@dataclass
class Counts:
    """Numerators and denominators of the readability checks."""

    answered: int = 0
    lead_asked: int = 0
    lead_fit: int = 0
    lead_line: int = 0
    leads: dict[str, int] = field(default_factory=dict)  # typed lead lines by what they name
    leads_gold: dict[str, int] = field(default_factory=dict)  # of those, naming the gold
    gold_asked: int = 0
    gold_first: int = 0
    quotes: int = 0
    fragments: int = 0
    yesno_gold: int = 0
    yesno_right: int = 0
    yesno_wrong: int = 0
    yesno_missing: int = 0
    yesno_spurious: int = 0
    compare_asked: int = 0
    compare_both: int = 0
    examples: dict[str, list[str]] = field(default_factory=dict)

    def note(self, kind: str, text: str) -> None:
        self.examples.setdefault(kind, []).append(text)

    def summary(self) -> dict[str, Any]:
        def r(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        return {
            "answered": self.answered,
            "lead_fit": r(self.lead_fit, self.lead_asked), "lead_fit_n": f"{self.lead_fit}/{self.lead_asked}",
            "lead_line_n": f"{self.lead_line}/{self.lead_asked}",
            "lead_gold_n": {k: f"{self.leads_gold.get(k, 0)}/{n}" for k, n in sorted(self.leads.items())},
            "gold_in_first": r(self.gold_first, self.gold_asked), "gold_in_first_n": f"{self.gold_first}/{self.gold_asked}",
            "fragments": self.fragments, "quotes": self.quotes,
            "yesno_right": r(self.yesno_right, self.yesno_gold), "yesno_n": f"{self.yesno_right}/{self.yesno_gold}",
            "yesno_wrong": self.yesno_wrong, "yesno_missing": self.yesno_missing, "yesno_spurious": self.yesno_spurious,
            "compare_both": r(self.compare_both, self.compare_asked), "compare_n": f"{self.compare_both}/{self.compare_asked}",
        }


def _gold_polarity(q: Question) -> str:
    return polarity(q.answer or "")


def score(questions: Sequence[Question], answers: Iterable[Answer], doc_texts: dict[str, str]) -> Counts:
    """The readability counts of answers to ``questions`` (same order)."""
    c = Counts()
    for q, a in zip(questions, answers):
        yesno_q = q.type == "yesno" or classify(q.question) == "yesno"
        gold_pol = _gold_polarity(q) if q.type != "unanswerable" else ""
        if a.refused:
            continue
        c.answered += 1
        first = first_sentence(a.answer)
        qtype = classify(q.question)
        if qtype in _FIT:
            c.lead_asked += 1
            if _FIT[qtype].search(first):
                c.lead_fit += 1
            else:
                c.note(f"lead_{qtype}", f"{q.id}: {q.question} -> {first[:120]}")
            if first and not any(first[:60] in cit.passage.text for cit in a.citations):
                c.lead_line += 1  # a lead line of our own, not the quote itself
            if q.must_include and q.type != "unanswerable":
                c.gold_asked += 1
                head = _MARK.split(a.answer, maxsplit=1)[0].lower()  # the lead line and the first quote
                if all(t.lower() in head for t in q.must_include):
                    c.gold_first += 1
        lead = typed_lead(a.answer)
        if lead is not None:
            kind, phrase = lead
            c.leads[kind] = c.leads.get(kind, 0) + 1
            if q.type != "unanswerable" and names_gold(phrase, q.must_include):
                c.leads_gold[kind] = c.leads_gold.get(kind, 0) + 1
            else:
                c.note(f"{kind}_lead_off", f"{q.id}: {q.question} -> {phrase}")
        for cit in a.citations:
            text = doc_texts.get(cit.doc, "")
            for s, e in cit.doc_spans:
                c.quotes += 1
                if text and not whole_sentence(text, s, e):
                    c.fragments += 1
                    c.note("fragment", f"{q.id}: …{text[max(s - 30, 0):s]}[[{text[s:e][:90]}]]{text[e:e + 30]}…")
        mine = polarity(a.answer)
        if yesno_q and gold_pol:
            c.yesno_gold += 1
            if mine == gold_pol:
                c.yesno_right += 1
            elif mine:
                c.yesno_wrong += 1
                c.note("yesno_wrong", f"{q.id}: {q.question} -> {a.answer[:120]}")
            else:
                c.yesno_missing += 1
                c.note("yesno_missing", f"{q.id}: {q.question} -> {a.answer[:120]}")
        elif mine and q.type != "unanswerable":
            c.yesno_spurious += 1
            c.note("yesno_spurious", f"{q.id}: {q.question} -> {a.answer[:120]}")
        if q.type == "comparison":
            c.compare_asked += 1
            cited = {cit.doc for cit in a.citations}
            sides = set(q.docs) if len(q.docs) > 1 else set()
            if len(cited) >= 2 and (not sides or sides <= cited):
                c.compare_both += 1
            else:
                c.note("compare_one_side", f"{q.id}: {q.question} -> {[cit.doc for cit in a.citations]}")
    return c


def run(assistant: Assistant, files: Sequence[Path]) -> dict[str, Any]:
    """Ask every question of ``files`` and count; one summary per file."""
    snap = assistant.snapshot()
    doc_texts = {name: d.get("text", "") for name, d in snap.documents.items()}
    out: dict[str, Any] = {}
    for path in files:
        questions = load_questions(path)
        answers = [assistant.ask(q.question) for q in questions]
        counts = score(questions, answers, doc_texts)
        out[path.name] = {"summary": counts.summary(), "examples": counts.examples}
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--questions", type=Path, nargs="*", default=[p for p in DEFAULT_FILES if p.exists()])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--examples", action="store_true", help="print the failing answers")
    args = ap.parse_args(argv)
    if any(p.resolve() == SPLITS["test"] for p in args.questions):
        print("the frozen test split is not for readability fitting", file=sys.stderr)
        return 2
    result = run(Assistant(get_settings()), args.questions)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    for name, r in result.items():
        print(name, json.dumps(r["summary"], ensure_ascii=False))
        if args.examples:
            for kind, lines in r["examples"].items():
                for line in lines:
                    print(f"  {kind}: {line}")
    return 0


if __name__ == "__main__":  # pragma: no cover - manual run
    raise SystemExit(main())
