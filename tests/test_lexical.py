from store.filters import mask_for
from store.lexical import current, load_index, refresh, terms
from tests.test_store import make_doc, put


def test_terms_normalize_amounts_numbers_and_suffixes():
    assert terms("The stipends of $3,000.00, 3000 and 6.3% under 12.7.5 for teaching") == [
        "stipend", "3000", "3000", "6.3%", "12.7.5", "teach"]


def test_filters_match_chroma_semantics():
    cols = {"doc_type": ["contract", "proposal", "news"], "date": [20200101, 20211013, 20220328],
            "keys": [["12.7.5"], None, ["1"]]}
    where = {"$and": [{"doc_type": {"$in": ["contract", "proposal"]}}, {"date": {"$gte": 20210101}}]}
    assert mask_for(where, cols, 3).tolist() == [False, True, False]
    assert mask_for({"keys": {"$contains": "12.7.5"}}, cols, 3).tolist() == [True, False, False]
    assert mask_for({"$or": [{"doc_type": "news"}, {"date": 20200101}]}, cols, 3).tolist() == [
        True, False, True]
    assert mask_for(None, cols, 3) is None


def test_index_follows_the_store_revision(store, embedder, tmp_path):
    folder = tmp_path / "bm25"
    put(store, embedder, make_doc("a"))
    idx = refresh(store, folder)
    hits = idx.search("doctorate stipend", 5)
    assert hits and hits[0][0].startswith("a#")
    assert load_index(folder).revision == idx.revision == store.revision()
    assert current(store, folder, idx) is idx  # unchanged store: cached index reused
    put(store, embedder, make_doc("b"))
    fresh = current(store, folder, idx)  # store moved on: rebuilt from the store
    assert fresh.revision == store.revision() and len(fresh.ids) > len(idx.ids)
    only_b = fresh.search("doctorate stipend", 5, {"doc_id": "b"})
    assert only_b and all(i.startswith("b#") for i, _ in only_b)
    assert fresh.search("doctorate", 5, {"doc_id": "nobody"}) == []
