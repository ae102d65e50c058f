"""Verification: a quote must be verbatim source text, and every number an answer states must
be in a quote it cites. Whatever fails is dropped, never shown."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_WS = re.compile(r"\s+")
_MARKER = re.compile(r"\[(\d{1,2})\]")
_NUM = re.compile(r"\d+(?:\.\d+){2,}|\$\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?%?|(?<![\w.])\.\d+")
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "thousand": 1000, "million": 1000000, "half": 0.5,
}
_WORD_RX = re.compile(r"\b(" + "|".join(_WORDS) + r")\b", re.IGNORECASE)


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


def _canon(token: str) -> str:
    """Exact canonical digits: '$3,000.00' -> '3000', '.50' -> '0.5', '52,345.67' stays exact."""
    t = token.replace("$", "").replace(",", "").replace(" ", "").rstrip("%")
    if re.fullmatch(r"\d+\.\d+(\.\d+)+", t):
        return t  # a section number: 12.7.5
    try:
        value = Decimal(t)
    except InvalidOperation:
        return t
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def numbers_in(text: str) -> set[str]:
    """Every number stated in text, canonical: '$3,000.00' -> '3000', 'sixty' -> '60'."""
    text = _MARKER.sub(" ", text)
    found = {_canon(m.group(0)) for m in _NUM.finditer(text)}
    found |= {_canon(str(_WORDS[m.group(1).lower()])) for m in _WORD_RX.finditer(text)}
    return {f for f in found if f}


def split_sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“(\[])|\n+", text.strip())
    return [p.strip() for p in parts if p.strip()]


def markers_in(text: str) -> list[int]:
    return [int(m) for m in _MARKER.findall(text)]
