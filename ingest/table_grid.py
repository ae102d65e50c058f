"""The grid of a pay table, read from word positions: rows, pieces, pay rows, columns, and
which columns are row headers (see ingest/tables.py for the whole method)."""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_BODY_ROWS = 3
AMOUNT = re.compile(r"^\$?\s?(?:\d{1,3}(?:,\d{3})+|\d{3,})(?:\.\d{1,2})?$|^\$?\s?\d+\.\d\d$|"
                     r"^\$\s?\d+$")
_MONEY = re.compile(r"^\$?\d{1,3}(?:,\d{3})+(?:\.\d\d)?$|^\$\d+(?:\.\d\d)?$")
_NUMBER = re.compile(r"^\$?\d[\d,.]*(?<!,)$")  # a figure not ending in a comma ("0, 1, 2" is one cell)
_ID = re.compile(r"^\d+$")  # a plain integer: a class number, not an amount when beside text
_LETTER = re.compile(r"[A-Za-z]")
NIL = {"0", "-", "\u2013", "\u2014", "$0", "0.00", "$0.00", "N/A", "n/a"}


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
        return bool(AMOUNT.match(self.text))

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


def clean(text: str) -> str:
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


def rows_of(words: list[tuple]) -> list[Row]:
    """Words -> visual rows (by vertical centre) -> pieces split at gaps wider than half a line."""
    words = [w for w in words if w[4].strip()]
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
        two_numbers = last and _NUMBER.match(last.text.rsplit(" ", 1)[-1]) and AMOUNT.match(w[4])
        if last and (gap <= 0.5 * (w[3] - w[1]) and not two_numbers or last.text in ("$", "-$")):
            sep = "" if last.text in ("$", "-$") else " "
            pieces[-1] = Piece(last.x0, min(last.y0, w[1]), w[2], max(last.y1, w[3]),
                               last.text + sep + w[4])
        else:
            pieces.append(Piece(w[0], w[1], w[2], w[3], w[4]))
    return pieces


def body_row(r: Row) -> bool:
    """A row of pay: two or more amounts, or one amount among zeros and dashes."""
    amounts = r.amounts()
    return amounts >= 2 or amounts == 1 and sum(p.text in NIL for p in r.pieces) >= 1


def body_runs(rows: list[Row]) -> list[tuple[int, int]]:
    """(first, last+1) of each run of consecutive pay rows: at least MIN_BODY_ROWS of them, or
    fewer under a row naming each of their amounts' columns (a one-row "Extracurricular Rate"
    table under "Step 9/1/20 9/1/21 9/1/22 9/1/23")."""
    runs, start = [], None
    for i, r in enumerate([*rows, Row([Piece(0, 0, 0, 0, "")])]):
        if body_row(r):
            start = i if start is None else start
        elif start is not None:
            if i - start >= MIN_BODY_ROWS or start and all(
                    _named_columns(rows[start - 1], b) for b in rows[start:i]):
                runs.append((start, i))
            start = None
    return runs


SHORT_TABLE_AMOUNTS = 3  # a table of one or two rows: each states this many amounts or more


def _named_columns(head: Row, body: Row) -> bool:
    """Does `head` (no amounts of its own) hold one label over each amount of `body`?"""
    amounts = [p for p in body.pieces if p.amount]
    if head.amounts() or len(amounts) < SHORT_TABLE_AMOUNTS or len(head.pieces) < len(amounts):
        return False
    over = [[h for h in head.pieces if min(h.x1, p.x1) > max(h.x0, p.x0)] for p in amounts]
    return all(len(o) == 1 for o in over) and len({id(o[0]) for o in over}) == len(amounts)


def columns(body: list[Row]) -> list[list[float]]:
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


def grid_of(body: list[Row], cols: list[list[float]]) -> list[list[str]]:
    grid = []
    for r in body:
        cells = [""] * len(cols)
        for p in r.pieces:
            j = _col_of(p, cols)
            cells[j] = f"{cells[j]} {p.text}".strip()
        grid.append(cells)
    return grid


def column_kinds(grid: list[list[str]]) -> list[str]:
    """Each column as 'amount' (pay), 'id' (plain integers of 3+ digits: pay, or class numbers
    when text follows), 'text' (letters) or 'label' (small numbers: steps). Zeros and dashes
    (no rate in this cell) do not count."""
    kinds = []
    for j in range(len(grid[0])):
        vals = [row[j] for row in grid if row[j] and row[j] not in NIL]
        n = len(vals) or 1
        letters = sum(bool(_LETTER.search(v)) for v in vals) / n
        amounts = sum(bool(AMOUNT.match(v)) for v in vals) / n
        plain = all(_ID.match(v) for v in vals)
        kinds.append("text" if letters >= 0.5 else "label" if amounts < 0.25 or not vals
                     else "id" if plain else "amount")
    return kinds


def split_parts(kinds: list[str], cols: list[list[float]],
                above: list[Row]) -> list[tuple[int, int, int]]:
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
