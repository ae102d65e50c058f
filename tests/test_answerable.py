"""Whether the documents answer: two words naming one thing, figures for a case not asked, and
what the asking part of a question that tells a story first asks."""

from retrieval.answerable import answerable
from retrieval.evidence import EvidenceScorer, select
from retrieval.search import SearchHit
from retrieval.vocabulary import alternatives, present_terms
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
