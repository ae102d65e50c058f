from store.lexical import TERMS_VERSION, KeywordSide, label_prefix, load_index, terms
from tests.test_store import make_doc, put


def test_terms_normalize_amounts_numbers_and_suffixes():
    assert terms("The stipends of $3,000.00, 3000 and 6.3% under 12.7.5 for teaching") == [
        "stipend", "3000", "3000", "6.3%", "12.7.5", "teach"]


def test_index_follows_the_store_revision(store, embedder, tmp_path):
    side = KeywordSide(store, tmp_path / "bm25")
    put(store, embedder, make_doc("a"))
    idx = side.refresh()
    hits = idx.search("doctorate stipend", 5)
    assert hits and hits[0][0].startswith("a#")
    assert load_index(side.folder).revision == idx.revision == store.revision()
    assert side.current() is idx  # unchanged store: cached index reused
    put(store, embedder, make_doc("b"))
    fresh = side.current()  # store moved on: rebuilt from the store
    assert fresh.revision == store.revision() and len(fresh.ids) > len(idx.ids)
    only_b = fresh.search("doctorate stipend", 5, {"b"})
    assert only_b and all(i.startswith("b#") for i, _ in only_b)
    assert fresh.search("doctorate", 5, {"nobody"}) == []


def test_a_reader_waits_for_a_running_ingest_before_rebuilding(store, embedder, tmp_path,
                                                               monkeypatch):
    """While an ingest is writing, a reader that finds the index stale keeps searching the
    one it has (rebuilding at most every DEBOUNCE_S) instead of rebuilding after each write."""
    import store.lexical as lexical

    side = KeywordSide(store, None)
    put(store, embedder, make_doc("a"))
    first = side.refresh()
    store.begin_writing()
    put(store, embedder, make_doc("b"))
    assert side.current() is first  # stale, but an ingest is running: no rebuild yet
    monkeypatch.setattr(lexical, "DEBOUNCE_S", 0.0)
    assert side.current() is not first  # the debounce window passed: rebuilt
    store.end_writing()
    assert side.current().revision == store.revision()


def test_hyphenated_words_are_terms_joined_and_apart():
    assert terms("On-call duty") == ["call", "duty", "oncall"]
    assert "oncall" in terms("How much on-call pay?")


def test_an_index_made_with_other_terms_is_rebuilt(store, embedder, tmp_path):
    import json

    side = KeywordSide(store, tmp_path / "bm25")
    put(store, embedder, make_doc("a"))
    side.refresh()
    meta = side.folder / "meta.json"
    old = {**json.loads(meta.read_text()), "terms": 1}
    meta.write_text(json.dumps(old))
    assert load_index(side.folder) is None  # the store rebuilds it with today's terms


def test_the_terms_version_changes_with_the_terms():
    # Saved indexes are rebuilt only when TERMS_VERSION changes: a change to terms() that
    # leaves it alone searches old indexes with new terms. Change both, never one.
    probe = "Grades and wages increased; caring nurses agreed to 3 Class A steps on 9/1/23."
    assert (TERMS_VERSION, terms(probe)) == (11, [
        "grad", "wag", "increas", "car", "nurs", "agre", "3", "clas", "step", "9", "1", "23",
        "clas_a", "september", "2023", "20230901"])


def test_steps_and_dates_are_written_one_way():
    cell = terms("Step 05, Master's + 30 - 9/1/23: 67,680")
    assert "step_5" in cell and "5" in cell
    assert {"september", "2023"} <= set(cell)  # "as of September 2023" finds "9/1/23"
    asked = terms("on the schedule that started November 1, 2025, step 3")
    assert "step_3" in asked and "november_1" not in asked
    assert {"november", "2025"} <= set(terms("(11/1/2025 - 6/30/2026)"))
    range_32 = label_prefix("range") + "32"  # "SR 32" and "salary range 32" are one label
    assert range_32 in terms("SR 32, Step 10: 11,309") and range_32 in terms("salary range 32")
    assert "20251101" in terms("11/1/2025") and "20251101" in terms("started November 1, 2025")
