"""What the app shows, without a browser: linked markers, the citation card with the quote
marked inside its clause and the redline as <ins>/<del>, the API's Sources block."""

from retrieval.answer import Answer
from retrieval.compose import Citation
from ui.panels import (
    answer_markdown,
    citation_card,
    citations_panel,
    highlight,
    linked_answer,
    sources_block,
)

CLAUSE = "12.7.5 An additional stipend of\nfour thousand dollars ($4,000) is added <for> the doctorate."
CITE = Citation(marker=1, doc_id="p", title="District proposal", doc_type="proposal",
                section="12.7.5", page=3, quote="stipend of four thousand dollars ($4,000) is added",
                char_start=0, char_end=10, verified=True, status="proposed", date="2024-03-05",
                label="RD's proposal of 2024-03-05, 12.7.5", clause_text=CLAUSE,
                marked="12.7.5 A stipend of [-$3,000-][+four thousand dollars ($4,000)+] <b>",
                notes=("adds “four thousand dollars ($4,000)”",))


def test_markers_link_to_this_turns_cards():
    assert linked_answer("It is $4,000 [1] or [2].", 3) == (
        "It is $4,000 [\\[1\\]](#cite-3-1) or [\\[2\\]](#cite-3-2).")


def test_document_markup_in_an_answer_is_inert_markdown():
    text = "Pay is $12 <img src=x onerror=alert(1)> ![t](http://evil/p.png) *x* [1]"
    assert linked_answer(text, 0) == (
        "Pay is $12 &lt;img src=x onerror=alert\\(1\\)&gt; \\!\\[t\\]\\(http://evil/p.png\\) "
        "\\*x\\* [\\[1\\]](#cite-0-1)")


def test_the_answering_words_stay_bold_and_inert():
    text = "**$36,000** — APS, Appendix A.1: “STEP 1, BA: **$36,000** <b>x</b>” [1]"
    assert linked_answer(text, 0) == (
        "**$36,000** — APS, Appendix A.1: “STEP 1, BA: **$36,000** &lt;b&gt;x&lt;/b&gt;” "
        "[\\[1\\]](#cite-0-1)")
    assert linked_answer("**[x](http://evil)**", 0) == "**\\[x\\]\\(http://evil\\)**"
    assert linked_answer("a ** b", 0) == "a \\*\\* b"  # not a pair: shown as written


def test_quote_is_marked_inside_its_clause_across_line_breaks_and_escaped():
    html = highlight(CLAUSE, CITE.quote)
    assert html.count("<mark>") == 1 and "&lt;for&gt;" in html
    assert "additional <mark>stipend of<br>four thousand dollars ($4,000) is added</mark>" in html
    assert highlight("other text", "missing quote").startswith("<mark>missing quote</mark><hr>")


def test_card_shows_source_status_and_redline():
    card = citation_card(CITE, 2)
    assert "id='cite-2-1'" in card and "p. 3" in card and "proposed" in card
    assert "<del>$3,000</del>" in card and "<ins>four thousand dollars ($4,000)</ins>" in card
    assert "&lt;b&gt;" in card and "<b>" not in card.split("Changes in this document")[1][:5]


def test_refusal_panel_lists_the_closest_and_sources_are_plain_text():
    refused = Answer("q", "I couldn't find that in the documents.", True)
    assert "Nothing cited" in citations_panel(refused, 0)
    answer = Answer("q", "It is $4,000 [1].", False, (CITE,), notices=("model was down",))
    assert sources_block(answer) == (
        "\n\nSources:\n[1] RD's proposal of 2024-03-05, 12.7.5 (p. 3) — “stipend of four "
        "thousand dollars ($4,000) is added” (doc p)")
    assert sources_block(refused) == ""
    assert answer_markdown(answer, 0).endswith("_model was down_")


def test_filters_that_narrow_an_answer_are_named():
    from ui.panels import filters_note

    assert filters_note([], [], "", "") == ""
    assert filters_note(["tentative_agreement"], ["current"], "SCUSD", "") == (
        "Searched only: tentative agreement; status current; employer “SCUSD” (see Filters).")


def test_stored_values_read_as_words_and_stay_stored_as_they_were():
    from store.records import DOC_TYPES, STATUSES, VISIBILITIES, DocRecord
    from ui.library import describe_changes
    from ui.library_tab import doc_choices
    from ui.panels import document_rows
    from ui.words import STATUS_WORDS, TYPE_WORDS, VISIBILITY_WORDS, say

    for words, stored in ((TYPE_WORDS, DOC_TYPES), (STATUS_WORDS, STATUSES),
                          (VISIBILITY_WORDS, VISIBILITIES)):
        assert set(words) == set(stored)
        assert all("_" not in say(words, v) and say(words, v)[0].isupper() for v in stored)
    assert say(TYPE_WORDS, "memo_of_law") == "Memo of law"  # a type added later still reads
    ta = DocRecord("ta-1", "Leave TA", "tentative_agreement", date_text="2024-05-01",
                   visibility="team", n_clauses=3)
    row = document_rows({"ta-1": ta})[0]
    assert row == ["Leave TA", "Tentative agreement", "2024-05-01", "Current",
                   "Bargaining team only", "3", "ta-1"]
    assert doc_choices({"ta-1": ta}) == [("Leave TA (Tentative agreement, 2024-05-01)", "ta-1")]
    text = describe_changes("Leave TA", {"doc_type": ("tentative_agreement", "side_letter")})
    assert "type: tentative agreement → side letter or MOU" in text and "_" not in text


def test_a_drafts_method_is_said_in_words():
    from types import SimpleNamespace as NS

    from ui.html_export import draft_fragment

    clause = NS(section="12.7.5", method="deterministic", rationale="r", edits=(), citations=(),
                checks=(), notes=(), term_lines=lambda: ())
    draft = NS(from_party="SCTA", to_party="SCUSD", title="Art 12", date="2024-05-01",
               goal="floor", clauses=(clause,))
    html = draft_fragment(draft)
    assert "deterministic" not in html and "applied the goal&#x27;s terms" in html


def test_redlines_look_like_tracked_changes_not_links_in_the_app_and_exported_html():
    from ui.html_export import DEL_CSS, INS_CSS, STYLE
    from ui.panels import CSS

    assert "underline" in INS_CSS and "line-through" in DEL_CSS
    for sheet in (CSS, STYLE):  # one look for the citation panel, Draft, Compare and files
        assert INS_CSS in sheet and DEL_CSS in sheet and "#0645ad" not in sheet
