"""Whom a sentence speaks of, against who asks (retrieval.fit)."""

from retrieval.fit import lesser_role, moved_hours, narrowed, service_years, years_fit


def test_a_rule_for_some_members_comes_after_the_general_one():
    weights = {"tenur": 1.0, "teacher": 1.0, "sick": 3.0, "day": 2.0, "year": 2.0}
    special = ("Teachers transferring from another Maryland public school system in which they "
               "were tenured shall receive ten (10) days of sick leave for each year.")
    assert narrowed(special, weights, {})
    assert narrowed("Sick leave for new teachers shall be 10 days per year.", weights, {})
    assert not narrowed("Teachers shall each school year be credited with fifteen (15) days "
                         "of sick leave.", weights, {})
    family = ("A. In the case of the death of a parent (including those who are step "
              "relations), the employee shall be granted four (4) days.")
    assert not narrowed(family, weights, {})  # the subject is "the employee"
    bump = {"layoff": 2.0, "bump": 6.0}
    assert not narrowed("Those employees who wish to bump must notify the County by the "
                         "7th day.", bump, {})  # it narrows to what was asked
    donation = {"cancer": 1.6, "exhaust": 1.6, "sick": 3.2, "leave": 1.6, "donate": 6.8}
    assert not narrowed("j. Any bargaining unit member suffering from a catastrophic illness "
                        "who has exhausted all accrued sick leave may request sick leave "
                        "donations.", donation, {})  # "who has …" is not the rule's verb
    sell = {"sell": 5.0, "back": 3.0, "vacation": 2.0}
    assert narrowed("B. Employees hired prior to January 1, 2001 who have elected not to "
                    "participate in the Vacation Sell-Back Program shall accrue vacation.", sell,
                    {})  # those who do not sell back


def test_a_rule_naming_job_titles_the_question_does_not_comes_after_the_general_one():
    night = {"custodian": 2.0, "extra": 5.0, "pay": 2.0, "night": 6.0}
    nurses = ("(C) Registered Nurses, Mid-Level Medical Practitioners, and Licensed Practical "
              "Nurses will receive a shift differential of one dollar and sixty cents ($1.60).")
    assert narrowed(nurses, night, {})
    assert not narrowed(nurses, {**night, "nurs": 3.0}, {})  # a nurse asks
    assert not narrowed("(B) All other personnel excluding those identified in Paragraphs (C) "
                        "and (D) will receive a differential of one dollar ($1.00).", night, {})
    assert not narrowed("The Board of Education shall pay the differential.", night, {})
    assert not narrowed("Employees shall receive a differential of $1.00.", night, {})
    assert narrowed("Department Heads shall receive a stipend of $900.", night, {})
    retire = {"retire": 6.0, "school": 1.0, "paid": 3.0, "unus": 5.0, "sick": 3.0}
    evening = "An evening school employee shall be paid 25% of their unused sick leave."
    assert narrowed(evening, retire, {})  # one kind of employee, not the one asking
    assert not narrowed(evening, {**retire, "even": 4.0}, {})  # "evening", stemmed
    assert not narrowed("A regular employee shall be paid 25% of unused sick leave.", retire, {})


def test_a_cell_for_a_lesser_role_comes_after_the_one_named():
    head = "How much is the head varsity football coach stipend for 2022-23?"
    assert lesser_role("Football (Varsity Asst.), 7/1/2022: $4,554 — Addendum II.", head)
    assert not lesser_role("Football (Varsity), 7/1/2022: $5,534 — Addendum II.", head)
    assert lesser_role("Football (Jr. Varsity), 7/1/2022: $4,208 — Addendum II.", head)
    assert not lesser_role("Football (Varsity Asst.), 7/1/2022: $4,554.",
                           "What does the varsity assistant football coach make?")
    assert not lesser_role("Assistant coaches shall be paid on the schedule.", head)


def test_a_row_for_the_members_years_of_service_comes_first():
    assert service_years("I've been full time at OSU for 12 years. How much vacation?") == 12
    assert service_years("I'm head coach, in my 5th year. What's my supplement?") == 5
    assert service_years("What did they settle for in 2026?") is None
    assert years_fit(12, "After (a) 10th year through 15th year; 18 work days") == 1
    assert years_fit(12, "After (a) 15th year through 20th year; 21 work days") == -1
    assert years_fit(5, "Head Coach, Sports, Non-Endorsed – 7-14 Years: 1355") == -1
    assert years_fit(20, "Coach, Sports, Endorsed – 15+ Years: 1214") == 1
    assert years_fit(12, "(c) Ten (10) continuous years, but less than fifteen (15) continuous "
                         "years of service, twelve (12) hours") == 1
    assert years_fit(12, "(a) Less than five (5) continuous full years of service") == -1
    assert years_fit(22, "(e) Twenty (20) continuous years or more of service") == 1
    assert years_fit(12, "Vacation leave is credited monthly.") == 0
    assert years_fit(None, "After 10th year through 15th year") == 0
    capped = ("Five (5) to ten (10) years, but less than ten (10) years of continuous County "
              "service, 152.4 hours per year")  # five to nine: not the member after ten years
    assert (years_fit(10, capped), years_fit(9, capped), years_fit(5, capped)) == (-1, 1, 1)
    assert years_fit(3, "(c) Ten (10) continuous years, but less than fifteen (15) continuous "
                        "years of service") == -1  # its "less than fifteen" is not a second row


