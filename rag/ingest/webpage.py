"""An HTML news page to its story text and metadata, with trafilatura.

trafilatura finds the main text by page structure (and drops navigation, sidebars, figures and
their captions, scripts, cookie banners) and reads title, author, date and site name from
<meta>, JSON-LD and the page. We only lay its output out: the headline, a blank line, then one
paragraph per line with a blank line between paragraphs. That text becomes the document's source
text, which citations slice; `boilerplate.parse` then marks what trafilatura kept that is not
story (in-article "BACA JUGA:" links, sign-offs, ad labels).

Offline: trafilatura is given markup, never a URL, so it fetches nothing; dates come from the
page's markup only (no search of the text), so the same input always gives the same output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura
from lxml import html as lxml_html

# Dates from <meta>/JSON-LD/<time> only: a date in the story text is not when the page was published.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True)
class Extracted:
    text: str  # headline, blank line, then the story paragraphs, one per line, blank-line separated
    title: str | None
    outlet: str | None
    author: str | None
    date: str | None  # ISO YYYY-MM-DD


def _squash(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split())


def _visible_headline(markup: str, title: str | None) -> str | None:
    """The page's <h1> when it is the metadata title with its punctuation intact: sites often strip
    quotes from og:title ('Kirim Pasukan Penenang' for 'Kirim "Pasukan Penenang"')."""
    try:
        tree = lxml_html.fromstring(markup)
    except (ValueError, lxml_html.etree.ParserError):
        return title
    words = lambda s: re.sub(r"\W+", " ", s).lower().split()  # noqa: E731
    for h1 in tree.iter("h1"):
        text = _squash(h1.text_content())
        if text and (title is None or words(text) == words(title)):
            return text
    return title


def extract(markup: str) -> Extracted:
    """Main text and metadata of an HTML page. An empty text when trafilatura finds no article."""
    doc = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,  # reader comments are not the story
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,  # less text rather than sidebar teasers
        deduplicate=False,  # no cache shared between calls: the same page gives the same text
        date_extraction_params=_DATE_PARAMS,
    )
    if doc is None:
        return Extracted("", None, None, None, None)
    title = _visible_headline(markup, _squash(doc.title) if doc.title else None)
    paragraphs = [_squash(p) for p in (doc.text or "").split("\n")]
    paragraphs = [p for p in paragraphs if p]
    if title and paragraphs and _squash(paragraphs[0]).lower() == title.lower():
        paragraphs = paragraphs[1:]  # the headline, when trafilatura kept the <h1>, goes on top once
    lines = ([title] if title else []) + paragraphs
    return Extracted(
        text="\n\n".join(lines) + "\n" if lines else "",
        title=title,
        outlet=_squash(doc.sitename) if doc.sitename else None,
        author=_squash(doc.author) if doc.author else None,
        date=doc.date if doc.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.date) else None,
    )
