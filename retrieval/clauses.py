"""Clause lookup by section number: `12.7.5`, `Section 3`, `Article 12`, `12.3(b)`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store.base import Store
from store.errors import NotFoundError
from store.keys import query_keys, section_key
from store.records import Clause, DocRecord
from store.scope import Scope


@dataclass(frozen=True)
class ClauseHit:
    """A clause with the facts about its document that a reader needs to judge it."""

    clause: Clause
    doc: DocRecord
    exact: bool  # the section number itself matched (not an alias or a sub-item)

    def to_json(self) -> dict[str, Any]:
        c = self.clause
        return {
            "doc_id": c.doc_id,
            "title": self.doc.title,
            "doc_type": self.doc.doc_type,
            "status": self.doc.status,
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


def find_clauses(store: Store, scope: Scope, section: str,
                 doc_id: str | None = None) -> list[ClauseHit]:
    """Every clause numbered `section` within the scope (from every document that has it),
    best match first."""
    keys = query_keys(section)
    if not keys:
        raise NotFoundError(f"{section!r} is not a section number (try 12.7.5, Section 3, Article 12).")
    wanted = section_key(section)
    hits = []
    for clause, doc in store.clauses(scope, keys=keys, doc_id=doc_id):
        exact = bool(clause.section) and (
            section_key(clause.section) == wanted or (clause.keys and clause.keys[0] in keys))
        hits.append(ClauseHit(clause, doc, exact))
    hits.sort(key=lambda h: (not h.exact, -h.doc.date, h.clause.clause_id))
    if not hits:
        where_txt = f" in {doc_id}" if doc_id else ""
        raise NotFoundError(f"No clause numbered {section}{where_txt} in the documents.")
    return hits
