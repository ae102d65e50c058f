"""Salary and wage tables read as tables: every cell with its table title, row and column headers.

A PDF table is words placed on a grid, with or without ruling lines. This reads the grid from
the words' positions, so it works the same whether or not the lines are drawn:

1. words -> visual rows (by vertical centre) -> pieces (words closer than half a line height);
   a lone "$" joins the amount after it; pleading-paper line numbers are dropped;
2. body rows: consecutive rows holding at least two amounts ($1,234, 52,345, 3524, 22.61);
3. columns: the x-extents of the body pieces, merged where they overlap;
4. stub (row-header) columns: the leading columns of labels (text, step numbers, codes up to
   the last text column); a label column with a printed header after pay columns starts a
   second table printed beside the first;
5. header rows: the rows just above the body, until a caption (a date range, "Appendix",
   "Schedule", "Effective"...) or a gap; a header piece over one column names that column, a
   piece between or over several columns (a group: "Level 1") names every column nearest it;
6. the title: the caption lines above the header rows; the effective date read from it.

`read_tables(page, page_no)` returns the tables of one page; `TableCell.line` is the text a
cell is stored and cited as.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from store.records import TableCell

MIN_AMOUNTS = 6  # a page with fewer amounts holds no pay table
MIN_BODY_ROWS = 3
_AMOUNT = re.compile(r"^\$?\s?(?:\d{1,3}(?:,\d{3})+|\d{3,})(?:\.\d{1,2})?$|^\$?\s?\d+\.\d\d$|"
                     r"^\$\s?\d+$")
_ID = re.compile(r"^\d+$")  # a plain integer: a class number, not an amount when beside text
_LETTER = re.compile(r"[A-Za-z]")
_CAPTION = re.compile(r"\b(?:appendix|addendum|schedule|effective|matrix|table|exhibit)\b|"
                      r"\d{1,2}/\d{1,2}/\d{2,4}\s*[-\u2013\u2014]", re.I)
_DATED = re.compile(r"\b(?:19|20)\d\d\s*[-\u2013/]\s*\d\d|\b(?:19|20)\d\d\b")
_PROSE_END = re.compile(r"[.;]$")
_NIL = {"0", "-", "\u2013", "\u2014", "$0", "0.00", "$0.00", "N/A", "n/a"}


@dataclass
class Piece:
    """Words of one row that sit together: one cell's text on one line."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def amount(self) -> bool:
        return bool(_AMOUNT.match(self.text))

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Row:
    pieces: list[Piece]

    @property
    def y0(self) -> float:
        return min(p.y0 for p in self.pieces)

    @property
    def y1(self) -> float:
        return max(p.y1 for p in self.pieces)

    @property
    def height(self) -> float:
        return sorted(p.y1 - p.y0 for p in self.pieces)[len(self.pieces) // 2]

    def amounts(self) -> int:
        return sum(p.amount for p in self.pieces)

    def within(self, x0: float, x1: float) -> list[Piece]:
        return [p for p in self.pieces if p.x1 > x0 and p.x0 < x1]


@dataclass(frozen=True)
class Table:
    """One table read from a page: where it is and its cells."""

    bbox: tuple[float, float, float, float]  # the body and header rows (the title stays text)
    title: str
    cells: tuple[TableCell, ...]


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def _line_numbers(words: list[tuple]) -> set[int]:
    """Indexes of pleading-paper line numbers: a column of consecutive small integers (left or
    right aligned) left of every other word on the page."""
    out: set[int] = set()
    for edge in (0, 2):
        groups: dict[int, list[int]] = {}
        for i, w in enumerate(words):
            if re.fullmatch(r"\d{1,2}", w[4]):
                groups.setdefault(round(w[edge] / 3), []).append(i)
        for idx in groups.values():
            nums = [int(words[i][4]) for i in sorted(idx, key=lambda i: words[i][1])]
            steps = sum(b == a + 1 for a, b in zip(nums, nums[1:], strict=False))
            members = set(idx)
            others = [w[0] for j, w in enumerate(words) if j not in members]
            right = max(words[i][2] for i in idx)
            if len(idx) >= 10 and steps >= 0.9 * (len(nums) - 1) and others \
                    and right + 5 < min(others):
                out |= members
    return out


def _rows(words: list[tuple]) -> list[Row]:
    """Words -> visual rows (by vertical centre) -> pieces split at gaps wider than half a line."""
    drop = _line_numbers(words)
    rows: list[list[tuple]] = []
    for w in sorted((w for i, w in enumerate(words) if i not in drop),
                    key=lambda w: (w[1] + w[3]) / 2):
        yc, h = (w[1] + w[3]) / 2, w[3] - w[1]
        if rows:
            first = rows[-1][0]
            if abs((first[1] + first[3]) / 2 - yc) <= 0.4 * max(h, first[3] - first[1]):
                rows[-1].append(w)
                continue
        rows.append([w])
    return [Row(_pieces(sorted(r, key=lambda w: w[0]))) for r in rows]


def _pieces(words: list[tuple]) -> list[Piece]:
    pieces: list[Piece] = []
    for w in words:
        last = pieces[-1] if pieces else None
        gap = w[0] - last.x1 if last else 0.0
        if last and (gap <= 0.5 * (w[3] - w[1]) or last.text in ("$", "-$")):
            sep = "" if last.text in ("$", "-$") else " "
            pieces[-1] = Piece(last.x0, min(last.y0, w[1]), w[2], max(last.y1, w[3]),
                               last.text + sep + w[4])
        else:
            pieces.append(Piece(w[0], w[1], w[2], w[3], w[4]))
    return pieces


def _body(r: Row) -> bool:
    """A row of pay: two or more amounts, or one amount among zeros and dashes."""
    amounts = r.amounts()
    return amounts >= 2 or amounts == 1 and sum(p.text in _NIL for p in r.pieces) >= 1


def _body_runs(rows: list[Row]) -> list[tuple[int, int]]:
    """(first, last+1) of each run of consecutive pay rows."""
    runs, start = [], None
    for i, r in enumerate([*rows, Row([Piece(0, 0, 0, 0, "")])]):
        if _body(r):
            start = i if start is None else start
        elif start is not None:
            if i - start >= MIN_BODY_ROWS:
                runs.append((start, i))
            start = None
    return runs


def _columns(body: list[Row]) -> list[list[float]]:
    """x-extents of the body's columns: piece extents merged where they overlap."""
    spans = sorted([p.x0, p.x1] for r in body for p in r.pieces)
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 < cols[-1][1] - 0.5:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    return cols


def _col_of(p: Piece, cols: list[list[float]]) -> int:
    best = max(range(len(cols)), key=lambda j: min(p.x1, cols[j][1]) - max(p.x0, cols[j][0]))
    return best


def _grid(body: list[Row], cols: list[list[float]]) -> list[list[str]]:
    grid = []
    for r in body:
        cells = [""] * len(cols)
        for p in r.pieces:
            j = _col_of(p, cols)
            cells[j] = f"{cells[j]} {p.text}".strip()
        grid.append(cells)
    return grid


def _kinds(grid: list[list[str]]) -> list[str]:
    """Each column as 'amount' (pay), 'id' (plain integers of 3+ digits: pay, or class numbers
    when text follows), 'text' (letters) or 'label' (small numbers: steps). Zeros and dashes
    (no rate in this cell) do not count."""
    kinds = []
    for j in range(len(grid[0])):
        vals = [row[j] for row in grid if row[j] and row[j] not in _NIL]
        n = len(vals) or 1
        letters = sum(bool(_LETTER.search(v)) for v in vals) / n
        amounts = sum(bool(_AMOUNT.match(v)) for v in vals) / n
        plain = all(_ID.match(v) for v in vals)
        kinds.append("text" if letters >= 0.5 else "label" if amounts < 0.25 or not vals
                     else "id" if plain else "amount")
    return kinds


def _split(kinds: list[str], cols: list[list[float]], above: list[Row]) -> list[tuple[int, int, int]]:
    """(first column, first pay column, end) of each table printed side by side: a label
    column after pay columns starts a new table when it is text or has a printed header."""
    def headed(j: int) -> bool:
        return any(_LETTER.search(p.text) for r in above[-2:] for p in r.within(*cols[j]))

    starts = [0]
    for j in range(1, len(kinds)):
        before = kinds[starts[-1]:j]
        paid = "amount" in before or kinds[j - 1] == "id" and before[0] in ("text", "label")
        if kinds[j] in ("text", "label") and paid and (kinds[j] == "text" or headed(j)):
            starts.append(j)
    parts = []
    for a, c in zip(starts, [*starts[1:], len(kinds)], strict=True):
        b = next((j for j in range(a, c) if kinds[j] == "amount"), c)
        stub = max((j + 1 for j in range(a, b) if kinds[j] in ("text", "label")), default=a)
        if c - stub >= 1:
            parts.append((a, stub, c))
    return parts


def _caption(r: Row, span: tuple[float, float], others: list[tuple[float, float]]) -> bool:
    """A row above the body that titles the table rather than naming its columns: a title word
    (Appendix, Schedule, Effective...), a date range alone on its row, prose, or text running
    over a table printed beside this one."""
    pieces = r.within(*span)
    text = " ".join(p.text for p in pieces)
    spills = any(p.x1 > a and p.x0 < b for p in pieces for a, b in others)
    dated = len(pieces) == 1 and bool(_DATED.search(text))
    return (not pieces or spills or _prose(pieces) or bool(_CAPTION.search(text)) or dated
            or _body(r))


def _prose(pieces: list[Piece]) -> bool:
    """A sentence of the contract, not a caption: one run of five or more words ending a
    sentence."""
    text = pieces[0].text if len(pieces) == 1 else ""
    return len(text.split()) >= 5 and bool(_PROSE_END.search(text))


def _header_rows(rows: list[Row], first: int, span, others) -> tuple[list[Row], int]:
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


def _title(rows: list[Row], i: int, span: tuple[float, float], top: float) -> str:
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
        if _body(r) or _prose(pieces) or below - r.y1 > 2.5 * r.height:
            break
        lines.insert(0, text)
        below, i = r.y0, i - 1
    return _clean(" ".join(lines)).rstrip(" .:;,")


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
            return _clean(m.group(m.lastindex or 0))
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


def _col_headers(header: list[Row], cols: list[list[float]], part: tuple[int, int, int]) -> list[str]:
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
    return _clean(out)


def _cells(body_grid: list[list[str]], heads: list[str], part: tuple[int, int, int],
           title: str, page: int) -> list[TableCell]:
    a, stub, c = part
    effective = effective_of(title)
    cells = []
    for row in body_grid:
        names = [f"{heads[j - a]} {row[j]}".strip() if row[j] else "" for j in range(a, stub)]
        row_header = ", ".join(n for n in names if n)
        for j in range(stub, c):
            if row[j]:
                cells.append(TableCell(title, row_header, heads[j - a], _clean(row[j]), page,
                                       effective))
    return cells


def _bbox(rows: list[Row], span: tuple[float, float]) -> tuple[float, float, float, float]:
    pieces = [p for r in rows for p in r.within(*span)]
    return (min(p.x0 for p in pieces), min(p.y0 for p in pieces),
            max(p.x1 for p in pieces), max(p.y1 for p in pieces))


def tables_in_words(words: list[tuple], page_no: int) -> list[Table]:
    """The tables in a page's words ((x0, y0, x1, y1, text, ...) tuples, as PyMuPDF gives)."""
    if sum(bool(_AMOUNT.match(w[4])) for w in words) < MIN_AMOUNTS:
        return []
    rows = _rows(words)
    tables: list[Table] = []
    for first, end in _body_runs(rows):
        body = rows[first:end]
        cols = _columns(body)
        grid = _grid(body, cols)
        kinds = _kinds(grid)
        above = rows[max(0, first - 2):first]
        parts = _split(kinds, cols, above)
        spans = [(cols[a][0] - 2, cols[c - 1][1] + 2) for a, _, c in parts]
        for k, part in enumerate(parts):
            others = spans[:k] + spans[k + 1:]
            header, i = _header_rows(rows, first, spans[k], others)
            top = header[0].y0 if header else body[0].y0
            title = _title(rows, i, spans[k], top)
            heads = _col_headers(header, cols, part)
            cells = _cells(grid, heads, part, title, page_no)
            if cells:
                tables.append(Table(_bbox(header + body, spans[k]), title, tuple(cells)))
    return tables


def read_tables(page, page_no: int) -> list[Table]:
    """The pay tables on a PyMuPDF page (1-based `page_no`)."""
    return tables_in_words(page.get_text("words"), page_no)


def located(text: str, page_starts: tuple[int, ...], cells: list[TableCell]) -> tuple[TableCell, ...]:
    """Cells with the offsets of their lines in the document text (searched from their page)."""
    out = []
    for cell in cells:
        start = page_starts[cell.page - 1] if cell.page and cell.page <= len(page_starts) else 0
        at = text.find(cell.line, start)
        out.append(replace(cell, char_start=at, char_end=at + len(cell.line)) if at >= 0 else cell)
    return tuple(out)
