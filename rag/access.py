"""Who may change what the service knows. Shared by the API and the chat page."""

from __future__ import annotations

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


def document_id(filename: str, settings: Settings) -> str:
    """A safe document id from an uploaded file name: no folders, no control characters, a known suffix."""
    name = unicodedata.normalize("NFC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")
    if not name:
        raise InvalidInput("the file name is empty or has no usable characters")
    if not name.lower().endswith(tuple(settings.upload_suffixes)):
        raise InvalidInput(f"only {', '.join(settings.upload_suffixes)} files are accepted, got {filename!r}")
    stem, dot, suffix = name.rpartition(".")
    return f"{stem[:200 - len(dot + suffix)]}{dot}{suffix}"  # shortened, the suffix kept


def check_upload_size(size: int, settings: Settings) -> None:
    if size > settings.max_upload_bytes:
        raise TooLarge(f"the document is {size:,} bytes; the limit is {settings.max_upload_bytes:,} bytes")
