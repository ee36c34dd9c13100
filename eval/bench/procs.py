"""Processes the benchmark starts and measures: `chroma run` and `rag serve`, on loopback ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent
QUIET_ENV = {"HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_mb(pid: int) -> float | None:
    """Peak resident set size of a live process (VmHWM), in MiB; None where /proc cannot tell."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def chroma_server(path: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """A `chroma run` on a free loopback port until the block ends; yields (url, process)."""
    port = free_port()
    log = open(path.parent / f"chroma-{port}.log", "wb")
    proc = subprocess.Popen([str(BIN / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **QUIET_ENV})
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200, proc, 60, "chroma run")
        yield url, proc
    finally:
        _stop(proc)
        log.close()


def server_env(data_dir: Path, seeds: Path, chroma_url: str | None = None, collection: str | None = None) -> dict:
    """The environment of a `rag serve` over `data_dir`: extractive answers, no LLM, nothing from .env."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(QUIET_ENV, RAG_DATA_DIR=str(data_dir), RAG_SEEDS_DIR=str(seeds))
    if chroma_url:
        env["RAG_CHROMA_URL"] = chroma_url
    if collection:
        env["RAG_COLLECTION"] = collection
    return env


def rag(args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    """Run the `rag` command to completion (cwd away from the project, so no .env is read)."""
    return subprocess.run([str(BIN / "rag"), *args], env=env, cwd=cwd, capture_output=True, text=True, check=True)


class Served:
    """A running `rag serve`: its base URL, process, and how long it took to answer first."""

    def __init__(self, proc: subprocess.Popen, base: str, up_s: float, first_answer_s: float) -> None:
        self.proc, self.base, self.up_s, self.first_answer_s = proc, base, up_s, first_answer_s

    @property
    def peak_rss_mb(self) -> float | None:
        return peak_rss_mb(self.proc.pid)


@contextmanager
def rag_serve(env: dict, cwd: Path, question: str, timeout: float = 180) -> Iterator[Served]:
    """Start `rag serve` on a free port and wait for its first 200 from /answer.

    `up_s` is process start to the first 200 from /health; `first_answer_s` to the first answer."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(cwd / f"serve-{port}.log", "wb")
    started = time.perf_counter()
    proc = subprocess.Popen([str(BIN / "rag"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait(lambda: httpx.get(f"{base}/health", timeout=2).status_code == 200, proc, timeout, "rag serve")
        up = time.perf_counter() - started
        _wait(lambda: httpx.post(f"{base}/answer", json={"question": question}, timeout=30).status_code == 200,
              proc, timeout, "rag serve /answer")
        first_answer = time.perf_counter() - started
        # Measure the steady state: the chat page is built once after start (api/chat_page.py), and
        # that second of import work would otherwise land inside the first load measured.
        _wait(lambda: httpx.get(f"{base}/ui/", timeout=60).status_code == 200, proc, timeout, "rag serve /ui/")
        yield Served(proc, base, up, first_answer)
    finally:
        _stop(proc)
        log.close()


def _wait(ready, proc: subprocess.Popen, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with code {proc.returncode} before it was ready")
        try:
            if ready():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"{what} was not ready after {timeout:.0f} s")
