"""Whom a sentence speaks of, against who asks: a rule for some members ("Teachers
transferring from another system …") comes after the general one, a pay-table cell for a
lesser role ("Varsity Asst.") after the one the question names, a row for
other years of service ("7-14 Years") after the one holding the member's ("in my 5th year"),
a class-size row for other grades ("Grades 4-5") after the member's ("my 2nd grade class"),
a rule for a case the question does not name ("If an employee is reclassified, …") after one
that speaks to it,
and a later step of a procedure ("If the grievance is not resolved at step 2, …") after how it
starts, unless the question asks about a later step; a rule for what the member says was not
done ("nobody assigned it in writing") before others."""

from __future__ import annotations

import re
from functools import lru_cache

from store.lexical import terms

from .bound import in_order, term_parts
from .vocabulary import covered, present_terms

_VERBS = r"\b(?:shall|will|may|must|is|are|can|has|have|receives?|earns?|accrues?)\b"
VERB = re.compile(_VERBS, re.I)
_MAIN_VERB = re.compile(r"(?<!\bwho )(?<!\bwhich )(?<!\bthat )" + _VERBS, re.I)  # not "who has …"
_NOT = re.compile(r"(?i)\b(?:not|never|no)\b")
_NARROWING = re.compile(r"(?i)\b(?:who|whose|which|new|newly|transferring|returning|"
                        r"probationary|part-time|hired|rehired|first \w+ years?|less than)\b")
_BRACKETS = re.compile(r"\([^()]*\)")
_OPENER = re.compile(r"(?i)^\W*(?:[A-Z0-9]{1,3}[.)]\s+)?(?:in|if|when|where|upon|for|after|"
                     r"during|unless|except|whenever)\b")
NARROWED = -0.2  # a rule for some members ("Teachers transferring from … who were tenured")


def narrowed(sentence: str, weights: dict[str, float], alts) -> bool:
    """Does the sentence's subject narrow whom it speaks of with words the question does not
    use ("Sick leave for new teachers shall …", "Teachers transferring from another system in
    which they were tenured shall …")? Its rule is for them; a general one answers first. A
    subject narrowing to what the question asks about ("those who wish to bump") does not."""
    sentence = _BRACKETS.sub(" ", sentence)
    verb = _MAIN_VERB.search(sentence)
    subject = sentence[:verb.start()] if verb else ""
    if _OPENER.match(subject):  # "In the case of the death of …, the employee shall"
        subject = subject.rsplit(",", 1)[-1]
    if (_titled(subject, weights, alts) or _modified(subject, weights, alts)
            or if_elsewhere(sentence, weights, alts)):
        return True
    found = list(_NARROWING.finditer(subject))
    if not found or len(subject.split()) > 40 or not weights:
        return False
    narrowing = [m[0].lower() for m in found]
    whom = _NOT.split(subject[found[0].start():])[0]  # "who elected not to sell back": not them
    said, whom = present_terms(subject), present_terms(whom)
    mean = sum(weights.values()) / len(weights)
    if any(w >= mean and covered(t, whom, alts) for t, w in weights.items()):
        return False
    asked = term_parts(weights)
    rest = [t for t in said if t not in asked]
    return len(rest) >= 2 or any(t not in asked for w in narrowing for t in terms(w))


_TITLE_WORD = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")
_PLACES = frozenset("paragraph section article appendix subsection table schedule".split())
_EVERYONE = frozenset(terms("employees teachers members educators workers staff personnel "
                            "classified certificated"))


def _titled(subject: str, weights: dict[str, float], alts) -> bool:
    """Does the subject name job titles the question does not ("Registered Nurses, Mid-Level
    Medical Practitioners, and Licensed Practical Nurses will receive …" asked by a custodian):
    two or more capitalized words, a plural among them, none of them asked?"""
    words = [w for w in _TITLE_WORD.findall(subject) if w.lower().rstrip("s") not in _PLACES]
    named = {t for w in words for t in terms(w)} - _EVERYONE
    plural = any(w.endswith("s") and not w.endswith("ss") and terms(w)[0] not in _EVERYONE
                 for w in words[1:] if terms(w))  # a plural title, not a sentence's first word
    return (len(words) >= 2 and plural and bool(named) and len(subject.split()) <= 25
            and not any(covered(t, named, alts) for t in weights))


_IF_CLAUSE = re.compile(r"(?i)^\W*(?:if|when|whenever|upon|in the event(?: that)?)\s+([^,;:]{3,80}),")


