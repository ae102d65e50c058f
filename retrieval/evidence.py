"""Evidence first: which retrieved sentences answer the question, and whether any do.

Deterministic and model-free, so a tiny language model can never decide the facts: the
question's terms are weighted by how rare they are in the documents (a term the documents
never use weighs the most), and a clause answers only if it covers most of that weight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.lexical import NEVER_USED, terms
from store.text import title_like

from .bound import bind
from .direct import (
    FIGURE_KINDS,
    figure_spans,
)
from .fit import (
    LATER_STEP,
    LESSER_ROLE,
    NARROWED,
    NOT_DONE,
    YEARS_FIT,
    grade_fit,
    later_step,
    lesser_role,
    moved_hours,
    narrowed,
    not_done,
    school_grade,
    service_years,
    years_fit,
)
from .leads import labelled_figures, lead_in, row_opener
from .search import SearchHit
from .sides import stated_side
from .text import MONTHS, NUMBER_RX, YEAR, sentence_spans
from .vocabulary import (
    alternatives,
    covered,
    plain_words,
    present_terms,
    with_compounds,
)
from .weighing import QUESTION_WORDS, STORY_WORDS, asked_kind, story_words_down, told_down
from .when import DATED_KINDS, asks_latest

QUANTITY_RX = re.compile(r"(?i)\b(how (much|many|long|soon|often)|rate|amount|stipend|pay|paid|"
                         r"salary|wage|raise|increase|cost|deadline|days|hours|percent|"
                         r"offer(ed|ing)?|settle(d|ment)?|propos(e|ed|al))\b")
# Text in a document that talks to an AI is quoted material at best; it is never evidence.
INJECTION_RX = re.compile(r"(?i)\b(ignore|disregard|forget)\b.{0,30}\b(instructions|rules|prompt)\b|"
                          r"system prompt|you are (now )?(an? )?(ai|assistant|chatbot)|"
                          r"\b(assistant|ai|chatbot|model)s?\b.{0,20}\b(must|should) (say|answer|reply)")


@dataclass(frozen=True)
class Sentence:
    """A candidate quote: [start, end) inside its hit's text."""

    hit: SearchHit
    start: int
    end: int
    score: float
    coverage: float
    focus: tuple[int, int] | None = None  # the sentence that answers, when widened around it

    @property
    def text(self) -> str:
        return self.hit.text[self.start : self.end]

    @property
    def focus_text(self) -> str:
        return self.hit.text[slice(*self.focus)] if self.focus else self.text


def _date_words(date: int) -> str:
    """20220328 -> '2022 March 28': a document's date answers "in March 2022"."""
    year, month, day = date // 10000, date // 100 % 100, date % 100
    if not year:
        return ""
    name = MONTHS[month - 1] if 1 <= month <= 12 else ""
    return f"{year} {name} {day or ''}".strip()


DEADLINE = terms("deadline")[0]
_DUE = re.compile(  # "On or before March 31", "by 5/1", "no later than", "prior to": a due date
    rf"(?i)\b(?:{'|'.join(MONTHS)})\s+\d{{1,2}}\b|\b\d{{1,2}}/\d{{1,2}}\b|"
    r"\b(?:no later than|on or before|prior to|in advance)\b|"
    r"\bwithin\s+(?:[a-z-]+\s+)?\(?\d{1,3}\)?\s+(?:(?:calendar|working|work|business|school|duty)"
    r"\s+)?(?:days?|weeks?|months?)\b|"  # "within ten (10) working days": a time limit
    r"\bha(?:ve|s)\s+(?:[a-z-]+\s+)?\(?\d{1,3}\)?\s+(?:(?:calendar|working|work|business|school|"
    r"duty)\s+)?(?:days?|weeks?|months?)\s+(?:from|after|following|of)\b")  # "shall have
# fifteen (15) working days from the date of occurrence … within which to file"
# a table of contents' line: dot leaders to a page ("… VIII-2", "..... 32"), never an amount
TOC_LINE = re.compile(r"(?:\.{5,}|…{2,}|(?:\. ?){5,})[\s.…]*(?:(?:[A-Z]{1,5}-)?"
                      r"(?:\d{1,3}|[IVXLC]+(?:-\d{1,3})?))?\s*$")
