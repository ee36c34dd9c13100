"""Label the capitalised runs of a sentence as person, place or organisation.

A run ("Menteri Luar Negeri Rusia Sergei Lavrov") is read left to right: title words open a
name, known places and acronyms are labelled where they stand, head words open (Indonesian) or
close (English) place and organisation names. A bare run counts as a person only with support:
a title, a verb of saying, a known given name or a surname ending.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon as lx

_TOKEN = re.compile(r"[^\W_]+(?:[-'’.&+][^\W_]+)*\+?")
_POSSESSIVE = re.compile(r"['’]s?$")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&+-]{1,5}")
_OPENERS = "“\"'‘([«—–-"
_INITIAL_AFTER = ".!?:;“\"([«"
# English head words that open an organisation only with "of": "Ministry of Defence", "House of Lords".
_NEED_OF = frozenset("ministry department council court office house organisation organization port gulf sea palace".split())
_CALENDAR = frozenset(lx.MONTHS) | frozenset(lx.WEEKDAYS)


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    label: str | None  # "person", "place", "organisation"; None for a run no rule labels
    text: str


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    text: str  # without a possessive 's

    @property
    def low(self) -> str:
        return self.text.lower()


def _tokens(text: str) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text):
        word = _POSSESSIVE.sub("", m.group()) or m.group()
        parts = word.split("-")
        # "US-Russia", "Trump-Putin": two names joined by a hyphen are two tokens.
        if len(parts) == 1 or not all(p[:1].isupper() for p in parts) or word in lx.places() or word in lx.given_names():
            parts = [word]
        offset = m.start()
        for p in parts:
            out.append(_Tok(offset, offset + len(p), p))
            offset += len(p) + 1
    return out


def _is_cap(tok: _Tok) -> bool:
    return tok.text[0].isupper() and tok.low not in _CALENDAR and tok.low not in lx.PRONOUNS


def _initial(text: str, tok: _Tok) -> bool:
    before = text[: tok.start].rstrip().rstrip(_OPENERS).rstrip()
    return not before or before[-1] in _INITIAL_AFTER


def _known(tok: _Tok, nxt: _Tok | None) -> bool:
    """Whether a sentence's capitalised first word is a name word, not a capitalised common word.
    A given name counts only before another capitalised word ("Tim teknis" is a team)."""
    low = tok.low
    given = tok.text in lx.given_names() and nxt is not None and nxt.text[:1].isupper()
    return (tok.text in lx.places() or given or tok.text in lx.GOVERNMENT_SEATS or low in lx.TITLE_HEADS or low in lx.ORG_HEADS
            or low in lx.PLACE_HEADS or _acronym(tok))


def _acronym(tok: _Tok) -> bool:
    """NATO, IAEA, OPEC+, G7: capitals that are not a country, unit, time zone or title."""
    return bool(_ACRONYM.fullmatch(tok.text)) and tok.text not in lx.NOT_ORG_ACRONYMS and tok.text not in lx.places()


def _runs(text: str, toks: list[_Tok]) -> list[list[int]]:
    """Indices of tokens forming capitalised runs; links ("von der", "of") only inside a run."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, tok in enumerate(toks):
        joined = current and text[toks[current[-1]].end : tok.start].strip() in ("", "-")
        if text[tok.end : tok.end + 1] == "$":
            current = []  # "US$ 2 juta": a currency sign, not a country
            continue
        if _is_cap(tok) and not (_initial(text, tok) and not _known(tok, toks[i + 1] if i + 1 < len(toks) else None)
                                 and not _says_after(toks, i)):
            if not joined:
                current = []
                runs.append(current)
            current.append(i)
        elif joined and tok.low in lx.NAME_LINKS and _link_leads_to_cap(toks, i):
            current.append(i)
        else:
            current = []
    return [r for r in runs if r and toks[r[-1]].low not in lx.NAME_LINKS]


