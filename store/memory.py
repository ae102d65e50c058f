"""A Store in process memory: the same contract as the Chroma store (tests/test_store_contract.py),
for tests and demos. Vectors are compared by cosine distance with numpy; nothing is saved."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace

import numpy as np

from .embed import cosine_distances
from .lexical import KeywordReads, KeywordSide
from .records import Chunk, Clause, DocRecord, Document, StoredChunk
from .scope import Scope


class MemoryStore(KeywordReads):
    """The Store, held in dictionaries (one lock: safe for the app's threads)."""

    def __init__(self, namespace: str = "memory") -> None:
        self.namespace = namespace
        self.where = "(memory)"
        self._docs: dict[str, DocRecord] = {}
        self._texts: dict[str, str] = {}
        self._chunks: dict[str, StoredChunk] = {}
        self._vectors: dict[str, np.ndarray] = {}
        self._clauses: dict[str, Clause] = {}
        self._revision = 0
        self._run_flag = False
        self._writing = False
        self._lock = threading.RLock()
        self.keyword_side = KeywordSide(self, None)

    # --- reads ------------------------------------------------------------------------------

    def revision(self) -> int:
        return self._revision

    def documents(self, scope: Scope) -> dict[str, DocRecord]:
        with self._lock:
            return {i: d for i, d in self._docs.items() if scope.admits(d)}

    def texts(self, scope: Scope, doc_ids: Iterable[str]) -> dict[str, str]:
        docs = self.documents(scope)
        return {i: self._texts[i] for i in sorted(set(doc_ids)) if i in docs}

    def nearest(self, scope: Scope, vector: np.ndarray, k: int) -> list[StoredChunk]:
        docs = self.documents(scope)
        with self._lock:
            ids = [i for i, c in self._chunks.items() if c.doc_id in docs]
            if not ids or k <= 0:
                return []
            matrix = np.stack([self._vectors[i] for i in ids])
        distance = cosine_distances(matrix, vector)
        order = np.argsort(distance, kind="stable")[:k]
        return [replace(self._chunks[ids[j]], distance=float(distance[j])) for j in order]

    def distances(self, scope: Scope, vector: np.ndarray, ids: Iterable[str]) -> dict[str, float]:
        docs = self.documents(scope)
        with self._lock:
            ids = [i for i in dict.fromkeys(ids) if i in self._chunks
                   and self._chunks[i].doc_id in docs]
            if not ids:
                return {}
            matrix = np.stack([self._vectors[i] for i in ids])
        return dict(zip(ids, map(float, cosine_distances(matrix, vector)), strict=True))

    def chunks(self, scope: Scope, ids: Iterable[str]) -> dict[str, StoredChunk]:
        docs = self.documents(scope)
        with self._lock:
            found = (self._chunks.get(i) for i in dict.fromkeys(ids))
            return {c.chunk_id: c for c in found if c is not None and c.doc_id in docs}

    def clauses(self, scope: Scope, keys: Iterable[str] = (), doc_id: str | None = None,
                ids: Iterable[str] | None = None) -> list[tuple[Clause, DocRecord]]:
        docs = self.documents(scope)
        keys = set(keys)
        with self._lock:
            pool = ([self._clauses[i] for i in dict.fromkeys(ids) if i in self._clauses]
                    if ids is not None else list(self._clauses.values()))
        return [(c, docs[c.doc_id]) for c in pool if c.doc_id in docs
                and (doc_id is None or c.doc_id == doc_id) and (not keys or keys & set(c.keys))]

    # --- writes -----------------------------------------------------------------------------

    def put(self, doc: Document, chunks: list[Chunk], vectors: np.ndarray, fingerprint: str) -> None:
        with self._lock:
            self._drop(doc.doc_id)
            for c, v in zip(chunks, vectors, strict=True):
                self._chunks[c.chunk_id] = StoredChunk.of(c)
                self._vectors[c.chunk_id] = np.asarray(v, dtype=np.float32)
            self._clauses.update((c.clause_id, c) for c in doc.clauses)
            self._texts[doc.doc_id] = doc.text
            self._docs[doc.doc_id] = DocRecord.of(doc, fingerprint, len(chunks), time.time())
            self._changed()

    def delete(self, doc_id: str) -> None:
        with self._lock:
            self._drop(doc_id)
            self._changed()

    def _drop(self, doc_id: str) -> None:
        self._docs.pop(doc_id, None)
        self._texts.pop(doc_id, None)
        for key in [k for k, c in self._chunks.items() if c.doc_id == doc_id]:
            del self._chunks[key], self._vectors[key]
        for key in [k for k, c in self._clauses.items() if c.doc_id == doc_id]:
            del self._clauses[key]

    def _changed(self) -> None:
        self._revision = secrets.randbelow(2**62) + 1
        if not self._writing:
            self.keyword_side.refresh()

    def begin_writing(self) -> bool:
        was, self._run_flag, self._writing = self._run_flag, True, True
        return was

    def heartbeat(self) -> None:
        self._run_flag = True

    def end_writing(self) -> None:
        self.keyword_side.refresh()
        self._run_flag = self._writing = False

    def interrupted(self) -> bool:
        return self._run_flag

    def ingest_running(self) -> bool:
        return self._writing

    def orphan_doc_ids(self) -> set[str]:
        with self._lock:
            seen = {c.doc_id for c in self._chunks.values()} | {
                c.doc_id for c in self._clauses.values()}
            return seen - set(self._docs)

    def counts(self) -> dict[str, int]:
        return {"documents": len(self._docs), "clauses": len(self._clauses),
                "chunks": len(self._chunks)}

    def check(self, create: bool = False) -> None:
        """Always there (it lives as long as the process)."""

    def index_rows(self) -> Iterator[tuple[str, str, str]]:
        with self._lock:
            rows = [(c.chunk_id, c.doc_id, f"{self._docs[c.doc_id].title}\n{c.heading_path}\n"
                     f"{c.text}") for c in self._chunks.values() if c.doc_id in self._docs]
        yield from rows
