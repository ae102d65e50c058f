"""`steward catalog draft`: the metadata ingest would infer for uncatalogued files, written as
a catalog.toml draft the team corrects and renames to catalog.toml before re-ingesting."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from store.errors import StewardError

from .catalog import Catalog, catalog_toml, document_meta, draft_entry
from .loaders import parse_bytes, read_file, supported
from .pipeline import discover, normalize

HEADER = """# Steward catalog DRAFT: what Steward guessed for files with no catalog entry.
# Check every value (type, title, parties, date, status; visibility is "member" = everyone
# unless you change it to "team"), then rename this file to catalog.toml and run
# `steward ingest` again. doc_type: contract | proposal | counterproposal | tentative_agreement
# | side_letter | award | bulletin | news | other; status: current | proposed | superseded | expired

"""


def guessed_meta(path: Path, max_mb: float = 100.0):
    """The DocMeta ingest infers for a file read with no catalog entry."""
    data = read_file(path, max_mb)
    loaded = parse_bytes(path, data)
    return document_meta(path.resolve(), loaded.meta, normalize(loaded).without("delete"), None)


def draft(paths: Iterable[Path], out: Path, include_all: bool = False,
          max_mb: float = 100.0) -> tuple[list[dict], list[str]]:
    """(entries, problems) for the files under `paths` that have no catalog entry (all of
    them with `include_all`); each entry's `file` is relative to the draft's folder."""
    catalog, entries, problems = Catalog(), [], []
    for path in discover(paths):
        if not supported(path) or (not include_all and catalog.entry_for(path)):
            continue
        try:
            meta = guessed_meta(path, max_mb)
        except StewardError as exc:
            problems.append(f"{path}: {getattr(exc, 'why', '') or exc}")
            continue
        rel = os.path.relpath(path.resolve(), out.resolve().parent)
        entries.append(draft_entry(meta, Path(rel).as_posix()))
    return entries, problems


def write_draft(paths: Iterable[Path], out: Path, include_all: bool = False,
                max_mb: float = 100.0) -> tuple[int, list[str]]:
    """Write the draft catalog; returns how many entries it holds and the files not read."""
    entries, problems = draft(paths, out, include_all, max_mb)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(catalog_toml(entries, HEADER), encoding="utf-8")
    return len(entries), problems
