"""Domain records shared by every stage: documents, clauses, chunks and their redlines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DOC_TYPES = (
    "contract",
    "proposal",
    "counterproposal",
    "tentative_agreement",
    "side_letter",
    "award",  # a fact-finding report or an arbitration award
    "bulletin",
    "news",
    "other",
)
STATUSES = ("current", "proposed", "superseded", "expired")
VISIBILITIES = ("member", "team")

ChangeKind = Literal["insert", "delete"]


@dataclass(frozen=True)
class DocMeta:
    """Catalog facts about one document (from corpus/catalog.toml, front matter, or inferred)."""

    doc_id: str
    title: str
    doc_type: str = "other"
    employer: str = ""
    union: str = ""
    from_party: str = ""
    to_party: str = ""
    date: str = ""  # ISO yyyy-mm-dd, or yyyy-mm / yyyy when that is all we know
    status: str = "current"
    visibility: str = "member"
    source: str = ""  # path the document was read from
    inferred: tuple[str, ...] = ()  # names of fields guessed rather than catalogued
    term_end: str = ""  # an agreement's last day in force (ISO), when its text gives one

    @property
    def date_int(self) -> int:
        """Date as yyyymmdd for range filters (missing parts count as 0)."""
        digits = (self.date.replace("-", "") + "00000000")[:8]
        return int(digits) if digits.isdigit() else 0


@dataclass(frozen=True)
class Change:
    """One insertion or deletion inside a clause."""

    kind: ChangeKind
    text: str
    color: str | None = None
    inferred: bool = False  # recovered from lossy text rather than read from real marks


@dataclass(frozen=True)
class Redline:
    """A clause as the document proposes it (`current`) and with its marks (`marked`)."""

    current: str
    marked: str
    changes: tuple[Change, ...] = ()

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)


@dataclass(frozen=True)
class Move:
    """A `[Moved from 12.2.1.8]` / `[Moved to 12.2.1]` note found in a clause."""

    direction: Literal["from", "to"]
    section: str


@dataclass(frozen=True)
class Clause:
    """One clause of a document, addressed by its section number and character span."""

    clause_id: str
    doc_id: str
    section: str | None  # best reading, e.g. "12.8.4"
    label: str  # how to show it, e.g. "12.8.4" or "Article 5, Section II"
    heading_path: tuple[str, ...]
    page: int | None
    char_start: int  # offsets into Document.text; current == text[char_start:char_end]
    char_end: int
    redline: Redline
    section_raw: str | None = None  # as printed, e.g. "12.8.54"
    aliases: tuple[str, ...] = ()  # other readings of the number (old number, raw form)
    moves: tuple[Move, ...] = ()
    lossy: bool = False  # from a redline whose struck text could not be told from live text
    keys: tuple[str, ...] = ()  # normalized lookup keys ("12.8.4", "section:3", "article:12")
    subitems: tuple[tuple[str, int], ...] = ()  # sub-items: (path "a.1", offset in doc text)
    article: str = ""  # the article (or appendix) holding the clause, as numbered: "20", "A"
    article_title: str = ""  # its title as printed: "SICK LEAVE"

    @property
    def text(self) -> str:
        return self.redline.current

    def sub_at(self, offset: int) -> str:
        """The sub-item path ("b", "a.6") holding document offset `offset`, or ""."""
        found = ""
        for path, at in self.subitems:
            if at > offset:
                break
            found = path
        return found

    def section_at(self, offset: int) -> str:
        """The qualified id at a document offset: "20.A.1.b" inside sub-item (b) of 20.A.1."""
        sub = self.sub_at(offset)
        return ".".join(x for x in (self.section or "", sub) if x)

    def label_at(self, offset: int) -> str:
        """How a person reads the place at a document offset: "Article 20 (Sick Leave), A.1.b"."""
        sub = self.sub_at(offset)
        if not sub:
            return self.label
        if not self.label:
            return sub
        whole_part = bool(self.article) and self.section == self.article  # "Appendix B (…)"
        return f"{self.label}{', ' if whole_part else '.'}{sub}"


@dataclass(frozen=True)
class Chunk:
    """A window of one clause, the unit that is embedded and searched."""

    chunk_id: str
    clause_id: str
    doc_id: str
    section: str | None
    heading_path: tuple[str, ...]
    page: int | None
    char_start: int
    char_end: int
    text: str  # == Document.text[char_start:char_end]
    embed_text: str  # heading path + text, what the embedder sees
    part: int = 0  # index of this window within its clause
    live: bool = True  # False for a clause the document deletes (text is its marked form)


@dataclass(frozen=True)
class TableCell:
    """One cell of a pay table (salary schedule, wage table) with the headers that name it."""

    table_title: str  # the caption above the table: "APPENDIX A – Salary Schedule 2019-2020"
    row_header: str  # the row's stub cells with their headers: "Salary Range 17T"
    col_header: str  # the column's header rows, top first: "Level 1 – MA"
    value: str  # as printed: "$3,524"
    page: int | None
    effective: str = ""  # the date or period the title gives, as printed
    char_start: int = -1  # where `line` sits in Document.text (-1: not found there)
    char_end: int = -1

    @property
    def line(self) -> str:
        """The cell as one sentence of the document text: what is stored, searched and cited."""
        name = ", ".join(x for x in (self.row_header, self.col_header) if x)
        title = self.table_title
        if self.effective and self.effective not in title:
            title = f"{title}, effective {self.effective}" if title else f"effective {self.effective}"
        return f"{name}: {self.value}" + (f" \u2014 {title}." if title else ".")


@dataclass(frozen=True)
class Document:
    """A normalized document: its live text, page map and clauses."""

    meta: DocMeta
    text: str
    content_hash: str
    page_starts: tuple[int, ...] = ()  # offset where each page starts; () if unpaged
    clauses: tuple[Clause, ...] = ()
    lossy_redline: bool = False
    ocr_pages: tuple[tuple[int, float], ...] = ()  # (page, mean OCR confidence) of scanned pages
    tables: tuple[TableCell, ...] = ()  # cells of the pay tables read as tables (ingest/tables.py)

    @property
    def doc_id(self) -> str:
        return self.meta.doc_id

    def page_at(self, offset: int) -> int | None:
        """1-based page holding `offset`, or None for documents without pages."""
        return page_of(self.page_starts, offset)


def page_of(page_starts: tuple[int, ...], offset: int) -> int | None:
    """1-based page holding `offset` given each page's start offset (None if unpaged)."""
    if not page_starts:
        return None
    from bisect import bisect_right

    return bisect_right(page_starts, offset)


