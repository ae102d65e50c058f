import json

import pytest

from evals.runner import Case, CaseResult, load_cases, run, set_path, summarize
from store.errors import ConfigError
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
    assert s["answer_fact_accuracy"] == 0.5 and s["refusal_recall"] == 0.5
    assert s["refusal_precision"] == 1.0 and s["false_refusals"] == 0


def test_eval_runs_end_to_end_on_the_hash_embedder(settings, tmp_path):
    """The runner itself (the real-model thresholds are in test_e2e_models)."""
    from evals.systems import StewardSystem
    from ui.service import Service
    from ui.users import OWNER

    svc = Service(settings.model_copy(update={"chat_backend": "extractive"}))
    svc.ingest(OWNER, [SEEDS], progress=False)
    cases = [c for c in load_cases(set_path("seed"))][::4]
    results, summary = run(cases, StewardSystem(svc, OWNER), progress=False)
    assert summary["unverified_quotes"] == 0 and len(results) == len(cases)
    assert summary["cited_evidence_recall"] >= 0.8
    assert json.loads(json.dumps(summary))["questions"] == len(cases)


def test_baseline_is_the_textbook_pipeline(embedder):
    """1000/200 character chunks with their offsets, top 5, the stuff prompt, the chat model."""
    from evals.baseline import BASELINE_PROMPT, NaiveRAG
    from tests.test_answer import ScriptedChat

    text = " ".join(f"Clause {n}: the rate for duty {n} is ${n}.00 per hour." for n in range(200))
    chat = ScriptedChat("The rate is $7.00 per hour.")
    rag = NaiveRAG({"contract": text, "memo": "Overtime is paid at time and one-half."},
                   embedder, chat)
    got = rag.ask("What is the rate for duty 7?")
    assert len(got.hits) == 5 and not got.refused and got.text == "The rate is $7.00 per hour."
    for h in got.hits:
        assert len(h.text) <= 1000 and text[h.char_start:h.char_end] == h.text or h.doc_id == "memo"
    role, prompt = chat.calls[0][0]
    assert role == "user"
    assert prompt.startswith(BASELINE_PROMPT.split("{context}")[0]) and got.hits[0].text in prompt
    assert prompt.endswith("Question: What is the rate for duty 7?\nHelpful Answer:")
    assert NaiveRAG({"a": text}, embedder, ScriptedChat("I don't know.")).ask("x").refused


def test_unsupported_figures_are_counted():
    from evals.systems import figures, unsupported_figures

    assert figures("It is $3,000 [1] or 5% after 60 days.") == ["$3,000", "5%", "60"]
    assert unsupported_figures("$3,000 after 60 days [2]", ["pay $3, 000 within 60"]) == 0
    assert unsupported_figures("$4,000 after 60 days", ["pay $3,000 within 60"]) == 1


def test_wins_needs_strictly_better_unless_both_are_perfect():
    from evals.runner import QUALITY_DOWN, QUALITY_UP, wins

    a = dict.fromkeys(QUALITY_UP, 1.0) | dict.fromkeys(QUALITY_DOWN, 0)
    assert all(wins(a, a).values())
    b = a | {"mrr": 0.5, "refusal_precision": None, "unverified_quotes": 3}
    assert all(wins(a, b).values())
    assert not any(wins(b, a)[k] for k in ("mrr", "refusal_precision", "unverified_quotes"))


