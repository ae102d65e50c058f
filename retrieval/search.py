"""Hybrid clause search: exact section references first, then BM25 + dense fused by RRF.

Every read goes to the store with the caller's Scope (visibility and filters), so a document
outside it can never come back through a side door.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from store.base import Store
from store.errors import ConfigError, NotFoundError
from store.lexical import label_prefix, terms
from store.records import DocRecord, StoredChunk
from store.scope import Scope
from store.settings import Settings

from .classes import asks_pay, job_range, with_first_step, with_range
from .clauses import find_clauses
from .direct import asking_sentence
from .parties import PLACE_HITS, doc_names, named_scope, party, place_words, without_names
from .rerank import Reranker, get_reranker
from .spelling import respelled
from .vocabulary import expansion
from .when import by_moment, moment_documents, position_documents

_SECTION_REF = re.compile(
    r"(?i)\b(?:article|art\.)\s+(?:\d{1,3}|[ivxl]{1,7})\b"
    r"|\b(?:section|sec\.|§)\s*\d{1,3}(?:\.\d{1,3})*(?:\s?\([a-z0-9]{1,3}\))?"
    r"|(?<![\d.,$])\d{1,3}(?:\.\d{1,3}){2,5}(?:\s?\([a-z0-9]{1,3}\))?(?![\d%])"
    r"|(?<![\d.,$/-])\d{1,2}(?:-\d{1,2}){2,4}(?![\d%/-])"  # hyphenated: 7-1-4
    r"|(?<![\w.])\d{1,3}\.[A-Z](?:\.[A-Za-z0-9]{1,3}){0,4}\b"  # qualified: 20.A.1
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


def _hit(c: StoredChunk, doc: DocRecord, score: float, exact: bool = False) -> SearchHit:
    return SearchHit(
        chunk_id=c.chunk_id, clause_id=c.clause_id, doc_id=c.doc_id, title=doc.title,
        doc_type=doc.doc_type, status=doc.status, date=doc.date, section=c.section,
        heading_path=c.heading_path, page=c.page, text=c.text, char_start=c.char_start,
        char_end=c.char_end, score=score, live=c.live, exact=exact, visibility=doc.visibility)


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
    """Hybrid search over one store. Holds the query-embedding cache."""

    def __init__(self, settings: Settings, store: Store, embedder,
                 reranker: Reranker | None = None) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.reranker = reranker if reranker is not None else get_reranker(settings)
        self._embed = lru_cache(maxsize=512)(embedder.embed_query)
        self._mended = lru_cache(maxsize=512)(self._mend)
        self._sole_party = lru_cache(maxsize=1024)(self._party_using)
        self._jobs = lru_cache(maxsize=256)(self._job)

    def query_vector(self, query: str):
        """The query's embedding (cached: the same question is embedded once)."""
        return self._embed(query.strip())

    def topic(self, query: str, scope: Scope) -> str:
        """The question less the names of the parties it names (they choose documents; the
        clauses that answer it rarely repeat them), its typing slips mended ("dealine")."""
        return self._topic(query, self.store.documents(scope))

    def _topic(self, query: str, documents: dict[str, DocRecord]) -> str:
        return self._mended(without_names(query, documents), self.store.revision())

    def _mend(self, text: str, revision: int) -> str:
        """`text` with its slips mended against the store as of `revision` (cached)."""
        return respelled(text, self.store.term_weights)

    def named(self, query: str, scope: Scope) -> Scope:
        """`scope` narrowed to the documents of the parties the question names, if it names
        some and nobody narrowed it already."""
        if scope.employer or scope.doc_ids is not None:
            return scope
        documents = self.store.documents(scope)
        named = named_scope(query, documents) or self._placed(query, scope, documents)
        return scope if named is None else scope.narrow(doc_ids=named)

    def _placed(self, query: str, scope: Scope, documents: dict[str, DocRecord]
                ) -> tuple[str, ...] | None:
        """The documents of the one party whose texts alone use a word the question places
        itself by: an acronym ("I'm at UO", "ODOT") or a word of a stored party's name ("at
        the university" when only Oregon Public Universities' texts say it). None if no
        such word, or two that point at different parties."""
        found = {self._sole_party(word, scope, self.store.revision())
                 for word in place_words(query, documents)} - {""}
        if len(found) != 1:
            return None
        named = {i for i, d in documents.items() if party(d) in found}
        names = {i: doc_names(d) for i, d in documents.items()}
        if named >= {i for i, forms in names.items() if forms}:
            return None
        return tuple(sorted(i for i in documents if i in named or not names[i]))

    def _party_using(self, word: str, scope: Scope, revision: int) -> str:
        """The one party whose texts in `scope` use `word` (at least twice), else "" (cached
        per store revision: a conversation asks about the same places again)."""
        documents = self.store.documents(scope)
        rows = self.store.chunks(scope, [i for i, _ in self.store.keyword(scope, word,
                                                                          PLACE_HITS)])
        parties = {party(documents[r.doc_id]) for r in rows.values() if r.doc_id in documents}
        return parties.pop() if len(rows) >= 2 and len(parties) == 1 else ""

    def job(self, query: str, scope: Scope):
        """The job a pay question names with its range (retrieval.classes), within the
        parties it names; cached, so the answer and its search read the plan once."""
        scope = self.named(query, scope)
        return self._jobs(query, scope, self.store.revision())

    def _job(self, query: str, scope: Scope, revision: int):
        return job_range(self.store, scope, query)

    def forget_queries(self) -> None:
        """Empty the query caches (benchmarks time the embedding and mending too)."""
        self._embed.cache_clear()
        self._mended.cache_clear()
        self._sole_party.cache_clear()
        self._jobs.cache_clear()

    def search(self, query: str, scope: Scope, k: int = 8, per_clause: int = 1) -> list[SearchHit]:
        """The k best clause windows for `query` within `scope` (at most `per_clause` windows
        of one clause); named sections first, then (for a question about a moment: "in
        mid-May 2026", "the July 10 update") the best of that moment's documents, or (where
        a side stands now) the best of every dated report's."""
        query = with_first_step(query.strip())
        if not query:
            return []
        documents = self.store.documents(scope)
        scope = self.named(query, scope)
        if (job := self.job(query, scope)) is not None:
            query = with_range(query, job)  # "Geologist 2" is paid as SR 26
        exact = self._exact(query, scope)
        hits = self._ranked(query, scope, documents, k, per_clause)
        in_scope = self.store.documents(scope)
        for dated, n in ((moment_documents(query, in_scope), 3),
                         (position_documents(query, in_scope), 4)):
            if dated:
                first = self._ranked(query, scope.narrow(doc_ids=dated), documents, n, per_clause)
                hits = first + [h for h in hits if h.chunk_id not in {f.chunk_id for f in first}]
        hits = by_moment(query, hits)
        seen = {h.clause_id for h in exact}
        return (exact + [h for h in hits if h.clause_id not in seen])[: max(k, len(exact))]

    def _ranked(self, query: str, scope: Scope, documents: dict[str, DocRecord], k: int,
                per_clause: int) -> list[SearchHit]:
        """Dense and keyword search fused, capped per clause, reranked when configured."""
        pool = max(4 * k, 20)
        topic = self._topic(query, documents)  # the parties chose the documents already
        vector = self.query_vector(topic)
        dense = self.store.nearest(scope, vector, pool)
        sparse, extra, rows = self._keyword(scope, topic, pool)
        fused = rrf({"dense": self._with_missed(scope, vector, dense, sparse, pool), "bm25": sparse},
                    {"dense": self.settings.dense_weight, "bm25": self.settings.bm25_weight})
        fused.update({i: 0.0 for i in extra if i not in fused})  # last, unless a day names it
        rows.update({c.chunk_id: c for c in dense})
        rows.update(self.store.chunks(scope, [i for i in fused if i not in rows]))
        hits = [_hit(rows[i], documents[rows[i].doc_id], s)
                for i, s in sorted(fused.items(), key=lambda kv: -kv[1])
                if i in rows and rows[i].doc_id in documents]
        cells = _labelled_lines(topic, hits)
        labelled = {h.chunk_id for h in cells}
        cells += _cap_per_clause(_dated(topic, [h for h in hits if h.chunk_id not in labelled]),
                                 per_clause)
        first = {h.chunk_id for h in cells}
        hits = cells + _cap_per_clause([h for h in hits if h.chunk_id not in first], per_clause)
        if self.reranker is not None:
            hits = self.reranker.rerank(query, hits)
        return hits

    def _with_missed(self, scope: Scope, vector, dense: list[StoredChunk],
                     candidates: list[str], pool: int) -> list[str]:
        """The dense ranking, with any keyword candidate nearer the question than its
        farthest put in its place: an approximate index can leave a vector unreachable
        (APS's definition of immediate family, nearest of all, was not returned)."""
        have = {c.chunk_id for c in dense}
        todo = [i for i in candidates if i not in have]
        if not todo:
            return [c.chunk_id for c in dense]
        worst = max(c.distance for c in dense) if len(dense) >= pool else float("inf")
        missed = [(d, i) for i, d in self.store.distances(scope, vector, todo).items() if d < worst]
        return [i for _, i in sorted([(c.distance, c.chunk_id) for c in dense] + missed)]

    def _keyword(self, scope: Scope, topic: str, pool: int
                 ) -> tuple[list[str], list[str], dict[str, StoredChunk]]:
        """The keyword pool in rank order; for a question naming a day, also the clauses
        beyond it that a pool of at most WINDOWS windows per clause would hold (a pay table's
        sixty rows all naming "11/1/2025" must not keep the one clause stating the raise of
        that day out of reach), with the chunks read to count them."""
        query = f"{topic} {expansion(topic)}"
        if not _days(topic):
            return [i for i, _ in self.store.keyword(scope, query, pool)], [], {}
        found = [i for i, _ in self.store.keyword(scope, query, 4 * pool)]
        rows = self.store.chunks(scope, found)
        found = [i for i in found if i in rows]
        count: dict[str, int] = {}
        capped = []
        for i in found:
            count[rows[i].clause_id] = count.get(rows[i].clause_id, 0) + 1
            if count[rows[i].clause_id] <= WINDOWS:
                capped.append(i)
        return found[:pool], [i for i in capped[:pool] if i not in found[:pool]], rows

    def _exact(self, query: str, scope: Scope) -> list[SearchHit]:
        hits: list[SearchHit] = []
        for ref in section_refs(query):
            try:
                found = find_clauses(self.store, scope, ref)
            except NotFoundError:
                continue
            best = [h for h in found if h.exact] or found  # else: an old or damaged number
            for h in best:
                if all(x.clause_id != h.clause.clause_id for x in hits):
                    hits.append(_clause_hit(h))
        return hits


