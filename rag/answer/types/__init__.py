"""What a question asks for, and whether a sentence supplies it.

The extractive reader should quote the sentence that gives what is asked (the duration, the
date, the person), not the topic sentence that shares the question's words. `analyse` reads the
question's kind, whether it wants several members, how many, its sub-questions and its constraint
terms; `mentions` finds things of a kind in a sentence; `supplies` says whether a sentence holds
one the question does not already state.

Import as `reader.types`: a top-level module named `types` would shadow the standard library's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import cues
from . import lexicon as lx
from .kinds import Kind, kind_of, normal, plural
from .mentions import NUMERIC, Mention, find, fold, name_key
from .names import segments
from .numerals import values
from .parts import split
from rag.text.tokens import Tokenizer, stopwords

ALWAYS = ("other", "manner", "yesno")  # kinds any sentence may answer


@dataclass(frozen=True)
class Asked:
    question: str
    kind: Kind
    plural: bool = False
    expected: int | None = None
    parts: tuple[str, ...] = ()
    focus: tuple[str, ...] = ()
    unit: str | None = None  # the time unit a duration question counts in ("berapa jam": "jam")
    office: str | None = None  # the office a person question asks for ("which German chancellor": "kanselir")
    counted: str | None = None  # what a count question counts, by category ("how many troops": "people")
    besides: tuple[frozenset[str], ...] = ()  # "Selain X, apa lagi ...": X's items, as stems, which answer nothing
    country: str | None = None  # the country of the person asked for ("the British minister": "Inggris")
    place_in: str | None = None  # the country the place asked for lies in ("which Turkish city": "Turki")
    context: str = ""  # what a follow-up's asker said before (their last question): it asks for something new


def analyse(question: str, context: str = "") -> Asked:
    """What `question` asks for; `context` is what the asker said before a follow-up (their last
    question), whose dates, numbers and names the answer need not repeat."""
    return replace(_analyse(question), context=context) if context else _analyse(question)


def _analyse(question: str) -> Asked:
    """The kind of answer `question` asks for (its first part's, when it joins several)."""
    parts = split(question, _names)
    several, expected = plural(normal(question))
    first = parts[0] if parts else question
    kind = kind_of(first)
    unit = asked_unit(first) if kind == "duration" else None
    office = asked_office(first) if kind == "person" else None
    counted = asked_counted(first) if kind == "count" else None
    country = asked_country(first) if kind == "person" else None
    place_in = asked_place_country(first) if kind == "place" else None
    return Asked(question, kind, several, expected, parts, focus(question), unit, office, counted, besides(question),
                 country, place_in)


_STEMS = Tokenizer()
_BESIDES = re.compile(r"^(?:selain|apart from|aside from|besides|other than|in addition to)\s+([^,]+),([^.?!]*)")
_QUESTION_WORD = re.compile(r"\b(?:apa|siapa|mana|berapa|kapan|mengapa|bagaimana|who|what|which|where|when|why|how)\b")


def besides(question: str) -> tuple[frozenset[str], ...]:
    """"Selain tawaran Turki, topik apa saja ...", "Apart from LNG and the shadow fleet, who else
    ...": the things set aside, each as its stems; () when the opening clause states a fact
    ("Selain surat itu, Qatar juga menengahi ...") rather than setting something aside."""
    m = _BESIDES.match(normal(question))
    if not m or not _QUESTION_WORD.search(m.group(2)):
        return ()
    items = re.split(r",|\s+(?:dan|and|serta)\s+", m.group(1))
    return tuple(stems for stems in (frozenset(_STEMS(item)) for item in items) if stems)


_ALSO = re.compile(r"\b(?:juga|serta|also|as well as)\b", re.I)


def set_aside(sentence: str, asked: Asked) -> bool:
    """Whether `sentence` is about what the question sets aside: two thirds of an item's stems, and
    no "juga"/"serta"/"also" that adds another thing to it."""
    if not asked.besides or _ALSO.search(sentence):
        return False
    have = set(_STEMS(sentence))
    return any(len(item & have) >= max(1, round(2 * len(item) / 3)) for item in asked.besides)


def counted_category(noun: str) -> str | None:
    """"people", "places", "bodies" or "craft" for a counted noun ("pasukan", "countries"); None if unknown."""
    noun = noun.lower()
    return next((c for c, nouns in cues.COUNTED.items() if noun in nouns), None)


def asked_counted(question: str) -> str | None:
    """What "how many X" / "berapa (banyak) X" counts, by category: the first known noun of X ("how
    many fighter jets": craft, "berapa jumlah pelabuhan": places); None if none is known."""
    low = normal(question)
    for m in list(cues.HOW_MANY.finditer(low)) + list(cues.BERAPA.finditer(low)):
        words = [w for w in m.group(1).split() if w not in cues.BERAPA_AMOUNT and w not in ("of", "the")]
        found = next((c for c in map(counted_category, words) if c is not None), None)
        if found:
            return found
    return None


def counts_other(mention: str, counted: str) -> bool:
    """Whether a count mention ("35 negara") counts things of another known category than `counted`."""
    words = re.findall(r"[^\W\d_][\w-]*", mention)
    category = counted_category(words[-1]) if words else None
    return category is not None and category != counted


_OFFICES = "|".join(sorted((re.escape(o) for o in lx.offices()), key=len, reverse=True))
_OFFICE = re.compile(rf"\b({_OFFICES})\b")
# "who was the (new) German chancellor", "siapa (nama) kuasa usaha Rusia": the office asked for.
_WHO_OFFICE = re.compile(rf"\bwho (?:is|was|are|were) (?:the )?(?:[\w'-]+ ){{0,2}}?({_OFFICES})\b"
                         rf"|\bsiapa(?:kah)?\s+(?:nama\s+)?({_OFFICES})\b")


def asked_office(question: str) -> str | None:
    """The office a person question asks for: "Which German chancellor ...", "Siapa nama kuasa
    usaha Rusia ..."; None when it asks for a person by what they did ("Who met the chancellor?")."""
    low = normal(question)
    m = _WHO_OFFICE.search(low)
    if m:
        return lx.offices()[m.group(1) or m.group(2)]
    for which in cues.WHICH.finditer(low):
        found = _OFFICE.match(which.group(1).strip())  # "which head of government": the office opens the phrase
        if found:
            return lx.offices()[found.group(1)]
        words = []
        for w in which.group(1).split():
            if w in cues.STOP_AFTER_WHICH:
                break  # the noun phrase after "which" ends at a preposition, auxiliary or determiner
            words.append(w)
        found = _OFFICE.search(" ".join(words))
        if found:
            return lx.offices()[found.group(1)]
    return None


# Where the noun phrase of the person asked for begins: "which ...", "the name of the ...", "siapa (nama) ...".
_ASKED_PERSON = re.compile(r"\b(?:which|what (?:is|was|are|were) the names? of(?: the)?|who (?:is|was|are|were) the"
                           r"|siapa(?:kah)?(?: saja)?(?: nama)?|nama)\s+(.*)", re.I)


def asked_country(question: str) -> str | None:
    """The country the person asked for is of: "the British veterans minister", "which Canadian
    prime minister", "Siapa nama duta besar Rusia untuk Jerman": its Indonesian spelling ("Inggris",
    "Kanada", "Rusia"); None when the asked phrase names none ("Siapa yang ...") or a region."""
    m = _ASKED_PERSON.search(question)
    if not m:
        return None
    for word in re.findall(r"[\w'-]+", m.group(1)):
        if word.lower() in cues.STOP_AFTER_WHICH or word.lower() in ("saja", "untuk", "from", "for"):
            return None
        place = lx.places().get(word) or lx.demonyms().get(word)
        if place:  # a region ("pemimpin Eropa timur") is met by its countries, which no sentence need name
            return place if place in lx.countries() else None
    return None


_CITY_NOUN = r"(?i:city|cities|town|towns|port|capital|kota|pelabuhan|ibu kota)"
_COUNTRY_WORDS = r"([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"
# "which Turkish city", "what Polish port"; "which city in Turkey", "kota mana di Turki", "di kota apa di Arab Saudi"
_PLACE_COUNTRY = (re.compile(r"\b(?i:which|what)\s+" + _COUNTRY_WORDS + r"\s+" + _CITY_NOUN + r"\b"),
                  re.compile(r"\b" + _CITY_NOUN + r"\s+(?i:(?:mana|apa)\s+)?(?i:di|in|of)\s+(?i:the\s+)?" + _COUNTRY_WORDS))


def asked_place_country(question: str) -> str | None:
    """The country the city asked for lies in ("In which Turkish city", "Di kota mana di Turki"):
    its Indonesian spelling; None when the question names none with the city it asks for."""
    for pattern in _PLACE_COUNTRY:
        for m in pattern.finditer(question):
            words = m.group(1).split()
            for n in (len(words), 1):  # "Arab Saudi", or "Turki" followed by another capitalised word
                name = " ".join(words[:n])
                place = lx.places().get(name) or lx.demonyms().get(name)
                if place in lx.countries():
                    return place
    return None


def _in_country(m: Mention, country: str) -> bool:
    """Whether a place mention may lie in `country`: a city known to lie elsewhere does not."""
    lies_in = lx.city_countries().get(lx.places().get(m.text, m.text))
    return lies_in is None or lies_in == country


def names_office(sentence: str, office: str) -> bool:
    """Whether `sentence` names `office` in any of its spellings, or for a class of offices ("head of
    government") one of the offices it holds ("perdana menteri", "kanselir")."""
    wanted = lx.office_classes().get(office, frozenset()) | {office}
    return any(lx.offices()[m.group(1)] in wanted for m in _OFFICE.finditer(normal(sentence)))


_ASKED_UNIT = re.compile(r"\b(?:berapa|how many)\s+(" + "|".join(sorted(lx.TIME_UNITS, key=len, reverse=True)) + r")\b")
# Units by size: a duration counted in one answers a question asked in the next one up or down
# ("berapa jam": "90 menit", "dua hari"), not one further ("how many hours": "two years").
_RUNGS = {days: i for i, days in enumerate(sorted(set(lx.TIME_UNITS.values())))}
_UNIT_FORMS = re.compile(r"\b(?:se|ber)?(" + "|".join(sorted(lx.TIME_UNITS, key=len, reverse=True)) + r")(?:-\1|an)?\b")


def asked_unit(question: str) -> str | None:
    """The time unit in "berapa jam", "how many days"; None for "berapa lama", "how long"."""
    m = _ASKED_UNIT.search(normal(question))
    return m.group(1) if m else None


# A duration in the next unit up answers only while it counts few of that unit: "berapa jam":
# "dua hari" is an answer, "30 hari" (720 hours) is not; "berapa menit": "dua jam" is.
_MOST_OF_LARGER_UNIT = 10


def unit_fits(mention: str, unit: str) -> bool:
    """Whether a duration mention is counted within one rung of `unit`, and when in the larger unit,
    in at most ten of it (a mention whose unit or count cannot be read, "beberapa waktu",
    "berhari-hari", fits)."""
    m = _UNIT_FORMS.search(mention.lower())
    if not m:
        return True
    said, asked = lx.TIME_UNITS[m.group(1)], lx.TIME_UNITS[unit]
    if abs(_RUNGS[said] - _RUNGS[asked]) > 1:
        return False
    counts = values(mention[: m.start()]) if said > asked else set()
    return not counts or max(counts) <= _MOST_OF_LARGER_UNIT


def mentions(sentence: str, kind: str) -> list[tuple[int, int]]:
    """Character spans in `sentence` of things of `kind` (empty for "other", "manner", "yesno")."""
    return [(m.start, m.end) for m in find(sentence, kind)]


def supplies(sentence: str, asked: Asked) -> bool:
    """Whether `sentence` holds a mention of the asked kind that the question does not already state."""
    if set_aside(sentence, asked):
        return False  # "Selain X, apa lagi": X is no answer
    if asked.kind in ALWAYS:
        return True
    stated = f"{asked.question} {asked.context}" if asked.context else asked.question
    known = find(stated, asked.kind)
    found = find(sentence, asked.kind)
    if asked.kind == "person" and not asked.office:
        found += agents(sentence)
    if asked.kind == "place":
        found = [m for m in found if _right_scale(m, normal(asked.question))]
        if asked.place_in:
            found = [m for m in found if _in_country(m, asked.place_in)]
    if asked.unit:
        found = [m for m in found if unit_fits(m.text, asked.unit)]
    if asked.kind == "date" and cues.CALENDAR_DATE.search(normal(asked.question)):
        found = [m for m in found if any(ch.isdigit() for ch in m.text)]  # a day of a month, not "pekan depan"
    if asked.kind == "date" and cues.FUTURE.search(normal(asked.question)):
        found = [m for m in found if not cues.PAST.search(m.text)]  # "Kapan ... akan": not "bulan lalu"
    if asked.counted:
        found = [m for m in found if not counts_other(m.text, asked.counted)]
    if asked.office and not names_office(sentence, asked.office):
        return False  # "Which German chancellor": a sentence naming other people is a near miss
    return any(not _repeated(m, asked, known, stated) for m in found)


_AGENT = re.compile(r"\b(?:oleh|by)\s+(?:the\s+)?$", re.I)


def agents(sentence: str) -> list[Mention]:
    """Countries and organisations named as who did something ("diumumkan oleh Denmark", "was
    announced by the Commission"): they answer "who" as a person would."""
    return [m for kind in ("organisation", "place") for m in find(sentence, kind)
            if _AGENT.search(sentence, 0, m.start)]


def _right_scale(m: Mention, low: str) -> bool:
    """"Di kota mana" is not answered by a country or a region, nor "negara mana" by a city."""
    words = set(re.findall(r"[\w-]+", low))
    country = bool(words & cues.COUNTRY_NOUNS) or cues.MEMBER_STATES.search(low) is not None
    local = bool(words & cues.LOCAL_NOUNS)
    if m.text[:1].islower():  # "di laut", "at the border": neither a city nor a country
        return not (country or local)
    place = lx.places().get(m.text) or lx.demonyms().get(m.text)
    if place in lx.regions():  # "Eropa", "Baltik", "Laut Hitam": answers "where", never "which city"
        return not (country or local)
    is_country = place in lx.countries()
    if country != local:
        return is_country if country else not is_country
    return True


def _names(text: str) -> list[str]:
    return [n.text for n in segments(text)]


# Capitalised words that are no constraint: a name's head alone ("Bank"), a question word ("Who met
# in Miami") or any other stopword.
_NOT_FOCUS = lx.ORG_HEADS | lx.PLACE_HEADS | lx.TITLE_HEADS | stopwords()


def focus(question: str) -> tuple[str, ...]:
    """The question's constraint terms: quoted phrases, names, dates and numbers, in order."""
    spans = [(m.start(1), m.end(1)) for m in re.finditer(r"[“\"‘]([^”\"’]{2,80})[”\"’]", question)]
    if not question.isupper():  # in a shouted question every word is capitalised
        spans += [(n.start, n.end) for n in segments(question) if n.text.lower() not in _NOT_FOCUS]
    for kind in NUMERIC:
        spans += [(m.start, m.end) for m in find(question, kind)]
    spans += [m.span() for m in re.finditer(r"\bke-?\d+\b|\b\d+(?:st|nd|rd|th)\b|(?<![\w.,-])\d+(?:[.,]\d+)*(?:-[a-z]+)?\b", question)]
    spans.sort(key=lambda s: (s[0], -s[1]))
    out, seen, reach = [], set(), -1
    for a, b in spans:
        if b <= reach:
            continue  # inside a longer term
        reach = max(reach, b)
        term = question[a:b].strip()
        if term and term.lower() not in seen:
            seen.add(term.lower())
            out.append(term)
    return tuple(out)


def _repeated(m: Mention, asked: Asked, known: list[Mention], stated: str) -> bool:
    """Whether mention `m` only restates what the question (with, for a follow-up, its asker's last
    question: `stated`) says."""
    kind = asked.kind
    if kind == "date":
        if isinstance(m.key, tuple) and m.key[0] == "event":
            return _reason_known(m.text, asked.question)
        return any(_date_within(m.key, k.key) for k in known)
    if kind in ("person", "place", "organisation"):
        return _name_known(m, stated, kind)
    if kind == "reason":
        return _reason_known(m.text, asked.question)
    if isinstance(m.key, float):
        return m.key in {k.key for k in known} | (values(stated) if kind in ("count", "percent") else set())
    return m.key in {k.key for k in known}


def _date_within(mine: object, theirs: object) -> bool:
    """A date adds nothing when every field it states is one the question's date states alike."""
    if isinstance(mine, tuple) and isinstance(theirs, tuple):
        return all(a is None or a == b for a, b in zip(mine, theirs))
    return mine == theirs


def _padded(text: str) -> str:
    """Folded words, single-spaced, with a space at each end: whole names are found with `in`."""
    return " " + " ".join(re.findall(r"[^\W_]+", fold(text))) + " "


def _name_known(m: Mention, question: str, kind: str) -> bool:
    """A person by the last word of the name (spelling variants alike), a place by its canonical
    spelling, an organisation by its whole name."""
    if kind == "organisation":  # by its whole name, in any of its spellings ("Uni Eropa" restates "the EU")
        if fold(m.text) in fold(question):
            return True
        asked = _padded(question)
        return any(_padded(s) in asked for s in lx.spellings(m.text))
    key = m.key
    words = {fold(w) for w in re.findall(r"[^\W\d_]+", question)}
    words |= {name_key(n.text) for n in segments(question)}
    words |= {fold(lx.places().get(w) or lx.demonyms().get(w, w)) for w in re.findall(r"[^\W\d_]+", question)}
    return any(key == w or (len(key) >= 5 and len(w) >= 5 and key[:5] == w[:5] and abs(len(key) - len(w)) <= 2) for w in words)


_STOP = frozenset("yang dan atau untuk dengan karena agar supaya demi akan telah sudah bahwa tidak belum dari pada dalam oleh "
                  "this that with from because their they have been would could about into which".split())


def _reason_known(text: str, question: str) -> bool:
    """A reason is new when it has a content word (compared by its first five letters) the question lacks."""
    asked = {w[:5] for w in re.findall(r"[^\W\d_]+", fold(question))}
    content = [w for w in re.findall(r"[^\W\d_]+", fold(text))[1:] if len(w) >= 4 and w not in _STOP]
    return all(w[:5] in asked for w in content)
