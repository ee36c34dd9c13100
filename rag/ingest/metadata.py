"""A news page's metadata from its own lines: dateline prefixes, date lines, bylines, the outlet.

Pure functions over strings. The cleaner (`boilerplate.parse`) decides which lines are header,
byline or footer; this module reads what those lines state.
"""

from __future__ import annotations

import re
from collections import defaultdict

from rag.text.calendar import MONTHS, WEEKDAYS
from rag.ingest.rules import CAMEL as _CAMEL, DOMAIN as _DOMAIN, whole_dateline

_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
WEEKDAY = "(?:" + "|".join(sorted((w.capitalize() for w in WEEKDAYS), key=len, reverse=True)) + ")"
_DATE_FORMS = [  # (pattern, order of the day/month/year groups)
    (re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})\b", re.I), "dmy"),  # 12 Maret 2025, 18 Feb 2025
    (re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I), "mdy"),  # March 12, 2025
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "ymd"),  # 2025-03-12
    (re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b"), "dmy"),  # 12/03/2025 (day first in Indonesia)
]
_TIME = re.compile(r"\b(?:pukul|jam)?\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:WIB|WITA|WIT|GMT\s*[+-]?\s*\d*|UTC\s*[+-]?\s*\d*)?", re.I)
_DATE_LABELS = re.compile(r"\b(?:diterbitkan|dipublikasikan|terbit|tayang|published|posted|diperbarui|diupdate|update[d]?|dibuat|pada|wib|wita|wit)\b:?", re.I)
_UPDATED = re.compile(r"\b(?:diperbarui|diupdate|updated?)\b", re.I)
_SEPARATORS = re.compile(r"[|·•,\-–—/:()]+")


def _iso(groups: tuple[str, str, str], order: str) -> str | None:
    parts = dict(zip(order, groups))
    day = int(parts["d"])
    month = int(parts["m"]) if parts["m"].isdigit() else MONTHS.get(parts["m"].lower().rstrip("."))
    year = int(parts["y"])
    if month is None or not (1 <= month <= 12 and 1 <= day <= 31 and 1990 <= year <= 2100):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_date(text: str) -> tuple[str, re.Match] | None:
    """The first full date in `text`, as ISO, with its match."""
    found = []
    for rx, order in _DATE_FORMS:
        for m in rx.finditer(text):
            iso = _iso(m.groups(), order)
            if iso:
                found.append((m.start(), iso, m))
                break
    if not found:
        return None
    _, iso, m = min(found, key=lambda f: f[0])
    return iso, m


def date_line(line: str) -> tuple[str, str, bool] | None:
    """(ISO date, what else the line says, whether it is an 'updated' stamp) when `line` is a
    date line: a full date, maybe a time and zone, a weekday, a label, and at most a few words
    beside it (an outlet, a rubric, a name) — 'Rabu, 12 Maret 2025 05:55 WIB', 'Selasa, 18 Feb 2025',
    'Kompas.com - 12/03/2025, 05:55 WIB', 'Oleh X · Rabu, 25 Jun 2025 21:40 WIB'."""
    if len(line.split()) > 16 or (re.search(r"[.!?]$", line) and not re.search(r"\b(?:WIB|WITA|WIT)\.?$", line)):
        return None
    hit = find_date(line)
    if hit is None:
        return None
    iso, m = hit
    rest = line[: m.start()] + " " + line[m.end():]
    rest = _TIME.sub(" ", rest)
    rest = re.sub(WEEKDAY + r"\b", " ", rest)
    rest = _DATE_LABELS.sub(" ", rest)
    residue = " ".join(_SEPARATORS.sub(" ", rest).split())
    if len(residue.split()) > 5 or any(not (w[0].isupper() or w[0].isdigit()) for w in residue.split()):
        return None  # "18 Februari 2025: pertemuan di Riyadh" is a timeline entry, not a date line
    return iso, residue, bool(_UPDATED.search(line))


