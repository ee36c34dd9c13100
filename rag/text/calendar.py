"""The one calendar of month and weekday names, Indonesian and English, as the text writes them."""

from __future__ import annotations

# Month names as written, by month number: the Indonesian name (with its older spelling), the
# English one, and the abbreviations news pages use in date lines ("18 Feb 2025", "12 Agt").
_MONTH_SPELLINGS = [
    ("januari", "january", "jan"), ("februari pebruari", "february", "feb peb"), ("maret", "march", "mar"),
    ("april", "april", "apr"), ("mei", "may", ""), ("juni", "june", "jun"), ("juli", "july", "jul"),
    ("agustus", "august", "aug agu agt ags agst agus"), ("september", "september", "sep sept"),
    ("oktober", "october", "oct okt"), ("november nopember", "november", "nov nop"), ("desember", "december", "dec des"),
]
MONTHS_ID = {name: n for n, (id_, _, _) in enumerate(_MONTH_SPELLINGS, 1) for name in id_.split()}
MONTHS_EN = {name: n for n, (_, en, _) in enumerate(_MONTH_SPELLINGS, 1) for name in en.split()}
MONTH_ABBREVIATIONS = {name: n for n, (_, _, ab) in enumerate(_MONTH_SPELLINGS, 1) for name in ab.split()}
MONTHS = MONTHS_ID | MONTHS_EN | MONTH_ABBREVIATIONS  # every spelling, lower case -> 1..12

WEEKDAYS_ID = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6}
# Other spellings of the date lines: a typographic apostrophe, and "Ahad" for Sunday.
WEEKDAY_VARIANTS = {"jum’at": 4, "ahad": 6}
WEEKDAYS_EN = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
WEEKDAYS = WEEKDAYS_ID | WEEKDAY_VARIANTS | WEEKDAYS_EN

# How a date is shown, by language: the first (Indonesian or English) name of each month.
MONTH_NAMES = {
    "id": [id_.split()[0].capitalize() for id_, _, _ in _MONTH_SPELLINGS],
    "en": [en.capitalize() for _, en, _ in _MONTH_SPELLINGS],
}


def month_name(month: int, language: str = "id") -> str:
    """'Februari' for 2 ("id"), 'February' ("en")."""
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month}")
    return MONTH_NAMES.get(language, MONTH_NAMES["id"])[month - 1]
