"""Dependencies: the pipeline built once in the lifespan, write access, and the answer slots."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated
from urllib.parse import urlsplit

import anyio
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from rag import AnswerRequest, Busy, Forbidden, Pipeline, Settings, check_write_access, is_loopback


def get_pipeline(request: Request) -> Pipeline:
    return request.app.state.pipeline


PipelineDep = Annotated[Pipeline, Depends(get_pipeline)]

_bearer = HTTPBearer(auto_error=False, description="Needed for writes when RAG_API_KEYS is set.")


def check_origin(request: Request, settings: Settings) -> None:
    """Refuse a write another web site makes through a visitor's browser.

    Browsers name the page that sent a request (`Origin`, `Sec-Fetch-Site`); a form or a `no-cors`
    fetch from another origin reaches us with either. Only our own origin and the configured
    `RAG_CORS_ORIGINS` may write; a client that is not a browser sends neither header. Without keys
    on a loopback server, the `Host` must be a loopback name too, or a DNS-rebinding page would
    pass for our own origin."""
    host = request.headers.get("host", "")
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{host}" and origin not in settings.origins:
        raise Forbidden(f"cross-site write refused: origin {origin!r} is not this server and not in RAG_CORS_ORIGINS")
    if origin is None and request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        raise Forbidden("cross-site write refused: the request comes from another site's page")
    if not settings.keys and not is_loopback(urlsplit(f"//{host}").hostname or ""):
        raise Forbidden(f"writes without an API key need a loopback Host, got {host!r}")


def writer(
    request: Request, pipeline: PipelineDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Refuse a write unless the caller may make it (see rag.access) and it is not cross-site."""
    check_write_access(pipeline.settings, credentials.credentials if credentials else None)
    check_origin(request, pipeline.settings)


WriteAccess = Depends(writer)


class AnswerSlots:
    """Caps how many answers are computed at once; a request waits briefly for a slot, then gets 503.

    The wait is on the event loop, not in a worker thread: however many requests queue, the thread
    pool only ever runs the answers that hold a slot, so health checks and other routes stay fast
    and the 503 comes when the wait is over. Waiters are served in the order they came (anyio's
    semaphore is first in, first out)."""

    def __init__(self, size: int, wait_s: float) -> None:
        self._slots = anyio.Semaphore(size)
        self._wait = wait_s

    async def acquire(self) -> None:
        """Wait for a free slot, or raise `Busy` after the configured wait."""
        try:
            self._slots.acquire_nowait()  # a free slot is taken even when no wait is allowed
            return
        except anyio.WouldBlock:
            pass
        try:
            with anyio.fail_after(self._wait):
                await self._slots.acquire()
        except TimeoutError:
            raise Busy("the server is busy answering other questions; retry shortly", retry_after=1) from None

    def release(self) -> None:
        self._slots.release()


def get_slots(request: Request) -> AnswerSlots:
    return request.app.state.slots


SlotsDep = Annotated[AnswerSlots, Depends(get_slots)]


def validated(body: AnswerRequest, pipeline: PipelineDep) -> AnswerRequest:
    """Check the request against the limits before any work (and before a stream starts)."""
    pipeline.validate(body.question, body.history, body.top_k)
    return body


Validated = Annotated[AnswerRequest, Depends(validated)]


async def answer_slot(_: Validated, slots: SlotsDep) -> AsyncIterator[None]:
    """Hold one answer slot for the whole request, once it is valid. Taken before anything is sent,
    so a busy server answers 503 even to a stream; given back when the response has ended."""
    await slots.acquire()
    try:
        yield
    finally:
        slots.release()


AnswerSlot = Depends(answer_slot, scope="request")

