"""`steward eval`: run a gold question set through Steward and score it.

A set is JSONL, one question per line:
    {"id", "question", "answerable": bool, "expected_docs": [...],
     "expected_sections": [...], "expected_facts": [...any-of strings]}
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SETS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Case:
    id: str
    question: str
    answerable: bool
    expected_docs: tuple[str, ...] = ()
    expected_sections: tuple[str, ...] = ()
    expected_facts: tuple[str, ...] = ()


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
    from ingest.errors import ConfigError

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


def relevant(hit, case: Case) -> bool:
    if case.expected_docs and hit.doc_id not in case.expected_docs:
        return False
    if case.expected_sections and hit.section in case.expected_sections:
        return True
    return has_fact(hit.text, case.expected_facts)


def doc_texts(store, doc_ids: Iterable[str]) -> dict[str, str]:
    ids = sorted(set(doc_ids))
    if not ids:
        return {}
    got = store.docs_col.get(ids=ids, include=["documents"])
    return dict(zip(got["ids"], got["documents"], strict=True))


def unverified_count(answer, texts: dict[str, str]) -> int:
    """Citations whose quote is not, verbatim, at its offsets in the stored document text."""
    from retrieval.verify import squash

    bad = 0
    for c in answer.citations:
        text = texts.get(c.doc_id, "")
        if not c.verified or squash(text[c.char_start:c.char_end]) != squash(c.quote):
            bad += 1
    return bad


def run_case(case: Case, answerer, k: int = 5) -> CaseResult:
    t0 = time.perf_counter()
    answer = answerer.ask(case.question)
    seconds = time.perf_counter() - t0
    hits = answerer.searcher.search(case.question, k=k)
    rank = next((n for n, h in enumerate(hits, 1) if relevant(h, case)), None)
    quotes = " \n".join(c.quote for c in answer.citations)
    texts = doc_texts(answerer.searcher.store, (c.doc_id for c in answer.citations))
    return CaseResult(
        case=case, refused=answer.refused, answer=answer.text,
        fact_in_answer=not answer.refused and has_fact(answer.text, case.expected_facts),
        fact_in_quote=has_fact(quotes, case.expected_facts),
        unverified=unverified_count(answer, texts), rank=rank, seconds=seconds,
        citations=[c.to_json() for c in answer.citations])


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
        "refusal_accuracy": share([r.refused for r in una]),
        "refusal_precision": share([not r.case.answerable for r in refused]) if refused else 1.0,
        "refusal_recall": share([r.refused for r in una]),
        "false_refusals": sum(r.refused for r in ans),
        "unverified_quotes": sum(r.unverified for r in results),
        "latency_p50_s": _pct(secs, 0.5), "latency_p95_s": _pct(secs, 0.95),
    }


def run(cases: list[Case], answerer, progress: bool = True) -> tuple[list[CaseResult], dict]:
    from tqdm import tqdm

    results = [run_case(c, answerer) for c in tqdm(cases, desc="Evaluating", unit="q",
                                                   disable=not progress)]
    return results, summarize(results)


def report_json(path: Path, summary: dict, results: list[CaseResult]) -> dict[str, Any]:
    """Everything an eval run found, for `steward eval --json`."""
    return {"set": str(path), "summary": summary, "results": [
        {"id": r.case.id, "question": r.case.question, "answerable": r.case.answerable,
         "refused": r.refused, "answer": r.answer, "fact_in_answer": r.fact_in_answer,
         "fact_in_quote": r.fact_in_quote, "rank": r.rank, "seconds": r.seconds,
         "citations": r.citations} for r in results]}
