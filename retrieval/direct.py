"""The direct answer that opens a reply, read from the best quote and never beyond it: the
amount or deadline the question asks for, or yes/no with the quote's conditions.

Deterministic: the figure is one the quote states, next to the words of the question; yes or
no is said only when the quote plainly permits or forbids and covers the question; otherwise
the quote itself is the answer. The same rules judge a language model's sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import SimpleNamespace

from store.lexical import terms

from .bound import term_parts
from .text import (
    FACTOR,
    FRACTION,
    PAY_FIGURE,
    TIME_UNIT,
    YEAR,
    clock_time,
    numbers_in,
    quantity_spans,
    sentence_spans,
    split_sentences,
    states_count_of,
)
from .vocabulary import covered, present_terms

YES_NO_QUESTION = re.compile(r"(?i)^\s*(?:and |so |but )?(?:can|may|do|does|did|is|are|am|will|"
                             r"would|should|must|could|have|has|if)\b")
_TOLD_THEN = re.compile(r"(?i)^(?!\W*(?:what|how|when|where|which|who|why)\b)[^?]*?\s[—–-]\s+"
                        r"(?=[^?]*\?\s*$)")  # a telling clause (asking nothing), then a dash
_IF_THEN_WH = re.compile(r"(?i)^\s*(?:if|when|whenever|once|after|before|while)\b[^,?]*,\s*(?=(?:how|"
                         r"what|when|where|which|who|why|can|may|do|does|did|is|are|am|will|would|"
                         r"should|must|could|have|has)\b)")  # "When I retire, do I get paid …?"
_WHEN_Q = re.compile(r"(?i)^\W*(?:and |so |but |ok,? )?(?:when|by when|what date)\b|\b(?:deadline|"
                     r"how soon|in advance|time limit|timeline|how long do (?:i|we|you|they|"
                     r"employees|members|teachers) have|how long after|how long before|"
                     r"how much notice|how far ahead|how far in advance)\b")
_LENGTH_Q = re.compile(r"(?i)\bhow (?:many|much) (?:[\w-]+ ){0,3}(?<!\ba )(?<!\bper )(?<!\beach )"
                       r"(?<!\bevery )(?:minutes?|hours?|days?|weeks?|"
                       r"months?|years?|time|leave|vacation|notice|credits?)\b|\bhow long\b")
_MONEY_Q = re.compile(r"(?i)\bhow (?:much|many (?:dollars|cents))\b|^\W*(?:\w+\W+){0,12}?"
                      r"(?:what|what's|whats|which)\b.*\b(?:pay|paid|rate|salary|salaries|wages?|stipend|cost|"
                      r"reimburs\w*|allowance|dollars?|cents|per mile|amount|premium|bonus|"
                      r"differential|copay|cola|raise|increase|percent|%|cost of living|"
                      r"supplement|make)\b")
# "how much student growth data do I need?" asks how much of a thing that is not money
_HOW_MUCH_OF = re.compile(r"(?i)\bhow much\s+((?:[a-z-]+\s+){1,4}?)(?:do|does|did|is|are|will|"
                          r"would|can|could|should|must|has|have)\b")
_MONEY_OR_SMALL_WORD = re.compile(r"(?i)\b(?:pay|paid|salary|money|stipend|raise|cost|premium|dollars?|"
                         r"wages?|compensation|reimburs\w*|bonus|increase|differential|extra|"
                         r"more|less|of|per|a|an|the|my|our|it|they|we|i|you|he|she)\b")
_DOLLARS_Q = re.compile(r"(?i)\bhow (?:much|many) (?:dollars|cents|money)\b")  # "… a month"
_COUNT_Q = re.compile(r"(?i)\bhow many\b|\b(?:max|maximum|minimum|most|number) (?:number )?of\b")
_ASKS = re.compile(r"(?i)\b(?:what|what's|whats|how|when|which)\b")


FIGURE_KINDS = ("when", "length", "money", "count")  # questions a figure answers
_CARRIED = re.compile(r"\s*\([^()]{12,}\)\s*\?\s*$")  # "What grade do I need (tuition … percent)?"
# "is it paid or unpaid?" asks which, not yes or no ("… or not?" is still yes or no)
_CHOICE = re.compile(r"(?i)\bor\b(?!\s+not\b)(?!\s+(?:are|is|do|does|can|will)\s+(?:there|they|"
                     r"you|i|we)\b\s+not)")
_ASKED_UNIT = re.compile(r"(?i)\bhow (?:many|much) (?:[\w-]+ ){0,2}?(minute|hour|day|week|month|"
                         r"year)s?\b")
_UNIT_WORD = re.compile(r"(?i)\b(?:minute|hour|day|week|month|year)s?\b")


def question_kind(question: str) -> str:
    """What kind of answer a question asks for: 'yes-no', 'when', 'length', 'money',
    'count', or '' (anything else: the quote is the answer)."""
    question = _CARRIED.sub("?", question)  # a part's topic in brackets asks nothing itself
    question = _IF_THEN_WH.sub("", question)  # "If we strike, how much …?" asks how much
    question = _TOLD_THEN.sub("", question)  # "I'm SEIU 503 — can I bring a steward?"
    if YES_NO_QUESTION.search(question):
        return "yes-no"
    if not _ASKS.search(question):
        return ""
    for kind, rx in (("when", _WHEN_Q), ("money", _DOLLARS_Q), ("length", _LENGTH_Q),
                     ("money", _MONEY_Q), ("count", _COUNT_Q)):
        if rx.search(question):
            return "" if rx is _MONEY_Q and _not_money(question) else kind
    return ""


def asking_sentence(question: str) -> str:
    """What a question asks: its last sentence, less a telling clause before a dash ("I work
    nights. Is there extra pay?" → "Is there extra pay?"; "I'm in salary range 10 — any help
    with my premium?" → "any help with my premium?")."""
    sentences = split_sentences(question.strip())
    return _TOLD_THEN.sub("", sentences[-1]) if sentences else question


def _not_money(question: str) -> bool:
    """Does "how much" ask for an amount of something other than money ("how much student
    growth data do I need")?"""
    m = _HOW_MUCH_OF.search(question)
    return bool(m) and not _MONEY_OR_SMALL_WORD.search(m[1])  # "how much of my premium …"


# A clause that forbids, and one that grants; said only when the quote says one of them.
NEGATION = re.compile(r"(?i)\b(?:(?:shall|will|may|must|can|does|do|is|are|be)\s+not|cannot|"
                      r"can't|never|neither|prohibited|no (?:employee|teacher|member|person|"
                      r"worker|unit member)s?)\b")
_GRANT = re.compile(r"(?i)\b(?:may|can|is entitled|are entitled|shall be (?:entitled|eligible|"
                    r"permitted|allowed|granted|paid|compensated|reimbursed|provided)|shall "
                    r"(?:receive|have|be granted|accrue|earn)|will (?:receive|be (?:paid|"
                    r"granted|allowed|provided|reimbursed))|eligible|permitted|allowed|"
                    r"entitled)\b")
# what a member gets: "shall be credited with fifteen (15) days", "will allow ten (10) days",
# "one (1) day … is granted" — asked by "how many … do I get / earn / receive?"
_ENTITLES = re.compile(r"(?i)\b(?:entitled|eligible|granted|credited|allowed|allow|receive|"
                       r"accrue|accrues|earn|earns|provided)\b")
_ASKS_ENTITLEMENT = re.compile(r"(?i)\b(?:get|earn|receive|accrue|give (?:us|me)|entitled|"
                               r"allowed)\b")


def entitles(question: str, sentence: str) -> bool:
    """Does the question ask what a member gets, and the sentence say what they get?"""
    return bool(_ASKS_ENTITLEMENT.search(question) and _ENTITLES.search(sentence))


CONDITION = re.compile(r"(?i)\b(?:unless|except|provided(?: that)?|only|if|when|after|before|"
                       r"within|up to|subject to|as long as|no more than|not to exceed|at least|"
                       r"maximum|minimum|new to|who|during|prior to|upon)\b")
_CLAUSE_END = re.compile(r"[,;:.]|\b(?:and|or)\b")


@dataclass(frozen=True)
class Direct:
    """The opening words ("**$1,500.**", "**Yes**, with conditions:") and the answering words
    inside the quote to highlight, as (start, end) offsets in the quote."""

    opening: str
    spans: tuple[tuple[int, int], ...]


def direct_answer(question: str, quote: str, scorer, focus: tuple[int, int] | None = None
                  ) -> Direct | None:
    """The direct answer `quote` gives to `question`, or None (then the quote is the answer).
    A figure is read only from `focus` (offsets of the sentence that answers) when given."""
    kind = question_kind(question)
    if kind == "yes-no":
        return None if _CHOICE.search(question) else _yes_no(quote, scorer, _asked(question,
                                                                                    scorer))
    if not kind:
        return None
    span = _best_quantity(quote, scorer, kind, _identifiers(question), focus=focus)
    if span and not _of_the_year(quote, span, set(YEAR.findall(question))):
        return None  # "the raise in July 2025" read off a sentence about July 2024
    unit = _ASKED_UNIT.search(question)
    if span and unit and _UNIT_WORD.search(quote[span[0]:span[1]]) and not re.search(
            rf"(?i)\b{unit[1]}", quote[span[0]:span[1]]):
        return None  # "how many days?" answered by "1,040 hours": not the figure asked for
    if span is None:
        return None
    return Direct(f"**{quote[span[0]:span[1]]}**", (span,))


def _of_the_year(quote: str, span: tuple[int, int], years: set[str]) -> bool:
    """Is the figure's sentence about the years the question names (or the quote about no
    year at all)?"""
    sentence = next((quote[a:b] for a, b in sentence_spans(quote) if a <= span[0] < b), quote)
    named = set(YEAR.findall(sentence))
    return not years or years <= named or not named and not YEAR.search(quote)


def figure_spans(text: str, wanted: str) -> list[tuple[int, int]]:
    """Where `text` states a quantity of the kind asked for (never a 24-hour clock time as an
    amount: "between 2400 and 0800"; hours paid at a rate are pay)."""
    found = [(a, b) for a, b in quantity_spans(text)
             if (fits(text[a:b], wanted) or wanted == "money" and _PAID_AS.match(text, b))
             and not (wanted == "money" and clock_time(text, a, b))]
    if wanted == "money":  # "two-tenths (.2) of their contracted salary"
        found += [m.span() for m in FRACTION.finditer(text) if _SHARE_OF_PAY.match(text, m.end())]
    return sorted(found)


# hours paid as pay: "two (2) hours per day at their current hourly rate"
_PAID_AS = re.compile(r"(?i)\s*(?:per \w+\s+)?(?:of pay\b|(?:of|at)\s+(?:their|the|his or her|"
                      r"an?)?\s*(?:(?:current|regular|straight[- ]time|base)\s+)*(?:hourly\s+)?"
                      r"(?:rate|pay|salary)\b)")


_SHARE_OF_PAY = re.compile(r"(?i)\s*(?:of\s+(?:their|the|his or her|an?)?\s*(?:[\w'\u2019]+\s+){0,3}?)?"
                           r"(?:rate|pay|salary)\b")


def fits(piece: str, wanted: str) -> bool:
    """Is this quantity the kind the question asks for?"""
    low = piece.lower()
    money = (any(m in low for m in ("$", "dollar", "%", "percent"))
             or bool(PAY_FIGURE.fullmatch(piece) or re.fullmatch(FACTOR, piece)))
    if wanted == "money" and _RATE_WORDS.search(piece):
        return True
    if wanted == "money":
        return money
    if wanted == "count":
        return True
    return not money


_RATE_WORDS = re.compile(r"(?i)time and (?:one-half|a half)|double time|straight time")


def fitting_quantity(quote: str, scorer, kind: str, min_attach: float = 0.1) -> bool:
    """Does the quote state a quantity of the kind asked for, next to the question's words?
    A count of something other than time is a number of it ("two steps"), not a number of
    days or dollars ("the max number of kids" is not "a maximum of … (190) days")."""
    spans = figure_spans(quote, kind)
    if kind == "count" and (m := _COUNTED.search(scorer.question)) and not TIME_UNIT.search(m[1]):
        if states_count_of(quote, m[1]):
            return True  # "shall be granted two steps", asked how many steps
        spans = [(a, b) for a, b in spans if not TIME_UNIT.search(quote[a:b]) and not fits(
            quote[a:b], "money")]
    return any(attachment(_window(quote, a, b), scorer) >= min_attach for a, b in spans)


# what a count counts: "how many kids", "the max number of students"
_COUNTED = re.compile(r"(?i)\b(?:how many|number of)\s+((?:[a-z'-]+\s+){0,2}?[a-z'-]+s)\b")


# where the phrase a figure belongs to ends: a semicolon, or a sentence's end
_PHRASE_END = re.compile(r";|(?:(?<=\w{4})|(?<=\d)|(?<=[A-Z]{3}))[.!?](?=\s+[\"“A-Z])")  # not "mos."


# a condition put first scopes over the whole sentence: "Should it become necessary … to layoff
# one or more nurse, the County shall give … a minimum of six (6) weeks' notice"
_FRONTED = re.compile(r"(?i)^\s*(?:if|when|whenever|should|in the event|once|upon)\b[^,;:]{3,200},")


def _window(quote: str, a: int, b: int) -> str:
    """The figure with the words around it, up to twelve each side, not past its phrase
    ("swing shift differential of $1.00 per hour;" is not the night shift's figure), and
    the condition its sentence opens with."""
    before = quote[:a]
    ends = list(_PHRASE_END.finditer(before))
    before = before[ends[-1].end():] if ends else before
    after = quote[b:]
    end = _PHRASE_END.search(after)
    after = after[:end.start()] if end else after
    words = before.split()
    fronted = _FRONTED.match(before) if len(words) > 12 else None
    head = fronted[0].split() if fronted and len(fronted[0].split()) < len(words) - 12 else []
    return " ".join(head + words[-12:] + [quote[a:b]] + after.split()[:12])


def _identifiers(question: str) -> set[str]:
    """Numbers a question names what it asks about with ("step 10", "range 18"), not years."""
    return {n for n in numbers_in(question) if not re.fullmatch(r"(?:19|20)\d\d", n)}


def _best_quantity(quote: str, scorer, wanted: str, need: set[str] = frozenset(),
                   min_attach: float = 0.5, focus: tuple[int, int] | None = None
                   ) -> tuple[int, int] | None:
    """The quantity the question's own words sit next to (its other phrases count half), on
    a line holding every number the question names it by (a pay table's step and range);
    None when none fits or another figure fits as well (two cells of a table): then the
    quote answers, not one figure."""
    scored = []
    for a, b in figure_spans(quote, wanted):
        if focus and not focus[0] <= a < focus[1]:
            continue
        digits = set(re.findall(r"\d+(?:\.\d+)?", quote[a:b].replace(",", "")))
        if digits and digits <= need:
            continue  # the question's own "184-day" names the row; it is not the answer
        end = quote.find("\n", b)
        line = quote[quote.rfind("\n", 0, a) + 1: end if end >= 0 else len(quote)]
        if need - numbers_in(f"{line} {_window(quote, a, b)}") - numbers_in(quote[a:b]):
            continue
        near, full = _closeness(_window(quote, a, b), scorer)
        scored.append((near + ENTITLED * _entitled(scorer.question, quote, a), full, (a, b)))
    if not scored:
        return None
    scored.sort(key=lambda p: -p[0])
    best, full, span = scored[0]
    value = numbers_in(quote[span[0]:span[1]])
    if any(s == best and numbers_in(quote[x:y]) != value for s, _, (x, y) in scored[1:]):
        return None  # another figure fits as well: which one answers is not plain
    if full < min_attach:
        return None  # the figure is not plainly about what was asked: the quote answers
    bound = _BOUND.search(quote[:span[0]])
    return (bound.start(), span[1]) if bound else span


ENTITLED = 0.1  # asked what a member gets: the figure a member "is entitled to" over others


def _entitled(question: str, quote: str, at: int) -> bool:
    """Does the question ask what a member gets, and the words just before the figure at `at`
    grant it ("shall be entitled to forty (40) hours", not "extended up to … 112 hours")?"""
    return entitles(question, " ".join(quote[max(0, at - 60):at].split()[-5:]))


# "up to", "a maximum of", "over", "at least": a bound is part of the figure it qualifies
_BOUND = re.compile(r"(?i)\b(?:up to|a maximum of|maximum of|a minimum of|minimum of|at least|"
                    r"no more than|no less than|not more than|not less than|not to exceed|over|"
                    r"more than|less than|fewer than|within|up to and including)\s+$")


def _closeness(window: str, scorer) -> tuple[float, float]:
    """How plainly `window` is about the question: the mean of its own words' share and
    their share with other phrases counted ("night shift" over "shift differential"), and
    the latter alone."""
    full = attachment(window, scorer)
    return (full + attachment(window, scorer, literal=True)) / 2, full


def attachment(window: str, scorer, literal: bool = False) -> float:
    """Share of the question's weight whose words (or, unless `literal`, their other
    phrases: "breaks" for "rest period") are in `window`."""
    if not scorer.total:
        return 0.0
    present = present_terms(window)
    alts = {} if literal else scorer.alts
    return sum(w for t, w in scorer.weights.items() if covered(t, present, alts)) / scorer.total


_IF_CLAUSE = re.compile(r"(?i)^\W*(?:if|when|once|after)\b[^,?]*,\s*(?P<ask>[^,]+\?)\s*$")


def _asked(question: str, scorer):
    """The scorer for what a question asks, less the situation it sets first: "If the state
    lets me go during trial service, can the union grieve it?" asks about grieving."""
    m = _IF_CLAUSE.match(question)
    asked = set(terms(m["ask"])) if m else set()
    weights = {t: w for t, w in scorer.weights.items() if term_parts([t]) <= asked}
    if not weights:
        return scorer
    return SimpleNamespace(weights=weights, total=sum(weights.values()), alts=scorer.alts)


def _yes_no(quote: str, scorer, asked=None, min_cover: float = 0.75) -> Direct | None:
    """Yes or no, only when the quote covers the question and plainly grants or forbids the
    thing asked: the verdict is the one the words of the question sit next to ("the Agency
    may remove an employee" answers "can they fire me?", not "do not merit" further on).
    Coverage counts words that mean the same, never broader ones ("aunt" → "immediate
    family"): whether the broader word takes in the asked one is the question."""
    if scorer.coverage(quote, broader=False) < min_cover:
        return None
    forbids = verdict(quote, asked or scorer)
    if forbids is None:
        return None
    spans = conditions(quote)
    word = "No" if forbids else "Yes"
    opening = f"**{word}**, with conditions" if spans else f"**{word}**"
    return Direct(opening, tuple(spans))


_PAY_WORDS = "paid pay compensated"
_PAY_ASKED = frozenset(terms(_PAY_WORDS))
_UNPAID = re.compile(r"(?i)\b(?:unpaid|without (?:pay|compensation|salary)|no pay)\b")


def verdict(quote: str, scorer) -> bool | None:
    """True when the quote forbids what the question asks, False when it grants it, None
    when it does neither plainly or grants and forbids it equally ("unpaid" forbids pay)."""
    no = [(m.start(), m.end(), True) for m in NEGATION.finditer(quote)]
    if _PAY_ASKED & set(scorer.weights):  # "Is bereavement leave paid?": "The leave is unpaid"
        no += [(m.start(), m.end(), True) for m in _UNPAID.finditer(quote)]
    yes = [(m.start(), m.end(), False) for m in _GRANT.finditer(quote)
           if not any(a <= m.start() < b for a, b, _ in no)]
    scored = []
    for a, b, forbids in no + yes:
        window = _window(quote, a, b) + (f" {_PAY_WORDS}" if _UNPAID.fullmatch(quote[a:b]) else "")
        scored.append((_closeness(window, scorer)[0], forbids))
    best = max((s for s, _ in scored), default=0.0)
    said = {f for s, f in scored if s == best}
    return said.pop() if best > 0 and len(said) == 1 else None


def conditions(quote: str) -> list[tuple[int, int]]:
    """The conditions a quote attaches ("up to five (5) days", "unless …", "new to the
    District"): from the marker to the end of its phrase, at most twelve words."""
    out: list[tuple[int, int]] = []
    for m in CONDITION.finditer(quote):
        if m.group(0).lower() in ("who", "when", "during", "upon") and not out and m.start() < 3:
            continue
        if out and m.start() < out[-1][1]:
            continue
        rest = quote[m.end():]
        stop = _CLAUSE_END.search(rest, 1)
        end = m.end() + (stop.start() if stop else len(rest))
        words = quote[m.start():end].split()
        if len(words) > 12:
            end = m.start() + len(" ".join(words[:12]))
        out.append((m.start(), end))
    return out


def polarity(text: str) -> bool:
    """Does the text forbid (or deny) something?"""
    return bool(NEGATION.search(text) or re.match(r"(?i)\W*no\b", text))


def markers(text: str) -> set[str]:
    """The condition words a text uses ("unless", "up to", "only")."""
    return {m.group(0).lower() for m in CONDITION.finditer(text)}
