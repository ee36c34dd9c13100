"""Who may change what the service knows. Shared by the API and the chat page."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import unicodedata

from rag.config import Settings
from rag.errors import Forbidden, InvalidInput, TooLarge, Unauthorized


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_write_access(settings: Settings, presented_key: str | None) -> None:
    """Raise unless a write may proceed: a valid key when keys are set, else a loopback-bound server."""
    keys = settings.keys
    if keys:
        if not presented_key:
            raise Unauthorized("this endpoint needs an API key: send 'Authorization: Bearer <key>'")
        # Compare against every key, in constant time, so timing reveals neither key nor position.
        matches = [hmac.compare_digest(presented_key.encode(), k.encode()) for k in keys]
        if not any(matches):
            raise Unauthorized("the API key is not valid")
        return
    if not is_loopback(settings.host):
        raise Forbidden(
            "writes are disabled: no API keys are configured (RAG_API_KEYS) and the server is not bound to loopback"
        )


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
