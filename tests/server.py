"""A real uvicorn on a free loopback port, in a background thread, for end-to-end tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient


def free_port() -> int:
    """A port that was free a moment ago, for a server in another process (which binds it itself).
    In-process servers get their socket already bound instead (`running`): no race."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bound_socket(port: int = 0) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    return sock


@contextmanager
def running(app: FastAPI, port: int | None = None) -> Iterator[str]:
    """Serve `app` until the block ends; yields the base URL."""
    sock = bound_socket(port or 0)  # bound here and handed over: no other process can take the port between
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on",
                                           timeout_graceful_shutdown=2))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        server.should_exit = True
        raise RuntimeError(f"uvicorn did not come up on {base}")
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def local_client(app: FastAPI, **kwargs) -> TestClient:
    """A TestClient that calls as a local client would: Host 127.0.0.1 (writes without a key need a
    loopback Host, see api/deps.py) and no Origin header."""
    return TestClient(app, base_url="http://127.0.0.1", **kwargs)
