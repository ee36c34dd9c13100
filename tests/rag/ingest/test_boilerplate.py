"""The cleaner on pages written for these tests (neither seeds nor corpus pages), in the shapes of
Indonesian news sites: every rule has a case, and story lines that look a bit like boilerplate stay."""

from __future__ import annotations

import pytest

from rag.ingest.boilerplate import Span, explain, keys_in, line_key, line_keys, parse
from rag.ingest.rules import POSITION_RULES, RULES

STORY_A = ("Delegasi kedua negara duduk di meja yang sama selama hampir enam jam di Jenewa, menurut dua "
           "diplomat yang mengikuti jalannya pertemuan.")
STORY_B = "Pembicaraan akan dilanjutkan pekan depan di tingkat teknis, kata juru bicara kementerian luar negeri."
STORY_C = "Moskow belum menanggapi usulan itu secara resmi hingga Selasa malam waktu setempat."


def build(rows: list[tuple[str, str]]) -> str:
    """Rows of (expected status, line); a ("", "") row is a blank line."""
    return "\n".join(line for _, line in rows) + "\n"


def status(text: str, parsed, start: int, end: int) -> str:
    for d in parsed.dropped:
        if d.start <= start < d.end or start <= d.start < end:
            if (min(end, d.end) - max(start, d.start)) * 2 >= end - start:
                return d.kind
    for u in parsed.unquotable:
        if u.start <= start and end <= u.end:
            return "unq:" + u.kind
    return "story" if any(b.start <= start and end <= b.end for b in parsed.blocks) else "outside"


def check(rows: list[tuple[str, str]], repeated: frozenset[str] = frozenset()):
    text = build(rows)
    parsed = parse(text, repeated)
    pos = 0
    for want, line in rows:
        start, end = pos, pos + len(line)
        pos = end + 1
        if line.strip():
            s = start + len(line) - len(line.lstrip())
            assert status(text, parsed, s, end) == want, (want, line)
    return text, parsed


