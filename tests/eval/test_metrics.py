"""The metrics on small hand-made inputs whose answers are known."""

from __future__ import annotations

import math

import pytest

from eval import metrics as m
from eval.gate import check
from eval.scoring import aggregate

A, B = "a.txt", "b.txt"


def test_overlap_needs_the_same_source_and_intersecting_ranges():
    assert m.overlaps(m.Span(A, 0, 10), m.Span(A, 9, 20))
    assert m.overlaps(m.Span(A, 0, 100), m.Span(A, 40, 50))  # nested
    assert not m.overlaps(m.Span(A, 0, 10), m.Span(A, 10, 20))  # end is exclusive
    assert not m.overlaps(m.Span(A, 0, 10), m.Span(B, 0, 10))


def test_hit_and_reciprocal_rank():
    rel = [False, False, True, False]
    assert m.hit_at(rel, 1) == 0.0 and m.hit_at(rel, 2) == 0.0 and m.hit_at(rel, 3) == 1.0
    assert m.reciprocal_rank(rel) == pytest.approx(1 / 3)
    assert m.reciprocal_rank([False] * 10 + [True], k=10) == 0.0
    assert m.reciprocal_rank([]) == 0.0 and m.hit_at([], 5) == 0.0


def test_relevance_marks_chunks_that_touch_gold():
    ranked = [m.Span(A, 0, 100), m.Span(B, 0, 100), m.Span(A, 100, 200)]
    gold = [m.Span(A, 150, 160)]
    assert m.relevance(ranked, gold) == [False, False, True]


def test_ndcg():
    assert m.ndcg([True], n_relevant=1) == 1.0
    assert m.ndcg([False, True], n_relevant=1) == pytest.approx(1 / math.log2(3))
    assert m.ndcg([True, False, True], n_relevant=2) == pytest.approx((1 + 0.5) / (1 + 1 / math.log2(3)))
    # a relevant chunk never retrieved still counts in the ideal ranking
    assert m.ndcg([True], n_relevant=2) == pytest.approx(1 / (1 + 1 / math.log2(3)))
    assert m.ndcg([False, False], n_relevant=1) == 0.0
    assert m.ndcg([True, True], n_relevant=1) == 1.0  # never above 1


def test_citation_precision_and_recall():
    cited = [m.Span(A, 0, 10), m.Span(A, 50, 60)]
    gold = [m.Span(A, 5, 8), m.Span(B, 0, 5)]
    assert m.precision(cited, gold) == 0.5  # the second citation touches no gold
    assert m.recall(cited, gold) == 0.5  # the gold span in b.txt is never cited
    assert m.precision([], gold) is None and m.recall(cited, []) is None


def test_keywords_need_one_alternative_of_every_group():
    groups = [["30 hari", "30 days"], ["Putin"]]
    assert m.keywords_present("PUTIN setuju selama 30 HARI", groups)
    assert not m.keywords_present("Putin setuju", groups)
    assert m.keywords_present("anything", [])


def test_percentile_interpolates_like_numpy():
    assert m.percentile([4, 1, 3, 2], 50) == 2.5
    assert m.percentile([1, 2, 3, 4], 95) == pytest.approx(3.85)
    assert m.percentile([7], 95) == 7 and m.percentile([], 50) is None


def _outcome(**kw):
    base = {"should_abstain": False, "abstained": False, "latency_ms": 10.0, "hit_at_1": 1.0, "hit_at_5": 1.0,
            "reciprocal_rank": 1.0, "ndcg_at_10": 1.0, "context_recall_at_5": 1.0, "correct": True,
            "citation_precision": 1.0, "citation_recall": 1.0}
    return {**base, **kw}


def test_aggregate_counts_each_metric_over_its_own_questions():
    outcomes = [
        _outcome(),
        _outcome(abstained=True, correct=False, hit_at_1=0.0, citation_precision=None, citation_recall=None,
                 latency_ms=30.0),
        {"should_abstain": True, "abstained": True, "latency_ms": 20.0},
        {"should_abstain": True, "abstained": False, "latency_ms": 40.0},
    ]
    got = aggregate(outcomes)
    assert (got["n"], got["answerable"], got["should_abstain"], got["answered"]) == (4, 2, 2, 1)
    assert got["hit_at_1"] == 0.5 and got["answer_accuracy"] == 0.5  # an abstained answer is wrong
    assert got["citation_precision"] == 1.0  # only over answered questions
    assert got["abstention_accuracy"] == 0.5 and got["false_abstention_rate"] == 0.5
    assert got["latency_p50_ms"] == 25.0
    assert aggregate([{"should_abstain": True, "abstained": True, "latency_ms": 1.0}])["answer_accuracy"] is None


def test_gate_checks_floors_ceilings_and_groups():
    metrics = {"overall": {"mrr": 0.7, "false_abstention_rate": 0.1}, "lang": {"en": {"mrr": 0.5}}, "kind": {}}
    assert check(metrics, {"floors": {"overall": {"mrr": 0.7}, "lang": {"en": {"mrr": 0.45}}}}) == []
    failed = check(metrics, {"floors": {"lang": {"en": {"mrr": 0.6}}}, "ceilings": {"overall": {"false_abstention_rate": 0.05}}})
    assert len(failed) == 2 and "mrr (lang=en) = 0.500 < floor 0.6" in failed
    assert "not measured" in check(metrics, {"floors": {"kind": {"why": {"mrr": 0.1}}}})[0]


def test_verification_share_counts_only_llm_answers():
    from eval.scoring import verification

    extractive = [{"verification": {"answerer": "extractive", "kept_sentences": None, "removed_sentences": None, "fallback": None}}]
    assert verification(extractive) == {"removed_share": None, "fallback_rate": None}
    llm = [
        {"verification": {"answerer": "llm", "kept_sentences": 3, "removed_sentences": 1, "fallback": False}},
        {"verification": {"answerer": "extractive", "kept_sentences": None, "removed_sentences": None, "fallback": "timeout"}},
    ]
    assert verification(llm) == {"removed_share": 0.25, "fallback_rate": 0.5}
