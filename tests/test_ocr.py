"""Scanned pages read by OCR (Tesseract, installed by `make setup`): text, lines drawn through
words as deletions, confidence in the report and in citations."""

import shutil
from pathlib import Path

import pytest

from ingest.load_pdf import load_pdf
from store.errors import IngestError
from tests.conftest import ROOT

SCANS = ROOT.parent / "shared" / "corpora" / "district-contracts"
DAYTON = SCANS / ("Dayton_Public_Schools__2019-06-25-Amendments-to-DEA-Collective-Bargaining"
                  "-Agreement.pdf")
LINES = ["ARTICLE 9 LEAVES", "9.1 Bereavement leave is five days for a death in the family.",
         "9.2 Personal leave is two days each year.", "9.3 Jury duty is paid at the full rate."]

if shutil.which("tesseract") is None:  # `make setup` installs Debian's tesseract-ocr
    pytest.skip("Tesseract is not installed (make setup installs it as root)",
                allow_module_level=True)


def scanned_pdf(path: Path, strike: str = "", underline: str = "") -> Path:
    """A one-page PDF that is only a picture of typed text (as a scanner makes it), with a
    line drawn through the words `strike` and under the words `underline`."""
    import pymupdf

    typed = pymupdf.open()
    page = typed.new_page(width=612, height=792)
    y = 100
    for line in LINES:
        page.insert_text((72, y), line, fontsize=13, fontname="tiro")
        for words, dy in ((strike, -4.0), (underline, 2.5)):
            if words and words in line:
                x0 = 72 + pymupdf.get_text_length(line[: line.index(words)], "tiro", 13)
                x1 = x0 + pymupdf.get_text_length(words, "tiro", 13)
                page.draw_line((x0, y + dy), (x1, y + dy), width=1.2)
        y += 28
    pix = page.get_pixmap(dpi=200)
    scan = pymupdf.open()
    scan.new_page(width=612, height=792).insert_image(scan[0].rect, pixmap=pix)
    scan.save(path)
    return path


def test_a_scanned_page_is_read_by_ocr(tmp_path):
    loaded = load_pdf(path := scanned_pdf(tmp_path / "scan.pdf"), path.read_bytes())
    text = loaded.text.text
    assert "Bereavement leave is five days" in text and "Jury duty is paid" in text
    (conf,) = loaded.meta["ocr_pages"].values()
    assert conf > 80


def test_lines_drawn_through_words_are_deletions(tmp_path):
    """Struck words leave the live text (OCR misreads them: a line runs through them); an
    underline is not read as an insertion (on scans it is mostly a heading or a label)."""
    path = scanned_pdf(tmp_path / "redline.pdf", strike="two days", underline="full rate")
    loaded = load_pdf(path, path.read_bytes())
    live = " ".join(loaded.text.without("delete").split())
    assert "Personal leave is each year." in live and "Bereavement leave is five days" in live
    assert "paid at the full rate" in live
    assert {m.kind for _, _, m in loaded.text.runs(0, len(loaded.text.text))} == {"keep", "delete"}


def test_without_tesseract_a_scan_is_refused_in_plain_words(tmp_path, monkeypatch):
    import ingest.ocr as ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    path = scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(IngestError, match="OCR is not installed"):
        load_pdf(path, path.read_bytes())


def test_a_real_scan_is_cited_with_its_ocr_confidence(tmp_path, settings):
    """The Dayton amendments (5 scanned pages, no text layer) answer a member's question."""
    from tests.conftest import make_service
    from ui.panels import citations_panel
    from ui.users import OWNER

    svc = make_service(tmp_path, settings)
    report = svc.upload(OWNER, [DAYTON], {"doc_type": "tentative_agreement"})
    (result,) = report.results
    assert result.status == "added" and "5 scanned pages read by OCR" in result.notes[0]
    answer = svc.ask(OWNER, "Who may evaluate physical education teachers?")
    cite = answer.citations[0]
    assert "physical education supervisors" in cite.quote and cite.ocr_confidence > 80
    assert "Read from a scanned page by OCR" in citations_panel(answer, 0)


def test_table_borders_and_drawn_lines_are_found_letters_are_not():
    """Long thin lines (borders, rules, strike lines) are whitened before Tesseract reads the
    page; letters, thick bars and short marks are not."""
    import numpy as np

    from ingest.ocr import ruled

    ink = np.zeros((300, 400), dtype=bool)
    ink[50:53, 20:380] = True  # a rule 3 px thick, 360 px long
    ink[60:290, 200:202] = True  # a vertical border
    ink[100:160, 20:380] = True  # a thick bar: a shaded box, not a line
    ink[200:240, 30:34] = True  # a letter stem, 40 px tall
    ink[250:253, 40:90] = True  # a dash, 50 px long
    lines = ruled(ink, dpi=300)
    assert lines[51, 20:380].all() and lines[60:290, 200].all()
    assert not lines[130, 50] and not lines[220, 31] and not lines[251, 60]


