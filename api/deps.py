"""Dependencies: the pipeline built once in the lifespan, write access, and the answer slots."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from rag import AnswerRequest, Busy, Pipeline, check_write_access


def get_pipeline(request: Request) -> Pipeline:
    return request.app.state.pipeline


PipelineDep = Annotated[Pipeline, Depends(get_pipeline)]

_bearer = HTTPBearer(auto_error=False, description="Needed for writes when RAG_API_KEYS is set.")


def writer(pipeline: PipelineDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    """Refuse a write unless the caller may make it (see rag.access)."""
    check_write_access(pipeline.settings, credentials.credentials if credentials else None)


WriteAccess = Depends(writer)


class AnswerSlots:
    """Caps how many answers are computed at once; a request waits briefly for a slot, then gets 503."""

    def __init__(self, size: int, wait_s: float) -> None:
        self._slots = threading.BoundedSemaphore(size)
        self._wait = wait_s

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Block (in a worker thread) until a slot is free, or raise `Busy` after the wait."""
        if not self._slots.acquire(timeout=self._wait):
            raise Busy("the server is busy answering other questions; retry shortly", retry_after=1)
        try:
            yield
        finally:
            self._slots.release()


def get_slots(request: Request) -> AnswerSlots:
    return request.app.state.slots


SlotsDep = Annotated[AnswerSlots, Depends(get_slots)]


def validated(body: AnswerRequest, pipeline: PipelineDep) -> AnswerRequest:
    """Check the request against the limits before any work (and before a stream starts)."""
    pipeline.validate(body.question, body.history, body.top_k)
    return body


Validated = Annotated[AnswerRequest, Depends(validated)]


def answer_slot(_: Validated, slots: SlotsDep) -> Iterator[None]:
    """Hold one answer slot for the whole request, once it is valid. Taken before anything is sent,
    so a busy server answers 503 even to a stream; given back when the response has ended."""
    with slots.hold():
        yield


AnswerSlot = Depends(answer_slot, scope="request")

