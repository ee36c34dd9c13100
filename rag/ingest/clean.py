"""Find the parts of a news file that are not the story, and the story's metadata.

News sites interleave link-bait ("BACA JUGA:", "Cek Artikel: …"), newsletter prompts,
section labels and bylines with the text. We never rewrite the text: we compute the
spans to keep, so every chunk and citation stays an exact slice of the original file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.text.sentences import Span

# Whole lines that are not part of the story.
_DROP_LINE = re.compile(
    r"""^[ \t\u00a0]*(?:
        BACA\ JUGA\b.*                              # "BACA JUGA:" related-article teaser
      | Baca\ [Jj]uga\s*:.*
      | Cek\ Artikel\s*:.*                          # "Cek Artikel: <other headline>"
      | MEMBACA\b.*                                 # "MEMBACA <other headline>"
      | Mungkin\ Anda\ Menyukai.*                   # "you may also like"
      | Buka\ kunci\ buletin\b.*                    # newsletter unlock prompt
      | Sumber\s*:.*                                # syndication credit
      | by(?:\s+\S.{0,60})?                         # byline
      | \((?:[A-Za-z]{2,12})(?:/[A-Za-z]{2,12})*\)  # initials byline, e.g. "(fby/mikrofon)"
      | [A-Z]{2,}(?:\ [A-Z]{2,}){0,3}               # section label, e.g. "FOKUS DUNIA", "NEWS"
      | [A-Z][a-z]+,\ [A-Za-z]+\.(?:id|com|net|co\.id)  # dateline "City, Outlet.id"
    )[ \t\u00a0]*$""",
    re.MULTILINE | re.VERBOSE,
)
# A byline in parentheses closing the last paragraph: "… Rusia-Ukraina. (Hui)"
_TRAILING_BYLINE = re.compile(r"(?<=[.!?\"”])[ \t\u00a0]+\([A-Za-z]{2,12}(?:/[A-Za-z]{2,12})*\)[ \t\u00a0]*$", re.MULTILINE)

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "januari februari maret april mei juni juli agustus september oktober november desember".split()
    )
}
_DAYS = r"(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu)"
# A weekday next to a full date is how Indonesian news states when something happened:
# "Rabu (12/2/2025)", "Selasa 18 Februari 2025".
_DATE_NUMERIC = re.compile(_DAYS + r",?\s*\(?\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*\)?")
_DATE_WORDS = re.compile(_DAYS + r",?\s*\(?\s*(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})", re.IGNORECASE)
_DATELINE_OUTLET = re.compile(r"^[A-Z][a-z]+,\s+([A-Za-z]+\.(?:id|com|net|co\.id))\s*$", re.MULTILINE)
_LEAD_OUTLET = re.compile(r"^([A-Z][a-z]*[A-Z][A-Za-z]*(?:\.(?:id|com|net))?)\.[\s\u00a0]")


@dataclass(frozen=True)
class ParsedText:
    """The story's blocks (spans of the original text that hold no dropped line) and its metadata."""

    blocks: tuple[Span, ...]
    dropped: tuple[Span, ...]
    title_span: Span | None  # the headline as it stands in the text, if it has one
    title: str | None
    outlet: str | None
    date: str | None


def dropped_spans(text: str) -> list[Span]:
    """Spans of `text` that are not part of the story, in order."""
    spans = [Span(m.start(), m.end()) for m in _DROP_LINE.finditer(text) if m.group().strip()]
    spans += [Span(m.start(), m.end()) for m in _TRAILING_BYLINE.finditer(text)]
    title = _title_span(text)
    if title is not None:
        # Some sites print the headline twice; the repeat is not story text.
        heading = text[title.start : title.end]
        for m in re.finditer(r"^[ \t]*" + re.escape(heading) + r"[ \t]*$", text, re.MULTILINE):
            if m.start() > title.start:
                spans.append(Span(m.start(), m.end()))
    return sorted(spans, key=lambda s: s.start)


def story_blocks(text: str, dropped: list[Span]) -> list[Span]:
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


def _title_span(text: str) -> Span | None:
    """The headline: a first line of moderate length standing alone above the story."""
    m = re.match(r"\s*([^\n]+)\n[ \t]*\n", text)
    if m is None:
        return None
    line = m.group(1).strip()
    if not 10 <= len(line) <= 200:
        return None
    start = text.index(line)
    return Span(start, start + len(line))


def _fallback_title(text: str, blocks: list[Span]) -> str | None:
    """Without a headline, the lead's first sentence stands in for one."""
    if not blocks:
        return None
    lead = text[blocks[0].start : blocks[0].end]
    lead = re.sub(r"^[A-Z]{3,}\s+-\s+", "", lead)  # "JAKARTA - " dateline
    sentence = re.split(r"(?<=[.!?])\s|\s*\n", lead.strip(), maxsplit=1)[0]  # never past the first line
    return sentence if len(sentence) <= 120 else sentence[:117].rsplit(" ", 1)[0] + "…"


def publication_date(text: str) -> str | None:
    """The first weekday-anchored full date, as ISO 8601, or None when the text states none."""
    candidates = []
    for m in _DATE_NUMERIC.finditer(text):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        candidates.append((m.start(), year, month, day))
    for m in _DATE_WORDS.finditer(text):
        day, month, year = int(m.group(1)), _MONTHS[m.group(2).lower()], int(m.group(3))
        candidates.append((m.start(), year, month, day))
    for _, year, month, day in sorted(candidates):
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def outlet(text: str, blocks: list[Span]) -> str | None:
    """The publishing outlet where the text names it in a dateline or at the head of the lead."""
    m = _DATELINE_OUTLET.search(text)
    if m:
        return m.group(1)
    lines = [text[b.start : b.end].split("\n") for b in blocks]
    for line in [ln.strip() for block in lines for ln in block if ln.strip()][:4]:
        m = _LEAD_OUTLET.match(line)
        if m:
            return m.group(1)
    return None


def parse(text: str) -> ParsedText:
    """Split `text` into story blocks and dropped spans, and read its title, outlet and date."""
    dropped = dropped_spans(text)
    blocks = story_blocks(text, dropped)
    title_span = _title_span(text)
    title = text[title_span.start : title_span.end] if title_span else _fallback_title(text, blocks)
    return ParsedText(
        blocks=tuple(blocks),
        dropped=tuple(dropped),
        title_span=title_span,
        title=title,
        outlet=outlet(text, blocks),
        date=publication_date(text),
    )


def story_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each stretch of `text` that is story: what answers may quote."""
    return [(b.start, b.end) for b in parse(text).blocks]
