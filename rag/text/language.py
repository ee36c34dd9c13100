"""Tell English questions from Indonesian ones, so answers and messages follow the user."""

from __future__ import annotations

import re
from typing import Literal

_EN = frozenset(
    "the a an of and or is are was were be been what who whom whose which when where why how did does do "
    "to in on at for with by from about after before between during this that these those it its they their "
    "he she his her we you not has have had will would can could should than then also said say says".split()
)
_ID = frozenset(
    "yang dan di ke dari untuk dengan pada adalah ini itu apa siapa kapan mana mengapa kenapa bagaimana berapa "
    "apakah tidak akan sudah telah oleh dalam sebagai atau juga karena tentang saat bahwa mereka dia ia kami "
    "kita para antara setelah sebelum menurut bisa dapat harus masih lagi saja katanya".split()
)
_WORD = re.compile(r"[a-zA-Z]+")


def detect_language(text: str) -> Literal["id", "en"]:
    """'en' when English function words outnumber Indonesian ones, else 'id' (the corpus language)."""
    words = [w.lower() for w in _WORD.findall(text)]
    en = sum(w in _EN for w in words)
    id_ = sum(w in _ID for w in words)
    return "en" if en > id_ else "id"
