"""Metadata of a file with no catalog entry, read from the document's own words.

- type from its title block and first pages ("Agreement between", "Tentative Agreement",
  "Memorandum of Understanding", "Amendment to", "Counterproposal", "Fact-Finding", "Award"),
  else from its voice (a union's "our bargaining team" is a bulletin, reported speech is news);
- title: the cover's title lines, never a "Source: http..." or a "Date:" line;
- employer and union from "between X and Y" (a bulletin: the employer it names first, the union
  that publishes it);
- date: the document's own: a contract's term (effective ... through ...), a bulletin's
  publication date, a proposal's date in its heading, never a date met deep in the body;
- status: a proposal is proposed; an agreement whose term has ended is expired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from store.text import title_like

from . import parties
from .dates import YEAR_RANGE, dates_in, term_ends, term_pairs

_TITLE_CUES = (
    ("award", r"\bfact[- ]?finding\b|\barbitration\s+award\b|\bopinion\s+and\s+award\b|"
              r"\barbitrator'?s?\s+(?:award|decision)\b|\blaudo\s+arbitral\b"),
    ("tentative_agreement", r"\btentative(?:ly)?\s+(?:\w+\s+){0,3}agree(?:ment|d)\b|"
                            r"\bT\.?A\.?\s+(?:on|for)\b|\bacuerdo\s+tentativo\b"),
    ("counterproposal", r"\bcounter[- ]?proposal\b|\bcontrapropuesta\b"),
    ("proposal", r"\bproposal\b|\bpropuesta\b"),
    ("side_letter", r"\bside\s+letter\b|\bletter\s+of\s+(?:agreement|understanding|intent)\b|"
                    r"\bmemorand(?:um|a)\s+of\s+(?:agreement|understanding)\b|(?-i:\bMO[UA]\b)|"
                    r"\bamendments?\s+to\b|\bcarta\s+de\s+entendimiento\b"),
    ("contract", r"\bagreement\b|\bcontract\b|\bconvenio\b|\bcontrato\s+colectivo\b"),
)
_BULLETIN_VOICE = re.compile(
    r"\bour\s+(?:union|bargaining\s+team|team|members|contract)\b|\bbargaining\s+(?:update|"
    r"bulletin|team)\b|\bwe\b|\bnuestr[oa]s?\s+(?:sindicato|equipo|contrato|miembros)\b|"
    r"\bnegociaci[oó]n\b|\bsindicato\b", re.IGNORECASE)
_NEWS_VOICE = re.compile(r"\b(?:said|says|told|according to|reported)\b")
_QUOTED = re.compile(r"“[^”]{0,400}”|\"[^\"\n]{0,400}\"")
_DATELINE = re.compile(r"\b[A-Z]{3,}[A-Z ]*,\s+[A-Z][a-z]+\.?\s+\((?:AP|Reuters|[A-Z]{3,5})\)|"
                       r"\((?:AP|Reuters)\)")
_AGREED = re.compile(r"\bagreement\b[^.]{0,80}\bbetween\b|\bcollective\s+bargaining\s+agreement\b|"
                     r"\bhereby\s+agree", re.IGNORECASE)
_CLAUSE_LINE = re.compile(r"^\s*(?:-\s*)?(?:ARTICLE|Article|Section|SECTION)?\s*\d+(?:\.\d+)+\b",
                          re.MULTILINE)
_JUNK_LINE = re.compile(
    r"https?://|www\.|^\s*source\s*:|^\s*(?:hearing\s+)?date(?:\s+issued)?\s*:|^\s*page\s+\d|"
    r"^\s*\d+\s*(?:of\s+\d+)?\s*$|^\s*[ivx]+\s*$|^\s*\[.*\]\s*$|table\s+of\s+contents|^\s*attachment\s+\w+\s*$|"
    r"intentionally\s+left\s+blank|\.{5,}|…{2,}|^\W*$", re.IGNORECASE)
_LABELLED_DATE = re.compile(r"\b(?:date(?:d)?|issued|submitted|presented|fecha)\b[^\n\d]{0,20}$",
                            re.IGNORECASE)
_ISSUED = re.compile(r"\bdate\s+issued\s*:?\s*$|\bissued\s*:?\s*$", re.IGNORECASE)
_START_WORDS = re.compile(r"(?:effective|retroactive\s+to|beginning|commencing|as\s+of)\s+"
                          r"(?:on\s+)?(?:the\s+)?$", re.IGNORECASE)
_NUMBERED = re.compile(r"(?:ARTICLE|Article|Section|SECTION)?\s*\d+(?:\.\d+)+\s")
_LONE_DATE = re.compile(r"\W*(?:\w+\s+){0,2}?\w+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\W*|"
                        r"\W*(?:19|20)\d\d-\d\d-\d\d\W*")
_RATIFIED = re.compile(r"\bratified\s*(?:on\s+|:\s*)?$", re.IGNORECASE)
_ON_RATIFICATION = re.compile(r"(?:agreement|contract)[^.]{0,60}\beffective\s+(?:upon|from|on)\s+"
                              r"(?:the\s+date\s+of\s+)?(?:its\s+)?(?:final\s+)?ratification",
                              re.IGNORECASE)
_TERM_BEFORE = re.compile(r"(?:length|term|duration)\s+of\s+(?:this|the)\s+(?:agreement|contract)",
                          re.IGNORECASE)
_HEADING = re.compile(r"(?:article|section)\s+[\dIVXLC]+\b", re.IGNORECASE)
_LINE_NUMBER = re.compile(r"\n[ \t]*\d{1,2}[ \t]+")  # numbered lines of a legal page
_THIS_AGREEMENT = re.compile(r"\b(?:this|the)\s+(?:agreement|contract)\b", re.IGNORECASE)
_OWN_EFFECTIVE = re.compile(r"\bthis\s+(?:amendment|memorandum|letter|side\s+letter|MOU|agreement)"
                            r"\b[^.]{0,120}?\beffective\s+(?:as\s+of\s+|on\s+)?$", re.IGNORECASE)
_RETRO = re.compile(r"retroactive\s+to\s+(?:the\s+)?$", re.IGNORECASE)
AGREEMENTS = ("contract", "tentative_agreement", "side_letter")


@dataclass(frozen=True)
class Guess:
    """What the text says about itself, field by field ("" where it says nothing)."""

    title: str = ""
    doc_type: str = "other"
    employer: str = ""
    union: str = ""
    from_party: str = ""
    to_party: str = ""
    date: str = ""
    term_end: str = ""
    status: str = "current"


def pages_of(text: str) -> list[str]:
    return text.split("\f")


def good_lines(page: str) -> list[str]:
    """A page's non-empty lines, page numbers, links and 'Date:' lines left out."""
    return [ln.strip(" \t#*-•") for ln in page.splitlines() if not _JUNK_LINE.search(ln)
            and len(ln.strip(" \t#*-•")) >= 2]


