"""Client/server mode: STEWARD_CHROMA_URL against a real `chroma run` that the test starts on
127.0.0.1 and stops. Two app instances (own data folders, own BM25 indexes) share the server;
each sees the other's writes, and answers match the embedded store's."""

import shutil

import pytest

from ingest.pipeline import Ingestor
from store.errors import StoreError
from tests.conftest import ALL, SEEDS
from tests.servers import chroma_server, free_port
from ui.service import Service
from ui.users import Viewer

TEAM = Viewer("tess", "team")
QUERIES = ["What is the doctorate stipend?", "How long do I have to file units?",
           "extra hours at the contract hourly rate", "What did SEIU rally about?"]


@pytest.fixture
def corpus(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "corpus")
    return tmp_path / "corpus"


def _service(settings, corpus, data_dir, url=""):
    return Service(settings.model_copy(update={
        "corpus_dir": corpus, "data_dir": data_dir, "chat_backend": "extractive",
        "chroma_url": url}))


def _ids(svc, query, **filters):
    return [h.chunk_id for h in svc.search(TEAM, query, k=6, **filters)]


def test_two_instances_share_a_chroma_server_like_the_embedded_store(settings, corpus, tmp_path):
    local = _service(settings, corpus, tmp_path / "local")
    Ingestor(local.settings, local.store, local.embedder, progress=False).run([corpus])
    with chroma_server(tmp_path / "server-db") as url:
        a = _service(settings, corpus, tmp_path / "a", url)
        b = _service(settings, corpus, tmp_path / "b", url)
        Ingestor(a.settings, a.store, a.embedder, progress=False).run([corpus])
        assert b.store.counts() == local.store.counts()
        docs = b.store.documents(ALL)
        assert b.store.counts()["chunks"] == sum(md.n_chunks for md in docs.values())
        for q in QUERIES:  # hybrid search on instance b: dense on the server, its own BM25
            assert _ids(b, q) == _ids(local, q), q
            assert _ids(b, q, doc_types=["contract"]) == _ids(local, q, doc_types=["contract"])
        assert [h.clause.clause_id for h in b.clause(TEAM, "12.7.5")] == \
            [h.clause.clause_id for h in local.clause(TEAM, "12.7.5")]
        assert b.ask(TEAM, QUERIES[0]).text == local.ask(TEAM, QUERIES[0]).text

        memo = tmp_path / "memo.txt"
        memo.write_text("SIDE LETTER\n1. Quokka sabbatical leave is granted for ten (10) days.\n")
        a.upload(TEAM, [memo], {"doc_type": "side_letter"})
        (new,) = set(a.store.documents(ALL)) - set(docs)
        lexical = [i for i, _ in b.store.keyword(ALL, "quokka", 5)]
        assert lexical == [f"{new}#0001.0"]  # b's BM25 caught up with a's write
        assert b.ask(TEAM, "How long is quokka sabbatical leave?").citations[0].doc_id == new

        a.delete(TEAM, new)
        assert new not in b.store.documents(ALL)
        assert b.store.keyword(ALL, "quokka", 5) == []
        assert b.store.counts() == local.store.counts()


def test_server_down_is_a_clear_error_and_recovers_without_restart(settings, corpus, tmp_path):
    port = free_port()
    with chroma_server(tmp_path / "db", port) as url:
        svc = _service(settings, corpus, tmp_path / "a", url)
        Ingestor(svc.settings, svc.store, svc.embedder, progress=False).run([corpus])
        before = svc.ask(TEAM, QUERIES[0]).text
    with pytest.raises(StoreError, match=f"store at {url} failed.*running"):
        svc.ask(TEAM, QUERIES[0])
    with chroma_server(tmp_path / "db", port):  # the same server back on its port
        assert svc.ask(TEAM, QUERIES[0]).text == before


def test_a_server_whose_data_was_reset_says_so_and_takes_a_new_ingest(settings, corpus,
                                                                       tmp_path):
    with chroma_server(tmp_path / "db") as url:
        svc = _service(settings, corpus, tmp_path / "a", url)
        Ingestor(svc.settings, svc.store, svc.embedder, progress=False).run([corpus])
        before = svc.ask(TEAM, QUERIES[0]).text
        for col in svc.store.client.list_collections():  # someone wipes the server
            svc.store.client.delete_collection(col.name)
        with pytest.raises(StoreError, match="was reset.*steward ingest"):
            svc.ask(TEAM, QUERIES[0])
        Ingestor(svc.settings, svc.store, svc.embedder, progress=False).run([corpus])
        assert svc.ask(TEAM, QUERIES[0]).text == before


def test_no_server_at_the_url_is_a_clear_error(settings, corpus, tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match=f"store at {url} cannot be opened"):
        _service(settings, corpus, tmp_path / "a", url)
