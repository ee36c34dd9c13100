"""The question sets: schema, verbatim evidence, and the mix the issue asks for."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from eval.questions import (
    ABSTAIN_KINDS, DEV, KINDS, QUESTIONS, QuestionFileError, directory_texts, load, read_records,
    record_problems, shipped_problems,
)
from tests.conftest import SEEDS

RIYADH = "001_8692206af46fdf20.txt"
_riyadh = (SEEDS / RIYADH).read_text(encoding="utf-8")
_at = _riyadh.index("Cek Artikel:")
LINKBAIT_AND_STORY = _riyadh[_at : _riyadh.index("Percakapan yang diselenggarakan") + len("Percakapan")]


def test_shipped_sets_pass_every_check():
    """Schema, ids, key order, verbatim evidence free of link-bait, keywords backed by the evidence,
    and no question shared between the held-out and the dev set."""
    assert shipped_problems() == []


@pytest.mark.parametrize("path", [QUESTIONS, DEV], ids=["questions", "dev"])
def test_every_evidence_string_occurs_verbatim_in_its_source(path):
    seeds = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for q in load(path):
        for e in q.evidence:
            assert e.source in q.sources, q.id
            assert e.text in seeds[e.source], f"{q.id}: {e.text[:60]!r} is not in {e.source}"


def test_held_out_set_is_large_and_mixed():
    questions = load(QUESTIONS, directory_texts(SEEDS))
    assert len(questions) >= 80
    kinds = Counter(q.kind for q in questions)
    assert set(kinds) == set(KINDS) and min(kinds.values()) >= 5, kinds
    english = sum(q.lang == "en" for q in questions) / len(questions)
    assert 0.25 <= english <= 0.45
    assert all(q.history for q in questions if q.kind == "followup")
    assert sum(q.kind in ABSTAIN_KINDS for q in questions) >= 10
    assert len({s for q in questions for s in q.sources}) == len(list(SEEDS.glob("*.txt")))


def _record(**changes):
    base = {
        "id": "q001", "question": "Siapa yang mendampingi Rubio?", "kind": "factoid", "lang": "id",
        "sources": [RIYADH],
        "evidence": [{"source": RIYADH, "text": "didampingi oleh Penasihat Keamanan Nasional Mike Waltz"}],
        "answer_keywords": [["Waltz"]],
    }
    return {**base, **changes}


def _problems(record):
    return record_problems("t.jsonl", [(1, record)], directory_texts(SEEDS), id_prefix="q", strict=True)


def test_a_good_record_passes():
    assert _problems(_record()) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"evidence": [{"source": RIYADH, "text": "Mike Waltz sang a song"}]}, "not a verbatim substring"),
        ({"answer_keywords": [["Kushner"]]}, "has no alternative in the evidence"),
        ({"kind": "unanswerable"}, "must have empty sources"),
        ({"kind": "synthesis"}, "at least two sources"),
        ({"kind": "followup"}, "without history"),
        ({"lang": "fr"}, "bad lang"),
        ({"id": "x1"}, "id must look like q001"),
        ({"sources": ["missing.txt", RIYADH]}, "not in the corpus"),
        ({"evidence": [{"source": RIYADH, "text": LINKBAIT_AND_STORY}], "answer_keywords": [["Percakapan"]]},
         "not story text"),
    ],
)
def test_the_checker_catches(changes, expected):
    found = _problems(_record(**changes))
    assert found and any(expected in p for p in found), found


def test_bad_json_is_reported_with_its_line(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(_record()) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(QuestionFileError, match=r"q.jsonl:2: bad JSON"):
        read_records(path)


def test_load_lists_every_problem(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(_record(lang="fr", answer_keywords=[["Kushner"]])) + "\n", encoding="utf-8")
    with pytest.raises(QuestionFileError, match=r"2 problem\(s\)"):
        load(path, directory_texts(SEEDS))
