"""How records are laid out in Chroma's collections (metadata in, typed records out) and how a
Scope becomes a Chroma `where` filter. Chroma's filter language lives here and nowhere else."""

from __future__ import annotations

import json
from typing import Any

from .records import Change, Chunk, Clause, DocRecord, Move, Redline, StoredChunk

_FACTS = ("doc_type", "employer", "union", "status", "visibility", "title")


def facts(rec: DocRecord) -> dict[str, Any]:
    """The document facts every chunk and clause row carries (for people reading the store)."""
    return {**{k: getattr(rec, k) for k in _FACTS}, "doc_id": rec.doc_id, "date": rec.date}


def doc_metadata(rec: DocRecord) -> dict[str, Any]:
    return {**facts(rec), "from_party": rec.from_party, "to_party": rec.to_party,
            "source": rec.source, "date_text": rec.date_text, "inferred": ",".join(rec.inferred),
            "fingerprint": rec.fingerprint, "content_hash": rec.content_hash,
            "n_chunks": rec.n_chunks, "n_clauses": rec.n_clauses, "lossy": rec.lossy,
            "page_starts": json.dumps(list(rec.page_starts)), "ingested_at": rec.ingested_at,
            "ocr_pages": json.dumps([list(p) for p in rec.ocr_pages])}


def doc_record(md: dict[str, Any]) -> DocRecord:
    return DocRecord(
        doc_id=md["doc_id"], title=md.get("title", ""), doc_type=md.get("doc_type", "other"),
        employer=md.get("employer", ""), union=md.get("union", ""),
        from_party=md.get("from_party", ""), to_party=md.get("to_party", ""),
        date=int(md.get("date") or 0), date_text=md.get("date_text", ""),
        status=md.get("status", "current"), visibility=md.get("visibility") or "member",
        source=md.get("source", ""),
        inferred=tuple(x for x in str(md.get("inferred", "")).split(",") if x),
        fingerprint=md.get("fingerprint", ""), content_hash=md.get("content_hash", ""),
        n_chunks=int(md.get("n_chunks", 0)), n_clauses=int(md.get("n_clauses", 0)),
        lossy=bool(md.get("lossy", False)),
        page_starts=tuple(json.loads(md.get("page_starts") or "[]")),
        ingested_at=float(md.get("ingested_at", 0.0)),
        ocr_pages=tuple((int(p), float(c)) for p, c in json.loads(md.get("ocr_pages") or "[]")))


def chunk_metadata(c: Chunk, clause: Clause, doc_facts: dict) -> dict[str, Any]:
    md = {**doc_facts, "clause_id": c.clause_id, "section": c.section or "",
          "heading_path": " > ".join(c.heading_path), "page": c.page or 0,
          "char_start": c.char_start, "char_end": c.char_end, "part": c.part, "live": c.live}
    if clause.keys:
        md["keys"] = list(clause.keys)
    return md


def stored_chunk(chunk_id: str, text: str, md: dict[str, Any], distance: float = 0.0
                 ) -> StoredChunk:
    return StoredChunk(
        chunk_id=chunk_id, clause_id=md.get("clause_id") or chunk_id.rsplit(".", 1)[0],
        doc_id=md["doc_id"], section=md.get("section") or None,
        heading_path=md.get("heading_path", ""), page=md.get("page") or None,
        char_start=int(md.get("char_start", 0)), char_end=int(md.get("char_end", 0)), text=text,
        live=bool(md.get("live", True)), distance=float(distance))


def clause_metadata(c: Clause, doc_facts: dict) -> dict[str, Any]:
    md = {**doc_facts, "section": c.section or "", "label": c.label,
          "heading_path": json.dumps(c.heading_path), "page": c.page or 0,
          "char_start": c.char_start, "char_end": c.char_end, "marked": c.redline.marked,
          "changes": json.dumps([[x.kind, x.text, x.color, x.inferred] for x in c.redline.changes]),
          "section_raw": c.section_raw or "", "aliases": json.dumps(c.aliases),
          "moves": json.dumps([[m.direction, m.section] for m in c.moves]), "lossy": c.lossy,
          "subitems": json.dumps(c.subitems), "article": c.article,
          "article_title": c.article_title}
    if c.keys:
        md["keys"] = list(c.keys)
    return md


def clause_from_row(clause_id: str, text: str, md: dict[str, Any]) -> Clause:
    changes = tuple(Change(k, t, col, bool(inf)) for k, t, col, inf in json.loads(md["changes"]))
    return Clause(
        clause_id=clause_id, doc_id=md["doc_id"], section=md["section"] or None,
        label=md["label"], heading_path=tuple(json.loads(md["heading_path"])),
        page=md["page"] or None, char_start=md["char_start"], char_end=md["char_end"],
        redline=Redline(text, md["marked"], changes), section_raw=md["section_raw"] or None,
        aliases=tuple(json.loads(md["aliases"])),
        moves=tuple(Move(d, s) for d, s in json.loads(md["moves"])), lossy=md["lossy"],
        keys=tuple(md.get("keys") or ()), subitems=tuple(tuple(x) for x in json.loads(md["subitems"])),
        article=md.get("article", ""), article_title=md.get("article_title", ""),
    )


def doc_filter(admitted: set[str], every: set[str]) -> dict | None:
    """Rows of the admitted documents (None when every committed document is admitted: rows of
    a document still being written are then dropped by the caller, never shown)."""
    if admitted >= every:
        return None
    return {"doc_id": {"$in": sorted(admitted)}}


def all_of(*parts: dict | None) -> dict | None:
    parts = tuple(p for p in parts if p)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": list(parts)}


def key_filter(keys: list[str]) -> dict | None:
    """Clause rows carrying any of these section lookup keys."""
    if not keys:
        return None
    clauses = [{"keys": {"$contains": k}} for k in keys]
    return clauses[0] if len(clauses) == 1 else {"$or": clauses}
