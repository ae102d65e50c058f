"""Members' words and contracts' words for the same thing: "breaks" are "rest periods" or
"relief periods", a death in the family is "bereavement" or "funeral leave".

Each group holds phrases that mean one thing in labour contracts: a member's word first, then
the words contracts in the shared corpora (Oregon, district teachers', SEIU 503) use for it.
A question that uses one phrase of a group is searched, and its evidence judged, with the
others too. Phrases are compared as their search terms (store.lexical.terms), so plurals
and "-ing" forms match.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from itertools import pairwise

from store.lexical import terms

from .bound import bound_pairs, forms_of

GROUPS: tuple[tuple[str, ...], ...] = (
    ("break", "rest period", "relief period", "rest break"),
    ("lunch", "meal period", "lunch period", "meal break", "duty-free lunch"),
    ("bereavement", "funeral leave", "death in the immediate family", "death of a family member"),
    ("funeral", "bereavement"),
    ("memorial service", "funeral", "memorial services", "bereavement"),
    ("coworker", "co-worker", "county employee", "fellow employee", "employee"),
    ("died", "death", "bereavement"),
    ("dies", "death", "bereavement"),
    ("passed away", "death", "bereavement"),
    ("probation", "probationary period", "trial service", "trial period"),
    ("pay", "wage", "salary", "compensation", "rate"),
    ("pay scale", "salary schedule", "pay schedule", "salary scale", "salary table"),
    ("paid", "compensated", "compensation"),
    ("raise", "salary increase", "wage increase", "cost of living", "cola", "across-the-board"),
    ("layoff", "laid off", "reduction in force", "rif"),
    ("laid off", "layoff", "reduction in force"),
    ("lay off", "layoff", "reduction in force", "laid off"),
    ("docked", "deduction", "deducted", "reduction"),
    ("go up", "increase", "adjustment"),
    ("stretch out", "extend", "extension"),  # "can they stretch it out?"
    ("pay cut", "reduction in pay", "salary reduction", "deduction"),
    ("reward", "award", "awarded", "incentive"),
    ("reclass", "reclassification", "reclassified"),
    ("reclassified", "reclassification"),
    ("stay late", "beyond the duty day", "beyond the regular workday", "extended day"),
    ("notify", "notice", "notification of intent"),  # "initial notification of layoff" is theirs
    ("car", "vehicle", "automobile"),
    ("grad", "graduate"),
    ("fire", "dismissal", "discharge", "termination", "terminate", "removal", "remove"),
    ("fired", "dismissal", "discharge", "termination", "dismissed", "discharged", "removed",
     "removal"),
    ("let go", "dismissal", "discharge", "termination", "removal", "layoff"),
    ("grieve", "grievance", "grievance procedure"),
    ("arbitrator's decision", "arbitrator's report", "arbitrator's award", "award of the arbitrator",
     "decision of the arbitrator", "arbitration award"),
    ("sick day", "sick leave"),
    ("vacation", "annual leave", "vacation leave", "paid time off", "pto"),
    ("time off", "leave"),
    ("day off", "leave"),
    ("comp time", "compensatory time"),
    ("earn", "accrue", "accrual", "earned"),
    ("gym", "physical education"),
    ("maternity", "parental leave", "family leave", "pregnancy", "childbirth"),
    ("paternity", "parental leave", "family leave", "birth of a child"),
    ("baby", "birth", "adoption", "parental leave", "child-rearing"),
    ("health insurance", "medical insurance", "health benefits", "medical plan", "health plan"),
    ("insurance", "medical", "health plan"),
    ("complaint", "grievance"),
    ("fix", "resolve", "resolved", "resolution", "remedy"),
    ("talk", "discussion", "discuss", "meeting", "conference"),
    ("complain", "grievance"),
    ("seniority", "length of service", "continuous employment", "continuous service"),
    ("written up", "reprimand", "written reprimand", "discipline"),
    ("write-up", "reprimand", "written reprimand", "discipline"),
    ("union rep", "steward", "union representative", "association representative"),
    ("class size", "pupil-teacher ratio", "students per class", "class load"),
    ("prep time", "preparation period", "planning time", "planning period", "preparation time"),
    ("prep", "preparation", "planning time", "preparation period"),
    ("planning", "preparation"),
    ("mileage", "mileage reimbursement", "travel reimbursement"),
    ("tuition", "tuition reimbursement", "educational reimbursement"),
    ("jury", "jury duty", "court leave", "jury service"),
    ("personal day", "personal leave", "personal business"),
    ("night shift", "shift differential", "night differential"),
    ("on call", "standby", "on-call"),
    ("called in", "call back", "callback", "call-back"),
    ("uniform", "uniform allowance", "clothing allowance"),
    ("retire", "retirement", "pers"),
    ("quit", "resignation", "resign"),
    ("unused", "accumulated", "accrued"),
    ("expire", "expiration", "term of agreement", "duration", "remain in effect"),
    ("run out", "expiration", "term of agreement", "duration"),
    ("snow day", "inclement weather", "emergency closure", "school closure"),
    ("doctorate", "doctoral", "ph.d", "doctor's degree", "edd"),  # "ed.d" is "ed": "higher ed"
    ("pregnant", "pregnancy"),
    ("kid", "child"),
    ("disrupt", "disruptive", "disruption"),
    ("violation", "breach", "violate", "violated", "misapplication"),
    ("raise a grievance", "file a grievance", "present a grievance", "submit a grievance",
     "initiate a grievance", "take up the grievance", "refer the grievance", "bring a grievance"),
    ("spring break", "spring recess", "spring vacation", "spring holiday", "holiday"),
    ("winter break", "winter recess", "winter vacation", "holiday recess", "holiday"),
    ("mom", "mother", "parent", "immediate family"),
    ("dad", "father", "parent", "immediate family"),
    ("mother", "parent", "immediate family"),
    ("father", "parent", "immediate family"),
    ("grandma", "grandmother", "grandparent", "immediate family"),
    ("grandpa", "grandfather", "grandparent", "immediate family"),
    ("grandmother", "grandparent", "immediate family"),
    ("grandfather", "grandparent", "immediate family"),
    ("husband", "spouse", "domestic partner", "immediate family"),
    ("wife", "spouse", "domestic partner", "immediate family"),
    ("son", "child", "immediate family"),
    ("daughter", "child", "immediate family"),
    ("brother", "sibling", "immediate family"),
    ("sister", "sibling", "immediate family"),
    ("master's", "ma", "masters", "master's degree"),
    ("bachelor's", "ba", "bachelors", "bachelor's degree"),
    ("boss", "supervisor", "administrator", "principal", "manager"),
    ("job opening", "vacancy", "vacancies", "posting"),
    ("unpaid leave", "leave without pay", "leave of absence"),
    ("unpaid", "without pay", "without compensation", "no pay"),
    ("time and a half", "time and one-half", "one and one-half"),
    ("overtime", "time and one-half", "overtime"),
    ("extra hours", "additional hours", "extra duty", "overtime"),
    ("review", "evaluation", "appraisal"),
    ("observed", "observation", "evaluation"),
    ("days off", "leave"),
    ("holiday", "paid holiday", "holidays"),
    ("cost of living", "cola"),
    ("step", "step increase", "increment"),
    ("longevity", "length of service"),
    ("substitute", "sub"),
    ("workload", "caseload", "work load"),
    ("harass", "harassment"),
    ("donate", "donation", "donated", "donating", "donor"),
    ("bullied", "harassment", "bullying"),
    ("transfer", "reassignment", "transfers"),
    ("schedule", "work schedule", "hours of work", "workweek"),
    ("workday", "work day", "hours of work", "duty day", "workday"),
    ("dues", "union dues", "membership dues", "payroll deduction"),
    ("strike", "work stoppage"),
    ("sick kid", "family illness", "illness in the immediate family"),
    ("sick family", "family illness", "illness in the immediate family", "family member"),
    ("teacher", "employee", "bargaining unit member"),
    ("worker", "employee", "bargaining unit"),
    ("staff", "employee"),
)


# One way only: the member's word (first) is searched as the contract's, never the reverse (a
# question about a "shift differential" is not one about "extra pay" or "nights").
ONE_WAY: tuple[tuple[str, ...], ...] = (
    ("pay back", "reimburse", "reimbursement", "repay"),  # "does the district pay back …?"
    ("counted", "computation", "computed", "calculated", "credited", "credit"),
    ("night", "night shift", "shift differential", "night differential"),
    ("nights", "night shift", "shift differential", "night differential"),
    ("graveyard", "night shift", "shift differential"),
    ("extra pay", "differential", "premium pay", "additional compensation"),
    ("paid extra", "differential", "premium pay", "additional compensation"),
    ("lead pay", "lead work differential", "lead differential", "lead worker differential"),
    ("forced", "mandatory", "mandated", "required", "compelled", "involuntary"),  # "forced
    # to work overtime?" (one way: a clause "required" of a member is not about force)
    ("figure", "calculated", "computed", "computing", "determined", "determining", "formula",
     "at a rate of"),  # "figured" too: a plural or past form asks by the plain one's stem
    ("tie breaker", "determining factor", "equal", "ties"),
    ("use", "used", "taken", "utilized"),
    ("friday", "monday through thursday", "monday through friday", "working day", "workweek"),
    ("weekend", "saturday", "sunday"),
    ("spanish", "bilingual", "second language", "interpret"),
    ("speak spanish", "bilingual", "second language", "interpret"),
    ("speak another language", "bilingual", "second language", "interpret"),
    ("translate", "bilingual", "interpret"),
    ("aunt", "immediate family"),
    ("uncle", "immediate family"),
    ("deadline", "no later than", "prior to", "on or before"),
    ("highest", "high", "maximum", "top"),
    ("max", "maximum", "maximums"),
    ("overtime start", "in excess of", "over", "beyond"),
    ("lowest", "low", "minimum", "bottom"),
    ("bottom", "minimum", "low"),
    ("ahead", "in advance", "prior to", "advance notice"),
    ("extra", "supplement", "additional"),
    ("join", "enroll", "enrollment", "participate"),
    ("ask", "request"),
    ("bonus", "stipend", "incentive", "severance pay", "lump sum"),
    ("smashed", "damaged", "vandalism", "theft"),
    ("grad class", "graduate course", "course", "credit"),
    ("principal", "site supervisor", "site administrator"),
    ("stay past", "lengthening of the duty day", "beyond the duty day", "extended day"),
    ("stay after", "lengthening of the duty day", "beyond the duty day", "extended day"),
    ("move", "moving", "placement", "advancement", "movement"),
    ("decide", "determine", "determined", "determination", "discretion", "discussion"),
    ("build up", "accumulate", "accumulating", "accumulation", "accrue"),
    ("carry over", "carried over", "carryover", "carry forward", "carried forward"),
    ("donate", "donation", "donated", "sick leave bank", "catastrophic leave", "leave sharing"),
    ("pulled", "lost", "loses", "lose"),  # a prep "pulled" is lost; a grievance lost is not pulled
    ("new hire", "probationary", "newly hired", "new employee"),  # searched; covered: bound.py
    ("cancer", "illness", "catastrophic illness", "serious health condition"),
)

# Phrases where a member's word means something else: a "break in service" is not a rest break.
OTHER_SENSES = re.compile(r"(?i)\bbreaks? in (?:continuous |their |his or her |her |his )?"
                          r"(?:service|employment|seniority)|\bwithout a break\b|"
                          r"\bservice breaks?\b|\bbreak(?:ing)? (?:the )?tie\b")


# Idioms made of words that say nothing alone ("let", "go"): read as the word they mean.
IDIOMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\blet(?:s|ting)?\s+(?:(?:me|you|him|her|them|us|someone|people|"
                r"employees?|workers?)\s+)?go\b"), "dismissed"),
    (re.compile(r"(?i)\blet(?:s|ting)?\s+(?:\w+\s+){0,2}?know\b|\btell(?:s|ing)?\s+(?:them|him|"
                r"her|the (?:district|county|city|state|university|employer|board)|my "
                r"(?:boss|supervisor|principal|manager))\b"), "notify"),
    (re.compile(r"(?i)\b(?:bring|have|get|take)\s+(?:a|my|our|the)\s+(?:union\s+)?(?:steward|rep|"
                r"representative)\b"), "union representation"),
    (re.compile(r"(?i)\bask(?:s|ing)?\s+(?:me|us|him|her|them|you)\s+(?:a\s+few\s+|some\s+|"
                r"a\s+couple\s+(?:of\s+)?)?questions\b"), "investigatory interview"),
    (re.compile(r"(?i)\b(?:comes?|coming|taken|takes?|deducted)\s+(?:out\s+)?(?:of|from)\s+"
                r"(?:my|our|your|the|a|their)\s+(?:pay\s?checks?|pay|wages?|salary|check)\b"),
     "contribute payroll deductions"),
    (re.compile(r"(?i)\b(?:made|make|makes|making)\s+(?:it\s+|them\s+|that\s+)?up\b"),
     "restored"),
    (re.compile(r"(?i)\b(?:don'?t|do not|didn'?t|did not|never|not)\s+(?:get\s+)?"
                r"(?:use|used|take|taken)\b"), "unused"),
)


# Idioms whose words would mislead a search ("back off" is not back pay): read as their meaning.
SAID_OTHERWISE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\b(?:back(?:ed|ing|s)?\s+(?:off|down)(?:\s+(?:on|from))?|"
                r"walk(?:ed|ing|s)?\s+back)\b"), "withdrew"),
    (re.compile(r"(?i)\b(?:breaks?|broke|broken|breaking|violates?|violated|violating|goes "
                r"against|went against)\s+(?:the|our|my|this|a|its|their)\s+(?:union\s+)?"
                r"(?:contract|agreement|cba)\b"), "violation"),
    (re.compile(r"(?i)\b(?:come|comes|coming|came|go|goes|going|went)\s+back\b"), "return"),
    (re.compile(r"(?i)\b(?:send|sending|sent|kick|kicking|kicked|throw|throwing|threw)\s+"
                r"(?:(?:them|him|her|the|a|that|this|my|kids?|students?|child)\s+){0,2}out\b"
                r"(?!\s+(?:e-?mails?|notices?|letters?))"), "remove"),
    (re.compile(r"(?i)\b(?:burn(?:ed|t|ing)?|went|gone|going|us(?:ed|ing))\s+through\b|"
                r"\b(?:run|ran|running)\s+out\s+of\b|\bused\s+up\b"), "exhausted"),
    (re.compile(r"(?i)\bno[ -]questions?[ -]asked\b"), "without restriction"),
    (re.compile(r"(?i)\bkick(?:s|ed|ing)?\s+in\b"), "start"),  # "when does overtime kick in?"
    (re.compile(r"(?i)\bright\s+(?:now|away)\b"), "now"),  # not a right to anything
    (re.compile(r"(?i)\bbrand[- ]new\b"), "new"),  # "brand" says nothing
    # "ok forget the dollar amount then - what …?": what is set aside is not asked
    (re.compile(r"(?i)\b(?:forget|never\s?mind|skip)\s+(?:about\s+)?(?:the|that|my|our)\s+"
                r"[\w' -]{1,40}?(?:\s+(?:then|for now))?(?=\s*[-—–,;:.])"), ""),
)


def plain_words(question: str) -> str:
    """The question with its idioms read as what they mean ("they let me go" → dismissed)."""
    for rx, meaning in IDIOMS:
        question = rx.sub(lambda m, w=meaning: f"{m.group(0)} {w}", question)
    for rx, meaning in SAID_OTHERWISE:
        question = rx.sub(meaning, question)
    return question


class Present(set):
    """A text's terms, and (read when a phrase asks) the pairs of them said near each other."""

    def __init__(self, found: set[str], text: str) -> None:
        super().__init__(found)
        self.text = text

    @cached_property
    def listed(self) -> list[str]:
        """The text's word terms in the order said: not the joined compounds ("onehalf"),
        labelled items ("step_1") or dates terms() adds after them, which have no place."""
        return [t for t in terms(self.text, joined=False) if not _ADDED.fullmatch(t)]

    @cached_property
    def placed(self) -> frozenset[str]:
        return frozenset(self.listed)

    @cached_property
    def near(self) -> frozenset[tuple[str, str]]:
        listed = self.listed
        return frozenset((a, b) for i, a in enumerate(listed) for b in listed[i + 1:i + 1 + NEAR])


