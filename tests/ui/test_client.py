"""The page's endpoints, called the way integrators would: gradio_client against a real uvicorn."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from rag import build_pipeline
from tests.conftest import make_settings, source_text
from tests.server import running

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def client(live_server) -> Client:
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


def test_follow_up_uses_the_conversation_sent_back(client):
    """The endpoint is stateless: the conversation is the chat value the caller sends back."""
    _, chat, _ = client.predict(question="Who met in Miami to discuss ending the war?", api_name="/chat")
    follow_up = "Who represented Russia there?"
    alone = client.predict(question=follow_up, api_name="/chat")[2]
    _, chat, answer = client.predict(question=follow_up, chat=chat, api_name="/chat")
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


def test_upload_needs_the_key_then_indexes_the_article(embedder, tmp_path):
    """Writes go to an index of their own: the session's seeded index is shared and read-only."""
    from api.app import create_app

    pipeline = build_pipeline(make_settings(tmp_path / "data", api_keys="s3cret"), embedder=embedder)
    article = tmp_path / "ceasefire.txt"
    article.write_text(
        "Gencatan Senjata Energi Disepakati\n\nMoskow: Rusia dan Ukraina sepakat menghentikan serangan "
        "terhadap fasilitas energi selama 30 hari, kata Kremlin pada Selasa 18 Maret 2025.\n",
        encoding="utf-8",
    )
    with running(create_app(pipeline=pipeline)) as base:
        client = Client(base + "/ui/", verbose=False)
        with pytest.raises(AppError, match="API key"):
            client.predict(handle_file(str(article)), "wrong", api_name="/add_document")
        status, docs, _ = client.predict(handle_file(str(article)), "s3cret", api_name="/add_document")
        assert "Added" in status and "Gencatan Senjata Energi Disepakati" in status
        assert "ceasefire.txt" in docs
        status, _, _ = client.predict(handle_file(str(article)), "s3cret", api_name="/add_document")
        assert "Already indexed" in status
        answer = client.predict(question="Berapa lama serangan terhadap fasilitas energi dihentikan?", api_name="/chat")[2]
        assert any(c["source"] == "ceasefire.txt" for c in answer["citations"])
