"""Who may write: keys when configured, else loopback only."""

import os
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from rag import build_pipeline
from tests.conftest import make_settings
from tests.server import free_port
from tests.server import local_client

DOC = {"id": "catatan.txt", "text": "Catatan singkat tentang perundingan damai yang berlanjut di Jenewa."}


def client_for(embedder, tmp_path, **settings):
    pipeline = build_pipeline(make_settings(tmp_path / "data", index_seeds_if_empty=False, **settings), embedder=embedder)
    return local_client(create_app(pipeline=pipeline))


def test_keys_required_when_configured(embedder, tmp_path):
    with client_for(embedder, tmp_path, api_keys="s3cret,other") as c:
        r = c.post("/documents", json=DOC)
        assert r.status_code == 401 and "API key" in r.json()["error"]["message"]
        r = c.post("/documents", json=DOC, headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 401 and "not valid" in r.json()["error"]["message"]
        assert c.post("/documents", json=DOC, headers={"Authorization": "Bearer other"}).status_code == 201
        assert c.delete("/documents/catatan.txt").status_code == 401
        assert c.delete("/documents/catatan.txt", headers={"Authorization": "Bearer s3cret"}).status_code == 204
        # Reads stay open.
        assert c.get("/documents").status_code == 200
        assert c.post("/answer", json={"question": "Apa kabar perundingan?"}).status_code == 200


def test_writes_closed_without_keys_off_loopback(embedder, tmp_path):
    with client_for(embedder, tmp_path, host="0.0.0.0") as c:
        r = c.post("/documents", json=DOC)
        assert r.status_code == 403 and "RAG_API_KEYS" in r.json()["error"]["message"]
        assert c.get("/documents").status_code == 200


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_writes_open_on_loopback_without_keys(embedder, tmp_path, host):
    with client_for(embedder, tmp_path, host=host) as c:
        assert c.post("/documents", json=DOC).status_code == 201


def test_keys_never_reach_the_settings_repr():
    assert "s3cret" not in repr(make_settings(__import__("pathlib").Path("x"), api_keys="s3cret"))


@pytest.mark.e2e
def test_rag_serve_on_all_interfaces_closes_writes(tmp_path):
    """`rag serve --host 0.0.0.0` with no keys: the running app must know it is not on loopback."""
    port = free_port()
    env = {**os.environ, "RAG_DATA_DIR": str(tmp_path / "data"), "RAG_INDEX_SEEDS_IF_EMPTY": "false",
           "RAG_API_KEYS": ""}
    env.pop("RAG_HOST", None)
    proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "serve", "--host", "0.0.0.0", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert proc.poll() is None and time.monotonic() < deadline, "rag serve did not come up"
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        r = httpx.post(f"{base}/documents", json=DOC, timeout=30)
        assert r.status_code == 403 and "RAG_API_KEYS" in r.json()["error"]["message"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
