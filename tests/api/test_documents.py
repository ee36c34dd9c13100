"""Document management over HTTP, on a fresh index per test (TestClient) or a real uvicorn (restart)."""

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from rag import build_pipeline
from tests.conftest import SEEDS, make_settings
from tests.server import running
from tests.server import local_client

ARTICLE = (
    "Perundingan Damai Berlanjut di Jenewa\n\n"
    "Delegasi Rusia dan Ukraina bertemu di Jenewa pada Kamis (5/3/2026) untuk membahas pertukaran tawanan. "
    "Juru runding Finlandia, Aino Virtanen, memimpin pertemuan tersebut dan menyebut suasananya tenang.\n"
)
QUESTION = "Siapa juru runding yang memimpin pertemuan pertukaran tawanan di Jenewa?"


@pytest.fixture
def client(embedder, tmp_path):
    pipeline = build_pipeline(make_settings(tmp_path / "data"), embedder=embedder)
    pipeline.ingest([SEEDS])
    with local_client(create_app(pipeline=pipeline)) as c:
        yield c


def test_list_and_get(client):
    docs = client.get("/documents").json()
    assert {d["id"] for d in docs} == {p.name for p in SEEDS.glob("*.txt")}
    assert all(set(d) >= {"id", "title", "outlet", "date", "chunks", "hash"} for d in docs)
    one = client.get("/documents/001_8692206af46fdf20.txt").json()
    original = (SEEDS / "001_8692206af46fdf20.txt").read_text(encoding="utf-8")
    assert one["text"] == original
    assert "Cek Artikel" not in one["cleaned_text"] and "Mike Waltz" in one["cleaned_text"]
    assert all(original[a:b] in one["cleaned_text"] for a, b in one["story"])


def test_missing_document_is_404(client):
    r = client.get("/documents/nope.txt")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert client.delete("/documents/nope.txt").status_code == 404


def test_upload_answer_delete_abstain(client):
    before = client.post("/answer", json={"question": QUESTION}).json()
    assert before["abstained"] or "Virtanen" not in before["answer"]

    r = client.post("/documents", files={"file": ("jenewa.txt", ARTICLE.encode(), "text/plain")})
    assert r.status_code == 201, r.text
    assert r.json()["id"] == "jenewa.txt" and r.json()["chunks"] >= 1 and r.json()["created"] is True

    answer = client.post("/answer", json={"question": QUESTION}).json()
    assert not answer["abstained"] and "Virtanen" in answer["answer"]
    cited = [c for c in answer["citations"] if c["source"] == "jenewa.txt"]
    assert cited and all(ARTICLE[c["start"] : c["end"]] == c["text"] for c in cited)

    assert client.delete("/documents/jenewa.txt").status_code == 204
    after = client.post("/answer", json={"question": QUESTION}).json()
    assert after["abstained"] or "Virtanen" not in after["answer"]
    assert "jenewa.txt" not in {d["id"] for d in client.get("/documents").json()}


def test_upload_is_idempotent_by_content(client):
    first = client.post("/documents", json={"text": ARTICLE})
    assert first.status_code == 201
    again = client.post("/documents", json={"text": ARTICLE})
    assert again.status_code == 200 and again.json()["created"] is False
    assert again.json()["id"] == first.json()["id"]
    renamed = client.post("/documents", files={"file": ("other-name.txt", ARTICLE.encode(), "text/plain")})
    assert renamed.status_code == 200 and renamed.json()["id"] == first.json()["id"]


@pytest.mark.parametrize(
    ("files", "status", "needle"),
    [
        ({"file": ("kosong.txt", b"", "text/plain")}, 422, "empty"),
        ({"file": ("gambar.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "text/plain")}, 422, "binary"),
        ({"file": ("skrip.exe", b"MZ hello", "application/octet-stream")}, 422, ".txt"),
        ({"file": ("acak.txt", bytes(range(128, 256)) * 4, "text/plain")}, 422, "UTF-8"),
        ({"file": ("besar.txt", b"a" * 2_100_000, "text/plain")}, 413, "limit"),
    ],
)
def test_bad_uploads(client, files, status, needle):
    r = client.post("/documents", files=files)
    assert r.status_code == status, r.text
    assert needle in r.json()["error"]["message"]


def test_path_traversal_in_a_file_name_is_neutralised(client):
    r = client.post("/documents", files={"file": ("../../etc/pass\u202ewd.txt", ARTICLE.encode(), "text/plain")})
    assert r.status_code == 201
    doc_id = r.json()["id"]
    assert "/" not in doc_id and ".." not in doc_id and "\u202e" not in doc_id


def test_bad_json_document(client):
    r = client.post("/documents", json={"text": ""})
    assert r.status_code == 422 and "text" in r.json()["error"]["message"]
    r = client.post("/documents", content=b"plain", headers={"content-type": "text/plain"})
    assert r.status_code == 422


def test_state_survives_a_restart(embedder, tmp_path):
    settings = make_settings(tmp_path / "data")
    with running(create_app(pipeline=build_pipeline(settings, embedder=embedder))) as base:
        import httpx

        assert httpx.post(f"{base}/documents", json={"id": "jenewa.txt", "text": ARTICLE}).status_code == 201
    # A new process would build everything anew from disk: so do we.
    restarted = build_pipeline(settings, embedder=embedder)
    with running(create_app(pipeline=restarted)) as base:
        import httpx

        assert [d["id"] for d in httpx.get(f"{base}/documents").json()] == ["jenewa.txt"]
        answer = httpx.post(f"{base}/answer", json={"question": QUESTION}).json()
        assert "Virtanen" in answer["answer"]
        assert len(restarted.upkeep.keyword) == restarted.store.count()
