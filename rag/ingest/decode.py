"""Bytes to article text: decoding, normalisation, and refusing what is not text.

What is stored, chunked and cited is the text this module returns; citation offsets index it.
For a clean UTF-8 file with LF line endings that is the file itself. Otherwise:
- a UTF-8 BOM is dropped; CRLF and lone CR become LF;
- zero-width characters and control characters other than tab and newline are removed;
- UTF-16 text (with a BOM, or Latin-script text without one) is decoded as such;
- text that is not UTF-8 is read as cp1252 (a superset of Latin-1 for printable text) when
  that yields readable text, and refused otherwise;
- an HTML page (by its suffix, or by how it starts) becomes its main text, extracted by
  trafilatura (`read_page`): that text is what is stored, chunked and cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.errors import DocumentError
from rag.ingest import webpage

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML_START = re.compile(r"^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)
HTML_SUFFIXES = (".html", ".htm")


def decode(raw: bytes, name: str) -> str:
    """The article text of a file's bytes, or a `DocumentError` that says what is wrong."""
    if not raw.strip():
        raise DocumentError(f"{name}: the file is empty")
    utf16 = _utf16(raw)
    if utf16 is not None:
        raw = utf16.encode("utf-8")
    if b"\x00" in raw[:8192]:
        raise DocumentError(f"{name}: this is a binary file (an image or a program?), not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _legacy(raw, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    if not text.strip():
        raise DocumentError(f"{name}: no text left after removing markup and invisible characters")
    return text


def _utf16(raw: bytes) -> str | None:
    """The text of a UTF-16 file (Windows editors save "Unicode" so): by its BOM, or, without one,
    by the NUL in every other byte that Latin-script UTF-16 has. None when it is not UTF-16 text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    elif len(raw) >= 4 and raw[1::2].count(0) > 0.4 * (len(raw) // 2):
        encodings = ["utf-16-le"]
    elif len(raw) >= 4 and raw[0::2].count(0) > 0.4 * (len(raw) // 2):
        encodings = ["utf-16-be"]
    else:
        return None
    try:
        text = raw.decode(encodings[0])
    except UnicodeDecodeError:
        return None
    readable = sum(ch.isprintable() or ch.isspace() for ch in text)
    return text if readable >= 0.95 * len(text) else None


def _legacy(raw: bytes, name: str) -> str:
    """cp1252 text, accepted only when it reads as text: letters dominate and nothing is undefined."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{name}: not UTF-8 text, nor readable as Windows-1252; save it as UTF-8") from exc
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    if letters < 0.8 * len(text):
        raise DocumentError(f"{name}: not UTF-8 text and does not read as text in Windows-1252 either")
    return text


@dataclass(frozen=True)
class Page:
    """A document as the service keeps it: the text citations slice, and what the page's own
    markup says of it (HTML only: title, outlet, author, date from <meta> and JSON-LD)."""

    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None


def read_page(raw: bytes, name: str) -> Page:
    """The document in a file's bytes. An HTML page becomes its main text (rag.ingest.webpage);
    the original bytes are kept in the archive, not here."""
    text = decode(raw, name)
    if not (name.lower().endswith(HTML_SUFFIXES) or _HTML_START.match(text)):
        return Page(text)
    page = webpage.extract(text)
    if not page.text.strip():
        raise DocumentError(f"{name}: no article text found in this HTML page")
    return Page(page.text, page.title, page.outlet, page.author, page.date)
