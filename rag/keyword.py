"""BM25 keyword retrieval with bm25s, tokenised for Indonesian.

Tokens are lower-cased words, stopwords removed (stopwords-iso lists for Indonesian and
English, kept in rag/resources/), then stemmed with PyStemmer's Snowball "indonesian".
The index is rebuilt from the store's chunks and swapped in whole, so a reader never sees
a half-built index.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import bm25s
import Stemmer

from rag.models import Chunk

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)


@lru_cache
def stopwords() -> frozenset[str]:
    words: set[str] = set()
    for name in ("stopwords_id.txt", "stopwords_en.txt"):
        text = resources.files("rag.resources").joinpath(name).read_text(encoding="utf-8")
        words.update(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return frozenset(words)


class Tokenizer:
    """Lower-case, split, drop stopwords, stem. Hyphenated words also yield their parts."""

    def __init__(self) -> None:
        self._stemmer = Stemmer.Stemmer("indonesian")
        self._stop = stopwords()
        self._lock = threading.Lock()  # PyStemmer objects are not thread-safe

    def words(self, text: str) -> list[str]:
        out = []
        for word in _WORD.findall(text.lower()):
            out.append(word)
            if "-" in word:
                out.extend(word.split("-"))
        return [w for w in out if w not in self._stop]

    def __call__(self, text: str) -> list[str]:
        words = self.words(text)
        with self._lock:
            return self._stemmer.stemWords(words)


class KeywordIndex:
    """An in-memory BM25 index over chunks, keyed by chunk id."""

    def __init__(self, tokenizer: Tokenizer | None = None) -> None:
        self.tokenize = tokenizer or Tokenizer()
        self._state: tuple[bm25s.BM25 | None, list[Chunk]] = (None, [])

    def __len__(self) -> int:
        return len(self._state[1])

    def rebuild(self, chunks: Sequence[Chunk]) -> None:
        """Index exactly these chunks, replacing what was there."""
        chunks = list(chunks)
        if not chunks:
            self._state = (None, [])
            return
        index = bm25s.BM25()
        index.index([self.tokenize(c.text) or ["\u2205"] for c in chunks], show_progress=False)
        self._state = (index, chunks)

    def search(self, query: str, k: int) -> list[tuple[Chunk, float]]:
        """The k best chunks by BM25 with positive scores."""
        index, chunks = self._state
        tokens = self.tokenize(query)
        if index is None or not tokens:
            return []
        k = min(k, len(chunks))
        ids, scores = index.retrieve([tokens], k=k, show_progress=False, n_threads=1)
        return [(chunks[i], float(s)) for i, s in zip(ids[0], scores[0]) if s > 0]


def overlap(query_terms: set[str], text_terms: set[str]) -> float:
    """Share of query terms present in a text, 0..1."""
    if not query_terms:
        return 0.0
    return len(query_terms & text_terms) / len(query_terms)

