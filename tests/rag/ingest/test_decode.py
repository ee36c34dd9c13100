"""Messy and hostile files: each is handled or refused with a clear message."""

import pytest

from rag.ingest.decode import decode, read_page
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


STORY = ("Delegasi kedua negara bertemu di Jenewa pada hari Senin untuk membahas pertukaran tahanan, menurut "
         "pernyataan resmi kementerian luar negeri yang dirilis seusai pertemuan tertutup selama enam jam.")


@pytest.mark.parametrize("name", ["page.html", "page.txt"])  # by suffix, or by how the file starts
def test_an_html_page_becomes_its_main_text(name):
    page = (
        "<!DOCTYPE html><html><head><title>Judul</title><style>p{color:red}</style>"
        "<script>alert('x')</script></head><body><nav>Beranda | Dunia</nav><article><h1>Perundingan di Jenewa</h1>"
        f"<p>{STORY}</p><p>Pembicaraan akan dilanjutkan pekan depan di tingkat teknis &amp; politik.</p>"
        "</article></body></html>"
    )
    text = read_page(page.encode(), name).text
    assert "alert" not in text and "color" not in text and "<" not in text and "Beranda" not in text
    assert STORY in text and "tingkat teknis & politik." in text


def test_plain_text_is_kept_as_it_is():
    assert read_page(b"Baris satu.\nBaris dua.", "a.txt").text == "Baris satu.\nBaris dua."


def test_an_html_page_without_an_article_is_refused():
    with pytest.raises(DocumentError, match="no article text"):
        read_page(b"<!DOCTYPE html><html><head><title>Kosong</title></head><body><script>x()</script></body></html>",
                  "empty.html")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read_not_refused_as_binary(encoding):
    text = "Delegasi bertemu di Jenewa pada hari Senin.\nPembicaraan berlangsung tiga jam."
    assert decode(text.encode(encoding), "unicode.txt") == text
