"""Tables of contents and subject indexes: mark them (role "toc") so their lines never become
clauses. Runs after layout.clean_layout; the text is unchanged, only the role of its marks."""

from __future__ import annotations

import re
from bisect import bisect_left

from .layout import (
    _HEADING,
    _I,
    _LEADER,
    _TOC_TITLE,
    _clean,
    _gap_entry,
    _heading_id,
    _prose,
    _strip,
)
from .marked import Mark, MarkedText

_INDEX_TITLE = re.compile(
    r"(?:(?:subject|alphabetical|topical)\s+)?index(?:\s*[-–—(:].{0,60})?", _I)
_COLUMN_HEAD = re.compile(r"(?:(?:article|section|title|page|subject|no\.?)\s*)+", _I)
_LEADER_ENTRY = re.compile(  # "Title ..... 12", "APPENDIX H ..... H-1"
    _LEADER + r"\s*(?:page\s*)?(?:\d{1,6}|[ivxl]{1,6}|[a-z]{1,14}-\d{1,3})[a-z]?(?=\s{2,}|$)", _I)
_LOOSE_REF = re.compile(r"\s(\d{1,3})$")
_ENTRY = ("leader", "gap")
Kinds = list[tuple[str, int | None]]


def _classify(s: str) -> tuple[str, int | None]:
    """(kind, page) of one stripped line. Kinds: title, index, leader (dot-leader entry), gap
    ("Title    12" entry), head (a heading-like line without a page number), blank, prose,
    other."""
    if not s:
        return "blank", None
    if _TOC_TITLE.fullmatch(s):
        return "title", None
    if _INDEX_TITLE.fullmatch(s):
        return "index", None
    if _LEADER_ENTRY.search(s) or s.endswith(("....", "……")) and s[:1].isalpha():
        return "leader", None  # also "Title ......" whose page number was lost
    page = int(s) if s.isdigit() and len(s) <= 3 else _gap_entry(s)  # "114": a wrapped entry
    heading = _HEADING.match(s)
    m = _LOOSE_REF.search(s, heading.end()) if page is None and heading else None
    if m and re.search(r"[A-Za-z]{2}", s[heading.end() : m.start()]):
        page = int(m.group(1))  # OCR'd leaders: "ARTICLE 7 - SICK LEAVE ...ccee 13"
    if page is not None:
        return "gap", page
    return ("prose" if _prose(s) else "head" if heading else "other"), None


def _line_kind(s: str) -> tuple[str, int | None]:
    """An entry whose page ended mid-line ("A. General ..... XV-1\fTABLE OF CONTENTS") is
    still an entry."""
    before = s.split("\f", 1)[0].strip()
    if before != s:
        kind = _classify(before)
        if kind[0] in _ENTRY:
            return kind
    return _classify(s)


def _grow(kinds: Kinds, first: int, heads: bool) -> tuple[int, list[int]]:
    """Extend a TOC run from line `first`: entries (and heading-like lines when `heads`) may be
    separated by blank lines, headings and up to 3 other lines; prose ends the run unless an
    entry follows it at once (a long wrapped title)."""
    last, gap, entries = first, 0, []
    for k in range(first, len(kinds)):
        kind = kinds[k][0]
        if kind in _ENTRY or heads and kind == "head":
            last, gap = k, 0
            entries.append(k)
            continue
        nxt = next((kd for kd, _ in kinds[k + 1 : k + 3] if kd != "blank"), None)
        if kind == "prose" and nxt not in _ENTRY or kind in ("title", "index") and k > first:
            break
        gap += kind not in ("blank", "head")
        if gap > 3:
            break
    return last, entries


def _plausible(entries: list[int], kinds: Kinds, lines: list[str], max_page: int) -> bool:
    """An untitled run is a TOC when it has leader entries, or many gap entries (some of them
    headings, so not a table) whose page numbers stay in range and rarely go down."""
    if sum(kinds[k][0] == "leader" for k in entries) >= 3:
        return True
    pages = [p for k in entries if (p := kinds[k][1])]
    if len(pages) < 5 or sum(_HEADING.match(lines[k]) is not None for k in entries) < 2:
        return False
    ups = sum(b >= a for a, b in zip(pages, pages[1:], strict=False))
    return ups >= 0.8 * (len(pages) - 1) and sum(p <= max_page for p in pages) >= 0.8 * len(pages)


def _trim(lines: list[str], kinds: Kinds, start: int, end: int, any_shape: bool) -> int:
    """End a TOC before the body restarts it: a heading line without a page number that
    repeats its first article (its first heading of any kind when `any_shape`, for TOCs
    without page numbers)."""
    first = None
    for k in range(start, end + 1):
        head = _heading_id(_clean(lines[k][:80])) if lines[k] else None
        if head is None or not (any_shape or head[0].startswith("article")):
            continue
        if first is None:
            first = head[1]
        elif head[1] == first and kinds[k][0] not in _ENTRY:
            end = k - 1
            break
    while end > start and not lines[end]:
        end -= 1
    return end


