"""Split a news page's text into story and the rest, from what each line is, and read its metadata.

The text is never rewritten: the result is spans of it, so every chunk and citation stays an
exact slice of the source. A line is labelled by the first rule of `rules.RULES` whose form it
has; a line no rule names is then judged by where it stands: above the lead (masthead, rubric,
dateline), below the last prose line (section labels, footer), or between prose lines (a
subheading, kept but never quoted). A dateline opener glued to the lead ("JAKARTA, KOMPAS.com -")
stays in the block but is unquotable, so a quoted lead sentence starts after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rag.ingest import metadata as meta
from rag.text.sentences import Span, is_heading, sentence_spans
from rag.ingest.rules import EMPTY_OPENER, INITIALS, RULES, Ctx, closes_sentence, dateline_prefix, is_teaser, whole_dateline, word_count


@dataclass(frozen=True)
class ParsedText:
    blocks: tuple[Span, ...]  # story stretches: no dropped line inside, trimmed of whitespace
    dropped: tuple[Span, ...]  # one span per dropped line (or trailing sign-off), with its label
    unquotable: tuple[Span, ...]  # inside blocks, never to be quoted: headline, subheadings, dateline openers
    title: str | None  # the headline as the page states it
    title_span: Span | None
    outlet: str | None
    date: str | None  # publication date (ISO) from the page's own date line, never from the story
    author: str | None  # the writer a byline names (not the editor)
    story_date: str | None = None  # first weekday-anchored date in the story: when it happened


@dataclass
class _Line:
    start: int
    end: int
    text: str  # stripped, no-break spaces made plain
    prev: str | None  # text of the line directly above when no blank line separates them
    label: str | None = None
    rule: str | None = None


_BULLET = re.compile(r"^(?:[-•*▪]|\d{1,2}[.)])\s+\S")  # a list item between prose lines is part of the story
KEEP = {"story", "headline", "subheading"}  # labels whose lines stay inside blocks
_TRAILING_INITIALS = re.compile(r"(?<=[.!?\"”’])[ \t]+" + INITIALS.pattern + r"[ \t]*$")
_BARE_CREDIT = re.compile(r"[.!?\"”]\s*\((?:[A-Z][\w.]*)(?:\s+[A-Z][\w.]*){0,2}\)\s*$")


def line_key(line: str) -> str:
    """A line normalised to spot it in other documents of the same outlet: case, digits (years,
    counters), spacing and edge punctuation do not matter."""
    s = re.sub(r"\d+", "0", line.replace("\u00a0", " ").casefold())
    return " ".join(s.split()).strip(" .,:;|-–—•·*")


def line_keys(text: str) -> frozenset[str]:
    """The keys of a document's non-blank lines."""
    return frozenset(k for k in (line_key(ln) for ln in text.split("\n") if ln.strip()) if k)


def keys_in(key_sets: Iterable[frozenset[str]], min_docs: int = 1) -> frozenset[str]:
    """The keys found in at least `min_docs` of these documents' key sets (`line_keys`): given the
    other documents of one outlet, the lines it repeats."""
    counts: dict[str, int] = {}
    for keys in key_sets:
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    return frozenset(k for k, n in counts.items() if n >= min_docs and k)


def _lines(text: str) -> list[_Line]:
    out, pos, prev_text, prev_blank = [], 0, None, True
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped[0])
            norm = stripped.replace("\u00a0", " ")
            out.append(_Line(start, start + len(stripped), norm, None if prev_blank else prev_text))
            prev_text, prev_blank = norm, False
        else:
            prev_blank = True
        pos += len(raw) + 1
    return out


def _ctx(lines: list[_Line], i: int) -> Ctx:
    nxt = lines[i + 1].text if i + 1 < len(lines) and lines[i + 1].prev is not None else None
    return Ctx(lines[i].text, lines[i].prev, nxt)


def _is_prose(ln: _Line) -> bool:
    body = _TRAILING_INITIALS.sub("", ln.text)  # "… Rusia-Ukraina. (Hui)" closes at its stop
    n = word_count(body)
    quoted = re.search(r"[\"“”]", body) is not None  # '"Kami siap," kata Peskov.'
    return n >= 15 or (closes_sentence(body) and n >= (2 if quoted else 3))


