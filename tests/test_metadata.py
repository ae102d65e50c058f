"""Metadata of files with no catalog entry: type, title, parties, own date, status; the ingest
note that says what was guessed; the catalog draft that round-trips; the metadata gold set."""

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from ingest.catalog import Catalog, document_meta, inferred_note
from ingest.dates import dates_in, term_pairs
from ingest.draft import guessed_meta
from ingest.metadata import infer
from ingest.parties import between, union_name
from tests.conftest import SEEDS

TODAY = date(2026, 12, 1)

CONTRACT = """AGREEMENT
between the
SCHOOL DISTRICT NO. 1 IN THE
CITY AND COUNTY OF DENVER, STATE OF COLORADO
and
DENVER CLASSROOM TEACHERS ASSOCIATION
September 1, 2022 – August 31, 2025
\fTABLE OF CONTENTS
Article 1 Definitions .......... 3
Appendix H: Memorandum of Understanding on Class Size .......... 90
\fARTICLE 1 DEFINITIONS
1.1 The Association shall mean the Denver Classroom Teachers Association.
1.2 A teacher shall be paid on July 1, 2026 as the Memorandum of Understanding says.
1.3 This Agreement shall be effective September 1, 2022, and shall remain in full force and
effect until August 31, 2025.
"""


def test_a_contract_is_a_contract_with_its_term_parties_and_status():
    g = infer(Path("cba.pdf"), {}, CONTRACT, TODAY)
    assert (g.doc_type, g.date, g.term_end, g.status) == ("contract", "2022-09-01", "2025-08-31",
                                                         "expired")
    assert g.employer == "School District No. 1 in the City and County of Denver, State of Colorado"
    assert g.union == "Denver Classroom Teachers Association"
    assert g.title.startswith("AGREEMENT between the SCHOOL DISTRICT NO. 1")  # as printed


def test_a_fact_finding_report_is_not_titled_by_its_hearing_date():
    text = ("HearinG Date: January 23, 2026\nFACT-FINDING REPORT AND RECOMMENDATIONS\n"
            "In the matter of the Riverside Education Association and the Riverside School "
            "District\nDate of report: March 2, 2026\nThe parties met on many days.\n")
    g = infer(Path("ff.pdf"), {}, text, TODAY)
    assert g.doc_type == "award" and g.date == "2026-03-02" and not g.title.startswith("Hearin")
    assert g.status == "current" and not g.from_party


def test_a_news_page_saved_as_text_is_not_titled_by_its_source_line():
    text = ("Source: https://news.example.com/story/123\n\nTeachers strike enters second day\n\n"
            "PORTLAND, Ore. (AP) — Teachers stayed out on Tuesday, the union said. The district "
            "said talks would resume.\n")
    g = infer(Path("story.txt"), {}, text, TODAY)
    assert g.doc_type == "news" and g.title == "Teachers strike enters second day"


def test_the_unions_own_counterproposal_carries_its_own_date():
    text = ("Riverside Education Association Counterproposal to Riverside School District\n"
            "Article 14, Travel\nMarch 5, 2026\n14.1 Mileage is paid at the IRS rate.\n"
            "14.2 Effective July 1, 2026, the rate is reviewed.\n14.3 Receipts are kept.\n")
    g = infer(Path("counter.txt"), {}, text, TODAY)
    assert (g.doc_type, g.date, g.status) == ("counterproposal", "2026-03-05", "proposed")
    assert g.from_party == "Riverside Education Association"
    assert g.to_party == "Riverside School District" and g.employer == "Riverside School District"


def test_a_bulletin_page_has_its_date_headline_and_publishing_union():
    found = {"title": "Workers rally at WOU", "date": "2026-03-09",
             "source": "https://seiu503.org/bargaining/"}
    text = ("Workers rally at WOU\n\n2026-03-09\n\nWe met at Western Oregon University (WOU). "
            "Our bargaining team meets again on June 30, 2026.\n")
    meta = document_meta(Path("b.html"), found, text, None)
    assert (meta.doc_type, meta.date, meta.title) == ("bulletin", "2026-03-09", "Workers rally at WOU")
    assert (meta.employer, meta.union) == ("Western Oregon University (WOU)", "SEIU 503")
    assert "date" not in meta.inferred and "doc_type" in meta.inferred


def test_a_pdfs_file_properties_are_not_its_title_or_date():
    found = {"title": "Microsoft Word - draft3.doc", "date": "2019-06-06"}
    meta = document_meta(Path("x.pdf"), found, CONTRACT, None)
    assert meta.date == "2022-09-01" and "Microsoft" not in meta.title


