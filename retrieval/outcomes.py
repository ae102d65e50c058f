"""What became of each term of a goal, and whether a text holds it.

An applied term says what the draft must then hold (its wording, its amount as a floor or a
cap) and no longer hold (the wording it struck or replaced). `carried` reads any text, Steward's
edit or the model's wording, against that, so a check can fail when a term is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from store.records import Clause

from .amounts import limit_before, quantities
from .goals import Term


@dataclass(frozen=True)
class Outcome:
    """What became of one term: applied, and what the draft must then hold; or not, and why."""

    term: Term
    applied: bool
    how: str  # "adds a floor of $3,500", or why it was not applied
    present: tuple[str, ...] = ()  # wording the draft must hold
    absent: tuple[str, ...] = ()  # wording the draft must no longer hold
    states: tuple[str, Decimal, str] | None = None  # (kind, value, unit) the draft must state


def carried(text: str, outcome: Outcome) -> bool:
    """Whether `text` holds an applied term: its wording there, the wording it replaced gone,
    its amount stated (as a floor, cap or increase when it is one)."""
    if not outcome.applied:
        return False
    said = flat(text)
    if not all(holds(said, flat(p)) for p in outcome.present):
        return False
    if any(holds(said, flat(a)) for a in outcome.absent):
        return False
    return outcome.states is None or _states(text, *outcome.states)


def flat(text: str) -> str:
    """Text compared as a reader would: spacing, case and curly apostrophes aside."""
    return " ".join(text.replace("’", "'").split()).lower()


def holds(text: str, piece: str) -> bool:
    """`piece` in `text` as whole words ('$50' is not in '$500', 'may' not in 'mayor'); both
    as `flat` writes them."""
    return bool(piece) and re.search(r"(?<![\w$])" + re.escape(piece) + r"(?![\w]|[.,]\d)",
                                     text) is not None


def _states(text: str, kind: str, value: Decimal, unit: str) -> bool:
    for q in quantities(text):
        if q.value != value or (unit and q.unit != unit):
            continue
        if kind in ("floor", "cap") and limit_before(text, q.start) != kind:
            continue
        if kind == "increase" and not re.search(r"increase[sd]?\s+(?:by|of)\s*$",
                                                text[max(0, q.start - 30):q.start], re.I):
            continue
        return True
    return False


def not_applied(term: Term, why: str) -> Outcome:
    return Outcome(term, False, why)


def where(clause: Clause) -> str:
    return clause.section or "the clause"


def find_words(text: str, wording: str) -> tuple[int, int] | None:
    """Where `wording` is in `text` as whole words (spacing and case aside)."""
    words = [re.escape(w) for w in wording.split()]
    if not words:
        return None
    m = re.search(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", text, re.IGNORECASE)
    return m.span() if m else None


STOP = {"the", "a", "an", "of", "to", "for", "and", "or", "in", "on", "that", "about", "with",
        "is", "are", "be", "shall", "will", "by", "any", "all"}


def stem(word: str) -> str:
    """A word without its plural or verb ending, to match 'home visits' with 'home visit'."""
    return re.sub(r"(?:ies|es|s|ing|ed)$", "", word.lower()) or word.lower()


def append_sentence(text: str, sentence: str) -> str:
    """`sentence` after the clause's last sentence."""
    text = text.rstrip()
    return f"{text}{'' if text.endswith(('.', ':', ';')) else '.'} {sentence}"
