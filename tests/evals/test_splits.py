"""The tune/test protocol: fitting on test is refused, frozen files are checked, gaps get intervals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals import splits
from evals.metrics import QuestionRecord
from evals.report import write_split_report
from evals.runner import EvalResult
from evals.splits import (
    FrozenSplitChanged,
    compare_splits,
    load_split,
    render_comparison,
    verify_frozen,
)

ROOT = Path(__file__).resolve().parents[2]


def _record(i: int, answerable: bool, ok: bool, rank: int | None = 1, refused: bool = False) -> QuestionRecord:
    return QuestionRecord(
        id=f"x{i}", question="q", type="definition" if answerable else "unanswerable", lang="da",
        answerable=answerable, must_include=[], rank=rank if answerable else None, refused=refused,
        answer_ok=ok, citation_ok=ok if answerable and not refused else None, latency_ms=1.0, answer="a",
    )


def test_fitting_on_test_is_refused_and_tune_is_allowed() -> None:
    with pytest.raises(PermissionError):
        load_split("test", purpose="fit")
    assert len(load_split("tune", purpose="fit")) >= 240
    assert len(load_split("test")) >= 150


def test_only_the_split_module_and_tests_name_the_test_file() -> None:
    """Code that fits something cannot quietly read the frozen split: nothing else names its file."""
    offenders = []
    for pkg in ("foundation", "ingest", "index", "assistant", "interfaces", "evals", "benchmarks", "scripts"):
        for path in (ROOT / pkg).rglob("*"):
            if path.suffix not in {".py", ".sh", ".json", ".yaml", ".toml"} or path == ROOT / "evals" / "splits.py":
                continue
            if (ROOT / "evals" / "results") in path.parents:  # reports name the file they scored
                continue
            if "questions_test" in path.read_text(encoding="utf-8", errors="ignore"):
                offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, offenders


def test_a_changed_frozen_file_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "questions_test.jsonl"
    copy.write_bytes(splits.SPLITS["test"].read_bytes())
    monkeypatch.setitem(splits.SPLITS, "test", copy)
    assert verify_frozen("test")  # unchanged copy: same digest
    copy.write_bytes(copy.read_bytes().replace(b"?", b"!", 1))
    with pytest.raises(FrozenSplitChanged):
        verify_frozen("test")


def test_gap_interval_flags_a_real_gap_and_not_noise() -> None:
    tune = [_record(i, True, True) for i in range(80)] + [_record(100 + i, False, True, refused=True) for i in range(20)]
    same = [_record(i, True, i % 20 != 0) for i in range(80)] + [_record(100 + i, False, True, refused=True) for i in range(20)]
    worse = [_record(i, True, i % 2 == 0) for i in range(80)] + [_record(100 + i, False, i % 2 == 0, refused=i % 2 == 0) for i in range(20)]
    near = compare_splits({"tune": tune, "test": same}, resamples=300)
    far = compare_splits({"tune": tune, "test": worse}, resamples=300)
    assert near["answer_accuracy"]["defect"] is False
    assert far["answer_accuracy"]["defect"] is True
    lo, hi = far["answer_accuracy"]["gap_ci"]
    assert lo <= far["answer_accuracy"]["gap"] <= hi
    t_lo, t_hi = far["answer_accuracy"]["test_ci"]
    assert t_lo <= far["answer_accuracy"]["test"] <= t_hi


def test_false_refusals_gap_is_positive_when_test_refuses_more() -> None:
    tune = [_record(i, True, True) for i in range(50)]
    test = [_record(i, True, False, refused=i % 4 == 0) for i in range(50)]
    comp = compare_splits({"tune": tune, "test": test}, resamples=200)
    assert comp["false_refusal_rate"]["gap"] == pytest.approx(test_rate := 13 / 50) and test_rate > 0


def test_rendered_table_has_both_splits_and_a_verdict() -> None:
    recs = [_record(i, True, True) for i in range(10)]
    lines = render_comparison(compare_splits({"tune": recs, "test": recs}, resamples=50), {"tune": 10, "test": 10})
    assert "tune (n=10)" in lines[0] and "test (n=10)" in lines[0] and "verdict" in lines[0]
    assert any("Answer accuracy" in line and "ok" in line for line in lines)


def _split_result(prefix: str) -> EvalResult:
    recs = [_record(i, True, i % 2 == 0) for i in range(6)]
    for r in recs:
        r.question = f"{prefix} spørgsmål {r.id}"
    return EvalResult(records={"ours": recs}, outputs=[], meta={"n_questions": len(recs), "corpus": {}})


def test_the_report_lists_tune_failures_and_only_counts_tests(tmp_path: Path) -> None:
    md, _ = write_split_report({"tune": _split_result("tunes"), "test": _split_result("tests")}, tmp_path)
    text = md.read_text(encoding="utf-8")
    tune_part, test_part = text.split("## Split `test`")
    assert "tunes spørgsmål x1" in tune_part  # a failing tune question is listed by its text
    assert "tests spørgsmål" not in test_part  # a failing test question is not
    assert "Counted, not listed" in test_part and "| missing | definition | da | 3 |" in test_part
    data = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    held = data["splits"]["test"]["records"]["ours"]
    assert len(held) == 6 and all("question" not in r and "answer" not in r for r in held)  # flags, no text
    assert data["splits"]["tune"]["records"]["ours"][1]["question"] == "tunes spørgsmål x1"


def test_a_held_out_question_file_is_counted_like_test(tmp_path: Path) -> None:
    md, _ = write_split_report({"unseen": _split_result("unseen")}, tmp_path, listed=frozenset())
    assert "unseen spørgsmål" not in md.read_text(encoding="utf-8")
