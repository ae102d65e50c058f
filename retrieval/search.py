"""Hybrid clause search: exact section references first, then BM25 + dense fused by RRF.

Every path applies the same filter (document type, parties, status, dates, visibility), so a
filtered-out document can never come back through a side door.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from store import lexical
from store.chroma import ChromaStore
from store.errors import ConfigError, NotFoundError
from store.records import DOC_TYPES, STATUSES
from store.settings import Settings

from .clauses import and_filter, find_clauses
from .rerank import Reranker, get_reranker

_SECTION_REF = re.compile(
    r"(?i)\b(?:article|art\.)\s+(?:\d{1,3}|[ivxl]{1,7})\b"
    r"|\b(?:section|sec\.|§)\s*\d{1,3}(?:\.\d{1,3})*(?:\s?\([a-z0-9]{1,3}\))?"
    r"|(?<![\d.,$])\d{1,3}(?:\.\d{1,3}){2,5}(?:\s?\([a-z0-9]{1,3}\))?(?![\d%])"
)


MAX_QUESTION_CHARS = 4000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FORMAT = re.compile(r"[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def strip_controls(text: str) -> str:
    """Control characters become spaces; invisible direction marks, zero-width spaces and soft
    hyphens go (joiners stay: they belong to words and emoji); runs of spaces collapse."""
    return " ".join(_CONTROL.sub(" ", _FORMAT.sub("", text or "")).split())


def clean_query(text: str) -> str:
    """A question as search and the model should see it (see strip_controls). Empty or
    overlong questions are refused in plain words."""
    text = strip_controls(text)
    if not text:
        raise ConfigError("Please type a question.")
    if len(text) > MAX_QUESTION_CHARS:
        raise ConfigError(f"Your question is {len(text):,} characters long; Steward reads "
                          f"questions of up to {MAX_QUESTION_CHARS:,}. Ask about one topic at "
                          "a time, quoting only the words you need.")
    return text


@dataclass(frozen=True)
class Filters:
    """What a search may look at. Empty fields do not filter."""

    doc_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    employer: str = ""  # case-insensitive part of the name: "SCUSD", "Lane County"
    union: str = ""
    date_from: str = ""  # yyyy, yyyy-mm or yyyy-mm-dd, inclusive
    date_to: str = ""
    doc_ids: tuple[str, ...] = ()
    visibility: tuple[str, ...] = ()  # ("member",) for members; () = everything (team)

    def __post_init__(self) -> None:
        for name, allowed, values in (("doc_type", DOC_TYPES, self.doc_types),
                                      ("status", STATUSES, self.statuses)):
            bad = [v for v in values if v not in allowed]
            if bad:
                raise ConfigError(f"Unknown {name} {bad[0]!r}; choose from {', '.join(allowed)}.")

    def where(self, documents: dict[str, dict[str, Any]]) -> dict | None:
        """A Chroma `where` filter; party names are matched against the stored documents."""
        parts: list[dict] = []
        if self.doc_types:
            parts.append({"doc_type": {"$in": list(self.doc_types)}})
        if self.statuses:
            parts.append({"status": {"$in": list(self.statuses)}})
        if self.visibility:
            parts.append({"visibility": {"$in": list(self.visibility)}})
        if self.date_from:
            parts.append({"date": {"$gte": _date_int(self.date_from, low=True)}})
        if self.date_to:
            parts.append({"date": {"$lte": _date_int(self.date_to, low=False)}})
        ids = set(self.doc_ids) if self.doc_ids else None
        for field_name, wanted in (("employer", self.employer), ("union", self.union)):
            if wanted:
                match = {i for i, md in documents.items()
                         if wanted.lower() in str(md.get(field_name, "")).lower()}
                ids = match if ids is None else ids & match
        if ids is not None:
            parts.append({"doc_id": {"$in": sorted(ids) or ["\u2205"]}})
        return and_filter(*parts)


def named_scope(query: str, documents: dict[str, dict[str, Any]]) -> tuple[str, ...]:
    """When a question names some of the stored employers ("Marion County", "SCUSD"), the
    documents it can mean: those employers' and any with no employer. () = not scoped."""
    employers = {str(md.get("employer") or "") for md in documents.values()} - {""}
    named = {e for e in employers if any(_mentions(query, n) for n in _employer_names(e))}
    if not named or named == employers:
        return ()
    return tuple(sorted(i for i, md in documents.items()
                        if not md.get("employer") or md["employer"] in named))


def _employer_names(employer: str) -> list[str]:
    """'Sacramento City Unified School District (SCUSD)' -> the full name and 'SCUSD'."""
    m = re.match(r"^(.*?)\s*\(([^()]+)\)\s*$", employer)
    return [m.group(1), m.group(2)] if m else [employer]


def _mentions(query: str, name: str) -> bool:
    name = name.strip()
    if len(name) < 3:
        return False
    flags = 0 if name.isupper() else re.IGNORECASE  # "SCUSD" as written; "marion county" any case
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", query, flags) is not None


def _date_int(text: str, low: bool) -> int:
    digits = re.sub(r"\D", "", text)
    if len(digits) not in (4, 6, 8):
        raise ConfigError(f"Date {text!r} is not yyyy, yyyy-mm or yyyy-mm-dd.")
    pad = "0101" if low else "1231"
    return int((digits + pad[len(digits) - 4:])[:8]) if len(digits) < 8 else int(digits)


