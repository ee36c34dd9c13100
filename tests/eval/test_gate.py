"""The gate as CI runs it: the held-out set through the real session pipeline, against eval/thresholds.toml."""

from __future__ import annotations

import json
import shutil

from eval import report
from eval.gate import check, load_thresholds
from eval.questions import QUESTIONS, read_records
from eval.runner import run_eval
from eval.scoring import HIGHER_IS_BETTER
from tests.conftest import SEEDS, make_settings

SLACK = 0.15  # a floor further than this under the measurement no longer guards anything


def test_the_gate_passes(eval_results):
    failures = check(eval_results["metrics"], load_thresholds())
    assert failures == [], "\n".join(failures)


def test_every_question_was_run(eval_results):
    assert eval_results["meta"]["n"] == len(read_records(QUESTIONS)) == len(eval_results["questions"])


def test_a_raised_floor_fails(eval_results):
    failures = check(eval_results["metrics"], {"floors": {"overall": {"answer_accuracy": 1.01}}})
    assert len(failures) == 1 and failures[0].startswith("answer_accuracy (overall)")
    failures = check(eval_results["metrics"], {"ceilings": {"overall": {"false_abstention_rate": -0.5}}})
    assert len(failures) == 1 and "ceiling" in failures[0]


def test_floors_are_real(eval_results):
    """No floor at 0, none far under what the system achieves: raise them as quality improves."""
    thresholds = load_thresholds()
    for scope, bounds in [("overall", thresholds["floors"]["overall"])] + [
        (f"{axis}={group}", b) for axis, groups in thresholds["floors"].items() if axis != "overall"
        for group, b in groups.items()
    ]:
        axis, _, group = scope.partition("=")
        measured = eval_results["metrics"]["overall"] if scope == "overall" else eval_results["metrics"][axis][group]
        for name, floor in bounds.items():
            assert HIGHER_IS_BETTER[name] and floor > 0, f"{name} ({scope})"
            assert measured[name] - floor <= SLACK, f"{name} ({scope}): measured {measured[name]:.3f}, raise the floor {floor}"


def test_results_rotate_and_report(eval_results, tmp_path):
    assert report.rotate_and_write(eval_results, tmp_path) is None
    previous = report.rotate_and_write(eval_results, tmp_path)
    assert previous["metrics"] == json.loads((tmp_path / "latest.json").read_text())["metrics"]
    assert "hit@1" in report.deltas(eval_results, previous)
    md = report.write_markdown(eval_results, previous, tmp_path).read_text()
    assert "## Failures" in md and "by_kind.png" in md
    assert (tmp_path / "by_kind.png").read_bytes()[:4] == b"\x89PNG"
    table = report.table(eval_results)
    assert "kind=synthesis" in table and "lang=en" in table


def test_own_corpus(tmp_path):
    """`rag eval --corpus DIR --questions FILE`: a fresh index of DIR, evidence read from DIR."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    name = "004_c75a26120ef4de30.txt"
    shutil.copy(SEEDS / name, corpus / name)
    lines = [json.dumps(r, ensure_ascii=False) for _, r in read_records(QUESTIONS)
             if r["sources"] == [name] or r["kind"] == "unanswerable"]
    questions = tmp_path / "mine.jsonl"
    questions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    printed: list[str] = []
    code = run_eval(make_settings(tmp_path / "unused"), questions, [corpus], use_gate=False,
                    out=tmp_path / "out", echo=printed.append)
    assert code == 0
    latest = json.loads((tmp_path / "out" / "latest.json").read_text())
    assert latest["meta"]["n"] == len(lines) and latest["meta"]["chunks"] > 0
    assert latest["metrics"]["overall"]["hit_at_5"] > 0.5
    assert "overall" in printed[0]