def _block(page: str) -> list[str]:
    """A page's first lines that read as a title (up to the first sentence or clause)."""
    block: list[str] = []
    for para in re.split(r"\n[ \t]*\n", page):
        lines = good_lines(para)
        prose = any(len(x.split()) > 10 for x in lines) or (
            len(" ".join(lines).split()) > 12 and " ".join(lines).endswith("."))
        if block and (prose or any(_NUMBERED.match(x) for x in lines)):
            break  # a paragraph of prose or a numbered clause: the title is above it
        for ln in lines:
            if len(ln.split()) > 14 or (block and ln.endswith(".")):
                return block
            if not _LONE_DATE.fullmatch(ln):
                block.append(ln)
        if len(block) >= 14:
            break
    return block


def cover(text: str) -> tuple[int, list[str]]:
    """(page index, title lines) of the cover: the first of the first pages whose title lines
    name a kind of document ("Agreement", "Contract", "Proposal"), else the first page's."""
    blocks = [(i, _block(p)) for i, p in enumerate(pages_of(text)[:5])]
    named = [(i, b) for i, b in blocks if b and _cue(" ".join(b))]
    return (named or [b for b in blocks if b[1]] or [(0, [])])[0]


def title_block(text: str) -> list[str]:
    return cover(text)[1]


