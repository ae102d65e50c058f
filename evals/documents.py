"""Document-level gold sets: is each real document read the way a person reads it?

- structure.jsonl: a clause (found by a verbatim quote) has the article, article title,
  qualified section id and page the gold gives;
- metadata.jsonl: a file with no catalog entry gets the right type, date and parties;
- tables.jsonl (see evals/tables.py when present): a pay question cites the right cell.

Documents are read from ../shared/corpora by path and parsed as ingest parses them (no store,
no model), so these run in seconds to minutes and their fast subsets run in `make test`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .runner import SETS_DIR, SHARED

FIELDS = ("article", "article_title", "section", "page")


def load(name: str) -> list[dict[str, Any]]:
    path = SETS_DIR / f"{name}.jsonl"
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


@lru_cache(maxsize=8)
def parsed(file: str):
    """A shared-corpus file as ingest reads it (no catalog entry)."""
    from ingest.loaders import parse_bytes
    from ingest.pipeline import parse_file

    path = SHARED / file
    data = path.read_bytes()
    return parse_file(path, parse_bytes(path, data), data, None)


def _squash(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def clause_for(doc, quote: str):
    """(clause, document offset of the quote) for the clause whose live text holds the quote
    (whitespace- then case-insensitive), else None."""
    from retrieval.verify import locate

    want = _squash(quote)
    for exact in (True, False):
        for c, text in _squashed(doc):
            if (want in text) if exact else (want.lower() in text.lower()):
                at = locate(quote, c.text) if exact else locate(quote.lower(), c.text.lower())
                if at is not None:
                    return c, c.char_start + at[0]
    return None


_SQUASHED: dict[tuple[str, str], list] = {}


def _squashed(doc) -> list:
    """Each clause with its squashed text, kept per document (by id and content, never by
    object identity: `parsed` may drop a document and a new one take its address)."""
    key = (doc.doc_id, doc.content_hash)
    if key not in _SQUASHED:
        _SQUASHED[key] = [(c, _squash(c.text)) for c in doc.clauses]
    return _SQUASHED[key]


def facts_of(doc, found) -> dict[str, Any]:
    """What Steward says about the place of a quote, in the gold's terms."""
    clause, offset = found
    return {"article": clause.article, "article_title": clause.article_title,
            "section": clause.section_at(offset), "page": doc.page_at(offset)}


def _norm(value: Any) -> str:
    return _squash(str(value or "")).lower().rstrip(".:")


def same(field: str, gold: Any, got: Any) -> bool:
    """Pages exactly; names and ids ignoring case, spacing and a trailing period or colon."""
    return gold == got if field == "page" else _norm(gold) == _norm(got)


@dataclass
class StructureResult:
    entry: dict[str, Any]
    found: bool
    got: dict[str, Any]

    @property
    def right(self) -> dict[str, bool]:
        return {f: self.found and same(f, self.entry[f], self.got.get(f)) for f in FIELDS}


def run_structure(entries: Iterable[dict[str, Any]]) -> list[StructureResult]:
    out = []
    for e in entries:
        doc = parsed(e["file"])
        found = clause_for(doc, e["quote"])
        out.append(StructureResult(e, found is not None, facts_of(doc, found) if found else {}))
    return out


def structure_summary(results: list[StructureResult]) -> dict[str, Any]:
    n = len(results) or 1
    per_field = {f: sum(r.right[f] for r in results) / n for f in FIELDS}
    by_doc: dict[str, list[bool]] = {}
    for r in results:
        by_doc.setdefault(Path(r.entry["file"]).name, []).append(all(r.right.values()))
    return {"clauses": len(results), "documents": len(by_doc),
            "found": sum(r.found for r in results) / n,
            **{f"{f}_exact": v for f, v in per_field.items()},
            "all_exact": sum(all(r.right.values()) for r in results) / n,
            "by_document": {d: round(sum(v) / len(v), 3) for d, v in sorted(by_doc.items())}}


def structure_failures(results: list[StructureResult]) -> list[str]:
    lines = []
    for r in results:
        if all(r.right.values()):
            continue
        e = r.entry
        wrong = [f"{f}: want {e[f]!r} got {r.got.get(f)!r}" for f in FIELDS if not r.right[f]]
        lines.append(f"{Path(e['file']).name[:28]} “{e['quote'][:40]}…” "
                     + ("; ".join(wrong) if r.found else "quote not found in any clause"))
    return lines


QUICK_FILES = ("Baltimore", "Denver", "Lee_County", "Long_Beach")  # small text-layer PDFs


def structure_set(quick: bool = False) -> tuple[dict[str, Any], list[str]]:
    """`steward eval --set structure`: every gold clause, or those of four small contracts."""
    entries = load("structure")
    if quick:
        entries = [e for e in entries if any(q in e["file"] for q in QUICK_FILES)]
    results = run_structure(entries)
    return structure_summary(results), structure_failures(results)


# Sets scored on documents rather than answers: name -> "module:function(quick) -> (summary,
# failures)". Each lives in its own module and is imported only when asked for.
DOCUMENT_SETS = {
    "structure": "evals.documents:structure_set",
    "metadata": "evals.metadata:run",
    "tables": "evals.tables:run",
    "tables-answers": "evals.tables:answers",
    "ocr": "evals.ocr:run",
    "drafting": "evals.drafting:run",
}


def document_set(name: str):
    """The runner of a document-level set, or None for a question set."""
    import importlib

    target = DOCUMENT_SETS.get(name)
    if not target:
        return None
    module, func = target.split(":")
    return getattr(importlib.import_module(module), func)


