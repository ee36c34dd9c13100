"""Two `rag serve` workers on one `chroma run`: uploads of one id at once never leave a mixed document.

A document version becomes visible whole or not at all, across workers: after every race the
record, every chunk and every sentence of the id are one version, no write is left pending, and
both workers quote the same passage of it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import chromadb
import httpx
import pytest
from chromadb.config import Settings as ChromaSettings

from tests.conftest import SEEDS
from tests.rag.index.test_chroma_server import chroma_server
from tests.server import free_port

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

TRIES = 25
DOC = "perundingan.txt"
CITIES = ("Jenewa", "Wina", "Oslo", "Helsinki")
QUESTION = "Di kota mana delegasi Zorblatt bertemu dengan utusan Quenvira?"


def version(n: int) -> bytes:
    city = CITIES[n % len(CITIES)]
    return (f"Perundingan Zorblatt Putaran {n}\n\nDelegasi Zorblatt bertemu dengan utusan Quenvira di {city} "
            f"pada putaran ke-{n}. Pertemuan itu membahas pertukaran {n + 10} tahanan. "
            f"Kedua pihak sepakat bertemu lagi bulan depan di {city}.\n").encode()


@contextmanager
def rag_worker(data_dir: Path, chroma_url: str):
    port = free_port()
    env = {**os.environ, "RAG_DATA_DIR": str(data_dir), "RAG_CHROMA_URL": chroma_url, "RAG_SEEDS_DIR": str(SEEDS),
           "RAG_INDEX_SEEDS_IF_EMPTY": "false", "RAG_PORT": str(port), "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "serve"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, "rag serve exited"
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "rag serve did not come up"
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def stored_versions(url: str) -> tuple[set, set, set, list]:
    """(record's version, chunk versions, sentence versions, pending ids) of DOC, read from Chroma itself."""
    host, port = url.rsplit(":", 1)
    client = chromadb.HttpClient(host=host.split("//")[1], port=int(port),
                                 settings=ChromaSettings(anonymized_telemetry=False))
    get = lambda name, **kw: client.get_collection(f"articles-{name}", embedding_function=None).get(**kw)  # noqa: E731
    record = get("documents", ids=[DOC], include=["metadatas"])["metadatas"]
    chunks = get("chunks", where={"source": DOC}, include=["metadatas"])["metadatas"]
    sentences = get("sentences", where={"source": DOC}, include=["metadatas"])["metadatas"]
    return ({m["hash"] for m in record}, {m["hash"] for m in chunks}, {m["hash"] for m in sentences},
            get("pending", include=[])["ids"])


def answer_of(base: str) -> tuple[str, str]:
    body = httpx.post(f"{base}/answer", json={"question": QUESTION}, timeout=60).json()
    return body["answer"], body["citations"][0]["source"] if body["citations"] else ""


def test_same_id_uploads_through_two_workers_never_mix_versions(tmp_path):
    data_dir = tmp_path / "data"  # shared by both workers, as the README asks
    with ExitStack() as stack:
        url, _ = stack.enter_context(chroma_server(tmp_path / "chroma"))
        a = stack.enter_context(rag_worker(data_dir, url))
        b = stack.enter_context(rag_worker(data_dir, url))
        pool = stack.enter_context(ThreadPoolExecutor(2))
        for n in range(TRIES):
            ups = [pool.submit(httpx.post, f"{base}/documents", files={"file": (DOC, version(2 * n + i))}, timeout=120)
                   for i, base in enumerate((a, b))]
            assert all(u.result().status_code in (200, 201) for u in ups)
            record, chunks, sentences, pending = stored_versions(url)
            assert len(record) == 1 and chunks == record and sentences == record and pending == [], n
        # Both workers answer from the same version once each has followed the store.
        deadline = time.monotonic() + 60
        while (answers := {answer_of(a), answer_of(b)}) and len(answers) > 1 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert len(answers) == 1 and next(iter(answers))[1] == DOC
        archived = httpx.get(f"{a}/documents/{DOC}").json()
        assert archived["hash"] in record
