"""Messy and hostile files: each is handled or refused with a clear message."""

import pytest

from rag.ingest.decode import decode, html_to_text
from rag.errors import DocumentError


def test_bom_crlf_and_invisible_characters_are_normalised():
    raw = "\ufeffBaris satu\r\nBaris\u200b dua\rBaris\x07 tiga".encode("utf-8")
    assert decode(raw, "x.txt") == "Baris satu\nBaris dua\nBaris tiga"


def test_latin1_and_cp1252_are_read():
    assert decode("Perundingan di Genève".encode("latin-1"), "x.txt") == "Perundingan di Genève"
    assert decode("“Kutipan” – catatan".encode("cp1252"), "x.txt") == "“Kutipan” – catatan"


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        (b"", "empty"),
        (b" \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "binary"),
        (bytes(range(128, 256)) * 8, "UTF-8"),
        ("\u200b\u200b".encode("utf-8"), "no text"),
    ],
)
def test_refused_with_a_reason(raw, needle):
    with pytest.raises(DocumentError, match=needle):
        decode(raw, "file.txt")


def test_html_is_reduced_to_its_text():
    page = (
        "<!DOCTYPE html><html><head><title>Judul</title><style>p{color:red}</style>"
        "<script>alert('x')</script></head><body><h1>Perundingan</h1><p>Kalimat pertama &amp; kedua.</p>"
        "<p>Paragraf   lain.</p></body></html>"
    )
    text = decode(page.encode(), "page.txt")
    assert "alert" not in text and "color" not in text and "<" not in text
    assert "Kalimat pertama & kedua." in text and "Paragraf lain." in text
    assert html_to_text("<p>a</p><p>b</p>").split() == ["a", "b"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read_not_refused_as_binary(encoding):
    text = "Delegasi bertemu di Jenewa pada hari Senin.\nPembicaraan berlangsung tiga jam."
    assert decode(text.encode(encoding), "unicode.txt") == text
