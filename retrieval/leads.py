"""What a sentence of a clause hangs from: the heading line above it, the lead-in of the list
it is an item of, the sentence a table row of the clause is read with, the labels above a line
of bare figures. Evidence reads each candidate quote with these."""

from __future__ import annotations

import re

from .fit import VERB
from .text import NUMBER_RX


def lead_in(text: str, start: int, items: int = 8) -> str:
    """The short heading line just above a sentence ("On Wages"), or the line a list it is
    an item of hangs from ("Management’s economic package proposal:" above "A step freeze
    …"), if there is one."""
    lines = [x.strip() for x in text[:start].rstrip().split("\n") if x.strip()]
    heads_a_list = text[start:].split("\n", 1)[0].rstrip().endswith(":")
    for n, line in enumerate(reversed(lines)):
        if len(line) <= 60 and not line.endswith((".", ",", ";")):
            return line if n == 0 or line.endswith(":") else _paragraph_heading(text, start)
        if n >= items or len(line) > 300 or heads_a_list:
            break
    return ""


def _paragraph_heading(text: str, start: int) -> str:
    """The heading line a paragraph opens with ("Step 2 (Formal Grievance)\nIf the grievance
    …"), when the sentence at `start` is further into it."""
    para = text.rfind("\n\n", 0, start)
    first = text[para + 2 if para >= 0 else 0:start].lstrip().split("\n", 1)
    line = first[0].strip()
    heading = len(first) > 1 and len(line) <= 60 and not line.endswith((".", ",", ";", ":"))
    return line if heading else ""


def row_opener(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """A table row inside a clause ("Night Shift 10 percent differential", no verb) is read
    with the clause's first sentence ("An employee working at the Stabilization Center will
    …"), when that is a sentence (a table's own first row opens nothing)."""
    row = text[start:end]
    if start == 0 or len(row.split()) > 12 or VERB.search(row):
        return ""
    opener = text[slice(*spans[0])]
    return opener if VERB.search(opener) else ""


_FIGURES_ONLY = re.compile(r"\$?\d[\d,]*(?:\.\d+)?%?(?:\s+\$?\d[\d,]*(?:\.\d+)?%?){0,3}")


def labelled_figures(text: str, spans: list[tuple[int, int]], i: int) -> int:
    """Where a line of bare figures ("$49,375 $114,287") starts as a quote: at the label
    lines above it ("Open Range Schedule", "Minimum Maximum"), which say what the figures are;
    any other sentence starts where it does."""
    a, b = spans[i]
    if not _FIGURES_ONLY.fullmatch(text[a:b]):
        return a
    for j in range(i - 1, max(i - 3, -1), -1):
        label = text[slice(*spans[j])]
        if len(label) > 60 or NUMBER_RX.search(label) or label.endswith((".", ";", ",")):
            break
        a = spans[j][0]
    return a
