"""DOCX loader: tracked changes, format redlines, numbering, tables, metadata, hostile files."""

from __future__ import annotations

import pytest

from ingest import load_docx as ld
from ingest.load_docx import format_number, load_docx
from ingest.loaders import load_file
from store.errors import IngestError
from tests.redline_fixtures import (
    broken_docx_files,
    changes,
    numbered_docx,
    proposal_docx,
    raw_docx,
    render,
)

PROPOSAL_MARKED = """\
ARTICLE 12 - COMPENSATION
12.7.5 An additional stipend of [-three thousand dollars ($3,000)-][+four thousand five hundred \
dollars ($4,500)+] shall be paid to each employee who holds National Board certification.
12.7.6 The stipend shall be paid in [-two-][+equal+] installments[- on or before June 30-].
12.7.7 Employees on unpaid leave [-shall not-][-may-][+shall+] receive a [-full-][+prorated+] \
stipend[-\u00a0per diem-].
12.7.8 Mileage is reimbursed at the IRS rate[+ per diem+].
[-12.7.9 This section sunsets on June 30, 2025.
-]See the salary schedule at www.rusd.example/salary
Step | BA | MA
1 | [-$52,000-][+$54,500+] | $56,000 (MA+30)
2 | $53,500 | [-$57,500-][+$59,000+]
[-3 | $55,000 | $59,000
-]Tab:\t-
end"""

PROPOSAL_CURRENT = """\
ARTICLE 12 - COMPENSATION
12.7.5 An additional stipend of four thousand five hundred dollars ($4,500) shall be paid to \
each employee who holds National Board certification.
12.7.6 The stipend shall be paid in equal installments.
12.7.7 Employees on unpaid leave shall receive a prorated stipend.
12.7.8 Mileage is reimbursed at the IRS rate per diem.
See the salary schedule at www.rusd.example/salary
Step | BA | MA
1 | $54,500 | $56,000 (MA+30)
2 | $53,500 | $59,000
Tab:\t-
end"""

PROPOSAL_ORIGINAL = """\
ARTICLE 12 - COMPENSATION
12.7.5 An additional stipend of three thousand dollars ($3,000) shall be paid to each employee \
who holds National Board certification.
12.7.6 The stipend shall be paid in two installments on or before June 30.
12.7.7 Employees on unpaid leave shall notmay receive a full stipend\u00a0per diem.
12.7.8 Mileage is reimbursed at the IRS rate.
12.7.9 This section sunsets on June 30, 2025.
See the salary schedule at www.rusd.example/salary
Step | BA | MA
1 | $52,000 | $56,000 (MA+30)
2 | $53,500 | $57,500
3 | $55,000 | $59,000
Tab:\t-
end"""


@pytest.fixture
def proposal(tmp_path):
    path = proposal_docx(tmp_path)
    return load_docx(path, path.read_bytes())


def test_proposal_current_original_and_marked_text(proposal):
    mt = proposal.text
    assert render(mt) == PROPOSAL_MARKED
    assert mt.without("delete") == PROPOSAL_CURRENT
    assert mt.without("insert") == PROPOSAL_ORIGINAL
    assert proposal.paged is False


def test_proposal_colours_and_sources(proposal):
    assert changes(proposal.text) == [
        ("delete", "three thousand dollars ($3,000)", "FF0000", "tracked"),
        ("insert", "four thousand five hundred dollars ($4,500)", "0000FF", "tracked"),
        ("delete", "two", "FF0000", "format"),
        ("insert", "equal", "0000FF", "format"),
        ("delete", " on or before June 30", "00B050", "format"),  # underlined AND struck
        ("delete", "shall not", "FF0000", "format"),  # struck inside a tracked insertion
        ("delete", "may", None, "tracked"),  # underlined inside a tracked deletion
        ("insert", "shall", "0000FF", "tracked"),
        ("delete", "full", "C00000", "format"),  # double strikethrough
        ("insert", "prorated", None, "format"),
        ("delete", "\u00a0per diem", None, "tracked"),  # moveFrom
        ("insert", " per diem", None, "tracked"),  # moveTo
        ("delete", "12.7.9 This section sunsets on June 30, 2025.\n", None, "tracked"),
        ("delete", "$52,000", "FF0000", "format"),
        ("insert", "$54,500", "0000FF", "format"),
        ("delete", "$57,500", None, "tracked"),
        ("insert", "$59,000", None, "tracked"),
        ("delete", "3 | $55,000 | $59,000\n", None, "tracked"),  # a deleted table row
    ]


def test_proposal_metadata(proposal):
    assert proposal.meta == {"title": "District Counterproposal - Article 12",
                             "author": "Riverside Unified School District",
                             "date": "2024-03-05"}


NUMBERED = """\
ARTICLE 12 COMPENSATION
12.7 Stipends
12.7.5 An additional stipend of $3,000 shall be paid.
(a) in two installments;
(b) on the regular payday;
i. by direct deposit
ii. or by check
A) upon request
12.7.6 Mentor teachers receive $1,500.
[-12.7.7 Department chairs receive $900.
-][+12.7.7 Coaches receive $1,200.
+](a) per season
12.8 Longevity
12.8.5 After ten years, $2,000.
IV. Hours
4.1 Workday
4.2 Preparation time
1. First listed item
2. Second listed item
\u2022 A bullet
Not numbered"""


def test_automatic_clause_numbers_are_rendered(tmp_path):
    path = numbered_docx(tmp_path)
    mt = load_docx(path, path.read_bytes()).text
    assert render(mt) == NUMBERED
    current = mt.without("delete").split("\n")
    # a deleted clause does not use up a number; the inserted one takes it
    assert current[8:11] == ["12.7.6 Mentor teachers receive $1,500.",
                             "12.7.7 Coaches receive $1,200.", "(a) per season"]
    assert "12.7.7 Department chairs receive $900." in mt.without("insert").split("\n")


