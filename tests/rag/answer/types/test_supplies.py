"""Tests for reader.types.supplies: a sentence supplies what is asked only with a new mention.

Near misses matter most: a sentence about the same meeting that states no length, a sentence
that gives only the question's own date, a sentence that names only the question's person.
Every question and sentence here is written for these tests.
"""

from __future__ import annotations

import pytest

from rag.answer.types import analyse, supplies

SUPPLIES = [
    # duration: a sentence about the same meeting that states no length does not supply it
    ("Berapa lama pertemuan Lavrov dan Wang Yi di Beijing berlangsung?",
     "Pertemuan Lavrov dan Wang Yi di Beijing berlangsung selama hampir empat jam.", True),
    ("Berapa lama pertemuan Lavrov dan Wang Yi di Beijing berlangsung?",
     "Lavrov dan Wang Yi bertemu di Beijing pada Selasa untuk membahas kerja sama energi.", False),
    ("Berapa lama pertemuan Lavrov dan Wang Yi di Beijing berlangsung?",
     "Lavrov tiba di Beijing tiga hari setelah kunjungan ke Pyongyang.", False),
    ("How long did the call between the two leaders last?", "Percakapan telepon itu berlangsung 90 menit.", True),
    ("How long did the call between the two leaders last?", "Kedua pemimpin bertelepon pada Rabu malam.", False),
    ("Berapa lama gencatan senjata 30 hari itu diperpanjang?", "Gencatan senjata 30 hari itu mulai berlaku Senin.", False),
    ("Berapa lama gencatan senjata 30 hari itu diperpanjang?", "Gencatan senjata itu diperpanjang dua pekan.", True),
    # date: the question's own date is no answer, a new one is
    ("Kapan Presiden Finlandia tiba di Kyiv setelah KTT 12 Maret?", "Presiden Finlandia tiba di Kyiv pada 14 Maret.", True),
    ("Kapan Presiden Finlandia tiba di Kyiv setelah KTT 12 Maret?", "KTT pada 12 Maret itu dihadiri 30 pemimpin.", False),
    ("Kapan Presiden Finlandia tiba di Kyiv setelah KTT 12 Maret?", "KTT itu digelar Rabu (12/3) di Paris.", False),
    ("Kapan Presiden Finlandia tiba di Kyiv setelah KTT 12 Maret?", "Presiden Finlandia tiba di Kyiv dengan kereta malam.", False),
    ("What day did the talks resume in 2025?", "Pembicaraan dilanjutkan pada 3 Februari 2025.", True),
    ("What day did the talks resume in 2025?", "Pada 2025, pembicaraan kembali berjalan.", False),
    ("Kapan kesepakatan itu diteken?", "Kesepakatan itu diteken pekan lalu di Ankara.", True),
    # person: naming only the question's person supplies nobody
    ("Siapa yang mendampingi Menlu Norwegia Espen Eide ke Kyiv?", "Menlu Norwegia Espen Eide tiba di Kyiv pada Senin.", False),
    ("Siapa yang mendampingi Menlu Norwegia Espen Eide ke Kyiv?",
     "Eide didampingi Menteri Pertahanan Tore Sandvik dalam kunjungan itu.", True),
    ("Siapa yang mendampingi Menlu Norwegia Espen Eide ke Kyiv?", "Kunjungan itu, kata Eide, menunjukkan dukungan Norwegia.", False),
    ("Who did Zelenskyy meet in Ankara?", "Presiden Zelensky bertemu Presiden Recep Tayyip Erdogan di Ankara.", True),
    ("Who did Zelenskyy meet in Ankara?", "Zelensky tiba di Ankara pada Selasa pagi.", False),
    ("Siapa juru bicara kementerian itu?", "“Kami tidak akan mundur,” ujar juru bicara kementerian, Maria Zakharova.", True),
    ("Siapa juru bicara kementerian itu?", "Kementerian itu menolak berkomentar.", False),
    # place
    ("Di kota mana Menlu Jepang bertemu mitranya dari Korea Selatan?", "Keduanya bertemu di Busan, kata kementerian.", True),
    ("Di kota mana Menlu Jepang bertemu mitranya dari Korea Selatan?", "Menlu Jepang bertemu mitranya dari Korea Selatan pekan ini.", False),
    ("In which country did the envoys meet?", "Para utusan bertemu di Oman.", True),
    ("Where did the Russian and American teams meet?", "Tim Rusia dan AS bertemu selama enam jam.", False),
    # organisation
    ("Lembaga mana yang memverifikasi pertukaran tahanan itu?", "Komite Internasional Palang Merah memverifikasi pertukaran itu.", True),
    ("Lembaga mana yang memverifikasi pertukaran tahanan itu?", "Pertukaran tahanan itu berlangsung di perbatasan.", False),
    ("Which news agency first reported the deal?", "Kabar itu pertama kali dilaporkan kantor berita Interfax.", True),
    # count
    ("Berapa kapal tanker yang dijatuhi sanksi?", "Uni Eropa menjatuhkan sanksi pada 105 kapal tanker.", True),
    ("Berapa kapal tanker yang dijatuhi sanksi?", "Uni Eropa menjatuhkan sanksi pada kapal-kapal tanker tua.", False),
    ("How many troops will the 12 countries send?", "Dua belas negara itu sepakat mengirim pasukan.", False),
    ("How many troops will the 12 countries send?", "Mereka akan mengirim sekitar 8.000 tentara.", True),
    ("Berapa orang yang tewas dalam serangan itu?", "Serangan itu menewaskan sedikitnya sembilan orang.", True),
    # money
    ("Berapa nilai bantuan yang diumumkan Kanada?", "Kanada mengumumkan bantuan senilai 2 miliar dolar Kanada.", True),
    ("Berapa nilai bantuan yang diumumkan Kanada?", "Kanada mengumumkan bantuan baru untuk Ukraina.", False),
    ("How much of the €50 billion has been paid out?", "Dari 50 miliar euro itu, 18 persen sudah dicairkan.", True),
    ("Berapa besar pinjaman 2,2 miliar pound yang sudah dicairkan?", "Pinjaman 2,2 miliar pound itu disetujui parlemen.", False),
    ("Berapa besar pinjaman 2,2 miliar pound yang sudah dicairkan?", "Sebanyak 800 juta pound sudah dicairkan.", True),
    # percent
    ("Berapa persen gas Eropa yang masih berasal dari Rusia?", "Rusia kini memasok sekitar 12 persen gas Eropa.", True),
    ("Berapa persen gas Eropa yang masih berasal dari Rusia?", "Gas Rusia masih mengalir ke Eropa melalui Turki.", False),
    ("Apakah target 3,5 persen itu tercapai?", "Target 3,5 persen tercapai.", True),
    # quantity and time
    ("Berapa banyak gandum yang diekspor lewat koridor itu?", "Sebanyak 3,2 juta ton gandum diekspor lewat koridor itu.", True),
    ("Berapa banyak gandum yang diekspor lewat koridor itu?", "Ekspor gandum lewat koridor itu naik tajam.", False),
    ("Pukul berapa sirene berbunyi di Kyiv?", "Sirene berbunyi di Kyiv sekitar pukul 04.15 waktu setempat.", True),
    ("Pukul berapa sirene berbunyi di Kyiv?", "Sirene berbunyi di Kyiv pada Minggu.", False),
    # reason
    ("Mengapa Hongaria memveto paket sanksi itu?", "Hongaria memveto paket itu karena khawatir pasokan energinya terganggu.", True),
    ("Mengapa Hongaria memveto paket sanksi itu?", "Hongaria memveto paket sanksi itu pada Jumat.", False),
    ("Why did the airline halt flights?", "The airline halted flights due to security concerns.", True),
    ("Untuk apa tim teknis bertemu di Riyadh?", "Tim teknis bertemu di Riyadh untuk merumuskan gencatan senjata di laut.", True),
    ("Untuk apa tim teknis bertemu di Riyadh?", "Tim teknis bertemu di Riyadh selama dua hari.", False),
    # kinds every sentence may answer
    ("Bagaimana tanggapan Kremlin?", "Kremlin menyambut baik usulan itu.", True),
    ("Apakah pertemuan itu berlangsung?", "Pertemuan itu batal.", True),
    ("Apa yang disepakati?", "Kedua pihak sepakat bertukar tahanan.", True),
]


