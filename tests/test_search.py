import pytest

from ingest.pipeline import Ingestor
from retrieval.search import Searcher, rrf, section_refs
from store.errors import ConfigError
from store.records import DocRecord
from store.scope import Scope
from tests.conftest import ALL, SEEDS


@pytest.fixture
def searcher(settings, store, embedder):
    Ingestor(settings, store, embedder, progress=False).run([SEEDS])
    return Searcher(settings, store, embedder)


def test_section_refs_in_questions():
    assert section_refs("what does 12.8.2 say, and Section 3(b)? Article 12 too; $3,000.50 no") == [
        "12.8.2", "Section 3(b)", "Article 12"]
    assert section_refs("a 2.5% raise and 1.5 times pay") == []
    assert section_refs("what does 7-1-4 say? and 20.A.1?") == ["7-1-4", "20.A.1"]
    assert section_refs("effective 7-1-2022, days 1-8, rate 3.5") == []


def test_rrf_rewards_agreement():
    scores = rrf({"a": ["x", "y"], "b": ["y", "z"]}, {"a": 1.0, "b": 1.0})
    assert max(scores, key=scores.get) == "y"


def test_named_section_comes_first(searcher):
    hits = searcher.search("what did the district propose in 12.8.4?", ALL, k=5)
    assert hits[0].exact and hits[0].section == "12.8.4"
    assert "temporarily assume the duties of a principal" in hits[0].text
    assert searcher.search("12.8.5", ALL, k=3)[0].section == "12.8.4"  # struck number still finds it


def test_hybrid_finds_the_clause_and_one_hit_per_clause(searcher):
    hits = searcher.search("doctorate stipend", ALL, k=5)
    assert {h.section for h in hits[:3]} & {"12.2.1.8", "12.7.5"}
    assert len({h.clause_id for h in hits}) == len(hits)
    assert all(searcher.store.documents(ALL)[h.doc_id] for h in hits)


