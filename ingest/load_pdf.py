"""PDF loader: text per page with the redline recovered from drawn lines and markup annotations.

A PDF has no "struck" or "underlined" text attribute: word processors draw a short horizontal
line (or a hair-thin filled rectangle) through or under the words. Each character is matched
against the page's horizontal segments, found by y with bisect, by where the segment sits
relative to the character's baseline, in units of its font size:

* through the x-height (STRIKE_BAND) -> struck -> deleted;
* at or just below the baseline (UNDER_BAND, plus UNDER_SLACK points) -> underlined -> added;
* both -> deleted (one side struck the other side's insertion).

A segment must cover at least half of a character's width. Table borders and rules are long
lines that run past the text they sit under: an underline candidate that overhangs the text on
its baseline by more than BORDER_OVERHANG is rejected, as is a strike candidate lying mostly
over empty page. StrikeOut / Underline annotations count the same way (source "tracked").
Whitespace takes the mark of its neighbours only when both sides carry the same mark.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from store.errors import IngestError

from .marked import KEEP, Loaded, Mark, MarkedText
from .tables import read_tables

STRIKE_BAND = (-0.70, -0.10)  # segment y minus baseline, in font sizes
UNDER_BAND = (-0.10, 0.30)
UNDER_SLACK = 1.5  # points allowed below UNDER_BAND
MIN_COVER = 0.5  # fraction of a character's width a segment must cover
MAX_THICK = 2.5  # points; thicker shapes are boxes or highlights, not lines
BORDER_OVERHANG = 3.0  # points an underline may run past the text on its baseline
ROW_TOL = 1.0  # points; characters whose baselines differ less share a row

Seg = tuple[float, float, float, str | None]  # y, x0, x1, colour
Char = tuple[str, float, float, float, float]  # c, x0, x1, baseline, font size


def _hex(color: object) -> str | None:
    """A PyMuPDF colour (gray, RGB or CMYK floats) as "RRGGBB"; None for none or white."""
    if not isinstance(color, (tuple, list)) or not color:
        return None
    c = [min(max(float(v), 0.0), 1.0) for v in color]
    if len(c) == 1:
        c = c * 3
    elif len(c) == 4:
        c = [(1 - v) * (1 - c[3]) for v in c[:3]]
    if min(c[:3]) > 0.97:
        return None  # white on white is not a visible mark
    return "".join(f"{round(v * 255):02X}" for v in c[:3])


def _bounds(shape: object) -> tuple[float, float, float, float]:
    """x0, y0, x1, y1 of a rect (4 numbers) or quad (4 points) from either drawings API."""
    if hasattr(shape, "rect"):
        shape = shape.rect
    vals = list(shape)  # type: ignore[call-overload]
    if vals and isinstance(vals[0], (int, float)):
        return vals[0], vals[1], vals[2], vals[3]
    xs, ys = [p[0] for p in vals], [p[1] for p in vals]
    return min(xs), min(ys), max(xs), max(ys)


def _segments(page) -> list[Seg]:
    """Horizontal line segments and hair-thin rectangles on a page, sorted by y."""
    getter = getattr(page, "get_cdrawings", None) or page.get_drawings
    segs: list[Seg] = []
    for path in getter():
        kind = path.get("type") or ""
        stroke = _hex(path.get("color")) if "s" in kind else None
        fill = _hex(path.get("fill")) if "f" in kind else None
        if (stroke is None and fill is None) or (path.get("width") or 0) > MAX_THICK:
            continue
        for item in path.get("items", ()):
            if item[0] == "l":
                (x0, y0), (x1, y1) = item[1][:2], item[2][:2]
                if abs(y1 - y0) <= 0.5 and abs(x1 - x0) > 0.5:
                    segs.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1), stroke or fill))
            elif item[0] in ("re", "qu"):
                x0, y0, x1, y1 = _bounds(item[1])
                if y1 - y0 <= MAX_THICK and x1 - x0 > 2 * (y1 - y0) + 0.5:
                    segs.append(((y0 + y1) / 2, x0, x1, fill or stroke))
    segs.sort(key=lambda s: s[0])
    return segs


def _annotations(page) -> list[tuple[str, float, float, float, float, str | None]]:
    """(kind, x0, y0, x1, y1, colour) per quad of StrikeOut / Underline annotations."""
    import pymupdf

    kinds = {pymupdf.PDF_ANNOT_STRIKE_OUT: "strike", pymupdf.PDF_ANNOT_UNDERLINE: "under"}
    out = []
    for annot in page.annots(types=tuple(kinds)):
        kind = kinds[annot.type[0]]
        color = _hex((annot.colors or {}).get("stroke"))
        verts = annot.vertices or []
        quads = [verts[i : i + 4] for i in range(0, len(verts) - 3, 4)]
        for quad in quads or [list(annot.rect.quad)]:
            out.append((kind, *_bounds(quad), color))
    return out


def _reference(chars: list[Char]) -> tuple[float, float]:
    """The line's usual baseline and font size (superscripts and odd spans outvoted)."""
    votes = Counter((round(c[3], 1), c[4]) for c in chars if c[4] > 0 and not c[0].isspace())
    return votes.most_common(1)[0][0] if votes else (0.0, 0.0)