NEAR = 6  # a phrase's words stand within so many terms of each other, in either order


def present_terms(text: str) -> Present:
    """A text's search terms, less the words it uses in another sense (and the words that
    point back to it: "a break in service and that break …")."""
    text, n = OTHER_SENSES.subn(" ", text)
    text = _BACK_REFERENCE.sub(" ", text) if n else text
    listed = terms(text)
    found = Present(set(listed) | bound_pairs(listed), text)
    if "%" in text:
        found.add(PERCENT)  # "75%" is a percent
    return found


PERCENT = terms("percent")[0]
_ADDED = re.compile(r"\d{8}|.*_.*")  # a date's or a labelled item's term, added after the words


_BACK_REFERENCE = re.compile(r"(?i)\b(?:that|the|such|this|said) breaks?\b")


@lru_cache(maxsize=1)
def _groups() -> tuple[tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...], bool],
                       ...]:
    """Each group's phrases as search-term tuples (phrases with no terms dropped), the forms
    of those a question may ask by (a ONE_WAY group's first only), and whether it is one-way."""
    out = []
    for group, one_way in [(g, False) for g in GROUPS] + [(g, True) for g in ONE_WAY]:
        phrases = tuple(dict.fromkeys(tuple(terms(p)) for p in group if terms(p)))
        if len(phrases) > 1:
            asked = phrases[:1] if one_way else phrases
            out.append((phrases, tuple(f for p in asked for f in forms_of(p)), one_way))
    return tuple(out)