def story_date(text: str) -> str | None:
    """The first weekday-anchored full date in story text ('Rabu (12/2/2025)', 'Selasa 18 Februari 2025'):
    when the event happened, which is not the publication date."""
    rx = re.compile(WEEKDAY + r",?\s*\(?\s*(\d{1,2})(?:/(\d{1,2})/|\s+(" + _MONTH + r")\s+)(\d{4})", re.I)
    for m in rx.finditer(text):
        iso = _iso((m.group(1), m.group(2) or m.group(3), m.group(4)), "dmy")
        if iso:
            return iso
    return None


# --- outlet -----------------------------------------------------------------------------------
# Section names ("rubrik") that sit beside the outlet in mastheads and date lines; never an outlet.
RUBRICS = {"nasional", "internasional", "dunia", "global", "ekonomi", "bisnis", "politik", "hukum", "olahraga", "sport",
           "teknologi", "tekno", "otomotif", "hiburan", "lifestyle", "gaya hidup", "kesehatan", "news", "berita", "metro",
           "megapolitan", "regional", "daerah", "migas", "energi", "keuangan", "finansial", "opini", "edukasi", "sains",
           "travel", "kuliner", "video", "foto", "eropa", "asia", "amerika", "timur tengah", "headline", "terkini",
           "terbaru", "world", "business", "politics", "home", "beranda", "indeks", "internasional eropa"}
_SUFFIX = re.compile(r"\.(?:co\.id|or\.id|com|id|net|org|tv|co|info|news|asia)$", re.I)


def outlet_key(name: str) -> str:
    """Spellings of one outlet compare equal: 'HARIAN CAKRAWALA', 'hariancakrawala.id', 'Harian Cakrawala'."""
    return re.sub(r"[^0-9a-z]", "", _SUFFIX.sub("", name.strip().lower()))


def looks_like_outlet(name: str | None) -> bool:
    """A name: one to five capitalised words or a domain, and not a section name or a date."""
    if not name:
        return False
    name = name.strip(" .,:;")
    words = name.split()
    if not 1 <= len(words) <= 5 or name.lower() in RUBRICS or re.search(r"\d{4}", name):
        return False
    return bool(re.fullmatch(_DOMAIN, name) or re.fullmatch(_CAMEL, name)) or all(w[0].isupper() or w[0].isdigit() for w in words)


def _strong(name: str) -> bool:
    """Spelled like a brand, not like a person: a domain, CamelCase, a digit, or ALL CAPS."""
    return bool(re.fullmatch(_DOMAIN, name) or re.search(r"[a-z][A-Z]|\d", name) or name.isupper())


def masthead(line: str) -> tuple[str | None, str | None]:
    """(outlet, writer) of a line above the lead: 'Harian X — Internasional', 'X.id | Migas',
    'Nama Penulis - detikNews'. The first brand-like segment is the outlet; failing one, the first
    name; a person-like name beside a brand-like outlet is the writer."""
    names = [seg.strip(" .,:;") for seg in re.split(r"\s+[|·•–—-]\s+|\s*\|\s*", line) if looks_like_outlet(seg)]
    strong = [n for n in names if _strong(n)]
    outlet = strong[0] if strong else (names[0] if names else None)
    writer = next((n for n in names if n != outlet and not _strong(n) and 2 <= len(n.split()) <= 4), None) if strong else None
    return outlet, writer


def copyright_outlet(line: str) -> str | None:
    """'© 2025 X. Hak cipta dilindungi.' / 'Copyright © 2025 X — All Rights Reserved' / 'X © 2025' -> 'X'."""
    s = re.split(r"(?i)\b(?:hak\s+cipta|all\s+rights|seluruh\s+hak|dilarang|powered\s+by)\b", line)[0]
    s = re.sub(r"(?i)copyright|©|\(c\)|\b(?:19|20)\d{2}\b", " ", s)
    s = " ".join(re.sub(r"[|–—\-]+", " ", s).split()).strip(" .,:;")
    return s if looks_like_outlet(s) else None


