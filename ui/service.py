"""The one door the app, its API and the OpenAI-compatible endpoint go through.

Every call names the Viewer asking, and every path (ask, search, draft, compare, clause view,
document list, file download) applies that viewer's visibility, so a member can never reach a
team-only document. Only the team may upload, delete, re-ingest or draft.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from store.errors import ConfigError, IngestError, NotFoundError, StewardError
from store.records import DocRecord
from store.scope import Scope

from .library import UPLOADS, ChangeLog, UploadCatalog, changed_details, check_details, save_copy
from .users import Users, Viewer

WARM_UP_QUESTION = "What does the contract say about pay?"
WARM_UP_VIEWER = Viewer("warm-up", "member")  # sees what any member sees, nothing more


class NotAllowed(StewardError):
    """The viewer's role does not allow this."""


class Service:
    """Settings, store, search, answers and drafting, opened once and shared by requests."""

    def __init__(self, settings, chat_factory=None) -> None:
        from retrieval.answer import Answerer
        from retrieval.chat import check_backend, get_chat_model
        from retrieval.draft import Drafter
        from retrieval.search import Searcher
        from store.base import open_store
        from store.embed import get_embedder

        check_backend(settings)
        self.settings = settings
        self.embedder = get_embedder(settings)
        self.store = open_store(settings, self.embedder.name)
        self.searcher = Searcher(settings, self.store, self.embedder)
        factory = chat_factory if chat_factory is not None else (
            lambda: get_chat_model(settings))
        self.answerer = Answerer(self.searcher, factory, settings.answer_max_tokens)
        self.drafter = Drafter(self.searcher, self.answerer.model)
        self.users = Users(settings.data_dir / "users.json")
        self.log = ChangeLog(settings.data_dir / "library-log.jsonl")
        self._ingest_lock = threading.Lock()

    # --- reading -------------------------------------------------------------------------------

    @staticmethod
    def scope(viewer: Viewer, **filters: Any) -> Scope:
        """What this viewer may read, narrowed by the filters they chose (empty ones ignored):
        the Scope every store read takes."""
        chosen = {k: tuple(v) if isinstance(v, list | tuple) else v for k, v in filters.items()
                  if v}
        return Scope(viewer.visibility, **chosen)

    def ask_stream(self, viewer: Viewer, question: str, history: list[str] | None = None,
                   progress: bool = False, **filters: Any) -> Iterator:
        """Answer text as it comes, then the Answer (retrieval limited to what viewer sees);
        with `progress`, a Progress once the clauses are found."""
        yield from self.answerer.stream(question, self.scope(viewer, **filters), history,
                                        progress)

    def warm_up(self) -> str:
        """Load the models and read the store before anyone asks (one question, as a member
        would ask it), so the first answer comes as quickly as the next. Returns what went
        wrong, in plain words, or ""."""
        try:
            self.answerer.warm_up(WARM_UP_QUESTION, self.scope(WARM_UP_VIEWER))
        except StewardError as exc:  # the store gone, the model missing: said, not fatal
            return f"Not everything could be loaded before the first question: {exc}"
        return ""

    def ask(self, viewer: Viewer, question: str, history=None, **filters: Any):
        final = None
        for part in self.ask_stream(viewer, question, history, **filters):
            final = part
        return final

    def search(self, viewer: Viewer, query: str, k: int = 8, **filters: Any):
        from retrieval.search import clean_query

        return self.searcher.search(clean_query(query), self.scope(viewer, **filters), k=k)

    def documents(self, viewer: Viewer) -> dict[str, DocRecord]:
        return self.store.documents(self.scope(viewer))

    def texts(self, viewer: Viewer, doc_ids) -> dict[str, str]:
        """The stored text of the documents the viewer may see."""
        return self.store.texts(self.scope(viewer), doc_ids)

    def clauses_of(self, viewer: Viewer, doc_ids: list[str]) -> list:
        """Every clause of these documents the viewer may see, in document order."""
        scope = self.scope(viewer)
        found = [c for d in doc_ids for c, _ in self.store.clauses(scope, doc_id=d)]
        return sorted(found, key=lambda c: (c.doc_id, c.char_start, c.clause_id))

    def clause(self, viewer: Viewer, section: str, doc_id: str | None = None):
        from retrieval.clauses import find_clauses

        return find_clauses(self.store, self.scope(viewer), section, doc_id)

    def compare(self, viewer: Viewer, doc_a: str, doc_b: str):
        from retrieval.compare import compare

        return compare(self.store, self.scope(viewer), doc_a, doc_b)

    def original(self, viewer: Viewer, doc_id: str) -> Path:
        """The file a document was ingested from, if the viewer may see it."""
        rec = self.documents(viewer).get(doc_id)
        if rec is None or not rec.source or not Path(rec.source).is_file():
            raise NotFoundError(f"No document {doc_id!r}.")
        return Path(rec.source)

    # --- team only ---------------------------------------------------------------------------------

    def _team(self, viewer: Viewer, what: str) -> None:
        if not viewer.is_team:
            raise NotAllowed(f"Only the bargaining team can {what}.")

    def draft(self, viewer: Viewer, sections: list[str], goal: str, against: str = "proposal"):
        self._team(viewer, "draft counterproposals")
        return self.drafter.draft(sections, goal, self.scope(viewer), against)

    def ingest(self, viewer: Viewer, paths: list[Path], prune: bool = False, progress=True):
        """`steward ingest`: the files under `paths` into the store (team only)."""
        from ingest.pipeline import Ingestor

        self._team(viewer, "ingest documents")
        with self._ingest_lock:
            return Ingestor(self.settings, self.store, self.embedder, progress).run(paths, prune)

    def counts(self) -> dict[str, int]:
        """How many documents, clauses and chunks the store holds."""
        return self.store.counts()

    def upload(self, viewer: Viewer, files: list[Path], details: dict[str, str], progress=True):
        """Save the files added for this upload under corpus/uploads, catalogue them with these
        details, and ingest them. A file already in the Library (same bytes) is not added again
        and keeps its details. Returns the ingest report (one line per file, in plain words)."""
        from ingest.pipeline import Ingestor

        self._team(viewer, "upload documents")
        files = list(dict.fromkeys(map(Path, files)))
        if not files:
            raise ConfigError("Choose at least one file to upload.")
        details = check_details(details)
        if details.get("title") and len(files) > 1:
            raise ConfigError(
                f"One title was given for {len(files)} files. Upload one file at a time to give "
                "each its own title, or clear the Title box: each file is then titled from its "
                "own text.")
        folder = self.settings.corpus_dir / UPLOADS
        folder.mkdir(parents=True, exist_ok=True)
        with self._ingest_lock:
            saved, kept = self._take_new(viewer, files, folder)
            if saved:
                UploadCatalog(folder).add([p.name for p in saved], details)
            report = Ingestor(self.settings, self.store, self.embedder, progress).run(saved)
        for r in report.results:
            if r.status in ("added", "updated"):
                self.log.record(viewer.name, "upload", r.doc_id, file=Path(r.path).name,
                                details=details)
        report.results += kept
        return report

    def _take_new(self, viewer: Viewer, files: list[Path], folder: Path) -> tuple[list[Path], list]:
        """Copy in the files that are new to the Library; a result for each file that is not
        (too big, or the same bytes as a stored document, whose details stay as they are)."""
        import hashlib

        from ingest.loaders import check_size
        from ingest.pipeline import FileResult

        self.store.check(create=True)  # a store deleted under a running app is rebuilt here
        stored = {rec.content_hash: rec for rec in self.documents(viewer).values()}
        saved, kept = [], []
        for f in files:
            try:
                check_size(f, self.settings.max_file_mb)
            except IngestError as exc:  # too big: never copied in, never ingested
                kept.append(FileResult(f.name, "failed", reason=exc.why))
                continue
            same = stored.get(hashlib.sha256(f.read_bytes()).hexdigest())
            if same is None:
                saved.append(save_copy(f, folder))
                continue
            kept.append(FileResult(f.name, "unchanged", same.doc_id, reason=(
                f"same content as “{same.title or same.doc_id}”, already in the Library: not added "
                "again, and its details were not changed (use Edit details to change them)")))
        return list(dict.fromkeys(saved)), kept

    def _record(self, viewer: Viewer, doc_id: str) -> DocRecord:
        record = self.documents(viewer).get(doc_id)
        if record is None:
            raise NotFoundError(f"No document {doc_id!r}.")
        return record

    def _uploaded_file(self, record: DocRecord) -> Path | None:
        """The document's file if it was uploaded through the app (its catalog is ours)."""
        source, uploads = Path(record.source or "."), self.settings.corpus_dir / UPLOADS
        if source.is_file() and source.resolve().parent == uploads.resolve():
            return source
        return None

    def details_changes(self, viewer: Viewer, doc_id: str,
                        wanted: dict[str, str]) -> dict[str, tuple[str, str]]:
        """What an edit of a document's details would change: field -> (now, wanted)."""
        self._team(viewer, "edit document details")
        record = self._record(viewer, doc_id)
        if self._uploaded_file(record) is None:
            raise ConfigError(
                f"“{record.title or doc_id}” was not uploaded in the app: its details come "
                f"from the catalog.toml beside its file ({record.source or '?'}). Edit that "
                "file, then run `steward ingest`.")
        return changed_details(record, wanted)

    def edit_details(self, viewer: Viewer, doc_id: str, wanted: dict[str, str]):
        """Change an uploaded document's details on purpose (after the person confirmed them),
        re-ingest it and log the change. Returns the ingest report, or None if nothing changed."""
        from ingest.pipeline import Ingestor

        changes = self.details_changes(viewer, doc_id, wanted)
        if not changes:
            return None
        source = self._uploaded_file(self._record(viewer, doc_id))
        with self._ingest_lock:
            UploadCatalog(source.parent).edit(source.name, {k: new for k, (_, new) in
                                                            changes.items()})
            report = Ingestor(self.settings, self.store, self.embedder, False).run([source])
        self.log.record(viewer.name, "edit", doc_id,
                        changes={k: list(v) for k, v in changes.items()})
        return report

    def delete(self, viewer: Viewer, doc_id: str) -> str:
        """Remove a document from the index; a file uploaded through the app goes too (a file
        of the corpus folder stays, and comes back on the next `steward ingest`)."""
        self._team(viewer, "delete documents")
        rec = self._record(viewer, doc_id)
        with self._ingest_lock:
            self.store.delete(doc_id)
        self.log.record(viewer.name, "delete", doc_id, title=rec.title)
        source = self._uploaded_file(rec)
        if source is not None:
            source.unlink()
            UploadCatalog(source.parent).drop(source.name)
            return f"Deleted {rec.title or doc_id} and its uploaded file."
        return (f"Deleted {rec.title or doc_id} from the index. Its file {rec.source} stays and "
                "comes back on the next full ingest unless you remove it.")

    def reingest(self, viewer: Viewer, doc_id: str):
        from ingest.pipeline import Ingestor

        self._team(viewer, "re-ingest documents")
        source = self.original(viewer, doc_id)
        with self._ingest_lock:
            self.store.delete(doc_id)
            report = Ingestor(self.settings, self.store, self.embedder, False).run([source])
        self.log.record(viewer.name, "reingest", doc_id)
        return report
