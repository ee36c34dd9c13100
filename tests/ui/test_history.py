"""The conversation read back from the chat pane is exactly what was asked and answered."""

from __future__ import annotations

import pytest

from rag import Answer, Citation, Message
from ui import render
from ui.history import plain_history, turn_text


def pane(*turns: tuple[str, str]) -> list[dict]:
    """Messages as gr.Chatbot hands them to a callback: content is a list of parts."""
    return [{"role": role, "content": [{"type": "text", "text": text}], "metadata": None} for role, text in turns]


@pytest.mark.parametrize(
    "question",
    ["Siapa yang mendampingi Marco Rubio?", "a < b & \"c\" <script>x</script>", "baris satu\nbaris dua", "[1] 5 > 3"],
)
def test_a_question_reads_back_as_typed(question):
    assert turn_text(render.question_html(question)) == question


def test_answers_read_back_with_their_markers(pipeline):
    for q in ["Siapa yang mendampingi Marco Rubio dalam delegasi AS di Riyadh?", "What is the recipe for rendang?"]:
        answer = pipeline.answer(q)
        chat = pane(("user", render.question_html(q)), ("assistant", render.answer_html(answer)))
        assert plain_history(chat, 20) == [Message(role="user", content=q), Message(role="assistant", content=answer.answer)]


def test_markers_without_a_citation_and_markup_in_the_text_survive():
    cite = Citation(marker=2, source="s.txt", text="x", start=0, end=1, score=1.0)
    answer = Answer(answer="A <b>&</b> [2], lalu [9].\nB.", abstained=False, citations=[cite], language="id")
    assert turn_text(render.answer_html(answer)) == answer.answer


def test_plain_messages_from_api_callers_pass_through():
    chat = [{"role": "user", "content": "Siapa <utusan> Putin?"}, {"role": "assistant", "content": "Dmitriev [1]."}]
    assert [m.content for m in plain_history(chat, 20)] == ["Siapa <utusan> Putin?", "Dmitriev [1]."]


def test_only_the_most_recent_turns_within_the_limit():
    chat = pane(*[("user" if i % 2 == 0 else "assistant", f"t{i}") for i in range(7)])
    assert [m.content for m in plain_history(chat, 3)] == ["t4", "t5", "t6"]
    assert plain_history(chat, 0) == []
