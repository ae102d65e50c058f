"""DOCX loader: word/document.xml to MarkedText, recovering the redline.

Two kinds of redline are read. Tracked changes (w:ins / w:del / w:moveTo / w:moveFrom) are
marked with source "tracked"; formatting used as a redline (underline = added, strikethrough
= struck) with source "format". Struck text is deleted even when it is also underlined or
inside an insertion (one side struck the other side's new language). Word's automatic clause
numbers ("12.7.5") live in numbering.xml, not in the text, so they are rendered and prefixed.

The package is read in memory with size and compression-ratio caps (zip bombs) and the XML
with a parser that resolves no entities and touches no network.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from store.errors import IngestError

from .marked import KEEP, Loaded, Mark, MarkedText

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # compound file: what Word writes for password-protected .docx
MAX_READ = 256 * 1024 * 1024  # total bytes decompressed from one package
MAX_RATIO = 200  # compression ratio that is suspicious ...
RATIO_MIN_SIZE = 4 * 1024 * 1024  # ... on an entry at least this large
CELL_SEP = " | "  # table cells of one row are joined with this; a row is one line

_TRACKED = {"ins": "insert", "moveTo": "insert", "del": "delete", "moveFrom": "delete"}
_CONTAINERS = {"hyperlink", "smartTag", "sdt", "sdtContent", "customXml", "fldSimple", "bdo", "dir"}
_RUN_CHARS = {"tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
_OFF = {"false", "0", "off", "none"}
_HEX = re.compile(r"[0-9A-Fa-f]{6}")


def _corrupt(path: Path, detail: str) -> IngestError:
    return IngestError(str(path), "corrupt", detail, kind="DOCX")



class _Package:
    """A .docx zip read in memory, every part size-checked before it is decompressed."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        if data.startswith(OLE_MAGIC):  # protected .docx, or an old .doc under a new name
            if "EncryptedPackage".encode("utf-16-le") in data:
                raise IngestError(str(path), "encrypted", "password-protected Word document")
            raise _corrupt(path, "a Word 97-2003 .doc file; save it as .docx")
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
            raise _corrupt(path, f"not a zip archive: {exc}") from None
        self.budget = MAX_READ

    def read(self, name: str) -> bytes | None:
        """The bytes of one part, or None when the package has no such part."""
        try:
            info = self.zf.getinfo(name)
        except KeyError:
            return None
        size = info.file_size
        ratio = size / max(info.compress_size, 1)
        if size > self.budget or (size >= RATIO_MIN_SIZE and ratio > MAX_RATIO):
            raise _corrupt(self.path, "suspicious compression (zip bomb?)")
        if info.flag_bits & 0x1:
            raise IngestError(str(self.path), "encrypted", "encrypted zip entry")
        try:
            with self.zf.open(info) as fh:
                raw = fh.read(size + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                RuntimeError, ValueError) as exc:
            raise _corrupt(self.path, f"{name}: {exc}") from None
        if len(raw) > size:
            raise _corrupt(self.path, "suspicious compression (zip bomb?)")
        self.budget -= len(raw)
        return raw

    def xml(self, name: str) -> etree._Element | None:
        """A part parsed safely (no entities, no DTD, no network), or None when absent."""
        raw = self.read(name)
        if raw is None:
            return None
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                 remove_comments=True, remove_pis=True)
        try:
            root = etree.fromstring(raw, parser)
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise _corrupt(self.path, f"{name}: {exc}") from None
        if root is None:
            raise _corrupt(self.path, f"{name}: empty XML")
        return root

    def main_part(self) -> str:
        """Name of the main document part (word/document.xml, else what _rels/.rels says)."""
        if "word/document.xml" in self.zf.namelist():
            return "word/document.xml"
        rels = self.xml("_rels/.rels")
        for rel in rels.iter() if rels is not None else ():
            if str(rel.get("Type", "")).endswith("/officeDocument"):
                return str(rel.get("Target", "")).lstrip("/")
        raise _corrupt(self.path, "no word/document.xml (not a Word document)")



def _on(el: etree._Element | None, w: str) -> bool:
    """A toggle property (w:strike, w:vanish ...) that is present and not switched off."""
    return el is not None and str(el.get(w + "val", "true")).lower() not in _OFF


