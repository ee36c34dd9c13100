"""Structured logs carry request ids and stage latencies, and never a key."""

import json
import logging

from fastapi.testclient import TestClient

from api.app import create_app
from api.middleware import JsonFormatter
from rag import build_pipeline
from tests.conftest import SEEDS, make_settings
from tests.server import local_client


def test_logs_have_request_ids_and_no_secrets(embedder, tmp_path, caplog):
    settings = make_settings(tmp_path / "d", api_keys="s3cret-key", index_seeds_if_empty=False)
    pipeline = build_pipeline(settings, embedder=embedder)
    pipeline.ingest([SEEDS / "001_8692206af46fdf20.txt"])
    caplog.set_level(logging.INFO)
    with local_client(create_app(pipeline=pipeline)) as client:
        client.post("/answer", json={"question": "Siapa Lavrov?"}, headers={"X-Request-ID": "req-1"})
        client.post("/documents", json={"id": "a.txt", "text": "Teks singkat tentang perundingan."},
                    headers={"Authorization": "Bearer s3cret-key", "X-Request-ID": "req-2"})
        client.post("/documents", json={"id": "b.txt", "text": "Teks lain."},
                    headers={"Authorization": "Bearer wrong-guess"})
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    assert not any("s3cret-key" in json.dumps(line) or "wrong-guess" in json.dumps(line) for line in lines)
    access = [line for line in lines if line["logger"] == "api.access"]
    assert {"req-1", "req-2"} <= {line["request_id"] for line in access}
    assert all({"method", "path", "status", "ms"} <= set(line) for line in access)
    stages = [line for line in lines if line["msg"] == "answered"]
    assert stages and {"retrieve_ms", "answer_ms"} <= set(stages[0]) and stages[0]["request_id"] == "req-1"
    assert "s3cret-key" not in repr(settings)
