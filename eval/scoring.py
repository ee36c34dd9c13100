"""From one question and its pipeline trace to an outcome; from outcomes to metrics by group."""

from __future__ import annotations

from collections.abc import Sequence

from eval import metrics as m
from eval.questions import KINDS, LANGS, Question, TextOf
from rag import Trace, detect_language

DEPTH = 10  # ranks scored for MRR and nDCG
ANSWERER_K = 5  # ranks scored for hit@5 and context recall@5 (what the answerer is handed by default)

# name, short label for tables, True when higher is better. Order is the order of every table.
METRICS: tuple[tuple[str, str, bool], ...] = (
    ("pass_rate", "pass", True),  # end to end: keywords and a gold source cited, or a correct abstention
    ("hit_at_1", "hit@1", True),
    ("hit_at_5", "hit@5", True),
    ("mrr", "MRR", True),
    ("ndcg_at_10", "nDCG@10", True),
    ("context_recall_at_5", "ctxR@5", True),
    ("answer_accuracy", "acc", True),
    ("citation_precision", "citeP", True),
    ("citation_recall", "citeR", True),
    ("abstention_accuracy", "abstain", True),
    ("false_abstention_rate", "falseAb", False),
    ("removed_share", "removed", False),  # LLM answerer: share of its sentences verification removed
    ("fallback_rate", "fallbk", False),  # LLM answerer: share of answers that fell back to extractive
    ("in_language", "in lang", True),  # answers (not abstentions) written in the question's language
    ("latency_p50_ms", "p50 ms", False),
    ("latency_p95_ms", "p95 ms", False),
)
HIGHER_IS_BETTER = {name: up for name, _, up in METRICS}


def gold_spans(q: Question, text_of: TextOf) -> list[m.Span]:
    """Where each evidence passage lies in its source (its first occurrence)."""
    spans = []
    for e in q.evidence:
        text = text_of(e.source) or ""
        start = text.find(e.text)
        if start >= 0:
            spans.append(m.Span(e.source, start, start + len(e.text)))
    return spans


def score(q: Question, trace: Trace, latency_ms: float, text_of: TextOf, index: Sequence[m.Span]) -> dict:
    """The outcome of one question: what came back and how it scores. `index` is every chunk's span."""
    answer = trace.answer
    ranked = [m.Span(p.chunk.source, p.chunk.start, p.chunk.end) for p in trace.passages[:DEPTH]]
    cited = [m.Span(c.source, c.start, c.end) for c in answer.citations]
    out = {
        "id": q.id, "kind": q.kind, "lang": q.lang, "question": q.question,
        "should_abstain": q.should_abstain, "abstained": answer.abstained,
        "support": round(trace.support, 4), "latency_ms": round(latency_ms, 2),
        "answer": answer.answer,
        "in_language": None if answer.abstained else detect_language(answer.answer) == q.lang,
        "verification": {k: answer.metadata.get(k) for k in ("answerer", "kept_sentences", "removed_sentences", "fallback")},
        "citations": [list(c) for c in cited],
        "cited_texts": [c.text for c in answer.citations],  # what each [n] quotes, for reading a run by hand
        "retrieved": [list(s) for s in ranked],
    }
    if q.should_abstain:
        return {**out, "passed": answer.abstained}
    gold = gold_spans(q, text_of)
    rel = m.relevance(ranked, gold)
    missing = [list(g) for g in q.answer_keywords if not m.keywords_present(answer.answer, [g])]
    out.update({
        "relevant_ranks": [i for i, r in enumerate(rel, start=1) if r],
        "hit_at_1": m.hit_at(rel, 1),
        "hit_at_5": m.hit_at(rel, ANSWERER_K),
        "reciprocal_rank": m.reciprocal_rank(rel, DEPTH),
        "ndcg_at_10": m.ndcg(rel, sum(m.touches_any(s, gold) for s in index), DEPTH),
        "context_recall_at_5": m.recall(ranked[:ANSWERER_K], gold),
        "correct": not answer.abstained and not missing,
        # The headline figure: every keyword group present and a gold source cited.
        "passed": not answer.abstained and not missing and any(c.source in q.sources for c in answer.citations),
        "missing_keywords": missing,
        "citation_precision": None if answer.abstained else m.precision(cited, gold),
        "citation_recall": None if answer.abstained else m.recall(cited, gold),
    })
    return out


def aggregate(outcomes: Sequence[dict]) -> dict:
    """Metrics over a group of outcomes; a metric is None when no question in the group measures it."""
    answerable = [o for o in outcomes if not o["should_abstain"]]
    negative = [o for o in outcomes if o["should_abstain"]]
    answered = [o for o in answerable if not o["abstained"]]
    latencies = [o["latency_ms"] for o in outcomes]

    def avg(items: Sequence[dict], key: str) -> float | None:
        return m.mean(float(o[key]) if o[key] is not None else None for o in items) if items else None

    return {
        "n": len(outcomes), "answerable": len(answerable), "should_abstain": len(negative), "answered": len(answered),
        "pass_rate": m.mean(float(o["passed"]) if "passed" in o else None for o in outcomes),
        "hit_at_1": avg(answerable, "hit_at_1"),
        "hit_at_5": avg(answerable, "hit_at_5"),
        "mrr": avg(answerable, "reciprocal_rank"),
        "ndcg_at_10": avg(answerable, "ndcg_at_10"),
        "context_recall_at_5": avg(answerable, "context_recall_at_5"),
        "answer_accuracy": avg(answerable, "correct"),
        "citation_precision": avg(answered, "citation_precision"),
        "citation_recall": avg(answered, "citation_recall"),
        "abstention_accuracy": avg(negative, "abstained"),
        "in_language": m.mean(float(o["in_language"]) if o.get("in_language") is not None else None for o in outcomes),
        "false_abstention_rate": avg(answerable, "abstained"),
        **verification(outcomes),
        "latency_p50_ms": m.percentile(latencies, 50),
        "latency_p95_ms": m.percentile(latencies, 95),
    }


def verification(outcomes: Sequence[dict]) -> dict:
    """What the LLM answerer's verification did; None for extractive runs, where it never runs."""
    checks = [o.get("verification") or {} for o in outcomes]
    llm = [v for v in checks if v.get("answerer") == "llm" or v.get("fallback")]
    if not llm:
        return {"removed_share": None, "fallback_rate": None}
    kept = sum(v.get("kept_sentences") or 0 for v in llm)
    removed = sum(v.get("removed_sentences") or 0 for v in llm)
    return {
        "removed_share": removed / (kept + removed) if kept + removed else None,
        "fallback_rate": sum(bool(v.get("fallback")) for v in llm) / len(llm),
    }


def fallback_reasons(outcomes: Sequence[dict]) -> dict[str, int]:
    """How often the LLM answerer fell back to the extractive answer, by reason (busy, timeout, …)."""
    reasons = [str(f) for o in outcomes if (f := (o.get("verification") or {}).get("fallback"))]
    return {r: reasons.count(r) for r in sorted(set(reasons), key=lambda r: (-reasons.count(r), r))}


def breakdown(outcomes: Sequence[dict]) -> dict:
    """{"overall": metrics, "lang": {lang: metrics}, "kind": {kind: metrics}} for the groups present."""
    return {
        "overall": aggregate(outcomes),
        "lang": {g: aggregate([o for o in outcomes if o["lang"] == g]) for g in LANGS if any(o["lang"] == g for o in outcomes)},
        "kind": {g: aggregate([o for o in outcomes if o["kind"] == g]) for g in KINDS if any(o["kind"] == g for o in outcomes)},
    }
