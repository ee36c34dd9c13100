"""Month and weekday names in Indonesian and English (rag/text/calendar.py)."""

from __future__ import annotations

import pytest

from rag.text.calendar import (
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    MONTHS,
    MONTHS_EN,
    MONTHS_ID,
    WEEKDAYS,
    WEEKDAYS_EN,
    WEEKDAYS_ID,
    month_name,
)

INDONESIAN = ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
              "oktober", "november", "desember"]
ENGLISH = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]


@pytest.mark.parametrize(("n", "id_", "en"), [(n, i, e) for n, (i, e) in enumerate(zip(INDONESIAN, ENGLISH), 1)])
def test_every_month_in_both_languages(n, id_, en):
    """Each month's Indonesian and English name maps to its number, in its own table and in MONTHS."""
    assert MONTHS_ID[id_] == MONTHS[id_] == n
    assert MONTHS_EN[en] == MONTHS[en] == n


def test_older_indonesian_spellings():
    """'Pebruari' and 'Nopember' are the same months as 'Februari' and 'November'."""
    assert MONTHS_ID["pebruari"] == 2 and MONTHS_ID["nopember"] == 11


@pytest.mark.parametrize(
    ("abbreviation", "n"),
    [("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8), ("agu", 8), ("agt", 8),
     ("ags", 8), ("sep", 9), ("sept", 9), ("oct", 10), ("okt", 10), ("nov", 11), ("dec", 12), ("des", 12)],
)
def test_abbreviations(abbreviation, n):
    """Date-line abbreviations of either language ('18 Feb', '12 Agt', 'Okt') resolve to the month."""
    assert MONTH_ABBREVIATIONS[abbreviation] == MONTHS[abbreviation] == n


def test_tables_are_lower_case_and_separate():
    """Keys are lower case; abbreviations are not in the full-name tables; every value is 1..12."""
    for table in (MONTHS_ID, MONTHS_EN, MONTH_ABBREVIATIONS, MONTHS):
        assert all(k == k.lower() and k for k in table)
        assert set(table.values()) <= set(range(1, 13))
    assert "feb" not in MONTHS_ID and "feb" not in MONTHS_EN
    assert "" not in MONTH_ABBREVIATIONS  # May has no abbreviation: the empty one must not slip in
    assert set(MONTHS_ID.values()) == set(MONTHS_EN.values()) == set(range(1, 13))
    assert "Februari" not in MONTHS


@pytest.mark.parametrize(
    ("id_", "en", "n"),
    [("senin", "monday", 0), ("selasa", "tuesday", 1), ("rabu", "wednesday", 2), ("kamis", "thursday", 3),
     ("jumat", "friday", 4), ("sabtu", "saturday", 5), ("minggu", "sunday", 6)],
)
def test_weekdays_in_both_languages(id_, en, n):
    """Weekdays count from Monday = 0, as `datetime.weekday()` does, in both languages."""
    assert WEEKDAYS_ID[id_] == WEEKDAYS[id_] == n
    assert WEEKDAYS_EN[en] == WEEKDAYS[en] == n


def test_weekday_spelling_with_apostrophe():
    """Jum'at, with its apostrophe, is Friday as well."""
    assert WEEKDAYS_ID["jum'at"] == WEEKDAYS["jum'at"] == 4


def test_weekdays_agree_with_datetime():
    """18 February 2025 was a Tuesday ('Selasa'), which the tables number as datetime does."""
    from datetime import date

    assert date(2025, 2, 18).weekday() == WEEKDAYS["selasa"] == WEEKDAYS["tuesday"]


@pytest.mark.parametrize(
    ("n", "language", "name"),
    [(1, "id", "Januari"), (2, "id", "Februari"), (5, "id", "Mei"), (8, "id", "Agustus"), (11, "id", "November"),
     (12, "id", "Desember"), (2, "en", "February"), (5, "en", "May"), (8, "en", "August"), (12, "en", "December")],
)
def test_month_name(n, language, name):
    """month_name gives the display name, the modern spelling (not 'Pebruari'), capitalised."""
    assert month_name(n, language) == name


def test_month_name_defaults_to_indonesian():
    """Without a language, or with one it does not know, names are Indonesian."""
    assert month_name(3) == "Maret"
    assert month_name(3, "fr") == "Maret"


def test_month_names_round_trip():
    """Every display name reads back to its own number."""
    for language, names in MONTH_NAMES.items():
        assert [MONTHS[name.lower()] for name in names] == list(range(1, 13)), language


def test_month_name_out_of_range_above():
    """Month 13 does not exist."""
    with pytest.raises(ValueError):
        month_name(13)


def test_month_name_out_of_range_below():
    """Month 0 does not exist either."""
    with pytest.raises(ValueError):
        month_name(0)
