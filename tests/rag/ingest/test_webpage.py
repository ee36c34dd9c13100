"""HTML extraction on a small page written for this test: metadata from <meta>/JSON-LD, the story
from <article>, no captions or sidebars, the same text every time, and no network."""

from __future__ import annotations

import socket

import pytest

from rag.ingest.boilerplate import parse
from rag.ingest.webpage import extract

PARAGRAPHS = [
    "Para menteri luar negeri dari 12 negara Eropa berkumpul di Helsinki pada Senin (17/11/2025) untuk membahas "
    "jaminan keamanan bagi Ukraina setelah gencatan senjata, termasuk pengerahan pasukan pemantau di garis depan.",
    "Menteri Luar Negeri Finlandia mengatakan pertemuan itu menghasilkan kesepakatan awal tentang pembiayaan "
    "bersama misi pemantauan, meski rincian jumlah personel belum dibahas secara terbuka kepada wartawan.",
    "\"Kami ingin memastikan bahwa setiap kesepakatan damai benar-benar bisa ditegakkan di lapangan,\" ujarnya "
    "dalam konferensi pers bersama seusai sesi tertutup yang berlangsung hampir lima jam.",
    "Moskow belum menanggapi hasil pertemuan tersebut. Juru bicara Kremlin sebelumnya menyebut kehadiran pasukan "
    "negara anggota NATO di Ukraina sebagai sesuatu yang sama sekali tidak dapat diterima oleh Rusia.",
    "Pertemuan lanjutan dijadwalkan berlangsung di Tallinn pada bulan depan, dengan agenda utama menyusun "
    "mekanisme pengawasan yang melibatkan negara-negara di luar Uni Eropa.",
]

PAGE = """<!DOCTYPE html>
<html lang="id"><head>
<meta charset="utf-8">
<title>Menlu Eropa Bahas &quot;Misi Pemantau&quot; di Helsinki | Kabar Utara</title>
<meta property="og:title" content="Menlu Eropa Bahas Misi Pemantau di Helsinki">
<meta property="og:site_name" content="Kabar Utara">
<meta name="author" content="Laras Wibowo">
<meta property="article:published_time" content="2025-11-17T20:05:00+07:00">
<link rel="canonical" href="https://kabarutara.example/dunia/menlu-eropa-helsinki">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Menlu Eropa Bahas Misi Pemantau di Helsinki",
 "datePublished": "2025-11-17T20:05:00+07:00", "dateModified": "2025-11-18T08:00:00+07:00",
 "author": {"@type": "Person", "name": "Laras Wibowo"},
 "publisher": {"@type": "Organization", "name": "Kabar Utara"}}
</script>
<script>window.ads = [];</script>
</head><body>
<div class="cookie"><p>Situs ini memakai cookie agar Anda nyaman membaca. Dengan melanjutkan, Anda setuju.</p></div>
<nav><ul><li><a href="/">Beranda</a></li><li><a href="/dunia">Dunia</a></li><li><a href="/ekonomi">Ekonomi</a></li></ul></nav>
<main>
<article>
  <h1>Menlu Eropa Bahas &quot;Misi Pemantau&quot; di Helsinki</h1>
  <div class="meta">Oleh <a href="/penulis/laras">Laras Wibowo</a> &middot; <time datetime="2025-11-17T20:05:00+07:00">Senin, 17 Nov 2025 20:05 WIB</time></div>
  <figure><img src="/img/helsinki.jpg" alt="Helsinki"><figcaption>Para menteri berfoto bersama di Helsinki, Senin (17/11/2025). (Foto: Kabar Utara/Rian)</figcaption></figure>
  <div class="content">
    <p><strong>HELSINKI, Kabar Utara</strong> &#8211; PARA_0</p>
    <p>PARA_1</p>
    <div class="ad"><span>ADVERTISEMENT</span></div>
    <p>PARA_2</p>
    <p class="related"><strong>BACA JUGA:</strong> <a href="/olahraga/x">Tim Bola Basket Putri Juara Turnamen Regional</a></p>
    <p>PARA_3</p>
    <p>PARA_4</p>
    <p class="sign">(lw/rn)</p>
  </div>
  <div class="tags">Tag: <a href="/tag/helsinki">Helsinki</a> <a href="/tag/ukraina">Ukraina</a></div>
  <div class="share">Bagikan: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">WhatsApp</a></div>
</article>
<aside><h3>Terpopuler</h3><ul><li><a href="/a">Harga Emas Hari Ini Naik Lagi, Cek Daftarnya</a></li>
<li><a href="/b">Jadwal Kereta Tambahan Libur Akhir Tahun Diumumkan</a></li></ul></aside>
</main>
<footer><p>&copy; 2025 Kabar Utara. Seluruh hak cipta dilindungi.</p></footer>
</body></html>
"""
for i, p in enumerate(PARAGRAPHS):
    PAGE = PAGE.replace(f"PARA_{i}", p.replace('"', "&quot;"))


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("extraction tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_metadata_comes_from_the_page_markup(no_network):
    got = extract(PAGE)
    assert got.title == 'Menlu Eropa Bahas "Misi Pemantau" di Helsinki'  # the visible headline, quotes intact
    assert (got.outlet, got.author, got.date) == ("Kabar Utara", "Laras Wibowo", "2025-11-17")


def test_the_text_is_the_headline_then_one_story_paragraph_per_line(no_network):
    text = extract(PAGE).text
    lines = text.split("\n\n")
    assert lines[0] == 'Menlu Eropa Bahas "Misi Pemantau" di Helsinki'
    assert "HELSINKI, Kabar Utara – " + PARAGRAPHS[0] in lines
    for p in PARAGRAPHS[1:]:
        assert p in lines
    for absent in ("Para menteri berfoto bersama", "Terpopuler", "Harga Emas Hari Ini", "cookie", "Beranda",
                   "Seluruh hak cipta", "window.ads"):
        assert absent not in text


def test_what_trafilatura_keeps_inside_the_article_is_not_quotable(no_network):
    text = extract(PAGE).text
    parsed = parse(text)
    quotable = bytearray(len(text))
    for b in parsed.blocks:
        quotable[b.start:b.end] = b"\x01" * (b.end - b.start)
    for s in (*parsed.unquotable, *parsed.dropped):
        quotable[s.start:s.end] = b"\x00" * (s.end - s.start)
    kept = "".join(ch for ch, q in zip(text, quotable) if q)
    for bait in ("BACA JUGA", "ADVERTISEMENT", "(lw/rn)", "Bagikan", "HELSINKI, Kabar Utara", "Misi Pemantau\" di Helsinki"):
        assert bait not in kept
    for p in PARAGRAPHS:
        assert p in kept
    assert parsed.title == extract(PAGE).title


def test_the_same_page_gives_the_same_text_every_time(no_network):
    first = extract(PAGE)
    assert all(extract(PAGE) == first for _ in range(3))


def test_a_page_without_an_article_gives_empty_text(no_network):
    got = extract("<html><body><nav><a href='/'>Beranda</a></nav></body></html>")
    assert got.text == "" or len(got.text) < 40
