"""The page's callbacks: parse the input, call the Pipeline, render its models. Nothing else.

Domain errors become a short `gr.Error`; anything the core does not raise on purpose is left
to Gradio, which shows a generic message and never a stack trace.
"""

from __future__ import annotations

import json
from html import escape
from collections.abc import Callable, Iterator
from typing import Any

import gradio as gr

from rag import Answer, Citation, Forbidden, Message, Pipeline, RagError, Settings, Unauthorized
from ui import render
from ui.timeline import EVERYONE, timeline_html
from ui.history import plain_history

ChatMessage = dict[str, Any]  # {"role": ..., "content": ...} as gr.Chatbot holds it

_SHORT = {
    Unauthorized: "Kunci API tidak ada atau tidak valid. / The API key is missing or not valid.",
    Forbidden: "Penambahan artikel ditutup di server ini. / Adding articles is closed on this server.",
}


def ui_error(exc: RagError) -> gr.Error:
    """The message a user sees for a domain error: short, and without a trace."""
    message = next((m for cls, m in _SHORT.items() if isinstance(exc, cls)), str(exc))
    return gr.Error(escape(message), print_exception=False)  # gr.Error renders HTML; messages may quote input


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class Callbacks:
    """Bound to a pipeline getter: the pipeline exists only once the app has started."""

    def __init__(self, get_pipeline: Callable[[], Pipeline], settings: Settings) -> None:
        self.get_pipeline = get_pipeline
        self.settings = settings

    def check(self, question: str, chat: list[ChatMessage] | None, top_k: float | None) -> None:
        """Reject a question the pipeline would refuse, before anything changes on the page."""
        self._prepare(question, chat, top_k)

    def _prepare(
        self, question: str, chat: list[ChatMessage] | None, top_k: float | None
    ) -> tuple[list[Message], int | None]:
        """The pipeline's arguments from the page's values: the plain history and top_k, once validated."""
        history = plain_history(list(chat or []), self.settings.max_history_turns)
        k = int(top_k) if top_k is not None else None
        try:
            self.get_pipeline().validate(question or "", history, k)
        except RagError as exc:
            raise ui_error(exc) from None
        return history, k

    def chat(
        self, question: str, chat: list[ChatMessage] | None, top_k: float | None
    ) -> Iterator[tuple[str, list[ChatMessage], dict | None, list[ChatMessage]]]:
        """Ask the pipeline, with the conversation so far (the session's state); stream the answer
        into the chat pane.

        Yields (input box, chat pane, the Answer as JSON once it is complete, the conversation)."""
        question, chat = question or "", list(chat or [])
        history, k = self._prepare(question, chat, top_k)  # a rejected question never enters the chat
        pipeline = self.get_pipeline()
        asked = [*chat, {"role": "user", "content": render.question_html(question)}]
        yield "", [*asked, {"role": "assistant", "content": render.pending_html()}], None, chat
        citations: list[Citation] = []
        text, draft, answer = "", None, None
        try:
            for event in pipeline.stream(question, history, k):
                if event.event == "draft":  # with an LLM: the extractive answer, shown until the LLM's is verified
                    draft = event.data
                    yield "", [*asked, {"role": "assistant", "content": render.draft_html(draft)}], None, chat
                elif event.event == "citation":
                    citations.append(event.data)
                elif event.event == "delta":
                    text += event.data
                    shown = (render.draft_html(draft, len(text.split())) if draft is not None
                             else render.partial_html(text, citations))  # after a draft, deltas are unverified
                    yield "", [*asked, {"role": "assistant", "content": shown}], None, chat
                else:
                    answer = event.data
        except RagError as exc:
            yield question, chat, None, chat  # back to before the question was sent
            raise ui_error(exc) from None
        assert isinstance(answer, Answer)
        done = [*asked, {"role": "assistant", "content": render.answer_html(answer)}]
        yield "", done, answer.model_dump(), done

    def clear(self) -> tuple[str, None, list]:
        """After the chat pane's own clear button: empty the source view and the conversation too."""
        return render.source_placeholder(), None, []

    def open_source(self, target: str | None) -> tuple[str, gr.Tabs]:
        """The article behind a citation (or a document title), with the cited span highlighted."""
        try:
            where = json.loads(target or "")
            source = where["source"]
        except (ValueError, TypeError, KeyError):
            raise gr.Error("Sumber tidak dikenali. / Unknown source.", print_exception=False) from None
        try:
            doc = self.get_pipeline().document(str(source))
        except RagError as exc:
            raise ui_error(exc) from None
        html = render.source_html(doc, _int(where.get("start")), _int(where.get("end")), _int(where.get("marker")))
        return html, gr.Tabs(selected="source")

    def documents(self) -> str:
        return render.documents_html(self.get_pipeline().documents())

    def timeline(self, person: str | None) -> str:
        """The dated events, oldest first; only those naming `person` unless everyone is chosen."""
        who = None if not person or person == EVERYONE else person
        try:
            events = self.get_pipeline().timeline(person=who)
        except RagError as exc:
            raise ui_error(exc) from None
        return timeline_html(events, who)

    def people(self) -> gr.Dropdown:
        """The person filter's choices: everyone the articles name, most mentioned first."""
        names = [p.name for p in self.get_pipeline().people()]
        return gr.Dropdown(choices=[EVERYONE, *names], value=EVERYONE)
