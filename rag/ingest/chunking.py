"""Cut story blocks into sentence-aware chunks and sentences, each an exact slice of the source."""

from __future__ import annotations

import re
from functools import cached_property

from rag.text.sentences import Span
from rag.text.tokens import count_tokens


class Chunker:
    """Splits text with llama-index's `SentenceSplitter` and maps every chunk back to offsets."""

    def __init__(self, chunk_size: int, chunk_overlap: int) -> None:
        self.chunk_size, self.chunk_overlap = chunk_size, chunk_overlap

    @cached_property
    def _splitter(self):
        # Imported on the first write, not at start: llama-index takes about a second to import,
        # and a server answering from an existing index never chunks.
        from llama_index.core.node_parser import SentenceSplitter

        return SentenceSplitter(chunk_size=self.chunk_size, chunk_overlap=self.chunk_overlap, tokenizer=count_tokens)

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
