"""The systems an eval compares: Steward itself and the naive LangChain baseline.

Each has `name` and `ask(question) -> Outcome`, so the runner scores both the same way.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable

from .runner import Hit, Outcome

_FIGURE = re.compile(r"\$?\d[\d,]*(?:\.\d+)?%?")
_MARKER = re.compile(r"\[\d+\]")
K = 5


def figures(text: str) -> list[str]:
    """Amounts, percentages and numbers an answer states (citation markers [n] left out)."""
    found = (f.rstrip(".,") for f in _FIGURE.findall(_MARKER.sub(" ", text)))
    return [f for f in found if f]


def unsupported_figures(text: str, sources: Iterable[str]) -> int:
    """How many figures in `text` appear in none of the sources (whitespace-insensitive)."""
    pool = re.sub(r"\s+", "", " ".join(sources))
    return sum(1 for f in figures(text) if f.replace(" ", "") not in pool)


def bad_quotes(answer, texts: dict[str, str]) -> int:
    """Citations whose quote is not, verbatim, at its offsets in the stored document text."""
    from retrieval.verify import squash

    bad = 0
    for c in answer.citations:
        text = texts.get(c.doc_id, "")
        if not c.verified or squash(text[c.char_start:c.char_end]) != squash(c.quote):
            bad += 1
    return bad


class StewardSystem:
    """Steward as the app runs it: hybrid clause search, verified quotes, redline-aware."""

    name = "steward"

    def __init__(self, service, viewer) -> None:
        self.service, self.viewer = service, viewer

    def ask(self, question: str, history: list[str] | None = None) -> Outcome:
        svc, viewer = self.service, self.viewer
        t0 = time.perf_counter()
        answer = svc.ask(viewer, question, history or [])
        seconds = time.perf_counter() - t0
        hits = tuple(Hit(h.doc_id, frozenset([h.section] if h.section else []), h.text)
                     for h in svc.search(viewer, question, k=K))
        texts = svc.texts(viewer, [c.doc_id for c in answer.citations])
        unverified = bad_quotes(answer, texts)
        if not answer.refused:  # titles, dates and labels come from the catalog, not the text
            labels = [f"{c.title} {c.date} {c.label}" for c in answer.citations]
            unverified += unsupported_figures(answer.text, [*texts.values(), *labels])
        return Outcome(answer.text, answer.refused, hits,
                       " \n".join(c.quote for c in answer.citations), unverified, seconds,
                       tuple(c.to_json() for c in answer.citations), answer.lead,
                       answer.claim)


class BaselineSystem:
    """The textbook LangChain pipeline over the same documents, embedder and chat model."""

    name = "baseline"

    def __init__(self, service, viewer, with_model: bool = True) -> None:
        """`with_model=False`: retrieval only (its answers are its chunks)."""
        from .baseline import NaiveRAG

        self.texts = service.texts(viewer, list(service.documents(viewer)))
        self.spans = _section_spans(service.clauses_of(viewer, list(self.texts)))
        self.rag = NaiveRAG(self.texts, service.embedder,
                            service.answerer.chat if with_model else None,
                            service.settings.answer_max_tokens)

    def _sections(self, doc_id: str, start: int, end: int) -> frozenset[str]:
        return frozenset(s for s, a, b in self.spans.get(doc_id, ()) if a < end and start < b)

    def ask(self, question: str, history: list[str] | None = None) -> Outcome:
        """A follow-up is asked together with the question before it (no memory otherwise)."""
        t0 = time.perf_counter()
        got = self.rag.ask(" ".join([*(history or [])[-1:], question]))
        seconds = time.perf_counter() - t0
        hits = tuple(Hit(h.doc_id, self._sections(h.doc_id, h.char_start, h.char_end), h.text)
                     for h in got.hits)
        sources = [self.texts[d] for d in {h.doc_id for h in got.hits}]
        unverified = 0 if got.refused else unsupported_figures(got.text, sources)
        return Outcome(got.text, got.refused, hits, " \n".join(h.text for h in got.hits),
                       unverified, seconds, tuple({"doc_id": h.doc_id, "char_start": h.char_start,
                                          "char_end": h.char_end} for h in got.hits))


def _section_spans(clauses) -> dict[str, list[tuple[str, int, int]]]:
    """doc_id -> (section, start, end) of each numbered clause, to label baseline chunks."""
    spans: dict[str, list[tuple[str, int, int]]] = {}
    for clause in clauses:
        if clause.section:
            spans.setdefault(clause.doc_id, []).append(
                (clause.section, clause.char_start, clause.char_end))
    return spans
