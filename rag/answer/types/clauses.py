"""Clauses that give a reason, or a time set by another event.

"karena delegasi terlambat", "agar perundingan berjalan", "because of fog": from the cue to the
clause's end. Before a result cue ("X, sehingga Y") the reason is the clause before it. A time
set by an event ("hanya setelah menerima reparasi") answers "kapan" without a date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import lexicon as lx


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    key: object  # value, (year, month, day, weekday), normalised name, or the text


def fold(text: str) -> str:
    """Lower-cased ASCII: "Zelenskyy’s Élysée" -> "zelenskyy's elysee"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()


# A time set by another event ("hanya setelah menerima reparasi", "once the war ends"): a date of a weaker sort.
_EVENT_DATE = re.compile(r"\b(?:(?:hanya|baru|tidak lama|segera|sesaat|tak lama|only|shortly|soon|just)\s+)?"
                         r"(?:setelah|sesudah|sebelum|seusai|usai|begitu|menjelang|hingga|sampai|after|before|once|until)\s+(?=[^\W\d_])", re.I)
# Where a reason's clause ends: a full stop, a closing quote, or a comma before a new clause.
_CLAUSE_END = re.compile(r"[.;!?”\"]|,\s+(?:kata|ujar|ucap|tutur|tegas|jelas|tambah|imbuh|menurut|said|says|but|namun|tetapi|tapi|"
                         r"sementara|sedangkan|while|whereas|dan|and|serta|lalu|kemudian)\b", re.I)
_REASON = re.compile(r"\b(?:" + "|".join(lx.REASON_CUES) + r")\b", re.I)
_RESULT = re.compile(r"(?:,\s*|\s)(?:" + "|".join(lx.RESULT_CUES) + r")\b", re.I)

def _clause_end(sentence: str, at: int) -> int:
    m = _CLAUSE_END.search(sentence, at)
    return m.start() if m else len(sentence)


def reasons(sentence: str) -> list[Mention]:
    """Reason clauses: from a cue ("karena", "agar", "because") to the clause's end; before a result
    cue ("sehingga", "oleh karena itu", "so"), the clause that precedes it."""
    out, last = [], -1
    for m in _REASON.finditer(sentence):
        if m.start() < last:
            continue  # inside the previous reason's clause
        end = _clause_end(sentence, m.end())
        opening = not sentence[: m.start()].strip(" “\"'‘(")
        if opening and "," in sentence[m.end() : end]:
            end = sentence.index(",", m.end())  # "Akibat serangan itu, listrik padam": the reason ends at the comma
        if opening and sentence[m.end() : m.end() + 1] == ",":
            end = _clause_end(sentence, m.end() + 1)  # "Alasannya, pejabat Ukraina tidak diundang."
        text = sentence[m.start() : end].rstrip(" ,")
        if len(text.split()) < 2:
            continue
        out.append(Mention(m.start(), m.start() + len(text), text, fold(text)))
        last = m.start() + len(text)
    for m in _RESULT.finditer(sentence):
        before = sentence[: m.start()].rstrip(" ,")
        start = max(before.rfind(", ") + 2 if ", " in before else 0, before.rfind(". ") + 2 if ". " in before else 0)
        text = before[start:].strip(" “\"'‘")
        if len(text.split()) >= 2 and not any(o.start <= start < o.end for o in out):
            start = sentence.index(text, start)
            out.append(Mention(start, start + len(text), text, fold(text)))
    return sorted(out, key=lambda x: x.start)


def events(sentence: str, dates: list[Mention]) -> list[Mention]:
    """Times set by another event: "setelah menerima reparasi" (keyed by its words, not a value)."""
    out = []
    for m in _EVENT_DATE.finditer(sentence):
        end = _clause_end(sentence, m.end())
        text = sentence[m.start() : end].rstrip(" ,")
        if len(text.split()) >= 2 and not any(d.start < end and m.start() < d.end for d in dates):
            out.append(Mention(m.start(), m.start() + len(text), text, ("event", fold(text))))
    return out
