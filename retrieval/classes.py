"""A job title's salary range, read from the contract's classification plan.

Pay tables list ranges, not jobs ("SR 26, Step 3: 6395"); members name their job ("I'm a
Geologist 2"). When a question names a job a classification table lists with its range
("Geologist 2    26" under "CLASSIFICATION  SR"), the question is searched with the range
too, and the table's line is cited with the pay it leads to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from store.lexical import label_prefix, terms
from store.scope import Scope

from .direct import question_kind

# "Associate In Engineering 1   27" (a title, perhaps its level and a class number, then its
# range: "Cook   9117   17"), up to the next title on a two-column line or the line's end
_PAIR = re.compile(r"(?P<title>[A-Z][\w&'/.-]*(?:[ \t]+(?:[A-Z(][\w&'/().-]*|of|in|and|for|"
                   r"the|to))*?(?:[ \t]+(?:\d{1,2}|[IVX]{1,4}))?)(?:[ \t]+\d{4,5})?"
                   r"[ \t]+(?P<n>\d{1,3}[A-Z]?)(?=[ \t]+[A-Z]|[ \t]*$)", re.MULTILINE)
# the range column's heading ("CLASSIFICATION   SR", "Class Title  Salary Range", "Grade")
_LABEL = re.compile(r"(?i)\b(salary range|pay range|range|sr|pay grade|salary grade|grade)\b")
_PAY_WORDS = re.compile(r"(?i)\b(pay|paid|salary|wage|rate|make|earn|step)\b")
MIN_ROWS = 5  # lines of title-and-number pairs that make a classification table
SEARCHED = 12  # passages read for the job's line
_NAMED_RANGE = (label_prefix("range"), label_prefix("grade"))  # "range 32", "Grade 5"


@dataclass(frozen=True)
class JobRange:
    """The range a classification table gives the job a question names."""

    title: str  # as the table writes it: "Geologist 2"
    label: str  # how the pay tables write the range: "SR" (the plan's heading until checked)
    number: str  # "26"
    clause_id: str
    start: int  # offsets of "Geologist 2 … 26" in the clause text
    end: int

    @property
    def words(self) -> str:
        return f"{self.label} {self.number}"


def asks_pay(question: str) -> bool:
    """Does the question ask what someone is paid ("What's my salary?", "how much do I make")?"""
    return question_kind(question) == "money" or bool(_PAY_WORDS.search(question))


# a member at the bottom of a pay table: "a first-year teacher", "brand new", "starting pay"
_STARTING = re.compile(r"(?i)\b(?:(?:brand[- ])?new[- ]hires?|brand[- ]new|(?:first|1st)[- ]year"
                       r"(?!\s+of\b)|entry[- ]level|beginning\s+teacher|starting\s+(?:salary|pay|"
                       r"wage|rate))\b")
_STEP_NAMED = label_prefix("step")


def with_first_step(question: str) -> str:
    """A pay question about someone starting out, with the table's first step written after
    the words that say so ("a first-year (step 1) teacher"); others unchanged."""
    if not asks_pay(question) or any(t.startswith(_STEP_NAMED) for t in terms(question)):
        return question
    return _STARTING.sub(lambda m: f"{m[0]} (step 1)", question, count=1)


def job_range(store, scope: Scope, question: str) -> JobRange | None:
    """The range of the longest job title a classification table lists that the question
    names as written ("Geologist 2", not "Professional Geologist 2"), when it asks for pay
    and names no range itself."""
    if (not asks_pay(question)
            or any(t.startswith(_NAMED_RANGE) for t in terms(question))):
        return None
    words = " ".join(re.findall(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z]+\b", question))
    if not words:
        return None
    hits = store.keyword(scope, f"{words} classification", SEARCHED)
    ids = dict.fromkeys(row.clause_id for row in store.chunks(scope, [i for i, _ in hits]).values())
    found = [j for c, _ in store.clauses(scope, ids=list(ids))
             if (j := named_job(question, c.text, c.clause_id))]
    job = max(found, key=lambda j: len(j.title), default=None)
    return _as_paid(store, scope, job) if job is not None else None


def _as_paid(store, scope: Scope, job: JobRange) -> JobRange | None:
    """The job with its range labelled as a pay table's cell writes it ("SR 26, Step 3:
    6395": "SR"); None when no pay table lists the range (a plan may list jobs this
    contract's schedules do not pay, and then the range answers nothing)."""
    label = {t for t in terms(job.words) if "_" in t}
    hits = store.keyword(scope, f"{job.words} step", SEARCHED)
    for row in store.chunks(scope, [i for i, _ in hits]).values():
        for line in row.text.splitlines():
            if ":" in line and line.count(" ") < 40 and label and label <= set(terms(line)):
                written = re.search(rf"([A-Za-z][A-Za-z ]{{0,20}}?)\s*{job.number}\b", line)
                return replace(job, label=written[1].strip() if written else job.label)
    return None


def named_job(question: str, table: str, clause_id: str = "") -> JobRange | None:
    """The longest title of a classification table (`table`) the question names."""
    pairs = list(_PAIR.finditer(table))
    label = _LABEL.search(table[:400])
    if len({table.count("\n", 0, m.start()) for m in pairs}) < MIN_ROWS or not label:
        return None
    said = _words(question)
    named = [m for m in pairs if _words(m["title"]) in said]
    if not named:
        return None
    best = max(named, key=lambda m: len(m["title"]))
    return JobRange(" ".join(best["title"].split()), _label(label[1]), best["n"], clause_id,
                    best.start(), best.end())


def _words(text: str) -> str:
    """The text's words, lower-cased, one space apart and around: for whole-word matching."""
    return " " + " ".join(re.findall(r"[\w&/-]+", text.lower())) + " "


def _label(heading: str) -> str:
    """How pay tables write the range: "SR" stays, "Salary Range" is "Range"."""
    word = heading.split()[-1]
    return word.upper() if len(word) <= 2 else word.title()


def with_range(question: str, job: JobRange) -> str:
    """The question with the job's range written after its title ("Geologist 2 (SR 26)")."""
    words = r"\W+".join(re.escape(w) for w in re.findall(r"[\w&/-]+", job.title))
    return re.sub(rf"(?i)(?<!\w)({words})(?!\w)", lambda m: f"{m[1]} ({job.words})", question,
                  count=1)