def page(middle: list[tuple[str, str]], tail: list[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """A plain page with the rows under test between story paragraphs, and footer rows below."""
    rows = [("unq:headline", "Delegasi AS dan Rusia Lanjutkan Perundingan Teknis di Jenewa"), ("", ""),
            ("timestamp", "Kamis, 6 November 2025 | 10:20 WIB"), ("", ""),
            ("story", STORY_A), ("", "")]
    for row in middle:
        rows += [row, ("", "")]
    rows += [("story", STORY_B), ("", ""), ("story", STORY_C), ("", "")]
    for row in tail:
        rows += [row, ("", "")]
    return rows


# (line, label, rule): one or more cases for every rule of the table.
BODY_CASES = [
    ("Artikel ini telah tayang di Kabarnusa.com dengan judul \"Rusia Tolak Usulan Baru\".", "credit", "syndication"),
    ("Sumber : Kantor Berita Xinhua", "credit", "source-credit"),
    ("Dikutip dari: ekonomidunia.net", "credit", "source-credit"),
    ("(ant/rtr)", "byline", "initials"),
    ("(Hui)", "byline", "initials"),
    ("(gr/ed: Sinta Maharani)", "byline", "initials"),
    ("Penulis: Rudi Hartono | Editor: Maya Lestari", "byline", "byline"),
    ("Oleh Arief Budiman", "byline", "byline"),
    ("Pewarta : Ahmad Fauzan", "byline", "byline"),
    ("Laporan Wartawan Kabarnusa.com, Dewi Ratnasari", "byline", "byline"),
    ("Rep: Fikri Maulana/ Red: Nur Aini", "byline", "byline"),
    ("by", "byline", "bare-by"),
    ("© 2025 Kabarnusa. Seluruh hak cipta dilindungi.", "copyright", "copyright"),
    ("Dilarang keras mengambil konten, melakukan crawling atau pengindeksan otomatis tanpa izin tertulis.", "copyright", "copyright"),
    ("Bagikan artikel ini:", "prompt", "share-label"),
    ("Share to:", "prompt", "share-label"),
    ("Facebook | Twitter | WhatsApp | Salin Tautan", "prompt", "social-row"),
    ("Ikuti kami di WhatsApp Channel dan Google News untuk kabar terbaru", "prompt", "follow-prompt"),
    ("Dapatkan update berita pilihan setiap hari. Mari bergabung di Grup Telegram, caranya klik link berikut.", "prompt", "follow-prompt"),
    ("Baca berita tanpa iklan, klik di sini.", "prompt", "click-here"),
    ("ADVERTISEMENT", "ad", "ad-marker"),
    ("SCROLL TO CONTINUE WITH CONTENT", "ad", "ad-marker"),
    ("Iklan", "ad", "ad-marker"),
    ("[Gambas:Video 20detik]", "ad", "embed-marker"),
    ("Tag: Rusia, Jenewa, Perundingan", "tags", "tags"),
    ("Kata kunci: gencatan senjata, tawanan", "tags", "tags"),
    ("#Rusia #Ukraina #Jenewa", "tags", "hashtags"),
    ("1", "page", "page-counter"),
    ("Halaman 2 dari 3", "page", "page-counter"),
    ("1 2 3 Selanjutnya", "page", "page-counter"),
    ("Halaman Selanjutnya", "page", "page-nav"),
    ("Foto: Dok. Kementerian Luar Negeri", "caption", "photo-label"),
    ("Sumber gambar, Getty Images", "caption", "photo-label"),
    ("ANTARA FOTO/Rizky Pratama/wsj", "caption", "photo-label"),
    ("Suasana ruang sidang di Jenewa, Swiss, Rabu (5/11/2025). (Foto: Reuters/Denis Balibouse)", "caption", "photo-credit-end"),
    ("Menlu Rusia tiba di bandara Jenewa. Foto: AFP", "caption", "photo-credit-end"),
    ("Warga melintas di depan gedung yang rusak di Kharkiv, Ukraina. (AFP/Sergey Bobok)", "caption", "photo-credit-end"),
    ("Presiden Rusia Vladimir Putin di Kremlin, Moskow. (Kabarnusa.com/Andi Saputra)", "caption", "photo-credit-end"),
    ("Gedung Palais des Nations di Jenewa. TEMPO/Rahmat Hidayat", "caption", "photo-credit-end"),
    ("Kapal tanker di Laut Hitam. (Ilustrasi/Dok. Istimewa)", "caption", "photo-credit-end"),
    ("Delegasi Ukraina berfoto bersama di Istanbul. (Foto:", "caption", "photo-credit-end"),
    ("BACA JUGA: Harga Gandum Dunia Melonjak Usai Serangan di Odesa", "linkbait", "linkbait-insert"),
    ("MEMBACA  Penyanyi Muda Rilis Album Kedua Bulan Depan", "linkbait", "linkbait-insert"),
    ("Baca juga: Harga Cabai di Pasar Induk Naik Lagi", "linkbait", "linkbait-opener"),
    ("Simak juga: Timnas U-23 Lolos ke Final", "linkbait", "linkbait-opener"),
    ("Lihat Juga : Video Banjir Rob di Pesisir Utara", "linkbait", "linkbait-opener"),
    ("Cek Artikel:  Ramalan Cuaca Akhir Pekan", "linkbait", "linkbait-opener"),
    ("Berita Terkait: Zelensky Minta Tambahan Sistem Pertahanan Udara", "linkbait", "linkbait-opener"),
    ("Pilihan Editor: Lima Fakta Pertemuan di Jenewa", "linkbait", "linkbait-opener"),
    ("Simak Video \"Suasana Jenewa Jelang Perundingan\"", "linkbait", "linkbait-opener"),
    ("Tulis komentar", "prompt", "comment-prompt"),
    ("https://www.kabarnusa.com/internasional/2025/11/06/perundingan", "other", "bare-url"),
]


@pytest.mark.parametrize(("line", "label", "rule"), BODY_CASES)
def test_a_boilerplate_line_between_story_paragraphs_is_dropped(line, label, rule):
    text, parsed = check(page([(label, line)]))
    (start, end, got_label, got_rule), = [e for e in explain(text) if text[e[0]:e[1]] == line.strip()]
    assert (got_label, got_rule) == (label, rule)
    assert all(line.strip() not in text[b.start:b.end] or label == "story" for b in parsed.blocks)


def test_every_rule_of_the_table_has_a_case():
    covered = {rule for _, _, rule in BODY_CASES} | {"sentence-fragment"}
    assert {r.name for r in RULES} <= covered
    assert all(r.why for r in RULES)


def test_every_line_is_decided_by_a_named_rule():
    names = {r.name for r in RULES} | set(POSITION_RULES)
    text = build(page([("ad", "ADVERTISEMENT"), ("unq:subheading", "Sikap Moskow")], [("other", "Redaksi | Kontak")]))
    for _, _, label, rule in explain(text):
        assert rule in names and label


# Story lines that look a bit like boilerplate and must stay quotable.
STORY_LOOKALIKES = [
    "Sumber: seorang pejabat senior Kremlin mengatakan kepada wartawan bahwa Moskow akan membawa usulan tertulis ke Jenewa.",
    "\"Kami tidak akan menyerah.\"",
    "\"Kami siap,\" kata Peskov.",
    "Dokumen itu disusun by design agar kedua pihak bisa menafsirkannya secara berbeda, ujar seorang analis.",
    "Oleh karena itu, Kyiv meminta jaminan keamanan tertulis sebelum menandatangani apa pun.",
    "Editor senior harian itu menyebut bocoran dokumen tersebut sebagai sesuatu yang belum pernah terjadi.",
    "Berita terkait pertemuan rahasia itu menyebar cepat di kalangan diplomat Eropa pada Senin pagi.",
    "Iklan kampanye yang menampilkan wajah Zelensky dipasang di sejumlah kota di Polandia pekan ini.",
    "Foto-foto satelit menunjukkan penumpukan pasukan di dekat perbatasan, menurut lembaga pemantau independen.",
    "Tagihan energi rumah tangga di Eropa naik hampir 30 persen sejak musim dingin lalu.",
    "Halaman depan surat kabar Rusia memuat foto kedua pemimpin berjabat tangan.",
    "Copyright dan paten menjadi isu dalam perundingan dagang kedua negara.",
    "Laporan PBB menyebutkan bahwa 40 warga sipil tewas dalam serangan itu.",
    "Share pasar Rusia di Eropa turun tajam sejak 2022.",
    "Oleh Rusia, usulan itu dianggap tidak realistis.",
    "Zelensky — yang baru tiba dari London — mengatakan Ukraina siap berunding.",
]


def test_list_items_between_story_paragraphs_are_story():
    check(page([("story", "1. Gencatan senjata penuh selama 30 hari"), ("story", "- Pertukaran seluruh tawanan perang")]))


def test_an_agency_sign_off_after_the_last_sentence_is_cut_from_the_line_not_the_sentence():
    line = "Kapal itu berlayar di bawah bendera Gabon, menurut data pelacakan. (Reuters)"
    text = build(page([("story", line)]))
    parsed = parse(text)
    start = text.index(line)
    assert Span(start + line.index("(Reuters)"), start + len(line), "byline") in parsed.dropped
    assert any(b.start <= start and b.end == start + line.index(" (Reuters)") for b in parsed.blocks)


@pytest.mark.parametrize("line", STORY_LOOKALIKES)
def test_a_story_line_that_looks_like_boilerplate_is_kept(line):
    check(page([("story", line)]))


def test_an_acronym_or_number_split_from_its_sentence_stays_story():
    rows = [("unq:headline", "Menlu Bertemu di Brussel Bahas Bantuan Musim Dingin"), ("", ""),
            ("story", "Para menteri luar negeri negara anggota"), ("story", "NATO"),
            ("story", "bertemu di Brussel untuk membahas bantuan musim dingin bagi Ukraina."), ("", ""),
            ("story", "Paket itu akan dikirim mulai tanggal"), ("story", "1"),
            ("story", "Desember, kata seorang diplomat yang tidak mau disebut namanya."), ("", ""),
            ("story", STORY_B), ("", "")]
    check(rows)


def test_all_caps_line_between_prose_is_a_subheading_and_at_the_foot_a_section_label():
    check(page([("unq:subheading", "NATO"), ("unq:subheading", "Sikap Kyiv: Siap Berunding dengan Syarat")],
               tail=[("section", "FOKUS DUNIA"), ("section", "NEWS")]))


def test_teasers_under_a_bare_opener_are_link_bait_until_the_story_resumes():
    rows = [("unq:headline", "Rusia dan Ukraina Sepakati Pertukaran 300 Tawanan"), ("", ""),
            ("story", STORY_A), ("", ""),
            ("linkbait", "Artikel Terkait:"), ("linkbait", "- Harga Emas Naik Tiga Hari Beruntun"),
            ("linkbait", "- Jadwal Lengkap Libur Panjang Akhir Tahun"), ("", ""),
            ("linkbait", "BACA JUGA:"), ("linkbait", "Pemerintah Siapkan Seribu Bus Mudik Gratis"),
            ("linkbait", "Klub Ibu Kota Datangkan Striker Baru"),
            ("story", "Menurut juru runding Ukraina, daftar nama tawanan sudah diserahkan kepada mediator sejak akhir bulan lalu."), ("", ""),
            ("story", STORY_B), ("", ""),
            ("linkbait", "Mungkin Anda Menyukai"), ("", "")]
    check(rows)


# Datelines: (lead, prefix, outlet the prefix names).
DATELINES = [
    ("JAKARTA, KOMPAS.com - ", "KOMPAS.com"),
    ("Liputan6.com, Jakarta - ", "Liputan6.com"),
    ("Riyadh (ANTARA) - ", "ANTARA"),
    ("Jakarta, InfoGlobal.co.id — ", "InfoGlobal.co.id"),
    ("TEMPO.CO, Jakarta - ", "TEMPO.CO"),
    ("Jakarta, CNN Indonesia -- ", "CNN Indonesia"),
    ("REPUBLIKA.CO.ID, MOSKOW -- ", "REPUBLIKA.CO.ID"),
    ("KONTAN.CO.ID - JAKARTA. ", "KONTAN.CO.ID"),
    ("Suara.com - ", "Suara.com"),
    ("WASHINGTON DC, Kabar Senja – ", "Kabar Senja"),
    ("Moskow (ANTARA/Sputnik-OANA) - ", "ANTARA"),
    ("JENEWA - ", None),
    ("Jakarta - ", None),
    ("Jenewa: ", None),
    ("KabarDunia.  ", "KabarDunia"),
]


@pytest.mark.parametrize(("prefix", "outlet"), DATELINES)
def test_a_dateline_glued_to_the_lead_is_unquotable_and_the_quote_starts_after_it(prefix, outlet):
    lead = prefix + "Utusan khusus Amerika Serikat tiba di Jenewa untuk putaran ketiga perundingan dengan delegasi Rusia."
    text = f"Utusan AS Tiba di Jenewa untuk Putaran Ketiga\n\n{lead}\n\n{STORY_B}\n"
    parsed = parse(text)
    start = text.index(lead)
    assert Span(start, start + len(prefix), "dateline") in parsed.unquotable
    assert text[start:start + len(prefix)] == prefix  # the text itself is never rewritten
    assert any(b.start <= start and start + len(lead) <= b.end for b in parsed.blocks)
    assert parsed.outlet == outlet


def test_sumber_colon_is_not_a_city_dateline():
    lead = "Sumber: Kremlin menyatakan bahwa pertemuan berikutnya akan digelar di Jenewa pada akhir bulan ini, bukan di Istanbul."
    parsed = parse(f"Kremlin Sebut Jenewa Tuan Rumah Berikutnya\n\n{lead}\n")
    assert not [u for u in parsed.unquotable if u.kind == "dateline"]


# Date lines: (line, ISO date).
DATE_LINES = [
    ("Rabu, 12 Maret 2025 05:55 WIB", "2025-03-12"),
    ("Selasa, 18 Feb 2025", "2025-02-18"),
    ("Kabarnusa.com - 12/03/2025, 05:55 WIB", "2025-03-12"),
    ("Jumat, 8 Agt 2025 | 14:00 WITA", "2025-08-08"),
    ("Senin, 01 Des 2025 - 07:15 WIB", "2025-12-01"),
    ("Diterbitkan 3 Okt 2025, 19:30 WIB", "2025-10-03"),
    ("Published: March 12, 2025", "2025-03-12"),
    ("Kamis, 4 September 2025 — 07:20 WIB", "2025-09-04"),
    ("2025-06-30 08:00:00", "2025-06-30"),
]


@pytest.mark.parametrize(("line", "iso"), DATE_LINES)
def test_the_page_date_line_gives_the_publication_date(line, iso):
    text, parsed = check([("unq:headline", "Putin Setujui Jeda Serangan Energi Selama 30 Hari"), ("", ""),
                          ("timestamp", line), ("", ""),
                          ("story", "Presiden Rusia menyetujui jeda serangan terhadap infrastruktur energi pada Selasa (11/2/2025), kata Kremlin."),
                          ("", ""), ("story", STORY_B), ("", "")])
    assert parsed.date == iso
    assert parsed.story_date == "2025-02-11"  # the event date is reported apart and never wins


def test_an_updated_stamp_loses_to_the_published_one_and_no_date_line_means_no_date():
    parsed = parse(f"Judul Berita Tentang Jenewa\n\nDiperbarui 7 Nov 2025, 08:00 WIB\nRabu, 5 November 2025 21:00 WIB\n\n{STORY_A}\n")
    assert parsed.date == "2025-11-05"
    lead = "Jenewa: Delegasi bertemu pada Jumat, 18 Juli 2025, setelah penundaan dua pekan yang membuat Eropa gelisah."
    parsed = parse(f"Delegasi Bertemu Lagi di Jenewa\n\n{lead}\n")
    assert parsed.date is None and parsed.story_date == "2025-07-18"


def test_a_timeline_entry_with_a_date_is_story():
    check(page([("story", "- 18 Februari 2025: pertemuan pertama di Riyadh")]))


# Author lines: (line, author).
AUTHORS = [
    ("Penulis: Rudi Hartono | Editor: Maya Lestari", "Rudi Hartono"),
    ("Reporter: Intan Permatasari", "Intan Permatasari"),
    ("Oleh: Bagus Wicaksono", "Bagus Wicaksono"),
    ("Laporan Wartawan Kabarnusa.com, Dewi Ratnasari", "Dewi Ratnasari"),
    ("Oleh Galuh Pertiwi · Rabu, 25 Jun 2025 21:40 WIB", "Galuh Pertiwi"),
    ("Editor: Maya Lestari", None),
]


@pytest.mark.parametrize(("line", "author"), AUTHORS)
def test_the_byline_gives_the_writer_not_the_editor(line, author):
    parsed = parse(f"Judul Berita Tentang Jenewa\n\n{line}\n\n{STORY_A}\n\n{STORY_B}\n")
    assert parsed.author == author


def test_a_whole_kompas_style_page():
    rows = [("timestamp", "Kabarnusa.com - 14/08/2025, 09:12 WIB"), ("", ""),
            ("unq:headline", "Putin dan Erdogan Bahas Koridor Gandum di Sochi"), ("", ""),
            ("byline", "Penulis Anggita Larasati | Editor Bonifasius Hutagalung"), ("", ""),
            ("caption", "Presiden Turki tiba di Sochi, Rusia, Rabu (13/8/2025). (AFP/MIKHAIL KLIMENTYEV)"), ("", ""),
            ("story", "SOCHI, KABARNUSA.com - Presiden Rusia Vladimir Putin menerima Presiden Turki di Sochi pada Rabu (13/8/2025) untuk membahas koridor gandum."),
            ("", ""), ("linkbait", "Baca juga: Harga Gandum Dunia Melonjak Usai Serangan di Odesa"), ("", ""),
            ("story", "Pertemuan berlangsung hampir empat jam dan ditutup dengan makan malam kenegaraan."), ("", ""),
            ("prompt", "Simak breaking news dan berita pilihan kami langsung di ponselmu lewat WhatsApp Channel."), ("", ""),
            ("copyright", "Copyright 2008 - 2025 Kabarnusa.com. All rights reserved."), ("", "")]
    text, parsed = check(rows)
    assert (parsed.title, parsed.outlet, parsed.date, parsed.author) == (
        "Putin dan Erdogan Bahas Koridor Gandum di Sochi", "Kabarnusa.com", "2025-08-14", "Anggita Larasati")
    assert parsed.story_date == "2025-08-13"


def test_a_whole_detik_style_page_with_the_writer_beside_the_outlet():
    rows = [("unq:headline", "Zelensky Tiba di Washington untuk Bertemu Trump"), ("", ""),
            ("dateline", "Rina Marlina - kabarDunia"), ("timestamp", "Senin, 18 Agu 2025 06:10 WIB"), ("", ""),
            ("story", "Washington - Presiden Ukraina Volodymyr Zelensky tiba di Washington untuk bertemu Presiden AS Donald Trump di Gedung Putih."),
            ("", ""), ("ad", "ADVERTISEMENT"), ("ad", "SCROLL TO CONTINUE WITH CONTENT"), ("", ""),
            ("story", "Sejumlah pemimpin Eropa dijadwalkan ikut dalam pertemuan lanjutan pada sore harinya."), ("", ""),
            ("linkbait", "Simak Video \"Zelensky Disambut di Gedung Putih\""), ("ad", "[Gambas:Video 20detik]"), ("byline", "(rmr/rmr)"), ("", "")]
    text, parsed = check(rows)
    assert (parsed.outlet, parsed.author, parsed.date) == ("kabarDunia", "Rina Marlina", "2025-08-18")


def test_a_whole_antara_style_page():
    rows = [("unq:headline", "Rusia Klaim Kuasai Dua Desa di Donetsk"), ("", ""),
            ("timestamp", "Sabtu, 16 Agustus 2025 18:45 WIB"), ("", ""),
            ("story", "Moskow (ANTARA) - Kementerian Pertahanan Rusia pada Sabtu mengklaim pasukannya menguasai dua desa di wilayah Donetsk."),
            ("", ""), ("story", "Klaim tersebut belum dapat diverifikasi secara independen oleh media mana pun."), ("", ""),
            ("credit", "Sumber: Anadolu"), ("", ""),
            ("byline", "Penerjemah: Yoanita Hastryka"), ("byline", "Editor: Aditia Maruli"),
            ("copyright", "Copyright © ANTARA 2025"), ("", "")]
    text, parsed = check(rows)
    assert (parsed.outlet, parsed.author) == ("ANTARA", None)


def test_the_cleaner_never_rewrites_the_text_and_blocks_are_trimmed_exact_slices():
    text, parsed = check(page([("linkbait", "BACA JUGA: Sesuatu yang Lain Sama Sekali")], [("tags", "Tag: Jenewa")]))
    for b in parsed.blocks:
        assert text[b.start:b.end] == text[b.start:b.end].strip() and b.end > b.start
    for d in parsed.dropped:
        assert not any(b.start < d.end and d.start < b.end for b in parsed.blocks)
    assert parsed.title_span is not None and text[parsed.title_span.start:parsed.title_span.end] == parsed.title


def test_lines_repeated_across_an_outlets_pages_are_dropped_but_a_shared_long_sentence_is_not():
    footer = "Redaksi Kabarnusa | Pedoman Media Siber | Kontak Kami"
    background = ("Rusia melancarkan invasi skala penuh ke Ukraina pada 24 Februari 2022, memicu perang terbesar di Eropa "
                  "sejak Perang Dunia II.")
    other = f"Berita Lain dari Outlet yang Sama\n\n{STORY_C}\n\n{background}\n\n{footer}\n"
    repeated = keys_in([line_keys(other)])
    assert line_key("Redaksi  KABARNUSA | Pedoman Media Siber | Kontak Kami ") in repeated
    check(page([("story", background), ("other", footer)]), repeated)


def test_text_without_boilerplate_is_one_block_and_a_short_first_line_with_a_stop_may_be_the_headline():
    text = "Sebuah kalimat biasa tentang perundingan. Kalimat kedua juga biasa, dan cukup panjang untuk sebuah paragraf."
    parsed = parse(text)
    assert [(b.start, b.end) for b in parsed.blocks] == [(0, len(text))] and parsed.title is None
    assert parse("Rubio bicara dengan Lavrov menjelang perundingan.\n\n" + STORY_A).title == \
        "Rubio bicara dengan Lavrov menjelang perundingan."