def _label_by_form(lines: list[_Line], repeated: frozenset[str]) -> None:
    """Labels from the rule table, date lines and lines repeated across the outlet's pages."""
    for i, ln in enumerate(lines):
        c = _ctx(lines, i)
        above = lines[i - 1].label if i and ln.prev is not None else None
        if above in (None, "story") and RULES[0].test(c):  # a sentence fragment is story whatever its form
            ln.label, ln.rule = "story", RULES[0].name
            continue
        if meta.date_line(ln.text):
            ln.label, ln.rule = "timestamp", "date-line"
            continue
        if whole_dateline(ln.text):
            ln.label, ln.rule = "dateline", "dateline-alone"
            continue
        for rule in RULES[1:]:
            if rule.test(c):
                ln.label, ln.rule = rule.label, rule.name
                break
        if ln.label is None and line_key(ln.text) in repeated and (not c.closes or c.words <= 8):
            ln.label, ln.rule = "other", "repeated-in-outlet"


def _label_teasers(lines: list[_Line]) -> None:
    """Under a bare opener ('Baca Juga:', 'Artikel Terkait'), each teaser line that follows is link-bait."""
    for i, ln in enumerate(lines):
        if ln.rule not in ("linkbait-opener", "linkbait-insert") or not EMPTY_OPENER.match(ln.text):
            continue
        for item in lines[i + 1:]:
            bulleted = re.match(r"^[-•*»›▪·]\s", item.text) is not None
            if (item.prev is None and not bulleted) or item.label not in (None, "linkbait") or not is_teaser(Ctx(item.text, None, None)):
                break
            item.label, item.rule = "linkbait", "teaser-under-opener"


def _label_by_position(lines: list[_Line], title_at: int | None) -> None:
    """Lines no form names: above the lead a masthead or rubric, below the story a footer, between
    prose lines a subheading."""
    free = [i for i, ln in enumerate(lines) if ln.label is None and i != title_at]
    prose = [i for i in free if _is_prose(lines[i]) or _runs_on(lines, i)]
    # A captioned photo above the lead: a prose line ending in a bare agency credit "(AFP)".
    while len(prose) > 1 and _BARE_CREDIT.search(lines[prose[0]].text) and word_count(lines[prose[0]].text) <= 45:
        lines[prose[0]].label, lines[prose[0]].rule = "caption", "credit-above-lead"
        prose.pop(0)
    first, last = (prose[0], prose[-1]) if prose else (len(lines), -1)
    for i in free:
        ln = lines[i]
        if ln.label is not None:
            continue
        if i < first:
            ln.label, ln.rule = "dateline", "above-lead"
        elif i > last:
            ln.label, ln.rule = ("section" if ln.text.isupper() else "other"), "below-story"
        elif i in prose or _BULLET.match(ln.text):
            ln.label, ln.rule = "story", "prose"
        else:
            ln.label, ln.rule = "subheading", "short-between-prose"


def _runs_on(lines: list[_Line], i: int) -> bool:
    """The line is the first part of a paragraph broken across lines: it does not close, and the
    line directly below continues it (in lower case, or as a sentence fragment)."""
    nxt = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].prev is not None else None
    if nxt is None or closes_sentence(lines[i].text):
        return False
    return nxt.rule == "sentence-fragment" or re.match(r"^[a-z]", nxt.text) is not None


def _title_index(lines: list[_Line]) -> int | None:
    """The headline: the first line no rule claims (a masthead or date line may stand above it),
    when it is headline-sized and does not open with a dateline."""
    at = next((i for i, ln in enumerate(lines[:4]) if ln.label is None), None)
    if at is None:
        return None
    ln = lines[at]
    if word_count(ln.text) > 30 or len(ln.text) > 250 or dateline_prefix(ln.text, lead=True):
        return None
    if at + 1 >= len(lines) or (word_count(ln.text) >= 15 and closes_sentence(ln.text)):
        return None  # the page's only line, or a first paragraph: not a headline
    return at


