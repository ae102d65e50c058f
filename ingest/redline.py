"""Redlines: tell struck language from live language, clause by clause.

Loaders mark insertions and deletions (tracked changes, underline/strike formatting, drawn
lines, <u>/<s> tags). This module cleans those marks up (an underlined heading is a heading,
not an insertion) and turns a span of marked text into a Redline: `current` (what the
document proposes), `marked` ([+added+] / [-deleted-]) and the list of changes.
"""

from __future__ import annotations

import difflib
import re

from store.records import Change, Move, Redline
from store.text import title_like

from .marked import KEEP, MarkedText

_NUMBER_PREFIX = re.compile(
    r"^[ \t]*(?:[-\u2022][ \t]+)?(?:\d{1,3}(?:\.[ ]?-?\d{1,3})*\.?|[IVX]+\.|[A-Z]\.)?[ \t]*")
_MOVE_RX = re.compile(
    r"\[\s*moved\s+(from|to)\s+(?:section\s+|article\s+|sec\.\s*)?([0-9][0-9A-Za-z.()\-]*?)\.?\s*\]",
    re.IGNORECASE,
)


def demote_heading_underlines(mt: MarkedText) -> MarkedText:
    """An underlined heading is formatting, not an insertion: re-mark it as kept text.

    Only formatting underlines are demoted (a tracked w:ins / <ins> is always an insertion).
    The underlined text must open the line (after an optional section number), and the whole
    line must read like a heading rather than a sentence.
    """
    if mt.is_plain:
        return mt
    text = mt.text
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        runs = [r for r in mt.runs(start, end) if r[2].kind == "insert" and r[2].source != "tracked"]
        if not runs or not title_like(line.strip()):
            continue
        lead = _NUMBER_PREFIX.match(line).end()
        first = runs[0][0]
        if text[start + lead : first].strip() and text[start:first].strip():
            continue  # plain words before the underline: an inline insertion
        for a, b, _ in runs:
            mt = mt.remark(a, b, KEEP)
    return mt


def absorb_spaces(mt: MarkedText) -> MarkedText:
    """`paid in [-two-] [+equal+]` would leave two spaces in the live text: the space after a
    deletion that sits between two spaces is deleted with it."""
    if mt.is_plain:
        return mt
    text = mt.text
    for a, b, mark in list(mt.runs()):
        if (mark.kind == "delete" and a > 0 and b < len(text) and text[a - 1] in " \t"
                and text[b] in " \t" and mt.mark_at(b).kind != "delete"):
            mt = mt.remark(b, b + 1, mark)
    return mt


def redline_of(mt: MarkedText, start: int, end: int) -> Redline:
    """The Redline of [start, end): live text, marked text, and the changes in order."""
    current: list[str] = []
    marked: list[str] = []
    changes: list[Change] = []
    for a, b, mark in mt.runs(start, end):
        piece = mt.text[a:b].replace("\f", "\n")
        if mark.kind == "keep":
            current.append(piece)
            marked.append(piece)
            continue
        if mark.kind == "insert":
            current.append(piece)
        if not piece.strip():
            marked.append(piece if mark.kind == "insert" else "")
            continue
        lead = piece[: len(piece) - len(piece.lstrip())]
        trail = piece[len(piece.rstrip()) :]
        sign = "+" if mark.kind == "insert" else "-"
        marked.append(f"{lead}[{sign}{piece.strip()}{sign}]{trail}")
        changes.append(Change(mark.kind, piece.strip(), mark.color))
    return Redline("".join(current), "".join(marked), tuple(changes))


def moves_in(text: str) -> tuple[Move, ...]:
    """`[Moved from 12.2.1.8]` / `[Moved to 12.2.1]` notes in a clause."""
    return tuple(Move(m.group(1).lower(), m.group(2).rstrip(".")) for m in _MOVE_RX.finditer(text))


_NUMBER_AND_NOTES = re.compile(r"^\S+\s+|\s*\[\s*moved\s+(?:from|to)[^\]]*\]", re.IGNORECASE)


def inferred_changes(moved: str, source: str) -> tuple[Change, ...]:
    """Words a moved clause has that the clause it came from does not: in a lossy redline
    this is the only trace of what was added (the struck words are still run in)."""
    new = _NUMBER_AND_NOTES.sub(" ", moved).split()
    old = _NUMBER_AND_NOTES.sub(" ", source).split()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    if matcher.ratio() < 0.5:  # too different to be the same clause moved
        return ()
    return tuple(Change("insert", " ".join(new[j1:j2]), None, True)
                 for op, _, _, j1, j2 in matcher.get_opcodes() if op in ("insert", "replace"))


# What a redline whose strikethrough was lost leaves in its text: the drafter's move notes, and
# an old and a new amount run together ("fifty dollar ($50.00) one hundred fifteen dollar
# ($115.00)", "June 30, 2013 2016").
_DAMAGE = re.compile(
    r"\[\s*moved\s+(?:from|to)\b|\(\$[\d,.]+\)\s+(?:[a-z]+[ -]){1,6}(?:dollars?\s+)?\(\$[\d,.]+\)|"
    r"\b[A-Z][a-z]+\s+\d{1,2},\s+(?:19|20)\d\d\s+(?:19|20)\d\d\b", re.IGNORECASE)


def is_lossy(mt: MarkedText) -> bool:
    """A redline whose deletions were lost: insertions are marked, nothing is struck, and the
    text shows the damage (move notes, old and new amounts run together). Underlined words in
    a clean contract are emphasis, not a redline: no caveat for them."""
    kinds = {m.kind for _, _, m in mt.runs()} if not mt.is_plain else set()
    return "insert" in kinds and "delete" not in kinds and bool(_DAMAGE.search(mt.text))
