"""Server-Sent Events over a real uvicorn."""

import json

import httpx
import pytest

pytestmark = pytest.mark.e2e


def events(response: httpx.Response) -> list[tuple[str, object]]:
    out, name = [], None
    for line in response.iter_lines():
        if line.startswith("event:"):
            name = line.split(":", 1)[1].strip()
        elif line.startswith("data:"):
            out.append((name, json.loads(line.split(":", 1)[1])))
    return out


def test_stream_matches_answer(live_server):
    body = {"question": "Siapa yang mendampingi Marco Rubio dalam delegasi AS di Riyadh?"}
    with httpx.stream("POST", f"{live_server}/answer/stream", json=body, timeout=30) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        got = events(r)
    kinds = [k for k, _ in got]
    # The one order of both answer modes (rag.models.StreamEvent): deltas, citations, done.
    assert kinds == sorted(kinds, key=["delta", "citation", "done"].index) and kinds.count("done") == 1
    assert "delta" in kinds and "citation" in kinds
    done = got[-1][1]
    assert done == httpx.post(f"{live_server}/answer", json=body, timeout=30).json()
    assert "".join(d for k, d in got if k == "delta") == done["answer"]
    assert [d for k, d in got if k == "citation"] == done["citations"]


def test_stream_validates_before_streaming(live_server):
    r = httpx.post(f"{live_server}/answer/stream", json={"question": ""}, timeout=30)
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


def test_client_disconnect_leaves_the_server_healthy(live_server):
    body = {"question": "Who met in Miami to discuss the war?"}
    for _ in range(5):
        with httpx.stream("POST", f"{live_server}/answer/stream", json=body, timeout=30) as r:
            next(r.iter_lines())  # read one line, then hang up
    assert httpx.get(f"{live_server}/health", timeout=5).status_code == 200
    assert httpx.post(f"{live_server}/answer", json=body, timeout=30).status_code == 200
