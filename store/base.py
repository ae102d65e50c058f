"""The Store seam: the one place documents, clauses, chunks, their vectors and the BM25 index
live. Ingest writes typed records in; retrieval and the app read typed records out, every read
through a Scope (store/scope.py), so visibility is decided in one place.

Implementations: `chroma` (a local folder, or a `chroma run` server with STEWARD_CHROMA_URL)
and `memory` (tests, demos). Both pass tests/test_store_contract.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

import numpy as np

from .errors import ConfigError
from .records import Chunk, Clause, DocRecord, Document, StoredChunk
from .scope import Scope
from .settings import Settings


class Store(Protocol):
    """Seam: documents in (ingest), typed records out (retrieval, the app), always scoped."""

    namespace: str  # one store per embedder: vectors of different models never mix
    where: str  # where it lives, for messages ("/home/x/.steward/chroma", a server URL)

    def revision(self) -> int:
        """A token that changes whenever the stored documents change (read-side caches)."""
        ...

    def documents(self, scope: Scope) -> dict[str, DocRecord]:
        """The committed documents the scope admits, by doc_id."""
        ...

    def texts(self, scope: Scope, doc_ids: Iterable[str]) -> dict[str, str]:
        """doc_id -> the document's stored (normalized) text, for admitted ids."""
        ...

    def nearest(self, scope: Scope, vector: np.ndarray, k: int) -> list[StoredChunk]:
        """The k admitted chunks closest to `vector`, closest first (distance set)."""
        ...

    def distances(self, scope: Scope, vector: np.ndarray, ids: Iterable[str]) -> dict[str, float]:
        """chunk_id -> exact distance to `vector` of the admitted chunks among `ids` (what an
        approximate index may have missed is measured, not searched)."""
        ...

    def keyword(self, scope: Scope, query: str, k: int) -> list[tuple[str, float]]:
        """(chunk_id, BM25 score) of the k best admitted chunks for the query's terms."""
        ...

    def term_weights(self, terms: Iterable[str]) -> dict[str, float]:
        """How rare each term is across the stored chunks (BM25's IDF)."""
        ...

    def chunks(self, scope: Scope, ids: Iterable[str]) -> dict[str, StoredChunk]:
        """The admitted chunks among `ids` (missing or not admitted ones are left out)."""
        ...

    def clauses(self, scope: Scope, keys: Iterable[str] = (), doc_id: str | None = None,
                ids: Iterable[str] | None = None) -> list[tuple[Clause, DocRecord]]:
        """Admitted clauses with their document: those carrying any of `keys` (section lookup
        keys), of one document, or with the given clause ids; every filter given applies."""
        ...

    def put(self, doc: Document, chunks: list[Chunk], vectors: np.ndarray,
            fingerprint: str) -> None:
        """Replace everything stored for doc.doc_id with this version (its record last)."""
        ...

    def delete(self, doc_id: str) -> None:
        """Remove a document with its chunks and clauses."""
        ...

    def begin_writing(self) -> bool:
        """An ingest starts writing; True if an earlier one never finished (killed)."""
        ...

    def heartbeat(self) -> None:
        """The running ingest is alive (between batches)."""
        ...

    def end_writing(self) -> None:
        """The ingest finished writing: the BM25 side is brought up to date once, here."""
        ...

    def interrupted(self) -> bool:
        """An ingest started writing and never finished."""
        ...

    def ingest_running(self) -> bool:
        """An ingest (here or in another live process) is writing now."""
        ...

    def orphan_doc_ids(self) -> set[str]:
        """doc_ids with rows but no committed record (a run killed mid-document)."""
        ...

    def counts(self) -> dict[str, int]:
        """documents, clauses, chunks."""
        ...

    def check(self, create: bool = False) -> None:
        """Is the store still there? (An ingest about to write may create it again.)"""
        ...


def _chroma(settings: Settings, namespace: str) -> Store:
    from .chroma import open_chroma

    return open_chroma(settings, namespace)


def _memory(settings: Settings, namespace: str) -> Store:
    from .memory import MemoryStore

    return MemoryStore(namespace)


STORES: dict[str, Callable[[Settings, str], Store]] = {"chroma": _chroma, "memory": _memory}


def open_store(settings: Settings, namespace: str) -> Store:
    """The store STEWARD_STORE names, for one embedder namespace."""
    try:
        make = STORES[settings.store]
    except KeyError:
        raise ConfigError(f"STEWARD_STORE {settings.store!r} is not one of "
                          f"{', '.join(STORES)}.") from None
    return make(settings, namespace)
