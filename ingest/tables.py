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
6. the title: the caption lines above the header rows; the effective date read from it;
7. a table with no header at all after one of the same shape on the page before continues it
   (same headers and title); a grid whose cells run together (two amounts in a cell, money in
   a row header) is left as flattened text rather than read wrong.

The grid is ingest/table_grid.py, the headers and title ingest/table_heads.py.

`read_tables(page, page_no)` returns the tables of one page; `TableCell.line` is the text a
cell is stored and cited as.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from store.records import TableCell

from .table_grid import (
    AMOUNT,
    Row,
    body_runs,
    clean,
    column_kinds,
    columns,
    grid_of,
    rows_of,
    split_parts,
)
from .table_heads import col_headers, effective_of, header_rows, title_above

__all__ = ["Table", "effective_of", "located", "read_tables", "tables_in_words"]

MIN_AMOUNTS = 6  # a page with fewer amounts holds no pay table
_MONEY = re.compile(r"^\$?\d{1,3}(?:,\d{3})+(?:\.\d\d)?$|^\$\d+(?:\.\d\d)?$")


@dataclass(frozen=True)
class Table:
    """One table read from a page: where it is and its cells."""

    bbox: tuple[float, float, float, float]  # the body and header rows (the title stays text)
    title: str
    cells: tuple[TableCell, ...]
    heads: tuple[str, ...] = ()  # every column's header, stub columns first
    stub: int = 0  # how many columns are row headers


def _cells(body_grid: list[list[str]], heads: list[str], part: tuple[int, int, int],
           title: str, page: int | None) -> list[TableCell]:
    a, stub, c = part
    effective = effective_of(title)
    cells = []
    for row in body_grid:
        names = [f"{heads[j - a]} {row[j]}".strip() if row[j] else "" for j in range(a, stub)]
        row_header = ", ".join(n for n in names if n)
        for j in range(stub, c):
            if row[j]:
                cells.append(TableCell(title, row_header, heads[j - a], clean(row[j]), page,
                                       effective))
    return cells


def _bbox(rows: list[Row], span: tuple[float, float]) -> tuple[float, float, float, float]:
    pieces = [p for r in rows for p in r.within(*span)]
    return (min(p.x0 for p in pieces), min(p.y0 for p in pieces),
            max(p.x1 for p in pieces), max(p.y1 for p in pieces))


def _malformed(grid: list[list[str]], part: tuple[int, int, int], heads: list[str]) -> bool:
    """Rows or columns ran together: a cell holding two amounts, a row header holding money,
    or a column header holding two amounts."""
    a, stub, c = part
    cells = any(_money(row[j]) >= 2 or j < stub and _money(row[j]) for row in grid
                for j in range(a, c))
    return cells or any(_money(h) >= 2 for h in heads)


def _money(text: str) -> int:
    return sum(bool(_MONEY.match(t)) for t in text.split())


def _continued(heads: list[str], title: str, part, prev: Table | None) -> tuple[list[str], str]:
    """A table with no header at all, after a table of the same shape on the page before, is
    that table continued: it takes its headers and title."""
    a, stub, c = part
    if prev is None or any(heads) or title:
        return heads, title
    if len(prev.heads) == c - a and prev.stub == stub - a:
        return list(prev.heads), prev.title
    if stub == a and len(prev.heads) - prev.stub == c - a:  # the row headers were not printed
        return list(prev.heads[prev.stub:]), prev.title
    return heads, title


def tables_in_words(words: list[tuple], page_no: int | None, prev: Table | None = None) -> list[Table]:
    """The tables in a page's words ((x0, y0, x1, y1, text, ...) tuples, as PyMuPDF gives);
    `prev`: the last table of the page before (a table continued here takes its headers)."""
    if sum(bool(AMOUNT.match(w[4])) for w in words) < MIN_AMOUNTS:
        return []
    rows = rows_of(words)
    tables: list[Table] = []
    for first, end in body_runs(rows):
        body = rows[first:end]
        cols = columns(body)
        grid = grid_of(body, cols)
        parts = split_parts(column_kinds(grid), cols, rows[max(0, first - 2):first])
        spans = [(cols[a][0] - 2, cols[c - 1][1] + 2) for a, _, c in parts]
        for k, part in enumerate(parts):
            header, i = header_rows(rows, first, spans[k], spans[:k] + spans[k + 1:])
            title = title_above(rows, i, spans[k], header[0].y0 if header else body[0].y0)
            heads = col_headers(header, cols, part)
            if _malformed(grid, part, heads):
                continue  # its flattened text stays as it was
            heads, title = _continued(heads, title, part, prev)
            cells = _cells(grid, heads, part, title, page_no)
            if cells:
                tables.append(Table(_bbox(header + body, spans[k]), title, tuple(cells),
                                    tuple(heads), part[1] - part[0]))
    return tables


def read_tables(page, page_no: int, prev: Table | None = None) -> list[Table]:
    """The pay tables on a PyMuPDF page (1-based `page_no`; `prev` as in tables_in_words)."""
    return tables_in_words(page.get_text("words"), page_no, prev)


def located(text: str, page_starts: tuple[int, ...], cells: list[TableCell]) -> tuple[TableCell, ...]:
    """Cells with the offsets of their lines in the document text, each searched from its page
    start or just after the cell before it (two cells may read alike)."""
    out: list[TableCell] = []
    for cell in cells:
        start = page_starts[cell.page - 1] if cell.page and cell.page <= len(page_starts) else 0
        if out and out[-1].page == cell.page and out[-1].char_end > start:
            start = out[-1].char_end
        at = text.find(cell.line, start)
        out.append(replace(cell, char_start=at, char_end=at + len(cell.line)) if at >= 0 else cell)
    return tuple(out)