# an amendment's lead-in to the words it takes out ("Current language to be deleted:"): what
# follows is no longer the rule, however it is printed
DELETED_LEAD = re.compile(r"(?im)^[^\n]{0,40}\bto be (?:deleted|removed|struck|stricken|"
                          r"replaced)\b[^\n]{0,20}:|^\W*(?:delete|deleted|strike)(?: the following)?:")
REPORTS = frozenset({"bulletin", "news"})  # they report both sides' positions
SAME_SIDE, OTHER_SIDE = 0.08, -0.15  # a reported position of the side asked about, or not


SUPERSEDED = -0.08  # asked where things stand now: a report or proposal a newer one follows


def _newest(hits: list[SearchHit]) -> int:
    """The date of the newest dated report or proposal among the hits (0 if none)."""
    return max((h.date for h in hits if h.doc_type in DATED_KINDS and h.date), default=0)


_DATE_LINE = re.compile(r"\b(?:19|20)\d\d-\d\d-\d\d\b|\s+")


def _titles(piece: str, title: str) -> bool:
    """Is the piece the document's own title line (with its date)? It answers nothing."""
    return bool(title) and _DATE_LINE.sub(" ", piece).strip().lower() == " ".join(
        title.lower().split())


_FIGURE = re.compile(r"[$%]|\d[.,]\d")
OTHER_ITEM = -0.2  # a sentence under the heading of another step, class, … than the one asked


def other_item(weights: dict[str, float], heading: str) -> bool:
    """Does the heading over a sentence name another item of a label the question names
    ("Step 2 (Formal Grievance)" over it, "Step 1" asked)?"""
    asked = {t for t in weights if "_" in t}
    if not asked or not heading or len(heading.split()) > 6 or _FIGURE.search(heading):
        return False  # none asked, or a sibling row above ("Category D: … $2,850.00")
    named = {t for t in terms(heading) if "_" in t}
    kinds = {t.split("_", 1)[0] for t in asked}
    return any(t.split("_", 1)[0] in kinds and t not in asked for t in named)


DETAIL = -0.01  # a numbered sub-item of the clause ("20-1-1-1-1" in 20-1-1-1): a detail
_NUMBERED = re.compile(r"^\s*(\d+(?:[.-]\d+)+)\b")


def _sub_item(sentence: str, section: str | None) -> bool:
    """Does the sentence open a numbered sub-item of its clause ("20-1-1-1-1 Each year, …"
    in 20-1-1-1)? It details the clause's rule, which answers first when both say the
    question's words alike."""
    m = _NUMBERED.match(sentence)
    return bool(m and section) and m[1].replace("-", ".").startswith(f"{section}.")


def hit_context(hit: SearchHit) -> str:
    """A clause as its coverage is judged: its document's title, its headings and its text."""
    return f"{hit.title}\n{hit.heading_path}\n{hit.text}"


