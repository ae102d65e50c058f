"""Whether a text states a gold fact: verbatim, whatever the case, curly quotes, whitespace or
emphasis marks (**bold**)."""

from __future__ import annotations

from collections.abc import Iterable


def _norm(s: str) -> str:
    """Lower case, straight quotes, single spaces, no emphasis marks."""
    return " ".join(s.lower().replace("\u2019", "'").replace("**", "").split())


def has_fact(text: str, facts: Iterable[str]) -> bool:
    """Does `text` hold any of `facts`?"""
    t = _norm(text)
    return any(_norm(f) in t for f in facts)
