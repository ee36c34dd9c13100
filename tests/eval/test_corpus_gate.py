"""The checking half of eval/corpus through the real pipeline, against eval/thresholds_corpus.toml,
and the cleaner against the labelled lines: the figures the gate holds on pages never tuned on."""

from __future__ import annotations

from pathlib import Path

from eval import cleaning
from eval.gate import check, load_thresholds
from eval.runner import stored_texts

THRESHOLDS = Path(cleaning.__file__).resolve().parent / "thresholds_corpus.toml"


def test_the_checking_half_passes_its_gate(checking_results):
    failures = check(checking_results["metrics"], load_thresholds(THRESHOLDS))
    assert failures == [], "\n".join(failures)
    assert checking_results["meta"]["n"] == 45


def test_no_answer_cites_boilerplate(checking_results):
    assert checking_results["cited_boilerplate"] == []


def test_the_cleaner_drops_boilerplate_and_keeps_the_story(corpus_pipeline):
    text_of = stored_texts(corpus_pipeline)
    lines = cleaning.read_jsonl(cleaning.CORPUS / "lines.jsonl")
    scores = cleaning.line_scores({r["file"]: text_of(r["file"]) for r in lines}, lines)
    assert scores["all"]["recall"] >= 0.97 and scores["all"]["precision"] >= 0.99, scores["all"]["missed"]
    assert scores["seeds"]["lost"] == []  # no story line of the seeds is lost
    assert scores["all"]["prefix"][0] == scores["all"]["prefix"][1]  # every lead is quoted after its dateline


def test_html_pages_ingest_with_their_metadata_and_story(corpus_pipeline):
    html = cleaning.read_jsonl(cleaning.CORPUS / "html.jsonl")
    meta = cleaning.metadata_scores(corpus_pipeline.documents(), cleaning.read_jsonl(cleaning.CORPUS / "meta.jsonl"))
    pages = [g["file"] for g in html]
    docs = {d.id: d for d in corpus_pipeline.documents()}
    for g in html:
        doc = docs[g["file"]]
        assert (doc.title, doc.outlet, doc.author, doc.date) == (g["title"], g["outlet"], g["author"], g["published"])
    stored = {name: corpus_pipeline.document(name).text for name in pages}
    for name, row in cleaning.html_scores(stored, html).items():
        assert row["story_quotable"] == 1.0 and row["non_story_quotable"] == 0.0, name
    assert meta["all"]["pages"] == 35
