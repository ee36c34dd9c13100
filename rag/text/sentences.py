"""Sentences of a text as exact spans of it: one splitter for chunking, answering and verification."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """`text[start:end]` of some text."""

    start: int
    end: int


# A sentence ends at . ! ? (optionally followed by a closing quote) before whitespace, or at a line break.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*[ \t\u00a0]+(?=[\"“‘(]?[A-Z0-9])|\n\s*")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[Span]:
    """Sentences of `text[start:end]` as spans of `text`, trimmed of surrounding whitespace."""
    end = len(text) if end is None else end
    cursor = start
    for m in SENTENCE_END.finditer(text, start, end):
        yield from _trimmed(text, cursor, m.start())
        cursor = m.end()
    yield from _trimmed(text, cursor, end)


MAX_SENTENCE_CHARS = 1000
_CLOSES_SENTENCE = re.compile(r"[.!?…][\"”’)]*$|[\"”’]$")


def is_heading(line: str) -> bool:
    """A short line that does not close like a sentence: a headline or subheading, not prose."""
    return len(line.split()) < 15 and not _CLOSES_SENTENCE.search(line)


def _trimmed(text: str, start: int, end: int) -> Iterator[Span]:
    """The span without surrounding whitespace; a run-on "sentence" is cut into windows at spaces,
    so a text with no sentence breaks never yields a passage the embedder would truncate."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        yield from _trimmed(text, start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield Span(start, end)
