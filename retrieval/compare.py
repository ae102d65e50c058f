"""`steward compare DOC_A DOC_B`: two documents aligned clause by clause.

Clauses pair up by a `[Moved from …]` note first, then by section number when the texts are
still recognisably the same clause, then by text alone (a renumbered or moved clause). Each
pair is unchanged, changed (with a word-level redline) or moved; what is left is added or
removed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from store.base import Store
from store.errors import NotFoundError
from store.keys import section_key
from store.records import Clause
from store.scope import Scope

from .diff import Edit, marked, word_diff

_NOTE = re.compile(r"\s*\[\s*moved\s+(?:from|to)[^\]]*\]", re.IGNORECASE)


@dataclass(frozen=True)
class CompareRow:
    status: str  # unchanged | changed | moved | added | removed
    section_a: str | None
    section_b: str | None
    edits: tuple[Edit, ...]
    how: str = ""  # what paired them: moved note, section, similar text

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "section_a": self.section_a, "section_b": self.section_b,
                "how": self.how, "marked": marked(self.edits)}


@dataclass(frozen=True)
class Comparison:
    doc_a: str
    doc_b: str
    title_a: str
    title_b: str
    rows: tuple[CompareRow, ...]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.rows:
            out[r.status] = out.get(r.status, 0) + 1
        return out

    def summary(self) -> str:
        return ", ".join(f"{n} {status}" for status, n in sorted(self.counts().items()))

    def sizes(self) -> tuple[int, int]:
        """How many numbered clauses of A and of B were compared."""
        return (sum(1 for r in self.rows if r.section_a), sum(1 for r in self.rows if r.section_b))

    def shared(self) -> int:
        """How many clauses the two documents share: rows pairing a clause of A with one of B."""
        return sum(1 for r in self.rows if r.section_a and r.section_b)

    def to_json(self) -> dict[str, Any]:
        return {"doc_a": self.doc_a, "doc_b": self.doc_b, "counts": self.counts(),
                "rows": [r.to_json() for r in self.rows]}


def body(text: str) -> str:
    """A clause's words without its number or move notes, for comparing wording."""
    text = _NOTE.sub("", text)
    text = re.sub(r"^\s*(?:article|section|sec\.)?\s*[\dIVXivx]+(?:[.\s-]\d+)*[.)]?\s+", "", text,
                  flags=re.IGNORECASE)
    return " ".join(text.split())


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(a=body(a).split(), b=body(b).split(), autojunk=False).ratio()


def _text(c: Clause) -> str:
    return c.text or c.redline.marked


def _pairs(a_list: list[Clause], b_list: list[Clause]) -> dict[int, tuple[int, str]]:
    """b index -> (a index, how), in passes: same number and wording, move notes, same number
    reworded, then wording alone for what is left (renumbered or moved)."""
    keys: dict[str, int] = {}
    for i, a in enumerate(a_list):
        for k in a.keys:
            keys.setdefault(k, i)
    pairs: dict[int, tuple[int, str]] = {}
    used: set[int] = set()

    def take(j: int, i: int | None, how: str) -> None:
        if i is not None and i not in used and j not in pairs:
            pairs[j] = (i, how)
            used.add(i)

    same_number = {j: keys.get(b.keys[0]) if b.keys else None for j, b in enumerate(b_list)}
    sims = {j: similarity(_text(a_list[i]), _text(b_list[j]))
            for j, i in same_number.items() if i is not None}
    for j in sims:
        if sims[j] >= 0.8:  # same number, same clause
            take(j, same_number[j], "section")
    for j, b in enumerate(b_list):
        for m in b.moves:
            if m.direction == "from":
                take(j, keys.get(section_key(m.section)), "moved note")
    for j in sims:
        if sims[j] >= 0.3:  # same number, reworded
            take(j, same_number[j], "section")
    words = {i: set(body(_text(a)).lower().split()) for i, a in enumerate(a_list)}
    for j, b in enumerate(b_list):
        if j in pairs:
            continue
        mine = set(body(_text(b)).lower().split())
        best = max(((similarity(_text(a_list[i]), _text(b)), i) for i in words if i not in used
                    and len(mine & words[i]) >= 0.4 * max(1, len(mine | words[i]))),
                   default=(0.0, None))
        if best[0] >= 0.6:
            take(j, best[1], "similar text")
    return pairs


def align(a_list: list[Clause], b_list: list[Clause]) -> list[CompareRow]:
    """Rows in document B's order, then clauses only A has."""
    pair_of = _pairs(a_list, b_list)
    used_a = {i for i, _ in pair_of.values()}
    rows = []
    for j, b in enumerate(b_list):
        if j not in pair_of:
            rows.append(CompareRow("added", None, b.section, word_diff("", b.text)))
            continue
        i, how = pair_of[j]
        rows.append(_pair_row(a_list[i], b, how))
    rows += [CompareRow("removed", a.section, None, word_diff(a.text, ""))
             for i, a in enumerate(a_list) if i not in used_a]
    return rows


def _pair_row(a: Clause, b: Clause, how: str) -> CompareRow:
    if not b.text:  # the newer document strikes the clause
        return CompareRow("removed", a.section, b.section, word_diff(a.text, ""), how)
    moved = how != "section" and section_key(a.section or "") != section_key(b.section or "")
    if body(a.text) == body(b.text):
        status = "moved" if moved else "unchanged"
        edits = word_diff(a.text, b.text) if moved else (Edit("equal", b.text),)
    else:
        status, edits = ("moved" if moved else "changed"), word_diff(a.text, b.text)
    return CompareRow(status, a.section, b.section, edits, how)


def compare(store: Store, scope: Scope, doc_a: str, doc_b: str) -> Comparison:
    """Compare two stored documents (by doc_id); a document the scope does not admit is
    reported as not found, exactly like one that does not exist."""
    docs = store.documents(scope)
    for d in (doc_a, doc_b):
        if d not in docs:
            raise NotFoundError(f"No document with id {d!r}; `steward search` or the catalog "
                                "shows document ids.")

    def clauses(doc_id: str) -> list[Clause]:
        found = [c for c, _ in store.clauses(scope, doc_id=doc_id)]
        return sorted((c for c in found if c.section), key=lambda c: (c.char_start, c.clause_id))

    rows = align(clauses(doc_a), clauses(doc_b))
    return Comparison(doc_a, doc_b, docs[doc_a].title or doc_a, docs[doc_b].title or doc_b,
                      tuple(rows))
