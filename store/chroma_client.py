"""Opening Chroma (a local folder or a `chroma run` server) and turning its failures into a
StoreError that names the store, so people see what went wrong and where."""

from __future__ import annotations

import functools
import os
import time
from pathlib import Path

from .errors import StoreError
from .settings import Settings


def open_client(settings: Settings):
    """Chroma client: HttpClient when STEWARD_CHROMA_URL is set, else a local PersistentClient."""
    if not settings.chroma_url:
        return persistent(settings.store_dir)
    from urllib.parse import urlparse

    import chromadb

    url = urlparse(settings.chroma_url)
    try:
        return chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                   ssl=url.scheme == "https", settings=_chroma_settings())
    except (OSError, ValueError, RuntimeError) as exc:
        raise StoreError(f"The document store at {settings.chroma_url} cannot be opened: {exc}"
                         ) from None


def _chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False)


def persistent(folder: Path):
    import chromadb

    try:
        folder.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(folder), settings=_chroma_settings())
    except Exception as exc:  # chromadb raises many types; all mean "cannot open this folder"
        raise StoreError(f"The document store at {folder} cannot be opened: {exc}") from None


def file_id(folder: Path) -> tuple[int, int] | None:
    """Identity of a local store's database file (None if it is gone or cannot be reached)."""
    try:
        st = os.stat(folder / "chroma.sqlite3")
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def forget_folder(client) -> None:
    """Drop Chroma's cached system for this client's folder only, so opening the folder again
    reads the files now there (Chroma caches one system per folder, process-wide)."""
    from chromadb.api.shared_system_client import SharedSystemClient

    identifier = getattr(client, "_identifier", None)
    SharedSystemClient._identifier_to_system.pop(identifier, None)
    SharedSystemClient._identifier_to_refcount.pop(identifier, None)


def _failures() -> tuple[type[BaseException], ...]:
    import httpx
    from chromadb.errors import ChromaError

    return (httpx.HTTPError, ChromaError, OSError)


def _store_failure(exc: Exception) -> bool:
    """Chroma's HTTP client raises a bare Exception for a reply that is not JSON (a proxy's
    502 page, say); that is a store failure too, unlike any other bare error."""
    return isinstance(exc, _failures()) or type(exc) is Exception


def guarded(method):
    """Store failures (server down, files gone or unreadable) become a StoreError naming the
    store; a local store deleted or replaced under a running process is noticed first, and a
    server whose collections vanished (its data was reset) is asked for them again."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        from chromadb.errors import NotFoundError

        self.check()
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            if not _store_failure(exc):
                raise
            if isinstance(exc, NotFoundError) and self.local_dir is None:
                self.reattach()
                raise StoreError(f"The document store at {self.where} was reset (its "
                                 "collections are gone). Run `steward ingest` to rebuild it."
                                 ) from None
            raise StoreError(f"The document store at {self.where} failed ({type(exc).__name__}: "
                             f"{exc}). Check that it is running and readable.") from None

    return wrapper


STALE_S = 600.0  # a run flag not refreshed for this long belongs to a dead run


def other_live_run(flag: dict) -> bool:
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
    return time.time() - float(flag.get("heartbeat", 0)) < STALE_S