def if_elsewhere(sentence: str, weights: dict[str, float], alts) -> bool:
    """Does the sentence open on a situation the question says nothing of ("If an employee is
    reclassified, the employee shall serve a six (6) month probationary period", asked about
    new hires)? None of that condition's words, apart from whom it names, is asked."""
    m = _IF_CLAUSE.match(sentence)
    said = set(terms(m[1])) - _EVERYONE - _ANY_KIND if m else set()
    return bool(said) and not any(covered(t, said, alts) for t in weights)


_KIND_OF = re.compile(r"(?i)^\W*(?:an?|each|any|every)\s+((?:[\w-]+\s+){1,3}?)(?:employee|teacher|"
                      r"member|worker|educator|nurse)s?\s*$")
_ANY_KIND = frozenset(terms("regular eligible full-time fulltime permanent bargaining unit covered "
                            "such affected individual qualified current active represented other"))


def _modified(subject: str, weights: dict[str, float], alts) -> bool:
    """Is the subject one kind of employee the question does not name ("An evening school
    employee shall be paid …" asked by a teacher retiring)?"""
    m = _KIND_OF.match(subject.strip())
    kind = set(terms(m[1])) - _ANY_KIND - _EVERYONE if m else set()
    return any(not any(covered(q, {t}, alts) for q in weights) for t in kind)


_CELL_LABEL = re.compile(r"^\s*(?P<label>[^:\n]{3,120}):\s*\$?\d")  # "Football (Varsity): $5,534"
# words that make a row another, lesser role than the one named ("Football (Varsity Asst.)")
_QUALIFIER = re.compile(r"(?i)\b(?:asst|assistant|assoc|associate|deputy|junior|jr|jv|freshman|"
                        r"sub|substitute|trainee|apprentice|intern|aide|half|part-time)\b")
_FULL = {"asst": "assistant", "assoc": "associate", "sub": "substitute", "jr": "junior"}
LESSER_ROLE = -0.08  # a cell for a lesser role than the question names


def lesser_role(sentence: str, question: str) -> bool:
    """Is the sentence a pay-table cell whose label names an assistant, junior, … role the
    question does not ("Football (Varsity Asst.), 7/1/2022: $4,554" for the head coach)?"""
    m = _CELL_LABEL.match(sentence)
    if m is None:
        return False
    asked = {_FULL.get(w.lower(), w.lower()) for w in _QUALIFIER.findall(question)}
    return any(_FULL.get(w.lower(), w.lower()) not in asked for w in _QUALIFIER.findall(m["label"]))


YEARS_FIT = 0.1  # a row for the member's years of service up, one for other years down
_SERVICE = re.compile(r"(?i)\b(?:my|the) (\d{1,2})(?:st|nd|rd|th) year\b|\b(\d{1,2}) (?:full )?years? "
                      r"(?:in|of service|of experience|with|here|at)\b|\b(?:for|been|after|got|"
                      r"have|worked|served) (\d{1,2}) (?:full )?years?\b")
_N = r"(?:[a-z-]+\s+)?\(?(\d{1,2})\)?(?:st|nd|rd|th)?"  # "10", "10th", "Ten (10)"
_UNITS = {"years": r"\s*(?:(?:continuous|consecutive|full|completed)\s+)*(?:years?|annual)",
          "hours": r"\s*(?:(?:consecutive|full)\s+)*hours?"}


@lru_cache(maxsize=4)
def _ranges(unit: str) -> tuple:
    """(pattern, how its numbers make a span) for spans of `unit` a sentence states."""
    u = _UNITS[unit]
    return (  # in this order; what one reads, the next no longer sees
        (re.compile(rf"(?i)\b{_N}(?:{u})?\s*(?:through|to|-|–)\s*{_N}{u}(?:\s+of\s+service)?,?"
                    rf"\s*(?:but|and)\s+(?:less|fewer) than\s+{_N}{u}"),
         lambda lo, _, cap: (lo, cap - 1)),  # "Five (5) to ten (10) years, but less than ten (10)"
        (re.compile(rf"(?i)\b{_N}(?:{u})?\s*(?:through|to|-|–)\s*{_N}{u}\b"),
         lambda lo, hi: (lo, hi)),
        (re.compile(rf"(?i)\b{_N}{u}(?:\s+of\s+service)?,?\s*(?:but|and)\s+(?:less|fewer) than\s+"
                    rf"{_N}{u}"), lambda lo, hi: (lo, hi - 1)),
        (re.compile(rf"(?i)\b(?:less|fewer) than\s+{_N}{u}"), lambda hi: (0, hi - 1)),
        (re.compile(rf"(?i)\bmore than\s+{_N}{u}"), lambda lo: (lo + 1, 99)),
        (re.compile(rf"(?i)\b{_N}{u}[^.;]{{0,40}}?,?\s+or less\b"), lambda hi: (0, hi)),
        (re.compile(rf"(?i)\b{_N}\s*\+\s*{u}\b|\b{_N}{u}\s+or more\b"),
         lambda lo, other="": (int(lo or other), 99)),
    )


