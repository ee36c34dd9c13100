"""The page's endpoints, called the way integrators would: gradio_client against a real uvicorn."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from tests.conftest import source_text

pytestmark = pytest.mark.e2e


@pytest.fixture
def client(live_server) -> Client:
    """A client of its own: each is one session, whose conversation the server keeps."""
    return Client(live_server + "/ui/", verbose=False)


def test_chat_endpoint_answers_with_a_citation(client):
    box, chat, answer = client.predict(
        question="Siapa yang mendampingi Marco Rubio dalam delegasi AS di Riyadh?", api_name="/chat"
    )
    assert box == ""  # the input box is emptied for the next question
    assert answer["abstained"] is False and answer["citations"]
    for c in answer["citations"]:
        assert source_text(c["source"])[c["start"] : c["end"]] == c["text"]
        assert f"[{c['marker']}]" in answer["answer"]
    assert [m["role"] for m in chat] == ["user", "assistant"]
    shown = chat[-1]["content"][0]["text"]
    assert 'class="rag-chip"' in shown and "Waltz" in shown


def test_follow_up_uses_the_sessions_conversation(client, live_server):
    """The server keeps each session's conversation: a follow-up in the same session is read with it."""
    client.predict(question="Who met in Miami to discuss ending the war?", api_name="/chat")
    follow_up = "Who represented Russia there?"
    alone = Client(live_server + "/ui/", verbose=False).predict(question=follow_up, api_name="/chat")[2]
    _, chat, answer = client.predict(question=follow_up, api_name="/chat")
    assert len(chat) == 4
    # "there" means nothing without the first question: alone it is not answered from the Miami article.
    assert alone["abstained"] or alone["citations"][0]["source"] != "002_f270e526a9c4b75d.txt"
    assert answer["abstained"] is False and answer["citations"][0]["source"] == "002_f270e526a9c4b75d.txt"


def test_abstention_is_an_answer_not_an_error(client):
    _, chat, answer = client.predict(question="What is the recipe for rendang?", api_name="/chat")
    assert answer["abstained"] is True and answer["citations"] == []
    assert "Not found in the articles" in chat[-1]["content"][0]["text"]


def test_a_rejected_question_is_a_short_message(client):
    with pytest.raises(AppError) as raised:
        client.predict(question="   ", api_name="/chat")
    assert "empty" in str(raised.value) and "Traceback" not in str(raised.value)


def test_source_endpoint_highlights_the_cited_span(client):
    answer = client.predict(question="Who met in Miami to discuss ending the war?", api_name="/chat")[2]
    cited = answer["citations"][0]
    target = {k: cited[k] for k in ("source", "start", "end", "marker")}
    html = client.predict(json.dumps(target), api_name="/source")
    assert unescape(re.search(r"<mark[^>]*>(.*?)</mark>", html, re.S)[1]) == cited["text"]


def test_unknown_source_is_a_short_message(client):
    with pytest.raises(AppError, match="no document"):
        client.predict(json.dumps({"source": "nope.txt"}), api_name="/source")


def test_timeline_endpoint_lists_events_and_filters_by_person(client):
    everyone = client.predict("Semua / Everyone", api_name="/timeline")
    dmitriev = client.predict("Dmitriev", api_name="/timeline")  # a surname, typed into the filter
    assert 0 < dmitriev.count('class="rag-event"') < everyone.count('class="rag-event"')
    assert "Kirill Dmitriev" in dmitriev
    assert "Belum ada peristiwa" in client.predict("Nobody Atall", api_name="/timeline")


def test_documents_lists_the_seeds(client):
    html = client.predict(api_name="/documents")
    assert html.count("<tr>") == 6  # header and five articles
    assert "AS-Rusia Sepakati Mekanisme Konsultasi" in html


def test_the_page_offers_no_file_endpoint(client):
    """Uploads go through POST /documents; no page endpoint takes a file."""
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert "/add_document" not in endpoints
    for info in endpoints.values():
        assert all("FileData" not in json.dumps(p) for p in info["parameters"]), info
