"""`rag train-reader --thresholds-only`: the shipped weights kept, the thresholds chosen on the tuning questions."""

from __future__ import annotations

import json

import numpy as np

from eval.questions import DEV, load
from eval.train_reader import MODEL, _rechoose, collect, outcome
from rag import ReaderModel


def test_rechoosing_thresholds_keeps_the_weights_and_does_no_worse(pipeline, seed_texts, tmp_path):
    cases = collect(pipeline, load(DEV, seed_texts)[:8], seed_texts)
    out = tmp_path / "reader.json"
    out.write_text(MODEL.read_text(encoding="utf-8"), encoding="utf-8")
    shipped = ReaderModel.load(json.loads(out.read_text(encoding="utf-8")))
    said = []
    written = _rechoose(cases, out, said.append)
    again = ReaderModel.load(json.loads(out.read_text(encoding="utf-8")))
    assert np.array_equal(again.coef, shipped.coef) and again.intercept == shipped.intercept
    assert again.member <= again.answer <= again.extra or again.extra > 1  # further sentences never need less than members
    assert sum(outcome(k, again) for k in cases) >= sum(outcome(k, shipped) for k in cases)
    assert written["info"]["thresholds_chosen_on"] == len(cases) and "pass rate on the 8 tuning questions" in said[0]
