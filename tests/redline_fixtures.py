"""Builders for small, real redlined DOCX and PDF files (written into a test's tmp dir).

DOCX: python-docx for paragraphs, runs, tables and properties; raw OXML (docx.oxml) for what
python-docx has no API for: tracked changes (w:ins / w:del / w:moveFrom / w:moveTo with author
and date), revision marks on paragraph marks and table rows, and list numbering definitions.
PDF: PyMuPDF text with drawn strike / underline lines, the way word processors export redlines.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pymupdf
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import RGBColor

AUTHOR = "Riverside Unified School District"
REV_DATE = "2024-03-05T10:00:00Z"

# --- DOCX ----------------------------------------------------------------------------------

_rev_id = iter(range(1000, 100000))


def _revision(tag: str) -> OxmlElement:
    el = OxmlElement(f"w:{tag}")
    el.set(qn("w:id"), str(next(_rev_id)))
    el.set(qn("w:author"), AUTHOR)
    el.set(qn("w:date"), REV_DATE)
    return el


def add_runs(paragraph, segments) -> None:
    """segments: (text, style, colour hex or None). style is "" (plain) or a "+"-joined mix of
    ins, del, moveTo, moveFrom (tracked) and strike, dstrike, u (formatting)."""
    for text, style, color in segments:
        styles = set(style.split("+")) if style else set()
        run = paragraph.add_run(text)
        run.font.strike = "strike" in styles or None
        run.font.double_strike = "dstrike" in styles or None
        run.font.underline = "u" in styles or None
        if color:
            run.font.color.rgb = RGBColor.from_string(color)
        tracked = styles & {"ins", "del", "moveTo", "moveFrom"}
        if tracked:
            tag = tracked.pop()
            wrapper = _revision(tag)
            run._r.addprevious(wrapper)
            wrapper.append(run._r)
            if tag in ("del", "moveFrom"):
                for t in run._r.findall(qn("w:t")):
                    t.tag = qn("w:delText")


def mark_paragraph(paragraph, tag: str) -> None:
    """Record the paragraph mark itself as inserted or deleted (w:pPr/w:rPr/w:ins|w:del)."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    rpr.append(_revision(tag))
    ppr.append(rpr)


def number(paragraph, num_id: int, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/>'
                            f'<w:numId w:val="{num_id}"/></w:numPr>'))


def proposal_docx(tmp: Path) -> Path:
    """A counterproposal with tracked changes, format redlines, a hyperlink and a table."""
    doc = docx.Document()
    props = doc.core_properties
    props.title, props.author = "District Counterproposal - Article 12", AUTHOR
    props.created, props.modified = dt.datetime(2024, 3, 1, 9), dt.datetime(2024, 3, 5, 16)
    add_runs(doc.add_paragraph(), [("ARTICLE 12 - COMPENSATION", "", None)])
    add_runs(doc.add_paragraph(), [
        ("12.7.5 An additional stipend of ", "", None),
        ("three thousand dollars ($3,000)", "del", "FF0000"),
        ("four thousand five hundred dollars ($4,500)", "ins", "0000FF"),
        (" shall be paid to each employee who holds National Board certification.", "", None)])
    add_runs(doc.add_paragraph(), [
        ("12.7.6 The stipend shall be paid in ", "", None), ("two", "strike", "FF0000"),
        ("equal", "u", "0000FF"), (" installments", "", None),
        (" on or before June 30", "u+strike", "00B050"), (".", "", None)])
    add_runs(doc.add_paragraph(), [  # the district struck the union's inserted "shall not"
        ("12.7.7 Employees on unpaid leave ", "", None), ("shall not", "ins+strike", "FF0000"),
        ("may", "del+u", None), ("shall", "ins", "0000FF"), (" receive a ", "", None),
        ("full", "dstrike", "C00000"), ("prorated", "u", None), (" stipend", "", None),
        ("\u00a0per diem", "moveFrom", None), (".", "", None)])
    p = doc.add_paragraph()
    add_runs(p, [("12.7.8 Mileage is reimbursed at the IRS rate", "", None),
                 (" per diem", "moveTo", None), (".", "", None)])
    deleted = doc.add_paragraph()
    add_runs(deleted, [("12.7.9 This section sunsets on June 30, 2025.", "del", None)])
    mark_paragraph(deleted, "del")
    _add_link(doc.add_paragraph("See the salary schedule at "), "www.rusd.example/salary")
    _salary_table(doc)
    add_runs(doc.add_paragraph(), [("Tab:", "", None)])
    last = doc.paragraphs[-1]._p
    run = last.findall(qn("w:r"))[-1]
    for tag in ("w:tab", "w:noBreakHyphen", "w:softHyphen", "w:br"):
        run.append(OxmlElement(tag))
    tail = OxmlElement("w:t")
    tail.text = "end"
    run.append(tail)
    path = tmp / "counterproposal.docx"
    doc.save(path)
    return path


