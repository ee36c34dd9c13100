"""Dates in Indonesian news text: find them, then resolve them to ISO against an anchor.

News states few full dates. Most are partial ("Sabtu (20/12)", "pada 18 Februari") or relative
("minggu depan", "bulan lalu"), and mean something only against the article's own date.
`find_dates` finds every expression with its offsets; `resolve` turns one into a `Period`
given the anchor (the publication date, or the latest date the article states).

dateparser (languages=["id"]) parses what it parses reliably: full dates in words or numbers and
month-relative phrases ("bulan lalu"). The rest are small rules, because dateparser:
- reads "minggu" as Sunday, so "minggu depan/lalu" give None (scrapinghub/dateparser#398);
- knows neither "pekan" (week) nor "lampau" (past);
- ignores the weekday in "Sabtu (20/12)" and picks the wrong year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

import dateparser

from rag.text.calendar import MONTHS_ID, WEEKDAYS_ID

Precision = Literal["day", "month", "approximate"]
PRECISION_RANK = {"day": 0, "month": 1, "approximate": 2}

MONTHS, WEEKDAYS = MONTHS_ID, WEEKDAYS_ID  # the Indonesian text's own names (rag.text.calendar)

_MONTH = "(?:" + "|".join(MONTHS) + ")"
_WEEKDAY = "(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu)"
_LEAD_WEEKDAY = rf"(?:(?P<wd>{_WEEKDAY}),?\s*\(?\s*)?"
# Highest priority first: an expression inside an earlier match is not found again.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("full", re.compile(_LEAD_WEEKDAY + rf"\b\d{{1,2}}\s+{_MONTH}\s+\d{{4}}\b\)?", re.I)),
    ("full", re.compile(_LEAD_WEEKDAY + r"\b\d{1,2}/\d{1,2}/\d{4}\b\)?")),
    # "Sabtu (20/12)": a bare day/month counts only next to its weekday; alone it may be a score.
    ("day_month", re.compile(rf"(?P<wd>{_WEEKDAY}),?\s*\(\s*(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})\s*\)")),
    ("day_month", re.compile(_LEAD_WEEKDAY + rf"\b(?P<d>\d{{1,2}})\s+(?P<mn>{_MONTH})\b\)?", re.I)),
    ("month_year", re.compile(rf"\b{_MONTH}\s+\d{{4}}\b", re.I)),
    ("weekday", re.compile(rf"\b(?:pada\s+)?hari\s+(?P<wd>{_WEEKDAY})\b", re.I)),
    ("weekday", re.compile(rf"\bpada\s+(?P<wd>(?!Minggu){_WEEKDAY})\b")),
    ("week", re.compile(r"\b(?:minggu|pekan)\s+(?P<rel>depan|berikutnya|lalu|lampau|kemarin|sebelumnya|ini)\b", re.I)),
    ("month", re.compile(r"\b(?:(?P<edge>awal|pertengahan|akhir)\s+)?bulan\s+(?P<rel>lalu|lampau|ini|depan)\b", re.I)),
    ("soon", re.compile(r"\b(?:dalam\s+)?beberapa\s+hari\s+(?:mendatang|ke\s+depan)\b", re.I)),
]
_WEEK_STEP = {"depan": 1, "berikutnya": 1, "lalu": -1, "lampau": -1, "kemarin": -1, "sebelumnya": -1, "ini": 0}
# dateparser's Indonesian data has "bulan lalu/ini/depan" but not "lampau".
_MONTH_PHRASE = {"lalu": "bulan lalu", "lampau": "bulan lalu", "ini": "bulan ini", "depan": "bulan depan"}
_EDGE_DAYS = {"awal": (1, 10), "pertengahan": (11, 20), "akhir": (21, 31)}
_SOON_DAYS = (1, 7)  # "dalam beberapa hari mendatang": within the next week


@dataclass(frozen=True)
class Period:
    """When something happened: one day, one month, or an approximate window of days."""

    first: date
    last: date
    precision: Precision

    @property
    def iso(self) -> str:
        """ISO 8601 at the period's precision: 2025-02-18, 2025-02, or the window's first day."""
        return self.first.strftime("%Y-%m") if self.precision == "month" else self.first.isoformat()

    def overlaps(self, other: Period) -> bool:
        return self.first <= other.last and other.first <= self.last


@dataclass(frozen=True)
class DateMention:
    """One date expression at text[start:end]; the fields hold what the text states of it."""

    start: int
    end: int
    kind: Literal["full", "day_month", "month_year", "weekday", "week", "month", "soon"]
    text: str
    value: date | None = None  # full dates and month_year (first day), as dateparser read them
    day: int | None = None
    month: int | None = None
    weekday: int | None = None
    rel: str | None = None
    edge: str | None = None


@lru_cache(maxsize=4096)
def _parse(expression: str, parts: tuple[str, ...], base: date | None = None) -> date | None:
    """dateparser on one expression; cached, since news repeats its dates."""
    settings = {"DATE_ORDER": "DMY", "REQUIRE_PARTS": list(parts), "PREFER_DATES_FROM": "current_period"}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    parsed = dateparser.parse(expression, languages=["id"], settings=settings)
    return parsed.date() if parsed else None


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Every date expression in text[start:end], in order, with offsets into `text`."""
    end = len(text) if end is None else end
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text, start, end):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            taken.append((m.start(), m.end()))  # an invalid date ("31 Februari 2025") is no partial one either
            mention = _mention(kind, m)
            if mention is not None:
                found.append(mention)
    return sorted(found, key=lambda d: d.start)


