"""Who a document is between: the employer and the union, read from its own words ("Agreement
between the School District of Philadelphia and the Philadelphia Federation of Teachers"), and,
for a bulletin, the employer it names first and the union that publishes it."""

from __future__ import annotations

import re

UNION_CUES = (
    r"\b(?:association|federation|union|guild|brotherhood|teamsters|sindicato|asociaci[oó]n|"
    r"local\s+\d+|council\s+\d+|SEIU|AFSCME|AFT|NEA|AFL-CIO|UFCW|CWA|UAW|IBEW)\b")
_UNION = re.compile(UNION_CUES, re.IGNORECASE)


def is_union(name: str) -> bool:
    return bool(_UNION.search(name))
_EMPLOYER = re.compile(
    r"\b(?:district|board|committee|commissioners|directors|city|county|state|university|"
    r"universities|college|schools|commission|department|authority|ISD|USD|company|corporation|"
    r"hospital|municipal|government|universidad(?:es)?|distrito)\b", re.IGNORECASE)
# What ends a party's name in "between X and Y ...".
_LEADER = re.compile(r"\.{4,}|…{2,}|(?:\.\s){4,}")
_STOP = re.compile(r"\s*(?:\(|\f|\btable\s+of\s+contents\b|\bhereinafter\b|\bherein\b|"
                   r"\bherein-?after\b|\.{4,}|…|"
                   r"(?<!\bNo)(?<!\bInc)(?<!\bSt)[.;:]\s|"
                   r"\bwitnesseth\b|\bpreamble\b|\brecitals?\b|\barticle\s+[1I]\b|"
                   r"\bas\s+(?:heretofore|follows)\b|\bpursuant\b|\bthe\s+parties\b|"
                   r"\bwhereas\b|\b(?:19|20)\d\d\b|\b(?:january|february|march|april|may|june|july|"
                   r"august|september|october|november|december)\b|\bin\s+accordance\b|"
                   r"\bcollective\b|\bcontract\b|\bagreement\b|$)", re.IGNORECASE)
_BETWEEN = re.compile(r"\b(?:by\s+and\s+)?between\s+(?:the\s+)?|\bnegotiated\s+by\s+(?:the\s+)?",
                      re.IGNORECASE)
_AFFILIATION = re.compile(r"^(?:AFL-CIO|AFT|NEA|OEA|CTA|MTA|FEA|PFT|American Federation of "
                          r"Teachers|National Education Association|Local\s+\d+|Inc\.?|"
                          r"[A-Z]{2,6}\s+[A-Z][a-z]+)$", re.IGNORECASE)
_SMALL = {"of", "the", "and", "in", "for", "at", "de", "del", "la", "las", "los", "y", "on",
          "between", "by", "to", "with", "a", "an"}


def tidy(name: str, recase: bool = True) -> str:
    """One line, no leading 'the', no trailing punctuation; ALL CAPS made Title Case unless
    `recase` is False."""
    name = re.sub(r"\s+", " ", name.replace("\u00ad", "")).strip(" ,.;:-–—\"“”'")
    name = re.sub(r"^(?:the)\s+", "", name, flags=re.IGNORECASE)
    letters = [c for c in name if c.isalpha()]
    if recase and len(name.split()) > 1 and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        name = " ".join(_word_case(w, i) for i, w in enumerate(name.split()))
    return name


def _word_case(word: str, i: int) -> str:
    """A word of an ALL CAPS name in Title Case; acronyms (AFT, K-12) kept."""
    if word.lower() in _SMALL:
        return word.lower() if i else word.capitalize()
    if (len(word) <= 3 and word.isalpha()) or re.search(r"[\d-]", word):
        return word
    i = next((k for k, c in enumerate(word) if c.isalpha()), 0)
    return word[:i] + word[i:].capitalize()


_UNION_HEAD = re.compile(
    r"^(.+?\b(?:Union|Association|Federation|Guild)(?:\s+of\s+(?:the\s+)?[A-Z][\w’'.]*"
    r"(?:\s+[A-Z][\w’'.]*){0,3}?)?)(?=\s*(?:[,/]|\(|Local\b|AFL\b|AFT\b|NEA\b|American\b|"
    r"National\b|Inc\b|$))")


