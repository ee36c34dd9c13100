"""Who may change what the service knows: the rule the API applies to every write."""

from __future__ import annotations

import hmac
import ipaddress

from rag.config import Settings
from rag.errors import Forbidden, Unauthorized


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
