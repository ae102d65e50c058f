"""What governs a quote from outside it, shown with it: the lead-in its list hangs from
("C. All employees hired on or after January 1, 2001 … accrue vacation in the following
manner:" above "2. Employees who have used at least forty (40) hours … may elect to sell back")
a later sentence of its clause that defines a term it uses ("The definition of “immediate
family” shall include … aunt, uncle …"), and the section it points to ("within the timeframes
outlined in Section 1 of this Article"). All are conditions of the answer: quoting the item
without them states more (or less) than the contract does."""

from __future__ import annotations

import re

from store.keys import section_key
from store.lexical import terms
from store.records import Clause, DocRecord
from store.scope import Scope
from store.text import title_like

from .text import quantity_spans, sentence_spans

_TERM = r"[“\"']?(?P<{}>[A-Za-z][\w -]{{2,40}}?)[”\"']?"
_DEFINES = re.compile(  # "Working days for the grievance procedure shall be defined as …"
    rf"(?i)^\W*(?:the\s+)?(?:definition\s+of\s+{_TERM.format('term')}\s+(?:shall include|includes|is|"
    rf"shall be|means)|{_TERM.format('used')}\s+(?:(?:for|of|in|under)\s[^,.;]{{0,60}}?\s)?(?:shall be "
    rf"defined as|is defined as|are defined as|shall mean|means))\b")
DEFINITION_REACH = 900  # characters after a quote a definition of its words is looked for
LEAD_IN_CHARS = 400  # a longer "…as follows:" paragraph is quoted from its last sentence
MAX_LEVELS = 3  # lead-ins looked for above a quote ("C.2" ← "C" ← "Section 1")


_LIMITS = re.compile(r"(?i)\b(?:prorated|pro-rated|pro rata|only|except|unless|provided that|"
                     r"shall not|may not|will not|limited to|not to exceed)\b")
SUBJECT_WORDS = 3  # a qualifying sentence's subject, read from its first words
_ANYONE = frozenset(terms("employee employees employer teacher teachers staff member members "
                          "worker workers union association agency county district university "
                          "parties party board city state such each all any effective "
                          "january february march april june july august september october "
                          "november december"))


def definitions(quote: str, text: str, after: int) -> list[tuple[int, int]]:
    """Spans of `text` after offset `after` (within reach) that define a term `quote` uses,
    or limit what its subject is ("Bereavement shall be prorated for part time employees")."""
    used = set(terms(quote))
    out = []
    for a, b in sentence_spans(text):
        if a < after or a > after + DEFINITION_REACH:
            continue
        m = _DEFINES.match(text[a:b])
        named = set(terms(m["term"] or m["used"])) if m else set()
        subject = {t for t in terms(" ".join(text[a:b].split()[:SUBJECT_WORDS]))
                   if t.isalpha() and len(t) >= 5 and t not in _ANYONE}
        if named and named <= used or subject & used and _LIMITS.search(text[a:b]):
            out.append((a, b))
    return out


def lead_in(text: str) -> tuple[int, int] | None:
    """The span of `text` that introduces a list ("… in the following manner:"), or None; a
    bare heading ("C. LEAVES OF ABSENCE WITH PAY:") is not one: its words are the heading's."""
    body = text.rstrip()
    if not body.endswith(":") or bare_heading(body):
        return None
    spans = sentence_spans(body)
    start = spans[-1][0] if spans and len(body) > LEAD_IN_CHARS else len(body) - len(body.lstrip())
    return (start, len(body)) if len(body) - start <= LEAD_IN_CHARS else None


_LABEL = re.compile(r"^\s*(?:[A-Za-z]|\d+(?:[.-]\d+)*|[IVXivx]+|\([A-Za-z0-9]+\))[.)]?\s+")


def bare_heading(text: str) -> bool:
    """A labelled heading and nothing else ("4. Holidays:", "B. INFORMAL LEVEL:")."""
    return "\n" not in text.strip() and title_like(_LABEL.sub("", text.strip(), count=1))


def _inner_lead_ins(clause: Clause, offset: int) -> list[tuple[int, int]]:
    """Lead-ins inside the clause above the sub-item holding document offset `offset`."""
    sub = clause.sub_at(offset)
    starts = dict(clause.subitems)
    out = []
    while sub:
        parent = sub.rpartition(".")[0]
        begin = starts.get(parent, clause.char_start) if parent else clause.char_start
        rel = begin - clause.char_start, starts[sub] - clause.char_start
        found = lead_in(clause.text[rel[0]:rel[1]])
        if found:
            out.append((rel[0] + found[0], rel[0] + found[1]))
        sub = parent
    return out


