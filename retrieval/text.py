"""Numbers, amounts and sentences as contracts write them: the one home for reading "sixty
(60) days", "three thousand five hundred dollars ($3,500)", "6.3%" and for cutting clauses into
sentences. Verification, evidence, goals and drafts all read text through here."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from store.lexical import terms
from store.text import title_like

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "million": 1000000, "half": 0.5,
}
_ONES = [w for w, n in NUMBER_WORDS.items() if isinstance(n, int) and n < 20]
_TENS = ["", "", *(w for w, n in NUMBER_WORDS.items() if isinstance(n, int) and 20 <= n < 100)]
_NUMBER_WORD = "(?:" + "|".join(w for w in NUMBER_WORDS if w != "half") + "|and)"
_WORD_RX = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
_MARKER = re.compile(r"\[(\d{1,2})\]")
_NUM = re.compile(r"\d+(?:\.\d+){2,}|\$\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?%?|(?<![\w.])\.\d+")
# a stated quantity: money, a percentage, a figure, or a number word
NUMBER_RX = re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?|\d+(?:\.\d+)?\s?%|\.\d+|\b\d[\d,]*(?:\.\d+)?\b|"
                       r"\b" + _NUMBER_WORD.replace("|and)", ")") + r"\b", re.I)
DIGITS = r"\$\s?\d(?:,?\d)*(?:\.\d\d)?"  # a comma after the amount is not part of it
# "fifty dollar ($50.00)", "three thousand five hundred dollars ($3,500)", "$65.00"
MONEY_PHRASE = re.compile(
    rf"(?:(?:{_NUMBER_WORD}[\s-]+)*{_NUMBER_WORD}[\s-]+dollars?\s*\(\s*{DIGITS}\s*\))|{DIGITS}",
    re.IGNORECASE)
MONTHS = ("January February March April May June July August September October November "
          "December").split()
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_SHORT_YEAR = re.compile(r"\b\d{1,2}/\d{1,2}/(\d\d)\b")  # "9/1/23"
_YEAR_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d|\d\d)\b")  # "2021-2024"
LONGEST_TERM = 6  # years a span may cover and still name each of them ("2025-2030")


def years_in(text: str) -> set[str]:
    """The years a text names: "2026", "9/1/23" (2023), and each year of a span it names
    ("2021-2024" holds 2022 and 2023)."""
    found = set(YEAR.findall(text)) | {f"20{y}" for y in _SHORT_YEAR.findall(text)}
    for a, b in _YEAR_SPAN.findall(text):
        end = int(b) if len(b) == 4 else int(a[:2] + b)
        if 0 < end - int(a) <= LONGEST_TERM:
            found |= {str(y) for y in range(int(a), end + 1)}
    return found
PERCENT = re.compile(r"\d+(?:\.\d+)?\s?%")
# a figure in a pay table: "59,653", "3798", "41.07" (a year such as 2026 is not one)
PAY_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d\d)?|(?!(?:19|20)\d\d\b)\d{4,6}(?:\.\d\d)?"
                        r"|\d{1,3}\.\d\d")
FACTOR = r"\.\d{3,6}"  # ".002458 times Class A, Step 8": a rate as a share of a salary
# "two-tenths (.2)", "one-half (1/2)": a share written in words (of a salary, when pay follows)
FRACTION = re.compile(r"(?i)\b(?:one|two|three|four|five|six|seven|eight|nine)[\s-]+(?:half|halves|"
                      r"thirds?|fourths?|quarters?|fifths?|sixths?|eighths?|tenths?|hundredths?)\b"
                      r"(?:\s*\(\s*[\d./]+\s*\))?")
_COUNT = (r"(?:(?:" + _NUMBER_WORD.replace("|and)", ")") + r")(?:[\s-]+(?:and\s+)?(?:" +
          _NUMBER_WORD.replace("|and)", ")") + r"))*\s*(?:\(\s*\d[\d.,]*\s*\))?|\d[\d.,]*)")
# ("one hundred and twelve (112) hours" is one count)
_TIME_UNITS = r"minutes?|hours?|days?|workdays?|workweeks?|weeks?|months?|years?|semesters?"
TIME_UNIT = re.compile(rf"(?i)\b(?:{_TIME_UNITS})\b")  # "days", "workweeks": a length of time
_UNIT = (r"(?:(?:calendar|working|work|school|business|consecutive|duty|instructional|"
         r"student|contract|paid|unpaid|full|additional|uninterrupted)[\s-]+)*"
         rf"(?:{_TIME_UNITS}|credits?|periods?)\b")
# A stated quantity: money, a percentage, a count of days/hours/..., a clock time or a date.
QUANTITY_PHRASE = re.compile(
    rf"(?:{MONEY_PHRASE.pattern})(?:\s+(?:million|billion|thousand))?(?:\s+(?:per|an?|each)\s+(?:hour|day|week|month|year|"
    rf"session|class|period))?|\d+(?:\.\d+)?\s?(?:%|percent\b)|"
    rf"\b[a-z][a-z-]*\s+\(\d+(?:\.\d+)?\)\s*percent\b|"  # "five (5) percent"
    rf"\b{_COUNT}[\s-]+{_UNIT}|\b\d{{1,2}}:\d\d\s?(?:[ap]\.?m\.?)?(?:\s+(?:of|on)\s+the\s+\d{{1,2}}"
    rf"(?:st|nd|rd|th)\s+(?:(?:calendar|working|work|business|school)\s+)?day\b)?|"
    rf"\b(?:{'|'.join(MONTHS)})"
    rf"\s+\d{{1,2}}(?:,?\s+\d{{4}})?|(?<![\d.,])(?:{PAY_FIGURE.pattern}|{FACTOR})(?![\d.,]?\d)|"
    rf"\b(?:(?:one and )?one-half|one and a half|double)"
    rf"\s+time\b|\btime and (?:one-half|a half)\b", re.IGNORECASE)


_CLOCK_24 = re.compile(r"(?:[01]\d|2[0-4])[0-5]\d")
_CLOCK_CUE = re.compile(r"(?i)(?:\b(?:between|from|until|till|to|and|at|after|before)\s+$)")


def clock_time(text: str, a: int, b: int) -> bool:
    """Is text[a:b] a 24-hour clock time ("between 2400 and 0800"), not an amount?"""
    return bool(_CLOCK_24.fullmatch(text[a:b]) and (
        _CLOCK_CUE.search(text[max(0, a - 10):a])
        or re.match(r"\s+(?:and|to|-|–)\s+(?:[01]\d|2[0-4])[0-5]\d\b|\s*(?:hours|hrs)\b",
                    text[b:])))


def quantity_spans(text: str) -> list[tuple[int, int]]:
    """Where text states a quantity: "$1,500", "fifteen (15) minutes", "June 30, 2015"."""
    return [m.span() for m in QUANTITY_PHRASE.finditer(text)]


def _canon(token: str) -> str:
    """Exact canonical digits: '$3,000.00' -> '3000', '.50' -> '0.5', '52,345.67' stays exact."""
    t = token.replace("$", "").replace(",", "").replace(" ", "").rstrip("%")
    if re.fullmatch(r"\d+\.\d+(\.\d+)+", t):
        return t  # a section number: 12.7.5
    try:
        value = Decimal(t)
    except InvalidOperation:
        return t
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def numbers_in(text: str) -> set[str]:
    """Every number stated in text, canonical: '$3,000.00' -> '3000', 'sixty' -> '60'."""
    text = _MARKER.sub(" ", text)
    found = {_canon(m.group(0)) for m in _NUM.finditer(text)}
    found |= {_canon(str(NUMBER_WORDS[m.group(1).lower()])) for m in _WORD_RX.finditer(text)}
    return {f for f in found if f}


def words(n: int) -> str:
    """0..999,999,999 in words: 3500 -> 'three thousand five hundred'."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")
    if n < 1000:
        return _ONES[n // 100] + " hundred" + (" " + words(n % 100) if n % 100 else "")
    for size, name in ((1_000_000, "million"), (1000, "thousand")):
        if n >= size:
            rest = n % size
            return words(n // size) + f" {name}" + (" " + words(rest) if rest else "")
    raise ValueError(n)


def number_from_words(phrase: str) -> int | None:
    """A number written in words: 'three thousand five hundred' -> 3500, 'twenty-five' -> 25,
    'one hundred and ten' -> 110; None unless every word is a number word."""
    total = current = 0
    seen = False
    for w in re.split(r"[\s-]+", phrase.lower().strip()):
        value = NUMBER_WORDS.get(w)
        if w == "and" and seen:
            continue
        if value is None or w == "half":
            return None
        seen = True
        if value == 100:
            current = (current or 1) * 100
        elif value >= 1000:
            total, current = total + (current or 1) * value, 0
        else:
            current += value
    return total + current if seen else None


# Drafters' notes in brackets ("[Moved from 12.2.1.8]", "[Renumbered]", "[The above salary
# schedules will be revised consistent with this proposal]"): at least two letters, so a
# footnote "[2]" or "two [2]-year degree" stays.
EDITORIAL_MARK = re.compile(r"[ \t]*\[(?![+-])(?=[^\]\n]*[A-Za-z]{2})[^\[\]\n]{2,240}\]")


def editorial_marks(text: str) -> tuple[str, tuple[str, ...]]:
    """The text without its bracketed editorial marks, and the marks it had."""
    marks = tuple(m.group(0).strip() for m in EDITORIAL_MARK.finditer(text))
    if not marks:
        return text, ()
    return re.sub(r"\n{3,}", "\n\n", EDITORIAL_MARK.sub("", text)).strip(), marks


_ABBREV = re.compile(r"(?:\b[A-Za-z]|\be\.g|\bi\.e|\bNo|\bSec|\bArt|\bCred|\bSubjs|\bSpec|\bDesign|"
                     r"\bMr|\bMs|\bDr|\bSt|\bvs|\betc|\bJan|\bFeb|\bMar|\bApr|\bAug|\bSept?|"
                     r"\bOct|\bNov|\bDec|\bCalif|\bInc|\bCo)\.$")

_BREAK = re.compile(r"\n+|(?<=[.!?])\s+(?=[\"“(A-Z])")
_ITEM = re.compile(r"\s*(?:[-\u2022]\s|\(?[a-z0-9]{1,4}[.)]\s|[A-Z][.)]\s)")
_LABELLED_LINE = re.compile(r"[A-Z][\w'’]*(?: [\w'’]+){0,3}: \S")  # "Management: Uniforms; …"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences and list items of a clause, as (start, end) offsets (trimmed). A line break
    only ends a sentence after end punctuation, before a list item or a labelled line
    ("Management: …"), or around a short line;
    otherwise it is a wrapped line (or a page break inside a sentence)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BREAK.finditer(text):
        before = text[start : m.start()]
        if m.group(0).strip(" \t") == "" or "\n" not in m.group(0):
            if _ABBREV.search(before):
                continue  # "Cred. with", "Aug. 25": not a sentence end
        elif not _line_break_ends(text[text.rfind("\n", 0, m.start()) + 1:m.start()],
                                  text[m.end():]):  # the whole line: "… steward. Within thirty (30)"
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a] in " \t\n-\u2022":
            a += 1
        while b > a and text[b - 1] in " \t\n":
            b -= 1
        if b - a >= 3:
            out.append((a, b))
    return _join_lists(text, out)


def _line_break_ends(before: str, after: str) -> bool:
    last = before.rsplit("\n", 1)[-1].strip()
    words = last.split()
    heading = bool(words) and len(last) < 60 and (words[-1][:1].isupper() or title_like(last))
    ends_with_amount = last[-1:].isdigit() or last.endswith((")", "%"))
    figure = re.match(r"\s*\((\d{1,4})\)", after)  # "fifteen\n(15) work days": one phrase
    if figure and any(number_from_words(" ".join(words[-n:])) == int(figure[1]) for n in (1, 2, 3)
                      if len(words) >= n):
        return False
    return (not last or last.endswith((".", "!", "?", ":", ";")) or heading
            or bool(_ITEM.match(after) or _LABELLED_LINE.match(after))
            or ends_with_amount and after[:1].isupper())


def _join_lists(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A sentence ending in ':' runs on into the short list it introduces; a run-in heading
    ("(A) Continuous OUS Service. Credit one (1) point …") into the sentence after it."""
    out: list[tuple[int, int]] = []
    rows = 0  # the table rows a sentence ending in ':' has taken in
    for a, b in spans:
        last = text[out[-1][0]:out[-1][1]] if out else ""
        row = rows and rows < TABLE_ROWS and _table_row(text[a:b])  # "15          2.5"
        if out and (last.endswith(":") and b - out[-1][0] <= 400 or row
                    or _run_in_heading(last) and "\n" not in text[out[-1][1]:a]):
            rows = rows + 1 if row or last.endswith(":") else 0
            out[-1] = (out[-1][0], b)
        else:
            rows = 0
            out.append((a, b))
    return out


TABLE_ROWS = 24  # rows of a small table a sentence ending in ':' runs on into
_FIGURE = re.compile(r"^\(?\$?\d[\d,.]*%?\)?$")


def _table_row(span: str) -> bool:
    """Is the span one short line of figures ("15          2.5", "Step 3   $41.20")?"""
    words = span.split()
    return ("\n" not in span.strip() and len(span) <= 80 and bool(words)
            and 2 * sum(bool(_FIGURE.match(w)) for w in words) >= len(words))


_SECTION_MARK = re.compile(r"^\s*(?:(?:Section|Article)\s+\d[\d.]*\s+|\(?[a-zA-Z0-9]{1,4}[.)]\s+)")


_SMALL_WORDS = frozenset("of and the for in on to a an or with".split())


def _run_in_heading(sentence: str) -> bool:
    """Is the sentence a heading ending in a full stop ("(A) Continuous OUS Service.")?"""
    line = sentence.rsplit("\n", 1)[-1]
    title = _SECTION_MARK.sub("", line, count=1)
    words = [w for w in title.split() if w.lower() not in _SMALL_WORDS]
    return (title.endswith(".") and len(title.split()) <= 6 and title_like(title)
            and (title != line or all(w[0].isupper() for w in words)))


def markers_in(text: str) -> list[int]:
    """The citation markers [n] in a text, in order."""
    return [int(m) for m in _MARKER.findall(text)]


def without_markers(text: str) -> str:
    """The text with its citation markers [n] (and the space before each) taken out."""
    return re.sub(r"\s*" + _MARKER.pattern, "", text)


def split_sentences(text: str) -> list[str]:
    """The sentences of a text (see sentence_spans)."""
    return [text[a:b] for a, b in sentence_spans(text)]


_COUNTED_RX = re.compile(rf"\b{_COUNT}\s+([A-Za-z-]+)(?:\s+([A-Za-z-]+))?", re.IGNORECASE)


def states_count_of(text: str, noun: str) -> bool:
    """Does the text state a number of `noun` ("shall be granted two steps", "thirty (30)
    full-time students"), one word allowed between?"""
    head = terms(noun.split()[-1])
    return bool(head) and any(head in (terms(m[1]), terms(m[2] or ""))
                              for m in _COUNTED_RX.finditer(text))
