"""BM25 keyword retrieval with bm25s, tokenised for Indonesian.

Tokens are lower-cased words, stopwords removed (stopwords-iso lists for Indonesian and
English, kept in rag/resources/), then stemmed with PyStemmer's Snowball "indonesian".
The index is rebuilt from the store's chunks and swapped in whole, so a reader never sees
a half-built index; the tokens of chunks already seen are reused, so a rebuild after a write
tokenizes only what the write added.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from functools import lru_cache
from importlib import resources

import bm25s
import Stemmer

from rag.models import Chunk

log = logging.getLogger(__name__)
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
        # Chunk id -> (hash of its text, its tokens), kept between rebuilds: tokenizing is two thirds
        # of a rebuild, and after a write almost every chunk is one already seen. Tokens are interned,
        # so the cache holds one pointer per token (~50 MB at 100k chunks).
        self._tokens: dict[str, tuple[int, list[str]]] = {}
        self._rebuilding = threading.Lock()

    def __len__(self) -> int:
        return len(self._state[1])

    def rebuild(self, chunks: Sequence[Chunk]) -> None:
        """Index exactly these chunks, replacing what was there; only new or changed text is tokenized."""
        chunks = list(chunks)
        with self._rebuilding:
            if not chunks:
                self._state, self._tokens = (None, []), {}
                return
            tokens = {c.id: self._tokens_of(c) for c in chunks}
            index = bm25s.BM25()
            index.index([tokens[c.id][1] or ["\u2205"] for c in chunks], show_progress=False)
            self._state, self._tokens = (index, chunks), tokens

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
        ids, scores = index.retrieve([tokens], k=k, show_progress=False, n_threads=1)
        return [(chunks[i], float(s)) for i, s in zip(ids[0], scores[0]) if s > 0]


class Follower:
    """Keeps in-memory indexes in step with a store that other processes write too (several API
    workers sharing one Chroma server). At most every `every_s` seconds, `poll()` compares a cheap
    `stamp()` of the store with the one the indexes were built from; when it moved, `refresh()`
    runs. Both run in a background thread: a request never waits for them, and readers use the
    old index until the new one is swapped in. `every_s=None` turns following off (one process)."""

    def __init__(self, stamp: Callable[[], Hashable], refresh: Callable[[], None], every_s: float | None) -> None:
        self._stamp, self._refresh, self._every = stamp, refresh, every_s
        self._built_from: Hashable = None
        self._due = 0.0
        self._lock = threading.Lock()
        self._failing = False

    def built(self, stamp: Hashable) -> None:
        """The indexes now reflect the store as `stamp` describes it."""
        self._built_from = stamp

    def poll(self) -> None:
        if self._every is None or time.monotonic() < self._due or not self._lock.acquire(blocking=False):
            return
        self._due = time.monotonic() + self._every
        threading.Thread(target=self._check, name="keyword-follower", daemon=True).start()

    def _check_now(self) -> None:
        """One check, in the caller's thread (what `poll` runs in the background)."""
        self._lock.acquire()
        self._check()

    def _check(self) -> None:
        try:
            if self._stamp() != self._built_from:
                self._refresh()
            if self._failing:
                log.warning("the keyword index follows the store again")
            self._failing = False
        except Exception as exc:  # noqa: BLE001 - e.g. the Chroma server restarting; the next poll retries
            if not self._failing:  # one line when it starts failing, not a traceback every second
                log.warning("cannot bring the keyword index in step with the store, retrying: %s", exc)
            self._failing = True
        finally:
            self._lock.release()


def overlap(query_terms: set[str], text_terms: set[str]) -> float:
    """Share of query terms present in a text, 0..1."""
    if not query_terms:
        return 0.0
    return len(query_terms & text_terms) / len(query_terms)