def test_a_schedule_moved_by_hours_fits_the_rule_for_that_many_hours():
    hours = moved_hours("My supervisor moved my start time 3 hours earlier. Do I get anything?")
    assert hours == 3 and moved_hours("How many hours do I work?") is None
    assert years_fit(hours, "Reporting time may be changed two (2) hours earlier or two (2) "
                            "hours later, or less, without penalty", "hours") == -1
    assert years_fit(hours, "Reporting time may be changed more than two (2) hours, earlier or "
                            "later, without penalty", "hours") == 1


def test_a_rule_for_a_case_the_question_does_not_name_comes_after():
    from retrieval.fit import if_elsewhere

    reclass = ("If an employee is reclassified, the employee shall serve a six (6) month "
               "probationary period beginning on the effective date of reclassification.")
    new_hire = {"probation": 7.5, "period": 2.7, "new": 3.2, "hir": 3.8}
    assert if_elsewhere(reclass, new_hire, {}) and narrowed(reclass, new_hire, {})
    assert not if_elsewhere(reclass, {**new_hire, "reclassify": 5.0}, {})
    assert not if_elsewhere("If the grievance is not resolved, the Union may appeal.",
                            {"grievance": 3.0, "deadline": 5.0}, {})
    assert not if_elsewhere("Employees shall serve a probationary period of six months.",
                            new_hire, {})


def test_a_row_for_the_members_school_grade_comes_first():
    from retrieval.fit import grade_fit, school_grade

    assert school_grade("My 2nd grade class in Long Beach keeps growing.") == 2
    assert school_grade("I'm a second-grade teacher") == 2
    assert school_grade("my kindergarten class") == 0
    assert school_grade("What is the maximum class size?") is None
    assert grade_fit(2, "Grades 1-3 30*") == 1
    assert grade_fit(2, "Grades 4-5 35") == -1 and grade_fit(2, "Grade 6 Core Classes 35") == -1
    assert grade_fit(2, "Kindergarten 32*") == 0 and grade_fit(None, "Grades 1-3 30*") == 0


def test_a_payout_is_asked_and_paid_in_money_words():
    from retrieval.fit import asks_payout, pays_out

    for q in ("When I retire, do they pay me for all my unused sick days?",
              "Do we get paid out for unused sick leave when we quit?",
              "Can I cash in some of my sick days?", "Can I cash out vacation hours?",
              "How is the payout for my unused sick days figured?",
              "Can I sell back vacation hours?", "Do I get my unused vacation paid if I quit?"):
        assert asks_payout(q), q
    for q in ("How often does the cohort bonus get paid out?", "Do I get paid for overtime?",
              "Can I use my unused paid leave for a move?",
              "How much unused sick leave can I convert to severance?"):
        assert not asks_payout(q), q
    assert pays_out("an employee may convert one (1) day to cash")
    assert pays_out("Employees may elect to sell back up to sixty (60) hours vacation.")
    assert pays_out("termination pay shall consist of compensation for 25% of unused leave")
    assert pays_out("The employee shall be paid for accrued vacation not transferred.")
    assert pays_out("25% of unused sick leave credit shall be\n\npaid, at the current rate")
    assert not pays_out("All employees will accrue paid sick leave at the start of the year.")
    assert not pays_out("Unused sick leave credits are restored pursuant to PERS.")
    assert not pays_out("Sick leave covered by Workers’ Compensation shall equal the difference "
                        "between the Workers’ Compensation for lost time and the salary rate.")


def test_a_rule_for_what_the_member_says_was_not_done_is_known():
    from retrieval.fit import not_done

    q = "I do lead work but nobody ever assigned it to me in writing. How do I get lead pay?"
    w = {"lead": 4.0, "work": 1.6, "assign": 1.6, "writ": 1.6, "pay": 2.2}
    assert not_done("If the duties have not been formally assigned in writing, the employee "
                    "may notify the Appointing Authority in writing.", q, w)
    assert not not_done("Lead work differential is paid to employees assigned lead work in "
                        "writing by their supervisor.", q, w)
    assert not not_done("Overtime shall not be assigned on weekends.", "How is overtime assigned?",
                        {"overtim": 1.0, "assign": 1.0})  # the member said nothing was not done
    assert not_done("If the employer fails to pay overtime, the employee may grieve.",
                    "They didn't pay me overtime, what can I do?", {"overtim": 1.0, "pay": 1.0})
