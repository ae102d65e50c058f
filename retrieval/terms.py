"""A goal's terms applied to a clause, one by one, in a fixed order (restore first, dates last).

Each term is applied, with what the draft must then hold, or not applied, with the reason in
plain words (retrieval/outcomes.py). Amounts, floors, caps and increases are applied here;
wording edits in retrieval/wording.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.records import Clause

from .amounts import Quantity, limit_before, phrase, quantities, said, slots
from .goals import Goal, Term
from .outcomes import STOP, Outcome, append_sentence, flat, holds, not_applied, stem, where
from .text import editorial_marks
from .wording import add, number_prefix, replace_words, restore, strike

ORDER = ("restore", "strike", "replace", "amount", "floor", "cap", "add", "increase",
         "effective_date")
_LIMIT_WORDS = {"floor": "not less than", "cap": "not more than"}


@dataclass(frozen=True)
class Applied:
    """The base clause with a goal's terms applied."""

    text: str
    outcomes: tuple[Outcome, ...]
    marks: tuple[str, ...] = ()  # editorial marks left out of the language ("[Moved from …]")
    did: tuple[str, ...] = ()  # other edits ("writes the section number as 12.8.4")


def apply_goal(clause: Clause, goal: Goal, source: Clause | None = None) -> Applied:
    """The deterministic edit: the base clause, its editorial marks left out, each term of
    the goal applied in a fixed order (restore first, dates last)."""
    text, did = clause.text, []
    if clause.section and clause.section_raw and text.startswith(clause.section_raw):
        text = clause.section + text[len(clause.section_raw):]
        did.append(f"writes the section number as {clause.section}")
    text, marks = editorial_marks(text)
    outcomes: list[Outcome] = []
    terms = sorted(goal.terms, key=lambda t: ORDER.index(t.kind))
    dated = next((t for t in terms if t.kind == "effective_date"), None)
    for term in terms:
        if term.kind == "effective_date" and any(o.term == term for o in outcomes):
            continue  # written into the increase sentence
        text, outcome = _APPLY[term.kind](text, term, clause, source, dated)
        outcomes.append(outcome)
        if term.kind == "increase" and dated is not None and outcome.applied:
            outcomes.append(Outcome(dated, True, f"makes it effective {dated.text}",
                                    present=(dated.text,)))
        text, more = editorial_marks(text)  # a restored wording may bring its own marks back
        marks += more
    return Applied(_tidy(text), tuple(sorted(outcomes, key=lambda o: goal.terms.index(o.term))),
                   tuple(dict.fromkeys(marks)), tuple(did))


def _tidy(text: str) -> str:
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r"[ \t]+([,.;:])(?=\s|$)", r"\1", re.sub(r"[ \t]{2,}", " ", text))
    return re.sub(r",\s*\.", ".", text).strip()


# --- amounts, floors, caps, increases -----------------------------------------------------------


def _pick(text: str, term: Term, pool: list[Quantity]) -> list[Quantity]:
    """The amounts a term replaces: every one of the value it names ('from $50'), else the
    one whose words around it best match what it is for ('the deductible'), preferring a
    plain amount for an amount and a floor for a floor; the first on a tie."""
    if term.old is not None:
        return [q for q in pool if q.value == term.old]
    want = {stem(w) for w in re.findall(r"[\w']+", term.about) if w.lower() not in STOP}

    def score(q: Quantity) -> tuple[int, bool]:
        before = re.split(r"[.;:]\s", text[max(0, q.start - 60):q.start])[-1]  # its sentence
        around = before + " " + re.split(r"[.;:]\s", text[q.end:q.end + 50])[0]
        near = {stem(w) for w in re.findall(r"[\w']+", around)}
        limit = limit_before(text, q.start)
        return (len(want & near), limit == (term.kind if term.kind in ("floor", "cap") else ""))

    return [max(pool, key=score)] if pool else []


