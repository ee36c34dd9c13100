"""How well the cleaner tells story from boilerplate, on the labelled pages of eval/corpus/.

`rag eval --cleaning` prints and writes (eval/results/cleaning.md):
- over every labelled line of the plain-text pages and the seeds (lines.jsonl): boilerplate lines
  dropped (recall) and story lines kept quotable (precision), by half and by kind of line; a lead
  line with a dateline prefix counts as kept only when its quotable part starts after the prefix;
- over the HTML pages (html.jsonl): title, outlet, author and date as indexed, story paragraphs kept,
  non-story text of the article body left quotable;
- over every page (meta.jsonl): the metadata the index holds against what a careful reader states.

A line is kept when at least half of its characters (after any prefix) are quotable: inside a story
block and not a headline, subheading or dateline. Boilerplate is every label but story, headline and
subheading (those belong to the page but are never quoted, and count on neither side).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from rag import DocumentInfo, parse_page

CORPUS = Path(__file__).resolve().parent / "corpus"
NEUTRAL = {"headline", "subheading"}
HALVES = ("seeds", "tuning", "checking", "all")


def half(name: str) -> str:
    """Which half of the corpus a page belongs to: its number, 200–214 tuning, 220–234 checking."""
    if not name[:3].isdigit() or int(name[:3]) < 200:
        return "seeds"
    return "tuning" if int(name[:3]) < 220 else "checking"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def quotable_mask(text: str) -> bytearray:
    """1 for each character of `text` an answer may quote."""
    parsed = parse_page(text)
    mask = bytearray(len(text))
    for b in parsed.blocks:
        mask[b.start : b.end] = b"\x01" * (b.end - b.start)
    for s in (*parsed.unquotable, *parsed.dropped):
        mask[s.start : s.end] = bytes(s.end - s.start)
    return mask


def line_span(text: str, number: int) -> tuple[int, int]:
    """(start, end) of line `number` (1-based) of `text`, without its surrounding spaces."""
    pos = 0
    for n, raw in enumerate(text.split("\n"), 1):
        if n == number:
            lead = len(raw) - len(raw.lstrip())
            return pos + lead, pos + len(raw.rstrip())
        pos += len(raw) + 1
    raise ValueError(f"no line {number}")


def line_scores(texts: dict[str, str], lines: Iterable[dict]) -> dict:
    """Per half: boilerplate dropped, story kept, lead prefixes honoured, and counts by label."""
    masks = {name: quotable_mask(text) for name, text in texts.items()}
    out = {h: {"boilerplate": 0, "dropped": 0, "story": 0, "kept": 0, "prefix": [0, 0],
               "labels": defaultdict(lambda: [0, 0]), "missed": [], "lost": []} for h in HALVES}
    for rec in lines:
        if rec["file"] not in texts:
            continue
        text, mask = texts[rec["file"]], masks[rec["file"]]
        start, end = line_span(text, rec["line"])
        body = start + len(rec.get("prefix") or "")
        chars = [i for i in range(body, end) if not text[i].isspace()]
        kept = 2 * sum(mask[i] for i in chars) >= len(chars)
        for g in (out[half(rec["file"])], out["all"]):
            where = f'{rec["file"]}:{rec["line"]} {rec["text"][:70]!r}'
            if rec["label"] == "story":
                g["story"] += 1
                g["kept"] += kept
                if not kept:
                    g["lost"].append(where)
                if rec.get("prefix"):
                    g["prefix"][0] += not any(mask[start:body]) and bool(mask[body])
                    g["prefix"][1] += 1
            elif rec["label"] not in NEUTRAL:
                g["boilerplate"] += 1
                g["dropped"] += not kept
                g["labels"][rec["label"]][0] += not kept
                g["labels"][rec["label"]][1] += 1
                if kept:
                    g["missed"].append(f'{rec["label"]} {where}')
    for g in out.values():
        g["recall"] = g["dropped"] / g["boilerplate"] if g["boilerplate"] else None
        g["precision"] = g["kept"] / g["story"] if g["story"] else None
        g["labels"] = dict(sorted(g["labels"].items()))
    return out


def _norm(s: str | None) -> str:
    return " ".join((s or "").split())


def metadata_scores(documents: Sequence[DocumentInfo], gold: Iterable[dict]) -> dict:
    """Per half: how many indexed documents state title, outlet, date and author as meta.jsonl does."""
    by_id = {d.id: d for d in documents}
    fields = {"title": "title", "outlet": "outlet", "published": "date", "author": "author"}
    out = {h: {"pages": 0, **{f: 0 for f in fields.values()}, "wrong": []} for h in HALVES}
    for g in gold:
        doc = by_id.get(g["file"])
        if doc is None:
            continue
        for h in (half(g["file"]), "all"):
            out[h]["pages"] += 1
            for field, attr in fields.items():
                right = _norm(getattr(doc, attr)) == _norm(g[field])
                out[h][attr] += right
                if not right and h != "all":
                    out[h]["wrong"].append(f'{g["file"]} {attr}: {getattr(doc, attr)!r}, page says {g[field]!r}')
    return out


def html_scores(stored: dict[str, str], gold: Iterable[dict]) -> dict[str, dict]:
    """Per HTML page (its stored, extracted text): story paragraphs quotable, non-story text quotable."""
    rows = {}
    for g in gold:
        text = stored.get(g["file"])
        if text is None:
            continue
        mask = quotable_mask(text)
        quotable = _norm("".join(ch if m else "\n" for ch, m in zip(text, mask)))
        lines = [_norm(part) for part in "".join(ch if m else "\n" for ch, m in zip(text, mask)).split("\n")]
        story = [_norm(s) for s in g["story"]]
        leaks = [_norm(s) for s in g["not_story_in_body"]]
        rows[g["file"]] = {
            "story_quotable": sum(any(s.endswith(line) and 2 * len(line) >= len(s) for line in lines if line)
                                  for s in story) / len(story),
            "non_story_quotable": sum(s in quotable for s in leaks) / len(leaks) if leaks else 0.0,
        }
    return rows


def cited_boilerplate(outcomes: Iterable[dict], texts: dict[str, str], lines: Iterable[dict]) -> list[str]:
    """Every citation of the eval's answers that falls on a line labelled as anything but story."""
    bad = defaultdict(list)
    for rec in lines:
        if rec["label"] != "story" and rec["file"] in texts:
            bad[rec["file"]].append((*line_span(texts[rec["file"]], rec["line"]), rec["label"]))
    out = []
    for o in outcomes:
        for source, start, end in o.get("citations", []):
            out += [f'{o["id"]}: cites {label} line of {source}' for a, b, label in bad.get(source, ())
                    if a < end and start < b]
    return out


