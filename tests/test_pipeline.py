import shutil

import pytest

from ingest.pipeline import Ingestor
from tests.conftest import ALL, SEEDS


class CountingEmbedder:
    """Wraps an embedder and counts the texts it was asked to embed."""

    def __init__(self, inner):
        self.inner, self.name, self.calls = inner, inner.name, 0

    def embed_documents(self, texts):
        self.calls += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "corpus"
    shutil.copytree(SEEDS, d)
    return d


def run(settings, store, embedder, *paths, prune=False):
    return Ingestor(settings, store, embedder, progress=False).run(list(paths), prune=prune)


def statuses(report):
    return {r.path.rsplit("/", 1)[-1]: r.status for r in report.results}


def test_seeds_ingest_then_rerun_embeds_nothing(settings, store, embedder, corpus):
    counting = CountingEmbedder(embedder)
    first = run(settings, store, counting, corpus)
    assert first.count("added") == 5 and first.count("failed") == 0
    assert counting.calls == store.counts()["chunks"] > 0
    counting.calls = 0
    again = run(settings, store, counting, corpus)
    assert again.count("unchanged") == 5 and counting.calls == 0


def test_changed_bad_duplicate_and_removed_files(settings, store, embedder, corpus):
    run(settings, store, embedder, corpus)
    before = store.counts()
    seed = corpus / "004_d6a0d3bf041202d8.txt"
    seed.write_text(seed.read_text().replace("$115.00", "$125.00"))
    (corpus / "zero.txt").write_bytes(b"")
    (corpus / "junk.pdf").write_bytes(b"this is not a pdf at all")
    shutil.copy(corpus / "002_fed010206830ebad.txt", corpus / "copy-of-seattle.txt")
    (corpus / "003_df7810e7e1b1ab4b.txt").unlink()
    report = run(settings, store, embedder, corpus, prune=True)
    got = statuses(report)
    assert got["004_d6a0d3bf041202d8.txt"] == "updated"
    assert got["zero.txt"] == got["junk.pdf"] == "failed"
    assert got["copy-of-seattle.txt"] == "unchanged"
    assert got["003_df7810e7e1b1ab4b.txt"] == "removed"
    reasons = {r.path.rsplit("/", 1)[-1]: r.reason for r in report.results}
    assert "no text" in reasons["zero.txt"] and "damaged" in reasons["junk.pdf"]
    assert "same content as" in reasons["copy-of-seattle.txt"]
    assert store.counts()["documents"] == before["documents"] - 1
    from retrieval.clauses import find_clauses

    (hit,) = find_clauses(store, ALL, "12.8.6.1.1")
    assert "$125.00" in hit.clause.text


class Crash(BaseException):
    """Stands in for SIGKILL: not an Exception, so nothing in the pipeline catches it."""


def test_killed_run_is_completed_without_duplicates(settings, store, embedder, corpus,
                                                    monkeypatch):
    import store.chroma as store_mod

    real_put = store_mod.ChromaStore.put
    calls = {"n": 0}

    def dying_put(self, doc, chunks, vectors, fp):
        calls["n"] += 1
        if calls["n"] == 3:  # die after writing half of a document's chunks, before its record
            half = len(chunks) // 2 or 1
            self.chunks_col.upsert(ids=[c.chunk_id for c in chunks[:half]],
                                   embeddings=vectors[:half], documents=[c.text for c in chunks[:half]],
                                   metadatas=[{"doc_id": doc.doc_id}] * half)
            raise Crash
        return real_put(self, doc, chunks, vectors, fp)

    monkeypatch.setattr(store_mod.ChromaStore, "put", dying_put)
    with pytest.raises(Crash):
        run(settings, store, embedder, corpus)
    monkeypatch.setattr(store_mod.ChromaStore, "put", real_put)
    assert store.interrupted()
    report = run(settings, store, embedder, corpus)
    assert not store.interrupted()
    assert report.count("failed") == 0
    ids = store.chunks_col.get(include=[])["ids"]
    assert len(ids) == len(set(ids)) == store.counts()["chunks"]
    expected = sum(int(m.n_chunks) for m in store.documents(ALL).values())
    assert store.counts()["chunks"] == expected and store.orphan_doc_ids() == set()


def test_renamed_file_replaces_its_old_record(settings, store, embedder, corpus):
    run(settings, store, embedder, corpus)
    (corpus / "002_fed010206830ebad.txt").rename(corpus / "seattle.txt")
    report = run(settings, store, embedder, corpus)
    assert statuses(report)["seattle.txt"] == "added"
    docs = store.documents(ALL)
    assert len(docs) == 5 and any(m.source.endswith("seattle.txt") for m in docs.values())


