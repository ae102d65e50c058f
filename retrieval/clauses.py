"""Clause lookup by section number: `12.7.5`, `Section 3`, `Article 12`, `12.3(b)`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store.chroma import ClauseIndex
from store.errors import NotFoundError
from store.keys import query_keys, section_key
from store.records import Clause


@dataclass(frozen=True)
class ClauseHit:
    """A clause with the facts about its document that a reader needs to judge it."""

    clause: Clause
    doc: dict[str, Any]  # doc_id, title, doc_type, status, date, employer, union, visibility
    exact: bool  # the section number itself matched (not an alias or a sub-item)

    def to_json(self) -> dict[str, Any]:
        c = self.clause
        return {
            "doc_id": c.doc_id,
            "title": self.doc.get("title", ""),
            "doc_type": self.doc.get("doc_type", ""),
            "status": self.doc.get("status", ""),
            "section": c.section,
            "section_raw": c.section_raw,
            "aliases": list(c.aliases),
            "heading_path": " > ".join(c.heading_path),
            "page": c.page,
            "char_start": c.char_start,
            "char_end": c.char_end,
            "current": c.redline.current,
            "marked": c.redline.marked,
            "changes": [{"kind": x.kind, "text": x.text, "color": x.color,
                         **({"inferred": True} if x.inferred else {})}
                        for x in c.redline.changes],
            "moves": [{"direction": m.direction, "section": m.section} for m in c.moves],
            "lossy_redline": c.lossy,
        }


def key_filter(keys: list[str]) -> dict:
    clauses = [{"keys": {"$contains": k}} for k in keys]
    return clauses[0] if len(clauses) == 1 else {"$or": clauses}


def and_filter(*parts: dict | None) -> dict | None:
    parts = tuple(p for p in parts if p)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": list(parts)}


def find_clauses(index: ClauseIndex, section: str, doc_id: str | None = None,
                 where: dict | None = None) -> list[ClauseHit]:
    """Every clause numbered `section` (from every document that has it), best match first."""
    keys = query_keys(section)
    if not keys:
        raise NotFoundError(f"{section!r} is not a section number (try 12.7.5, Section 3, Article 12).")
    found = index.clauses(and_filter(key_filter(keys), {"doc_id": doc_id} if doc_id else None,
                                     where))
    wanted = section_key(section)
    hits = []
    for clause, md in found:
        exact = bool(clause.section) and (
            section_key(clause.section) == wanted or (clause.keys and clause.keys[0] in keys))
        hits.append(ClauseHit(clause, md, exact))
    hits.sort(key=lambda h: (not h.exact, -int(h.doc.get("date") or 0), h.clause.clause_id))
    if not hits:
        where_txt = f" in {doc_id}" if doc_id else ""
        raise NotFoundError(f"No clause numbered {section}{where_txt} in the documents.")
    return hits