def test_filters_apply_to_both_sides(searcher):
    only_news = ALL.narrow(doc_types=("news",))
    hits = searcher.search("stipend strike offer", only_news, k=10)
    assert hits and {h.doc_type for h in hits} == {"news"}
    lausd = searcher.search("wages raise", ALL.narrow(employer="lausd"), k=10)
    assert lausd and {h.doc_id for h in lausd} == {"seiu99-lausd-bargaining-update-2017-12-01"}
    old = searcher.search("stipend", ALL.narrow(date_to="2021"), k=10)
    assert old and {h.date // 10000 for h in old} <= {2017, 2021}
    assert searcher.search("12.8.4", only_news, k=5)[0].section != "12.8.4"
    assert searcher.search("stipend", ALL.narrow(employer="nobody"), k=5) == []


def test_a_named_employer_scopes_the_search(searcher):
    """Several employers' documents in one store: a question naming one keeps to it."""
    from retrieval.parties import named_scope

    docs = {i: DocRecord(i, employer=e) for i, e in (
        ("a", "Marion County"), ("b", "Lane County"),
        ("c", "Sacramento City Unified School District (SCUSD)"), ("d", ""))}
    assert named_scope("Under the Marion County MCEA contract, when is overtime?", docs) == (
        "a", "d")
    assert named_scope("What does SCUSD pay? And marion county?", docs) == ("a", "c", "d")
    assert named_scope("what does scusd pay", docs) is None  # an acronym only as written
    assert named_scope("When is overtime paid?", docs) is None
    hits = searcher.search("What did LAUSD bargain for wages?", ALL, k=10)
    assert hits and {h.doc_id for h in hits} == {"seiu99-lausd-bargaining-update-2017-12-01"}
    chosen = ALL.narrow(doc_ids=("contract-2019",))
    assert {h.doc_id for h in searcher.search("What did LAUSD bargain?", chosen, k=10)} <= {
        "contract-2019"}  # explicit document choices are not widened or narrowed


def test_bad_filter_values_are_clear():
    with pytest.raises(ConfigError, match="Unknown doc_type 'contrct'"):
        ALL.narrow(doc_types=("contrct",))
    with pytest.raises(ConfigError, match="not yyyy"):
        ALL.narrow(date_from="last year")
    with pytest.raises(ValueError, match="visibility"):
        Scope(())  # a read always says whose it is


def test_langchain_retriever_adapter(searcher):
    from langchain_core.retrievers import BaseRetriever

    from retrieval.langchain_retriever import StewardRetriever

    retriever = StewardRetriever(searcher=searcher, k=3,
                                 scope=ALL.narrow(doc_types=("proposal",)))
    docs = retriever.invoke("12.8.4")
    assert isinstance(retriever, BaseRetriever) and len(docs) == 3
    assert docs[0].metadata["section"] == "12.8.4" and docs[0].metadata["doc_type"] == "proposal"
    assert "temporarily assume the duties of a principal" in docs[0].page_content


def test_reranker_seam(searcher, settings):
    from dataclasses import replace

    from retrieval.rerank import get_reranker

    class Reverse:
        def rerank(self, query, hits):
            return [replace(h, score=float(i)) for i, h in enumerate(reversed(hits))]

    plain = [h.clause_id for h in searcher.search("doctorate stipend", ALL, k=4)]
    searcher.reranker = Reverse()
    assert [h.clause_id for h in searcher.search("doctorate stipend", ALL, k=4)][0] != plain[0]
    assert get_reranker(settings) is None  # off by default: no cross-encoder ships offline
    with pytest.raises(ConfigError, match="choose one of: cross-encoder, none"):
        get_reranker(settings.model_copy(update={"reranker": "colbert"}))
    with pytest.raises(ConfigError, match="STEWARD_RERANKER_MODEL"):
        get_reranker(settings.model_copy(update={"reranker": "cross-encoder"}))


def test_struck_clauses_are_flagged_and_never_answer(settings, store, embedder, tmp_path):
    from retrieval.answer import Answerer
    from retrieval.langchain_retriever import StewardRetriever

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "ta.html").write_text(
        "<p>12.1 Wages rise by three percent (3%) on July 1.</p>"
        "<p><del>12.2 Each employee receives a stipend of $3,000 per year.</del></p>")
    Ingestor(settings, store, embedder, progress=False).run([folder])
    searcher = Searcher(settings, store, embedder)
    hit = [h for h in searcher.search("12.2", ALL, k=3) if h.section == "12.2"][0]
    assert not hit.live and hit.to_json()["live"] is False and hit.text.startswith("[-12.2")
    assert all(d.metadata["live"] for d in StewardRetriever(searcher=searcher, scope=ALL).invoke("12.2"))
    ans = Answerer(searcher, None).ask("What does 12.2 say about the stipend?", ALL)
    assert all("$3,000" not in c.quote for c in ans.citations)


def test_a_question_about_a_moment_reads_the_documents_of_that_moment():
    from types import SimpleNamespace as Hit

    from retrieval.when import asked_moment, by_moment

    assert asked_moment("In the July 10 bargaining update, what did they say?").day == 10
    assert asked_moment("Back in mid-May 2026, what were they proposing?").year == 2026
    assert asked_moment("What may I do?") is None
    assert asked_moment("Under the Marion County contract, what is the decision?") is None
    assert asked_moment("What did they offer in Sept. 2025?").month == 9
    hits = [Hit(doc_type="bulletin", date=d) for d in (20260424, 20260710, 20260807)]
    assert by_moment("What are they offering now?", hits)[0].date == 20260807
    assert by_moment("What did the July 10 update say?", hits)[0].date == 20260710
    assert by_moment("What did they offer?", hits) == hits
    contract = [Hit(doc_type="contract", date=20240101), *hits]
    assert by_moment("Can I still use sick leave?", contract) == contract
    assert by_moment("In the July 10 update, what did they say?", contract)[0].date == 20260710
    assert by_moment("What's the union asking for on longevity now?", contract)[0].date == \
        20260807  # where a side stands now: its newest bulletin, though the contract ranks first
    from retrieval.when import moment_documents
    from store.records import DocRecord

    docs = {"m": DocRecord("m", doc_type="bulletin", date=20260515),
            "j": DocRecord("j", doc_type="bulletin", date=20260710),
            "c": DocRecord("c", doc_type="contract", date=20260515)}
    assert moment_documents("Back in mid-May 2026, what were they proposing?", docs) == ("m",)
    assert moment_documents("What may they propose?", docs) == ()
    from retrieval.when import position_documents

    assert position_documents("What's the union asking for on longevity now?", docs) == (
        "j", "m")  # every report: the latest word may be in one whose other news outranks it
    assert position_documents("What is the longevity premium now?", docs) == ()  # no side
    assert position_documents("What was the union asking for on July 10?", docs) == ()
    assert position_documents("Did management ever back off its overtime proposal?", docs) == (
        "j", "m")  # whether a side ever moved: every report too


