"""Whose position a question asks about, and whose a bulletin sentence states."""

import pytest

from retrieval.evidence import EvidenceScorer
from retrieval.search import SearchHit
from retrieval.sides import EMPLOYER, UNION, asked_side, stated_side


@pytest.mark.parametrize("question, side", [
    ("What is management's latest proposal on our step increases?", EMPLOYER),
    ("What COLA is our higher ed bargaining team proposing right now?", UNION),
    ("What's SEIU 503 asking the universities for on longevity pay now?", UNION),
    ("Did university management ever back off its overtime proposal?", EMPLOYER),
    ("What are they offering now?", EMPLOYER),
    ("SEIU 503 higher ed bargaining: what are the universities offering now?", EMPLOYER),
    ("What was proposed by management on steps?", EMPLOYER),
    ("How many sick days do we get?", ""),  # not about a position
])
def test_the_side_a_question_asks_about(question, side):
    assert asked_side(question) == side


def test_a_list_item_states_the_side_its_list_hangs_from():
    assert stated_side("A step freeze for the 2026-2027 fiscal year.",
                       "Management’s economic package proposal:") == EMPLOYER
    assert stated_side("Maintain steps both years.", "Union economic package proposal:") == UNION
    assert stated_side("We continue to propose step increases.", "") == UNION
    assert stated_side("Steps as normal in the other three years.", "") == ""


def test_a_bulletin_quote_of_the_side_asked_about_comes_first():
    text = ("Union economic package proposal:\n\nMaintain steps both years.\n\n"
            "Management’s economic package proposal:\n\nA step freeze for the 2026-2027 fiscal "
            "year for all steps.\n")
    hit = SearchHit("b.0", "b", "b", "Bulletin", "bulletin", "current", 20260807, None, "", None,
                    text, 0, len(text), 1.0)

    def best(side):
        scorer = EvidenceScorer("what is the proposal on steps?",
                                lambda ts: {t: 1.0 for t in ts}, side=side)
        return scorer.sentences([hit])[0].text

    assert "A step freeze" in best(EMPLOYER)
    assert "Maintain steps" in best(UNION) and "freeze" not in best(UNION)
