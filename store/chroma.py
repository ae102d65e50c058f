"""The Chroma store: a local folder (PersistentClient) or a `chroma run` server (HttpClient).

Three collections per embedder: `<ns>-chunks` (embedded windows), `<ns>-clauses` (clause
records with their redlines) and `<ns>-docs` (one record per document: catalog facts, the
live text, and the fingerprint that decides skip / replace). A document's record is written
last, so it doubles as the commit marker: a run killed halfway leaves no record (or the old
fingerprint), and the next run deletes the partial rows by doc_id and writes them again.
Reads only ever return rows of committed documents the Scope admits.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from . import chroma_rows as rows
from .chroma_client import file_id, forget_folder, guarded, open_client, other_live_run, persistent
from .embed import cosine_distances
from .errors import StoreError
from .lexical import KeywordReads, KeywordSide, index_folder
from .records import Chunk, Clause, DocRecord, Document, StoredChunk
from .scope import Scope
from .settings import Settings

_META_ID = "__steward_meta__"  # holds the revision token that read-side caches key on
_RUN_ID = "__steward_run__"  # present while an ingest is writing; left behind if it was killed
_RESERVED = (_META_ID, _RUN_ID)


def _batches(n: int, size: int) -> Iterator[slice]:
    for i in range(0, n, size):
        yield slice(i, min(n, i + size))


SEARCH_EF = 1000  # HNSW candidates per query: a search scoped to one contract finds its true
# nearest clauses (at Chroma's 100 one contract's query lost 3 of its 32 and its top 5; at 400, 1)


def _exact_enough(chunks) -> None:
    """A collection made with another ef_search searches with SEARCH_EF from now on."""
    hnsw = dict(chunks.configuration or {}).get("hnsw") or {}
    if hnsw.get("ef_search", 0) != SEARCH_EF:
        chunks.modify(configuration={"hnsw": {"ef_search": SEARCH_EF}})


class ChromaStore(KeywordReads):
    """The Store over one Chroma client. A local store (`local_dir`) is watched: deleted under
    a running process, it is reported; rebuilt (by `steward ingest` anywhere, or by this
    process), it is reopened, with no restart."""

    def __init__(self, client, namespace: str, local_dir: Path | None = None,
                 where: str = "", index_dir: Path | None = None) -> None:
        self.namespace = namespace
        self.local_dir = local_dir
        self.where = where or str(local_dir or "(in memory)")
        self._reopen_lock = threading.Lock()
        self._docs_cache: tuple[int, dict[str, DocRecord]] = (-1, {})
        self._writing = False
        self.keyword_side = KeywordSide(self, index_dir)
        self._attach(client)

    def _attach(self, client) -> None:
        """Open the three collections, then swap them in together (file identity last, so a
        failed reopen is tried again on the next call)."""
        def collection(role: str, configuration: dict | None = None):
            kwargs = {"configuration": configuration} if configuration else {}
            return client.get_or_create_collection(f"steward-{self.namespace}-{role}",
                                                   embedding_function=None, **kwargs)
        try:
            cols = (collection("chunks", {"hnsw": {"space": "cosine", "ef_search": SEARCH_EF}}),
                    collection("clauses"), collection("docs"),
                    max(1, min(client.get_max_batch_size(), 2000)))
            _exact_enough(cols[0])
        except Exception as exc:  # chromadb raises many types; all mean "cannot use the store"
            raise StoreError(f"The document store at {self.where} cannot be used: {exc}") from None
        self.client = client
        self.chunks_col, self.clauses_col, self.docs_col, self.batch = cols
        self._file = file_id(self.local_dir) if self.local_dir else None

    def check(self, create: bool = False) -> None:
        """Is a local store's database file still the one opened? Replaced (rebuilt by another
        process): reopen it. Gone: say so, or with `create` (an ingest about to write) start
        a new one."""
        if self.local_dir is None or (self._file is not None
                                      and file_id(self.local_dir) == self._file):
            return
        with self._reopen_lock:
            now = file_id(self.local_dir)
            if now is not None and now == self._file:
                return
            if now is None and not create:
                raise StoreError(
                    f"The document store at {self.local_dir} is gone or cannot be read (deleted "
                    "while Steward was running?). Run `steward ingest`, or upload the documents "
                    "again, to rebuild it; Steward picks it up without a restart.")
            forget_folder(self.client)
            self._attach(persistent(self.local_dir))

    def reattach(self) -> None:
        """Server mode: fetch the collections again (the server's data was reset)."""
        with self._reopen_lock:
            self._attach(self.client)


    # --- reads (every one through a Scope) ----------------------------------------------------

    @guarded
    def revision(self) -> int:
        got = self.docs_col.get(ids=[_META_ID], include=["metadatas"])
        return int(got["metadatas"][0]["revision"]) if got["ids"] else 0

    def _committed(self) -> dict[str, DocRecord]:
        """Every committed document (cached until the revision moves)."""
        revision = self.revision()
        if self._docs_cache[0] != revision:
            got = self._guarded_get(self.docs_col, include=["metadatas"])
            docs = {i: rows.doc_record(m) for i, m in zip(got["ids"], got["metadatas"], strict=True)
                    if i not in _RESERVED}
            self._docs_cache = (revision, docs)
        return self._docs_cache[1]

    @guarded
    def _guarded_get(self, col, **kwargs):
        return col.get(**kwargs)

    def documents(self, scope: Scope) -> dict[str, DocRecord]:
        return {i: d for i, d in self._committed().items() if scope.admits(d)}

    def _admitted(self, scope: Scope) -> tuple[dict[str, DocRecord], dict | None]:
        """The admitted documents and the Chroma filter that keeps rows to them."""
        every = self._committed()
        docs = {i: d for i, d in every.items() if scope.admits(d)}
        return docs, rows.doc_filter(set(docs), set(every))

    @guarded
    def texts(self, scope: Scope, doc_ids: Iterable[str]) -> dict[str, str]:
        docs = self.documents(scope)
        ids = sorted({i for i in doc_ids if i in docs})
        if not ids:
            return {}
        got = self.docs_col.get(ids=ids, include=["documents"])
        return dict(zip(got["ids"], got["documents"], strict=True))

    @guarded
    def nearest(self, scope: Scope, vector: np.ndarray, k: int) -> list[StoredChunk]:
        docs, where = self._admitted(scope)
        n = self.chunks_col.count()
        if n == 0 or not docs:
            return []
        got = self.chunks_col.query(query_embeddings=[vector], n_results=min(k, n), where=where,
                                    include=["documents", "metadatas", "distances"])
        found = (rows.stored_chunk(i, t, m, d) for i, t, m, d in zip(
            got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0],
            strict=True))
        return [c for c in found if c.doc_id in docs]

    @guarded
    def distances(self, scope: Scope, vector: np.ndarray, ids: Iterable[str]) -> dict[str, float]:
        docs = self.documents(scope)
        ids = list(dict.fromkeys(ids))
        if not ids or not docs:
            return {}
        got = self.chunks_col.get(ids=ids, include=["embeddings", "metadatas"])
        kept = [n for n, m in enumerate(got["metadatas"]) if m.get("doc_id") in docs]
        if not kept:
            return {}
        far = cosine_distances(np.asarray([got["embeddings"][n] for n in kept], np.float32), vector)
        return {got["ids"][n]: float(d) for n, d in zip(kept, far, strict=True)}

    @guarded
    def chunks(self, scope: Scope, ids: Iterable[str]) -> dict[str, StoredChunk]:
        ids = list(dict.fromkeys(ids))
        docs = self.documents(scope)
        if not ids or not docs:
            return {}
        got = self.chunks_col.get(ids=ids, include=["documents", "metadatas"])
        found = (rows.stored_chunk(i, t, m) for i, t, m in zip(
            got["ids"], got["documents"], got["metadatas"], strict=True))
        return {c.chunk_id: c for c in found if c.doc_id in docs}

    @guarded
    def clauses(self, scope: Scope, keys: Iterable[str] = (), doc_id: str | None = None,
                ids: Iterable[str] | None = None) -> list[tuple[Clause, DocRecord]]:
        docs, where = self._admitted(scope)
        if not docs or (doc_id is not None and doc_id not in docs):
            return []
        where = rows.all_of(rows.key_filter(list(keys)), {"doc_id": doc_id} if doc_id else None,
                            where)
        wanted = list(dict.fromkeys(ids)) if ids is not None else None
        if wanted == []:
            return []
        got = self.clauses_col.get(ids=wanted, where=where, include=["documents", "metadatas"])
        found = (rows.clause_from_row(i, t, m) for i, t, m in zip(
            got["ids"], got["documents"], got["metadatas"], strict=True))
        return [(c, docs[c.doc_id]) for c in found if c.doc_id in docs]

    # --- writes (ingest) ----------------------------------------------------------------------

    @guarded
    def put(self, doc: Document, chunks: list[Chunk], vectors: np.ndarray, fingerprint: str) -> None:
        rec = DocRecord.of(doc, fingerprint, len(chunks), time.time())
        doc_facts = rows.facts(rec)
        by_id = {c.clause_id: c for c in doc.clauses}
        self._new_revision()  # readers drop what they cached before the record goes
        self.docs_col.delete(ids=[doc.doc_id])  # until the new record lands, nothing is committed
        self._delete_rows(doc.doc_id)
        for s in _batches(len(chunks), self.batch):
            part = chunks[s]
            self.chunks_col.upsert(
                ids=[c.chunk_id for c in part], embeddings=vectors[s],
                documents=[c.text for c in part],
                metadatas=[rows.chunk_metadata(c, by_id[c.clause_id], doc_facts) for c in part])
        for s in _batches(len(doc.clauses), self.batch):
            part = doc.clauses[s]
            self.clauses_col.upsert(
                ids=[c.clause_id for c in part], embeddings=[[1.0]] * len(part),
                documents=[c.text for c in part],
                metadatas=[rows.clause_metadata(c, doc_facts) for c in part])
        self.docs_col.upsert(ids=[doc.doc_id], embeddings=[[1.0]], documents=[doc.text],
                             metadatas=[rows.doc_metadata(rec)])
        self._changed()

    @guarded
    def delete(self, doc_id: str) -> None:
        self._new_revision()
        self._delete_rows(doc_id)
        self.docs_col.delete(ids=[doc_id])
        self._changed()

    def _delete_rows(self, doc_id: str) -> None:
        self.chunks_col.delete(where={"doc_id": doc_id})
        self.clauses_col.delete(where={"doc_id": doc_id})

    def _new_revision(self) -> None:
        """A fresh random revision (not a counter: two writers sharing a Chroma server that
        both read n and wrote n+1 would leave readers with a stale index)."""
        import secrets

        self._docs_cache = (-1, {})
        rev = secrets.randbelow(2**62) + 1
        self.docs_col.upsert(ids=[_META_ID], embeddings=[[1.0]], documents=[""],
                             metadatas=[{"revision": rev, "doc_id": _META_ID}])

    def _changed(self) -> None:
        """After a write: a new revision; outside an ingest run, the BM25 side at once."""
        self._new_revision()
        if not self._writing:
            self.keyword_side.refresh()

    @guarded
    def begin_writing(self) -> bool:
        got = self.docs_col.get(ids=[_RUN_ID], include=["metadatas"])
        if got["ids"]:
            flag = got["metadatas"][0]
            if other_live_run(flag):
                raise StoreError(f"Another ingest is writing to this store (started on "
                                 f"{flag.get('host', '?')}, process {flag.get('pid', '?')}); "
                                 "wait for it to finish.")
        self._writing = True
        self.heartbeat()
        return bool(got["ids"])

    @guarded
    def heartbeat(self) -> None:
        import socket

        self.docs_col.upsert(ids=[_RUN_ID], embeddings=[[1.0]], documents=[""], metadatas=[
            {"doc_id": _RUN_ID, "heartbeat": time.time(), "pid": os.getpid(),
             "host": socket.gethostname()}])

    @guarded
    def end_writing(self) -> None:
        self.keyword_side.refresh()
        self.docs_col.delete(ids=[_RUN_ID])
        self._writing = False

    @guarded
    def interrupted(self) -> bool:
        return bool(self.docs_col.get(ids=[_RUN_ID], include=[])["ids"])

    @guarded
    def ingest_running(self) -> bool:
        if self._writing:
            return True
        got = self.docs_col.get(ids=[_RUN_ID], include=["metadatas"])
        return bool(got["ids"]) and other_live_run(got["metadatas"][0])

    @guarded
    def orphan_doc_ids(self) -> set[str]:
        known = set(self._committed())
        seen: set[str] = set()
        for col in (self.chunks_col, self.clauses_col):
            got = col.get(include=["metadatas"])
            seen.update(m["doc_id"] for m in got["metadatas"])
        return seen - known

    @guarded
    def counts(self) -> dict[str, int]:
        return {"documents": len(self._committed()), "clauses": self.clauses_col.count(),
                "chunks": self.chunks_col.count()}

    @guarded
    def copy_to(self, other: ChromaStore, doc_ids: list[str]) -> None:
        """Copy these documents' rows and vectors into another Chroma store (benchmarks build
        smaller stores from a large one this way, embedding nothing)."""
        for role in ("chunks_col", "clauses_col", "docs_col"):
            pick = {"ids": doc_ids} if role == "docs_col" else {"where": {"doc_id": {"$in": doc_ids}}}
            got = getattr(self, role).get(**pick, include=["embeddings", "documents", "metadatas"])
            for s in _batches(len(got["ids"]), other.batch):
                getattr(other, role).add(ids=got["ids"][s], embeddings=got["embeddings"][s],
                                         documents=got["documents"][s],
                                         metadatas=got["metadatas"][s])
        other._changed()

    def index_rows(self, page: int = 1000) -> Iterator[tuple[str, str, str]]:
        """Every committed chunk as (chunk_id, doc_id, text to index), read page by page."""
        titles = {i: d.title for i, d in self._committed().items()}
        offset = 0
        while got := self._page(page, offset):
            for i, text, md in got:
                doc_id = md["doc_id"]
                if doc_id in titles:
                    yield i, doc_id, f"{titles[doc_id]}\n{md.get('heading_path', '')}\n{text}"
            offset += len(got)

    @guarded
    def _page(self, limit: int, offset: int) -> list[tuple[str, str, dict]]:
        got = self.chunks_col.get(include=["documents", "metadatas"], limit=limit, offset=offset)
        return list(zip(got["ids"], got["documents"], got["metadatas"], strict=True))


def open_chroma(settings: Settings, namespace: str, client=None) -> ChromaStore:
    """The Chroma store for one embedder namespace (the client is opened from settings if not
    given); its BM25 index lives under the data folder, one per store and server."""
    folder = index_folder(settings.data_dir, namespace, settings.chroma_url)
    if client is not None:
        return ChromaStore(client, namespace, index_dir=folder)
    local = None if settings.chroma_url else settings.store_dir
    return ChromaStore(open_client(settings), namespace, local,
                       settings.chroma_url or str(settings.store_dir), folder)
