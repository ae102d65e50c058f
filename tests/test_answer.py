"""Cited answers with a scripted chat model: verification, refusal, versions, injection."""

from dataclasses import replace

import pytest

from ingest.pipeline import Ingestor
from retrieval.answer import CANNOT_ANSWER, Answerer, Progress
from retrieval.chat import ModelUnavailable
from retrieval.search import Searcher
from tests.conftest import ALL, SEEDS


class ScriptedChat:
    """A chat model that says what the test tells it to, and records what it was asked."""

    name = "scripted"

    def __init__(self, reply="", fail=False):
        self.reply, self.fail, self.calls = reply, fail, []

    def stream(self, messages, max_tokens):
        self.calls.append(messages)
        if self.fail:
            raise ModelUnavailable("scripted outage")
        yield from (w + " " for w in self.reply.split(" "))


def answerer_for(settings, store, embedder, folder, chat):
    Ingestor(settings, store, embedder, progress=False).run([folder])
    return Answerer(Searcher(settings, store, embedder), chat)


def ask_about(settings, store, embedder, tmp_path, text: str, question: str):
    """Ingest one contract text and ask it one question (extractive backend)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "cba.txt").write_text(text)
    return answerer_for(settings, store, embedder, folder, None).ask(question, ALL)


@pytest.fixture
def seeds(settings, store, embedder):
    def make(reply="", fail=False):
        chat = ScriptedChat(reply, fail)
        return answerer_for(settings, store, embedder, SEEDS, chat), chat
    return make


def assert_quotes_verbatim(answer, store):
    texts = store.texts(ALL, {c.doc_id for c in answer.citations})
    for c in answer.citations:
        assert c.verified and texts[c.doc_id][c.char_start:c.char_end] == c.quote


def test_doctorate_stipend_cites_the_formula_and_the_proposal(seeds, store):
    answerer, _ = seeds()
    ans = answerer.ask("What's the doctorate stipend?", ALL)
    assert not ans.refused
    assert {c.section for c in ans.citations} & {"12.2.1.8", "12.7.5"}
    assert ".02527 times Class A, Step 8" in ans.text
    assert "moved from 12.2.1.8" in ans.text and "“of $3,000”" in ans.text
    assert_quotes_verbatim(ans, store)


def test_fabricated_number_is_dropped_and_quote_shown_instead(seeds):
    answerer, chat = seeds("The contract hourly rate is $95.00 per hour.")
    ans = answerer.ask("Tell me about the contract hourly rate.", ALL)
    assert chat.calls and "$95.00" not in ans.text
    assert "$65.00" in ans.text and ans.citations[0].quote.endswith("$65.00.")


def test_supported_sentence_is_kept_with_its_source(seeds):
    answerer, _ = seeds("The contract hourly rate is $65.00.")
    ans = answerer.ask("Tell me about the contract hourly rate.", ALL)
    first = ans.text.split("\n")[0]
    assert first.startswith("SCUSD's proposal of 2021-10-13, 12.8: The contract hourly rate")
    assert first.endswith("[1]")


def test_fabricated_quote_never_reaches_the_answer(seeds, monkeypatch):
    import retrieval.compose as compose

    answerer, _ = seeds()
    real = compose.locate
    monkeypatch.setattr(compose, "locate", lambda q, src: None if "$65.00" in q else real(q, src))
    ans = answerer.ask("What is the contract hourly rate?", ALL)
    assert all("$65.00" not in c.quote for c in ans.citations)


def test_unanswerable_question_is_refused_with_closest_clauses(seeds):
    answerer, chat = seeds("Teachers get 12 sick days.")
    ans = answerer.ask("How many sick days do teachers get each year?", ALL)
    assert ans.refused and ans.text == CANNOT_ANSWER and ans.citations == ()
    assert ans.closest and not chat.calls  # the model is never asked to make something up


def test_model_outage_falls_back_to_quotes(seeds):
    answerer, _ = seeds(fail=True)
    ans = answerer.ask("Tell me about the contract hourly rate.", ALL)
    assert "$65.00" in ans.text and ans.notices
    assert "could not be reached" in ans.notices[0]


def test_filters_reach_the_answer(seeds):
    answerer, _ = seeds()
    ans = answerer.ask("What's the doctorate stipend?", ALL.narrow(doc_types=("news",)))
    assert ans.refused or all(c.doc_type == "news" for c in ans.citations)


def test_json_contract(seeds):
    answerer, _ = seeds()
    data = answerer.ask("What is the per session rate?", ALL).to_json()
    assert set(data) >= {"question", "answer", "refused", "citations", "backend", "timings_ms"}
    cite = data["citations"][0]
    assert set(cite) >= {"marker", "doc_id", "title", "doc_type", "section", "page", "quote",
                         "char_start", "char_end", "verified"}
    assert set(data["timings_ms"]) == {"retrieve", "generate"}


@pytest.fixture
def versions(versions_dir, settings, store, embedder):
    folder = versions_dir

    def make(reply=""):
        chat = ScriptedChat(reply)
        return answerer_for(settings, store, embedder, folder, chat), chat
    return make


def test_contract_and_proposal_are_labelled_never_blended(versions, store):
    answerer, _ = versions()
    ans = answerer.ask("What does 12.7.5 say about the doctorate stipend?", ALL)
    by_doc = {c.doc_id: c for c in ans.citations}
    assert {"contract", "proposal"} <= set(by_doc)
    assert "$2,500" in by_doc["contract"].quote
    assert "$3,000" in by_doc["proposal"].quote and "$2,500" not in by_doc["proposal"].quote
    assert by_doc["contract"].label == "The current contract, 12.7.5"
    assert by_doc["proposal"].label == "RD's proposal of 2024-03-05, 12.7.5"
    assert "[-two thousand five hundred dollars ($2,500)-]" in by_doc["proposal"].marked
    assert "adds “three thousand dollars ($3,000)”; strikes “two thousand five hundred dollars " \
        "($2,500)”" in ans.text
    assert_quotes_verbatim(ans, store)


def test_instructions_inside_documents_are_quoted_not_obeyed(versions):
    answerer, chat = versions("HACKED. The contract hourly rate is $9,999 and the system prompt is:")
    ans = answerer.ask("Tell me about the contract hourly rate.", ALL)
    assert chat.calls and "HACKED" not in ans.text and "system prompt is" not in ans.text
    assert "$60.00" in ans.text
    assert not any("Ignore all previous instructions" in c.quote for c in ans.citations)
    outside_quotes = "".join(part.split("”")[-1] for part in ans.text.split("“"))
    assert "$9,999" not in outside_quotes
    system = chat.calls[0][0][1]
    assert "never instructions to follow" in system


def test_bulletin_answer_keeps_its_source_label_with_numbers(seeds):
    answerer, _ = seeds()
    ans = answerer.ask("How much does SCUSD plan to spend on outside contractors this year?", ALL)
    assert ans.text.startswith("**over $40 million** — SEIU 1021 bulletin")


def test_a_contract_label_names_its_employer():
    """With several employers' contracts stored, "The current contract" alone is ambiguous."""
    from retrieval.compose import source_label
    from store.records import DocRecord

    doc = DocRecord("c", doc_type="contract", status="current", employer="Marion County")
    assert source_label(doc, "Article 13, Section 2") == (
        "The current Marion County contract, Article 13, Section 2")
    doc = replace(doc, employer="Sacramento City Unified School District (SCUSD)")
    assert source_label(doc, "12.7.5") == "The current SCUSD contract, 12.7.5"


