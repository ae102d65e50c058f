"""`steward compare` on a contract article and a redlined proposal that renumbers and moves."""

import pytest

from ingest.pipeline import Ingestor
from retrieval.compare import compare
from retrieval.diff import marked
from store.errors import NotFoundError
from tests.conftest import ALL

CONTRACT = """ARTICLE 7 HOURS OF WORK
7.1 The regular workday is eight (8) hours.
7.2 The workweek is Monday through Friday.
7.3 Overtime is paid at one and one-half (1.5) times the regular rate of pay.
7.4 Employees receive two fifteen-minute rest periods in each workday.
7.5 Meal periods are thirty (30) minutes and are unpaid.
7.6 Shift trades between employees require the supervisor's approval.
"""
PROPOSAL = """<p>ARTICLE 7 HOURS OF WORK</p>
<p>7.1 The regular workday is eight (8) hours.</p>
<p>7.2 The workweek is Monday through <del>Friday</del> <ins>Saturday</ins>.</p>
<p>7.3 Employees receive two fifteen-minute rest periods in each workday. [Moved from 7.4]</p>
<p>7.4 Overtime is paid at one and one-half (1.5) times the regular rate of pay.</p>
<p>7.5 Meal periods are thirty (30) minutes and are <del>unpaid</del> <ins>paid</ins>.</p>
<p><ins>7.7 Employees may ask for a flexible schedule once a year.</ins></p>
"""


@pytest.fixture
def pair(tmp_path, settings, store, embedder):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "contract.txt").write_text(CONTRACT)
    (folder / "proposal.html").write_text(PROPOSAL)
    Ingestor(settings, store, embedder, progress=False).run([folder])
    return store


def test_each_change_is_reported(pair):
    result = compare(pair, ALL, "contract", "proposal")
    rows = {(r.section_a, r.section_b): r for r in result.rows if r.section_a or r.section_b}
    assert rows[("7.1", "7.1")].status == "unchanged"
    changed = rows[("7.2", "7.2")]
    assert changed.status == "changed" and "[-Friday-][+Saturday+]" in marked(changed.edits)
    assert rows[("7.4", "7.3")].status == "moved" and rows[("7.4", "7.3")].how == "moved note"
    assert rows[("7.3", "7.4")].status == "moved" and rows[("7.3", "7.4")].how == "similar text"
    assert rows[("7.5", "7.5")].status == "changed"
    assert rows[(None, "7.7")].status == "added"
    assert rows[("7.6", None)].status == "removed"
    assert result.counts() == {"unchanged": 2, "changed": 2, "moved": 2, "added": 1,
                               "removed": 1}


def test_unknown_document_is_a_clear_error(pair):
    with pytest.raises(NotFoundError, match="No document with id 'nope'"):
        compare(pair, ALL, "contract", "nope")


PARKING = """ARTICLE 15 PARKING
15.1 Parking is free at every site for every employee.
15.2 The employer repaints the lines of each lot every summer.
"""


def test_the_compare_table_is_headed_by_titles_and_related_documents_get_no_warning(pair):
    from ui.html_export import compare_fragment

    result = compare(pair, ALL, "contract", "proposal")
    assert result.sizes() == (7, 7) and result.shared() == 6  # the article heading too
    html = compare_fragment(result)
    assert f"<th class='doc'>{result.title_a}</th>" in html and "share no clauses" not in html
    assert ">contract</th>" not in html and ">proposal</th>" not in html


def test_two_unrelated_documents_are_said_to_share_no_clauses(pair, settings, embedder,
                                                             tmp_path):
    from ui.html_export import compare_fragment

    (tmp_path / "parking.txt").write_text(PARKING)
    Ingestor(settings, pair, embedder, progress=False).run([tmp_path / "parking.txt"])
    result = compare(pair, ALL, "contract", "parking")
    assert result.shared() == 0 and result.sizes() == (7, 3)
    html = compare_fragment(result)
    assert (f"These two documents share no clauses: “{result.title_a}” (7 numbered clauses) "
            f"and “{result.title_b}” (3 numbered clauses).") in html
    assert "<details><summary>Show the 10 rows anyway</summary>" in html


def test_documents_sharing_almost_no_clauses_are_said_to():
    from retrieval.compare import CompareRow, Comparison
    from ui.words import unrelated_note

    def made(shared: int) -> Comparison:
        rows = [CompareRow("changed", f"{i}", f"{i}", ()) for i in range(shared)]
        rows += [CompareRow("removed", f"a{i}", None, ()) for i in range(20 - shared)]
        rows += [CompareRow("added", None, f"b{i}", ()) for i in range(30 - shared)]
        return Comparison("a", "b", "Contract", "Bulletin", tuple(rows))

    assert "share almost no clauses (only 1): “Contract” (20 numbered clauses)" in unrelated_note(
        made(1))
    assert unrelated_note(made(2)) == ""  # one in ten of the smaller document's clauses
