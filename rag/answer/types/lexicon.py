"""Word tables for finding mentions in Indonesian and English news sentences.

Each table is general news language (titles, units, currencies, cue words), never names or
numbers from particular articles. Places and given names live in data/*.txt.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).with_name("data")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that open a title before a name: "Presiden", "Menteri", "kata juru bicara ...".
TITLE_HEADS = _words(
    "presiden wapres menteri menlu menhan menkeu mendag perdana pm kanselir juru jubir utusan penasihat "
    "sekretaris sekjen direktur dirut kepala ketua raja ratu pangeran putri putra paus jenderal kolonel "
    "mayor letnan laksamana marsekal panglima komandan duta dubes senator gubernur wali walikota ajudan "
    "asisten pembantu komisaris pemimpin negosiator kapten pilot sutradara penulis wartawan jurnalis "
    "pengacara aktor aktris penyanyi menantu mantan istri suami ibu bapak pak bu syekh sheikh emir kuasa "
    "president vice minister premier chancellor secretary spokesman spokeswoman spokesperson envoy "
    "adviser advisor director chief chairman chairwoman chair head king queen prince princess pope "
    "general colonel admiral commander ambassador senator governor mayor leader negotiator captain "
    "mr mrs ms dr sir lord lady former deputy representative rep sen gen col chargé"
)
# Words that continue a title ("Menteri Luar Negeri", "Secretary of State"), never start a name.
TITLE_TAIL = _words(
    "luar negeri dalam pertahanan keuangan perdagangan ekonomi energi keamanan nasional khusus senior "
    "tinggi utama pertama eksekutif umum urusan kabinet staf gabungan agung besar istimewa berkuasa "
    "penuh kepresidenan federal muda madya kehormatan sementara terpilih bicara kota wakil presiden "
    "menteri perdana negara uni eropa komisi dewan runding delegasi usaha hukum "
    "foreign affairs defence defense finance interior state national security special senior chief "
    "deputy vice executive general prime high representative of for the minister secretary envoy "
    "commission council house white"
)
# Verbs of saying next to a name: "kata Witkoff", "Rubio mengatakan", "said Lavrov".
# ...and verbs whose object is a person: "menerima Witkoff", "didampingi Kushner", "met Araghchi".
SAY_BEFORE = _words("kata ujar ucap tutur tegas jelas tambah imbuh lanjut papar ungkap tulis sebut menurut said says told wrote added "
                    "menerima menemui bertemu didampingi mendampingi menelepon menyambut mengundang memecat menunjuk "
                    "mengangkat met phoned called appointed fired")
SAY_AFTER = _words(
    "mengatakan menyatakan berkata menegaskan menjelaskan menambahkan menyebut menyebutkan mengungkapkan "
    "menuturkan mengklaim menilai memperingatkan mengumumkan menulis mengakui membantah menyampaikan "
    "berujar berpendapat menekankan meminta mendesak menyerukan bertemu berbicara bertelepon "
    "said says told added stated warned announced wrote noted insisted argued urged met spoke"
)
# Surname endings that mark a personal name without a title ("Ushakov", "Tymoshenko", "Sikorski").
SURNAME_ENDINGS = (
    "ov", "ova", "ev", "eva", "yov", "enko", "chuk", "vich", "wicz", "ski", "sky", "skyy", "skiy", "ska",
    "shvili", "dze", "escu", "oglu", "oğlu", "opoulos", "sson", "sen", "son", "ez",
)
# Particles inside names ("von der Leyen", "bin Salman") and "of" inside titles and organisations.
NAME_LINKS = _words("von der van den de du da dos del bin binti al el la le of for")

# Head words that open a place name in Indonesian ("Istana X", "Desa X") or open one in English ("Port of X").
PLACE_HEADS = _words(
    "istana gedung kedutaan kedubes konsulat hotel bandara pelabuhan stasiun pangkalan markas balai "
    "wisma kastil benteng lapangan taman jalan jl desa kampung kota kabupaten provinsi oblast distrik "
    "wilayah kawasan pulau kepulauan semenanjung laut selat teluk sungai danau gunung pegunungan lembah "
    "gurun tanjung pltn pembangkit kilang pabrik bendungan jembatan katedral masjid gereja kompleks "
    "resor vila villa port gulf sea lake mount fort camp palace"
)
# Head words that close a place name in English ("Lancaster House", "Ramstein Air Base").
PLACE_TAILS = _words(
    "palace house hall castle tower building centre center square street avenue airport base station "
    "port harbour harbor bridge dam plant refinery embassy consulate hotel resort estate island islands "
    "sea ocean gulf bay strait river lake mountains peninsula province region oblast district county "
    "valley desert park cathedral mosque church stadium arena"
)
# Head words that open an organisation in Indonesian ("Komisi Eropa", "Bank Sentral X").
ORG_HEADS = _words(
    "uni komisi dewan kementerian kemenlu kemlu kemhan kemenhan kemendag kemenkeu badan bank dana pt "
    "lembaga organisasi perserikatan parlemen kongres senat departemen dinas angkatan partai universitas "
    "institut komite mahkamah pengadilan kejaksaan kepolisian kantor yayasan asosiasi federasi koalisi "
    "aliansi grup pasukan tentara garda layanan biro agensi otoritas sekretariat majelis kabinet "
    "pemerintah bursa kelompok gerakan front brigade batalion resimen divisi korps armada komando "
    "ministry department council court office bank house organisation organization"
)
# Head words that close an organisation in English ("European Commission", "Reuters News").
ORG_TAILS = _words(
    "commission council committee ministry department agency bank fund organisation organization union "
    "court parliament congress senate assembly party institute university office service forces army "
    "navy guard group company corporation corp inc ltd llc plc ag airlines network news times post "
    "journal press television tv radio foundation association federation alliance coalition authority "
    "bureau secretariat board exchange holdings"
)
# Words before a news outlet or platform: "dikutip dari X", "dilansir X", "kantor berita X", "lewat platform X".
MEDIA_CUES = _words(
    "dikutip mengutip dilansir melansir diberitakan laporan kantor berita harian koran majalah situs "
    "portal media platform televisi radio surat kabar stasiun jaringan wawancara reported quoted cited outlet interview "
    "newspaper broadcaster agency"
)
# Words before a company name: "perusahaan X", "raksasa energi X", "the firm X".
COMPANY_CUES = _words("perusahaan raksasa produsen operator firma maskapai konglomerat emiten bursa firm company giant maker "
                      "carrier lender insurer exchange")
# All-capital words of 2-6 letters that are not organisations (countries, time zones, currencies,
# units, measures, titles, summits, laws, roman numerals).
NOT_ORG_ACRONYMS = _words(
    "AS US USA UK UEA UAE RI RRT RRC DRC KTT WIB WITA WIT GMT UTC CET EET EST PST MSK USD EUR GBP IDR RUB "
    "CNY JPY KM MW GW KWH MWH GWH TWH BCM PDB GDP BBM LNG LPG PM CEO CFO MP TV AM UU RUU HAM PLTN "
    "OK II III IV VI VII VIII IX XI XII XX BPD NB"
)
# Pronouns and sentence openers, capitalised at a sentence's start but never names.
PRONOUNS = _words("ia dia mereka kami kita saya aku beliau anda kamu he she they we i it you namun tetapi")
# Seats of government that news uses as the name of a government ("Kremlin mengatakan"); those with a
# head word ("Gedung Putih", "White House") are found by the head word instead.
GOVERNMENT_SEATS = frozenset("Kremlin Pentagon Elysee Élysée Whitehall Bankova Zhongnanhai".split())
# Prepositions before a place ("di Riyadh", "in Geneva"); "dari"/"from" only with known places.
PLACE_PREPS = _words("di ke menuju dekat atas in at to near into across toward towards over inside outside")

MONTHS = {
    m: i % 12 + 1
    for i, m in enumerate(
        "januari februari maret april mei juni juli agustus september oktober november desember "
        "january february march april may june july august september october november december".split()
    )
} | {"pebruari": 2, "nopember": 11, "agust": 8, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
     "aug": 8, "sep": 9, "sept": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "des": 12}
MONTH_NAMES = tuple(m for m in MONTHS if len(m) > 3 and m not in ("agust", "sept")) + ("mei", "may")
WEEKDAYS = {
    d: i % 7
    for i, d in enumerate("senin selasa rabu kamis jumat sabtu minggu monday tuesday wednesday thursday friday saturday sunday".split())
} | {"jum'at": 4}

# Units of time, their length in days, for durations ("tiga jam", "90 minutes", "12-month").
TIME_UNITS = {
    "detik": 1 / 86400, "second": 1 / 86400, "seconds": 1 / 86400, "menit": 1 / 1440, "minute": 1 / 1440,
    "minutes": 1 / 1440, "jam": 1 / 24, "hour": 1 / 24, "hours": 1 / 24, "hari": 1, "day": 1, "days": 1,
    "pekan": 7, "minggu": 7, "week": 7, "weeks": 7, "bulan": 30, "month": 30, "months": 30, "tahun": 365,
    "year": 365, "years": 365, "windu": 2920, "dekade": 3650, "decade": 3650, "decades": 3650,
    "abad": 36500, "century": 36500, "centuries": 36500,
}
# Measures other than time and money ("275.000 ton", "1.000 km", "2 juta barel per hari").
MEASURE_UNITS = (
    "ton", "tons", "tonne", "tonnes", "kiloton", "megaton", "kg", "kilogram", "kilograms", "gram", "grams",
    "km", "kilometer", "kilometers", "kilometre", "kilometres", "meter", "meters", "metre", "metres", "mil",
    "mile", "miles", "mil laut", "nautical miles", "hektare", "hectare", "hectares", "ha", "km2", "km²",
    "kilometer persegi", "square kilometres", "square kilometers", "square miles", "barel", "barrel",
    "barrels", "bpd", "liter", "litre", "litres", "liters", "meter kubik", "cubic metres", "cubic meters",
    "bcm", "mw", "gw", "kw", "kwh", "mwh", "gwh", "twh", "megawatt", "megawatts", "gigawatt", "gigawatts",
    "knot", "knots", "derajat", "degrees", "feet", "foot", "kaki", "mm", "cm", "inci", "inch", "inches",
)
# Currencies written after the amount ("150 miliar euro", "2,2 miliar pound", "$500 billion" has its sign).
CURRENCY_WORDS = (
    "euro", "euros", "dolar as", "dolar amerika", "dolar", "dollar", "dollars", "usd", "eur", "pound sterling",
    "poundsterling", "pound", "pounds", "gbp", "rupiah", "idr", "rubel", "ruble", "rubles", "rouble", "roubles",
    "rub", "yuan", "renminbi", "cny", "yen", "jpy", "franc", "francs", "hryvnia", "hryvnias", "lira", "rupee",
    "rupees", "won", "riyal", "dirham", "ringgit", "baht", "peso", "pesos", "zloty", "krona", "kronor",
    "krone", "dinar",
)
# Currency signs and codes written before the amount ("Rp 1,6 triliun", "US$ 2 juta", "€90 billion").
CURRENCY_SIGNS = (r"US\$", r"S\$", r"A\$", r"C\$", r"HK\$", r"\$", "€", "£", "¥", r"Rp\.?", "USD", "EUR", "GBP", "IDR", "RUB")
PERCENT_WORDS = ("%", "persen", "per cent", "percent", "pct", "poin persentase", "percentage points", "percentage point")

# Words that follow a number without making it a count of things ("13 dan", "5 di").
NOT_COUNT_NOUNS = _words(
    "dan atau yang di ke dari pada untuk dengan hingga sampai oleh dalam sebagai lebih kurang per juga "
    "itu ini tersebut adalah ialah akan telah sudah masih lagi saja pun serta bahwa lipat persen "
    "and or the of to in on at for with by from as than per more less is are was were has have had "
    "will would also that this these those which who percent point points lalu silam kemudian ago later"
)
# Base verbs (no prefix) that make "untuk X" a purpose: "untuk fokus pada ...", "untuk bekerja ...".
BASE_VERBS = ("fokus", "mulai", "ikut", "hadir", "kembali", "tetap", "terus", "segera", "bisa", "dapat", "tidak", "tak",
              "bekerja", "belajar", "tiba", "datang", "pergi", "bantu", "coba", "jaga", "lindungi", "dorong", "capai",
              "buka", "tutup", "cegah", "hentikan", "akhiri", "pastikan", "bahas")
# Cues before a reason or purpose (Indonesian, English); the mention runs from the cue to the clause's end.
REASON_CUES = (
    r"karena", r"karna", r"sebab", r"lantaran", r"akibat", r"gara-gara", r"disebabkan", r"dipicu", r"berkat",
    r"mengingat", r"menyusul", r"setelah", r"sesudah", r"pasca", r"agar", r"supaya", r"demi", r"dalam rangka",
    r"dengan alasan", r"beralasan", r"alasannya", r"alasan", r"bertujuan", r"tujuannya", r"dimaksudkan", r"khawatir",
    r"kekhawatiran", r"takut", r"sengaja", r"dengan (?:begitu|demikian|cara itu)", r"menandai", r"menanggapi",
    r"merespons", r"(?:sebagai )?jawaban atas", r"yang menurut(?:nya|\s+\w+)", r"yang dinilai", r"yang dianggap",
    r"sebagai (?:tanggapan|respons|balasan|imbalan|tanda)", r"tanda(?: \w+)? bahwa", r"bila", r"apabila", r"jika",
    r"kecuali", r"(?:untuk|guna)(?=\s+(?!mereka\b|menteri\b|media\b|meja\b|menit\b|meter\b|metode\b|medan\b|dia\b|diri\b)"
    r"(?:(?:me|ber|di)\w{3,}|" + "|".join(BASE_VERBS) + r")\b)",
    r"because", r"due to", r"owing to", r"thanks to", r"as a result of", r"in order to", r"so that", r"aimed at",
    r"intended to", r"in response to", r"citing", r"for fear", r"fearing", r"in a bid to", r"after", r"following",
    r"marking", r"a sign that", r"unless", r"thereby", r"that way", r"deliberately",
    r"which (?:he|she|they|it) (?:said|says|argued|argues|called|calls)", r"deemed", r"seen as",
)
# Cues after a reason: "X, sehingga Y" -- the mention is the clause before the cue.
RESULT_CUES = (r"sehingga", r"oleh karena itu", r"oleh sebab itu", r"karena itu", r"karenanya", r"akibatnya", r"maka",
               r"therefore", r"thus", r"hence", r"as a result", r"so")


def _entries(name: str) -> list[tuple[list[str], str | None]]:
    """The lines of a place list in data/: (its "|"-separated spellings, what follows ";" or None)."""
    out = []
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        names, sep, tail = line.partition(";")
        out.append(([n.strip() for n in names.split("|")], tail if sep else None))
    return out


@lru_cache(maxsize=1)
def places() -> dict[str, str]:
    """Every spelling of a country, city or region -> its first (Indonesian) spelling."""
    out: dict[str, str] = {}
    for name in ("countries.txt", "places.txt", "regions.txt"):
        for names, _ in _entries(name):
            for n in names:
                out.setdefault(n, names[0])
    return out


@lru_cache(maxsize=1)
def city_countries() -> dict[str, str]:
    """A city's first (Indonesian) spelling -> the country it lies in, where places.txt gives one."""
    return {names[0]: country.strip() for names, country in _entries("places.txt") if country}


