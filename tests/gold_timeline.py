"""A small gold list for the timeline and the people index, written by hand from seeds/."""

A = "000_5dbc1a91aa8e06a2.txt"  # Waltz/Ushakov call, "dikutip dari TASS 20 Maret"; no publication date
B = "001_8692206af46fdf20.txt"  # Riyadh meeting, "Selasa 18 Februari 2025"
C = "002_f270e526a9c4b75d.txt"  # Miami meeting, "Sabtu (20/12)"; no year anywhere
D = "003_6dba894c3f267814.txt"  # Rubio-Lavrov call before talks "minggu depan"; states no date at all
E = "004_c75a26120ef4de30.txt"  # Trump-Putin call, "Rabu (12/2/2025)"

# The date each article's relative expressions are read against.
ANCHORS = {
    A: "2025-03-20",  # the latest date it states ("20 Maret"), the year from the dated articles
    B: "2025-02-18",  # its publication date
    C: "2025-12-21",  # "Minggu (21/12)": 21 December falls on a Sunday in 2025
    D: "2025-02-15",  # "panggilan Trump dengan Putin pada hari Rabu" = the call E dates, 12 Feb, + 3 days
    E: "2025-02-12",  # its publication date
}

# (article, expression as written, ISO date, precision), resolved against the article's anchor.
DATES = [
    (E, "Rabu (12/2/2025)", "2025-02-12", "day"),
    (B, "Selasa 18 Februari 2025", "2025-02-18", "day"),
    (B, "24 Februari 2022", "2022-02-24", "day"),
    (B, "minggu Lampau", "2025-02-10", "approximate"),  # the week of 10-16 February
    (A, "18 Februari", "2025-02-18", "day"),
    (A, "27 Februari", "2025-02-27", "day"),
    (A, "18 Maret", "2025-03-18", "day"),
    (A, "20 Maret", "2025-03-20", "day"),
    (A, "bulan lalu", "2025-02", "month"),
    (A, "akhir bulan lalu", "2025-02-21", "approximate"),
    (A, "dalam beberapa hari mendatang", "2025-03-21", "approximate"),
    (C, "Sabtu (20/12)", "2025-12-20", "day"),
    (C, "Minggu (21/12)", "2025-12-21", "day"),
    (C, "bulan ini", "2025-12", "month"),
    (D, "pekan depan", "2025-02-17", "approximate"),  # the week of 17-23 February
    (D, "minggu depan", "2025-02-17", "approximate"),
    (D, "pada hari Rabu", "2025-02-12", "day"),
    (D, "pada hari Kamis", "2025-02-13", "day"),
]

# Events several articles report: they must be one entry citing each of them.
MERGED = [
    {"what": "Riyadh meeting", "date": "2025-02-18", "precision": "day", "sources": {A, B, D},
     "places": {"Riyadh"}, "people": {"Marco Rubio", "Mike Waltz", "Steve Witkoff"}},
    {"what": "Trump-Putin phone call", "date": "2025-02-12", "precision": "day", "sources": {A, B, D, E},
     "places": set(), "people": {"Donald Trump", "Vladimir Putin"}},
]
# Events one article reports.
SINGLE = [
    {"what": "Istanbul meeting", "date": "2025-02-27", "places": {"Istanbul"}, "source": A},
    {"what": "Putin-Trump call of 18 March", "date": "2025-03-18", "people": {"Donald Trump", "Vladimir Putin"}, "source": A},
    {"what": "Miami meeting", "date": "2025-12-20", "people": {"Kirill Dmitriev", "Steve Witkoff", "Jared Kushner"}, "source": C},
]

PEOPLE = {
    "Marco Rubio", "Sergei Lavrov", "Mike Waltz", "Steve Witkoff", "Yury Ushakov", "Kirill Dmitriev",
    "Donald Trump", "Vladimir Putin", "Volodymyr Zelensky", "Tammy Bruce", "Jared Kushner", "John Ratcliffe",
    "Keith Kellogg", "Sergei Ryabkov",
}
VARIANTS = {
    "Sergei Lavrov": {"Sergei Lavrov", "Sergey Lavrov"},
    "Volodymyr Zelensky": {"Volodymyr Zelensky", "Volodymyr Zelenskyy"},
    "Mike Waltz": {"Mike Waltz", "Michael Waltz"},
}
# (person, a role the articles give them, as written; compared case-insensitively)
ROLES = [
    ("Marco Rubio", "Menteri Luar Negeri AS"),
    ("Sergei Lavrov", "Menteri Luar Negeri Rusia"),
    ("Steve Witkoff", "utusan khusus Presiden AS Donald Trump"),
    ("Steve Witkoff", "utusan Timur Tengah"),
    ("Yury Ushakov", "Ajudan Kremlin"),
    ("Mike Waltz", "Penasihat Keamanan Nasional AS"),
    ("Kirill Dmitriev", "utusan khusus Presiden Rusia Vladimir Putin"),
    ("Tammy Bruce", "Juru Bicara Kementerian Luar Negeri AS"),
    ("Jared Kushner", "menantu Trump"),
    ("John Ratcliffe", "direktur CIA"),
    ("Sergei Ryabkov", "Wakil Menteri Luar Negeri Rusia"),
    ("Volodymyr Zelensky", "Presiden Ukraina"),
]
# Capitalised phrases in the seeds that name places, offices or platforms, not people.
NOT_PEOPLE = {"Timur Tengah", "Gedung Putih", "Arab Saudi", "Amerika Serikat", "Laut Hitam", "Truth Social",
              "Amerika Perkumpulan", "Dinas Keamanan Federal"}
