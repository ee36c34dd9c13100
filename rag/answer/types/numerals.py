"""Numbers as news writes them, in digits or words, Indonesian or English, read to a value.

Indonesian writes 275.000 for 275000 and 4,5 for 4.5; English the other way round. A group of
exactly three digits after a separator is read as thousands, anything else as a decimal part.
"""

from __future__ import annotations

import re

# Word numbers: value of each word; "scale" words multiply what precedes them.
UNITS = {
    "nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000,
    "sejuta": 1e6, "semiliar": 1e9, "setengah": 0.5,
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
    "half": 0.5,
}
# "dua belas" = 2 + 10, "tiga puluh" = 3 * 10, "dua ratus" = 2 * 100.
SMALL_SCALES = {"belas": ("add", 10), "puluh": ("mul", 10), "ratus": ("mul", 100), "hundred": ("mul", 100)}
# Scales close a group: "dua ribu tiga ratus" = 2 * 1000 + 3 * 100.
SCALES = {
    "ribu": 1e3, "juta": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12,
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "rb": 1e3, "jt": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "tn": 1e12,
    "k": 1e3, "m": 1e6, "b": 1e9,  # only after a currency sign ("$5m"); NUMBER itself never takes them
}
# Round-number plurals: an amount without a value ("puluhan orang", "hundreds of prisoners").
VAGUE = {
    "belasan", "puluhan", "ratusan", "ribuan", "puluhan ribu", "ratusan ribu", "jutaan", "miliaran",
    "dozens", "scores", "hundreds", "thousands", "tens of thousands", "hundreds of thousands",
    "millions", "billions",
}

_DIGITS = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_WORD = "|".join(sorted(set(UNITS) | set(SMALL_SCALES), key=len, reverse=True))
_SCALE_WORD = r"ribu|juta|miliar|milyar|triliun|thousand|million|billion|trillion"
_SCALE_SHORT = r"rb|jt|mln|mn|bn|tn"  # attached to the digits: "90bn", "5rb"
_VAGUE = "|".join(sorted(VAGUE, key=len, reverse=True))
# A number in words: one or more number words, hyphen or space between ("dua puluh lima", "twenty-five").
WORDS = rf"(?:{_WORD})(?:[\s-]+(?:{_WORD}|{_SCALE_WORD}))*"
# A number: digits with an optional scale ("2,2 miliar", "€90bn"), words, or a vague plural.
NUMBER = (
    rf"(?:(?<![\w.,])(?<![^\W\d_]-)(?:{_DIGITS})(?:\s*(?:{_SCALE_WORD})\b|(?:{_SCALE_SHORT})\b)?"
    rf"|\b(?:{_VAGUE})\b(?:\s+of\b)?"
    rf"|\b(?:an?\s+)?{WORDS}\b)"
)
NUMBER_RE = re.compile(NUMBER, re.I)


def digits_value(text: str) -> float | None:
    """275.000 -> 275000, 4,5 -> 4.5, 275,000 -> 275000, 47.6 -> 47.6."""
    if re.fullmatch(r"\d{1,3}(?:([.,])\d{3})+", text):
        return float(re.sub(r"[.,]", "", text))
    m = re.fullmatch(r"(\d{1,3}(?:([.,])\d{3})+)([.,])(\d+)", text)
    if m and m.group(2) != m.group(3):  # 1.234,5 or 1,234.5
        return float(re.sub(r"[.,]", "", m.group(1)) + "." + m.group(4))
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return float(text.replace(",", "."))
    return None


def value(text: str) -> float | None:
    """The value of a number expression; None for vague ones ("puluhan", "hundreds of")."""
    t = text.lower().strip()
    t = re.sub(r"^an?\s+", "", t)
    if re.sub(r"\s+of$", "", t) in VAGUE:
        return None
    m = re.match(rf"({_DIGITS})\s*(.*)$", t)
    if m:
        base = digits_value(m.group(1))
        rest = m.group(2).strip()
        if base is None:
            return None
        return base * SCALES.get(rest, 1) if rest in SCALES or not rest else None
    return _words_value(re.split(r"[\s-]+", t))


def _words_value(words: list[str]) -> float | None:
    total, group = 0.0, 0.0
    for w in words:
        if w in UNITS:
            group += UNITS[w]
        elif w in SMALL_SCALES:
            op, n = SMALL_SCALES[w]
            group = group + n if op == "add" else (group or 1) * n
        elif w in SCALES:
            total += (group or 1) * SCALES[w]
            group = 0.0
        else:
            return None
    return total + group


def values(text: str) -> set[float]:
    """Every number value stated in `text` (for telling a repeated number from a new one)."""
    found = set()
    for m in NUMBER_RE.finditer(text):
        v = value(m.group())
        if v is not None:
            found.add(round(v, 6))
    return found
