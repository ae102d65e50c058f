"""The corpus catalog (corpus/catalog.toml) and metadata inference for uncatalogued files.

    [[document]]
    file = "004_d6a0d3bf041202d8.txt"      # path relative to the catalog
    id = "scusd-proposal-art12-2021-10-13"  # optional; defaults to a slug of the file name
    title = "..."; doc_type = "proposal"; employer = "..."; union = "..."
    from_party = "..."; to_party = "..."; date = "2021-10-13"; status = "proposed"
    visibility = "member"                  # or "team" for bargaining-team-only material
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

from store.errors import ConfigError
from store.records import DOC_TYPES, STATUSES, VISIBILITIES, DocMeta
from store.text import slugify

from .metadata import infer, status_of

CATALOG_NAME = "catalog.toml"
DRAFT_NAME = "catalog.draft.toml"  # what `steward catalog draft` writes; never ingested
_FIELDS = ("title", "doc_type", "employer", "union", "from_party", "to_party", "date",
           "term_end", "status", "visibility")
_FRONT_MATTER_TYPES = {
    "collective_bargaining_agreement": "contract",
    "cba": "contract",
    "letter_of_agreement": "side_letter",
    "memorandum_of_understanding": "side_letter",
    "mou": "side_letter",
    "tentative_agreement": "tentative_agreement",
}
# A PDF's or Word file's title and date are file properties ("Microsoft Word - draft3.doc", the
# day it was saved), not the document's own words: used only when the text says nothing.
_FILE_PROPERTIES = (".pdf", ".docx")
_ALWAYS = ("title", "doc_type", "date", "status")  # a catalog entry that leaves these out
_GUESSED = ("title", "doc_type", "employer", "union", "from_party", "to_party", "date", "term_end",
            "status")


def load_catalog(path: Path) -> dict[str, dict]:
    """Entries of one catalog.toml keyed by resolved file path."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: the catalog cannot be read ({exc}).") from None
    entries = {}
    for i, entry in enumerate(data.get("document", [])):
        if "file" not in entry:
            raise ConfigError(f"{path}: catalog entry #{i + 1} has no `file`.")
        validate_entry(path, entry)
        entries[str((path.parent / entry["file"]).resolve())] = entry
    return entries


def invalid_value(entry: dict) -> str:
    """Why an entry's doc_type, status or visibility is one Steward would misfile, or ""."""
    for name, allowed in (("doc_type", DOC_TYPES), ("status", STATUSES),
                          ("visibility", VISIBILITIES)):
        value = entry.get(name)
        if value is not None and value not in allowed:
            return f"{name} = {value!r} is not one of {', '.join(allowed)}."
    return ""


def validate_entry(where: Path, entry: dict) -> None:
    """Refuse values Steward would silently misfile (unknown doc_type, status, visibility)."""
    if why := invalid_value(entry):
        raise ConfigError(f"{where}: {entry.get('file', '?')}: {why}")


class Catalog:
    """Finds the catalog entry for a file: catalog.toml in its folder or a parent folder."""

    def __init__(self) -> None:
        self._cache: dict[Path, dict[str, dict]] = {}

    def entry_for(self, path: Path) -> dict | None:
        resolved = path.resolve()
        for folder in list(resolved.parents)[:4]:
            if folder not in self._cache:
                cat = folder / CATALOG_NAME
                self._cache[folder] = load_catalog(cat) if cat.is_file() else {}
            hit = self._cache[folder].get(str(resolved))
            if hit is not None:
                return hit
        return None


def _from_front_matter(fm: dict) -> dict:
    out = {}
    if fm.get("title"):
        out["title"] = str(fm["title"])
    if fm.get("doc_type"):
        dt = str(fm["doc_type"]).lower()
        out["doc_type"] = dt if dt in DOC_TYPES else _FRONT_MATTER_TYPES.get(dt, "other")
    employer = fm.get("employer") or fm.get("issuing_body")
    if employer:
        out["employer"] = str(employer)
    if fm.get("union"):
        out["union"] = str(fm["union"])
    for key in ("date", "effective_date"):
        if fm.get(key):
            out["date"] = str(fm[key])[:10]
            break
    status = str(fm.get("status") or "").lower()
    if status in STATUSES:
        out["status"] = status
    return out


def document_meta(path: Path, found: dict, text: str, entry: dict | None) -> DocMeta:
    """Catalog entry first, then metadata found in the file, then what the text says about
    itself (ingest/metadata.py); `inferred` names the fields guessed from the text."""
    entry = dict(entry or {})
    props = path.suffix.lower() in _FILE_PROPERTIES
    values = {**({} if props else _from_front_matter(found)),
              **{k: entry[k] for k in _FIELDS if k in entry}}
    inferred = []
    wanted = [k for k in (_GUESSED if not entry else _ALWAYS) if not values.get(k)]
    if wanted:
        trusted = {**found, "_title_trusted": not props, "_date_trusted": not props}
        guess = infer(path, trusted, text)
        if values.get("doc_type") and not values.get("status"):
            guess = replace(guess, status=status_of(values["doc_type"], guess.term_end))
        for k in wanted:
            if getattr(guess, k) or k in _ALWAYS:
                values[k] = getattr(guess, k)
                inferred.append(k)
    if not values.get("title"):
        values["title"] = str(found.get("title") or path.stem)
    doc_id = entry.get("id") or found.get("id") or slugify(path.stem)
    return DocMeta(doc_id=slugify(str(doc_id)), source=str(path), inferred=tuple(inferred),
                   **{k: str(v) for k, v in values.items() if k in _FIELDS})


def catalog_toml(entries: list[dict], header: str) -> str:
    """Catalog entries as TOML (each value a JSON string, which is a valid TOML basic string)."""
    import json

    blocks = ["\n".join(["[[document]]"] + [f"{k} = {json.dumps(str(v), ensure_ascii=False)}"
                                            for k, v in e.items()]) for e in entries]
    return header + "\n\n".join(blocks) + "\n"


def inferred_note(meta: DocMeta) -> str:
    """What the ingest report says was guessed: 'guessed from the text: type contract, date
    2021-07-01 (term to 2023-06-30), employer ..., union ..., status expired'."""
    said = {"doc_type": f"type {meta.doc_type}", "employer": f"employer {meta.employer}",
            "union": f"union {meta.union}", "from_party": f"proposed by {meta.from_party}",
            "to_party": f"to {meta.to_party}", "status": f"status {meta.status}",
            "title": f"title “{meta.title[:80]}”",
            "date": f"date {meta.date or '(none found)'}"
                    + (f" (term to {meta.term_end})" if meta.term_end else "")}
    parts = [said[k] for k in said if k in meta.inferred]
    return "guessed from the text: " + ", ".join(parts) if parts else ""


def draft_entry(meta: DocMeta, file: str) -> dict:
    """A catalog entry holding what was inferred for one file (empty fields left out)."""
    entry = {"file": file, "id": meta.doc_id}
    entry.update({k: getattr(meta, k) for k in _FIELDS if getattr(meta, k)})
    return entry
