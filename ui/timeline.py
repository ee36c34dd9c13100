"""HTML for the Timeline tab: the dated events, oldest first, each expandable to its citations.

Pure functions of the core's `TimelineEvent` model, like ui/render.py, whose citation cards and
source links they reuse: a citation's link opens the article in the source view, highlighted.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from rag import TimelineEvent
from ui.render import citation_card, format_date

EVERYONE = "Semua / Everyone"  # the person filter's "no filter" choice


def date_label(event: TimelineEvent) -> str:
    """The event's date at its precision: '18 Februari 2025', 'Februari 2025', or '± 10–16 Februari 2025'."""
    if event.precision == "day":
        return format_date(event.date)
    if event.precision == "month":
        return format_date(f"{event.date[:7]}-01").split(" ", 1)[1]  # "1 Februari 2025" less its day
    first, last = format_date(event.earliest), format_date(event.latest)
    if first == last:
        return f"± {first}"
    same_month = event.earliest[:7] == event.latest[:7]
    return f"± {first.split(' ')[0]}–{last}" if same_month else f"± {first} – {last}"


def _facts(event: TimelineEvent) -> str:
    rows = [
        (label, ", ".join(values))
        for label, values in (("Tokoh / People", event.people), ("Tempat / Places", event.places))
        if values
    ]
    return "".join(
        f'<div class="rag-event-facts"><span class="rag-event-label">{escape(label)}:</span> {escape(text)}</div>'
        for label, text in rows
    )


def event_html(event: TimelineEvent) -> str:
    """One event: a summary line (date, description, how many articles report it) that opens to its citations."""
    sources = len({c.source for c in event.citations})
    reported = f"{sources} artikel / articles" if sources > 1 else "1 artikel / article"
    title = "perkiraan / approximate" if event.precision == "approximate" else event.precision
    cards = "".join(citation_card(c) for c in event.citations)
    return (
        f'<li class="rag-event" id="rag-event-{escape(event.id, quote=True)}"><details>'
        f'<summary><span class="rag-event-date" title="{escape(title, quote=True)}">{escape(date_label(event))}</span>'
        f'<span class="rag-event-text">{escape(event.description)}</span>'
        f'<span class="rag-event-count">{escape(reported)}</span></summary>'
        f'<div class="rag-event-body">{_facts(event)}<ol class="rag-cites">{cards}</ol></div>'
        f"</details></li>"
    )


def timeline_html(events: Sequence[TimelineEvent], person: str | None = None) -> str:
    """The whole list, oldest first, or a note when there is nothing to show."""
    if not events:
        who = f" untuk / for {escape(person)}" if person else ""
        return f'<div class="rag-timeline-empty">Belum ada peristiwa bertanggal{who}. / No dated events yet.</div>'
    head = (
        '<div class="rag-timeline-head">Peristiwa bertanggal dari artikel, yang terlama dahulu; klik untuk melihat '
        "kutipannya. <i>Dated events from the articles, oldest first; open one to see its passages.</i></div>"
    )
    return f'{head}<ol class="rag-timeline">{"".join(event_html(e) for e in events)}</ol>'
