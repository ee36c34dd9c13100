"""`rag train-reader`: fit the extractive reader's model on the tuning questions only.

1. Index the seeds and eval/corpus/articles afresh; run every tuning question (the tuning half of
   the corpus, eval/corpus/tuning.jsonl, and the seeds' dev set, eval/dev.jsonl) through the
   pipeline, keeping each candidate sentence's features (Trace.scored). The pipeline reads with an
   untrained model: the features do not depend on one, and the shipped rag/resources/reader.json
   may have been fitted on other features (the refit that replaces it must not need it).
2. Label a sentence 1 when it overlaps a gold evidence span; a should-abstain question has none.
3. Fit a logistic regression (scikit-learn) on standardised features, each question weighing the
   same however many candidates it has.
4. Choose the `answer` and `member` thresholds that maximise the end-to-end pass rate on the
   tuning questions, by composing each answer again from its scored sentences exactly as the
   reader would (no question is ever answered by hand).
5. Report the pass rate in a grouped cross-validation (folds by article, so a question is never
   scored by a model that saw its article), and write rag/resources/reader.json.
The checking half (eval/corpus/checking.jsonl) and eval/questions.jsonl are never read here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from eval import metrics as m
from eval.questions import DEV, Question, load
from eval.runner import Echo, opened
from eval.scoring import gold_spans
from rag import READER_FEATURES, Message, Pipeline, ReaderModel, Settings, compose_answer, rescore, standardised

TUNING = Path(__file__).resolve().parent / "corpus" / "tuning.jsonl"
CORPUS = Path(__file__).resolve().parent / "corpus" / "articles"
MODEL = Path(__file__).resolve().parents[1] / "rag" / "resources" / "reader.json"
GRID = [round(x, 2) for x in np.arange(0.05, 0.96, 0.05)]
PRECISION_WEIGHT = 0.1


@dataclass
class Case:
    """One tuning question as the reader saw it."""

    question: Question
    group: str  # the article it rests on (its first source, or its id for should-abstain ones)
    rows: np.ndarray  # features of its candidate sentences
    labels: np.ndarray  # 1 where the sentence overlaps gold evidence
    trace: object


def collect(pipeline: Pipeline, questions: Sequence[Question], text_of) -> list[Case]:
    cases = []
    for q in questions:
        history = [Message(role=t["role"], content=t["content"]) for t in q.history]
        trace = pipeline.run(q.question, history)
        gold = gold_spans(q, text_of)
        labels = np.array([float(m.touches_any(m.Span(s.candidate.chunk.source, s.candidate.span.start,
                                                       s.candidate.span.end), gold)) for s in trace.scored])
        rows = np.array([s.features for s in trace.scored]) if trace.scored else np.zeros((0, len(READER_FEATURES)))
        cases.append(Case(q, q.sources[0] if q.sources else q.id, rows, labels, trace))
    return cases


def fit(cases: Sequence[Case], c: float = 1.0):
    """(coef, intercept, mean, scale) of a logistic regression on the cases' candidates."""
    from sklearn.linear_model import LogisticRegression

    rows = np.vstack([k.rows for k in cases if len(k.rows)])
    labels = np.concatenate([k.labels for k in cases if len(k.rows)])
    weights = np.concatenate([np.full(len(k.rows), 1.0 / len(k.rows)) for k in cases if len(k.rows)])
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    model.fit(standardised(rows, mean, scale), labels, sample_weight=weights)
    return model.coef_[0], float(model.intercept_[0]), mean, scale


def outcome(case: Case, model) -> float:
    """How the reader, with `model`, does on this question, composing its answer anew: 1 for a pass,
    less a little for each quoted sentence that is not gold evidence (PRECISION_WEIGHT), so that of
    two settings that pass alike the one that quotes less beside the answer wins."""
    scored = rescore(case.trace.scored, model)
    parts = [rescore(p, model) for p in case.trace.parts]
    answer = compose_answer(model, case.question.lang, case.trace.asked, scored, parts)
    q = case.question
    if q.should_abstain:
        return float(answer.abstained)
    passed = (not answer.abstained and m.keywords_present(answer.answer, [list(g) for g in q.answer_keywords])
              and any(c.source in q.sources for c in answer.citations))
    gold = {(k.candidate.chunk.source, k.candidate.span.start) for k, label in zip(case.trace.scored, case.labels) if label}
    off = sum((c.source, c.start) not in gold for c in answer.citations) / max(1, len(answer.citations))
    return float(passed) - PRECISION_WEIGHT * off


def passes(case: Case, model) -> bool:
    return outcome(case, model) > 0.5


