import json

import pytest

from evals.runner import Case, CaseResult, load_cases, run, set_path, summarize
from ingest.errors import ConfigError
from ingest.pipeline import Ingestor
from retrieval.answer import Answerer
from retrieval.search import Searcher
from tests.conftest import SEEDS


def test_seed_set_shape():
    cases = load_cases(set_path("seed"))
    assert len(cases) >= 40 and sum(not c.answerable for c in cases) >= 8
    assert all(c.expected_facts for c in cases if c.answerable)
    assert any("LAUSD" in c.question or "Seattle" in c.question for c in cases)


def test_bad_sets_are_clear_errors(tmp_path):
    with pytest.raises(ConfigError, match="cannot be read"):
        load_cases(tmp_path / "nope.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "x"}\n')
    with pytest.raises(ConfigError, match="line 1"):
        load_cases(bad)


def test_summary_metrics():
    def res(answerable, refused, fact, rank):
        return CaseResult(Case("i", "q", answerable), refused, "", fact, fact, 0, rank, 0.1)

    s = summarize([res(True, False, True, 1), res(True, False, False, 3),
                   res(False, True, False, None), res(False, False, False, None)])
    assert s["recall@1"] == 0.5 and s["recall@5"] == 1.0 and s["mrr"] == pytest.approx(2 / 3)
    assert s["answer_fact_accuracy"] == 0.5 and s["refusal_accuracy"] == 0.5
    assert s["refusal_precision"] == 1.0 and s["false_refusals"] == 0


def test_eval_runs_end_to_end_on_the_hash_embedder(settings, store, embedder, tmp_path):
    """The runner itself (the real-model thresholds are in test_e2e_models)."""
    Ingestor(settings, store, embedder, progress=False).run([SEEDS])
    cases = [c for c in load_cases(set_path("seed"))][::4]
    results, summary = run(cases, Answerer(Searcher(settings, store, embedder), None),
                           progress=False)
    assert summary["unverified_quotes"] == 0 and len(results) == len(cases)
    assert summary["cited_evidence_recall"] >= 0.8
    assert json.loads(json.dumps(summary))["questions"] == len(cases)