def name_words(span: str) -> str:
    """Names up to the first lowercase word that is not a small word inside a name ("The
    Teachers Association of Lee County in compliance with" -> "... of Lee County")."""
    words = span.split(" ")
    for i, w in enumerate(words):
        if not w[:1].islower():
            continue
        nxt = next((x for x in words[i:] if x.lower() not in _SMALL), "")
        if w.lower() not in _SMALL or not nxt or nxt[:1].islower():
            return " ".join(words[:i])
    return span


def union_name(name: str) -> str:
    """'Baltimore Teachers Union, American Federation of Teachers, Local 340, AFL-CIO' ->
    'Baltimore Teachers Union'; 'SEIU Local 503, OPEU' -> 'SEIU Local 503' (the union's own
    name, its affiliations left out)."""
    name = tidy(name)
    m = _UNION_HEAD.match(name)
    if m and len(m.group(1).split()) >= 2:
        return tidy(m.group(1))
    return tidy(name.split(",")[0])


def _split(span: str) -> tuple[str, str] | None:
    """'X and Y' -> (employer, union): the split where exactly one side is a union, taking the
    shortest union side ("School District No. 1 in the City and County of Denver ... and
    Denver Classroom Teachers Association")."""
    best = None
    for m in re.finditer(r"\s+(?:and|AND|And|y|&)\s+(?:the\s+|THE\s+|The\s+)?", span):
        a, b = span[:m.start()], span[m.end():]
        ua, ub = bool(_UNION.search(a)), bool(_UNION.search(b))
        if ua == ub or len(a.split()) < 2 or len(b.split()) < 2 or not (
                a[:1].isupper() or a[:1].isdigit()) or not b[:1].isupper():
            continue
        employer, union = (b, a) if ua else (a, b)
        if not _EMPLOYER.search(employer) and len(employer.split()) > 8:
            continue
        if best is None or len(union) < len(best[1]):
            best = (employer, union)
    return best


def between(text: str) -> tuple[str, str]:
    """(employer, union) from the first "between X and Y" (or "negotiated by X and Y") that
    names one employer and one union, else ("", "")."""
    for m in _BETWEEN.finditer(text):
        rest = re.sub(r"\[[^\]\n]{0,40}\]|\([^()]{0,80}\)|\n\s*\d{1,2}[ \t]+(?=[A-Z])", " ",
                      text[m.end():m.end() + 500])
        stop = _STOP.search(rest, 3)
        span = name_words(re.sub(r"\s+", " ", rest[:stop.start() if stop else len(rest)]))
        if stop and _LEADER.match(rest, stop.start() + len(stop.group(0)) - len(
                stop.group(0).lstrip())):
            continue  # a table of contents line
        pair = _split(span)
        if pair and len(pair[0]) <= 160 and len(pair[1]) <= 160:
            return tidy(pair[0]), union_name(pair[1])
    return "", ""


_HEREBY = re.compile(r"(?:^|(?<=[.\n]))[ \t]*(?:[Tt]he\s+)?([A-Z](?:[^.;\n]|\n(?![ \t]*\n)){5,250}?)"
                     r"\s+(?:do\s+)?hereby\s+(?:enter|agree|mutually|adopt)")


def hereby_pair(text: str) -> tuple[str, str]:
    """(employer, union) from "The X (BOARD) and the Y (ASSOCIATION) hereby enter into ..."."""
    for m in _HEREBY.finditer(text):
        span = re.split(r"\n[ \t]*(?:The|THE)\s+", m.group(1))[-1]  # not a title line above
        span = re.sub(r"\([^()]{0,60}\)", " ", span)
        pair = _split(name_words(" ".join(span.split())))
        if pair:
            return tidy(pair[0]), union_name(pair[1])
    return "", ""


def cover_pair(lines: list[str]) -> tuple[str, str]:
    """(employer, union) from a cover that prints 'X / and / Y' on lines of their own; when X
    is the last of a list under a collective name ("Oregon Public Universities / Eastern
    Oregon University / … / Western Oregon University / and / SEIU Local 503"), the
    collective name."""
    for i, line in enumerate(lines):
        if line.strip().lower() in ("and", "and the", "y") and 0 < i < len(lines) - 1:
            pair = _split(f"{lines[i - 1]} and {lines[i + 1]}")
            if pair:
                return tidy(_collective(lines[:i]) or pair[0]), union_name(pair[1])
    return "", ""


