"""Dates as documents print them ("July 1, 2021", "the 1st day of July, 2021", "7/16/2008",
"30 de junio de 2026", "2026-04-24"), read into ISO yyyy-mm-dd, and contract terms built from
them ("effective September 1, 2021 through August 31, 2024")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_EN = ("january february march april may june july august september october november "
       "december").split()
_ES = ("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
       "diciembre").split()
_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
         "sept": 9, "oct": 10, "nov": 11, "dec": 12}
MONTHS = {**{m: i + 1 for i, m in enumerate(_EN)}, **{m: i + 1 for i, m in enumerate(_ES)},
          **_ABBR, "setiembre": 9}
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_RXS = (
    re.compile(r"(?<![\w-])" + _YEAR + r"-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?!\w)"),
    re.compile(r"\b" + _MON + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.IGNORECASE),
    re.compile(r"\b" + _DAY + r"\s+day\s+of\s+" + _MON + r",?\s+" + _YEAR + r"\b", re.IGNORECASE),
    re.compile(r"\b" + _DAY + r"\s+(?:de\s+)?" + _MON + r",?\s+(?:de\s+|del\s+)?" + _YEAR + r"\b",
               re.IGNORECASE),
    re.compile(r"(?<![\w/.])(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>(?:19|20)?\d\d)(?![\w/])"),
)
YEAR_RANGE = re.compile(r"(?<![\w/-])((?:19|20)\d\d)\s*(?:-|–|—|to|through)\s*((?:19|20)?\d\d)"
                        r"(?![\w/-])")


@dataclass(frozen=True)
class Found:
    """A date printed in the text: where it is and what day it names."""

    start: int
    end: int
    iso: str


def _iso(m: re.Match[str]) -> str:
    g = m.groupdict()
    try:
        if g.get("mon"):
            d = date(int(g["year"]), MONTHS[g["mon"].lower()], int(g["day"]))
        elif g.get("y"):
            year = int(g["y"]) + (2000 if len(g["y"]) == 2 and int(g["y"]) < 70 else
                                  1900 if len(g["y"]) == 2 else 0)
            d = date(year, int(g["m"]), int(g["d"]))
        else:
            d = date(int(g["year"]), int(g["m"]), int(g["d"]))
    except (ValueError, KeyError):
        return ""
    return d.isoformat()


def dates_in(text: str) -> list[Found]:
    """Every date printed in the text, in reading order (overlapping readings dropped)."""
    found = []
    for rx in _DATE_RXS:
        for m in rx.finditer(text):
            iso = _iso(m)
            if iso:
                found.append(Found(m.start(), m.end(), iso))
    found.sort(key=lambda f: (f.start, -f.end))
    out: list[Found] = []
    for f in found:
        if not out or f.start >= out[-1].end:
            out.append(f)
    return out


def find_date(text: str) -> str:
    """The first date in the text as ISO (yyyy-mm-dd), or ""."""
    found = dates_in(text)
    return found[0].iso if found else ""


def years_apart(a: str, b: str) -> float:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days / 365.25


# Between the two dates of a term: "through", "to", "until", a dash, or a clause that goes on
# to the end ("and shall continue in full force and effect until").
_LINK = re.compile(r"^[\s,]*(?:(?:and\s+)?(?:shall|will)?\s*(?:continue|remain)[^.;]{0,60}?)?"
                   r"(?:through|thru|to and including|to|until|till|ending|and ending on|"
                   r"al|hasta(?: el)?|-|–|—)\s*(?:and including\s*)?$", re.IGNORECASE)
_TERM_WORDS = re.compile(r"agreement|contract|term|effect|duration|convenio|contrato|vigencia",
                         re.IGNORECASE)
_END_RX = re.compile(r"(?:expir\w*(?:\s+on|\s+at\s+midnight[^.;]{0,20}?)?|terminat\w*(?:\s+on)?|"
                     r"(?:remain|continue)s?\s+in\s+(?:full\s+)?(?:force|effect)[^.;]{0,60}?"
                     r"(?:through|until|to)(?:\s+and\s+including)?|"
                     r"effective\s+(?:through|until))\s*$", re.IGNORECASE)


def term_pairs(text: str) -> list[tuple[int, str, str]]:
    """(score, start, end) of every "date through date" span of half a year to six years; the
    score counts term words (agreement, effect, duration) just before it."""
    found = dates_in(text)
    out = []
    for a, b in zip(found, found[1:], strict=False):
        gap = text[a.end:b.start]
        if len(gap) > 90 or not _LINK.match(gap) or not 0.4 <= years_apart(a.iso, b.iso) <= 6.5:
            continue
        before = text[max(0, a.start - 160):a.start]
        out.append((len(_TERM_WORDS.findall(before)) + 1, a.iso, b.iso))
    return out


def term_ends(text: str) -> list[Found]:
    """Dates an agreement says it runs to ("shall expire on June 30, 2010", "Effective through
    June 30, 2022")."""
    return [f for f in dates_in(text) if _END_RX.search(text[max(0, f.start - 90):f.start])
            and _TERM_WORDS.search(text[max(0, f.start - 250):f.start])]
