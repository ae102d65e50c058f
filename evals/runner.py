"""`steward eval`: run a gold question set through Steward and score it.

A set is JSONL, one question per line:
    {"id", "question", "answerable": bool, "expected_docs": [...],
     "expected_sections": [...], "expected_facts": [...any-of strings]}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .facts import has_fact

SETS_DIR = Path(__file__).resolve().parent
_ROOT = SETS_DIR.parent
SHARED = _ROOT.parent / "shared" / "corpora"  # the shared development corpora, read by path
DISTRICT = SHARED / "district-contracts"
OREGON = SHARED / "oregon-cba"
SEIU = SHARED / "seiu503-higher-ed"
# The real-use set: contracts, MOUs and a year of bulletins nobody on the team wrote.
REAL_CORPUS: list[Path] = [
    DISTRICT / "Albuquerque_Public_Schools__ATF-Negotiated-Agreement_2018-19.pdf",
    DISTRICT / "Baltimore_City_Public_School_System__Baltimore_City_Public_Schools_2021-2023.pdf",
    DISTRICT / "Denver_Public_Schools__Denver_2022-2025-CBA-Final.pdf",
    DISTRICT / "Long_Beach_Unified_School_District__2018-2019-TALB-NEGOTIATED-CONTRACT-K-12.pdf",
    DISTRICT / "Orange_County_Public_Schools__Orange_Contract_23-24_edition_of_21-24_CBA.pdf",
    DISTRICT / "School_District_of_Philadelphia__SD_of_Philadelphia_2021-2024.pdf",
    SEIU / "seiu503_higher_ed_cba_2022-2026.pdf",
    *sorted((SEIU / "bulletins").glob("????-??-??-en-*.html")),
    OREGON / "deschutes-county" / "cba" / "deschutes-county-afscme-cba-2025-2030-dc-2025-597.md",
    *(OREGON / "deschutes-county" / "loa" / f"deschutes-county-mou-afscme-{name}.md"
      for name in ("crisis-program-employees-dc-2025-710",
                   "juneteenth-holiday-section-a-dc-2022-352")),
    OREGON / "state" / "cba" / "state-aee-association-of-engineering-employees-2025-2027.md",
    OREGON / "clackamas-county" / "cba" / "clackamas-county-employee-association.md",
]
# Each named set is scored on its own store, built from its own documents (folders or files).
SET_CORPORA: dict[str, list[Path]] = {
    "seed": [_ROOT / "corpus"],
    "oregon": [_ROOT / "tests" / "fixtures" / "oregon"],
    "scans": [DISTRICT / "Pittsburgh_Public_Schools__Pittsburgh_10-15.pdf",
              DISTRICT / ("Dayton_Public_Schools__2019-06-25-Amendments-to-DEA-Collective-"
                          "Bargaining-Agreement.pdf")],
    "real": REAL_CORPUS,
}
# Higher is better on these rows; lower on false_refusals, unverified_quotes and latency.
QUALITY_UP = ("recall@1", "recall@5", "mrr", "cited_evidence_recall", "answer_fact_accuracy",
              "refusal_precision", "refusal_recall")
QUALITY_DOWN = ("false_refusals", "unverified_quotes", "contradictions")


@dataclass(frozen=True)
class Case:
    id: str
    question: str
    answerable: bool
    expected_docs: tuple[str, ...] = ()
    expected_sections: tuple[str, ...] = ()
    expected_facts: tuple[str, ...] = ()
    category: str = ""
    history: tuple[str, ...] = ()  # the conversation's earlier questions (follow-ups)
    yes_no: str = ""  # "yes" | "no": the right answer to a yes/no question
    conditions: tuple[str, ...] = ()  # verbatim qualifiers an answer stating the fact keeps
    wrong: tuple[str, ...] = ()  # what stating as the answer would contradict the gold
    parts: tuple[tuple[str, ...], ...] = ()  # a two-part question: each part's any-of facts


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
    lead: str = ""  # the answer's first paragraph (its direct answer); "" = the whole text
    claim: str | None = None  # what the system says in its own words; None = the whole text


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
    contradiction: str = ""  # why the answer contradicts the gold ("" = it does not)


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
            cases.append(_case(n, d))
        except (ValueError, KeyError) as exc:
            raise ConfigError(f"{path}, line {n}: not a valid question ({exc}).") from None
    return cases


def _case(n: int, d: dict[str, Any]) -> Case:
    return Case(str(d.get("id", n)), d["question"], bool(d["answerable"]),
                tuple(d.get("expected_docs", ())), tuple(d.get("expected_sections", ())),
                tuple(d.get("expected_facts", ())), d.get("category", ""),
                tuple(d.get("history", ())), d.get("yes_no", ""), tuple(d.get("conditions", ())),
                tuple(d.get("wrong", ())),
                tuple(tuple(p["expected_facts"]) for p in d.get("parts", ())))


def set_path(name: str) -> Path:
    """A named set in evals/ ('seed' -> evals/seed.jsonl) or a file path."""
    p = Path(name)
    return p if p.suffix == ".jsonl" and p.exists() else SETS_DIR / f"{name}.jsonl"


def relevant(hit: Hit, case: Case) -> bool:
    """In an expected document (its id, or an id it begins: "dayton" for "dayton-public-…"),
    and either in an expected section or holding an expected fact."""
    if case.expected_docs and not any(hit.doc_id == d or hit.doc_id.startswith(d + "-")
                                      for d in case.expected_docs):
        return False
    if hit.sections & set(case.expected_sections):
        return True
    return has_fact(hit.text, case.expected_facts)


def all_facts(text: str, case: Case) -> bool:
    """Every part of the question answered (one part unless it is a two-part question)."""
    groups = case.parts or (case.expected_facts,)
    return all(has_fact(text, g) for g in groups)


def run_case(case: Case, system) -> CaseResult:
    """Ask one question of a system (see evals/systems.py) and score what came back."""
    from .contradictions import contradiction

    out = system.ask(case.question, list(case.history))
    rank = next((n for n, h in enumerate(out.hits, 1) if relevant(h, case)), None)
    return CaseResult(
        case=case, refused=out.refused, answer=out.text,
        fact_in_answer=not out.refused and all_facts(out.text, case),
        fact_in_quote=all_facts(out.evidence, case),
        unverified=out.unverified, rank=rank, seconds=out.seconds,
        citations=list(out.citations),
        contradiction="" if out.refused else contradiction(
            case, out.text if out.claim is None else out.claim, out.lead or out.text))


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
        "contradictions": sum(bool(r.contradiction) for r in results),
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
         "seconds": r.seconds, "category": r.case.category,
         **({"contradiction": r.contradiction} if r.contradiction else {}),
         "citations": r.citations} for r in results]}
