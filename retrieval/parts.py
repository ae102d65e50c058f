"""Questions with two parts ("What did the district propose for the doctorate stipend, and
what is our counter?") are answered part by part, each with its own citations."""

from __future__ import annotations

import re
from dataclasses import replace

from store.lexical import terms

from .weighing import QUESTION_WORDS

_ASK = r"(?:what|what's|how|when|where|who|which|why|is|are|can|could|do|does|did|will|would|should)"
_SPLIT = re.compile(rf"(?i)\?\s+(?=\S)|;\s+(?={_ASK}\b)|,?\s+and\s+(?={_ASK}\b)"
                    r"|,\s+(?=(?:what|how|when)\b)|,\s+and\s+(?=(?:if|once|after)\b)")
_TOPIC = re.compile(r"(?i)\b(?:for|on|about|regarding|of|to|in)\s+((?:the\s+)?[\w' -]+?)\s*\??$")


def split_question(question: str) -> list[str]:
    """The parts of a question that asks two or three things; [question] otherwise. Words
    that ask nothing ("If Deschutes County lays me off,") belong to the part after them; a
    later part that names little ("and can I carry them over?") takes the first part's
    topic, in brackets."""
    pieces = [p.strip(" ,;?") for p in _SPLIT.split(question) if p.strip(" ,;?")]
    merged: list[str] = []
    carry = ""
    for piece in pieces:
        if not _asks(piece):
            carry = f"{carry} {piece}".strip()
            continue
        merged.append(f"{carry}, {piece}" if carry else piece)
        carry = ""
    if carry and merged:
        merged[-1] = f"{merged[-1]}. {carry}"
    if len(merged) < 2 or any(len(p.split()) < 2 and not _ASKING.match(p) for p in merged):
        return _two_things(question)
    topic = _topic(merged[0])
    out = [merged[0][0].upper() + merged[0][1:] + "?"]
    for piece in merged[1:3]:
        named = [t for t in terms(piece) if t not in QUESTION_WORDS and "_" not in t
                 and len(t) > 2]
        if topic and (len(named) <= 2 or _PRONOUN.search(piece)) and not \
                set(terms(topic)) <= set(named):
            piece = f"{piece} ({topic})"
        out.append(piece[0].upper() + piece[1:] + "?")
    return out


# "how long are my breaks and my lunch?": one question of two things, each with its own "my"
_BOTH = re.compile(r"(?i)^(?P<head>[^?]*?\b(?:what|what's|whats|how)\b[^?]*?\b(?P<det>my|our|the)"
                   r"\s+)(?P<x>[\w'-]+(?:\s[\w'-]+){0,3}?)\s+and\s+(?P=det)\s+"
                   r"(?P<y>[\w'-]+(?:\s[\w'-]+){0,3}?)\s*\?\s*$")
_TOGETHER = re.compile(r"(?i)\b(?:between|compare|compared|difference|both|together|combined)\b")


def _two_things(question: str) -> list[str]:
    """A question of two things ("how long are my breaks and my lunch?") as one part for
    each; [question] for any other (or one that relates them: "the difference between …")."""
    m = _BOTH.match(question)
    if m is None or _TOGETHER.search(question):
        return [question]
    return [f"{m['head']}{m['x']}?", f"{m['head']}{m['y']}?"]


_AUX = r"(?:do|does|did|is|are|was|were|can|could|will|would|should|must|has|have|am)"
# a piece that asks: "what …"/"how …" anywhere; or, first, a yes/no question's verb, "when/
# where/who/which/why" asking ("when do I …", not "when I retire,") or alone ("and when?")
_WH = re.compile(r"(?i)\b(?:what|what's|whats|how)\b")
_ASKING = re.compile(rf"(?i)^(?:and|so|also|then|ok|but)?[\s,]*(?:(?:{_AUX}|may)\b|"
                     rf"(?:when|where|who|which|why)(?:'s\b|\s+{_AUX}\b|\s*$))")
_PRONOUN = re.compile(r"(?i)\b(it|them|they|that|those|this|these|one|ones)\b")


def _asks(piece: str) -> bool:
    """Does the piece ask something, in any of its sentences ("I retire in June. Is there a
    bonus for telling them early")?"""
    return bool(_WH.search(piece)) or any(_ASKING.search(s)
                                          for s in re.split(r"(?<=[.!])\s+", piece))


def _topic(part: str, most: int = 8) -> str:
    """What the first part is about: its words less the asking ones ("APS sick leave")."""
    words = [w.rstrip(".") for w in re.findall(r"[\w'$.%-]+", part)
             if w.lower() not in QUESTION_WORDS and terms(w)]
    return " ".join(words[-most:])


_MARKER = re.compile(r"\[(\d{1,2})\]")


def renumber(text: str, citations: tuple, offset: int) -> tuple[str, tuple]:
    """A part's text and citations with every marker moved up by `offset`."""
    text = _MARKER.sub(lambda m: f"[{int(m.group(1)) + offset}]", text)
    return text, tuple(replace(c, marker=c.marker + offset) for c in citations)
