"""BM25 keyword retrieval with bm25s, tokenised for Indonesian (rag.text.tokens).

The index is built from the store's chunks and swapped in whole, so a reader never sees a
half-built index. Tokens are kept per chunk between builds: after one document's write, its
chunks replace its old ones (`replace`) and the BM25 matrix is rebuilt from tokens in memory,
without reading or tokenizing the rest of the corpus again.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence

import bm25s

from rag.models import Chunk
from rag.text.tokens import Tokenizer


class KeywordIndex:
    """An in-memory BM25 index over chunks, keyed by chunk id."""

    def __init__(self, tokenizer: Tokenizer | None = None) -> None:
        self.tokenize = tokenizer or Tokenizer()
        self._state: tuple[bm25s.BM25 | None, list[Chunk]] = (None, [])
        self._by_id: dict[str, Chunk] = {}
        # Chunk id -> (hash of its text, its tokens), kept between rebuilds: tokenizing is two thirds
        # of a rebuild, and after a write almost every chunk is one already seen. Tokens are interned,
        # so the cache holds one pointer per token (~50 MB at 100k chunks).
        self._tokens: dict[str, tuple[int, list[str]]] = {}
        self._rebuilding = threading.Lock()

    def __len__(self) -> int:
        return len(self._state[1])

    def rebuild(self, chunks: Sequence[Chunk]) -> None:
        """Index exactly these chunks, replacing what was there; only new or changed text is tokenized."""
        with self._rebuilding:
            self._build(list(chunks))

    def replace(self, source: str, chunks: Sequence[Chunk]) -> None:
        """Make `chunks` the only ones of document `source` (none: the document is gone)."""
        with self._rebuilding:
            self._build([c for c in self._state[1] if c.source != source] + list(chunks))

    def _build(self, chunks: list[Chunk]) -> None:
        if not chunks:
            self._state, self._tokens, self._by_id = (None, []), {}, {}
            return
        tokens = {c.id: self._tokens_of(c) for c in chunks}
        index = bm25s.BM25()
        index.index([tokens[c.id][1] or ["\u2205"] for c in chunks], show_progress=False)
        self._state, self._tokens, self._by_id = (index, chunks), tokens, {c.id: c for c in chunks}

    def chunk(self, chunk_id: str) -> Chunk | None:
        """The indexed chunk of this id, if any (an id names one version of one chunk's text)."""
        return self._by_id.get(chunk_id)

    def _tokens_of(self, chunk: Chunk) -> tuple[int, list[str]]:
        key = hash(chunk.text)
        known = self._tokens.get(chunk.id)
        if known is not None and known[0] == key:
            return known
        return key, [sys.intern(t) for t in self.tokenize(chunk.text)]

    def search(self, query: str, k: int) -> list[tuple[Chunk, float]]:
        """The k best chunks by BM25 with positive scores."""
        index, chunks = self._state
        tokens = self.tokenize(query)
        if index is None or not tokens:
            return []
        k = min(k, len(chunks))
        # n_threads=0: bm25s then maps in this thread; any other value starts a thread pool per call.
        ids, scores = index.retrieve([tokens], k=k, show_progress=False, n_threads=0)
        return [(chunks[i], float(s)) for i, s in zip(ids[0], scores[0]) if s > 0]