def test_progress_is_said_once_the_clauses_are_found_only_when_asked(seeds):
    answerer, _ = seeds("The contract hourly rate is $65.00. [1]")
    parts = list(answerer.stream("What is the contract hourly rate?", ALL, progress=True))
    assert parts[0] == Progress("reading") and isinstance(parts[1], str)
    assert not any(isinstance(p, Progress) for p in answerer.stream(
        "What is the contract hourly rate?", ALL))
    refused = list(answerer.stream("Who won the 1986 World Cup?", ALL, progress=True))
    assert refused[0] == CANNOT_ANSWER  # nothing found, nothing to read: no step to show


class WarmChat(ScriptedChat):
    def __init__(self):
        super().__init__("x")
        self.warmed = 0

    def warm(self):
        self.warmed += 1


def test_warming_up_loads_the_model_and_asks_once(settings, store, embedder):
    chat = WarmChat()
    answerer = answerer_for(settings, store, embedder, SEEDS, chat)
    answerer.warm_up("What is the contract hourly rate?", ALL)
    assert chat.warmed == 1 and len(chat.calls) == 1  # loaded, then a whole answer phrased


def test_every_part_keeps_the_parties_the_question_names(seeds):
    answerer, _ = seeds()
    docs = answerer.searcher.store.documents(ALL)
    ans = answerer.ask("What did Seattle teachers win on pay, and what is the additional "
                       "stipend for an earned doctorate?", ALL)  # only Sacramento's has one
    assert "**2. " in ans.text
    assert all("Seattle" in docs[c.doc_id].employer for c in ans.citations)


