"""Question cues: which words ask for which kind of answer, in Indonesian and English.

All tables are matched against the lower-cased question. Order matters where noted: the first
cue that matches decides, so specific cues ("berapa lama", "how long ago") come before general
ones ("berapa", "how").
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_LEAD = r"^(?:\W*(?:lalu|kalau begitu|terus|jadi|dan|tapi|and|so|but|then|also|okay|ok)\b,?\s*)*"
_AUX = r"(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could|should|shall|may|might|must)"

# Yes/no questions open with an auxiliary or a "-kah" word. "Did anyone else ..." asks for a person.
YESNO_PERSON = re.compile(_LEAD + _AUX + r"\s+(?:anyone|anybody|someone|somebody|any other (?:leader|official|person))\b"
                          r"|\b(?:adakah|apakah ada)\s+(?:orang|pihak|pejabat|tokoh|pemimpin)\s+lain\b|\bsiapa lagi\b")
YESNO = re.compile(_LEAD + r"(?:" + _AUX + r"n?'?t?|isn't|aren't|wasn't|weren't|didn't|doesn't|won't|"
                   r"apakah|adakah|benarkah|sudahkah|akankah|bisakah|dapatkah|haruskah|pernahkah|mungkinkah|maukah|"
                   r"bukankah|apa benar|apa betul|betulkah)\b")

# Specific cues, first match wins (a "when" only at the start or before an auxiliary: elsewhere it
# is the conjunction "when X reported it").
KIND_CUES: list[tuple[str, re.Pattern[str]]] = [
    # Ordinals ("yang keberapa", "ke berapa"): "kali kedelapan", "ke-8", "the eighth".
    ("ordinal", re.compile(r"\b(?:ke-?\s?berapa|keberapa)\b")),
    # Time of day: "pukul berapa", "jam berapa", "what time".
    ("time", re.compile(r"\b(?:pukul|jam) berapa\b|\bwhat time\b|\b(?:at )?what hour\b")),
    # "How long ago" asks for a point in time.
    ("date", re.compile(r"\bhow long ago\b|\bberapa (?:hari|pekan|minggu|bulan|tahun) (?:yang )?lalu\b")),
    # Durations: "berapa lama", "how long", "berapa jam/hari", "how many days", age.
    ("duration", re.compile(r"\b(?:se)?berapa lama\b|\bhow long\b|\bberapa (?:detik|menit|jam|hari|pekan|minggu|bulan|tahun|dekade|abad)\b"
                            r"|\bhow many (?:seconds|minutes|hours|days|weeks|months|years|decades)\b|\bhow old\b|\bat what age\b"
                            r"|\b(?:usia|umur) berapa\b|\bberapa (?:usia|umur)\b")),
    # Percentages and shares: "berapa persen", "berapa bagian", "what share", "how much of".
    ("percent", re.compile(r"\bberapa (?:persen|%|bagian|porsi|proporsi|persentase)\b|\bpersentase(?:nya)? berapa\b"
                           r"|\bwhat (?:percentage|percent|proportion|share|fraction|portion)\b|\bhow much of (?!the (?:money|funds?|cash|loan))"
                           # A rate is a percentage: "what interest rate", "at what rate", "berapa suku bunga".
                           r"|\bwhat (?:(?:is|was|are|were|will be) (?:the )?)?(?:[\w-]+ ){0,2}rates?\b|\bat what rate\b"
                           r"|\bberapa (?:suku |tingkat |laju )?(?:bunga|inflasi|pertumbuhan|pengangguran)\b|\b(?:suku bunga|bunga|inflasi)(?:nya)? berapa\b")),
    # Dates: "kapan", "tanggal berapa", "tahun berapa", "hari apa", "what date", "which year", "since when".
    ("date", re.compile(r"\bkapan(?:kah)?\b|\b(?:tanggal|tgl|hari|bulan|tahun) (?:berapa|apa)\b|\b(?:what|which) (?:date|dates|day|days|year|years|month|months)\b"
                        r"|\b(?:since|until|till|by) when\b|" + _LEAD + r"when\b|\bwhen " + _AUX + r"\b")),
    # Reasons and purposes: "mengapa", "kenapa", "why", "apa alasan", "untuk apa", "what prompted".
    ("reason", re.compile(r"\b(?:mengapa|kenapa|why|how come)\b|\b(?:apa|what(?: (?:is|was|are|were) the)?)\s+(?:alasan|sebab|penyebab|tujuan|maksud|motif|"
                          r"reasons?|purpose|cause|motive|aim|goal|rationale)\b|\b(?:alasan|sebab|tujuan|motif) apa\b|\b(?:untuk|buat|guna|bertujuan) apa\b"
                          r"|\bapa yang (?:membuat|menyebabkan|mendorong|memicu|melatarbelakangi)\b|\bfor what (?:reason|purpose)\b"
                          r"|\bwhat (?:prompted|caused|led|made|drove|motivated|triggered|pushed)\b")),
]
# "Berapa"/"how many"/"how much" questions are sorted by the noun they ask about.
BERAPA = re.compile(r"(?<!se)\bberapa\b((?:\s+[\w-]+){0,3})")
BERAPA_BEFORE = re.compile(r"\b(\w+?)(?:nya)? berapa\b")
HOW_MANY = re.compile(r"\bhow many\b((?:\s+[\w-]+){0,2})")
HOW_MUCH = re.compile(r"\bhow (?:much|big|large|far|often)\b((?:\s+[\w'-]+){0,5})")
# "What is the price/ceiling/value of ..." asks for money; "what was the death toll" for a count.
WHAT_AMOUNT = re.compile(r"\bwhat (?:is|was|are|were) the (?:[\w-]+ ){0,3}(?:price|cost|value|ceiling|cap|budget|amount|fee|fine|sum)\b"
                         r"|\bwhat money\b")
WHAT_NUMBER = re.compile(r"\bwhat (?:is|was|are|were) the (?:[\w-]+ ){0,2}(?:number|toll|tally|headcount)\b")
# "What is the name of the X", "apa nama X": the kind of X.
NAME_OF = re.compile(r"\b(?:what|which) (?:is|was|are|were) the names? of (?:the |a |an |this |that |these |those )?((?:[\w'-]+\s*){1,5})"
                     r"|\b(?:apa|sebutkan) nama(?:-nama)? ((?:[\w-]+\s*){1,2})")
# Person, place and organisation questions: "siapa", "who" (not the relative "the leaders who").
PERSON = re.compile(r"\bsiapa(?:kah)?\b|" + _LEAD + r"(?:who|whom|whose)\b|(?:,|\b(?:with|to|by|for|from|of|and|but|else))\s+(?:who|whom|whose)\b"
                    r"|\bwho (?:else|" + _AUX + r")\b")
PLACE = re.compile(r"\b(?:di|ke)\s?mana(?:kah)?\b|" + _LEAD + r"where\b|\bwhere " + _AUX + r"\b|\bwhereabouts\b")
# "On what date", "tanggal berapa": a calendar date is asked, which "pekan depan" or "next week" is not.
CALENDAR_DATE = re.compile(r"\b(?:what|which) (?:date|day of the month)\b|\btanggal (?:berapa|kapan)\b|\bpada tanggal\b")
# A question about what is still to come ("Kapan ... akan digelar", "When will ..."), which a time
# already past ("bulan lalu", "last week") does not answer.
FUTURE = re.compile(r"\b(?:akan|bakal|berikutnya|selanjutnya|mendatang|dijadwalkan|will|next|upcoming|scheduled)\b")
PAST = re.compile(r"\b(?:lalu|lampau|silam|kemarin|sebelumnya|ago|last|yesterday|earlier)\b", re.I)
# "Which X" (English) and "X mana/apa" (Indonesian) by the noun X.
WHICH = re.compile(r"\b(?:which|what)\b((?:\s+[\w'-]+){1,5})")
MANA = re.compile(r"((?:[\w-]+\s+){1,4})(?:mana|apa)\b")
MANNER = re.compile(r"\bbagaimana(?:kah)?\b|\bgimana\b|\bseperti apa\b|\bdengan cara apa\b|\bhow\b(?! (?:many|much|long|far|often|old|come)\b)")
# Words that end the noun phrase after "which"/"what".
STOP_AFTER_WHICH = _words("is are was were did does do has have had will would can could should of in on at to for that who "
                          "the a an their his her its our your this these those dan yang di ke untuk dengan")
# Indonesian words shaped like prefixed verbs (me-, ber-, ter-, di-...-kan) that are nouns or pronouns.
NOT_VERBS = _words("menteri mereka media meja menit meter metode medan merek memo mesin mesir meksiko melayu berita berat "
                   "beras teroris terminal ternak")

NOUN_KINDS: dict[str, frozenset[str]] = {
    "person": _words(
        "pejabat pemimpin menteri menlu presiden utusan kanselir diplomat jubir tokoh orang jurnalis wartawan penulis kapten "
        "pilot jenderal komandan direktur penasihat politikus politisi senator negosiator raja ratu kepala ketua pangeran "
        "pengusaha miliarder ajudan sutradara aktor penyanyi atlet pemain pelatih hakim jaksa pengacara dubes duta "
        "leader leaders official officials minister ministers president presidents envoy envoys chancellor chancellors premier "
        "pm diplomat diplomats spokesman spokeswoman spokesperson person people persons journalist journalists author authors "
        "reporter captain pilot general commander director adviser advisor politician senator lawmaker lawmakers negotiator "
        "negotiators king queen pope chief head heads ambassador ambassadors secretary governor mayor ceo businessman "
        "billionaire aide aides judge prosecutor lawyer actor singer player coach"),
    "place": _words(
        "kota negara desa kampung wilayah kawasan provinsi istana gedung tempat lokasi pulau perairan laut pelabuhan bandara "
        "pangkalan hotel venue benua daerah oblast distrik kabupaten city cities country countries town towns village villages "
        "state states region regions venue venues building capital capitals province provinces location locations place places port ports "
        "airport base palace hotel room nation nations island islands sea continent district territory territories"),
    "organisation": _words(
        "lembaga organisasi badan perusahaan media televisi harian koran majalah bank kementerian partai dana institusi komisi "
        "dewan firma korporasi bursa platform situs portal aliansi blok maskapai produsen operator klub kelompok pengadilan "
        "mahkamah agensi otoritas organisation organization organisations organizations agency agencies company companies "
        "firm firms bank banks ministry ministries body bodies institution institutions network networks outlet outlets "
        "newspaper newspapers broadcaster channel fund funds party parties exchange exchanges platform platforms group groups "
        "alliance bloc court committee council commission union authority authorities airline airlines club lender insurer "
        "website site"),
    "money": _words(
        "nilai harga biaya ongkos dana anggaran uang duit pinjaman utang hutang investasi kerugian keuntungan laba pendapatan "
        "penerimaan denda gaji modal kompensasi hibah subsidi pajak cukai belanja kekayaan tebusan premi pembiayaan pendanaan "
        "fiskal money cost costs price prices value worth fund funds funding loan loans aid budget revenue revenues income "
        "debt fine fines pay paid spend spent spending invest investment fiscal compensation damages ransom salary fee fees "
        "tax reparations euro euros dolar dollar dollars pound pounds rupiah rubel ruble rubles yuan yen"),
    "quantity": _words(
        "gas minyak gandum biji-bijian listrik energi air bahan bakar bbm produksi ekspor impor oil grain wheat fuel "
        "electricity power energy water crude lng coal steel aluminium aluminum land distance weight volume capacity ton "
        "tons tonne tonnes barrel barrels barel kilogram kg km kilometer kilometers kilometres meter meters megawatt liter litres"),
}
# What a count counts, by its noun: "how many troops" is not answered by "35 negara". Nouns of
# neither table count nothing known, and a count of them is not ruled out.
COUNTED: dict[str, frozenset[str]] = {
    "people": NOUN_KINDS["person"] | _words(
        "tentara pasukan prajurit personel serdadu warga penduduk korban tahanan tawanan narapidana pengungsi anak "
        "perempuan pria relawan demonstran pengunjuk militan petugas anggota karyawan pekerja pegawai "
        "troops soldiers personnel servicemen civilians residents victims casualties prisoners detainees captives "
        "refugees children women men volunteers protesters militants workers employees members staff individu "
        "individuals"),
    "places": NOUN_KINDS["place"],
    "bodies": NOUN_KINDS["organisation"] | _words("entitas entities"),
    "craft": _words(
        "kapal tanker pesawat jet helikopter drone rudal roket misil tank kendaraan truk kereta satelit "
        "ship ships vessel vessels tanker tankers aircraft plane planes jet jets helicopter helicopters drone drones "
        "missile missiles rocket rockets tank tanks vehicle vehicles truck trucks train trains satellite satellites"),
}

# Two-word nouns checked before single words ("kantor berita", "head of government").
NOUN_PAIRS = {"kantor berita": "organisation", "surat kabar": "organisation", "stasiun televisi": "organisation",
              "ibu kota": "place", "kepala pemerintahan": "person", "kepala negara": "person", "perdana menteri": "person",
              "juru bicara": "person", "prime minister": "person", "news agency": "organisation", "state fund": "organisation"}
# "Berapa banyak yang diimpor": volumes of goods are quantities, not counts.
VOLUME_VERBS = re.compile(r"\b(?:di)?(?:impor|ekspor|produksi|pasok)\b|\bdiproduksi\b|\b(?:import|export|produc|suppl|ship|pump)\w*\b")
# Words after "berapa" that ask for money or stand for "how much/many".
BERAPA_AMOUNT = _words("banyak jumlah besar total nilai")

# "Siapa saja", "apa saja", "sebutkan", "who were": the answer has several members.
PLURAL = re.compile(r"\b(?:siapa|apa|mana|kapan|di ?mana|ke ?mana|berapa|yang mana)(?:kah)? saja\b|\bapa-apa saja\b|\bsebutkan\b"
                    r"|\bwho (?:were|are)\b|\bwho (?:was|were|is|are) (?:on|part of|among|included in|in) the (?:[\w-]+ ){0,2}"
                    r"(?:delegation|team|group|panel|committee|coalition|list|cabinet|board)\b|\b(?:list|name) (?:the|all)\b")
# Reduplicated nouns are plural ("negara-negara mana"), but these reduplications are words of their own.
LEXICAL_REDUPLICATIONS = _words("masing kira tiba sia baik sama benar hati cepat lama jangan paling rata pura kupu laba mata "
                                "undang bangsa kura diam")
REDUPLICATED_ASKED = re.compile(r"\b([a-z]+)-\1\b(?:\s+[\w-]+){0,2}\s+(?:apa|mana)\b")
# English plural nouns that end in -s but are singular (and common words that are not nouns).
NOT_PLURAL = _words("news this was is has does its us gas bus status series crisis analysis basis thesis process access "
                    "business success congress address press chess less across plus bonus census campus virus always "
                    "perhaps whereas thus various previous famous serious")
IRREGULAR_PLURALS = _words("people men women children")
# An explicit number of members: "which three countries", "apa saja empat langkah", "dua kota mana".
# (Lookaheads, so that overlapping candidates are all tried: "di dua kota mana".)
EXPECTED = [
    re.compile(r"\b(?=(?:which|what)(?: (?:are|were))?(?: the)? ([a-z]+|\d{1,2})\b)"),
    re.compile(r"\b(?=(?:name|list) (?:the )?([a-z]+|\d{1,2})\b)"),
    re.compile(r"\b(?=(?:apa|siapa|mana|sebutkan)(?:kah)?(?: saja)? ([a-z]+|\d{1,2})\b)"),
    re.compile(r"\b(?=([a-z]+|\d{1,2}) [\w-]+(?: [\w-]+)? (?:apa|mana|siapa)\b)"),
]

# Place questions by scale: "negara mana" wants a country; "kota/desa/istana mana" something inside one.
COUNTRY_NOUNS = _words("negara country countries nation nations")
# "Which member states": states of a union are countries, where "which US state" is not.
MEMBER_STATES = re.compile(r"\bmember[ -]states?\b")
LOCAL_NOUNS = _words("kota desa kampung istana gedung hotel venue venues pulau pelabuhan bandara pangkalan city cities town "
                     "towns village villages building palace port airport base island room")
