"""How much of its clause a quote shows, and which report speaks for "now"."""

from retrieval.evidence import EvidenceScorer, Sentence
from retrieval.search import SearchHit
from retrieval.widen import list_span, widened

FILLER = "Sign the strike pledge today and tell your coworkers why it matters to all of us. " * 6
BULLETIN = (f"{FILLER}\n\nUnion economic package proposal:\n\nMaintain steps both years.\n\n"
            "Management’s economic package proposal:\n\nA four-year contract with a single "
            "guaranteed COLA of 0.75% in January 2027.\n\nA step freeze for the 2026-2027 fiscal "
            "year. Steps as normal in the other three years.\n\nEliminate the guarantee of a "
            "low-cost option for health insurance.\n\nBecause we acted together, we won:\n\n"
            "New language on Transgender Rights.\n")


def _hit(text: str, doc_type: str = "bulletin", date: int = 20260807, title: str = "Update",
         chunk: str = "b.0") -> SearchHit:
    return SearchHit(chunk, chunk, "b", title, doc_type, "current", date, None, "", None,
                     text, 0, len(text), 1.0)


def test_a_bulletin_list_item_is_quoted_with_its_whole_list():
    hit = _hit(BULLETIN)
    a = BULLETIN.index("A four-year")
    q = Sentence(hit, a, BULLETIN.index(" Their", a) if " Their" in BULLETIN else a + 60, 1, 1)
    shown = widened([q])[0].text
    assert shown.startswith("Management’s economic package proposal:")
    assert "A step freeze for the 2026-2027 fiscal year" in shown
    assert "low-cost option for health insurance." in shown
    assert "Maintain steps" not in shown and "Transgender" not in shown  # other lists


def test_a_list_too_long_or_a_contract_keeps_the_one_sentence():
    a = BULLETIN.index("A step freeze")
    assert list_span(BULLETIN, a, a + 20, max_chars=100) is None
    contract = _hit(BULLETIN, doc_type="contract")
    shown = widened([Sentence(contract, a, a + 20, 1, 1)])[0].text
    assert shown.startswith("A step freeze") and "Eliminate" not in shown  # its paragraph only


def test_a_line_with_no_list_over_it_is_not_widened():
    text = f"{FILLER}\n\nWe reached TA on three articles today.\n"
    a = text.index("We reached")
    assert list_span(text, a, len(text) - 1, 600) is None


def _scorer(question: str) -> EvidenceScorer:
    return EvidenceScorer(question, lambda ts: {t: 1.0 for t in ts})


def test_asked_where_things_stand_now_the_newest_report_comes_first():
    old = _hit("Our team is proposing COLA raises matching inflation each year of the contract.",
               date=20260630, chunk="b.1")
    new = _hit("Our team is proposing a two-year contract with COLA raises matching CPI.",
               chunk="b.2")
    now = _scorer("What COLA raises is our team proposing right now?").sentences([old, new])
    assert now[0].hit.date == 20260807
    then = _scorer("What COLA raises is our team proposing?").sentences([old, new])
    assert then[0].hit.date == 20260630  # not asked about now: the better sentence


def test_a_documents_own_title_line_is_never_a_quote():
    text = "Higher Ed bargaining team declares impasse\n\n2026-08-07\n\nWe met on August 5."
    hit = _hit(text, title="Higher Ed bargaining team declares impasse")
    quotes = _scorer("Did the higher ed bargaining team declare impasse?").sentences([hit])
    assert all("2026-08-07" not in q.text for q in quotes)


def test_a_first_quote_in_a_long_clause_comes_with_its_short_paragraph():
    para = ("Across the board Salary Increases: Effective February 1, 2026, salary rates shall "
            "be increased by two and five tenths percent (2.5%). Effective January 1, 2027, "
            "salary rates shall be increased by four percent (4%).")
    text = f"{FILLER}\n\n{para}\n\n{FILLER}"
    hit = _hit(text, doc_type="contract")
    a = text.index("Across")
    first = Sentence(hit, a, text.index(" Effective January"), 1, 1)
    shown = widened([first])[0]
    assert shown.text == para and shown.focus == (first.start, first.end)
    second = widened([Sentence(hit, 0, 10, 1, 1), first])[1]
    assert second.text == first.text  # only the answer's own quote is widened so


def test_a_table_row_inside_a_clause_is_read_with_the_clauses_first_sentence():
    text = ("An employee working on-site at the Stabilization Center will be assigned a "
            "regularly scheduled shift.\n\nHours Shift Differential\nSwing Shift 7 ½ percent "
            "differential\nNight Shift 10 percent differential\n")
    hit = _hit(text, doc_type="side_letter", title="Memorandum of Understanding")
    q = "I work nights at the stabilization center. What's my shift differential?"
    assert _scorer(q).sentences([hit])[0].text.startswith("Night Shift 10 percent")