@lru_cache(maxsize=1)
def regions() -> frozenset[str]:
    """The first (Indonesian) spelling of every continent, sea and region (regions.txt)."""
    return frozenset(names[0] for names, _ in _entries("regions.txt"))


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """The (Indonesian) canonical spelling of every country."""
    return frozenset(names[0] for names, _ in _entries("countries.txt"))


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """English demonyms ("Russian", "Dutch") -> the country's Indonesian spelling."""
    return {a.strip(): names[0] for names, adjectives in _entries("countries.txt") if adjectives is not None
            for a in adjectives.split("|")}


def _spellings_table(name: str) -> dict[str, str]:
    """A data file of "spelling | spelling | ..." lines -> each spelling to the line's first one."""
    out: dict[str, str] = {}
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            names = [n.strip() for n in line.split("=")[0].split("|")]
            for n in names:
                out.setdefault(n, names[0])
    return out


@lru_cache(maxsize=1)
def organisations() -> dict[str, str]:
    """Every spelling of an international or state body ("EU", "European Union") -> its first (Indonesian) spelling."""
    return _spellings_table("organisations.txt")


@lru_cache(maxsize=1)
def offices() -> dict[str, str]:
    """Every spelling of an office ("chancellor", "kanselir") -> its first (Indonesian) spelling, lower case."""
    return _spellings_table("offices.txt")


@lru_cache(maxsize=1)
def office_classes() -> dict[str, frozenset[str]]:
    """A class of offices ("kepala pemerintahan", head of government) -> the offices it holds."""
    out = {}
    for line in (_DATA / "offices.txt").read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith("#"):
            names, held = line.split("=")
            out[names.split("|")[0].strip()] = frozenset(h.strip() for h in held.split(","))
    return out


@lru_cache(maxsize=4096)
def spellings(term: str) -> tuple[str, ...]:
    """`term` and the other spellings of the place or body it names, in either language ("Russia":
    "Rusia", "Federasi Rusia", ...; "Russian": the same country; "EU": "Uni Eropa", ...); just
    `term` for anything else."""
    for table, canonical in ((places(), places().get(term) or demonyms().get(term)),
                             (organisations(), organisations().get(term))):
        if canonical is not None:
            return (term, *sorted({n for n, c in table.items() if c == canonical} - {term}))
    return (term,)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    text = (_DATA / "given_names.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())