def alternatives(question_terms: list[str], broader: bool = True
                 ) -> dict[str, tuple[tuple[str, ...], ...]]:
    """For each question term a phrase of some group covers, the group's other phrases:
    {"break": (("rest", "period"), ("relief", "period"), ...)}; without the broader words
    ONE_WAY searches a member's word as ("aunt" → "immediate family") unless `broader`."""
    present = set(question_terms)
    out: dict[str, list[tuple[str, ...]]] = {}
    for group, asked, one_way in _groups():
        if one_way and not broader:
            continue
        for phrase in asked:
            if set(phrase) <= present:
                others = [p for p in group if p != phrase]
                for t in phrase:
                    out.setdefault(t, []).extend(o for o in others if o not in out[t])
    return {t: tuple(ps) for t, ps in out.items()}


def expansion(question: str) -> str:
    """The other phrases for what a question says, as words to add to a keyword search (as
    written, not as terms: a keyword search takes the terms of its text once)."""
    plain = plain_words(question)  # what its idioms mean is searched too
    alts = alternatives(terms(plain))
    written = _written()
    pieces = [plain, *(written[p] for ps in alts.values() for p in ps),
              *(w.replace("-", "") for w, _, _ in _compounds(question))]
    asked = set(terms(question))
    words = (w for piece in pieces for w in piece.split())
    return " ".join(dict.fromkeys(w for w in words if set(terms(w)) - asked))


