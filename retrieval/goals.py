"""Reading a bargaining goal the way teams write it, term by term.

"Restore the .02527 times Class A, Step 8 formula and set a floor of three thousand five
hundred dollars ($3,500)." holds two terms: restore a formula, and a floor of $3,500. Each term
is a typed record with the words of the goal it came from; a part of the goal that yields no
term is kept as "not understood", never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from .amounts import CAP_WORDS, FLOOR_WORDS, QUANTITY, Quantity, limit_before, quantities, said
from .text import numbers_in

KINDS = ("restore", "strike", "replace", "amount", "floor", "cap", "increase", "add",
         "effective_date")


@dataclass(frozen=True)
class Term:
    """One thing a goal asks for.

    amount / floor / cap / increase: `value` in `unit` ("$", "%", "days" …), `about` the words
    naming what it is for ("the stipend"), `old` the amount it replaces ("from $50 to $150");
    restore: `text` the formula or wording named ("" for whatever the other side changed);
    strike: `text` the wording or topic, `where` "words" | "sentence" | "last sentence" | "cap";
    add: `text` the wording, `where` "sentence" | "after" | "before" | "unplaced", `new` anchor;
    replace: `text` old wording, `new` new wording; effective_date: `text` the date as written.
    """

    kind: str
    words: str
    value: Decimal | None = None
    unit: str = ""
    text: str = ""
    new: str = ""
    where: str = ""
    about: str = ""
    old: Decimal | None = None

    def label(self) -> str:
        """The term in plain words, for the team."""
        amount = said(self.value, self.unit) if self.value is not None else ""
        return {
            "amount": (f"the amount changed from {said(self.old, self.unit)} to {amount}"
                       if self.old is not None else f"the amount set to {amount}"),
            "floor": f"a floor of {amount}",
            "cap": f"a cap of {amount}",
            "increase": f"an increase of {amount}",
            "restore": f"restore “{self.text}”" if self.text else
                       "restore the wording the other side changed",
            "strike": (f"strike the {self.where} about “{self.text}”" if "sentence" in self.where
                       and self.text else f"strike the {self.where}" if self.where != "words"
                       else f"strike “{self.text}”"),
            "add": f"add “{self.text}”" + (f" {self.where} “{self.new}”" if self.new else ""),
            "replace": f"change “{self.text}” to “{self.new}”",
            "effective_date": f"effective {self.text}",
        }[self.kind]


@dataclass(frozen=True)
class Goal:
    """What a bargaining team asks for: its terms, and the parts Steward could not read."""

    text: str
    terms: tuple[Term, ...] = ()
    unclear: tuple[str, ...] = ()
    numbers: frozenset[str] = frozenset()  # every figure the goal states ("3500", ".02527")
    context: tuple[str, ...] = ()  # why, not what: "in line with the 2% SCUSD offered SCTA"


_EDIT_VERBS = (r"set|add|insert|include|strike|delete|remove|eliminate|drop|restore|reinstate|"
               r"revert|bring\s+back|keep|retain|raise|increase|decrease|reduce|lower|cut|cap|"
               r"change|replace|substitute|extend|shorten|make|put")
_LEADS = (rf"(?:(?:{_EDIT_VERBS})\b|with\b|plus\b|effective\b|beginning\b|starting\b|"
          r"as\s+of\b|retroactive\b|a\s+(?:floor|cap|minimum|maximum|ceiling)\b|"
          r"(?:no|not|never)\s+(?:less|more|fewer|lower|higher)\s+than\b|"
          r"(?:not|never)\s+(?:below|above|over|to\s+exceed)\b|at\s+(?:least|most)\b)")
_SPLIT = re.compile(rf"\s*;\s*|(?<=[\w)”\"'])\.\s+(?=[A-Z])|\.\s*$|"
                    rf",?\s+(?:and|then|but|also)\s+(?:also\s+|then\s+)?(?={_LEADS})|"
                    rf",\s*(?={_LEADS})|\s+(?=(?:with|plus)\s+(?:a\s+)?(?:floor|cap|minimum|maximum|"
                    rf"ceiling)\b)", re.IGNORECASE)
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"|‘([^’]+)’|(?<![\w])'([^']+)'(?![\w])")
_FILLER = re.compile(r"^(?:(?:please|also|and|then|but|so|we|i|the\s+union|the\s+team|want|wants|"
                     r"would\s+like|need|needs|propose|proposes|to|let's|should|must)\b[\s,]*)+",
                     re.IGNORECASE)
_DATE = (r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
         r"(?:st|nd|rd|th)?(?:,?\s+\d{4})?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|"
         r"dec)[a-z]*\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|(?:the\s+)?\d{4}[-–/]\d{2,4}"
         r"\s+(?:school|fiscal|contract|plan)\s+year|(?:the\s+)?(?:first|start\s+of\s+the)\s+"
         r"(?:full\s+)?pay\s+period\s+(?:in|of|after|following)\s+[\w ,]+?\d{4}|immediately|"
         r"upon\s+(?:ratification|signing|execution)(?:\s+of\s+th(?:is|e)\s+agreement)?)")
_EFFECTIVE = re.compile(rf"\b(?:(?:to\s+be\s+|to\s+take\s+|taking\s+)?effective|beginning|starting|"
                        rf"commencing|as\s+of|retroactive\s+to|on\s+and\s+after)\s+(?:on\s+)?"
                        rf"(?P<date>{_DATE})", re.IGNORECASE)


# "…, in line with the 2% salary increase SCUSD offered SCTA": why, not what; read as context.
_CONTEXT = re.compile(r",?\s*\b(?:in\s+line\s+with|consistent\s+with|comparable\s+to|similar\s+to|"
                      r"to\s+match|matching|as\s+(?:other|in|at|with)|like\s+(?:other|the|in|at)|"
                      r"compared\s+(?:to|with)|because|since|given\s+that|so\s+that|to\s+keep\s+"
                      r"up\s+with)\b.*$", re.IGNORECASE | re.DOTALL)


def read_goal(text: str) -> Goal:
    """Every term of a goal, what of it is context, and what could not be read."""
    terms: list[Term] = []
    unclear: list[str] = []
    context: list[str] = []
    for segment in segments(text):
        why = _CONTEXT.search(segment)
        if why and why.start() > 0:
            context.append(why.group(0).strip(" ,"))
            segment = segment[:why.start()].strip(" ,")
        found, left = read_segment(segment)
        terms += [t for t in found if t not in terms]
        unclear += left
    return Goal(text, tuple(terms), tuple(unclear), frozenset(numbers_in(text)), tuple(context))


def unaccounted(goal: Goal) -> list[str]:
    """Amounts the goal states that no term, part not understood or context holds: a term
    lost on the way, which the terms check reports rather than lets pass."""
    values = {(v, t.unit) for t in goal.terms for v in (t.value, t.old) if v is not None}
    held = [f"{t.text} {t.new}" for t in goal.terms] + list(goal.unclear) + list(goal.context)
    return [q.text for q in quantities(goal.text)
            if (q.value, q.unit) not in values and not any(q.text in h for h in held)]


def segments(text: str) -> list[str]:
    """The goal cut at ';', sentence ends, and 'and'/','/'then' before the next edit
    ('… formula and set a floor …'), never inside quoted wording."""
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    out, start = [], 0
    for m in _SPLIT.finditer(text):
        if any(a < m.start() < b for a, b in quoted):
            continue
        out.append(text[start:m.start()])
        start = m.end()
    out.append(text[start:])
    return [s.strip(" ,.") for s in out if s.strip(" ,.")]


def read_segment(segment: str) -> tuple[list[Term], list[str]]:
    """The terms of one part of a goal (its date last), and the parts of it not understood."""
    body = _FILLER.sub("", segment).strip(" ,.")
    added = re.match(rf"(?:{'|'.join(_ADD)})\b\s*(.*)", body, re.IGNORECASE | re.DOTALL)
    if added and _add(added.group(1), segment):  # a date inside added wording stays there
        return [_add(added.group(1), segment)], []
    dated: list[Term] = []
    date = _EFFECTIVE.search(body)
    if date:
        dated.append(Term("effective_date", date.group(0), text=date.group("date").strip()))
        body = segment = (body[:date.start()] + body[date.end():]).strip(" ,.")
    if not body:
        return dated, []
    terms, left = _terms_of(body, segment)
    return terms + dated, left


def _terms_of(body: str, segment: str) -> tuple[list[Term], list[str]]:
    verb = re.match(r"(\w+(?:\s+back)?)\b\s*(.*)", body, re.DOTALL)
    head, rest = (verb.group(1).lower(), verb.group(2)) if verb else ("", body)
    worded = _worded(head, rest, segment)
    if worded is not None:
        return worded, []
    amounts, left = _amount_terms(body, segment)
    if head in _RESTORE and not amounts:  # "keep the stipend at $3,000" is an amount
        return [_restore(rest, segment)], []
    return amounts, left


_RESTORE = {"restore", "reinstate", "revert", "bring back", "keep", "retain", "return"}
_STRIKE = {"strike", "delete", "remove", "eliminate", "drop", "cut"}
_ADD = {"add", "insert", "include"}
_CHANGE = {"change", "replace", "substitute"}


def _worded(head: str, rest: str, segment: str) -> list[Term] | None:
    """Terms about wording (strike, add, change 'may' to 'shall'), or None when the segment
    is not about wording ('add a floor of $3,500', 'change $10 to $5')."""
    if head in _STRIKE and not re.match(rf"(?:the\s+)?(?:{FLOOR_WORDS}|{CAP_WORDS})\s*\$", rest,
                                        re.IGNORECASE):
        return [_strike(rest, segment)]
    if head in _ADD:
        added = _add(rest, segment)
        return [added] if added else None
    if head in _CHANGE:
        m = re.match(r"(?:the\s+words?\s+)?(.+?)\s+(?:to|with|by)\s+(.+)$", rest, re.DOTALL)
        if m and not quantities(rest):
            return [Term("replace", segment, text=_unquote(m.group(1)), new=_unquote(m.group(2)))]
    return None


def _unquote(text: str) -> str:
    m = _QUOTED.fullmatch(text.strip())
    return next(g for g in m.groups() if g is not None).strip() if m else text.strip()


_TOPIC = re.compile(
    r"(?:the\s+|any\s+|all\s+)?(?:(?P<nth>last|first|second|third|final)\s+)?(?:sentences?|"
    r"language|provisions?|parts?|portion|text|references?|mentions?|requirements?|"
    r"wording)(?:\s+(?:about|on|regarding|concerning|referring\s+to|dealing\s+with|relating\s+"
    r"to|to|of|mentioning|requiring|that\s+(?:mentions?|says?|refers?\s+to|deals?\s+with|"
    r"requires?)|which\s+(?:mentions?|says?))\s+(?P<topic>.+))?$", re.IGNORECASE | re.DOTALL)


def _strike(rest: str, segment: str) -> Term:
    quoted = _QUOTED.search(rest)
    if quoted:
        return Term("strike", segment, text=_unquote(quoted.group(0)), where="words")
    m = _TOPIC.match(rest.strip())
    if m and (m.group("nth") or m.group("topic")):
        topic = re.sub(r"^(?:the|a|an)\s+", "", (m.group("topic") or "").strip(), flags=re.I)
        where = f"{m.group('nth').lower()} sentence" if m.group("nth") else "sentence"
        return Term("strike", segment, text=topic, where=where)
    limit = re.match(r"(?:the\s+|any\s+)?(?:\S*\d\S*\s+)?(cap|ceiling|maximum|limit|floor|minimum)\b",
                     rest, re.I)
    if limit:
        kind = "floor" if limit.group(1).lower() in ("floor", "minimum") else "cap"
        return Term("strike", segment, where=kind)
    words = re.sub(r"^(?:the\s+)?(?:words?|phrase)\s+", "", rest.strip(), flags=re.I)
    return Term("strike", segment, text=words, where="words")


def _add(rest: str, segment: str) -> Term | None:
    placed = re.match(r"(?:the\s+words?\s+)?(?P<q>“[^”]+”|\"[^\"]+\"|'[^']+')\s+(?P<where>after|"
                      r"before)\s+(?P<r>.+)$", rest.strip(), re.IGNORECASE | re.DOTALL)
    if placed:
        return Term("add", segment, text=_unquote(placed.group("q")), new=_unquote(placed.group("r")),
                    where=placed.group("where").lower())
    said_ = re.match(r"(?:(?:new\s+)?(?:language|a\s+(?:new\s+)?(?:sentence|provision|clause)|"
                     r"wording|words)\s*)?(?:that|saying|stating|providing\s+that|to\s+say|:)\s*"
                     r"(?P<w>.+)$", rest.strip(), re.IGNORECASE | re.DOTALL)
    if said_:
        return Term("add", segment, text=_unquote(said_.group("w")).rstrip("."), where="sentence")
    quoted = _QUOTED.fullmatch(rest.strip())
    if quoted:
        wording = _unquote(rest)
        long_enough = len(wording.split()) >= 4
        return Term("add", segment, text=wording.rstrip(".") if long_enough else wording,
                    where="sentence" if long_enough else "unplaced")
    return None


_GENERIC = (r"(?:the|our|their|its|old|original|prior|previous|existing|current|contract's|"
            r"contract|formula|language|wording|text|provision|calculation|stipend|amount|"
            r"rate|clause|section|method|version|of|in|from|to|\d+(?:\.\d+)+)")


def _restore(rest: str, segment: str) -> Term:
    """Restore the named formula or wording, or ("") whatever the other side changed."""
    quoted = _QUOTED.search(rest)
    if quoted:
        return Term("restore", segment, text=_unquote(quoted.group(0)))
    named = re.sub(rf"^(?:{_GENERIC}\s+)*|(?:\s+{_GENERIC})*$", "", rest.strip(), flags=re.I)
    named = "" if quantities(named) or not re.search(r"\d", named) else named
    return Term("restore", segment, text=named.strip(" ,"))


_INCREASE_BEFORE = re.compile(r"\b(?:by|(?:an?\s+)?(?:increase|raise|cola|adjustment)\s+of)\s*$",
                              re.IGNORECASE)
_INCREASE_AFTER = re.compile(r"^\s*(?:across[- ]the[- ]board\s+)?(?:general\s+)?(?:wage\s+|"
                             r"salary\s+|pay\s+)?(?:raise|increase|cola\b|cost[- ]of[- ]living)",
                             re.IGNORECASE)
_TO = re.compile(r"[\s\"“”'‘’]*(?:to|with|by)[\s\"“”'‘’]*$", re.IGNORECASE)
_WAS = re.compile(r"\b(?:instead\s+of|rather\s+than|in\s+place\s+of|(?:up|down)\s+from)\s*$",
                  re.IGNORECASE)
_SETS = re.compile(r"\b(?:to|at|of|is|be|=)\s*$", re.IGNORECASE)


def _amount_terms(body: str, segment: str) -> tuple[list[Term], list[str]]:
    """Amount, floor, cap and increase terms, each from an amount and the words before it;
    an amount no words explain, or a part with no amount at all, is not understood."""
    found = quantities(body)
    if not found:
        return [], [body]
    changing = re.match(rf"(?:{'|'.join(_CHANGE)})\b", body, re.I)
    terms, left, prev, old = [], [], 0, None
    for i, q in enumerate(found):
        before, after = body[prev:q.start], body[q.end:]
        then = body[q.end:found[i + 1].start] if i + 1 < len(found) else ""
        if (re.search(r"\bfrom\s*$", before, re.I) or changing and not terms) and _TO.match(then):
            old = q.value  # "from $50 to $150", "change X to Y": the next amount replaces this
            continue
        if terms and _WAS.search(before) and terms[-1].old is None:  # "3% instead of 2%"
            terms[-1] = replace(terms[-1], old=q.value)
            prev = q.end
            continue
        kind = _kind(body, q, before, after, not terms)
        if kind:
            terms.append(Term(kind, segment, q.value, q.unit, about=_about(before), old=old))
        else:
            left.append(q.text)
        prev, old = q.end, None
    return terms, left


def _kind(body: str, q: Quantity, before: str, after: str, first: bool) -> str:
    limit = limit_before(body, q.start)
    if limit:
        return limit
    if first and re.match(r"(?:cap|limit)\b", body, re.I):
        return "cap"  # "cap it at ninety (90) days"
    if _INCREASE_BEFORE.search(before) or _INCREASE_AFTER.match(after):
        return "increase"
    if _SETS.search(before) or first:  # "raise the cap to $750": the cap is what changes
        if re.search(r"\b(?:cap|ceiling|maximum|limit)\b", before, re.IGNORECASE):
            return "cap"
        return "floor" if re.search(r"\b(?:floor|minimum)\b", before, re.IGNORECASE) else "amount"
    return ""


def _about(before: str) -> str:
    """What an amount is for: 'raise the bilingual differential to' -> 'bilingual differential'."""
    words = re.sub(QUANTITY, " ", before)
    words = re.sub(rf"^\s*(?:{_EDIT_VERBS}|pay|give|provide|with)\b", "", words.strip(),
                   flags=re.I)
    words = re.sub(rf"\b(?:{FLOOR_WORDS}|{CAP_WORDS}|to|at|of|is|be|from|by|with|the|a|an|it)\b|"
                   r"[=\"“”‘’]", " ", words, flags=re.I)
    return " ".join(words.split())
