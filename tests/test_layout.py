"""Layout cleanup: page furniture removed, tables of contents flagged.

Fixtures in tests/fixtures/layout/ are verbatim page excerpts of real Oregon agreements
(`pdftotext -layout`, CC0) read through the Markdown loader, as the pipeline reads them.
"""

import re
from pathlib import Path

import pytest

from ingest.layout import clean_layout
from ingest.loaders import load_markdown
from ingest.marked import KEEP, Mark, MarkedText
from ingest.toc import mark_toc

FIXTURES = Path(__file__).parent / "fixtures" / "layout"


def load(name: str) -> MarkedText:
    path = FIXTURES / name
    return load_markdown(path, path.read_bytes()).text


def lines(mt: MarkedText) -> list[str]:
    return mt.text.split("\n")


def role_of_line(mt: MarkedText, needle: str) -> str:
    """Role of the first visible character of the first line containing `needle`."""
    start = mt.text.index(needle)
    line_start = mt.text.rfind("\n", 0, start) + 1
    while mt.text[line_start] in "\f ":
        line_start += 1
    return mt.mark_at(line_start).role


def toc_text(mt: MarkedText) -> str:
    return "".join(mt.text[a:b] for a, b, m in mt.runs() if m.role == "toc")


def pages(*bodies: str) -> MarkedText:
    return MarkedText("\f".join(bodies))


# --- real excerpts ----------------------------------------------------------------------


def test_pleading_line_numbers_page_numbers_and_running_article_footer():
    raw = load("multnomah_pleading.md")
    out = clean_layout(raw)
    assert out.text.count("\f") == raw.text.count("\f") == 6
    # the left-margin numbers are gone, the text after them stays (with its indentation)
    assert "10          A.       Deduction of Union Dues" in raw.text
    assert "\n       A.       Deduction of Union Dues\n" in out.text
    assert "\n                1.     Amount deducted each payroll period\n" in out.text
    assert "\n       Employees shall have the right to self-organize, to form, join or assist" in (
        out.text)
    assert not [ln for ln in lines(out) if re.match(r"\f? ?\d{1,2}(\s|$)", ln)]
    # page numbers at the top of each page ("     10") are gone
    assert "     10" in raw.text.split("\f")[2].split("\n")[0]
    assert all(not re.fullmatch(r"\s*\d+\s*", ln) for ln in lines(out))
    # the running footer of Article 5 goes; the article's own heading stays
    footer = "ARTICLE 5, UNION SECURITY, REPRESENTATION AND BUSINESS"
    assert raw.text.count(footer) == 5 and footer not in out.text
    assert re.search(r"\n\s+ARTICLE 5\n\s+UNION SECURITY, REPRESENTATION AND BUSINESS\n", out.text)
    assert "ARTICLE 4, MANAGEMENT RIGHTS" not in out.text
    # Article 3 began before this excerpt, so its footer cannot be proven furniture: kept
    assert out.text.count("ARTICLE 3, RECOGNITION") == 1


def test_dotted_toc_marked_and_first_article_heading_is_not():
    raw = load("dlcd_dotted_toc.md")
    out = clean_layout(raw)
    assert out.text.count("\f") == 4
    footer = re.compile(r"2025-2027 Department of Land Conservation and Development\s+\d+\s+"
                        r"Collective Bargaining Agreement")
    assert len(footer.findall(raw.text)) == 4 and not footer.search(out.text)
    marked = mark_toc(out)
    assert marked.text == out.text
    assert role_of_line(marked, "TABLE OF CONTENTS") == "toc"
    assert role_of_line(marked, "ARTICLE 2 - MANAGEMENT'S RIGHTS ......") == "toc"
    assert role_of_line(marked, "ARTICLE 21 - WAGES ......") == "toc"
    heading = marked.text.index("ARTICLE 1 - RECOGNITION\n")
    assert marked.mark_at(heading).role == ""
    assert "ARTICLE 1 - RECOGNITION\n" not in toc_text(marked)
    assert marked.mark_at(marked.text.rfind("\n", 0, heading)).role == ""  # its line start too
    body = marked.text.index("This Agreement is made and entered into")
    assert marked.mark_at(body).role == ""
    assert "This Agreement is made" not in toc_text(marked)


