import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.conftest import source_text
from tests.server import local_client


@pytest.fixture(scope="module")
def client(pipeline):
    with local_client(create_app(pipeline=pipeline)) as c:
        yield c


def test_health(client):
    assert client.get("/health").json() == {"status": "ok"}


def test_answer_contract(client):
    r = client.post("/answer", json={"question": "Siapa yang mendampingi Marco Rubio di Riyadh?", "top_k": 5})
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"answer", "abstained", "citations", "language"}
    assert body["abstained"] is False and body["language"] == "id"
    for c in body["citations"]:
        assert set(c) >= {"marker", "source", "title", "text", "start", "end", "score"}
        assert source_text(c["source"])[c["start"] : c["end"]] == c["text"]
        assert f"[{c['marker']}]" in body["answer"]


def test_history_is_accepted(client):
    r = client.post("/answer", json={
        "question": "Apa katanya tentang jalannya pembicaraan?",
        "history": [{"role": "user", "content": "Siapa utusan Putin di Miami?"},
                    {"role": "assistant", "content": "Kirill Dmitriev [1]."}],
    })
    assert r.status_code == 200


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        ({}, "question"),
        ({"question": ""}, "question"),
        ({"question": "   "}, "blank"),
        ({"question": "Siapa?", "top_k": 0}, "top_k"),
        ({"question": "Siapa?", "top_k": 10_000}, "top_k"),
        ({"question": "x" * 5000}, "limit"),
        ({"question": "Siapa?", "history": [{"role": "system", "content": "x"}]}, "role"),
        ({"question": 42}, "question"),
    ],
)
def test_bad_requests_get_a_readable_422(client, payload, needle):
    r = client.post("/answer", json=payload)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] in {"invalid_request", "invalid_input"}
    assert needle in error["message"]
    assert "Traceback" not in r.text


def test_malformed_json_is_422_not_500(client):
    r = client.post("/answer", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert "error" in r.json()


def test_unknown_route_has_the_error_shape(client):
    r = client.get("/nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
