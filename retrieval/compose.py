"""Citations and the deterministic parts of an answer: who says it (contract, proposal, TA,
bulletin), the verified quotes, and what a proposal would change — labelled, never blended."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from store.lexical import terms
from store.records import Clause, DocRecord
from store.scope import Scope
from store.text import party_names

from .answerable import answerable
from .bound import term_parts
from .evidence import EvidenceScorer, Sentence
from .governing import governing
from .search import SearchHit
from .selection import select
from .sides import asked_side
from .verify import locate
from .widen import widened


@dataclass(frozen=True)
class Citation:
    """One cited clause and the verbatim quote taken from it."""

    marker: int
    doc_id: str
    title: str
    doc_type: str
    section: str | None
    page: int | None
    quote: str
    char_start: int  # offsets of the quote in the document's normalized text
    char_end: int
    verified: bool
    clause_id: str = ""
    status: str = ""
    date: str = ""
    label: str = ""  # "SCUSD's proposal of 2021-10-13, 12.7.5"
    clause_text: str = ""
    marked: str = ""  # the clause with [+added+]/[-deleted-] when it carries changes
    notes: tuple[str, ...] = field(default=())
    lossy: bool = False
    ocr_confidence: float | None = None  # the quote was read by OCR from a scanned page
    focus: tuple[int, int] | None = None  # offsets in `quote` of the sentence that answers
    context: bool = False  # governs the quote before it (its list's lead-in, a definition)

    def to_json(self) -> dict[str, Any]:
        return {"marker": self.marker, "doc_id": self.doc_id, "title": self.title,
                "doc_type": self.doc_type, "section": self.section, "page": self.page,
                "quote": self.quote, "char_start": self.char_start, "char_end": self.char_end,
                "verified": self.verified, "status": self.status, "label": self.label,
                **({"marked": self.marked} if self.marked else {}),
                **({"context": True} if self.context else {}),
                **({"ocr_confidence": round(self.ocr_confidence, 1)}
                   if self.ocr_confidence is not None else {})}


def source_label(doc: DocRecord, section: str | None) -> str:
    """Who says it, in words a member reads at a glance."""
    kind, date = doc.doc_type, doc.date_text
    where = f", {section}" if section else ""
    if kind in ("proposal", "counterproposal"):
        who = party_names(doc.from_party)[1] or "the other side"
        noun = "counterproposal" if kind == "counterproposal" else "proposal"
        return f"{who}'s {noun}{f' of {date}' if date else ''}{where}"
    if kind == "contract":  # "The current Marion County contract": several may be stored
        employer = party_names(doc.employer)[1]
        current = "current " if doc.status == "current" else ""
        return f"The {current}{employer + ' ' if employer else ''}contract{where}"
    if kind == "tentative_agreement":
        return f"The tentative agreement{f' of {date}' if date else ''}{where}"
    if kind == "side_letter":
        return f"The side letter{f' of {date}' if date else ''}{where}"
    return f"{doc.title or 'A document'}{f' ({date})' if date else ''}"


_ROLE_ORDER = {"contract": 0, "tentative_agreement": 1, "side_letter": 1, "counterproposal": 2,
               "proposal": 2}


def cite(marker: int, clause: Clause, doc: DocRecord, quote: str, focus: str = ""
         ) -> Citation | None:
    """The one way a citation is made: `quote` found verbatim in the stored clause (else
    None), with who says it, where, and what the clause's redline changes; `focus` is the
    sentence of the quote that answers, when the quote holds more."""
    at = locate(quote, clause.text)
    if at is None:
        return None
    inner = locate(focus, clause.text[at[0]:at[1]]) if focus else None
    start = clause.char_start + at[0]
    page = doc.page_at(start) or clause.page
    return Citation(
        marker=marker, doc_id=clause.doc_id, title=doc.title, doc_type=doc.doc_type,
        section=clause.section_at(start) or None, page=page, quote=clause.text[at[0]:at[1]],
        char_start=start, char_end=clause.char_start + at[1],
        verified=True, clause_id=clause.clause_id, status=doc.status, date=doc.date_text,
        label=source_label(doc, clause.label_at(start)), clause_text=clause.text,
        marked=clause.redline.marked if clause.redline.changes else "",
        notes=change_notes(clause), lossy=clause.lossy,
        ocr_confidence=doc.ocr_confidence(page), focus=inner)


def build_citations(quotes: list[Sentence], clauses: dict[str, tuple[Clause, DocRecord]]
                    ) -> list[Citation]:
    """Verified citations, one per quote, numbered from 1: live contract language first, then
    agreements, then proposals (newest first), then bulletins. A quote not found verbatim in
    the stored clause is dropped."""
    out: list[Citation] = []
    ranked = list(enumerate(quotes))
    ranked.sort(key=lambda p: (_ROLE_ORDER.get(p[1].hit.doc_type, 3), -p[1].hit.date
                               if _ROLE_ORDER.get(p[1].hit.doc_type) == 2 else 0, p[0]))
    for _, s in ranked:
        found = clauses.get(s.hit.clause_id)
        made = cite(len(out) + 1, *found, s.text, s.focus_text if s.focus else "") if found else None
        if made is not None:
            out.append(made)
    return out


def cited_evidence(searcher, scope: Scope, query: str, hits: list[SearchHit],
                   **select_options) -> tuple[EvidenceScorer, list[Citation]]:
    """Evidence first: the sentences of `hits` that answer `query`, as verified citations
    ([] when the documents do not answer), and the scorer that judged them."""
    topic = searcher.topic(query, scope)
    scorer = EvidenceScorer(topic, searcher.store.term_weights, searcher.embedder.embed_documents,
                            searcher.query_vector(topic),
                            side=asked_side(query) or asked_side(topic))
    quotes = select(scorer, hits, **select_options)
    if not hits or not answerable(scorer, hits, quotes):
        return scorer, []
    quotes = widened(quotes)
    found = {c.clause_id: (c, d) for c, d in
             searcher.store.clauses(scope, ids=[q.hit.clause_id for q in quotes])}
    citations = build_citations(quotes, found)
    asked = term_parts(scorer.weights) if scorer.kind == "yes-no" else set()
    return scorer, with_governing(citations, found, searcher.store, scope, asked)


def with_governing(citations: list[Citation], found: dict[str, tuple[Clause, DocRecord]],
                   store, scope: Scope, asked: set[str] = frozenset(), shown: int = 3
                   ) -> list[Citation]:
    """The citations with, after each of the first `shown`, what governs it from outside its
    quote (the lead-in of its list, a definition of its words; for the first, given a yes/no
    question's `asked` terms, an exception in its article) as `context` citations;
    renumbered from 1."""
    out: list[Citation] = []
    for n, c in enumerate(citations):
        out.append(c)
        if n >= shown or c.clause_id not in found:
            continue
        for clause, doc, (a, b) in governing(*found[c.clause_id], c.char_start, c.char_end,
                                             store, scope, asked if n == 0 else frozenset()):
            extra = cite(0, clause, doc, clause.text[a:b])
            if extra is not None and not any(
                    o.clause_id == extra.clause_id and o.char_start <= extra.char_start
                    and extra.char_end <= o.char_end for o in out):
                out.append(replace(extra, context=True))
    return [replace(c, marker=n) for n, c in enumerate(out, 1)]


def change_notes(clause: Clause) -> tuple[str, ...]:
    """Plain-words notes on what a clause's redline does (real marks, moves, and what a
    lossy redline's move lets us infer)."""
    notes = []
    for m in clause.moves:
        notes.append(f"moved {'from' if m.direction == 'from' else 'to'} {m.section}")
    added = [c.text for c in clause.redline.changes if c.kind == "insert" and len(c.text) <= 90
             and (c.inferred or clause.moves or not clause.lossy)]
    struck = [c.text for c in clause.redline.changes if c.kind == "delete"]
    if added:
        notes.append("adds " + "; ".join(f"“{t}”" for t in added[:3]))
    if struck:
        short = [t for t in struck if len(t) <= 90][:3]
        notes.append("strikes " + "; ".join(f"“{t}”" for t in short) if short and
                     len(short) == len(struck) else "strikes language (shown struck in the redline)")
    return tuple(notes)


LOSSY_NOTE = ("Note: {label} was extracted without its strikethrough, so its quotes may still "
              "include language it deletes.")


def extractive(citation: Citation, spans: tuple[tuple[int, int], ...] = ()) -> str:
    """One answer sentence made only of a verified quote, its answering words (`spans`,
    offsets in the quote) in bold."""
    quote = citation.quote
    for a, b in sorted(spans, reverse=True):
        a, b = a + len(quote[a:b]) - len(quote[a:b].lstrip()), b - (len(quote[a:b])
                                                                    - len(quote[a:b].rstrip()))
        if b > a:
            quote = f"{quote[:a]}**{quote[a:b]}**{quote[b:]}"
    return f"{citation.label}: “{quote}” [{citation.marker}]"


def version_notes(citations: list[Citation]) -> list[str]:
    """What each proposal or agreement would change, kept apart from live contract language;
    one caveat per document whose struck language was lost."""
    lines = []
    for c in citations:
        if c.doc_type not in ("contract", "bulletin", "news", "other") and c.notes:
            lines.append(f"{c.label} — {'; '.join(c.notes)} [{c.marker}].")
    seen: set[str] = set()
    for c in citations:
        if c.lossy and c.doc_id not in seen:
            seen.add(c.doc_id)
            lines.append(LOSSY_NOTE.format(label=c.label.split(",")[0]))
    return lines


def with_job_line(citations: list[Citation], job, store, scope: Scope) -> list[Citation]:
    """The citations with the classification line of a job (retrieval.classes.JobRange)
    after the first, when the first quotes the job's range ("SR 26, Step 3: 6395" after
    "Geologist 2 … 26"); renumbered from 1."""
    label = {t for t in terms(job.words) if "_" in t}  # "SR 26" and "Range 26": range_26
    first = citations[0] if citations else None
    if first is None or not label or not label <= set(terms(first.quote)):
        return citations
    line = next((cite(0, c, d, c.text[job.start:job.end])
                 for c, d in store.clauses(scope, ids=[job.clause_id])), None)
    if line is None:
        return citations
    out = [first, replace(line, context=True), *citations[1:]]
    return [replace(c, marker=n) for n, c in enumerate(out, 1)]
