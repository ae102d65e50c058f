"""Questions about a moment in bargaining: "in the July 10 update", "back in mid-May 2026",
"what are they offering now". The documents dated then (or the latest ones) come first."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sides import asked_side
from .text import MONTHS

# documents that speak for a moment (a contract speaks for its whole term)
DATED_KINDS = frozenset({"bulletin", "news", "proposal", "counterproposal",
                         "tentative_agreement", "side_letter"})
# a month by its name or its short form ("Nov", "Sept."), never "Marion" or "decision"
_MONTH = re.compile(r"(?i)\b(" + "|".join([*MONTHS, *(m[:3] for m in MONTHS), "Sept"])
                    + r")\b\.?(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b)?(?:,?\s+((?:19|20)\d\d))?")
_LATEST = re.compile(r"(?i)\b(?:now|right now|currently|latest|most recent|newest|still|"
                     r"these days|at this point|so far)\b")


@dataclass(frozen=True)
class Moment:
    """A month (with day and year when given) a question asks about."""

    month: int
    day: int = 0
    year: int = 0
    later: bool = False  # after that day, within its month ("… later in July?")

    def holds(self, date: int) -> bool:
        """Is a document dated `date` (YYYYMMDD) from this moment?"""
        y, m, d = date // 10000, date // 100 % 100, date % 100
        if self.later:
            return m == self.month and (not self.year or y == self.year) and d > self.day + 3
        return (m == self.month and (not self.year or y == self.year)
                and (not self.day or not d or abs(d - self.day) <= 3))


# a follow-up asking what came after the day the question before named
_LATER = re.compile(r"(?i)\b(?:later|afterwards?|after that|since then)\b(?:\s+in\s+(\w+))?")


def asked_moment(question: str) -> Moment | None:
    """The month a question names ("July 10", "mid-May 2026"), if it names one; a follow-up
    asking about "later in July" after "the July 10 update" asks about the rest of July."""
    m = _MONTH.search(question)
    if m is None or m[1].lower() == "may" and not (m[2] or m[3]) and not re.search(
            r"(?i)\b(?:in|of|mid|early|late|since|until)[\s-]+may\b", question):
        return None  # "may" the verb
    month = [x[:3].lower() for x in MONTHS].index(m[1][:3].lower()) + 1
    day = int(m[2] or 0) if m[2] and int(m[2]) <= 31 else 0
    later = _LATER.search(question, m.end())
    same_month = later and (not later[1] or later[1][:3].lower() == m[1][:3].lower())
    return Moment(month, day, int(m[3] or 0), later=bool(day and same_month))


_EVER = re.compile(r"(?i)\b(?:ever|at any point|at some point|at any time)\b")  # any report


def asks_latest(question: str) -> bool:
    """Does the question ask where things stand now ("what are they offering now?")?"""
    return bool(_LATEST.search(question))


def by_moment(question: str, hits: list, window: int = 12) -> list:
    """`hits` with those from the documents of the moment the question asks about first:
    the dated documents of a month it names, else (for "now") the newest dated document
    among the first `window` hits; only when the best hit is such a document, the question
    names a day, or it asks where a side stands now. Other hits keep their order."""
    top = hits[:window]
    moment = asked_moment(question)
    position = asks_latest(question) and asked_side(question)  # "what are they asking now?"
    if not hits or hits[0].doc_type not in DATED_KINDS and not (moment and moment.day
                                                                 or position):
        return hits  # about the contract ("can I still…", "in December"), not "the July 10 update"
    if moment is not None:
        first = [h for h in top if h.doc_type in DATED_KINDS and h.date and moment.holds(h.date)]
    elif asks_latest(question):
        dated = [h.date for h in top if h.doc_type in DATED_KINDS and h.date]
        first = [h for h in top if h.doc_type in DATED_KINDS and dated and h.date == max(dated)]
    else:
        return hits
    return first + [h for h in hits if h not in first]


def moment_documents(question: str, documents: dict) -> tuple[str, ...]:
    """The dated documents (bulletins, proposals, …) of the moment a question names, if it
    names a month with its day or year ("mid-May 2026", "July 10")."""
    moment = asked_moment(question)
    if moment is None or not (moment.day or moment.year):
        return ()
    return tuple(sorted(i for i, d in documents.items()
                        if d.doc_type in DATED_KINDS and d.date and moment.holds(d.date)))


def position_documents(question: str, documents: dict) -> tuple[str, ...]:
    """The dated reports a question asking where a side stands now ("what's the union asking
    for on longevity now?") or whether it ever moved ("did management ever back off …?") must
    read: that word may be in a bulletin whose other news outranks it."""
    if not ((asks_latest(question) or _EVER.search(question)) and asked_side(question)
            ) or asked_moment(question):
        return ()
    return tuple(sorted(i for i, d in documents.items() if d.doc_type in DATED_KINDS and d.date))