@dataclass(frozen=True)
class SearchHit:
    """One clause window that matched, with what a reader needs to cite it."""

    chunk_id: str
    clause_id: str
    doc_id: str
    title: str
    doc_type: str
    status: str
    date: int
    section: str | None
    heading_path: str
    page: int | None
    text: str
    char_start: int
    char_end: int
    score: float
    live: bool = True
    exact: bool = False  # the query named this clause's section
    visibility: str = "member"

    def to_json(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "title": self.title, "section": self.section,
                "page": self.page, "text": self.text, "score": round(self.score, 6),
                **({} if self.live else {"live": False})}


def _hit(chunk_id: str, text: str, md: dict[str, Any], score: float, **extra) -> SearchHit:
    return SearchHit(
        chunk_id=chunk_id, clause_id=md.get("clause_id", chunk_id.rsplit(".", 1)[0]),
        doc_id=md["doc_id"], title=md.get("title", ""), doc_type=md.get("doc_type", ""),
        status=md.get("status", ""), date=int(md.get("date") or 0),
        section=md.get("section") or None, heading_path=md.get("heading_path", ""),
        page=md.get("page") or None, text=text, char_start=int(md.get("char_start", 0)),
        char_end=int(md.get("char_end", 0)), score=score, live=bool(md.get("live", True)),
        visibility=md.get("visibility", "member"), **extra)


def section_refs(query: str) -> list[str]:
    """Section references named in a question: '12.7.5', 'Section 3', 'Article 12' (a bare
    '12.3' only when it is the whole query: inside a sentence it is more likely a number)."""
    if re.fullmatch(r"\s*\d{1,3}\.\d{1,3}(?:\s?\([a-z0-9]{1,3}\))?\s*", query):
        return [query.strip()]
    return [m.group(0).strip() for m in _SECTION_REF.finditer(query)]


def rrf(rankings: dict[str, list[str]], weights: dict[str, float], k: int = 60) -> dict[str, float]:
    """Reciprocal rank fusion: sum of weight / (k + rank) over the rankings an id appears in."""
    scores: dict[str, float] = {}
    for name, ids in rankings.items():
        w = weights.get(name, 1.0)
        for rank, i in enumerate(ids):
            scores[i] = scores.get(i, 0.0) + w / (k + rank + 1)
    return scores


class Searcher:
    """Hybrid search over one store. Holds the query-embedding cache and the BM25 index."""

    def __init__(self, settings: Settings, store: ChromaStore, embedder,
                 reranker: Reranker | None = None) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.reranker = reranker if reranker is not None else get_reranker(settings)
        self._lexical: lexical.LexicalIndex | None = None
        self._folder = lexical.index_folder(settings.data_dir, store.namespace, settings.chroma_url)
        self._embed = lru_cache(maxsize=512)(embedder.embed_query)

    def query_vector(self, query: str):
        """The query's embedding (cached: the same question is embedded once)."""
        return self._embed(query.strip())

    def lexical_index(self) -> lexical.LexicalIndex:
        self._lexical = lexical.current(self.store, self._folder, self._lexical)
        return self._lexical

    def search(self, query: str, k: int = 8, filters: Filters | None = None,
               per_clause: int = 1) -> list[SearchHit]:
        """The k best clause windows for `query` (at most `per_clause` windows of one clause);
        named sections first."""
        query = query.strip()
        if not query:
            return []
        documents = self.store.documents()
        f = filters or Filters()
        if not (f.employer or f.doc_ids):
            f = replace(f, doc_ids=named_scope(query, documents))
        where = f.where(documents)
        exact = self._exact(query, where)
        pool = max(4 * k, 20)
        dense = self.store.nearest(self.query_vector(query), pool, where)
        sparse = self.lexical_index().search(query, pool, where)
        fused = rrf({"dense": [d["id"] for d in dense], "bm25": [i for i, _ in sparse]},
                    {"dense": self.settings.dense_weight, "bm25": self.settings.bm25_weight})
        rows = {d["id"]: (d["text"], d["metadata"]) for d in dense}
        missing = [i for i in fused if i not in rows]
        rows.update(self.store.chunks_by_ids(missing))
        hits = [_hit(i, *rows[i], score=s)
                for i, s in sorted(fused.items(), key=lambda kv: -kv[1]) if i in rows]
        hits = _cap_per_clause(hits, per_clause)
        if self.reranker is not None:
            hits = self.reranker.rerank(query, hits)
        seen = {h.clause_id for h in exact}
        return (exact + [h for h in hits if h.clause_id not in seen])[: max(k, len(exact))]

    def _exact(self, query: str, where: dict | None) -> list[SearchHit]:
        hits: list[SearchHit] = []
        for ref in section_refs(query):
            try:
                found = find_clauses(self.store, ref, where=where)
            except NotFoundError:
                continue
            best = [h for h in found if h.exact] or found  # else: an old or damaged number
            for h in best:
                if all(x.clause_id != h.clause.clause_id for x in hits):
                    hits.append(_clause_hit(h))
        return hits


def _clause_hit(found) -> SearchHit:
    c, md = found.clause, found.doc
    text = c.text or c.redline.marked
    meta = {**md, "clause_id": c.clause_id, "section": c.section or "",
            "heading_path": " > ".join(c.heading_path), "page": c.page or 0,
            "char_start": c.char_start, "char_end": c.char_end, "live": bool(c.text)}
    return replace(_hit(c.clause_id + ".0", text, meta, 1.0), exact=True)


def _cap_per_clause(hits: list[SearchHit], cap: int) -> list[SearchHit]:
    """At most `cap` windows of one numbered clause; windows of unnumbered text (a news
    story, a bulletin) are each their own passage."""
    count: dict[str, int] = {}
    out = []
    for h in hits:
        key = h.clause_id if h.section else h.chunk_id
        count[key] = count.get(key, 0) + 1
        if count[key] <= cap:
            out.append(h)
    return out