@lru_cache(maxsize=1)
def _written() -> dict[tuple[str, ...], str]:
    """Each vocabulary phrase as written, by its terms (as alternatives() gives them)."""
    return {tuple(terms(phrase)): phrase for group in (*GROUPS, *ONE_WAY) for phrase in group}


def covered(term: str, present: set[str], alts: dict[str, tuple[tuple[str, ...], ...]]) -> bool:
    """`term` is in a text's terms, or one of its other phrases is, whole: its words near
    each other where the text's are known ("present a grievance", not "the party can be
    present" a sentence after "a grievance meeting")."""
    return term in present or any(_said(p, present) for p in alts.get(term, ()))


def _said(phrase: tuple[str, ...], present: set[str]) -> bool:
    if not set(phrase) <= present:
        return False
    if not isinstance(present, Present):  # terms gathered without their order: whole is enough
        return True
    placed = [t for t in phrase if t in present.placed]  # "time and one-half": not "onehalf"
    return all((a, b) in present.near or (b, a) in present.near for a, b in pairwise(placed))


def with_compounds(alts: dict[str, tuple[tuple[str, ...], ...]], question: str,
                   used=None) -> dict[str, tuple[tuple[str, ...], ...]]:
    """`alts` with each part of a hyphenated word or a pair of words of the question also
    covered by the word written solid ("full-time" is "fulltime" in many contracts and most
    scans, "lead work" is "Leadwork", if `used(term)` says the documents write it)."""
    out = dict(alts)
    for parts, solid in solid_forms(question):
        if used is not None and not _hyphenated(parts, question) and not used(solid[0]):
            continue  # two words the documents never write as one
        for t in parts:
            out[t] = (*out.get(t, ()), solid)
    return out


