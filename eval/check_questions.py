#!/usr/bin/env python3
"""Validate the eval question sets (questions.jsonl and dev.jsonl).

Stdlib only. Usage: python3 eval/check_questions.py [questions.jsonl dev.jsonl]
Checks schema, ids, kinds/langs, cross-file duplicate questions, verbatim
evidence against the seed articles, and that every answer-keyword group is
supported by the evidence text. Prints counts by kind and lang; exits 1 on
any problem.
"""
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SEED_DIR = os.path.join(ROOT, "seeds")
if not os.path.isdir(SEED_DIR):
    SEED_DIR = "/work/shared/seeds"

KINDS = {"factoid", "list", "why", "synthesis", "followup", "unanswerable", "linkbait"}
ABSTAIN = {"unanswerable", "linkbait"}
LANGS = {"id", "en"}
KEY_ORDER = ["id", "question", "history", "kind", "lang", "sources", "evidence", "answer_keywords"]
REQUIRED = [k for k in KEY_ORDER if k != "history"]
# Lines that are not part of any story (link-bait, bylines, promos).
JUNK_LINE = re.compile(
    r"^\s*(BACA JUGA|Cek Artikel|MEMBACA|Mungkin Anda Menyukai|Buka kunci buletin|FOKUS DUNIA|NEWS\s*$|by\s*$|"
    r"\(fby/|\(Hui\)|Sumber\s*:)", re.IGNORECASE)

problems = []


def problem(where, msg):
    problems.append(f"{where}: {msg}")


_seed_cache = {}


def seed_text(name):
    if name not in _seed_cache:
        path = os.path.join(SEED_DIR, name)
        if os.path.sep in name or not os.path.isfile(path):
            _seed_cache[name] = None
        else:
            with open(path, encoding="utf-8") as fh:
                _seed_cache[name] = fh.read()
    return _seed_cache[name]


def junk_lines(text):
    return [ln for ln in text.splitlines() if JUNK_LINE.match(ln)]


def load(path):
    recs = []
    if not os.path.isfile(path):
        problem(path, "file missing")
        return recs
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                problem(f"{path}:{n}", "blank line")
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                problem(f"{path}:{n}", f"bad JSON: {e}")
                continue
            if not isinstance(r, dict):
                problem(f"{path}:{n}", "record is not an object")
                continue
            recs.append((n, r))
    return recs


def is_str(x):
    return isinstance(x, str) and x.strip() != ""


