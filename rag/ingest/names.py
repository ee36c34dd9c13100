"""What an uploaded or ingested file may be called, and how large it may be."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rag.config import Settings
from rag.errors import InvalidInput, TooLarge

_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)
MAX_ID_BYTES = 200  # well under the 255 bytes a file name may have, whatever the script


def document_id(filename: str, settings: Settings) -> str:
    """A safe document id from a file name: no folders, no control characters, a known suffix,
    at most MAX_ID_BYTES of UTF-8.

    Distinct names give distinct ids: a name that had to be changed (characters replaced, or cut
    to length) gets a short hash of the name as given, so "laporan?.txt" and "laporan*.txt" are
    two documents. A name that is already safe is its own id."""
    given = unicodedata.normalize("NFC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in given if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")
    if not name.strip("_"):
        raise InvalidInput("the file name is empty or has no usable characters")
    if not name.lower().endswith(tuple(settings.upload_suffixes)):
        raise InvalidInput(f"only {', '.join(settings.upload_suffixes)} files are accepted, got {filename!r}")
    if name == given and len(name.encode()) <= MAX_ID_BYTES:
        return name
    stem, dot, suffix = name.rpartition(".")
    tag = "-" + hashlib.sha256(given.encode()).hexdigest()[:8]
    room = MAX_ID_BYTES - len((tag + dot + suffix).encode())
    return f"{stem.encode()[:room].decode(errors='ignore').rstrip(' .')}{tag}{dot}{suffix}"


def check_upload_size(size: int, settings: Settings) -> None:
    if size > settings.max_upload_bytes:
        raise TooLarge(f"the document is {size:,} bytes; the limit is {settings.max_upload_bytes:,} bytes")
