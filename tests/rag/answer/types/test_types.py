"""Tests for reader.types: question kinds, sub-questions, focus, and what a sentence supplies.

Run: cd /work/scratch && /work/main/.venv/bin/python -m pytest reader -q
Every question and sentence here is written for these tests.
"""

from __future__ import annotations

import pytest

from rag.answer.types import Asked, analyse

KINDS = [
    # duration
    ("Berapa lama pertemuan kedua menteri itu berlangsung?", "duration"),
    ("Sudah berapa lama blokade pelabuhan itu diberlakukan?", "duration"),
    ("Berapa jam para negosiator berunding di Jenewa?", "duration"),
    ("How long did the two presidents speak on the phone?", "duration"),
    ("For how many days will the truce hold?", "duration"),
    ("Dalam berapa tahun terakhir hal itu tidak pernah terjadi?", "duration"),
    # time of day
    ("Pukul berapa serangan rudal itu dimulai?", "time"),
    ("Jam berapa kesepakatan itu diumumkan di Brussel?", "time"),
    ("At what time did the sirens sound in the capital?", "time"),
    # date
    ("Kapan KTT berikutnya akan digelar?", "date"),
    ("Tanggal berapa perjanjian itu ditandatangani?", "date"),
    ("Pada hari apa kedua pemimpin bertelepon?", "date"),
    ("Sejak tahun berapa sanksi itu berlaku?", "date"),
    ("When did the embassy reopen?", "date"),
    ("On what date was the ceasefire announced?", "date"),
    ("How long ago did the first round of talks take place?", "date"),
    ("Menurut menteri itu, kapan pasukan akan ditarik?", "date"),
    # count
    ("Berapa negara yang ikut dalam koalisi itu?", "count"),
    ("Berapa kali kedua presiden bertemu tahun ini?", "count"),
    ("Berapa jumlah tahanan yang dibebaskan?", "count"),
    ("Di berapa kota protes itu terjadi?", "count"),
    ("How many drones were shot down overnight?", "count"),
    # money
    ("Berapa nilai paket bantuan yang dijanjikan Jepang?", "money"),
    ("Berapa besar dana yang disiapkan untuk rekonstruksi?", "money"),
    ("Berapa harga minyak mentah per barel pekan ini?", "money"),
    ("How much did the government spend on air defence?", "money"),
    ("How much will the new fund be worth?", "money"),
    # percent
    ("Berapa persen suara yang diperoleh partai itu?", "percent"),
    ("What share of the country's exports goes to China?", "percent"),
    ("What percentage of the budget is spent on the army?", "percent"),
    ("What interest rate does the bank charge on the bonds?", "percent"),
    ("Berapa suku bunga obligasi itu?", "percent"),
    # quantity
    ("Berapa banyak gas yang dikirim lewat pipa itu setiap tahun?", "quantity"),
    ("How much grain left the port last month?", "quantity"),
    ("How far did the missile fly before it fell?", "quantity"),
    # person
    ("Siapa yang memimpin delegasi Jepang?", "person"),
    ("Dengan siapa menteri itu bertemu di Wina?", "person"),
    ("Pejabat mana yang mengumumkan keputusan tersebut?", "person"),
    ("Who chaired the emergency meeting?", "person"),
    ("Which minister resigned after the scandal?", "person"),
    ("With whom did the envoy meet in Doha?", "person"),
    ("Did anyone else sign the letter?", "person"),
    ("What is the name of the deputy minister who resigned?", "person"),
    ("Apa nama menteri yang mundur pekan lalu?", "person"),
    # place
    ("Di mana perundingan putaran ketiga akan digelar?", "place"),
    ("Di kota mana kedua delegasi bertemu?", "place"),
    ("Negara mana yang menjadi tuan rumah KTT itu?", "place"),
    ("Which EU member states held up the package?", "place"),
    ("Where will the leaders meet next month?", "place"),
    ("In which city was the agreement signed?", "place"),
    ("Which country offered to mediate?", "place"),
    ("Di gedung mana para diplomat berkumpul?", "place"),
    ("What was the name of the hotel where the envoys stayed?", "place"),
    # organisation
    ("Lembaga mana yang mengawasi pelaksanaan gencatan senjata?", "organisation"),
    ("Kantor berita mana yang pertama kali melaporkan kabar itu?", "organisation"),
    ("Which agency inspected the plant?", "organisation"),
    ("Which company won the contract to rebuild the bridge?", "organisation"),
    ("Perusahaan apa yang dikenai sanksi terbaru?", "organisation"),
    # reason
    ("Mengapa perundingan itu ditunda?", "reason"),
    ("Kenapa pemerintah menolak usulan tersebut?", "reason"),
    ("Apa alasan parlemen menunda pemungutan suara?", "reason"),
    ("Untuk apa dana itu akan digunakan?", "reason"),
    ("Why did the airline suspend its flights?", "reason"),
    ("What prompted the minister to resign?", "reason"),
    ("For what reason was the ambassador summoned?", "reason"),
    # manner
    ("Bagaimana tanggapan Kremlin atas usulan itu?", "manner"),
    ("Seperti apa format pembicaraan yang diusulkan?", "manner"),
    ("How did the markets react to the news?", "manner"),
    # yes/no
    ("Apakah Rusia menerima usulan itu?", "yesno"),
    ("Did the two sides agree on a prisoner exchange?", "yesno"),
    ("Has the parliament ratified the treaty?", "yesno"),
    # other
    ("Apa yang disepakati kedua menteri?", "other"),
    ("What did the president promise the farmers?", "other"),
    ("Apa jabatan Sergei Ryabkov?", "other"),
    ("Permintaan itu menjadi yang keberapa dalam sejarah aliansi?", "ordinal"),
    ("Dari mana dana untuk program itu berasal?", "other"),
    ("Topik apa saja yang dibahas dalam pertemuan itu?", "other"),
    ("What is the name of the new plan?", "other"),
    ("Kapan suku bunga acuan dinaikkan?", "date"),
    # a relative "when"/"who" is not the question word
    ("Had the ministry confirmed the call when the agency reported it?", "yesno"),
    ("What did the leaders who met in Rome agree on?", "other"),
]


