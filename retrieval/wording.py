"""Wording edits a goal asks for: restore what the other side changed, strike a sentence or
words, change words, add a sentence or words at a named place. Each returns the new text and
the term's Outcome."""

from __future__ import annotations

import re

from store.records import Clause

from .amounts import CAP_WORDS, FLOOR_WORDS, limit_before, quantities
from .goals import Term
from .outcomes import STOP, Outcome, append_sentence, find_words, flat, not_applied, stem, where
from .text import editorial_marks, sentence_spans

# --- restore ------------------------------------------------------------------------------------


def restore(text, term, clause, source, dated):
    """Undo what the other side changed; a named formula must then be in the wording."""
    restored, how, gone, back = _undo(text, clause, source)
    named = flat(term.text)
    if named and named not in flat(restored) and source is not None and named in flat(
            source.text):
        restored, how = _take_source(text, source), [f"restores the wording of {source.section}"]
    if named and named not in flat(restored):
        return text, not_applied(term, f"“{term.text}” is in neither {where(clause)} nor the clause "
                                f"it relies on, so there is no wording to restore it from")
    if restored == text and not named:
        return text, not_applied(term, f"{where(clause)} shows no change by the other side to undo, "
                                f"and no earlier version of it was found")
    keep = (term.text,) if named else ()
    return restored, Outcome(term, True, "; ".join(how) or f"keeps “{term.text}”",
                             present=keep + back, absent=gone)


def _undo(text: str, clause: Clause, source: Clause | None):
    """(text, what it did, inserted pieces now gone, struck pieces now back)."""
    changes = clause.redline.changes
    real = [c for c in changes if not c.inferred]
    if real:  # a real redline: the wording before the other side's marks
        original = re.sub(r"\[\+.*?\+\]", "", clause.redline.marked, flags=re.DOTALL)
        original = re.sub(r"\[-(.*?)-\]", r"\1", original, flags=re.DOTALL)
        original = re.sub(r"  +", " ", original).strip()
        if clause.section and clause.section_raw and original.startswith(clause.section_raw):
            original = clause.section + original[len(clause.section_raw):]
        return (editorial_marks(original)[0], ["restores the wording the proposal marks up"],
                _distinct(c.text for c in real if c.kind == "insert"),
                _distinct(c.text for c in real if c.kind == "delete"))
    inserted = [c.text for c in changes if c.kind == "insert" and c.inferred]
    if inserted:
        for piece in inserted:
            text = re.sub(r"\s?" + re.escape(piece), "", text, count=1)
        return text, ["removes " + "; ".join(f"“{p}”" for p in inserted)], _distinct(inserted), ()
    if source is not None and source.text:
        return _take_source(text, source), [f"restores the wording of {source.section}"], (), ()
    return text, [], (), ()


def _distinct(pieces) -> tuple[str, ...]:
    """Pieces specific enough to look for (two words or a figure), not 'the' or 'shall'."""
    return tuple(p for p in pieces if len(p.split()) >= 2 or re.search(r"\d", p))


def number_prefix(text: str) -> str:
    m = re.match(r"\s*[\d.\s-]+?(?=\s[A-Z(])", text)
    return m.group(0) if m and re.search(r"\d\.\d", m.group(0)) else ""


def _take_source(text: str, source: Clause) -> str:
    """The source clause's wording under this clause's number."""
    body = source.text[len(number_prefix(source.text)):]
    return editorial_marks(number_prefix(text) + body)[0]


# --- strike and replace -------------------------------------------------------------------------


def strike(text, term, clause, source, dated):
    if term.where in ("cap", "floor"):
        return _strike_limit(text, term, clause)
    if term.where == "words":
        at = find_words(text, term.text)
        if not at:
            return text, not_applied(term, f"“{term.text}” is not in {where(clause)}")
        piece = text[at[0]:at[1]]
        cut = text[:at[0]].rstrip(" ") + " " + text[at[1]:].lstrip(" ")
        return cut, Outcome(term, True, f"strikes “{' '.join(piece.split())}”", absent=(piece,))
    spans = _sentences_about(text, term)
    if not spans:
        return text, not_applied(term, f"no sentence of {where(clause)} is about “{term.text}”"
                          if term.text else f"{where(clause)} has no {term.where}")
    prefix = len(number_prefix(text))
    gone = [text[max(a, prefix):b].strip() for a, b in spans]
    if len(gone) == len(_body_spans(text)):
        return text, not_applied(term, f"it is the whole of {where(clause)}: strike the clause itself "
                                f"by hand if that is meant")
    for a, b in reversed(spans):
        text = text[:max(a, prefix)] + text[b:].lstrip()
    quoted = "; ".join(f"“{' '.join(g.split())}”" for g in gone)
    return text, Outcome(term, True, f"strikes {quoted}", absent=tuple(gone))