class EvidenceScorer:
    """Scores how much of a question a piece of text answers, with the corpus's term weights
    and, when an embedder is given, the meaning of each candidate sentence."""

    def __init__(self, question: str, term_weights, embed=None, query_vector=None,
                 side: str = "") -> None:
        """`term_weights(terms) -> {term: weight}` is the store's (how rare each term is);
        `side` is whose position the question asks about (retrieval.sides)."""
        wanted = [t for t in terms(plain_words(question), joined=False)
                  if t not in QUESTION_WORDS]
        unseen = term_weights([NEVER_USED]).get(NEVER_USED, 0.0)

        def used(term: str) -> bool:
            return term_weights([term]).get(term, unseen) < unseen - 1e-6

        self.alts = with_compounds(alternatives(wanted), question, used)
        self.same_alts = with_compounds(alternatives(wanted, broader=False), question, used)
        names = {t for w in re.findall(r"(?<![.?!]\s)(?<!^)\b[A-Z][a-z]+", question)
                 for t in terms(w)}
        self.weights = term_weights(list(dict.fromkeys(wanted)))
        if len(question.split()) >= STORY_WORDS:  # a member telling what happened
            self.weights = story_words_down(self.weights, term_weights, self.alts, names)
        told = told_down(self.weights, question, names)
        self.weights, self.alts = bind(told, self.alts)  # "new hires": one term
        self.same_alts = bind(told, self.same_alts)[1]
        self.total = sum(self.weights.values())
        self.question = question
        self.kind = asked_kind(question)
        self.years = set(YEAR.findall(question))
        self.service_years = service_years(question)
        self.grade = school_grade(question)
        self.moved_hours = moved_hours(question)
        self.wants_number = bool(QUANTITY_RX.search(question))
        self.embed, self.query_vector = embed, query_vector
        self.side = side

    def coverage(self, text: str, due_dates: bool = True, broader: bool = True) -> float:
        """Share of the question's weight whose terms occur in `text` (0..1); a due date
        counts as a "deadline" in a sentence, not anywhere in a whole clause; without
        `broader`, only words that mean the same count (an "aunt" is not covered by
        "immediate family": whether she is one is what the clause must say)."""
        if not self.total:
            return 0.0
        present = self._present(text) if due_dates else present_terms(text)
        alts = self.alts if broader else self.same_alts
        return sum(w for t, w in self.weights.items() if covered(t, present, alts)) / self.total

    def _present(self, text: str) -> set[str]:
        """The text's terms; a due date it states is also a "deadline" ("On or before March
        31"), when the text speaks to something else the question asks too."""
        present = present_terms(text)
        if DEADLINE in self.weights and _DUE.search(text) and any(
                covered(t, present, self.alts) for t in self.weights if t != DEADLINE):
            present.add(DEADLINE)
        return present

    def hit_coverage(self, hit: SearchHit) -> float:
        return self.coverage(hit_context(hit), due_dates=False)

    def sentences(self, hits: list[SearchHit], limit: int = 6) -> list[Sentence]:
        """Candidate quotes from the top hits, best first. Terms the document's title or
        heading already answer ("LAUSD" in an LAUSD bulletin) count for the clause, and the
        sentence is judged on the rest of the question."""
        cands = [(hit, *c, rank) for rank, hit in self._read(hits, limit)
                 if hit.live for c in _candidates(hit)]  # struck language is never live
        if not cands:
            return []
        sims = self.similarities([f"{c[0].heading_path}\n{c[3]}\n{c[0].text[c[1]:c[2]]}"
                                   for c in cands])
        newest = _newest(hits[:limit]) if asks_latest(self.question) else 0
        out = []
        for (hit, a, b, lead, opener, rank), sim in zip(cands, sims, strict=True):
            sent = hit.text[a:b]
            cov = 0.5 * self.coverage(sent) + 0.5 * self._sentence_coverage(
                sent, f"{hit.title}\n{hit.heading_path}\n{lead}\n{_date_words(hit.date)}\n"
                      f"{opener}")
            score = 0.45 * cov + 0.2 * self.hit_coverage(hit) + 0.35 * sim - 0.02 * rank
            if self._states_figure(sent):
                score += 0.1
            if hit.exact:
                score += 0.3 if a == 0 else 0.15  # a named clause: its opening first
            if other_item(self.weights, lead):
                score += OTHER_ITEM
            if lesser_role(sent, self.question):
                score += LESSER_ROLE
            if later_step(sent, self.question, hit.heading_path):
                score += LATER_STEP
            if not_done(sent, self.question, self.weights):
                score += NOT_DONE
            if _sub_item(sent, hit.section):
                score += DETAIL
            score += YEARS_FIT * (years_fit(self.service_years, sent)
                                  + years_fit(self.moved_hours, sent, "hours")
                                  + grade_fit(self.grade, sent))
            if not hit.exact and hit.doc_type not in REPORTS and narrowed(
                    sent, self.weights, self.alts):  # a rule's subject; a report states none
                score += NARROWED
            if newest and hit.doc_type in DATED_KINDS and 0 < hit.date < newest:
                score += SUPERSEDED
            if self.side and hit.doc_type in REPORTS and (said := stated_side(sent, lead)):
                score += SAME_SIDE if said == self.side else OTHER_SIDE
            out.append(Sentence(hit, a, b, score, cov))
        if TOP_STEP.search(self.question):
            out = _top_of_rows(out)
        return sorted(out, key=lambda s: -s.score)

    def _states_figure(self, sentence: str) -> bool:
        """Does the sentence state a figure of the kind asked ("$65.00" for a rate, not the
        section number "12.8.4")?"""
        if self.kind in FIGURE_KINDS:
            return bool(figure_spans(sentence, self.kind))
        if self.kind == "yes-no" and EXTRA_PAY.search(self.question):  # "is there extra pay?"
            return bool(figure_spans(sentence, "money"))  # is answered with how much
        return self.wants_number and bool(NUMBER_RX.search(sentence))

    def _read(self, hits: list[SearchHit], limit: int) -> list[tuple[int, SearchHit]]:
        """The top `limit` hits, and any lower hit that covers more of the question than all
        of them (the clause naming the member's illness and the exhausted leave)."""
        top = max((self.hit_coverage(h) for h in hits[:limit]), default=1.0)
        return [(n, h) for n, h in enumerate(hits)
                if n < limit or self.hit_coverage(h) > top + 0.05]

    def _sentence_coverage(self, sentence: str, context: str) -> float:
        """Coverage of the question terms the context leaves open; 1.0 if it leaves none."""
        known = set(terms(context))
        open_terms = {t: w for t, w in self.weights.items()
                      if not covered(t, known, self.alts)}
        if not open_terms:
            return 1.0 if self.total else 0.0
        present = self._present(sentence)
        return sum(w for t, w in open_terms.items() if covered(t, present, self.alts)
                   ) / sum(open_terms.values())

    def similarities(self, texts: list[str]) -> list[float]:
        """How close in meaning each text is to the question (0 without an embedder)."""
        if self.embed is None or self.query_vector is None:
            return [0.0] * len(texts)
        vectors = self.embed(texts)
        return [max(0.0, float(v @ self.query_vector)) for v in vectors]


