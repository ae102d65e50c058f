"""Windows of a long clause: split where its own structure breaks (a lettered sub-item, a
report's heading or list lead-in), else at a paragraph, line, sentence or word."""

from __future__ import annotations

import re

from store.text import title_like


def trim(text: str, a: int, b: int) -> tuple[int, int]:
    """(a, b) with the whitespace at either end left out."""
    while a < b and text[a] in " \t\n\f":
        a += 1
    while b > a and text[b - 1] in " \t\n\f":
        b -= 1
    return a, b


def _break_at(text: str, lo: int, hi: int, preferred: list[int]) -> tuple[int, bool]:
    """Best split point in (lo, hi]; True when it is a structural break (no overlap needed)."""
    structural = [p for p in preferred if lo < p <= hi]
    if structural:
        return structural[-1], True
    for sep, is_struct in (("\n\n", True), ("\n", True), (". ", False), ("; ", False), (" ", False)):
        i = text.rfind(sep, lo, hi)
        if i > lo:
            return i + len(sep), is_struct
    return hi, False


def split_span(text: str, a: int, b: int, max_chars: int, overlap: int,
               preferred: list[int] | None = None) -> list[tuple[int, int]]:
    """Windows of at most max_chars over text[a:b], split at structure first, then words."""
    windows: list[tuple[int, int]] = []
    pos = a
    while pos < b:
        if b - pos <= max_chars:
            windows.append(trim(text, pos, b))
            break
        cut, structural = _break_at(text, pos + max_chars // 2, pos + max_chars, preferred or [])
        windows.append(trim(text, pos, cut))
        nxt = cut if structural else max(cut - overlap, pos + 1)
        if not structural:
            sp = text.find(" ", nxt, cut)
            nxt = sp + 1 if sp >= 0 else nxt
        pos = trim(text, nxt, b)[0]
    return [w for w in windows if w[1] > w[0]]


_LINE = re.compile(r"(?m)^[^\S\n]*(\S[^\n]*)$")


# a table read by its columns: "Management: Academic Year Positions; Computer Workstations"
_COLUMNS = re.compile(r"\n\n[A-Z][\w ()/&'-]{0,40}: [^\n;]+;")


def _captions(text: str, line: re.Match, b: int) -> bool:
    """Is the line a caption (no closing stop) over a table read by its columns ("Proposals
    from both sides were shared at a closed session June 18th")? It says what the table is."""
    words = line.group(1).rstrip()
    return (len(words.split()) <= 20 and not words.endswith((".", "!", "?", ";", ",", ":"))
            and bool(_COLUMNS.match(text, line.end(), b)))


def lead_ins(text: str, a: int, b: int) -> list[int]:
    """Where a report's own topics start inside text[a:b]: a heading line after a blank line
    ("Bargaining Update") or a lead-in line ending in ":" ("Union economic package
    proposal:"), so a window begins with the words that say what its list is about."""
    out: list[int] = []
    last_end = a
    for m in _LINE.finditer(text, a, b):
        line = m.group(1).rstrip()
        blank_before = text[max(a, m.start() - 2):m.start()].count("\n") == 2
        lead = line.endswith(":") and len(line.split()) <= 20 or _captions(text, m, b)
        if m.start() > a and (lead or blank_before and title_like(line)
                              and not line.endswith(".")):
            if text[last_end:m.start()].strip():  # a heading's own lead-in stays with it
                out.append(m.start())
            last_end = m.end()
    return out
