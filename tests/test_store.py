import numpy as np

from ingest.chunking import build_document, chunk_document
from ingest.marked import KEEP, Mark, MarkedText
from retrieval.clauses import find_clauses
from store.records import DocMeta


def make_doc(doc_id="prop", body="12.7.5 A stipend of $3,000 is added for the doctorate.\n"):
    mt = MarkedText.build([("12.7 Additional Compensation\n", KEEP), (body, KEEP),
                           ("12.8.", KEEP), ("5", Mark("delete", "FF0000", "tracked")),
                           ("4", Mark("insert", None, "tracked")), (" Teachers in charge.\n", KEEP)])
    return build_document(DocMeta(doc_id, "Proposal Article 12", "proposal", date="2021-10-13"),
                          mt, "hash", paged=False)


def put(store, embedder, doc, fp="fp1"):
    chunks = chunk_document(doc, 1000, 100)
    store.put(doc, chunks, embedder.embed_documents([c.embed_text for c in chunks]), fp)
    return chunks


def test_put_replace_delete_roundtrip(store, embedder):
    rev0 = store.revision()
    doc = make_doc()
    chunks = put(store, embedder, doc)
    assert store.counts() == {"documents": 1, "clauses": 3, "chunks": len(chunks)}
    assert store.documents()["prop"]["fingerprint"] == "fp1" and store.revision() != rev0
    (hit,) = find_clauses(store, "12.8.5")  # the struck number still finds the clause
    assert hit.clause.section == "12.8.4" and hit.clause.redline.marked.startswith("12.8.[-5-][+4+]")
    assert hit.clause.redline.changes[0].color == "FF0000"
    # a changed document replaces its rows; no duplicates
    put(store, embedder, make_doc(body="12.7.5 A stipend of $3,500 is added.\n"), "fp2")
    assert store.counts()["chunks"] == len(chunks)
    (hit,) = find_clauses(store, "12.7.5")
    assert "$3,500" in hit.clause.text and hit.doc["doc_type"] == "proposal"
    texts = store.document_texts(["prop", "prop", "missing"])
    assert list(texts) == ["prop"] and "$3,500 is added" in texts["prop"]
    assert store.document_texts([]) == {}
    store.delete("prop")
    assert store.counts() == {"documents": 0, "clauses": 0, "chunks": 0}


def test_nearest_and_filters(store, embedder):
    put(store, embedder, make_doc("a"))
    put(store, embedder, make_doc("b"))
    q = embedder.embed_query("stipend for the doctorate")
    hits = store.nearest(q, 3, where={"doc_id": "b"})
    assert hits and {h["metadata"]["doc_id"] for h in hits} == {"b"}
    assert hits[0]["metadata"]["section"] == "12.7.5"
    assert len(find_clauses(store, "12.7.5")) == 2
    assert [h.clause.doc_id for h in find_clauses(store, "12.7.5", doc_id="a")] == ["a"]


def test_orphans_are_detected(store, embedder):
    doc = make_doc("half")
    chunks = chunk_document(doc, 1000, 100)
    vecs = embedder.embed_documents([c.embed_text for c in chunks])
    store.chunks_col.upsert(ids=[chunks[0].chunk_id], embeddings=vecs[:1],
                            documents=[chunks[0].text], metadatas=[{"doc_id": "half"}])
    assert store.orphan_doc_ids() == {"half"}
    store.delete("half")
    assert store.orphan_doc_ids() == set() and np.isfinite(vecs).all()
