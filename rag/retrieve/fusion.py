"""Reciprocal rank fusion of the dense and keyword rankings.

llama-index's `QueryFusionRetriever` implements the same formula, but it keys nodes by
content hash, sends one query string to every retriever and overwrites each retriever's
score with the fused one. We send the keyword side its own query text and keep the dense
similarity, which the answerer needs to decide whether to abstain; so the fusion is here.
"""

from __future__ import annotations

from collections.abc import Sequence

from rag.models import Chunk, ScoredChunk


def reciprocal_rank_fusion(
    dense: Sequence[tuple[Chunk, float]],
    keyword: Sequence[tuple[Chunk, float]],
    k: int = 60,
    keyword_weight: float = 1.0,
) -> list[ScoredChunk]:
    """Fuse two ranked lists: score = sum over lists of weight / (k + rank), rank counted from 1.

    The dense list weighs 1; `keyword_weight` scales the keyword list (weighted RRF). Equal scores
    rank by chunk id, so identical passages (a page ingested twice) rank the same whatever order
    the index holds them in."""
    dense, keyword = _tie_broken(dense), _tie_broken(keyword)
    fused: dict[str, ScoredChunk] = {}
    for rank, (chunk, similarity) in enumerate(dense, start=1):
        fused[chunk.id] = ScoredChunk(chunk=chunk, score=1.0 / (k + rank), dense=similarity)
    for rank, (chunk, bm25) in enumerate(keyword, start=1):
        hit = fused.get(chunk.id)
        gain = keyword_weight / (k + rank)
        if hit is None:
            fused[chunk.id] = ScoredChunk(chunk=chunk, score=gain, keyword=bm25)
        else:
            fused[chunk.id] = hit.model_copy(update={"score": hit.score + gain, "keyword": bm25})
    return sorted(fused.values(), key=lambda s: (-s.score, s.chunk.id))


def _tie_broken(ranking: Sequence[tuple[Chunk, float]]) -> list[tuple[Chunk, float]]:
    return sorted(ranking, key=lambda hit: (-hit[1], hit[0].id))