def _candidates(hit: SearchHit) -> list[tuple[int, int, str, str]]:
    """The sentences of a clause that may be quoted, as (start, end, lead-in, row opener):
    never a heading, a contents line, the document's title, text that talks to an AI, or
    words an amendment takes out ("Current language to be deleted:")."""
    out = []
    spans = sentence_spans(hit.text)
    for i, (a, b) in enumerate(spans):
        a = labelled_figures(hit.text, spans, i)
        if cut := DELETED_LEAD.search(hit.text, a, b):  # "… as follows: Current language to
            b = a + len(hit.text[a:cut.start()].rstrip())  # be deleted:" ends the sentence
        piece = hit.text[a:b]
        heading = title_like(piece) and not NUMBER_RX.search(piece)
        lead = lead_in(hit.text, a)
        if (len(piece.split()) >= 4 and not heading and not INJECTION_RX.search(piece)
                and not DELETED_LEAD.search(lead) and not TOC_LINE.search(piece)
                and not _titles(piece, hit.title)):
            out.append((a, b, lead, row_opener(hit.text, spans, a, b)))
    return out


EXTRA_PAY = re.compile(r"(?i)\b(?:extra|additional|more|premium|differential)\s+(?:pay|money)\b|"
                        r"\bpaid\s+(?:extra|more)\b")
TOP_STEP = re.compile(r"(?i)\b(?:top|highest|max(?:imum)?|last|final)\s+(?:step|rate)\b")
_STEP = re.compile(r"(?i)\bstep\s+(\d{1,2})\b")
_AMOUNT = re.compile(r":\s*\$?[\d,.]+")  # a cell's amount ("Step 3: 6419 — …")
TOP_BONUS = 0.15  # the top step of a pay-table row, when the question asks for it


def _top_of_rows(quotes: list[Sentence]) -> list[Sentence]:
    """Each pay-table row's cell of the highest step scored up ("top step of range 30"): the
    cells of one row read the same but for their step and amount."""
    rows: dict[str, Sentence] = {}
    for q in quotes:
        m = _STEP.search(q.text)
        if m:
            key = _AMOUNT.sub(": #", _STEP.sub("step", q.text), count=1)
            best = rows.get(key)
            if best is None or int(m[1]) > int(_STEP.search(best.text)[1]):
                rows[key] = q
    top = {id(q) for q in rows.values()}
    return [Sentence(q.hit, q.start, q.end, q.score + TOP_BONUS, q.coverage, q.focus)
            if id(q) in top else q for q in quotes]
