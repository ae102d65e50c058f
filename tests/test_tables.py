"""Pay tables read as tables: each cell named by its table, row and column, and citable."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from ingest.loaders import parse_bytes
from ingest.pipeline import parse_file
from ingest.tables import effective_of, read_tables

WAGES = [
    ("ALL PURPOSE CLERK", "$16.00", "$18.25", "$22.61"),
    ("HEAD CLERK", "$19.40", "$21.10", "$25.75"),
    ("STOCK CLERK", "$15.50", "$17.00", "$20.05"),
    ("MEAT CUTTER", "$20.00", "$23.30", "$27.90"),
]
COLUMNS = [240, 330, 420]  # right edges of the pay columns


def _right(page, x1: float, y: float, text: str, size: float = 10) -> None:
    width = pymupdf.get_text_length(text, fontsize=size)
    page.insert_text((x1 - width, y), text, fontsize=size)


def wage_pdf() -> bytes:
    """A wage table without ruling lines under a title, with prose before and after it."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "ARTICLE 9 WAGES", fontsize=12)
    page.insert_text((72, 100), "Employees shall be paid according to the table below.", fontsize=10)
    page.insert_text((150, 140), "APPENDIX A - Wage Table, effective 1/21/2024", fontsize=11)
    for x1, head in zip(COLUMNS, ("Start", "After 2080 hours", "After 7800 hours"), strict=True):
        _right(page, x1, 170, head)
    for i, (name, *pay) in enumerate(WAGES):
        y = 188 + 16 * i
        page.insert_text((72, y), name, fontsize=10)
        for x1, value in zip(COLUMNS, pay, strict=True):
            _right(page, x1, y, value)
    page.insert_text((72, 280), "Rates are reviewed each year by the parties.", fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data


def lanes_pdf() -> bytes:
    """A salary schedule with group headers ("Level 1" over "MA" and "PhD") and a step stub."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((160, 60), "Salary Matrix 2018-2019", fontsize=11)
    for mid, text in ((217, "Level 1"), (357, "Level 2")):  # centred over their two columns
        page.insert_text((mid - pymupdf.get_text_length(text, fontsize=10) / 2, 90), text,
                         fontsize=10)
    page.insert_text((72, 105), "STEP", fontsize=10)
    for x1, text in ((200, "MA"), (270, "PhD"), (340, "MA"), (410, "PhD")):
        _right(page, x1, 105, text)
    for step in range(1, 6):
        y = 105 + 14 * step
        page.insert_text((80, y), str(step), fontsize=10)
        for k, x1 in enumerate((200, 270, 340, 410)):
            _right(page, x1, y, f"${40000 + 4000 * k + 100 * step:,}")
    data = doc.tobytes()
    doc.close()
    return data


def _page(data: bytes):
    doc = pymupdf.open(stream=data, filetype="pdf")
    return doc, doc[0]


def test_wage_table_cells_carry_title_row_column_and_date():
    doc, page = _page(wage_pdf())
    tables = read_tables(page, 1)
    doc.close()
    assert len(tables) == 1
    cells = {(c.row_header, c.col_header): c for c in tables[0].cells}
    assert len(cells) == 12
    cell = cells[("ALL PURPOSE CLERK", "After 7800 hours")]
    assert cell.value == "$22.61" and cell.page == 1
    assert cell.table_title == "APPENDIX A - Wage Table, effective 1/21/2024"
    assert cell.effective == "1/21/2024"
    assert cells[("HEAD CLERK", "Start")].value == "$19.40"
    assert cell.line == ("ALL PURPOSE CLERK, After 7800 hours: $22.61 — "
                         "APPENDIX A - Wage Table, effective 1/21/2024.")


def test_group_headers_name_each_column_under_them():
    doc, page = _page(lanes_pdf())
    cells = {(c.row_header, c.col_header): c.value for t in read_tables(page, 1) for c in t.cells}
    doc.close()
    assert cells[("STEP 5", "Level 1 – PhD")] == "$44,500"
    assert cells[("STEP 3", "Level 2 – MA")] == "$48,300"
    assert cells[("STEP 1", "Level 2 – PhD")] == "$52,100"


def test_prose_with_a_few_amounts_is_not_a_table():
    doc = pymupdf.open()
    page = doc.new_page()
    for i, line in enumerate(["The stipend is $3,000 per year and $1,500 for half time.",
                              "Coaches receive $2,500; assistants receive $1,250.",
                              "Mileage is paid at $0.58 per mile."]):
        page.insert_text((72, 72 + 14 * i), line, fontsize=10)
    assert read_tables(page, 1) == []
    doc.close()


def one_row_pdf() -> bytes:
    """Two one-row rate tables (a title, a step and four dated rates each) under prose."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Teachers are paid the rates below for each hour of extra work.",
                     fontsize=10)
    for top, title, rates in ((100, "Extracurricular Rate", ("39.87", "39.87", "39.87", "41.07")),
                              (160, "Staff Development Rate", ("29.45", "29.45", "29.45", "30.33"))):
        page.insert_text((72, top), title, fontsize=11)
        page.insert_text((72, top + 18), "Step", fontsize=10)
        page.insert_text((80, top + 32), "01", fontsize=10)
        for x1, head, rate in zip((200, 270, 340, 410), ("9/1/20", "9/1/21", "9/1/22", "9/1/23"),
                                  rates, strict=True):
            _right(page, x1, top + 18, head)
            _right(page, x1, top + 32, rate)
    data = doc.tobytes()
    doc.close()
    return data


def test_a_one_row_table_under_a_row_naming_its_columns_is_read():
    doc, page = _page(one_row_pdf())
    lines = [c.line for t in read_tables(page, 1) for c in t.cells]
    doc.close()
    assert len(lines) == 8
    assert [x for x in lines if "9/1/23: 41.07" in x and "Extracurricular Rate" in x
            and "Step 01" in x]
    assert [x for x in lines if "9/1/20: 29.45" in x and "Staff Development Rate" in x]