def _link_leads_to_cap(toks: list[_Tok], i: int) -> bool:
    """"von der Leyen": links chain on to a capitalised word."""
    j = i + 1
    while j < len(toks) and toks[j].low in lx.NAME_LINKS and not toks[j].text[0].isupper():
        j += 1
    return j < len(toks) and j - i <= 2 and _is_cap(toks[j])


def _says_after(toks: list[_Tok], i: int) -> bool:
    return i + 1 < len(toks) and toks[i + 1].low in lx.SAY_AFTER


def _place_at(toks: list[_Tok], run: list[int], k: int) -> int:
    """Length (in run tokens) of the longest known place starting at run[k], or 0."""
    for n in range(min(4, len(run) - k), 0, -1):
        words = " ".join(toks[j].text for j in run[k : k + n])
        if words in lx.places():
            return n
    return 0


def _titled_before(text: str, toks: list[_Tok], first: int) -> bool:
    """A lowercase title or verb of saying just before the run: "kata juru bicara ...", "ujar ...".
    Set off by commas, the name may follow a qualified title: "Juru runding Finlandia, Aino Virtanen,",
    "Russia's foreign minister, Sergei Lavrov,"."""
    appositive = first > 0 and text[toks[first - 1].end : toks[first].start].strip() == ","
    j = first - 1
    while j >= 0 and first - j <= 5:
        low = toks[j].low
        if low in lx.TITLE_HEADS or low in lx.SAY_BEFORE:
            return True
        if not (low in lx.TITLE_TAIL or (appositive and toks[j].text[:1].isupper())):
            return False
        j -= 1
    return False


def names(text: str) -> list[Name]:
    """Every person, place and organisation name in `text`, in order."""
    found = segments(text)
    for i in range(1, len(found)):  # "Zelenskyy dan Trump": a bare name joined to a person is a person
        prev, cur = found[i - 1], found[i]
        if cur.label is None and prev.label == "person" and re.fullmatch(r"\s*(?:dan|and|serta|&|,)\s*", text[prev.end : cur.start]):
            found[i] = Name(cur.start, cur.end, "person", cur.text)
    return [n for n in found if n.label is not None]


def segments(text: str) -> list[Name]:
    """Every capitalised run of `text` cut into names, unlabelled ones included; title words left out."""
    toks = _tokens(text)
    found: list[Name] = []
    pending_title = False  # a run that was all title ("Juru Bicara Kemenlu AS,") names the next run
    for run in _runs(text, toks):
        appositive = pending_title and text[toks[run[0]].start - 2 : toks[run[0]].start] == ", "
        pending_title, labelled = _label(text, toks, run, appositive)
        found.extend(labelled)
    return found


def _make(text: str, toks: list[_Tok], run: list[int], a: int, b: int, label: str) -> Name:
    start, end = toks[run[a]].start, toks[run[b - 1]].end
    return Name(start, end, label, text[start:end])


