"""Each term of a goal applied to a clause, or listed as not applied with a reason; a check
fails when a draft's text does not hold a term."""

from retrieval.draft import TERMS_CHECK, checks
from retrieval.goals import read_goal
from retrieval.outcomes import carried
from retrieval.terms import apply_goal
from store.records import Change, Clause, Redline

DEDUCTIBLE = ("9.P While on District business, the District will reimburse the employee for the "
              "insurance deductible in an amount not to exceed $500 per incident. The employee "
              "shall file a police report within three (3) days. Claims are paid monthly.")


def clause(text: str, section: str = "9.P", changes=(), marked: str = "") -> Clause:
    return Clause(f"d:{section}", "d", section, section, (), 1, 0, len(text),
                  Redline(text, marked or text, tuple(changes)))


def applied(text: str, goal: str, **kw):
    return apply_goal(clause(text, **kw), read_goal(goal))


def test_a_cap_already_there_takes_the_new_amount():
    done = applied(DEDUCTIBLE, "raise the cap to $750")
    assert "not to exceed $750 per incident" in done.text and "$500" not in done.text
    assert done.outcomes[0].applied and carried(done.text, done.outcomes[0])


def test_a_floor_is_added_after_the_formula_it_limits():
    text = ("12.7.5 An additional stipend equal to .02527 times Class A, Step 8 (rounded to the "
            "nearest dollar) is added for the earned doctorate.")
    done = applied(text, "set a floor of three thousand five hundred dollars ($3,500)")
    assert done.text == ("12.7.5 An additional stipend equal to .02527 times Class A, Step 8 "
                         "(rounded to the nearest dollar), but not less than three thousand five "
                         "hundred dollars ($3,500), is added for the earned doctorate.")


def test_the_amount_named_or_nearest_its_words_is_the_one_changed():
    done = applied(DEDUCTIBLE, "extend the police report deadline to five (5) days")
    assert "within five (5) days" in done.text
    text = "Small Elementary: $615.00 Mid-Size Elementary: $1,400.00"
    assert applied(text, "change $1,400.00 to $1,500").text == (
        "Small Elementary: $615.00 Mid-Size Elementary: $1,500.00")


def test_strikes_by_topic_position_words_and_limit():
    topic = applied(DEDUCTIBLE, "strike the sentence about the police report")
    assert "police" not in topic.text and topic.text.endswith("Claims are paid monthly.")
    assert applied(DEDUCTIBLE, "delete the last sentence").text.endswith("(3) days.")
    words = applied(DEDUCTIBLE, "delete 'while on District business,'")
    assert words.text.startswith("9.P the District will reimburse")
    cap = applied(DEDUCTIBLE, "remove the cap")
    assert "exceed" not in cap.text and "deductible in an amount per incident." in cap.text


def test_wording_added_where_the_goal_says():
    placed = applied(DEDUCTIBLE, "add 'or designee' after 'the employee'")
    assert "reimburse the employee or designee for" in placed.text
    sentence = applied(DEDUCTIBLE, "add that the District shall pay claims within thirty days")
    assert sentence.text.endswith("monthly. The District shall pay claims within thirty days.")
    changed = applied(DEDUCTIBLE, "change 'shall' to 'may'")
    assert "employee may file" in changed.text and all(carried(changed.text, o)
                                                       for o in changed.outcomes)


def test_an_increase_and_its_date_are_a_sentence_of_their_own():
    done = applied("11.2.I Bilingual pay is a five percent (5%) differential.",
                   "a two percent raise effective July 1, 2027")
    assert done.text.endswith("Effective July 1, 2027, the amount in this section shall "
                              "increase by two percent (2%).")
    assert [o.term.kind for o in done.outcomes] == ["increase", "effective_date"]
    dated = applied(DEDUCTIBLE, "raise the cap to $600, effective upon ratification")
    assert dated.text.endswith("This provision shall be effective upon ratification.")


def test_terms_that_cannot_be_applied_say_why():
    done = applied(DEDUCTIBLE, "strike the sentence about home visits; add 'or designee' after "
                               "'principal'; set the mileage rate to 5%; add 'promptly'")
    reasons = {o.term.kind + ":" + o.term.where: o.how for o in done.outcomes}
    assert not any(o.applied for o in done.outcomes) and done.text == DEDUCTIBLE
    assert "no sentence of 9.P is about “home visits”" in reasons["strike:sentence"]
    assert "“principal” is not in 9.P" in reasons["add:after"]
    assert "9.P states no percentage to change" in reasons["amount:"]
    assert "say where “promptly” goes" in reasons["add:unplaced"]


