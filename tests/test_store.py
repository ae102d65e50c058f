"""The Store contract: every implementation (Chroma, memory) passes the same tests. Reads are
always scoped, and a scope's visibility is never widened by any read."""

import numpy as np
import pytest

from ingest.chunking import build_document, chunk_document
from ingest.marked import KEEP, Mark, MarkedText
from retrieval.clauses import find_clauses
from store.lexical import terms
from store.records import DocMeta
from store.scope import Scope
from tests.conftest import ALL

MEMBERS = Scope(("member",))


def make_doc(doc_id="prop", body="12.7.5 A stipend of $3,000 is added for the doctorate.\n",
             visibility="member", doc_type="proposal"):
    mt = MarkedText.build([("12.7 Additional Compensation\n", KEEP), (body, KEEP),
                           ("12.8.", KEEP), ("5", Mark("delete", "FF0000", "tracked")),
                           ("4", Mark("insert", None, "tracked")), (" Teachers in charge.\n", KEEP)])
    meta = DocMeta(doc_id, "Proposal Article 12", doc_type, date="2021-10-13",
                   visibility=visibility)
    return build_document(meta, mt, "hash", paged=False)


def put(store, embedder, doc, fp="fp1"):
    chunks = chunk_document(doc, 1000, 100)
    store.put(doc, chunks, embedder.embed_documents([c.embed_text for c in chunks]), fp)
    return chunks


@pytest.fixture(params=["chroma", "memory"])
def any_store(request, store):
    """Each Store implementation in turn (the Chroma one in memory, as the `store` fixture)."""
    from store.memory import MemoryStore

    return store if request.param == "chroma" else MemoryStore()


def test_put_replace_delete_roundtrip(any_store, embedder):
    store = any_store
    rev0 = store.revision()
    chunks = put(store, embedder, make_doc())
    assert store.counts() == {"documents": 1, "clauses": 3, "chunks": len(chunks)}
    rec = store.documents(ALL)["prop"]
    assert (rec.fingerprint, rec.doc_type, rec.date, rec.date_text, rec.n_chunks) == (
        "fp1", "proposal", 20211013, "2021-10-13", len(chunks))
    assert store.revision() != rev0
    (hit,) = find_clauses(store, ALL, "12.8.5")  # the struck number still finds the clause
    assert hit.clause.section == "12.8.4" and hit.clause.redline.marked.startswith("12.8.[-5-][+4+]")
    assert hit.clause.redline.changes[0].color == "FF0000" and hit.doc.title == rec.title
    # a changed document replaces its rows; no duplicates
    put(store, embedder, make_doc(body="12.7.5 A stipend of $3,500 is added.\n"), "fp2")
    assert store.counts()["chunks"] == len(chunks)
    (hit,) = find_clauses(store, ALL, "12.7.5")
    assert "$3,500" in hit.clause.text and hit.doc.doc_type == "proposal"
    texts = store.texts(ALL, ["prop", "prop", "missing"])
    assert list(texts) == ["prop"] and "$3,500 is added" in texts["prop"]
    assert store.texts(ALL, []) == {}
    store.delete("prop")
    assert store.counts() == {"documents": 0, "clauses": 0, "chunks": 0}
    assert store.documents(ALL) == {} and store.keyword(ALL, "stipend", 5) == []


def test_vector_keyword_and_clause_reads(any_store, embedder):
    store = any_store
    put(store, embedder, make_doc("a"))
    put(store, embedder, make_doc("b", body="12.7.5 Mileage is paid at $0.60 per mile.\n"))
    q = embedder.embed_query("stipend for the doctorate")
    near = store.nearest(ALL, q, 3)
    assert near and near[0].doc_id == "a" and near[0].section == "12.7.5"
    assert [c.distance for c in near] == sorted(c.distance for c in near)
    only_b = store.nearest(ALL.narrow(doc_ids=("b",)), q, 3)
    assert only_b and {c.doc_id for c in only_b} == {"b"}
    words = store.keyword(ALL, "mileage per mile", 5)
    assert words and words[0][0].startswith("b#")
    assert store.keyword(ALL.narrow(doc_ids=("a",)), "mileage per mile", 5) == []
    mileage = terms("mileage")[0]
    weights = store.term_weights([mileage, "stipend", "zebra"])
    assert weights["zebra"] > weights[mileage] > 0
    got = store.chunks(ALL, [words[0][0], "nope"])
    assert list(got) == [words[0][0]] and "$0.60" in got[words[0][0]].text
    assert len(find_clauses(store, ALL, "12.7.5")) == 2
    assert [h.clause.doc_id for h in find_clauses(store, ALL, "12.7.5", "a")] == ["a"]
    ids = [c.clause_id for c, _ in store.clauses(ALL, doc_id="a")]
    assert len(ids) == 3 and [c.clause_id for c, _ in store.clauses(ALL, ids=ids[:1])] == ids[:1]


