"""Which line-start matches are not headings after all: cross-references wrapped to a line
start, lists of articles or appendices inside an article, lettered sections outside their
appendix, and the title line under an appendix or letter heading."""

from __future__ import annotations

import re

from .heading import Heading, article_number


def drop_strays(found: list[Heading]) -> list[Heading]:
    """Inside ARTICLE 8, a line opening with "53.29.3" is a statute or cross-reference that
    wrapped to a line start, not a section of the article (sections run 8.x, or 1.x ...);
    a list of articles or appendices inside an article ("Article 1 Recognition / Article 2
    ... / Appendix E Dental", then 8-6.3) opens nothing; "B-6" is a section only in Appendix B."""
    out: list[Heading] = []
    article, unit, listed = None, "", set()
    for i, h in enumerate(found):
        if i in listed:
            continue
        if h.kind == "article" and article is not None:
            listed = _listed(found, i, article)
            if i in listed:
                continue
        if h.kind == "article":
            num = article_number(h.raw)
            article = int(num) if num.isdigit() else None
            unit = unit_letter(h.raw)
        elif h.kind == "dotted" and _stray(h, article, unit):
            continue
        out.append(h)
    return out


def _stray(h: Heading, article: int | None, unit: str) -> bool:
    """A dotted number that cannot be a section here: "B-6" outside Appendix B, "53.29.3"
    inside Article 8."""
    if re.match(r"[A-Z]-", h.raw):
        return h.raw[0] != unit
    return article is not None and h.raw[:1].isdigit() and _first(h) > article + 5


def unit_letter(raw: str) -> str:
    """"A" for "Appendix A", whose sections print as "A-2.1"; else ""."""
    return raw[-1] if re.fullmatch(r"\w+ [A-Z]", raw) else ""


def _first(h: Heading) -> int:
    return int(re.match(r"\d+", h.raw).group())


_LIST_GAP = 300  # characters between the lines of a list


def _listed(found: list[Heading], i: int, article: int) -> set[int]:
    """Indexes of a run of article/appendix lines listed close together from `i` inside
    ARTICLE `article` when the article's own numbering (8.x) comes back after them: right
    after two or more, or later after three or more counting back ("Article 1" inside 8)."""
    run, j = [i], i + 1
    while (j < len(found) and found[j].line_start - found[j - 1].line_start <= _LIST_GAP
           and not (found[j].kind == "dotted" and found[j].raw[:1].isdigit())):
        run.append(j)
        j += 1
    listed = sum(found[k].kind == "article" for k in run)
    nxt = next((k for k in range(j, len(found))
                if found[k].kind == "dotted" and found[k].raw[:1].isdigit()), None)
    if listed < 2 or nxt is None or _first(found[nxt]) != article:
        return set()
    first = article_number(found[i].raw)
    back = first.isdigit() and int(first) < article and listed >= 3
    close = nxt == j and found[j].line_start - found[j - 1].line_start <= _LIST_GAP
    return set(run) if back or close else set()


def unit_titles(text: str, found: list[Heading]) -> list[Heading]:
    """A heading line right under an appendix or letter heading is its title, not a new part:
    "APPENDIX I.17\\nMEMORANDUM OF UNDERSTANDING", "LETTER OF AGREEMENT\\nArticle 13: ...". """
    out: list[Heading] = []
    for h in found:
        prev = out[-1] if out else None
        if (prev is not None and h.kind == "article" and prev.kind == "article"
                and " " in prev.raw and prev.raw[:1].isalpha()
                and not text[prev.token_end:h.line_start].strip(" \t\n:.-\u2013\u2014")):
            if is_unit(h) and re.search(r"(?i)^(?:\w+ )?\w+s\b", prev.raw):
                out[-1] = h  # "LETTERS OF AGREEMENT" over "LETTER OF AGREEMENT": the letter
            continue
        out.append(h)
    return out


def is_unit(h: Heading) -> bool:
    return h.kind == "article" and " " in h.raw and h.raw[:1].isalpha()