def _add_link(paragraph, text: str) -> None:
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:history"), "1")
    run = paragraph.add_run(text)
    run.font.underline = True
    run.font.color.rgb = RGBColor.from_string("0563C1")
    run._r.addprevious(link)
    link.append(run._r)


def _salary_table(doc) -> None:
    table = doc.add_table(rows=4, cols=3)
    rows = [
        [[("Step", "", None)], [("BA", "", None)], [("MA", "", None)]],
        [[("1", "", None)], [("$52,000", "strike", "FF0000"), ("$54,500", "u", "0000FF")],
         [("$56,000", "", None)]],
        [[("2", "", None)], [("$53,500", "", None)], [("$57,500", "del", None),
                                                         ("$59,000", "ins", None)]],
        [[("3", "", None)], [("$55,000", "", None)], [("$59,000", "", None)]],
    ]
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, segments in zip(row.cells, cells, strict=True):
            add_runs(cell.paragraphs[0], segments)
    table.cell(1, 2).add_paragraph("(MA+30)")
    trpr = table.rows[3]._tr.get_or_add_trPr()
    trpr.append(_revision("del"))
    for cell in table.rows[3].cells:
        for r in cell._tc.iter(qn("w:r")):
            r.addprevious(wrapper := _revision("del"))
            wrapper.append(r)
            for t in r.findall(qn("w:t")):
                t.tag = qn("w:delText")


_LEVELS = [  # ilvl, start, numFmt, lvlText
    (0, 12, "decimal", "ARTICLE %1"),
    (1, 7, "decimal", "%1.%2"),
    (2, 5, "decimal", "%1.%2.%3"),
    (3, 1, "lowerLetter", "(%4)"),
    (4, 1, "lowerRoman", "%5."),
    (5, 1, "upperLetter", "%6)"),
]


def _numbering_xml(doc) -> None:
    numbering = doc.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{s}"/><w:numFmt w:val="{f}"/>'
        f'<w:lvlText w:val="{t}"/></w:lvl>' for i, s, f, t in _LEVELS)
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="50">{levels}</w:abstractNum>'))
    numbering.insert(1, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="51"><w:lvl w:ilvl="0">'
        '<w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/>'
        '</w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1.%2"/><w:isLgl/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="50">'
                               '<w:abstractNumId w:val="50"/></w:num>'))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="51"><w:abstractNumId w:val="51"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>'))


def numbered_docx(tmp: Path) -> Path:
    """Clauses whose numbers Word generates from numbering.xml (not present in the text)."""
    doc = docx.Document()
    _numbering_xml(doc)
    clauses = [
        (0, "COMPENSATION", ""), (1, "Stipends", ""),
        (2, "An additional stipend of $3,000 shall be paid.", ""),
        (3, "in two installments;", ""), (3, "on the regular payday;", ""),
        (4, "by direct deposit", ""), (4, "or by check", ""), (5, "upon request", ""),
        (2, "Mentor teachers receive $1,500.", ""),
        (2, "Department chairs receive $900.", "del"),
        (2, "Coaches receive $1,200.", "ins"),
        (3, "per season", ""), (1, "Longevity", ""), (2, "After ten years, $2,000.", ""),
    ]
    for ilvl, text, tracked in clauses:
        p = doc.add_paragraph()
        number(p, 50, ilvl)
        add_runs(p, [(text, tracked, None)])
        if tracked:
            mark_paragraph(p, tracked)
    for ilvl, text in ((0, "Hours"), (1, "Workday"), (1, "Preparation time")):
        number(p := doc.add_paragraph(), 51, ilvl)
        add_runs(p, [(text, "", None)])
    doc.add_paragraph("First listed item", style="List Number")
    doc.add_paragraph("Second listed item", style="List Number")
    doc.add_paragraph("A bullet", style="List Bullet")
    unnumbered = doc.add_paragraph("Not numbered")
    number(unnumbered, 0, 0)
    path = tmp / "numbered.docx"
    doc.save(path)
    return path


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def broken_docx_files(tmp: Path) -> dict[str, Path]:
    """Damaged or hostile .docx files by name: garbage, no_document, bad_xml, protected (OLE
    with an EncryptedPackage, as Word saves a password-protected .docx), legacy_doc (OLE
    without one), bomb, entity (an XML entity-expansion attempt)."""
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000
    protected = ole + "EncryptionInfo\0EncryptedPackage".encode("utf-16-le") + b"\x00" * 1000
    bad = b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p>'
    entity = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
              b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
              b'main"><w:body><w:p><w:r><w:t>x&b;</w:t></w:r></w:p></w:body></w:document>')
    files = {
        "garbage": tmp / "garbage.docx",
        "no_document": _zip(tmp / "nodoc.docx", {"word/other.xml": b"<a/>"}),
        "bad_xml": _zip(tmp / "badxml.docx", {"word/document.xml": bad}),
        "protected": tmp / "protected.docx",
        "legacy_doc": tmp / "renamed.docx",
        "bomb": _zip(tmp / "bomb.docx", {"word/document.xml": b" " * (6 * 1024 * 1024)}),
        "entity": _zip(tmp / "entity.docx", {"word/document.xml": entity}),
    }
    files["garbage"].write_bytes(b"PK\x03\x04 this is not really a zip" * 20)
    files["protected"].write_bytes(protected)
    files["legacy_doc"].write_bytes(ole)
    return files


