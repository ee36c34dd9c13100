"""No server file comes back through the chat page's endpoints, on a real uvicorn.

The page is mounted into the API app, so each Gradio route is public. A file reference
(`{"path": …, "meta": {"_type": "gradio.FileData"}}`) in any input of any event used to be copied
into Gradio's cache and served; the canary below is a file outside the project that no request may
ever read back, whichever route, event or input position it is named in.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import httpx
import pytest
from gradio import utils as gradio_utils

from api.guard import carries_file

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def canary(tmp_path_factory) -> tuple[Path, str]:
    secret = f"CANARY-{secrets.token_hex(12)}"
    path = tmp_path_factory.mktemp("outside") / "secret.txt"
    path.write_text(f"RAG_API_KEYS={secret}\n", encoding="utf-8")
    return path, secret


def file_ref(path: Path) -> dict:
    return {"path": str(path), "url": None, "orig_name": path.name, "meta": {"_type": "gradio.FileData"}}


def chat_message_with(path: Path) -> list:
    """The attack as it was found: a chat history whose message has a file part."""
    return [{"role": "user", "content": [{"type": "file", "file": file_ref(path)}]}]


def page_config(base: str) -> dict:
    return httpx.get(f"{base}/ui/config", timeout=30).json()


def test_file_references_are_refused_by_every_event(live_server, canary):
    path, secret = canary
    dependencies = page_config(live_server)["dependencies"]
    assert dependencies, "the page config lists its events"
    payloads = [str(path), file_ref(path), chat_message_with(path), {"nested": [file_ref(path)]}]
    with httpx.Client(base_url=live_server, timeout=30) as http:
        for fn_index, dep in enumerate(dependencies):
            width = max(1, len(dep.get("inputs", [])))
            for position in range(width):
                for payload in payloads[1:]:
                    data = ["x"] * width
                    data[position] = payload
                    body = {"data": data, "fn_index": fn_index, "session_hash": "attacker", "trigger_id": None}
                    r = http.post("/ui/gradio_api/queue/join", json=body)
                    assert r.status_code == 422 and secret not in r.text, (fn_index, position)
        for name in ("chat", "source", "timeline", "documents"):
            r = http.post(f"/ui/gradio_api/call/{name}", json={"data": ["q", chat_message_with(path), 5]})
            assert r.status_code == 422 and "text only" in r.json()["error"]["message"]
    # Nothing was copied where Gradio serves files from.
    cache = Path(gradio_utils.get_upload_folder())
    copied = [p for p in cache.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()] if cache.exists() else []
    assert copied == []


def test_file_upload_and_proxy_routes_are_gone(live_server, canary):
    path, secret = canary
    with httpx.Client(base_url=live_server, timeout=30) as http:
        for url in (f"/ui/gradio_api/file={path}", "/ui/gradio_api/file=/etc/passwd", "/ui/gradio_api/file/etc/passwd",
                    "/ui/gradio_api/proxy=http://127.0.0.1:1/", f"/ui/file={path}"):
            r = http.get(url)
            assert r.status_code == 404 and secret not in r.text and "root:" not in r.text, url
        upload = http.post("/ui/gradio_api/upload", files={"files": ("a.txt", b"hello")})
        assert upload.status_code == 404
        assert http.post("/ui/gradio_api/component_server", json={}).status_code == 404


def test_the_page_still_loads_its_own_routes(live_server):
    with httpx.Client(base_url=live_server, timeout=30) as http:
        assert http.get("/ui/").status_code == 200
        assert http.get("/ui/gradio_api/info").status_code == 200
        config = http.get("/ui/config")
        assert config.status_code == 200
    # What the page tells anyone: no local file path, no setting value.
    text = config.text + json.dumps(httpx.get(f"{live_server}/ui/gradio_api/info", timeout=30).json())
    assert str(Path.cwd()) not in text and "/tmp/" not in text


def test_oversized_page_bodies_are_refused(live_server):
    r = httpx.post(f"{live_server}/ui/gradio_api/queue/join", content=b"[" + b"1," * 200_000 + b"1]",
                   headers={"content-type": "application/json"}, timeout=30)
    assert r.status_code == 413


@pytest.mark.parametrize(("body", "found"), [
    ({"data": ["a question", 5]}, False),
    ({"data": [{"text": "path"}]}, False),
    ({"data": [[{"role": "user", "content": [{"type": "file", "file": {"path": "/etc/passwd"}}]}]]}, True),
    ([{"deep": [{"deeper": {"path": "x"}}]}], True),
])
def test_carries_file(body, found):
    assert carries_file(body) is found
