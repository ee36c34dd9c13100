"""Cut story blocks into sentence-aware chunks and sentences, each an exact slice of the source."""

from __future__ import annotations

import re
from collections.abc import Iterator

from llama_index.core.node_parser import SentenceSplitter

from rag.clean import Span

_WORDS = re.compile(r"\w+|[^\w\s]")
# A sentence ends at . ! ? (optionally followed by a closing quote) before whitespace, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*[ \t\u00a0]+(?=[\"“‘(]?[A-Z0-9])|\n\s*")


def count_tokens(text: str) -> list[str]:
    """Word-level tokens: a deterministic, offline stand-in for a model tokenizer."""
    return _WORDS.findall(text)


class Chunker:
    """Splits text with llama-index's `SentenceSplitter` and maps every chunk back to offsets."""

    def __init__(self, chunk_size: int, chunk_overlap: int) -> None:
        self._splitter = SentenceSplitter(
            chunk_size=chunk_size, chunk_overlap=chunk_overlap, tokenizer=count_tokens
        )

    def split(self, text: str, blocks: tuple[Span, ...] | list[Span]) -> list[Span]:
        """Chunk spans of `text`; a chunk never crosses a block boundary."""
        spans: list[Span] = []
        for block in blocks:
            block_text = text[block.start : block.end]
            cursor = 0
            for piece in self._splitter.split_text(block_text):
                local = _locate(block_text, piece, cursor)
                if local is None:
                    continue
                spans.append(Span(block.start + local.start, block.start + local.end))
                cursor = local.start + 1
        return spans


def _locate(text: str, piece: str, cursor: int) -> Span | None:
    """Where `piece` stands in `text` at or after `cursor`, tolerating re-spaced whitespace."""
    piece = piece.strip()
    at = text.find(piece, cursor)
    if at < 0:
        at = text.find(piece)
    if at >= 0:
        return Span(at, at + len(piece))
    pattern = r"\s+".join(re.escape(word) for word in piece.split())
    m = re.compile(pattern).search(text, cursor) or re.compile(pattern).search(text)
    return Span(m.start(), m.end()) if m else None


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[Span]:
    """Sentences of `text[start:end]` as spans of `text`, trimmed of surrounding whitespace."""
    end = len(text) if end is None else end
    cursor = start
    for m in _SENTENCE_END.finditer(text, start, end):
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
