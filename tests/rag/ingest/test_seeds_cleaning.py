from pathlib import Path

import pytest

from rag.ingest import boilerplate as clean
from tests.conftest import SEEDS, source_text

LINK_BAIT = [
    ("000_5dbc1a91aa8e06a2.txt", "BACA JUGA:"),
    ("001_8692206af46fdf20.txt", "Cek Artikel:"),
    ("001_8692206af46fdf20.txt", "Stasiun Penyiaran Saudi"),
    ("001_8692206af46fdf20.txt", "Mungkin Anda Menyukai"),
    ("002_f270e526a9c4b75d.txt", "(fby/mikrofon)"),
    ("003_6dba894c3f267814.txt", "Buka kunci buletin"),
    ("003_6dba894c3f267814.txt", "Denis Villeneuve"),
    ("003_6dba894c3f267814.txt", "Lithium Americas"),
    ("004_c75a26120ef4de30.txt", "FOKUS DUNIA"),
    ("004_c75a26120ef4de30.txt", "(Hui)"),
    ("004_c75a26120ef4de30.txt", "Sumber : NTDTV.com"),
]


def story(text: str) -> str:
    parsed = clean.parse(text)
    return "\n".join(text[b.start : b.end] for b in parsed.blocks)


@pytest.mark.parametrize(("name", "bait"), LINK_BAIT)
def test_link_bait_is_not_story_text(name, bait):
    text = source_text(name)
    assert bait in text
    assert bait not in story(text)


def test_blocks_are_exact_slices_and_keep_the_story():
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        parsed = clean.parse(text)
        kept = sum(b.end - b.start for b in parsed.blocks)
        assert kept > 0.85 * len(text.strip()) - sum(d.end - d.start for d in parsed.dropped)
        for block in parsed.blocks:
            assert text[block.start : block.end].strip() == text[block.start : block.end]


def test_story_sentences_survive_cleaning():
    text = source_text("001_8692206af46fdf20.txt")
    assert "didampingi oleh Penasihat Keamanan Nasional Mike Waltz dan Steve Witkoff" in story(text)


def test_metadata_from_the_text():
    riyadh = clean.parse(source_text("001_8692206af46fdf20.txt"))
    assert riyadh.title == "AS-Rusia Sepakati Mekanisme Konsultasi Buat Redakan Ketegangan"
    # No date line on the page: the meeting's date is the story's, not a publication date.
    assert riyadh.date is None and riyadh.story_date == "2025-02-18"
    phone = clean.parse(source_text("004_c75a26120ef4de30.txt"))
    assert phone.date is None and phone.story_date == "2025-02-12"
    assert phone.outlet == "ETIndonesia"
    assert clean.parse(source_text("002_f270e526a9c4b75d.txt")).outlet == "Pahami.id"
    # No weekday-anchored full date in the text: no date is invented.
    assert clean.parse(source_text("002_f270e526a9c4b75d.txt")).date is None


def test_inline_byline_and_repeated_headline():
    text = "Judul Berita Yang Cukup Panjang\n\nby\nJudul Berita Yang Cukup Panjang\n\nIsi berita pertama. (abc)\n"
    kept = story(text)
    assert kept.count("Judul Berita Yang Cukup Panjang") == 1
    assert "(abc)" not in kept and "Isi berita pertama." in kept


def test_text_without_bait_is_kept_whole(tmp_path: Path):
    text = "Sebuah kalimat biasa tentang perundingan. Kalimat kedua juga biasa."
    parsed = clean.parse(text)
    assert [(b.start, b.end) for b in parsed.blocks] == [(0, len(text))]


def test_a_page_without_a_headline_has_no_title():
    """No headline is invented from the lead (the document list then shows the file name)."""
    assert clean.parse("Delegasi bertemu di Jenewa. Pembicaraan berlanjut.").title is None
