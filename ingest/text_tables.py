"""Pay tables in plain text: a contract kept as .txt or Markdown lays its salary schedules out
with spaces (or pipes). They are read by the same grid reader as a PDF page's words
(ingest/tables.py), each character column standing for a position on the page, and the table's
lines are replaced by one line per cell ("SR 32, Step 10: 11,309 — SALARY SCHEDULE AS OF
FEBRUARY 1, 2026."), so a member's "range 32, top step" finds the cell, not a row of figures.
"""

from __future__ import annotations

import re

from store.records import TableCell

from .table_grid import AMOUNT
from .tables import Table, tables_in_words

CHAR_W, LINE_H, ROW_H = 4.0, 10.0, 12.0  # one space joins words (< half a line), two split them
_WORD = re.compile(r"[^\s|]+")
_MARKUP = re.compile(r"<\s*/?\s*(?:u|s|del|ins|strike)\b", re.IGNORECASE)  # redline tags


def _words(lines: list[str]) -> list[tuple]:
    """Each line's words as (x0, y0, x1, y1, text), positioned by character column."""
    out = []
    for n, line in enumerate(lines):
        for m in _WORD.finditer(line.expandtabs(8)):
            out.append((m.start() * CHAR_W, n * ROW_H, m.end() * CHAR_W, n * ROW_H + LINE_H,
                        m.group()))
    return out


_FRAGMENT = re.compile(r"^\$?\d[\d,]*[.,]?$")  # a figure in a header: columns ran together


def _clean(table: Table) -> bool:
    """Read only when every cell is named by a row and a column whose headers hold no
    figures or dot leaders, no row header runs on like wrapped prose, and no amount is a
    zero-padded code ("033"): else the text stays as it was."""
    for c in table.cells:
        if not (c.row_header and c.col_header) or re.match(r"\$?0\d", c.value) \
                or len(c.row_header) > 80 or ".." in c.row_header + c.col_header:
            return False
        heads = f"{c.row_header} {c.col_header}".replace(",", " ").split()
        if any(AMOUNT.match(w) or (_FRAGMENT.match(w) and len(w) > 2) for w in heads):
            return False
    return True


def _line_range(table: Table) -> tuple[int, int]:
    """The lines a table's header and body rows take (first, last)."""
    return round(table.bbox[1] / ROW_H), round((table.bbox[3] - LINE_H) / ROW_H)


def _page_tables(page: str, page_no: int | None, prev: Table | None
                 ) -> tuple[str, list[TableCell], Table | None]:
    """One page with its tables' lines replaced by their cells; the cells; its last table."""
    if _MARKUP.search(page):  # struck and inserted amounts must stay as marked
        return page, [], prev
    lines = page.split("\n")
    tables = [t for t in tables_in_words(_words(lines), page_no, prev) if _clean(t)]
    if not tables:
        return page, [], prev
    groups: list[tuple[int, int, list[Table]]] = []  # tables printed side by side share lines
    for t in sorted(tables, key=lambda t: _line_range(t)):
        a, b = _line_range(t)
        if groups and a <= groups[-1][1]:
            groups[-1] = (groups[-1][0], max(b, groups[-1][1]), groups[-1][2] + [t])
        else:
            groups.append((a, b, [t]))
    cells: list[TableCell] = []
    for a, b, group in reversed(groups):
        group_cells = [c for t in group for c in t.cells]
        lines[a:b + 1] = [c.line for c in group_cells]
        cells[:0] = group_cells
    return "\n".join(lines), cells, tables[-1]


def read_text_tables(text: str) -> tuple[str, list[TableCell]]:
    """`text` with its pay tables as cell lines, and the cells (pages split by form feeds)."""
    pages = text.split("\f")
    out, cells, prev = [], [], None
    for n, page in enumerate(pages, 1):
        page, found, prev = _page_tables(page, n if len(pages) > 1 else None, prev)
        out.append(page)
        cells += found
    return "\f".join(out), cells
