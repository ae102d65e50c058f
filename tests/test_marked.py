from ingest.marked import KEEP, Mark, MarkedText

INS = Mark("insert", "FF0000", "format")
DEL = Mark("delete", None, "tracked")


def sample() -> MarkedText:
    return MarkedText.build([("rate of ", KEEP), ("$50", DEL), ("$115", INS), (" per  month", KEEP)])


def test_build_runs_and_views():
    mt = sample()
    assert mt.text == "rate of $50$115 per  month"
    assert [(mt.text[a:b], m.kind) for a, b, m in mt.runs()] == [
        ("rate of ", "keep"), ("$50", "delete"), ("$115", "insert"), (" per  month", "keep")]
    assert mt.without("delete") == "rate of $115 per  month"
    assert mt.without("insert") == "rate of $50 per  month"


def test_sub_carries_marks_and_collapses():
    mt = sample().sub(r" {2,}", " ").sub(r"\$", "USD ")
    assert mt.without("delete") == "rate of USD 115 per month"
    assert mt.without("insert") == "rate of USD 50 per month"
    assert mt.mark_at(mt.text.index("USD 115")).color == "FF0000"


def test_plain_text_stays_plain_and_fast_path():
    mt = MarkedText.plain("a  b").sub(r" +", " ")
    assert mt.text == "a b" and mt.is_plain and list(mt.runs()) == [(0, 3, KEEP)]


def test_remark_and_slice():
    mt = MarkedText.plain("Salary Schedule").remark(0, 6, INS)
    assert repr(mt.slice(0, 8)) == "MarkedText('[+Salary+] S')"
    assert mt.slice(7, 15).is_plain


def test_many_colours_degrade_to_kind():
    parts = [(f"w{i} ", Mark("insert", f"{i:06X}", "format")) for i in range(300)]
    mt = MarkedText.build(parts)
    assert mt.without("insert") == "" and len(mt.marks) <= 256
