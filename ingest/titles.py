"""Article and appendix titles: the words under or beside an ARTICLE / APPENDIX heading.

Titles come on the heading's line ("ARTICLE 12 COMPENSATION"), on the next line, after a
year line ("APPENDIX B\\n2017-2018\\nCLASS SIZE REQUIREMENTS"), wrapped over several lines
("School-Based Management\\nand Shared Decision-Making"), or under a generic name
("MEMORANDUM OF UNDERSTANDING\\n\\nATHLETIC DIRECTORS": the subject is the title).
"""

from __future__ import annotations

import re

from store.text import title_like

from .heading import Heading
from .sections import plain_title

_OPEN = {"of", "and", "for", "the", "to", "in", "with", "on", "&", "or", "a", "an", "between", "by"}
_JOINERS = {"and", "as", "of", "for", "between", "&", "or", "in", "to", "with", "on"}
_YEAR_LINE = re.compile(r"(?:19|20)\d\d(?:\s*[-\u2013/]\s*(?:19|20)?\d\d)?")
_GENERIC = re.compile(r"(?i)(?:memorandum|letter|side letter)s? of (?:understanding|agreement)"
                      r"|side letters?|mou|moa")
_MAX = 130


def _line_after(text: str, at: int, blanks: int) -> tuple[str, int]:
    """The next non-blank line after the line holding `at`, with at most `blanks` blank lines
    between, and its offset; ("", -1) if none."""
    pos = text.find("\n", at) + 1
    for _ in range(blanks + 1):
        if pos <= 0 or pos >= len(text):
            return "", -1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if text[pos:end].strip(" \t\f"):
            return text[pos:end].strip(" \t\f"), pos
        pos = end + 1
    return "", -1


def _is_title(cand: str) -> bool:
    """A line that reads as a heading title, never a numbered line or a sentence."""
    if not cand or len(cand) > 80 or len(cand.split()) > 10:
        return False
    if re.match(r"\(?\w{1,4}[.)]\s|\d|[A-Z]-\d", cand) or re.fullmatch(r"[IVXL]+-\d+", cand):
        return False  # a numbered line, or a page number ("XIII-3")
    titled = title_like(cand) or bool(plain_title(cand))  # "Voice, Activities, and Teams"
    return cand.isupper() or titled and not cand.endswith(".")


def _next_line_title(text: str, pos: int) -> tuple[str, int]:
    """The title on a line below a heading line (blank lines and a year line skipped)."""
    cand, at = _line_after(text, pos, blanks=3)
    if _YEAR_LINE.fullmatch(cand):
        cand, at = _line_after(text, at, blanks=1)
    return (cand, at) if _is_title(cand) else ("", -1)


def _open_ended(title: str) -> bool:
    """A title cut mid-phrase ("STUDENT MANAGEMENT AND PROTECTION OF") continues below."""
    words = title.split()
    return bool(words) and (words[-1].lower() in _OPEN or title.endswith(","))


def _continues(title: str, nxt: str) -> bool:
    """`nxt` carries on `title`: it opens with a joining word ("and Shared Decision-Making",
    "AS TEACHERS (50% OR MORE)") or `title` stops mid-phrase."""
    words = nxt.split()
    if not words or nxt.endswith(".") or len(title) + len(nxt) > _MAX:
        return False
    if words[0].lower() in _JOINERS:
        rest = " ".join(words[1:])
        return nxt.isupper() or not rest or _is_title(rest)
    return _open_ended(title) and _is_title(nxt)


def _wrapped(text: str, title: str, at: int) -> str:
    """The title with the lines it wraps onto (one blank line allowed between)."""
    parts = [title]
    for _ in range(4):
        nxt, nat = _line_after(text, at, blanks=1)
        if not _continues(" ".join(parts), nxt):
            break
        parts.append(nxt)
        at = nat
    return " ".join(parts)


def article_title(text: str, h: Heading) -> str:
    """An article's title: on its line, on the next line, or wrapped onto the lines below."""
    end = text.find("\n", h.line_start)
    line = text[h.line_start:end if end >= 0 else len(text)]
    rest = line[h.token_end - h.line_start:].strip(" \t.:,-\u2013\u2014")
    if not h.title and _open_ended(rest) and plain_title(rest.rsplit(" ", 1)[0]):
        more, _ = _line_after(text, h.line_start, blanks=0)  # "... Approved by\nDenver Voters"
        if more and len(more.split()) <= 10 and not re.match(r"\(?\w{1,4}[.)]\s", more):
            return f"{rest} {more}"
    if not h.title:
        title, at = _next_line_title(text, h.line_start)
        if title and _GENERIC.fullmatch(title):
            subject, sat = _line_after(text, at, blanks=1)
            if _is_title(subject) and subject.split()[0].lower() != "between":
                title, at = subject, sat
        title = _wrapped(text, title, at) if title else ""
        return "" if _open_ended(title) else title  # "The District and the ... of\nTeachers agree"
    more, _ = _line_after(text, h.line_start, blanks=0)
    more = more if _is_title(more) else ""
    title = rest if rest.isupper() and h.title in rest and len(rest) <= 90 else h.title
    if more and len(title) + len(more) <= 120 and (
            title.isupper() and more.isupper() and not line.rstrip().endswith((".", ")"))
            or _open_ended(title)):
        return f"{title} {more}"
    return title


def implicit_title(before: str, title: str, line: str) -> str:
    """A caps "12 LEAVES OF" line's title, wrapped onto the next caps line when cut short."""
    if not _open_ended(title):
        return title
    nxt = re.search(re.escape(line) + r"[ \t]*\n[ \t]*([A-Z][A-Z &/,'-]{1,60})\n", before)
    return f"{title} {nxt.group(1).strip()}" if nxt else title
