"""Request ids, structured access logs and a whole-request timeout, as plain ASGI middleware
(so streamed responses pass through untouched)."""

from __future__ import annotations

import json
import logging
import time
import uuid
from contextvars import ContextVar

import anyio
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.responses import send_error

request_id: ContextVar[str] = ContextVar("request_id", default="-")
log = logging.getLogger("api.access")

_SAFE_ID = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


class RequestContext:
    """Gives every request an id (kept from a sane `X-Request-ID`, else new), echoes it in the
    response, and logs one line per request with status and latency."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = given if 0 < len(given) <= 64 and set(given) <= _SAFE_ID else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            log.info("request", extra={"method": scope["method"], "path": scope["path"], "status": status,
                                       "ms": round((time.perf_counter() - started) * 1000, 1)})
            request_id.reset(token)


class Timeout:
    """Answers 504 when a request has not begun its response within `seconds`.

    Only the wait for the response to start is bounded: a stream that has begun (an answer
    streaming token by token, the chat page's event stream) runs to its end."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = anyio.Event()

        async def track(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.set()
            await send(message)

        async with anyio.create_task_group() as tasks:

            async def run_app() -> None:
                await self.app(scope, receive, track)
                started.set()  # finished without a response: nothing left to time

            tasks.start_soon(run_app)
            with anyio.move_on_after(self.seconds):
                await started.wait()
            timed_out = not started.is_set()
            if timed_out:
                tasks.cancel_scope.cancel()
        if timed_out:
            await send_error(send, 504, "timeout", f"no answer within {self.seconds:g} s")


class BodyLimit:
    """Refuses request bodies over a size before the app parses them: by `Content-Length` at once,
    and by counting a body sent without one. `limit_of(method, path)` gives the bound per route
    (uploads carry a document; every other body is a question or less)."""

    def __init__(self, app: ASGIApp, limit_of) -> None:
        self.app = app
        self.limit_of = limit_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_of(scope["method"], scope["path"])
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await send_error(send, 413, "too_large", f"the request body is {int(declared):,} bytes; the limit is {limit:,}")
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:  # raised inside the body read: the app's handlers turn it into the 413
                raise HTTPException(413, f"the request body is over the limit of {limit:,} bytes")
            return message

        await self.app(scope, counted, send)


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the request id and any `extra=` fields."""

    _BASE = frozenset(vars(logging.makeLogRecord({})))

    def format(self, record: logging.LogRecord) -> str:
        out = {"level": record.levelname, "logger": record.name, "msg": record.getMessage(),
               "request_id": getattr(record, "request_id", "-")}
        out.update({k: v for k, v in vars(record).items() if k not in self._BASE and k != "message"})
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str, ensure_ascii=False)


def stamp_request_ids() -> None:
    """Record the current request id on every log record when it is made (once per process),
    so handlers that format later, or in another thread, still see it."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "stamps_request_id", False):
        return

    def make(*args, **kwargs) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        record.request_id = request_id.get()
        return record

    make.stamps_request_id = True
    logging.setLogRecordFactory(make)


def configure_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "chromadb", "bm25s", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