@pytest.mark.parametrize("question,kind", KINDS)
def test_kind(question, kind):
    assert analyse(question).kind == kind


PLURAL = [
    ("Siapa saja yang hadir dalam pertemuan itu?", True, None),
    ("Apa saja isi kesepakatan tersebut?", True, None),
    ("Sebutkan tiga syarat yang diajukan Kyiv.", True, 3),
    ("Negara-negara mana yang menolak resolusi itu?", True, None),
    ("Di dua kota mana protes terbesar terjadi?", True, 2),
    ("Apa saja empat tuntutan para demonstran?", True, 4),
    ("Which three countries abstained?", True, 3),
    ("Who were the mediators in the talks?", True, None),
    ("Who was on the Ukrainian delegation?", True, None),
    ("What are the five points of the plan?", True, 5),
    ("Which ministers attended the summit?", True, None),
    ("In which two cities were the talks held?", True, 2),
    ("Siapa yang memimpin delegasi itu?", False, None),
    ("Who else was in the room?", False, None),
    ("Which minister resigned?", False, None),
    ("Berapa negara yang ikut?", False, None),
    ("Apa yang membuat negara-negara Eropa cemas?", False, None),
    ("How many ships were seized?", False, None),
]


@pytest.mark.parametrize("question,plural,expected", PLURAL)
def test_plural_and_expected(question, plural, expected):
    asked = analyse(question)
    assert (asked.plural, asked.expected) == (plural, expected)


PARTS = [
    ("Kapan kedua menteri bertemu di Wina, dan apa yang mereka bahas di sana?", 2, ["date", "other"]),
    ("Where and when will the next round take place?", 2, ["place", "date"]),
    ("Di mana dan kapan perjanjian itu ditandatangani?", 2, ["place", "date"]),
    ("Berapa orang dan berapa perusahaan yang masuk daftar hitam?", 2, ["count", "count"]),
    ("How many tanks and aircraft did the country pledge?", 2, ["count", "count"]),
    ("Who led the talks in June and who in July?", 2, ["person", "person"]),
    ("Dari jam berapa sampai jam berapa pemadaman listrik berlangsung?", 2, ["time", "time"]),
    ("Berapa kapal yang disita dalam operasi pertama, kedua, dan ketiga?", 3, ["count", "count", "count"]),
    ("Berapa kapal yang disita pada 2023, 2024, dan 2025?", 3, ["count", "count", "count"]),
    ("How long was the first meeting compared with the second one?", 2, ["duration", "duration"]),
    ("Berapa lama pertemuan di Wina dan di Doha masing-masing berlangsung?", 2, ["duration", "duration"]),
    ("Siapa yang mengusulkan rencana itu, dan berapa negara yang mendukungnya?", 2, ["person", "count"]),
    ("Kapan perang dimulai?", 0, []),
    ("Siapa saja yang hadir dan apa yang dibahas?", 2, ["person", "other"]),
    ("Apa saja yang dibahas dan disepakati kedua menteri?", 0, []),
    ("Which envoys took part in the talks between Moscow and Kyiv?", 0, []),
]


@pytest.mark.parametrize("question,n,kinds", PARTS)
def test_parts(question, n, kinds):
    parts = analyse(question).parts
    assert len(parts) == n
    assert [analyse(p).kind for p in parts] == kinds


