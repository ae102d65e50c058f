"""Do the documents answer this? Decided from what the evidence covers of the question, never
from whether its words appear somewhere: the fixed cannot-answer phrase is said when no quoted
clause carries what is asked."""

from __future__ import annotations

import re

from store.lexical import terms

from .bound import term_parts
from .direct import FIGURE_KINDS, asking_sentence, figure_spans, fitting_quantity, question_kind
from .evidence import EXTRA_PAY, EvidenceScorer, Sentence, hit_context
from .fit import another_kind, asks_payout, if_elsewhere, pays_out
from .search import PAY_LABELS, SearchHit
from .text import years_in
from .vocabulary import covered, plain_words, present_terms

MANY_TERMS = 10  # a question with this many content terms is judged on a lower bar


def _has_years(hit: SearchHit, years: set[str]) -> bool:
    """Does the clause (its text, headings or its document's title and date) name every
    year the question names?"""
    where = f"{hit.title} {hit.heading_path} {hit.text} {str(hit.date)[:4] if hit.date else ''}"
    return years <= years_in(where)


_HOW_MUCH = re.compile(r"(?i)\bhow (?:much|many dollars)\b")  # not "what pay …?" ("half salary")
_IN_DOLLARS = re.compile(r"(?i)\bhow many dollars\b|\bwhat dollar (?:amount|figure)\b")
_DOLLARS = re.compile(r"\$\s?\d|\b\d[\d,.]*\s+dollars\b|\(\$")
DOLLAR_COVERAGE = 0.3  # a quote covering less of the question is about something else


def answerable(scorer: EvidenceScorer, hits: list[SearchHit], quotes: list[Sentence],
               min_clause: float = 0.55, min_clause_if_close: float = 0.4,
               close_meaning: float = 0.65, same_meaning: float = 0.85, clear: float = 0.7
               ) -> bool:
    """Do the documents answer this? A clause named by number does. A question asking for a
    figure (an amount, a deadline, how long, how many) needs a quoted clause stating one of
    that kind next to its words, unless a clause plainly covers it (an amount: never when no
    quoted clause states one). Otherwise a top clause must carry most of the question's
    weight, or a fair part of it when a quoted sentence is also close in meaning, or a quoted
    sentence says nearly what the question asks."""
    if not quotes or not scorer.total:
        return False
    if any(h.exact and h.live for h in hits):
        return True
    if not any(_has_years(q.hit, scorer.years) for q in quotes):
        return False  # "for fiscal year 2027-2028" when the quotes stop at 2026-2027
    asked = re.split(r"(?<=[.?!])\s+", scorer.question.strip())[-1]  # not a follow-up's context
    if question_kind(asked) == "money" and _HOW_MUCH.search(asked) and not any(
            figure_spans(q.hit.text, "money") for q in quotes[:3]):
        return False  # "how much does it cost?" and no quoted clause states an amount at all
    if _IN_DOLLARS.search(asked) and not any(
            q.coverage >= DOLLAR_COVERAGE and _DOLLARS.search(q.text) for q in quotes[:3]):
        return False  # "how many dollars …?": a quote about it must state dollars itself
    said = asking_sentence(asked)
    if asks_payout(said) and not any(pays_out(q.text) for q in quotes[:3]):
        return False  # "when I retire, do they pay me for my unused sick days?": none pays
    if scorer.kind == "yes-no" and EXTRA_PAY.search(said) and not _pays_for(scorer, quotes):
        return False  # "paid extra for working nights?": overtime's rate says nothing of nights
    if scorer.kind == "money" and not _names_cell(scorer, quotes):
        return False  # "the hourly wage … at step 5": a premium over "base hourly wage" is not it
    if not _asks_covered(scorer, asked, said, quotes):
        return False  # "I'm back from maternity leave — any breaks to pump?": pumping unsaid
    if scorer.kind != "yes-no" and _disclaimed(scorer, said, quotes):
        return False  # "The table above does not define the hours of the assigned shifts"
    if len(scorer.weights) >= MANY_TERMS:  # a long question: no clause says all of it
        min_clause, min_clause_if_close, close_meaning = 0.5, 0.3, 0.5
    best_clause = max(scorer.hit_coverage(h) for h in hits[:8])
    # a quoted sentence stating a due date with the question's other words covers a deadline
    best_clause = max(best_clause, *(scorer.coverage(q.text) for q in quotes[:3]))
    if scorer.kind in FIGURE_KINDS:
        fitting = [q for q in quotes[:3] if fitting_quantity(q.hit.text, scorer, scorer.kind)]
        elsewhere = [q for q in fitting if if_elsewhere(q.text, scorer.weights, scorer.alts)
                     or another_kind(q.text, asked, scorer.weights, scorer.alts)]
        if len(elsewhere) == len(fitting) and (fitting or best_clause < clear):
            return False  # only figures for a case or kind not asked ("sick leave" asked of
            # parental leave), or none and no clause plainly covers the question
    if best_clause >= min_clause:
        return True
    sims = scorer.similarities([q.text for q in quotes])
    return (best_clause >= min_clause_if_close and max(sims) >= close_meaning
            or max(sims) >= same_meaning)


