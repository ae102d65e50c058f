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
