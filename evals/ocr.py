"""`steward eval --set ocr`: how well OCR reads a page, measured on pages whose text we know.

Text-layer pages of the shared development contracts (never the two scans) are rendered and
read by OCR exactly as ingest reads a scanned page (`ingest.ocr.read_page`), and the result is
compared with the page's own text layer as ingest reads it (`ingest.load_pdf.page_text`).

The sample is fixed by rule, not by hand: in each document, among the pages with a text layer
of at least MIN_CHARS characters and no embedded image (an image may hold text the layer lacks),
its middle page, its densest page (most letters and digits: dot leaders do not count) and its
table page (the largest share of digits: pay schedules). `quick` takes the middle pages of
QUICK.

Character error rate = Levenshtein edits / reference characters, after normalising only what a
reader cannot see: Unicode compatibility forms (NFKC: ligatures such as "ﬁ", full-width
forms), soft hyphens (removed), curly quotes (straight), en/em dashes and minus signs (a
hyphen), private-use glyphs (removed: symbol-font bullets have no defined reading), runs of
three or more underscores (removed: a fill-in blank is a line on the page, not letters) and
whitespace (any run is one space). Case, punctuation, bullets and reading order all count.
The overall figure is total edits / total reference characters. Word recall (the share of the
layer's words OCR also produced, in any order) tells misread words from reading-order moves.

Two orders are scored. `cer` keeps the text layer's own order, which for a table or a form is
the order its producer wrote the cells in (often column by column), so a correct row-by-row
reading counts as edits. `cer_lines` puts the layer's words in the order a page is read (lines
top to bottom by position, words left to right), the order Tesseract reads a page in (--psm 6):
it measures the reading itself. The 3% bar is checked against both and reported for both.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .runner import SHARED

DOCUMENTS = (
    "district-contracts/Albuquerque_Public_Schools__ATF-Negotiated-Agreement_2018-19.pdf",
    "district-contracts/Baltimore_City_Public_School_System__Baltimore_City_Public_Schools_"
    "2021-2023.pdf",
    "district-contracts/Boston_Public_Schools__Boston_2021-24-Collective-Bargaining-Agreement.pdf",
    "district-contracts/Denver_Public_Schools__Denver_2022-2025-CBA-Final.pdf",
    "district-contracts/Hillsborough_County_Public_Schools__Hillsborough_Contract_Teacher_"
    "2013_2016.pdf",
    "district-contracts/Long_Beach_Unified_School_District__2018-2019-TALB-NEGOTIATED-CONTRACT-"
    "K-12.pdf",
    "district-contracts/Milwaukee_Public_Schools__48.pdf",
    "district-contracts/Orange_County_Public_Schools__Orange_Contract_23-24_edition_of_21-24_"
    "CBA.pdf",
    "district-contracts/Portland_Public_Schools_ME__PEA_Contract_2019-2022_Teachers.pdf",
    "district-contracts/Providence_Public_School_District__91.pdf",
    "district-contracts/San_Antonio_Independent_School_District__92.pdf",
    "district-contracts/School_District_of_Lee_County__102-07.pdf",
    "district-contracts/School_District_of_Philadelphia__SD_of_Philadelphia_2021-2024.pdf",
    "seiu503-higher-ed/seiu503_higher_ed_cba_2022-2026.pdf",
)
QUICK = (DOCUMENTS[3], DOCUMENTS[-1])  # Denver, SEIU 503: two layouts, two pages
MIN_CHARS = 400
TARGET = 0.03  # the bar: CER at most 3%
BLANK = re.compile(r"_{3,}")
UNSEEN = {"\u00ad": "", "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
          "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2013": "-", "\u2014": "-",
          "\u2012": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-"}


def normalise(text: str) -> str:
    """What the comparison ignores (see the module notes)."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(UNSEEN.get(c, c) for c in text if not 0xE000 <= ord(c) <= 0xF8FF)
    return " ".join(BLANK.sub(" ", text).split())


@dataclass(frozen=True)
class PageScore:
    file: str
    page: int  # 1-based
    kind: str  # middle | dense | table
    chars: int  # reference characters after normalising
    edits: int
    words: int
    words_found: int
    confidence: float
    line_chars: int = 0  # reference characters with the layer in line order
    line_edits: int = 0

    @property
    def cer(self) -> float:
        return self.edits / self.chars if self.chars else 0.0

    @property
    def line_cer(self) -> float:
        return self.line_edits / self.line_chars if self.line_chars else 0.0


def _digit_share(text: str) -> float:
    ink = [c for c in text if not c.isspace()]
    return sum(c.isdigit() for c in ink) / len(ink) if ink else 0.0


@lru_cache(maxsize=32)
def _layers(file: str) -> tuple[tuple[int, str], ...]:
    """(page number, normalised plain text) of a document's eligible pages (for picking)."""
    import pymupdf

    with pymupdf.open(SHARED / file) as doc:
        pages = ((n + 1, normalise(p.get_text())) for n, p in enumerate(doc)
                 if not p.get_images(full=False))
        return tuple((n, t) for n, t in pages if len(t) >= MIN_CHARS)