def test_a_follow_up_asking_what_came_later_reads_the_rest_of_that_month():
    from retrieval.when import asked_moment, moment_documents
    from store.records import DocRecord

    docs = {d: DocRecord(d, doc_type="bulletin", date=int(d)) for d in
            ("20260710", "20260722", "20260807")}
    asked = ("In the July 10 bargaining update, what were the universities trying to do with our "
             "step system? did they change that at all later in July?")
    assert asked_moment(asked).later and moment_documents(asked, docs) == ("20260722",)
    assert moment_documents("What did the July 10 update say?", docs) == ("20260710",)
    assert not asked_moment("July 10: and what did they say later in August?").later


def test_a_pay_table_question_finds_its_cell(settings, store, embedder, tmp_path):
    """A schedule is one clause of many windows; the window holding the asked row and column
    comes first, though one window per clause is the rule."""
    head = " SR     Step 1    Step 2     Step 3    Step 4"
    rows = [f" {r:<6}{3000 + 90 * r:>6,}    {3100 + 90 * r:>6,}     {3200 + 90 * r:>6,}    "
            f"{3300 + 90 * r:>6,}" for r in range(10, 50)]
    text = ("ARTICLE 11 SALARIES\n11.1 Employees are paid on the schedules in Appendix C.\n\n"
            "APPENDIX C – SALARY SCHEDULES\n\n   SALARY SCHEDULE AS OF FEBRUARY 1, 2026\n"
            + "\n".join([head, *rows]) + "\n")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "aee.md").write_text(text)
    Ingestor(settings, store, embedder, progress=False).run([folder])
    hits = Searcher(settings, store, embedder).search(
        "I'm salary range 32, step 3. What's my monthly pay as of February 2026?", ALL, k=5)
    assert "SR 32, Step 3: 6,080 — " in hits[0].text


def test_the_windows_naming_the_asked_row_and_column_come_first():
    from retrieval.search import SearchHit, _labelled_lines

    def hit(n: int, text: str) -> SearchHit:
        return SearchHit(f"c.{n}", "c", "d", "Agreement", "contract", "current", 0, "C", "C", 1,
                         text, 0, len(text), 1.0)

    rows = [hit(0, "SR 31, Step 3: 5,990.\nSR 32, Step 2: 5,990."),
            hit(1, "SR 32, Step 3: 6,080.\nSR 32, Step 4: 6,170."),
            hit(2, "Step 3 of the grievance procedure.")]
    assert _labelled_lines("salary range 32, step 3", rows) == [rows[1]]
    assert _labelled_lines("what is my salary?", rows) == []
    assert _labelled_lines("I'm in salary range 32, step 3. What's my pay?", rows) == [rows[1]]
    assert _labelled_lines("I'm in salary range 32, step 3 — any help with my health premium?",
                           rows) == []  # the range says who asks, not what


def test_a_word_only_one_party_uses_places_the_question(searcher):
    """'Seattle' is no stored party's full name, but only the Seattle texts say it; a word
    several parties' texts use ('teachers') places nobody."""
    docs = searcher.store.documents(ALL)
    seattle = searcher.named("What did the Seattle teachers win?", ALL).doc_ids
    assert seattle and "seattle-sea-strike-bargaining-2022-09-11" in seattle
    assert all(docs[i].employer in ("Seattle Public Schools", "") for i in seattle)
    assert searcher.named("What do teachers get for a doctorate?", ALL) is ALL


