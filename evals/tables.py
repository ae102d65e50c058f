"""`steward eval --set tables`: is each gold pay cell read with its own row and column headers?

Level 1 (no models): for each entry of tables.jsonl, the cells read on the gold page are
searched for one whose row and column headers hold the gold headers' words (case, punctuation
and apostrophes ignored; a gold note in parentheses is dropped only if nothing matches with it).
Among several, the cell of the table whose title shares most words with the gold title wins,
then the one with the fewest extra header words. Right: its value is the gold value (digits
compared); wrong cell: a cell matched but holds another value; not found: no cell matched.

Quick reads only the gold pages with the table reader (seconds). Full parses each document
as ingest does and also checks that every matched cell's line is in the document text at its
offsets (what makes it citable).

Level 2 (`--set tables-answers`, models): each gold question asked through the Service on a
store of the gold documents; right when the answer states the gold value, no neighbouring
cell's value, and quotes the value (see `answer_verdict`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .documents import load, parsed
from .runner import SHARED


def tokens(text: str) -> set[str]:
    """Header words, normalised: 'Master’s or Equivalent – 9/1/22' -> {masters, or, ...}."""
    text = re.sub(r"[’'.]", "", text.lower())
    return set(re.findall(r"[a-z0-9]+", text))


def digits(value: str) -> str:
    return re.sub(r"\D", "", value.split(".")[0] if re.search(r"\.\d\d$", value) else value)


@lru_cache(maxsize=32)
def page_cells(file: str, page: int) -> tuple:
    """The cells the table reader finds on one page of a shared-corpus PDF."""
    import pymupdf

    from ingest.tables import read_tables

    with pymupdf.open(SHARED / file) as doc:
        return tuple(c for t in read_tables(doc[page - 1], page) for c in t.cells)


def _wanted(entry: dict[str, Any], strip: bool) -> tuple[set[str], set[str]]:
    drop = (lambda t: re.sub(r"\([^)]*\)", " ", t)) if strip else (lambda t: t)
    return tokens(drop(entry["row"])), tokens(drop(entry["column"]))


def _rank(entry: dict[str, Any], c, strip: bool = False) -> tuple[float, int]:
    """Title words shared with the gold (more first), then extra header words (fewer first)."""
    row, col = _wanted(entry, strip)
    t, title = tokens(c.table_title), tokens(entry["table"])
    extra = len(tokens(c.row_header) - row) + len(tokens(c.col_header) - col)
    return (-round(len(t & title) / (len(t | title) or 1), 6), extra)


def _matches(entry: dict[str, Any], cells) -> tuple[list, bool]:
    """Cells whose headers hold the gold headers' words, best first (and whether the gold's
    parenthesised note had to be dropped)."""
    for strip in (False, True):
        row, col = _wanted(entry, strip)
        found = [c for c in cells if row <= tokens(c.row_header) and col <= tokens(c.col_header)]
        if found:
            return sorted(found, key=lambda c, s=strip: _rank(entry, c, s)), strip
    return [], False


def judge(entry: dict[str, Any], cells) -> tuple[str, Any]:
    """('right' | 'wrong' | 'missing', the chosen cell or None)."""
    found, strip = _matches(entry, [c for c in cells if c.page == entry["page"]])
    if not found:
        return "missing", None
    cell = found[0]
    tied = [c for c in found[1:] if _rank(entry, c, strip) == _rank(entry, cell, strip)]
    if any(digits(c.value) != digits(cell.value) for c in tied):
        return "wrong", cell  # two cells fit equally well: the reader did not tell them apart
    return ("right" if digits(cell.value) == digits(entry["value"]) else "wrong"), cell


def _cells_of(entry: dict[str, Any], quick: bool):
    if quick:
        return page_cells(entry["file"], entry["page"]), None
    doc = parsed(entry["file"])
    return doc.tables, doc


def run(quick: bool = False) -> tuple[dict[str, Any], list[str]]:
    """Score every gold cell; quick reads the gold pages only, full parses the documents."""
    entries = load("tables")
    counts = {"right": 0, "wrong": 0, "missing": 0}
    by_table: dict[str, list[bool]] = {}
    failures: list[str] = []
    citable = 0
    for e in entries:
        cells, doc = _cells_of(e, quick)
        verdict, cell = judge(e, cells)
        counts[verdict] += 1
        name = f"{Path(e['file']).name[:30]} p{e['page']}"
        by_table.setdefault(name, []).append(verdict == "right")
        if doc is not None and cell is not None and cell.char_start >= 0 \
                and doc.text[cell.char_start:cell.char_end] == cell.line:
            citable += 1
        if verdict != "right":
            got = f"got {cell.value!r} from “{cell.line[:110]}”" if cell else "no cell matched"
            failures.append(f"{name} {e['row']!r} × {e['column']!r}: want {e['value']} — "
                            f"{verdict}; {got}")
    n = len(entries) or 1
    summary: dict[str, Any] = {
        "cells": len(entries), "tables": len(by_table), "mode": "pages" if quick else "documents",
        "right_cell": round(counts["right"] / n, 3), "wrong_cell": counts["wrong"],
        "not_found": counts["missing"],
        "by_table": {k: f"{sum(v)}/{len(v)}" for k, v in sorted(by_table.items())}}
    if not quick:
        summary["citable"] = round(citable / n, 3)  # the cell's line is in the text at its offsets
    return summary, failures


# --- level 2: the member's question through Steward -----------------------------------------

QUICK_FILES = ("district-contracts/Baltimore_City_Public_School_System__Baltimore_City_Public_"
               "Schools_2021-2023.pdf", "district-contracts/Providence_Public_School_District__91.pdf")


def _service(files: list[str]):
    """A Service on a store of its own (.steward/evals/tables) holding these documents."""
    from store.settings import load_settings
    from ui.service import Service
    from ui.users import OWNER

    base = load_settings()
    settings = base.model_copy(update={"data_dir": base.data_dir / "evals" / "tables",
                                       "chroma_url": ""})
    svc = Service(settings)
    svc.ingest(OWNER, [SHARED / f for f in files], prune=False, progress=False)
    return svc, OWNER


def answer_verdict(entry: dict[str, Any], answer) -> str:
    """'right': the answer states the gold value, no neighbour's, and a quote holds the value;
    'neighbour': it states a neighbouring cell's value; 'refused'; 'wrong' otherwise."""
    from retrieval.text import numbers_in

    if answer.refused:
        return "refused"
    said = {digits(n) for n in numbers_in(answer.text)}
    gold = digits(entry["value"])
    others = {digits(n) for n in entry["neighbours"]} - {gold, "0"}
    if said & others:
        return "neighbour"
    quoted = any(gold in {digits(n) for n in numbers_in(c.quote)} for c in answer.citations)
    return "right" if gold in said and quoted else "wrong"


def answers(quick: bool = False) -> tuple[dict[str, Any], list[str]]:
    """`steward eval --set tables-answers`: each gold question asked through Steward (embedder
    and chat model) on a store of the gold documents; quick: two small documents."""
    entries = [e for e in load("tables") if not quick or e["file"] in QUICK_FILES]
    svc, viewer = _service(sorted({e["file"] for e in entries}))
    counts = {"right": 0, "neighbour": 0, "refused": 0, "wrong": 0}
    failures = []
    for e in entries:
        answer = svc.ask(viewer, e["question"])
        verdict = answer_verdict(e, answer)
        counts[verdict] += 1
        if verdict != "right":
            failures.append(f"{Path(e['file']).name[:30]} “{e['question']}” want {e['value']}: "
                            f"{verdict}; answered “{answer.text[:160]}”")
    n = len(entries) or 1
    return ({"questions": len(entries), "right_answer": round(counts["right"] / n, 3),
             "neighbour_value": counts["neighbour"], "refused": counts["refused"],
             "wrong": counts["wrong"]}, failures)