def _label(text: str, toks: list[_Tok], run: list[int], appositive: bool) -> tuple[bool, list[Name]]:
    out: list[Name] = []
    n = len(run)
    titled = appositive or _titled_before(text, toks, run[0])
    in_title = False
    k = 0
    while k < n:
        tok = toks[run[k]]
        low = tok.low
        nxt = toks[run[k + 1]].low if k + 1 < n else ""
        # A given name opens a person's name, unless it is also a place standing alone ("Georgia").
        if tok.text in lx.given_names() and (not _place_at(toks, run, k) or (k + 1 < n and toks[run[k + 1]].text not in lx.places())):
            end = _name_end(toks, run, k, person=True)
            out.append(_make(text, toks, run, k, end, "person"))
            k, in_title, titled = end, False, False
            continue
        if (size := _place_at(toks, run, k)) and not (low in lx.ORG_HEADS and size == 1 and k + 1 < n):
            out.append(_make(text, toks, run, k, k + size, "place"))
            k += size
            continue
        if low in lx.TITLE_HEADS:
            in_title = True
            k += 1
            while k < n and toks[run[k]].low in lx.TITLE_TAIL and toks[run[k]].low not in lx.ORG_HEADS:
                k += 1
            continue
        if (low in lx.ORG_HEADS or low in lx.PLACE_HEADS) and (low not in _NEED_OF or nxt in ("of", "for")) and k + 1 < n:
            end = _name_end(toks, run, k + 1)
            out.append(_make(text, toks, run, k, end, "organisation" if low in lx.ORG_HEADS else "place"))
            k = end
            continue
        if tok.text in lx.GOVERNMENT_SEATS or _acronym(tok):
            out.append(_make(text, toks, run, k, k + 1, "organisation"))
            k += 1
            continue
        end = k
        while end < n and not _stops_stretch(toks, run, end):
            end += 1
            if toks[run[end - 1]].low in lx.PLACE_TAILS | lx.ORG_TAILS and end - k > 1:
                break
        end = max(end, k + 1)
        # In "juru bicara Kremlin Dmitry Peskov" the words before the given name qualify the title.
        modifier = (titled or in_title) and end < n and (toks[run[end]].text in lx.given_names()
                                                          or toks[run[end]].low in lx.TITLE_HEADS)
        label = None if modifier else _stretch_label(toks, run, k, end, titled or in_title)
        out.append(_make(text, toks, run, k, end, label))
        in_title = titled = False
        k = end
    return in_title, out


def _stops_stretch(toks: list[_Tok], run: list[int], k: int) -> bool:
    tok = toks[run[k]]
    nxt = toks[run[k + 1]].low if k + 1 < len(run) else ""
    head = (tok.low in lx.ORG_HEADS or tok.low in lx.PLACE_HEADS) and (tok.low not in _NEED_OF or nxt in ("of", "for"))
    head = head and k + 1 < len(run)  # a head word closing the run is a tail: "European Central Bank"
    return (tok.text in lx.given_names() or _place_at(toks, run, k) > 0 or tok.low in lx.TITLE_HEADS
            or head or _acronym(tok) or tok.text in lx.GOVERNMENT_SEATS)


def _name_end(toks: list[_Tok], run: list[int], k: int, person: bool = False) -> int:
    """Where a name or head-word phrase starting at run[k] ends: at a title, or (for a head-word
    phrase) at a given name; a person's name runs on through further given names ("Tammy Bruce")."""
    end = k + 1
    while end < len(run) and toks[run[end]].low not in lx.TITLE_HEADS and (person or toks[run[end]].text not in lx.given_names()):
        end += 1
    return end


def _stretch_label(toks: list[_Tok], run: list[int], a: int, b: int, titled: bool) -> str | None:
    """The label of tokens run[a:b] that match no table: by their last word or their context."""
    last = toks[run[b - 1]].low
    if all(_ACRONYM.fullmatch(toks[j].text) for j in run[a:b]):
        return None  # "KTT", "WIB": capitals that name no one
    if b - a > 1 and last in lx.PLACE_TAILS:
        return "place"
    if b - a > 1 and last in lx.ORG_TAILS:
        return "organisation"
    if titled:
        return "person"
    before = toks[run[a] - 1].low if run[a] > 0 else ""
    if a == 0 and _cued_organisation(toks, run[a]):
        return "organisation"
    after = toks[run[b - 1] + 1].low if run[b - 1] + 1 < len(toks) else ""
    if (a == 0 and b == len(run) and b - a <= 3 and after in lx.SAY_AFTER) or (len(last) >= 5 and last.endswith(lx.SURNAME_ENDINGS)):
        return "person"
    return "place" if a == 0 and before in lx.PLACE_PREPS else None


def _cued_organisation(toks: list[_Tok], first: int) -> bool:
    """A media or company word up to two words before: "dilansir X", "wawancara dengan X", "bursa kripto X"."""
    back = [t.low for t in toks[max(0, first - 3) : first]][::-1]
    if back and back[0] in ("dari", "from", "by", "dengan", "with"):
        back = back[1:2]
    return any(w in lx.MEDIA_CUES or w in lx.COMPANY_CUES for w in back[:2])