def test_subject_index_and_two_column_toc_marked():
    raw = load("seiu_subject_index.md")
    out = clean_layout(raw)
    assert out.text.count("\f") == 6
    header = re.compile(r"2025-2027 SEIU Local 503/State of Oregon CBA\s+DRAFT BLACKLINE")
    assert len(header.findall(raw.text)) == 4 and not header.search(out.text)
    marked = mark_toc(out)
    for needle in ("SUBJECT INDEX - Continued", "Absences, Unexcused,91.3",
                   "Pay Equity Adjustments, LOA", "TABLE OF CONTENTS",
                   "ARTICLE 1--PARTIES TO THE AGREEMENT....", "ARTICLE 23.5--CLIENT COMPLAINT"):
        assert role_of_line(marked, needle) == "toc", needle
    assert role_of_line(marked, "BLACKLINE DRAFT AS OF") == ""  # the cover page is not


def test_plain_page_number_footers():
    raw = load("clackamas_page_numbers.md")
    out = clean_layout(raw)
    assert out.text.count("\f") == 3
    removed = [ln for ln in lines(raw) if ln not in set(lines(out))]
    assert [ln.strip() for ln in removed] == ["11", "12", "13", "14"]
    assert "\f3.             Holidays for Employees Working a Five-Day Work Week.\n" in out.text
    assert mark_toc(out).text == out.text and not toc_text(mark_toc(out))


# --- synthetic cases ----------------------------------------------------------------------

BODY = ("The Employer shall post all vacancies for at least ten (10) days.\n"
        "Employees may apply for any posted vacancy by written application.\n"
        "The senior qualified applicant shall be selected for the position.\n")


@pytest.mark.parametrize("make", [
    lambda n: f"- {n} -", lambda n: f"Page {n}", lambda n: f"Page {n} of 40",
    lambda n: f"{n} | P a g e", lambda n: f"                         {n}",
    lambda n: ["i", "ii", "iii", "iv", "v"][n - 1],
])
def test_page_number_variants_removed_at_top_or_bottom(make):
    doc = pages(*(f"{make(n)}\n\n{BODY}" if n % 2 else f"{BODY}\n{make(n)}\n"
                  for n in range(1, 6)))
    out = clean_layout(doc)
    assert out.text.count("\f") == 4
    assert out.text.count("The senior qualified applicant") == 5
    kept = {ln.strip() for ln in lines(out) if ln.strip()}
    assert kept == {ln.strip() for ln in BODY.splitlines()}


def test_running_header_with_page_numbers_removed_body_kept():
    doc = pages(*(f"2024-2027 Agreement City of Salem and AFSCME        Page {n}\n\n{BODY}"
                  f"\nSection {n}. Wages\n" for n in range(1, 7)))
    out = clean_layout(doc)
    assert "City of Salem" not in out.text
    assert all(f"Section {n}. Wages" in out.text for n in range(1, 7))  # a heading at the bottom


def test_body_lines_ending_in_numbers_and_clause_numbers_are_kept():
    endings = ["overtime shall be paid within\n30", "1.", "12.3", "Step 1      20.00      21.00",
               "employees hired after July 1, 2024", "shall be paid within 30"]
    doc = pages(*(f"{BODY}{end}\n" for end in endings))
    out = clean_layout(doc)
    assert out.text == doc.text
    assert not toc_text(mark_toc(out))


def test_numbered_list_on_one_page_is_not_pleading_paper():
    roster = "\n".join(f"{n:>4}        {6700 + n}     Employee Name {n}" for n in range(1, 25))
    doc = pages(BODY, roster, BODY, BODY, BODY)
    assert clean_layout(doc).text == doc.text


def test_toc_negative_prose_and_tables():
    text = (
        "ARTICLE 12 - WAGES\n"
        "Section 1. Employees hired after July 1, 2024 shall be placed at step\n"
        "2 of the salary range and advance after 12\n"
        "months of service. The rates are set out below:\n"
        "Step 1          20.00\nStep 2          21.00\nStep 3          22.00\n"
        "Years of service          Hours\n"
        "0-5 years                    8\n6-10 years                  10\n"
        "11-15 years                 12\n"
        "16-20 years                 14\n21+ years                   16\n")
    assert not toc_text(mark_toc(MarkedText(text)))


