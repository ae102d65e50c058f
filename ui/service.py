"""The one door the app, its API and the OpenAI-compatible endpoint go through.

Every call names the Viewer asking, and every path (ask, search, draft, compare, clause view,
document list, file download) applies that viewer's visibility, so a member can never reach a
team-only document. Only the team may upload, delete, re-ingest or draft.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest.errors import ConfigError, IngestError, NotFoundError, StewardError
from ingest.records import DOC_TYPES, STATUSES, VISIBILITIES

from .users import Users, Viewer

UPLOADS = "uploads"


class NotAllowed(StewardError):
    """The viewer's role does not allow this."""


def safe_name(name: str) -> str:
    """A file name that cannot climb out of the uploads folder ('../../x.pdf' -> 'x.pdf')."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .") or "upload"
    return base[:120]


class Service:
    """Settings, store, search, answers and drafting, opened once and shared by requests."""

    def __init__(self, settings, chat_factory=None) -> None:
        from ingest.embed import get_embedder
        from ingest.store import open_store
        from retrieval.answer import Answerer
        from retrieval.chat import check_backend, get_chat_model
        from retrieval.draft import Drafter
        from retrieval.search import Searcher

        check_backend(settings)
        self.settings = settings
        self.embedder = get_embedder(settings)
        self.store = open_store(settings, self.embedder.name)
        self.searcher = Searcher(settings, self.store, self.embedder)
        factory = chat_factory if chat_factory is not None else (
            lambda: get_chat_model(settings))
        self.answerer = Answerer(self.searcher, factory, settings.answer_max_tokens)
        self.drafter = Drafter(self.searcher, lambda: self.answerer.chat)
        self.users = Users(settings.data_dir / "users.json")
        self._ingest_lock = threading.Lock()

    # --- reading -------------------------------------------------------------------------------

    def filters(self, viewer: Viewer, **given: Any):
        from retrieval.search import Filters

        wanted = {k: v for k, v in given.items() if v}
        return Filters(**{k: tuple(v) if isinstance(v, list | tuple) else v
                          for k, v in wanted.items()}, visibility=viewer.visibility)

    def ask_stream(self, viewer: Viewer, question: str, history: list[str] | None = None,
                   **filters: Any) -> Iterator:
        """Answer text as it comes, then the Answer (retrieval limited to what viewer sees)."""
        yield from self.answerer.stream(question, self.filters(viewer, **filters), history)

    def ask(self, viewer: Viewer, question: str, history=None, **filters: Any):
        final = None
        for part in self.ask_stream(viewer, question, history, **filters):
            final = part
        return final

    def search(self, viewer: Viewer, query: str, k: int = 8, **filters: Any):
        from retrieval.search import clean_query

        return self.searcher.search(clean_query(query), k=k, filters=self.filters(viewer, **filters))

    def documents(self, viewer: Viewer) -> dict[str, dict[str, Any]]:
        return {i: md for i, md in self.store.documents().items()
                if md.get("visibility", "member") in viewer.visibility}

    def clause(self, viewer: Viewer, section: str, doc_id: str | None = None):
        from retrieval.clauses import find_clauses

        return find_clauses(self.store, section, doc_id,
                            where={"visibility": {"$in": list(viewer.visibility)}})

    def compare(self, viewer: Viewer, doc_a: str, doc_b: str):
        from retrieval.compare import compare

        return compare(self.store, doc_a, doc_b, viewer.visibility)

    def original(self, viewer: Viewer, doc_id: str) -> Path:
        """The file a document was ingested from, if the viewer may see it."""
        md = self.documents(viewer).get(doc_id)
        if md is None or not md.get("source") or not Path(md["source"]).is_file():
            raise NotFoundError(f"No document {doc_id!r}.")
        return Path(md["source"])

    # --- team only ---------------------------------------------------------------------------------

    def _team(self, viewer: Viewer, what: str) -> None:
        if not viewer.is_team:
            raise NotAllowed(f"Only the bargaining team can {what}.")

    def draft(self, viewer: Viewer, sections: list[str], goal: str, against: str = "proposal"):
        self._team(viewer, "draft counterproposals")
        return self.drafter.draft(sections, goal, against, viewer.visibility)

    def upload(self, viewer: Viewer, files: list[Path], meta: dict[str, str], progress=True):
        """Save uploaded files under corpus/uploads with their catalog entries, then ingest
        them. Returns the ingest report (one line per file, failures in plain words)."""
        from ingest.loaders import check_size
        from ingest.pipeline import FileResult, Ingestor

        self._team(viewer, "upload documents")
        if not files:
            raise ConfigError("Choose at least one file to upload.")
        meta = _check_meta(meta)
        folder = self.settings.corpus_dir / UPLOADS
        folder.mkdir(parents=True, exist_ok=True)
        saved, refused = [], []
        for f in map(Path, files):
            try:
                check_size(f, self.settings.max_file_mb)
                saved.append(_save(f, folder))
            except IngestError as exc:  # too big: never copied in, never ingested
                refused.append(FileResult(f.name, "failed", reason=exc.why))
        _catalog_upsert(folder / "catalog.toml", [p.name for p in saved], meta)
        with self._ingest_lock:
            report = Ingestor(self.settings, self.store, self.embedder, progress).run(saved)
        report.results += refused
        return report

    def delete(self, viewer: Viewer, doc_id: str) -> str:
        """Remove a document from the index; a file uploaded through the app goes too (a file
        of the corpus folder stays, and comes back on the next `steward ingest`)."""
        from ingest.lexical import index_folder, refresh

        self._team(viewer, "delete documents")
        md = self.store.documents().get(doc_id)
        if md is None:
            raise NotFoundError(f"No document {doc_id!r}.")
        with self._ingest_lock:
            self.store.delete(doc_id)
            refresh(self.store, index_folder(self.settings.data_dir, self.store.namespace,
                                             self.settings.chroma_url))
        source, uploads = Path(md.get("source") or "."), self.settings.corpus_dir / UPLOADS
        if source.is_file() and source.resolve().parent == uploads.resolve():
            source.unlink()
            _catalog_drop(uploads / "catalog.toml", source.name)
            return f"Deleted {md.get('title', doc_id)} and its uploaded file."
        return (f"Deleted {md.get('title', doc_id)} from the index. Its file {source} stays "
                "and comes back on the next full ingest unless you remove it.")

    def reingest(self, viewer: Viewer, doc_id: str):
        from ingest.pipeline import Ingestor

        self._team(viewer, "re-ingest documents")
        source = self.original(viewer, doc_id)
        with self._ingest_lock:
            self.store.delete(doc_id)
            return Ingestor(self.settings, self.store, self.embedder, False).run([source])


def _save(source: Path, folder: Path) -> Path:
    """Copy an upload into the folder under a safe name, never overwriting a different file."""
    import filecmp
    import shutil

    name = safe_name(source.name)
    target, n = folder / name, 1
    while target.exists() and not filecmp.cmp(source, target, shallow=False):
        n += 1
        target = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
    shutil.copyfile(source, target)
    return target


_META_FIELDS = ("title", "doc_type", "employer", "union", "from_party", "to_party", "date",
                "status", "visibility")


def _check_meta(meta: dict[str, str]) -> dict[str, str]:
    clean = {k: str(v).strip() for k, v in meta.items() if k in _META_FIELDS and v}
    for name, allowed in (("doc_type", DOC_TYPES), ("status", STATUSES),
                          ("visibility", VISIBILITIES)):
        if name in clean and clean[name] not in allowed:
            raise ConfigError(f"{name} {clean[name]!r} is not one of {', '.join(allowed)}.")
    if clean.get("date") and not re.fullmatch(r"\d{4}(-\d{2}){0,2}", clean["date"]):
        raise ConfigError(f"Date {clean['date']!r} is not yyyy, yyyy-mm or yyyy-mm-dd.")
    return clean


def _toml_str(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _catalog_entries(path: Path) -> list[dict[str, Any]]:
    import tomllib

    return tomllib.loads(path.read_text()).get("document", []) if path.exists() else []


def _catalog_write(path: Path, entries: list[dict[str, Any]]) -> None:
    blocks = ["\n".join(["[[document]]"] + [f"{k} = {_toml_str(str(v))}" for k, v in e.items()])
              for e in entries]
    path.write_text("# Uploaded through the Library tab.\n\n" + "\n\n".join(blocks) + "\n")


def _catalog_drop(path: Path, name: str) -> None:
    _catalog_write(path, [e for e in _catalog_entries(path) if e.get("file") != name])


def _catalog_upsert(path: Path, names: list[str], meta: dict[str, str]) -> None:
    """Add or replace the catalog entries of these files (other entries are kept)."""
    entries = [e for e in _catalog_entries(path) if e.get("file") not in names]
    entries += [{"file": n, **({"title": meta["title"]} if meta.get("title") and len(names) == 1
                               else {}), **{k: v for k, v in meta.items() if k != "title"}}
                for n in names]
    _catalog_write(path, entries)
