"""Tests for reader.types.mentions: spans of each kind in Indonesian and English sentences.

Every sentence here is written for these tests.
"""

from __future__ import annotations

import pytest

from rag.answer.types import mentions
from rag.answer.types.mentions import months

CASES = [
    # durations
    ("Pertemuan itu berlangsung selama tiga jam di balai kota.", "duration", ["selama tiga jam"]),
    ("Perundingan berjalan lebih dari lima jam dan berlanjut dua hari.", "duration", ["lebih dari lima jam", "dua hari"]),
    ("Keduanya berbincang sekitar 4,5 jam.", "duration", ["sekitar 4,5 jam"]),
    ("The leaders spoke for 90 minutes.", "duration", ["for 90 minutes"]),
    ("Moratorium itu berlaku sebulan, lalu diperpanjang 12 bulan.", "duration", ["sebulan", "12 bulan"]),
    ("A 30-day truce began on Monday.", "duration", ["30-day"]),
    ("Tiga tahun lalu perang pecah.", "duration", ["Tiga tahun"]),  # elapsed time answers "sudah berapa lama"
    ("Ia tiba dua hari setelah serangan itu.", "duration", []),
    ("Pertemuan berlangsung pukul 10.00 WIB.", "duration", []),
    # times of day
    ("Rapat dimulai pukul 10.00 WIB.", "time", ["pukul 10.00 WIB"]),
    ("Ledakan terdengar pukul 23.50 hingga 06.30 waktu setempat.", "time", ["pukul 23.50 hingga 06.30 waktu setempat"]),
    ("The vote closed at 10:30 local time.", "time", ["10:30 local time"]),
    ("Kesepakatan dicapai sekitar pukul 03.00 dini hari.", "time", ["pukul 03.00 dini hari"]),
    ("Drone itu jatuh Selasa malam di dekat perbatasan.", "time", ["Selasa malam"]),
    ("The announcement came at 3 a.m. in Brussels.", "time", ["3 a.m."]),
    ("Inflasi naik 10,30 persen.", "time", []),
    ("Pertemuan pagi itu membahas anggaran.", "time", ["pagi itu"]),
    ("Ia menjadi pemimpin pagi ini, kata pejabat.", "time", ["pagi ini"]),
    # dates
    ("Mereka bertemu di Riyadh, Selasa (18/2).", "date", ["Selasa (18/2)"]),
    ("Perjanjian diteken pada 18 Februari 2025.", "date", ["18 Februari 2025"]),
    ("Serangan itu terjadi pada 3 Maret.", "date", ["3 Maret"]),
    ("Pemilu digelar Oktober 2024.", "date", ["Oktober 2024"]),
    ("The deal was signed on February 18, 2025.", "date", ["February 18, 2025"]),
    ("Keputusan akan diambil pekan depan, bukan minggu lalu.", "date", ["pekan depan", "minggu lalu"]),
    ("Tiga tahun lalu perang pecah.", "date", ["Tiga tahun lalu"]),
    ("Perang berlangsung sejak 2014.", "date", ["2014"]),
    ("Pembicaraan dilanjutkan hari ini.", "date", ["hari ini"]),
    ("Skor pertandingan 20/12 tidak relevan.", "date", []),
    ("Harga naik menjadi 2.025 dolar.", "date", []),
    # counts
    ("Sanksi itu menyasar 13 bank dan 26 perusahaan.", "count", ["13 bank", "26 perusahaan"]),
    ("Puluhan orang terluka dan ratusan tahanan dibebaskan.", "count", ["Puluhan orang", "ratusan tahanan"]),
    ("Tiga jet tempur melanggar wilayah udara.", "count", ["Tiga jet"]),
    ("Russia fired 40 missiles and hundreds of drones.", "count", ["40 missiles", "hundreds of drones"]),
    ("Negara itu mengaktifkan Pasal 4 untuk kedua kalinya.", "count", []),
    ("Salah satu negara menolak pada 18 Februari.", "count", []),
    ("Kapal itu membawa 275.000 ton gandum.", "count", []),
    ("Ia menjabat selama 12 tahun.", "count", []),
    ("Serangan terjadi dua kali dalam sepekan.", "count", ["dua kali"]),
    # money
    ("Uni Eropa menyetujui pinjaman 150 miliar euro.", "money", ["150 miliar euro"]),
    ("Bantuan itu bernilai US$ 2 juta.", "money", ["US$ 2 juta"]),
    ("Pemerintah mengalokasikan Rp 1,6 triliun.", "money", ["Rp 1,6 triliun"]),
    ("Inggris memberi pinjaman 2,2 miliar pound.", "money", ["2,2 miliar pound"]),
    ("Investors pledged $500 billion and €90bn.", "money", ["$500 billion", "€90bn"]),
    ("Harga minyak dibatasi 47,6 dolar AS per barel.", "money", ["47,6 dolar AS"]),
    ("Sanksi menyasar 22 bank.", "money", []),
    # percent
    ("Belanja pertahanan ditargetkan 5 persen dari PDB.", "percent", ["5 persen dari PDB"]),
    ("Inflasi turun ke 3,5% tahun ini.", "percent", ["3,5%"]),
    ("Turnout reached 62 per cent.", "percent", ["62 per cent"]),
    ("Belanja naik menjadi 1,5 persen PDB.", "percent", ["1,5 persen PDB"]),
    # quantities
    ("Impor dibatasi 275.000 ton per tahun.", "quantity", ["275.000 ton per tahun"]),
    ("Drone terbang sejauh 1.000 km.", "quantity", ["1.000 km"]),
    ("Produksi mencapai 9 juta barel per hari.", "quantity", ["9 juta barel per hari"]),
    ("The plant lost 500 MW of capacity.", "quantity", ["500 MW"]),
    ("Harga naik 5 persen.", "quantity", []),
    # persons
    ("Menteri Luar Negeri Rusia Sergei Lavrov tiba di Ankara.", "person", ["Sergei Lavrov"]),
    ("“Kami siap,” kata Witkoff kepada wartawan.", "person", ["Witkoff"]),
    ("Presiden Zelensky menyambut usulan itu.", "person", ["Zelensky"]),
    ("Juru bicara Kementerian Luar Negeri, Maria Zakharova, membantah laporan itu.", "person", ["Maria Zakharova"]),
    ("Kanselir Jerman Friedrich Merz dan Perdana Menteri Polandia Donald Tusk tiba bersama.", "person",
     ["Friedrich Merz", "Donald Tusk"]),
    ("Delegasi itu bertemu Ushakov di Moskow.", "person", ["Ushakov"]),
    ("Presiden Komisi Eropa Ursula von der Leyen berbicara di parlemen.", "person", ["Ursula von der Leyen"]),
    ("Rusia dan Ukraina bertukar tahanan di perbatasan Belarus.", "person", []),
    ("Kementerian Pertahanan Inggris mengumumkan paket baru.", "person", []),
    ("Tim teknis kedua negara bertemu di Jeddah.", "person", []),
    ("Secretary of State Marco Rubio met Ukrainian President Volodymyr Zelensky.", "person",
     ["Marco Rubio", "Volodymyr Zelensky"]),
    # places
    ("Delegasi tiba di Riyadh, Arab Saudi, pada Senin.", "place", ["Riyadh", "Arab Saudi"]),
    ("Puing drone jatuh di Desa Kowalew dekat perbatasan.", "place", ["Desa Kowalew"]),
    ("Para pemimpin berkumpul di Istana Kepresidenan.", "place", ["Istana Kepresidenan"]),
    ("The leaders met at Lancaster House in London.", "place", ["Lancaster House", "London"]),
    ("Kapal itu berlayar melintasi Laut Hitam menuju Istanbul.", "place", ["Laut Hitam", "Istanbul"]),
    ("Pertemuan berikutnya digelar di Sandomierz.", "place", ["Sandomierz"]),
    ("Pernyataan itu dikutip dari Reuters.", "place", []),
    # where, without a name: a domain or a border
    ("Jeda itu berlaku di udara, di laut, dan di darat.", "place", ["di udara", "di laut", "di darat"]),
    ("Kapal patroli berjaga di Laut Hitam dan di laut lepas.", "place", ["Laut Hitam", "di laut"]),
    ("The talks stalled over incidents at the border.", "place", ["at the border"]),
    ("Bantuan itu dikirim lewat udara.", "place", []),
    ("Menlu Turki Hakan Fidan menerima tamunya.", "place", ["Turki"]),
    # organisations
    ("NATO dan IAEA memantau situasi itu.", "organisation", ["NATO", "IAEA"]),
    ("Uni Eropa dan Komisi Eropa menyetujui paket itu.", "organisation", ["Uni Eropa", "Komisi Eropa"]),
    ("Kementerian Keuangan AS menjatuhkan sanksi.", "organisation", ["Kementerian Keuangan AS"]),
    ("Dewan Keamanan PBB menggelar rapat darurat.", "organisation", ["Dewan Keamanan PBB"]),
    ("Kabar itu dilansir Bloomberg.", "organisation", ["Bloomberg"]),
    ("Saham PT Pelayaran Nusantara naik.", "organisation", ["PT Pelayaran Nusantara"]),
    ("The European Central Bank kept rates unchanged.", "organisation", ["European Central Bank"]),
    ("KTT itu dibuka pukul 09.00 WIB di AS.", "organisation", []),
    # reasons
    ("Rapat ditunda karena delegasi terlambat tiba.", "reason", ["karena delegasi terlambat tiba"]),
    ("Tim bertemu untuk membahas gencatan senjata, kata pejabat.", "reason", ["untuk membahas gencatan senjata"]),
    ("Ia datang agar perundingan tetap berjalan.", "reason", ["agar perundingan tetap berjalan"]),
    ("Akibat serangan itu, listrik padam di seluruh kota.", "reason", ["Akibat serangan itu"]),
    ("Flights were cancelled due to heavy fog.", "reason", ["due to heavy fog"]),
    # a view the sentence attributes ("yang menurutnya ...", "yang dinilai ...", "which he said ...")
    ("Trump meminta Eropa berhenti membeli minyak Rusia yang menurutnya ikut membiayai perang.", "reason",
     ["yang menurutnya ikut membiayai perang"]),
    ("Jet tempur menembak jatuh tiga drone yang dinilai mengancam.", "reason", ["yang dinilai mengancam"]),
    ("He rejected the plan, which he said would reward aggression.", "reason", ["which he said would reward aggression"]),
    ("Dana itu untuk Ukraina.", "reason", []),
    ("Mereka bertemu di Wina.", "reason", []),
    # kinds without mentions
    ("Apa pun yang terjadi, ia tetap datang.", "manner", []),
]


@pytest.mark.parametrize("sentence,kind,texts", CASES)
def test_mentions(sentence, kind, texts):
    assert [sentence[a:b] for a, b in mentions(sentence, kind)] == texts


@pytest.mark.parametrize("text,expected", [
    ("Apa yang diumumkan pada Oktober 2025?", {10}),
    ("Who met in Riyadh in February and in March?", {2, 3}),
    ("Kesepakatan dicapai Kamis (23/10/2025) di Brussel.", {10}),
    ("Starmer, yang Minggu (2/3) lalu menggelar KTT, berjanji ...", {3}),
    ("Ditandatangani 19/12/2025 dini hari.", {12}),
    ("What was agreed in May 2025?", {5}),
    ("Talks resumed on May 16.", {5}),
    ("Pertemuan itu digelar pada 10 Mei.", {5}),
    ("What may happen next? It may rain.", set()),  # the modal is no month
    ("Usul itu didukung 2/3 anggota parlemen.", set()),  # a fraction is no date
    ("the march on the capital", set()),  # a month's name is capitalised
])
def test_months(text, expected):
    assert months(text) == expected