def test_gap_toc_without_dots_marked():
    entries = ["I.      Countywide Seniority", "II.     Bumping", "III.    Recall",
               "IV.     Notice"]
    toc = "\n".join(f"{e:<60}{n}" for n, e in enumerate(entries, start=2))
    text = f"TABLE OF CONTENTS\n\n{toc}\n\fARTICLE 1\nPREAMBLE\nThe parties agree as follows.\n"
    marked = mark_toc(MarkedText(text))
    assert role_of_line(marked, "II.     Bumping") == "toc"
    assert role_of_line(marked, "ARTICLE 1") == ""
    untitled = "\n".join(f"Article {n} – Topic number {n}{'.' * 20} {n * 3}" for n in range(1, 6))
    assert role_of_line(mark_toc(MarkedText(untitled + "\n\nThe end.")), "Article 3") == "toc"


def test_marks_are_carried_and_toc_keeps_kind_and_color():
    ins, dele = Mark("insert", "FF0000", "format"), Mark("delete", None, "tracked")
    parts = []
    for n in range(1, 6):
        parts += [(f"Page {n}\n", KEEP), (f"The rate for step {n} is ", KEEP), ("$50", dele),
                  ("$55", ins), (" per hour.\n", KEEP), ("\f" if n < 5 else "", KEEP)]
    out = clean_layout(MarkedText.build(parts))
    assert "Page" not in out.text and out.text.count("\f") == 4
    assert out.without("delete").count(" is $55 per hour.") == 5
    assert out.without("insert").count(" is $50 per hour.") == 5
    toc = MarkedText.build([("CONTENTS\n", KEEP), ("Article 1 Wages ........ 3\n", ins),
                            ("Article 2 Leave ........ 5\n", KEEP)])
    marked = mark_toc(toc)
    run_marks = {m for _, _, m in marked.runs()}
    assert Mark("insert", "FF0000", "format", "toc") in run_marks
    assert all(m.role == "toc" for a, b, m in marked.runs() if marked.text[a:b].strip())


def test_unpaged_text_is_left_alone():
    text = "WES union agreement | Clackamas County\nARTICLE 1 – DEFINITIONS\n" + BODY
    mt = MarkedText(text)
    assert clean_layout(mt).text == text
    assert not toc_text(mark_toc(mt))


def test_a_large_document_keeps_its_pages():
    base = load("multnomah_pleading.md").text + "\f" + load("seiu_subject_index.md").text
    big = MarkedText("\f".join([base] * (1_300_000 // len(base) + 1)))
    out = clean_layout(big)
    assert out.text.count("\f") == big.text.count("\f")
    assert mark_toc(out).text == out.text


def test_toc_entries_paged_by_appendix_end_before_the_first_article():
    toc = "".join(f"APPENDIX {c} – Guidelines {'.' * 40} {c}-1\n" for c in "ABCDEFGH")
    text = ("TABLE OF CONTENTS\nARTICLE I – Agreement " + "." * 40 + " 1\n" + toc
            + "AGREED AND RATIFIED " + "." * 40 + " Ratification-1\n\f\nARTICLE I\n\nAgreement\n\n"
            "A. PARTIES TO THE AGREEMENT: The articles herein constitute a binding agreement.\n")
    marked = mark_toc(MarkedText.plain(text))
    assert role_of_line(marked, "AGREED AND RATIFIED") == "toc"
    assert marked.mark_at(marked.text.index("ARTICLE I\n\nAgreement")).role == ""


def test_a_heading_line_keeps_its_words_when_its_line_number_lost_its_column(tmp_path):
    """A converter that made page line 1 a Markdown heading ("### 1   ARTICLE 10 – PAID TIME
    OFF") dropped its indent: the number still goes, so the article heading is read."""
    def page(n: int) -> str:
        body = "\n".join(f"{i:>13}             The nurse shall be paid for item {i} of page {n}."
                         for i in range(2, 14))
        return f"### 1                 ARTICLE {n} – PAID TIME OFF\n{body}\n"
    path = tmp_path / "pleading.md"
    path.write_text("\f".join(page(n) for n in range(8, 12)))
    out = clean_layout(load_markdown(path, path.read_bytes()).text)
    assert re.search(r"(?m)^\f?\s*ARTICLE 10 – PAID TIME OFF$", out.text)
    assert not [ln for ln in lines(out) if re.match(r"\f?\s*\d{1,2}\s", ln)]