def service_years(question: str) -> int | None:
    """The years of service a question states ("I've been here 12 years", "in my 5th year")."""
    found = [int(a or b or c) for a, b, c in _SERVICE.findall(question)]
    return found[0] if len(set(found)) == 1 else None


_MOVED_HOURS = re.compile(r"(?i)\b(\d{1,2}) hours? (?:earlier|later|early|late)\b")


def moved_hours(question: str) -> int | None:
    """How many hours a schedule was moved, as the question states it ("3 hours earlier")."""
    found = {int(n) for n in _MOVED_HOURS.findall(question)}
    return found.pop() if len(found) == 1 else None


def years_fit(years: int | None, sentence: str, unit: str = "years") -> int:
    """+1 when a range of years (or of `unit`) in the sentence holds the member's, -1 when it
    states ranges and none does ("7-14 Years" for a fifth-year coach), 0 when it states none."""
    if years is None:
        return 0
    spans = []
    for rx, make in _ranges(unit):  # each span read once, by the fullest pattern stating it
        spans += [make(*(int(g) if g else 0 for g in m.groups())) for m in rx.finditer(sentence)]
        sentence = rx.sub(" ", sentence)
    if not spans:
        return 0
    return 1 if any(lo <= years <= hi for lo, hi in spans) else -1


_ORDINALS = ("kindergarten first second third fourth fifth sixth seventh eighth ninth tenth "
             "eleventh twelfth").split()
_ASKED_GRADE = re.compile(rf"(?i)\b(?:(\d{{1,2}})(?:st|nd|rd|th)|({'|'.join(_ORDINALS[1:])}))"
                          r"[ -]grade\b|\bgrade\s+(\d{1,2})\b|\b(kindergarten)\b")
_GRADES = re.compile(r"(?i)\bgrades?\s+(K|\d{1,2})(?:\s*(?:-|–|through|to)\s*(\d{1,2}))?\b")


def school_grade(question: str) -> int | None:
    """The school grade a question names ("my 2nd grade class": 2; kindergarten: 0)."""
    found = {int(a) if a else _ORDINALS.index((b or d).lower()) if (b or d) else int(c)
             for a, b, c, d in _ASKED_GRADE.findall(question)}
    return found.pop() if len(found) == 1 else None


def grade_fit(grade: int | None, sentence: str) -> int:
    """+1 when the grades a sentence states ("Grades 1-3 30*") hold the one asked, -1 when it
    states others, 0 when it states none."""
    def number(g: str) -> int:
        return 0 if g.upper() == "K" else int(g)

    spans = [(number(lo), number(hi or lo)) for lo, hi in _GRADES.findall(sentence)]
    if grade is None or not spans:
        return 0
    return 1 if any(lo <= grade <= hi for lo, hi in spans) else -1


LATER_STEP = -0.15  # a later step of a procedure, when the question asks how it starts
_LATER = re.compile(r"(?i)\b(?:(?:is|are|was|has)\s+not\s+(?:been\s+)?(?:resolved|settled|"
                    r"adjusted)|(?:does|do|did)\s+not\s+(?:resolve|settle)|fails?\s+to\s+resolve|"
                    r"not\s+satisfied|dissatisfied|unsatisfied|(?:after\s+receiv\w*|receipt\s+of)"
                    r"\s+the\s+(?:\w+\s+){0,4}?(?:response|answer|decision|reply)|"
                    r"\b(?:at|to|beyond|past|from)\s+(?:step|level)\s*(?:[2-9]|ii|iii|iv|v|two|three|"
                    r"four|five)\b)")
_ASKS_LATER = re.compile(r"(?i)\b(?:step|level|appeal\w*|arbitrat\w*|respon\w*|answer\w*|"
                         r"denied|deny|denies|next|escalat\w*|lost|los[et]s?|after|fix\w*|"
                         r"resolv\w*|settl\w*)\b")


# a heading naming a later step of a grievance procedure ("B. Grievances at Step 2")
_LATER_HEADING = re.compile(r"(?i)\b(?:step|level|stage)\s*(?:[2-9]|ii|iii|iv|v|two|three|four|"
                            r"five)\b(?![.\d])")
_GRIEVANCE = re.compile(r"(?i)\bgriev\w*|\bcomplaints?\b")


def later_step(sentence: str, question: str, heading: str = "") -> bool:
    """Is the sentence a later step of a procedure ("If the grievance is not resolved at
    step 2, … may file within fifteen (15) calendar days", or any sentence under "B.
    Grievances at Step 2") when the question asks only how it starts ("what's the deadline
    to file a grievance?")?"""
    if _ASKS_LATER.search(question):
        return False
    return bool(_LATER.search(sentence) or _GRIEVANCE.search(question)
                and _LATER_HEADING.search(heading))


