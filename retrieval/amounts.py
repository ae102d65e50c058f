"""Money in contract drafting style: "three thousand five hundred dollars ($3,500)".

Finds amounts in clause text (words-and-digits phrases, bare $ figures, percentages), reads
what a bargaining goal asks for (a floor, a cap, a new amount), and writes amounts the way the
contract writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .text import DIGITS, numbers_in, words

_FLOOR = re.compile(r"(?i)\b(floor|minimum|at least|no less than|not less than|min\.?)\b")
_CAP = re.compile(r"(?i)\b(cap|ceiling|maximum|at most|no more than|not more than|up to)\b")
_RESTORE = re.compile(r"(?i)\b(restore|reinstate|bring back|keep|retain|revert)\b")


def value_of(text: str) -> Decimal | None:
    """The dollar value of an amount phrase or figure ('$3,500.00' -> 3500)."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    return Decimal(m.group(0).replace(",", "")) if m else None


def money(value: Decimal, like: str = "") -> str:
    """Write `value` in the style of `like`: words and figures when the source uses both,
    cents when the source shows cents."""
    cents = bool(re.search(r"\.\d\d\b", like)) or value != value.to_integral_value()
    figure = f"${value:,.2f}" if cents else f"${int(value):,}"
    if like and not re.search(r"[a-z]", like, re.IGNORECASE):
        return figure
    dollar = "dollar" if re.search(r"(?i)\bdollar\b", like) else "dollars"
    return f"{words(int(value))} {dollar} ({figure})"


@dataclass(frozen=True)
class Goal:
    """What a bargaining team asks for, read from its own words."""

    text: str
    floor: Decimal | None = None
    cap: Decimal | None = None
    amount: Decimal | None = None  # set the clause's amount to this
    restore: bool = False
    numbers: frozenset[str] = frozenset()  # every figure the goal states ("3500", ".02527")


def read_goal(text: str) -> Goal:
    """'restore the .02527 formula and set a floor of $3,500' -> restore, floor 3500."""
    floor = cap = amount = None
    for m in re.finditer(DIGITS, text):
        value = value_of(m.group(0))
        before = text[max(0, m.start() - 40): m.start()]
        if _FLOOR.search(before):
            floor = value
        elif _CAP.search(before):
            cap = value
        else:
            amount = value
    return Goal(text, floor, cap, amount, bool(_RESTORE.search(text)),
                frozenset(numbers_in(text)))