def _mention(kind: str, m: re.Match) -> DateMention | None:
    groups = m.groupdict()
    wd = WEEKDAYS[groups["wd"].lower()] if groups.get("wd") else None
    base = dict(start=m.start(), end=m.end(), kind=kind, text=m.group(), weekday=wd)
    if kind == "full":
        value = _parse(m.group().strip("() "), ("day", "month", "year"))
        return DateMention(**base, value=value) if value else None
    if kind == "month_year":
        value = _parse(m.group(), ("month", "year"))
        return DateMention(**base, value=value.replace(day=1)) if value else None
    if kind == "day_month":
        day = int(groups["d"])
        month = MONTHS[groups["mn"].lower()] if groups.get("mn") else int(groups["m"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        return DateMention(**base, day=day, month=month)
    return DateMention(**base, rel=(groups.get("rel") or "").lower() or None,
                       edge=(groups.get("edge") or "").lower() or None)


def nearest_year(day: int, month: int, ref: date) -> date | None:
    """The date with this day and month closest to `ref` (news rarely reaches further than half a year)."""
    options = [_date(y, month, day) for y in (ref.year - 1, ref.year, ref.year + 1)]
    options = [d for d in options if d is not None]
    return min(options, key=lambda d: abs((d - ref).days)) if options else None


def year_by_weekday(day: int, month: int, weekday: int, ref: date, span: int = 3) -> date | None:
    """The date with this day, month and weekday closest to `ref`, within `span` years of it.

    A weekday fixes the year: a given day and month fall on the same weekday only every 5-11 years."""
    options = [_date(y, month, day) for y in range(ref.year - span, ref.year + span + 1)]
    options = [d for d in options if d is not None and d.weekday() == weekday]
    return min(options, key=lambda d: abs((d - ref).days)) if options else nearest_year(day, month, ref)


def resolve(mention: DateMention, anchor: date | None) -> Period | None:
    """The period `mention` refers to, reading partial and relative dates against `anchor`."""
    try:
        return _resolve(mention, anchor)
    except (OverflowError, ValueError):  # "minggu depan" in a text dated 31/12/9999
        return None


def _resolve(mention: DateMention, anchor: date | None) -> Period | None:
    if mention.kind == "full":
        return Period(mention.value, mention.value, "day")
    if mention.kind == "month_year":
        return _month(mention.value.year, mention.value.month)
    if anchor is None:
        return None
    if mention.kind == "day_month":
        if mention.weekday is not None:
            found = year_by_weekday(mention.day, mention.month, mention.weekday, anchor)
        else:
            found = nearest_year(mention.day, mention.month, anchor)
        return Period(found, found, "day") if found else None
    if mention.kind == "weekday":
        # Past-tense news: "pada hari Rabu" is the latest Wednesday on or before the article's date.
        found = anchor - timedelta(days=(anchor.weekday() - mention.weekday) % 7)
        return Period(found, found, "day")
    if mention.kind == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=_WEEK_STEP[mention.rel])
        return Period(monday, monday + timedelta(days=6), "approximate")
    if mention.kind == "month":
        found = _parse(_MONTH_PHRASE[mention.rel], ("month",), base=anchor)
        if found is None:
            return None
        month = _month(found.year, found.month)
        if mention.edge is None:
            return month
        lo, hi = _EDGE_DAYS[mention.edge]
        return Period(month.first.replace(day=lo), month.last.replace(day=min(hi, month.last.day)), "approximate")
    if mention.kind == "soon":
        return Period(anchor + timedelta(days=_SOON_DAYS[0]), anchor + timedelta(days=_SOON_DAYS[1]), "approximate")
    return None


def document_anchor(published: date | None, mentions: list[DateMention], corpus_ref: date | None) -> date | None:
    """The date an article's relative expressions are read against.

    Its publication date when known; otherwise the latest date it states, with year-less dates
    placed near `corpus_ref` (the corpus's typical publication date). None when neither exists."""
    if published is not None:
        return published
    stated = [resolve(m, corpus_ref) for m in mentions if m.kind in ("full", "day_month")]
    days = [p.first for p in stated if p is not None]
    return max(days) if days else None


def corpus_reference(published: list[date]) -> date | None:
    """The median publication date: where an undated article's year-less dates are placed."""
    ordered = sorted(published)
    return ordered[len(ordered) // 2] if ordered else None


def parse_iso(value: str) -> date | None:
    """A date from a stored ISO string (the `date` metadata), or None."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _month(year: int, month: int) -> Period:
    return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month")


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
