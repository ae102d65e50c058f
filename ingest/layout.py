"""Layout cleanup for PDF text: page furniture out, tables of contents flagged.

Works on raw loader output (pages split by \\f, `pdftotext -layout` spacing intact), before
whitespace normalization. `clean_layout` removes running headers/footers, page-number lines and
pleading-paper line numbers; `toc.mark_toc` re-marks table-of-contents and subject-index lines with
role="toc" so the chunker never takes a heading from them. Both keep every \\f and err on keeping
text: a line goes only when the whole document says it is furniture.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from .marked import MarkedText

ZONE = 4  # non-blank lines at each edge of a page where furniture may sit
MAX_FURNITURE_CHARS = 120  # running headers are short (length after collapsing whitespace)
_INVISIBLE = str.maketrans({"\u200b": " ", "\ufeff": " ", "\xa0": " ", "\u2002": " "})
_I = re.IGNORECASE


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the first character in the document
    text: str  # without its newline

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _pages(text: str) -> list[list[_Line]]:
    """Lines of each \\f-separated page, with document offsets."""
    pages, pos = [], 0
    for page in text.split("\f"):
        lines, at = [], pos
        for raw in page.split("\n"):
            lines.append(_Line(at, raw))
            at += len(raw) + 1
        pages.append(lines)
        pos += len(page) + 1
    return pages


def _drop(mt: MarkedText, spans: list[tuple[int, int]]) -> MarkedText:
    """Copy of `mt` without the (sorted, disjoint) character spans; marks are carried."""
    if not spans:
        return mt
    ends = [0] + [b for _, b in spans]
    keep = list(zip(ends, [a for a, _ in spans] + [len(mt.text)], strict=True))
    if mt.is_plain:
        return MarkedText("".join(mt.text[a:b] for a, b in keep))
    return MarkedText.build(
        (mt.text[x:y], m) for a, b in keep if a < b for x, y, m in mt.runs(a, b))


def _strip(s: str) -> str:
    return s.translate(_INVISIBLE).strip()


def _clean(s: str) -> str:
    return " ".join(s.translate(_INVISIBLE).split())


# --- pleading-paper line numbers --------------------------------------------------------

_LINENO = re.compile(r"[ \t]*(\d{1,2})(?:[ \t]+(?=\S)|[ \t]*$)")
Chain = list[tuple[_Line, int, int]]  # (line, column after the number, column text starts)


def _chain(lines: list[_Line], align: tuple[int, int] | None = None) -> tuple[Chain, tuple]:
    """Longest run of left-margin numbers 1, 2, 3 ... on a page, aligned on one column
    (align = (0 left / 1 right edge of the number, column)); returns it and its alignment."""
    cands = [(ln, int(m.group(1)), m.span(1), m.end()) for ln in lines
             if (m := _LINENO.match(ln.text)) and m.end(1) <= 16]
    keys = {(side, c[2][side]) for c in cands for side in (0, 1)} if align is None else {align}
    best: Chain = []
    best_key = align or (1, 0)
    for side, col in sorted(keys):
        chain: list = []
        for cand in cands:
            if abs(cand[2][side] - col) > (0 if align is None else 1):
                continue
            if cand[1] == 1 and len(chain) == 1:
                chain = [cand]  # a page number "3" above the first numbered line
            elif (not chain and cand[1] <= 3) or (chain and 0 < cand[1] - chain[-1][1] <= 3):
                chain.append(cand)
        if len(chain) > len(best):
            best, best_key = [(ln, pos[1], start) for ln, _, pos, start in chain], (side, col)
    return best, best_key


def _with_line_one(page: list[_Line], chain: Chain) -> Chain:
    """The chain with its line 1 put back when that line's number stands in another column
    ("### 1   ARTICLE 10 – PAID TIME OFF" made a heading, its indent lost) just above line 2."""
    if not chain or (m := _LINENO.match(chain[0][0].text)) is None or m[1] != "2":
        return chain
    above = [ln for ln in page if ln.end < chain[0][0].start and ln.text.strip()]
    one = _LINENO.match(above[-1].text) if above else None
    return [(above[-1], one.end(1), one.end()), *chain] if one and one[1] == "1" else chain


def _pleading_spans(pages: list[list[_Line]]) -> list[tuple[int, int]]:
    """Spans of line numbers (and the gutter after them) on pleading-paper pages: the
    document must number most lines of at least 3 pages and 20% of its pages."""
    found = [_chain(p) for p in pages]
    sizes = [sum(1 for ln in p if ln.text.strip()) for p in pages]
    strong = [key for (c, key), n in zip(found, sizes, strict=True) if len(c) >= max(10, n / 2)]
    if len(strong) < 3 or len(strong) < 0.2 * len(pages):
        return []
    align = Counter(strong).most_common(1)[0][0]
    spans: list[tuple[int, int]] = []
    for page, n in zip(pages, sizes, strict=True):
        chain = _with_line_one(page, _chain(page, align)[0])
        if not chain or len(chain) < 3 and n - len(chain) > 3:
            continue
        cut = min((start for ln, _, start in chain if start < len(ln.text)), default=0)
        spans += [(ln.start, ln.start + max(end, min(cut, len(ln.text)))) for ln, end, _ in chain]
    return spans


# --- running headers, footers and page numbers -------------------------------------------

_PAGE_LINE = re.compile(
    r"(?:[-–—~]\s*)?(?:page|pg\.?)?\s*(?:\|\s*)?\d{1,3}\s*(?:(?:of|/)\s*\d{1,4})?(?:\s*[-–—~])?"
    r"|\d{1,4}\s*\|\s*p\s*a\s*g\s*e|(?-i:(?:[-–—]\s*)?[ivxl]{1,6}(?:\s*[-–—])?)"
    r"|\d{1,3}\s*[-–]\s*\d{1,3}|(?-i:[IVXL]{1,6}|[A-Z])\s*[-–]\s*\d{1,3}", _I)
_TAIL_NUM = re.compile(r"(?<![\d/])(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?$", _I)
_HEAD_REF = re.compile(
    r"^(?:page\s*)?(\d{1,4})(?:\s*of\s*\d{1,4})?(?:\s*\|\s*p\s*a\s*g\s*e)?\s{2,}", _I)
_KEY_TAIL = re.compile(  # atomic groups (?>...) keep these regexes linear on long gaps
    r"(?>\s{2,})(?:[-–—(]\s*)?(?:page\s*)?\w{1,4}(?:\s*of\s*\w{1,4})?(?:\s*[-–—)])?$", _I)
_HEADING = re.compile(
    r"(?:#+\s*)?(article|section|sec\.|appendix|exhibit|schedule|addendum|attachment|chapter|part|"
    r"letter of (?:agreement|understanding)|memorandum of \w+)\s*"
    r"([0-9]+(?:\.[0-9]+)*[a-z]?|[ivxlc]+|[a-z](?![a-z]))\b"
    r"|(?:#+\s*)?\d+(?:\.\d+)+|[IVX]+\.\s|[A-Z]\.\s", _I)
_ENUM = re.compile(r"\(?(?:\d{1,3}|[A-Za-z])[.)]")  # a list number alone: "5.", "(b)"
_LEADER = r"(?>\.{3,}|…+|(?:\. ){3,}|_{4,})(?>[ .…_]*)"
_HAS_LEADER = re.compile(_LEADER + r"\s*(?:page\s*)?\d")
_FUNCTION_WORDS = frozenset(re.findall(r"\w+", "the of and to a an in for shall be by or with "
                                        "will any as on is are that this which not may its "
                                        "their such from at who has have"))


def _key(raw: str) -> str:
    """Compare running headers with a trailing page number dropped, digits folded to # and
    spacing and punctuation dropped ("Page IO of 41" and "Page 9 of 41" both vanish)."""
    return re.sub(r"[^a-z#]+", "", re.sub(r"\d+", "#", _KEY_TAIL.sub("", raw).lower()))


def _heading_id(s: str) -> tuple[str, str] | None:
    """(shape, identity) of a heading-like line: ("article #", "article 12"), else None."""
    m = _HEADING.match(s)
    if not m:
        return None
    if m.group(1):
        word = m.group(1).lower()
        return f"{word} #", f"{word} {m.group(2).lower()}"
    token = m.group(0).strip()
    return re.sub(r"\d+", "#", token), token.lower()


def _words(s: str) -> tuple[int, int, int]:
    """(words, lowercase-initial words, function words) of a line."""
    words = re.findall(r"[A-Za-z][A-Za-z'’]*", s)
    return len(words), sum(w[0].islower() for w in words), sum(w in _FUNCTION_WORDS for w in words)


def _prose(s: str) -> bool:
    """A sentence, not a title: mostly lowercase words, some of them function words (OCR'd
    leader garbage like "ccceesseeeteeeneeees" is lowercase too, but has none)."""
    n, lower, common = _words(s)
    return n >= 6 and lower >= (0.4 if len(_clean(s)) >= 100 else 0.6) * n and common >= 2


def _tail_ref(s: str) -> tuple[str, int] | None:
    """(text before, number) when a page number ends the line: after "Page"/"Pg."/"|", a wide
    gap, or alone."""
    m = _TAIL_NUM.search(s)
    if not m:
        return None
    before = s[: m.start()]
    head = before.rstrip(" |")
    explicit = not head or head.lower().endswith(("page", "pg", "pg."))
    return (head, int(m.group(1))) if explicit or len(before) - len(before.rstrip()) >= 2 else None


def _page_refs(s: str) -> list[int]:
    """Candidate page numbers at the end or start of a stripped line (none on TOC lines)."""
    if _HAS_LEADER.search(s):
        return []
    refs = [tail[1]] if (tail := _tail_ref(s)) else []
    return refs + [int(m.group(1))] if (m := _HEAD_REF.search(s)) else refs


def _zones(page: list[_Line]) -> tuple[list[_Line], list[_Line]]:
    """Up to ZONE non-blank lines from the top (top down) and from the bottom (bottom up)."""
    body = [ln for ln in page if ln.text.strip()]
    return body[:ZONE], body[::-1][:ZONE]


@dataclass
class _Stats:
    """What repeats at page edges across the document, and where headings occur."""

    npages: int
    page_starts: list[int]
    keys: Counter = field(default_factory=Counter)  # edge lines, by _key
    titles: Counter = field(default_factory=Counter)  # heading shapes just above the footer
    offsets: set[int] = field(default_factory=set)  # page number minus page index
    seen: dict[str, list[int]] = field(default_factory=dict)  # heading identity -> line starts

    def frequent(self, count: int, share: float) -> bool:
        return count >= 3 and count >= share * self.npages


def _edge_stats(pages: list[list[_Line]]) -> _Stats:
    stats = _Stats(len(pages), [p[0].start for p in pages])
    offsets: Counter = Counter()
    for i, page in enumerate(pages):
        top, bottom = _zones(page)
        edge = [_strip(ln.text) for ln in top + bottom]
        stats.keys.update({_key(s) for s in edge if len(_clean(s)) < MAX_FURNITURE_CHARS})
        offsets.update({n - i for s in edge for n in _page_refs(s)})
        for ln in page:  # where headings occur in the text (not in a TOC)
            head = _heading_id(_clean(ln.text[:80]))
            if head and not _HAS_LEADER.search(ln.text) and _gap_entry(_strip(ln.text)) is None:
                stats.seen.setdefault(head[1], []).append(ln.start)
    stats.offsets = {o for o, c in offsets.items() if stats.frequent(c, 0.15)}
    for i, page in enumerate(pages):  # the line just inside the bottom furniture
        bottom = _zones(page)[1]
        rest = bottom[len(_peel(bottom, i, stats, True)) :]
        if rest and len(_clean(rest[0].text)) < 80 and (head := _heading_id(_clean(rest[0].text))):
            stats.titles[head[0]] += 1
    return stats


def _running_title(ln: _Line, index: int, s: str, stats: _Stats) -> bool:
    """A bottom line like "ARTICLE 5, UNION SECURITY" that repeats an article already under way:
    the document has such titles on 20% of its pages and this article's heading appeared in
    the text (not a TOC) within the previous 30 pages."""
    head = _heading_id(s)
    if head is None or len(s) >= 80 or _gap_entry(_strip(ln.text)) is not None:
        return False
    if not stats.frequent(stats.titles[head[0]], 0.2):
        return False
    seen = stats.seen.get(head[1], [])
    k = bisect_left(seen, ln.start)
    return k > 0 and seen[k - 1] >= stats.page_starts[max(0, index - 30)]


def _is_furniture(ln: _Line, index: int, stats: _Stats, bottom: bool, isolated: bool) -> str:
    """Why an edge line is furniture: "page", "repeat", "heading" (a running article title,
    bottom edge only), "tail" (only its trailing page number goes), or "" when it is not."""
    raw = _strip(ln.text)
    s = _clean(raw)
    if not s or _HAS_LEADER.search(s) or _ENUM.fullmatch(s) or _TOC_TITLE.fullmatch(s):
        return ""  # TOC titles stay for mark_toc
    if _PAGE_LINE.fullmatch(s):
        bare = re.fullmatch(r"[-–—~]?\s*(\d+)\s*[-–—~]?", s)  # "24" may be a table cell
        if not bare or isolated or int(bare.group(1)) - index in stats.offsets:
            return "page"
    if len(s) >= MAX_FURNITURE_CHARS:
        return ""
    sentence = s.endswith((".", ";", ":", ",")) and _prose(s)  # body text, even if repeated
    if not sentence and _heading_id(s) is None and stats.frequent(stats.keys[_key(raw)], 0.2):
        return "repeat"
    if any(n - index in stats.offsets for n in _page_refs(raw)):
        n, lower, _ = _words(s)
        if len(re.findall(r"\d+", s)) <= 4 and (n < 6 or lower < 0.5 * n):  # a footer
            return "page"
        tail = _tail_ref(raw)
        if tail and tail[1] - index in stats.offsets and re.search(r"[a-z][.,;:)]?$", tail[0]):
            return "tail"  # a body line with the page number pdftotext put beside it
    return "heading" if bottom and _running_title(ln, index, s, stats) else ""


def _peel(zone: list[_Line], index: int, stats: _Stats, bottom: bool) -> list[tuple[_Line, str]]:
    """Furniture lines contiguous from one page edge, with why (at most one running title;
    a body line carrying the page number ends the peel)."""
    out: list[tuple[_Line, str]] = []
    for k, ln in enumerate(zone):
        inner = zone[k + 1] if k + 1 < len(zone) else None  # a blank line between: isolated
        apart = inner is None or (ln.start - inner.end if bottom else inner.start - ln.end) > 1
        why = _is_furniture(ln, index, stats, bottom, not out and apart)
        if not why or why == "heading" and any(w == why for _, w in out):
            break
        out.append((ln, why))
        if why == "tail":
            break
    return out


def _furniture_spans(text: str, pages: list[list[_Line]]) -> list[tuple[int, int]]:
    """Whole lines with their newline; for "tail" lines only the gap and the page number."""
    stats = _edge_stats(pages)
    found: dict[_Line, str] = {}
    for i, page in enumerate(pages):
        top, bottom = _zones(page)
        found.update(_peel(top, i, stats, False) + _peel(bottom, i, stats, True))
    spans = []
    for ln in sorted(found, key=lambda ln: ln.start):
        body = ln.text.rstrip()
        if found[ln] == "tail":
            m = _TAIL_NUM.search(body)
            spans.append((ln.start + len(body[: m.start()].rstrip()), ln.start + len(body)))
        else:
            end = ln.end + (ln.end < len(text) and text[ln.end] == "\n")
            spans.append((ln.start, end))
    return spans


def clean_layout(mt: MarkedText) -> MarkedText:
    """Remove page furniture from raw paged text, carrying marks; pages (\\f) are kept.

    1. Pleading-paper line numbers (a left-margin 1, 2, 3 ... sequence restarting on each page,
       found on at least 3 pages and 20% of them) are cut with the gutter after them; the rest
       of each line keeps its relative indentation.
    2. Page-number lines ("3", "- 3 -", "Page 3 of 40", "3 | P a g e", "iv") at a page edge,
       and edge lines starting or ending with the page's number (numbers that follow the page
       index through the document, e.g. "DISCIPLINE AND DISCHARGE      13").
    3. Running headers/footers: short lines within the first/last few non-blank lines of a page
       that repeat (digits and spacing folded) on at least 3 pages and 20% of them, peeled from
       the edge inward. A heading-like line ("ARTICLE 5, UNION SECURITY") goes only as the
       bottom running title of an article already under way, in a document that has such
       titles on 20% of its pages.
    """
    mt = _drop(mt, _pleading_spans(_pages(mt.text)))
    return _drop(mt, _furniture_spans(mt.text, _pages(mt.text)))


# --- shapes shared with toc.py -------------------------------------------------------------

_LABEL = re.compile(r"(?:[A-Za-z]+\.?\s+)?[\dIVXivx]+[\dA-Za-z.]*[.):]?|[A-Z][.)]")
_TOC_TITLE = re.compile(r"(?:table\s+of\s+)?contents(?:\s*[-–—(:].{0,40})?", _I)
_GAP_REF = re.compile(
    r"(?<![\w.,$/-])(?:page\s*)?(?:[-–—]\s*)?(\d{1,3}|[ivxl]{1,5})(?:\s*[-–—])?$", _I)


def _gap_entry(s: str) -> int | None:
    """Page number of a "Title      12" entry (one text column, title has letters), else None."""
    m = _GAP_REF.search(s)
    text = s[: m.start()].rstrip() if m else ""
    if not m or len(s[: m.start()]) - len(text) < 3:
        return None
    cells = re.split(r"\s{3,}", text)
    title = cells[-1]
    if len(cells) > 2 or sum(c.isalpha() for c in title) < 3 or title.endswith((",", "$")):
        return None
    lead, _, rest = title.partition(" ")  # "6 months-3 years   14", "24+ years   24": a table
    if re.search(r"\d", lead) and (not _LABEL.fullmatch(lead) or re.search(r"\d", rest)):
        return None
    if len(cells) == 2 and (len(cells[0]) > 14 or not _LABEL.fullmatch(cells[0])):
        return None
    return int(m.group(1)) if m.group(1).isdigit() else 0
