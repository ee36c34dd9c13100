"""Question files: read them, and check them against the corpus they were written from.

One JSON object a line:
    {"id", "question", "history"?, "kind", "lang", "sources", "evidence": [{"source", "text"}],
     "answer_keywords": [[alternative, ...], ...]}
`evidence[].text` is an exact substring of the source file; unanswerable and link-bait
questions have no sources, evidence or keywords, and the system must abstain on them.

`python -m eval.questions [FILE ...]` checks files against seeds/ (the held-out set with
ids q001…, the dev set with ids d001…) and prints their make-up.
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eval.validate import ABSTAIN_KINDS, KINDS, LANGS, TextOf, record_problems

__all__ = [
    "ABSTAIN_KINDS", "DEV", "KINDS", "LANGS", "QUESTIONS", "SEEDS", "Evidence", "Question", "QuestionFileError", "TextOf",
    "directory_texts", "load", "read_records", "record_problems", "shipped_problems",
]

HERE = Path(__file__).resolve().parent
QUESTIONS = HERE / "questions.jsonl"
DEV = HERE / "dev.jsonl"
SEEDS = HERE.parent / "seeds"


class QuestionFileError(ValueError):
    """A question file that cannot be read or does not fit its corpus; the message lists every problem."""


@dataclass(frozen=True)
class Evidence:
    source: str
    text: str


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    kind: str
    lang: str
    sources: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    answer_keywords: tuple[tuple[str, ...], ...] = ()
    history: tuple[dict, ...] = field(default=())

    @property
    def should_abstain(self) -> bool:
        return self.kind in ABSTAIN_KINDS


def read_records(path: Path) -> list[tuple[int, dict]]:
    """(line number, object) for every line of a jsonl file; malformed lines raise QuestionFileError."""
    if not Path(path).is_file():
        raise QuestionFileError(f"{path}: no such question file")
    records, bad = [], []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            bad.append(f"{path}:{n}: blank line")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append(f"{path}:{n}: bad JSON: {exc}")
            continue
        if not isinstance(record, dict):
            bad.append(f"{path}:{n}: record is not an object")
            continue
        records.append((n, record))
    if bad:
        raise QuestionFileError("\n".join(bad))
    return records


def _to_question(r: dict) -> Question:
    return Question(
        id=r["id"], question=r["question"], kind=r["kind"], lang=r["lang"],
        sources=tuple(r.get("sources") or ()),
        evidence=tuple(Evidence(e["source"], e["text"]) for e in r.get("evidence") or ()),
        answer_keywords=tuple(tuple(g) for g in r.get("answer_keywords") or ()),
        history=tuple(r.get("history") or ()),
    )


def load(path: Path, text_of: TextOf | None = None) -> list[Question]:
    """The questions of `path`, checked (against the corpus too when `text_of` is given)."""
    records = [(n, as_stored(r)) for n, r in read_records(path)]
    found = record_problems(Path(path).name, records, text_of)
    if found:
        raise QuestionFileError(f"{path}: {len(found)} problem(s)\n  - " + "\n  - ".join(found))
    return [_to_question(r) for _, r in records]


def as_stored(record: dict) -> dict:
    """The record with its evidence as the index stores the page. Evidence from an HTML page is
    written as the page source has it; the index keeps the page's extracted text, where entities
    are decoded and whitespace is single spaces."""
    evidence = [
        {**e, "text": " ".join(html.unescape(e["text"]).split())}
        if isinstance(e, dict) and str(e.get("source", "")).lower().endswith((".html", ".htm")) and isinstance(e.get("text"), str)
        else e
        for e in record.get("evidence") or []
    ]
    return {**record, "evidence": evidence} if "evidence" in record else record


def directory_texts(corpus: Path) -> TextOf:
    """Source name -> text of that file in `corpus` (as ingest decodes it), or None."""
    cache: dict[str, str | None] = {}

    def text_of(name: str) -> str | None:
        if name not in cache:
            path = Path(corpus) / name
            ok = "/" not in name and "\\" not in name and path.is_file()
            cache[name] = path.read_bytes().decode("utf-8-sig") if ok else None
        return cache[name]

    return text_of


def shipped_problems(paths: Sequence[Path] = (QUESTIONS, DEV), corpus: Path = SEEDS) -> list[str]:
    """Strict checks of the shipped sets, including that no question appears in two files."""
    text_of, out, seen = directory_texts(corpus), [], {}
    for path, prefix in zip(paths, ("q", "d")):
        records = read_records(path)
        out += record_problems(Path(path).name, records, text_of, id_prefix=prefix, strict=True)
        for _, r in records:
            key = re.sub(r"\s+", " ", str(r.get("question", ""))).strip().lower()
            where = f"{Path(path).name}:{r.get('id')}"
            if key in seen:
                out.append(f"{where}: duplicate question text (also {seen[key]})")
            seen.setdefault(key, where)
    return out


def main(argv: Sequence[str]) -> int:
    paths = [Path(a) for a in argv] or [QUESTIONS, DEV]
    problems = shipped_problems(paths)
    for path in paths:
        records = [r for _, r in read_records(path)]
        kinds, langs = Counter(r.get("kind") for r in records), Counter(r.get("lang") for r in records)
        print(f"{path}: {len(records)} questions; by kind: {dict(kinds)}; by lang: {dict(langs)}")
    for p in problems:
        print(f"  - {p}")
    print(f"{len(problems)} problem(s)" if problems else "OK: no problems found")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