def check_record(path, n, r, id_prefix):
    rid = r.get("id", f"line{n}")
    where = f"{os.path.basename(path)}:{rid}"

    for k in REQUIRED:
        if k not in r:
            problem(where, f"missing key {k!r}")
    extra = set(r) - set(KEY_ORDER)
    if extra:
        problem(where, f"unexpected keys {sorted(extra)}")
    order = [k for k in r if k in KEY_ORDER]
    if order != [k for k in KEY_ORDER if k in r]:
        problem(where, f"key order {order} != {[k for k in KEY_ORDER if k in r]}")

    if not (isinstance(r.get("id"), str) and re.fullmatch(id_prefix + r"\d{3,}", r["id"])):
        problem(where, f"id must look like {id_prefix}001")
    if not is_str(r.get("question")):
        problem(where, "question must be a non-empty string")
    kind, lang = r.get("kind"), r.get("lang")
    if kind not in KINDS:
        problem(where, f"bad kind {kind!r}")
    if lang not in LANGS:
        problem(where, f"bad lang {lang!r}")

    # history: present exactly on followups
    if "history" in r:
        h = r["history"]
        if kind != "followup":
            problem(where, "history only allowed on followup questions")
        if not (isinstance(h, list) and h):
            problem(where, "history must be a non-empty list")
        else:
            for i, turn in enumerate(h):
                if not (isinstance(turn, dict) and set(turn) == {"role", "content"}
                        and turn.get("role") in ("user", "assistant") and is_str(turn.get("content"))):
                    problem(where, f"history[{i}] must be {{role: user|assistant, content: str}}")
            roles = [t.get("role") for t in h if isinstance(t, dict)]
            if roles and (roles[0] != "user" or roles[-1] != "assistant"):
                problem(where, "history should start with user and end with assistant")
    elif kind == "followup":
        problem(where, "followup question without history")

    sources, evidence, kws = r.get("sources"), r.get("evidence"), r.get("answer_keywords")
    if not (isinstance(sources, list) and all(is_str(s) for s in sources)):
        problem(where, "sources must be a list of file names")
        sources = []
    if len(set(sources)) != len(sources):
        problem(where, "duplicate entries in sources")
    if not isinstance(evidence, list):
        problem(where, "evidence must be a list")
        evidence = []
    if not (isinstance(kws, list) and all(isinstance(g, list) for g in kws)):
        problem(where, "answer_keywords must be a list of lists")
        kws = []

    if kind in ABSTAIN:
        if sources or evidence or kws:
            problem(where, f"{kind} must have empty sources, evidence and answer_keywords")
        return

    for s in sources:
        if seed_text(s) is None:
            problem(where, f"source {s!r} not found in {SEED_DIR}")
    if not evidence:
        problem(where, "answerable question needs at least one evidence passage")
    if not kws:
        problem(where, "answerable question needs at least one keyword group")

    ev_texts, ev_sources = [], set()
    for i, e in enumerate(evidence):
        if not (isinstance(e, dict) and set(e) == {"source", "text"} and is_str(e.get("source"))
                and is_str(e.get("text"))):
            problem(where, f"evidence[{i}] must be {{source: str, text: str}}")
            continue
        src, text = e["source"], e["text"]
        ev_sources.add(src)
        ev_texts.append(text)
        if src not in sources:
            problem(where, f"evidence[{i}] source {src!r} not listed in sources")
        body = seed_text(src)
        if body is None:
            problem(where, f"evidence[{i}] source {src!r} not found in {SEED_DIR}")
        elif text not in body:
            problem(where, f"evidence[{i}] not a verbatim substring of {src}: {text[:60]!r}...")
        else:
            for jl in junk_lines(body):
                if jl.strip() and jl.strip() in text:
                    problem(where, f"evidence[{i}] contains link-bait/byline line {jl.strip()!r}")
    for s in sources:
        if s not in ev_sources:
            problem(where, f"source {s!r} has no evidence passage")
    if kind == "synthesis" and len(ev_sources) < 2:
        problem(where, "synthesis needs evidence from at least two files")

    joined = "\n".join(ev_texts).lower()
    for gi, g in enumerate(kws):
        if not g or not all(is_str(a) for a in g):
            problem(where, f"answer_keywords[{gi}] must be a non-empty list of strings")
            continue
        if not any(a.lower() in joined for a in g):
            problem(where, f"answer_keywords[{gi}] {g} has no alternative in the evidence text")


def norm_q(q):
    return re.sub(r"\s+", " ", q).strip().lower() if isinstance(q, str) else ""


def main(argv):
    paths = argv[1:] or [os.path.join(HERE, "questions.jsonl"), os.path.join(HERE, "dev.jsonl")]
    prefixes = ["q", "d"]
    seen_q = {}
    for idx, path in enumerate(paths):
        prefix = prefixes[idx] if idx < len(prefixes) else r"[a-z]"
        recs = load(path)
        ids = Counter(r.get("id") for _, r in recs)
        for i, c in ids.items():
            if c > 1:
                problem(os.path.basename(path), f"duplicate id {i!r}")
        for n, r in recs:
            check_record(path, n, r, prefix)
            key = norm_q(r.get("question"))
            where = f"{os.path.basename(path)}:{r.get('id')}"
            if key in seen_q:
                problem(where, f"duplicate question text (also {seen_q[key]})")
            else:
                seen_q[key] = where
        kinds = Counter(r.get("kind") for _, r in recs)
        langs = Counter(r.get("lang") for _, r in recs)
        srcs = Counter(s for _, r in recs for s in (r.get("sources") or []))
        print(f"{path}: {len(recs)} questions")
        print("  by kind: " + ", ".join(f"{k}={kinds[k]}" for k in sorted(KINDS, key=lambda k: -kinds[k]) if kinds[k]))
        print("  by lang: " + ", ".join(f"{k}={v}" for k, v in sorted(langs.items())))
        print("  by source: " + ", ".join(f"{k[:3]}={v}" for k, v in sorted(srcs.items())))
    print(f"seed dir: {SEED_DIR}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  - " + p)
        return 1
    print("OK: no problems found")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
