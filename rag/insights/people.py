"""People named in the articles: who they are, the roles the articles give them, spelling variants merged.

Nothing here knows a name. A person is a capitalised two-word name that, somewhere in the
corpus, stands next to a role ("Menteri Luar Negeri AS Marco Rubio", "utusan khusus Presiden AS
Donald Trump, Steve Witkoff", "Steve Witkoff, utusan …") or whose surname alone is the subject
of a speech verb ("kata Waltz"). Words the corpus also uses in lower case ("Timur Tengah")
are never names. Variants merge when surnames match after normalising (Zelensky/Zelenskyy)
and given names agree by spelling (Sergey/Sergei) or by a table of common nicknames (Mike/Michael).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rag.insights.dates import MONTHS, WEEKDAYS
from rag.text.fuzzy import similarity
from rag.models import Citation, Person, Role

Cite = Callable[[str, int, int], Citation]  # (document id, start, end) -> a citation of that span

_TOKEN = r"[A-ZÀ-Þ][^\W\d_]*(?:['’-][^\W\d_]+)*"
_RUN = re.compile(rf"{_TOKEN}(?:[ \u00a0]{_TOKEN})*")
# Titles that introduce a person, as whole phrases (longest first, so "wakil menteri" wins over "menteri").
_HEADS = sorted(
    "wakil presiden|wakil menteri|perdana menteri|juru bicara|juru runding|duta besar|sekretaris jenderal|kepala staf"
    "|menteri|menlu|menhan|presiden|penasihat|penasehat|ajudan|direktur|kepala|utusan|pembantu|asisten|jubir|dubes"
    "|sekjen|kanselir|panglima|ketua|pemimpin|menantu|negosiator|komandan|gubernur|senator".split("|"),
    key=len, reverse=True,
)
_ROLE_HEAD = re.compile(r"\b(?:" + "|".join(_HEADS) + r")\b", re.IGNORECASE)
_ROLE_WORDS = {w for head in _HEADS for w in head.split()}
# Indonesian verb prefixes: a title never holds a verb, so "Presiden menelepon X" gives X no role.
_VERB = re.compile(r"^(?:me|ber|di|ter|per)[a-z]{3,}$")
_STOP_BACK = set("dan serta atau oleh dengan bahwa adalah yang kepada untuk bersama antara dari karena namun "
                 "tetapi sementara seperti menurut pada di ke".split())
_SPEECH_BEFORE = re.compile(r"\b(?:kata|ujar|tulis|imbuh|ucap|tegas|jelas|lanjut|tambah|sebut)(?:nya)?\s+$", re.I)
_SPEECH_AFTER = re.compile(
    r"^\s+(?:mengatakan|menyatakan|menegaskan|menolak|berkata|mengaku|menekankan|menyebut|menjelaskan"
    r"|menambahkan|mengonfirmasi|menulis|memperingatkan|mendesak|berjanji|meminta)\b"
)
_ABBREVIATIONS = {"menlu": "menteri luar negeri", "menhan": "menteri pertahanan", "jubir": "juru bicara",
                  "dubes": "duta besar", "sekjen": "sekretaris jenderal", "penasehat": "penasihat"}
# Given-name variants in English and Slavic usage; generic, not taken from the corpus.
_NICKNAMES = dict(pair.split(":") for pair in (
    "mike:michael mick:michael steve:steven stephen:steven bob:robert rob:robert bill:william will:william "
    "jim:james jimmy:james joe:joseph tom:thomas tony:anthony rick:richard dave:david ben:benjamin "
    "alex:alexander aleksandr:alexander alexandr:alexander sasha:alexander nick:nicholas chris:christopher "
    "matt:matthew andy:andrew andrei:andrew andriy:andrew misha:mikhail volodya:vladimir dima:dmitri "
    "seryozha:sergei yevgeny:evgeni"
).split())
_SIMILAR = 0.85
_CALENDAR = MONTHS.keys() | WEEKDAYS.keys()
_BUCKET_CAP = 64


class Lexicon:
    """Words the corpus uses in lower case (by stem), plus stopwords: such words are never names."""

    def __init__(self, tokenizer: Callable[[str], list[str]], lowercase_words: Iterable[str]) -> None:
        self._tokenize = tokenizer
        self._stems = set(tokenizer(" ".join(lowercase_words)))
        self._seen: dict[str, bool] = {}

    def is_common(self, word: str) -> bool:
        if word not in self._seen:
            stems = self._tokenize(word)
            self._seen[word] = not stems or stems[0] in self._stems
        return self._seen[word]


@dataclass(frozen=True)
class NameMention:
    """A name at text[start:end] in the sentence text[sentence[0]:sentence[1]]: a full name
    ("Marco Rubio", with the span of the role the sentence gives it) or a lone capitalised word."""

    start: int
    end: int
    surface: str
    full: bool
    sentence: tuple[int, int]
    role: tuple[int, int] | None = None
    speech: bool = False  # a lone word as the subject of a speech verb ("kata Waltz")


def name_mentions(text: str, sentence: tuple[int, int], lexicon: Lexicon) -> list[NameMention]:
    """Full names (with their roles) and lone capitalised words in one sentence."""
    found: list[NameMention] = []
    for run in _RUN.finditer(text, *sentence):
        tokens = list(re.finditer(_TOKEN, run.group()))
        while tokens and tokens[-1].group().lower() in _CALENDAR:  # "… Donald Trump Rabu (12/2)"
            tokens.pop()
        kinds = [_kind(t.group(), lexicon) for t in tokens]
        if len(tokens) >= 2 and kinds[-2:] == ["name", "name"]:
            start, end = run.start() + tokens[-2].start(), run.start() + tokens[-1].end()
            role = _role_before(text, sentence[0], start) or _role_after(text, end, sentence[1])
            found.append(NameMention(start, end, text[start:end], True, sentence, role))
        elif tokens and kinds[-1] == "name":
            start, end = run.start() + tokens[-1].start(), run.start() + tokens[-1].end()
            speech = bool(_SPEECH_BEFORE.search(text, sentence[0], start) or _SPEECH_AFTER.match(text[end:sentence[1]]))
            found.append(NameMention(start, end, text[start:end], False, sentence, speech=speech))
    return found


def is_proper(token: str, lexicon: Lexicon) -> bool:
    """A capitalised word that may name someone or somewhere: not a title word, not common; acronyms count."""
    return _kind(token, lexicon) == "name" or (token.isupper() and len(token) > 1)


def _kind(token: str, lexicon: Lexicon) -> str:
    low = token.lower()
    if low in _ROLE_WORDS:
        return "role"
    if len(token) < 2 or token.isupper() or any(c in token for c in "'’-"):
        return "other"
    return "common" if lexicon.is_common(token) else "name"


def _clause_words(text: str, lo: int, hi: int, limit: int = 8) -> int:
    """Start of the clause ending at `hi`: back over at most `limit` words, stopping at
    punctuation or a word that opens a new phrase ("dan", "oleh", "dengan" …)."""
    start = hi
    for word in reversed(list(re.finditer(r"[^\s,;:.!?\"“”()]+", text[lo:hi]))):
        between = text[lo + word.end() : start]
        if re.search(r"[,;:.!?\"“”()]", between) or word.group().lower() in _STOP_BACK or limit == 0:
            break
        start, limit = lo + word.start(), limit - 1
    return start


def _role_before(text: str, lo: int, name_start: int) -> tuple[int, int] | None:
    """The role phrase right before a name: "Ajudan Kremlin Yury Ushakov", or an appositive
    "menantu Trump, Jared Kushner" (then the whole clause before the comma is the role)."""
    appositive = re.search(r",\s*$", text[lo:name_start])
    end = lo + appositive.start() if appositive else name_start
    start = _clause_words(text, lo, end)
    heads = list(_ROLE_HEAD.finditer(text, start, end))
    if appositive:
        # The clause must open with the title: "ujar Juru Bicara …, Tammy Bruce", not "… kata Presiden, X".
        heads = [h for h in heads if len(text[start : h.start()].split()) <= 3][:1]
    else:
        # "utusan khusus Presiden Rusia Vladimir Putin": the capitalised title nearest the name is his.
        capital = [h for h in heads if h.group()[0].isupper()]
        heads = capital[-1:] or heads[:1]
    if not heads:
        return None
    head = heads[0]
    between = text[head.end() : end].split()
    if len(between) > 6 or any(_VERB.match(w) and w.lower() not in _ROLE_WORDS for w in between):
        return None
    role_end = end
    while role_end > head.end() and text[role_end - 1] in " \u00a0,":
        role_end -= 1
    return head.start(), role_end


def _role_after(text: str, name_end: int, hi: int) -> tuple[int, int] | None:
    """An appositive after a name: "Steve Witkoff, utusan Spesifik Buat Timur Tengah"."""
    m = re.match(r",\s*", text[name_end:hi])
    if not m or not _ROLE_HEAD.match(text, name_end + m.end()):
        return None
    start = name_end + m.end()
    stop = re.search(r"[,;:.!?\"“”()]|\s(?:dan|serta|yang)\s", text[start:hi])
    end = start + stop.start() if stop else hi
    return (start, end) if end > start else None


@lru_cache(maxsize=8192)
def normalise(word: str) -> str:
    """Spelling-neutral form: ASCII, lower case, doubled letters single, y/i endings alike."""
    word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
    word = re.sub(r"(.)\1+", r"\1", word)
    word = re.sub(r"[ei]y|y[ei]|ei|iy", "i", word)
    return re.sub(r"y$", "i", word)


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if a[:1] != b[:1] or abs(len(a) - len(b)) > 2:  # cheap rejects before the ratio
        return False
    return similarity(a, b) >= _SIMILAR


def same_person(a: str, b: str) -> bool:
    """Whether two "Given Surname" names are spellings of one person's name."""
    (ga, sa), (gb, sb) = (tuple(normalise(w) for w in n.split()[-2:]) for n in (a, b))
    if not _similar(sa, sb):
        return False
    return _similar(_given(ga), _given(gb))


