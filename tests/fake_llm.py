"""A scripted OpenAI-compatible chat server on loopback: the one fake, at the edge of the world.

It speaks `POST /v1/chat/completions`, whole or streamed (Server-Sent Events, as OpenAI and
llama.cpp do), records every request, and answers with whatever its `script` returns for
the request. `Prompt` parses our own answer prompt back (numbered, fenced sources and the
question), so scripts can write answers from the passages the pipeline really retrieved.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer



@dataclass
class Reply:
    """One scripted reply. `delay_s` before answering (a timeout when longer than the client waits);
    `status` other than 200 sends an OpenAI-style error; `raw` sends these bytes as the body instead."""

    text: str = ""
    delay_s: float = 0.0
    status: int = 200
    raw: bytes | None = None
    pieces: list[str] | None = None  # how a streamed reply is cut; default: word by word


_SOURCE = re.compile(r'<source id="(\d+)"[^>]*>\n(.*?)\n</source>', re.DOTALL)


@dataclass
class Prompt:
    """A chat request as the fake received it."""

    body: dict
    system: str = ""
    user: str = ""
    sources: dict[int, str] = field(default_factory=dict)  # marker -> fenced text, for answer prompts

    @classmethod
    def of(cls, body: dict) -> "Prompt":
        by_role = {m["role"]: m["content"] for m in body.get("messages", [])}
        user = by_role.get("user", "")
        return cls(body, by_role.get("system", ""), user, {int(n): t for n, t in _SOURCE.findall(user)})

    @property
    def kind(self) -> str:
        """"answer", "condense", "translate" or "other", by the system prompt's wording."""
        s = self.system.lower()
        return ("answer" if "numbered sources" in s else "condense" if "standalone" in s
                else "translate" if "translate" in s else "other")

    @property
    def question(self) -> str:
        m = re.search(r"(?:Question|Last question): (.*)\Z", self.user, re.DOTALL)
        return m.group(1).strip() if m else self.user

    def marker_of(self, needle: str) -> int:
        """The number of the first source containing `needle`; 0 (no such source) when none does."""
        return next((n for n, text in sorted(self.sources.items()) if needle in text), 0)

    def sentence_with(self, needle: str) -> str:
        """The sentence of the sources that contains `needle`, as the source writes it."""
        for text in self.sources.values():
            for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
                if needle in sentence:
                    return sentence.strip()
        raise LookupError(needle)


Script = Callable[[Prompt], Reply]


class FakeLLM:
    """Start with `running()`; set `script` to choose replies; read `requests` to see what was asked."""

    def __init__(self, script: Script | None = None) -> None:
        self.script: Script = script or (lambda prompt: Reply("NOT_FOUND"))
        self.requests: list[Prompt] = []
        self.base_url = ""
        self._stop = threading.Event()

    def prompts(self, kind: str) -> list[Prompt]:
        return [p for p in self.requests if p.kind == kind]

    @contextmanager
    def running(self) -> Iterator["FakeLLM"]:
        server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())  # the OS picks a free port
        server.daemon_threads = True  # a handler sleeping out a "timeout" must not hold up the end of a test
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        try:
            yield self
        finally:
            self._stop.set()
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                if self.path.rstrip("/") != "/v1/chat/completions":
                    return self._send(404, {"error": {"message": "not found"}})
                body = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)))
                prompt = Prompt.of(body)
                fake.requests.append(prompt)
                reply = fake.script(prompt)
                if reply.delay_s and fake._stop.wait(reply.delay_s):
                    return
                if reply.raw is not None:
                    return self._bytes(reply.status, reply.raw, "application/json")
                if reply.status != 200:
                    return self._send(reply.status, {"error": {"message": "scripted failure", "type": "server_error"}})
                if body.get("stream"):
                    return self._stream(body, reply)
                self._send(200, {
                    "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
                    "model": body.get("model", "fake"),
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": reply.text},
                                 "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                })

            def _stream(self, body: dict, reply: Reply) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("connection", "close")
                self.end_headers()
                pieces = reply.pieces if reply.pieces is not None else re.findall(r"\S+\s*", reply.text)
                for piece in [*pieces, None]:
                    chunk = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
                             "model": body.get("model", "fake"),
                             "choices": [{"index": 0, "delta": {"content": piece} if piece is not None else {},
                                          "finish_reason": None if piece is not None else "stop"}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _send(self, status: int, payload: dict) -> None:
                self._bytes(status, json.dumps(payload).encode(), "application/json")

            def _bytes(self, status: int, data: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("content-type", kind)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def llm_settings(data_dir, fake: FakeLLM, **overrides):
    """Settings for a pipeline that answers with `fake`: quick timeouts, no cool-down, no expansion
    unless a test asks (each LLM step is tested on its own)."""
    from tests.conftest import make_settings

    base = {"llm_base_url": fake.base_url, "llm_model": "fake-model", "llm_timeout_s": 1.0,
            "llm_cooldown_s": 0.0, "llm_expand": False}
    return make_settings(data_dir, **{**base, **overrides})