_COLLECTIVE = re.compile(r"\b(?:Universities|Districts|Counties|Colleges|Cities|Employers)\b")


def _collective(above: list[str], least: int = 3) -> str:
    """The collective name heading a list of at least `least` employers just above 'and'."""
    for names, line in enumerate(reversed(above)):
        if _COLLECTIVE.search(line) and names >= least:
            return line.strip()
        if len(line) > 60 or not _EMPLOYER.search(line) and not line.istitle():
            return ""
    return ""


# Employers a bulletin names: "Western Oregon University", "University of Oregon", "the 7 Oregon
# public universities", "Universidad Estatal de Portland", and short forms such as OSU, UO,
# LAUSD (University, School District, Public Schools, College).
_NAMED_EMPLOYER = re.compile(
    r"\b(?:(?:[A-Z][\w’'.-]+\s+){1,4}(?:University|College|School\s+District|Public\s+Schools|"
    r"Unified\s+School\s+District|ISD|USD)\b|(?:University|College)\s+(?:of|in)\s+[A-Z][\w’'-]+"
    r"(?:[ -][A-Z][\w’'-]+)?|[A-Z][\w’'-]+\s+public\s+universities|"
    r"[Uu]niversidad(?:es)?(?:\s+[a-záéíóú]+)?(?:\s+(?:Estatal|del\s+Este|del\s+Oeste|del\s+Sur))?"
    r"\s+de(?:l)?\s+[A-Z][\wáéíóú]+|"
    r"(?<![\w-])(?:U[A-Z]{1,3}|[A-Z]{1,4}(?:SU|OU|ISD|USD|SD|PS|CC)|OIT)(?:-[A-Z][a-z]+)?(?![\w-]))")
_NOT_EMPLOYER = re.compile(r"\b(?:union|association|federation|sindicato)\b", re.IGNORECASE)


def first_employer(text: str, acronyms: bool = True) -> str:
    """The first employer a bulletin or news story names (`acronyms`: short forms too), or ""."""
    for m in _NAMED_EMPLOYER.finditer(text):
        name = tidy(m.group(0))
        if name.isupper() and (not acronyms or _shouting(text, m)):
            continue
        if name and not _NOT_EMPLOYER.search(name):
            return _spelled_out(name, text)
    return ""


def _shouting(text: str, m: re.Match[str]) -> bool:
    """An acronym on an ALL CAPS line ("USE OF ...") is a word, not a name."""
    start, end = text.rfind("\n", 0, m.start()) + 1, text.find("\n", m.end())
    letters = [c for c in text[start:end if end >= 0 else len(text)] if c.isalpha()]
    return len(letters) > len(m.group(0)) and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _spelled_out(name: str, text: str) -> str:
    """'WOU' -> 'Western Oregon University (WOU)' when the text spells it out that way."""
    if not name.isupper():
        return name
    m = re.search(r"((?:[A-Z][\w’'.-]+\s+){1,5}?(?:[A-Z][\w’'.-]+))\s*\(" + re.escape(name) + r"\)",
                  text)
    return f"{tidy(m.group(1))} ({name})" if m else name


_LOCAL_NAME = re.compile(r"\b(?:SEIU|AFSCME|UFCW|CWA|UAW|IBEW|AFT|NEA)(?:[ ]Local)?[ ]\d{1,5}\b")
_UNION_NAME = re.compile(r"\b(?:[A-Z][\w’'.-]+[ ]){1,5}(?:Association|Federation|Union)\b")


def first_union(text: str) -> str:
    """The first union a bulletin or news story names ("SEIU 503", "... Association /
    Federation / Union"), or ""."""
    found = [m for m in (_LOCAL_NAME.search(text), _UNION_NAME.search(text)) if m]
    return tidy(min(found, key=lambda m: m.start()).group(0)) if found else ""


def union_from_site(url: str) -> str:
    """A union local's web site named like it: 'https://seiu503.org/...' -> 'SEIU 503'."""
    m = re.match(r"(?:https?://)?(?:www\.)?([a-z]{3,8})(\d{1,5})\.(?:org|net|com)\b", url or "")
    return f"{m.group(1).upper()} {m.group(2)}" if m else ""
