"""A pay table's headers and title: the header rows above its body, the text naming each
column (groups spanning several), the caption above, and the effective date it gives."""

from __future__ import annotations

import re

from .table_grid import Piece, Row, body_row, clean

_CAPTION = re.compile(r"\b(?:appendix|addendum|schedule|effective|matrix|table|exhibit)\b|"
                      r"\d{1,2}/\d{1,2}/\d{2,4}\s*[-\u2013\u2014]", re.I)
_DATED = re.compile(r"\b(?:19|20)\d\d\s*[-\u2013/]\s*\d\d|\b(?:19|20)\d\d\b")
_PROSE_END = re.compile(r"[.;]$")
_HEADING = re.compile(r"(?:[A-Z]|\d{1,2}|[IVX]{1,4}|\([a-z0-9]{1,3}\))[.)]\s+[A-Z]|"
                      r"(?:article|section)\s+\w", re.I)


def _caption(r: Row, span: tuple[float, float], others: list[tuple[float, float]]) -> bool:
    """A row above the body that titles the table rather than naming its columns: a title word
    (Appendix, Schedule, Effective...), a year alone on its row, prose, a numbered heading
    ("F. Special Rates"), or text running over a table printed beside this one."""
    pieces = r.within(*span)
    text = " ".join(p.text for p in pieces)
    spills = any(p.x1 > a and p.x0 < b for p in pieces for a, b in others)
    dated = len(pieces) == 1 and bool(_DATED.search(text))
    return (not pieces or spills or dated or _prose(pieces) or bool(_CAPTION.search(text))
            or bool(_HEADING.match(text)) or body_row(r))


def _prose(pieces: list[Piece]) -> bool:
    """A sentence of the contract, not a caption: one run of five or more words ending a
    sentence."""
    text = pieces[0].text if len(pieces) == 1 else ""
    return len(text.split()) >= 5 and bool(_PROSE_END.search(text))


def header_rows(rows: list[Row], first: int, span, others) -> tuple[list[Row], int]:
    """The rows naming the columns (top first) and the index of the row above them. Rows may be
    as far apart as the body's rows are; rows with nothing over this table are passed over."""
    body = rows[first:first + 6]
    pitch = max((b.y0 - a.y1 for a, b in zip(body, body[1:], strict=False)), default=0.0)
    out: list[Row] = []
    i, looked = first - 1, 0
    while i >= 0 and looked < 8:
        r, below = rows[i], (out[0] if out else rows[first])
        looked += 1
        if not r.within(*span) and below.y0 - r.y1 <= 2 * r.height:
            i -= 1
            continue
        if below.y0 - r.y1 > max(0.8 * r.height, 1.3 * pitch) or _caption(r, span, others):
            break
        if _title_line(r, span) and i and _caption(rows[i - 1], span, others) \
                and r.y0 - rows[i - 1].y1 < 1.5 * r.height:
            break  # a line of a title block, not a header over the pay columns
        out.insert(0, r)
        i -= 1
    return out, i


def _title_line(r: Row, span: tuple[float, float]) -> bool:
    """The only words on their line, centred over the table."""
    mid, width = (span[0] + span[1]) / 2, span[1] - span[0]
    return len(r.pieces) == 1 and abs(r.pieces[0].xc - mid) < 0.1 * width


def title_above(rows: list[Row], i: int, span: tuple[float, float], top: float) -> str:
    """Up to six caption lines above the header rows, nearest last, stopping at prose, a gap
    or the table above."""
    lines: list[str] = []
    below = top
    while i >= 0 and len(lines) < 6:
        r = rows[i]
        pieces = r.within(*span)
        text = " ".join(p.text for p in pieces)
        if not text:
            i -= 1
            continue
        if body_row(r) or _prose(pieces) or below - r.y1 > 2.5 * r.height:
            break
        lines.insert(0, text)
        below, i = r.y0, i - 1
    return clean(" ".join(lines)).rstrip(" .:;,")


_DATE = (r"(?:\d{1,2}/\d{1,2}/\d{2,4}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
         r"\s+\d{1,2},?\s+\d{4})")
