"""`rag calibrate`: choose the answerer's abstain threshold on the dev set (never on the held-out set).

Each dev question's `trace.support` (the best answer sentence's score, which the answerer
compares to its threshold) is collected for answerable and should-abstain questions; the
threshold that balances abstention accuracy against false abstentions is printed, with the
curve around it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from eval.metrics import abstention_curve, best_threshold
from eval.questions import DEV, load
from eval.runner import Echo, opened, run
from rag import Settings

STEP = 0.01
SPAN = 6  # curve points printed on each side of the chosen threshold


def calibrate(answerable: Sequence[float], unanswerable: Sequence[float]) -> tuple[dict, list[dict]]:
    """The chosen threshold with its scores, and the curve around it in STEP increments."""
    best = best_threshold(answerable, unanswerable)
    t = best["threshold"]
    curve = [abstention_curve(answerable, unanswerable, round(t + i * STEP, 3)) for i in range(-SPAN, SPAN + 1)]
    return best, curve


def run_calibrate(settings: Settings, questions: Path = DEV, corpus: Path | None = None, echo: Echo = print) -> float:
    """Run `questions`, print the supports, the chosen threshold and the curve; return the threshold (3 decimals)."""
    with opened(settings, corpus) as (pipeline, text_of):
        traces = run(pipeline, load(questions, text_of))
    pos = sorted(trace.support for q, trace, _ in traces if not q.should_abstain)
    neg = sorted(trace.support for q, trace, _ in traces if q.should_abstain)
    if not pos or not neg:
        raise ValueError(f"{questions}: calibration needs both answerable and should-abstain questions")
    best, curve = calibrate(pos, neg)
    echo(f"{questions}: {len(pos)} answerable, {len(neg)} should abstain (unanswerable + link-bait)")
    echo("support of answerable:     " + " ".join(f"{s:.3f}" for s in pos))
    echo("support of should-abstain: " + " ".join(f"{s:.3f}" for s in neg))
    echo(f"\n{'threshold':>10} {'abstain acc':>12} {'false abst':>11} {'balanced':>9}")
    for point in curve:
        mark = "  <- best" if point["threshold"] == round(best["threshold"], 3) else ""
        mark += "  <- configured" if abs(point["threshold"] - settings.abstain_threshold) < STEP / 2 else ""
        echo(f"{point['threshold']:>10.3f} {point['abstention_accuracy']:>12.3f} "
             f"{point['false_abstention_rate']:>11.3f} {point['balanced']:>9.3f}{mark}")
    chosen = round(best["threshold"], 3)
    echo(f"\nbest threshold {chosen:.3f}: abstention accuracy {best['abstention_accuracy']:.3f}, "
         f"false abstentions {best['false_abstention_rate']:.3f}, balanced {best['balanced']:.3f}")
    echo(f"currently configured: {settings.abstain_threshold}; set RAG_ABSTAIN_THRESHOLD={chosen:.3f} "
         "or the default in rag/config.py")
    return chosen
