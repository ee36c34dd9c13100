"""kill -9 a real `rag ingest` at several points: the next start repairs, and re-running completes the job."""

import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from rag import build_pipeline
from rag.store import READY
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
    """The seeds three times over, under different names: 15 documents."""
    folder = tmp_path_factory.mktemp("corpus")
    for copy in range(3):
        for path in SEEDS.glob("*.txt"):
            shutil.copy(path, folder / f"{copy}-{path.name}")
    return folder


@pytest.fixture(scope="module")
def reference(embedder, corpus, tmp_path_factory):
    clean = build_pipeline(make_settings(tmp_path_factory.mktemp("clean")), embedder=embedder)
    clean.ingest([corpus])
    return [clean.answer(q) for q in QUESTIONS]


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
    assert {c.id for c in pipeline.keyword._state[1]} == set(ids), "keyword index and Chroma disagree"


@pytest.mark.parametrize("kept", [0, 1, 6, 12])
def test_kill_during_ingest_then_repair(embedder, corpus, reference, tmp_path, kept):
    data_dir = tmp_path / "data"
    kill_ingest_after(data_dir, corpus, kept)
    repaired = build_pipeline(make_settings(data_dir), embedder=embedder)
    assert_consistent(repaired)
    repaired.ingest([corpus])
    assert_consistent(repaired)
    assert len(repaired.documents()) == 15
    assert [repaired.answer(q) for q in QUESTIONS] == reference