def find_title(text: str, found: dict) -> str:
    """The document's own title: a web page's or front matter's, else its title lines."""
    if found.get("title") and found.get("_title_trusted", True):
        return str(found["title"]).strip()
    block = title_block(text)
    if not _cue(" ".join(block)) and _file_title(found):
        return _file_title(found)  # "San Antonio Board Policies.pdf" over a running header
    title = ""
    for ln in block:
        if len(title) + len(ln) > 160:
            break
        title = ln if ln.lower().startswith(title.lower()) else f"{title} {ln}".strip()
    title = re.split(r"\s*\(hereinafter|\s*,?\s*hereinafter", title)[0]
    if not title:  # no title lines: the opening words (a story that starts with its text)
        first = next(iter(good_lines("\n".join(pages_of(text)[:2]))), "")
        first = re.sub(r"^(?:date|fecha)\s*:?\s*[\d-]+\s+", "", first, flags=re.IGNORECASE)
        title = first if len(first) <= 100 else first[:100].rsplit(" ", 1)[0] + "…"
    return parties.tidy(title, recase=False)[:160] if title else ""  # as printed


def _file_title(found: dict) -> str:
    """The title a PDF's properties give, when it names something ("San Antonio Board
    Policies.pdf" -> "San Antonio Board Policies"); never "Microsoft Word - doc1" or "untitled"."""
    title = re.sub(r"(?i)^microsoft (?:word|excel) - |\.(?:pdf|docx?|txt)$", "",
                   str(found.get("title") or "")).strip()
    words = re.findall(r"[A-Za-z]{2,}", title)
    if len(words) < 2 or re.search(r"(?i)untitled|^document\b|[\\/]", title) or len(title) > 120:
        return ""
    return title


def _formal(title: str, kind: str) -> bool:
    """The type word is part of a title ("Union Counterproposal"), not of a sentence ("our union
    presents economic proposals")."""
    m = re.search(dict(_TITLE_CUES)[kind], title, re.IGNORECASE)
    return bool(m) and (m.group(0)[0].isupper() or title_like(title))


def _cue(text: str) -> str:
    return next((kind for kind, rx in _TITLE_CUES if re.search(rx, text, re.IGNORECASE)), "")


def guess_type(title: str, text: str) -> str:
    """The type a document gives itself: a formal title first ("Tentative Agreement", "Union
    Counterproposal"); prose without clause numbers is a bulletin (a union's voice) or news
    (reported speech); then the title's and first pages' words ("Agreement between")."""
    pages = pages_of(text)
    head = " ".join("\n".join(pages[:2])[:3000].split())
    kind = _cue(title)
    if kind and kind != "contract" and _formal(title, kind):
        return _long_side_letter(kind, pages)
    if len(text) < 30000 and len(_CLAUSE_LINE.findall(text)) < 3 and not _AGREED.search(head):
        prose = _QUOTED.sub(" ", text[:6000])
        news = len(_NEWS_VOICE.findall(prose)) + 3 * bool(_DATELINE.search(prose))
        voice = len(_BULLETIN_VOICE.findall(prose))
        if voice or news:
            return "news" if news > voice else "bulletin"
    if kind:
        return _long_side_letter(kind, pages)
    if _AGREED.search(head):
        return "contract"
    return "other"


def _long_side_letter(kind: str, pages: list[str]) -> str:
    """A bound book of many pages that opens with an amendment's words is the contract."""
    return "contract" if kind == "side_letter" and len(pages) > 25 else kind


def agreement_term(text: str, cover: str) -> tuple[str, str]:
    """(start, end) of an agreement's term: the best-attested "date through date" span (with
    term words before it, or on the cover), else its end date ("shall expire on ...") and the
    start found for it (see _start_before); ("", "") when the text gives no term."""
    votes: dict[tuple[str, str], int] = {}
    text, cover = _LINE_NUMBER.sub("\n", text), _LINE_NUMBER.sub("\n", cover)
    for score, a, b in term_pairs(text):
        if score > 1:  # a salary table's "(February 1, 2022 - January 31, 2025)" is not a term
            votes[(a, b)] = votes.get((a, b), 0) + score
    for _, a, b in term_pairs(cover):
        votes[(a, b)] = votes.get((a, b), 0) + 3
    if votes:
        return max(votes, key=lambda k: (votes[k], -list(votes).index(k)))
    years = YEAR_RANGE.search(cover)
    weight: dict[str, int] = {}
    for f in term_ends(text):
        own = bool(_THIS_AGREEMENT.search(text[max(0, f.start - 200):f.start]))
        on_cover = bool(years) and _full_year(years.group(1), years.group(2)) == f.iso[:4]
        weight[f.iso] = weight.get(f.iso, 0) + 1 + 3 * own + 3 * on_cover
    if not weight:
        return "", ""
    end = max(weight, key=lambda e: (weight[e], e))
    return _start_before(text, cover, end), end


