"""Grounded question answering over news articles: the public surface of the core.

`api/`, `ui/` and `eval/` use what is exported here and nothing else.
"""

from rag.config import Settings, get_settings
from rag.access import check_write_access, is_loopback
from rag.errors import (
    Busy,
    DocumentError,
    EmbedderMismatch,
    Forbidden,
    IndexError_,
    InvalidInput,
    NotFound,
    RagError,
    TooLarge,
    Unauthorized,
)
from rag.models import (
    Answer,
    AnswerRequest,
    Chunk,
    Citation,
    DocumentDetail,
    DocumentInfo,
    DocumentWritten,
    IngestReport,
    Message,
    Person,
    Role,
    ScoredChunk,
    StreamEvent,
    TimelineEvent,
)
from rag.answer.extractive import Model as ReaderModel, compose as compose_answer, rescore
from rag.answer.features import FEATURES as READER_FEATURES, standardised
from rag.pipeline import Pipeline, Trace, build_pipeline
from rag.text.calendar import month_name
from rag.text.language import detect_language
from rag.ingest.boilerplate import parse as parse_page, story_spans

__all__ = [
    "DocumentDetail",
    "DocumentWritten",
    "Busy",
    "Forbidden",
    "StreamEvent",
    "Person",
    "Role",
    "TimelineEvent",
    "TooLarge",
    "Unauthorized",
    "check_write_access",
    "is_loopback",
    "Answer",
    "AnswerRequest",
    "Chunk",
    "Citation",
    "DocumentError",
    "DocumentInfo",
    "EmbedderMismatch",
    "IndexError_",
    "IngestReport",
    "InvalidInput",
    "Message",
    "NotFound",
    "Pipeline",
    "RagError",
    "ScoredChunk",
    "Settings",
    "Trace",
    "detect_language",
    "build_pipeline",
    "ReaderModel",
    "READER_FEATURES",
    "standardised",
    "compose_answer",
    "rescore",
    "month_name",
    "story_spans",
    "parse_page",
    "get_settings",
]
