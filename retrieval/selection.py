"""Which scored sentences an answer quotes: the best, close runners-up from other clauses or
documents, never two cells of one table row, and for a figure the quote granting it first."""

from __future__ import annotations

from store.lexical import terms

from .direct import FIGURE_KINDS, entitles, fitting_quantity
from .evidence import EvidenceScorer, Sentence, other_item
from .fit import VERB, grade_fit, years_fit
from .leads import lead_in
from .search import SearchHit
from .text import NUMBER_RX


def select(scorer: EvidenceScorer, hits: list[SearchHit], max_quotes: int = 3) -> list[Sentence]:
    """The sentences that answer the question: the best, plus close runners-up from other
    clauses (so a contract clause and the proposal that changes it are both quoted)."""
    ranked = scorer.sentences(hits)
    if not ranked:
        return []
    best = ranked[0]
    chosen = [best]
    for s in sorted(ranked[1:], key=lambda s: not twin(best, s)):  # another version's first
        if len(chosen) >= max_quotes:
            break
        if s.score >= 0.8 * best.score and sum(c.hit.chunk_id == s.hit.chunk_id
                                               for c in chosen) < 2 \
                and not any(other_figures(c, s) for c in chosen):
            chosen.append(s)
    if scorer.kind in FIGURE_KINDS:  # the quote stating the asked figure by its words first,
        # and for "how many do I get?" the one saying what a member gets
        # (never one under the heading of another step or class than the one asked)
        chosen += _granting(scorer, ranked, chosen, best.score) if len(chosen) < max_quotes else []
        chosen.sort(key=lambda s: (other_item(scorer.weights, lead_in(s.hit.text, s.start)),
                                   not fitting_quantity(s.text, scorer, scorer.kind, 0.5),
                                   _other_years(scorer, s.text),
                                   not entitles(scorer.question, s.text)))
    return chosen


GRANTING_RUNNER_UP = 0.7  # of the best score: a runner-up stating what a member gets


def _granting(scorer: EvidenceScorer, ranked: list[Sentence], chosen: list[Sentence],
              best: float) -> list[Sentence]:
    """Asked what a member gets and no chosen quote grants it: the best runner-up that
    states the figure and grants it ("shall be entitled to forty (40) hours", where "may ask
    for … to be extended up to 112 hours" was chosen)."""
    if any(entitles(scorer.question, c.text) for c in chosen):
        return []
    return next(([s] for s in ranked[1:8] if s not in chosen and s.score >= GRANTING_RUNNER_UP
                 * best and entitles(scorer.question, s.text)
                 and fitting_quantity(s.text, scorer, scorer.kind, 0.5)), [])


def _other_years(scorer: EvidenceScorer, sentence: str) -> bool:
    """Is the sentence a row for other years of service or other grades than the member's
    ("(a) Less than five (5) continuous full years …" for "after 5 years")?"""
    return min(years_fit(scorer.service_years, sentence), grade_fit(scorer.grade, sentence)) < 0


def other_figures(a: Sentence, b: Sentence) -> bool:
    """Two sentences of one clause saying the same words with other figures (two cells of a
    pay table, two steps of a schedule): the second answers another question, not this one."""
    if a.hit.clause_id != b.hit.clause_id or not NUMBER_RX.search(b.text) or (
            VERB.search(a.text) and VERB.search(b.text)):
        return False  # two rules of a clause ("… one additional step", "… two steps"), not cells
    return _same_words(a.text, b.text)


def twin(a: Sentence, b: Sentence) -> bool:
    """Is `b` another document's version of `a`, the same words with other figures (an MOU's
    "Up to 104 hours … may be carried" beside its amendment's "Up to 96 hours …")?"""
    return (a.hit.doc_id != b.hit.doc_id and NUMBER_RX.search(b.text) is not None
            and set(NUMBER_RX.findall(a.text)) != set(NUMBER_RX.findall(b.text))
            and _same_words(a.text, b.text))


def _same_words(a: str, b: str) -> bool:
    wa, wb = (set(terms(NUMBER_RX.sub(" ", s))) for s in (a, b))
    return bool(wa | wb) and len(wa & wb) >= 0.6 * len(wa | wb)
