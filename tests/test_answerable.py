"""Whether the documents answer: two words naming one thing, figures for a case not asked, and
what the asking part of a question that tells a story first asks."""

from retrieval.answerable import answerable
from retrieval.evidence import EvidenceScorer
from retrieval.search import SearchHit
from retrieval.selection import select
from retrieval.vocabulary import alternatives, expansion, present_terms
from store.lexical import terms

PROMOTED = ("Section 5. Promoted Employee. The Employee shall serve a six (6) month probationary "
            "period in the new position.")
INITIAL = ("Section 4. Probationary Period. A probationary period is a period consisting of no "
           "less than twelve (12) months of work following initial employment with the County.")
RECLASSIFIED = ("2. If an employee is reclassified, the employee shall serve a six (6) month "
                "probationary period beginning on the effective date of reclassification by the "
                "County.")


def scorer(question: str) -> EvidenceScorer:
    return EvidenceScorer(question, lambda ts: {t: 1.0 for t in ts})


def hit(text: str, n: int = 0, title: str = "Agreement") -> SearchHit:
    return SearchHit(f"c{n}.0", f"c{n}", "d", title, "contract", "current", 0, str(n), str(n),
                     1, text, 0, len(text), 1.0)


def test_new_hires_are_one_term_that_a_new_position_does_not_cover():
    s = scorer("How long is probation for new hires?")
    assert "new hir" in s.weights and "new" not in s.weights and "hir" not in s.weights
    assert s.coverage(PROMOTED) < s.coverage(INITIAL) == 1.0  # "initial employment"
    assert s.coverage("Remove a new employee during the probationary period.") == 1.0
    assert s.coverage("A new employee's probation and a hire date") == 1.0
    assert s.coverage("The new hire probation lasts a year.") == 1.0
    fired = scorer("Can they fire a new hire?")
    assert fired.coverage("Termination of probationary employees is not grievable.") == 1.0
    assert "twelve (12)" in select(s, [hit(PROMOTED, 1), hit(INITIAL, 2)])[0].text


def test_the_pair_is_said_word_after_word():
    assert "new hir" in present_terms("Initial trial service employees (new hires) must go.")
    assert "new hir" not in present_terms("New positions are posted; hires are announced.")
    s = scorer("Can new hires take vacation in their first year?")
    assert s.coverage("New positions are posted. Hires may take vacation.") < 1.0


def test_a_figure_only_for_a_case_not_asked_does_not_answer():
    s = scorer("How long is the probation period for new hires of the County?")
    hits = [hit(RECLASSIFIED)]
    assert s.hit_coverage(hits[0]) >= 0.7  # all but whom it asks about: a clear clause
    assert not answerable(s, hits, select(s, hits))
    asked = scorer("How long is the probation period after I am reclassified?")
    assert answerable(asked, hits, select(asked, hits))


def test_what_the_asking_part_asks_must_be_quoted_after_a_story():
    leave = ("Employees returning from parental leave following the birth of a child shall be "
             "restored to their former position.")
    hits = [hit(leave)]
    q = "I'm coming back from maternity leave — does our contract give me breaks to pump?"
    s = scorer(q)
    assert not answerable(s, hits, select(s, hits))
    told = "I'm coming back from parental leave — do I get my former position back?"
    s = scorer(told)
    assert answerable(s, hits, select(s, hits))


def test_members_words_for_extending_and_paying_back():
    assert ("extend",) in alternatives(terms("can they stretch it out"))["stretch"]
    assert ("reimburse",) in alternatives(terms("does the district pay back the fee"))["back"]
    assert "pay" not in {t for p in alternatives(terms("will they reimburse me")).get(
        "reimburse", ()) for t in p}  # one way: "reimburse" is not searched as "pay"


def test_members_words_for_a_talk_that_fixes_nothing_unpaid_leave_and_new_hires():
    step = ("If the discussion above does not resolve the issue satisfactorily, the employee may "
            "file a written grievance within ten (10) duty days.")
    s = scorer("If that talk doesn't fix it, how long do I have to file the written grievance?")
    assert s.coverage(step) == 1.0
    assert scorer("Is parental leave unpaid?").coverage(
        "Extended leaves of absence without pay may be granted for parental leave.") == 1.0
    assert "probationary" in expansion("Can a new hire grieve being fired?").split()
    assert "new" not in {t for p in alternatives(terms("a probationary employee")).get(
        "probationary", ()) for t in p}  # one way: probation is not searched as a "new hire"
    assert "right" not in scorer("What are they asking us to do right now?").weights
    assert "right" in scorer("Do I have the right to a union rep?").weights


