"""Reciprocal rank fusion of the dense and keyword rankings (rag/retrieve/fusion.py)."""

from __future__ import annotations

import pytest

from rag.models import Chunk
from rag.retrieve.fusion import reciprocal_rank_fusion


def chunk(name: str) -> Chunk:
    return Chunk(id=f"doc@v#{name}", source="doc", text=f"teks {name}", start=0, end=7)


A, B, C, D = (chunk(n) for n in "abcd")


def by_id(fused):
    return {s.chunk.id: s for s in fused}


def test_score_is_the_sum_of_reciprocal_ranks_counted_from_one():
    """A chunk's score is 1/(k+rank) per list it is in, ranks starting at 1."""
    fused = by_id(reciprocal_rank_fusion([(A, 0.9), (B, 0.8)], [(B, 7.0), (C, 3.0)], k=10))
    assert fused[A.id].score == pytest.approx(1 / 11)
    assert fused[B.id].score == pytest.approx(1 / 12 + 1 / 11)
    assert fused[C.id].score == pytest.approx(1 / 12)


def test_default_k_is_60():
    """Without k, the constant is the usual 60."""
    (only,) = reciprocal_rank_fusion([(A, 0.5)], [])
    assert only.score == pytest.approx(1 / 61)


def test_keyword_weight_scales_only_the_keyword_list():
    """keyword_weight multiplies the keyword gains; the dense list keeps weight 1."""
    fused = by_id(reciprocal_rank_fusion([(A, 0.9)], [(A, 5.0), (B, 4.0)], k=60, keyword_weight=0.25))
    assert fused[A.id].score == pytest.approx(1 / 61 + 0.25 / 61)
    assert fused[B.id].score == pytest.approx(0.25 / 62)


def test_zero_keyword_weight_keeps_keyword_hits_below_every_dense_hit():
    """With weight 0 the keyword-only chunk scores 0 and the dense order decides alone."""
    fused = reciprocal_rank_fusion([(A, 0.9), (B, 0.8)], [(C, 9.0), (B, 8.0)], keyword_weight=0.0)
    assert [s.chunk.id for s in fused] == [A.id, B.id, C.id]
    assert fused[-1].score == 0.0
    assert fused[-1].keyword == 9.0


def test_a_chunk_in_both_lists_keeps_both_raw_scores():
    """The fused entry carries the dense similarity and the BM25 score, not the fused one."""
    fused = by_id(reciprocal_rank_fusion([(A, 0.83), (B, 0.5)], [(C, 2.0), (A, 11.5)]))
    assert fused[A.id].dense == 0.83
    assert fused[A.id].keyword == 11.5
    assert fused[B.id].dense == 0.5 and fused[B.id].keyword is None
    assert fused[C.id].keyword == 2.0 and fused[C.id].dense is None


def test_each_chunk_appears_once():
    """Chunks are keyed by id: one entry per chunk, whatever lists it is in."""
    fused = reciprocal_rank_fusion([(A, 0.9), (B, 0.8)], [(B, 3.0), (A, 2.0)])
    assert sorted(s.chunk.id for s in fused) == [A.id, B.id]


def test_results_are_ordered_by_fused_score():
    """A chunk ranked well in both lists beats one ranked first in only one."""
    fused = reciprocal_rank_fusion([(A, 0.9), (B, 0.8), (C, 0.7)], [(D, 9.0), (B, 8.0)])
    assert [s.chunk.id for s in fused] == [B.id, A.id, D.id, C.id]
    scores = [s.score for s in fused]
    assert scores == sorted(scores, reverse=True)


def test_ties_keep_dense_order_first():
    """Equal scores keep insertion order (dense first), since the sort is stable."""
    fused = reciprocal_rank_fusion([(A, 0.9)], [(B, 9.0)])
    assert [s.chunk.id for s in fused] == [A.id, B.id]
    assert fused[0].score == fused[1].score


@pytest.mark.parametrize(
    ("dense", "keyword", "ids"),
    [([], [], []), ([(A, 0.9)], [], [A.id]), ([], [(B, 1.0), (A, 0.5)], [B.id, A.id])],
)
def test_empty_inputs(dense, keyword, ids):
    """An empty list contributes nothing; two empty lists give an empty ranking."""
    assert [s.chunk.id for s in reciprocal_rank_fusion(dense, keyword)] == ids
