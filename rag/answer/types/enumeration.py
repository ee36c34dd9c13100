"""Enumerations as news writes them: a sentence announces a count ("De Wever menyodorkan tiga
syarat.", "the plan has five parts"), and the members follow in sentences of their own, each
led by its ordinal ("Pertama, …", "Kedua, …", "Unsur ketiga rencana itu adalah …", "First, …").

A list answer that quotes the announcement alone names none of the members; `members` finds the
sentences that follow it in its document and carry the ordinals 1, 2, … in order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .numerals import UNITS

ORDINALS = {
    "pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5, "keenam": 6, "ketujuh": 7,
    "kedelapan": 8, "kesembilan": 9, "kesepuluh": 10,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "firstly": 1, "secondly": 2, "thirdly": 3, "fourthly": 4, "finally": 0,
}
_SMALL = {w: int(v) for w, v in UNITS.items() if isinstance(v, int) and 2 <= v <= 10}
# "tiga syarat", "empat langkah", "five components", "4 tuntutan": a count and the noun it counts.
# Not a measure ("tiga hari", "lima persen", "two billion"): those are amounts, not members.
_MEASURES = frozenset(
    "hari pekan minggu bulan tahun jam menit detik persen kali kilometer km meter ribu juta miliar triliun "
    "euro dolar rupiah days weeks months years hours minutes seconds percent times thousand million billion "
    "trillion kilometres kilometers miles dollars euros".split()
)
_COUNT = re.compile(r"\b(" + "|".join(_SMALL) + r"|[2-9]|10)\s+([^\W\d_][\w-]*)", re.IGNORECASE)
_ORD = "|".join(ORDINALS)
# "Pertama, …" / "First, …" at the start, or a noun and its ordinal first ("Unsur kedua berupa …").
_LED = re.compile(rf"^\W*(?:({_ORD})\s*[,:]|[^\W\d_][\w-]*\s+({_ORD})\b(?!\s+kali))", re.IGNORECASE)
WITHIN = 25  # members are looked for in this many sentences after the announcement


def announced(sentence: str) -> int | None:
    """How many members `sentence` announces ("menyodorkan tiga syarat" -> 3); None when it announces none."""
    for m in _COUNT.finditer(sentence):
        count, noun = m.group(1).lower(), m.group(2).lower()
        if noun not in _MEASURES:
            return int(count) if count.isdigit() else _SMALL[count]
    return None


def ordinal(sentence: str) -> int | None:
    """The ordinal that leads `sentence` ("Kedua, …" -> 2); None when none leads it."""
    m = _LED.match(sentence)
    if not m:
        return None
    return ORDINALS[(m.group(1) or m.group(2)).lower()]


# "Dua unsur terakhir …", "The last two …": one sentence for the members that remain.
_LAST = re.compile(rf"^\W*(?:({'|'.join(_SMALL)}|[2-9])\s+([^\W\d_][\w-]*)\s+terakhir\b|the\s+(?:last|final)\s+({'|'.join(_SMALL)}|[2-9])\b)",
                   re.IGNORECASE)


def remaining(sentence: str) -> int | None:
    """How many last members a sentence opens on ("Dua unsur terakhir …" -> 2); None if it opens on none."""
    m = _LAST.match(sentence)
    if not m or (m.group(2) or "").lower() in _MEASURES:  # "Dua hari terakhir" is a time, not members
        return None
    word = (m.group(1) or m.group(3)).lower()
    return int(word) if word.isdigit() else _SMALL[word]


def members(following: Sequence[str], count: int) -> list[int]:
    """Indexes into `following` (the sentences after an announcement, in order) of its members:
    those led by the ordinals 1, 2, … up to `count`, in order, the last ones possibly together
    ("Dua unsur terakhir …" for the fourth and fifth of five). Empty unless the first two are there."""
    found, want = [], 1
    for i, sentence in enumerate(following[:WITHIN]):
        n = ordinal(sentence)
        if n == want or (n == 0 and found and want == count):  # "Finally, …" may close the list
            found.append(i)
            want += 1
        elif found and remaining(sentence) == count - want + 1:
            found.append(i)
            want = count + 1
        if want > count:
            break
    return found if len(found) >= 2 else []
