"""Upload and file names: long ones in any script go in, distinct ones stay distinct, an update says so."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from api.app import create_app
from rag import build_pipeline
from tests.conftest import SEEDS, make_settings
from tests.server import local_client

CJK = "停火谈判" * 30  # 120 characters, 360 bytes of UTF-8: more than a file name may have


def story(n: int) -> bytes:
    return (f"Laporan {n}\n\nDelegasi ke-{n} bertemu di Jenewa pada hari Senin untuk membahas "
            f"pertukaran tahanan nomor {n}.\n").encode()


@pytest.fixture
def client(embedder, tmp_path):
    with local_client(create_app(pipeline=build_pipeline(make_settings(tmp_path / "data"), embedder=embedder))) as c:
        yield c


def post(client, name: str, raw: bytes):
    return client.post("/documents", files={"file": (name, raw, "text/plain")})


def test_a_long_non_ascii_name_is_indexed_under_a_bounded_id(client):
    r = post(client, CJK + ".txt", story(1))
    assert r.status_code == 201, r.text
    doc_id = r.json()["id"]
    assert doc_id.endswith(".txt") and len(doc_id.encode()) <= 200 and doc_id.startswith("停火谈判")
    assert client.get(f"/documents/{doc_id}").status_code == 200
    assert post(client, CJK + "-b.txt", story(2)).json()["id"] != doc_id  # cut to the same length, still distinct


@pytest.mark.parametrize(("first", "second"), [("laporan?.txt", "laporan*.txt"), ("😀.txt", "🎉.txt"),
                                               ("a b.txt", "a_b.txt")])
def test_names_that_sanitise_alike_stay_apart(client, first, second):
    one, two = post(client, first, story(1)), post(client, second, story(2))
    assert one.status_code == two.status_code == 201
    assert one.json()["id"] != two.json()["id"] and one.json()["status"] == two.json()["status"] == "created"
    ids = {d["id"] for d in client.get("/documents").json()}
    assert {one.json()["id"], two.json()["id"]} <= ids


def test_the_same_name_with_new_text_is_an_update(client):
    assert post(client, "laporan.txt", story(1)).json()["status"] == "created"
    r = post(client, "laporan.txt", story(2))
    assert r.status_code == 200 and r.json()["status"] == "updated" and r.json()["created"] is False
    same = post(client, "laporan.txt", story(2))
    assert same.status_code == 200 and same.json()["status"] == "unchanged"
    assert len(client.get("/documents").json()) == 1


def test_rag_ingest_reports_a_bad_file_and_indexes_the_rest(embedder, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    long_name = "停火谈判" * 20 + ".txt"  # 244 bytes: a legal file name whose archived name used to be too long
    (folder / long_name).write_bytes(story(1))
    (folder / "empty.txt").write_bytes(b"")
    for n in range(2, 5):
        (folder / f"berita-{n}.txt").write_bytes(story(n))
    env = {**os.environ, "RAG_DATA_DIR": str(tmp_path / "data"), "RAG_SEEDS_DIR": str(SEEDS)}
    done = subprocess.run([sys.executable, "-m", "rag.cli", "ingest", str(folder)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "added 4" in done.stdout and "failed 1" in done.stdout
    assert "empty.txt" in done.stderr and "Traceback" not in done.stderr
    pipeline = build_pipeline(make_settings(tmp_path / "data"), embedder=embedder)
    assert len(pipeline.documents()) == 4
