"""Sentences of a text as exact spans of it: one splitter for chunking, answering and verification."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """`text[start:end]` of some text; `kind` labels what it is where that matters ("linkbait", "dateline")."""

    start: int
    end: int
    kind: str = ""


# A sentence of source text ends at . ! ? (optionally followed by a closing quote) before whitespace
# and a capital or digit, or at a line break.
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


# Written answers (an LLM's) mark sentences with [n] or [1, 2] after them.
MARKER_GROUP = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
# A written sentence ends at . ! ? (and closing quotes), with any marker groups that follow it, before a
# space; or at a newline. Unlike source text, an LLM's next sentence may start in lower case.
_REPLY_END = re.compile(r"[.!?…]+[\"”’)]*(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])*(?=\s|$)|\n+")


def split_sentences(reply: str) -> list[str]:
    """The reply's sentences, each with the markers that follow it."""
    out: list[str] = []
    cursor = 0
    for m in _REPLY_END.finditer(reply):
        piece = reply[cursor : m.end()].strip()
        cursor = m.end()
        if not piece:
            continue
        if out and _abbreviated(out[-1]):
            out[-1] = f"{out[-1]} {piece}"  # "U.S." or "Mr." ended no sentence
        else:
            out.append(piece)
    tail = reply[cursor:].strip()
    if tail:
        out.append(f"{out.pop()} {tail}" if out and _abbreviated(out[-1]) else tail)
    return out


# Short words whose full stop ends no sentence: titles and the like, in both languages.
_ABBREVIATIONS = frozenset("mr mrs ms dr prof st jr sr no vs etc jl bpk ibu sdr kol jend brig mayjen letjen".split())


def _abbreviated(piece: str) -> bool:
    """Whether `piece` ends in an abbreviation ("U.S.", "Dr.") rather than a sentence ("dari AS.")."""
    if MARKER_GROUP.search(piece) or not piece.endswith("."):
        return False
    last = piece.split()[-1]
    stem = last[:-1]
    return "." in stem or stem.lower() in _ABBREVIATIONS or stem.isdigit() or (len(stem) == 1 and stem.isupper())