def _clause_hit(found) -> SearchHit:
    c = found.clause
    chunk = StoredChunk(c.clause_id + ".0", c.clause_id, c.doc_id, c.section,
                        " > ".join(c.heading_path), c.page, c.char_start, c.char_end,
                        c.text or c.redline.marked, bool(c.text))
    return _hit(chunk, found.doc, 1.0, exact=True)


def _labelled_lines(query: str, hits: list[SearchHit]) -> list[SearchHit]:
    """The windows holding one line that names everything labelled in the question ("salary
    range 18, step 3": the cell "Salary Range 18, Step 3: 3798"), in their order; every
    window of a pay table is its own passage, so none is capped."""
    wanted = {t for t in terms(query) if "_" in t}
    asked = asking_sentence(query)
    if not wanted & set(terms(asked)) and not asks_pay(asked):
        return []  # "I'm in salary range 10 — any help with my premium?": who asks, not what
    found = _lines_naming(wanted, hits)
    pay = {t for t in wanted if t.startswith(PAY_LABELS)}  # "Engineer 1 (range 32)"
    return found or (_lines_naming(pay, hits) if pay != wanted else [])


def _dated(query: str, hits: list[SearchHit]) -> list[SearchHit]:
    """The windows stating the very day the question names ("the raise on November 1,
    2025": "Effective November 1, 2025, salary rates shall be increased by 3.00%")."""
    days = _days(query)
    return [h for h in hits if days & set(terms(h.text))] if days else []


def _days(query: str) -> set[str]:
    """The days a question names, as their lexical terms ("November 1, 2025": 20251101)."""
    return {t for t in terms(query) if _DAY.fullmatch(t)}


_DAY = re.compile(r"(?:19|20)\d{6}")
WINDOWS = 4  # of one clause's windows, the most a day's extra keyword candidates hold
PAY_LABELS = tuple(map(label_prefix, ("range", "grade", "step")))  # a pay table's cell labels


def _lines_naming(wanted: set[str], hits: list[SearchHit]) -> list[SearchHit]:
    if not wanted:
        return []
    return [h for h in hits if any(wanted <= set(terms(line)) for line in h.text.splitlines())]


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