def test_restore_undoes_a_real_redline_and_keeps_a_named_formula():
    marked = "12.1 A stipend of [-$2,500-] [+$3,000+] is paid."
    redline = [Change("delete", "$2,500"), Change("insert", "$3,000")]
    done = applied("12.1 A stipend of $3,000 is paid.", "restore the stipend", section="12.1",
                   changes=redline, marked=marked)
    assert done.text == "12.1 A stipend of $2,500 is paid."
    assert carried(done.text, done.outcomes[0])
    assert not carried("12.1 A stipend of $3,000 is paid.", done.outcomes[0])
    missing = applied("12.1 A stipend of $3,000 is paid.", "restore the .02527 formula",
                      section="12.1")
    assert not missing.outcomes[0].applied and "“.02527” is in neither" in missing.outcomes[0].how


def test_editorial_marks_are_left_out_of_the_language():
    done = applied("12.7.5 A stipend of $3,000 is paid. [Moved from 12.2.1.8]",
                   "set the stipend to $3,500", section="12.7.5")
    assert done.text == "12.7.5 A stipend of $3,500 is paid."
    assert done.marks == ("[Moved from 12.2.1.8]",)


def test_the_check_fails_when_a_draft_leaves_out_a_term():
    """The issue: a draft without the floor passed every check."""
    base = clause("12.7.5 An additional stipend equal to .02527 times Class A, Step 8 (rounded to "
                  "the nearest dollar) of $3,000 is added.", section="12.7.5",
                  changes=[Change("insert", "of $3,000", inferred=True)])
    goal = read_goal("Restore the .02527 times Class A, Step 8 formula and set a floor of three "
                     "thousand five hundred dollars ($3,500).")
    done = apply_goal(base, goal)
    assert "not less than three thousand five hundred dollars ($3,500)" in done.text

    def terms(text):
        return next(k for k in checks(base, text, goal, [], done) if k.name == TERMS_CHECK)

    assert terms(done.text).ok
    without_floor = ("12.7.5 An additional stipend equal to .02527 times Class A, Step 8 (rounded "
                     "to the nearest dollar) is added.")
    failed = terms(without_floor)
    assert not failed.ok and "missing from the draft: a floor of $3,500" in failed.detail
    assert not terms(done.text.replace("not less than", "of")).ok  # $3,500, but not as a floor


def test_the_check_fails_on_terms_not_applied_or_not_understood():
    base = clause(DEDUCTIBLE)
    goal = read_goal("raise the cap to $750 and make it fair")
    done = apply_goal(base, goal)
    check = next(k for k in checks(base, done.text, goal, [], done) if k.name == TERMS_CHECK)
    assert not check.ok and "I did not understand: “make it fair”" in check.detail
    goal = read_goal("strike the sentence about home visits")
    done = apply_goal(base, goal)
    check = next(k for k in checks(base, done.text, goal, [], done) if k.name == TERMS_CHECK)
    assert not check.ok and "not applied: strike the sentence about “home visits”" in check.detail


def test_an_amount_of_the_goal_that_no_term_holds_fails_the_check():
    """A safety net under the reader: were a floor lost on the way, its amount would be named."""
    from dataclasses import replace

    base = clause(DEDUCTIBLE)
    full = read_goal("raise the cap to $750 and set a floor of three thousand dollars ($3,000)")
    lost = replace(full, terms=full.terms[:1])
    done = apply_goal(base, lost)
    check = next(k for k in checks(base, done.text, lost, [], done) if k.name == TERMS_CHECK)
    assert not check.ok and "“three thousand dollars ($3,000)” (read as no term)" in check.detail


def test_a_cap_that_is_its_whole_sentence_goes_with_it():
    text = ("2. The District shall reimburse an employee's watch damaged at work. Reimbursement "
            "will be limited to a maximum of $500.")
    done = applied(text, "remove the $500 limit on reimbursement", section="9.2")
    assert done.text == "2. The District shall reimburse an employee's watch damaged at work."


def test_the_same_amount_named_with_from_changes_everywhere_else_the_best_match():
    text = ("A monthly stipend of $50.00 for nine months. Year-round staff get a monthly stipend of "
            "$50.00 for each month, and $8.00 per day when the principal is out.")
    every = applied(text, "change $50.00 to $75.00")
    assert every.text.count("$75.00") == 2 and carried(every.text, every.outcomes[0])
    one = applied(text, "raise the year-round stipend to $60.00")
    assert "Year-round staff get a monthly stipend of $60.00" in one.text
    assert "stipend of $50.00 for nine" in one.text and carried(one.text, one.outcomes[0])


def test_a_clause_printed_under_its_own_label_keeps_it():
    """'Section 6.' or 'A.' where Steward's number is 8.6 or 10.3.A: the draft keeps the label."""
    base = clause("Section 6. Sick Leave Without Pay.\nLeave not to exceed twelve (12) months; "
                  "after 400 characters the clause still says $2,150 " + "x " * 200 + ".",
                  section="8.6")
    goal = read_goal("not to exceed eighteen (18) months")
    done = apply_goal(base, goal)
    found = {k.name: k for k in checks(base, done.text, goal, [], done)}
    assert found["section number kept"].ok
    assert found["section number kept"].detail == "starts with Section 6."
    assert found["amounts come from the goal or a cited source"].ok  # the base's own $2,150