def test_parts_keep_shared_words():
    parts = analyse("Where and when will the next round take place?").parts
    assert parts == ("Where will the next round take place?", "When will the next round take place?")
    gapped = analyse("Who led the talks in June and who in July?").parts
    assert gapped[1] == "Who led the talks in July?"
    each = analyse("Berapa lama pertemuan di Wina dan di Doha masing-masing berlangsung?").parts
    assert each[1] == "Berapa lama pertemuan di Doha berlangsung?"
    refers = analyse("Kapan kedua menteri bertemu di Wina, dan apa yang mereka bahas di sana?").parts
    assert "Wina" in refers[1] and "Wina" in analyse(refers[1]).focus
    lead = analyse("In the two incidents last week, how many jets crossed the border, and how long did they stay?").parts
    assert all(p.startswith("In the two incidents last week,") for p in lead)
    whole = analyse("Kapan pertemuan itu digelar dan siapa saja yang hadir?").parts
    assert whole[1] == "Siapa saja yang hadir?"  # its own predicate: nothing borrowed from the first part
    own = analyse("How many leaders joined them in Kyiv in person, and how many took part online?").parts
    assert own[1] == "How many took part online?"
    bare = analyse("Berapa lama kedua menteri bertemu, dan berapa kali?").parts
    assert bare[1] == "Berapa kali kedua menteri bertemu?"
    shared = analyse("Setelah KTT di Wina, siapa yang berbicara pertama, dan apa yang ia usulkan?").parts
    assert all(p.startswith("Setelah KTT di Wina,") for p in shared)
    asked = analyse("Setelah KTT di Wina, siapa yang berbicara pertama, dan sejak kapan ia menjabat?").parts
    assert all(p.startswith("Setelah KTT di Wina,") for p in asked)  # "sejak kapan" asks; it sets nothing
    setting = analyse("After the summit in Vienna, who spoke first, and what did the envoy propose after the second round?").parts
    assert setting[1] == "What did the envoy propose after the second round?"  # its own setting, not the first's


FOCUS = [
    ("Berapa lama Presiden Prancis Emmanuel Macron berada di Kyiv pada 10 Mei 2025?",
     ["Prancis", "Emmanuel Macron", "Kyiv", "10 Mei 2025"]),
    ("Why did the Bank of England raise rates by 0.5% in March?", ["Bank of England", "0.5%", "March"]),
    ("Apa arti istilah “koalisi negara yang bersedia” menurut Menlu Inggris?", ["koalisi negara yang bersedia", "Inggris"]),
    ("Berapa kapal yang masuk daftar sanksi ke-17 dengan nilai 2,5 miliar euro?", ["ke-17", "2,5 miliar euro"]),
    ("Who met in Geneva to discuss the truce?", ["Geneva"]),  # a capitalised question word is no name
]


@pytest.mark.parametrize("question,terms", FOCUS)
def test_focus(question, terms):
    assert list(analyse(question).focus) == terms


def test_asked_is_frozen():
    asked = analyse("Kapan perang dimulai?")
    assert isinstance(asked, Asked)
    with pytest.raises(AttributeError):
        asked.kind = "other"


@pytest.mark.parametrize("question,country", [
    ("What is the name of the British veterans minister who attended the ceremony?", "Inggris"),
    ("Which Canadian prime minister was in Kyiv in August?", "Kanada"),
    ("Siapa nama duta besar Rusia untuk Jerman yang dipanggil Berlin?", "Rusia"),
    ("Siapa saja pejabat Ukraina yang menjemput mereka?", "Ukraina"),
    ("Siapa yang memimpin delegasi AS?", None),  # the country is of the delegation, not of the person asked for
    ("Siapa utusan Trump untuk Ukraina?", None),  # the country he is sent to
    ("Siapa saja pemimpin Eropa timur yang menyambut tawaran itu?", None),  # a region: its countries need not be named
    ("Who met the Austrian chancellor?", None),
    ("Kapan delegasi AS tiba?", None),  # not a person question
])
def test_the_country_of_the_person_asked_for(question, country):
    assert analyse(question).country == country


@pytest.mark.parametrize("question,country", [
    ("In which Turkish city will the alliance meet next year?", "Turki"),
    ("Which city in Saudi Arabia hosted the first round?", "Arab Saudi"),
    ("Di kota mana di Swiss perundingan itu dilanjutkan?", "Swiss"),
    ("Kota apa di Arab Saudi yang menjadi tuan rumah?", "Arab Saudi"),
    ("Di kota mana Presiden Turki bertemu Putin?", None),  # the country is the president's, not the city's
    ("Which European city hosted the summit?", None),  # a region, not a country
    ("Where did the delegations meet?", None),
    ("Which Polish minister spoke first?", None),  # not a place question
])
def test_the_country_the_place_asked_for_lies_in(question, country):
    assert analyse(question).place_in == country