def _hyphenated(parts: tuple[str, ...], question: str) -> bool:
    """Is the compound with these terms written hyphenated in the question ("full-time")?"""
    return any(tuple(terms(w, joined=False)) == parts
               for w in re.findall(r"\b[a-z]+(?:-[a-z]+)+\b", question.lower()))


def solid_forms(question: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The question's hyphenated words and pairs of words, each with its terms and the term
    of the same written solid: ("lead", "work") → ("leadwork",)."""
    return [(parts, solid) for _, parts, solid in _compounds(question)]


def _compounds(question: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """solid_forms, each with its word as written hyphenated ("lead-work")."""
    low = question.lower()
    pairs = re.findall(r"\b[a-z]+(?:-[a-z]+)+\b", low)
    words = re.findall(r"\b[a-z]{3,}\b", re.sub(r"\b[a-z]+(?:-[a-z]+)+\b", " , ", low))
    pairs += [f"{a}-{b}" for a, b in pairwise(words)
              if f"{a} {b}" in " ".join(low.split())]
    out = []
    for word in pairs:
        solid, parts = tuple(terms(word.replace("-", ""))), tuple(terms(word, joined=False))
        if solid and len(parts) >= 2 and solid not in [(t,) for t in parts]:
            out.append((word, parts, solid))
    return out
