"""A cited timeline of the negotiations and the people index, built from the stored documents.

    text -> sentences -> date expressions (rag.insights.dates), names (rag.insights.people), places
         -> each dated sentence, or clause when a sentence dates several things, reports an event
         -> reports of one event across articles merge -> TimelineEvent, one citation per report

Relative dates are read against the article's anchor: its publication date, else the latest date
it states. An article that states neither borrows one: its "pada hari Rabu" matched, by weekday
and two shared people, to a dated event of another article.

Per-document extraction is cached by content hash; the corpus-wide steps (lexicon, people,
anchors, merging) re-run on every refresh and take milliseconds.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from rag.ingest import boilerplate
from rag.text.sentences import sentence_spans
from rag.insights.dates import PRECISION_RANK, DateMention, Period, corpus_reference, document_anchor, find_dates, parse_iso, resolve
from rag.models import Citation, DocumentInfo, Person, TimelineEvent
from rag.insights.people import Lexicon, NameMention, People, embedded, is_proper, name_mentions

log = logging.getLogger(__name__)

Span = tuple[int, int]
_PLACE = re.compile(r"\b(?:di|ibu kota)\s+((?:[A-Z][^\W\d_]*+[ \u00a0]?)++(?:,\s+(?:[A-Z][^\W\d_]*+[ \u00a0]?)++)*+)")
_DATELINE = re.compile(r"([A-Z][^\W\d_]+):\s")  # "Riyadh: Delegasi …" opening the lead
_QUOTES = "\"“”'‘’"
_BORROWED_OFFSET = timedelta(days=3)  # "pada hari Rabu" was within the week before publication
_DIRECTNESS = {"full": 0, "day_month": 1, "month_year": 1, "weekday": 2, "lead": 3}


@dataclass(frozen=True)
class _Doc:
    """What one document yields before the corpus is known; cached by content hash."""

    info: DocumentInfo
    text: str
    sentences: tuple[Span, ...]
    dates: dict[Span, tuple[DateMention, ...]]
    words: frozenset[str]  # lower-case words, for the lexicon
    story_date: str | None = None  # the first weekday-anchored full date of the story (ISO)


@dataclass(frozen=True)
class _State:
    """One consistent build, swapped in whole so that readers never see half of one."""

    events: list[TimelineEvent]
    index: list[Person]
    people: People
    anchors: dict[str, date | None]


@dataclass(frozen=True)
class _Report:
    """One sentence (or clause) dating an event."""

    source: str
    sentence: Span
    period: Period
    people: frozenset[str]
    places: frozenset[str]
    multi: bool  # the sentence dates several things
    directness: int  # how the date is stated: a full date 0 … a dateline lead 3, relative phrases 4
    words: frozenset[str]  # stems of the sentence, to break ties between candidate events


@dataclass
class _Cluster:
    reports: list[_Report] = field(default_factory=list)
    people: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)

    def add(self, r: _Report) -> None:
        self.reports.append(r)
        self.people |= r.people
        self.places |= {p.lower() for p in r.places}

    def evidence(self, r: _Report) -> float:
        """How strongly `r` reports this cluster's event; 0 when not at all.

        Same day and the same article, a shared place, or two shared people make it the same event."""
        head = self.reports[0].period
        if r.period.precision == head.precision == "day":
            if r.period.first != head.first:
                return 0
        elif not r.period.overlaps(head):
            return 0
        places = len(self.places & {p.lower() for p in r.places})
        people = len(self.people & r.people)
        same_doc_day = head.precision == r.period.precision == "day" and any(x.source == r.source for x in self.reports)
        if not (places or people >= 2 or same_doc_day):
            return 0
        overlap = max(len(x.words & r.words) / (len(x.words | r.words) or 1) for x in self.reports[:8])
        return 2 * places + people + same_doc_day + overlap


def extract(info: DocumentInfo, text: str) -> _Doc:
    """Sentences and date expressions of one document (the part worth caching)."""
    parsed = boilerplate.parse(text)
    sentences = tuple((s.start, s.end) for b in parsed.blocks for s in sentence_spans(text, b.start, b.end))
    dates = {s: tuple(find_dates(text, *s)) for s in sentences}
    return _Doc(info, text, sentences, dates, frozenset(re.findall(r"(?<![\w'-])[a-z][a-z]+", text)), parsed.story_date)


def places(text: str, span: Span, lexicon: Lexicon) -> list[tuple[int, str]]:
    """Places named in a span: "di Riyadh, Arab Saudi", "ibu kota Saudi, Riyadh", as (offset, name)."""
    found = []
    for m in _PLACE.finditer(text, *span):
        for part in re.finditer(r"[^,]+", m.group(1)):
            words = part.group().split()
            kept = []
            for w in words[:3]:
                if not is_proper(w, lexicon):
                    break
                kept.append(w)
            if not kept:
                break
            found.append((m.start(1) + part.start(), " ".join(kept)))
    return found


class Timeline:
    """The timeline and the people index of one store, refreshed after every write."""

    def __init__(self, tokenizer: Callable[[str], list[str]]) -> None:
        self._tokenizer = tokenizer
        self._cache: dict[tuple[str, str], _Doc] = {}
        self._lock = threading.Lock()
        self._state = _State([], [], People({}), {})

    def refresh(self, documents: Iterable[DocumentInfo], text_of: Callable[[str], str]) -> None:
        """Rebuild from `documents`; only documents whose content hash is new are read and parsed.

        This runs after every write, once the document is stored: a failure here is logged and leaves
        the document out of the timeline (or the timeline as it was), and never fails the write."""
        with self._lock:
            docs = []
            for info in documents:
                cached = self._cache.get((info.id, info.hash))
                if cached and cached.info == info:
                    docs.append(cached)
                    continue
                try:
                    docs.append(extract(info, text_of(info.id)))
                except Exception:
                    log.exception("timeline: cannot read %s; it is left out of the timeline", info.id)
            self._cache = {(d.info.id, d.info.hash): d for d in docs}
            try:
                self._state = _build(docs, self._tokenizer)
            except Exception:
                log.exception("timeline: rebuilding failed; serving the previous one")

    def events(self, start: date | None = None, end: date | None = None, person: str | None = None) -> list[TimelineEvent]:
        """Events in chronological order that may fall within [start, end] and, if given, name `person`."""
        names = self._state.people.match(person) if person else None
        return [
            e for e in self._state.events
            if (start is None or date.fromisoformat(e.latest) >= start)
            and (end is None or date.fromisoformat(e.earliest) <= end)
            and (names is None or names & set(e.people))
        ]

    def people(self) -> list[Person]:
        return self._state.index

    @property
    def anchors(self) -> dict[str, date | None]:
        """Per document, the date its relative expressions were read against (None: only full dates count)."""
        return dict(self._state.anchors)

    @property
    def cached(self) -> set[tuple[str, str]]:
        """(document id, content hash) of every cached extraction."""
        return set(self._cache)


def _build(docs: list[_Doc], tokenizer) -> _State:
    lexicon = Lexicon(tokenizer, set().union(*(d.words for d in docs)))
    names = {d.info.id: [m for s in d.sentences for m in name_mentions(d.text, s, lexicon)] for d in docs}
    people = People(names)
    by_id = {d.info.id: d for d in docs}

    def cite(doc_id: str, start: int, end: int) -> Citation:
        d = by_id[doc_id]
        return Citation.of(d.info, 1, d.text[start:end], start, end, 1.0)

    # A page that states no publication date is read against the date its story opens with.
    published = {d.info.id: parse_iso(d.info.date or d.story_date or "") for d in docs}
    ref = corpus_reference([p for p in published.values() if p])
    anchors = {d.info.id: document_anchor(published[d.info.id], _all(d), ref) for d in docs}
    context = (people, lexicon, tokenizer)
    reports = {d.info.id: _reports(d, anchors[d.info.id], published[d.info.id], names[d.info.id], *context)
               for d in docs}
    dated = [r for doc_id, rs in reports.items() if anchors[doc_id] for r in rs if r.period.precision == "day"]
    for d in docs:
        if anchors[d.info.id] is None:
            anchors[d.info.id] = _borrow_anchor(d, names[d.info.id], people, dated)
            if anchors[d.info.id]:
                reports[d.info.id] = _reports(d, anchors[d.info.id], None, names[d.info.id], *context)
    clusters = _merge([r for rs in reports.values() for r in rs])
    events = sorted((_event(c, by_id, cite) for c in clusters),
                    key=lambda e: (e.earliest, PRECISION_RANK[e.precision], e.latest, e.id))
    return _State(events, people.index(lambda doc_id: by_id[doc_id].text, cite), people, anchors)


def _all(d: _Doc) -> list[DateMention]:
    return [m for s in d.sentences for m in d.dates[s]]


def _reports(d: _Doc, anchor: date | None, published: date | None, names: list[NameMention], people: People,
             lexicon: Lexicon, tokenizer) -> list[_Report]:
    """Every dated sentence (or clause) of one document, with the people and places in it."""
    out, lead_done = [], False
    by_sentence: dict[Span, list[NameMention]] = {}
    for m in names:
        by_sentence.setdefault(m.sentence, []).append(m)
    for s in d.sentences:
        resolved = [(m, p) for m in d.dates[s] if (p := resolve(m, anchor))]
        mentions = by_sentence.get(s, [])
        inside = embedded(mentions)
        named = [(m.start, who) for m in mentions if m not in inside and (who := people.person_of(m))]
        where = places(d.text, s, lexicon)
        if not resolved and published and not lead_done and _is_lead(d.text, s, lexicon):
            # A dateline lead ("Riyadh: …") reports the day the article is dated.
            lead_done = True
            line = _DATELINE.match(d.text, s[0])
            resolved = [(None, Period(published, published, "day"))]
            where = [(s[0], line.group(1)), *where]
        bounds = [s[0]] + [m.end for m, _ in resolved[:-1]] + [s[1]]
        words = frozenset(tokenizer(d.text[s[0] : s[1]]))
        for i, (mention, period) in enumerate(resolved):
            lo, hi = bounds[i], bounds[i + 1]
            out.append(_Report(
                d.info.id, s, period,
                frozenset(who for at, who in named if lo <= at < hi),
                frozenset(name for at, name in where if lo <= at < hi),
                multi=len(resolved) > 1, directness=_DIRECTNESS.get(mention.kind if mention else "lead", 4),
                words=words,
            ))
    return out


def _is_lead(text: str, s: Span, lexicon: Lexicon) -> bool:
    line = _DATELINE.match(text, s[0])
    return bool(line) and (s[0] == 0 or text[s[0] - 1] == "\n") and is_proper(line.group(1), lexicon)


def _borrow_anchor(d: _Doc, names: list[NameMention], people: People, dated: list[_Report]) -> date | None:
    """An anchor for an article that states no date: its weekday-only mention of an event
    that another article dates (same weekday, at least two of the same people)."""
    found = set()
    for s in d.sentences:
        weekdays = [m for m in d.dates[s] if m.kind == "weekday"]
        who = {p for m in names if m.sentence == s and (p := people.person_of(m))}
        for m in weekdays:
            found |= {r.period.first for r in dated
                      if r.period.first.weekday() == m.weekday and len(who & r.people) >= 2}
    if len(found) != 1 or date.max - min(found) < _BORROWED_OFFSET:
        return None
    return min(found) + _BORROWED_OFFSET


def _merge(reports: list[_Report]) -> list[_Cluster]:
    """Group reports of one event: most precise first, each joining the cluster with the strongest evidence."""
    clusters: list[_Cluster] = []
    days: dict[date, list[_Cluster]] = {}  # day clusters by their day: a day report looks only there
    for r in sorted(reports, key=lambda r: (PRECISION_RANK[r.period.precision], r.period.first, r.source, r.sentence)):
        candidates = days.get(r.period.first, []) if r.period.precision == "day" else clusters
        best = max(((c.evidence(r), -i), c) for i, c in enumerate(candidates))[1] if candidates else None
        if best is None or best.evidence(r) <= 0:
            best = _Cluster()
            clusters.append(best)
            if r.period.precision == "day":
                days.setdefault(r.period.first, []).append(best)
        best.add(r)
    return clusters


def _event(c: _Cluster, by_id: dict[str, _Doc], cite) -> TimelineEvent:
    def rank(r: _Report):
        quote = by_id[r.source].text[r.sentence[0]] in _QUOTES
        return (PRECISION_RANK[r.period.precision], quote, r.multi, r.directness, not r.places, -len(r.people),
                r.source, r.sentence)

    reports = sorted(c.reports, key=rank)
    head, period = reports[0], c.reports[0].period
    spans = list(dict.fromkeys((r.source, r.sentence) for r in reports))
    spans = spans[:1] + sorted(spans[1:])
    citations = [cite(doc_id, *s).model_copy(update={"marker": i}) for i, (doc_id, s) in enumerate(spans, start=1)]
    place_names: dict[str, str] = {}
    for r in reports:
        for p in r.places:
            place_names.setdefault(p.lower(), p)
    key = f"{head.source}:{head.sentence[0]}:{period.iso}"
    return TimelineEvent(
        id=f"{period.iso}-{hashlib.sha1(key.encode()).hexdigest()[:8]}", date=period.iso, precision=period.precision,
        earliest=period.first.isoformat(), latest=period.last.isoformat(), description=citations[0].text,
        people=sorted(c.people), places=sorted(place_names.values()), citations=citations,
    )