@pytest.mark.parametrize("question,sentence,expected", SUPPLIES)
def test_supplies(question, sentence, expected):
    assert supplies(sentence, analyse(question)) is expected

MORE = [
    # place questions by scale: a country does not answer "which city", a city does not answer "which country"
    ("Di kota mana kedua menteri bertemu?", "Kedua menteri bertemu di Turki.", False),
    ("Di kota mana kedua menteri bertemu?", "Kedua menteri bertemu di Antalya, Turki.", True),
    ("Negara mana yang menjadi tuan rumah perundingan?", "Perundingan digelar di Jenewa.", False),
    ("Negara mana yang menjadi tuan rumah perundingan?", "Swiss menjadi tuan rumah perundingan.", True),
    ("Which country hosted the talks?", "Pembicaraan itu diselenggarakan Arab Saudi.", True),
    # a union's member states are countries
    ("Which EU member states held up the package?", "Slovakia juga sempat menunda persetujuan.", True),
    ("Which EU member states held up the package?", "Paket itu disahkan di Brussel.", False),
    # a domain or a border answers "where", not "which city"
    ("Di mana saja jeda tembak itu berlaku?", "Jeda itu berlaku di udara dan di laut.", True),
    ("Di kota mana kedua menteri bertemu?", "Kedua menteri bertemu di perbatasan.", False),
    # an organisation is compared by its whole name, not by the country it ends with
    ("Lembaga Rusia mana yang mengumumkan penangkapan itu?", "Dinas Keamanan Federal Rusia mengumumkan penangkapan itu.", True),
    ("Lembaga Rusia mana yang mengumumkan penangkapan itu?", "Rusia mengumumkan penangkapan itu.", False),
    # ... and in any of its spellings: the Indonesian name restates the English question's acronym
    ("Which body did the EU ask to monitor the truce?", "Uni Eropa meminta pengawasan gencatan senjata.", False),
    ("Which body did the EU ask to monitor the truce?", "Uni Eropa meminta OSCE mengawasi gencatan senjata.", True),
    ("Organisasi mana yang dimintai bantuan oleh PBB?", "The United Nations asked for help.", False),
    # a currency sign is not a country
    ("Di negara mana dana itu disimpan?", "Dana sebesar US$ 5 miliar itu disimpan di bank.", False),
    # a person joined to a named person is a person too
    ("Siapa yang bertemu Menlu Oman di Muskat?", "Di Muskat, Menlu Oman menerima Witkoff dan Araghchi.", True),
    # elapsed time answers "how long"; an offset between two events does not
    ("Sudah berapa lama konflik itu berlangsung?", "Konflik itu pecah hampir empat tahun lalu.", True),
    ("Berapa lama kunjungan itu berlangsung?", "Ia tiba dua hari setelah serangan itu.", False),
    # a time set by another event answers "kapan"
    ("Kapan pinjaman itu harus dilunasi?", "Pinjaman itu baru dilunasi setelah perang berakhir.", True),
    ("Kapan pinjaman itu harus dilunasi?", "Pinjaman itu harus dilunasi.", False),
    # "26 di antaranya" is a count; the question's own "35 negara" is not
    ("Berapa negara yang berkomitmen mengirim pasukan dari 35 negara itu?", "Sebanyak 26 di antaranya berkomitmen mengirim pasukan.", True),
    ("Berapa negara yang berkomitmen mengirim pasukan dari 35 negara itu?", "Pertemuan itu dihadiri 35 negara.", False),
    # a share in words
    ("Berapa persen warga yang mendukung perundingan?", "Dua pertiga warga mendukung perundingan.", True),
    # the reason before "sehingga"
    ("Mengapa Austria tidak ikut menanggung pinjaman itu?",
     "Skema itu memakai kerja sama yang diperkuat, sehingga Austria tidak ikut menanggung pinjaman itu.", True),
    # the reason after a sentence-opening "Alasannya,"
    ("Mengapa duta besar itu dipanggil?", "Alasannya, kedutaan dituduh memata-matai pangkalan militer.", True),
    # a duration counted in the asked unit, or the next one up or down; not in years for "how many hours"
    ("Berapa jam perundingan itu berlangsung?", "Perundingan itu berlangsung hampir sembilan jam.", True),
    ("Berapa jam perundingan itu berlangsung?", "Perundingan itu berlangsung 90 menit.", True),
    ("Berapa jam perundingan itu berlangsung?", "Perundingan itu berlangsung berjam-jam.", True),
    ("How many hours did the talks last?", "Pinjaman itu diberikan untuk dua tahun ke depan.", False),
    ("How many days did the visit last?", "Kunjungan itu berlangsung sepekan.", True),
    ("How many days did the visit last?", "Perjanjian itu berlaku sepuluh tahun.", False),
    ("Berapa lama perjanjian itu berlaku?", "Perjanjian itu berlaku sepuluh tahun.", True),
    # a city asked for in a country: a city known to lie elsewhere is a near miss, an unknown one may answer
    ("In which Turkish city will the alliance meet next year?", "Pertemuan berikutnya digelar di Istanbul.", True),
    ("In which Turkish city will the alliance meet next year?", "Para menteri bertemu di Brussel pekan lalu.", False),
    ("In which Turkish city will the alliance meet next year?", "Pertemuan berikutnya digelar di Bodrum.", True),
    ("Di kota mana di Swiss perundingan itu dilanjutkan?", "Perundingan dilanjutkan di Jenewa pekan depan.", True),
    ("Di kota mana di Swiss perundingan itu dilanjutkan?", "Perundingan dilanjutkan di Wina pekan depan.", False),
    # a region or a sea answers "where", never "which city" or "which base"
    ("Di mana drone itu jatuh?", "Drone itu jatuh di Laut Hitam.", True),
    ("Di kota mana drone itu jatuh?", "Drone itu jatuh di Laut Hitam.", False),
    ("From which air base did the jets take off?", "Jet-jet itu bertugas dalam misi patroli di atas Baltik.", False),
    # a count in the next unit up answers while it is a small number of the unit asked
    ("Berapa jam perundingan itu berlangsung?", "Perundingan itu berlangsung dua hari di Jenewa.", True),
    ("Berapa jam perundingan itu berlangsung?", "Perundingan itu berlangsung sehari penuh.", True),
    ("How many hours will the pause in strikes last?", "Jeda serangan itu berlaku selama 30 hari.", False),
    ("Berapa menit kedua presiden bertelepon?", "Kedua presiden bertelepon lebih dari dua jam.", True),
    ("Berapa hari delegasi itu tinggal di Riyadh?", "Delegasi itu tinggal di Riyadh selama 12 minggu.", False),
    # a question for an office is answered by a sentence naming a holder of it, in either language
    ("Which Austrian chancellor attended the summit?", "Kanselir Austria Karl Nehammer hadir di KTT itu.", True),
    ("Which Austrian chancellor attended the summit?", "Presiden Austria Alexander Van der Bellen hadir di KTT itu.", False),
    ("Siapa nama kuasa usaha Belarus yang dipanggil?", "Kementerian memanggil kuasa usaha Belarus, Ivan Petrov.", True),
    ("Siapa nama kuasa usaha Belarus yang dipanggil?", "Menteri Luar Negeri Litvania Kęstutis Budrys mengecam insiden itu.", False),
    # "yang keberapa" asks for an ordinal, in words or digits; the question's own ordinal is no answer
    ("Pertemuan di Jenewa itu putaran keberapa?", "Ini putaran ketiga perundingan kedua negara.", True),
    ("Pertemuan di Jenewa itu putaran keberapa?", "Pertemuan ke-5 digelar di Jenewa.", True),
    ("Pertemuan di Jenewa itu putaran keberapa?", "Perundingan berlangsung lima jam di Jenewa.", False),
    ("Paket ke-12 itu paket sanksi keberapa tahun ini?", "Paket ke-12 disahkan pekan lalu.", False),
    # "Ketiga pesawat itu" (all three planes) and "bahwa kedua negara" (both countries) number nothing
    ("Pertemuan di Jenewa itu putaran keberapa?", "Ketiga delegasi tiba di Jenewa, Senin.", False),
    ("Pertemuan di Jenewa itu putaran keberapa?", "Ia menyebut bahwa kedua negara siap bertemu di Jenewa.", False),
    ("Pertemuan di Jenewa itu putaran keberapa?", "Untuk kedua kalinya delegasi bertemu di Jenewa.", True),
    # a class of offices is answered by a holder of any office it holds
    ("Which head of government visited Vilnius unannounced?", "Perdana Menteri Belgia Bart De Wever tiba di Vilnius.", True),
    ("Which head of government visited Vilnius unannounced?", "Presiden Finlandia Alexander Stubb tiba di Vilnius.", False),
    ("Siapa kepala negara yang hadir di Vilnius?", "Raja Belanda Willem-Alexander hadir di Vilnius.", True),
    # a count of other things is no count of what is asked; a count of unknown things may be
    ("How many soldiers will the coalition send?", "Koalisi itu beranggotakan 31 negara.", False),
    ("How many soldiers will the coalition send?", "Koalisi itu akan mengirim 12.000 tentara.", True),
    ("Berapa kapal yang disita?", "Otoritas menyita 14 kapal tanker.", True),
    ("Berapa kapal yang disita?", "Otoritas membekukan aset 9 bank.", False),
    ("Berapa kapal yang disita?", "Otoritas menyita 14 unit.", True),
    # a purpose given by "sengaja" (deliberately) or "dengan begitu" (thereby) is a reason
    ("Mengapa paket itu disahkan pada 24 Februari?", "Pengesahan sengaja dilakukan bertepatan dengan ulang tahun invasi.", True),
    ("Why does the plan relax the deficit rule?", "Dengan begitu, negara anggota dapat menaikkan anggaran militer.", True),
    ("Mengapa paket itu disahkan pada 24 Februari?", "Paket itu disahkan bertepatan dengan KTT di Brussel.", False),
    # a clock time is no date, even led by an event word ("menjelang pukul 03.00")
    ("Kapan pencairan pertama dijadwalkan?", "Costa mengumumkan kesepakatan menjelang pukul 03.00 waktu setempat.", False),
    # "on what date" asks for a day of a month; "when" may be answered by "next week"
    ("On what date will the chiefs of staff meet in Paris?", "Para kepala staf akan bertemu di Paris pekan depan.", False),
    ("On what date will the chiefs of staff meet in Paris?", "Para kepala staf bertemu di Paris, Selasa (11/3).", True),
    ("Tanggal berapa para kepala staf bertemu di Paris?", "Para kepala staf bertemu di Paris pada 11 Maret.", True),
    ("When will the chiefs of staff meet in Paris?", "Para kepala staf akan bertemu di Paris pekan depan.", True),
    # the counted noun need not come first: "how many fighter jets", "berapa jumlah pelabuhan"
    ("How many fighter jets will Norway send?", "Norwegia menjamu belasan pemimpin di Oslo.", False),
    ("How many fighter jets will Norway send?", "Norwegia akan mengirim enam jet tempur F-16.", True),
    ("Berapa jumlah pelabuhan yang ditutup?", "Sanksi itu menjerat 20 individu dan 11 entitas.", False),
    # "Selain X, apa lagi": a sentence about X answers nothing; an opening clause that states a fact sets nothing aside
    ("Selain pertukaran tahanan, siapa lagi yang dibebaskan?", "Kedua negara menyepakati pertukaran tahanan pekan lalu.", False),
    ("Selain pertukaran tahanan, siapa lagi yang dibebaskan?", "Jurnalis Evan Gershkovich juga dibebaskan.", True),
    ("Apart from the grain deal, which other agreement did Guterres propose?",
     "Guterres proposed reviving the grain deal.", False),
    # ... unless it names more than X ("juga", "serta", "also"): it holds another member
    ("Selain menghentikan perang, apa saja tujuan lain pertemuan itu?",
     "Pertemuan itu bertujuan memulihkan hubungan dagang, dan juga membahas upaya menghentikan perang.", True),
    ("Apart from the grain deal, which other agreement did Guterres propose?",
     "Guterres proposed reviving the grain deal as well as a prisoner swap.", True),
    ("Selain pertukaran tahanan, Qatar juga menengahi pemulangan anak. Siapa yang dibebaskan?",
     "Dalam pertukaran tahanan itu, Evan Gershkovich dibebaskan.", True),
    # a question about what is still to come is not answered by a time already past
    ("Kapan pemilihan presiden berikutnya akan digelar?", "Pemilihan presiden terakhir digelar tahun lalu.", False),
    ("Kapan pemilihan presiden berikutnya akan digelar?", "Pemilihan presiden akan digelar pada Maret 2026.", True),
    ("When will the next round of talks take place?", "The last round took place two weeks ago.", False),
    ("Kapan pemilihan presiden digelar?", "Pemilihan presiden digelar tahun lalu.", True),  # nothing to come asked
    # a country or an organisation named as the doer answers "who"; not a question asking for an office
    ("Siapa yang mengumumkan kesepakatan itu?", "Kesepakatan akhirnya diumumkan oleh Denmark, pemegang kepresidenan.", True),
    ("Who announced the plan?", "The plan was announced by the European Commission on Monday.", True),
    ("Siapa yang mengumumkan kesepakatan itu?", "Kesepakatan itu dibahas di Denmark.", False),
    ("Which foreign minister announced the deal?", "The deal was announced by the European Commission.", False),
    # ... but not a question about what someone did to the office holder
    ("Who met the Austrian chancellor in Vienna?", "Di Wina, Kanselir Austria menerima Viktor Orban.", True),
]


