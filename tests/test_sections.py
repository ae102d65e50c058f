import pytest

from ingest.sections import dotted_readings, find_headings
from store.keys import query_keys, section_key


def values(text: str, kinds=("article", "section", "dotted", "roman", "upper", "digit")):
    return [(h.kind, h.value) for h in find_headings(text) if h.kind in kinds]


@pytest.mark.parametrize("raw, readings, damaged", [
    ("12.8.54", ("12.8.54", "12.8.4", "12.8.5"), False),
    ("12.9.-95.3", ("12.9.95.3", "12.9.5.3", "12.9.9.3"), True),
    ("12.9.3. 8 3", ("12.9.3.8", "12.9.3.3", "12.9.3.8"), True),
    ("12.2.1.8", ("12.2.1.8",), False),
])
def test_dotted_readings(raw, readings, damaged):
    assert dotted_readings(raw) == (readings, damaged)


def test_renumbering_artifacts_resolve_by_neighbours():
    text = ("12.8.3 Adult Education Teachers shall be paid.\n"
            "12.8.3.1 Adult Education Teachers on the hourly schedule.\n"
            "12.8.54 In order to reimburse employees who assume the duties of a principal.\n"
            "12.8.6.1 Children's Center teachers must meet state requirements.\n"
            "12.8.65.1.1 At Children's Centers where only one teacher is assigned.\n"
            "12.8.6.1.2 At each Children's Center site.\n"
            "12.10 Partial Funding for Sabbatical Leaves\n12.10.1 Members of the unit.\n")
    hs = [h for h in find_headings(text) if h.kind == "dotted"]
    assert [h.value for h in hs] == ["12.8.3", "12.8.3.1", "12.8.4", "12.8.6.1", "12.8.6.1.1",
                                     "12.8.6.1.2", "12.10", "12.10.1"]
    assert hs[2].readings == ("12.8.54", "12.8.4", "12.8.5")
    assert hs[6].readings == ("12.10",)  # a literal that fits its neighbours has no phantom readings


def test_heading_kinds_and_titles():
    text = ("ARTICLE 12 - COMPENSATION\nSection 3. Holidays. The following days are holidays.\n"
            "12.2 Salary Schedule Structure\nI. Countywide Seniority\nA. Deduction of Dues\n"
            "1. Employees shall be notified.\na. within ten days;\n(b) in writing.\n")
    hs = find_headings(text)
    assert [(h.kind, h.value) for h in hs] == [
        ("article", "12"), ("section", "3"), ("dotted", "12.2"), ("roman", "I"), ("upper", "A"),
        ("digit", "1"), ("sub", "a"), ("sub", "b")]
    assert hs[0].title == "COMPENSATION" and hs[2].title == "Salary Schedule Structure"


def test_wrapped_cross_references_are_not_headings():
    text = ("The employee may appeal as provided in Section\n12.3 of this Article, and in Article\n"
            "5 of the Agreement. Overtime is paid at\n1.5 times the rate, per\nSection 4 above.\n"
            "2.0% increase applies.\n12.4 Grievances\n")
    assert values(text) == [("dotted", "12.4")]


def test_a_line_wrapped_after_a_blank_line_is_not_a_heading():
    text = ("ARTICLE 6 LEAVES\n6.1 Sick Leave\na. Those employed for 184 days - 10 days, based on "
            "the formula (184 x\n\n6.50 x .055) = 65.52 hours per year.\n\n6.2 Personal Leave\n")
    assert values(text) == [("article", "6"), ("dotted", "6.1"), ("dotted", "6.2")]
    ended = "ARTICLE 6 LEAVES\n6.1 Sick leave is granted.\n\n6.2 days of leave are added.\n"
    assert values(ended)[-1] == ("dotted", "6.2")  # the line above ends its sentence


def test_toc_lines_are_skipped():
    text = "ARTICLE 1 Recognition 1\nARTICLE 1 RECOGNITION\nThe County recognizes the Union.\n"
    assert values(text) == [("article", "1"), ("article", "1")]
    kept = find_headings(text, skip={0})
    assert [(h.value, h.line_start) for h in kept] == [("1", text.index("ARTICLE 1 RECOG"))]


def test_roman_versus_letter():
    text = "H. Hours of work\nI. Insurance\nJ. Jury duty\n"
    assert values(text) == [("upper", "H"), ("upper", "I"), ("upper", "J")]
    text = "I. Definitions\nII. Recognition\nIV. Dues\nV. Stewards\n"
    assert values(text) == [("roman", "I"), ("roman", "II"), ("roman", "IV"), ("roman", "V")]


@pytest.mark.parametrize("query, keys", [
    ("12.7.5", ["12.7.5"]),
    ("Section 3", ["section:3", "3"]),
    ("Sec. 12.3(b)", ["section:12.3.b", "12.3.b"]),
    ("Article 12", ["article:12"]),
    ("Article XII", ["article:12"]),
])
def test_query_keys(query, keys):
    assert query_keys(query) == keys


def test_section_key():
    assert section_key("Article 5, Section II.A.1") == "5.ii.a.1"


def test_an_amendment_names_sections_as_article_and_dotted_number():
    text = ("19.02.1 The members of the team will be selected by application.\n\n"
            "Article 21.01: Release Time for IEPs\n\nStaff writing IEPs receive three release days.\n")
    found = [(h.kind, h.raw, h.title) for h in find_headings(text)]
    assert ("section", "21.01", "Release Time for IEPs") in found


def test_a_reference_wrapped_after_a_comma_is_not_a_heading():
    text = ("Section 1. Accrual.\n\nthe County will attempt to recover the difference as described "
            "in Article 23 (Miscellaneous),\nSection 9(C) (Repayment to the County).\n\n"
            "B. Employees hired prior to January 1, 2001 accrue vacation as follows.\n")
    assert values(text, ("section",)) == [("section", "1")]