def _parents(clause: Clause, store, scope: Scope) -> list[tuple[Clause, DocRecord, tuple[int, int]]]:
    """The clauses above this one (by section number) whose text leads in to it."""
    out, section = [], clause.section or ""
    for _ in range(MAX_LEVELS):
        section = section.rpartition(".")[0]
        if not section:
            break
        found = store.clauses(scope, keys=[section_key(section)], doc_id=clause.doc_id)
        parent = next(((c, d) for c, d in found if c.section == section), None)
        if parent and bare_heading(parent[0].text):
            continue  # "C. LEAVES OF ABSENCE WITH PAY:": what it heads may hang from above
        span = lead_in(parent[0].text) if parent else None
        if span is None:
            break
        out.append((*parent, span))
    return out


_EXCEPT = re.compile(r"(?i)\b(?:unless|except|however|provided(?:,)? that|notwithstanding)\b")
SHARED_TERMS = 2  # asked terms an exception elsewhere in the article must share with the quote


def exception(clause: Clause, quote: str, asked: set[str], store, scope: Scope
              ) -> list[tuple[Clause, DocRecord, tuple[int, int]]]:
    """The sentence elsewhere in the quote's article that makes an exception about what the
    quote and the question share ("… removed during trial service shall be returned to the
    Agency and their former classification, unless …" beside "Removals … are not subject to
    the grievance procedure"), if one shares the most (at least SHARED_TERMS) of them."""
    shared = asked & set(terms(quote))
    if len(shared) < SHARED_TERMS:
        return []
    best, most = [], SHARED_TERMS - 1
    for other, doc in _article_of(clause, store, scope):
        for a, b in sentence_spans(other.text):
            n = len(shared & set(terms(other.text[a:b])))
            if n > most and _EXCEPT.search(other.text[a:b]):
                best, most = [(other, doc, (a, b))], n
    return best


_REFERS = re.compile(r"(?i)\b(?:in|of|under|by)\s+Section\s+(\d{1,3}(?:\.\d{1,3})?)\s+"
                     r"(?:of\s+this\s+Article|above|below)\b")


def referred(clause: Clause, quote: str, store, scope: Scope
             ) -> list[tuple[Clause, DocRecord, tuple[int, int]]]:
    """The sentence of the section of its article a quote points to for what it leaves out
    ("… within the timeframes outlined in Section 1 of this Article"): the one stating a
    figure that shares the most words with the quote."""
    m = _REFERS.search(quote)
    if m is None:
        return []
    said = set(terms(quote))
    for other, doc in _article_of(clause, store, scope):
        if other.section != m[1] and (other.section or "").rpartition(".")[2] != m[1]:
            continue
        spans = [(len(said & set(terms(other.text[a:b]))), (a, b))
                 for a, b in sentence_spans(other.text) if quantity_spans(other.text[a:b])]
        if spans:
            return [(other, doc, max(spans, key=lambda x: x[0])[1])]
    return []


NEIGHBOURS = 6  # clauses either side taken as the article when its number was not read


def _article_of(clause: Clause, store, scope: Scope) -> list[tuple[Clause, DocRecord]]:
    """The other clauses of the clause's article (its neighbours when no article was read)."""
    found = sorted(store.clauses(scope, doc_id=clause.doc_id), key=lambda p: p[0].char_start)
    if clause.article:
        return [(c, d) for c, d in found
                if c.article == clause.article and c.clause_id != clause.clause_id]
    at = next((n for n, (c, _) in enumerate(found) if c.clause_id == clause.clause_id), None)
    if at is None:
        return []
    return found[max(0, at - NEIGHBOURS):at] + found[at + 1:at + 1 + NEIGHBOURS]


def governing(clause: Clause, doc: DocRecord, start: int, end: int, store, scope: Scope,
              asked: set[str] = frozenset()) -> list[tuple[Clause, DocRecord, tuple[int, int]]]:
    """What governs the quote at document offsets [start, end) of `clause` from outside it:
    the lead-ins above it (in its clause, else the clauses it is numbered under), the
    definitions after it, the section of its article it points to, and (given the `asked`
    terms of a yes/no question) an exception elsewhere in its article; each as (clause, its
    document, span in the clause's text)."""
    rel = start - clause.char_start, end - clause.char_start
    out = [(clause, doc, s) for s in _inner_lead_ins(clause, start) if s[1] <= rel[0]]
    out = out or _parents(clause, store, scope)
    quote = clause.text[rel[0]:rel[1]]
    out += [(clause, doc, s) for s in definitions(quote, clause.text, rel[1])]
    out += referred(clause, quote, store, scope)
    return out + (exception(clause, quote, set(asked), store, scope) if asked else [])