def markdown(lines: dict, meta: dict, pages: dict[str, dict]) -> str:
    """The tables of `rag eval --cleaning`."""
    out = ["## Cleaning: labelled lines (plain-text pages and seeds)", "",
           "| half | boilerplate dropped | recall | story kept | precision | lead starts after its dateline |",
           "|---|---|---|---|---|---|"]
    for h in HALVES:
        g = lines[h]
        out.append(f'| {h} | {g["dropped"]}/{g["boilerplate"]} | {_pct(g["recall"])} | {g["kept"]}/{g["story"]} | '
                   f'{_pct(g["precision"])} | {g["prefix"][0]}/{g["prefix"][1]} |')
    labels = sorted({label for g in lines.values() for label in g["labels"]})
    out += ["", "Boilerplate dropped, by kind of line:", "", "| kind | " + " | ".join(HALVES) + " |",
            "|---" * (len(HALVES) + 1) + "|"]
    for label in labels:
        cells = ["%d/%d" % tuple(lines[h]["labels"][label]) if label in lines[h]["labels"] else "–" for h in HALVES]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out += ["", "## Metadata as indexed, against what the page states (meta.jsonl)", "",
            "| half | pages | title | outlet | date | author |", "|---|---|---|---|---|---|"]
    for h in HALVES:
        m = meta[h]
        out.append(f'| {h} | {m["pages"]} | ' + " | ".join(f'{m[f]}/{m["pages"]}' for f in ("title", "outlet", "date", "author")) + " |")
    out += ["", "## HTML pages: extracted text", "", "| page | story paragraphs quotable | non-story body text quotable |",
            "|---|---|---|"]
    out += [f"| {name} | {_pct(r['story_quotable'])} | {_pct(r['non_story_quotable'])} |" for name, r in pages.items()]
    problems = [*(f"missed: {m}" for h in HALVES[:3] for m in lines[h]["missed"]),
                *(f"lost: {m}" for h in HALVES[:3] for m in lines[h]["lost"]),
                *(f"metadata: {w}" for h in HALVES[:3] for w in meta[h]["wrong"])]
    out += ["", "### What is still wrong", "", *(f"- {p}" for p in problems or ["nothing"])]
    return "\n".join(out) + "\n"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"
