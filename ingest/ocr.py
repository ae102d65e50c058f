"""Scanned pages: a page with no text layer is rendered and read by Tesseract (Debian's
`tesseract-ocr` with `tesseract-ocr-eng`, installed by `make setup`).

Tesseract's TSV output gives each word with its box and confidence; lines and paragraphs are
rebuilt from its block / paragraph / line numbers. A line drawn through a word on the scan (a
dark run across most of the word at mid-height, where letters alone leave gaps) marks it
struck, so it is kept out of the live text as on a text-layer redline. The page's mean word
confidence is kept for citations and the ingest report.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass

import numpy as np

from .marked import KEEP, Mark

DPI = 300
STRUCK = Mark("delete", None, "scan")
MIN_RUN = 0.8  # share of a word's width a drawn line must cover, unbroken
DARK = 110  # grey level (0-255) below which a pixel counts as ink


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
    and its mean word confidence (0-100)."""
    import pymupdf

    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    gray = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)
    words = _tesseract(pix.tobytes("png"))
    confs = [w.conf for w in words if w.conf >= 0]
    return _parts(words, gray[:, : pix.width] < DARK), (sum(confs) / len(confs) if confs else 0.0)


def _tesseract(png: bytes) -> list[Word]:
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "2")}
    out = subprocess.run(["tesseract", "stdin", "stdout", "-l", "eng", "--psm", "3", "tsv"],
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
    if len(text) < 3 or width < 2 * height:
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
