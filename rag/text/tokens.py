"""Word tokens for keyword search and lexical overlap.

Tokens are lower-cased words, stopwords removed (stopwords-iso lists for Indonesian and English,
kept in rag/resources/), then stemmed with PyStemmer's Snowball "indonesian".
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib import resources

import Stemmer

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_COUNTED = re.compile(r"\w+|[^\w\s]")


def count_tokens(text: str) -> list[str]:
    """Word-level tokens for chunk sizes: a deterministic, offline stand-in for a model tokenizer."""
    return _COUNTED.findall(text)


@lru_cache
def stopwords() -> frozenset[str]:
    words: set[str] = set()
    for name in ("stopwords_id.txt", "stopwords_en.txt"):
        text = resources.files("rag.resources").joinpath(name).read_text(encoding="utf-8")
        words.update(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    # stopwords-iso's English list holds a few numbers ("10", "39"): a number is never a stopword here.
    return frozenset(w for w in words if not w.isdigit())


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


def overlap(query_terms: set[str], text_terms: set[str]) -> float:
    """Share of query terms present in a text, 0..1."""
    if not query_terms:
        return 0.0
    return len(query_terms & text_terms) / len(query_terms)

