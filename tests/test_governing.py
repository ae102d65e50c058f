"""What governs a quote from outside it comes with it: its list's lead-in, its terms' definitions."""

from retrieval.governing import definitions, lead_in
from tests.test_answer import ask_about


def test_a_later_sentence_defining_a_term_the_quote_uses_is_found():
    answer = ("The Association shall submit such grievance at Step 1 no later than ten (10) "
              "working days after the effective date of the disciplinary action.")
    text = (f"Any regular employee who is disciplined may appeal. {answer} Working days for the "
            "grievance procedure shall be defined as Monday through Thursday, excluding "
            "holidays. The Employer shall include a copy of the notice.")
    end = text.index(answer) + len(answer)
    (a, b), = definitions(answer, text, end)
    assert text[a:b].startswith("Working days") and text[a:b].endswith("excluding holidays.")
    assert definitions(answer, text.replace("Working days", "Overtime hours"), end) == []
    family = ("up to 24 hours per immediate family member. Donated leave may be used. "
              "The definition of “immediate family” shall include aunt, uncle, niece, nephew.")
    assert definitions("24 hours per immediate family member.", family, 35)
    limited = "Up to 24 hours of bereavement leave. Bereavement shall be prorated for part time."
    assert definitions("Up to 24 hours of bereavement leave.", limited, 36)
    assert not definitions("Up to 24 hours of bereavement leave.",
                           limited.replace("prorated", "granted"), 36)


def test_a_lead_in_ends_with_a_colon():
    text = "C. All employees hired on or after January 1, 2001 accrue vacation as follows:\n"
    assert lead_in(text) == (0, len(text.rstrip()))
    assert lead_in("C. Employees accrue vacation monthly.") is None
    long = "Words of a long paragraph. " * 20 + "These rules apply:"
    a, b = lead_in(long)
    assert long[a:b] == "These rules apply:"
    assert lead_in("C. LEAVES OF ABSENCE WITH PAY:") is None  # a heading: not quoted alone
    assert lead_in("4. Holidays:") is None and lead_in("37-4 Incentives:") is None
    assert lead_in("2. Extended leaves of absence without pay may be granted for:") is not None


def test_a_sub_item_is_shown_with_the_lead_in_it_hangs_from(settings, store, embedder, tmp_path):
    ans = ask_about(settings, store, embedder, tmp_path,
        "ARTICLE 7 VACATION LEAVE\n\nSection 1. Accrual.\n\n"
        "A. New employees may choose to frontload vacation for their first year.\n\n"
        "B. Employees hired prior to January 1, 2001 accrue 104.4 hours per year.\n\n"
        "C. All employees hired on or after January 1, 2001 accrue vacation in the following "
        "manner:\n\n"
        "1. Employees shall be credited with twelve (12) hours of vacation leave per month.\n\n"
        "2. Employees who have used at least forty (40) hours of vacation time in a calendar "
        "year may elect to sell back up to sixty (60) hours vacation during that same calendar "
        "year.\n", "Can I sell back vacation hours?")
    assert not ans.refused and "sixty (60) hours" in ans.text
    assert "hired on or after January 1, 2001" in ans.lead  # the answer carries it
    lead = next(c for c in ans.citations if c.context)
    assert lead.quote.startswith("C. All employees") and lead.quote.endswith("manner:")
    assert lead.to_json()["context"] is True


def test_a_later_limit_on_anyone_is_not_a_condition_of_the_quote():
    text = "Employees may take up to 24 hours of leave. Employees shall not smoke indoors."
    assert definitions("Employees may take up to 24 hours of leave.", text, 44) == []


def test_a_yes_no_answer_comes_with_the_exception_its_article_makes(settings, store, embedder,
                                                                      tmp_path):
    ans = ask_about(settings, store, embedder, tmp_path,
        "ARTICLE 6 TRIAL SERVICE\n\nSection 1. The trial service period is six (6) months.\n\n"
        "Section 2. Trial service employees may be removed from service when their work is "
        "not satisfactory. Removals under this Article are not subject to the grievance "
        "procedure.\n\nSection 3. Travel is paid at the state rate.\n\n"
        "Section 4. An employee who accepts a promotion and is removed during trial service "
        "shall be returned to their former classification, unless terminated for cause.\n",
        "If they remove me during trial service, can the union file a grievance?")
    assert not ans.refused and "not subject to the grievance" in ans.lead
    assert "returned to their former classification" in ans.lead


