"""What kind of answer a question asks for, and whether a sentence can supply it.

A sentence that shares the question's words but holds no date cannot answer "when"; one with
no number cannot answer "how many"; one that names nobody new cannot answer "who". Checking
this keeps the extractive answerer from quoting a near miss instead of abstaining.
"""

from __future__ import annotations

import re
from typing import Literal

Need = Literal["date", "number", "person"]

_NEEDS: list[tuple[Need, re.Pattern[str]]] = [
    ("date", re.compile(r"^\s*(kapan|when)\b|\b(tanggal berapa|hari apa|what date|which day|on what day)\b", re.I)),
    ("number", re.compile(r"\b(berapa|how (many|much|long|far|often))\b", re.I)),
    ("person", re.compile(r"^\s*(siapa|who|whom)\b|\b(siapa saja|siapakah)\b", re.I)),
]
_MONTHS = (
    "januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember|"
    "january|february|march|may|june|july|august|october|december"
)
_DATE = re.compile(
    r"\b(\d{1,2}/\d{1,2}(/\d{2,4})?|(19|20)\d\d|\d{1,2}\s+(" + _MONTHS + r")|(" + _MONTHS + r")\b|"
    r"senin|selasa|rabu|kamis|jumat|sabtu|minggu|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"(pekan|minggu|bulan|tahun|week|month|year)\s+(lalu|depan|ini|ago|next|last)|"
    r"hari ini|besok|kemarin|today|tomorrow|yesterday|segera|soon)",
    re.I,
)
_NUMBER_WORDS = (
    "satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|belas|puluh|ratus|ribu|juta|miliar|"
    "one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion"
)
_NUMBER = re.compile(r"\d+([.,]\d+)?|\b(" + _NUMBER_WORDS + r")\b", re.I)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[-\s][A-Z][a-z]+)*")


def need(question: str) -> Need | None:
    """The kind of answer `question` asks for, where its wording says so clearly."""
    for kind, pattern in _NEEDS:
        if pattern.search(question):
            return kind
    return None


def supplies(sentence: str, question: str, kind: Need | None) -> bool:
    """Whether `sentence` holds something new of the needed kind (not merely repeated from the question)."""
    if kind is None:
        return True
    asked = question.lower()
    pattern = {"date": _DATE, "number": _NUMBER, "person": _NAME}[kind]
    return any(m.group(0).lower() not in asked for m in pattern.finditer(sentence))