def test_eval_command_prints_both_systems_side_by_side(tmp_path, monkeypatch):
    """`steward eval --questions` on a separate corpus: table, baseline, JSON report."""
    from click.testing import CliRunner

    from ui.cli import cli

    monkeypatch.setenv("STEWARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("STEWARD_EMBEDDER", "hash")
    monkeypatch.setenv("STEWARD_CHAT_BACKEND", "extractive")
    qs = tmp_path / "qs.jsonl"
    qs.write_text("\n".join(line for line in set_path("seed").read_text().splitlines()[:6]))
    out = tmp_path / "out.json"
    res = CliRunner().invoke(cli, ["eval", "--questions", str(qs), "--corpus", str(SEEDS),
                                   "--json", str(out)])
    assert res.exit_code == 0, res.output
    assert "steward" in res.output and "baseline" in res.output and "recall@5" in res.output
    report = json.loads(out.read_text())
    assert report["steward"]["summary"]["questions"] == 6
    assert report["baseline"]["summary"]["questions"] == 6
    assert set(report["steward_better"]) >= {"recall@1", "cited_evidence_recall"}
    assert (tmp_path / "data" / "evals" / "qs").is_dir()  # its own store, not the user's


def test_structure_gold_quick_subset_reads_articles_sections_and_pages():
    """Four real contracts (../shared): each gold clause has its article, title, section, page."""
    from evals.documents import QUICK_FILES, structure_set
    from evals.runner import DISTRICT

    here = [p.name for p in DISTRICT.iterdir()] if DISTRICT.is_dir() else []
    if not all(any(q in name for name in here) for q in QUICK_FILES):
        pytest.skip("the shared development corpora (../shared/corpora) are not here")

    summary, failures = structure_set(quick=True)
    assert summary["clauses"] >= 60 and summary["documents"] == 4
    assert summary["page_exact"] == 1.0
    assert summary["article_exact"] >= 0.95, failures
    assert summary["all_exact"] >= 0.85, failures


def test_drafting_set_shape():
    """≥ 20 goals in varied phrasings, over the seeds and ≥ 5 shared-contract clauses."""
    from evals.documents import load
    from retrieval.goals import KINDS

    entries = load("drafting")
    assert len(entries) >= 20 and len({e["goal"] for e in entries}) == len(entries)
    shared = {(e["doc"], e["section"]) for e in entries if not e["doc"].startswith("corpus/")}
    assert len(shared) >= 5 and any(e["doc"].startswith("corpus/") for e in entries)
    kinds = {t["kind"] for e in entries for t in e["terms"]}
    assert kinds <= {*KINDS, "unclear"} and len(kinds) >= 8
    assert all(t.get("present") or t.get("absent") or t.get("expect") == "not applied"
               or t["kind"] == "unclear" for e in entries for t in e["terms"])


def test_drafting_scorer_counts_a_dropped_term_and_a_check_that_missed_it():
    """The scorer judges by the gold's wording, not by the drafter's own checks."""
    from types import SimpleNamespace

    from evals.drafting import judge, summary
    from retrieval.draft import TERMS_CHECK, Check

    entry = {"id": "g", "terms": [
        {"kind": "floor", "value": "3500", "present": ["not less than $3,500"]},
        {"kind": "amount", "value": "150", "present": ["$150"], "absent": ["$50"]},
        {"kind": "unclear", "words": "make it fair"}]}
    blind = SimpleNamespace(text="12.7.5 A stipend of $150.", outcomes=(), unclear=(),
                            checks=(Check(TERMS_CHECK, True, "all 2"),))
    s = summary(judge(entry, blind), 1)
    assert s["terms"] == 2 and s["terms applied (in the draft)"] == 1
    assert s["terms silently dropped"] == 1 and s["checks passing while a term is missing"] == 1
    assert s["parts of goals not understood"] == 1 and s["of which surfaced as not understood"] == 0


def test_drafting_quick_subset_drops_no_term():
    """The seeds and one Oregon contract (../shared): every term of every goal is in the draft
    or listed as not applied, and the terms check never passes while one is missing."""
    from click.testing import CliRunner

    from evals.drafting import path_of
    from ui.cli import cli

    if not path_of("oregon-cba/marion-county/cba/marion-county-foppo-cba.md").exists():
        pytest.skip("the shared development corpora (../shared/corpora) are not here")
    res = CliRunner().invoke(cli, ["eval", "--set", "drafting", "--quick", "--show-failures"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.output[:res.output.rindex("}") + 1])
    assert summary["goals"] >= 20 and summary["shared-contract clauses"] >= 5
    assert summary["terms silently dropped"] == 0, res.output
    assert summary["checks passing while a term is missing"] == 0, res.output
    assert summary["terms as the gold expects"] == summary["terms"], res.output
    assert summary["editorial marks left in the language"] == 0


def test_contradictions_are_what_a_system_says_against_the_gold():
    from evals.contradictions import contradiction
    from evals.runner import Case

    sick = Case("c", "Can I use sick leave for my kid?", True,
                expected_facts=("up to five (5) days",), yes_no="yes",
                conditions=("immediate family",))
    assert contradiction(sick, "No, you cannot.", "No, you cannot.").startswith("says no")
    assert contradiction(sick, "**Yes**", "**Yes** — “… up to five (5) days …”") == (
        "drops the condition 'immediate family'")
    assert contradiction(sick, "**Yes**, with conditions", "**Yes** — “up to five (5) days "
                         "for illness in the immediate family”") == ""
    probation = Case("p", "How long is probation?", True,
                     expected_facts=("sixty (60) calendar days",))
    assert contradiction(probation, "**thirty (30) days**", "").startswith("states 30")
    assert contradiction(probation, "", "The contract: “thirty (30) days …”") == ""  # a quote


def test_the_nth_day_of_a_deadline_is_that_many_days():
    from evals.contradictions import contradiction
    from evals.runner import Case

    bump = Case("b", "How long do I have to say I want to bump?", True,
                expected_facts=("by 6:00 p.m. of the 7th calendar day after receiving",))
    assert contradiction(bump, "**seven (7) calendar days**", "") == ""
    assert contradiction(bump, "**ten (10) calendar days**", "").startswith("states 10")
