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


def run_calibrate(
    settings: Settings, questions: Path = DEV, corpus: Sequence[Path] = (), echo: Echo = print
) -> dict[str, float]:
    """Run `questions`; for each language print the supports, the chosen threshold and the curve around it.

    Returns {"id": threshold, "en": threshold} (3 decimals): cross-lingual similarities run lower,
    so English questions get their own floor."""
    with opened(settings, corpus) as (pipeline, text_of):
        traces = run(pipeline, load(questions, text_of))
    configured = {"id": settings.abstain_threshold, "en": settings.abstain_threshold_en}
    chosen = {}
    for lang in ("id", "en"):
        pos = sorted(t.support for q, t, _ in traces if q.lang == lang and not q.should_abstain)
        neg = sorted(t.support for q, t, _ in traces if q.lang == lang and q.should_abstain)
        if not pos or not neg:
            raise ValueError(f"{questions}: calibration needs answerable and should-abstain questions in '{lang}'")
        best, curve = calibrate(pos, neg)
        echo(f"\n[{lang}] {len(pos)} answerable, {len(neg)} should abstain (unanswerable + link-bait)")
        echo("support of answerable:     " + " ".join(f"{s:.3f}" for s in pos))
        echo("support of should-abstain: " + " ".join(f"{s:.3f}" for s in neg))
        echo(f"{'threshold':>10} {'abstain acc':>12} {'false abst':>11} {'balanced':>9}")
        for point in curve:
            mark = "  <- best" if point["threshold"] == round(best["threshold"], 3) else ""
            mark += "  <- configured" if abs(point["threshold"] - configured[lang]) < STEP / 2 else ""
            echo(f"{point['threshold']:>10.3f} {point['abstention_accuracy']:>12.3f} "
                 f"{point['false_abstention_rate']:>11.3f} {point['balanced']:>9.3f}{mark}")
        chosen[lang] = round(best["threshold"], 3)
        echo(f"best threshold {chosen[lang]:.3f}: abstention accuracy {best['abstention_accuracy']:.3f}, "
             f"false abstentions {best['false_abstention_rate']:.3f}, balanced {best['balanced']:.3f}")
    echo(f"\nconfigured: id {configured['id']}, en {configured['en']}; set "
         f"RAG_ABSTAIN_THRESHOLD={chosen['id']:.3f} RAG_ABSTAIN_THRESHOLD_EN={chosen['en']:.3f} "
         "or the defaults in rag/config.py")
    return chosen
