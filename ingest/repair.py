"""Repairs for what text extraction breaks, without changing what the text says.

Every function takes and returns a MarkedText, so redline marks survive. `repair` runs them in
order: markup escapes, mojibake, shifted-font runs, line-end hyphens, whitespace (last). Page
and header cleanup happens before this, elsewhere. Each repair is conservative: when a rule
cannot tell damage from real text, the text is left alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from itertools import chain

from .marked import MarkedText

Edit = tuple[int, int, str]  # replace text[start:end] with the string


def _splice(mt: MarkedText, edits: Iterable[Edit]) -> MarkedText:
    """Apply sorted, non-overlapping edits; replacement text takes the mark at the edit start
    (or, for a pure insertion, the mark of the character before it)."""
    edits = sorted(set(edits))
    if not edits:
        return mt
    text, out, pos = mt.text, [], 0
    if mt.is_plain:
        for a, b, new in edits:
            out += [text[pos:a], new]
            pos = b
        return MarkedText("".join(out) + text[pos:])
    for a, b, new in edits:
        out += [(text[s:e], m) for s, e, m in mt.runs(pos, a)]
        out.append((new, mt.mark_at(a if a < b or a == 0 else a - 1)))
        pos = b
    out += [(text[s:e], m) for s, e, m in mt.runs(pos)]
    return MarkedText.build(out)


# --- vocabulary -------------------------------------------------------------------------

_WORD_RX = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@lru_cache(maxsize=1)
def word_list() -> frozenset[str]:
    """The bundled word list (ingest/data/words.txt, built by ingest/data/build_words.py)."""
    data = resources.files("ingest").joinpath("data/words.txt").read_text(encoding="utf-8")
    return frozenset(data.split())


def document_vocab(text: str) -> frozenset[str]:
    """Lower-cased words (letters and apostrophes, 2+ chars) in `text`, plus the word list."""
    words = {w.lower().replace("’", "'") for w in _WORD_RX.findall(text)}
    return frozenset(w for w in words if len(w) >= 2) | word_list()


def _known(word: str, vocab: frozenset[str]) -> bool:
    w = word.lower().replace("’", "'")
    return w in vocab or (w[-2:] in ("'s", "s'") and w[:-2 if w[-2] == "'" else -1] in vocab)


# --- markup escapes, entities, stray tags -------------------------------------------------

_EMPHASIS_RX = re.compile(  # the marked words must hold a letter or digit: not "__----__"
    r"\*\*(?<!\*\*\*)(?=[^\s*])[^*\n]*?[^\W_][^*\n]*?(?<=[^\s*])\*\*(?!\*)"
    r"|__(?<![\w_]__)(?=[^\s_])[^_\n]*?[^\W_][^_\n]*?(?<=[^\s_])__(?![\w_])"
)
# What markdown writers escape: most punctuation always, "." only after a number ("12\."),
# "-" only as a bullet or dash. Other backslashes (OCR junk, paths) stay.
_ESCAPE_RX = re.compile(
    r"\\(?<!\\\\)(?:([!\"#$%&'*+<>@\[\]^_`{|}~])|(?<=\d\\)(\.)"
    r"|(?<=\s\\)(-)(?=\s)|(?<![^\n]\\)(-)(?=\s))"
)
# Inline TeX math that a PDF-to-markdown converter made of plain numbers: "$18 \\, / \\, 24$".
# Only spans holding a TeX spacing command qualify, so dollar amounts are never touched.
_TEX_MATH_RX = re.compile(r"\$(?=[^$\n]*\\[,;:! ])([0-9][0-9 .,/+\-\\;:!%]*[0-9%])\$")
_TEX_THOUSANDS_RX = re.compile(r"(?<=\d)\\,(?=\d{3}(?!\d))")
_TEX_SPACE_RX = re.compile(r"\s*\\[,;:! ]\s*")
_ENTITY_RX = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BLOCK = "br|hr|p|div|li|ul|ol|tr|table|thead|tbody|tfoot|h[1-6]|blockquote|pre|section"
_INLINE = "span|b|i|em|strong|font|a|sup|sub|small|big|u|ins|del|s|strike|code|mark|td|th"
_ATTR = r"""\s+[\w:-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+)"""  # name=value only: not "<a and b>"
_TAG_RX = re.compile(
    rf"<!--.*?-->|</?(?:({_BLOCK})|{_INLINE})(?:{_ATTR})*\s*/?>", re.IGNORECASE | re.DOTALL
)


def _tex_numbers(m: re.Match[str]) -> str:
    return _TEX_SPACE_RX.sub(" ", _TEX_THOUSANDS_RX.sub(",", m.group(1)))


def unescape(mt: MarkedText) -> MarkedText:
    """Drop markdown/HTML residue: `**bold**`/`__bold__` markers (keeping the words and their
    marks), known HTML tags (block tags and <br> become a newline; "a < b" and "<5 days" stay),
    HTML entities (&amp; &nbsp; &#8217;), backslash escapes of punctuation (\\$ -> $), and
    inline TeX math made of numbers ("$18 \\, / \\, 24$" -> "18 / 24")."""
    edits = []
    for m in _EMPHASIS_RX.finditer(mt.text):
        a, b = m.span()
        edits += [(a, a + 2, ""), (b - 2, b, "")]
    mt = _splice(mt, edits)
    mt = mt.sub(_TAG_RX, lambda m: "\n" if m.group(1) else "")
    mt = mt.sub(_ENTITY_RX, lambda m: html.unescape(m.group(0))) if "&" in mt.text else mt
    if "\\" in mt.text:
        mt = mt.sub(_TEX_MATH_RX, _tex_numbers)
    return mt.sub(_ESCAPE_RX, lambda m: m.group(m.lastindex or 0)) if "\\" in mt.text else mt


# --- mojibake --------------------------------------------------------------------------------

# Characters whose cp1252 byte is a UTF-8 continuation byte (0x80-0xBF), plus the five
# bytes cp1252 leaves undefined (kept as C1 controls by lenient decoders).
_CONT = "".join(
    sorted({bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xC0)})
)
_UTF8_AS_CP1252_RX = re.compile(f"[ÂÃ][{re.escape(_CONT)}]|[âï][{re.escape(_CONT)}]{{2}}")
_SPANISH_RX = re.compile(r"[áéíúñü¿¡]|\b(?:el|la|los|las|de|del|y|que|por|para)\b")
_MAC_DASH_RX = re.compile(r"[óñ](?<=\S [óñ])(?= \S)")  # cp1252 em/en dash read as Mac Roman
_C1_RX = re.compile(
    r"(\x92)(?<=[A-Za-z]\x92)"  # apostrophe
    r"|(\x93)[^\x93\x94\n]{1,80}?(\x94)"  # a pair of double quotes on one line
    r"|([\x96\x97])(?<=[ \d][\x96\x97])(?=[ \d])"  # dashes between spaces or digits
)
_C1_ANY_RX = re.compile("[\x91-\x97]")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl",
                            "ﬅ": "st", "ﬆ": "st"})
_LIGATURE_RX = re.compile("[ﬀ-ﬆ]")


def _utf8_as_cp1252(m: re.Match[str]) -> str:
    s = m.group(0)
    try:
        raw = b"".join(c.encode("cp1252") if ord(c) > 0x9F else bytes([ord(c)]) for c in s)
        return raw.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return s


def _mac_dash(m: re.Match[str]) -> str:
    start = m.string.rfind("\n", 0, m.start()) + 1
    end = m.string.find("\n", m.end())
    line = m.string[start : end if end >= 0 else len(m.string)]
    if _SPANISH_RX.search(line.replace(f" {m.group(0)} ", " ")):
        return m.group(0)
    return "—" if m.group(0) == "ó" else "–"


def fix_mojibake(mt: MarkedText) -> MarkedText:
    """Undo clear encoding damage: UTF-8 read as cp1252 ("â€™" -> "’", "Ã©" -> "é"),
    cp1252 dashes read as Mac Roman (a lone " ó " -> " — ", " ñ " -> " – ", unless the line
    looks Spanish), cp1252 punctuation left as C1 controls (only an apostrophe after a letter,
    dashes between spaces or digits, paired double quotes), and typographic ligatures (ﬁ -> fi)."""
    mt = mt.sub(_UTF8_AS_CP1252_RX, _utf8_as_cp1252)
    mt = mt.sub(_MAC_DASH_RX, _mac_dash)
    if _C1_ANY_RX.search(mt.text):
        mt = _splice(mt, [
            (m.start(g), m.end(g), m.group(g).encode("latin-1").decode("cp1252"))
            for m in _C1_RX.finditer(mt.text) for g in range(1, 5) if m.group(g)
        ])
    return mt.sub(_LIGATURE_RX, lambda m: m.group(0).translate(_LIGATURES))


# --- runs extracted through a shifted font map ----------------------------------------------

_SHIFTS = (2, 1, 3, -1, -2, -3)
_SHORT_TEXT = (  # short words common enough to count as evidence for a decoding
    "an and are as at be but by can day due for has he her his if in is it its may no not of "
    "on one or our per pay she the to two was we who why you all any had how new now out own "
    "see set six ten use way"
)
_SHORT_WORDS = frozenset(_SHORT_TEXT.split())
_TOKEN_RX = re.compile(r"\S+")
_TOKEN_OR_BREAK_RX = re.compile(r"\S+|[\n\f]")
_SHIFTED_SPACE_RX = re.compile(r'[!"#]')
_PIECE_RX = {k: re.compile(rf"[^\s{re.escape(chr(32 + k))}]+") if k > 0 else _TOKEN_RX
             for k in _SHIFTS}
_DECODED_RX = re.compile(  # a word, a number or punctuation, as decoded text may hold
    r"[(\[\"']?[A-Za-z]+(?:['-][A-Za-z]+)*[)\]\"']?[.,;:!?]?[)\]\"']?|[.,;:!?()\-]+"
    r"|[($]?[0-9]+(?:[.,/:-][0-9]+)*%?\)?[.,;:]?"
)
_CLOSING_RX = re.compile(r"[.,;:!?)\]]+")
_LETTERS_RX = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
_NON_ASCII_IN_WORD_RX = re.compile(r"(?<=[A-Za-z])[^\x00-\x7f](?=[A-Za-z])")
_KNOWN, _NEUTRAL, _UNKNOWN = 0, 1, 2


def _token_state(tok: str, raw_vocab: frozenset[str]) -> int:
    words = [w for w in _WORD_RX.findall(tok) if len(w) >= 2]
    if not words:
        return _NEUTRAL
    return _KNOWN if all(_strong(w, raw_vocab) for w in words) else _UNKNOWN


def _clusters(text: str, raw_vocab: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of adjacent tokens on one line with unknown words that might be shifted text:
    two or more unknown tokens, or one holding a character a shifted space turns into."""
    out: list[tuple[int, int]] = []
    cache: dict[str, int] = {"\n": _KNOWN, "\f": _KNOWN}
    start = end = unknown = 0
    for m in chain(_TOKEN_OR_BREAK_RX.finditer(text), [None]):
        tok = m.group() if m else "\n"
        state = cache.get(tok)
        if state is None:
            state = cache[tok] = _token_state(tok, raw_vocab)
        if state != _KNOWN:
            unknown += state == _UNKNOWN
            end = m.end()
            continue
        if unknown > 1 or (unknown and _SHIFTED_SPACE_RX.search(text, start, end)):
            out.append((start, end))
        unknown, start = 0, m.end() if m else 0
    return out


@lru_cache(maxsize=8)
def _shift_table(k: int) -> dict[int, str]:
    return {c: chr(c - k) if 33 <= c - k <= 126 else "\0" for c in range(128)}


def _decode(piece: str, k: int) -> str | None:
    """`piece` with every ASCII char shifted back by k (None if that does not read as a word);
    a non-ASCII char between letters becomes an apostrophe."""
    s = piece.translate(_shift_table(k))
    if "\0" in s:
        return None
    s = _NON_ASCII_IN_WORD_RX.sub("'", s)
    return s if _DECODED_RX.fullmatch(s) else None


def _strong(word: str, vocab: frozenset[str]) -> bool:
    w = word.lower()
    return len(w) >= 2 and _known(w, vocab) and (len(w) >= 4 or w in _SHORT_WORDS)


def _classify(piece: str, k: int, vocab: frozenset[str], raw_vocab: frozenset[str]):
    """(class, decoded): "R" a real word, "X" not decodable, "D" decodes to a known word,
    "B" both a real word and one decoded ("up" is "to" shifted by 1), "N" neither."""
    real = any(_strong(w, raw_vocab) for w in _WORD_RX.findall(piece))
    dec = _decode(piece, k)
    if dec is None:
        return "X", None
    if any(_strong(w, vocab) for w in _LETTERS_RX.findall(dec)):
        return ("B" if real else "D"), dec
    return ("R", None) if real else ("N", dec)


def _gap_edit(text: str, e: int, s: int, sep: str, prev: str, nxt: str, vocab) -> Edit | None:
    """Edit for the separator text[e:s] between two decoded pieces of one run."""
    gap = text[e:s]
    new = gap.replace(sep, " ") if sep else gap
    glue = bool(_CLOSING_RX.fullmatch(nxt))  # "ter m , a" -> "ter m, a"
    glue = glue or (sep not in gap and prev.isalpha() and nxt.isalpha() and len(nxt) <= 2
                    and not _strong(prev, vocab) and _strong(prev + nxt, vocab))  # "ter m"
    new = "" if glue else new
    return (e, s, new) if new != gap else None


def _run_edits(text: str, run: list, sep: str, vocab: frozenset[str]) -> list[Edit]:
    """Edits that decode one accepted run of (start, end, class, decoded) pieces."""
    edits = [(s, e, dec) for s, e, _, dec in run if dec != text[s:e]]
    for (_, e, _, prev), (s, _, _, nxt) in zip(run, run[1:], strict=False):
        gap = _gap_edit(text, e, s, sep, prev, nxt, vocab)
        if gap:
            edits.append(gap)
    first, last = run[0][0], run[-1][1]
    if sep and first >= 2 and text[first - 1] == sep and not text[first - 2].isspace():
        edits.append((first - 1, first, " "))
    if sep and text[last : last + 1] == sep:
        edits.append((last, last + 1, " "))
    return edits


def _accept(text: str, run: list, sep: str) -> list:
    """The run trimmed of unattached undecided edge pieces, or [] if it is not clearly text."""
    def attached(i: int) -> bool:
        s, e = run[i][0], run[i][1]
        return bool(sep) and sep in (text[s - 1 : s], text[e : e + 1])

    while run and run[0][2] in "NB" and not attached(0):
        run = run[1:]
    while run and run[-1][2] in "NB" and not attached(len(run) - 1):
        run = run[:-1]
    hits = sum(p[2] == "D" for p in run)
    wordy = sum(p[2] != "B" and any(len(w) >= 2 for w in _LETTERS_RX.findall(p[3])) for p in run)
    has_sep = bool(sep) and any(sep in text[p[0] - 1 : p[1] + 1] for p in run)
    return run if hits >= 2 and (hits >= 3 or has_sep) and 2 * hits > wordy else []


def _decode_span(text: str, a: int, b: int, vocab, raw_vocab) -> list[Edit]:
    """Best decoding (most decoded words) of the shifted runs inside text[a:b]."""
    best: list[Edit] = []
    best_hits = 0
    for k in _SHIFTS:
        sep = chr(32 + k) if k > 0 else ""
        runs, cur = [], []
        for m in _PIECE_RX[k].finditer(text, a, b):
            cls, dec = _classify(m.group(), k, vocab, raw_vocab)
            if cls in "DNB":
                cur.append((m.start(), m.end(), cls, dec))
            else:
                runs.append(cur)
                cur = []
        runs = [_accept(text, run, sep) for run in runs + [cur] if run]
        hits = sum(p[2] == "D" for run in runs for p in run)
        if hits > best_hits:
            best_hits = hits
            best = [ed for run in runs if run for ed in _run_edits(text, run, sep, vocab)]
    return best


def fix_shifted_runs(mt: MarkedText, vocab: frozenset[str] | None = None) -> MarkedText:
    """Decode runs extracted through a broken font map, where every character is shifted by a
    small constant (`{gct"qh"vjg"ejcktøu"` is "year of the chair's " shifted by 2, with the
    space shifted to '"'). Only runs of unknown words whose decoding is mostly dictionary
    words (2+ of them, a clear majority) are decoded; real text is never touched.

    Unknown/raw words are judged against the bundled word list only, because a vocabulary
    built from the document itself contains the garbled words; `vocab` adds words that a
    decoded run may contain."""
    raw_vocab = word_list()
    known = raw_vocab | vocab if vocab else raw_vocab
    edits = [
        ed for a, b in _clusters(mt.text, raw_vocab)
        for ed in _decode_span(mt.text, a, b, known, raw_vocab)
    ]
    return _splice(mt, edits)


# --- words split across line ends -------------------------------------------------------------

_HYPHEN_BREAK_RX = re.compile(  # hyphen after a letter, line break, lower-case word
    r"[-\u00ad\u2010](?<=[A-Za-z].)([ \t]*\n[ \t]*)([a-z]+)[.,;:!?)\]']*([ \t]+(?=\S))?"
)
_INNER_HYPHEN_RX = re.compile(r"-(?<=[A-Za-z]-)(?=[A-Za-z])")
_TAIL_WORD_RX = re.compile(r"[A-Za-z]+\Z")
_HEAD_WORD_RX = re.compile(r"[A-Za-z]+")


def _left_word(text: str, i: int) -> str:
    m = _TAIL_WORD_RX.search(text, max(0, i - 40), i)
    return m.group(0) if m else ""


def _hyphenated_pairs(text: str) -> set[str]:
    """Every "left-right" word pair written with a hyphen on one line, lower-cased."""
    return {
        f"{_left_word(text, m.start())}-{_HEAD_WORD_RX.match(text, m.end()).group(0)}".lower()
        for m in _INNER_HYPHEN_RX.finditer(text)
    }


def dehyphenate(mt: MarkedText, vocab: frozenset[str] | None = None) -> MarkedText:
    r"""Rejoin words split across a line end ("negoti-\nations" -> "negotiations"). The rule:
    if the document also writes the pair hyphenated on one line ("part-time"), keep the
    hyphen; else if the joined word is a known word, join; else keep the hyphen ("twenty-five").
    The line break moves after the rejoined word, so the line count is unchanged.
    `vocab` defaults to document_vocab(text)."""
    text = mt.text
    breaks = list(_HYPHEN_BREAK_RX.finditer(text))
    if not breaks:
        return mt
    vocab = document_vocab(text) if vocab is None else vocab
    hyphenated = _hyphenated_pairs(text)
    edits: list[Edit] = []
    for m in breaks:
        left, right = _left_word(text, m.start()), m.group(2)
        join = f"{left}-{right}".lower() not in hyphenated and _known(left + right, vocab)
        edits.append((m.start(), m.end(1), "" if join else "-"))
        if m.group(3):
            edits.append((m.start(3), m.end(3), "\n"))
    return _splice(mt, edits)


# --- whitespace -------------------------------------------------------------------------------

_ODD_SPACES = "\t\x0b\xa0\u1680\u2000-\u200b\u202f\u205f\u3000"  # a range inside [...]
_SPACES_RX = re.compile(f"[{_ODD_SPACES}][ {_ODD_SPACES}]*| [ {_ODD_SPACES}]+")
_ZERO_WIDTH_RX = re.compile("\ufeff+")  # byte-order marks; zero-width spaces count as spaces
_PAGE_BREAKS_RX = re.compile(r"\f[\f \n]*")


def _page_break_edits(text: str) -> list[Edit]:
    r"""Each run of page breaks, with the spaces and newlines around it, becomes "\n\f\n"
    (one "\f" per page break, each on its own line)."""
    edits = []
    for m in _PAGE_BREAKS_RX.finditer(text):
        start = m.start()
        while start and text[start - 1] in " \n":
            start -= 1
        new = "\n" + "\n".join("\f" * m.group(0).count("\f")) + "\n"
        if text[start : m.end()] != new:
            edits.append((start, m.end(), new))
    return edits


def normalize_whitespace(mt: MarkedText) -> MarkedText:
    r"""Tidy whitespace: "\r" line ends become "\n", byte-order marks go, runs of spaces,
    tabs, nbsp, zero-width and other Unicode spaces become one space, lines lose leading and
    trailing spaces, 3+ newlines become 2, each page break "\f" stands alone on its own line
    ("a\n\f\nb"; empty pages are kept), and the document loses surrounding spaces and
    newlines."""
    mt = mt.sub(r"\r\n?", "\n") if "\r" in mt.text else mt
    mt = mt.sub(_ZERO_WIDTH_RX, "")
    mt = mt.sub(_SPACES_RX, " ").sub(r" *\n *", "\n")
    mt = _splice(mt, _page_break_edits(mt.text))
    mt = mt.sub(r"\n\n\n+", "\n\n")
    text = mt.text
    head, tail = len(text) - len(text.lstrip(" \n")), len(text.rstrip(" \n"))
    return mt.slice(head, max(head, tail)) if head or tail < len(text) else mt


def repair(mt: MarkedText, vocab: frozenset[str] | None = None) -> MarkedText:
    """Run every repair in order: unescape, fix_mojibake, fix_shifted_runs, dehyphenate,
    normalize_whitespace. `vocab` adds known words (e.g. from other documents); the document's
    own words and the bundled list are always used, so passing document_vocab(text) is not
    needed."""
    mt = fix_shifted_runs(fix_mojibake(unescape(mt)), vocab)
    mt = dehyphenate(mt, None if vocab is None else document_vocab(mt.text) | vocab)
    return normalize_whitespace(mt)
