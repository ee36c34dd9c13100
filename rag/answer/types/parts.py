"""Split a question that joins several sub-questions into standalone ones.

"Kapan X bertemu di Riyadh, dan apa yang mereka sepakati di sana?" asks two things; so do
"Where and when did they meet?", "Berapa orang dan berapa entitas ...?", "How many drones and
missiles ...?", "... paket ke-18 dan ke-19?", "How long was X compared with Y?" and
"Berapa lama A dan B masing-masing ...?". Each part keeps the words the parts share.
"""

from __future__ import annotations

import re

_PREP = r"(?:di|ke|dari|pada|dalam|dengan|untuk|sejak|sampai|hingga|bagi|in|on|at|for|from|to|by|until|since|with)"
_WH_WORD = (r"(?:siapa(?:kah)?|apa(?:kah)?|kapan|mengapa|kenapa|bagaimana|mana|berapa|keberapa|who|whom|whose|what|which|where|when|why|how)")
_WH = rf"\b{_WH_WORD}\b"
# A question phrase with its noun: "berapa orang", "jam berapa", "how many drones", "on what date".
_WH_PHRASE = (rf"(?:{_PREP}\s+)?(?:(?:jam|pukul|tanggal|tahun|hari|bulan)\s+berapa|berapa(?:\s+(?!dan\b|and\b)[\w-]+)?"
              rf"|how\s+(?:many|much|long|far|often)(?:\s+(?!and\b)[\w-]+)?|(?:what|which)\s+(?!and\b)[\w-]+"
              rf"|siapa(?:kah)?|apa(?:kah)?|kapan|di\s?mana|ke\s?mana|mengapa|kenapa|bagaimana|who|whom|where|when|why|how)")
_SHARED = re.compile(rf"\b({_WH_PHRASE})\s+(dan|and|serta|atau|or|&|sampai|hingga|to|until)\s+({_WH_PHRASE})(?=\W|$)", re.I)
_RANGE = {"sampai", "hingga", "to", "until"}
_CLAUSES = re.compile(rf"(,\s*(?:dan|serta|and|but|lalu|kemudian|sekaligus|plus)\s+|\s+(?:dan|serta|and)\s+(?=(?:{_PREP}\s+)?{_WH}))", re.I)
_NOUNS = re.compile(r"\b(how many|berapa(?: banyak| jumlah)?)\s+([\w-]+)\s+(?:and|dan)\s+([\w-]+)\b", re.I)
# Items of an enumeration that each make a part: ordinals and years ("ke-18 dan ke-19", "2023, 2024 and 2025").
_ITEM = (r"(?:ke-?\d+|\d+(?:st|nd|rd|th)|(?:19|20)\d\d|pertama|kedua|ketiga|keempat|kelima|keenam|first|second|third|fourth|fifth|sixth)")
_ITEMS = re.compile(rf"(?<!antara )(?<!between )(?<!from )(?<!dari )(?<!sejak )\b{_ITEM}(?:,\s*{_ITEM})*,?\s+(?:dan|and|serta|&)\s+{_ITEM}\b", re.I)
_EACH = re.compile(rf"^(.*?\b{_WH_PHRASE}\s+(?:(?:did|was|were|is|are|do|does)\s+)?)(?!saja\b|yang\b)(.+?)\s+(?:dan|and)\s+(.+?),?\s+(?:masing-masing|respectively)\b(\s*\w.*)$", re.I)
_VERSUS = re.compile(r"^(.*?)\s+(?:dibandingkan|dibanding|ketimbang|compared (?:with|to)|as against|versus|vs\.?)\s+(?:dengan\s+)?(.+?)$", re.I)
_BOTH = re.compile(r"^(.*?),?\s+baik\s+(.+?)\s+maupun\s+(.+)$", re.I)
_HEAD = re.compile(rf"^(.*?\b{_WH_PHRASE}(?:\s+(?:was|were|is|are|did|does|do|lama|banyak))?)\b", re.I)
# "... dan siapa saja yang hadir?": a relative clause is the part's own predicate, nothing is gapped.
_WHOLE = re.compile(r"\byang\b", re.I)
# A setting by another event ("After the London summit, ..."): the later part that states its own
# ("..., and what did Estonia do after the MiG-31 incursion?") does not share the first's.
# "sejak kapan", "selama berapa hari", "since when" are question phrases, not settings.
_SETTING = re.compile(r"\b(?:after|before|following|during|since(?! when)|setelah|sesudah|seusai|usai|sebelum"
                      r"|selama(?! berapa)|sejak(?! kapan)|menjelang)\b", re.I)
_ANAPHORA = re.compile(r"\b(?:mereka|dia|ia|beliau|di sana|he|she|it|they|them|his|her|their|there)\b", re.I)


def split(question: str, focus_of) -> tuple[str, ...]:
    """The sub-questions of `question`, or () when it asks one thing. `focus_of(text)` gives a
    text's name terms, to carry context into a part that refers back ("di sana", "he")."""
    q = question.strip()
    parts = [p for part in (_shared(q) or [q]) for p in _clauses(part, focus_of)]
    for rule in (_shared, _nouns, _items, _each, _versus, _both):
        parts = [p for part in parts for p in (rule(part) or [part])]
    parts = [_finish(p) for p in parts]
    return tuple(parts) if len(parts) > 1 else ()


def _finish(part: str) -> str:
    part = re.sub(r"\s+", " ", part).strip(" ,;")
    part = part.rstrip("?").rstrip() + "?"
    return part[0].upper() + part[1:]


