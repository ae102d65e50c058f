"""A job title's range from the classification plan, then its pay from the schedules."""

from ingest.pipeline import Ingestor
from retrieval.answer import Answerer
from retrieval.classes import named_job, with_first_step, with_range
from retrieval.search import Searcher
from tests.conftest import ALL

PLAN = """APPENDIX B – CLASSIFICATION PLAN

 CLASSIFICATION                          SR             Facilities Engineer 2        29
 Administrative Specialist 1             17             Facilities Engineer 3        33
 Associate In Engineering 1              27             Fiscal Analyst 2             28
 Associate In Geology 2                  27             Geologist 2                  26
 Environmental Specialist 2              23             Professional Geologist 2     34
 Geologist 1                             22             Chemist 1                    24
"""
SCHEDULE = """APPENDIX C – SALARY SCHEDULES

                      SALARY SCHEDULE AS OF JANUARY 1, 2027
 SR     Step 1    Step 2     Step 3    Step 4
 22      4,770     5,011      5,261     5,520
 26      5,804     6,092      6,395     6,714
 27      6,092     6,395      6,714     7,051
 34      8,565     8,993      9,447     9,919
"""


def test_the_longest_title_the_question_names_gives_the_range():
    job = named_job("Geologist 2, step 3: what's my monthly salary?", PLAN)
    assert (job.title, job.words) == ("Geologist 2", "SR 26")  # not Professional Geologist 2
    assert named_job("I'm an Associate in Engineering 1. Pay?", PLAN).number == "27"
    assert named_job("What does a geologist 3 make?", PLAN) is None  # no such line
    assert named_job("Geologist 2 pay?", "Geologist 2   26\n") is None  # one line is no table
    assert with_range("Geologist 2, step 3?", job) == "Geologist 2 (SR 26), step 3?"


def test_a_job_is_paid_by_its_range_and_the_plan_line_is_cited(settings, store, embedder,
                                                               tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "aee.md").write_text("ARTICLE 11 SALARIES\n11.1 Employees are paid on the "
                                   "schedules in Appendix C.\n\n" + PLAN + "\n" + SCHEDULE)
    Ingestor(settings, store, embedder, progress=False).run([folder])
    searcher = Searcher(settings, store, embedder)
    question = "I'm a Geologist 2 at step 3. What's my monthly salary as of January 2027?"
    assert "SR 26, Step 3: 6,395" in searcher.search(question, ALL, k=5)[0].text
    answer = Answerer(searcher, None).ask(question, ALL)
    assert "6,395" in answer.text and "9,447" not in answer.text.split("[2]")[0]
    assert [c.quote for c in answer.citations[:2]][1].startswith("Geologist 2")


def test_someone_starting_out_is_paid_at_the_first_step(settings, store, embedder, tmp_path):
    assert with_first_step("What does a first-year teacher make?") == (
        "What does a first-year (step 1) teacher make?")
    for other in ("What is the raise in the first year of the contract?",  # a contract year
                  "Can they fire me in my first year?",  # not a pay question
                  "What does step 3 pay for a first-year teacher?"):  # names its step
        assert with_first_step(other) == other
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "aee.md").write_text("ARTICLE 11 SALARIES\n11.1 Employees are paid on the "
                                   "schedules in Appendix C.\n\n" + SCHEDULE)
    searcher = Searcher(settings, store, embedder)
    Ingestor(settings, store, embedder, progress=False).run([folder])
    answer = Answerer(searcher, None).ask("What's the starting salary for a brand new SR 27?", ALL)
    assert "SR 27, Step 1: 6,092" in answer.citations[0].quote
