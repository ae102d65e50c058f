"""Whose position a bulletin sentence states, and whose a question asks about: "what is
management's latest proposal on steps?" is answered from "Management’s economic package
proposal:" and its list, not from the union's list just above it."""

from __future__ import annotations

import re

UNION, EMPLOYER = "union", "employer"

_UNION = (r"union|(?:our|the union'?s?) (?:\w+ ){0,3}(?:bargaining )?team|bargaining team|"
          r"we|us|seiu(?: 503)?|association|afscme|oea|aft|nea|members|workers|classified staff")
_EMPLOYER = (r"management|manager'?s|employer|district|universit(?:y|ies)|administration|"
             r"the county|the state|the city|they|their|them|the board")
_SIDE = re.compile(rf"(?i)\b(?:(?P<u>{_UNION})|(?P<e>{_EMPLOYER}))(?:['’]s?)?\b")
_ABOUT_POSITIONS = re.compile(
    r"(?i)\b(?:propos\w*|offer\w*|asking|ask(?:ed|s)? for|position|package|counter\w*|"
    r"back(?:ed)? off|withdr[ae]w\w*|dropp?\w*|push\w*|want\w*|demand\w*|settle\w*|"
    r"bring|brought|put on the table)\b")
SUBJECT_WORDS = 6  # a sentence's side is read from its first words (its subject)


def _side(m: re.Match[str] | None) -> str:
    return "" if m is None else (UNION if m["u"] else EMPLOYER)


def side_of(text: str) -> str:
    """The side named first in `text` (UNION, EMPLOYER) or ""."""
    return _side(_SIDE.search(text))


def asked_side(question: str) -> str:
    """Whose position a question asks about ("" when it asks about none): the side named
    last before the word for a position ("SEIU 503 bargaining: what are the universities
    offering?"), else the first after it ("what was proposed by management?")."""
    verb = _ABOUT_POSITIONS.search(question)
    if verb is None:
        return ""
    before = list(_SIDE.finditer(question, 0, verb.start()))
    return _side(before[-1] if before else _SIDE.search(question, verb.end()))


def stated_side(sentence: str, lead: str) -> str:
    """Whose position a sentence states: its subject's, else that of the line its list hangs
    from."""
    return side_of(" ".join(sentence.split()[:SUBJECT_WORDS])) or side_of(lead)