class _Matcher:
    """Marks the characters of each text line from the page's segments and annotations."""

    def __init__(self, segs: list[Seg], annots: list, chars: Iterable[Char]) -> None:
        self.segs = segs
        self.ys = [s[0] for s in segs]
        self.annots = annots
        self.row = sorted((ch[3], ch[1], ch[2]) for ch in chars if ch[4] > 0)
        self.bases = [r[0] for r in self.row]

    def _text_spans(self, base: float) -> list[list[float]]:
        """Merged x-intervals covered by characters on this baseline, in any block."""
        lo = bisect.bisect_left(self.bases, base - ROW_TOL)
        hi = bisect.bisect_right(self.bases, base + ROW_TOL)
        spans: list[list[float]] = []
        for x0, x1 in sorted((r[1], r[2]) for r in self.row[lo:hi]):
            if spans and x0 <= spans[-1][1] + 0.5:
                spans[-1][1] = max(spans[-1][1], x1)
            else:
                spans.append([x0, x1])
        return spans

    @staticmethod
    def _fits_text(seg: Seg, spans: list[list[float]], size: float, strike: bool) -> bool:
        """False for segments that are table borders or rules rather than redline marks."""
        _, sx0, sx1, _ = seg
        inside = [(max(a, sx0), min(b, sx1)) for a, b in spans if b > sx0 and a < sx1]
        if not inside:
            return False
        if strike:  # a strike lies over text, not mostly over empty page
            covered = sum(b - a for a, b in inside)
            return covered >= 0.5 * (sx1 - sx0) or sx1 - sx0 < 2 * size
        # an underline ends where the text ends; a border runs on past it
        return inside[0][0] - sx0 <= BORDER_OVERHANG and sx1 - inside[-1][1] <= BORDER_OVERHANG

    def _hits(self, base: float, size: float) -> list[tuple[str, float, float, str | None, str]]:
        """(kind, x0, x1, colour, source) of every redline line drawn on this text line."""
        hits = []
        spans: list[list[float]] | None = None
        top = base + UNDER_BAND[1] * size + UNDER_SLACK
        for i in range(bisect.bisect_left(self.ys, base + STRIKE_BAND[0] * size), len(self.ys)):
            y, sx0, sx1, color = seg = self.segs[i]
            if y > top:
                break
            strike = y < base + STRIKE_BAND[1] * size
            spans = self._text_spans(base) if spans is None else spans
            if self._fits_text(seg, spans, size, strike):
                hits.append(("strike" if strike else "under", sx0, sx1, color, "format"))
        mid = base - 0.3 * size
        hits += [(kind, ax0, ax1, color, "tracked")
                 for kind, ax0, ay0, ax1, ay1, color in self.annots if ay0 <= mid <= ay1]
        return hits

    def line_marks(self, chars: list[Char]) -> list[Mark]:
        """One mark per character: a segment must cover MIN_COVER of the character's width."""
        marks = [KEEP] * len(chars)
        base, size = _reference(chars)
        if size <= 0:
            return marks
        order = sorted((j for j, c in enumerate(chars) if c[4] > 0),
                       key=lambda j: chars[j][1] + chars[j][2])
        centers = [(chars[j][1] + chars[j][2]) / 2 for j in order]
        found: dict[int, dict[str, tuple[str | None, str]]] = {}
        for kind, sx0, sx1, color, source in self._hits(base, size):
            for j in order[bisect.bisect_left(centers, sx0) : bisect.bisect_right(centers, sx1)]:
                x0, x1 = chars[j][1], chars[j][2]
                if min(x1, sx1) - max(x0, sx0) >= MIN_COVER * (x1 - x0) - 1e-6:
                    slot = found.setdefault(j, {})
                    if source == "tracked" or kind not in slot:
                        slot[kind] = (color, source)
        for j, slot in found.items():
            kind, (color, source) = ("delete", slot["strike"]) if "strike" in slot else (
                "insert", slot["under"])
            marks[j] = Mark(kind, color, source)
        return marks


