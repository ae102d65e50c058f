"""Section numbers: find clause headings in a document and read their numbers.

Handles ARTICLE / Section / dotted numbers (12.2.1.8) / outline items (I., A., 1.) and
lettered sub-items, plus the renumbering damage redline extractions leave behind:
`12.8.54` (struck 5, added 4), `12.9.-95.3`, `12.9.3. 8 3`. Every plausible reading is kept
as an alias; the best one is chosen by consistency with the neighbouring numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from store.keys import roman_to_int

from .heading import SPELLED, Heading
from .heading_filters import drop_strays, unit_letter, unit_titles

_CONNECTORS = {
    "of", "and", "or", "through", "to", "in", "the", "shall", "as", "above", "below",
    "hereof", "herein", "thru", "is", "are", "for", "with", "per", "above,", "percent",
}
_SMALL_WORDS = {"and", "of", "or", "the", "for", "to", "in", "on", "with", "a", "an", "&"}
_LINE_RX = re.compile(
    r"""(?:^|(?<=\f))(?P<lead>(?:[-\u2022\u25aa*][ \t]+)?)(?:
      (?P<article>ARTICLE?|Article|PART)[ \t]+
        (?P<anum>\d{1,3}[A-Z]?|[IVXL]{1,7}(?:-[A-Z])?|""" + SPELLED + r""")(?![\w.])[.:,]?
    | (?P<unit>(?:APPENDIX|Appendix|ADDENDUM|Addendum|EXHIBIT|Exhibit)(?:[ \t]+(?P<uid>
          [A-Z](?:-?\d{1,2})?|[IVX]{1,5}(?:\.\d{1,2})?|\d{1,2}))?
        | (?i:side[ \t]+letters?|memorandum[ \t]+of[ \t]+(?:understanding|agreement)
          |letters?[ \t]+of[ \t]+(?:understanding|agreement)|mou)(?:[ \t]+\#?[ \t]?(?P<unum>\d{1,3}))?
      )(?![\w.-])[.:,]?
    | (?P<seckw>SECTION|Section|Sec\.|\u00a7|(?:ARTICLE|Article)(?=[ \t]+\d{1,3}\.\d))[ \t]*
      (?P<snum>\d{1,3}(?:\.\d{1,3})*[A-Za-z]?)(?![\w])
      (?P<spar>\([A-Za-z0-9]{1,3}\))?[.:]?
    | (?P<hyph>\d{1,2}(?:-\d{1,2}){1,3}(?:\.\d{1,2}){0,3})(?![\d\w-])\.?
    | (?P<lhyph>[A-H]-\d{1,2}(?:\.\d{1,2}){0,3})(?![\d\w-])\.?
    | (?P<dotted>\d{1,3}(?:\.[ ]?-?(?:0\d{3}|\d{1,3}))+)(?P<alt>[ ]\d{1,2}(?=[ \t]+[A-Z]))?
      (?P<paren>[ ]?\([a-z0-9]{1,3}\))?\.?
    | (?P<roman>[IVX]{1,5})\.
    | (?P<upper>[A-Z])\.
    | (?P<digit>\d{1,2})\.(?!\))
    | (?P<sub>\((?:[a-z]|[ivx]{2,4}|(?P<dbl>[a-z])(?P=dbl)|[A-Z]|\d{1,2})\)|\d{1,2}\.?\)
        |(?:[a-z]|[ivx]{2,4}|(?P<dbl2>[a-z])(?P=dbl2))(?:\.\)|\)|\.))
    )""",
    re.VERBOSE | re.MULTILINE,
)


_CONTINUED = re.compile(r"\((?:continued|cont'?d\.?)\)\s*$", re.IGNORECASE)
_UNIT_WORDS = {"mou": "MOU", "side letter": "Side Letter", "side letters": "Side Letters"}


def unit_name(head: str, ident: str) -> str:
    """'APPENDIX B' -> 'Appendix B', 'MEMORANDUM OF UNDERSTANDING #15' -> 'MOU 15',
    'SIDE LETTER 2' -> 'Side Letter #2': a part bound after the articles, as people name it."""
    words = " ".join(re.sub(r"[#\d]", " ", head).split()[:4]).lower()
    first = words.split()[0]
    if first in ("appendix", "addendum", "exhibit"):
        return f"{first.title()} {ident}".strip()
    if ident and words.startswith("memorandum"):
        return f"MOU {ident}"
    name = _UNIT_WORDS.get(words) or " ".join(w if w == "of" else w.title() for w in words.split())
    return f"{name} #{ident}" if ident and name.startswith("Side") else f"{name} {ident}".strip()


@dataclass
class _Ctx:
    last_roman: int = 0
    last_upper: str = ""
    unit_letter: str = ""  # "A" inside "Appendix A", whose sections print as "A-2.1"
    found: list[Heading] = field(default_factory=list)


def _rest_of_line(text: str, pos: int) -> str:
    end = text.find("\n", pos)
    return text[pos : len(text) if end < 0 else end]


def _title_of(rest: str) -> str:
    """The heading title if the rest of the line reads like one ("Salary Schedule Structure"),
    or the run-in title of "Holidays. The following days..." lines."""
    title = plain_title(rest)
    if not title:
        m = re.match(r"\s*([A-Z][^.:;]{1,60})[.:]\s+\S", rest)
        title = plain_title(m.group(1)) if m else ""
    return title


def plain_title(rest: str) -> str:
    """The rest of a heading line if it reads as a title ("Salary Schedule Structure"), else ""."""
    t = rest.strip(" \t.:-\u2013\u2014")
    words = t.split()
    if not t or len(t) > 90 or len(words) > 12 or not t[0].isupper():
        return ""
    if t.endswith(";") or re.search(r"[.;:]\s", t) or words[-1].islower():
        return ""
    caps = sum(1 for w in words if w[0].isupper() or not w[0].isalpha() or w in _SMALL_WORDS)
    if caps / len(words) < (0.9 if "," in t else 0.5) and len(words) > 3:
        return ""
    return t


def _continues_sentence(text: str, line_start: int, rest: str, item: bool = False,
                        named: bool = False) -> bool:
    """True when the line is a wrapped continuation ("...see Section\n12.3 of the ..."), also
    across a page break ("... subject to the provision of\n\f\nArticle 25, Overtime"); a
    `named` heading ("Article 23", "Section 9(C)") also after a comma ("… as described in
    Article 23 (Miscellaneous),\nSection 9(C) (Repayment to the County).")."""
    first = rest.strip().split(" ", 1)[0] if rest.strip() else ""
    if first in _CONNECTORS or first.startswith(("%", ",", ")")):
        return True
    end, paged = max(line_start - 1, 0), False
    while end > 0 and not text[text.rfind("\n", 0, end) + 1:end].strip(" \t\f") and (
            "\f" in text[text.rfind("\n", 0, end) + 1:end]):
        end, paged = text.rfind("\n", 0, end), True  # a page break: the line above it
    prev = text[text.rfind("\n", 0, end) + 1 : end].rstrip()
    if not prev and first[:1].islower() and not paged and end > 0:
        prev = _line_before(text, end)  # "(184 x\n\n6.50 x .055) = 65.52 hours": one blank
        return bool(prev) and prev[-1] not in _SENTENCE_END  # line inside a sentence
    if not prev or prev[-1] in _SENTENCE_END or prev.endswith("\f"):
        return False
    if item and re.search(r"[;,]\s*(?:and|or)$", prev):
        return False  # "A. ...; and\nB. ...": the next item of a list
    if named and prev.endswith(",") and not paged:
        return True
    if prev.split()[-1].lower() in _CONNECTORS | {"see", "under", "by"}:
        return True  # "... pursuant to §59 and\n§59A. The ..." is one sentence
    return bool(first) and first[0].islower() and not paged


_SENTENCE_END = ".:;)!?\"'\u201d"


def _line_before(text: str, end: int) -> str:
    """The line above the blank line that ends at `end`."""
    above = text.rfind("\n", 0, end)
    return text[text.rfind("\n", 0, max(above, 0)) + 1 : max(above, 0)].rstrip()


def _classify(m: re.Match[str], ctx: _Ctx) -> str | None:
    """Which kind of heading a line-start match is, with roman-vs-letter disambiguation."""
    if m.group("lhyph"):
        return "dotted" if m.group("lhyph")[0] == ctx.unit_letter else None
    for kind in ("article", "unit", "seckw", "hyph", "dotted"):
        if m.group(kind):
            return {"seckw": "section", "hyph": "dotted", "unit": "article"}.get(kind, kind)
    roman, upper = m.group("roman"), m.group("upper")
    if roman:
        value = roman_to_int(roman) or 0
        single = len(roman) == 1
        if single and roman != "I" and value != ctx.last_roman + 1:
            return "upper"  # "V." after "U." is a letter
        if roman == "I" and ctx.last_upper == "H":
            return "upper"
        return "roman"
    if upper:
        return "upper"
    if m.group("digit"):
        return "digit"
    return "sub" if m.group("sub") else None


def _split_two_digit(comp: str) -> tuple[str, str] | None:
    """'54' -> ('5', '4'): a struck digit run together with its replacement."""
    comp = comp.lstrip("-")
    if len(comp) == 2:
        return comp[0], comp[1]
    return None


def dotted_readings(raw: str) -> tuple[tuple[str, ...], bool]:
    """Candidate readings of a printed dotted number: (literal, new, old), and damage flag."""
    m = re.fullmatch(r"(?P<num>[\d. -]+?)(?: (?P<alt>\d{1,2}))?", raw.strip())
    num, alt = (m.group("num"), m.group("alt")) if m else (raw, None)
    comps = [c.strip() for c in num.split(".") if c.strip()]
    damaged = any(c.startswith("-") for c in comps) or alt is not None or " " in num
    literal = ".".join(c.lstrip("-") for c in comps)
    if alt is not None:
        new = ".".join(comps[:-1] + [alt])
        return (literal, new, literal), True
    splits = [_split_two_digit(c) if i > 0 else None for i, c in enumerate(comps)]
    if not any(splits):
        return (literal,), damaged
    new = ".".join(s[1] if s else c.lstrip("-") for c, s in zip(comps, splits, strict=True))
    old = ".".join(s[0] if s else c.lstrip("-") for c, s in zip(comps, splits, strict=True))
    return (literal, new, old), damaged


Views = Callable[[int, int], tuple[str, str]]


def find_headings(text: str, skip: set[int] | None = None, views: Views | None = None
                  ) -> list[Heading]:
    """Every heading at a line start, in order. `skip` holds line starts to ignore (TOC lines);
    `views(start, end)` gives the (live, original) text of a span when the text has redline
    marks, so a number like 12.8.[-5-][+4+] is read from the marks, not guessed."""
    ctx = _Ctx()
    for m in _LINE_RX.finditer(text):
        if skip and m.start() in skip:
            continue
        kind = _classify(m, ctx)
        if kind is None:
            continue
        end = m.end()
        nxt = text[end : end + 1]
        if kind == "dotted" and nxt and not (nxt in " \t\n\f" or nxt.isupper()):
            continue
        if kind != "dotted" and nxt and nxt not in " \t\n\f":
            continue
        rest = _rest_of_line(text, end)
        if _CONTINUED.search(rest):
            continue  # "ARTICLE XIII - GRIEVANCE PROCEDURE (continued)": a running header
        if kind != "sub" and _continues_sentence(text, m.start(), rest,
                                                 kind in ("roman", "upper", "digit"),
                                                 kind in ("article", "section")):
            continue
        heading = _make_heading(kind, m, rest)
        if kind == "dotted" and views is not None:
            heading = _apply_marks(heading, views)
        ctx.found.append(heading)
        if kind == "section" and m.group("spar"):  # "Section 2(A)." opens sub-item (A)
            ctx.found.append(Heading("sub", m.start(), m.start("spar"), m.end("spar"),
                                     m.group("spar")))
        if kind == "article":
            ctx.unit_letter = unit_letter(heading.raw)
        if kind == "roman":
            ctx.last_roman = roman_to_int(m.group("roman")) or 0
        elif kind == "upper":
            ctx.last_upper = m.group("upper") or m.group("roman")
    return resolve_numbers(drop_strays(unit_titles(text, ctx.found)))


def _make_heading(kind: str, m: re.Match[str], rest: str) -> Heading:
    start = m.start() + len(m.group("lead"))
    raw = m.group(0)[len(m.group("lead")) :].strip()
    if kind == "article" and m.group("unit"):
        raw = unit_name(m.group("unit"), m.group("uid") or m.group("unum") or "")
    elif kind == "article":
        raw = m.group("anum")
    elif kind == "section":
        raw = m.group("snum")
    elif kind == "dotted" and (m.group("hyph") or m.group("lhyph")):
        raw = m.group("hyph") or m.group("lhyph")
    elif kind == "dotted":
        raw = (m.group("dotted") + (m.group("alt") or "")).strip()
    else:
        raw = raw.rstrip(".")
    title = _title_of(rest) if kind != "sub" else ""
    printed = raw[2:] if m.group("lhyph") else raw  # "A-2.1" in Appendix A reads 2.1
    readings, damaged = dotted_readings(printed.replace("-", ".") if m.group("hyph") else printed
                                        ) if kind == "dotted" else ((), False)
    words = rest.split()
    snippet = "" if title or len(words) < 3 else " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    if kind == "dotted" and m.group("paren"):
        suffix = m.group("paren").strip()
        readings = tuple(r + suffix for r in readings)
    return Heading(kind, m.start(), start, m.end(), raw, title, readings, damaged,
                   snippet=snippet)


def _apply_marks(h: Heading, views: Views) -> Heading:
    live, original = views(h.start, h.token_end)
    live, original = (re.sub(r"[^\d.()a-z]", "", v).strip(".") for v in (live, original))
    if live == original or not live:
        return h
    return replace(h, readings=(live, original) if original else (live,), damaged=True, fixed=True)


def _tuple(num: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", num.split("(")[0]))


def _score(c: tuple[int, ...], prev: tuple[int, ...] | None, nxt: tuple[int, ...] | None) -> int:
    score = 0
    if prev is None or c > prev:
        score += 1
    if nxt is None or c < nxt:
        score += 1
    if prev is None or c[:-1] in {prev[:i] for i in range(len(prev) + 1)}:
        score += 1
    return score


def resolve_numbers(headings: list[Heading]) -> list[Heading]:
    """Pick the best reading of every dotted number by its neighbours; fill `value` for all."""
    out: list[Heading] = []
    dotted_idx = [i for i, h in enumerate(headings) if h.kind == "dotted"]
    prev: tuple[int, ...] | None = None
    for n, i in enumerate(dotted_idx):
        h = headings[i]
        nxt = next(
            (_tuple(headings[j].readings[0]) for j in dotted_idx[n + 1 :]
             if len(headings[j].readings) == 1),
            None,
        )
        best = h.readings[0]
        if len(h.readings) > 1 and not h.fixed:
            ranked = sorted(
                h.readings[1:] if h.damaged else h.readings,
                key=lambda r: -_score(_tuple(r), prev, nxt),
            )
            best = ranked[0]
            if not h.damaged and _score(_tuple(h.readings[0]), prev, nxt) >= _score(
                _tuple(best), prev, nxt
            ):
                best = h.readings[0]
        if best == h.readings[0] and not h.damaged:
            h = replace(h, readings=h.readings[:1])  # literal wins: no phantom aliases
        headings[i] = replace(h, value=best)
        prev = _tuple(best)
    for h in headings:
        if not h.value:
            value = h.raw if h.kind != "sub" else h.raw.strip("().")
            h = replace(h, value=value)
        out.append(h)
    return out