def test_same_name_in_another_folder_gets_its_own_id(settings, store, embedder, tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "contract.txt").write_text(f"12.1 Wages for unit {name} rise 3%.\n")
    run(settings, store, embedder, tmp_path / "a")
    second = run(settings, store, embedder, tmp_path / "b")
    assert statuses(second)["contract.txt"] == "added"
    docs = store.documents(ALL)
    assert len(docs) == 2 and {d.source.split("/")[-2] for d in docs.values()} == {"a", "b"}
    again = run(settings, store, embedder, tmp_path / "a", tmp_path / "b")
    assert again.count("unchanged") == 2


def test_killed_update_is_redone(settings, store, embedder, corpus, monkeypatch):
    import store.chroma as store_mod

    run(settings, store, embedder, corpus)
    seed = corpus / "004_d6a0d3bf041202d8.txt"
    seed.write_text(seed.read_text().replace("$115.00", "$125.00"))
    real_put = store_mod.ChromaStore.put

    def dying_put(self, doc, chunks, vectors, fp):
        self._new_revision()  # as the real put begins
        self.docs_col.delete(ids=[doc.doc_id])
        self._delete_rows(doc.doc_id)
        raise Crash  # killed after the old rows went, before the new ones landed

    monkeypatch.setattr(store_mod.ChromaStore, "put", dying_put)
    with pytest.raises(Crash):
        run(settings, store, embedder, corpus)
    monkeypatch.setattr(store_mod.ChromaStore, "put", real_put)
    report = run(settings, store, embedder, corpus)
    assert statuses(report)["004_d6a0d3bf041202d8.txt"] == "added"
    from retrieval.clauses import find_clauses

    assert "$125.00" in find_clauses(store, ALL, "12.8.6.1.1")[0].clause.text


def test_a_second_live_ingest_is_refused(settings, store, embedder, corpus):
    import os
    import socket

    from store.errors import StoreError

    store.docs_col.upsert(ids=["__steward_run__"], embeddings=[[1.0]], documents=[""],
                          metadatas=[{"doc_id": "__steward_run__", "heartbeat": 9e12,
                                      "pid": os.getppid(), "host": socket.gethostname()}])
    with pytest.raises(StoreError, match="Another ingest is writing"):
        run(settings, store, embedder, corpus)


def test_unforeseen_loader_error_fails_one_file_only(settings, store, embedder, corpus,
                                                     monkeypatch):
    import ingest.loaders as loaders

    real = loaders.LOADERS[".txt"]

    def flaky(path, data):
        if path.name.startswith("002"):
            raise ValueError("invalid literal for int()")
        return real(path, data)

    monkeypatch.setitem(loaders.LOADERS, ".txt", flaky)
    report = run(settings, store, embedder, corpus)
    assert report.count("added") == 4 and report.count("failed") == 1
    failed = [r for r in report.results if r.status == "failed"][0]
    assert "ValueError" in failed.reason and failed.path.endswith("002_fed010206830ebad.txt")


def test_embedding_longest_first_keeps_each_vector_with_its_text(settings, store, embedder):
    """Texts are embedded sorted by length (less padding); rows come back in input order."""
    import numpy as np

    texts = [f"word{n} " * (n % 7 + 1) for n in range(600)]
    got = Ingestor(settings, store, embedder, progress=False)._embed(texts)
    assert np.array_equal(got, np.stack([embedder.embed_query(t) for t in texts]))


def test_a_store_failure_mid_update_stops_the_run_and_the_next_run_repairs_it(
        settings, store, embedder, corpus):
    import httpx

    from store.errors import StoreError

    run(settings, store, embedder, corpus)
    before = {i: md.n_chunks for i, md in store.documents(ALL).items()}
    seed = corpus / "000_52ea140990ea6a6d.txt"
    seed.write_text(seed.read_text() + "\nOne more line.\n")
    real_col = store.clauses_col

    class Failing:  # the server times out while clauses are written
        def __getattr__(self, name):
            return getattr(real_col, name)

        def upsert(self, **kwargs):
            raise httpx.ReadTimeout("timed out")

    store.clauses_col = Failing()
    with pytest.raises(StoreError, match="ReadTimeout"):
        run(settings, store, embedder, corpus)
    store.clauses_col = real_col
    assert store.interrupted()  # the flag stays, so the next run sweeps the half-written rows
    # its old record went first (so nothing half-written counted as committed): stored anew
    assert statuses(run(settings, store, embedder, corpus))[seed.name] == "added"
    assert set(store.documents(ALL)) == set(before) and not store.orphan_doc_ids()
    assert store.counts()["chunks"] == sum(md.n_chunks for md in store.documents(ALL).values())
