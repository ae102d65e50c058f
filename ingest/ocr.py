"""Scanned pages: a page with no text layer is rendered and read by Tesseract (Debian's
`tesseract-ocr` with `tesseract-ocr-eng`, installed by `make setup`).

Tesseract's TSV output gives each word with its box and confidence; lines and paragraphs are
rebuilt from its block / paragraph / line numbers. A line drawn through a word on the scan (a
dark run across most of the word at mid-height, where letters alone leave gaps) marks it
struck, so it is kept out of the live text as on a text-layer redline. The page's mean word
confidence is kept for citations and the ingest report.

How the page is read (measured by `steward eval --set ocr`, OCR against text-layer pages):
each pixel is taken at its darkest colour channel, so coloured print (a green or purple column
of a pay table, red redline) is ink rather than the light grey plain luminance makes it;
Tesseract reads the page as one block of lines (--psm 6), so a table row and a hanging section
number ("26-3  Group Life ...") stay on their line (its automatic layout, --psm 3, read them as
separate columns); long thin lines (table borders, rules, strike lines) are whitened first, as
Tesseract reads them as letters or drops a struck line whole; a page read poorly is tried
turned on its side (landscape pay tables printed sideways). Two-column prose is not split into
its columns. Tesseract runs single-threaded (OMP_THREAD_LIMIT=1 unless set): its two threads
spin against each other and cost ten times the CPU on a busy two-core machine. A dollar
sign set apart from its amount, often read "S" or "5s", is put back (`_dollars`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, replace

import numpy as np

from .marked import KEEP, Mark

DPI = 300
STRUCK = Mark("delete", None, "scan")
MIN_RUN = 0.8  # share of a word's width a drawn line must cover, unbroken
DARK = 110  # grey level (0-255) below which a pixel counts as ink
PSM = "6"  # one block of lines: rows of tables and hanging section numbers stay on their line
POOR = 60  # mean word confidence below which a page is tried turned on its side
GOOD = 85  # an upright line read this confidently is kept beside the turned page's text
FAINT = 200  # grey level below which a pixel may belong to a drawn line (rules are often grey)
RULE_LEN = 1 / 3  # inches: a straight run of ink this long is a drawn line, not a letter
RULE_THICK = 1 / 50  # inches: a drawn line is at most this thick (thicker is a box or a bar)
PALE = 140  # luminance above which a colour is paper or highlight (yellow 226), not print
HIGHLIGHT = 1 / 20  # inches: colour filling a square this wide is a highlight or shading, not print


@dataclass(frozen=True)
class Word:
    text: str
    box: tuple[int, int, int, int]  # left, top, width, height in pixels
    conf: float
    line: tuple[int, int, int]  # block, paragraph, line


def available() -> bool:
    """Is Tesseract installed?"""
    return shutil.which("tesseract") is not None


def read_page(page, dpi: int = DPI) -> tuple[list[tuple[str, Mark]], float]:
    """A page's words as (text, mark) parts, lines and paragraphs as the scan lays them out,
    and its mean word confidence (0-100). Long thin lines are whitened before Tesseract reads
    the page (see `ruled`); a page it reads poorly is tried turned on its side (`_turned`)."""
    import pymupdf

    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)
    rgb = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)
    gray = inked(rgb[:, : 3 * pix.width].reshape(pix.height, pix.width, 3), dpi)
    ink = gray < DARK
    clean = np.where(ruled(gray < FAINT, dpi), np.uint8(255), gray)
    words = _dollars(_tesseract(_png(clean)))
    if words and _mean(words) < POOR:
        turned = _turned(clean, ink, words)
        if turned is not None:
            return turned
    return _parts(words, ink), _mean(words)


def inked(rgb: np.ndarray, dpi: int = DPI) -> np.ndarray:
    """Grey levels for Tesseract: each pixel at its darkest colour channel, so coloured print
    (a green or purple pay-table lane, red redline) is ink, except pale colours and filled
    blocks of colour (a yellow highlight, a shaded cell), which keep their luminance so the
    black text on them stays readable."""
    low = rgb.min(axis=2)
    lum = (rgb @ np.array([0.299, 0.587, 0.114])).astype(np.uint8)
    coloured = rgb.max(axis=2).astype(np.int16) - low > 60
    k = max(3, round(HIGHLIGHT * dpi))
    block = _grow(_box(coloured, k) == k * k, k)  # colour thicker than any stroke: a fill
    return np.ascontiguousarray(np.where(block | (lum > PALE), lum, low))


def _box(mask: np.ndarray, k: int) -> np.ndarray:
    """Count of True pixels in the k x k window ending at each pixel (integral image)."""
    total = np.zeros((mask.shape[0] + 1, mask.shape[1] + 1), dtype=np.int32)
    total[1:, 1:] = mask.cumsum(0).cumsum(1)
    out = np.zeros(mask.shape, dtype=np.int32)
    out[k - 1:, k - 1:] = (total[k:, k:] - total[:-k, k:] - total[k:, :-k] + total[:-k, :-k])
    return out


def _grow(mask: np.ndarray, k: int) -> np.ndarray:
    """Each True pixel (the corner of a full window) spread back over its k x k window."""
    return _box(np.pad(mask, ((0, k - 1), (0, k - 1)))[k - 1:, k - 1:], k) > 0


_DOLLAR = re.compile(r"S|S\$|\$S|5S|5s|s|\$\$")
_AMOUNT = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d\d)?|\d{3,6}(?:\.\d\d)?")


def _dollars(words: list[Word]) -> list[Word]:
    """A dollar sign standing apart from its amount is often read "S", "S$" or "5s" ("$ 4,024"
    in a pay table): before an amount on the same line it is a "$"."""
    out = list(words)
    for i, (w, nxt) in enumerate(zip(words, words[1:], strict=False)):
        if w.line == nxt.line and _DOLLAR.fullmatch(w.text) and _AMOUNT.fullmatch(nxt.text):
            out[i] = replace(w, text="$")
    return out


def _png(gray: np.ndarray) -> bytes:
    import pymupdf

    gray = np.ascontiguousarray(gray)
    return pymupdf.Pixmap(pymupdf.csGRAY, gray.shape[1], gray.shape[0], gray.tobytes(),
                          0).tobytes("png")


def _mean(words: list[Word]) -> float:
    confs = [w.conf for w in words if w.conf >= 0]
    return sum(confs) / len(confs) if confs else 0.0


def _turned(clean: np.ndarray, ink: np.ndarray, upright: list[Word]):
    """Text printed sideways (a landscape pay table on a portrait page): the page turned as
    Tesseract's orientation detection says and read again, kept only when it reads with
    clearly more confidence. Upright lines that read well (a running header) come first."""
    quarter = _quarter_turns(clean)
    if not quarter:
        return None
    words = _dollars(_tesseract(_png(np.rot90(clean, quarter))))
    if _mean(words) < _mean(upright) + 15:
        return None
    kept = [w for w in upright if _line_conf(upright, w.line) >= GOOD]
    parts = _parts(kept, ink)
    if parts:
        parts.append(("\n", KEEP))
    return parts + _parts(words, np.rot90(ink, quarter)), _mean(kept + words)


def _line_conf(words: list[Word], line: tuple[int, int, int]) -> float:
    return _mean([w for w in words if w.line == line])


def _quarter_turns(clean: np.ndarray) -> int:
    """Counter-clockwise quarter turns that set the page upright (Tesseract's orientation
    and script detection, on the page at half resolution); 0 when unsure."""
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
    out = subprocess.run(["tesseract", "stdin", "stdout", "--psm", "0"], input=_png(
        clean[::2, ::2]), capture_output=True, timeout=120, env=env, check=False)
    text = out.stdout.decode("utf-8", "replace")
    turn = re.search(r"Rotate: (\d+)", text)
    conf = re.search(r"Orientation confidence: ([\d.]+)", text)
    if not turn or not conf or float(conf.group(1)) < 1.0:
        return 0
    return (-int(turn.group(1)) // 90) % 4


def ruled(ink: np.ndarray, dpi: int = DPI) -> np.ndarray:
    """Pixels of long thin lines: table borders, rules, underlines and lines drawn through
    words. Tesseract reads them as letters ("|", "_", "1S" for a "$" against a border) or
    drops a struck line of text whole, so they are whitened before it reads the page (the
    strike test still looks at the page as scanned)."""
    length, thick = round(RULE_LEN * dpi), max(2, round(RULE_THICK * dpi))
    out = np.zeros_like(ink)
    for axis in (1, 0):  # horizontal, then vertical
        long = _runs(ink, length, axis)
        out |= long & ~_runs(long, thick + 1, 1 - axis)
    return out


def _runs(mask: np.ndarray, n: int, axis: int) -> np.ndarray:
    """Pixels inside an unbroken run of at least n True pixels along the axis."""
    rows = mask if axis == 1 else mask.T
    size = rows.shape[1]
    if size < n:
        return np.zeros_like(mask)
    total = np.zeros((rows.shape[0], size + 1), dtype=np.int32)
    np.cumsum(rows, axis=1, out=total[:, 1:])
    full = (total[:, n:] - total[:, :-n]) == n  # a run of n starts here
    starts = np.zeros((rows.shape[0], full.shape[1] + n), dtype=np.int32)
    np.cumsum(full, axis=1, out=starts[:, 1: full.shape[1] + 1])
    starts[:, full.shape[1] + 1:] = starts[:, full.shape[1]: full.shape[1] + 1]
    out = (starts[:, 1: size + 1] - np.pad(starts, ((0, 0), (n, 0)))[:, 1: size + 1]) > 0
    return out if axis == 1 else out.T


def _tesseract(png: bytes) -> list[Word]:
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
    out = subprocess.run(["tesseract", "stdin", "stdout", "-l", "eng", "--psm", PSM, "tsv"],
                         input=png, capture_output=True, timeout=300, env=env, check=True)
    words = []
    for row in out.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) == 12 and cols[0] == "5" and cols[11].strip():
            left, top, width, height = (int(c) for c in cols[6:10])
            words.append(Word(cols[11].strip(), (left, top, width, height), float(cols[10]),
                              (int(cols[2]), int(cols[3]), int(cols[4]))))
    return words


def _parts(words: list[Word], ink: np.ndarray) -> list[tuple[str, Mark]]:
    parts: list[tuple[str, Mark]] = []
    prev: tuple[int, int, int] | None = None
    for w in words:
        if prev is not None:
            same_par = prev[:2] == w.line[:2]
            parts.append((" " if prev == w.line else "\n" if same_par else "\n\n", KEEP))
        parts.append((w.text, drawn_mark(ink, w.box, w.text)))
        prev = w.line
    if parts:
        parts.append(("\n", KEEP))
    return _spread(parts)


def drawn_mark(ink: np.ndarray, box: tuple[int, int, int, int], text: str = "") -> Mark:
    """STRUCK when a thin line runs unbroken through most of the word at mid-height (letters
    leave gaps between them; a drawn line does not), else KEEP. Short words and single marks
    (bullets, an "e" or "a" whose bar fills its box) are never judged. Underlines are not read
    as insertions: on scans they are mostly headings and labels."""
    left, top, width, height = box
    if len(text) < 3 or width < 1.5 * height:
        return KEEP
    band = ink[top + int(0.3 * height): top + int(0.75 * height) + 1, left: left + width]
    lined = [_longest_run(row) >= MIN_RUN * width for row in band]
    return STRUCK if 0 < sum(lined) <= max(2, height // 5) else KEEP


def _longest_run(row: np.ndarray) -> int:
    """The longest unbroken run of ink in one row of pixels."""
    if not row.any():
        return 0
    edges = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(np.int8), [0]))))
    return int((edges[1::2] - edges[::2]).max())


def _spread(parts: list[tuple[str, Mark]]) -> list[tuple[str, Mark]]:
    """A space between two struck words is struck with them."""
    out = list(parts)
    for i in range(1, len(out) - 1):
        text, mark = out[i]
        if text == " " and out[i - 1][1] is out[i + 1][1] and out[i - 1][1] is not KEEP:
            out[i] = (text, out[i - 1][1])
    return out