def test_every_read_keeps_to_the_scopes_visibility(any_store, embedder):
    store = any_store
    put(store, embedder, make_doc("open"))
    put(store, embedder, make_doc("secret", body="12.7.5 Our bottom line is $3,200.\n",
                                  visibility="team"))
    assert set(store.documents(ALL)) == {"open", "secret"}
    assert set(store.documents(MEMBERS)) == {"open"}
    q = embedder.embed_query("bottom line")
    assert {c.doc_id for c in store.nearest(MEMBERS, q, 10)} == {"open"}
    assert all(i.startswith("open#") for i, _ in store.keyword(MEMBERS, "bottom line", 10))
    secret_chunks = [i for i, _ in store.keyword(ALL, "bottom line", 10) if i.startswith("secret")]
    assert secret_chunks and store.chunks(MEMBERS, secret_chunks) == {}
    assert {c.doc_id for c, _ in store.clauses(MEMBERS, keys=["12.7.5"])} == {"open"}
    assert store.clauses(MEMBERS, doc_id="secret") == []
    assert store.texts(MEMBERS, ["secret"]) == {}
    # a narrowed scope may filter more, never see more
    assert store.documents(MEMBERS.narrow(doc_ids=("secret",))) == {}
    with pytest.raises(ValueError):
        MEMBERS.narrow(visibility=("member", "team"))


def test_filters_are_document_facts(any_store, embedder):
    store = any_store
    put(store, embedder, make_doc("p"))
    put(store, embedder, make_doc("c", doc_type="contract"))
    assert set(store.documents(ALL.narrow(doc_types=("contract",)))) == {"c"}
    assert set(store.documents(ALL.narrow(date_from="2021-10"))) == {"p", "c"}
    assert store.documents(ALL.narrow(date_to="2020")) == {}
    assert store.documents(ALL.narrow(employer="nobody")) == {}


def test_runs_are_flagged_until_they_end(any_store, embedder):
    store = any_store
    assert not store.interrupted() and not store.ingest_running()
    assert store.begin_writing() is False
    assert store.interrupted() and store.ingest_running()
    put(store, embedder, make_doc())
    store.end_writing()
    assert not store.interrupted() and not store.ingest_running()
    assert store.keyword(ALL, "stipend doctorate", 3)  # the BM25 side caught up at the end


def test_orphans_are_detected(store, embedder):
    """Chroma only: rows a killed run wrote before the document's record are found."""
    doc = make_doc("half")
    chunks = chunk_document(doc, 1000, 100)
    vecs = embedder.embed_documents([c.embed_text for c in chunks])
    store.chunks_col.upsert(ids=[chunks[0].chunk_id], embeddings=vecs[:1],
                            documents=[chunks[0].text], metadatas=[{"doc_id": "half"}])
    assert store.orphan_doc_ids() == {"half"}
    assert store.nearest(ALL, vecs[0], 5) == []  # never read: the document is not committed
    store.delete("half")
    assert store.orphan_doc_ids() == set() and np.isfinite(vecs).all()


def test_a_scoped_vector_search_is_exact_enough():
    """Chroma's default HNSW search (ef 100) loses true neighbours when a search is scoped to
    one contract; the store searches wider, also on a collection made before it did."""
    import uuid

    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from store.chroma import SEARCH_EF, ChromaStore

    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    name = "t" + uuid.uuid4().hex[:12]
    client.create_collection(f"steward-{name}-chunks", configuration={"hnsw": {"space": "cosine"}},
                             embedding_function=None)
    store = ChromaStore(client, name)
    assert store.chunks_col.configuration["hnsw"]["ef_search"] == SEARCH_EF


def test_exact_distances_of_chosen_chunks(any_store, embedder):
    store = any_store
    put(store, embedder, make_doc("a"))
    put(store, embedder, make_doc("secret", body="12.7.5 Our bottom line is $3,200.\n",
                                  visibility="team"))
    q = embedder.embed_query("stipend for the doctorate")
    near = store.nearest(ALL, q, 2)
    ids = [c.chunk_id for c in near]
    got = store.distances(ALL, q, [*ids, "nope"])
    assert list(got) == ids and all(abs(got[c.chunk_id] - c.distance) < 1e-4 for c in near)
    secret = [i for i, _ in store.keyword(ALL, "bottom line", 5) if i.startswith("secret")]
    assert secret and store.distances(MEMBERS, q, secret) == {}
    assert store.distances(ALL, q, []) == {}