# --- PDF -----------------------------------------------------------------------------------

FONT, SIZE = "helv", 10.0
RED, BLUE, GREEN = (1, 0, 0), (0, 0, 1), (0, 0.5, 0)


def write_line(page, x: float, y: float, segments, size: float = SIZE) -> float:
    """Write (text, style, colour) pieces on baseline y from x; style is "", "strike" (a line
    through the x-height), "under" (a line under the baseline), "under_rect" (a thin filled
    rectangle, as Word exports underlines) or "both". Returns the x after the last piece."""
    for text, style, color in segments:
        width = pymupdf.get_text_length(text, fontname=FONT, fontsize=size)
        page.insert_text((x, y), text, fontname=FONT, fontsize=size)
        if style in ("strike", "both"):
            page.draw_line((x, y - 0.3 * size), (x + width, y - 0.3 * size), color=color,
                           width=0.7)
        if style in ("under", "both"):
            page.draw_line((x, y + 1.4), (x + width, y + 1.4), color=color, width=0.6)
        if style == "under_rect":
            page.draw_rect(pymupdf.Rect(x, y + 1.1, x + width, y + 1.7), color=None, fill=color)
        x += width
    return x


def redline_pdf(tmp: Path) -> Path:
    """Two pages: clause redlines drawn as lines, then a salary table with cell borders."""
    doc = pymupdf.open()
    page = doc.new_page()
    write_line(page, 72, 80, [("ARTICLE 12 - COMPENSATION", "", None)], size=12)
    write_line(page, 72, 110, [("12.7.5 An additional stipend of ", "", None),
                               ("three thousand dollars ($3,000)", "strike", RED)])
    write_line(page, 72, 122, [("four thousand five hundred dollars ($4,500)", "under", BLUE),
                               (" shall be paid to each employee who", "", None)])
    write_line(page, 72, 134, [("holds National Board certification.", "", None)])
    write_line(page, 72, 164, [("12.7.6 The stipend shall be paid in ", "", None),
                               ("two", "strike", RED), (" ", "", None),
                               ("equal", "under_rect", BLUE), (" installments", "", None),
                               (" on or before June 30", "both", GREEN), (".", "", None)])
    write_line(page, 72, 194, [("12.7.7 Employees on leave shall receive a prorated stip", "",
                                None), ("end", "strike", RED), ("ends", "under", BLUE),
                               (".", "", None)])
    page.draw_line((72, 220), (540, 220), color=(0, 0, 0), width=0.5)  # a rule between clauses
    write_line(page, 72, 240, [("12.8 Longevity pay is unchanged.", "", None)])
    page.draw_line((72, 244.5), (540, 244.5), color=(0, 0, 0), width=0.5)  # heading rule
    _salary_page(doc.new_page())
    doc.set_metadata({"title": "District Counterproposal - Article 12", "author": AUTHOR,
                      "creationDate": "D:20240305160000-08'00'"})
    path = tmp / "counterproposal.pdf"
    doc.save(path)
    return path


