"""`steward eval --set drafting`: goals written the way bargaining teams write them, drafted
against real clauses (the seed proposal and shared contracts), every term accounted for.

A line of evals/drafting.jsonl:
    {"id", "doc": "corpus/…" (this repository) | "oregon-cba/…" | "district-contracts/…"
     (../shared/corpora, read by path), "section", "goal", "quick": bool,
     "terms": [{"kind", "value" (amounts) | "text" (wording, dates) | "words" (unclear),
                "expect": "applied" (default) | "not applied",
                "present": [wording the draft must hold; a list inside is any-of],
                "absent": [wording it must no longer hold]}],
     "not_in_draft": [editorial marks that must not be in the language, e.g. "[Moved from"]}
`kind` is a term kind (retrieval/goals.py KINDS), or "unclear": a part of the goal Steward
must say it did not understand.

The judge is the gold's own wording, not the drafter's checks, so "checks passing while a
term is missing" counts the drafter's own check failing to see a missing term. No model:
drafting is deterministic without one. Seeds are ingested as `steward ingest` does; shared
documents are parsed as ingest parses them (evals.documents.parsed) and put in the same
in-memory store with the hash embedder.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from .documents import load, parsed
from .facts import _norm
from .runner import _ROOT, SHARED


@dataclass(frozen=True)
class TermResult:
    """One gold term of one goal, as the draft and the drafter's report show it."""

    goal_id: str
    gold: dict[str, Any]
    read: bool  # the drafter read a term of this kind and value from the goal
    in_draft: bool  # the gold's wording is in the draft (and what it strikes is gone)
    listed: bool  # the drafter lists it as not applied, or as not understood
    check_ok: bool  # the drafter's "every term of the goal is in the draft" check passed

    @property
    def dropped(self) -> bool:
        return not self.in_draft and not self.listed

    @property
    def as_expected(self) -> bool:
        if self.gold["kind"] != "unclear" and self.gold.get("expect", "applied") == "applied":
            return self.in_draft
        return self.listed and not self.in_draft


def path_of(doc: str) -> Path:
    return _ROOT / doc if doc.startswith("corpus/") else SHARED / doc


@lru_cache(maxsize=2)
def drafter_for(shared: tuple[str, ...]):
    """A Drafter over the seeds and the named shared documents (hash embedder, no model),
    and the doc id of each shared document."""
    from ingest.chunking import chunk_document
    from ingest.pipeline import Ingestor
    from retrieval.draft import Drafter
    from retrieval.search import Searcher
    from store.embed import HashEmbedder
    from store.memory import MemoryStore
    from store.settings import Settings

    settings = Settings(data_dir=Path(tempfile.gettempdir()) / "steward-drafting",  # unwritten
                        corpus_dir=_ROOT / "corpus", embedder="hash", _env_file=None)
    store, embedder = MemoryStore("drafting"), HashEmbedder()
    Ingestor(settings, store, embedder, progress=False).run([_ROOT / "corpus"])
    ids = {}
    for file in shared:
        doc = parsed(file)
        chunks = chunk_document(doc, settings.chunk_max_chars, settings.chunk_overlap_chars)
        store.put(doc, chunks, embedder.embed_documents([c.embed_text for c in chunks]),
                  doc.content_hash)
        ids[file] = doc.doc_id
    return Drafter(Searcher(settings, store, embedder), None), ids


def draft_entry(entry: dict[str, Any], drafter, ids: dict[str, str]):
    """The drafted clause for one gold goal: against its shared document, or (seeds) the
    other side's latest proposal unless the entry names another."""
    from store.scope import Scope

    against = ids.get(entry["doc"], entry.get("against", "proposal"))
    return drafter.draft([entry["section"]], entry["goal"], Scope.everything(), against).clauses[0]


def _holds(text: str, want) -> bool:
    options = want if isinstance(want, list) else [want]
    return any(_norm(w) in text for w in options)


def _same_value(gold: dict[str, Any], value: Decimal | None) -> bool:
    try:
        return value is not None and Decimal(str(gold["value"])) == value
    except (KeyError, InvalidOperation):
        return False


