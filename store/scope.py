"""What one read of the store may see. Every store read takes a Scope, and `Scope.admits` is
the one place a document's visibility (and every filter a person chose) is decided: no caller
filters documents itself, so no caller can forget to."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .errors import ConfigError
from .records import DOC_TYPES, STATUSES, VISIBILITIES, DocRecord


def date_int(text: str, low: bool) -> int:
    """'2024' -> 20240101 (low) or 20241231; '2024-03' -> 20240301 / 20240331 (as yyyymmdd)."""
    digits = re.sub(r"\D", "", text)
    if len(digits) not in (4, 6, 8):
        raise ConfigError(f"Date {text!r} is not yyyy, yyyy-mm or yyyy-mm-dd.")
    pad = "0101" if low else "1231"
    return int((digits + pad[len(digits) - 4:])[:8]) if len(digits) < 8 else int(digits)


@dataclass(frozen=True)
class Scope:
    """The viewer's visibility (always given) and the filters a person chose. Empty filters do
    not filter; `doc_ids` None means any document, () none."""

    visibility: tuple[str, ...]
    doc_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    employer: str = ""  # case-insensitive part of the name: "SCUSD", "Lane County"
    union: str = ""
    date_from: str = ""  # yyyy, yyyy-mm or yyyy-mm-dd, inclusive
    date_to: str = ""
    doc_ids: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if not self.visibility or set(self.visibility) - set(VISIBILITIES):
            raise ValueError(f"a Scope needs a viewer's visibility, got {self.visibility!r}")
        for name, allowed, values in (("doc_type", DOC_TYPES, self.doc_types),
                                      ("status", STATUSES, self.statuses)):
            bad = [v for v in values if v not in allowed]
            if bad:
                raise ConfigError(f"Unknown {name} {bad[0]!r}; choose from {', '.join(allowed)}.")
        for text, low in ((self.date_from, True), (self.date_to, False)):
            if text:
                date_int(text, low)

    @classmethod
    def everything(cls) -> Scope:
        """Every document (ingest's own bookkeeping; the bargaining team)."""
        return cls(VISIBILITIES)

    def narrow(self, **changes) -> Scope:
        """This scope with more filters (visibility can only be kept or narrowed)."""
        if "visibility" in changes and set(changes["visibility"]) - set(self.visibility):
            raise ValueError("a narrowed Scope cannot see more than the one it narrows")
        return replace(self, **changes)

    def admits(self, doc: DocRecord) -> bool:
        """May this read see the document?"""
        if (doc.visibility or "member") not in self.visibility:
            return False
        if self.doc_ids is not None and doc.doc_id not in self.doc_ids:
            return False
        if (self.doc_types and doc.doc_type not in self.doc_types
                or self.statuses and doc.status not in self.statuses):
            return False
        if self.date_from and doc.date < date_int(self.date_from, low=True):
            return False
        if self.date_to and doc.date > date_int(self.date_to, low=False):
            return False
        return all(not wanted or wanted.lower() in have.lower()
                   for wanted, have in ((self.employer, doc.employer), (self.union, doc.union)))