def choose_thresholds(cases: Sequence[Case], model) -> tuple[object, float]:
    """The (answer, member, extra) thresholds with the best outcome on `cases`."""
    best = (-1.0, model)
    for answer in GRID:  # first the answer threshold alone, then the two for further sentences
        candidate = replace(model, answer=answer, member=answer, extra=1.01)
        rate = sum(outcome(k, candidate) for k in cases) / len(cases)
        if rate > best[0] + 1e-9:
            best = (rate, candidate)
    answer = best[1].answer
    for member in [g for g in GRID if g <= answer + 1e-9]:
        for extra in [*(g for g in GRID if g >= answer - 1e-9), 1.01]:
            candidate = replace(model, answer=answer, member=member, extra=extra)
            rate = sum(outcome(k, candidate) for k in cases) / len(cases)
            if rate > best[0] + 1e-9:
                best = (rate, candidate)
    return best[1], best[0]


def cross_validate(cases: Sequence[Case], folds: int = 5, c: float = 1.0) -> float:
    """Pass rate on held-out articles: each fold's questions answered by a model fitted on the others."""
    groups = sorted({k.group for k in cases})
    passed = 0
    for f in range(folds):
        held = {g for i, g in enumerate(groups) if i % folds == f}
        train = [k for k in cases if k.group not in held]
        test = [k for k in cases if k.group in held]
        model, _ = choose_thresholds(train, ReaderModel(*fit(train, c), answer=0.5, member=0.5))
        passed += sum(passes(k, model) for k in test)
    return passed / len(cases)


def run_train(settings: Settings, out: Path = MODEL, echo: Echo = print, thresholds_only: bool = False) -> dict:
    """The whole `rag train-reader`; returns what it wrote. `thresholds_only` keeps the shipped
    model's weights and chooses its thresholds anew (after tuning questions were added, say)."""
    with opened(settings, [settings.seeds_dir, CORPUS], ReaderModel.untrained()) as (pipeline, text_of):
        questions = [*load(TUNING, text_of), *load(DEV, text_of)]
        echo(f"running {len(questions)} tuning questions (eval/corpus/tuning.jsonl, eval/dev.jsonl)…")
        cases = collect(pipeline, questions, text_of)
    if thresholds_only:
        return _rechoose(cases, out, echo)
    scores = {c: cross_validate(cases, c=c) for c in (0.1, 0.3, 1.0, 3.0)}
    for c, rate in scores.items():
        echo(f"  C={c:<4} pass rate on held-out articles (5-fold, by article): {rate:.3f}")
    c = max(scores, key=lambda k: (scores[k], -k))
    model, _ = choose_thresholds(cases, ReaderModel(*fit(cases, c), answer=0.5, member=0.5))
    rate = sum(passes(k, model) for k in cases) / len(cases)
    info = {"fitted_on": [str(TUNING.relative_to(TUNING.parents[2])), str(DEV.relative_to(DEV.parents[1]))],
            "questions": len(cases), "candidates": int(sum(len(k.rows) for k in cases)), "C": c,
            "cross_validated_pass_rate": round(scores[c], 4), "tuning_pass_rate": round(rate, 4)}
    data = {"features": list(READER_FEATURES), "coef": [round(float(x), 6) for x in model.coef],
            "intercept": round(model.intercept, 6), "mean": [round(float(x), 6) for x in model.mean],
            "scale": [round(float(x), 6) for x in model.scale], "answer": model.answer, "member": model.member, "extra": model.extra,
            "info": info}
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    echo(f"C={c}; thresholds answer {model.answer}, member {model.member}, extra {model.extra}; pass rate on the tuning questions "
         f"{rate:.3f} (held-out articles: {scores[c]:.3f}); wrote {out}")
    return data


def _rechoose(cases: Sequence[Case], out: Path, echo: Echo) -> dict:
    """Keep the weights of the model in `out`, choose its thresholds on `cases`, write it back."""
    data = json.loads(out.read_text(encoding="utf-8"))
    shipped = ReaderModel.load(data)
    before = sum(passes(k, shipped) for k in cases) / len(cases)
    model, _ = choose_thresholds(cases, shipped)
    rate = sum(passes(k, model) for k in cases) / len(cases)
    data.update(answer=model.answer, member=model.member, extra=model.extra)
    data["info"] = {**data.get("info", {}), "thresholds_chosen_on": len(cases), "thresholds_pass_rate": round(rate, 4)}
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    echo(f"thresholds answer {shipped.answer} -> {model.answer}, member {shipped.member} -> {model.member}, extra "
         f"{shipped.extra} -> {model.extra}; pass rate on the {len(cases)} tuning questions {before:.3f} -> {rate:.3f}; wrote {out}")
    return data
