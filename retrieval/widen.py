"""How much of its clause a quote shows: the whole short clause, the whole short list it is an
item of, or its short paragraph, so the conditions around an answer, the rest of a position
and the figure after it come with it."""

from __future__ import annotations

from .evidence import INJECTION_RX, REPORTS, Sentence
from .text import quantity_spans, sentence_spans

LIST_ITEM_CHARS = 300  # a longer line is a paragraph, not an item of a list
PARAGRAPH = (700, 4, 4)  # the longest paragraph a first quote is widened to: chars, sentences, figures


def widened(quotes: list[Sentence], limits: tuple[int, int, int] = (600, 4, 3),
            first: tuple[int, int, int] = (1200, 8, 6)) -> list[Sentence]:
    """Each quote as its whole clause when the clause is a short paragraph (`limits`: at most
    so many characters, sentences and figures; the answer's own quote up to `first`), so the
    conditions around an answer ("if requested by the teacher", "new to the District", "must
    have eighty hours left") come with it; a table or a long clause keeps the one sentence. A
    quote from a bulletin that is an item of a short list ("Management’s economic package
    proposal:" over "A step freeze …") shows the whole list: a side's position is all of it."""
    out = []
    for n, q in enumerate(quotes):
        text = q.hit.text
        max_chars, max_sentences, max_figures = first if n == 0 else limits
        short = (len(text) <= max_chars and len(sentence_spans(text)) <= max_sentences
                 and len(quantity_spans(text)) <= max_figures and not INJECTION_RX.search(text))
        span = None
        if short:
            spans = sentence_spans(text)
            span = spans[0][0], spans[-1][1]
        elif q.hit.doc_type in REPORTS:
            span = list_span(text, q.start, q.end, max_chars)
        if span is None and n == 0:
            span = paragraph_span(text, q.start, q.end, PARAGRAPH)
        if span and not any(o.hit.chunk_id == q.hit.chunk_id for o in out):
            q = Sentence(q.hit, *span, q.score, q.coverage, (q.start, q.end))
        if not any(o.hit.chunk_id == q.hit.chunk_id and o.start <= q.start and q.end <= o.end
                   for o in out):
            out.append(q)
    return out


def _lines(text: str) -> list[tuple[int, int]]:
    """The non-blank lines of a text as [start, end) spans."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def list_span(text: str, start: int, end: int, max_chars: int) -> tuple[int, int] | None:
    """The span of the list the text at [start, end) belongs to: its lead-in line (ending
    with ":") and the short lines under it up to the next lead-in, if it fits `max_chars`."""
    lines = _lines(text)
    mine = [i for i, (a, b) in enumerate(lines) if a < end and start < b]
    if not mine:
        return None
    head = next((i for i in range(mine[0], -1, -1) if text[slice(*lines[i])].endswith(":")),
                None)
    if head is None or any(b - a > LIST_ITEM_CHARS for a, b in lines[head + 1:mine[0]]):
        return None
    last = head
    for i in range(head + 1, len(lines)):
        line = text[slice(*lines[i])]
        if line.endswith(":") or len(line) > LIST_ITEM_CHARS:
            break
        last = i
    if last == head or last < mine[-1]:
        return None
    span = lines[head][0], lines[last][1]
    return span if span[1] - span[0] <= max_chars else None


def paragraph_span(text: str, start: int, end: int, limits: tuple[int, int, int]
                   ) -> tuple[int, int] | None:
    """The span of the paragraph (between blank lines) holding [start, end), if it is short
    (`limits`: characters, sentences, figures): "Effective February 1, 2026, … 2.5%. Effective
    January 1, 2027, … 4%." comes whole."""
    a = text.rfind("\n\n", 0, start)
    b = text.find("\n\n", end)
    a, b = (a + 2 if a >= 0 else 0), (b if b >= 0 else len(text))
    para = text[a:b]
    max_chars, max_sentences, max_figures = limits
    if (b - a <= end - start or len(para) > max_chars or len(sentence_spans(para)) > max_sentences
            or len(quantity_spans(para)) > max_figures or INJECTION_RX.search(para)):
        return None
    spans = sentence_spans(para)
    return a + spans[0][0], a + spans[-1][1]