# a kind of leave, pay or shift named by the word before it ("parental leave", "swing shift")
_KINDED = re.compile(r"(?i)\b([a-z][a-z'-]+)\s+(leave|pay|shift|differential|stipend|premium)s?\b")
_ANY_SUCH = frozenset(terms("paid unpaid the my our their your any extra additional total annual "
                            "of on for in with this that such same his her its more less no "
                            "regular base hourly monthly"))


def another_kind(sentence: str, question: str, weights: dict[str, float], alts) -> bool:
    """Does the sentence speak only of another kind of the leave, pay or shift the question
    names ("accrue sick leave … 88 hours" asked how many weeks of parental leave)? Its figure
    is that kind's. What a follow-up carries in brackets is not what it asks."""
    listed = terms(sentence)
    for m in _KINDED.finditer(_BRACKETS.sub(" ", question)):
        asked = [t for t in set(terms(m[1])) - _ANY_SUCH if t in weights]
        head = m[2].lower()
        if not asked or any(_says(t, listed, alts) for t in asked):
            continue
        others = [(*terms(o[1]), *terms(head)) for o in _KINDED.finditer(sentence)
                  if o[2].lower() == head and set(terms(o[1])) - _ANY_SUCH]
        if others and not any(_says(t, kind, alts) for t in asked for kind in others):
            return True
    return False


def _says(term: str, listed: list[str], alts) -> bool:
    """Is `term`, or one of its other phrases word after word, in the terms `listed`?"""
    return any(in_order(tuple(p), listed) for p in ((term,), *alts.get(term, ())))


# asks to be paid for leave not taken: "do they pay me for all my unused sick days?"
_ASKS_PAYOUT = re.compile(
    r"(?i)\bcash(?:ed)?[\s-]?(?:in|out)\b|\bpay-?outs?\b|\bsell\s+(?:\w+\s+)?back\b"
    r"|\bpa(?:y|id)(?:\s+\w+){0,2}?\s+(?:out|for)\b[^?.!]{0,40}?\b(?:unused|leftover|"
    r"remaining|accrued|accumulated|banked|untaken)\b"
    r"|\b(?:unused|leftover|banked|untaken)\b[^?.!]{0,30}?\bpaid\b(?!\s+(?:leave|time|sick|"
    r"vacation|holiday))")  # "do I get my unused vacation paid?", not "unused paid leave"
# a clause paying for it: "convert one (1) day to cash", "compensation for unused sick
# leave", "termination pay", "a single sum payment", "may elect to sell back up to sixty"
_PAYS = re.compile(r"(?i)\b(?:cash|pay-?outs?|paid\s+out|severance|lump[\s-]+sum|single\s+sum|"
                   r"termination\s+pay|(?<!workers' )(?<!workers\u2019 )(?<!workers )compensat\w*|"
                   r"payments?|reimburs\w*|(?:be|is|are)\s+paid|"
                   r"(?:sell|sells|sold|selling|buy|buys|bought)\s+back)\b")  # not Workers' Compensation


def asks_payout(question: str) -> bool:
    """Does the question ask to be paid for leave not taken ("cash out", "payout", "pay me
    for my unused sick days")?"""
    return bool(_ASKS_PAYOUT.search(question))


def pays_out(sentence: str) -> bool:
    """Does the sentence pay for something in money ("may convert one (1) day to cash"),
    not merely name paid leave ("accrue paid sick leave")?"""
    return bool(_PAYS.search(sentence))


NOT_DONE = 0.1  # the sentence speaks to what the member says did not happen ("not … assigned")


def _negated(words: str) -> re.Pattern[str]:
    """A negation and the (up to) three words after it."""
    return re.compile(rf"(?i)(?:\b(?:{words})|n't)\s+((?:[a-z]+\s+){{0,2}}[a-z]+)")


_ASKED_NOT = _negated(r"not|never|nobody|no\s+one|without")  # "nobody ever assigned", "didn't pay"
_SAID_NOT = _negated(r"not|never|no|fails?\s+to|failure\s+to|without")  # "have not been assigned"


def not_done(sentence: str, question: str, weights: dict[str, float]) -> bool:
    """Does the sentence speak to the case the member describes as not done ("nobody ever
    assigned it to me in writing": "If … the duties have not been formally assigned in
    writing, the employee may notify …")?"""
    asked = {t for m in _ASKED_NOT.finditer(question) for t in terms(m[1]) if t in weights}
    return bool(asked) and any(
        t in asked for m in _SAID_NOT.finditer(sentence) for t in terms(m[1]))
