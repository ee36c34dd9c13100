"""The routes: each parses input, calls the pipeline and returns a rag model."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api.deps import AnswerSlot, PipelineDep, Validated, WriteAccess
from api.errors import ERRORS
from rag import Answer, DocumentDetail, DocumentInfo, DocumentWritten, InvalidInput, Person, TimelineEvent, TooLarge

router = APIRouter()

_ANSWER_EXAMPLE = {
    "answer": "Di pihak AS, Menteri Luar Negeri Marco Rubio memimpin delegasi, didampingi oleh Penasihat "
    "Keamanan Nasional Mike Waltz dan Steve Witkoff, utusan Spesifik Buat Timur Tengah [1].",
    "abstained": False,
    "citations": [{"marker": 1, "source": "001_8692206af46fdf20.txt",
                   "title": "AS-Rusia Sepakati Mekanisme Konsultasi Buat Redakan Ketegangan", "outlet": None,
                   "date": "2025-02-18", "text": "Di pihak AS, Menteri Luar Negeri Marco Rubio memimpin delegasi, …",
                   "start": 2195, "end": 2374, "score": 0.97}],
    "language": "id",
}
_MULTIPART_OVERHEAD = 64_000  # framing and JSON escaping on top of the document itself


class Health(BaseModel):
    status: str = "ok"


class Ready(BaseModel):
    ready: bool
    documents: int
    chunks: int
    embedder: str
    answerer: str


class TextDocument(BaseModel):
    text: str = Field(min_length=1, description="The article, as plain text.")
    id: str | None = Field(default=None, description="File name to use as id (.txt/.md); default: from the content hash.")


# Both async and free of I/O: they run on the event loop, never wait for the worker threads that
# answers keep busy, and stay fast under any load.
@router.get("/health", summary="Liveness: the process answers.", tags=["operations"])
async def health() -> Health:
    return Health()


@router.get("/ready", summary="Readiness: the index is loaded; what it holds and which embedder built it.",
            tags=["operations"])
async def ready(pipeline: PipelineDep) -> Ready:
    documents, chunks = pipeline.size()
    return Ready(ready=True, documents=documents, chunks=chunks, embedder=pipeline.embedder.id,
                 answerer=pipeline.answerer_name)


@router.post("/answer", summary="Answer a question with cited passages, or abstain.", tags=["answers"],
             responses={200: {"content": {"application/json": {"example": _ANSWER_EXAMPLE}}}, **ERRORS},
             dependencies=[AnswerSlot])
def answer(body: Validated, pipeline: PipelineDep) -> Answer:
    return pipeline.answer(body.question, body.history, body.top_k)


@router.post("/answer/stream", response_class=EventSourceResponse, tags=["answers"], responses=ERRORS,
             summary="Stream an answer as Server-Sent Events: (`draft` with an LLM), `delta`…, `citation`…, then `done` with the Answer.",
             dependencies=[AnswerSlot])
def answer_stream(body: Validated, pipeline: PipelineDep) -> Iterator[ServerSentEvent]:
    # Pulled one event at a time: once the client has gone, no further event is computed.
    for event in pipeline.stream(body.question, body.history, body.top_k):
        yield ServerSentEvent(event=event.event, data=event.data)


@router.get("/documents", summary="List the indexed documents.", tags=["documents"])
def list_documents(pipeline: PipelineDep) -> list[DocumentInfo]:
    return pipeline.documents()


@router.get("/documents/{doc_id}", summary="One document with its full and cleaned text.", tags=["documents"],
            responses=ERRORS)
def get_document(doc_id: str, pipeline: PipelineDep) -> DocumentDetail:
    return pipeline.document(doc_id)


@router.post("/documents", summary="Add or update a document (JSON text or a file upload); idempotent by content.",
             tags=["documents"], status_code=status.HTTP_201_CREATED, dependencies=[WriteAccess],
             responses={200: {"description": "An update of the document with this id (`status: updated`), or the "
                                             "same content already indexed (`status: unchanged`).",
                              "model": DocumentWritten},
                        **ERRORS},
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": TextDocument.model_json_schema()},
                 "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                                    "properties": {"file": {"type": "string", "format": "binary"}}}},
             }}})
async def add_document(request: Request, response: Response, pipeline: PipelineDep) -> DocumentWritten:
    name, raw = await _read_document(request, pipeline.settings.max_upload_bytes)
    written = await run_in_threadpool(pipeline.add_document, name, raw)
    if not written.created:
        response.status_code = status.HTTP_200_OK
    return written


@router.delete("/documents/{doc_id}", summary="Remove a document from both indexes.", tags=["documents"],
               status_code=status.HTTP_204_NO_CONTENT, dependencies=[WriteAccess], responses=ERRORS)
def delete_document(doc_id: str, pipeline: PipelineDep) -> Response:
    pipeline.delete_document(doc_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/timeline", summary="Dated events, oldest first, merged across articles, each with its cited passages.",
            tags=["timeline"], responses=ERRORS)
def timeline(
    pipeline: PipelineDep,
    start: Annotated[date | None, Query(alias="from", description="Events that may fall on or after this day.")] = None,
    end: Annotated[date | None, Query(alias="to", description="Events that may fall on or before this day.")] = None,
    person: Annotated[str | None, Query(max_length=200, description="Events naming this person (any spelling, or the surname).")] = None,
) -> list[TimelineEvent]:
    return pipeline.timeline(start, end, person)


@router.get("/people", summary="The people the articles name, with their roles and cited passages; spelling variants merged.",
            tags=["timeline"])
def people(pipeline: PipelineDep) -> list[Person]:
    return pipeline.people()


async def _read_document(request: Request, limit: int) -> tuple[str | None, bytes]:
    """(file name or None, bytes) from a JSON body or a multipart upload; oversized bodies are refused unread."""
    declared = int(request.headers.get("content-length") or 0)
    if declared > limit + _MULTIPART_OVERHEAD:
        raise TooLarge(f"the request is {declared:,} bytes; the upload limit is {limit:,} bytes")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            doc = TextDocument.model_validate_json(await request.body())
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise InvalidInput(f"{where + ': ' if where else ''}{first['msg']}") from exc
        return doc.id, doc.text.encode("utf-8")
    if kind == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=4)
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidInput("expected a multipart field 'file' holding the document")
        return upload.filename or "", await upload.read(limit + 1)
    raise InvalidInput("send the document as application/json or multipart/form-data")
