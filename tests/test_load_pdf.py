"""PDF loader: drawn strike/underline lines and markup annotations become redline marks."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from ingest.load_pdf import load_pdf
from ingest.loaders import load_file
from store.errors import IngestError
from tests.redline_fixtures import (
    BLUE,
    RED,
    annotated_pdf,
    broken_pdf_files,
    changes,
    owner_locked_pdf,
    redline_pdf,
    render,
    write_line,
)

MARKED = (
    "ARTICLE 12 - COMPENSATION\n\n"
    "12.7.5 An additional stipend of [-three thousand dollars ($3,000)-]\n"
    "[+four thousand five hundred dollars ($4,500)+] shall be paid to each employee who\n"
    "holds National Board certification.\n\n"
    "12.7.6 The stipend shall be paid in [-two-] [+equal+] installments"
    "[- on or before June 30-].\n\n"
    "12.7.7 Employees on leave shall receive a prorated stip[-end-][+ends+].\n\n"
    "12.8 Longevity pay is unchanged."
    "\f"
    "Step\tBA\tMA\n\n"
    "1\t[-$52,000-] [+$54,500+]\t$56,000\n\n"
    "2\t$53,500\t[+$57,500+]"
)
CURRENT = (
    "ARTICLE 12 - COMPENSATION\n\n"
    "12.7.5 An additional stipend of \n"
    "four thousand five hundred dollars ($4,500) shall be paid to each employee who\n"
    "holds National Board certification.\n\n"
    "12.7.6 The stipend shall be paid in  equal installments.\n\n"
    "12.7.7 Employees on leave shall receive a prorated stipends.\n\n"
    "12.8 Longevity pay is unchanged."
    "\f"
    "Step\tBA\tMA\n\n"
    "1\t $54,500\t$56,000\n\n"
    "2\t$53,500\t$57,500"
)
ORIGINAL = (
    "ARTICLE 12 - COMPENSATION\n\n"
    "12.7.5 An additional stipend of three thousand dollars ($3,000)\n"
    " shall be paid to each employee who\n"
    "holds National Board certification.\n\n"
    "12.7.6 The stipend shall be paid in two  installments on or before June 30.\n\n"
    "12.7.7 Employees on leave shall receive a prorated stipend.\n\n"
    "12.8 Longevity pay is unchanged."
    "\f"
    "Step\tBA\tMA\n\n"
    "1\t$52,000 \t$56,000\n\n"
    "2\t$53,500\t"
)


@pytest.fixture
def redline(tmp_path):
    path = redline_pdf(tmp_path)
    return load_pdf(path, path.read_bytes())


def test_drawn_redlines_current_original_marked(redline):
    mt = redline.text
    assert render(mt) == MARKED
    assert mt.without("delete") == CURRENT
    assert mt.without("insert") == ORIGINAL
    assert redline.paged is True and mt.text.count("\f") == 1


def test_colours_of_drawn_changes(redline):
    assert changes(redline.text) == [
        ("delete", "three thousand dollars ($3,000)", "FF0000", "format"),
        ("insert", "four thousand five hundred dollars ($4,500)", "0000FF", "format"),
        ("delete", "two", "FF0000", "format"),
        ("insert", "equal", "0000FF", "format"),  # a hair-thin filled rectangle
        ("delete", " on or before June 30", "008000", "format"),  # underlined and struck
        ("delete", "end", "FF0000", "format"),  # part of a word
        ("insert", "ends", "0000FF", "format"),
        ("delete", "$52,000", "FF0000", "format"),  # inside a ruled table
        ("insert", "$54,500", "0000FF", "format"),
        ("insert", "$57,500", "0000FF", "format"),
    ]


def test_metadata(redline):
    assert redline.meta == {"title": "District Counterproposal - Article 12",
                            "author": "Riverside Unified School District", "date": "2024-03-05"}


def test_table_borders_and_rules_are_not_underlines(redline):
    # every table row has a border 3.2pt under its baseline; the heading has a rule under it
    assert "Step\tBA\tMA\n" in redline.text.without("insert")
    assert "12.8 Longevity pay is unchanged." in redline.text.without("insert")


def _page_with(draw) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    write_line(page, 100, 100, [("Employees shall receive longevity pay.", "", None)])
    draw(page)
    return doc.tobytes()


PLAIN = "Employees shall receive longevity pay."  # 10pt, x 100 to 271.7, baseline 100


def _line(x0, x1, y, color=RED):
    return lambda page: page.draw_line((x0, y), (x1, y), color=color)


@pytest.mark.parametrize(("draw", "want"), [
    (_line(60, 560, 103), PLAIN),  # a border running well past both ends of the text
    (_line(100, 271.7, 103), f"[+{PLAIN}+]"),  # the same line ending with the text: underline
    (_line(100, 271.7, 108), PLAIN),  # too far below the baseline (next line's territory)
    (_line(100, 271.7, 90), PLAIN),  # above the text, not through it
    (_line(100, 271.7, 97, (1, 1, 1)), PLAIN),  # white lines are invisible
    (lambda p: p.draw_rect(pymupdf.Rect(100, 92, 271.7, 99), color=None, fill=(1, 1, 0)),
     PLAIN),  # thick bars are boxes or highlights, not lines
    (_line(175.6, 207.8, 97), "Employees shall [-receive-] longevity pay."),
    (_line(175.6, 177, 97), PLAIN),  # under half of a letter does not count
])
def test_geometry(draw, want):
    assert render(load_pdf(Path("t.pdf"), _page_with(draw)).text) == want


def test_markup_annotations(tmp_path):
    path = annotated_pdf(tmp_path)
    mt = load_pdf(path, path.read_bytes()).text
    assert render(mt) == "12.9 Overtime is paid at [-one and one-half-] times [+the rate+]."
    assert changes(mt) == [("delete", "one and one-half", "FF0000", "tracked"),
                           ("insert", "the rate", "0000FF", "tracked")]


def test_lines_drawn_by_the_html_engine(tmp_path):
    """An independent producer (MuPDF's HTML layout) draws <s>/<u>; ligatures ("fi") too."""
    doc = pymupdf.open()
    doc.new_page().insert_htmlbox(pymupdf.Rect(72, 72, 400, 700), (
        '<p style="font-family: sans-serif; font-size: 11pt">12.7.5 An additional stipend of '
        '<s style="color:red">three thousand dollars ($3,000)</s> <u style="color:blue">four '
        "thousand five hundred dollars ($4,500)</u> shall be paid to each employee. Employees "
        "on leave <u><s>shall not</s></u> receive a prorated stipend.</p>"))
    mt = load_pdf(tmp_path / "h.pdf", doc.tobytes()).text
    flat = lambda s: " ".join(s.split())  # noqa: E731 - line breaks depend on the layout engine
    assert flat(mt.without("delete")) == (
        "12.7.5 An additional stipend of four thousand five hundred dollars ($4,500) shall be "
        "paid to each employee. Employees on leave receive a prorated stipend.")
    assert flat(mt.without("insert")) == (
        "12.7.5 An additional stipend of three thousand dollars ($3,000) shall be paid to each "
        "employee. Employees on leave shall not receive a prorated stipend.")
    assert {(k, c) for k, _, c, _ in changes(mt)} == {("delete", "FF0000"), ("insert", "0000FF"),
                                                      ("delete", "000000")}


def test_rotated_page(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    page.set_rotation(90)
    write_line(page, 72, 100, [("Step 1 ", "", None), ("$52,000", "strike", RED), (" ", "", None),
                               ("$54,500", "under", BLUE)])
    assert render(load_pdf(tmp_path / "r.pdf", doc.tobytes()).text) == (
        "Step 1 [-$52,000-] [+$54,500+]")


@pytest.mark.parametrize(("name", "reason"), [
    ("encrypted", "encrypted"), ("garbage", "corrupt"), ("truncated", "corrupt"),
    ("scanned", "not_text"), ("blank", "not_text"),
])
def test_unreadable_pdfs(tmp_path, name, reason):
    path = broken_pdf_files(tmp_path)[name]
    with pytest.raises(IngestError) as info:
        load_pdf(path, path.read_bytes())
    assert info.value.reason == reason
    if reason == "not_text":
        assert info.value.detail == "no text on any page, even by OCR"  # an image of nothing
    if reason == "corrupt":
        assert "PDF" in str(info.value)


def test_owner_password_only_still_opens(tmp_path):
    path = owner_locked_pdf(tmp_path)
    assert load_pdf(path, path.read_bytes()).text.text == "Printing restricted, reading allowed."


def test_registry_loads_pdf(tmp_path):
    loaded, _ = load_file(redline_pdf(tmp_path))
    assert loaded.text.without("delete") == CURRENT and loaded.paged


def test_thousands_of_drawn_lines_stay_fast():
    doc = pymupdf.open()
    for _ in range(10):
        page = doc.new_page()
        shape = page.new_shape()
        for i in range(50):
            y = 60 + i * 14
            page.insert_text((50, y), "word " * 20, fontname="helv", fontsize=10)
            for k in range(20):  # alternate strike / underline under every word
                x, at = 50 + k * 24.46, y - 3 if k % 2 else y + 1.5
                shape.draw_line((x, at), (x + 22, at))
            shape.draw_line((40, y + 4), (560, y + 4))  # and a ruled border under each line
        shape.finish(color=(1, 0, 0), width=0.5)
        shape.commit()
    data = doc.tobytes()
    mt = load_pdf(Path("big.pdf"), data).text  # speed is measured by benchmarks, not here
    first = mt.text.split("\n")[0]
    assert render(mt.slice(0, len(first))) == " ".join(
        "[-word-]" if k % 2 else "[+word+]" for k in range(20))