def test_a_topic_carried_into_a_later_part_weighs_no_more_than_what_it_asks():
    s = scorer("What grade do I need to get (tuition reimbursement percent cover grad classes "
               "toward master's)?")
    carried = sum(w for t, w in s.weights.items() if t != "grade")
    assert carried <= s.weights["grade"] + 1e-9
    rule = "D. The grade requirement for tuition reimbursement shall be “B” or better."
    hits = [hit(rule)]
    assert answerable(s, hits, select(s, hits))


def test_a_split_class_is_not_a_split_shift():
    s = scorer("Are teachers paid for a split class?")
    shift = "Teachers assigned a split shift are paid $20 per day."
    split = "A teacher required to split classes is paid a proportionate share."
    assert s.coverage(split) == 1.0 > s.coverage(shift)
    assert s.coverage("We split a class today.") == s.coverage("Split classes today.") > (
        s.coverage("Split shifts and classes today."))  # the pair word after word


def test_a_figure_for_another_kind_of_leave_does_not_answer():
    from retrieval.fit import another_kind

    sick = ("Employees in a paid status will accrue sick leave for the next month: 88 hours "
            "(prorated for FTE status) for a work day of eight (8) hours.")
    s = scorer("How many weeks of paid parental leave do employees get?")
    assert another_kind(sick, s.question, s.weights, s.alts)
    assert not answerable(s, [hit(sick)], select(s, [hit(sick)]))
    family = "Employees may take up to twelve (12) weeks of family leave after a birth."
    assert not another_kind(family, s.question, s.weights, s.alts)  # its other name
    both = "Sick leave may be used for parental leave of up to twelve (12) weeks."
    assert not another_kind(both, s.question, s.weights, s.alts)
    carried = scorer("How much notice do I give (baby bonding using sick leave)?")
    assert not another_kind("Notify at least three weeks before parental leave.",
                            carried.question, carried.weights, carried.alts)


def test_a_count_of_children_is_not_a_number_of_days():
    days = ("The number of classrooms is set each year, and the school year shall be a maximum "
            "of one hundred and ninety (190) days.")
    s = scorer("What's the max number of kids they can put in a classroom?")
    assert s.hit_coverage(hit(days)) >= 0.55  # without the figure, enough of the question
    assert not answerable(s, [hit(days)], select(s, [hit(days)]))
    asked = scorer("What's the maximum number of days in the school year?")
    assert answerable(asked, [hit(days)], select(asked, [hit(days)]))


def test_a_clause_that_says_it_does_not_define_what_is_asked_does_not_answer_it():
    mou = ("2. An employee working on-site at the Stabilization Center will be assigned a regularly "
           "scheduled shift, either Day, Swing, or Night. Swing Shift 7 ½ percent differential. "
           "The table above does not define the hours of the assigned shifts, hours worked will "
           "be the department's discretion.")
    s = scorer("What are the actual hours of swing shift at the stabilization center?")
    assert s.hit_coverage(hit(mou)) >= 0.7 and not answerable(s, [hit(mou)], select(s, [hit(mou)]))
    for q in ("What is the swing shift differential at the stabilization center?",
              "I work swing at the stabilization center and my hours vary. What's my shift "
              "differential?"):  # what is told first is not what is asked
        pay = scorer(q)
        assert answerable(pay, [hit(mou)], select(pay, [hit(mou)])), q


def test_a_count_is_answered_by_a_number_of_what_it_counts():
    steps = ("Each Professional Staff Member employed for at least one hundred twenty (120) days "
             "during the 2018-2019 school year shall be granted two steps on the 2019-2020 schedule.")
    s = scorer("I worked over 120 days last year. How many steps do I move up on the new "
               "2019-2020 schedule?")
    assert s.hit_coverage(hit(steps)) < 0.7  # not plainly covered: the count must be stated
    assert answerable(s, [hit(steps)], select(s, [hit(steps)]))


def test_a_payout_question_needs_a_clause_that_pays():
    prorated = ("c. Earned sick leave will be prorated for late hires, mid-year contract "
                "changes, leaves of absence, retirees and terminations.")
    paid = ("27-3-2 Educators who retire will be compensated for accrued unused sick leave at a "
            "rate of their current annual salary x .0015 for each day.")
    s = scorer("When I retire, do they pay me for all my unused sick days?")
    assert s.hit_coverage(hit(prorated)) >= 0.55  # retire, sick, days: most of its words
    assert not answerable(s, [hit(prorated)], select(s, [hit(prorated)]))
    assert answerable(s, [hit(paid)], select(s, [hit(paid)]))


