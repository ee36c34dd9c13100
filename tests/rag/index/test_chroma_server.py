"""The store as a Chroma server (`chroma run`, RAG_CHROMA_URL): ingest and answer through it, and
several workers sharing it see each other's writes, in the keyword index too."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from fastapi.testclient import TestClient

from api.app import create_app
from rag import IndexError_, Pipeline, build_pipeline, get_settings
from tests.conftest import SEEDS, make_settings, source_text
from tests.server import free_port
from tests.server import local_client

pytestmark = pytest.mark.slow

RIYADH = "001_8692206af46fdf20.txt"
NEW_DOC = (
    "Delegasi Zorblatt Tiba di Jenewa\n\n"
    "Delegasi Zorblatt yang dipimpin oleh diplomat Quenvira tiba di Jenewa pada Senin untuk membahas "
    "pertukaran tahanan. Menurut Quenvira, pembicaraan akan berlangsung selama tiga hari.\n"
)


@contextmanager
def chroma_server(path: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """A real `chroma run` on a free loopback port: (its URL, its process)."""
    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    proc = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, "chroma run exited"
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "chroma run did not come up"
            time.sleep(0.1)
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory) -> Iterator[str]:
    """One server for this module."""
    with chroma_server(tmp_path_factory.mktemp("chroma-server")) as (url, _):
        yield url


@pytest.fixture
def seeds_subset(tmp_path) -> Path:
    """Two articles, enough to answer the Riyadh question at a fraction of the embedding time."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in (RIYADH, "000_5dbc1a91aa8e06a2.txt"):
        shutil.copy(SEEDS / name, folder / name)
    return folder


def worker(embedder, data_dir: Path, url: str, collection: str) -> Pipeline:
    return build_pipeline(make_settings(data_dir, chroma_url=url, collection=collection), embedder=embedder)


def test_settings_read_the_url_from_the_environment(monkeypatch, chroma_url):
    monkeypatch.setenv("RAG_CHROMA_URL", chroma_url)
    get_settings.cache_clear()
    try:
        assert get_settings().chroma_url == chroma_url
    finally:
        get_settings.cache_clear()


def test_ingest_and_answer_through_the_server(embedder, chroma_url, seeds_subset, tmp_path):
    pipe = worker(embedder, tmp_path / "w", chroma_url, "answer")
    report = pipe.ingest([seeds_subset])
    assert sorted(report.added) == sorted(p.name for p in seeds_subset.iterdir())
    assert pipe.store.count() == report.chunks_written > 0

    answer = pipe.answer("Siapa yang mendampingi Marco Rubio dalam delegasi AS di Riyadh?")
    assert not answer.abstained
    assert "Waltz" in answer.answer
    assert any(c.source == RIYADH for c in answer.citations)
    for c in answer.citations:
        assert source_text(c.source)[c.start : c.end] == c.text

    calls = embedder.calls
    again = pipe.ingest([seeds_subset])
    assert len(again.unchanged) == 2 and embedder.calls == calls  # re-ingest embeds nothing


def _keyword_sources(pipe: Pipeline, term: str) -> set[str]:
    pipe.run(f"Siapa {term}?")  # a query is what lets a worker notice another worker's write
    return {chunk.source for chunk, _ in pipe.upkeep.keyword.search(term, 5)}


def _eventually(check, timeout: float = 60.0) -> bool:
    """Poll `check` until it holds; generous, since the machine may be busy (no timing is asserted)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_workers_see_each_others_writes(embedder, chroma_url, seeds_subset, tmp_path):
    a = worker(embedder, tmp_path / "a", chroma_url, "shared")
    b = worker(embedder, tmp_path / "b", chroma_url, "shared")
    a.ingest([seeds_subset])
    assert b.store.count() == a.store.count()  # the dense side is the shared store itself
    assert _eventually(lambda: RIYADH in _keyword_sources(b, "Rubio"))

    info = a.add_document("zorblatt.txt", NEW_DOC.encode())
    assert info.created
    assert _eventually(lambda: "zorblatt.txt" in _keyword_sources(b, "Quenvira"))
    assert [d.id for d in b.documents()] == [d.id for d in a.documents()]

    a.delete_document("zorblatt.txt")
    assert _eventually(lambda: "zorblatt.txt" not in _keyword_sources(b, "Quenvira"))


def test_a_server_gone_away_is_a_503_with_a_reason(embedder, tmp_path):
    """Chroma stopped under a running service: requests get a 503 naming the cause, never a 500,
    and a service started while it is down says why it cannot start."""
    with chroma_server(tmp_path / "chroma") as (url, proc):
        pipe = worker(embedder, tmp_path / "data", url, "gone")
        proc.terminate()
        proc.wait(timeout=30)
        client = local_client(create_app(pipeline=pipe))
        for r in (client.post("/answer", json={"question": "Siapa Lavrov?"}), client.get("/documents")):
            assert r.status_code == 503 and r.json()["error"]["code"] == "index_error"
            assert "cannot be reached" in r.json()["error"]["message"] and int(r.headers["retry-after"]) > 0
        with pytest.raises(IndexError_, match="cannot be reached"):
            worker(embedder, tmp_path / "data", url, "gone")
        # `rag serve` says so in one line, before anything claims to serve.
        env = {**os.environ, "RAG_CHROMA_URL": url, "RAG_DATA_DIR": str(tmp_path / "data"), "RAG_PORT": str(free_port())}
        done = subprocess.run([sys.executable, "-m", "rag.cli", "serve"], env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 2 and "cannot be reached" in done.stderr
        assert "Serving on" not in done.stdout and "Traceback" not in done.stdout + done.stderr


def test_a_worker_whose_store_is_down_logs_one_line_not_a_traceback_a_second(caplog):
    from rag.index.follower import Follower

    def down():
        raise IndexError_("the Chroma server cannot be reached")

    follower = Follower(down, lambda: None, every_s=0.0)
    with caplog.at_level(logging.WARNING, logger="rag.index.follower"):
        for _ in range(5):
            follower._check_now()
    assert len(caplog.records) == 1 and not caplog.records[0].exc_info