def _spread(marks: list[Mark], text: str) -> list[Mark]:
    """Marks for whitespace: its own mark when a neighbouring word carries the same one (a line
    drawn on through the space), else the neighbours' mark when both sides agree, else kept."""
    out = list(marks)
    prev: list[Mark | None] = []
    last: Mark | None = None
    for c, m in zip(text, marks, strict=True):
        prev.append(last)
        if not c.isspace():
            last = m
    nxt: Mark | None = None
    for i in range(len(text) - 1, -1, -1):
        if not text[i].isspace():
            nxt = marks[i]
        elif marks[i] is KEEP or marks[i] not in (prev[i], nxt):
            out[i] = nxt if nxt is not None and nxt == prev[i] else KEEP
    return out


def _group(text: str, marks: list[Mark]) -> list[tuple[str, Mark]]:
    parts: list[tuple[str, Mark]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or marks[i] != marks[start]:
            parts.append((text[start:i], marks[start]))
            start = i
    return parts


def _fragment(line: dict) -> list[Char]:
    """A rawdict line as characters; size 0 (no redline matching) unless it runs left to right."""
    dx, dy = line.get("dir", (1.0, 0.0))
    flat = abs(dy) < 0.02 and dx > 0
    return [(ch["c"], ch["bbox"][0], ch["bbox"][2], ch["origin"][1], span["size"] if flat else 0.0)
            for span in line.get("spans", ()) for ch in span.get("chars", ())]


def _strip(chars: list[Char]) -> list[Char]:
    a, b = 0, len(chars)
    while a < b and chars[a][0].isspace():
        a += 1
    while b > a and chars[b - 1][0].isspace():
        b -= 1
    return chars[a:b]


def _row_lines(rows: list[list[list[Char]]]) -> list[list[Char]]:
    """Pieces of one baseline joined left to right with a tab (table cells)."""
    lines = []
    for row in rows:
        row.sort(key=lambda frag: frag[0][1])
        merged = list(row[0])
        for frag in row[1:]:
            merged.append(("\t", merged[-1][2], frag[0][1], frag[0][3], 0.0))
            merged += frag
        lines.append(merged)
    return lines


def _inside(bbox, boxes) -> int | None:
    """Index of the table box holding the centre of a line's bbox, if any."""
    x, y = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return next((k for k, b in enumerate(boxes)
                 if b[0] - 2 <= x <= b[2] + 2 and b[1] - 2 <= y <= b[3] + 2), None)


def _blocks(page, flags: int, boxes=()) -> list:
    """Text blocks in the page's order, each a list of visual lines. Pieces of one block on one
    baseline (table cells) are joined left to right with a tab. Lines inside a table read as a
    table (`boxes`) are left out; the table's index stands where its first line was."""
    blocks: list = []
    placed: set[int] = set()
    for block in page.get_text("rawdict", flags=flags).get("blocks", ()):
        rows: list[list[list[Char]]] = []
        for line in block.get("lines", ()) if block.get("type", 0) == 0 else ():
            k = _inside(line.get("bbox", (0, 0, 0, 0)), boxes) if boxes else None
            if k is not None:
                if k not in placed:
                    blocks += [_row_lines(rows)] if rows else []
                    blocks.append(k)
                    placed.add(k)
                    rows = []
                continue
            chars = _strip(_fragment(line))
            if not chars:
                continue
            base, flat = chars[0][3], chars[0][4] > 0
            row = next((r for r in rows if flat and r[0][0][4] > 0
                        and abs(r[0][0][3] - base) < ROW_TOL), None)
            if row is None:
                rows.append([chars])
            else:
                row.append(chars)
        if rows:
            blocks.append(_row_lines(rows))
    return blocks + [k for k in range(len(boxes)) if k not in placed]


def _page_parts(page, flags: int, tables=()) -> list[tuple[str, Mark]]:
    """One page's text with marks: lines split by \\n, blocks by a blank line. A table read as
    a table (ingest/tables.py) is one block of cell lines where its flattened text was."""
    blocks = _blocks(page, flags, [t.bbox for t in tables])
    segs, annots = _segments(page), _annotations(page)
    matcher = None
    if segs or annots:
        matcher = _Matcher(segs, annots, (c for b in blocks if not isinstance(b, int)
                                          for row in b for c in row))
    parts: list[tuple[str, Mark]] = []
    for block in blocks:
        if isinstance(block, int):
            parts += [("\n\n", KEEP)] if parts else []
            parts.append(("\n".join(c.line for c in tables[block].cells), KEEP))
            continue
        chars: list[Char] = []
        for row in block:
            if chars:
                chars.append(("\n", 0.0, 0.0, 0.0, 0.0))
            chars += row
        text = "".join(c[0] for c in chars)
        marks = [KEEP] * len(chars)
        if matcher:
            marks = [m for row in block for m in [*matcher.line_marks(row), KEEP]][:-1]
        for i in range(1, len(chars)):  # ligature tails and combining marks have no width
            width = chars[i][2] - chars[i][1]
            if width < 0.05 and not text[i].isspace() and not text[i - 1].isspace():
                marks[i] = marks[i - 1]
        if parts:
            parts.append(("\n\n", KEEP))
        parts += _group(text, _spread(marks, text))
    return parts


_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})-?(\d{2})-?(\d{2})")