def _clauses(q: str, focus_of) -> list[str]:
    """", dan apa yang ...": a second question clause after the first."""
    for m in _CLAUSES.finditer(q):
        left, right = q[: m.start()], q[m.end() :]
        if not re.search(_WH, left, re.I) or not re.search(_WH, right, re.I):
            continue
        first_wh = re.search(_WH, left, re.I)
        lead = left[: first_wh.start()] if first_wh else ""
        lead = lead if lead.rstrip().endswith((",", ".", ":")) and not _own_setting(lead, right) else ""
        if _ANAPHORA.search(right):
            names = [n for n in focus_of(left) if n.lower() not in right.lower() and not re.match(r"[\d(]", n)]
            if names:
                right = right.rstrip(" ?") + " (" + ", ".join(names) + ")"
        right = _ungap(left, right, lead)
        return [left] + _clauses(right, focus_of)
    return [q]


def _own_setting(lead: str, right: str) -> bool:
    """Whether `lead` sets its question by an event and `right` states a setting of its own."""
    return bool(_SETTING.match(lead.strip()) and _SETTING.search(right))


def _ungap(left: str, right: str, lead: str) -> str:
    """"Who led the talks in February and who in March": the second part borrows the first's verb."""
    wh = re.match(rf"\s*({_WH_PHRASE})\s*(.*)$", right, re.I)
    if wh is None or len(wh.group(2).rstrip("?").split()) > 3 or _WHOLE.search(wh.group(2)):
        return lead + right
    rest = wh.group(2).rstrip(" ?")
    prep = re.match(rf"({_PREP})\s+", rest, re.I)
    head = re.match(rf"\s*(.*?\b(?:{_WH_PHRASE}))\s+(.*)$", left[len(lead):], re.I)
    if prep and head and re.search(rf"\b{prep.group(1)}\s+\S.*$", head.group(2), re.I):
        body = re.sub(rf"\b{prep.group(1)}\s+\S.*$", rest, head.group(2), count=1, flags=re.I)
        return lead + wh.group(1) + " " + body
    aux = re.search(r"\b(?:did|does|do|was|were|is|are|has|have|had|will|would|can|could)\b.*$", left[len(lead):], re.I)
    if aux:  # "Which meetings did he take part in, and in what capacity" -> "in what capacity did he take part in"
        return lead + wh.group(1) + " " + aux.group() + (" " + rest if rest else "")
    if head and not rest:  # "Berapa lama mereka bertemu, dan berapa kali?": the bare question phrase borrows all
        return lead + wh.group(1) + " " + head.group(2)
    return lead + right  # "and how many took part online": words of its own, not a gap


def _shared(q: str) -> list[str] | None:
    """"Where and when did they meet", "Dari jam berapa sampai jam berapa ...", "Berapa orang dan berapa entitas ..."."""
    m = _SHARED.search(q)
    if not m or not re.search(_WH, m.group(3), re.I):
        return None
    before, after = q[: m.start()], q[m.end() :]
    second = (m.group(2) + " " + m.group(3)) if m.group(2).lower() in _RANGE else m.group(3)
    if m.group(2).lower() in _RANGE:
        before = re.sub(rf"\b{_PREP}\s*$", "", before, flags=re.I)
    return [before + m.group(1) + after, before + second + after]


def _nouns(q: str) -> list[str] | None:
    """"How many drones and missiles did Russia fire": one count for each noun."""
    m = _NOUNS.search(q)
    if not m or re.fullmatch(_WH_WORD, m.group(3), re.I):
        return None
    before, after = q[: m.start()], q[m.end() :]
    return [f"{before}{m.group(1)} {m.group(2)}{after}", f"{before}{m.group(1)} {m.group(3)}{after}"]


def _items(q: str) -> list[str] | None:
    """"... dalam paket sanksi ke-16, ke-18, dan ke-19?": one part for each listed ordinal or year."""
    m = _ITEMS.search(q)
    if not m or not re.search(_WH, q, re.I):
        return None
    items = re.findall(_ITEM, m.group(), re.I)
    return [q[: m.start()] + item + q[m.end() :] for item in items]


def _each(q: str) -> list[str] | None:
    """"Berapa lama A dan B masing-masing berlangsung?": A and B each with the shared words."""
    m = _EACH.match(q)
    if not m:
        return None
    head, a, b, tail = m.groups()
    return [head + a + tail, head + _borrow(a, b) + tail]


def _borrow(a: str, b: str) -> str:
    """"pertemuan di Riyadh" + "di Istanbul" -> "pertemuan di Istanbul"."""
    prep = re.match(rf"({_PREP})\s", b, re.I)
    if prep:
        at = re.search(rf"\b{prep.group(1)}\s", a, re.I)
        if at and at.start() > 0:
            return a[: at.start()] + b
    return b


def _versus(q: str) -> list[str] | None:
    """"How long was X compared with Y" -> "How long was X", "How long was Y"."""
    m = _VERSUS.match(q)
    if not m or not re.search(_WH, m.group(1), re.I):
        return None
    head = _HEAD.match(m.group(1))
    return [m.group(1), (head.group(1) + " " if head else "") + m.group(2)]


def _both(q: str) -> list[str] | None:
    """"Apa peran X, baik pada Februari maupun untuk pertemuan berikutnya?" -> one part for each."""
    m = _BOTH.match(q)
    if not m or not re.search(_WH, m.group(1), re.I):
        return None
    return [m.group(1) + " " + m.group(2), m.group(1) + " " + m.group(3)]