def _body_spans(text: str) -> list[tuple[int, int]]:
    return [s for s in sentence_spans(text) if text[s[0]:s[1]].strip() != number_prefix(
        text).strip()]


_ORDINALS = {"first": 0, "second": 1, "third": 2, "last": -1, "final": -1}
def _sentences_about(text: str, term: Term) -> list[tuple[int, int]]:
    """The sentences a strike names: by position ('the last sentence') or by topic (every
    sentence holding all the topic's words, else the one holding most of them)."""
    spans = _body_spans(text)
    nth = term.where.split()[0] if term.where.endswith("sentence") and " " in term.where else ""
    if nth in _ORDINALS:
        i = _ORDINALS[nth]
        return [spans[i]] if -len(spans) <= i < len(spans) else []
    want = {stem(w) for w in re.findall(r"[\w']+", term.text) if w.lower() not in STOP}
    if not want:
        return []
    score = [(len(want & {stem(w) for w in re.findall(r"[\w']+", text[a:b])}), (a, b))
             for a, b in spans]
    full = [s for n, s in score if n == len(want)]
    best = max((n for n, _ in score), default=0)
    return full or ([s for n, s in score if n == best][:1] if best * 2 > len(want) else [])


def _strike_limit(text, term, clause):
    """Strike a floor or cap ('not to exceed $500'); the whole sentence when it would be left
    saying nothing ('Reimbursement will be limited to a maximum of $500.')."""
    for q in quantities(text):
        if limit_before(text, q.start) != term.where:
            continue
        start = _limit_start(text, q.start)
        span = next(((a, b) for a, b in _body_spans(text) if a <= start < b), None)
        rest = (text[span[0]:start] + text[q.end:span[1]]) if span else ""
        if span and (len(rest.split()) <= 5 or re.search(r"\b(?:to|be|of|at|is)\W*$",
                                                          text[span[0]:start])):
            start, end = span[0], span[1]
        else:
            end = q.end
        piece = text[start:end].strip(" ,")
        out = text[:start].rstrip(" ,") + " " + text[end:].lstrip(", ")
        return out, Outcome(term, True, f"strikes “{' '.join(piece.split())}”", absent=(piece,))
    return text, not_applied(term, f"{where(clause)} states no {term.where}")


def _limit_start(text: str, at: int) -> int:
    """Where the words making the amount at `at` a floor or cap begin (', but not less than')."""
    start = at
    while True:
        before = text[max(0, start - 50):start]
        m = re.search(rf"(?:,\s*(?:but\s+)?)?\b(?:{FLOOR_WORDS}|{CAP_WORDS})\s*(?:of\s+|the\s+)?$",
                      before, re.IGNORECASE)
        if not m or not m.group(0).strip():
            return start
        start -= len(before) - m.start()


def replace_words(text, term, clause, source, dated):
    found = list(re.finditer(r"(?<!\w)" + re.escape(term.text) + r"(?!\w)", text))
    if not found:
        return text, not_applied(term, f"“{term.text}” is not in {where(clause)}")
    for m in reversed(found):
        text = text[:m.start()] + term.new + text[m.end():]
    return text, Outcome(term, True, f"changes “{term.text}” to “{term.new}”",
                         present=(term.new,), absent=(term.text,))


# --- added wording ------------------------------------------------------------------------------


def add(text, term, clause, source, dated):
    if term.where == "unplaced":
        return text, not_applied(term, f"say where “{term.text}” goes, e.g. add “{term.text}” after "
                                f"“…” (the words it follows)")
    if term.where in ("after", "before"):
        at = find_words(text, term.new)
        if not at:
            return text, not_applied(term, f"“{term.new}” is not in {where(clause)}")
        cut = at[1] if term.where == "after" else at[0]
        piece = f" {term.text}" if term.where == "after" else f"{term.text} "
        text = text[:cut] + piece + text[cut:]
        joined = f"{text[at[0]:at[1]]}{piece}" if term.where == "after" else piece + term.new
        return text, Outcome(term, True, f"adds “{term.text}” {term.where} “{term.new}”",
                             present=(joined.strip(),))
    wording = term.text[:1].upper() + term.text[1:]
    wording = wording if wording.endswith((".", "!", "?")) else wording + "."
    return append_sentence(text, wording), Outcome(term, True, f"adds “{wording}”",
                                           present=(wording.rstrip("."),))