def _meta(info: dict) -> dict[str, object]:
    """title / author / date (yyyy-mm-dd from the creation, else modification, date)."""
    meta: dict[str, object] = {}
    for key in ("title", "author"):
        value = str(info.get(key) or "").strip()
        if value:
            meta[key] = value
    for key in ("creationDate", "modDate"):
        m = _PDF_DATE.match(str(info.get(key) or "").strip())
        if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
            meta["date"] = "-".join(m.groups())
            break
    return meta


def _open(path: Path, data: bytes):
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except (RuntimeError, ValueError) as exc:  # FileDataError is a RuntimeError
        raise IngestError(str(path), "corrupt", str(exc), kind="PDF") from None
    if doc.needs_pass and not doc.authenticate(""):
        doc.close()
        raise IngestError(str(path), "encrypted", "PDF needs a password")
    if doc.page_count == 0:
        doc.close()
        raise IngestError(str(path), "corrupt", "no pages", kind="PDF")
    return doc


def load_pdf(path: Path, data: bytes) -> Loaded:
    """Read a PDF into MarkedText: pages split by \\f, one line per text line, struck words
    deleted and underlined words inserted (see the module notes); pay tables as one line per
    cell, their cells in `meta["tables"]` (ingest/tables.py). A page with no text layer
    is read by OCR (ingest/ocr.py); `meta["ocr_pages"]` maps those pages to the OCR's mean
    confidence. Raises IngestError: corrupt, encrypted, or not_text when no page has text."""
    import pymupdf

    flags = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
    doc = _open(path, data)
    pages: list[list[tuple[str, Mark]]] = []
    ocr: dict[int, float] = {}
    cells, tables = [], []
    try:
        for n, page in enumerate(doc):
            try:
                pages.append(_page_parts(page, flags))
                tables = _tables(page, n + 1, pages[-1], tables[-1] if tables else None)
                if tables:
                    pages[-1] = _page_parts(page, flags, tables)
                if _scanned(page, pages[-1]):
                    pages[-1], ocr[n + 1] = _ocr(path, page)
                cells += [c for t in tables for c in t.cells]
            except (RuntimeError, ValueError) as exc:
                detail = f"page {n + 1}: {exc}"
                raise IngestError(str(path), "corrupt", detail, kind="PDF") from None
        meta = _meta(doc.metadata or {})
    finally:
        doc.close()
    if not any(text.strip() for page in pages for text, _ in page):
        raise IngestError(str(path), "not_text", "no text on any page, even by OCR")
    parts: list[tuple[str, Mark]] = []
    for n, page in enumerate(pages):
        if n:
            parts.append(("\f", KEEP))
        parts += page
    meta = {**meta, "ocr_pages": ocr} if ocr else meta
    meta = {**meta, "tables": cells} if cells else meta
    return Loaded(MarkedText.build(parts), meta, paged=True)


def _tables(page, page_no: int, parts: list[tuple[str, Mark]], prev) -> list:
    """The pay tables of a page, read as tables (`prev`: the last one of the page before);
    none on a page with struck text or tracked changes (a struck and an inserted rate must stay
    a redline). Underlines alone do not count: a table's ruling lines under its figures look
    like them."""
    if any(mark.kind == "delete" or mark.source == "tracked" for _, mark in parts):
        return []
    return read_tables(page, page_no, prev)


def page_text(page) -> str:
    """A page's text layer as ingest reads it (lines, blocks, every word struck or not)."""
    import pymupdf

    flags = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
    return "".join(text for text, _ in _page_parts(page, flags))


def _scanned(page, parts: list[tuple[str, Mark]]) -> bool:
    """A page that shows an image but has (almost) no text layer."""
    return sum(len(t.strip()) for t, _ in parts) < 20 and bool(page.get_images(full=False))


def _ocr(path: Path, page) -> tuple[list[tuple[str, Mark]], float]:
    from . import ocr

    if not ocr.available():
        raise IngestError(str(path), "not_text", "a page is a scanned image and OCR is not "
                          "installed (`make setup` installs Tesseract)")
    return ocr.read_page(page)