def _titled(i: int, lines: list[str], kinds: Kinds, bounds: list[tuple[int, int]]) -> tuple:
    """(start, end) of the region a TOC or index title at line i opens. An index runs to the end
    of its page (a multi-column subject index has no page numbers) and over following pages
    without prose that hold entries; a prose-free index page is marked whole."""
    ahead = [k for k in range(i + 1, min(len(kinds), i + 12)) if kinds[k][0] != "blank"][:8]
    first = next((k for k in ahead if kinds[k][0] in _ENTRY), None)
    heads = first is None  # a TOC without page numbers: a list of headings
    if heads and sum(kinds[k][0] == "head" for k in ahead) >= 3:
        first = next(k for k in ahead if kinds[k][0] == "head")
    start = end = i
    if first is not None:
        last, entries = _grow(kinds, first, heads)
        end = _trim(lines, kinds, i, last, heads) if len(entries) >= (3 if heads else 2) else i
    if kinds[i][0] == "index":
        a, end = bounds[i][0], max(end, bounds[i][1])
        if all(kinds[k][0] != "prose" for k in range(a, end + 1)):
            start = a
        while end + 1 < len(kinds):
            page = [kinds[k][0] for k in range(end + 1, bounds[end + 1][1] + 1)]
            if "prose" in page or sum(k in _ENTRY for k in page) < 3:
                break
            end = bounds[end + 1][1]
    return start, end


def _toc_line_ranges(lines: list[str], page_of: list[int], max_page: int) -> list[tuple[int, int]]:
    """Inclusive line ranges that are tables of contents or subject indexes."""
    kinds = [_line_kind(s) for s in lines]
    first_line: dict[int, int] = {}
    last_line: dict[int, int] = {}
    for k, p in enumerate(page_of):
        first_line.setdefault(p, k)
        last_line[p] = k
    bounds = [(first_line[p], last_line[p]) for p in page_of]
    ranges: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        start, end = i, i
        if kinds[i][0] in ("title", "index"):
            start, end = _titled(i, lines, kinds, bounds)
            start = max(start, ranges[-1][1] + 1 if ranges else 0)
        elif kinds[i][0] in _ENTRY:
            last, entries = _grow(kinds, i, False)
            if _plausible(entries, kinds, lines, max_page):
                end = _trim(lines, kinds, i, last, False)
                while start > 0 and i - start < 2 and _COLUMN_HEAD.fullmatch(lines[start - 1]):
                    start -= 1
        if end > i or start < i:
            ranges.append((start, end))
        i = end + 1
    return ranges


def _with_role(mt: MarkedText, spans: list[tuple[int, int]], role: str) -> MarkedText:
    """Copy of `mt` with the (sorted, disjoint) spans re-marked with `role`."""
    bounds = sorted({0, len(mt.text)} | {x for span in spans for x in span})
    starts = [a for a, _ in spans]
    parts = []
    for a, b, m in mt.runs():
        cuts = [a] + bounds[bisect_left(bounds, a + 1) : bisect_left(bounds, b)] + [b]
        for x, y in zip(cuts, cuts[1:], strict=False):
            k = bisect_left(starts, x + 1) - 1
            inside = k >= 0 and spans[k][0] <= x < spans[k][1]
            parts.append((mt.text[x:y], Mark(m.kind, m.color, m.source, role) if inside else m))
    return MarkedText.build(parts)


def mark_toc(mt: MarkedText) -> MarkedText:
    """Re-mark table-of-contents and subject-index lines with role="toc" (text unchanged).

    A region is either a title ("TABLE OF CONTENTS", "Contents", "INDEX", "SUBJECT INDEX -
    Continued") followed by entries, or an untitled run of at least 3 dot-leader entries
    ("ARTICLE 2 Definitions ...... 2", multi-column too) or 5 "Title      12" entries with
    rising page numbers. Runs stop at prose, and before a heading that restarts the TOC's
    first article (the body). The newline after the last entry is left unmarked, so the next
    line (the first real heading) keeps its role. Run it after `clean_layout`.
    """
    raw = mt.text.split("\n")
    lines = [_strip(s) for s in raw]
    page_of, starts, page, pos = [], [], 0, 0
    for s in raw:
        page += s.count("\f")  # a page break sits at the start of the line after it
        page_of.append(page)
        starts.append(pos)
        pos += len(s) + 1
    max_page = page + 31 if page else 999
    ranges = _toc_line_ranges(lines, page_of, max_page)
    spans = [(starts[a] + raw[a].count("\f"), starts[b] + len(raw[b])) for a, b in ranges]
    return _with_role(mt, spans, "toc") if spans else mt
