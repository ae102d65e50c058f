"""`steward ingest`: files in, clause chunks in the store, a per-file report out.

Idempotent and incremental: a file's fingerprint (its bytes, its catalog entry, the chunking
settings and INGEST_VERSION) decides skip or replace. Documents are embedded in groups so the
model sees full batches; each document is committed on its own, so one bad file never stops
a run and a killed run is completed by the next one.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from store.base import Store
from store.embed import Embedder
from store.errors import IngestError, StewardError, StoreError
from store.records import Chunk, Document
from store.scope import Scope
from store.settings import Settings

from .catalog import CATALOG_NAME, DRAFT_NAME, Catalog, document_meta, inferred_note
from .chunking import build_document, chunk_document
from .loaders import parse_bytes, read_file, supported
from .marked import Loaded, MarkedText
from .tables import located

INGEST_VERSION = "21"  # bump when parsing or chunking changes: every document is re-ingested
FLUSH_CHUNKS = 1024  # embed once this many chunks are waiting (sorted by length together)
EMBED_SLICE = 256  # chunks per embedder call (the progress bar moves once per slice)


@dataclass
class FileResult:
    path: str
    status: str  # added | updated | unchanged | failed | removed
    doc_id: str = ""
    reason: str = ""
    chunks: int = 0
    replaces: str = ""  # a document whose file was renamed to this one
    notes: list[str] = field(default_factory=list)  # what a person should know (OCR, guesses)


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=lambda: {"parse": 0.0, "embed": 0.0,
                                                                "store": 0.0})
    bytes_read: int = 0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def chunks_embedded(self) -> int:
        return sum(r.chunks for r in self.results if r.status in ("added", "updated"))


def normalize(loaded: Loaded) -> MarkedText:
    """Loader output -> the normalized MarkedText chunking works on."""
    from .layout import clean_layout
    from .redline import absorb_spaces, demote_heading_underlines
    from .repair import repair
    from .toc import mark_toc

    mt = repair(mark_toc(clean_layout(loaded.text)))
    return absorb_spaces(demote_heading_underlines(mt))


def parse_file(path: Path, loaded: Loaded, data: bytes, entry: dict | None) -> Document:
    """One loaded file -> a Document with clauses (no embedding yet)."""
    mt = normalize(loaded)
    if not mt.text.strip():
        raise IngestError(str(path), "empty")
    meta = document_meta(path, loaded.meta, mt.without("delete"), entry)
    ocr = tuple(sorted(dict(loaded.meta.get("ocr_pages") or {}).items()))
    doc = build_document(meta, mt, hashlib.sha256(data).hexdigest(), loaded.paged, ocr)
    cells = loaded.meta.get("tables")
    return replace(doc, tables=located(doc.text, doc.page_starts, cells)) if cells else doc


def read_notes(doc: Document) -> list[str]:
    """What the ingest report says about how a document was read (and what was guessed)."""
    notes = []
    if doc.ocr_pages:
        confs = [c for _, c in doc.ocr_pages]
        pages = [str(p) for p, _ in doc.ocr_pages]
        notes.append(f"{len(pages)} scanned page{'s' * (len(pages) > 1)} read by OCR (mean "
                     f"confidence {sum(confs) / len(confs):.0f}%; lowest {min(confs):.0f}%): "
                     f"pages {_ranges(pages)}")
    return notes + [n for n in (inferred_note(doc.meta),) if n]


def _ranges(pages: list[str]) -> str:
    """'1, 2, 3, 5' -> '1-3, 5'."""
    nums, out = [int(p) for p in pages], []
    for n in nums:
        if out and n == out[-1][1] + 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return ", ".join(f"{a}-{b}" if b > a else str(a) for a, b in out)


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files under the given paths (folders recursively), hidden files and catalogs skipped."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(f for f in p.rglob("*") if f.is_file()
                            and f.name not in (CATALOG_NAME, DRAFT_NAME)
                            and not any(part.startswith(".") for part in f.relative_to(p).parts))
        else:
            found.append(p)
    return list(dict.fromkeys(found))


def fingerprint(data: bytes, entry: dict | None, settings: Settings) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([INGEST_VERSION, settings.chunk_max_chars, settings.chunk_overlap_chars,
                         entry or {}], sort_keys=True, default=str).encode())
    h.update(hashlib.sha256(data).digest())
    return h.hexdigest()


class Ingestor:
    """Runs one ingest over a store; the embedder is only loaded if something must be embedded."""

    def __init__(self, settings: Settings, store: Store, embedder: Embedder,
                 progress: bool = True) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder  # embedders load their model on first use, not here
        self.progress = progress
        self.catalog = Catalog()
        self.report = IngestReport()
        self.pending: list[tuple[FileResult, Document, list[Chunk], str]] = []
        self._chunk_bar = None

    def run(self, paths: Iterable[Path], prune: bool = False) -> IngestReport:
        from tqdm import tqdm

        start = time.perf_counter()
        paths = list(paths)
        files = discover(paths)
        self.store.check(create=True)  # a store deleted under a running app is rebuilt here
        manifest = self.store.documents(Scope.everything())
        seen: dict[str, tuple[str, str]] = {}
        for doc_id, rec in manifest.items():
            seen[rec.fingerprint] = seen[rec.content_hash] = (doc_id, rec.source)
        # ids of stored documents whose files still exist belong to those files
        self._claimed: dict[str, str] = {
            doc_id: str(Path(rec.source).resolve()) for doc_id, rec in manifest.items()
            if rec.source and Path(rec.source).exists()}
        self._writing = False
        self._chunk_bar = None
        if self.store.interrupted():  # finish the cleanup a killed run could not do
            self._start_writing()
            self._forget_renamed(manifest)
        bar = tqdm(files, desc="Ingesting", unit="file", disable=not self.progress,
                   file=sys.stderr, dynamic_ncols=True)
        try:
            for path in bar:
                bar.set_postfix_str(path.name[-40:], refresh=False)
                self._one(path, manifest, seen)
                if sum(len(p[2]) for p in self.pending) >= FLUSH_CHUNKS:
                    self._flush()
            self._flush()
        finally:
            bar.close()
            if self._chunk_bar is not None:
                self._chunk_bar.close()
        if prune:
            self._prune(paths, files, manifest)
        if self._writing:
            t0 = time.perf_counter()
            self.store.end_writing()  # the store brings its BM25 side up to date here
            self.report.timings["lexical"] = time.perf_counter() - t0
        self.report.seconds = time.perf_counter() - start
        return self.report

    def _one(self, path: Path, manifest: dict, seen: dict[str, tuple[str, str]]) -> None:
        result = FileResult(str(path), "failed")
        try:
            entry = self.catalog.entry_for(path) if supported(path) else None
            t0 = time.perf_counter()
            data = read_file(path, self.settings.max_file_mb)
            self.report.bytes_read += len(data)
            fp, sha = fingerprint(data, entry, self.settings), hashlib.sha256(data).hexdigest()
            source = str(path.resolve())
            if self._skip(result, seen.get(fp), seen.get(sha), source):
                self.report.results.append(result)
                return
            moved = seen.get(fp) or seen.get(sha)
            if moved and moved[1] and not Path(moved[1]).exists():
                result.replaces = moved[0]  # same content, old file gone: a rename
            doc = parse_file(path.resolve(), parse_bytes(path, data), data, entry)
            doc = self._unique_id(doc, path)
            seen[fp] = seen[sha] = (doc.doc_id, source)
            chunks = chunk_document(doc, self.settings.chunk_max_chars,
                                    self.settings.chunk_overlap_chars)
            self.report.timings["parse"] += time.perf_counter() - t0
            result.doc_id, result.chunks = doc.doc_id, len(chunks)
            result.notes += read_notes(doc)
            result.status = "updated" if doc.doc_id in manifest else "added"
            self.pending.append((result, doc, chunks, fp))
        except StewardError as exc:
            result.reason = exc.why if isinstance(exc, IngestError) else str(exc)
        except Exception as exc:  # a file no loader foresaw must not stop the run
            result.reason = (f"the file could not be read ({type(exc).__name__}: {exc}); "
                             "please report this file")
        self.report.results.append(result)

    def _skip(self, result: FileResult, same_fp, same_bytes, source: str) -> bool:
        """Unchanged (same fingerprint, same file) or a duplicate of another existing file."""
        if same_fp and same_fp[1] == source:
            result.status, result.doc_id = "unchanged", same_fp[0]
            self._claim(same_fp[0], Path(source))
            return True
        other = same_fp or same_bytes
        if other and other[1] != source and other[1] and Path(other[1]).exists():
            result.status, result.doc_id = "unchanged", other[0]
            result.reason = f"same content as {other[1]}; not added twice"
            return True
        return False

    def _claim(self, doc_id: str, path: Path) -> bool:
        owner = self._claimed.setdefault(doc_id, str(path.resolve()))
        return owner == str(path.resolve())

    def _unique_id(self, doc: Document, path: Path) -> Document:
        """Two different files with the same id in one run: the second gets a suffix."""
        from dataclasses import replace

        if self._claim(doc.doc_id, path):
            return doc
        suffix = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:6]
        new_id = f"{doc.doc_id}-{suffix}"
        self._claim(new_id, path)
        meta = replace(doc.meta, doc_id=new_id)
        clauses = tuple(replace(c, clause_id=c.clause_id.replace(doc.doc_id, new_id, 1),
                                doc_id=new_id) for c in doc.clauses)
        return replace(doc, meta=meta, clauses=clauses)

    def _flush(self) -> None:
        """Embed every waiting chunk in one call, then commit document by document."""
        if not self.pending:
            return
        self._start_writing()
        texts = [c.embed_text for _, _, chunks, _ in self.pending for c in chunks]
        t0 = time.perf_counter()
        vectors = self._embed(texts) if texts else None
        self.report.timings["embed"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        offset = 0
        for result, doc, chunks, fp in self.pending:
            vecs = vectors[offset : offset + len(chunks)] if vectors is not None else []
            offset += len(chunks)
            try:
                self.store.put(doc, chunks, vecs, fp)
                if result.replaces and result.replaces != doc.doc_id:
                    self.store.delete(result.replaces)
            except StoreError:
                raise  # the store is failing: stop, leaving the run flag for the next run's sweep
            except StewardError as exc:
                result.status, result.reason = "failed", str(exc)
        self.report.timings["store"] += time.perf_counter() - t0
        self.pending.clear()
        self.store.heartbeat()

    def _embed(self, texts: list[str]):
        """Embed longest first, in slices, so each model batch holds texts of like length (less
        padding) and the chunk progress bar moves (embedding is most of the time)."""
        import numpy as np
        from tqdm import tqdm

        if self._chunk_bar is None:
            self._chunk_bar = tqdm(desc="Embedding", unit="chunk", disable=not self.progress,
                                   file=sys.stderr, dynamic_ncols=True, position=1, leave=False)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        parts = []
        for i in range(0, len(order), EMBED_SLICE):
            parts.append(self.embedder.embed_documents([texts[j] for j in order[i:i + EMBED_SLICE]]))
            self._chunk_bar.update(len(parts[-1]))
        vectors = np.empty_like(np.concatenate(parts))
        vectors[order] = np.concatenate(parts)
        return vectors

    def _start_writing(self) -> None:
        """Before the first write: flag the run, and if the last one was killed, sweep the rows
        it left for documents that never got committed."""
        if self._writing:
            return
        self._writing = True
        if self.store.begin_writing():
            for doc_id in self.store.orphan_doc_ids():
                self.store.delete(doc_id)

    def _forget_renamed(self, manifest: dict) -> None:
        """A run killed between storing a renamed file and deleting its old record leaves two
        records with the same bytes, one whose file is gone: drop that one."""
        by_hash: dict[str, list[str]] = {}
        for doc_id, rec in manifest.items():
            by_hash.setdefault(rec.content_hash, []).append(doc_id)
        for ids in by_hash.values():
            gone = [i for i in ids if not Path(manifest[i].source).exists()]
            if len(ids) > 1 and gone and len(gone) < len(ids):
                for doc_id in gone:
                    self.store.delete(doc_id)
                    manifest.pop(doc_id)

    def _prune(self, roots: list[Path], files: list[Path], manifest: dict) -> None:
        """Forget documents whose files were under the given folders and are gone now."""
        present = {str(f.resolve()) for f in files}
        dirs = [str(r.resolve()) for r in roots if r.is_dir()]
        for doc_id, rec in manifest.items():
            src = str(Path(rec.source).resolve()) if rec.source else ""
            if src and src not in present and any(src.startswith(d + "/") for d in dirs):
                self._start_writing()
                self.store.delete(doc_id)
                self.report.results.append(FileResult(rec.source, "removed", doc_id))