def explain(text: str, repeated: frozenset[str] = frozenset()) -> list[tuple[int, int, str, str]]:
    """(start, end, label, rule) for every non-blank line: which rule decided what it is."""
    lines, _ = _labelled(text, repeated)
    return [(ln.start, ln.end, ln.label, ln.rule) for ln in lines]


def _labelled(text: str, repeated: frozenset[str]) -> tuple[list[_Line], int | None]:
    lines = _lines(text)
    _label_by_form(lines, repeated)
    title_at = _title_index(lines)
    if title_at is not None:
        lines[title_at].label, lines[title_at].rule = "headline", "first-line"
        heading = line_key(lines[title_at].text)
        for ln in lines[title_at + 1:]:
            if ln.label is None and line_key(ln.text) == heading:
                ln.label, ln.rule = "repeat-headline", "headline-again"
    _label_teasers(lines)
    _label_by_position(lines, title_at)
    return lines, title_at


def parse(text: str, repeated: frozenset[str] = frozenset()) -> ParsedText:
    """Story blocks, dropped and unquotable spans, and the metadata of one news page's text."""
    lines, title_at = _labelled(text, repeated)

    dropped: list[Span] = []
    unquotable: list[Span] = []
    outlets: list[tuple[str, int]] = []
    story_seen = 0
    for ln in lines:
        if ln.label == "repeat-headline":
            dropped.append(Span(ln.start, ln.end, "headline"))
        elif ln.label not in KEEP:
            dropped.append(Span(ln.start, ln.end, ln.label))
        elif ln.label in ("headline", "subheading"):
            unquotable.append(Span(ln.start, ln.end, ln.label))
        elif ln.rule == "prose":
            if story_seen < 3 and not any(u.kind == "dateline" for u in unquotable):
                hit = dateline_prefix(ln.text, lead=story_seen == 0)
                if hit:
                    unquotable.append(Span(ln.start, ln.start + hit[0], "dateline"))
                    if hit[1] and meta.looks_like_outlet(hit[1]):
                        outlets.append((hit[1], 2))
            story_seen += 1
            m = _TRAILING_INITIALS.search(ln.text)
            if m:
                dropped.append(Span(ln.start + m.start() + (len(m.group()) - len(m.group().lstrip())), ln.end, "byline"))
    dropped.sort(key=lambda s: s.start)
    blocks = _blocks(text, dropped)
    story = "\n".join(text[s.start:s.end] for s in blocks)
    info = meta.page_metadata([(ln.label, ln.rule, ln.text) for ln in lines], outlets, story)
    title_span = Span(lines[title_at].start, lines[title_at].end, "headline") if title_at is not None else None
    return ParsedText(tuple(blocks), tuple(dropped), tuple(unquotable),
                      text[title_span.start:title_span.end] if title_span else None, title_span, **info)


def _blocks(text: str, dropped: list[Span]) -> list[Span]:
    """The maximal stretches between dropped spans, trimmed of whitespace, non-empty."""
    blocks, cursor = [], 0
    for span in [*dropped, Span(len(text), len(text))]:
        start, end = cursor, span.start
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            blocks.append(Span(start, end))
        cursor = max(cursor, span.end)
    return blocks


def story_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each stretch of `text` that is story: the only text answers may quote from."""
    return [(b.start, b.end) for b in parse(text).blocks]


def quotable_sentences(text: str, parsed: ParsedText) -> list[Span]:
    """The sentences answers may quote: story sentences, never a headline, subheading or caption,
    and a lead sentence starts after its dateline ("JAKARTA, KOMPAS.com -" stays in the text and in
    its chunk, so offsets hold, but out of the quote)."""
    out = []
    for block in parsed.blocks:
        for s in sentence_spans(text, block.start, block.end):
            start = s.start
            for u in parsed.unquotable:
                if u.start <= start < u.end:
                    start = u.end
            while start < s.end and text[start].isspace():
                start += 1
            if start >= s.end or any(u.start < s.end and start < u.end for u in parsed.unquotable):
                continue
            if not is_heading(text[start : s.end]):
                out.append(Span(start, s.end))
    return out
