"""Bytes to article text: decoding, normalisation, and refusing what is not text.

What is stored, chunked and cited is the text this module returns; citation offsets index it.
For a clean UTF-8 file with LF line endings that is the file itself. Otherwise:
- a UTF-8 BOM is dropped; CRLF and lone CR become LF;
- zero-width characters and control characters other than tab and newline are removed;
- UTF-16 text (with a BOM, or Latin-script text without one) is decoded as such;
- text that is not UTF-8 is read as cp1252 (a superset of Latin-1 for printable text) when
  that yields readable text, and refused otherwise;
- an HTML page is reduced to its text, block elements becoming line breaks.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from rag.errors import DocumentError

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML_START = re.compile(r"^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
               "header", "footer", "blockquote", "title"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg"}


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
    if _HTML_START.match(text):
        text = html_to_text(text)
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


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page, one paragraph per line."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
