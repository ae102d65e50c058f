"""`steward eval`: run a gold question set through Steward and score it.

A set is JSONL, one question per line:
    {"id", "question", "answerable": bool, "expected_docs": [...],
     "expected_sections": [...], "expected_facts": [...any-of strings]}
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SETS_DIR = Path(__file__).resolve().parent
_ROOT = SETS_DIR.parent
SHARED = _ROOT.parent / "shared" / "corpora"  # the shared development corpora, read by path
DISTRICT = SHARED / "district-contracts"
# Each named set is scored on its own store, built from its own documents (folders or files).
SET_CORPORA: dict[str, list[Path]] = {
    "seed": [_ROOT / "corpus"],
    "oregon": [_ROOT / "tests" / "fixtures" / "oregon"],
    "scans": [DISTRICT / "Pittsburgh_Public_Schools__Pittsburgh_10-15.pdf",
              DISTRICT / ("Dayton_Public_Schools__2019-06-25-Amendments-to-DEA-Collective-"
                          "Bargaining-Agreement.pdf")],
}
# Higher is better on these rows; lower on false_refusals, unverified_quotes and latency.
QUALITY_UP = ("recall@1", "recall@5", "mrr", "cited_evidence_recall", "answer_fact_accuracy",
              "refusal_precision", "refusal_recall")
QUALITY_DOWN = ("false_refusals", "unverified_quotes")


@dataclass(frozen=True)
class Case:
    id: str
    question: str
    answerable: bool
    expected_docs: tuple[str, ...] = ()
    expected_sections: tuple[str, ...] = ()
    expected_facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    """One ranked retrieval result, in terms both systems share."""

    doc_id: str
    sections: frozenset[str]
    text: str


@dataclass(frozen=True)
class Outcome:
    """What a system under evaluation returned for one question."""

    text: str
    refused: bool
    hits: tuple[Hit, ...]  # ranked, top k
    evidence: str  # what it shows the reader as its sources
    unverified: int  # quotes or figures the sources do not hold
    seconds: float  # answering only; the scoring work around it is not timed
    citations: tuple[dict[str, Any], ...] = ()


@dataclass
class CaseResult:
    case: Case
    refused: bool
    answer: str
    fact_in_answer: bool
    fact_in_quote: bool
    unverified: int
    rank: int | None  # 1-based rank of the first relevant search hit
    seconds: float
    citations: list[dict[str, Any]] = field(default_factory=list)


def load_cases(path: Path) -> list[Case]:
    """Read a JSONL question set; a bad line names its number."""
    from store.errors import ConfigError

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"The question set {path} cannot be read ({exc}).") from None
    cases = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            cases.append(Case(str(d.get("id", n)), d["question"], bool(d["answerable"]),
                              tuple(d.get("expected_docs", ())),
                              tuple(d.get("expected_sections", ())),
                              tuple(d.get("expected_facts", ()))))
        except (ValueError, KeyError) as exc:
            raise ConfigError(f"{path}, line {n}: not a valid question ({exc}).") from None
    return cases


def set_path(name: str) -> Path:
    """A named set in evals/ ('seed' -> evals/seed.jsonl) or a file path."""
    p = Path(name)
    return p if p.suffix == ".jsonl" and p.exists() else SETS_DIR / f"{name}.jsonl"


def _norm(s: str) -> str:
    return " ".join(s.lower().replace("\u2019", "'").split())


def has_fact(text: str, facts: Iterable[str]) -> bool:
    t = _norm(text)
    return any(_norm(f) in t for f in facts)


def relevant(hit: Hit, case: Case) -> bool:
    """In an expected document (its id, or an id it begins: "dayton" for "dayton-public-…"),
    and either in an expected section or holding an expected fact."""
    if case.expected_docs and not any(hit.doc_id == d or hit.doc_id.startswith(d + "-")
                                      for d in case.expected_docs):
        return False
    if hit.sections & set(case.expected_sections):
        return True
    return has_fact(hit.text, case.expected_facts)


def run_case(case: Case, system) -> CaseResult:
    """Ask one question of a system (see evals/systems.py) and score what came back."""
    out = system.ask(case.question)
    rank = next((n for n, h in enumerate(out.hits, 1) if relevant(h, case)), None)
    return CaseResult(
        case=case, refused=out.refused, answer=out.text,
        fact_in_answer=not out.refused and has_fact(out.text, case.expected_facts),
        fact_in_quote=has_fact(out.evidence, case.expected_facts),
        unverified=out.unverified, rank=rank, seconds=out.seconds,
        citations=list(out.citations))


def _pct(xs: list[float], q: float) -> float:
    if not xs:
        return 0.0
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def summarize(results: list[CaseResult]) -> dict[str, Any]:
    """The metrics table: retrieval, evidence, facts, refusals, unverified quotes, latency."""
    ans = [r for r in results if r.case.answerable]
    una = [r for r in results if not r.case.answerable]
    refused = [r for r in results if r.refused]

    def share(xs: list[bool]) -> float:
        return sum(xs) / len(xs) if xs else 0.0

    secs = [r.seconds for r in results]
    return {
        "questions": len(results), "answerable": len(ans), "unanswerable": len(una),
        "recall@1": share([r.rank == 1 for r in ans]),
        "recall@5": share([r.rank is not None for r in ans]),
        "mrr": sum(1 / r.rank for r in ans if r.rank) / len(ans) if ans else 0.0,
        "cited_evidence_recall": share([r.fact_in_quote for r in ans]),
        "answer_fact_accuracy": share([r.fact_in_answer for r in ans]),
        # of its refusals, how many were right (None: it never refused)
        "refusal_precision": share([not r.case.answerable for r in refused]) if refused else None,
        "refusal_recall": share([r.refused for r in una]),
        "false_refusals": sum(r.refused for r in ans),
        "unverified_quotes": sum(r.unverified for r in results),
        "latency_p50_s": _pct(secs, 0.5), "latency_p95_s": _pct(secs, 0.95),
    }


def run(cases: list[Case], system, progress: bool = True) -> tuple[list[CaseResult], dict]:
    """Every case through one system (see evals/systems.py)."""
    from tqdm import tqdm

    results = [run_case(c, system) for c in tqdm(cases, desc=f"Evaluating {system.name}",
                                                 unit="q", disable=not progress)]
    return results, summarize(results)


def compare(cases: list[Case], systems: list, progress: bool = True) -> dict[str, tuple]:
    """The same cases through each system: name -> (results, summary)."""
    return {s.name: run(cases, s, progress) for s in systems}


def wins(steward: dict, other: dict) -> dict[str, bool]:
    """Per quality row: does Steward do strictly better than the other system (or both are
    perfect)?"""
    def up(a, b) -> bool:  # None: that system never did it (refusal precision)
        if a is None or b is None:
            return b is None and a is not None
        return a > b or a == b == 1.0

    out = {k: up(steward[k], other[k]) for k in QUALITY_UP}
    out.update({k: steward[k] < other[k] or steward[k] == other[k] == 0 for k in QUALITY_DOWN})
    return out


def report_json(path: Path, summary: dict, results: list[CaseResult]) -> dict[str, Any]:
    """Everything one system's run found, for `steward eval --json`."""
    return {"set": str(path), "summary": summary, "results": [
        {"id": r.case.id, "question": r.case.question, "answerable": r.case.answerable,
         "refused": r.refused, "answer": r.answer, "fact_in_answer": r.fact_in_answer,
         "fact_in_quote": r.fact_in_quote, "unverified": r.unverified, "rank": r.rank,
         "seconds": r.seconds,
         "citations": r.citations} for r in results]}