def test_sideways_text_is_read_turned(tmp_path):
    """A landscape table printed sideways on a portrait page (as scanned pay schedules are)
    is read turned upright; the upright running header is kept."""
    import pymupdf

    typed = pymupdf.open()
    page = typed.new_page(width=612, height=792)
    page.insert_text((400, 60), "Salary Schedules", fontsize=12, fontname="tiro")
    for i in range(14):
        row = f"Step {i + 1}    Bachelor ${40100 + 1300 * i:,}    Master ${45200 + 1400 * i:,}"
        page.insert_text((120 + 26 * i, 720), row, fontsize=13, fontname="tiro", rotate=90)
    scan = pymupdf.open()
    scan.new_page(width=612, height=792).insert_image(
        scan[0].rect, pixmap=page.get_pixmap(dpi=200))
    scan.save(path := tmp_path / "sideways.pdf")
    loaded = load_pdf(path, path.read_bytes())
    text = " ".join(loaded.text.text.split())
    assert "Salary Schedules" in text and "Step 14" in text and "Master $63,400" in text


def test_ocr_reads_text_layer_pages_within_three_percent():
    """`steward eval --set ocr --quick`: two text-layer pages of the shared contracts, OCR'd as
    a scan is, against their own text layer (character error rate at most 3%)."""
    from evals import ocr as ocr_set
    from evals.runner import SHARED

    if not all((SHARED / f).exists() for f in ocr_set.QUICK):
        pytest.skip("the shared development corpora are not here")
    summary, failures = ocr_set.run(quick=True)
    assert summary["pages"] == 2 and summary["characters"] > 2000
    assert summary["cer"] <= ocr_set.TARGET and summary["cer_lines"] <= ocr_set.TARGET, failures


def test_line_order_reads_a_table_row_by_row():
    from evals.ocr import line_order

    cells = [(300, 100, 340, 112, "$41,457"), (72, 101, 90, 113, "2"), (72, 80, 120, 92, "Step"),
             (300, 80, 350, 92, "Masters"), (180, 100, 230, 112, "$38,957")]
    assert line_order(cells) == "Step Masters\n2 $38,957 $41,457"


def test_coloured_print_reads_as_ink_and_dollar_signs_come_back(tmp_path):
    """A pay table printed in green and purple (on Portland's real table page plain luminance
    lost those lanes: `steward eval --set ocr` measures that page), black text on a yellow
    highlight (the darkest channel alone turns the highlight black and loses it), and "$" set
    apart from its amount (Tesseract reads it "S" or "5s")."""
    import pymupdf

    from ingest.ocr import Word, _dollars

    typed = pymupdf.open()
    page = typed.new_page(width=612, height=792)
    for i in range(6):  # black steps and lanes beside a green and a purple lane
        y = 100 + 22 * i
        page.insert_text((72, y), f"{i + 1}  43,889  51,075", fontsize=11, fontname="helv")
        page.insert_text((250, y), f"{61369 + 1554 * i:,}", fontsize=11, fontname="helv",
                         color=(0.0, 0.69, 0.31))
        page.insert_text((330, y), f"{71661 + 1553 * i:,}", fontsize=11, fontname="helv",
                         color=(0.44, 0.19, 0.63))
    page.draw_rect(pymupdf.Rect(70, 240, 400, 262), color=None, fill=(1, 1, 0))  # highlight
    page.insert_text((72, 256), "Every effort shall be made to provide tables", fontsize=12,
                     fontname="tiro")
    scan = pymupdf.open()
    scan.new_page(width=612, height=792).insert_image(
        scan[0].rect, pixmap=page.get_pixmap(dpi=200))
    scan.save(path := tmp_path / "colour.pdf")
    text = " ".join(load_pdf(path, path.read_bytes()).text.text.split())
    assert "1 43,889 51,075 61,369 71,661" in text and "6 43,889 51,075 69,139" in text
    assert "Every effort shall be made to provide tables" in text  # black on yellow
    words = [Word(t, (0, 0, 1, 1), 90.0, (1, 1, 1)) for t in ("Tennis", "S", "3,541", "5s",
                                                               "4115", "S", "days")]
    assert [w.text for w in _dollars(words)] == ["Tennis", "$", "3,541", "$", "4115", "S", "days"]