_EFFECTIVE = [re.compile(p, re.I) for p in (
    rf"{_DATE}\s*(?:-|\u2013|\u2014|to|through|thru)\s*{_DATE}",
    rf"effective\s*(?:date:?)?\s*({_DATE})", _DATE, r"\b(?:19|20)\d\d\s*[-\u2013/]\s*(?:19|20)?\d\d\b")]


def effective_of(title: str) -> str:
    """The date or period a table's title says it takes effect, as printed ("" if none)."""
    for rx in _EFFECTIVE:
        m = rx.search(title)
        if m:
            return clean(m.group(m.lastindex or 0))
    return ""


def _slots(cols: list[list[float]]) -> list[tuple[float, float]]:
    """Each column's share of the row: from the middle of the gap on its left to the middle of
    the gap on its right (headers are often offset from right-aligned figures)."""
    cuts = [(a[1] + b[0]) / 2 for a, b in zip(cols, cols[1:], strict=False)]
    return list(zip([-1e9, *cuts], [*cuts, 1e9], strict=True))


def _cover(p: Piece, slots: list[tuple[float, float]], a: int, c: int) -> list[int]:
    """Columns a header piece names: the one under its centre, and both columns when the piece
    is centred on the line between them (a header spanning two columns)."""
    j = next((j for j in range(a, c) if slots[j][0] <= p.xc < slots[j][1]), None)
    if j is None:
        return []
    lo, hi = slots[j]
    width = min(hi - lo, 4 * (p.x1 - p.x0))
    if j > a and p.xc - lo < 0.15 * width and p.x0 < lo:
        return [j - 1, j]
    if j + 1 < c and hi - p.xc < 0.15 * width and p.x1 > hi:
        return [j, j + 1]
    return [j]


def _wider(p: Piece, cols: list[list[float]], slots, j: int) -> bool:
    """A piece wider than its column's share of the row: it heads more than that column."""
    share = min(slots[j][1] - slots[j][0], 3 * (cols[j][1] - cols[j][0]))
    return p.x1 - p.x0 > share


def _one_each(pieces: list[Piece], slots, a: int, stub: int, c: int) -> list[list[int]] | None:
    """A header row with one piece per column (or per pay column), each mostly over its own
    column's share of the row, names them in order."""
    for first in (a, stub):
        if len(pieces) == c - first and all(
                min(p.x1, slots[first + k][1]) - max(p.x0, slots[first + k][0])
                >= 0.4 * (p.x1 - p.x0) for k, p in enumerate(pieces)):
            return [[first + k] for k in range(len(pieces))]
    return None


def col_headers(header: list[Row], cols: list[list[float]], part: tuple[int, int, int]) -> list[str]:
    """Header text of the part's columns. A piece over one column names it; a row whose pieces
    each span two columns, or one piece alone over the pay columns, is a group row: its pieces
    also name the pay columns nearest them ("Level 1" over "MA" and "Ph.D.")."""
    a, stub, c = part
    slots = _slots(cols)
    parts: list[list[tuple[str, bool]]] = [[] for _ in range(c - a)]
    for r in header:
        pieces = r.within(cols[a][0] - 2, cols[c - 1][1] + 2)
        cover = _one_each(pieces, slots, a, stub, c) or [_cover(p, slots, a, c) for p in pieces]
        group = bool(pieces) and (all(len(cv) > 1 for cv in cover) or len(pieces) == 1
                                  and bool(cover[0]) and cover[0][-1] >= stub
                                  and _wider(pieces[0], cols, slots, cover[0][0]))
        for p, cv in zip(pieces, cover, strict=True):
            for j in cv:
                parts[j - a].append((p.text, group))
        taken = {j for cv in cover for j in cv}
        for j in (j for j in range(stub, c) if group and j not in taken):
            mid = (cols[j][0] + cols[j][1]) / 2
            parts[j - a].append((min(pieces, key=lambda p: abs(p.xc - mid)).text, True))
    return [_join(p) for p in parts]


def _join(parts: list[tuple[str, bool]]) -> str:
    out = ""
    for i, (text, group) in enumerate(parts):
        sep = " \u2013 " if i and (group or parts[i - 1][1]) else " "
        out = f"{out}{sep}{text}" if out else text
    return clean(out)
