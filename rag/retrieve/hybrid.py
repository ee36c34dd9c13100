"""Hybrid retrieval: the dense ranking (Chroma) and the keyword ranking (BM25), fused."""

from __future__ import annotations

import time

from rag.index.embedder import Embedder
from rag.index.keyword import KeywordIndex
from rag.index.store import Store
from rag.models import ScoredChunk
from rag.retrieve.fusion import reciprocal_rank_fusion
from rag.retrieve.queries import Queries


class HybridRetriever:
    """Configured once; `retrieve` per question."""

    def __init__(self, embedder: Embedder, store: Store, keyword: KeywordIndex, candidates: int, rrf_k: int,
                 keyword_weight_en: float) -> None:
        self.embedder = embedder
        self.store = store
        self.keyword = keyword
        self.candidates = candidates
        self.rrf_k = rrf_k
        self.keyword_weight_en = keyword_weight_en

    def retrieve(self, queries: Queries, language: str, top_k: int) -> tuple[list[ScoredChunk], dict[str, float]]:
        """The fused ranking cut at `top_k`, and how long each side took (ms)."""
        n = max(self.candidates, top_k)
        started = time.perf_counter()
        vector = self.embedder.query(queries.dense)
        embedded = time.perf_counter()
        dense = self.store.dense(vector, n, self.keyword.chunk)
        searched = time.perf_counter()
        keyword = self.keyword.search(queries.keyword, n)
        done = time.perf_counter()
        # English words rarely occur in Indonesian text: an English keyword query ranks on little
        # evidence, unless the LLM added the question's Indonesian rendering to it.
        weight = self.keyword_weight_en if language == "en" and not queries.expanded else 1.0
        fused = reciprocal_rank_fusion(dense, keyword, k=self.rrf_k, keyword_weight=weight)[:top_k]
        return fused, {"embed_ms": (embedded - started) * 1000, "dense_ms": (searched - embedded) * 1000,
                       "keyword_ms": (done - searched) * 1000}
