"""The store: Chroma behind two small seams (write side for ingest, read side for retrieval).

Three collections per embedder: `<ns>-chunks` (embedded windows), `<ns>-clauses` (clause
records with their redlines) and `<ns>-docs` (one record per document: catalog facts, the
live text, and the fingerprint that decides skip / replace). A document's record is written
last, so it doubles as the commit marker: a run killed halfway leaves no record (or the old
fingerprint), and the next run deletes the partial rows by doc_id and writes them again.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .chroma_client import file_id, forget_folder, guarded, open_client, persistent
from .errors import StoreError
from .records import Change, Chunk, Clause, DocMeta, Document, Move, Redline
from .settings import Settings

_META_ID = "__steward_meta__"  # holds the revision token that read-side caches key on
_RUN_ID = "__steward_run__"  # present while an ingest is writing; left behind if it was killed
_RESERVED = (_META_ID, _RUN_ID)
_STALE_S = 600.0  # a run flag not refreshed for this long belongs to a dead run


def _other_live_run(flag: dict) -> bool:
    """Is the run that raised this flag another process that is still alive?"""
    import socket

    pid = int(flag.get("pid") or 0)
    if flag.get("host") == socket.gethostname():
        if pid == os.getpid():
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False  # killed: its flag only marks work to clean up
        except PermissionError:
            return True
        return True
    return time.time() - float(flag.get("heartbeat", 0)) < _STALE_S
_DOC_FIELDS = ("doc_type", "employer", "union", "status", "visibility", "title")


class DocumentStore(Protocol):
    """Seam (write side): what ingest needs."""

    def documents(self) -> dict[str, dict[str, Any]]:
        """Committed documents: doc_id -> record metadata (includes `fingerprint`)."""
        ...

    def put(self, doc: Document, chunks: list[Chunk], vectors: np.ndarray, fingerprint: str) -> None:
        """Replace everything stored for doc.doc_id with this version."""
        ...

    def delete(self, doc_id: str) -> None:
        """Remove a document and all its chunks and clauses."""
        ...


class ClauseIndex(Protocol):
    """Seam (read side): what retrieval needs."""

    def nearest(self, vector: np.ndarray, k: int, where: dict | None = None) -> list[dict]:
        """The k chunks closest to `vector`: dicts with id, text, metadata, distance."""
        ...

    def clauses(self, where: dict) -> list[tuple[Clause, dict]]:
        """Clause records matching a Chroma `where` filter, with their document facts."""
        ...

    def revision(self) -> int:
        """A number that changes whenever the stored documents change."""
        ...


def _batches(n: int, size: int) -> Iterator[slice]:
    for i in range(0, n, size):
        yield slice(i, min(n, i + size))


def _doc_facts(meta: DocMeta) -> dict[str, Any]:
    facts = {k: getattr(meta, k) for k in _DOC_FIELDS}
    facts["doc_id"] = meta.doc_id
    facts["date"] = meta.date_int
    return facts


def _chunk_metadata(c: Chunk, clause: Clause, facts: dict) -> dict[str, Any]:
    md = {**facts, "clause_id": c.clause_id, "section": c.section or "",
          "heading_path": " > ".join(c.heading_path), "page": c.page or 0,
          "char_start": c.char_start, "char_end": c.char_end, "part": c.part, "live": c.live}
    if clause.keys:
        md["keys"] = list(clause.keys)
    return md


def clause_metadata(c: Clause, facts: dict) -> dict[str, Any]:
    md = {**facts, "section": c.section or "", "label": c.label,
          "heading_path": json.dumps(c.heading_path), "page": c.page or 0,
          "char_start": c.char_start, "char_end": c.char_end, "marked": c.redline.marked,
          "changes": json.dumps([[x.kind, x.text, x.color, x.inferred] for x in c.redline.changes]),
          "section_raw": c.section_raw or "", "aliases": json.dumps(c.aliases),
          "moves": json.dumps([[m.direction, m.section] for m in c.moves]), "lossy": c.lossy,
          "subitems": json.dumps(c.subitems)}
    if c.keys:
        md["keys"] = list(c.keys)
    return md


def clause_from_record(clause_id: str, text: str, md: dict[str, Any]) -> Clause:
    changes = tuple(Change(k, t, col, bool(inf)) for k, t, col, inf in json.loads(md["changes"]))
    return Clause(
        clause_id=clause_id, doc_id=md["doc_id"], section=md["section"] or None,
        label=md["label"], heading_path=tuple(json.loads(md["heading_path"])),
        page=md["page"] or None, char_start=md["char_start"], char_end=md["char_end"],
        redline=Redline(text, md["marked"], changes), section_raw=md["section_raw"] or None,
        aliases=tuple(json.loads(md["aliases"])),
        moves=tuple(Move(d, s) for d, s in json.loads(md["moves"])), lossy=md["lossy"],
        keys=tuple(md.get("keys") or ()), subitems=tuple(tuple(x) for x in json.loads(md["subitems"])),
    )


class ChromaStore:
    """DocumentStore and ClauseIndex over one Chroma client. A local store (`local_dir`) is
    watched: deleted under a running process, it is reported; rebuilt (by `steward ingest`
    anywhere, or by this process), it is reopened, with no restart."""

    def __init__(self, client, namespace: str, local_dir: Path | None = None,
                 where: str = "") -> None:
        self.namespace = namespace
        self.local_dir = local_dir
        self.where = where or str(local_dir or "(in memory)")
        self._reopen_lock = threading.Lock()
        self._attach(client)

    def _attach(self, client) -> None:
        """Open the three collections, then swap them in together (file identity last, so a
        failed reopen is tried again on the next call)."""
        def collection(role: str, configuration: dict | None = None):
            kwargs = {"configuration": configuration} if configuration else {}
            return client.get_or_create_collection(f"steward-{self.namespace}-{role}",
                                                   embedding_function=None, **kwargs)
        try:
            cols = (collection("chunks", {"hnsw": {"space": "cosine"}}), collection("clauses"),
                    collection("docs"), max(1, min(client.get_max_batch_size(), 2000)))
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

    # --- write side ---------------------------------------------------------------------------

    @guarded
    def documents(self) -> dict[str, dict[str, Any]]:
        got = self.docs_col.get(include=["metadatas"])
        return {i: m for i, m in zip(got["ids"], got["metadatas"], strict=True)
                if i not in _RESERVED}

    @guarded
    def put(self, doc: Document, chunks: list[Chunk], vectors: np.ndarray, fingerprint: str) -> None:
        facts = _doc_facts(doc.meta)
        by_id = {c.clause_id: c for c in doc.clauses}
        self.docs_col.delete(ids=[doc.doc_id])  # until the new record lands, nothing is committed
        self._delete_rows(doc.doc_id)
        for s in _batches(len(chunks), self.batch):
            part = chunks[s]
            self.chunks_col.upsert(
                ids=[c.chunk_id for c in part], embeddings=vectors[s],
                documents=[c.text for c in part],
                metadatas=[_chunk_metadata(c, by_id[c.clause_id], facts) for c in part])
        for s in _batches(len(doc.clauses), self.batch):
            part = doc.clauses[s]
            self.clauses_col.upsert(
                ids=[c.clause_id for c in part], embeddings=[[1.0]] * len(part),
                documents=[c.text for c in part], metadatas=[clause_metadata(c, facts) for c in part])
        record = {**facts, **{k: getattr(doc.meta, k) for k in ("from_party", "to_party", "source")},
                  "date_text": doc.meta.date, "inferred": ",".join(doc.meta.inferred),
                  "fingerprint": fingerprint, "content_hash": doc.content_hash,
                  "n_chunks": len(chunks), "n_clauses": len(doc.clauses), "lossy": doc.lossy_redline,
                  "page_starts": json.dumps(doc.page_starts), "ingested_at": time.time()}
        self.docs_col.upsert(ids=[doc.doc_id], embeddings=[[1.0]], documents=[doc.text],
                             metadatas=[record])
        self._bump()

    @guarded
    def delete(self, doc_id: str) -> None:
        self._delete_rows(doc_id)
        self.docs_col.delete(ids=[doc_id])
        self._bump()

    def _delete_rows(self, doc_id: str) -> None:
        self.chunks_col.delete(where={"doc_id": doc_id})
        self.clauses_col.delete(where={"doc_id": doc_id})

    def _bump(self) -> None:
        """A fresh random revision (not a counter: two writers sharing a Chroma server that
        both read n and wrote n+1 would leave readers with a stale index)."""
        import secrets

        rev = secrets.randbelow(2**62) + 1
        self.docs_col.upsert(ids=[_META_ID], embeddings=[[1.0]], documents=[""],
                             metadatas=[{"revision": rev, "doc_id": _META_ID}])

    @guarded
    def begin_writing(self) -> bool:
        """Mark an ingest as under way; True if an earlier one never finished (killed).
        Raises StoreError while another ingest is writing (its flag is fresh)."""
        got = self.docs_col.get(ids=[_RUN_ID], include=["metadatas"])
        if got["ids"]:
            flag = got["metadatas"][0]
            if _other_live_run(flag):
                raise StoreError(f"Another ingest is writing to this store (started on "
                                 f"{flag.get('host', '?')}, process {flag.get('pid', '?')}); "
                                 "wait for it to finish.")
        self.heartbeat()
        return bool(got["ids"])

    @guarded
    def heartbeat(self) -> None:
        """Refresh this run's flag (ingest calls it between batches)."""
        import socket

        self.docs_col.upsert(ids=[_RUN_ID], embeddings=[[1.0]], documents=[""], metadatas=[
            {"doc_id": _RUN_ID, "heartbeat": time.time(), "pid": os.getpid(),
             "host": socket.gethostname()}])

    @guarded
    def interrupted(self) -> bool:
        """An ingest started writing and never finished (killed, or the machine went down)."""
        return bool(self.docs_col.get(ids=[_RUN_ID], include=[])["ids"])

    @guarded
    def end_writing(self) -> None:
        self.docs_col.delete(ids=[_RUN_ID])

    @guarded
    def orphan_doc_ids(self) -> set[str]:
        """doc_ids with chunks or clauses but no committed record (a run killed mid-document)."""
        known = set(self.documents())
        seen: set[str] = set()
        for col in (self.chunks_col, self.clauses_col):
            got = col.get(include=["metadatas"])
            seen.update(m["doc_id"] for m in got["metadatas"])
        return seen - known

    def chunk_rows(self, page: int = 1000) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every stored chunk as (id, text, metadata), read page by page."""
        offset = 0
        while got := self._page(page, offset):
            yield from got
            offset += len(got)

    @guarded
    def _page(self, limit: int, offset: int) -> list[tuple[str, str, dict[str, Any]]]:
        got = self.chunks_col.get(include=["documents", "metadatas"], limit=limit, offset=offset)
        return list(zip(got["ids"], got["documents"], got["metadatas"], strict=True))

    @guarded
    def document_texts(self, doc_ids) -> dict[str, str]:
        """doc_id -> the document's stored (normalized) text, for the given ids."""
        ids = sorted(set(doc_ids))
        if not ids:
            return {}
        got = self.docs_col.get(ids=ids, include=["documents"])
        return dict(zip(got["ids"], got["documents"], strict=True))

    @guarded
    def counts(self) -> dict[str, int]:
        return {"documents": len(self.documents()), "clauses": self.clauses_col.count(),
                "chunks": self.chunks_col.count()}

    # --- read side ----------------------------------------------------------------------------

    @guarded
    def revision(self) -> int:
        got = self.docs_col.get(ids=[_META_ID], include=["metadatas"])
        return int(got["metadatas"][0]["revision"]) if got["ids"] else 0

    @guarded
    def nearest(self, vector: np.ndarray, k: int, where: dict | None = None) -> list[dict]:
        n = self.chunks_col.count()
        if n == 0:
            return []
        got = self.chunks_col.query(query_embeddings=[vector], n_results=min(k, n), where=where,
                                    include=["documents", "metadatas", "distances"])
        return [{"id": i, "text": t, "metadata": m, "distance": d} for i, t, m, d in zip(
            got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0],
            strict=True)]

    @guarded
    def chunks_by_ids(self, ids: list[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        """id -> (text, metadata) for the given chunk ids (missing ids are left out)."""
        if not ids:
            return {}
        got = self.chunks_col.get(ids=ids, include=["documents", "metadatas"])
        return {i: (t, m) for i, t, m in zip(got["ids"], got["documents"], got["metadatas"],
                                               strict=True)}

    @guarded
    def clauses_by_ids(self, ids: list[str]) -> dict[str, tuple[Clause, dict]]:
        """clause_id -> (Clause, record metadata) for the given ids."""
        if not ids:
            return {}
        got = self.clauses_col.get(ids=list(dict.fromkeys(ids)), include=["documents", "metadatas"])
        return {i: (clause_from_record(i, t, m), m) for i, t, m in zip(
            got["ids"], got["documents"], got["metadatas"], strict=True)}

    @guarded
    def clauses(self, where: dict) -> list[tuple[Clause, dict]]:
        got = self.clauses_col.get(where=where, include=["documents", "metadatas"])
        rows = zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        return [(clause_from_record(i, t, m), m) for i, t, m in rows]


def open_store(settings: Settings, namespace: str, client=None) -> ChromaStore:
    """The store for one embedder namespace (the client is opened from settings if not given)."""
    if client is not None:
        return ChromaStore(client, namespace)
    local = None if settings.chroma_url else settings.store_dir
    return ChromaStore(open_client(settings), namespace, local,
                       settings.chroma_url or str(settings.store_dir))
