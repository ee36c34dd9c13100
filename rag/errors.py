"""Domain errors. The API and the UI translate these at their edge; nothing else does.

    RagError
    ├── InvalidInput          the request itself is wrong (empty, bad top_k, wrong file type)
    │   └── TooLarge          over a configured size limit
    ├── DocumentError         a document cannot be ingested (empty, binary, undecodable)
    ├── Unauthorized          a write without a valid key, where keys are configured
    ├── Forbidden             writes are closed (no keys configured and not bound to loopback)
    ├── NotFound              no document with that id
    ├── Busy                  too many answers in progress; retry shortly
    └── IndexError_           the index cannot be used as it is
        └── EmbedderMismatch  the index was built by a different embedder
"""

from __future__ import annotations


class RagError(Exception):
    """Base of every error the core raises on purpose."""

    code = "rag_error"


class InvalidInput(RagError):
    code = "invalid_input"


class TooLarge(InvalidInput):
    code = "too_large"


class Unauthorized(RagError):
    code = "unauthorized"


class Forbidden(RagError):
    code = "forbidden"


class DocumentError(RagError):
    code = "invalid_document"


class NotFound(RagError):
    code = "not_found"


class Busy(RagError):
    code = "busy"

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class IndexError_(RagError):
    code = "index_error"


class EmbedderMismatch(IndexError_):
    code = "embedder_mismatch"
