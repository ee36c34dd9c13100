"""What a run leaves behind: a terminal table, latest.json (previous.json kept), report.md, by_kind.png."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

from eval.scoring import HIGHER_IS_BETTER, METRICS

RESULTS = Path(__file__).resolve().parent / "results"
RETRIEVAL = ("hit_at_1", "hit_at_5", "mrr", "ndcg_at_10", "context_recall_at_5")
ANSWERS = ("pass_rate", "answer_accuracy", "citation_precision", "citation_recall", "abstention_accuracy",
           "false_abstention_rate", "removed_share", "fallback_rate", "in_language", "latency_p50_ms", "latency_p95_ms")
SIDE = ("pass_rate", "answer_accuracy", "citation_precision", "abstention_accuracy", "false_abstention_rate",
        "in_language", "latency_p50_ms", "latency_p95_ms")
CHART = ("pass_rate", "hit_at_5", "mrr", "answer_accuracy", "citation_precision", "citation_recall", "abstention_accuracy")
LABEL = {name: label for name, label, _ in METRICS}
NOTE = ("pass: end to end, every answer-keyword group present and a gold source cited, or a correct "
        "abstention (over all questions). Retrieval and answer accuracy are over answerable questions; citation precision/recall over "
        "answerable questions that were not abstained on; abstention accuracy over unanswerable and "
        "link-bait questions; false abstention over answerable ones; latency over all.")


def _fmt(value: float | None, name: str) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if name.endswith("_ms") else f"{value:.3f}"


def groups(metrics: dict) -> Iterator[tuple[str, dict]]:
    """("overall", …), ("lang=id", …), …, ("kind=factoid", …) in table order."""
    yield "overall", metrics["overall"]
    for axis in ("lang", "kind"):
        for name, values in metrics[axis].items():
            yield f"{axis}={name}", values


def table(results: dict) -> str:
    """Two plain-text tables (retrieval; answers, abstention and latency), one row per group."""
    rows = list(groups(results["metrics"]))
    lines = []
    for title, names, count in (("retrieval (answerable questions)", RETRIEVAL, "answerable"),
                                ("answers, abstention, latency", ANSWERS, "n")):
        head = f"{'':<20}{'n':>4}" + "".join(f"{LABEL[n]:>9}" for n in names)
        lines += [title, head, "-" * len(head)]
        for label, values in rows:
            lines.append(f"{label:<20}{values[count]:>4}" + "".join(f"{_fmt(values[n], n):>9}" for n in names))
        lines.append("")
    lines.append(NOTE)
    return "\n".join(lines)


def side_by_side(results: dict) -> str:
    """The LLM answerer against the extractive answers of the same run (its drafts), group by group."""
    llm, ext = dict(groups(results["metrics"])), dict(groups(results["extractive_same_run"]["metrics"]))
    head = f"{'':<20}{'n':>4}" + "".join(f"{LABEL[n]:>18}" for n in SIDE)
    lines = ["LLM | extractive, same run", head, "-" * len(head)]
    for label, values in llm.items():
        other = ext.get(label, {})
        cells = "".join(f"{_fmt(values[n], n) + ' | ' + _fmt(other.get(n), n):>18}" for n in SIDE)
        lines.append(f"{label:<20}{values['n']:>4}{cells}")
    reasons = results.get("fallbacks") or {}
    lines.append("fallbacks by reason: " + (", ".join(f"{r} {c}" for r, c in reasons.items()) or "none"))
    return "\n".join(lines)


def deltas(results: dict, previous: dict) -> str:
    """Overall metrics against the previous run, then every group metric that moved."""
    now, before = dict(groups(results["metrics"])), dict(groups(previous["metrics"]))
    lines = [f"change against the previous run ({previous['meta'].get('created', '?')}, previous.json):"]
    for name, label, _ in METRICS:
        a, b = before.get("overall", {}).get(name), now["overall"].get(name)
        lines.append(f"  {label:<9}{_fmt(a, name):>9} -> {_fmt(b, name):<9}{_delta(a, b, name)}")
    moved = []
    for group, values in now.items():
        for name, label, _ in METRICS:
            a, b = before.get(group, {}).get(name), values.get(name)
            if group != "overall" and not name.endswith("_ms") and a is not None and b is not None and abs(b - a) >= 0.0005:
                moved.append(f"  {group:<18}{label:<9}{_fmt(a, name):>7} -> {_fmt(b, name):<7}{_delta(a, b, name)}")
    return "\n".join(lines + (["moved within groups:"] + moved if moved else ["no group metric moved"]))


def _delta(a: float | None, b: float | None, name: str) -> str:
    if a is None or b is None:
        return ""
    d = b - a
    if abs(d) < 0.0005:
        return "="
    better = (d > 0) == HIGHER_IS_BETTER[name]
    text = f"{d:+.0f}" if name.endswith("_ms") else f"{d:+.3f}"
    return f"{text} ({'better' if better else 'worse'})"


def rotate_and_write(results: dict, out: Path = RESULTS) -> dict | None:
    """Move latest.json to previous.json, write the new latest.json; return the previous results."""
    out.mkdir(parents=True, exist_ok=True)
    latest, previous = out / "latest.json", out / "previous.json"
    before = None
    if latest.is_file():
        shutil.move(latest, previous)
        try:
            before = json.loads(previous.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            before = None
    latest.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return before if before and "metrics" in before else None


def write_markdown(results: dict, previous: dict | None, out: Path = RESULTS) -> Path:
    """report.md with the tables, the by-kind chart, the change against the previous run and the failures."""
    out.mkdir(parents=True, exist_ok=True)
    chart(results["metrics"], out / "by_kind.png")
    meta = results["meta"]
    md = ["# Eval report", "",
          f"{meta['created']} · `{meta['questions']}` ({meta['n']} questions) · corpus `{meta['corpus']}` · "
          f"{meta.get('answerer', 'extractive')} answerer · "
          f"top_k {meta['top_k']} · {meta['duration_s']} s", "",
          NOTE, "", _md_table(results["metrics"]), "", "![metrics by kind](by_kind.png)", ""]
    if "extractive_same_run" in results:
        md += ["## LLM against the extractive answerer, same run", "",
               "Each cell: LLM | extractive. The extractive answer is the draft every LLM answer starts from.",
               "", "```", side_by_side(results), "```", ""]
    if previous:
        md += ["## Against the previous run", "", "```", deltas(results, previous), "```", ""]
    md += ["## Failures", ""] + list(_failures(results["questions"]))
    path = out / "report.md"
    path.write_text("\n".join(md) + "\n", encoding="utf-8")
    return path


def _md_table(metrics: dict) -> str:
    names = [n for n, _, _ in METRICS]
    lines = ["| group | n | " + " | ".join(LABEL[n] for n in names) + " |", "|---" * (len(names) + 2) + "|"]
    for label, values in groups(metrics):
        lines.append(f"| {label} | {values['n']} | " + " | ".join(_fmt(values[n], n) for n in names) + " |")
    return "\n".join(lines)


def why_failed(o: dict) -> list[str]:
    """Why an outcome counts against the system; empty when it does not."""
    if o["should_abstain"]:
        return [] if o["abstained"] else [f"should abstain, answered (support {o['support']})"]
    reasons = []
    if o["abstained"]:
        reasons.append(f"abstained (support {o['support']})")
    elif o["missing_keywords"]:
        reasons.append(f"answer lacks {' / '.join(map(str, o['missing_keywords']))}")
    if not o["hit_at_5"]:
        reasons.append("no gold passage in the top 5")
    return reasons


def _failures(outcomes: list[dict]) -> Iterator[str]:
    failed = [(o, why_failed(o)) for o in outcomes]
    failed = [(o, why) for o, why in failed if why]
    if not failed:
        yield "None."
        return
    for o, why in failed:
        answer = o["answer"] if len(o["answer"]) <= 220 else o["answer"][:220] + "…"
        yield f"- **{o['id']}** ({o['kind']}, {o['lang']}) {o['question']}  \n  {'; '.join(why)}. Got: “{answer}”"


def chart(metrics: dict, path: Path) -> None:
    """Grouped bars of the main metrics per kind (a metric a kind does not measure is left out)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kinds = list(metrics["kind"])
    width = 0.8 / len(CHART)
    fig, ax = plt.subplots(figsize=(11, 4.5), dpi=110)
    for i, name in enumerate(CHART):
        xs = [k + (i - (len(CHART) - 1) / 2) * width for k in range(len(kinds))]
        ys = [metrics["kind"][k][name] for k in kinds]
        ax.bar([x for x, y in zip(xs, ys) if y is not None], [y for y in ys if y is not None], width, label=LABEL[name])
    ax.set_xticks(range(len(kinds)), [f"{k}\n(n={metrics['kind'][k]['n']})" for k in kinds])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.set_title("Metrics by question kind")
    ax.legend(ncol=len(CHART), fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14))
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
