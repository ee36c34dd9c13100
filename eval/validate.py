"""The checks a question record must pass, as plain functions of the parsed JSON objects.

They name every problem (with the record's id) instead of stopping at the first, so a
question file can be fixed in one go. See eval/README.md for the format.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from rag import story_spans

KINDS = ("factoid", "list", "why", "synthesis", "followup", "unanswerable", "linkbait")
ABSTAIN_KINDS = frozenset({"unanswerable", "linkbait"})
LANGS = ("id", "en")
KEY_ORDER = ("id", "question", "history", "kind", "lang", "sources", "evidence", "answer_keywords")
REQUIRED = tuple(k for k in KEY_ORDER if k != "history")
TextOf = Callable[[str], "str | None"]  # source name -> its text, or None when there is no such source


def _in_story(body: str, text: str) -> bool:
    """Whether `text` lies inside one story block of `body`, as the service cleans it."""
    start = body.find(text)
    return any(a <= start and start + len(text) <= b for a, b in story_spans(body))


def _text(x: object) -> bool:
    return isinstance(x, str) and x.strip() != ""


def record_problems(
    name: str, records: Sequence[tuple[int, dict]], text_of: TextOf | None = None,
    id_prefix: str | None = None, strict: bool = False,
) -> list[str]:
    """Everything wrong with the records of one file. `strict` adds the house rules of the shipped
    sets: ids `<id_prefix>001`, keys in the documented order, evidence free of link-bait lines."""
    out: list[str] = []
    ids = Counter(r.get("id") for _, r in records)
    out += [f"{name}: duplicate id {i!r}" for i, c in ids.items() if c > 1]
    for n, r in records:
        out += [f"{name}:{r.get('id', f'line{n}')}: {p}" for p in _problems(r, text_of, id_prefix, strict)]
    return out


def _problems(r: dict, text_of: TextOf | None, id_prefix: str | None, strict: bool) -> list[str]:
    out = [f"missing key {k!r}" for k in REQUIRED if k not in r]
    extra = set(r) - set(KEY_ORDER)
    if extra:
        out.append(f"unexpected keys {sorted(extra)}")
    if strict:
        order = [k for k in r if k in KEY_ORDER]
        if order != [k for k in KEY_ORDER if k in r]:
            out.append(f"key order {order} is not the documented {[k for k in KEY_ORDER if k in r]}")
    pattern = re.escape(id_prefix) + r"\d{3,}" if id_prefix else r"\S+"
    if not (isinstance(r.get("id"), str) and re.fullmatch(pattern, r["id"])):
        out.append(f"id must look like {id_prefix}001" if id_prefix else "id must be a non-empty string")
    if not _text(r.get("question")):
        out.append("question must be a non-empty string")
    kind, lang = r.get("kind"), r.get("lang")
    if kind not in KINDS:
        out.append(f"bad kind {kind!r}; one of {', '.join(KINDS)}")
    if lang not in LANGS:
        out.append(f"bad lang {lang!r}; one of {', '.join(LANGS)}")
    out += _history_problems(r, kind)

    sources, evidence, keywords = r.get("sources"), r.get("evidence"), r.get("answer_keywords")
    if not (isinstance(sources, list) and all(_text(s) for s in sources)):
        out.append("sources must be a list of file names")
        sources = []
    if len(set(sources)) != len(sources):
        out.append("duplicate entries in sources")
    if not isinstance(evidence, list):
        out.append("evidence must be a list")
        evidence = []
    if not (isinstance(keywords, list) and all(isinstance(g, list) for g in keywords)):
        out.append("answer_keywords must be a list of lists")
        keywords = []
    if kind in ABSTAIN_KINDS:
        if sources or evidence or keywords:
            out.append(f"{kind} must have empty sources, evidence and answer_keywords")
        return out
    if not evidence:
        out.append("an answerable question needs at least one evidence passage")
    if not keywords:
        out.append("an answerable question needs at least one keyword group")
    out += _evidence_problems(evidence, sources, keywords, kind, text_of, strict)
    return out


def _history_problems(r: dict, kind: object) -> list[str]:
    if "history" not in r:
        return ["followup question without history"] if kind == "followup" else []
    out, history = [], r["history"]
    if kind != "followup":
        out.append("history only allowed on followup questions")
    if not (isinstance(history, list) and history):
        return out + ["history must be a non-empty list"]
    for i, turn in enumerate(history):
        if not (isinstance(turn, dict) and set(turn) == {"role", "content"}
                and turn.get("role") in ("user", "assistant") and _text(turn.get("content"))):
            out.append(f"history[{i}] must be {{role: user|assistant, content: str}}")
    roles = [t.get("role") for t in history if isinstance(t, dict)]
    if roles and (roles[0] != "user" or roles[-1] != "assistant"):
        out.append("history should start with user and end with assistant")
    return out


def _evidence_problems(
    evidence: list, sources: list, keywords: list, kind: object, text_of: TextOf | None, strict: bool
) -> list[str]:
    out, texts, cited = [], [], set()
    for s in sources:
        if text_of is not None and text_of(s) is None:
            out.append(f"source {s!r} is not in the corpus")
    for i, e in enumerate(evidence):
        if not (isinstance(e, dict) and set(e) == {"source", "text"} and _text(e.get("source")) and _text(e.get("text"))):
            out.append(f"evidence[{i}] must be {{source: str, text: str}}")
            continue
        src, text = e["source"], e["text"]
        cited.add(src)
        texts.append(text)
        if src not in sources:
            out.append(f"evidence[{i}] source {src!r} not listed in sources")
        body = text_of(src) if text_of is not None else None
        if text_of is None:
            continue
        if body is None:
            out.append(f"evidence[{i}] source {src!r} is not in the corpus")
        elif text not in body:
            out.append(f"evidence[{i}] is not a verbatim substring of {src}: {text[:60]!r}...")
        elif strict and not _in_story(body, text):
            out.append(f"evidence[{i}] is not story text (it is, or crosses, a line the cleaner drops): {text[:60]!r}...")
    out += [f"source {s!r} has no evidence passage" for s in sources if s not in cited]
    if kind == "synthesis" and len(cited) < 2:
        out.append("synthesis needs evidence from at least two sources")
    joined = "\n".join(texts).lower()
    for gi, group in enumerate(keywords):
        if not group or not all(_text(a) for a in group):
            out.append(f"answer_keywords[{gi}] must be a non-empty list of strings")
        elif texts and not any(a.lower() in joined for a in group):
            out.append(f"answer_keywords[{gi}] {group} has no alternative in the evidence text")
    return out