def _full_year(y1: str, y2: str) -> str:
    return y2 if len(y2) == 4 else y1[:2] + y2


def _years(cover: str, text: str, end: str):
    """The "2013-2016" of a term that ends in `end`'s year: on the cover, else after words
    about the agreement's length ("The length of this contract is one (1) year (2009-2010)")."""
    for m in YEAR_RANGE.finditer(cover):
        return m
    for m in YEAR_RANGE.finditer(text):
        before = text[max(0, m.start() - 80):m.start()]
        if _full_year(m.group(1), m.group(2)) == end[:4] and _TERM_BEFORE.search(before):
            return m
    return None


def _start_before(text: str, cover: str, end: str) -> str:
    """The first day of a term known by its end: the ratification date printed for an
    agreement effective on ratification; else, in the first year of its "2013-2016", the day a
    whole-years term would start (printed in the text) or the date most often "effective"
    that year, or just the year; else the latest date pay is "retroactive to" (a new
    agreement's raises go back to its first day); "" when the text says none of these."""
    near = [f for f in dates_in(text) if f.iso < end and int(f.iso[:4]) >= int(end[:4]) - 6]
    ratified = [f.iso for f in near if _RATIFIED.search(text[max(0, f.start - 30):f.start])]
    if ratified and _ON_RATIFICATION.search(text):
        return max(ratified)
    years = _years(cover, text, end)
    if years:
        y1 = years.group(1)
        whole = _anniversary(end, int(end[:4]) - int(y1))
        if whole in {f.iso for f in near}:
            return whole
        starts = [f.iso for f in near if f.iso.startswith(y1)
                  and _START_WORDS.search(text[max(0, f.start - 40):f.start])]
        return max(set(starts), key=lambda d: (starts.count(d), d)) if starts else y1
    retro = [f.iso for f in near if _RETRO.search(text[max(0, f.start - 40):f.start])]
    return max(retro) if retro else ""


def _anniversary(end: str, years: int) -> str:
    """The day after `end`, `years` earlier: where a term of whole years ending on `end` starts."""
    from datetime import timedelta

    day = date.fromisoformat(end) + timedelta(days=1) if len(end) == 10 else None
    if day is None or years <= 0:
        return ""
    try:
        return day.replace(year=day.year - years).isoformat()
    except ValueError:
        return ""


def own_date(text: str, found: dict, doc_type: str) -> str:
    """The date a document carries as its own: a web page's date, a 'Date:' in its heading or
    the day "this Amendment ... effective", the latest 'Date issued' of a compilation, else the
    first date of its first lines."""
    if found.get("date") and found.get("_date_trusted", True):
        return str(found["date"])[:10]
    first = pages_of(text)[0][:1500]
    issued = [f.iso for f in dates_in(text) if _ISSUED.search(text[max(0, f.start - 30):f.start])]
    if len(issued) > 1:
        return max(issued)
    found_dates = dates_in(first)
    if doc_type == "award":
        labelled = [f for f in found_dates if re.search(r"award|report|decision|issued|dated",
                                                          first[max(0, f.start - 40):f.start],
                                                          re.IGNORECASE)]
        found_dates = labelled or [f for f in found_dates if not re.search(
            r"hearing", first[max(0, f.start - 40):f.start], re.IGNORECASE)]
    own = [f for f in found_dates
           if _OWN_EFFECTIVE.search(" ".join(first[max(0, f.start - 200):f.start].split()))]
    labelled = [f for f in found_dates if _LABELLED_DATE.search(first[max(0, f.start - 30):f.start])]
    pick = (own or labelled or found_dates or [None])[0]
    return pick.iso if pick else ""