# what a question asking about extra pay says of pay itself, not of what it is paid for
_PAY_TERMS = frozenset(terms("pay paid extra additional more premium money differential work "
                             "worked working get"))


def _pays_for(scorer: EvidenceScorer, quotes: list[Sentence]) -> bool:
    """Asked whether something is paid extra ("paid extra for working nights?"), does a
    quoted clause state an amount and speak to that something (nights, or the shift
    differential they stand for)? The rate of another premium does not answer it."""
    asked = {t: w for t, w in scorer.weights.items() if t not in _PAY_TERMS}
    if not asked:
        return True
    for q in quotes[:3]:
        present = present_terms(hit_context(q.hit))
        said = sum(w for t, w in asked.items() if covered(t, present, scorer.alts))
        if figure_spans(q.hit.text, "money") and said >= ASKED_PART * sum(asked.values()):
            return True
    return False


def _names_cell(scorer: EvidenceScorer, quotes: list[Sentence]) -> bool:
    """Asked the pay of a step, range or grade ("step 5"), does a quoted line (or its
    headings) name it? True when the question names none."""
    cell = {t for t in scorer.weights if t.startswith(PAY_LABELS)}
    return not cell or any(cell <= set(terms(f"{q.hit.heading_path} {q.text}"))
                           for q in quotes[:3])


# a clause saying what it leaves undefined: "The table above does not define the hours of …"
_DISCLAIMS = re.compile(r"(?i)\b(?:does|do|shall|will) not (?:define|specify|set out|state)\b"
                        r"([^.;]{3,200})")
DISCLAIMED = 0.2  # of the question's weight, what the clause says it leaves undefined


def _disclaimed(scorer: EvidenceScorer, said: str, quotes: list[Sentence]) -> bool:
    """Does a quoted clause say it does not define what is asked, in two or more words of
    the asking part ("The table above does not define the hours of the assigned shifts,
    hours worked will be the department's discretion", asked the hours of swing shift, not
    the swing shift differential)? Then the documents do not say it."""
    part = _asking_part(scorer, said)
    for m in (m for q in quotes[:3] for m in _DISCLAIMS.finditer(q.hit.text)):
        undefined = present_terms(m[1])
        said = [t for t in part if covered(t, undefined, scorer.alts)]
        if len(said) >= 2 and sum(part[t] for t in said) >= DISCLAIMED * scorer.total:
            return True
    return False


def _asking_part(scorer: EvidenceScorer, said: str) -> dict[str, float]:
    """The question's weights of the terms the asking part `said` uses."""
    wanted = set(terms(plain_words(said)))
    return {t: w for t, w in scorer.weights.items() if term_parts([t]) <= wanted}


ASKED_PART = 0.5  # of what a question's asking part asks, the quoted clauses must say this share


def _asks_covered(scorer: EvidenceScorer, asked: str, said: str,
                  quotes: list[Sentence]) -> bool:
    """Do the quoted clauses, together, say what the asking part `said` of a question that
    tells first asks ("I'm coming back from maternity leave at UO — does our contract give me
    breaks to pump?" asks about breaks to pump, not leave)? True when nothing is told first."""
    if said == asked.strip():
        return True
    part = _asking_part(scorer, said)
    present = set().union(*(present_terms(hit_context(q.hit)) for q in quotes[:3]))
    return not part or sum(w for t, w in part.items() if covered(t, present, scorer.alts)) >= (
        ASKED_PART * sum(part.values()))