@pytest.mark.parametrize(("n", "fmt", "want"), [
    (3, "decimal", "3"), (3, "decimalZero", "03"), (3, "lowerLetter", "c"),
    (28, "lowerLetter", "bb"), (2, "upperLetter", "B"), (14, "lowerRoman", "xiv"),
    (1994, "upperRoman", "MCMXCIV"), (22, "ordinal", "22nd"), (13, "ordinal", "13th"),
    (5, "none", ""), (5, "bullet", "\u2022"), (7, "chineseCounting", "7"),
])
def test_format_number(n, fmt, want):
    assert format_number(n, fmt) == want


def _load_raw(tmp_path, body, **kw):
    path = raw_docx(tmp_path, body, **kw)
    return load_docx(path, path.read_bytes()).text


def test_switched_off_formatting_hidden_text_and_field_codes(tmp_path):
    body = (
        '<w:p><w:r><w:rPr><w:strike w:val="false"/><w:u w:val="none"/><w:color w:val="auto"/>'
        '</w:rPr><w:t>Article 5 </w:t></w:r>'
        '<w:r><w:rPr><w:dstrike w:val="0"/></w:rPr><w:t>Leave</w:t></w:r>'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN NOTE</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t> (p. 4)</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        '<w:p><w:r><w:rPr><w:u/><w:color w:val="auto"/></w:rPr><w:t>new</w:t></w:r>'
        '<w:r><w:rPr><w:u w:val="double"/><w:color w:val="ff0000"/></w:rPr><w:t> words</w:t></w:r>'
        '<w:r><w:rPr><w:rStyle w:val="Hyperlink"/><w:u/></w:rPr><w:t> link</w:t></w:r></w:p>'
    )
    mt = _load_raw(tmp_path, body)
    assert render(mt) == "Article 5 Leave (p. 4)\n[+new+][+ words+] link"
    assert changes(mt) == [("insert", "new", None, "format"),
                           ("insert", " words", "FF0000", "format")]


def test_content_controls_smart_tags_and_nested_tables(tmp_path):
    body = (
        '<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:p><w:smartTag>'
        '<w:r><w:t>Section 3.</w:t></w:r></w:smartTag><w:sdt><w:sdtContent><w:r>'
        '<w:t xml:space="preserve"> Seniority</w:t></w:r></w:sdtContent></w:sdt></w:p>'
        '</w:sdtContent></w:sdt>'
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Outer</w:t></w:r></w:p></w:tc><w:tc>'
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r>'
        '<w:t>b</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p>'
        '</w:tc></w:tr></w:tbl></w:tc></w:tr>'
        '<w:tr><w:trPr><w:ins w:id="1" w:author="U" w:date="2024-01-01T00:00:00Z"/></w:trPr>'
        '<w:tc><w:p><w:ins w:id="2" w:author="U" w:date="2024-01-01T00:00:00Z"><w:r>'
        '<w:t>New row</w:t></w:r></w:ins></w:p></w:tc><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p>'
        '</w:tc></w:tr></w:tbl><w:p><w:r><w:t>After</w:t></w:r></w:p>'
    )
    mt = _load_raw(tmp_path, body)
    # everything in an inserted row is inserted, its line break included
    assert render(mt) == "Section 3. Seniority\nOuter | a | b c\n[+New row | x\n+]After"
    assert mt.without("insert") == "Section 3. Seniority\nOuter | a | b c\nAfter"
    assert mt.without("delete") == "Section 3. Seniority\nOuter | a | b c\nNew row | x\nAfter"


def test_strict_ooxml_namespace(tmp_path):
    ns = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    body = ('<w:p><w:r><w:rPr><w:strike/></w:rPr><w:t>old</w:t></w:r>'
            '<w:r><w:t> text</w:t></w:r></w:p>')
    assert render(_load_raw(tmp_path, body, ns=ns)) == "[-old-] text"


@pytest.mark.parametrize(("name", "reason", "detail"), [
    ("garbage", "corrupt", "not a zip archive"),
    ("no_document", "corrupt", "no word/document.xml"),
    ("bad_xml", "corrupt", "word/document.xml"),
    ("protected", "encrypted", "password-protected"),
    ("legacy_doc", "corrupt", "Word 97-2003 .doc"),
    ("bomb", "corrupt", "suspicious compression (zip bomb?)"),
])
def test_broken_files_fail_with_a_reason(tmp_path, name, reason, detail):
    path = broken_docx_files(tmp_path)[name]
    with pytest.raises(IngestError) as info:
        load_docx(path, path.read_bytes())
    assert info.value.reason == reason
    assert detail in info.value.detail
    if reason == "corrupt":
        assert "DOCX" in str(info.value)


def test_entities_are_not_expanded(tmp_path):
    path = broken_docx_files(tmp_path)["entity"]
    assert load_docx(path, path.read_bytes()).text.text == "x"


def test_total_read_budget(tmp_path, monkeypatch):
    path = proposal_docx(tmp_path)
    monkeypatch.setattr(ld, "MAX_READ", 2000)
    with pytest.raises(IngestError) as info:
        load_docx(path, path.read_bytes())
    assert info.value.detail == "suspicious compression (zip bomb?)"


def test_registry_loads_docx(tmp_path):
    loaded, data = load_file(proposal_docx(tmp_path))
    assert loaded.text.without("delete") == PROPOSAL_CURRENT and data[:2] == b"PK"
