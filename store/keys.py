"""Lookup keys of section numbers, shared by ingest (which stores them on each clause) and
retrieval (which reads a person's "Sec. 12.3(b)", "Article XII" the same way)."""

from __future__ import annotations

import re

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(s: str) -> int | None:
    """Value of an upper-case roman numeral up to L, or None."""
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = _ROMAN.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total or None


def section_key(label: str) -> str:
    """Normalize a section label or query for lookup: 'Sec. 12.3(b)' -> '12.3.b'."""
    s = label.lower()
    s = re.sub(r"\b(article|art\.|section|sec\.|sections|§+)", " ", s)
    parts = re.findall(r"[a-z0-9]+", s)
    return ".".join(parts)


def query_keys(query: str) -> list[str]:
    """Lookup keys a query for a section can match: '12.7.5', 'section:3', 'article:12'."""
    q = query.strip()
    keys: list[str] = []
    art = re.fullmatch(r"(?i)art(?:icle|\.)?\s*(\d{1,3}|[ivxl]{1,7})\.?", q)
    if art:
        num = art.group(1)
        value = roman_to_int(num.upper()) if not num.isdigit() else int(num)
        return [f"article:{value}"] if value else []
    sec = re.fullmatch(r"(?i)(?:section|sec\.?|§)\s*(.+)", q)
    key = section_key(sec.group(1) if sec else q)
    if sec:
        keys.append(f"section:{key}")
    if key:
        keys.append(key)
    return keys
