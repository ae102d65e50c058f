"""An HTML table of lists (a bulletin's "Union | Management" columns of article names) read as
one labelled line per column, so each side's list stays whole and says whose it is."""

from __future__ import annotations

import re

LIST_CELL_WORDS = 10  # a longer cell is prose or a record: the table is read row by row


def _cells(row) -> list[str]:
    return [" ".join(c.text_content().split()) for c in row if c.tag in ("td", "th")]


def list_table(table) -> list[str] | None:
    """"Union: Discipline; Grievance Procedure; Layoff" for each column of a table whose
    first row names its columns and whose other cells are short names; None for any other
    table (a pay table, one column), which is read as it is laid out. (The loader never
    asks about a table holding redline marks.)"""
    rows = [_cells(r) for r in table.iter("tr")]
    rows = [r for r in rows if any(r)]
    if len(rows) < 3 or len(rows[0]) < 2 or not all(rows[0]):
        return None
    head, body = rows[0], rows[1:]
    cells = [c for r in body for c in r if c]
    if any(len(r) > len(head) for r in body) or not cells or any(
            len(c.split()) > LIST_CELL_WORDS or re.search(r"\d", c) for c in cells):
        return None
    columns = [[r[i] for r in body if i < len(r) and r[i]] for i in range(len(head))]
    return [f"{name.rstrip(':')}: {'; '.join(items)}" for name, items in zip(head, columns, strict=True)
            if items]