def _color(rpr: etree._Element | None, w: str) -> str | None:
    el = rpr.find(w + "color") if rpr is not None else None
    val = str(el.get(w + "val", "")) if el is not None else ""
    return val.upper() if _HEX.fullmatch(val) else None


def _mark(rpr: etree._Element | None, stack: list[str], w: str, link: bool = False) -> Mark:
    """Mark for a run: tracked kinds from enclosing revisions, then strike/underline."""
    color = _color(rpr, w)
    struck = rpr is not None and (_on(rpr.find(w + "strike"), w) or _on(rpr.find(w + "dstrike"), w))
    under = rpr is not None and not link and _on(rpr.find(w + "u"), w)
    if rpr is not None and str(_val(rpr, w, "rStyle")).endswith("Hyperlink"):
        under = False  # a hyperlink's underline is not a redline
    if "delete" in stack:
        return Mark("delete", color, "tracked")
    if struck:
        return Mark("delete", color, "format")
    if "insert" in stack:
        return Mark("insert", color, "tracked")
    return Mark("insert", color, "format") if under else KEEP


def _val(parent: etree._Element | None, w: str, child: str) -> str | None:
    el = parent.find(w + child) if parent is not None else None
    return None if el is None else el.get(w + "val")



_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def format_number(n: int, fmt: str) -> str:
    """One level's counter in a w:numFmt (decimal, lowerLetter, upperRoman, ...)."""
    if fmt in ("none", "bullet"):
        return "" if fmt == "none" else "\u2022"
    if n <= 0 or fmt == "decimal":
        return str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letters = chr(97 + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        out = ""
        for value, digits in _ROMAN:
            count, n = divmod(n, value)
            out += digits * count
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "ordinal":
        return f"{n}{'th' if 10 <= n % 100 <= 20 else _ORDINAL.get(n % 10, 'th')}"
    return str(n)


_ORDINAL = {1: "st", 2: "nd", 3: "rd"}
Level = tuple[int, str, str, bool, str | None]  # start, numFmt, lvlText, isLgl, pStyle


class _Numbering:
    """Renders Word list numbers ("12.7.5", "(b)", "iv.") from numbering.xml and styles.xml."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None,
                 w: str) -> None:
        self.w = w
        find = lambda root, tag, key: {  # noqa: E731
            str(el.get(w + key)): el for el in (root.iter(w + tag) if root is not None else ())}
        self.abstract = find(numbering, "abstractNum", "abstractNumId")
        self.nums = find(numbering, "num", "numId")
        self.styles = find(styles, "style", "styleId")
        self.counters: dict[str, dict[int, int]] = {}

    def _style_numpr(self, style_id: str | None) -> tuple[str | None, str | None]:
        for _ in range(10):  # follow basedOn, bounded against cycles
            style = self.styles.get(str(style_id))
            if style is None:
                break
            numpr = style.find(f"{self.w}pPr/{self.w}numPr")
            if numpr is not None:
                return _val(numpr, self.w, "numId"), _val(numpr, self.w, "ilvl")
            style_id = _val(style, self.w, "basedOn")
        return None, None

    def _level(self, lvl: etree._Element) -> Level:
        w, start = self.w, _val(lvl, self.w, "start") or "0"
        fmt, text = _val(lvl, w, "numFmt") or "decimal", _val(lvl, w, "lvlText") or ""
        legal = _on(lvl.find(w + "isLgl"), w)
        return int(start) if start.isdigit() else 0, fmt, text, legal, _val(lvl, w, "pStyle")

    def _levels(self, num_id: str) -> dict[int, Level]:
        w, num = self.w, self.nums[num_id]
        abstract = self.abstract.get(str(_val(num, w, "abstractNumId")))
        for _ in range(3):  # numStyleLink: the real definition hangs off a style's numbering
            link = _val(abstract, w, "numStyleLink")
            if link is None:
                break
            linked = self.nums.get(str(self._style_numpr(link)[0]))
            abstract = self.abstract.get(str(_val(linked, w, "abstractNumId")))
        levels = {int(lvl.get(w + "ilvl", "0")): self._level(lvl)
                  for lvl in (abstract.iter(w + "lvl") if abstract is not None else ())}
        for override in num.iter(w + "lvlOverride"):
            ilvl = int(override.get(w + "ilvl", "0"))
            if override.find(w + "lvl") is not None:
                levels[ilvl] = self._level(override.find(w + "lvl"))
            start = _val(override, w, "startOverride")
            if start is not None and start.isdigit() and ilvl in levels:
                levels[ilvl] = (int(start), *levels[ilvl][1:])
        return levels

    def _reference(self, ppr: etree._Element | None) -> tuple[str, int, dict[int, Level]] | None:
        w = self.w
        numpr = ppr.find(w + "numPr") if ppr is not None else None
        num_id, ilvl = _val(numpr, w, "numId"), _val(numpr, w, "ilvl")
        style = _val(ppr, w, "pStyle")
        if num_id is None:
            num_id, style_ilvl = self._style_numpr(style)
            ilvl = ilvl or style_ilvl
        if num_id is None or num_id not in self.nums:  # numId 0 (no list) is never defined
            return None
        levels = self._levels(num_id)
        if ilvl is None:  # style-linked: the level that names the paragraph's style
            ilvl = next((str(k) for k, v in levels.items() if v[4] == style), "0")
        return num_id, int(ilvl) if ilvl.isdigit() else 0, levels

    def label(self, ppr: etree._Element | None, commit: bool = True) -> str:
        """The number Word shows before this paragraph ("" when it is not numbered).
        With commit=False (a deleted paragraph) the counters are left as they were."""
        ref = self._reference(ppr)
        if ref is None or ref[1] not in ref[2]:
            return ""
        num_id, ilvl, levels = ref
        num = self.nums[num_id]  # lists share counters unless this one restarts them
        key = num_id if num.find(self.w + "lvlOverride") is not None else "a" + str(
            _val(num, self.w, "abstractNumId"))
        counts = {k: v for k, v in self.counters.get(key, {}).items() if k < ilvl}
        counts[ilvl] = self.counters.get(key, {}).get(ilvl, levels[ilvl][0] - 1) + 1
        if commit:
            self.counters[key] = counts
        start, fmt, text, legal, _ = levels[ilvl]
        if fmt == "bullet":
            return "\u2022"

        def render(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            level = levels.get(k, (1, "decimal", "", False, None))
            return format_number(counts.get(k, level[0]), "decimal" if legal else level[1])

        return re.sub(r"%([1-9])", render, text).strip()


Parts = list[tuple[str, Mark]]
Line = tuple[Parts, Mark]  # a paragraph or table row, and the mark of the break after it


def _break_mark(stack: list[str]) -> Mark:
    """A paragraph break or cell separator follows only tracked revisions, never formatting."""
    if "delete" in stack:
        return Mark("delete", None, "tracked")
    return Mark("insert", None, "tracked") if "insert" in stack else KEEP


class _Body:
    """Walks the document body in order, producing one line per paragraph or table row."""

    def __init__(self, w: str, numbering: _Numbering) -> None:
        self.w = w
        self.numbering = numbering

    def _name(self, el: etree._Element) -> str | None:
        tag = el.tag
        return tag[len(self.w):] if isinstance(tag, str) and tag.startswith(self.w) else None

    def _tracked(self, parent: etree._Element | None, stack: list[str]) -> list[str]:
        """Stack plus the revision recorded in a pPr/rPr or trPr (w:ins / w:del)."""
        for name, kind in _TRACKED.items():
            if parent is not None and parent.find(self.w + name) is not None:
                return [*stack, kind]
        return stack

    def blocks(self, parent: etree._Element, stack: list[str]) -> list[Line]:
        """Paragraphs and table rows under a body, cell or content control."""
        lines: list[Line] = []
        for child in parent:
            name = self._name(child)
            if name == "p":
                lines.append(self.paragraph(child, stack))
            elif name == "tbl":
                lines += self.table(child, stack)
            elif name in _TRACKED:
                lines += self.blocks(child, [*stack, _TRACKED[name]])
            elif name in ("sdt", "sdtContent", "customXml"):
                lines += self.blocks(child, stack)
        return lines

    def _children(self, parent: etree._Element, name: str) -> list[etree._Element]:
        """Children called `name`, also those wrapped in content controls or custom XML."""
        found = []
        for child in parent:
            tag = self._name(child)
            if tag == name:
                found.append(child)
            elif tag in ("sdt", "sdtContent", "customXml"):
                found += self._children(child, name)
        return found

    def table(self, tbl: etree._Element, stack: list[str]) -> list[Line]:
        """One line per row, cells joined by CELL_SEP (a cell's paragraphs by a space)."""
        w, rows = self.w, []
        for tr in self._children(tbl, "tr"):
            row_stack = self._tracked(tr.find(w + "trPr"), stack)
            sep = _break_mark(row_stack)
            parts: Parts = []
            for n, cell in enumerate(self._children(tr, "tc")):
                if n:
                    parts.append((CELL_SEP, sep))
                for k, (line, brk) in enumerate(self.blocks(cell, row_stack)):
                    if k:
                        parts.append((" ", brk))
                    parts += [(text.replace("\n", " "), m) for text, m in line]
            rows.append((parts, sep))
        return rows

    def paragraph(self, p: etree._Element, stack: list[str]) -> Line:
        """One paragraph: its number (if Word numbers it) and its runs."""
        w = self.w
        ppr = p.find(w + "pPr")
        prpr = ppr.find(w + "rPr") if ppr is not None else None
        para_stack = self._tracked(prpr, stack)
        pmark = _mark(prpr, para_stack, w)  # how the paragraph mark (and number) is shown
        parts: Parts = []
        self.inline(p, stack, parts, False)
        label = self.numbering.label(ppr, commit=pmark.kind != "delete")
        if label:
            parts.insert(0, (label + " ", pmark))
        return parts, _break_mark(para_stack)

    def inline(self, el: etree._Element, stack: list[str], parts: Parts, link: bool) -> None:
        """Runs inside a paragraph, through revisions, hyperlinks and content controls."""
        for child in el:
            name = self._name(child)
            if name == "r":
                self.run(child, stack, parts, link)
            elif name in _TRACKED:
                self.inline(child, [*stack, _TRACKED[name]], parts, link)
            elif name in _CONTAINERS:
                self.inline(child, stack, parts, link or name == "hyperlink")

    def run(self, r: etree._Element, stack: list[str], parts: Parts, link: bool) -> None:
        w = self.w
        rpr = r.find(w + "rPr")
        if rpr is not None and _on(rpr.find(w + "vanish"), w):
            return  # hidden text is not shown to anyone
        out = [(child.text or "") if name in ("t", "delText") else _RUN_CHARS.get(name, "")
               for name, child in ((self._name(c), c) for c in r)]
        if any(out):
            parts.append(("".join(out), _mark(rpr, stack, w, link)))


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _core_meta(core: etree._Element | None) -> dict[str, object]:
    """title / author / date (yyyy-mm-dd, last modified else created) from docProps/core.xml."""
    found = {etree.QName(el).localname: (el.text or "").strip()
             for el in (core if core is not None else ()) if isinstance(el.tag, str)}
    meta: dict[str, object] = {k: found[f] for k, f in (("title", "title"), ("author", "creator"))
                               if found.get(f)}
    for key in ("modified", "created"):
        m = _DATE.match(found.get(key, ""))
        if m:
            meta["date"] = m.group(0)
            break
    return meta


def load_docx(path: Path, data: bytes) -> Loaded:
    """Read a .docx into MarkedText: tracked changes and strike/underline become marks,
    automatic clause numbers are prefixed, table rows become lines with cells joined by
    CELL_SEP. Raises IngestError (corrupt, encrypted) for files that cannot be read."""
    pkg = _Package(path, data)
    root = pkg.xml(pkg.main_part())
    if root is None:
        raise _corrupt(path, "no word/document.xml (not a Word document)")
    ns = etree.QName(root).namespace
    w = "{%s}" % (ns if ns in (W_NS, W_STRICT_NS) else W_NS)
    body = root.find(w + "body")
    if body is None:
        raise _corrupt(path, "document.xml has no body")
    numbering = _Numbering(pkg.xml("word/numbering.xml"), pkg.xml("word/styles.xml"), w)
    parts: Parts = []
    brk = KEEP
    for n, (line, next_brk) in enumerate(_Body(w, numbering).blocks(body, [])):
        if n:
            parts.append(("\n", brk))
        parts += line
        brk = next_brk
    return Loaded(MarkedText.build(parts), _core_meta(pkg.xml("docProps/core.xml")), paged=False)
