"""Amounts in contract drafting style: "three thousand five hundred dollars ($3,500)", "five
percent (5%)", "ninety (90) days".

Finds the quantities a text states (money, percentages, counts of days, hours, months …, in
words, figures or both), tells a floor or a cap from its words ("not less than", "not to
exceed"), and writes amounts the way the contract writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .text import NUMBER_WORDS, number_from_words, words

UNIT = (r"(?:(?:working|calendar|school|work|business|duty|consecutive)\s+)?"
        r"(?:days?|hours?|weeks?|months?|years?|minutes?|shifts?)")
_WORD = "(?:" + "|".join(w for w in NUMBER_WORDS if w != "half") + ")"
_WORDS = rf"\b{_WORD}(?:[\s-]+(?:and[\s-]+)?{_WORD})*\b"
_FIG = r"\d[\d,]*(?:\.\d+)?|\.\d+"
QUANTITY = re.compile(
    rf"(?:(?P<mw>{_WORDS})[\s-]+dollars?(?:\s*\(\s*\$\s?(?P<mf>{_FIG})\s*\))?"
    rf"|\$\s?(?P<mf2>{_FIG})|(?P<mf3>{_FIG})\s+dollars?\b)"
    rf"|(?:(?P<pw>{_WORDS})\s+per\s?cent\b(?:\s*\(\s*(?P<pf>{_FIG})\s?%\s*\))?"
    rf"|(?P<pf2>{_FIG})\s?(?:%|per\s?cent\b))"
    rf"|(?:(?P<cw>{_WORDS})\s*(?:\(\s*(?P<cf>\d+)\s*\))?|(?P<cf2>\d+(?:\.\d+)?))\s+"
    rf"(?P<unit>{UNIT})\b",
    re.IGNORECASE)
# The words that make an amount a floor or a cap, as contracts and teams write them.
FLOOR_WORDS = (r"(?:(?:no|not|nor|never)\s+(?:less|fewer|lower)\s+than|(?:not|never)\s+below|"
               r"at\s+least|(?:a\s+)?"
               r"floor\s+of|(?:a\s+)?minimum\s+(?:of\s+)?|min\.?)")
CAP_WORDS = (r"(?:(?:not|never)\s+to\s+exceed|(?:no|not|nor|never)\s+(?:more|higher)\s+than|"
             r"(?:not|never)\s+(?:above|over)|(?:a\s+)?cap\s+of|capped\s+at|"
             r"(?:a\s+)?maximum\s+(?:of\s+)?|max\.?|(?<!go\s)(?<!goes\s)(?<!going\s)up\s+to|at\s+most|"
             r"a\s+ceiling\s+of|"
             r"limited\s+to)")


@dataclass(frozen=True)
class Quantity:
    """One amount a text states, where, and in what unit ("$", "%", "days", "hours" …)."""

    start: int
    end: int
    value: Decimal
    unit: str
    text: str


def _unit(m: re.Match) -> str:
    if m.group("mw") or m.group("mf2") or m.group("mf3"):
        return "$"
    if m.group("pw") or m.group("pf2"):
        return "%"
    unit = m.group("unit").lower().split()[-1]
    return unit if unit.endswith("s") else unit + "s"


def _value(m: re.Match) -> Decimal | None:
    figure = next((g for g in ("mf", "mf2", "mf3", "pf", "pf2", "cf", "cf2") if m.group(g)), "")
    try:
        if figure:
            return Decimal(m.group(figure).replace(",", "").rstrip("."))
    except InvalidOperation:
        return None
    said = number_from_words(m.group("mw") or m.group("pw") or m.group("cw") or "")
    return Decimal(said) if said is not None else None


def quantities(text: str) -> list[Quantity]:
    """Every amount `text` states, in order: '$3,500', 'three thousand five hundred dollars
    ($3,500)', 'two percent', '3.5%', 'ninety (90) days', '12 months'."""
    out = []
    for m in QUANTITY.finditer(text):
        value = _value(m)
        if value is not None:
            out.append(Quantity(m.start(), m.end(), value, _unit(m), m.group(0)))
    return out


def slots(text: str, unit: str = "") -> list[Quantity]:
    """The amounts of one unit ("" for any) an edit may replace, with run-together neighbours
    ('fifty dollar ($50.00) one hundred fifteen dollar ($115.00)', the struck and the new
    amount of a lossy redline) as one slot that holds the last value."""
    out: list[Quantity] = []
    for q in quantities(text):
        if unit and q.unit != unit:
            continue
        if out and out[-1].unit == q.unit and not text[out[-1].end:q.start].strip():
            q = Quantity(out[-1].start, q.end, q.value, q.unit, text[out[-1].start:q.end])
            out[-1] = q
        else:
            out.append(q)
    return out


def limit_before(text: str, start: int) -> str:
    """'floor' or 'cap' when the words just before offset `start` make the amount there a
    minimum or a maximum ('not less than $3,500', 'not to exceed twelve (12) months'), else ''."""
    before = text[max(0, start - 40):start]
    for kind, cue in (("floor", FLOOR_WORDS), ("cap", CAP_WORDS)):
        if re.search(rf"\b{cue}\s*(?:of\s+|the\s+)?$", before, re.IGNORECASE):
            return kind
    return ""


def value_of(text: str) -> Decimal | None:
    """The value of an amount phrase or figure ('$3,500.00' -> 3500)."""
    found = quantities(text)
    if found:
        return found[0].value
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


def figure(value: Decimal) -> str:
    """A plain figure: 3500 -> '3,500', 3.50 -> '3.5'."""
    text = f"{value.normalize():,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def phrase(value: Decimal, unit: str, like: str = "") -> str:
    """An amount written as the clause writes its own: '$150.00' beside '$50.00', 'five
    percent (5%)', 'ninety (90) days'. Words and figures unless `like` is figures only."""
    if unit == "$":
        return money(value, like)
    whole = value == value.to_integral_value()
    in_words = whole and (not like or bool(re.search(r"[a-z]{3,}\s*(?:\(|per\s?cent)", like,
                                                     re.IGNORECASE)))
    if unit == "%":
        if in_words:
            return f"{words(int(value))} percent ({figure(value)}%)"
        return f"{figure(value)}%"
    noun = like_unit(like) or unit
    if in_words:
        return f"{words(int(value))} ({figure(value)}) {noun}"
    return f"{figure(value)} {noun}"


def like_unit(like: str) -> str:
    """The unit words of an amount phrase ('twelve (12) working days' -> 'working days')."""
    m = re.search(rf"{UNIT}\s*$", like, re.IGNORECASE)
    return m.group(0) if m else ""


def said(value: Decimal, unit: str) -> str:
    """An amount for a person to read in a note: '$3,500', '3.5%', '90 days'."""
    if unit == "$":
        return money(value, "$")
    return f"{figure(value)}%" if unit == "%" else f"{figure(value)} {unit}".strip()
