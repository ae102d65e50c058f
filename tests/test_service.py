"""Roles and visibility through the service every endpoint uses: a member never reaches a
team-only document, by any path; only the team uploads, deletes and drafts."""

import pytest

from ingest.errors import ConfigError, NotFoundError
from tests.conftest import make_service
from ui.service import NotAllowed, safe_name
from ui.users import OWNER, Viewer

MEMBER, TEAM = Viewer("mia", "member"), Viewer("tess", "team")


@pytest.fixture
def service(tmp_path, settings):
    return make_service(tmp_path, settings)


def test_team_only_document_is_invisible_to_members_everywhere(service):
    q = "What is our bottom line on the doctorate stipend?"
    assert any(c.doc_id == "team-strategy" for c in service.ask(TEAM, q).citations)
    member_answer = service.ask(MEMBER, q)
    assert all(c.doc_id != "team-strategy" for c in member_answer.citations)
    assert "3,200" not in member_answer.text
    assert all(h.doc_id != "team-strategy" for h in member_answer.closest)
    assert all(h.doc_id != "team-strategy" for h in service.search(MEMBER, "strike target", k=20))
    assert all(h.clause.doc_id != "team-strategy" for h in service.clause(MEMBER, "12.7.5"))
    with pytest.raises(NotFoundError):
        service.clause(MEMBER, "12.7.5", "team-strategy")
    assert "team-strategy" not in service.documents(MEMBER)
    assert "team-strategy" in service.documents(TEAM)
    with pytest.raises(NotFoundError):
        service.compare(MEMBER, "team-strategy", "scusd-proposal-article-12-2021-10-13")
    with pytest.raises(NotFoundError):
        service.original(MEMBER, "team-strategy")
    assert service.original(TEAM, "team-strategy").name == "strategy.txt"


def test_members_cannot_change_or_draft(service, tmp_path):
    f = tmp_path / "x.txt"
    f.write_text("12.1 Something")
    for call in (lambda: service.upload(MEMBER, [f], {}),
                 lambda: service.delete(MEMBER, "team-strategy"),
                 lambda: service.reingest(MEMBER, "team-strategy"),
                 lambda: service.draft(MEMBER, ["12.7.5"], "set a floor of $3,500")):
        with pytest.raises(NotAllowed, match="Only the bargaining team"):
            call()


def test_team_draft_never_reads_what_its_viewer_cannot_see(service):
    d = service.draft(TEAM, ["12.7.5"], "set a floor of $3,500")
    assert d.clauses[0].base_clause.doc_id == "scusd-proposal-article-12-2021-10-13"


def test_upload_saves_safely_and_catalogues(service, tmp_path):
    evil = tmp_path / "..%2F..%2Fetc-passwd.txt"
    evil.write_text("ARTICLE 3 LEAVE\n3.1 Bereavement leave is five (5) days.\n")
    report = service.upload(TEAM, [evil], {"doc_type": "tentative_agreement", "date": "2024-05",
                                           "visibility": "member", "title": "TA on leave"})
    assert report.count("added") == 1
    saved = service.settings.corpus_dir / "uploads"
    assert [p.name for p in saved.iterdir() if p.suffix == ".txt"] == [safe_name(evil.name)]
    assert safe_name("../../etc/passwd") == "passwd" and safe_name("a\\..\\b.pdf") == "b.pdf"
    doc = [md for md in service.documents(MEMBER).values() if md["title"] == "TA on leave"][0]
    assert doc["doc_type"] == "tentative_agreement" and doc["date_text"] == "2024-05"
    with pytest.raises(ConfigError, match="at least one file"):
        service.upload(OWNER, [], {})
    with pytest.raises(ConfigError, match="doc_type 'memo'"):
        service.upload(TEAM, [evil], {"doc_type": "memo"})
    service.delete(TEAM, doc["doc_id"])
    assert doc["doc_id"] not in service.documents(TEAM)


def test_an_upload_never_overwrites_a_different_file_of_the_same_name(service, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "ta.txt", tmp_path / "b" / "ta.txt"
    first.write_text("ARTICLE 3 LEAVE\n3.1 Bereavement leave is five (5) days.\n")
    second.write_text("ARTICLE 4 HOURS\n4.1 The workday is seven (7) hours.\n")
    service.upload(TEAM, [first], {})
    service.upload(TEAM, [second], {})
    service.upload(TEAM, [second], {})  # the same bytes again: no third copy
    saved = service.settings.corpus_dir / "uploads"
    assert sorted(p.name for p in saved.glob("*.txt")) == ["ta-2.txt", "ta.txt"]
    assert "five (5) days" in (saved / "ta.txt").read_text()
