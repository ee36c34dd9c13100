"""The conversation as the pipeline sees it, read back from the chat pane's messages.

The chat pane holds the HTML of `ui/render.py`; the pipeline wants plain turns: the question as
typed and the answer's text with its [n] markers. Reading them back from the pane (instead of
keeping a second copy in session state) keeps the chat endpoint stateless: an API caller sends
the conversation it got back, exactly like the page does.
"""

from __future__ import annotations

from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any

from rag import Message

# The elements whose text is the turn itself (see render.question_html and render.answer_html).
TURN_CLASSES = ("rag-question", "rag-text")
_VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "area", "col", "embed"}


class _TurnText(HTMLParser):
    """Collects the text inside the first element with one of TURN_CLASSES."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 while inside the turn's element
        self.found = False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            if tag == "br":
                self.parts.append("\n")
            elif tag not in _VOID:
                self.depth += 1
            return
        classes = (dict(attrs).get("class") or "").split()
        if not self.found and any(c in classes for c in TURN_CLASSES):
            self.found, self.depth = True, 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in _VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def turn_text(content: str) -> str:
    """The plain text of one rendered turn; content that is not ours is taken as plain text already."""
    parser = _TurnText()
    parser.feed(content)
    parser.close()
    return "".join(parser.parts) if parser.found else content


def _content_text(content: Any) -> str:
    """gr.Chatbot hands a message's content over as a list of parts; only text parts count."""
    if isinstance(content, str):
        return content
    parts = content if isinstance(content, list) else [content]
    return "".join(p.get("text", "") for p in parts if isinstance(p, dict) and p.get("type", "text") == "text")


def plain_history(chat: Iterable[dict[str, Any]], limit: int) -> list[Message]:
    """The last `limit` user and assistant turns of the chat pane, as the pipeline takes them."""
    turns = [
        Message(role=m["role"], content=turn_text(_content_text(m.get("content"))))
        for m in chat
        if m.get("role") in ("user", "assistant")
    ]
    return turns[len(turns) - limit :] if limit > 0 else []
