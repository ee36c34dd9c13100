"""Find things of one kind in a sentence: durations, times, dates, amounts, names, reasons.

`find(sentence, kind)` gives `Mention`s with a comparison key: a number's value, a date's
(year, month, day), a name's last word, so that a sentence's mention can be told from one the
question already states. Kinds that share digits are kept apart: a count never takes a number
that belongs to a date, an amount or a duration, and "tiga tahun lalu" is a date, not a duration.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon as lx
from .clauses import Mention, events, fold, reasons
from .enumeration import ORDINALS
from .names import names
from .numerals import NUMBER, value
from rag.text.calendar import MONTHS_EN, MONTHS_ID


def _alt(words) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_MON = "(?:" + "|".join(sorted({m.capitalize() for m in lx.MONTH_NAMES}, key=len, reverse=True)) + ")"
_WD = "(?:" + "|".join(sorted({d.capitalize() for d in lx.WEEKDAYS}, key=len, reverse=True)) + ")"
_Y = r"(?:19|20)\d{2}"
# Patterns open with a word boundary where every match starts at one anyway: the regex engine then
# gives up mid-word at once instead of trying each alternative there (2-3x faster on these).
_LEAD_WD = rf"\b(?:{_WD},?\s*\(?\s*)?"
_QUAL = (r"\b(?:(?:selama|sepanjang|lebih dari|kurang dari|hampir|sekitar|kira-kira|setidaknya|sedikitnya|paling lama|"
         r"hanya|baru|hingga|sampai|for|about|nearly|almost|over|more than|less than|up to|at least|roughly|around|"
         r"some|just|only)\s+)*")
_UNIT = "(?:" + _alt(lx.TIME_UNITS) + ")"
# After a number of time units these make a point in time: "tiga tahun lalu", "dua hari setelah ...".
_REL = r"(?:lalu|yang lalu|silam|lampau|kemudian|sebelumnya|sesudahnya|setelahnya|mendatang|lagi|setelah|sesudah|sebelum|usai|seusai|menjelang|ago|later|earlier|before|after)"

_DATE = [re.compile(p, f) for p, f in [
    (rf"{_LEAD_WD}\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b\)?|\b\d{{4}}-\d{{2}}-\d{{2}}\b", 0),
    (rf"{_LEAD_WD}\b\d{{1,2}}\s+{_MON}(?:\s+{_Y})?\b\)?", 0),
    (rf"\b{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+{_Y}\b)?|\b\d{{1,2}}(?:st|nd|rd|th)?\s+of\s+{_MON}(?:\s+{_Y})?\b", 0),
    (rf"{_WD},?\s*\(\s*\d{{1,2}}/\d{{1,2}}\s*\)", 0),
    (rf"\b(?:(?:awal|pertengahan|akhir|early|mid|late)[\s-]+)?(?:bulan\s+)?{_MON}(?:\s+{_Y})?\b", 0),
    (rf"\b(?:(?:awal|pertengahan|akhir|early|mid|late)[\s-]+)?(?:tahun\s+)?{_Y}(?:-an|s)?\b(?![.,]\d)", 0),
    (rf"\b(?:pada\s+)?(?:hari\s+)?{_WD}\b", 0),
    (rf"\b(?:{NUMBER}|beberapa|a few|several)\s+{_UNIT}\s+{_REL}\b", re.I),
    (r"\b(?:(?:awal|pertengahan|akhir)\s+)?(?:minggu|pekan|bulan|tahun)\s+(?:lalu|lampau|depan|ini|berikutnya|sebelumnya|kemarin|mendatang)\b", re.I),
    (r"\b(?:hari ini|kemarin(?: malam| sore| pagi)?|besok|lusa|semalam|tadi malam|keesokan harinya|akhir pekan(?: ini| lalu| depan)?|"
     r"sehari (?:sebelumnya|kemudian|setelahnya|sesudahnya)|(?:awal|akhir|pertengahan) tahun(?: ini| lalu| depan)?)\b", re.I),
    (r"\b(?:dalam\s+)?beberapa\s+(?:hari|pekan|minggu|bulan)\s+(?:mendatang|ke depan|terakhir)\b", re.I),
    (r"\b(?:today|yesterday|tomorrow|tonight|(?:last|next|this|earlier this|later this) (?:week|month|year|weekend|night)|"
     r"the (?:next|following|previous) (?:day|week|month))\b", re.I),
]]
_AGO = re.compile(r"(?:lalu|yang lalu|silam|lampau|ago)$", re.I)
_TZ = r"(?:WIB|WITA|WIT|GMT|UTC|CET|CEST|EET|EST|EDT|PST|MSK|waktu setempat|local time)"
_DAYPART = r"(?:pagi|siang|sore|petang|malam|dini hari)"
_CLOCK = rf"\d{{1,2}}(?:[.:]\d{{2}})?(?:\s*(?:{_TZ}|a\.m\.|p\.m\.|am|pm|{_DAYPART}))?"
_TIME = [re.compile(p, f) for p, f in [
    (rf"\b(?:pukul|jam|pkl\.?)\s+{_CLOCK}(?:\s*(?:-|–|hingga|sampai|s\.d\.?)\s*(?:pukul\s+)?{_CLOCK})?", re.I),
    (rf"\b\d{{1,2}}[.:]\d{{2}}\s*(?:{_TZ}|a\.m\.|p\.m\.|am|pm)(?!\w)|\b\d{{1,2}}:\d{{2}}\b|\b\d{{1,2}}\s*(?:a\.m\.|p\.m\.|am|pm)(?!\w)", re.I),
    (r"\b(?:tengah malam|dini hari|tengah hari|subuh|midnight|noon|midday|dawn|overnight)\b", re.I),
    (rf"\b(?:{_WD}|hari|kemarin|besok)\s+{_DAYPART}\b|\b{_DAYPART}\s+(?:hari|ini|itu|tadi|nanti)\b|\btadi\s+{_DAYPART}\b", 0),
    (r"\b(?:(?:this|that|on \w+day|in the|early in the|late in the)\s+(?:morning|afternoon|evening)|at night|late at night)\b", re.I),
]]
_DURATION = [re.compile(p, re.I) for p in [
    rf"{_QUAL}(?:{NUMBER}|beberapa|several|a few|a couple of)\s*(?:-\s*)?(?:{_UNIT})\b",
    rf"{_QUAL}\b(?:se(?:hari|jam|bulan|tahun|pekan|minggu|abad|windu|dekade)|seharian|semalaman|berjam-jam|berhari-hari|"
    rf"berminggu-minggu|berbulan-bulan|bertahun-tahun|(?:an?|one)\s+(?:hour|day|week|month|year|decade)|half an hour|setengah jam)\b",
]]
_MONEY = [re.compile(p, re.I) for p in [
    rf"(?:{'|'.join(lx.CURRENCY_SIGNS)})\s?\d[\d.,]*(?:\s*(?:ribu|juta|miliar|milyar|triliun|thousand|million|billion|trillion)\b|(?:bn|mn|m|b|k)\b)?",
    rf"{NUMBER}\s+(?:{_alt(lx.CURRENCY_WORDS)})\b",
]]
# Fractions say a share: "dua pertiga", "separuh", "two-thirds", "a quarter of".
_FRACTION = re.compile(r"\b(?:(?:satu|dua|tiga|empat|se)\s?per(?:dua|tiga|empat|lima|sepuluh)|separuh|setengah dari|"
                       r"(?:a|one|two)[\s-]thirds?|(?:a|one|three)[\s-]quarters?|half of)\b", re.I)
_PERCENT = re.compile(rf"{NUMBER}\s*(?:{_alt(lx.PERCENT_WORDS)})(?:\s+(?:(?:dari|of)\s+)?(?:PDB|GDP|produk domestik bruto))?", re.I)
_QUANTITY = re.compile(rf"{_QUAL}{NUMBER}\s*(?:{_alt(lx.MEASURE_UNITS)})\b(?:\s+(?:per|a|setiap)\s+(?:hari|tahun|bulan|day|year|month))?", re.I)
_COUNT = re.compile(rf"(?<!salah )({NUMBER})\s+(?:of\s+)?([^\W\d_][\w-]*)", re.I)
# "26 di antaranya", "ten of them": a count of things named before.
_COUNT_OF_THEM = re.compile(rf"({NUMBER})\s+(?:di antara(?:nya|\s+mereka)|dari\s+mereka|of\s+them|among\s+them)\b", re.I)
# Nouns before a number that designate rather than count: "Pasal 4", "putaran 2", "Article 5".
_DESIGNATORS = frozenset("pasal article nomor no paket putaran round tahap fase phase level tingkat gelombang bab ayat resolusi resolution kelas class nomor".split())
# Where something happens need not be a named place: "di darat, di laut, dan di udara", "at the border".
# Lower case only: "di Laut Hitam" is a name, found with the others.
_LOCATIVE = re.compile(r"\bdi (darat|laut|udara|perbatasan|garis depan|medan perang)\b"
                       r"|\b(?:on|at|in) (?:the )?(land|sea|air|border|front ?line|battlefield)\b")
NUMERIC = ("time", "date", "money", "percent", "quantity", "duration", "count")
NAMED = ("person", "place", "organisation")


# "kedelapan", "ke-8", "eighth", "8th": an ordinal and its value.
_ORDINAL_WORDS = {**{w: n for w, n in ORDINALS.items() if n}, "kesebelas": 11, "keduabelas": 12, "kedua belas": 12,
                  "eleventh": 11, "twelfth": 12}
_IN_DIGITS = r"ke-?(\d{1,3})|(\d{1,3})(?:st|nd|rd|th)"
_ORDINAL = re.compile(r"\b(?:(" + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True)) + r")|" + _IN_DIGITS + r")\b",
                      re.IGNORECASE)
_ORDINAL_IN_DIGITS = re.compile(rf"\b(?:{_IN_DIGITS})\b", re.IGNORECASE)


# "Ketiga pesawat itu", "kedua negara": a ke- number before the noun it counts, opening a clause, is
# "all three", "both"; an ordinal follows its noun ("putaran ketiga") or leads "kali" ("kedua kalinya").
_COLLECTIVE = re.compile(r"(?:(?<=^)|(?<=[,;:(] )|(?<=\bbahwa ))(?:" + "|".join(w for w in ORDINALS if w.startswith("ke"))
                         + r")\s+(?!kali(?:nya)?\b)[^\W\d_]", re.IGNORECASE)


def _ordinal_value(m: re.Match) -> int:
    return _ORDINAL_WORDS[m.group(1).lower()] if m.group(1) else int(m.group(2) or m.group(3))


def numbered(text: str) -> frozenset[int]:
    """The ordinals a text writes in digits, which number an event ("paket sanksi ke-16", "the 16th
    package"); not the ordinals in words ("pertama", "kedua"), which rank anything."""
    return frozenset(int(a or b) for a, b in _ORDINAL_IN_DIGITS.findall(text))


_MONTH_NAME = re.compile(r"\b(?!May\b)(" + "|".join(n.capitalize() for n in {**MONTHS_ID, **MONTHS_EN}) + r")\b")
_MODAL_MAY = re.compile(r"\bMay\b(?=\s+(?:\d|\w+\s+\d{4}))|(?<=\bin )May\b|\bMay\b(?=\s+\d)")
_MONTH_IN_DIGITS = re.compile(r"\b\d{1,2}/(\d{1,2})(?:/\d{4})?(?=\s*\))|\b\d{1,2}/(\d{1,2})/\d{4}\b")


def months(text: str) -> frozenset[int]:
    """The months a text names ("Oktober", "in May 2025") or dates in digits ("Kamis (23/10)",
    "23/10/2025"); English "May" only where a day or year goes with it, or after "in"."""
    found = {MONTHS_ID.get(m.lower()) or MONTHS_EN[m.lower()] for m in _MONTH_NAME.findall(text)}
    found |= {5 for _ in _MODAL_MAY.finditer(text)}
    found |= {int(a or b) for a, b in _MONTH_IN_DIGITS.findall(text)}
    return frozenset(m for m in found if 1 <= m <= 12)


def find(sentence: str, kind: str) -> list[Mention]:
    """Mentions of `kind` in `sentence`, in order, without overlaps."""
    return list(_find(sentence, kind))


@lru_cache(maxsize=1 << 16)  # a corpus's sentences times the kinds: ~20 MB when full, with _unblocked (~300 bytes an entry)
def _find(sentence: str, kind: str) -> tuple[Mention, ...]:
    return tuple(_search(sentence, kind))


def _search(sentence: str, kind: str) -> list[Mention]:
    if kind in NAMED:
        found = [Mention(n.start, n.end, n.text, name_key(n.text)) for n in names(sentence) if n.label == kind]
        if kind == "place":
            found += [Mention(m.start(), m.end(), m.group(), m.group(1) or m.group(2)) for m in _LOCATIVE.finditer(sentence)
                      if not any(f.start < m.end() and m.start() < f.end for f in found)]
        return sorted(found, key=lambda f: f.start)
    if kind == "reason":
        return reasons(sentence)
    if kind == "ordinal":
        return [Mention(m.start(), m.end(), m.group(), _ordinal_value(m)) for m in _ORDINAL.finditer(sentence)
                if not _COLLECTIVE.match(sentence, m.start())]
    if kind not in NUMERIC:
        return []
    blocked: list[tuple[int, int]] = []
    for other in _BLOCKERS.get(kind, ()):
        # "tiga tahun lalu" is a date and, for "sudah berapa lama", a duration too; "dua hari setelah" is only a date.
        blocked += [(m.start, m.end) for m in _unblocked(sentence, other) if not (kind == "duration" and _AGO.search(m.text))]
    found = _numeric(sentence, kind, blocked) if blocked else list(_unblocked(sentence, kind))
    if kind == "date":  # an event's time ("setelah menerima reparasi"), not a clock time ("menjelang pukul 03.00")
        found += events(sentence, [*found, *_unblocked(sentence, "time")])
    return sorted(found, key=lambda x: x.start)


# Kinds whose spans a kind may not take: a count's number inside "18 Februari" is no count.
_BLOCKERS = {
    "count": ("time", "date", "money", "percent", "quantity", "duration"),
    "duration": ("date", "time"),
    "quantity": ("money",),
    "date": ("money", "percent", "quantity", "time"),
}


@lru_cache(maxsize=1 << 16)
def _unblocked(sentence: str, kind: str) -> tuple[Mention, ...]:
    """Every match of `kind`'s patterns, no span taken by another kind: computed once per sentence,
    since most kinds are also the spans that another kind may not take."""
    return tuple(_numeric(sentence, kind, []))


def _numeric(sentence: str, kind: str, blocked: list[tuple[int, int]]) -> list[Mention]:
    patterns = {"time": _TIME, "date": _DATE, "money": _MONEY, "percent": [_PERCENT, _FRACTION], "quantity": [_QUANTITY],
                "duration": _DURATION, "count": [_COUNT_OF_THEM, _COUNT]}[kind]
    taken = list(blocked)
    out = []
    for pattern in patterns:
        for m in pattern.finditer(sentence):
            start, end = m.span()
            text = m.group().strip()
            if not text or any(start < b and a < end for a, b in taken):
                continue
            if pattern is _COUNT and not _is_count(sentence, m):
                continue
            start += len(m.group()) - len(m.group().lstrip())
            end = start + len(text.rstrip(" )")) if kind != "date" else start + len(text)
            taken.append((start, end))
            out.append(Mention(start, end, sentence[start:end], _key(kind, sentence[start:end])))
    return sorted(out, key=lambda x: x.start)


def _is_count(sentence: str, m: re.Match) -> bool:
    noun = m.group(2).lower()
    if noun in lx.NOT_COUNT_NOUNS or noun in lx.MONTHS or noun in lx.TIME_UNITS or re.fullmatch(r"\d.*", noun):
        return False
    if noun in {u for u in lx.MEASURE_UNITS + lx.CURRENCY_WORDS + lx.PERCENT_WORDS if " " not in u}:
        return False
    number = m.group(1)
    if re.fullmatch(_Y, number) or number.lower() in ("a", "an"):
        return False
    before = sentence[: m.start()].split()
    if before and before[-1].lower().strip("(") in _DESIGNATORS:
        return False
    return not (number.lower() == "satu" and noun in ("sama", "satunya"))


def _key(kind: str, text: str) -> object:
    if kind == "date":
        return date_key(text)
    if kind == "time":
        m = re.search(r"(\d{1,2})(?:[.:](\d{2}))?", text)
        return (int(m.group(1)), int(m.group(2) or 0)) if m else text.lower()
    if kind == "duration":
        return _duration_key(text)
    m = re.search(NUMBER, text, re.I) if kind != "money" else re.search(r"\d[\d.,]*(?:\s*(?:ribu|juta|miliar|milyar|triliun|thousand|million|billion|trillion)\b|(?:bn|mn|m|b|k)\b)?|" + NUMBER, text, re.I)
    v = value(m.group()) if m else None
    return round(v, 6) if v is not None else text.lower()


def _duration_key(text: str) -> object:
    low = text.lower()
    unit = next((u for u in sorted(lx.TIME_UNITS, key=len, reverse=True) if re.search(rf"\b(?:se)?{u}\b|-{u}\b|\bse{u}", low)), None)
    m = re.search(NUMBER, low, re.I)
    v = value(m.group()) if m else (1.0 if unit and re.search(rf"\b(?:se{unit}|an?\s+{unit}|one\s+{unit})\b", low) else None)
    if unit is None or v is None:
        return low
    return round(v * lx.TIME_UNITS[unit], 6)


def date_key(text: str) -> object:
    """(year, month, day, weekday) with None where the text does not say; relative dates by text."""
    low = text.lower()
    year = re.search(rf"\b({_Y})\b", text)
    y = int(year.group(1)) if year else None
    m = d = None
    slash = re.search(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?", text)
    if slash:
        d, m = int(slash.group(1)), int(slash.group(2))
        if slash.group(3):
            y = int(slash.group(3)) % 100 + 2000 if len(slash.group(3)) == 2 else int(slash.group(3))
    month = next((w for w in re.findall(r"[a-z]+", low) if w in lx.MONTH_NAMES), None)
    if month and m is None:
        m = lx.MONTHS[month]
        day = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!/)", re.sub(rf"\b{_Y}\b", "", text))
        d = int(day.group(1)) if day else None
    wd = next((lx.WEEKDAYS[w] for w in re.findall(r"[a-z']+", low) if w in lx.WEEKDAYS and text[low.find(w)].isupper()), None)
    if y is None and m is None and wd is None:
        return re.sub(r"\s+", " ", low)
    return (y, m, d, wd if (m is None and d is None) else None)


def name_key(text: str) -> str:
    """A name compared by its last word, folded: "Sergei Lavrov" ~ "Lavrov", "Zelenskyy" ~ "Zelensky"."""
    words = re.findall(r"[^\W\d_]+", fold(text))
    if not words:
        return fold(text)
    canon = lx.places().get(text) or lx.demonyms().get(text)
    return fold(canon) if canon else words[-1]