def test_dates_and_names_as_printed():
    text = "the 1st day of July, 2021; 7/16/2008; 30 de junio de 2026; Sept. 24, 2019"
    assert [f.iso for f in dates_in(text)] == ["2021-07-01", "2008-07-16", "2026-06-30",
                                              "2019-09-24"]
    assert term_pairs("in effect from July 1, 2005, to and including June 30, 2007") == [
        (2, "2005-07-01", "2007-06-30")]
    assert union_name("Baltimore Teachers Union, American Federation of Teachers, Local 340, "
                      "AFL-CIO") == "Baltimore Teachers Union"
    assert between("made by and between the School Board of the City of Providence (the "
                   "Board) and the Providence Teachers Union, Local 958 as ratified") == (
        "School Board of the City of Providence", "Providence Teachers Union")
    assert between("by and between the School Board of the City of Providence and the "
                   "Providence Teachers Union, Local 958, AFL-CIO (the Union)") == (
        "School Board of the City of Providence", "Providence Teachers Union")


def test_the_ingest_note_lists_what_was_guessed():
    meta = document_meta(Path("cba.pdf"), {}, CONTRACT, None)
    note = inferred_note(meta)
    assert note.startswith("guessed from the text: ") and "type contract" in note
    assert "date 2022-09-01 (term to 2025-08-31)" in note and "union Denver Classroom" in note
    catalogued = document_meta(SEEDS / "004_d6a0d3bf041202d8.txt", {}, "text",
                               Catalog().entry_for(SEEDS / "004_d6a0d3bf041202d8.txt"))
    assert inferred_note(catalogued) == ""


def test_catalog_draft_round_trips(tmp_path):
    from ui.cli import cli

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "cba.txt").write_text(CONTRACT)
    (tmp_path / "docs" / "counter.txt").write_text(
        "Riverside Education Association Counterproposal to Riverside School District\n"
        "March 5, 2026\n14.1 Mileage.\n14.2 Rate.\n14.3 Receipts.\n")
    out = tmp_path / "docs" / "catalog.draft.toml"
    res = CliRunner().invoke(cli, ["catalog", "draft", str(tmp_path / "docs"), "--out", str(out)])
    assert res.exit_code == 0 and "Wrote 2 entries" in res.output, res.output
    guessed = {p.name: guessed_meta(p) for p in (tmp_path / "docs").glob("*.txt")}
    out.rename(tmp_path / "docs" / "catalog.toml")
    catalog = Catalog()
    for name, before in guessed.items():
        path = tmp_path / "docs" / name
        entry = catalog.entry_for(path)
        assert entry is not None, name
        after = document_meta(path.resolve(), {}, path.read_text(), entry)
        assert after.inferred == () and after == type(before)(**{**before.__dict__,
                                                                  "inferred": ()})


def test_metadata_gold_quick():
    from evals.metadata import run

    summary, failures = run(quick=True)
    assert summary["files"] >= 6
    for field in ("doc_type_right", "date_right", "parties_right"):
        assert summary[field] >= 0.95, (field, summary, failures)


def test_a_running_header_is_not_the_title_when_the_file_names_itself():
    from ingest.metadata import find_title

    text = ("San Antonio ISD\n015907\nEMPLOYMENT OBJECTIVES\nDAA\n\nThe District shall not fail "
            "or refuse to hire or discharge any individual on the basis of race.\n")
    assert find_title(text, {"title": "San Antonio Board Policies.pdf",
                             "_title_trusted": False}) == "San Antonio Board Policies"
    assert find_title(text, {"title": "Microsoft Word - doc1.docx", "_title_trusted": False}
                      ).startswith("San Antonio ISD")
    contract = "AGREEMENT\nbetween the Board and the Union\n\nARTICLE 1\n"
    assert find_title(contract, {"title": "Scan 0042 final", "_title_trusted": False}
                      ).startswith("AGREEMENT")


def test_a_cover_listing_several_employers_names_them_together():
    from ingest.parties import cover_pair

    cover = ["COLLECTIVE BARGAINING AGREEMENT", "Oregon Public Universities",
             "Eastern Oregon University", "Oregon Tech", "Oregon State University",
             "Western Oregon University", "and", "SEIU Local 503, OPEU"]
    assert cover_pair(cover) == ("Oregon Public Universities", "SEIU Local 503")
    assert cover_pair(["AGREEMENT", "Lane County", "and", "AFSCME Local 2831"])[0] == "Lane County"


def test_a_heading_after_the_parties_is_not_part_of_a_name():
    from ingest.parties import between

    text = ("AGREEMENT between CLACKAMAS COUNTY, OREGON and CLACKAMAS COUNTY EMPLOYEES' "
            "ASSOCIATION PREAMBLE This agreement is entered into by Clackamas County")
    assert between(text)[1] == "Clackamas County Employees' Association"


def test_a_title_line_above_the_parties_is_not_part_of_a_name():
    from ingest.parties import hereby_pair

    text = ("Amendment to Collective Bargaining Agreement\nThe Dayton Public School District "
            "(BOARD) and the Dayton Education Association (DEA) hereby agree to amend it.")
    assert hereby_pair(text) == ("Dayton Public School District", "Dayton Education Association")
