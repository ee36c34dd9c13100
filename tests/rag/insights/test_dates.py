from datetime import date

import pytest

from rag.insights.dates import (
    corpus_reference,
    document_anchor,
    find_dates,
    nearest_year,
    resolve,
    year_by_weekday,
)
from tests.conftest import source_text
from tests.gold_timeline import ANCHORS, DATES


def one(text: str):
    found = find_dates(text)
    assert len(found) == 1, found
    return found[0]


def iso(text: str, anchor: date | None) -> tuple[str, str] | None:
    period = resolve(one(text), anchor)
    return (period.iso, period.precision) if period else None


@pytest.mark.parametrize(("source", "expression", "expected", "precision"), DATES)
def test_gold_dates_of_the_seeds(source, expression, expected, precision):
    text = source_text(source)
    found = [m for m in find_dates(text) if m.text == expression]
    assert found, f"{expression!r} not found in {source}"
    assert text[found[0].start : found[0].end] == expression
    period = resolve(found[0], date.fromisoformat(ANCHORS[source]))
    assert (period.iso, period.precision) == (expected, precision)


@pytest.mark.parametrize(("text", "expected"), [
    ("pada Rabu (12/2/2025) malam", ("2025-02-12", "day")),
    ("seperti dikutip Anadolu, Selasa 18 Februari 2025.", ("2025-02-18", "day")),
    ("sejak 24 Februari 2022", ("2022-02-24", "day")),
    ("pada Februari 2025", ("2025-02", "month")),
])
def test_full_dates_need_no_anchor(text, expected):
    assert iso(text, None) == expected


@pytest.mark.parametrize("text", ["pada 18 Februari", "minggu depan", "bulan lalu", "pada hari Rabu", "Sabtu (20/12)"])
def test_partial_and_relative_dates_need_an_anchor(text):
    assert iso(text, None) is None


def test_partial_dates_take_the_year_nearest_the_anchor():
    assert iso("pada 18 Februari", date(2025, 3, 20)) == ("2025-02-18", "day")
    assert iso("pada 20 Desember", date(2026, 1, 5)) == ("2025-12-20", "day")  # across new year, backwards
    assert iso("pada 3 Januari", date(2025, 12, 28)) == ("2026-01-03", "day")  # and forwards
    assert nearest_year(29, 2, date(2025, 3, 1)) == date(2024, 2, 29)


def test_a_weekday_fixes_the_year_of_a_day_and_month():
    # 20 December was a Saturday in 2025, a Friday in 2024: dateparser alone would pick 2024 here.
    assert iso("Pertemuan pada Sabtu (20/12) itu", date(2025, 2, 15)) == ("2025-12-20", "day")
    assert iso("pada Jumat (20/12)", date(2025, 2, 15)) == ("2024-12-20", "day")
    assert year_by_weekday(20, 12, 5, date(2025, 1, 1)) == date(2025, 12, 20)


@pytest.mark.parametrize(("text", "expected"), [
    ("minggu depan", ("2025-02-24", "approximate")),  # anchor Tue 18 Feb: next week is 24 Feb-2 Mar
    ("pekan depan", ("2025-02-24", "approximate")),  # "pekan" is not in dateparser's Indonesian data
    ("minggu lalu", ("2025-02-10", "approximate")),  # dateparser reads "minggu" as Sunday here
    ("minggu Lampau", ("2025-02-10", "approximate")),
    ("pekan ini", ("2025-02-17", "approximate")),
    ("bulan lalu", ("2025-01", "month")),
    ("bulan depan", ("2025-03", "month")),
    ("akhir bulan lalu", ("2025-01-21", "approximate")),
    ("awal bulan ini", ("2025-02-01", "approximate")),
    ("dalam beberapa hari mendatang", ("2025-02-19", "approximate")),
    ("pada hari Rabu", ("2025-02-12", "day")),  # the latest Wednesday before a Tuesday
    ("pada hari Selasa", ("2025-02-18", "day")),  # the anchor's own weekday is the anchor
])
def test_relative_dates_against_the_anchor(text, expected):
    assert iso(text, date(2025, 2, 18)) == expected


def test_windows_are_whole_weeks_and_months():
    week = resolve(one("minggu depan"), date(2025, 2, 15))
    assert (week.first, week.last) == (date(2025, 2, 17), date(2025, 2, 23))
    month = resolve(one("bulan lalu"), date(2025, 3, 31))
    assert (month.first, month.last) == (date(2025, 2, 1), date(2025, 2, 28))
    edge = resolve(one("akhir bulan lalu"), date(2025, 3, 20))
    assert (edge.first, edge.last) == (date(2025, 2, 21), date(2025, 2, 28))


def test_what_is_not_a_date():
    # A bare "20/12" may be a score; "30 hari" is a duration; a year alone is no event date.
    assert find_dates("rencana 20 poin, skor 20/12, 30 hari gencatan senjata sejak tahun 2016") == []
    assert find_dates("pada 31 Februari 2025") == []
    assert [m.kind for m in find_dates("Minggu (21/12) dan minggu depan")] == ["day_month", "week"]


def test_offsets_are_exact_within_a_window():
    text = "Awal. Pada 18 Maret, Putin dan Trump membahas situasi, lalu bertemu minggu depan."
    found = find_dates(text, 6, len(text))
    assert [text[m.start : m.end] for m in found] == ["18 Maret", "minggu depan"]
    assert find_dates(text, 0, 5) == []


def test_document_anchor():
    stated = find_dates("bertemu pada 18 Februari; dikutip 20 Maret; bulan lalu")
    assert document_anchor(date(2025, 2, 1), stated, None) == date(2025, 2, 1)  # publication date first
    assert document_anchor(None, stated, date(2025, 2, 15)) == date(2025, 3, 20)  # else the latest stated
    assert document_anchor(None, find_dates("minggu depan"), date(2025, 2, 15)) is None
    assert document_anchor(None, stated, None) is None
    assert corpus_reference([date(2025, 2, 18), date(2025, 2, 12), date(2025, 12, 1)]) == date(2025, 2, 18)
    assert corpus_reference([]) is None
