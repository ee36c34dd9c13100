"""The types every surface shares: the API returns them, the UI renders them, the eval scores them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator


class Chunk(BaseModel):
    """A passage of one document; `text == source_text[start:end]`."""

    id: str
    source: str
    text: str
    start: int
    end: int
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    author: str | None = None
    hash: str | None = Field(default=None, description="Content hash of the document version the chunk was cut from.")


class ScoredChunk(BaseModel):
    """A retrieved chunk with its fused score and the raw scores of each retriever."""

    chunk: Chunk
    score: float
    dense: float | None = None
    keyword: float | None = None


class Message(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=20_000)


class AnswerRequest(BaseModel):
    question: str = Field(min_length=1, examples=["Siapa yang mendampingi Marco Rubio di Riyadh?"])
    history: list[Message] = Field(default_factory=list)
    top_k: int | None = Field(default=None, ge=1, examples=[5])

    @field_validator("question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("question must not be blank")
        return value


class Citation(BaseModel):
    """A cited passage: `text == source_text[start:end]` of document `source`."""

    marker: int
    source: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    author: str | None = None
    text: str
    start: int
    end: int
    score: float

    @classmethod
    def of(cls, page: Chunk | DocumentInfo, marker: int, text: str, start: int, end: int, score: float) -> Citation:
        """A citation of `text` (= source_text[start:end]) with the metadata of the chunk or document it is in."""
        source = page.source if isinstance(page, Chunk) else page.id
        return cls(marker=marker, source=source, title=page.title, outlet=page.outlet, date=page.date,
                   author=page.author, text=text, start=start, end=end, score=score)


class Answer(BaseModel):
    answer: str
    abstained: bool
    citations: list[Citation] = Field(default_factory=list)
    language: Literal["id", "en"]
    metadata: dict = Field(
        default_factory=dict,
        description='How the answer was made, e.g. {"answerer": "llm", "model": "...", "fallback": false, '
        '"removed_sentences": 1}; {"answerer": "extractive"} when no LLM is configured.',
    )


class TimelineEvent(BaseModel):
    """A dated event, merged across the articles that report it; one citation per reporting sentence.
    Timeline citations are extracted, not retrieved: their `score` is 1.0."""

    id: str
    date: str = Field(description="ISO 8601 at the event's precision: 2025-02-18 (day), 2025-02 (month), "
                                   "or the first day of the window (approximate).")
    precision: Literal["day", "month", "approximate"]
    earliest: str = Field(description="First day the event may fall on (ISO).")
    latest: str = Field(description="Last day the event may fall on (ISO).")
    description: str = Field(description="One sentence, verbatim from the first citation.")
    people: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    citations: list[Citation]


class Role(BaseModel):
    """A role an article gives a person, as written there, with the passages that give it."""

    title: str
    citations: list[Citation]


class Person(BaseModel):
    """A person named in the articles; `variants` are the spellings merged into `name`."""

    id: str
    name: str
    variants: list[str]
    roles: list[Role] = Field(default_factory=list)
    mentions: int
    citations: list[Citation] = Field(description="Every passage that names the person.")


class StreamEvent(BaseModel):
    """One event of a streamed answer. The order is the same in both answer modes:

    0. with an LLM answerer only, and only when the extractive answer does not abstain: one `draft`
       event with the extractive Answer, at once, before the LLM starts. It is the answer shown
       while the LLM writes, and the one `done` brings back when the LLM falls back;
    1. `delta` events with the answer's text, piece by piece. From the LLM these are its words as
       generated, before verification; from the extractive answerer, the final text word by word;
    2. one `citation` event per citation of the final Answer;
    3. one `done` event with the whole Answer, whose text replaces the deltas."""

    event: Literal["draft", "citation", "delta", "done"]
    data: Citation | str | Answer


class DocumentInfo(BaseModel):
    """One indexed document as listed by the store: its headline, outlet, publication date and
    author as the page states them (None where it does not)."""

    id: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    author: str | None = None
    chunks: int
    hash: str


class DocumentDetail(DocumentInfo):
    """One document in full. Citation offsets index `text`, the original; `story` lists the spans
    of `text` that are article text (the rest is link-bait and bylines), `cleaned_text` joins them."""

    text: str
    story: list[tuple[int, int]]
    cleaned_text: str


class DocumentWritten(BaseModel):
    """What a write did: `created` a new document, `updated` one with the same id and other text,
    or nothing, because the same content was already indexed (`unchanged`, under `id`)."""

    id: str
    title: str | None = None
    chunks: int
    hash: str
    status: Literal["created", "updated", "unchanged"]
    created: bool = Field(description="True only for a new document (status 'created').")

    @classmethod
    def of(cls, info: DocumentInfo, status: str) -> DocumentWritten:
        return cls(id=info.id, title=info.title, chunks=info.chunks, hash=info.hash, status=status,
                   created=status == "created")


class IngestReport(BaseModel):
    added: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    pruned: list[str] = Field(default_factory=list)
    failed: dict[str, str] = Field(default_factory=dict)
    chunks_written: int = 0
