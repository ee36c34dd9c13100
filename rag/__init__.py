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
from rag.pipeline import Pipeline, Trace, build_pipeline
from rag.text.calendar import month_name
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
    "build_pipeline",
    "month_name",
    "story_spans",
    "parse_page",
    "get_settings",
]