def _given(name: str) -> str:
    """A normalised given name, nicknames replaced by the full name."""
    return _given_names().get(name, name)


@lru_cache(maxsize=1)
def _given_names() -> dict[str, str]:
    return {normalise(k): normalise(v) for k, v in _NICKNAMES.items()}


@dataclass(eq=False)
class _Group:
    variants: Counter = field(default_factory=Counter)
    surnames: set[str] = field(default_factory=set)
    mentions: list[tuple[str, NameMention]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return max(self.variants, key=lambda v: (self.variants[v], len(v)))

    def add(self, doc_id: str, m: NameMention) -> None:
        if m.full:
            self.variants[m.surface] += 1
            self.surnames.add(normalise(m.surface.split()[-1]))
        self.mentions.append((doc_id, m))


class People:
    """The persons of a corpus, built from every document's name mentions."""

    def __init__(self, mentions: dict[str, list[NameMention]]) -> None:
        groups: list[_Group] = []
        by_surface: dict[str, _Group] = {}
        self._buckets: dict[str, list[_Group]] = defaultdict(list)
        for doc_id, found in sorted(mentions.items()):
            for m in (m for m in found if m.full):
                group = by_surface.get(m.surface)
                if group is None:
                    surname = normalise(m.surface.split()[-1])
                    near = self._near(surname)
                    group = next((g for g in near if any(same_person(m.surface, v) for v in g.variants)), None)
                    if group is None:
                        groups.append(group := _Group())
                        self._buckets[surname[:2]].append(group)
                    by_surface[m.surface] = group
                group.add(doc_id, m)
        self._lone: dict[str, _Group | None] = {}
        for doc_id, found in sorted(mentions.items()):
            for m in (m for m in found if not m.full):
                if (group := self._by_surname(m.surface)) is not None:
                    group.add(doc_id, m)
        # A person is a name with a role somewhere, or whose surname alone speaks somewhere.
        self._groups = [g for g in groups if any(m.role or m.speech for _, m in g.mentions)]
        self._full = {v: g for g in self._groups for v in g.variants}
        self._buckets = defaultdict(list)
        for g in self._groups:
            for s in g.surnames:
                self._buckets[s[:2]].append(g)
        self._lone = {}

    def _near(self, surname: str) -> list[_Group]:
        """Groups whose surname may be a spelling of this one: those sharing its first two letters.
        Capped, so that a document of thousands of made-up names stays linear."""
        return list(dict.fromkeys(self._buckets.get(surname[:2], ())))[:_BUCKET_CAP]

    def _surname_matches(self, word: str) -> list[_Group]:
        key = normalise(word)
        return [g for g in self._near(key) if any(_similar(key, s) for s in g.surnames)]

    def _by_surname(self, word: str) -> _Group | None:
        """The one person with this surname (in any spelling); None when none or several."""
        if word not in self._lone:
            matches = self._surname_matches(word)
            self._lone[word] = matches[0] if len(matches) == 1 else None
        return self._lone[word]

    def person_of(self, mention: NameMention) -> str | None:
        """The canonical name of the person a mention names, or None."""
        group = self._full.get(mention.surface) if mention.full else self._by_surname(mention.surface)
        return group.name if group else None

    def match(self, query: str) -> set[str]:
        """Canonical names a free-text query names: a full name in any spelling, or a surname."""
        words = query.split()
        if len(words) >= 2:
            return {g.name for g in self._surname_matches(words[-1]) if any(same_person(query, v) for v in g.variants)}
        return {g.name for g in self._surname_matches(words[0])} if words else set()

    def index(self, text_of: Callable[[str], str], cite: Cite) -> list[Person]:
        """Each person with variants, roles (each with its cited passages) and every passage naming them."""
        people = []
        for g in self._groups:
            roles: dict[str, tuple[str, list[Citation]]] = {}
            for doc_id, m in g.mentions:
                if m.role:
                    title = text_of(doc_id)[m.role[0] : m.role[1]]
                    key = _role_key(title)
                    known, cites = roles.get(key, (title, []))
                    roles[key] = (max(known, title, key=len), [*cites, cite(doc_id, *m.sentence)])
            passages = _unique(cite(doc_id, *m.sentence) for doc_id, m in g.mentions)
            people.append(Person(
                id=_slug(g.name), name=g.name, variants=sorted(g.variants, key=lambda v: -g.variants[v]),
                roles=_merge_roles(roles), mentions=len(g.mentions), citations=_numbered(passages),
            ))
        return sorted(people, key=lambda p: (-p.mentions, p.name))


def _role_key(title: str) -> str:
    words = [_ABBREVIATIONS.get(w, w) for w in re.findall(r"[^\W_]+(?:-[^\W_]+)*", title.lower())]
    return " ".join(words)


def _merge_roles(roles: dict[str, tuple[str, list[Citation]]]) -> list[Role]:
    """One role per title; a title that is the start of a longer one ("Menlu" of "Menlu AS") joins it."""
    keys = sorted(roles, key=len, reverse=True)
    merged: dict[str, tuple[str, list[Citation]]] = {}
    for key in keys:
        into = next((k for k in merged if (k + " ").startswith(key + " ")), None)
        if into is None:
            merged[key] = (roles[key][0], list(roles[key][1]))
        else:
            merged[into][1].extend(roles[key][1])
    out = [Role(title=title, citations=_numbered(_unique(cites))) for title, cites in merged.values()]
    return sorted(out, key=lambda r: (-len(r.citations), r.title))


def _unique(citations: Iterable[Citation]) -> list[Citation]:
    seen: dict[tuple[str, int, int], Citation] = {}
    for c in citations:
        seen.setdefault((c.source, c.start, c.end), c)
    return sorted(seen.values(), key=lambda c: (c.source, c.start))


def _numbered(citations: list[Citation]) -> list[Citation]:
    return [c.model_copy(update={"marker": i}) for i, c in enumerate(citations, start=1)]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(name)).strip("-")


def embedded(mentions: list[NameMention]) -> set[NameMention]:
    """Mentions inside another mention's role ("menantu Trump, Jared Kushner": Trump is not a participant)."""
    spans = [m.role for m in mentions if m.role]
    return {m for m in mentions if any(a <= m.start and m.end <= b for a, b in spans)}
