"""`steward eval --set metadata`: does a file with no catalog entry get the right type, date,
parties, title and status? Gold: evals/metadata.jsonl (50 shared-corpus files).

- doc_type, date, status: exactly the gold's;
- employer / union: the inferred name is one of the gold's acceptable names (ignoring case,
  punctuation and a leading "the"); where the gold names none, nothing may be inferred;
- title: lenient (one contains the other, or they share half their words); reported only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from store.errors import StewardError
from store.records import DocMeta
from store.text import party_names

from .documents import load, parsed

SCORED = ("doc_type", "date", "employer", "union", "status", "title")
# Quick: two small contracts with a text layer and bulletins in both languages.
QUICK = ("Providence_Public_School_District__91.pdf", "School_District_of_Lee_County__102-07.pdf",
         "2025-09-18-en-", "2025-09-23-es-", "2026-03-09-en-", "2026-03-09-es-", "2026-07-22-en-",
         "2026-06-30-es-")


def norm_name(name: str) -> str:
    s = (name or "").lower().replace("’", "'").replace("\u00ad", "")
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"^\s*the\s+", "", " ".join(s.split()))
    return re.sub(r"\s+inc$", "", s)


def name_right(gold: list[str], got: str) -> bool:
    """Right when the name (or its short form in brackets) is an acceptable one; when the gold
    names nobody, right only when nothing was inferred."""
    if not gold:
        return not got.strip()
    want = {norm_name(g) for g in gold}
    return bool(got.strip()) and any(norm_name(n) in want for n in party_names(got))


def title_right(gold: str, got: str) -> bool:
    a, b = norm_name(gold), norm_name(got)
    if not a or not b:
        return a == b
    if a in b or b in a:
        return True
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / len(wa | wb) >= 0.5


def judge(entry: dict[str, Any], meta) -> dict[str, bool]:
    """Field -> right, for one gold entry and the DocMeta Steward inferred."""
    right = {f: str(getattr(meta, f)) == str(entry[f]) for f in ("doc_type", "date", "status")}
    right["employer"] = name_right(entry["employer"], meta.employer)
    right["union"] = name_right(entry["union"], meta.union)
    right["title"] = title_right(entry["title"], meta.title)
    right["core"] = all(right[f] for f in ("doc_type", "date", "employer", "union"))
    return right


def summary(rows: list[tuple[dict, Any, dict[str, bool]]]) -> dict[str, Any]:
    n = len(rows) or 1
    out: dict[str, Any] = {"files": len(rows)}
    for f in (*SCORED, "core"):
        out[f"{f}_right"] = round(sum(r[2][f] for r in rows) / n, 3)
    out["parties_right"] = round(sum(r[2]["employer"] and r[2]["union"] for r in rows) / n, 3)
    for group, pick in (("contracts", lambda e: not e["file"].endswith(".html")),
                        ("bulletins", lambda e: e["file"].endswith(".html"))):
        part = [r for r in rows if pick(r[0])]
        if part:
            out[f"{group}_core_right"] = round(sum(r[2]["core"] for r in part) / len(part), 3)
    return out


def failures(rows: list[tuple[dict, Any, dict[str, bool]]]) -> list[str]:
    lines = []
    for entry, meta, right in rows:
        wrong = [f"{f}: want {_want(entry, f)!r} got {str(getattr(meta, f))[:70]!r}"
                 for f in SCORED if not right[f]]
        if wrong:
            lines.append(f"{Path(entry['file']).name[:40]}: " + "; ".join(wrong))
    return lines


def _want(entry: dict[str, Any], field: str) -> Any:
    value = entry[field]
    return value[:3] if isinstance(value, list) else str(value)[:70]


def run(quick: bool = False) -> tuple[dict[str, Any], list[str]]:
    """Every gold file parsed as ingest parses it with no catalog entry (quick: a few)."""
    entries = load("metadata")
    if quick:
        entries = [e for e in entries if any(q in e["file"] for q in QUICK)]
    rows, unread = [], []
    for entry in entries:
        try:
            meta = parsed(entry["file"]).meta
        except StewardError as exc:  # counted wrong on every field, and said why
            unread.append(f"{Path(entry['file']).name[:40]}: not read ({exc})")
            meta = DocMeta(doc_id="", title="", doc_type="", status="")
        rows.append((entry, meta, judge(entry, meta)))
    return summary(rows), unread + failures(rows)
