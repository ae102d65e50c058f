"""Text helpers every stage shares: slugs, heading-like lines, party names."""

from __future__ import annotations

import re


def slugify(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s[:80] or "document"


def title_like(s: str) -> bool:
    """Reads like a heading ("Salary Schedule Structure", "CATEGORY D — continued")."""
    t = s.strip(" \t:.-\u2013\u2014")
    words = t.split()
    if not words or len(words) > 10 or len(t) > 90:
        return False
    if re.search(r"[.;,]\s", t) or s.rstrip().endswith((".", ",", ";")) and len(words) > 4:
        return False
    if not (t[0].isupper() or t[0].isdigit()):
        return False
    caps = sum(1 for w in words if w[0].isupper() or not w[0].isalpha())
    return t.isupper() or caps / len(words) >= 0.6


_NAMED = re.compile(r"^(.*?)\s*\(([A-Z][A-Za-z0-9 &.-]{1,15})\)\s*$")


def party_names(name: str) -> tuple[str, str]:
    """'Sacramento City Unified School District (SCUSD)' -> (the full name, 'SCUSD'); a name
    with no short form in brackets is both."""
    name = (name or "").strip()
    m = _NAMED.match(name)
    return (m.group(1), m.group(2)) if m else (name, name)
