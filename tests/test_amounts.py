"""Amounts as contracts and teams write them: words, figures, both; floors and caps; marks."""

from decimal import Decimal

import pytest

from retrieval.amounts import limit_before, phrase, quantities, said, slots
from retrieval.text import editorial_marks, number_from_words


@pytest.mark.parametrize("words, value", [
    ("three thousand five hundred", 3500), ("twenty-five", 25), ("one hundred and ten", 110),
    ("two", 2), ("one million two hundred thousand", 1_200_000), ("fifty", 50),
    ("the", None), ("", None), ("half", None)])
def test_number_words(words, value):
    assert number_from_words(words) == value


@pytest.mark.parametrize("text, found", [
    ("a floor of three thousand five hundred dollars ($3,500).",
     [("three thousand five hundred dollars ($3,500)", "3500", "$")]),
    ("raise to $150 per month", [("$150", "150", "$")]),
    ("3,500 dollars", [("3,500 dollars", "3500", "$")]),
    ("set it at two thousand dollars", [("two thousand dollars", "2000", "$")]),
    ("a 3.5% increase", [("3.5%", "3.5", "%")]),
    ("two percent", [("two percent", "2", "%")]),
    ("five percent (5%)", [("five percent (5%)", "5", "%")]),
    ("ninety (90) days", [("ninety (90) days", "90", "days")]),
    ("twelve (12) months’ duration", [("twelve (12) months", "12", "months")]),
    ("thirty (30) calendar days", [("thirty (30) calendar days", "30", "days")]),
    ("fifteen thousand\ndollars ($15,000) shall", [("fifteen thousand\ndollars ($15,000)",
                                                    "15000", "$")]),
    ("effective July 1, 2027, Class A, Step 8, .02527", []),
])
def test_quantities_in_words_figures_or_both(text, found):
    assert [(q.text, q.value, q.unit) for q in quantities(text)] == [
        (t, Decimal(v), u) for t, v, u in found]


def test_run_together_amounts_of_a_lossy_redline_are_one_slot():
    text = "a fifty dollar ($50.00) one hundred fifteen dollar ($115.00) stipend; $5.00 for lunch"
    got = slots(text, "$")
    assert [s.text for s in got] == ["fifty dollar ($50.00) one hundred fifteen dollar ($115.00)",
                                     "$5.00"]
    assert got[0].value == Decimal("115.00")


def test_floor_and_cap_words():
    text = ("not to exceed $500 per incident, but not less than three (3) days, at least 5%, "
            "a stipend of $40")
    assert [limit_before(text, q.start) for q in quantities(text)] == ["cap", "floor", "floor", ""]
    text = "not receive less than $5.00 nor more than $8.00; pay will go up to $9.00"
    assert [limit_before(text, q.start) for q in quantities(text)] == ["", "cap", ""]


@pytest.mark.parametrize("value, unit, like, out", [
    ("7", "%", "five percent (5%)", "seven percent (7%)"),
    ("3.5", "%", "12.9%", "3.5%"),
    ("14", "%", "12.9%", "14%"),
    ("18", "months", "twelve (12) months", "eighteen (18) months"),
    ("20", "days", "thirty (30) calendar days", "twenty (20) calendar days"),
    ("750", "$", "$500", "$750"),
    ("150", "$", "fifty dollar ($50.00)", "one hundred fifty dollar ($150.00)"),
    ("3500", "$", "", "three thousand five hundred dollars ($3,500)"),
])
def test_amounts_are_written_as_the_clause_writes_its_own(value, unit, like, out):
    assert phrase(Decimal(value), unit, like) == out


def test_amounts_said_for_a_person():
    assert [said(Decimal(v), u) for v, u in (("3500", "$"), ("3.5", "%"), ("90", "days"))] == [
        "$3,500", "3.5%", "90 days"]


def test_editorial_marks_are_taken_out_and_kept():
    text, marks = editorial_marks("12.7.5 An additional stipend ... full year. [Moved from 12.2.1.8]")
    assert text == "12.7.5 An additional stipend ... full year."
    assert marks == ("[Moved from 12.2.1.8]",)
    text, marks = editorial_marks("[The above salary schedules will be revised]\n\nAll staff "
                                  "[Renumbered] with a two [2]-year degree [2].")
    assert text == "All staff with a two [2]-year degree [2]."
    assert marks == ("[The above salary schedules will be revised]", "[Renumbered]")
    assert editorial_marks("no marks here") == ("no marks here", ())


def test_the_years_a_text_names_include_short_dates_and_spans():
    from retrieval.text import years_in

    assert years_in("Basketball Head Coach, 9/1/23: 7,302") == {"2023"}
    assert years_in("Agreement 2021-2024") == {"2021", "2022", "2023", "2024"}
    assert years_in("2025-27") == {"2025", "2026", "2027"}
    assert "2028" not in years_in("July 1, 2025 through June 30, 2027; 2025-2027")
