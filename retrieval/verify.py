"""Verification: a quote must be verbatim source text (the numbers an answer states are checked
against its quotes with text.numbers_in). Whatever fails is dropped, never shown."""

from __future__ import annotations

import re

_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    return _WS.sub(" ", text).strip()


def locate(quote: str, source: str) -> tuple[int, int] | None:
    """Where `quote` occurs in `source`, comparing with whitespace runs collapsed; None if not."""
    q = squash(quote)
    if not q:
        return None
    positions: list[int] = []  # index in source of each char of the squashed source
    chars: list[str] = []
    prev_space = True
    for i, ch in enumerate(source):
        if ch.isspace():
            if not prev_space:
                positions.append(i)
                chars.append(" ")
            prev_space = True
        else:
            positions.append(i)
            chars.append(ch)
            prev_space = False
    at = "".join(chars).find(q)
    if at < 0:
        return None
    return positions[at], positions[at + len(q) - 1] + 1
