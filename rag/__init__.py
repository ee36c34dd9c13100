"""Grounded question answering over news articles: the public surface of the core.

`api/`, `ui/` and `eval/` use what is exported here and nothing else.
"""

from rag.config import Settings, get_settings
from rag.errors import DocumentError, EmbedderMismatch, IndexError_, InvalidInput, NotFound, RagError
from rag.models import Answer, AnswerRequest, Chunk, Citation, DocumentInfo, IngestReport, Message, ScoredChunk
from rag.pipeline import Pipeline, build_pipeline
from rag.store import StoredDocument

__all__ = [
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
    "StoredDocument",
    "build_pipeline",
    "get_settings",
]
