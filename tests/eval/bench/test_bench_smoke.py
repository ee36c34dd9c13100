"""The benchmark's code paths at tiny sizes: the shape of what it writes, never its timings."""

from __future__ import annotations

import json

import pytest

from eval.bench import engine, report
from eval.bench.runner import Options, run
from eval.bench.stats import variant

LATENCY_KEYS = {"p50", "p95", "spread", "reps", "n"}


def _tiny(tmp_path, sections, **more) -> Options:
    return Options(reps=1, cold_starts=1, ingest_reps=1, questions=3, sizes=(60, 120), concurrency=(1, 2),
                   requests=2, engine_queries=2, sections=sections, out=tmp_path / "out", quick=True, **more)


def test_variants_are_distinct_and_keep_the_words():
    texts = {variant("Siapa Rubio?", n) for n in range(500)}
    assert len(texts) == 500
    assert all(t.strip() == "Siapa Rubio?" for t in texts)


def test_in_process_and_scale(tmp_path):
    results = run(_tiny(tmp_path, ("inproc", "scale")), echo=lambda _: None)

    ingest = results["inproc"]["ingest"]
    assert ingest["chunks"] > 0 and ingest["warm_embed_calls"] == 0 and ingest["warm_chunks_written"] == 0
    latency = results["inproc"]["latency"]
    for stage in ("embed_query", "dense", "bm25", "fused", "answer", "answer_cached"):
        assert LATENCY_KEYS <= set(latency[stage]) and latency[stage]["n"] == 3
    quality = results["inproc"]["quality"]
    assert 0 <= quality["hit_at_1"] <= quality["mrr"] <= 1 and quality["mrr"] > 0  # some gold passage was found

    scale = results["scale"]
    assert scale["synthetic"] is True
    # Each size, plus the real one-document write measured at each (about 24 chunks each).
    first, second = (row["chunks"] for row in scale["rows"])
    assert 60 < first < 120 < second and second - first > 60
    assert all(row["write_ms"] > 0 and row["full_refresh_ms"] > 0 for row in scale["rows"])
    assert all(row["fused"]["growth"] is not None for row in scale["rows"])

    written = json.loads((tmp_path / "out" / "results.json").read_text())
    assert {t["target"] for t in written["targets"]} == {t["target"] for t in report.targets({})}
    md = (tmp_path / "out" / "RESULTS.md").read_text()
    assert "## Targets" in md and "SYNTHETIC" in md and "not measured" in md


def test_engine_variant_runs_in_a_child_process():
    rows = engine.measure({"native": None}, variants=(("shipped", "shipped", "PASSIVE"), ("native", "native", "")), queries=2)
    assert rows[0]["query_p50_ms"] > 0 and rows[0]["passages_per_s"] > 0 and rows[0]["query_batched_cpu_ms"] > 0
    assert rows[0]["query_lanes_cpu_ms"] > 0 and rows[0]["lanes"] >= 1
    assert "skipped" in rows[1]


@pytest.mark.slow
@pytest.mark.e2e
def test_servers_and_baseline(tmp_path):
    results = run(_tiny(tmp_path, ("http", "chroma", "baseline")), echo=lambda _: None)

    for served in (results["http"], results["chroma"]["http"]):
        assert served["first_answer_s"] > 0 and served["peak_rss_mb"] > 0
        assert LATENCY_KEYS <= set(served["sequential"])
        assert [t["concurrency"] for t in served["throughput"]] == [1, 2]
        assert all(t["errors"] == 0 for t in served["throughput"])
    assert results["chroma"]["inproc"]["ingest"]["warm_embed_calls"] == 0

    base = results["baseline"]
    assert base["chunks"] > 0 and 0 <= base["hit_at_1"] <= base["mrr"] <= 1 and base["mrr"] > 0
    assert LATENCY_KEYS <= set(base["retrieve"])
    md = (tmp_path / "out" / "RESULTS.md").read_text()
    assert "Side by side" in md and "Chroma server" in md


@pytest.mark.slow
@pytest.mark.e2e
def test_throughput_curve_before_and_now(tmp_path):
    results = run(_tiny(tmp_path, ("throughput",), curve=(1, 2), curve_requests=4), echo=lambda _: None)

    t = results["throughput"]
    assert set(t["curves"]) == {"before", "now"}
    for curve in t["curves"].values():
        assert [p["concurrency"] for p in curve] == [1, 2]
        assert all(p["errors"] == 0 and p["rps"] > 0 for p in curve)
        assert all(p["client_cpu_ms"] > 0 for p in curve)  # the load's own share of the cores, recorded
    assert 0 < t["ceiling_alone"] and 0 < t["ceiling_batched"]
    assert (tmp_path / "out" / t["plot"]).read_bytes().startswith(b"\x89PNG")
    md = (tmp_path / "out" / "RESULTS.md").read_text()
    assert "Throughput against concurrency" in md and t["plot"] in md
    measured = {x["target"]: x for x in results["targets"]}
    assert measured["answers/s at concurrency 16 (distinct questions)"]["met"] is None  # 16 was not run
