from retrieval.compose import Citation
from retrieval.text import numbers_in
from retrieval.verify import locate


def test_numbers_are_exact_and_canonical():
    assert numbers_in("$52,345.67") != numbers_in("$52,345.70")
    assert numbers_in("1,234,567") != numbers_in("1,234,571")
    assert numbers_in("$3,000.00 and 3000") == {"3000"}
    assert numbers_in("sixty (60) days, .50 and 6.3%") == {"60", "0.5", "6.3"}
    assert numbers_in("see 12.7.5 [2]") == {"12.7.5"}


def test_locate_is_whitespace_tolerant_and_exact():
    src = "An additional stipend equal to\n.02527 times  Class A, Step 8"
    a, b = locate("stipend equal to .02527 times Class A", src)
    assert src[a:b] == "stipend equal to\n.02527 times  Class A"
    assert locate("stipend of $9,999", src) is None


def cite(quote, section="12.8"):
    return Citation(1, "d", "t", "proposal", section, None, quote, 0, len(quote), True,
                    label="X's proposal of 2021-10-13, 12.8")


def test_checker_section_words_and_number_placement():
    from retrieval.answer import _Checker

    check = _Checker("What is the contract hourly rate?",
                     [cite("The contract hourly rate shall be $65.00.")])
    assert check("The contract hourly rate is $65.00.").endswith("$65.00. [1]")
    assert check("Under Section 14 the contract hourly rate is $65.00.") is None
    assert check("Under Section 12.8 the contract hourly rate is $65.00.") is not None
    assert check("The contract hourly rate is $65.01.") is None
    assert check("The rate is 12.8.") is None  # a section number is not an amount
    meals = _Checker("What is the maximum daily food allowance?", [cite(
        "plus $9.00 for lunch and $16.00 for dinner, for a maximum of $30.00 per day food "
        "allowance")])
    assert meals("The maximum is $30.00 per day food allowance.") is not None
    assert meals("The maximum daily food allowance is $9.00 for lunch.") is None  # $9 is lunch
    assert meals("The maximum daily food allowance is $16.00 per meal.") is None