@dataclass(frozen=True)
class DocRecord:
    """A stored document as every reader sees it: its catalog facts and what ingest recorded."""

    doc_id: str
    title: str = ""
    doc_type: str = "other"
    employer: str = ""
    union: str = ""
    from_party: str = ""
    to_party: str = ""
    date: int = 0  # yyyymmdd for range filters (missing parts 0)
    date_text: str = ""  # as catalogued: yyyy, yyyy-mm or yyyy-mm-dd
    status: str = "current"
    visibility: str = "member"
    source: str = ""
    inferred: tuple[str, ...] = ()
    fingerprint: str = ""  # decides skip or replace on the next ingest
    content_hash: str = ""  # sha256 of the file's bytes
    n_chunks: int = 0
    n_clauses: int = 0
    lossy: bool = False  # a redline whose struck text was lost in extraction
    page_starts: tuple[int, ...] = ()
    ingested_at: float = 0.0
    ocr_pages: tuple[tuple[int, float], ...] = ()  # (page, confidence) of pages read by OCR

    def ocr_confidence(self, page: int | None) -> float | None:
        """The OCR confidence of a page read from a scan, else None."""
        return dict(self.ocr_pages).get(page) if page else None

    def page_at(self, offset: int) -> int | None:
        """1-based page holding document offset `offset`, or None for unpaged documents."""
        return page_of(self.page_starts, offset)

    @classmethod
    def of(cls, doc: Document, fingerprint: str, n_chunks: int, when: float) -> DocRecord:
        m = doc.meta
        return cls(doc.doc_id, m.title, m.doc_type, m.employer, m.union, m.from_party,
                   m.to_party, m.date_int, m.date, m.status, m.visibility, m.source, m.inferred,
                   fingerprint, doc.content_hash, n_chunks, len(doc.clauses), doc.lossy_redline,
                   doc.page_starts, when, doc.ocr_pages)


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as a store reads it back (with its distance to the query, for vector reads)."""

    chunk_id: str
    clause_id: str
    doc_id: str
    section: str | None
    heading_path: str  # "ARTICLE 12 > 12.7 Stipends"
    page: int | None
    char_start: int
    char_end: int
    text: str
    live: bool = True
    distance: float = 0.0

    @classmethod
    def of(cls, c: Chunk, distance: float = 0.0) -> StoredChunk:
        return cls(c.chunk_id, c.clause_id, c.doc_id, c.section, " > ".join(c.heading_path),
                   c.page, c.char_start, c.char_end, c.text, c.live, distance)
