from ingest.loaders import load_file
from ingest.text_tables import read_text_tables

SCHEDULES = """ARTICLE 11 SALARIES
11.1 Employees are paid on the schedules in Appendix C.

APPENDIX C – SALARY SCHEDULES

                      SALARY SCHEDULE AS OF JULY 1, 2025
 SR     Step 1    Step 2     Step 3    Step 4
 17      3,874     4,063      4,264     4,475
 18      4,063     4,264      4,475     4,700
 32      7,290     7,655      8,035     8,439

                      SALARY SCHEDULE AS OF FEBRUARY 1, 2026
 SR     Step 1    Step 2     Step 3    Step 4
 17      3,990     4,185      4,392     4,609
 18      4,185     4,392      4,609     4,841
 32      7,509     7,885      8,276     8,692
"""


def test_a_text_salary_schedule_is_read_cell_by_cell(tmp_path):
    text, cells = read_text_tables(SCHEDULES)
    lines = text.splitlines()
    assert "SR 32, Step 3: 8,276 — SALARY SCHEDULE AS OF FEBRUARY 1, 2026." in lines
    assert "SR 18, Step 1: 4,063 — APPENDIX C – SALARY SCHEDULES SALARY SCHEDULE AS OF JULY 1, " \
           "2025." in lines
    assert len(cells) == 24 and "11.1 Employees are paid on the schedules in Appendix C." in lines
    assert "SALARY SCHEDULE AS OF FEBRUARY 1, 2026" in [x.strip() for x in lines]  # a title stays
    path = tmp_path / "aee.md"
    path.write_text(SCHEDULES)
    loaded, _ = load_file(path)
    assert len(loaded.meta["tables"]) == 24 and "SR 17, Step 4: 4,609" in loaded.text.text


def test_a_table_read_wrong_stays_as_it_was():
    codes = "BGU  SAL GRADE  JOB  PLAN CODE\n POA   05   033   041\n POA   06   036   044\n" \
            " POA   07   039   047\n"
    assert read_text_tables(codes) == (codes, [])
    struck = SCHEDULES.replace("8,276", "<s>8,276</s> 8,300")
    assert read_text_tables(struck) == (struck, [])
