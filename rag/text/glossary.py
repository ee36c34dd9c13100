"""English news words in Indonesian, for English questions over Indonesian articles.

BM25 matches words, and an English question shares few with an Indonesian article beyond its
names. rag/resources/glossary_en_id.txt renders the common words of politics, war and the economy
("talks": "perundingan", "pembicaraan"; "ceasefire": "gencatan senjata"); `renderings` gives those
of a question's words. The reader's word-overlap features use them (rag/answer/features.py); the
keyword query does not: added to BM25 they lowered English retrieval on the tuning questions.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib import resources

import Stemmer

from rag.text.tokens import stopwords

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_STEMMER = Stemmer.Stemmer("english")
_LOCK = threading.Lock()  # PyStemmer objects are not thread-safe


def _stem(word: str) -> str:
    with _LOCK:
        return _STEMMER.stemWord(word)


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    """English word (by its stem) -> its Indonesian renderings, in the file's order."""
    out: dict[str, list[str]] = {}
    text = resources.files("rag.resources").joinpath("glossary_en_id.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            english, *indonesian = (w.strip() for w in line.split("|"))
            for key in {english, _stem(english)}:
                out.setdefault(key, [])
                out[key] += [w for w in indonesian if w not in out[key]]
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=4096)
def renderings(text: str) -> tuple[str, ...]:
    """The Indonesian renderings of the English content words of `text`, in order, each once."""
    table, stop, out = _table(), stopwords(), []
    for word in _WORD.findall(text.lower()):
        if word in stop:
            continue
        for rendering in table.get(word) or table.get(_stem(word), ()):
            if rendering not in out:
                out.append(rendering)
    return tuple(out)