def test_the_pay_of_a_step_is_answered_by_a_line_naming_the_step():
    premium = ("(f) Office Specialist 2s who are assigned training duties will be paid a five "
               "percent (5%) increase over the employee's current base hourly wage.")
    cell = "Office Specialist 2, Step 5: $24.10 per hour."
    s = scorer("What's the hourly wage for an Office Specialist 2 at step 5?")
    assert s.hit_coverage(hit(premium)) >= 0.55  # all but the step
    assert not answerable(s, [hit(premium)], select(s, [hit(premium)]))
    assert answerable(s, [hit(cell)], select(s, [hit(cell)]))


def test_unused_leave_is_the_accumulated_leave_a_clause_pays():
    s = scorer("Do I get my unused vacation paid if I quit?")
    assert s.coverage("All accumulated vacation credits shall be paid at the current rate.") == (
        s.coverage("All vacation credits shall be paid at the current rate.") + 0.25)


def test_a_lower_hit_naming_more_of_the_question_is_read_and_donating_is_a_donation():
    s = scorer("I have cancer and my sick leave is exhausted. How do I get sick leave donated?")
    assert s.coverage("A Request to Participate in the Sick Leave Donation Program is "
                      "submitted.") > s.coverage("A Request to Participate is submitted.")
    donors = [hit(f"{n}. Any employee may give up to five (5) days of sick leave.", n)
              for n in range(6)]
    asked = hit("7. An employee suffering from cancer who has exhausted sick leave may request "
                "donated sick leave.", 7)
    quotes = s.sentences([*donors, asked])
    assert any(q.hit is asked for q in quotes)
    same = hit("8. Any employee may give up to six (6) days of sick leave.", 8)
    assert not any(q.hit is same for q in s.sentences([*donors, same]))  # no more of the question


def test_a_phrase_counts_only_when_its_words_stand_together():
    s = scorer("How long do I have to bring a grievance to my administrator?")
    apart = ("Whenever illness of a party to a grievance prevents attendance at a grievance "
             "meeting, the time limits shall be extended to such time that the party can be "
             "present, unless the administrator is away beyond ten duty days.")
    together = "An employee may present a grievance to the administrator within ten duty days."
    assert s.coverage(apart) < s.coverage(together) == 1.0
    late = scorer("What's the timeline to file a level one grievance?")
    rule = ("No grievance shall be recognized by the District or the Association unless it is "
            "presented at Level One within fifteen (15) days.")  # five words apart: one phrase
    assert late.coverage(rule) > late.coverage(rule.replace("presented", "noted"))


def test_extra_pay_for_something_needs_an_amount_for_that_something():
    volunteer = ("Section 7.10 Nurse Practitioners who volunteer to work a shift on a scheduled "
                 "day off shall be paid at the rate of $45.00 per hour.")
    overpaid = ("A. Any employee who receives premium pay, shift differential or overtime pay "
                "to which they are not entitled shall reimburse the County.")
    nights = "Section 12.3 Employees working the night shift receive $1.50 per hour extra."
    s = scorer("Do I get paid extra for working nights?")
    wrong = [hit(volunteer, 1), hit(overpaid, 2)]  # an amount for days off; nights, no amount
    assert not answerable(s, wrong, select(s, wrong))
    right = [hit(nights, 3), *wrong]
    assert answerable(s, right, select(s, right))


def test_a_phrase_of_hyphenated_words_stands_where_its_words_are_said():
    """terms() adds "onehalf" after a text's words; the phrase "time and one-half" is near
    where "time" and "one-half" are said, not where the joined form was appended."""
    s = scorer("What's the overtime rate?")
    overtime = ("A nurse shall be paid or granted compensatory time off at one and one-half "
                "(1½) times their regular rate for all hours worked in excess of forty (40) "
                "hours in any scheduled work week.")
    assert s.coverage(overtime) == 1.0
    apart = ("Time off is granted on request. The committee meets once a year, and one member "
             "may serve a half term.")
    assert s.coverage(apart) < 1.0


def test_being_forced_is_what_a_contract_calls_mandatory():
    s = scorer("Can I be forced to work overtime?")
    rule = "A. Mandatory overtime work may be imposed to meet staffing levels."
    assert s.coverage(rule) == 1.0
    assert scorer("What's the reduction in force procedure?").coverage(
        "Employees are required to attend the procedure.") < 1.0  # "force" is not "forced"
