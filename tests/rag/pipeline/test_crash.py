"""kill -9 a real `rag ingest` at several points: the next start repairs, and re-running completes the job."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from rag import build_pipeline
from rag.index.store import READY
from tests.conftest import SEEDS, make_settings

pytestmark = pytest.mark.slow

QUESTIONS = [
    "Siapa yang mendampingi Marco Rubio dalam delegasi AS di Riyadh?",
    "Who met in Miami to discuss the war?",
    "Kapan Trump dan Putin berbicara lewat telepon?",
    "Stasiun penyiaran mana yang mencap golongan perlawanan sebagai teroris?",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds three times over, under different names: 15 documents. Each copy ends with its own
    line, so no two passages tie exactly: which of two equal passages a top-k cut keeps depends on
    the order the index holds them in, and a repaired index holds them in another order."""
    folder = tmp_path_factory.mktemp("corpus")
    for copy in range(3):
        for path in SEEDS.glob("*.txt"):
            text = path.read_text(encoding="utf-8").rstrip("\n")
            (folder / f"{copy}-{path.name}").write_text(f"{text}\n\nSalinan nomor {copy + 1} dari berkas ini.\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(embedder, corpus, tmp_path_factory):
    clean = build_pipeline(make_settings(tmp_path_factory.mktemp("clean")), embedder=embedder)
    clean.ingest([corpus])
    return contents(clean)


def contents(pipeline) -> tuple:
    """What an index holds: every chunk with its text and offsets, and the sentences inside each.
    Compared instead of answers: Chroma's HNSW search is approximate and its graph depends on the
    order chunks were inserted, so an index rebuilt in another order may rank a near tie otherwise."""
    chunks = sorted(pipeline.store.all_chunks(), key=lambda c: c.id)
    sentences = pipeline.store.sentences(chunks)
    return ([(c.id, c.text, c.start, c.end) for c in chunks],
            [sorted((span.start, span.end) for span, _ in inside) for inside in sentences])


def kill_ingest_after(data_dir: Path, corpus: Path, kept: int) -> None:
    """Start `rag ingest` and kill -9 it once `kept` originals are on disk (0: as soon as it runs)."""
    env = {**os.environ, "RAG_DATA_DIR": str(data_dir), "RAG_SEEDS_DIR": str(SEEDS)}
    proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "ingest", str(corpus)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    archive = data_dir / "documents"
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if kept == 0 and (data_dir / "chroma").exists():
            break
        if kept and archive.exists() and len(list(archive.glob("*.json"))) >= kept:
            break
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def assert_consistent(pipeline) -> None:
    docs = pipeline.store.documents(status=None)
    assert all(d.id and pipeline.store.document(d.id).status == READY for d in docs)
    chunks = pipeline.store.all_chunks()
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids)), "duplicate chunks"
    assert len(set((c.source, c.start, c.end) for c in chunks)) == len(chunks)
    per_doc = Counter(c.source for c in chunks)
    assert per_doc == Counter({d.id: d.chunks for d in docs}), "a document is half-indexed"
    assert {c.id for c in pipeline.upkeep.keyword._state[1]} == set(ids), "keyword index and Chroma disagree"


@pytest.mark.parametrize("kept", [0, 1, 6, 12])
def test_kill_during_ingest_then_repair(embedder, corpus, reference, tmp_path, kept):
    data_dir = tmp_path / "data"
    kill_ingest_after(data_dir, corpus, kept)
    repaired = build_pipeline(make_settings(data_dir), embedder=embedder)
    assert_consistent(repaired)
    repaired.ingest([corpus])
    assert_consistent(repaired)
    assert len(repaired.documents()) == 15
    assert contents(repaired) == reference
    for q in QUESTIONS:
        answer = repaired.answer(q)
        for c in answer.citations:
            assert repaired.document(c.source).text[c.start : c.end] == c.text


def _long_version(n: int) -> bytes:
    """A document whose writes take long enough to be interrupted in the middle."""
    lines = [f"Laporan Panjang Versi {n}", ""]
    lines += [f"Pada hari ke-{i} perundingan versi {n}, delegasi membahas butir nomor {i} dari rencana damai."
              for i in range(1, 80)]
    return "\n".join(lines).encode()


def _archive_state(data_dir: Path) -> tuple[set[str], list[str]]:
    """(versions named by the archive's records, every original file) under data/documents/."""
    import json

    docs = data_dir / "documents"
    named = {json.loads(p.read_bytes())["hash"][:16] for p in docs.glob("*.json") if not p.name.startswith(".tmp-")}
    return named, sorted(p.name for p in docs.glob("*.orig"))


@pytest.mark.parametrize("existing", [False, True], ids=["new", "update"])
def test_kill_during_an_upload_keeps_only_what_was_committed(embedder, tmp_path, existing):
    """kill -9 `rag serve` once the upload's original is staged: after the restart the archive holds
    exactly what the index committed, and an interrupted update leaves the old version in place."""
    import httpx

    from tests.server import free_port

    data_dir = tmp_path / "data"
    port = free_port()
    env = {**os.environ, "RAG_DATA_DIR": str(data_dir), "RAG_SEEDS_DIR": str(SEEDS), "RAG_PORT": str(port),
           "RAG_INDEX_SEEDS_IF_EMPTY": "false"}
    proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "serve"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            assert proc.poll() is None, "rag serve exited"
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        if existing:
            assert httpx.post(f"{base}/documents", files={"file": ("laporan.txt", _long_version(1))},
                              timeout=300).status_code == 201
        before = _archive_state(data_dir)
        import threading

        def upload_cut_by_the_kill():
            try:
                httpx.post(f"{base}/documents", files={"file": ("laporan.txt", _long_version(2))}, timeout=300)
            except httpx.HTTPError:  # the kill below ends the connection before any response
                pass

        threading.Thread(target=upload_cut_by_the_kill, daemon=True).start()
        deadline = time.monotonic() + 300
        while _archive_state(data_dir)[1] == before[1] and time.monotonic() < deadline:
            time.sleep(0.005)
        staged_while_running = proc.poll() is None
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    repaired = build_pipeline(make_settings(data_dir), embedder=embedder)
    indexed = {d.id: d.hash for d in repaired.documents()}
    named, files = _archive_state(data_dir)
    assert named == {h[:16] for h in indexed.values()}  # the archive follows the index's commit
    assert len(files) == len(indexed)  # no staged original left behind
    assert repaired.store.pending() == []
    if existing:
        assert "laporan.txt" in indexed  # an interrupted update never loses the acknowledged version
    exported = tmp_path / "export.tar.gz"
    assert repaired.export(exported) == len(indexed)
    assert staged_while_running  # the kill did land inside the write