def status_of(doc_type: str, term_end: str, today: date | None = None) -> str:
    """Proposals are proposed; an agreement whose term ended before today is expired."""
    if doc_type in ("proposal", "counterproposal"):
        return "proposed"
    today = today or date.today()
    if doc_type in AGREEMENTS and term_end and term_end < today.isoformat():
        return "expired"
    return "current"


_PROPOSER = re.compile(
    r"^(?P<who>.*?)(?:'s|’s)?\s*(?:counter[- ]?proposal|proposal|propuesta|contrapropuesta)\b"
    r"(?:\s+(?:to|a)\s+(?:the\s+)?(?P<to>.+?))?(?=\s*(?:[:,(]|\b(?:on|re|article|section|for|"
    r"dated?)\b|\d|$))", re.IGNORECASE)
_EMPLOYER_SIDE = re.compile(r"\b(?:district|board|management|employer|university|county|city|"
                            r"state|college|administration|gerencia|company)\b", re.IGNORECASE)


def proposer(title: str, employer: str, union: str) -> tuple[str, str]:
    """(from, to) of a proposal, from its title ("District Proposal to SCTA", "Union
    Counterproposal"); ("", "") when the title does not say who proposes it."""
    m = _PROPOSER.search(title)
    who = parties.tidy(m.group("who")) if m else ""
    if not who:
        return "", ""
    if parties.is_union(who) or (union and who.lower() in union.lower()):
        side, other = union or who, employer
    elif _EMPLOYER_SIDE.search(who) or (employer and who.lower() in employer.lower()):
        side, other = employer or who, union
    else:
        return "", ""
    to = parties.tidy(m.group("to") or "") or other
    return side, to


def _parties(title: str, text: str, doc_type: str, found: dict) -> tuple[str, str]:
    """(employer, union): "between X and Y" in the first pages, a cover that prints "X / and /
    Y", else (prose) the employer a story names first and the union that publishes it."""
    head = "\f".join(pages_of(text)[:6])[:30000]
    employer, union = parties.between(head)
    if not employer:
        employer, union = parties.cover_pair(title_block(text))
    if not employer:
        employer, union = parties.hereby_pair(head)
    if not employer and doc_type in AGREEMENTS:
        employer, union = parties.between(text[:300000])
    if doc_type in ("bulletin", "news") and not employer:
        employer = parties.first_employer(f"{title}\n{text[:8000]}")
    if doc_type == "other" and not employer:  # a compilation names its employer farther in
        employer = parties.first_employer(text[:120000], acronyms=False)
    if doc_type in ("bulletin", "news") and not union:
        union = parties.union_from_site(str(found.get("source") or "")) or parties.first_union(
            f"{title}\n{text[:8000]}")
    return employer, union


def infer(path: Path, found: dict, text: str, today: date | None = None) -> Guess:
    """Everything a document says about itself (see the module notes)."""
    title = find_title(text, found) or path.stem
    doc_type = guess_type(title, text)
    employer, union = _parties(title, text, doc_type, found)
    from_party, to_party = ("", "")
    if doc_type in ("proposal", "counterproposal"):
        from_party, to_party = proposer(title, employer, union)
        if not employer and not union and len(f"{from_party} {to_party}".split()) > 2:
            employer, union = _assign(from_party, to_party)
    if doc_type == "contract" and employer and union and _HEADING.match(title):
        title = f"Agreement between {employer} and {union}"  # no cover: its parties clause
    start, end = ("", "")
    if doc_type in AGREEMENTS:
        start, end = agreement_term(text, pages_of(text)[cover(text)[0]][:3000])
    own = start if doc_type in ("contract", "tentative_agreement") and start else ""
    when = own or own_date(text, found, doc_type)
    return Guess(title, doc_type, employer, union, from_party, to_party, when,
                 end if doc_type in ("contract", "tentative_agreement") else "",
                 status_of(doc_type, end, today))


def _assign(from_party: str, to_party: str) -> tuple[str, str]:
    """(employer, union) of a proposal whose title names both sides."""
    if parties.is_union(from_party):
        return to_party, from_party
    return from_party, to_party