def _amount(text, term, clause, source, dated):
    pool = slots(text, term.unit)
    if term.kind in ("floor", "cap"):
        pool = [q for q in pool if limit_before(text, q.start) == term.kind]
        if not pool:
            return _add_limit(text, term)
    chosen = _pick(text, term, pool)
    if not chosen:
        what = f"an amount of {said(term.old, term.unit)}" if term.old is not None else (
            "an amount" if not term.unit else _unit_words(term.unit))
        return text, not_applied(term, f"{where(clause)} states no {what} to change")
    unit, gone = term.unit or chosen[0].unit, []
    for slot in reversed(chosen):
        new = phrase(term.value, unit, _last_piece(slot.text))
        gone += [slot.text] if slot.value != term.value or slot.text != new else []
        text = text[:slot.start] + new + text[slot.end:]
    how = (f"sets the {term.kind if term.kind != 'amount' else 'amount'} to "
           f"{said(term.value, unit)}" + (f" ({len(chosen)} places)" if len(chosen) > 1 else ""))
    gone = [g for g in dict.fromkeys(gone) if not holds(flat(text), flat(g))]  # one of several
    return text, Outcome(term, True, how, absent=tuple(gone), states=(term.kind, term.value, unit))


def _unit_words(unit: str) -> str:
    return {"$": "dollar amount", "%": "percentage"}.get(unit, f"number of {unit}")


def _last_piece(slot_text: str) -> str:
    """The new amount of a run-together pair ('fifty dollar ($50.00) one hundred fifteen
    dollar ($115.00)' -> the second), whose style the new amount follows."""
    found = quantities(slot_text)
    return found[-1].text if found else slot_text


def _add_limit(text: str, term: Term):
    """', but not less than X,' after the amount or formula it limits."""
    at = _anchor(text, term.unit)
    like = next((q.text for q in slots(text, term.unit)), "")
    words = f"{_LIMIT_WORDS[term.kind]} {phrase(term.value, term.unit, like)}"
    text = text[:at] + f", but {words}," + text[at:].lstrip(",")
    return text, Outcome(term, True, f"adds a {term.kind} of {said(term.value, term.unit)}",
                         states=(term.kind, term.value, term.unit))


def _anchor(text: str, unit: str) -> int:
    """Where a floor or cap attaches: after the first amount in its unit, or after the
    parenthesis that closes the first formula ('... Step 8 (rounded to the nearest dollar)'),
    or before the clause's verb."""
    same = slots(text, unit)
    if same:
        return same[0].end
    prefix = len(number_prefix(text))
    first_number = re.search(r"(?<![\d.])\.?\d", text[prefix:])
    start = prefix + (first_number.start() if first_number else 0)
    close = text.find(")", start)
    verb = re.search(r"\s(is|are|shall|will)\b", text[start:])
    return close + 1 if close >= 0 else (start + verb.start() if verb else len(text.rstrip(".")))


def _increase(text, term, clause, source, dated):
    """A sentence of its own: 'Effective July 1, 2027, the amounts in this section shall
    increase by three percent (3%).'"""
    lead = f"Effective {dated.text}, the" if dated is not None else "The"
    amounts = "amounts" if len(slots(text)) != 1 else "amount"
    sentence = (f"{lead} {amounts} in this section shall increase by "
                f"{phrase(term.value, term.unit)}.")
    return append_sentence(text, sentence), Outcome(
        term, True, f"adds an increase of {said(term.value, term.unit)}",
        states=("increase", term.value, term.unit))


def _effective(text, term, clause, source, dated):
    if holds(flat(text), flat(term.text)):
        return text, Outcome(term, True, f"keeps the date {term.text}", present=(term.text,))
    sentence = f"This provision shall be effective {term.text}."
    return append_sentence(text, sentence), Outcome(term, True, f"makes it effective {term.text}",
                                            present=(term.text,))


_APPLY = {"restore": restore, "strike": strike, "replace": replace_words, "amount": _amount,
          "floor": _amount, "cap": _amount, "increase": _increase, "add": add,
          "effective_date": _effective}