def credit_outlet(line: str) -> str | None:
    """'Artikel ini telah tayang di X dengan judul …' -> 'X'."""
    m = re.search(r"(?i)\btayang\s+di\s+(\S+(?:\s+[A-Z]\S*){0,3}?)\s+dengan\s+judul", line)
    return m.group(1).strip(" .,") if m and looks_like_outlet(m.group(1)) else None


def pick_outlet(candidates: list[tuple[str, int]]) -> str | None:
    """The outlet most of the page's own lines name, weighed by how sure each place is; within one
    outlet the spelling with most weight, an ALL-CAPS one counting half where a mixed-case one exists."""
    groups: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    order: dict[str, int] = {}
    for i, (name, weight) in enumerate(candidates):
        name = name.strip(" .,:;")
        key = outlet_key(name)
        if key:
            groups[key][name] += weight
            order.setdefault(key, i)
    if not groups:
        return None
    key = max(groups, key=lambda k: (sum(groups[k].values()), -order[k]))
    spellings = groups[key]
    mixed = any(not s.isupper() for s in spellings)
    return max(spellings, key=lambda s: (spellings[s] * (0.5 if mixed and s.isupper() else 1), not s.isupper()))


# --- author -----------------------------------------------------------------------------------
_AUTHOR_LABEL = re.compile(r"(?i)^(?:penulis|oleh|reporter|laporan(?:\s+wartawan)?|wartawan|pewarta|kontributor|jurnalis|author|writer|by|ditulis\s+oleh)\b\s*:?\s*")
_PERSON = re.compile(r"[A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|bin|binti|van|de|der|al|el)){0,5}")


def author_of(line: str) -> str | None:
    """The writer a byline names: 'Penulis: A | Editor: B' -> 'A', 'Laporan Wartawan X.com, A' -> 'A'."""
    for seg in re.split(r"\s*[|·•]\s*|\s+[–—-]\s+", line):
        m = _AUTHOR_LABEL.match(seg.strip())
        if not m:
            continue
        rest = seg.strip()[m.end():]
        rest = re.sub(rf"^{_DOMAIN},\s*", "", rest)  # "Laporan Wartawan Tribunnews.com, Nama"
        p = _PERSON.match(rest)
        if p and not re.fullmatch(_DOMAIN, p.group()):
            return p.group().strip(" .,")
    return None


# --- the page as a whole --------------------------------------------------------------------
def page_metadata(lines: list[tuple[str, str, str]], outlets: list[tuple[str, int]], story: str) -> dict:
    """Outlet, date and author from the lines the cleaner set aside, given as (label, rule, text);
    the story date from the story text. `outlets` holds the candidates already found (dateline openers)."""
    dates: list[tuple[bool, str]] = []
    author = fallback_author = None
    for label, rule, line in lines:
        if label in ("timestamp", "byline", "dateline") and author is None:
            author = author_of(line)
        if label == "timestamp":
            iso, residue, updated = date_line(line)
            dates.append((updated, iso))
            if residue and not author_of(residue) and looks_like_outlet(residue):
                outlets.append((residue, 2 if re.search(r"\.\w{2,}$|[a-z][A-Z]|^[A-Z\s]+$", residue) else 1))
        elif label == "dateline":
            name, writer = (whole_dateline(line), None)
            if name is None and rule == "above-lead":
                name, writer = masthead(line)
            if name:
                outlets.append((name, 3))
            fallback_author = fallback_author or writer
        elif label == "copyright" and (name := copyright_outlet(line)):
            outlets.append((name, 2))
        elif label == "credit" and (name := credit_outlet(line)):
            outlets.append((name, 1))
    date = next((iso for updated, iso in dates if not updated), dates[0][1] if dates else None)
    return {"outlet": pick_outlet(outlets), "date": date, "author": author or fallback_author,
            "story_date": story_date(story)}