def test_a_later_limit_sharing_only_a_date_is_not_a_condition_of_the_quote():
    quote = "A person appointed after October 1 shall be granted twelve (12) days sick leave."
    text = quote + " Effective September 1, 2019, up to forty (40) days may be used for adoption."
    assert definitions(quote, text, len(quote)) == []


def test_a_quote_pointing_to_another_section_comes_with_its_figure(settings, store, embedder,
                                                                    tmp_path):
    ans = ask_about(settings, store, embedder, tmp_path,
        "ARTICLE 15 GRIEVANCE AND ARBITRATION\n\nSection 1. Grievances are defined as alleged "
        "violations of this Agreement. Grievances shall be initiated in writing within "
        "forty-five (45) calendar days of the time the employee knows of the violation.\n\n"
        "Section 2. Travel is paid at the state rate for mileage on grievance business.\n\n"
        "Section 3. Grievance Steps. Step 1. An employee shall submit a written grievance to "
        "the immediate supervisor within the timeframes outlined in Section 1 of this "
        "Article. If the grievance is not resolved at Step 1, the employee may file it with "
        "the agency within fifteen (15) calendar days after receiving the response.\n",
        "What's the timeline to file a grievance with my supervisor?")
    assert not ans.refused and "forty-five (45) calendar days" in ans.text
    assert ans.text.index("timeframes outlined") < ans.text.index("forty-five")


def test_a_later_step_is_known_unless_the_question_asks_about_one():
    from retrieval.fit import later_step

    step2 = ("If the grievance is not resolved at step 2, the Association may file within "
             "fifteen (15) calendar days after receiving the response.")
    assert later_step(step2, "What's the deadline to file a grievance?")
    assert not later_step(step2, "If I lose at step 2, how long do I have?")
    assert not later_step("Grievances shall be filed within thirty (30) days.",
                          "What's the deadline to file a grievance?")
    step_two = ("If the discussion above does not resolve the issue satisfactorily, the "
                "employee may file a written grievance within ten (10) duty days following the "
                "employee's receipt of the administrator's response.")
    assert later_step(step_two, "How long do I have to bring a grievance to my administrator?")
    assert not later_step(step_two, "If that talk doesn't fix it, how long to file the written one?")
    respond = "The Department Head shall respond within ten (10) working days."
    step_two_heading = "Section 23.6 Grievance Procedure > B. Grievances at Step 2 > 4."
    assert later_step(respond, "What's the deadline to file a grievance?", step_two_heading)
    assert not later_step(respond, "What's the deadline to file a grievance?",
                          "Section 23.6 Grievance Procedure > A. Grievances at Step 1 > 2.")
    assert not later_step(respond, "What's the top pay at step 2?", "Appendix A > Step 2")
    assert not later_step(respond, "What's the deadline to request vacation?",
                          "Article 9 Vacation > Level 2 Employees")  # not a grievance's step


def test_a_bare_heading_above_the_quote_is_not_quoted_as_its_lead_in(settings, store, embedder,
                                                                       tmp_path):
    ans = ask_about(settings, store, embedder, tmp_path,
        "ARTICLE 7 LEAVES OF ABSENCE\n\nSection 1. Paid leaves are granted as follows:\n\n"
        "C. LEAVES OF ABSENCE WITH PAY:\n\n"
        "1. Bereavement Leave. Employees are entitled to leaves of absence, not to exceed three "
        "(3) days, as a result of the death of any member of the immediate family.\n",
        "How many days of bereavement leave do I get?")
    assert not ans.refused and "three" in ans.text
    assert not any(c.quote.strip() == "C. LEAVES OF ABSENCE WITH PAY:" for c in ans.citations)
