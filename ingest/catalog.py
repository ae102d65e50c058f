"""The corpus catalog (corpus/catalog.toml) and metadata inference for uncatalogued files.

    [[document]]
    file = "004_d6a0d3bf041202d8.txt"      # path relative to the catalog
    id = "scusd-proposal-art12-2021-10-13"  # optional; defaults to a slug of the file name
    title = "..."; doc_type = "proposal"; employer = "..."; union = "..."
    from_party = "..."; to_party = "..."; date = "2021-10-13"; status = "proposed"
    visibility = "member"                  # or "team" for bargaining-team-only material
"""

from __future__ import annotations

import re
import tomllib
from datetime import date as _date
from pathlib import Path

from store.errors import ConfigError
from store.records import DOC_TYPES, STATUSES, VISIBILITIES, DocMeta
from store.text import slugify

CATALOG_NAME = "catalog.toml"
_FIELDS = ("title", "doc_type", "employer", "union", "from_party", "to_party", "date",
           "status", "visibility")
_FRONT_MATTER_TYPES = {
    "collective_bargaining_agreement": "contract",
    "cba": "contract",
    "letter_of_agreement": "side_letter",
    "memorandum_of_understanding": "side_letter",
    "mou": "side_letter",
    "tentative_agreement": "tentative_agreement",
}
_TYPE_HINTS = (
    ("tentative_agreement", r"\btentative(ly)? agree(ment|d)\b|\bT\.?A\.? (on|for)\b"),
    ("counterproposal", r"\bcounter[- ]?proposal\b"),
    ("proposal", r"\bproposal\b"),
    ("side_letter", r"\bside letter\b|\bletter of (agreement|understanding)\b|"
                    r"\bmemorandum of (agreement|understanding)\b|\bMOU\b"),
    ("contract", r"\bcollective bargaining agreement\b|\bagreement between\b"),
    ("bulletin", r"\bbargaining (update|bulletin)\b|\bour bargaining team\b|\brally\b"),
    ("news", r"\((KTXL|AP|Reuters)\)|\bsaid\b.*\bsaid\b"),
)
_MONTHS = ("january february march april may june july august september october november "
           "december").split()
_DATE_RXS = (
    re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"),
    re.compile(r"\b(" + "|".join(m.title() for m in _MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+"
               r"((?:19|20)\d\d)\b"),
)


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


def find_date(text: str) -> str:
    """The first date in the text as ISO (yyyy-mm-dd), or ""."""
    best: tuple[int, str] | None = None
    for rx in _DATE_RXS:
        m = rx.search(text)
        if not m:
            continue
        g = m.groups()
        try:
            if g[0].isdigit():
                d = _date(int(g[0]), int(g[1]), int(g[2]))
            else:
                d = _date(int(g[2]), _MONTHS.index(g[0].lower()) + 1, int(g[1]))
        except ValueError:
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), d.isoformat())
    return best[1] if best else ""


def guess_doc_type(title: str, head: str) -> str:
    for doc_type, rx in _TYPE_HINTS:
        if re.search(rx, title, re.IGNORECASE):
            return doc_type
    for doc_type, rx in _TYPE_HINTS:
        if re.search(rx, head, re.IGNORECASE if doc_type != "news" else 0):
            return doc_type
    return "other"


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip(" \t#*-\f")
        if len(line) >= 3:
            return line[:120]
    return ""


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
    """Catalog entry first, then metadata found in the file, then inference from the text."""
    entry = dict(entry or {})
    values = {**_from_front_matter(found), **{k: entry[k] for k in _FIELDS if k in entry}}
    inferred = []
    head = text[:3000]
    if not values.get("title"):
        values["title"] = _first_line(text) or path.stem
        inferred.append("title")
    if not values.get("date"):
        values["date"] = find_date(head)
        inferred.append("date")
    if not values.get("doc_type"):
        values["doc_type"] = guess_doc_type(values["title"], head)
        inferred.append("doc_type")
    if not values.get("status"):
        values["status"] = "proposed" if values["doc_type"] in ("proposal", "counterproposal") \
            else "current"
        inferred.append("status")
    doc_id = entry.get("id") or found.get("id") or slugify(path.stem)
    return DocMeta(doc_id=slugify(str(doc_id)), source=str(path), inferred=tuple(inferred),
                   **{k: str(v) for k, v in values.items() if k in _FIELDS})
