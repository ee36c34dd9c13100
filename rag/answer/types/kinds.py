"""Read a question's kind, and whether it asks for several members, from its cue words.

The cue tables are in cues.py; this module applies them in order: yes/no openings, specific
phrases ("berapa lama", "how long ago"), amounts by their noun ("berapa bank", "how much money"),
then "which X" / "X mana" by the noun X, then the bare question words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import takewhile
from typing import Literal

from . import cues
from .numerals import value

Kind = Literal["duration", "time", "date", "count", "money", "percent", "quantity", "ordinal", "person", "place",
               "organisation", "reason", "manner", "yesno", "other"]


def normal(text: str) -> str:
    """Lower case, straight apostrophes, dashes as spaces, single spaces."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", re.sub(r"[–—]", " ", text)).strip()


def kind_of(question: str) -> Kind:
    """The kind of answer `question` asks for; the first cue that matches decides."""
    low = normal(question)
    if cues.YESNO_PERSON.search(low):
        return "person"
    if cues.YESNO.search(low):
        return "yesno"
    for kind, pattern in cues.KIND_CUES:
        if pattern.search(low):
            return kind
    found = _amount_kind(low) or _noun_kind(low)
    if found:
        return found
    if cues.PERSON.search(low):
        return "person"
    if cues.PLACE.search(low):
        return "place"
    return "manner" if cues.MANNER.search(low) else "other"


def _noun_in(words: list[str], *, last: bool) -> Kind | None:
    """The kind of the first (Indonesian) or last (English) noun of `words` found in the tables."""
    found = []
    i = 0
    while i < len(words):
        pair = " ".join(words[i : i + 2])
        if pair in cues.NOUN_PAIRS:
            found.append(cues.NOUN_PAIRS[pair])
            i += 2
            continue
        word = re.sub(r"'s?$", "", words[i])
        kinds = [k for k, nouns in cues.NOUN_KINDS.items() if word in nouns]
        if kinds:
            found.append(kinds[0])
        i += 1
    if not found:
        return None
    return found[-1] if last else found[0]


def _amount_kind(low: str) -> Kind | None:
    """"Berapa X", "how many X", "how much": count, money or quantity by the noun X."""
    money, quantity = cues.NOUN_KINDS["money"], cues.NOUN_KINDS["quantity"]
    for m in cues.BERAPA.finditer(low):
        words = m.group(1).split()
        if not words:
            before = cues.BERAPA_BEFORE.search(low)
            return "money" if before and before.group(1) in money else "count"
        first, rest = words[0], words[1:]
        if first == "kali":
            return "count"
        if first in cues.BERAPA_AMOUNT:
            if any(w in money for w in rest):
                return "money"
            if any(w in quantity for w in rest) or cues.VOLUME_VERBS.search(low):
                return "quantity"
            return "money" if first in ("besar", "nilai") else "count"
        return "money" if first in money else "quantity" if first in quantity else "count"
    for m in cues.HOW_MANY.finditer(low):
        first = (m.group(1).split() or [""])[0]
        return "money" if first in money else "quantity" if first in quantity else "count"
    for m in cues.HOW_MUCH.finditer(low):
        words = m.group(1).split()
        if "how far" in m.group(0):
            return "quantity"
        if "how often" in m.group(0):
            return "count"
        if any(w in money for w in words):
            return "money"
        return "quantity" if any(w in quantity for w in words) or "how much" not in m.group(0) else "money"
    if cues.WHAT_AMOUNT.search(low):
        return "money"
    return "count" if cues.WHAT_NUMBER.search(low) else None


_ID_STOP = re.compile(r"^(?:di|ke|dari|dengan|yang|untuk|pada|dalam|oleh|lewat|melalui|kepada|milik|asal|punya|karya)$")
_ID_VERB = re.compile(r"^(?:me(?:ng|ny|m|n|[lrwy])\w{3,}|ber\w{3,}|ter\w{3,}|di\w{3,}(?:kan|i))$")


def _id_stop(word: str) -> bool:
    """A preposition or a verb (by its prefix) ends the noun phrase before "mana"/"apa"."""
    return bool(_ID_STOP.match(word)) or (bool(_ID_VERB.match(word)) and word not in cues.NOT_VERBS)


def _ends_english_phrase(word: str) -> bool:
    """A preposition, auxiliary, determiner or past-tense verb ends the noun phrase after "which"."""
    return word in cues.STOP_AFTER_WHICH or (word.endswith("ed") and len(word) > 4)


def _phrase(words: list[str], ends: Callable[[str], bool]) -> list[str]:
    """The words up to the first that `ends` the phrase."""
    return list(takewhile(lambda w: not ends(w), words))


def _noun_kind(low: str) -> Kind | None:
    """"Which country", "kantor berita mana", "the name of the minister": person, place or
    organisation by the noun asked about."""
    for m in cues.NAME_OF.finditer(low):
        english = m.group(1) is not None
        ends = _ends_english_phrase if english else (lambda w: w in cues.STOP_AFTER_WHICH or _id_stop(w))
        words = _phrase((m.group(1) or m.group(2)).split(), ends)
        kind = _noun_in(words, last=english)
        if kind in ("person", "place", "organisation"):
            return kind
    for m in cues.WHICH.finditer(low):
        kind = _noun_in(_phrase(m.group(1).split(), _ends_english_phrase), last=True)
        if kind in ("person", "place", "organisation", "money"):
            return kind
    for m in cues.MANA.finditer(low):
        words: list[str] = []
        for w in reversed(m.group(1).split()):  # the noun phrase back to a preposition or verb
            if _id_stop(w):
                break
            words.insert(0, w)
        kind = _noun_in(words[:2], last=False)  # Indonesian puts the head noun first
        if kind in ("person", "place", "organisation"):
            return kind
    return None


def plural(low: str) -> tuple[bool, int | None]:
    """Whether the (normalised) question asks for several members, and how many if it says."""
    expected = None
    for pattern in cues.EXPECTED:
        for m in pattern.finditer(low):
            v = value(m.group(1)) if re.fullmatch(r"\d{1,2}|[a-z]+", m.group(1)) else None
            if v is not None and v == int(v) and 2 <= v <= 30:
                expected = int(v)
                break
        if expected:
            break
    several = bool(cues.PLURAL.search(low)) or expected is not None
    for m in cues.REDUPLICATED_ASKED.finditer(low):
        several = several or m.group(1) not in cues.LEXICAL_REDUPLICATIONS
    for m in cues.WHICH.finditer(low):
        for w in m.group(1).split():
            if w in cues.STOP_AFTER_WHICH:
                break
            if w in cues.IRREGULAR_PLURALS or (len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s"))
                                               and w not in cues.NOT_PLURAL):
                several = True
    return several, expected