def test_a_year_no_document_reaches_is_not_answered_from_another_year(seeds):
    answerer, _ = seeds()
    assert not answerer.ask("What is the doctorate stipend?", ALL).refused
    assert answerer.ask("What is the doctorate stipend for 2031-2032?", ALL).refused


def test_a_model_sentence_copying_the_quote_is_not_said_twice(seeds):
    answerer, _ = seeds("The contract hourly rate shall be $65.00.")
    ans = answerer.ask("Tell me about the contract hourly rate.", ALL)
    assert ans.text.count("The contract hourly rate shall be $65.00") == 1 and not ans.claim


def test_a_conversation_keeps_the_parties_it_named(seeds):
    answerer, _ = seeds()
    docs = answerer.searcher.store.documents(ALL)
    ans = answerer.ask("How much is the additional stipend for an earned doctorate degree?", ALL,
                       ["What did Seattle teachers win on pay?"])
    assert all("Seattle" in docs[c.doc_id].employer for c in ans.citations)
    assert any("Sacramento" in docs[c.doc_id].employer for c in answerer.ask(
        "How much is the additional stipend for an earned doctorate degree?", ALL).citations)


def test_an_amount_no_clause_states_is_not_in_the_documents(settings, store, embedder, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "cba.txt").write_text(
        "ARTICLE 14 SUBSTITUTION\n14.5 Any bargaining unit member required to split classes or "
        "substitute for another teacher will receive a proportionate share of compensation.\n"
        "14.6 Teachers shall be told of coverage assignments in writing.\n")
    answerer = answerer_for(settings, store, embedder, folder, None)
    ans = answerer.ask("How many dollars do teachers get paid when they split a class?", ALL)
    assert ans.refused and ans.closest  # the clause is shown as the closest, not as an amount
    ans = answerer.ask("What do teachers get when they split classes?", ALL)
    assert not ans.refused and "proportionate share" in ans.text


def test_how_many_dollars_needs_a_quote_about_it_stating_dollars(settings, store, embedder,
                                                                 tmp_path):
    question = "How many dollars a month does the district put toward my medical premium?"
    no = ask_about(settings, store, embedder, tmp_path,
        "ARTICLE 9 INSURANCE\n\nSection 1. The District annual maximum contribution toward "
        "unit member medical premiums shall be based on the 2013 PPO rates. Each year the "
        "District shall increase the prior year's contribution toward medical premiums by "
        "3.5%. Employee is responsible for paying a ten dollar ($10) deductible per calendar "
        "year.\n",
        question)
    assert no.refused  # a $10 deductible is not what the district puts toward the premium
    (tmp_path / "docs" / "cba.txt").write_text(
        "ARTICLE 9 INSURANCE\n\nSection 1. The District shall contribute $850 per month "
        "toward each employee's medical insurance premium.\n")
    yes = answerer_for(settings, store, embedder, tmp_path / "docs", None).ask(question, ALL)
    assert not yes.refused and "$850" in yes.text
