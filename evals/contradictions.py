"""Contradictions: an answer that states something the gold says is not so.

Counted on what a system says in its own words (Steward: its direct answer or the model's
sentence; the baseline: its whole reply): a flipped yes/no, a quantity (money, percentage, a
count of days/hours/…) other than the gold's for the same question, or a listed wrong fact
stated as the answer; and on its first paragraph: the gold's fact stated without a condition
the gold carries ("new to the District", "up to five (5) days"). A verbatim quote shown as
evidence states only what the document says; a wrong one is a missed fact, not this.
"""

from __future__ import annotations

import re

from retrieval.text import numbers_in, quantity_spans

from .facts import has_fact

_NO = re.compile(r"(?i)^\W*(?:no\b|you (?:cannot|can't|can not|may not|are not|aren't|do not|"
                 r"don't|will not|won't)\b)")
_YES = re.compile(r"(?i)^\W*(?:yes\b|you (?:can|may|are|do|will|get)\b)")


_ORDINAL = re.compile(r"(?i)\b(\d{1,3})(?:st|nd|rd|th)\s+(?:(?:calendar|working|business|work|"
                      r"school|full)\s+)?(?:day|week|month|year)s?\b")


def quantities(text: str) -> set[str]:
    """The quantities a text states, canonical ('sixty (60) days' -> {'60'}; 'the 7th
    calendar day' -> {'7'}: seven days)."""
    found = set().union(*(numbers_in(text[a:b]) for a, b in quantity_spans(text)))
    return found | {m[1] for m in _ORDINAL.finditer(text)}


def said_yes_no(lead: str) -> str:
    """'yes' / 'no' when the answer opens with one, else ''."""
    lead = lead.replace("**", "")
    if _NO.search(lead):
        return "no"
    return "yes" if _YES.search(lead) else ""


def contradiction(case, claim: str, lead: str) -> str:
    """Why `claim` (or `lead`, its first paragraph) contradicts the case's gold, or ''."""
    if not case.answerable or not claim.strip():
        return ""
    said = said_yes_no(claim)
    if case.yes_no and said and said != case.yes_no:
        return f"says {said}; the answer is {case.yes_no}"
    groups = case.parts or (case.expected_facts,)
    facts = [f for g in groups for f in g]
    gold, mine = set().union(*map(quantities, facts)) if facts else set(), quantities(claim)
    verbatim = has_fact(claim, facts)
    wrong = [w for w in case.wrong if has_fact(claim, [w])]
    if wrong and not verbatim:
        return f"states {wrong[0]!r}"
    if gold and mine and not gold & mine and not verbatim:
        return f"states {', '.join(sorted(mine))} where the gold says {', '.join(sorted(gold))}"
    stated = verbatim or bool(gold & mine) or (bool(case.yes_no) and said == case.yes_no)
    dropped = [c for c in case.conditions if not has_fact(lead, [c])]
    if stated and dropped:
        return f"drops the condition {dropped[0]!r}"
    return ""
