"""The Library's files: uploads saved under corpus/uploads with their own catalog, the details
a team edits on purpose, and a log of every change a person made to the Library.

An upload only ever catalogues the files added for it. A file already in the Library (same
bytes) keeps its details: only an explicit edit (`Service.edit_details`) changes them.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

from ingest.catalog import CATALOG_NAME, catalog_toml, invalid_value
from store.errors import ConfigError
from store.records import DocRecord

from .words import FIELD_WORDS, say_lower

UPLOADS = "uploads"
FIELDS = ("title", "doc_type", "employer", "union", "from_party", "to_party", "date", "status",
          "visibility")
LABELS = {"title": "title", "doc_type": "type", "employer": "employer", "union": "union",
          "from_party": "from", "to_party": "to", "date": "date", "status": "status",
          "visibility": "who may see it"}
_DATE = re.compile(r"\d{4}(-\d{2}){0,2}")


def safe_name(name: str) -> str:
    """A file name that cannot climb out of the uploads folder ('../../x.pdf' -> 'x.pdf')."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .") or "upload"
    return base[:120]


def save_copy(source: Path, folder: Path) -> Path:
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


def check_details(details: dict[str, Any], keep_empty: bool = False) -> dict[str, str]:
    """Document details a person typed, checked: only known fields, known values, a real date.
    Empty values are dropped, or kept (as "") when `keep_empty` (an edit that clears a field)."""
    clean = {k: str(v or "").strip() for k, v in details.items() if k in FIELDS}
    clean = {k: v for k, v in clean.items() if v or keep_empty}
    if why := invalid_value({k: v for k, v in clean.items() if v}):
        raise ConfigError(why)
    if clean.get("date") and not _DATE.fullmatch(clean["date"]):
        raise ConfigError(f"Date {clean['date']!r} is not yyyy, yyyy-mm or yyyy-mm-dd.")
    return clean


def current_details(record: DocRecord) -> dict[str, str]:
    """A stored document's details as the edit form shows them."""
    values = {k: str(getattr(record, k) or "") for k in FIELDS if k != "date"}
    return {**values, "date": record.date_text, "visibility": record.visibility or "member"}


def changed_details(record: DocRecord, wanted: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """field -> (now, wanted) for every detail the person changed."""
    now = current_details(record)
    return {k: (now[k], v) for k, v in check_details(wanted, keep_empty=True).items()
            if v != now[k]}


def describe_changes(title: str, changes: dict[str, tuple[str, str]]) -> str:
    """The confirmation a person reads before an edit is applied (Markdown-free text)."""
    def word(field: str, value: str) -> str:
        return say_lower(FIELD_WORDS[field], value) if field in FIELD_WORDS and value else value

    lines = [f"{LABELS[k]}: {word(k, old) or '(none)'} → {word(k, new) or '(read from the file)'}"
             for k, (old, new) in changes.items()]
    if changes.get("visibility", ("", ""))[1] == "member":
        lines.append("Members will be able to read it, and answers to members may quote it.")
    return f"Change the details of “{title}”?\n" + "\n".join(lines)


class UploadCatalog:
    """corpus/uploads/catalog.toml, written by the app only: one entry per uploaded file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / CATALOG_NAME

    def entries(self) -> list[dict[str, Any]]:
        import tomllib

        return tomllib.loads(self.path.read_text()).get("document", []) if self.path.exists() else []

    def entry(self, name: str) -> dict[str, Any] | None:
        return next((e for e in self.entries() if e.get("file") == name), None)

    def add(self, names: list[str], details: dict[str, str]) -> None:
        """Catalogue newly saved files (an entry of the same name, for a file that is not in the
        Library, is replaced)."""
        entries = [e for e in self.entries() if e.get("file") not in names]
        self._write(entries + [{"file": n, **details} for n in names])

    def edit(self, name: str, changes: dict[str, str]) -> None:
        """Apply a person's edit to one file's entry ("" clears a field)."""
        entries = self.entries()
        entry = next((e for e in entries if e.get("file") == name), None)
        if entry is None:
            entries.append(entry := {"file": name})
        for k, v in changes.items():
            if v:
                entry[k] = v
            else:
                entry.pop(k, None)
        self._write(entries)

    def drop(self, name: str) -> None:
        self._write([e for e in self.entries() if e.get("file") != name])

    def _write(self, entries: list[dict[str, Any]]) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(catalog_toml(entries, "# Uploaded through the Library tab.\n\n"))
        tmp.replace(self.path)


class ChangeLog:
    """Who changed what in the Library, one JSON line per change (data_dir/library-log.jsonl)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def record(self, user: str, action: str, doc_id: str, **detail: Any) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "user": user, "action": action,
                "doc_id": doc_id, **detail}
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")

    def read(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        return [json.loads(x) for x in self.path.read_text(encoding="utf-8").splitlines() if x]