def _alnum(text: str) -> int:
    return sum(c.isalnum() for c in text)


def sample(quick: bool = False) -> list[tuple[str, int, str]]:
    """(file, page, kind) of the pages scored, in a fixed order."""
    out: list[tuple[str, int, str]] = []
    for file in QUICK if quick else DOCUMENTS:
        pages = _layers(file)
        if not pages:
            continue
        picks = {"middle": pages[len(pages) // 2][0]}
        if not quick:
            picks["dense"] = max(pages, key=lambda p: _alnum(p[1]))[0]
            picks["table"] = max(pages, key=lambda p: _digit_share(p[1]))[0]
        seen: set[int] = set()
        for kind, page in picks.items():
            if page not in seen:
                seen.add(page)
                out.append((file, page, kind))
    return out


def line_order(words: list[tuple]) -> str:
    """PyMuPDF words (x0, y0, x1, y1, text, …) as lines top to bottom, words left to right: a
    word joins the line whose middle lies within half a line height of its own."""
    lines: list[list] = []  # [middle, height, words]
    for w in sorted(words, key=lambda w: ((w[1] + w[3]) / 2, w[0])):
        mid, height = (w[1] + w[3]) / 2, w[3] - w[1]
        line = next((ln for ln in lines if abs(ln[0] - mid) < 0.5 * max(height, ln[1])), None)
        if line is None:
            lines.append([mid, height, [w]])
        else:
            line[2].append(w)
    return "\n".join(" ".join(w[4] for w in sorted(ln[2], key=lambda w: w[0]))
                     for ln in sorted(lines, key=lambda ln: ln[0]))


def score_page(file: str, page: int, kind: str) -> PageScore:
    """OCR one text-layer page the way ingest reads a scan; compare with its layer."""
    import pymupdf
    from rapidfuzz.distance import Levenshtein

    from ingest import ocr
    from ingest.load_pdf import page_text

    with pymupdf.open(SHARED / file) as doc:
        ref = normalise(page_text(doc[page - 1]))
        lines = normalise(line_order(doc[page - 1].get_text("words")))
        parts, conf = ocr.read_page(doc[page - 1])
    hyp = normalise("".join(text for text, _ in parts))
    want, got = Counter(ref.split()), Counter(hyp.split())
    return PageScore(file, page, kind, len(ref), Levenshtein.distance(ref, hyp),
                     sum(want.values()), sum((want & got).values()), conf,
                     len(lines), Levenshtein.distance(lines, hyp))


def summary(scores: list[PageScore]) -> dict[str, Any]:
    """Overall CER (total edits / total characters), word recall, and per kind and page."""
    def cer(group: list[PageScore]) -> float:
        chars = sum(s.chars for s in group)
        return round(sum(s.edits for s in group) / chars, 4) if chars else 0.0

    def cer_lines(group: list[PageScore]) -> float:
        chars = sum(s.line_chars for s in group)
        return round(sum(s.line_edits for s in group) / chars, 4) if chars else 0.0

    def recall(group: list[PageScore]) -> float:
        words = sum(s.words for s in group)
        return round(sum(s.words_found for s in group) / words, 4) if words else 0.0

    kinds = sorted({s.kind for s in scores})
    return {"pages": len(scores), "documents": len({s.file for s in scores}),
            "characters": sum(s.chars for s in scores), "cer": cer(scores),
            "cer_lines": cer_lines(scores), "target_cer": TARGET, "word_recall": recall(scores),
            "by_kind": {k: {"pages": sum(s.kind == k for s in scores),
                            "cer": cer([s for s in scores if s.kind == k]),
                            "cer_lines": cer_lines([s for s in scores if s.kind == k]),
                            "word_recall": recall([s for s in scores if s.kind == k])}
                        for k in kinds},
            "by_page": {f"{Path(s.file).name[:32]} p{s.page} ({s.kind})":
                        {"cer": round(s.cer, 4), "cer_lines": round(s.line_cer, 4),
                         "chars": s.chars, "confidence": round(s.confidence, 1)}
                        for s in scores}}


def failures(scores: list[PageScore], limit: int = 10) -> list[str]:
    """The worst pages above the target, worst first."""
    bad = sorted((s for s in scores if s.cer > TARGET), key=lambda s: -s.cer)[:limit]
    return [f"{Path(s.file).name[:40]} p{s.page} ({s.kind}): CER {s.cer:.1%} "
            f"({s.edits} edits / {s.chars} chars; in line order {s.line_cer:.1%}), "
            f"words found {s.words_found}/{s.words}, "
            f"OCR confidence {s.confidence:.0f}" for s in bad]


def run(quick: bool = False) -> tuple[dict[str, Any], list[str]]:
    """`steward eval --set ocr [--quick]`: OCR against the text layer on the fixed sample."""
    from ingest import ocr
    from store.errors import ConfigError

    if not ocr.available():
        raise ConfigError("The ocr set needs Tesseract (`make setup` installs it as root).")
    scores = [score_page(*pick) for pick in sample(quick)]
    return summary(scores), failures(scores)