def test_a_lone_row_of_amounts_without_column_names_stays_text():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "The rates for the three years of this Agreement are:", fontsize=10)
    for y in (90, 104):  # two lone rows of amounts: no row above names their columns
        for x1, rate in zip((200, 270, 340, 410), ("39.87", "39.87", "40.28", "41.07"),
                            strict=True):
            _right(page, x1, y, rate)
        page.insert_text((72, y + 7), "and then", fontsize=10)
    for i, line in enumerate(["Coaches receive $2,500; assistants receive $1,250."]):
        page.insert_text((72, 110 + 14 * i), line, fontsize=10)
    assert read_tables(page, 1) == []
    doc.close()


def test_ingest_stores_one_citable_line_per_cell_instead_of_the_flat_rows(tmp_path):
    data = wage_pdf()
    path = tmp_path / "wages.pdf"
    path.write_bytes(data)
    doc = parse_file(Path(path), parse_bytes(path, data), data, None)
    assert len(doc.tables) == 12
    for cell in doc.tables:
        assert cell.char_start >= 0
        assert doc.text[cell.char_start:cell.char_end] == cell.line
    assert "$16.00 $18.25" not in doc.text and "$16.00\t$18.25" not in doc.text
    assert "Employees shall be paid according to the table below." in doc.text
    assert "Rates are reviewed each year by the parties." in doc.text
    clause = next(c for c in doc.clauses if "HEAD CLERK, Start: $19.40" in c.text)
    assert clause.page == 1


@pytest.mark.parametrize("title, want", [
    ("Salary Schedule – Effective September 1, 2021 - August 31, 2022: 3%",
     "September 1, 2021 - August 31, 2022"),
    ("OPU/SEIU Monthly Salary Schedule Appendix E1 (7/1/2022 - 3/31/2024)",
     "7/1/2022 - 3/31/2024"),
    ("APPENDIX A-1: PEA Salary Schedule 2019-2020", "2019-2020"),
    ("Addendum II", ""),
])
def test_effective_date_read_from_the_title(title, want):
    assert effective_of(title) == want


def test_gold_tables_quick():
    """The gold set's pages, read by the table reader: each gold cell found with its headers."""
    from evals.runner import SHARED

    if not (SHARED / "district-contracts").is_dir():
        pytest.skip("shared corpora not present")
    from evals.tables import run

    summary, failures = run(quick=True)
    assert summary["cells"] >= 40 and summary["tables"] >= 5
    assert summary["right_cell"] >= 0.95, failures


def test_an_answer_from_a_cell_does_not_quote_its_neighbours():
    """The best cell is quoted alone: a runner-up from the same table saying the same words
    with other figures is a neighbouring cell, not support; a sentence of another clause is."""
    from retrieval.evidence import EvidenceScorer
    from retrieval.search import SearchHit
    from retrieval.selection import select

    table = ("Director of Athletics, 7/1/2021: $5,980 — Addendum II.\n"
             "Director of Athletics, 7/1/2022: $6,115 — Addendum II.\n"
             "Badminton, 7/1/2022: $3,702 — Addendum II.")

    def hit(n: int, clause: str, text: str) -> SearchHit:
        return SearchHit(f"{clause}.{n}", clause, "d", "Agreement", "contract", "current", 0,
                         None, "Addendum II", 89, text, 0, len(text), 1.0 - n / 10)

    weights = {"director": 3.0, "athletics": 3.0, "2022": 2.0, "stipend": 4.0}
    scorer = EvidenceScorer("Director of Athletics stipend as of 7/1/2022?",
                            lambda ts: {t: weights.get(t, 1.0) for t in ts})
    other = "The Director of Athletics stipend is paid in two installments each year."
    quotes = select(scorer, [hit(0, "d#1", table), hit(1, "d#2", other)])
    texts = [q.text for q in quotes]
    assert texts[0] == "Director of Athletics, 7/1/2022: $6,115 — Addendum II."
    assert not any("$5,980" in t for t in texts)


def test_a_struck_rate_keeps_the_table_as_a_redline(tmp_path):
    """A page whose table has a struck figure is not read as a table: the redline stays."""
    from ingest.load_pdf import load_pdf

    doc = pymupdf.open(stream=wage_pdf(), filetype="pdf")
    page = doc[0]
    x1 = COLUMNS[2]
    x0 = x1 - pymupdf.get_text_length("$22.61", fontsize=10)
    page.draw_line((x0, 188 - 3.5), (x1, 188 - 3.5), color=(1, 0, 0), width=0.8)
    data = doc.tobytes()
    doc.close()
    loaded = load_pdf(tmp_path / "struck.pdf", data)
    assert "tables" not in loaded.meta
    assert "$22.61" in loaded.text.text and "$22.61" not in loaded.text.without("delete")


def test_blank_words_are_ignored():
    from ingest.tables import tables_in_words

    words = [(72, 100 + 14 * r, 90, 110 + 14 * r, t, 0, 0, 0) for r, t in enumerate("123")]
    words += [(150, 100 + 14 * r, 190, 110 + 14 * r, f"${40 + r},000", 0, 0, 0) for r in range(3)]
    words += [(120, 100, 121, 110, " ", 0, 0, 0)]  # a blank word alone between cells
    words += [(250, 100 + 14 * r, 290, 110 + 14 * r, f"${50 + r},000", 0, 0, 0) for r in range(3)]
    cells = [c for t in tables_in_words(words, 1) for c in t.cells]
    assert [c.value for c in cells][:2] == ["$40,000", "$50,000"]