def _matches(gold: dict[str, Any], term) -> bool:
    """A term the drafter read is this gold term: same kind, and same value or wording."""
    if term.kind != gold["kind"]:
        return False
    if "value" in gold:
        return _same_value(gold, term.value)
    return _norm(gold.get("text", "")) in _norm(term.text)


def judge(entry: dict[str, Any], clause) -> list[TermResult]:
    """Each gold term of a goal against the draft."""
    text = _norm(clause.text)
    check = next(k for k in clause.checks if k.name == "every term of the goal is in the draft")
    out = []
    for gold in entry["terms"]:
        if gold["kind"] == "unclear":
            seen = any(_norm(gold["words"]) in _norm(u) for u in clause.unclear)
            out.append(TermResult(entry["id"], gold, seen, False, seen, check.ok))
            continue
        wording = gold.get("present", []) + gold.get("absent", [])
        in_draft = bool(wording) and (all(_holds(text, p) for p in gold.get("present", ()))
                                      and not any(_holds(text, a) for a in gold.get("absent", ())))
        read = [o for o in clause.outcomes if _matches(gold, o.term)]
        listed = any(not o.applied for o in read)
        out.append(TermResult(entry["id"], gold, bool(read), in_draft, listed, check.ok))
    return out


def summary(results: list[TermResult], goals: int) -> dict[str, Any]:
    terms = [r for r in results if r.gold["kind"] != "unclear"]
    unclear = [r for r in results if r.gold["kind"] == "unclear"]
    return {
        "goals": goals,
        "terms": len(terms),
        "terms read from the goal": sum(r.read for r in terms),
        "terms applied (in the draft)": sum(r.in_draft for r in terms),
        "terms listed as not applied": sum(r.listed for r in terms),
        "terms silently dropped": sum(r.dropped for r in terms),
        "checks passing while a term is missing": sum(r.check_ok and not r.in_draft
                                                      for r in terms),
        "terms as the gold expects": sum(r.as_expected for r in terms),
        "parts of goals not understood": len(unclear),
        "of which surfaced as not understood": sum(r.listed for r in unclear),
    }


def failures(results: list[TermResult]) -> list[str]:
    lines = []
    for r in results:
        if r.as_expected and r.read:
            continue
        g = r.gold
        what = g.get("value") or g.get("text") or g.get("words") or g.get("where", "")
        state = ("silently dropped" if r.dropped else "in the draft" if r.in_draft else
                 "listed as not applied")
        lines.append(f"{r.goal_id}: {g['kind']} {what!s}: {state}"
                     f"{'' if r.read else ', not read from the goal'}"
                     f"{', and the terms check passed' if r.check_ok and not r.in_draft else ''}")
    return lines


def run(quick: bool = False) -> tuple[dict[str, Any], list[str]]:
    """`steward eval --set drafting`: every goal (quick: the seeds and one Oregon contract)."""
    from store.errors import ConfigError

    entries = [e for e in load("drafting") if e.get("quick") or not quick]
    missing = sorted({e["doc"] for e in entries if not path_of(e["doc"]).exists()})
    if missing:
        raise ConfigError("The drafting set's documents are not here: " + ", ".join(missing))
    drafter, ids = drafter_for(tuple(sorted({e["doc"] for e in entries
                                             if not e["doc"].startswith("corpus/")})))
    results, marks_left = [], []
    for e in entries:
        clause = draft_entry(e, drafter, ids)
        results += judge(e, clause)
        marks_left += [f"{e['id']}: “{m}” left in the language" for m in e.get("not_in_draft", ())
                       if _norm(m) in _norm(clause.text)]
    out = summary(results, len(entries))
    out["editorial marks left in the language"] = len(marks_left)
    out["documents"] = len({e["doc"] for e in entries})
    out["shared-contract clauses"] = len({(e["doc"], e["section"]) for e in entries
                                          if not e["doc"].startswith("corpus/")})
    return out, marks_left + failures(results)