def test_a_table_naming_the_asked_day_in_every_row_leaves_room_for_the_clause(
        settings, embedder):
    """Sixty windows of one schedule all name "11/1/2025" and outscore the one clause stating
    the raise of that day: it is still among the candidates (a pool of at most four windows per
    clause would hold it)."""
    from store.records import StoredChunk

    def chunk(clause: str, n: int, text: str) -> StoredChunk:
        return StoredChunk(f"{clause}.{n}", clause, "d", "21", "ARTICLE 21", 1, 0, 9, text)

    table = [chunk("g1", n, f"SR {n}, Step 1: 3,{n:03} (11/1/2025 - 6/30/2026)")
             for n in range(60)]
    raise_ = chunk("a21", 0, "Effective November 1, 2025, salary rates shall be increased by 3.00%.")

    class Ranked:  # a keyword index that ranks the table first, then the clause
        def keyword(self, scope, query, k):
            return [(c.chunk_id, 10.0 - n / 100) for n, c in enumerate([*table, raise_])][:k]

        def chunks(self, scope, ids):
            return {c.chunk_id: c for c in [*table, raise_] if c.chunk_id in ids}

        def nearest(self, scope, vector, k):
            return []

        def distances(self, scope, vector, ids):
            return {}

        def documents(self, scope):
            return {"d": DocRecord("d", title="Agreement", doc_type="contract")}

        def revision(self):
            return 0

        def clauses(self, scope, keys=(), doc_id=None, ids=None):
            return []

        def term_weights(self, terms):
            return dict.fromkeys(terms, 1.0)

    searcher = Searcher(settings, Ranked(), embedder)
    pool, extra, _ = searcher._keyword(ALL, "the raise 11/1/2025", 20)
    assert pool == [f"g1.{n}" for n in range(20)]  # the keyword ranks stay as they were
    assert extra == ["a21.0"]  # within reach of the day named, not ranked above the rest
    assert searcher._keyword(ALL, "the raise in November", 20)[1:] == ([], {})  # no day
    hits = searcher.search("What was the raise on November 1, 2025?", ALL, k=5)
    assert "a21.0" in [h.chunk_id for h in hits[:3]]  # with the table's first windows


def test_the_windows_stating_the_asked_day_come_first():
    from retrieval.search import SearchHit, _dated

    def hit(n: int, text: str) -> SearchHit:
        return SearchHit(f"c{n}.0", f"c{n}", "d", "Agreement", "contract", "current", 0, "C",
                         "C", 1, text, 0, len(text), 1.0)

    hits = [hit(0, "Salaries rose on July 1, 2025."), hit(1, "Effective 11/1/2025: 3.00%."),
            hit(2, "Effective November 1, 2025, rates rise 3.00%.")]
    assert _dated("the raise on November 1, 2025?", hits) == hits[1:]
    assert _dated("the raise in November?", hits) == []  # no day named: nothing moves


def test_a_vector_the_index_missed_is_measured_back_into_the_dense_ranking(settings, store,
                                                                            embedder, tmp_path):
    """An approximate index can leave a vector unreachable; a keyword candidate nearer the
    question than the dense pool's farthest takes its place in the dense ranking."""
    from store.records import StoredChunk

    def chunk(i: str, d: float) -> StoredChunk:
        return StoredChunk(i, i, "d", "1", "ARTICLE 1", 1, 0, 9, "text", distance=d)

    class Missing:  # the index returns b and c, never a (the nearest)
        def distances(self, scope, vector, ids):
            return {i: {"a": 0.1, "d": 0.9}[i] for i in ids if i in "ad"}

    searcher = Searcher(settings, Missing(), embedder)
    dense = [chunk("b", 0.3), chunk("c", 0.5)]
    assert searcher._with_missed(ALL, None, dense, ["d", "a"], 2) == ["a", "b", "c"]
    assert searcher._with_missed(ALL, None, dense, ["d", "a"], 5) == ["a", "b", "c", "d"]
