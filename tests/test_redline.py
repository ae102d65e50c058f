from ingest.loaders import parse_inline_tags
from ingest.marked import KEEP, Mark, MarkedText
from ingest.redline import absorb_spaces, demote_heading_underlines, is_lossy, moves_in, redline_of


def inserted(mt):
    return [mt.text[a:b] for a, b, m in mt.runs() if m.kind == "insert"]


def test_underlined_headings_are_headings_not_insertions():
    mt = parse_inline_tags(
        "12.2 <u>Salary Schedule Structure</u>\n"
        "<u>12.9.-95.3</u> <u>Department Chair Duties and Tasks</u>\n"
        "<u>Category D</u> \u2014 continued\n"
        "12.3.7 <u>Personnel Employees</u> employed in summer school shall be paid.\n"
        "<u>iii.If voting results in a tie, the site administrator shall</u>\n"
        "part-time adult <u>education</u> teachers\n")
    out = demote_heading_underlines(mt)
    assert inserted(out) == ["Personnel Employees",
                             "iii.If voting results in a tie, the site administrator shall",
                             "education"]
    assert out.text == mt.text


def test_tracked_insertion_of_a_heading_stays_an_insertion():
    mt = MarkedText.build([("12.4 ", KEEP), ("Longevity Pay", Mark("insert", None, "tracked"))])
    assert inserted(demote_heading_underlines(mt)) == ["Longevity Pay"]


def test_absorb_spaces_and_redline_of():
    mt = MarkedText.build([("paid in ", KEEP), ("two", Mark("delete", "FF0000")), (" ", KEEP),
                           ("equal", Mark("insert", "0000FF")), (" installments", KEEP)])
    fixed = absorb_spaces(mt)
    assert fixed.without("delete") == "paid in equal installments"
    rl = redline_of(fixed, 0, len(fixed))
    assert rl.marked == "paid in [-two-] [+equal+] installments"
    assert [(c.kind, c.text, c.color) for c in rl.changes] == [
        ("delete", "two", "FF0000"), ("insert", "equal", "0000FF")]


def test_moves_and_lossy():
    text = "12.7.5 A stipend. [Moved from 12.2.1.8]\n[Moved to Section 12.2.1.] rest"
    assert [(m.direction, m.section) for m in moves_in(text)] == [("from", "12.2.1.8"),
                                                                  ("to", "12.2.1")]
    assert is_lossy(parse_inline_tags("a <u>b</u> [Moved from 1.2]"))
    assert is_lossy(parse_inline_tags("a fifty dollar ($50.00) one hundred dollar ($100.00) <u>b</u>"))
    assert not is_lossy(parse_inline_tags("a <u>b</u>"))  # underlined emphasis in a clean text
    assert not is_lossy(parse_inline_tags("a <s>b</s> <u>c</u>"))
    assert not is_lossy(MarkedText.plain("no marks"))