@pytest.mark.parametrize("question,sentence,expected", MORE)
def test_supplies_more(question, sentence, expected):
    assert supplies(sentence, analyse(question)) is expected


FOLLOW_UPS = [
    # a follow-up asks for something new: what its asker already stated (their last question) is no answer
    ("Berapa drone lagi yang ditembak jatuh?", "Apakah jet Polandia menembak jatuh 3 drone?",
     "Jet tempur menembak jatuh 3 drone.", False),
    ("Berapa drone lagi yang ditembak jatuh?", "Apakah jet Polandia menembak jatuh 3 drone?",
     "Ukraina menembak jatuh 415 drone malam itu.", True),
    ("Siapa yang mendampinginya?", "Apakah Rubio memimpin delegasi AS di Riyadh?",
     "Menteri Luar Negeri Marco Rubio tiba di Riyadh.", False),
    ("Siapa yang mendampinginya?", "Apakah Rubio memimpin delegasi AS di Riyadh?",
     "Rubio didampingi Penasihat Keamanan Nasional Mike Waltz.", True),
    ("Berapa drone lagi yang ditembak jatuh?", "", "Jet tempur menembak jatuh 3 drone.", True),  # no question before it
]


@pytest.mark.parametrize("question,context,sentence,expected", FOLLOW_UPS)
def test_a_follow_up_is_not_answered_by_what_its_asker_stated(question, context, sentence, expected):
    assert supplies(sentence, analyse(question, context)) is expected