def _salary_page(page) -> None:
    """A ruled table: every row has a border 3pt under its baseline; one new value is
    underlined and one old value struck inside the table."""
    cols = [72, 180, 300, 420]
    rows = [("Step", "BA", "MA"), ("1", "$52,000", "$56,000"), ("2", "$53,500", "$57,500")]
    top = 100
    for r, row in enumerate(rows):
        base = top + 16 * r + 12
        for c, text in enumerate(row):
            pieces = [(text, "", None)]
            if (r, c) == (1, 1):  # the old BA value struck, the new one underlined beside it
                pieces = [(text, "strike", RED), (" ", "", None), ("$54,500", "under", BLUE)]
            if (r, c) == (2, 2):
                pieces = [(text, "under", BLUE)]
            write_line(page, cols[c] + 4, base, pieces)
        page.draw_line((cols[0], base + 3.2), (cols[-1] + 60, base + 3.2), color=(0, 0, 0),
                       width=0.5)
    page.draw_line((cols[0], top), (cols[-1] + 60, top), color=(0, 0, 0), width=0.5)
    for x in [*cols, cols[-1] + 60]:
        page.draw_line((x, top), (x, top + 16 * len(rows) + 3.2), color=(0, 0, 0), width=0.5)


def annotated_pdf(tmp: Path) -> Path:
    """Redlines made with StrikeOut / Underline markup annotations (as Acrobat reviewers do)."""
    doc = pymupdf.open()
    page = doc.new_page()
    write_line(page, 72, 100, [("12.9 Overtime is paid at one and one-half times the rate.", "",
                                None)])
    old = page.search_for("one and one-half")[0]
    new = page.search_for("the rate")[0]
    page.add_strikeout_annot(old).update()
    annot = page.add_underline_annot(new)
    annot.set_colors(stroke=(0, 0, 1))
    annot.update()
    path = tmp / "annotated.pdf"
    doc.save(path)
    return path


def broken_pdf_files(tmp: Path) -> dict[str, Path]:
    """Unreadable PDFs by name: encrypted, garbage, truncated, scanned (image only), blank."""
    good = pymupdf.open()
    write_line(good.new_page(), 72, 100, [("Secret bargaining notes.", "", None)])
    files = {
        "encrypted": tmp / "locked.pdf", "garbage": tmp / "garbage.pdf",
        "truncated": tmp / "truncated.pdf", "scanned": tmp / "scanned.pdf",
        "blank": tmp / "blank.pdf",
    }
    good.save(files["encrypted"], encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x",
              owner_pw="y")
    files["garbage"].write_bytes(b"\x89 not a pdf at all \x00\x01" * 50)
    files["truncated"].write_bytes(good.tobytes()[:300])
    scan = pymupdf.open()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 80), False)
    pix.clear_with(200)
    scan.new_page().insert_image(pymupdf.Rect(72, 72, 300, 400), pixmap=pix)
    scan.save(files["scanned"])
    blank = pymupdf.open()
    blank.new_page()
    blank.save(files["blank"])
    return files


def owner_locked_pdf(tmp: Path) -> Path:
    """Encrypted with an owner password only: opens without asking (empty user password)."""
    doc = pymupdf.open()
    write_line(doc.new_page(), 72, 100, [("Printing restricted, reading allowed.", "", None)])
    path = tmp / "owner_locked.pdf"
    buf = io.BytesIO()
    doc.save(buf, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="", owner_pw="y",
             permissions=pymupdf.PDF_PERM_ACCESSIBILITY)
    path.write_bytes(buf.getvalue())
    return path


def raw_docx(tmp: Path, body: str, name: str = "raw.docx", ns: str = "") -> Path:
    """A minimal package holding only word/document.xml with this body XML."""
    ns = ns or "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = f'<?xml version="1.0"?><w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
    return _zip(tmp / name, {"word/document.xml": xml.encode()})


def render(mt) -> str:
    """MarkedText as "kept [-deleted-] [+inserted+]"."""
    out = []
    for a, b, m in mt.runs():
        text = mt.text[a:b]
        out.append(text if m.kind == "keep" else
                   f"[-{text}-]" if m.kind == "delete" else f"[+{text}+]")
    return "".join(out)


def changes(mt) -> list[tuple[str, str, str | None, str]]:
    """(kind, text, colour, source) of every marked run."""
    return [(m.kind, mt.text[a:b], m.color, m.source) for a, b, m in mt.runs() if m.kind != "keep"]
